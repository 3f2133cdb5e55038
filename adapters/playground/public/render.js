// Rendering of messages and issue cards. Everything goes through textContent; mentions come from the
// structured list the server sends, never from the message text.

const COLOURS = { green: "绿色", yellow: "黄色", orange: "橙色", red: "红色" };

export function element(tag, className, text) {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

function button(className, text, label, onClick) {
	const node = element("button", className, text);
	node.type = "button";
	if (label) node.setAttribute("aria-label", label);
	node.addEventListener("click", onClick);
	return node;
}

export function formatTime(iso, withDate) {
	const options = {
		timeZone: "Asia/Shanghai",
		hour: "2-digit",
		minute: "2-digit",
		hour12: false,
	};
	if (withDate)
		Object.assign(options, {
			year: "numeric",
			month: "2-digit",
			day: "2-digit",
		});
	return new Date(iso).toLocaleString("zh-CN", options);
}

/**
 * One message as a list item. `me` is the viewer's id; the handlers are the reply, resend and card
 * action buttons.
 */
export function renderMessage(message, { me, onReply, onResend, onAction }) {
	const item = element("li", "message");
	item.dataset.id = message.id;
	item.dataset.author = message.author.externalId;
	if (message.author.isBot) item.classList.add("bot");
	if (message.author.externalId === me) item.classList.add("mine");
	item.setAttribute("aria-label", `${message.author.name} 的消息`);

	const head = element("div", "message-head");
	head.append(element("span", "author", message.author.name));
	if (message.author.isBot)
		head.append(element("span", "role bot-badge", "机器人"));
	else if (message.author.roleLabel)
		head.append(element("span", "role", message.author.roleLabel));
	const time = element("time", "time", formatTime(message.sentAt, false));
	time.dateTime = message.sentAt;
	head.append(time);

	const bubble = element("div", "bubble");
	if (message.replyTo) {
		const quote = element("blockquote", "quote");
		if (message.replyTo.authorName)
			quote.append(
				element("span", "quote-author", `${message.replyTo.authorName}：`),
			);
		quote.append(
			document.createTextNode(message.replyTo.quotedText ?? "（原消息）"),
		);
		bubble.append(quote);
	}
	const text = element("p", "text");
	for (const mention of message.mentions) {
		const chip = element("mark", "mention", `@${mention.name}`);
		chip.dataset.mentionId = mention.externalId;
		if (mention.externalId === me) chip.classList.add("me");
		text.append(chip, document.createTextNode(" "));
	}
	text.append(document.createTextNode(message.text));
	bubble.append(text);
	if (message.card) bubble.append(renderCard(message.card, onAction));

	const foot = element("div", "message-foot");
	if (message.editedAt) foot.append(element("span", "flag", "已更新"));
	if (message.undelivered) {
		foot.append(element("span", "flag warn", "未送达机器人"));
		if (message.clientMessageId && message.author.externalId === me) {
			foot.append(
				button("link", "重新发送", undefined, () => onResend(message)),
			);
		}
	}
	foot.append(
		button("link", "回复", `回复 ${message.author.name}`, () =>
			onReply(message),
		),
	);

	item.append(head, bubble, foot);
	return item;
}

export function renderCard(card, onAction) {
	const section = element("section", `card card-${card.colour}`);
	section.setAttribute("aria-label", `事项 ${card.issueNumber}`);
	const head = element("div", "card-head");
	const dot = element("span", `dot dot-${card.colour}`);
	dot.setAttribute("role", "img");
	dot.setAttribute("aria-label", COLOURS[card.colour] ?? card.colour);
	head.append(
		dot,
		element("span", "card-number", card.issueNumber),
		element("span", "card-state", card.stateLabel),
	);
	section.append(head, element("p", "card-title", card.title));

	const facts = element("dl", "card-facts");
	const fact = (term, value) => {
		if (value) facts.append(element("dt", "", term), element("dd", "", value));
	};
	fact("类别", card.category);
	fact("牵头单位", card.leadDepartment);
	fact("办结时限", card.dueAt ? formatTime(card.dueAt, true) : undefined);
	if (facts.children.length > 0) section.append(facts);

	if (card.actions.length > 0) {
		const actions = element("div", "card-actions");
		for (const action of card.actions) {
			const node = button("action", action.label, undefined, () =>
				onAction(action),
			);
			node.title = action.command;
			actions.append(node);
		}
		section.append(actions);
	}
	return section;
}

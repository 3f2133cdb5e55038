// The playground page: pick who you are and a group, chat, and watch the bot answer live.
import { element, renderMessage } from "./render.js";

const ERRORS = {
	unknown_person: "请先在上方选择“我是谁”。",
	unknown_group: "这个工作群不存在了，请刷新页面。",
	empty_text: "消息不能为空。",
	text_too_long: "消息太长了，最多 10000 字。",
	unknown_mention: "要提及的人不在名录中。",
	unknown_reply: "要回复的消息已不在最近记录中。",
	not_started: "机器人还没有启动，请稍后再试。",
	bot_unavailable: "机器人暂时无法接收消息，请稍后点“重新发送”。",
	not_your_chat: "这是别人的私信，请先在上方把身份换成本人。",
};
const NO_MESSAGES = "还没有消息，说点什么吧。";
const GROUP_KINDS = { work: "工作群", leaders: "领导群" };

const $ = (id) => document.getElementById(id);
const view = {
	me: $("me"),
	groups: $("groups"),
	direct: $("direct"),
	title: $("group-title"),
	note: $("group-note"),
	messages: $("messages"),
	composer: $("composer"),
	text: $("text"),
	status: $("status"),
	replyPreview: $("reply-preview"),
	replyQuote: $("reply-quote"),
	chosen: $("chosen-mentions"),
	picker: $("mention-picker"),
	pickerButton: $("mention-button"),
	filter: $("mention-filter"),
	options: $("mention-options"),
};

const state = {
	bot: { externalId: "", name: "" },
	people: [],
	groups: [],
	conversationId: "",
	events: undefined,
	replyTo: undefined,
	mentions: [],
};

function personLabel(person) {
	const details = [person.organisation, person.title]
		.filter(Boolean)
		.join(" · ");
	return details ? `${person.name}（${details}）` : person.name;
}

// --- who am I ---

function renderPeople() {
	const byRole = new Map();
	for (const person of state.people) {
		if (!byRole.has(person.roleLabel)) byRole.set(person.roleLabel, []);
		byRole.get(person.roleLabel).push(person);
	}
	for (const [roleLabel, people] of byRole) {
		const group = element("optgroup");
		group.label = roleLabel;
		for (const person of people) {
			const option = element("option", "", personLabel(person));
			option.value = person.externalId;
			group.append(option);
		}
		view.me.append(group);
	}
	const saved = localStorage.getItem("playground.me");
	if (saved && state.people.some((person) => person.externalId === saved))
		view.me.value = saved;
}

view.me.addEventListener("change", async () => {
	localStorage.setItem("playground.me", view.me.value);
	renderGroups();
	// A direct chat belongs to one person: follow the new identity to their own.
	if (isDirect(state.conversationId)) {
		if (view.me.value) openConversation(view.me.value);
		else closeConversation();
	} else if (state.conversationId) await loadHistory(state.conversationId);
});

/** A direct chat's id is its person's id (the bot writes leaders' pings and login links there). */
function isDirect(conversationId) {
	return state.people.some((person) => person.externalId === conversationId);
}

// --- groups and messages ---

function renderGroups() {
	view.groups.replaceChildren();
	for (const group of state.groups) {
		const button = element("button", "group");
		button.type = "button";
		button.append(
			element("span", "group-name", group.name),
			element("span", "group-kind", GROUP_KINDS[group.kind]),
		);
		button.setAttribute("aria-label", group.name);
		if (group.conversationId === state.conversationId)
			button.setAttribute("aria-current", "true");
		button.addEventListener("click", () =>
			openConversation(group.conversationId),
		);
		const item = element("li");
		item.append(button);
		view.groups.append(item);
	}
	renderDirect();
}

function renderDirect() {
	view.direct.replaceChildren();
	const me = view.me.value;
	const button = element("button", "group");
	button.type = "button";
	button.disabled = !me;
	button.append(
		element("span", "group-name", state.bot.name),
		element("span", "group-kind", me ? "我的私信" : "先选择身份"),
	);
	button.setAttribute("aria-label", `与${state.bot.name}的私信`);
	if (me && state.conversationId === me)
		button.setAttribute("aria-current", "true");
	button.addEventListener("click", () => openConversation(me));
	const item = element("li");
	item.append(button);
	view.direct.append(item);
}

function openConversation(conversationId) {
	const group = state.groups.find(
		(candidate) => candidate.conversationId === conversationId,
	);
	const person = group
		? undefined
		: state.people.find((candidate) => candidate.externalId === conversationId);
	if (!group && !person) return;
	state.conversationId = conversationId;
	history.replaceState(null, "", `#${encodeURIComponent(conversationId)}`);
	if (group) {
		view.title.textContent = group.name;
		view.note.textContent = `${GROUP_KINDS[group.kind]} · ${state.bot.name} 在群里`;
	} else {
		view.title.textContent = `与${state.bot.name}的私信`;
		view.note.textContent = `${person.name} · 领导提醒、待办和控制台登录链接在这里`;
	}
	setReply(undefined);
	renderGroups();
	view.messages.replaceChildren();
	state.events?.close();
	// Subscribe first, then load the history, so nothing posted in between is missed.
	const events = new EventSource(
		`api/events?conversation=${encodeURIComponent(conversationId)}`,
	);
	state.events = events;
	events.addEventListener("open", () => loadHistory(conversationId));
	events.addEventListener("message", (event) =>
		showMessage(JSON.parse(event.data)),
	);
	events.addEventListener("update", (event) =>
		showMessage(JSON.parse(event.data)),
	);
}

function closeConversation() {
	state.events?.close();
	state.conversationId = "";
	history.replaceState(null, "", location.pathname);
	view.title.textContent = "请选择一个工作群";
	view.note.textContent = "";
	view.messages.replaceChildren();
	renderGroups();
}

async function loadHistory(conversationId) {
	const response = await fetch(
		`api/conversations/${encodeURIComponent(conversationId)}/messages`,
	);
	if (!response.ok || conversationId !== state.conversationId) return;
	const { messages } = await response.json();
	for (const message of messages) showMessage(message);
	if (view.messages.children.length === 0)
		view.status.textContent = NO_MESSAGES;
}

const handlers = {
	onReply: (message) => setReply(message),
	onResend: (message) =>
		send({
			authorId: message.author.externalId,
			text: message.text,
			clientMessageId: message.clientMessageId,
		}),
	onAction: (action) => {
		view.text.value = action.command;
		view.text.focus();
	},
};

function showMessage(message) {
	if (message.conversationId !== state.conversationId) return;
	const list = view.messages;
	const nearBottom =
		list.scrollHeight - list.scrollTop - list.clientHeight < 80;
	const item = renderMessage(message, { me: view.me.value, ...handlers });
	const existing = list.querySelector(`[data-id="${CSS.escape(message.id)}"]`);
	if (existing) existing.replaceWith(item);
	else list.append(item);
	if (view.status.textContent === NO_MESSAGES) view.status.textContent = "";
	if (nearBottom || message.author.externalId === view.me.value)
		item.scrollIntoView({ block: "end" });
}

// --- composer ---

function setReply(message) {
	state.replyTo = message;
	view.replyPreview.hidden = !message;
	view.replyQuote.textContent = message
		? `${message.author.name}：${message.text}`
		: "";
	if (message) view.text.focus();
}

function renderChosenMentions() {
	view.chosen.replaceChildren();
	for (const mention of state.mentions) {
		const chip = element("li", "mention chosen", `@${mention.name}`);
		const remove = element("button", "icon", "×");
		remove.type = "button";
		remove.setAttribute("aria-label", `移除提及 ${mention.name}`);
		remove.addEventListener("click", () => {
			state.mentions = state.mentions.filter(
				(kept) => kept.externalId !== mention.externalId,
			);
			renderChosenMentions();
		});
		chip.append(remove);
		view.chosen.append(chip);
	}
}

function renderPicker() {
	const filter = view.filter.value.trim();
	const everyone = [
		{
			externalId: state.bot.externalId,
			name: state.bot.name,
			roleLabel: "机器人",
		},
		...state.people,
	];
	view.options.replaceChildren();
	for (const person of everyone) {
		if (person.externalId === view.me.value) continue;
		if (
			state.mentions.some((mention) => mention.externalId === person.externalId)
		)
			continue;
		if (
			filter &&
			!`${person.name}${person.organisation ?? ""}${person.roleLabel}`.includes(
				filter,
			)
		)
			continue;
		const button = element("button", "option");
		button.type = "button";
		button.setAttribute("aria-label", `提及 ${person.name}`);
		button.append(
			element("span", "", person.name),
			element("small", "", person.organisation ?? person.roleLabel),
		);
		button.addEventListener("click", () => {
			state.mentions.push({ externalId: person.externalId, name: person.name });
			renderChosenMentions();
			togglePicker(false);
			view.text.focus();
		});
		const item = element("li");
		item.append(button);
		view.options.append(item);
	}
}

function togglePicker(open) {
	view.picker.hidden = !open;
	view.pickerButton.setAttribute("aria-expanded", String(open));
	if (open) {
		view.filter.value = "";
		renderPicker();
		view.filter.focus();
	}
}

view.pickerButton.addEventListener("click", () =>
	togglePicker(view.picker.hidden),
);
view.filter.addEventListener("input", renderPicker);
view.picker.addEventListener("keydown", (event) => {
	if (event.key === "Escape") togglePicker(false);
});
$("reply-cancel").addEventListener("click", () => setReply(undefined));

view.text.addEventListener("keydown", (event) => {
	// Enter while an input method is composing Chinese picks a candidate; it must not send.
	if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
		event.preventDefault();
		view.composer.requestSubmit();
	}
});

function newClientMessageId() {
	return (
		globalThis.crypto?.randomUUID?.() ??
		`${Date.now()}-${Math.random().toString(36).slice(2)}`
	);
}

/** Posts a message; a network failure is retried once with the same key, which the server treats as one message. */
async function send(body) {
	const request = () =>
		fetch(
			`api/conversations/${encodeURIComponent(state.conversationId)}/messages`,
			{
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify(body),
			},
		);
	let response;
	try {
		response = await request().catch(() =>
			new Promise((resolve) => setTimeout(resolve, 1000)).then(request),
		);
	} catch {
		view.status.textContent = "网络连接失败，请稍后再试。";
		return false;
	}
	if (!response.ok) {
		const { error } = await response.json().catch(() => ({ error: {} }));
		view.status.textContent =
			ERRORS[error?.code] ?? `发送失败：${error?.message ?? response.status}`;
		return false;
	}
	view.status.textContent = "";
	return true;
}

view.composer.addEventListener("submit", async (event) => {
	event.preventDefault();
	let problem = "";
	if (!state.conversationId) problem = "请先在左侧选择一个工作群或私信。";
	else if (!view.me.value) problem = ERRORS.unknown_person;
	else if (!view.text.value.trim()) problem = ERRORS.empty_text;
	if (problem) {
		view.status.textContent = problem;
		return;
	}
	const sent = await send({
		authorId: view.me.value,
		text: view.text.value,
		mentionIds: state.mentions.map((mention) => mention.externalId),
		clientMessageId: newClientMessageId(),
		...(state.replyTo ? { replyToMessageId: state.replyTo.id } : {}),
	});
	if (!sent) return;
	view.text.value = "";
	state.mentions = [];
	renderChosenMentions();
	setReply(undefined);
});

// --- the demo clock (demo mode only: the server writes its button into the page) ---

const demoClock = {
	time: document.getElementById("demo-clock-time"),
	advance: document.getElementById("demo-clock-advance"),
};
/** The bot's time as the server says it now (another tab may have moved it). */
async function showDemoTime() {
	const response = await fetch("api/demo-clock");
	if (response.ok) demoClock.time.textContent = (await response.json()).text;
}
if (demoClock.time) {
	showDemoTime().catch(() => {});
	setInterval(() => showDemoTime().catch(() => {}), 5000);
}
demoClock.advance?.addEventListener("click", async () => {
	demoClock.advance.disabled = true;
	try {
		const response = await fetch("api/demo-clock/advance", {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: "{}",
		});
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		const shown = await response.json();
		demoClock.time.textContent = shown.text;
	} catch (error) {
		view.status.textContent = error.message;
	} finally {
		demoClock.advance.disabled = false;
	}
});

// --- start ---

async function start() {
	const response = await fetch("api/state");
	const { bot, people, groups } = await response.json();
	Object.assign(state, { bot, people, groups });
	renderPeople();
	renderGroups();
	const wanted = decodeURIComponent(location.hash.slice(1));
	if (
		groups.some((group) => group.conversationId === wanted) ||
		(wanted && wanted === view.me.value)
	)
		openConversation(wanted);
}

start().catch((error) => {
	view.status.textContent = `页面加载失败：${error.message}`;
});

/**
 * Slack's message markup ("mrkdwn" control sequences): `<@U…>`, `<@U…|name>`, `<#C…|general>`,
 * `<!subteam^S…|@group>`, `<!here>`, `<https://…|label>`, and the three escapes `&amp; &lt; &gt;`.
 * Inbound it becomes plain text plus structured mentions; outbound, text is escaped so a user's
 * "<" can never turn into a mention.
 */
import type { Mention } from "../../bot/messages.ts";

export interface PlainText {
	text: string;
	mentions: Mention[];
}

const TOKEN = /<([^<>]*)>/g;

function unescapeEntities(text: string): string {
	return text
		.replace(/&lt;/g, "<")
		.replace(/&gt;/g, ">")
		.replace(/&amp;/g, "&");
}

export function escapeSlackText(text: string): string {
	return text
		.replace(/&/g, "&amp;")
		.replace(/</g, "&lt;")
		.replace(/>/g, "&gt;");
}

/**
 * `<@U1>` without a label reads as "@U1" and its mention carries "U1" as its shown name, so a typed
 * "@U1" pairs with its mention the way "@张三" does on WeChat. The bot's own mention disappears.
 */
export function parseSlackMarkup(
	markup: string,
	options: { botUserId?: string } = {},
): PlainText {
	const mentions: Mention[] = [];
	const seen = new Set<string>();
	const mention = (externalId: string, kind: Mention["kind"], name: string) => {
		if (seen.has(externalId)) return;
		seen.add(externalId);
		mentions.push({ externalId, kind, displayName: name });
	};

	const token = (inner: string): string => {
		const bar = inner.indexOf("|");
		const target = bar < 0 ? inner : inner.slice(0, bar);
		const label = bar < 0 ? undefined : unescapeEntities(inner.slice(bar + 1));
		if (target.startsWith("@")) {
			const id = target.slice(1);
			if (id === options.botUserId) return " ";
			const name = label?.replace(/^@/, "") || id;
			mention(id, "user", name);
			return `@${name}`;
		}
		if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
		if (target.startsWith("!subteam^")) {
			const id = target.slice("!subteam^".length);
			const name = label?.replace(/^@/, "") || id;
			mention(id, "user_group", name);
			return `@${name}`;
		}
		if (target.startsWith("!")) {
			// <!here>, <!channel>, <!everyone>, <!date^…|fallback>
			return label ?? `@${target.slice(1).split("^")[0]}`;
		}
		const url = unescapeEntities(target);
		const shown = url.replace(/^mailto:/, "");
		return label && label !== shown ? `${label} (${shown})` : shown;
	};

	let plain = "";
	let last = 0;
	for (const match of markup.matchAll(TOKEN)) {
		plain +=
			unescapeEntities(markup.slice(last, match.index)) + token(match[1] ?? "");
		last = match.index + match[0].length;
	}
	plain += unescapeEntities(markup.slice(last));
	const text = plain
		.replace(/[^\S\n]{2,}/g, " ")
		.replace(/[^\S\n]+\n/g, "\n")
		.replace(/\n[^\S\n]+/g, "\n")
		.trim();
	return { text, mentions };
}

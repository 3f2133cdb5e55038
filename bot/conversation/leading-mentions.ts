import type { Mention } from "../messages.ts";

/** What a client puts after a mention's name: WeChat's U+2005, a space, or the end. */
const AFTER_NAME = /^(?:[\s\u2005]+|$)/;

/**
 * "@徐涛 #12 转办 原因" → "#12 转办 原因". A WeChat client inserts a mention where the cursor is, often
 * first. The mentions themselves are data (`message.mentions`) and stay there; only the rendered names
 * of those mentions in front of the text are dropped, so a command can be read from its issue number.
 */
export function withoutLeadingMentions(
	text: string,
	mentions: readonly Mention[],
): string {
	const names = [
		...new Set(mentions.flatMap((m) => (m.displayName ? [m.displayName] : []))),
	].sort((a, b) => b.length - a.length);
	let rest = text.trimStart();
	for (;;) {
		if (rest[0] !== "@" && rest[0] !== "＠") return rest;
		const name = names.find(
			(n) => rest.startsWith(n, 1) && AFTER_NAME.test(rest.slice(1 + n.length)),
		);
		if (name === undefined) return rest;
		rest = rest.slice(1 + name.length).replace(AFTER_NAME, "");
	}
}

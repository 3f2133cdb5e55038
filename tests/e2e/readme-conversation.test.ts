/**
 * README's group conversation is what the bot really says: the block under "A conversation" is
 * replayed on the playground with the demo directory, line by line, and every bot line must match
 * what the bot said in the group or in a direct message (issue numbers and dates aside, which move
 * with the day the test runs).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PLAYGROUND_BOT } from "../../adapters/playground/index.ts";
import type { PlaygroundMessage } from "../../adapters/playground/types.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { postAndHandle } from "../support/playground-api.ts";
import { outboxSettled } from "../support/wait.ts";

const GROUP = "demo-industry";
const BOT_NAME = "亲清助手";
/** The speakers of the README's block (db/seeds/sanyuan.yaml). */
const PEOPLE: Record<string, string> = {
	陈国栋: "chen-guodong",
	王强: "wang-qiang",
};

interface Line {
	speaker: string;
	/** The line quotes the bot's last message in the group. */
	quoting: boolean;
	/** Said in a direct chat: the bot's to this person, or a person's to the bot. */
	directTo: string | null;
	text: string;
}

/**
 * `陈国栋：…` in the group, `王强（引用）：…` quoting the bot's last message there, and direct messages
 * both ways: `亲清助手 → 陈国栋（私信）：…`, `陈国栋 → 亲清助手（私信）：…`.
 */
function readmeConversation(readme: string): Line[] {
	const block = readme.match(
		/<!-- conversation -->\n```text\n([\s\S]*?)```/,
	)?.[1];
	if (!block) throw new Error("README has no conversation block");
	const lines: Line[] = [];
	for (const raw of block.split("\n")) {
		const match = raw.match(/^(\S+?)(?: → (\S+?)（私信）)?(（引用）)?：(.*)$/);
		if (match) {
			const [, speaker = "", directTo, quoting, text = ""] = match;
			lines.push({
				speaker,
				directTo: directTo ?? null,
				quoting: !!quoting,
				text,
			});
		} else if (raw.startsWith("  ") && lines.length > 0) {
			const last = lines[lines.length - 1] as Line;
			last.text += `\n${raw.slice(2)}`;
		}
	}
	return lines;
}

/** Issue numbers, dates and times change with the day the test runs. */
function masked(text: string): string {
	return text
		.replace(/\d{4}-\d{6}/g, "N")
		.replace(/#\d+/g, "#n")
		.replace(/\d{4}年/g, "Y年")
		.replace(/\d{1,2}月\d{1,2}日/g, "M月D日")
		.replace(/（周.）/g, "（周W）")
		.replace(/\d{1,2}:\d{2}/g, "h:m")
		.trim();
}

/** A bot line as compared: where it went (the group, or a person's direct chat) and its masked text. */
function asSaid(directTo: string | null, text: string): string {
	return `${directTo ? `私信 ${directTo}` : "群"}：${masked(text)}`;
}

describe("README's conversation on the playground [postgres]", () => {
	let bot: TestBot;
	const api = (conversation: string) =>
		`${bot.url}/playground/api/conversations/${conversation}/messages`;

	beforeAll(async () => {
		bot = await startTestBot({ driver: "postgres", env: { PLAYGROUND: "on" } });
	});
	afterAll(async () => {
		await bot?.close();
	});

	const settle = () => outboxSettled(bot.db);
	const messages = async (conversation: string) =>
		(
			(await (await fetch(api(conversation))).json()) as {
				messages: PlaygroundMessage[];
			}
		).messages;
	const fromBot = (m: PlaygroundMessage) =>
		m.author.externalId === DEFAULT_PLAYGROUND_BOT.externalId;
	const shown = (m: PlaygroundMessage) => {
		const mentions = m.mentions
			.map((mention) => `@${mention.name}`)
			.filter((at) => !m.text.includes(at));
		return [...mentions, m.text].join(" ");
	};

	it("says exactly what README shows", async () => {
		const script = readmeConversation(
			readFileSync(new URL("../../README.md", import.meta.url), "utf8"),
		);
		expect(script.length).toBeGreaterThan(4);
		const said: string[] = [];
		const expected: string[] = [];
		const seen = new Map<string, number>();
		const newBotLines = async (conversation: string, to: string | null) => {
			const bots = (await messages(conversation)).filter(fromBot);
			const fresh = bots.slice(seen.get(conversation) ?? 0);
			seen.set(conversation, bots.length);
			return fresh.map((m) => asSaid(to, shown(m)));
		};
		for (const line of script) {
			if (line.speaker === BOT_NAME) {
				expected.push(asSaid(line.directTo, line.text));
				continue;
			}
			const authorId = PEOPLE[line.speaker];
			if (!authorId)
				throw new Error(`README names an unknown speaker ${line.speaker}`);
			const conversation = line.directTo === BOT_NAME ? authorId : GROUP;
			const lastBot = (await messages(conversation)).filter(fromBot).at(-1);
			await postAndHandle(bot, conversation, {
				authorId,
				text: line.text,
				...(line.quoting && lastBot ? { replyToMessageId: lastBot.id } : {}),
			});
			await settle();
			said.push(...(await newBotLines(GROUP, null)));
			for (const [name, person] of Object.entries(PEOPLE))
				said.push(...(await newBotLines(person, name)));
		}
		expect(said.join("\n\n")).toBe(expected.join("\n\n"));
	});
});

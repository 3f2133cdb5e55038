/** Speaking in the playground through its HTTP API, as the page does, and waiting for the bot. */
import { expect } from "vitest";
import type { TestBot } from "./bot-harness.ts";
import { waitFor } from "./wait.ts";

export interface PlaygroundPost {
	authorId: string;
	text: string;
	/** The message this one quotes (the playground's reply). */
	replyToMessageId?: string;
}

/** Posts a message to a playground conversation and returns its id once the bot has handled it. */
export async function postAndHandle(
	bot: TestBot,
	conversation: string,
	post: PlaygroundPost,
): Promise<string> {
	const response = await fetch(
		`${bot.url}/playground/api/conversations/${conversation}/messages`,
		{
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify(post),
		},
	);
	expect(response.status).toBe(200);
	const { messageId } = (await response.json()) as { messageId: string };
	await waitFor(
		async () => (await bot.recorded(messageId)).outcome ?? undefined,
		`message ${messageId} handled`,
	);
	return messageId;
}

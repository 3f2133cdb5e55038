import { randomUUID } from "node:crypto";
import type { PlaygroundMessage } from "../../adapters/playground/types.ts";
import { type AdapterHarness, runAdapterContract } from "./contract.ts";
import {
	people,
	postMessage,
	startPlaygroundServer,
} from "./playground-fixture.ts";

const conversationId = "pg-group-industry";

function user(externalId: string) {
	const person = people.find(
		(candidate) => candidate.externalId === externalId,
	);
	if (!person) throw new Error(`no ${externalId} in the fixture`);
	return { externalId, displayName: person.name };
}

/** Drives the playground from outside, over HTTP, as the page does. */
async function makeHarness(): Promise<AdapterHarness> {
	const server = await startPlaygroundServer({ start: false });
	let last: Record<string, unknown> | undefined;

	async function post(body: Record<string, unknown>) {
		const posted = await postMessage(server, conversationId, body);
		if (posted.status !== 200)
			throw new Error(`post refused: ${JSON.stringify(posted.body)}`);
	}

	return {
		adapter: server.adapter,
		// The playground is ready as soon as it is started: there is nothing to log into.
		ready: async () => {},
		conversationId,
		userA: user("E-zhangwei"),
		userB: user("O-wangfang"),
		async postAs(author, text, opts = {}) {
			last = {
				authorId: author.externalId,
				text,
				mentionIds: (opts.mentions ?? []).map(
					(mentioned) => mentioned.externalId,
				),
				clientMessageId: randomUUID(),
			};
			await post(last);
		},
		async postAsBot(text) {
			// The bot's account speaks in the playground only through the adapter.
			await server.adapter.send({
				platform: "playground",
				conversationId,
				text,
				mentions: [],
			});
		},
		async redeliverLast() {
			if (!last) throw new Error("nothing posted yet");
			// The page retries with the same key; the playground hands the same message to the bot again.
			await post(last);
		},
		async sent() {
			const response = await fetch(
				`${server.baseUrl}/api/conversations/${conversationId}/messages`,
			);
			const { messages } = (await response.json()) as {
				messages: PlaygroundMessage[];
			};
			return messages
				.filter((message) => message.author.isBot)
				.map((message) => ({
					text: message.text,
					mentionedIds: message.mentions.map((mention) => mention.externalId),
					conversationId: message.conversationId,
					...(message.card
						? { buttons: message.card.actions.map((action) => action.label) }
						: {}),
				}));
		},
		close: () => server.close(),
	};
}

runAdapterContract("playground", makeHarness);

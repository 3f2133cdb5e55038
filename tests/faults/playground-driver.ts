/**
 * The playground group of a bot in a child process, as a ChatDriver. The playground keeps its
 * history in the bot's memory, which a SIGKILL loses, so what the bot says is polled every 100 ms
 * and kept here by message id (a message sent in the last 100 ms before a kill may be missed).
 */
import { PLAYGROUND_GROUP } from "./fast-directory.ts";
import type { ChatDriver } from "./scenario.ts";

interface Shown {
	id: string;
	author: { isBot: boolean };
	text: string;
}

export interface PlaygroundDriver extends ChatDriver {
	stop(): void;
}

export function createPlaygroundDriver(url: () => string): PlaygroundDriver {
	const said = new Map<string, string>();
	const endpoint = () =>
		`${url()}/playground/api/conversations/${PLAYGROUND_GROUP}/messages`;
	const poll = async () => {
		try {
			const response = await fetch(endpoint());
			const { messages } = (await response.json()) as { messages: Shown[] };
			for (const m of messages) if (m.author.isBot) said.set(m.id, m.text);
		} catch {
			// The bot is away (killed, restarting): the next poll catches up.
		}
	};
	let polling = true;
	const loop = async () => {
		while (polling) {
			await poll();
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	};
	void loop();
	return {
		platform: "playground",
		async say(authorId, text) {
			// The bot may be restarting: keep trying, as a person would press send again.
			const until = Date.now() + 60_000;
			for (;;) {
				try {
					const response = await fetch(endpoint(), {
						method: "POST",
						headers: { "content-type": "application/json" },
						body: JSON.stringify({ authorId, text }),
					});
					const body = (await response.json()) as { messageId?: string };
					if (response.ok && body.messageId) return body.messageId;
					if (Date.now() > until)
						throw new Error(`playground refused: ${JSON.stringify(body)}`);
				} catch (error) {
					if (Date.now() > until) throw error;
				}
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		},
		async botSaid() {
			await poll();
			return [...said.values()];
		},
		stop() {
			polling = false;
		},
	};
}

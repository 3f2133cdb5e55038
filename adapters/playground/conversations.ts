/**
 * What a playground conversation id names: a group of the directory, or a person's direct chat with
 * the bot. A direct chat's id is the person's own id — the id the bot sends a direct message to.
 */
import type { PlaygroundGroup, PlaygroundPerson } from "./types.ts";

export type PlaygroundConversation =
	| { kind: "group"; group: PlaygroundGroup }
	| { kind: "direct"; person: PlaygroundPerson };

export function findConversation(
	conversationId: string,
	groups: readonly PlaygroundGroup[],
	people: readonly PlaygroundPerson[],
): PlaygroundConversation | null {
	const group = groups.find((g) => g.conversationId === conversationId);
	if (group) return { kind: "group", group };
	const person = people.find((p) => p.externalId === conversationId);
	return person ? { kind: "direct", person } : null;
}

import { randomBytes } from "node:crypto";
import type { PlaygroundEvent, PlaygroundMessage } from "./types.ts";

export type HistoryListener = (event: PlaygroundEvent) => void;

/** A message id the playground mints once; a redelivery carries the same id. No `:` (BullMQ job ids). */
export function mintMessageId(now: Date = new Date()): string {
	return `pg-${now.getTime()}-${randomBytes(4).toString("hex")}`;
}

/**
 * The screen's memory: the last `limit` messages of each conversation, and who is watching it.
 * Every change is pushed to the conversation's listeners.
 */
export function createHistory(limit: number) {
	const conversations = new Map<string, PlaygroundMessage[]>();
	const listeners = new Map<string, Set<HistoryListener>>();

	function messagesOf(conversationId: string): PlaygroundMessage[] {
		let messages = conversations.get(conversationId);
		if (!messages) {
			messages = [];
			conversations.set(conversationId, messages);
		}
		return messages;
	}

	function emit(conversationId: string, event: PlaygroundEvent): void {
		for (const listener of listeners.get(conversationId) ?? []) listener(event);
	}

	return {
		list(conversationId: string): PlaygroundMessage[] {
			return [...(conversations.get(conversationId) ?? [])];
		},

		find(
			conversationId: string,
			messageId: string,
		): PlaygroundMessage | undefined {
			return conversations
				.get(conversationId)
				?.find((message) => message.id === messageId);
		},

		append(message: PlaygroundMessage): void {
			const messages = messagesOf(message.conversationId);
			messages.push(message);
			if (messages.length > limit) messages.splice(0, messages.length - limit);
			emit(message.conversationId, { type: "message", message });
		},

		/** Replaces a message kept in the history; false when it is not (or no longer) there. */
		update(message: PlaygroundMessage): boolean {
			const messages = conversations.get(message.conversationId);
			const index = messages?.findIndex((kept) => kept.id === message.id) ?? -1;
			if (!messages || index < 0) return false;
			messages[index] = message;
			emit(message.conversationId, { type: "update", message });
			return true;
		},

		subscribe(conversationId: string, listener: HistoryListener): () => void {
			let set = listeners.get(conversationId);
			if (!set) {
				set = new Set();
				listeners.set(conversationId, set);
			}
			set.add(listener);
			return () => {
				set.delete(listener);
			};
		},
	};
}

export type History = ReturnType<typeof createHistory>;

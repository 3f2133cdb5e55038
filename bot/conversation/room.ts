/**
 * Who reads the conversation a message came from. A work group is shared by the enterprises of a
 * service office, so what one enterprise or department may read is not said there unless the group
 * raised it itself; a direct chat and the leaders' group are read by no enterprise.
 */
import type { Issue } from "../../db/schema/issues.ts";
import type { InboundMessage } from "../messages.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";

/** True unless the conversation is a direct chat or the leaders' group (an unknown group counts as shared). */
export function enterprisesRead(
	directory: DirectorySnapshot,
	message: InboundMessage,
): boolean {
	if (message.direct) return false;
	const group = directory.groupByConversation(
		message.platform,
		message.conversationId,
	);
	return group?.kind !== "leaders";
}

/** The issue was raised in this very conversation: its members have read it already. */
export function raisedHere(issue: Issue, message: InboundMessage): boolean {
	return (
		issue.sourceChannel === message.platform &&
		issue.sourceConversationId === message.conversationId
	);
}

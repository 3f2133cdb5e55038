/**
 * The parts of a chat message the domain reads besides its text. The runtime's message types
 * (bot/messages.ts) are built from these, so adapters and the domain speak the same shapes.
 */

/** Someone mentioned in a message: a platform user, or a department's collective handle (Slack user group). */
export interface Mention {
	/** Platform user id (WeChat contact id, Slack U…/S…). */
	externalId: string;
	kind: "user" | "user_group";
	/** As shown on the platform, for rendering and logs only. */
	displayName?: string;
}

export interface Attachment {
	kind: "image" | "file" | "audio" | "video" | "sticker" | "link" | "other";
	name?: string;
}

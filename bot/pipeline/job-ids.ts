import type { Platform } from "../messages.ts";

/*
 * BullMQ job ids must not contain ":" and must not be bare integers (bullmq docs, guide/jobs/job-ids).
 * Platform message ids can contain anything (Slack "1712345678.000100", WeChat hex, ":" in puppets),
 * so they are base64url-encoded: reversible, collision-free, and only [A-Za-z0-9_-].
 */

export function inboundJobId(platform: Platform, messageId: string): string {
	return `in-${platform}-${Buffer.from(messageId, "utf8").toString("base64url")}`;
}

export function outboundJobId(outboxId: number): string {
	return `outbox-${outboxId}`;
}

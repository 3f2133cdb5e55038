/**
 * Inbound messages that failed every processing attempt stay in BullMQ's failed set (never
 * removed). An operator lists them and sends them through again once the cause is fixed:
 * `npm run inbound:redrive` (bot/cli/inbound-redrive.ts), or these functions from the console.
 */
import type { Queue } from "bullmq";
import type { InboundJobData } from "./inbound-queue.ts";

export interface FailedInbound {
	jobId: string;
	platform: string;
	conversationId: string;
	authorExternalId: string;
	text: string;
	sentAt: string;
	attempts: number;
	failedReason: string;
	failedAt: Date | null;
}

export async function listFailedInbound(
	queue: Queue<InboundJobData>,
	limit = 500,
): Promise<FailedInbound[]> {
	const jobs = await queue.getFailed(0, limit - 1);
	return jobs.map((job) => ({
		jobId: job.id ?? "",
		platform: job.data.platform,
		conversationId: job.data.conversationId,
		authorExternalId: job.data.author.externalId,
		text: job.data.text,
		sentAt: job.data.sentAt,
		attempts: job.attemptsMade,
		failedReason: job.failedReason,
		failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
	}));
}

/** Sends failed messages through again (all of them, or those ids); how many went back. */
export async function redriveFailedInbound(
	queue: Queue<InboundJobData>,
	jobIds?: readonly string[],
): Promise<number> {
	const failed = await queue.getFailed(0, -1);
	let redriven = 0;
	for (const job of failed) {
		if (jobIds && !jobIds.includes(job.id ?? "")) continue;
		await job.retry("failed", { resetAttemptsMade: true });
		redriven++;
	}
	return redriven;
}

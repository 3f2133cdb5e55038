/** The one wait helper of the tests, and the waits built on it. */
import type { Queue } from "bullmq";
import { and, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { outbox } from "../../db/schema/pipeline.ts";

export interface WaitOptions {
	/** Keep polling when `check` throws (a service a fault test has stopped); the last error is reported. */
	retryErrors?: boolean;
}

/**
 * Polls until `check` returns something other than undefined, null or false, and returns it. The
 * timeout is a hang guard, not an assertion.
 */
export async function waitFor<T>(
	check: () =>
		| Promise<T | undefined | null | false>
		| T
		| undefined
		| null
		| false,
	/** What is awaited, for the timeout's message (a function: read when the time is up). */
	what: string | (() => string),
	timeoutMs = 25_000,
	options: WaitOptions = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value !== undefined && value !== null && value !== false)
				return value;
		} catch (error) {
			if (!options.retryErrors) throw error;
			lastError = error;
		}
		if (Date.now() > deadline)
			throw new Error(
				`timed out waiting for ${typeof what === "function" ? what() : what}${lastError ? ` (${String(lastError)})` : ""}`,
			);
		await sleep(50);
	}
}

export const sleep = (ms: number) =>
	new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until every reply the bot wrote to the outbox is sent (or has failed for good). */
export async function outboxSettled(db: Db): Promise<void> {
	await waitFor(
		async () =>
			(
				await db
					.select({ id: outbox.id })
					.from(outbox)
					.where(and(isNull(outbox.sentAt), isNull(outbox.failedAt)))
					.limit(1)
			).length === 0,
		"every outbox row sent",
	);
}

/** Waits until a queue has nothing waiting, delayed or running. */
export async function drained(queue: Queue): Promise<void> {
	await waitFor(async () => {
		const counts = await queue.getJobCounts(
			"waiting",
			"delayed",
			"active",
			"prioritized",
		);
		return Object.values(counts).every((n) => n === 0);
	}, `queue ${queue.name} to drain`);
}

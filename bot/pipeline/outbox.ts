import { Queue } from "bullmq";
import type { DbOrTx } from "../../db/client.ts";
import { reusableStatement } from "../../db/driver-workarounds/reusable-statement.ts";
import { valuePlaceholders } from "../../db/driver-workarounds/value-placeholders.ts";
import { outbox } from "../../db/schema/index.ts";
import { flushDeferred, noteLeftForRelay } from "../../db/unit-of-work.ts";
import type { OutboundMessage } from "../messages.ts";
import { capabilitiesOf } from "../platform-capabilities.ts";
import { adaptOutbound } from "./outbound-adapt.ts";
import { DEFAULT_PREFIX, type RedisConnection } from "./redis.ts";

export const OUTBOUND_QUEUE = "outbound";

/** An outbound job carries the outbox row's id only; the worker reads the message from Postgres. */
export interface OutboundJobData {
	outboxId: number;
	/** The row's platform and conversation: one chat's jobs in one process take turns. */
	chat?: string;
	/** Re-added by the relay's reconcile after Redis lost the job: an earlier one may have sent it. */
	recovered?: boolean;
	/** When the send first found its WeChat room missing (ms since the epoch): it is waited for a while. */
	missingSince?: number;
}

export type OutboundQueue = Queue<OutboundJobData>;

export function createOutboundQueue(options: {
	connection: RedisConnection;
	prefix?: string;
}): OutboundQueue {
	return new Queue<OutboundJobData>(OUTBOUND_QUEUE, {
		connection: options.connection,
		prefix: options.prefix ?? DEFAULT_PREFIX,
	});
}

export interface OutboundRequest {
	/** Deterministic key of the event that causes this message (e.g. `issue-42-accepted-reply`): a replay adds nothing. */
	dedupeKey: string;
	message: OutboundMessage;
	issueId?: number | null;
}

/**
 * Promises a message, inside the caller's transaction: it is sent if and only if the transaction commits.
 * Returns the outbox id, or null when a message with this dedupe key was already promised.
 */
export async function enqueueOutbound(
	tx: DbOrTx,
	request: OutboundRequest,
): Promise<number | null> {
	// Answers the transaction deferred were promised first: they keep their place in the chat.
	await flushDeferred(tx);
	const [first, ...rest] = outboxRowsOf(request);
	if (!first) return null;
	const [row] = await insertOutbox(tx).execute(first);
	for (const directMessage of rest)
		await insertOutbox(tx).execute(directMessage);
	noteLeftForRelay(tx);
	return row?.id ?? null;
}

export type OutboxRowValues = {
	dedupeKey: string;
	platform: OutboundMessage["platform"];
	conversationId: string;
	issueId: number | null;
	message: OutboundMessage;
};

/**
 * The rows one promised message becomes on its platform: the message as the platform can show it,
 * then a direct message to each person it could not mention there.
 */
export function outboxRowsOf(request: OutboundRequest): OutboxRowValues[] {
	const { message, directMessages } = adaptOutbound(
		request.message,
		capabilitiesOf(request.message.platform),
	);
	const issueId = request.issueId ?? null;
	const row = (dedupeKey: string, m: OutboundMessage): OutboxRowValues => ({
		dedupeKey,
		platform: m.platform,
		conversationId: m.conversationId,
		issueId,
		message: m,
	});
	return [
		row(request.dedupeKey, message),
		...directMessages.map((dm) =>
			row(`${request.dedupeKey}-dm-${dm.externalId}`, dm.message),
		),
	];
}

const insertOutbox = reusableStatement((db) =>
	db
		.insert(outbox)
		.values(
			valuePlaceholders([
				"dedupeKey",
				"platform",
				"conversationId",
				"issueId",
				"message",
			]),
		)
		.onConflictDoNothing({ target: outbox.dedupeKey })
		.returning({ id: outbox.id })
		.prepare("enqueue_outbound"),
);

/**
 * Releases what quiet hours held: once the release time has come, one digest message per person
 * with every held line, written to the outbox and marked released in the same transaction.
 */
import { and, asc, inArray, isNull, lte } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
	type HeldNotification,
	heldNotifications,
} from "../../db/schema/escalation.ts";
import type { Platform } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import { LOCALES, type Locale } from "../texts/catalog.ts";
import { escalationText } from "../texts/escalation.ts";

const BATCH = 500;

interface HeldPayload {
	platform: Platform;
	conversationId: string;
	locale?: string;
}

/** Sends the digests due at `now`; returns how many digests were written. */
export async function releaseHeldNotifications(
	db: Db,
	now: Date,
	defaultLocale: Locale,
): Promise<number> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.select()
			.from(heldNotifications)
			.where(
				and(
					isNull(heldNotifications.releasedAt),
					lte(heldNotifications.releaseAt, now),
				),
			)
			.orderBy(asc(heldNotifications.personId), asc(heldNotifications.id))
			.limit(BATCH)
			.for("update", { skipLocked: true });
		if (rows.length === 0) return 0;
		const byPerson = new Map<number, HeldNotification[]>();
		for (const row of rows) {
			const list = byPerson.get(row.personId) ?? [];
			list.push(row);
			byPerson.set(row.personId, list);
		}
		for (const [personId, held] of byPerson) {
			const first = held[0];
			if (!first) continue;
			const payload = first.payload as HeldPayload;
			const locale = (LOCALES as readonly string[]).includes(
				payload.locale ?? "",
			)
				? (payload.locale as Locale)
				: defaultLocale;
			const text = [
				escalationText(locale, "digest_header", { count: held.length }),
				...held.map((row, i) => `${i + 1}. ${row.line}`),
			].join("\n");
			await enqueueOutbound(tx, {
				dedupeKey: `digest-p${personId}-h${first.id}`,
				issueId: null,
				message: {
					platform: payload.platform,
					conversationId: payload.conversationId,
					text,
					mentions: [],
				},
			});
		}
		await tx
			.update(heldNotifications)
			.set({ releasedAt: now })
			.where(
				inArray(
					heldNotifications.id,
					rows.map((row) => row.id),
				),
			);
		return byPerson.size;
	});
}

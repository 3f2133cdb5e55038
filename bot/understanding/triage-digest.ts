/**
 * The office hears of messages waiting on its triage list by direct message — at most one digest per
 * office per `intake.triageDigestMinutes`, never in a group and never per message.
 */
import { and, asc, eq, inArray, isNull, max } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
	enterprises,
	PLATFORMS,
	type Platform,
} from "../../db/schema/directory.ts";
import { intakeCandidates } from "../../db/schema/understanding.ts";
import { loadRoutingRules } from "../../workflows/directory/queries.ts";
import { officeStaffIdentities } from "../conversation/audiences.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import type { Locale } from "../texts/catalog.ts";
import { understandingText } from "../texts/understanding.ts";

/** The playground has no direct messages. */
const CANNOT_DM: readonly Platform[] = ["playground"];
const LINES = 5;

/** Writes the digests due at `now` to the outbox; returns how many messages were queued. */
export async function sendTriageDigests(
	db: Db,
	options: { now: Date; locale: Locale; publicUrl: string },
): Promise<number> {
	const { now, locale } = options;
	const { intake } = await loadRoutingRules(db);
	const intervalMs = intake.triageDigestMinutes * 60_000;
	return db.transaction(async (tx) => {
		const waiting = await tx
			.select({
				candidate: intakeCandidates,
				enterprise: enterprises.name,
			})
			.from(intakeCandidates)
			.innerJoin(enterprises, eq(enterprises.id, intakeCandidates.enterpriseId))
			.where(
				and(
					eq(intakeCandidates.state, "pending"),
					isNull(intakeCandidates.digestedAt),
				),
			)
			.orderBy(asc(intakeCandidates.createdAt))
			.for("update", { of: intakeCandidates, skipLocked: true });
		const byOffice = new Map<number | null, typeof waiting>();
		for (const row of waiting) {
			const list = byOffice.get(row.candidate.officeId) ?? [];
			list.push(row);
			byOffice.set(row.candidate.officeId, list);
		}
		let queued = 0;
		for (const [officeId, rows] of byOffice) {
			const [last] = await tx
				.select({ at: max(intakeCandidates.digestedAt) })
				.from(intakeCandidates)
				.where(
					officeId === null
						? isNull(intakeCandidates.officeId)
						: eq(intakeCandidates.officeId, officeId),
				);
			if (last?.at && now.getTime() - last.at.getTime() < intervalMs) continue;
			const lines = rows.slice(0, LINES).map(({ candidate, enterprise }) =>
				understandingText(locale, "triage_digest_line", {
					enterprise,
					text: [...candidate.text].slice(0, 40).join(""),
				}),
			);
			if (rows.length > LINES) lines.push("…");
			const text = understandingText(locale, "triage_digest", {
				count: rows.length,
				lines: lines.join("\n"),
				url: `${options.publicUrl}/console/triage`,
			});
			const firstId = rows[0]?.candidate.id ?? 0;
			for (const platform of PLATFORMS) {
				if (CANNOT_DM.includes(platform)) continue;
				for (const identity of await officeStaffIdentities(
					tx,
					officeId,
					platform,
				)) {
					const id = await enqueueOutbound(tx, {
						dedupeKey: `triage-digest-${firstId}-${identity.id}`,
						message: {
							platform,
							conversationId: identity.externalId,
							text,
							mentions: [],
						},
					});
					if (id !== null) queued++;
				}
			}
			await tx
				.update(intakeCandidates)
				.set({ digestedAt: now })
				.where(
					inArray(
						intakeCandidates.id,
						rows.map((r) => r.candidate.id),
					),
				);
		}
		return queued;
	});
}

/**
 * Random audit logs for the ranking's fold: issues with every kind of event the fold reads (and
 * some it does not), in any order, with deadlines that parse and some that do not, several events
 * at the same instant, microsecond times, ratings, and events and ratings after the counting time.
 * Written straight into the tables, in bulk. Deterministic for a seed.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";

const HOUR = 3_600_000;

interface EventKind {
	kind: string;
	toState: () => string | null;
	payload: () => Record<string, unknown>;
}

export interface HistoryOptions {
	/** The departments events and issues may name. */
	departments: number[];
	/** Issues are registered in [from, until). */
	from: Date;
	until: Date;
	issues: number;
	/** Events are dated up to this long after their issue's registration. */
	spanMs: number;
	/** The first issue number's suffix. */
	firstNumber: number;
}

/** A timestamp with microseconds: `ms` plus 0–999 µs. */
const micros = (ms: number, random: () => number) =>
	`${new Date(ms).toISOString().slice(0, -1)}${String(Math.floor(random() * 1000)).padStart(3, "0")}Z`;

function kinds(random: () => number, departments: number[]) {
	const pick = <T>(values: readonly T[]) =>
		values[Math.floor(random() * values.length)] as T;
	const department = () => pick(departments);
	const deadline = () =>
		random() < 0.05
			? "不是日期"
			: new Date(
					Date.UTC(2026, 2, 1) + Math.floor(random() * 60 * 24) * HOUR,
				).toISOString();
	const maybe = (chance: number, value: () => Record<string, unknown>) =>
		random() < chance ? value() : {};
	const dispatch = (kind: string): EventKind => ({
		kind,
		toState: () => "dispatched",
		payload: () => ({
			...(random() < 0.7 ? { departmentId: department() } : {}),
			...maybe(0.6, () => ({ acceptDueAt: deadline() })),
			...maybe(0.2, () => ({ dueAt: random() < 0.5 ? null : deadline() })),
		}),
	});
	const to = (
		kind: string,
		state: string | null,
		payload: () => Record<string, unknown> = () => ({}),
	): EventKind => ({ kind, toState: () => state, payload });
	const all: Array<[weight: number, kind: EventKind]> = [
		[6, dispatch("dispatched")],
		[2, dispatch("redispatched")],
		[3, dispatch("transferred")],
		[6, to("accepted", "accepted", () => ({ dueAt: deadline() }))],
		[2, to("returned", "awaiting_dispatch")],
		[2, to("refused", "under_review")],
		[1, to("transfer_sent_to_review", "under_review")],
		[1, to("return_refused", null)],
		[
			2,
			to("review_decided", "dispatched", () => ({
				outcome: pick([
					"refusal_stands",
					"should_do",
					"can_do",
					"can_do",
					"unknown",
				]),
				...maybe(0.5, () => ({ dueAt: deadline() })),
			})),
		],
		[2, to("extension_approved", null, () => ({ dueAt: deadline() }))],
		[1, to("extension_requested", null, () => ({ days: 3 }))],
		[3, to("progress", null, () => ({ note: "进展" }))],
		[5, to("resolved", "resolved")],
		[3, to("confirmed", "done")],
		[2, to("rated", "done")],
		[2, to("auto_confirmed", "done")],
		[2, to("reopened", "reopened")],
		[1, to("closed", "closed")],
		[1, to("withdrawn", "withdrawn")],
		[1, to("awaiting_info", "awaiting_info", () => ({ question: "?" }))],
	];
	const total = all.reduce((a, [w]) => a + w, 0);
	return () => {
		let r = random() * total;
		for (const [weight, kind] of all) {
			r -= weight;
			if (r < 0) return kind;
		}
		return (all[0] as [number, EventKind])[1];
	};
}

/** Inserts the issues with their events and ratings; returns the issues' ids. */
export async function writeRandomHistories(
	db: DbOrTx,
	random: () => number,
	options: HistoryOptions,
): Promise<number[]> {
	const { departments, from, until, spanMs } = options;
	const nextKind = kinds(random, departments);
	const ids: number[] = [];
	for (let n = 0; n < options.issues; n += 1) {
		const created =
			from.getTime() +
			Math.floor(random() * (until.getTime() - from.getTime()));
		const lead =
			random() < 0.1
				? null
				: (departments[Math.floor(random() * departments.length)] as number);
		const result = await db.execute(sql`
			insert into issues (number, source_channel, title, body, state, policy, lead_department_id, created_at, updated_at)
			values (${`2026-${String(options.firstNumber + n).padStart(6, "0")}`}, 'playground', '随机', '随机', 'dispatched',
				'{}'::jsonb, ${lead}, ${micros(created, random)}::timestamptz, now())
			returning id`);
		const id = (result as unknown as { rows: Array<{ id: number }> }).rows[0]
			?.id as number;
		ids.push(id);
		await appendRandomEvents(db, random, nextKind, id, created, spanMs);
	}
	return ids;
}

/** A few more events and ratings for an issue, dated from `since` on. */
export async function appendRandomHistory(
	db: DbOrTx,
	random: () => number,
	departments: number[],
	issueId: number,
	since: number,
	spanMs: number,
): Promise<void> {
	await appendRandomEvents(
		db,
		random,
		kinds(random, departments),
		issueId,
		since,
		spanMs,
		false,
	);
}

async function appendRandomEvents(
	db: DbOrTx,
	random: () => number,
	nextKind: () => EventKind,
	issueId: number,
	since: number,
	spanMs: number,
	created = true,
): Promise<void> {
	const rows: ReturnType<typeof sql>[] = [];
	let t = since;
	if (created)
		rows.push(
			sql`(${issueId}, 'system', 'created', null, 'awaiting_dispatch', 1, '{}'::jsonb, ${micros(t, random)}::timestamptz)`,
		);
	const count = Math.floor(random() * 12);
	for (let i = 0; i < count; i += 1) {
		// Some at the same instant, most hours or days apart; not always in id order.
		const gap = random() < 0.15 ? 0 : Math.floor(random() * (spanMs / 6));
		t = random() < 0.05 ? t - Math.floor(random() * HOUR) : t + gap;
		const kind = nextKind();
		rows.push(
			sql`(${issueId}, 'test', ${kind.kind}, null, ${kind.toState()}, ${i + 2}, ${JSON.stringify(kind.payload())}::jsonb, ${micros(t, random)}::timestamptz)`,
		);
	}
	if (rows.length > 0)
		await db.execute(
			sql`insert into issue_events (issue_id, actor_label, kind, from_state, to_state, version, payload, created_at) values ${sql.join(rows, sql`, `)}`,
		);
	const rated = Math.floor(random() * 3);
	for (let i = 0; i < rated; i += 1) {
		const result = 1 + Math.floor(random() * 5);
		const when = since + Math.floor(random() * spanMs);
		await db.execute(
			sql`insert into ratings (issue_id, plan, process, result, created_at) values (${issueId}, ${result}, ${result}, ${result}, ${micros(when, random)}::timestamptz)`,
		);
	}
}

/**
 * The demo clock (demo mode only, docs/demo.md): the bot's time is the real time plus an offset kept
 * in the `settings` table (key `demo_clock`), so every process — web, worker — agrees on it. Each
 * process re-reads the offset every `pollMs` and tells its listeners when it moved (the escalation
 * engine then runs what fell due). Outside demo mode none of this exists: the bot's clock is `new Date()`.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { settings } from "../../db/schema/directory.ts";
import { SHANGHAI_OFFSET_MS } from "../../workflows/calendar/local-time.ts";
import type { WorkingCalendar } from "../../workflows/calendar/types.ts";
import type { Logger } from "../runtime/logger.ts";

export const DEMO_CLOCK_KEY = "demo_clock";
const DAY_MS = 24 * 3600_000;

export interface DemoClock {
	/** The bot's time: real time plus the offset. */
	now(): Date;
	offsetMs(): number;
	/** Reads the offset again (the poll does this every `pollMs`). */
	refresh(): Promise<number>;
	/** Moves the bot's time to the same time of day on the next working day; returns the new time. */
	advanceWorkingDay(calendar: WorkingCalendar): Promise<Date>;
	/** Called in this process when the offset moved (here or in another process). */
	onAdvance(listener: () => void): void;
	close(): void;
}

/**
 * The next working day after `from`, at the same local time of day — or at that day's first office
 * opening when the time is outside office hours, so what falls due is delivered at once rather than
 * held for quiet hours.
 */
export function nextWorkingDay(from: Date, calendar: WorkingCalendar): Date {
	let at = new Date(from.getTime() + DAY_MS);
	while (!calendar.isWorkingDay(calendar.localDate(at)))
		at = new Date(at.getTime() + DAY_MS);
	if (calendar.isOfficeHours(at)) return at;
	const midnight =
		Date.parse(`${calendar.localDate(at)}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
	return calendar.nextOfficeOpening(new Date(midnight));
}

export async function readDemoOffset(db: Db): Promise<number> {
	const [row] = await db
		.select({ value: settings.value })
		.from(settings)
		.where(eq(settings.key, DEMO_CLOCK_KEY));
	const offset = Number((row?.value as { offsetMs?: unknown })?.offsetMs);
	return Number.isFinite(offset) && offset > 0 ? offset : 0;
}

export async function createDemoClock(options: {
	db: Db;
	pollMs?: number;
	log?: Logger;
}): Promise<DemoClock> {
	const { db, log } = options;
	let offset = await readDemoOffset(db);
	const listeners = new Set<() => void>();
	const moved = (next: number) => {
		if (next === offset) return;
		offset = next;
		for (const listener of listeners) listener();
	};
	const refresh = async () => {
		moved(await readDemoOffset(db));
		return offset;
	};
	const timer = setInterval(() => {
		refresh().catch((error: Error) =>
			log?.warn("could not read the demo clock", { error: error.message }),
		);
	}, options.pollMs ?? 2000);
	timer.unref();
	return {
		now: () => new Date(Date.now() + offset),
		offsetMs: () => offset,
		refresh,
		async advanceWorkingDay(calendar) {
			const next = await db.transaction(async (tx) => {
				// Two clicks at once move the clock two days, not one day twice over the same base.
				await tx.execute(
					sql`select pg_advisory_xact_lock(hashtext(${DEMO_CLOCK_KEY}))`,
				);
				const [row] = await tx
					.select({ value: settings.value })
					.from(settings)
					.where(eq(settings.key, DEMO_CLOCK_KEY));
				const current =
					Number((row?.value as { offsetMs?: unknown })?.offsetMs) || 0;
				const real = Date.now();
				const target = nextWorkingDay(new Date(real + current), calendar);
				const offsetMs = target.getTime() - real;
				await tx
					.insert(settings)
					.values({ key: DEMO_CLOCK_KEY, value: { offsetMs } })
					.onConflictDoUpdate({
						target: settings.key,
						set: { value: { offsetMs }, updatedAt: new Date() },
					});
				return offsetMs;
			});
			moved(next);
			return new Date(Date.now() + offset);
		},
		onAdvance(listener) {
			listeners.add(listener);
		},
		close() {
			clearInterval(timer);
			listeners.clear();
		},
	};
}

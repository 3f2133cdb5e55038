/**
 * The wall clock of this process, moved: `Date` (and `Date.now()`) run `offsetMs` ahead of the real
 * one, for everything in the process — the bot, BullMQ's timestamps, the escalation engine. Timers
 * (setTimeout) keep real time, as they do when a machine's clock is stepped. Postgres's own clock
 * (defaultNow columns) is not moved.
 */
const RealDate = Date;
let offsetMs = 0;

class ShiftedDate extends RealDate {
	constructor(...args: unknown[]) {
		if (args.length === 0) super(RealDate.now() + offsetMs);
		// @ts-expect-error: the same arguments Date itself takes.
		else super(...args);
	}
	static override now(): number {
		return RealDate.now() + offsetMs;
	}
}

export function installShiftedClock(): void {
	globalThis.Date = ShiftedDate as DateConstructor;
}

export function uninstallShiftedClock(): void {
	offsetMs = 0;
	globalThis.Date = RealDate;
}

/** Steps the clock forward at once. */
export function jumpClock(ms: number): void {
	offsetMs += ms;
}

/** Lets `ms` of clock time pass within `realMs` of real time, in small steps. */
export async function fastForward(ms: number, realMs: number): Promise<void> {
	const steps = Math.max(1, Math.round(realMs / 250));
	for (let i = 0; i < steps; i++) {
		offsetMs += ms / steps;
		await new Promise((resolve) => setTimeout(resolve, realMs / steps));
	}
}

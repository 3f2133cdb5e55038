/**
 * The demo history as data: ~100 cases over the three months before `anchor`, each a problem, an
 * enterprise and a fate, drawn from a fixed seed. The same anchor and calendar give the same cases
 * (deterministic); the seed (seed.ts) turns them into issues through the domain's own functions.
 */
import type { WorkingCalendar } from "../../../workflows/calendar/types.ts";
import { seededRandom } from "../../../workflows/seeded-random.ts";
import { PROBLEMS } from "./problems.ts";

export const HISTORY_DAYS = 91;
export const HISTORY_CASES = 100;

export type Fate =
	/** Accepted, resolved in time, confirmed and rated by the enterprise. */
	| "rated"
	/** Resolved after its deadline (a red issue then), rated lower. */
	| "late_rated"
	/** Resolved; the enterprise never answered, so the rating reminder and auto-confirmation ran. */
	| "auto_confirmed"
	/** Sent to another department first (转办), then handled there and rated. */
	| "transferred"
	/** The department asked for more time, the office approved it, then resolved and rated. */
	| "extended"
	/** Accepted and still open past its deadline: red on the board. */
	| "open_late"
	/** Accepted and in progress (recent issues end up here when their next step is still to come). */
	| "in_progress";

export interface HistoryCase {
	at: Date;
	problem: number;
	/** An index into the demo's enterprises that have a member (ordered by code). */
	enterprise: number;
	fate: Fate;
	/** Working hours from the report to acceptance. */
	acceptHours: number;
	/** How far into its time limit the issue is resolved (in-time fates), 0–1. */
	resolveFraction: number;
	/** Working days past the deadline (late fates). */
	lateDays: number;
	/** The enterprise's scores: plan, process, result. */
	scores: [number, number, number];
	/** Which note texts the department and the enterprise use. */
	note: number;
}

const FATES: ReadonlyArray<[Fate, number]> = [
	["rated", 0.52],
	["late_rated", 0.1],
	["auto_confirmed", 0.08],
	["transferred", 0.1],
	["extended", 0.08],
	["open_late", 0.12],
];

export function historyCases(
	anchor: Date,
	calendar: WorkingCalendar,
	enterprises: number,
): HistoryCase[] {
	const next = seededRandom(17);
	const pick = (n: number) => Math.floor(next() * n);
	const start = anchor.getTime() - HISTORY_DAYS * 24 * 3600_000;
	// The last few days are left for the newcomer's own issues to stand out.
	const end = anchor.getTime() - 2 * 24 * 3600_000;
	const cases: HistoryCase[] = [];
	for (let i = 0; i < HISTORY_CASES; i++) {
		const instant = new Date(start + next() * (end - start));
		const at = calendar.nextOfficeOpening(instant);
		let roll = next();
		let fate: Fate = "in_progress";
		for (const [candidate, share] of FATES) {
			if (roll < share) {
				fate = candidate;
				break;
			}
			roll -= share;
		}
		const late = fate === "late_rated" || fate === "open_late";
		const score = (low: number) => low + pick(6 - low);
		cases.push({
			at,
			problem: pick(PROBLEMS.length),
			enterprise: pick(enterprises),
			fate,
			acceptHours: 0.5 + next() * 3,
			resolveFraction: 0.3 + next() * 0.6,
			lateDays: 1 + pick(5),
			scores: late
				? [score(2), score(2), score(2)]
				: [score(4), score(3), score(4)],
			note: pick(4),
		});
	}
	// Numbered in the order they were reported, as they would have been.
	return cases.sort((a, b) => a.at.getTime() - b.at.getTime());
}

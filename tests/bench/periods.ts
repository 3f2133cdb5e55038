/**
 * The ranking's computation at a province's scale (issue #20, docs/scale.md part 6), on a ledger an
 * earlier `npm run bench:scale` kept: `BENCH_SCALE_DATABASE_URL=postgres://… npm run bench:periods`.
 *
 * For the ended quarter and month (their first computation) and the current ones (computed on every
 * view), it alternates the fold as it stood before (tests/support/ranking-reference.ts) with the
 * computation now, `BENCH_PERIODS_RUNS` times each (default 5): first with no issue's fold kept,
 * then after `refreshIssueFacts` (what the 15-minute job does) has kept them. The figures of both
 * must agree. Prints one JSON line of medians (ms). Writes only the kept folds.
 */
import { sql } from "drizzle-orm";
import { refreshIssueFacts } from "../../workflows/reports/issue-fact-states.ts";
import {
	monthOf,
	parsePeriod,
	previousMonth,
	previousQuarter,
	type ReportPeriod,
} from "../../workflows/reports/period.ts";
import { computePeriodFigures } from "../../workflows/reports/period-figures.ts";
import {
	expectSameFigures,
	referencePeriodFigures,
} from "../support/ranking-reference.ts";
import { openSeededDatabase } from "./bench-database.ts";

const url = process.env.BENCH_SCALE_DATABASE_URL;
if (!url)
	throw new Error("BENCH_SCALE_DATABASE_URL: a ledger kept by bench:scale");
const RUNS = Number(process.env.BENCH_PERIODS_RUNS ?? 5);

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2
		? (sorted[middle] as number)
		: ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round = (ms: number) => Math.round(ms);

function currentQuarter(now: Date): ReportPeriod {
	const month = Number(monthOf(now).slice(5));
	const quarter = parsePeriod(
		`${monthOf(now).slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`,
	);
	if (!quarter) throw new Error("no current quarter");
	return quarter;
}

async function main() {
	const database = await openSeededDatabase(url as string);
	const { db } = database;
	const now = new Date();
	const cases = {
		quarter_ended: {
			period: previousQuarter(now),
			asOf: previousQuarter(now).to,
		},
		month_ended: { period: previousMonth(now), asOf: previousMonth(now).to },
		quarter_current: { period: currentQuarter(now), asOf: now },
		month_current: {
			period: parsePeriod(monthOf(now)) as ReportPeriod,
			asOf: now,
		},
	};
	const cohorts: Record<string, number> = {};
	const measure = async (stage: string) => {
		const result: Record<string, { before: number; after: number }> = {};
		for (const [name, { period, asOf }] of Object.entries(cases)) {
			const before: number[] = [];
			const after: number[] = [];
			for (let run = 0; run < RUNS; run += 1) {
				// Alternated, so that neither always runs on the other's warm cache.
				const timed = async <T>(f: () => Promise<T>, into: number[]) => {
					const started = performance.now();
					const value = await f();
					into.push(performance.now() - started);
					return value;
				};
				const oldFirst = run % 2 === 0;
				const old = oldFirst
					? await timed(
							() => referencePeriodFigures(db, period.from, asOf),
							before,
						)
					: null;
				const fresh = await timed(
					() => computePeriodFigures(db, period.from, asOf),
					after,
				);
				const reference =
					old ??
					(await timed(
						() => referencePeriodFigures(db, period.from, asOf),
						before,
					));
				if (run < 2) expectSameFigures(fresh, reference, 1e-9);
				cohorts[name] = reference.totals.received;
			}
			result[name] = {
				before: round(median(before)),
				after: round(median(after)),
			};
			console.error(stage, name, result[name], {
				before: before.map(round),
				after: after.map(round),
			});
		}
		return result;
	};

	await db.execute(sql`truncate issue_fact_states`);
	const nothingKept = await measure("nothing kept");
	let started = performance.now();
	const folded = await refreshIssueFacts(db, previousQuarter(now).from);
	const refreshMs = round(performance.now() - started);
	started = performance.now();
	const foldedAgain = await refreshIssueFacts(db, previousQuarter(now).from);
	const refreshAgainMs = round(performance.now() - started);
	const kept = await measure("kept");
	console.log(
		JSON.stringify({
			runs: RUNS,
			cohorts,
			nothingKept,
			refresh: { issues: folded, ms: refreshMs },
			refreshAgain: { issues: foldedAgain, ms: refreshAgainMs },
			kept,
			load: (await import("node:os"))
				.loadavg()
				.map((l) => Math.round(l * 10) / 10),
		}),
	);
	await database.close();
}

await main();

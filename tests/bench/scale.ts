/**
 * bench:scale — a province's ledger (BENCH_SCALE_ISSUES, default 1 000 000) and the pages read from
 * it: p50/p99 of the functions the pages call, EXPLAIN plans beside the figures, one JSON line.
 * See docs/scale.md.
 */
import "./scale/plans.ts";
import { mkdirSync, mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { queueOf } from "../../bot/conversation/queries.ts";
import { toPublicRows } from "../../bot/web/board/public-rows.ts";
import { briefingXlsx } from "../../bot/web/console/briefing-xlsx.ts";
import {
	type IssueFilters,
	listIssues,
} from "../../bot/web/console/issue-list.ts";
import { loadIssuePage } from "../../bot/web/console/issue-page.ts";
import { loadViewer } from "../../bot/web/console/viewer.ts";
import { rowsOf } from "../../db/raw-rows.ts";
import { people } from "../../db/schema/directory.ts";
import { issues } from "../../db/schema/issues.ts";
import { monthlyBriefing } from "../../workflows/reports/briefing.ts";
import {
	overdueBoardCount,
	overdueBoardPage,
} from "../../workflows/reports/overdue-board-page.ts";
import {
	previousMonth,
	previousQuarter,
} from "../../workflows/reports/period.ts";
import { departmentRanking } from "../../workflows/reports/ranking.ts";
import { createBenchDatabase, openSeededDatabase } from "./bench-database.ts";
import { measureLedgerExport } from "./scale/ledger-export.ts";
import { explainCall } from "./scale/plans.ts";
import { BUSY_DEPARTMENT, seedProvince, seedSize } from "./scale/seed.ts";
import { type Timing, timeCalls } from "./scale/timing.ts";

const ISSUES = Number(process.env.BENCH_SCALE_ISSUES ?? 1_000_000);
const CALLS = Number(process.env.BENCH_SCALE_CALLS ?? 30);
/** The ledger export is timed over this many issues; it must stream them in ≤ 10 s. */
const LEDGER_EXPORT_ROWS = 100_000;
const LEDGER_EXPORT_TARGET_MS = 10_000;
/**
 * A ledger seeded by an earlier run to measure again (migrations are applied, nothing is seeded or
 * dropped); BENCH_SCALE_KEEP=1 keeps the database a run seeds and prints its URL.
 */
const SEEDED_URL = process.env.BENCH_SCALE_DATABASE_URL;
const KEEP = process.env.BENCH_SCALE_KEEP === "1";
const OUT =
	process.env.BENCH_SCALE_OUT ?? mkdtempSync(join(tmpdir(), "qq-scale-"));
mkdirSync(OUT, { recursive: true });

const TARGETS_MS = {
	/** The screen's first page (BOARD_PAGE_SIZE rows) and the board's count. */
	board: 50,
	board_public: 50,
	/** A page from the middle of the board (rows.json?after=…) and the count. */
	board_next_page: 50,
	list_office: 50,
	list_official_filtered: 50,
	search_common: 100,
	search_rare: 100,
	issue_page: 30,
	briefing: 1000,
	ranking_quarter: 1000,
	todo_busy_department: 50,
} as const;
type Name = keyof typeof TARGETS_MS;

async function main() {
	const database = SEEDED_URL
		? await openSeededDatabase(SEEDED_URL)
		: await createBenchDatabase(4);
	const { db } = database;
	const now = new Date();
	try {
		const seedStarted = performance.now();
		const counts = SEEDED_URL
			? null
			: await seedProvince(db, seedSize(ISSUES), now);
		const seedSeconds = SEEDED_URL
			? null
			: Math.round((performance.now() - seedStarted) / 100) / 10;
		// As autovacuum would, in time: the visibility map lets the board's count read its index only.
		const vacuumStarted = performance.now();
		await db.execute(sql`vacuum analyze issues`);
		const vacuumSeconds =
			Math.round((performance.now() - vacuumStarted) / 100) / 10;
		const person = async (code: string) => {
			const [row] = await db.select().from(people).where(eq(people.code, code));
			if (!row) throw new Error(`no person ${code}`);
			return row;
		};
		const desk = await person("desk-1");
		const official = await person(`official-${BUSY_DEPARTMENT}`);
		const deskViewer = await loadViewer(db, desk);
		const officialViewer = await loadViewer(db, official);
		const recent = await db.execute(
			sql`select number from issues where office_id = 1 order by id desc limit 30`,
		);
		const numbers = rowsOf<{ number: string }>(recent).map((r) => r.number);
		const month = previousMonth(now);
		const quarter = previousQuarter(now);
		const visibility = { maskEnterprises: true, showLeaders: true };

		const list = (viewer: typeof deskViewer, f: IssueFilters) => () =>
			listIssues(db, viewer, f);
		const BOARD_PAGE_SIZE = 8;
		const boardScreen = (
			after: Parameters<typeof overdueBoardPage>[2]["after"],
		) =>
			Promise.all([
				overdueBoardPage(db, now, { after, limit: BOARD_PAGE_SIZE }),
				overdueBoardCount(db, now),
			]);
		const boardRows = await overdueBoardCount(db, now);
		// Where a screen that has turned half way through the board asks from (read once).
		const middle = (
			await overdueBoardPage(db, now, {
				limit: Math.max(1, Math.floor(boardRows / 2)),
			})
		).next;
		const calls: Record<Name, (i: number) => Promise<unknown>> = {
			board: () => boardScreen(null),
			board_public: async () => {
				const [page] = await boardScreen(null);
				return toPublicRows(page.rows, "zh-CN", visibility, now);
			},
			board_next_page: () => boardScreen(middle),
			list_office: list(deskViewer, {}),
			list_official_filtered: list(officialViewer, { state: "accepted" }),
			search_common: list(deskViewer, { q: "排水" }),
			search_rare: list(deskViewer, { q: "变压器" }),
			issue_page: (i) =>
				loadIssuePage(db, deskViewer, numbers[i % numbers.length] ?? ""),
			briefing: () => monthlyBriefing(db, month, { now }),
			ranking_quarter: () => departmentRanking(db, { ...quarter, now }),
			todo_busy_department: () => queueOf(db, official),
		};

		const load = () => loadavg().map((l) => Math.round(l * 100) / 100);
		const loadAtStart = load();
		const figures: Record<string, Timing> = {};
		const met: Record<string, boolean> = {};
		for (const [name, fn] of Object.entries(calls) as [
			Name,
			(i: number) => Promise<unknown>,
		][]) {
			const heavy = name === "briefing" || name === "ranking_quarter";
			figures[name] = await timeCalls(fn, heavy ? Math.min(CALLS, 10) : CALLS);
			met[name] = figures[name].p99 <= TARGETS_MS[name];
			await explainCall(database.url, join(OUT, `${name}.plan.txt`), () =>
				fn(0),
			);
		}

		// The first call for an ended period computes its ranking and keeps it (ranking_snapshots);
		// the timed calls above read it back. The cost of that first call, once each, with its plans:
		const forget = () => db.execute(sql`delete from ranking_snapshots`);
		const coldMs: Record<string, number> = {};
		for (const name of ["briefing", "ranking_quarter"] as const) {
			await forget();
			const started = performance.now();
			await calls[name](0);
			coldMs[name] = Math.round(performance.now() - started);
			await forget();
			await explainCall(database.url, join(OUT, `${name}_cold.plan.txt`), () =>
				calls[name](0),
			);
		}

		const briefing = await monthlyBriefing(db, month, { now });
		const rssBefore = process.memoryUsage().rss;
		const xlsxStarted = performance.now();
		const buffer = await briefingXlsx("zh-CN", briefing);
		const xlsx = {
			ms: Math.round(performance.now() - xlsxStarted),
			bytes: buffer.length,
			lateRows: briefing.late.total,
			lateRowsListed: briefing.late.rows.length,
			peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
			rssGrowthMb: Math.round(
				(process.memoryUsage().rss - rssBefore) / 1048576,
			),
		};
		const ledgerExport = await measureLedgerExport(
			db,
			Math.min(LEDGER_EXPORT_ROWS, ISSUES),
		);
		const size = await db.execute(
			sql`select round(pg_database_size(current_database()) / 1048576.0)::int as mb`,
		);
		console.log(
			JSON.stringify({
				bench: "scale",
				issues: SEEDED_URL ? await db.$count(issues) : ISSUES,
				seededEarlier: Boolean(SEEDED_URL),
				counts,
				seedSeconds,
				vacuumSeconds,
				boardRows,
				/** 1-, 5- and 15-minute load averages when the timing began and at the end (2 cores). */
				loadAverage: { start: loadAtStart, end: load() },
				databaseMb: rowsOf<{ mb: number }>(size)[0]?.mb,
				ms: figures,
				coldMs,
				xlsx,
				ledgerExport,
				targets: TARGETS_MS,
				met,
				allMet:
					Object.values(met).every(Boolean) &&
					ledgerExport.ms <= LEDGER_EXPORT_TARGET_MS,
				plans: OUT,
			}),
		);
	} finally {
		if (KEEP && !SEEDED_URL) {
			console.error(`kept: BENCH_SCALE_DATABASE_URL=${database.url}`);
			await database.keep();
		} else await database.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

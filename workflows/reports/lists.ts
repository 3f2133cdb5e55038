/** 红黄黑榜: which departments are commended, warned or named, by thresholds the office sets. */
import { z } from "zod";

export interface ListThresholds {
	/**
	 * A department whose share of the period's issues is smaller is neither ranked nor listed
	 * (one issue must not put a department on a list). The directory file's `reports.minIssues`.
	 */
	minReceived: number;
	/** 红榜: every one of these holds, and the department has at least one rating. */
	red: { minDoneRate: number; maxOverdueRate: number; minSatisfaction: number };
	/** 黄榜: any one of these holds (and the department is not on the black list). */
	yellow: { minOverdueRate: number; satisfactionBelow: number };
	/** 黑榜: any one of these holds. */
	black: { minOverdueRate: number; minDoableRefusals: number };
}

export const DEFAULT_LIST_THRESHOLDS: ListThresholds = {
	minReceived: 5,
	red: { minDoneRate: 0.9, maxOverdueRate: 0, minSatisfaction: 0.9 },
	yellow: { minOverdueRate: 0.1, satisfactionBelow: 0.8 },
	black: { minOverdueRate: 0.3, minDoableRefusals: 1 },
};

const rate = z.number().min(0).max(1);
const D = DEFAULT_LIST_THRESHOLDS;

/** The directory file's `reports` section. */
export const reportSettingsSchema = z.strictObject({
	/** The smallest share of a period's issues for which a department is ranked and listed. */
	minIssues: z.number().positive().default(D.minReceived),
	red: z
		.strictObject({
			minDoneRate: rate.default(D.red.minDoneRate),
			maxOverdueRate: rate.default(D.red.maxOverdueRate),
			minSatisfaction: rate.default(D.red.minSatisfaction),
		})
		.prefault({}),
	yellow: z
		.strictObject({
			minOverdueRate: rate.default(D.yellow.minOverdueRate),
			satisfactionBelow: rate.default(D.yellow.satisfactionBelow),
		})
		.prefault({}),
	black: z
		.strictObject({
			minOverdueRate: rate.default(D.black.minOverdueRate),
			minDoableRefusals: z
				.number()
				.int()
				.positive()
				.default(D.black.minDoableRefusals),
		})
		.prefault({}),
});
export type ReportSettings = z.infer<typeof reportSettingsSchema>;

export function thresholdsOf(settings: ReportSettings): ListThresholds {
	const { minIssues, ...lists } = settings;
	return { minReceived: minIssues, ...lists };
}

export type ListName = "red" | "yellow" | "black";

export interface ListInput {
	received: number;
	doneRate: number | null;
	overdueRate: number | null;
	/** Share of ratings with a result of 4 or 5; null with no ratings. */
	satisfaction: number | null;
	/** Refusals the review found doable (can_do): the department said no to what it could do. */
	doableRefusals: number;
}

/**
 * The list a department belongs on, or null. Without ratings, satisfaction does not count against
 * it, but it cannot be commended either: 红榜 needs the enterprises' word.
 */
export function listOf(row: ListInput, t: ListThresholds): ListName | null {
	if (row.received < t.minReceived || row.received === 0) return null;
	const overdue = row.overdueRate ?? 0;
	if (
		overdue >= t.black.minOverdueRate ||
		row.doableRefusals >= t.black.minDoableRefusals
	)
		return "black";
	if (
		overdue >= t.yellow.minOverdueRate ||
		(row.satisfaction !== null && row.satisfaction < t.yellow.satisfactionBelow)
	)
		return "yellow";
	if (
		(row.doneRate ?? 0) >= t.red.minDoneRate &&
		overdue <= t.red.maxOverdueRate &&
		row.satisfaction !== null &&
		row.satisfaction >= t.red.minSatisfaction
	)
		return "red";
	return null;
}

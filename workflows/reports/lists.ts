/** 红黄黑榜: which departments are commended, warned or named, by thresholds the office sets. */
export interface ListThresholds {
	/** Departments with fewer issues in the period are not listed at all. */
	minReceived: number;
	/** 红榜: every one of these holds. */
	red: { minDoneRate: number; maxOverdueRate: number; minSatisfaction: number };
	/** 黄榜: any one of these holds (and the department is not on the black list). */
	yellow: { minOverdueRate: number; satisfactionBelow: number };
	/** 黑榜: any one of these holds. */
	black: { minOverdueRate: number; minDoableRefusals: number };
}

export const DEFAULT_LIST_THRESHOLDS: ListThresholds = {
	minReceived: 1,
	red: { minDoneRate: 0.9, maxOverdueRate: 0, minSatisfaction: 0.9 },
	yellow: { minOverdueRate: 0.1, satisfactionBelow: 0.8 },
	black: { minOverdueRate: 0.3, minDoableRefusals: 1 },
};

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

/** The list a department belongs on, or null. Without ratings, satisfaction does not count against it. */
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
		(row.satisfaction === null || row.satisfaction >= t.red.minSatisfaction)
	)
		return "red";
	return null;
}

/**
 * What the lobby may see of an overdue row. The board has no login, so it shows no words a person
 * wrote — not the problem as told, not the department's reason or commitment (any of them can hold a
 * phone number, an ID number or a name) — only the category, the department, the state, the colour,
 * the deadline, and the names of the officials who answer for it. Enterprises are masked.
 */
import type { OverdueRow } from "../../../workflows/reports/overdue-board.ts";
import { boardText, formatDay } from "../../texts/board.ts";
import type { Locale } from "../../texts/catalog.ts";
import { stateLabel } from "../../texts/lifecycle.ts";

export interface BoardVisibility {
	/** 三明鑫元精密机械有限公司 → 三**有限公司 (BOARD_MASK_ENTERPRISES, on by default). */
	maskEnterprises: boolean;
	/** Show the names of the department head and the district leader (the source does). */
	showLeaders: boolean;
}

export interface PublicRow {
	enterprise: string;
	category: string;
	department: string;
	state: string;
	deadline: string;
	colour: string;
	head: string;
	leader: string;
}

/** Legal forms a name may end with, longest first: they say what kind of body it is, not which. */
const LEGAL_FORMS = [
	"股份有限公司",
	"有限责任公司",
	"集团有限公司",
	"有限公司",
	"合伙企业",
	"集团",
	"公司",
	"合作社",
	"商行",
	"酒店",
	"厂",
	"店",
];

/**
 * The first character and the legal form; the rest becomes **, whatever its length (a length would
 * narrow the guess). 三明鑫元精密机械有限公司 → 三**有限公司.
 */
export function maskName(name: string): string {
	const chars = [...name.trim()];
	if (chars.length === 0) return "—";
	const form = LEGAL_FORMS.find(
		(f) => name.trim().endsWith(f) && [...f].length < chars.length - 1,
	);
	return `${chars[0]}**${form ?? ""}`;
}

export function toPublicRows(
	rows: OverdueRow[],
	locale: Locale,
	visibility: BoardVisibility,
	now: Date,
): PublicRow[] {
	return rows.map((row) => {
		const due = row.dueAt ? formatDay(locale, row.dueAt) : "";
		const deadline = row.acceptOverdueSince
			? boardText(locale, "accept_overdue", {
					due: formatDay(locale, row.acceptOverdueSince),
				})
			: row.lateMilestone && !(row.dueAt && row.dueAt < now)
				? boardText(locale, "milestone_late", {
						title: row.lateMilestone.title,
						due: formatDay(
							locale,
							new Date(row.lateMilestone.dueAt.getTime() - 1),
						),
					})
				: !row.dueAt
					? ""
					: row.extended
						? boardText(locale, "due_extended", { due })
						: row.dueAt < now
							? boardText(locale, "due_original", { due })
							: boardText(locale, "due_upcoming", { due });
		const enterprise = row.enterprise ?? "—";
		return {
			enterprise: visibility.maskEnterprises
				? maskName(enterprise)
				: enterprise,
			category: row.category ?? boardText(locale, "no_category"),
			department: row.leadDepartment ?? "—",
			state: stateLabel(locale, row.state),
			deadline,
			colour: row.colour,
			head: visibility.showLeaders ? (row.departmentHead ?? "—") : "—",
			leader: visibility.showLeaders ? (row.districtLeader ?? "—") : "—",
		};
	});
}

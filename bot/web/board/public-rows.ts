/** What the lobby may see of an overdue row: strings ready to show, names masked as configured. */
import type { OverdueRow } from "../../../workflows/reports/overdue-board.ts";
import { boardText, formatDay } from "../../texts/board.ts";
import type { Locale } from "../../texts/catalog.ts";

export interface BoardVisibility {
	/** 三明鑫元精密机械有限公司 → 三明鑫元****公司. */
	maskEnterprises: boolean;
	/** Show the names of the department head and the district leader (the source does). */
	showLeaders: boolean;
}

export interface PublicRow {
	enterprise: string;
	problem: string;
	department: string;
	reason: string;
	commitment: string;
	deadline: string;
	head: string;
	leader: string;
}

/** Keeps the start and the legal-form ending of a company name; the rest becomes ****. */
export function maskName(name: string): string {
	const chars = [...name];
	if (chars.length <= 2) return `${chars[0] ?? ""}*`;
	if (chars.length <= 6) return `${chars.slice(0, 2).join("")}****`;
	return `${chars.slice(0, 4).join("")}****${chars.slice(-2).join("")}`;
}

export function toPublicRows(
	rows: OverdueRow[],
	locale: Locale,
	visibility: BoardVisibility,
): PublicRow[] {
	return rows.map((row) => {
		const due = row.dueAt ? formatDay(locale, row.dueAt) : "";
		const deadline = !row.dueAt
			? ""
			: row.extended
				? boardText(locale, "due_extended", { due })
				: boardText(locale, "due_original", { due });
		const enterprise = row.enterprise ?? "—";
		return {
			enterprise: visibility.maskEnterprises
				? maskName(enterprise)
				: enterprise,
			problem: row.problem,
			department: row.leadDepartment ?? "—",
			reason: row.reason ?? boardText(locale, "no_reason"),
			commitment: row.commitment ?? boardText(locale, "no_commitment"),
			deadline,
			head: visibility.showLeaders ? (row.departmentHead ?? "—") : "—",
			leader: visibility.showLeaders ? (row.districtLeader ?? "—") : "—",
		};
	});
}

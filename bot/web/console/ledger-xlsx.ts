/** The ledger as a spreadsheet, streamed row by row (xlsx-stream.ts): any number of issues. */
import type { PassThrough } from "node:stream";
import type { LedgerRow } from "../../../workflows/reports/ledger.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { ledgerText } from "../../texts/ledger.ts";
import { stateLabel, tierLabel } from "../../texts/lifecycle.ts";
import { safeRow } from "./xlsx-safe.ts";
import { streamXlsx, type XlsxCell } from "./xlsx-stream.ts";

const SHANGHAI_MS = 8 * 3_600_000;

/** "2026-04-01 09:00" in Asia/Shanghai: sorts as text, reads without a time zone. */
export const ledgerTime = (instant: Date | null) =>
	instant === null
		? ""
		: new Date(instant.getTime() + SHANGHAI_MS)
				.toISOString()
				.slice(0, 16)
				.replace("T", " ");

export function ledgerXlsx(
	locale: Locale,
	batches: AsyncIterable<LedgerRow[]>,
): PassThrough {
	const t = (key: Parameters<typeof ledgerText>[1]) => ledgerText(locale, key);
	async function* cells() {
		for await (const batch of batches)
			yield batch.map(
				(row) =>
					safeRow([
						row.number,
						row.title,
						row.enterprise ?? "",
						row.area ?? "",
						row.category ?? "",
						row.leadDepartment ?? "",
						stateLabel(locale, row.state),
						tierLabel(locale, row.tier),
						consoleText(locale, `colour_${row.colour}`),
						ledgerTime(row.createdAt),
						ledgerTime(row.dispatchedAt),
						ledgerTime(row.acceptedAt),
						ledgerTime(row.dueAt),
						ledgerTime(row.resolvedAt),
						ledgerTime(row.closedOffAt),
						row.transferCount,
						row.reopenCount,
					]) as XlsxCell[],
			);
	}
	return streamXlsx({
		sheetName: t("sheet"),
		header: (
			[
				"col_number",
				"col_title",
				"col_enterprise",
				"col_area",
				"col_category",
				"col_department",
				"col_state",
				"col_tier",
				"col_colour",
				"col_created",
				"col_dispatched",
				"col_accepted",
				"col_due",
				"col_resolved",
				"col_closed_off",
				"col_transfers",
				"col_reopens",
			] as const
		).map(t),
		batches: cells(),
	});
}

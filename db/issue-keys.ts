/**
 * Ids and numbers for the issues a unit of work creates, drawn before their rows are written (the
 * rows wait for the end of the unit of work, deferred-rows.ts). The first issue of a year draws as
 * many as the unit of work may still create, in one round trip (`reserve_issue_keys`, migration
 * 0029), unless that is one: it is then inserted and numbered at once. The numbers left unused go
 * back as spares in the statement that writes the issues, and every way of creating an issue takes
 * spares first. An unused id is simply skipped.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "./client.ts";
import { rowsOf } from "./raw-rows.ts";

export interface IssueKey {
	id: number;
	number: string;
}

export interface SpareNumbers {
	year: number;
	numbers: string[];
}

export interface IssueKeys {
	/**
	 * The next id and number for an issue of `year`, drawing `wanted` when none is left; null when
	 * none is left and only this one is wanted: the issue is then best inserted and numbered at once,
	 * in one round trip instead of two.
	 */
	take(year: number, wanted: number): Promise<IssueKey | null>;
	/** The numbers drawn and not taken, which go back as spares; forgets them. */
	giveBack(): SpareNumbers[];
}

export function createIssueKeys(tx: Tx): IssueKeys {
	const drawn = new Map<number, IssueKey[]>();
	return {
		async take(year, wanted) {
			let left = drawn.get(year);
			if (!left || left.length === 0) {
				if (wanted <= 1) return null;
				const result = await tx.execute(
					sql`select id, number from reserve_issue_keys(${year}::integer, ${wanted}::integer)`,
				);
				left = rowsOf<{ id: number; number: string }>(result).map((row) => ({
					id: Number(row.id),
					number: row.number,
				}));
				drawn.set(year, left);
			}
			const key = left.shift();
			if (!key) throw new Error(`no issue number was drawn for ${year}`);
			return key;
		},
		giveBack() {
			const spares = [...drawn.entries()]
				.filter(([, keys]) => keys.length > 0)
				.map(([year, keys]) => ({
					year,
					numbers: keys.map((key) => key.number),
				}));
			drawn.clear();
			return spares;
		},
	};
}

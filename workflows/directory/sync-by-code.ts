/**
 * Makes one directory table match the file: insert what is new, update what changed, deactivate what
 * is gone (rows are never deleted: issues reference them). Rows that already match are not written,
 * so importing the same file twice writes nothing.
 */
import { inArray } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "../../db/client.ts";

export interface TableCounts {
	created: number;
	updated: number;
	unchanged: number;
	deactivated: number;
}

export type WantedRow = { code: string } & Record<string, unknown>;

type KeyedTable = PgTable & { id: PgColumn; code: PgColumn; active: PgColumn };
type ExistingRow = { id: number; code: string; active: boolean } & Record<
	string,
	unknown
>;

export interface SyncResult {
	/** code → id for every row in the file. */
	ids: Map<string, number>;
	created: Set<string>;
	updated: Set<string>;
	deactivated: number;
}

const CHUNK = 500;

export async function syncByCode(
	tx: Tx,
	table: KeyedTable,
	wanted: readonly WantedRow[],
	/** The fields the file owns; other columns (e.g. a conversation id bound at runtime) are left alone. */
	fields: readonly string[],
	/** Rows the file does not own (e.g. people the office claimed in chat): never deactivated. */
	keep: (row: Record<string, unknown>) => boolean = () => false,
): Promise<SyncResult> {
	const existing = (await tx
		.select()
		.from(table as PgTable)) as unknown as ExistingRow[];
	const byCode = new Map(existing.map((row) => [row.code, row]));
	const result: SyncResult = {
		ids: new Map(),
		created: new Set(),
		updated: new Set(),
		deactivated: 0,
	};
	const toInsert: WantedRow[] = [];

	for (const row of wanted) {
		const current = byCode.get(row.code);
		if (!current) {
			toInsert.push({ ...row, active: true });
			continue;
		}
		result.ids.set(row.code, current.id);
		const changes = differences(current, row, fields);
		if (!current.active) changes.active = true;
		if (Object.keys(changes).length === 0) continue;
		await tx
			.update(table)
			.set({ ...changes, updatedAt: new Date() } as never)
			.where(inArray(table.id, [current.id]));
		result.updated.add(row.code);
	}

	for (let i = 0; i < toInsert.length; i += CHUNK) {
		const inserted = (await tx
			.insert(table)
			.values(toInsert.slice(i, i + CHUNK) as never)
			.returning({ id: table.id, code: table.code })) as {
			id: number;
			code: string;
		}[];
		for (const { id, code } of inserted) {
			result.ids.set(code, id);
			result.created.add(code);
		}
	}

	const wantedCodes = new Set(wanted.map((row) => row.code));
	const gone = existing
		.filter((row) => row.active && !wantedCodes.has(row.code) && !keep(row))
		.map((row) => row.id);
	for (let i = 0; i < gone.length; i += CHUNK) {
		await tx
			.update(table)
			.set({ active: false, updatedAt: new Date() } as never)
			.where(inArray(table.id, gone.slice(i, i + CHUNK)));
	}
	result.deactivated = gone.length;
	return result;
}

/** The fields of `wanted` whose value differs from `current`; absent and null are the same. */
export function differences(
	current: Record<string, unknown>,
	wanted: Record<string, unknown>,
	fields: readonly string[],
): Record<string, unknown> {
	const changes: Record<string, unknown> = {};
	for (const field of fields) {
		const value = wanted[field] ?? null;
		if (!sameValue(current[field] ?? null, value)) changes[field] = value;
	}
	return changes;
}

export function sameValue(a: unknown, b: unknown): boolean {
	return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted, so that jsonb's reordering of keys is not a change. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		typeof v === "object" && v !== null && !Array.isArray(v)
			? Object.fromEntries(
					Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
				)
			: v,
	);
}

export function countsOf(result: SyncResult, total: number): TableCounts {
	const updated = [...result.updated].filter(
		(code) => !result.created.has(code),
	).length;
	return {
		created: result.created.size,
		updated,
		unchanged: total - result.created.size - updated,
		deactivated: result.deactivated,
	};
}

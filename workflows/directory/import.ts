/**
 * Writes a validated directory file into the database in one transaction. Idempotent: rows are matched
 * by code, rows missing from the file are deactivated (never deleted), nothing unchanged is rewritten.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import {
	categories,
	type DutyRoster,
	departments,
	enterprises,
	groups,
	people,
	serviceOffices,
} from "../../db/schema/directory.ts";
import type { DirectoryDuty, DirectoryFile } from "./file-schema.ts";
import { type IdentityCounts, syncIdentities } from "./import-identities.ts";
import { leadByAreaIds, syncEnterpriseOwners } from "./import-owners.ts";
import { type SettingsCounts, syncSettings } from "./import-settings.ts";
import {
	countsOf,
	differences,
	type SyncResult,
	syncByCode,
	type TableCounts,
} from "./sync-by-code.ts";

export interface ImportSummary {
	offices: TableCounts;
	departments: TableCounts;
	people: TableCounts;
	enterprises: TableCounts;
	groups: TableCounts;
	categories: TableCounts;
	identities: IdentityCounts;
	settings: SettingsCounts;
}

/** Arbitrary constant: two imports at once would otherwise race on the same codes. */
const IMPORT_LOCK_KEY = 7_110_2027;

export async function importDirectory(
	db: Db,
	directory: DirectoryFile,
): Promise<ImportSummary> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
		const offices = await syncByCode(tx, serviceOffices, directory.offices, [
			"name",
		]);
		const depts = await syncByCode(
			tx,
			departments,
			directory.departments.map(({ code, name, aliases, kind }) => ({
				code,
				name,
				aliases,
				kind,
			})),
			["name", "aliases", "kind"],
		);
		const firms = await syncByCode(
			tx,
			enterprises,
			directory.enterprises.map(({ office, ...e }) => ({
				code: e.code,
				name: e.name,
				sector: e.sector,
				area: e.area,
				creditCode: e.creditCode,
				officeId: idOf(offices, office),
			})),
			["name", "sector", "area", "creditCode", "officeId"],
		);
		const persons = await syncByCode(
			tx,
			people,
			directory.people.map((p) => ({
				code: p.code,
				name: p.name,
				title: p.title,
				roles: p.roles,
				departmentId: idOf(depts, p.department),
				officeId: idOf(offices, p.office),
				enterpriseId: idOf(firms, p.enterprise),
				locale: p.locale,
				origin: "file",
			})),
			[
				"name",
				"title",
				"roles",
				"departmentId",
				"officeId",
				"enterpriseId",
				"locale",
				"origin",
			],
			// People the office claimed in chat (认领) are not in the file, and stay.
			(row) => row.origin === "claimed",
		);
		await syncDepartmentPeople(tx, directory, depts, persons);
		await syncEnterpriseOwners(tx, directory, firms, (code) =>
			idOf(persons, code),
		);
		const rooms = await syncGroups(tx, directory, offices, depts);
		const cats = await syncByCode(
			tx,
			categories,
			directory.routing.categories.map((c) => ({
				code: c.code,
				name: c.name,
				keywords: c.keywords,
				leadDepartmentId: idOf(depts, c.lead),
				coDepartmentIds: c.co.map((code) => idOf(depts, code)),
				leadByArea: leadByAreaIds(c.leadByArea, (code) => idOf(depts, code)),
			})),
			["name", "keywords", "leadDepartmentId", "coDepartmentIds", "leadByArea"],
		);
		const claimed = await tx
			.select({ id: people.id })
			.from(people)
			.where(and(eq(people.origin, "claimed"), eq(people.active, true)));
		const identities = await syncIdentities(
			tx,
			[
				...directory.people.flatMap((p) =>
					p.identities.map((i) => ({
						...i,
						personId: idOf(persons, p.code),
						departmentId: null,
					})),
				),
				...directory.departments.flatMap((d) =>
					d.identities.map((i) => ({
						...i,
						personId: null,
						departmentId: idOf(depts, d.code),
					})),
				),
			],
			new Set(claimed.map((row) => row.id)),
		);
		return {
			offices: countsOf(offices, directory.offices.length),
			departments: countsOf(depts, directory.departments.length),
			people: countsOf(persons, directory.people.length),
			enterprises: countsOf(firms, directory.enterprises.length),
			groups: countsOf(rooms, directory.groups.length),
			categories: countsOf(cats, directory.routing.categories.length),
			identities,
			settings: await syncSettings(tx, directory),
		};
	});
}

/** Head and leader are people, and people belong to departments: set them once both exist. */
async function syncDepartmentPeople(
	tx: Tx,
	directory: DirectoryFile,
	depts: SyncResult,
	persons: SyncResult,
) {
	const ids = directory.departments.map((d) => idOf(depts, d.code));
	const current = await tx
		.select({
			id: departments.id,
			headPersonId: departments.headPersonId,
			leaderPersonId: departments.leaderPersonId,
			duty: departments.duty,
		})
		.from(departments)
		.where(inArray(departments.id, ids));
	const byId = new Map(current.map((row) => [row.id, row]));
	for (const d of directory.departments) {
		const id = idOf(depts, d.code);
		const wanted = {
			headPersonId: idOf(persons, d.head),
			leaderPersonId: idOf(persons, d.leader),
			duty: dutyRoster(d.duty, persons),
		};
		const changes = differences(byId.get(id) ?? {}, wanted, [
			"headPersonId",
			"leaderPersonId",
			"duty",
		]);
		if (Object.keys(changes).length === 0) continue;
		await tx
			.update(departments)
			.set({ ...changes, updatedAt: new Date() })
			.where(eq(departments.id, id));
		depts.updated.add(d.code);
	}
}

/**
 * A conversation id bound at runtime (a WeChat room first known by topic) is kept while the file gives
 * none. A conversation the file gives to another group is first taken from the group that had it.
 */
async function syncGroups(
	tx: Tx,
	directory: DirectoryFile,
	offices: SyncResult,
	depts: SyncResult,
): Promise<SyncResult> {
	for (const g of directory.groups) {
		if (g.conversationId === undefined) continue;
		await tx
			.update(groups)
			.set({ conversationId: null, updatedAt: new Date() })
			.where(
				and(
					eq(groups.platform, g.platform),
					eq(groups.conversationId, g.conversationId),
					sql`${groups.code} <> ${g.code}`,
				),
			);
	}
	const bound = new Map(
		(
			await tx
				.select({ code: groups.code, conversationId: groups.conversationId })
				.from(groups)
		).map((row) => [row.code, row.conversationId]),
	);
	return syncByCode(
		tx,
		groups,
		directory.groups.map((g) => ({
			code: g.code,
			name: g.name,
			kind: g.kind,
			officeId: idOf(offices, g.office),
			departmentId: idOf(depts, g.department),
			platform: g.platform,
			conversationId: g.conversationId ?? bound.get(g.code) ?? null,
			roomTopic: g.roomTopic,
		})),
		[
			"name",
			"kind",
			"officeId",
			"departmentId",
			"platform",
			"conversationId",
			"roomTopic",
		],
	);
}

/** The file's duty officers as person ids (the database keeps ids, the file codes). */
function dutyRoster(
	duty: DirectoryDuty | undefined,
	persons: SyncResult,
): DutyRoster | null {
	if (duty === undefined) return null;
	if (Array.isArray(duty))
		return { kind: "fixed", personIds: duty.map((c) => idOf(persons, c)) };
	return {
		kind: "rotation",
		from: duty.from,
		weeks: duty.rotation.map((week) =>
			(Array.isArray(week) ? week : [week]).map((c) => idOf(persons, c)),
		),
	};
}

/** A code the cross-reference check let through always resolves; one that does not is a bug. */
function idOf(result: SyncResult, code: string): number;
function idOf(result: SyncResult, code: string | undefined): number | null;
function idOf(result: SyncResult, code: string | undefined): number | null {
	if (code === undefined) return null;
	const id = result.ids.get(code);
	if (id === undefined)
		throw new Error(
			`directory import: unresolved code "${code}" (was the file validated?)`,
		);
	return id;
}

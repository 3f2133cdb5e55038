import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "../../../db/client.ts";
import {
	categories,
	departments,
	enterprises,
	groups,
	people,
	platformIdentities,
	serviceOffices,
	settings,
} from "../../../db/schema/directory.ts";
import { formatDirectoryErrors } from "../../../workflows/directory/errors.ts";
import type { DirectoryFile } from "../../../workflows/directory/file-schema.ts";
import { importDirectory } from "../../../workflows/directory/import.ts";
import { importDirectoryFile } from "../../../workflows/directory/import-file.ts";
import { loadDirectoryFile } from "../../../workflows/directory/load-file.ts";
import { findGroupByConversation } from "../../../workflows/directory/queries.ts";
import { describeEachDriver } from "../../support/databases.ts";

const DEMO = "db/seeds/sanyuan.yaml";
const MINIMAL = "tests/fixtures/directory/minimal.yaml";
const BAD_FILES = [
	"syntax-error.yaml",
	"wrong-type.yaml",
	"unknown-reference.yaml",
	"duplicate-code.yaml",
];

async function load(path: string): Promise<DirectoryFile> {
	const result = await loadDirectoryFile(path);
	if (!result.ok) throw new Error(formatDirectoryErrors(result.errors));
	return result.directory;
}

/** Every directory row, in id order: two equal snapshots mean the import changed nothing. */
async function snapshot(db: Db) {
	const tables = {
		serviceOffices,
		departments,
		enterprises,
		people,
		groups,
		categories,
		platformIdentities,
	};
	const out: Record<string, unknown[]> = {};
	for (const [name, table] of Object.entries(tables)) {
		out[name] = await db.select().from(table).orderBy(asc(table.id));
	}
	out.settings = await db.select().from(settings).orderBy(asc(settings.key));
	return out;
}

const activeCodes = async (db: Db, table: typeof departments | typeof people) =>
	(
		await db
			.select({ code: table.code })
			.from(table)
			.where(eq(table.active, true))
	)
		.map((r) => r.code)
		.sort();

describeEachDriver("importing a directory file", (database) => {
	it("imports the 三元区 demo: every row, with people, departments and categories linked", async () => {
		const { db } = database();
		const demo = await load(DEMO);
		const summary = await importDirectory(db, demo);
		expect(summary.people.created).toBe(demo.people.length);

		expect(await activeCodes(db, departments)).toEqual(
			demo.departments.map((d) => d.code).sort(),
		);
		const [power] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "power"));
		const [leader] = await db
			.select()
			.from(people)
			.where(eq(people.id, power?.leaderPersonId ?? -1));
		expect(leader?.name).toBe("林志强");
		const [powerCategory] = await db
			.select()
			.from(categories)
			.where(eq(categories.code, "power"));
		expect(powerCategory?.leadDepartmentId).toBe(power?.id);
		const [boss] = await db
			.select()
			.from(people)
			.where(eq(people.code, "chen-guodong"));
		const [firm] = await db
			.select()
			.from(enterprises)
			.where(eq(enterprises.id, boss?.enterpriseId ?? -1));
		expect(firm?.name).toBe("三明鑫元精密机械有限公司");
		const identities = await db.select().from(platformIdentities);
		expect(identities).toHaveLength(demo.people.length + 1);
	});

	it("changes nothing when the same file is imported again", async () => {
		const { db } = database();
		const demo = await load(DEMO);
		await importDirectory(db, demo);
		const before = await snapshot(db);
		const summary = await importDirectory(db, demo);
		expect(await snapshot(db)).toEqual(before);
		expect(summary.departments).toEqual({
			created: 0,
			updated: 0,
			unchanged: demo.departments.length,
			deactivated: 0,
		});
		expect(
			summary.identities.created +
				summary.identities.updated +
				summary.identities.removed,
		).toBe(0);
		expect(summary.settings).toEqual({ changed: [], removed: [] });
	});

	it("imports a department's internal group with its department", async () => {
		const { db } = database();
		const minimal = await load(MINIMAL);
		await importDirectory(db, {
			...minimal,
			groups: [
				...minimal.groups,
				{
					code: "power-internal",
					name: "供电公司内部群",
					kind: "department",
					department: "power",
					platform: "playground",
					conversationId: "power-internal",
				},
			],
		});
		const [power] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "power"));
		const [group] = await db
			.select()
			.from(groups)
			.where(eq(groups.code, "power-internal"));
		expect(group).toMatchObject({
			kind: "department",
			departmentId: power?.id,
		});
	});

	it("deactivates a department left out of the file, keeps its id, and revives it when it returns", async () => {
		const { db } = database();
		const minimal = await load(MINIMAL);
		await importDirectory(db, minimal);
		const [water] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "water"));

		const withoutWater: DirectoryFile = {
			...minimal,
			departments: minimal.departments.filter((d) => d.code !== "water"),
			people: minimal.people.filter((p) => p.department !== "water"),
			routing: {
				...minimal.routing,
				categories: minimal.routing.categories.filter(
					(c) => c.lead !== "water",
				),
			},
		};
		const summary = await importDirectory(db, withoutWater);
		expect(summary.departments.deactivated).toBeGreaterThanOrEqual(1);
		const [gone] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "water"));
		expect(gone).toMatchObject({
			id: water?.id,
			active: false,
			name: "水务公司",
		});
		const [clerk] = await db
			.select()
			.from(people)
			.where(eq(people.code, "water-clerk"));
		expect(clerk?.active).toBe(false);
		const clerkIdentities = await db
			.select()
			.from(platformIdentities)
			.where(eq(platformIdentities.personId, clerk?.id ?? -1));
		expect(clerkIdentities).toEqual([]);

		await importDirectory(db, minimal);
		const [back] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "water"));
		expect(back).toMatchObject({ id: water?.id, active: true });
	});

	it("leaves the database untouched when the file has any error", async () => {
		const { db } = database();
		await importDirectory(db, await load(MINIMAL));
		const before = await snapshot(db);
		for (const name of BAD_FILES) {
			const result = await importDirectoryFile(
				db,
				`tests/fixtures/directory/${name}`,
			);
			expect(result.ok, name).toBe(false);
			if (!result.ok)
				expect(result.errors[0]?.file).toBe(`tests/fixtures/directory/${name}`);
		}
		expect(await snapshot(db)).toEqual(before);
	});

	it("rolls the whole import back when the database refuses part of it", async () => {
		const { db } = database();
		const minimal = await load(MINIMAL);
		await importDirectory(db, minimal);
		const before = await snapshot(db);
		// A person code that resolves nowhere only happens when validation was skipped: a bug, so it throws.
		const broken: DirectoryFile = {
			...minimal,
			offices: [...minimal.offices, { code: "new-office", name: "新办公室" }],
			people: [
				...minimal.people,
				{
					...(minimal.people[0] as DirectoryFile["people"][number]),
					code: "x",
					department: "nowhere",
				},
			],
		};
		await expect(importDirectory(db, broken)).rejects.toThrow(
			/unresolved code "nowhere"/,
		);
		expect(await snapshot(db)).toEqual(before);
	});

	it("keeps a conversation id bound at runtime to a group the file knows only by topic", async () => {
		const { db } = database();
		const minimal = await load(MINIMAL);
		await importDirectory(db, minimal);
		const bound = await findGroupByConversation(
			db,
			"wechat",
			"room-123@chatroom",
			"三产政企服务群",
		);
		expect(bound?.code).toBe("wechat-topic");

		await importDirectory(db, minimal);
		const again = await findGroupByConversation(
			db,
			"wechat",
			"room-123@chatroom",
		);
		expect(again?.id).toBe(bound?.id);
	});

	it("moves an account to the person the file now gives it to", async () => {
		const { db } = database();
		const minimal = await load(MINIMAL);
		await importDirectory(db, minimal);
		const moved: DirectoryFile = {
			...minimal,
			people: minimal.people.map((p) => {
				if (p.code === "power-head")
					return {
						...p,
						identities: p.identities.filter((i) => i.platform !== "slack"),
					};
				if (p.code === "power-clerk")
					return {
						...p,
						identities: [
							...p.identities,
							{ platform: "slack", id: "U-POWER-HEAD", name: "Zhao" },
						],
					};
				return p;
			}),
		};
		const summary = await importDirectory(db, moved);
		expect(summary.identities).toMatchObject({
			created: 0,
			updated: 1,
			removed: 0,
		});
		const [row] = await db
			.select()
			.from(platformIdentities)
			.where(eq(platformIdentities.externalId, "U-POWER-HEAD"));
		const [clerk] = await db
			.select()
			.from(people)
			.where(eq(people.code, "power-clerk"));
		expect(row).toMatchObject({ personId: clerk?.id, displayName: "Zhao" });
	});
});

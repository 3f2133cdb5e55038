/**
 * The directory snapshot answers "whom to mention" from memory: it must name exactly the accounts,
 * in exactly the order, that the SQL queries of workflows/directory/queries.ts name.
 */
import { asc, eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { createDirectoryCache } from "../../../bot/conversation/directory-cache.ts";
import type { Db, DbOrTx } from "../../../db/client.ts";
import {
	departments,
	type PersonRole,
	PLATFORMS,
	type PlatformIdentity,
	people,
	platformIdentities,
	serviceOffices,
} from "../../../db/schema/directory.ts";
import { formatDirectoryErrors } from "../../../workflows/directory/errors.ts";
import { importDirectory } from "../../../workflows/directory/import.ts";
import { loadDirectoryFile } from "../../../workflows/directory/load-file.ts";
import {
	departmentMentionIdentities,
	identitiesOfDepartment,
	identitiesWithRole,
} from "../../../workflows/directory/queries.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { idOf } from "../../support/directory-ids.ts";

const DEMO = "db/seeds/sanyuan.yaml";
const ROLES: PersonRole[] = [
	"official",
	"office_staff",
	"admin",
	"supervisor",
	"leader",
];

/**
 * The demo has playground accounts only. These give Slack and WeChat answers too, and make the
 * order something a query has to get right: accounts inserted in the reverse of their people's
 * order, one person with two accounts on one platform, a person with two roles, a person's account
 * that also names a department, and collective accounts on another platform.
 */
async function addAccounts(db: Db): Promise<void> {
	const person = (code: string) => idOf(db, people, code);
	const department = (code: string) => idOf(db, departments, code);
	const industry = await idOf(db, serviceOffices, "industry");
	const [admin] = await db
		.insert(people)
		.values({
			code: "extra-admin",
			name: "系统管理员",
			roles: ["admin", "office_staff"],
			officeId: industry,
		})
		.returning();
	const [hybrid] = await db
		.insert(people)
		.values({
			code: "extra-hybrid",
			name: "兼职经办人",
			roles: ["official", "supervisor"],
			departmentId: await department("power"),
			officeId: industry,
		})
		.returning();
	if (!admin || !hybrid) throw new Error("seed failed");
	const rows = [
		// Later people first: the answer must follow people, not insertion.
		["slack", "U-WANG", await person("wang-qiang"), null],
		["slack", "U-SHI", await person("shi-lei"), null],
		["slack", "U-HYBRID", hybrid.id, await department("power")],
		["slack", "S-WATER-DUTY", null, await department("water")],
		["slack", "S-WATER-NIGHT", null, await department("water")],
		["slack", "U-ADMIN", admin.id, null],
		["slack", "U-LIU", await person("liu-jianping"), null],
		["slack", "U-LUO", await person("luo-xiaodong"), null],
		["wechat", "wx-zhou-2", await person("zhou-ying"), null],
		["wechat", "wx-fu", await person("fu-jianguo"), null],
		["wechat", "wx-zhou-1", await person("zhou-ying"), null],
		["wechat", "wx-chen", await person("chen-jianhua"), null],
		["wechat", "wx-power-duty", null, await department("power")],
		["wechat", "wx-admin", admin.id, null],
		["playground", "extra-admin", admin.id, null],
		["playground", "extra-hybrid", hybrid.id, null],
	] as const;
	await db.insert(platformIdentities).values(
		rows.map(([platform, externalId, personId, departmentId]) => ({
			platform,
			externalId,
			personId,
			departmentId,
		})),
	);
}

const ids = (list: PlatformIdentity[]) => list.map((identity) => identity.id);

async function identityId(db: DbOrTx, externalId: string): Promise<number> {
	const [row] = await db
		.select({ id: platformIdentities.id })
		.from(platformIdentities)
		.where(eq(platformIdentities.externalId, externalId));
	if (!row) throw new Error(`no account ${externalId}`);
	return row.id;
}

describeEachDriver("the directory snapshot's accounts", (database) => {
	beforeAll(async () => {
		const { db } = database();
		const file = await loadDirectoryFile(DEMO);
		if (!file.ok) throw new Error(formatDirectoryErrors(file.errors));
		await importDirectory(db, file.directory);
		await addAccounts(db);
	});

	const allDepartments = (db: DbOrTx) =>
		db
			.select({ id: departments.id, code: departments.code })
			.from(departments)
			.orderBy(asc(departments.id));
	const allOffices = (db: DbOrTx) =>
		db
			.select({ id: serviceOffices.id })
			.from(serviceOffices)
			.orderBy(asc(serviceOffices.id));

	it("name a department's accounts as the query does, for every department on every platform", async () => {
		const { db } = database();
		const snapshot = await createDirectoryCache().get(db);
		const list = await allDepartments(db);
		expect(list.length).toBeGreaterThanOrEqual(19);
		const answered = new Set<string>();
		for (const { id, code } of list) {
			for (const platform of PLATFORMS) {
				const sql = await identitiesOfDepartment(db, id, platform);
				const memory = snapshot.identitiesOfDepartment(id, platform);
				expect(ids(memory), `${code} on ${platform}`).toEqual(ids(sql));
				expect(memory, `${code} on ${platform}`).toEqual(sql);
				if (sql.length > 0) answered.add(platform);
			}
		}
		// Not a comparison of empty lists: every platform of the demo directory had someone to mention.
		expect([...answered].sort()).toEqual(["playground", "slack", "wechat"]);
	});

	it("name the accounts with a role as the query does, unscoped and scoped to each office and department", async () => {
		const { db } = database();
		const snapshot = await createDirectoryCache().get(db);
		const scopes: {
			officeId?: number | null;
			departmentId?: number;
		}[] = [
			{},
			{ officeId: null },
			...(await allOffices(db)).map((o) => ({ officeId: o.id })),
			...(await allDepartments(db)).map((d) => ({ departmentId: d.id })),
		];
		let nonEmpty = 0;
		for (const platform of PLATFORMS) {
			for (const role of ROLES) {
				for (const scope of scopes) {
					const what = `${role} on ${platform} in ${JSON.stringify(scope)}`;
					const sql = await identitiesWithRole(db, platform, role, scope);
					expect(
						ids(snapshot.identitiesWithRole(platform, role, scope)),
						what,
					).toEqual(ids(sql));
					if (sql.length > 0) nonEmpty++;
				}
				// The scope left out altogether, as callers write it.
				expect(
					ids(snapshot.identitiesWithRole(platform, role)),
					`${role} on ${platform}`,
				).toEqual(ids(await identitiesWithRole(db, platform, role)));
			}
		}
		expect(nonEmpty).toBeGreaterThan(20);
	});

	it("name whom a group message about a department mentions as the query does: duty officer, shared account or officials", async () => {
		const { db } = database();
		const snapshot = await createDirectoryCache().get(db);
		const at = new Date();
		const names = (list: PlatformIdentity[]) => list.map((i) => i.externalId);
		for (const { id, code } of await allDepartments(db)) {
			for (const platform of PLATFORMS) {
				expect(
					names(snapshot.departmentMentions(id, platform, at)),
					`${code} on ${platform}`,
				).toEqual(
					names(await departmentMentionIdentities(db, id, platform, at)),
				);
			}
		}
		const power = await idOf(db, departments, "power");
		// The demo's power company names 王强 on duty: on the playground him alone; on Slack too.
		expect(names(snapshot.departmentMentions(power, "playground", at))).toEqual(
			["wang-qiang"],
		);
		expect(names(snapshot.departmentMentions(power, "slack", at))).toEqual([
			"U-WANG",
		]);
	});

	it("order people before their accounts, whatever order the accounts were added in", async () => {
		const { db } = database();
		const snapshot = await createDirectoryCache().get(db);
		const power = await idOf(db, departments, "power");
		const water = await idOf(db, departments, "water");
		const names = (list: PlatformIdentity[]) => list.map((i) => i.externalId);
		const slackPower = await identitiesOfDepartment(db, power, "slack");
		expect(names(slackPower)).toEqual(["U-SHI", "U-WANG", "U-HYBRID"]);
		expect(names(snapshot.identitiesOfDepartment(power, "slack"))).toEqual(
			names(slackPower),
		);
		const wechatWater = await identitiesOfDepartment(db, water, "wechat");
		expect(names(wechatWater)).toEqual(["wx-fu", "wx-zhou-2", "wx-zhou-1"]);
		expect(names(snapshot.identitiesOfDepartment(water, "wechat"))).toEqual(
			names(wechatWater),
		);
	});

	it("put a department's collective account after its officials, in both", async () => {
		const { db } = database();
		const snapshot = await createDirectoryCache().get(db);
		const [duty] = await db
			.select()
			.from(platformIdentities)
			.where(eq(platformIdentities.externalId, "power-duty"));
		// The demo's own collective account: 供电公司值班台.
		expect(duty?.personId).toBeNull();
		expect(duty?.departmentId).toBe(await idOf(db, departments, "power"));
		if (!duty?.departmentId) throw new Error("no collective account");
		const sql = await identitiesOfDepartment(
			db,
			duty.departmentId,
			duty.platform,
		);
		const memory = snapshot.identitiesOfDepartment(
			duty.departmentId,
			duty.platform,
		);
		for (const list of [sql, memory]) {
			expect(list.length).toBeGreaterThan(1);
			expect(list.at(-1)?.id).toBe(duty.id);
			expect(list.slice(0, -1).every((i) => i.personId !== null)).toBe(true);
		}
		// Collective accounts are no one's: no role finds them.
		for (const role of ROLES)
			expect(
				ids(snapshot.identitiesWithRole(duty.platform, role)),
			).not.toContain(duty.id);
	});

	it("drop deactivated people from both once a fresh snapshot is read", async () => {
		const { db } = database();
		const power = await idOf(db, departments, "power");
		// A demo official, and one whose Slack account also names the department: once the person
		// is gone, that account must not pass for the department's collective one.
		const gone = [
			await idOf(db, people, "shi-lei"),
			await idOf(db, people, "extra-hybrid"),
		];
		const duty = await identityId(db, "power-duty");
		const mine = ids(
			await db
				.select()
				.from(platformIdentities)
				.where(inArray(platformIdentities.personId, gone)),
		);
		expect(mine).toHaveLength(4);
		/** Every account the department's answers name, on every platform, by SQL and from memory. */
		const named = async (tx: DbOrTx) => {
			const snapshot = await createDirectoryCache().get(tx);
			const sql: number[] = [];
			const memory: number[] = [];
			for (const platform of PLATFORMS) {
				sql.push(...ids(await identitiesOfDepartment(tx, power, platform)));
				memory.push(...ids(snapshot.identitiesOfDepartment(power, platform)));
				for (const role of ROLES) {
					sql.push(...ids(await identitiesWithRole(tx, platform, role)));
					memory.push(...ids(snapshot.identitiesWithRole(platform, role)));
				}
			}
			return { sql, memory, snapshot };
		};

		const before = await named(db);
		expect(before.memory).toEqual(before.sql);
		expect(before.sql).toEqual(expect.arrayContaining(mine));

		class Rollback extends Error {}
		await expect(
			db.transaction(async (tx) => {
				await tx
					.update(people)
					.set({ active: false })
					.where(inArray(people.id, gone));
				const after = await named(tx);
				expect(after.memory).toEqual(after.sql);
				for (const id of mine) {
					expect(after.sql).not.toContain(id);
					expect(after.memory).not.toContain(id);
				}
				// The collective account stays, still last.
				expect(
					ids(after.snapshot.identitiesOfDepartment(power, "playground")).at(
						-1,
					),
				).toBe(duty);
				throw new Rollback();
			}),
		).rejects.toBeInstanceOf(Rollback);

		// Rolled back: the people are back in both.
		const again = await named(db);
		expect(again.memory).toEqual(again.sql);
		expect(again.sql).toEqual(expect.arrayContaining(mine));
	});
});

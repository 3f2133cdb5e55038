import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { departments, groups, people } from "../../../db/schema/directory.ts";
import { DEFAULT_DEADLINE_POLICY } from "../../../workflows/deadlines/policy-schema.ts";
import { formatDirectoryErrors } from "../../../workflows/directory/errors.ts";
import type { DirectoryFile } from "../../../workflows/directory/file-schema.ts";
import { importDirectory } from "../../../workflows/directory/import.ts";
import { loadDirectoryFile } from "../../../workflows/directory/load-file.ts";
import {
	findGroupByConversation,
	findPersonByIdentity,
	identitiesOfDepartment,
	identityOfPerson,
	loadCalendarSettings,
	loadDeadlinePolicy,
	loadEscalationSettings,
	loadRoutingRules,
} from "../../../workflows/directory/queries.ts";
import { describeEachDriver } from "../../support/databases.ts";
import { idOf } from "../../support/directory-ids.ts";

async function load(path: string): Promise<DirectoryFile> {
	const result = await loadDirectoryFile(path);
	if (!result.ok) throw new Error(formatDirectoryErrors(result.errors));
	return result.directory;
}

describeEachDriver("directory queries before any import", (database) => {
	it("give the default settings and find nobody", async () => {
		const { db } = database();
		expect(await loadDeadlinePolicy(db)).toEqual(DEFAULT_DEADLINE_POLICY);
		expect((await loadCalendarSettings(db)).officeHours).toEqual([
			["09:00", "12:00"],
			["13:30", "17:30"],
		]);
		expect(await loadEscalationSettings(db)).toBeUndefined();
		const rules = await loadRoutingRules(db);
		expect(rules.categories).toEqual([]);
		expect(rules.intake.followUpWindowMinutes).toBe(120);
		expect(
			await findPersonByIdentity(db, "playground", "power-head"),
		).toBeNull();
	});
});

describeEachDriver("directory queries", (database) => {
	beforeAll(async () => {
		await importDirectory(
			database().db,
			await load("tests/fixtures/directory/minimal.yaml"),
		);
	});

	it("load the routing rules the file gives, with department ids", async () => {
		const { db } = database();
		const rules = await loadRoutingRules(db);
		const power = await idOf(db, departments, "power");
		const water = await idOf(db, departments, "water");
		expect(rules.categories).toEqual([
			{
				code: "power",
				name: "用电",
				keywords: ["停电", "断电", "跳闸"],
				leadDepartmentId: power,
				coDepartmentIds: [],
				leadByArea: {},
			},
			{
				code: "water",
				name: "用水",
				keywords: ["停水", "水压"],
				leadDepartmentId: water,
				coDepartmentIds: [power],
				leadByArea: {},
			},
		]);
		expect(rules.urgencyWords).toEqual({
			urgent: ["紧急", "停产"],
			complex: ["协调"],
		});
		// followUpWindowMinutes is not in the file: the default applies.
		expect(rules.intake).toEqual({
			chatterPhrases: ["你好", "收到"],
			minIssueLength: 4,
			followUpWindowMinutes: 120,
			triageDigestMinutes: 60,
		});
	});

	it("load the deadline policy, calendar and escalation sections as written", async () => {
		const { db } = database();
		const policy = await loadDeadlinePolicy(db);
		expect(policy.byCategory.power?.urgent).toEqual({
			acceptWorkingHours: 0.5,
			resolveWorkingDays: 1,
		});
		expect(policy.byUrgency.complex.resolveWorkingDays).toBe(15);
		const calendar = await loadCalendarSettings(db);
		expect(calendar.holidays).toEqual(["2026-06-01"]);
		expect(await loadEscalationSettings(db)).toEqual({
			colours: [{ colour: "yellow", atFraction: 0.6 }],
		});
	});

	it("find a person by a platform account, and only while they are in the directory", async () => {
		const { db } = database();
		expect(
			(await findPersonByIdentity(db, "slack", "U-POWER-HEAD"))?.name,
		).toBe("李电");
		expect((await findPersonByIdentity(db, "playground", "boss-a"))?.code).toBe(
			"boss-a",
		);
		expect(await findPersonByIdentity(db, "slack", "boss-a")).toBeNull();
		await db
			.update(people)
			.set({ active: false })
			.where(eq(people.code, "boss-a"));
		expect(await findPersonByIdentity(db, "playground", "boss-a")).toBeNull();
		await db
			.update(people)
			.set({ active: true })
			.where(eq(people.code, "boss-a"));
	});

	it("find a group by conversation id, and bind a group known only by topic on first sight", async () => {
		const { db } = database();
		expect(
			(await findGroupByConversation(db, "playground", "test-industry"))?.code,
		).toBe("industry-work");
		expect(
			await findGroupByConversation(db, "wechat", "r1@chatroom"),
		).toBeNull();
		expect(
			await findGroupByConversation(db, "wechat", "r1@chatroom", "另一个群"),
		).toBeNull();

		const first = await findGroupByConversation(
			db,
			"wechat",
			"r1@chatroom",
			"三产政企服务群",
		);
		expect(first).toMatchObject({
			code: "wechat-topic",
			conversationId: "r1@chatroom",
		});
		// Bound now: found by id even after the room is renamed, and no other room can take it.
		expect(
			(await findGroupByConversation(db, "wechat", "r1@chatroom", "改名后的群"))
				?.id,
		).toBe(first?.id);
		expect(
			await findGroupByConversation(
				db,
				"wechat",
				"r2@chatroom",
				"三产政企服务群",
			),
		).toBeNull();
	});

	it("finds the group for every message of a room seen for the first time by many transactions at once", async () => {
		const { db } = database();
		const topic = "三产政企服务群";
		for (let round = 0; round < 20; round++) {
			const room = `race-${round}@chatroom`;
			// The group is known only by its topic again; every transaction below sees the room first.
			await db
				.update(groups)
				.set({ conversationId: null })
				.where(eq(groups.code, "wechat-topic"));
			const found = await Promise.all(
				Array.from({ length: 6 }, () =>
					db.transaction((tx) =>
						findGroupByConversation(tx, "wechat", room, topic),
					),
				),
			);
			expect(found.map((group) => group?.code)).toEqual(
				Array(6).fill("wechat-topic"),
			);
		}
	});

	it("list whom to @-mention for a department on each platform", async () => {
		const { db } = database();
		const power = await idOf(db, departments, "power");
		const onPlayground = await identitiesOfDepartment(db, power, "playground");
		expect(onPlayground.map((i) => i.externalId)).toEqual([
			"power-head",
			"power-clerk",
		]);
		const onSlack = await identitiesOfDepartment(db, power, "slack");
		expect(onSlack.map((i) => [i.externalId, i.personId === null])).toEqual([
			["U-POWER-HEAD", false],
			["S-POWER", true],
		]);
		const water = await idOf(db, departments, "water");
		expect(
			(await identitiesOfDepartment(db, water, "playground")).map(
				(i) => i.externalId,
			),
		).toEqual(["water-clerk"]);
	});

	it("give a person's account on a platform", async () => {
		const { db } = database();
		const head = await idOf(db, people, "power-head");
		expect((await identityOfPerson(db, head, "slack"))?.externalId).toBe(
			"U-POWER-HEAD",
		);
		expect((await identityOfPerson(db, head, "slack"))?.displayName).toBe(
			"Li Dian",
		);
		const desk = await idOf(db, people, "desk");
		expect(await identityOfPerson(db, desk, "playground")).toBeNull();
	});
});

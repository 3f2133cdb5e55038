/**
 * The people who own an enterprise (暖企专员 specialist, 三级包保 leader) and routing by locality (属地):
 * the directory format, its errors with file:line:column, the import, and an issue of each of two
 * areas routed to that area's lead department (a third area, and no area, get the default lead).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { categories, enterprises } from "../../../db/schema/directory.ts";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { calendarSettingsSchema } from "../../../workflows/deadlines/policy-schema.ts";
import { formatDirectoryErrors } from "../../../workflows/directory/errors.ts";
import { importDirectory } from "../../../workflows/directory/import.ts";
import { parseDirectoryText } from "../../../workflows/directory/load-file.ts";
import {
	loadDeadlinePolicy,
	loadRoutingRules,
} from "../../../workflows/directory/queries.ts";
import { DEFAULT_ESCALATION_POLICY } from "../../../workflows/escalation/default-policy.ts";
import { takeInProblem } from "../../../workflows/intake/take-in-problem.ts";
import { describeEachDriver } from "../../support/databases.ts";

const FILE = `offices:
  - { code: industry, name: 工业企业服务办公室 }
departments:
  - { code: power, name: 供电公司 }
  - { code: jx-power, name: 荆西供电所 }
  - { code: cs-power, name: 城关供电所 }
people:
  - { code: zhang, name: 张专员, roles: [office_staff], office: industry }
  - { code: lin, name: 林书记, roles: [leader] }
  - { code: boss, name: 王总, roles: [enterprise_member], enterprise: acme }
enterprises:
  - { code: acme, name: 鑫元机械, area: 荆西园区, office: industry, specialist: zhang, baobaoLeader: lin }
  - { code: beta, name: 城关纺织, area: 城关街道, office: industry }
  - { code: gamma, name: 莘口食品, area: 莘口镇, office: industry }
  - { code: delta, name: 无址贸易, office: industry }
routing:
  categories:
    - code: power
      name: 用电
      keywords: [停电]
      lead: power
      leadByArea: { 荆西园区: jx-power, 城关街道: cs-power }
`;

function parse(text: string) {
	const result = parseDirectoryText(text, "x.yaml");
	if (!result.ok) throw new Error(formatDirectoryErrors(result.errors));
	return result.directory;
}

describe("the directory format: specialist, 包保 leader, leadByArea", () => {
	it("reads the owners and the leads by area", () => {
		const d = parse(FILE);
		expect(d.enterprises[0]).toMatchObject({
			specialist: "zhang",
			baobaoLeader: "lin",
		});
		expect(d.routing.categories[0]?.leadByArea).toEqual({
			荆西园区: "jx-power",
			城关街道: "cs-power",
		});
	});

	it("reports unknown people, enterprise members as owners, unknown areas and departments, each with line:column", () => {
		const bad = FILE.replace("specialist: zhang", "specialist: zhng")
			.replace("baobaoLeader: lin", "baobaoLeader: boss")
			.replace("城关街道: cs-power", "城关街: cs-powr");
		const result = parseDirectoryText(bad, "x.yaml");
		if (result.ok) throw new Error("a bad file loaded");
		expect(formatDirectoryErrors(result.errors).split("\n")).toEqual([
			'x.yaml:12:73  enterprises[0].specialist: unknown person "zhng": no entry in people has this code',
			'x.yaml:12:93  enterprises[0].baobaoLeader: the 包保 leader "boss" is an enterprise member; name an official, office staff or leader',
			'x.yaml:22:37  routing.categories[0].leadByArea["城关街"]: unknown area "城关街": no entry in enterprises has this area',
			'x.yaml:22:42  routing.categories[0].leadByArea["城关街"]: unknown department "cs-powr": no entry in departments has this code',
			"4 errors in the directory file; nothing was imported.",
		]);
	});
});

const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));

describeEachDriver("importing owners and routing by area", (database) => {
	it("stores the owners and the area leads, and a second import changes nothing", async () => {
		const { db } = database();
		const d = parse(FILE);
		await importDirectory(db, d);
		const second = await importDirectory(db, d);
		expect(second.enterprises).toMatchObject({ created: 0, updated: 0 });
		expect(second.categories).toMatchObject({ created: 0, updated: 0 });
		const [acme] = await db
			.select()
			.from(enterprises)
			.where(eq(enterprises.code, "acme"));
		expect(acme?.specialistPersonId).not.toBeNull();
		expect(acme?.baobaoLeaderPersonId).not.toBeNull();
		const [power] = await db
			.select()
			.from(categories)
			.where(eq(categories.code, "power"));
		expect(Object.keys(power?.leadByArea ?? {}).sort()).toEqual(
			["城关街道", "荆西园区"].sort(),
		);
	});

	it("an issue is led by its enterprise's area's department; other areas and no area get the default lead", async () => {
		const { db } = database();
		await importDirectory(db, parse(FILE));
		const rules = await loadRoutingRules(db);
		const category = rules.categories.find((c) => c.code === "power") ?? null;
		const deadlinePolicy = await loadDeadlinePolicy(db);
		const ids = new Map(
			(
				await db
					.select({ id: enterprises.id, code: enterprises.code })
					.from(enterprises)
			).map((r) => [r.code, r.id]),
		);
		const leadOf = async (code: string) => {
			const { issue } = await db.transaction((tx) =>
				takeInProblem(
					tx,
					{
						sourceChannel: "hotline_12345",
						title: "厂区停电",
						body: "厂区停电两小时",
						enterpriseId: ids.get(code) ?? null,
						category,
						urgency: "normal",
						now: new Date("2026-03-02T02:00:00Z"),
					},
					{ deadlinePolicy, calendar, escalation: DEFAULT_ESCALATION_POLICY },
				),
			);
			return issue.leadDepartmentId;
		};
		const departmentIds = new Map(
			(
				await db.query.departments.findMany({
					columns: { id: true, code: true },
				})
			).map((r) => [r.code, r.id]),
		);
		expect(await leadOf("acme")).toBe(departmentIds.get("jx-power"));
		expect(await leadOf("beta")).toBe(departmentIds.get("cs-power"));
		expect(await leadOf("gamma")).toBe(departmentIds.get("power"));
		expect(await leadOf("delta")).toBe(departmentIds.get("power"));
	});
});

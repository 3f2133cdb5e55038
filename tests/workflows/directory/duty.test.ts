/**
 * Duty officers in the directory file (首接负责制): a fixed list or a weekly rotation, checked like the
 * rest of the file (file:line:column), imported as person ids, evaluated in Asia/Shanghai local time;
 * and the people the office claimed in chat (认领) survive the next import.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
	departments,
	people,
	platformIdentities,
} from "../../../db/schema/directory.ts";
import {
	departmentMentionTargets,
	onDuty,
} from "../../../workflows/directory/duty.ts";
import { formatDirectoryErrors } from "../../../workflows/directory/errors.ts";
import type { DirectoryFile } from "../../../workflows/directory/file-schema.ts";
import { importDirectory } from "../../../workflows/directory/import.ts";
import {
	loadDirectoryFile,
	parseDirectoryText,
} from "../../../workflows/directory/load-file.ts";
import { departmentMentionIdentities } from "../../../workflows/directory/queries.ts";
import { describeEachDriver } from "../../support/databases.ts";

const MINIMAL = "tests/fixtures/directory/minimal.yaml";

const PEOPLE = [
	"people:",
	"  - { code: li, name: 李电, roles: [official], department: power }",
	"  - { code: zhao, name: 赵明, roles: [official], department: power }",
	"  - { code: qian, name: 钱水, roles: [official], department: water }",
	"  - { code: boss, name: 周老板, roles: [enterprise_member], enterprise: acme }",
	"enterprises: [{ code: acme, name: 某公司 }]",
];

function parse(...departmentLines: string[]) {
	return parseDirectoryText(
		["departments:", ...departmentLines, ...PEOPLE].join("\n"),
		"duty.yaml",
	);
}

describe("duty in the directory file", () => {
	it("accepts a fixed list and a weekly rotation of single officers and pairs", () => {
		const result = parse(
			"  - code: power",
			"    name: 供电公司",
			"    duty: { rotation: [li, [li, zhao]], from: '2026-11-30' }",
			"  - { code: water, name: 水务公司, duty: [qian] }",
		);
		if (!result.ok) throw new Error(formatDirectoryErrors(result.errors));
		expect(result.directory.departments.map((d) => d.duty)).toEqual([
			{ rotation: ["li", ["li", "zhao"]], from: "2026-11-30" },
			["qian"],
		]);
	});

	it("reports an unknown officer, an officer of another department, a bad date and a stray field where written", () => {
		const result = parse(
			"  - code: power",
			"    name: 供电公司",
			"    duty: [li, nobody, qian, boss]",
			"  - code: water",
			"    name: 水务公司",
			"    duty: { rotation: [qian], from: '2026-02-30', every: week }",
		);
		if (result.ok) throw new Error("accepted");
		expect(
			result.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`),
		).toEqual([
			'4:16 departments[0].duty[1]: unknown person "nobody": no entry in people has this code',
			'4:24 departments[0].duty[2]: the duty officer "qian" is not an official of the department "power"',
			'4:30 departments[0].duty[3]: the duty officer "boss" is not an official of the department "power"',
			"7:37 departments[1].duty.from: expected the rotation's first day as YYYY-MM-DD",
			'7:51 departments[1].duty.every: unknown field "every"',
		]);
	});
});

describe("who is on duty", () => {
	const rotation = {
		kind: "rotation" as const,
		from: "2026-11-30", // a Monday
		weeks: [[1], [2, 3]],
	};

	it("turns the rotation at local midnight in Asia/Shanghai, and runs it backwards before its start", () => {
		// Sunday 6 December 23:59 in Shanghai is 15:59 UTC: still the first week.
		expect(onDuty(rotation, new Date("2026-12-06T15:59:00Z"))).toEqual([1]);
		// Monday 7 December 00:00 in Shanghai is 16:00 UTC on the 6th: the second week.
		expect(onDuty(rotation, new Date("2026-12-06T16:00:00Z"))).toEqual([2, 3]);
		expect(onDuty(rotation, new Date("2026-12-14T02:00:00Z"))).toEqual([1]);
		expect(onDuty(rotation, new Date("2026-11-25T02:00:00Z"))).toEqual([2, 3]);
		expect(onDuty({ kind: "fixed", personIds: [7] }, new Date())).toEqual([7]);
		expect(onDuty(null, new Date())).toEqual([]);
	});

	it("falls back to the shared account, then to every official", () => {
		const officials: { personId: number | null }[] = [
			{ personId: 1 },
			{ personId: 2 },
		];
		const shared: { personId: number | null }[] = [{ personId: null }];
		const at = new Date("2026-12-01T02:00:00Z");
		const targets = (roster: typeof rotation | null, collective = shared) =>
			departmentMentionTargets({ roster, at, officials, collective });
		expect(targets(rotation)).toEqual([{ personId: 1 }]);
		expect(targets(null)).toEqual(shared);
		expect(targets(null, [])).toEqual(officials);
		// The officer on duty has no account on this platform: the department is still told.
		expect(targets({ ...rotation, weeks: [[9]] })).toEqual(shared);
	});
});

describeEachDriver("importing duty and keeping claimed people", (database) => {
	async function minimal(): Promise<DirectoryFile> {
		const result = await loadDirectoryFile(MINIMAL);
		if (!result.ok) throw new Error(formatDirectoryErrors(result.errors));
		return result.directory;
	}

	it("stores the duty officers as person ids and mentions them instead of the department", async () => {
		const { db } = database();
		const file = await minimal();
		const withDuty: DirectoryFile = {
			...file,
			departments: file.departments.map((d) =>
				d.code === "power" ? { ...d, duty: ["power-clerk"] } : d,
			),
		};
		await importDirectory(db, withDuty);
		const [power] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "power"));
		const [clerk] = await db
			.select()
			.from(people)
			.where(eq(people.code, "power-clerk"));
		expect(power?.duty).toEqual({ kind: "fixed", personIds: [clerk?.id] });
		const mentioned = await departmentMentionIdentities(
			db,
			power?.id ?? 0,
			"playground",
			new Date(),
		);
		expect(mentioned.map((i) => i.externalId)).toEqual(["power-clerk"]);
		// On Slack the clerk has no account: the department's shared account, not every official.
		const onSlack = await departmentMentionIdentities(
			db,
			power?.id ?? 0,
			"slack",
			new Date(),
		);
		expect(onSlack.map((i) => i.externalId)).toEqual(["S-POWER"]);

		// Taken out of the file again: no duty, and the import says so.
		await importDirectory(db, file);
		const [after] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "power"));
		expect(after?.duty).toBeNull();
	});

	it("keeps a person the office claimed, and their account, through the next import", async () => {
		const { db } = database();
		const file = await minimal();
		await importDirectory(db, file);
		const [claimed] = await db
			.insert(people)
			.values({
				code: "claimed-wechat-wxid_new",
				name: "张三",
				roles: ["enterprise_member"],
				origin: "claimed",
			})
			.returning();
		await db.insert(platformIdentities).values({
			platform: "wechat",
			externalId: "wxid_new",
			personId: claimed?.id,
		});
		const summary = await importDirectory(db, file);
		expect(summary.people.deactivated).toBe(0);
		expect(summary.identities.removed).toBe(0);
		const [kept] = await db
			.select()
			.from(people)
			.where(eq(people.code, "claimed-wechat-wxid_new"));
		expect(kept?.active).toBe(true);
		const accounts = await db
			.select()
			.from(platformIdentities)
			.where(eq(platformIdentities.externalId, "wxid_new"));
		expect(accounts.map((a) => a.personId)).toEqual([claimed?.id]);
	});
});

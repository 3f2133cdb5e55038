import { describe, expect, it } from "vitest";
import { formatDirectoryErrors } from "../../../workflows/directory/errors.ts";
import {
	loadDirectoryFile,
	parseDirectoryText,
} from "../../../workflows/directory/load-file.ts";

const fixture = (name: string) => `tests/fixtures/directory/${name}`;
const DEMO = "db/seeds/sanyuan.yaml";

async function errorsOf(path: string) {
	const result = await loadDirectoryFile(path);
	if (result.ok) throw new Error(`${path} loaded without errors`);
	return result.errors.map(({ code, file, path, line, column }) => ({
		code,
		file,
		path,
		line,
		column,
	}));
}

describe("the demo directory (三元区)", () => {
	it("loads without errors and covers what the demo needs", async () => {
		const result = await loadDirectoryFile(DEMO);
		if (!result.ok) throw new Error(formatDirectoryErrors(result.errors));
		const d = result.directory;

		expect(d.offices.map((o) => o.name)).toEqual([
			"工业企业服务办公室",
			"三产企业服务办公室",
			"建筑业企业服务办公室",
			"重点项目企业服务办公室",
		]);
		const categoryNames = d.routing.categories.map((c) => c.name);
		for (const name of [
			"用工",
			"用电",
			"用水",
			"用地",
			"融资",
			"审批",
			"交通",
			"治安",
			"通讯",
			"子女入学",
			"住房",
			"政策兑现",
		]) {
			expect(categoryNames).toContain(name);
		}
		expect(
			d.routing.categories.every(
				(c) => c.lead !== undefined && c.keywords.length >= 5,
			),
		).toBe(true);
		expect(
			d.people.every((p) =>
				p.identities.some(
					(i) => i.platform === "playground" && i.id === p.code,
				),
			),
		).toBe(true);
		expect(d.enterprises.length).toBeGreaterThanOrEqual(6);
		for (const enterprise of d.enterprises) {
			const members = d.people.filter((p) => p.enterprise === enterprise.code);
			expect(members.length, enterprise.name).toBeGreaterThanOrEqual(1);
			expect(members.length, enterprise.name).toBeLessThanOrEqual(2);
		}
		expect(d.groups.map((g) => [g.kind, g.conversationId])).toEqual([
			["work", "demo-industry"],
			["work", "demo-services"],
			["leaders", "demo-leaders"],
		]);
		expect(
			d.departments.filter((dep) => dep.kind === "supervision").length,
		).toBeGreaterThanOrEqual(1);
		expect(d.people.some((p) => p.title === "区长")).toBe(true);
	});
});

describe("a directory file with mistakes", () => {
	it("reports a YAML syntax error with its line and column", async () => {
		expect(await errorsOf(fixture("syntax-error.yaml"))).toEqual([
			{
				code: "syntax",
				file: fixture("syntax-error.yaml"),
				path: "",
				line: 8,
				column: 1,
			},
		]);
	});

	it("reports every wrong type, unknown field and missing field, each where it is written", async () => {
		const file = fixture("wrong-type.yaml");
		expect(await errorsOf(file)).toEqual([
			{
				code: "invalid",
				file,
				path: "departments[0].kind",
				line: 7,
				column: 11,
			},
			{ code: "invalid", file, path: "people[0].roles", line: 11, column: 12 },
			{
				code: "invalid",
				file,
				path: "people[0].nickname",
				line: 13,
				column: 5,
			},
			{
				code: "invalid",
				file,
				path: "enterprises[0].name",
				line: 15,
				column: 5,
			},
		]);
		const result = await loadDirectoryFile(file);
		const messages = result.ok ? [] : result.errors.map((e) => e.message);
		expect(messages[0]).toMatch(/department.*supervision.*government/);
		expect(messages[2]).toBe('unknown field "nickname"');
		expect(messages[3]).toBe('the field "name" is missing (expected string)');
	});

	it("reports every code that names nothing", async () => {
		const file = fixture("unknown-reference.yaml");
		expect(await errorsOf(file)).toEqual([
			{
				code: "unknown_reference",
				file,
				path: "departments[0].leader",
				line: 7,
				column: 13,
			},
			{
				code: "unknown_reference",
				file,
				path: "people[0].department",
				line: 12,
				column: 17,
			},
			{
				code: "unknown_reference",
				file,
				path: "groups[0].office",
				line: 16,
				column: 13,
			},
			{
				code: "unknown_reference",
				file,
				path: "routing.categories[0].co[0]",
				line: 25,
				column: 12,
			},
		]);
	});

	it("reports duplicate codes and an account listed for two people", async () => {
		const file = fixture("duplicate-code.yaml");
		expect(await errorsOf(file)).toEqual([
			{
				code: "duplicate_code",
				file,
				path: "departments[1].code",
				line: 7,
				column: 11,
			},
			{
				code: "duplicate_identity",
				file,
				path: "people[1].identities[0].id",
				line: 21,
				column: 37,
			},
		]);
	});

	it("reports type errors and cross-reference errors together", () => {
		const text = [
			"departments:",
			"  - code: power",
			"    name: 42",
			"people:",
			"  - code: clerk",
			"    name: 赵明",
			"    roles: [official]",
			"    department: nowhere",
			"deadlines:",
			"  byUrgency:",
			"    urgent: { acceptWorkingHours: 1, resolveWorkingDays: 1 }",
			"    normal: { acceptWorkingHours: 4, resolveWorkingDays: 5 }",
			"    complex: { acceptWorkingHours: 8, resolveWorkingDays: 15 }",
			"  byCategory:",
			"    nothing: {}",
		].join("\n");
		const result = parseDirectoryText(text, "inline.yaml");
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(
			result.errors.map((e) => [e.path, e.line, e.column, e.code]),
		).toEqual([
			["departments[0].name", 3, 11, "invalid"],
			["people[0].department", 8, 17, "unknown_reference"],
			["deadlines.byCategory.nothing", 15, 5, "unknown_reference"],
		]);
	});

	it("says which role-related fields contradict each other", () => {
		const text = [
			"enterprises: [{ code: acme, name: 某公司 }]",
			"people:",
			"  - { code: a, name: 甲, roles: [official] }",
			"  - { code: b, name: 乙, roles: [official], enterprise: acme }",
			"groups:",
			"  - { code: g, name: 群, platform: wechat }",
		].join("\n");
		const result = parseDirectoryText(text, "roles.yaml");
		if (result.ok) throw new Error("accepted");
		expect(
			result.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`),
		).toEqual([
			'3:32 people[0].roles: has the role "official" but no department: say which department they belong to',
			'4:32 people[1].roles: has the role "official" but no department: say which department they belong to',
			'4:32 people[1].roles: belongs to an enterprise but lacks the role "enterprise_member"',
			"6:5 groups[0]: a group needs a conversationId, a roomTopic, or both",
		]);
	});

	it("formats errors one per line, like a compiler", async () => {
		const result = await loadDirectoryFile(fixture("duplicate-code.yaml"));
		if (result.ok) throw new Error("accepted");
		expect(formatDirectoryErrors(result.errors)).toBe(
			[
				'tests/fixtures/directory/duplicate-code.yaml:7:11  departments[1].code: department code "power" is used twice (first at departments[0])',
				'tests/fixtures/directory/duplicate-code.yaml:21:37  people[1].identities[0].id: the playground account "clerk" is already listed at people[0].identities[0]',
				"2 errors in the directory file; nothing was imported.",
			].join("\n"),
		);
	});

	it("says so when the file cannot be read", async () => {
		expect(await errorsOf(fixture("no-such-file.yaml"))).toEqual([
			{
				code: "unreadable",
				file: fixture("no-such-file.yaml"),
				path: "",
				line: 1,
				column: 1,
			},
		]);
	});
});

describe("defaults", () => {
	it("fills intake, deadline and calendar settings the file leaves out", () => {
		const result = parseDirectoryText(
			"offices: [{ code: x, name: 办公室 }]\n",
			"small.yaml",
		);
		if (!result.ok) throw new Error(formatDirectoryErrors(result.errors));
		expect(result.directory.routing.intake).toEqual({
			chatterPhrases: expect.arrayContaining(["收到", "谢谢", "👍"]),
			minIssueLength: 5,
			followUpWindowMinutes: 120,
			triageDigestMinutes: 60,
		});
		expect(result.directory.deadlines.byUrgency.normal).toEqual({
			acceptWorkingHours: 4,
			resolveWorkingDays: 5,
		});
		expect(result.directory.calendar.officeHours).toEqual([
			["09:00", "12:00"],
			["13:30", "17:30"],
		]);
		expect(result.directory.escalation).toBeUndefined();
	});
});

/**
 * A month of issues (March 2026) in the demo directory, written straight into the tables with the
 * audit events a real run would leave. The expected numbers are worked out by hand in the tests.
 */
import { eq } from "drizzle-orm";
import { DEMO_DIRECTORY_FILE } from "../../bot/config.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import {
	departments,
	enterprises,
	serviceOffices,
	settings,
} from "../../db/schema/directory.ts";
import {
	type Colour,
	type IssueState,
	issueEvents,
	issues,
	ratings,
} from "../../db/schema/issues.ts";
import { importDirectoryFile } from "../../workflows/directory/import-file.ts";
import { SETTINGS_KEYS } from "../../workflows/directory/settings-keys.ts";

/** Shanghai wall-clock time in March 2026: "03-05 09:30". */
export const at = (monthDayTime: string) =>
	new Date(`2026-${monthDayTime.replace(" ", "T")}:00+08:00`);

type EventSpec = [
	kind: string,
	when: string,
	toState: IssueState | null,
	payload?: Record<string, unknown>,
];

export interface IssueSpec {
	number: string;
	title: string;
	enterprise: string;
	department: string | null;
	/** The category's code; none by default. */
	category?: string;
	created: string;
	state: IssueState;
	due?: string;
	colour?: Colour;
	events: EventSpec[];
	ratings?: Array<[result: number, when: string]>;
}

export async function importDemoDirectory(db: Db): Promise<void> {
	const result = await importDirectoryFile(db, DEMO_DIRECTORY_FILE);
	if (!result.ok) throw new Error("demo directory did not import");
}

/**
 * The March month is small (no department has five issues): the tests that read its ranking set the
 * directory's `reports.minIssues` to 1, as a deployment's file could.
 */
export async function rankFromOneIssue(db: DbOrTx): Promise<void> {
	const value = { minIssues: 1 };
	await db
		.insert(settings)
		.values({ key: SETTINGS_KEYS.reports, value })
		.onConflictDoUpdate({ target: settings.key, set: { value } });
}

export async function seedIssues(
	db: DbOrTx,
	specs: IssueSpec[],
): Promise<Map<string, number>> {
	const depts = await db.select().from(departments);
	const ents = await db.select().from(enterprises);
	const [office] = await db
		.select()
		.from(serviceOffices)
		.where(eq(serviceOffices.code, "industry"));
	const ids = new Map<string, number>();
	/** `departmentCode` in a fixture's payload becomes the `departmentId` real events carry. */
	const withDepartmentIds = (payload: Record<string, unknown>) => {
		const { departmentCode, ...rest } = payload;
		if (typeof departmentCode !== "string") return payload;
		const id = depts.find((d) => d.code === departmentCode)?.id;
		if (id === undefined) throw new Error(`no department ${departmentCode}`);
		return { ...rest, departmentId: id };
	};
	for (const spec of specs) {
		const enterprise = ents.find((e) => e.code === spec.enterprise);
		const department = depts.find((d) => d.code === spec.department) ?? null;
		const [row] = await db
			.insert(issues)
			.values({
				number: spec.number,
				sourceChannel: "playground",
				title: spec.title,
				body: spec.title,
				categoryCode: spec.category ?? null,
				enterpriseId: enterprise?.id ?? null,
				officeId: enterprise?.officeId ?? office?.id ?? null,
				leadDepartmentId: department?.id ?? null,
				state: spec.state,
				colour: spec.colour ?? "green",
				version: spec.events.length + 1,
				policy: {
					clockStartsAt: "acceptance",
					limit: { acceptWorkingHours: 4, resolveWorkingDays: 3 },
				},
				dueAt: spec.due ? at(spec.due) : null,
				createdAt: at(spec.created),
				updatedAt: at(spec.created),
			})
			.returning({ id: issues.id });
		if (!row) throw new Error("insert returned nothing");
		ids.set(spec.number, row.id);
		const events: EventSpec[] = [
			["created", spec.created, "awaiting_dispatch", { title: spec.title }],
			...spec.events,
		];
		let state: string | null = null;
		for (const [i, [kind, when, toState, payload]] of events.entries()) {
			await db.insert(issueEvents).values({
				issueId: row.id,
				actorLabel: "system",
				kind,
				fromState: state,
				toState: toState ?? state,
				version: i + 1,
				payload: withDepartmentIds(payload ?? {}),
				createdAt: at(when),
			});
			state = toState ?? state;
		}
		for (const [result, when] of spec.ratings ?? []) {
			await db.insert(ratings).values({
				issueId: row.id,
				plan: result,
				process: result,
				result,
				createdAt: at(when),
			});
		}
	}
	return ids;
}

const dispatched = (when: string, dueAt: string | null = null): EventSpec => [
	"dispatched",
	when,
	"dispatched",
	{ dueAt: dueAt && at(dueAt).toISOString() },
];
const accepted = (when: string, due: string): EventSpec => [
	"accepted",
	when,
	"accepted",
	{ dueAt: at(due).toISOString() },
];

/** The March 2026 month: power (供电), hrss (人社), water (水务), transport (交通) and one undispatched issue. */
export const MARCH: IssueSpec[] = [
	{
		number: "2026-900000",
		title: "二月的旧问题",
		enterprise: "xinyuan-machinery",
		department: "power",
		created: "02-25 09:00",
		state: "done",
		events: [
			dispatched("02-25 09:00"),
			accepted("02-25 10:00", "02-27 17:30"),
			["resolved", "03-02 09:00", "resolved", { note: "已处理" }],
			["confirmed", "03-02 10:00", "done"],
		],
	},
	{
		number: "2026-900001",
		title: "厂区频繁停电",
		enterprise: "xinyuan-machinery",
		department: "power",
		created: "03-02 09:00",
		state: "done",
		events: [
			dispatched("03-02 09:00"),
			accepted("03-02 11:00", "03-05 17:30"),
			["resolved", "03-04 10:00", "resolved", { note: "已更换线路" }],
			["confirmed", "03-04 15:00", "done"],
		],
		ratings: [[5, "03-04 15:10"]],
	},
	{
		number: "2026-900002",
		title: "新厂房用电增容",
		enterprise: "lvyuan-materials",
		department: "power",
		created: "03-03 09:00",
		state: "done",
		events: [
			dispatched("03-03 09:00"),
			accepted("03-03 10:00", "03-06 17:30"),
			[
				"extension_requested",
				"03-06 09:00",
				null,
				{ workingDays: 3, reason: "需更换变压器" },
			],
			[
				"extension_approved",
				"03-06 12:00",
				null,
				{ workingDays: 3, dueAt: at("03-11 17:30").toISOString(), note: null },
			],
			["resolved", "03-10 09:00", "resolved", { note: "变压器已更换" }],
			[
				"rated",
				"03-10 15:00",
				"done",
				{ plan: 4, process: 4, result: 4, confirmed: true },
			],
		],
		ratings: [[4, "03-10 15:00"]],
	},
	{
		number: "2026-900003",
		title: "园区线路老化跳闸",
		enterprise: "tianrun-textile",
		department: "power",
		created: "03-10 09:00",
		state: "accepted",
		due: "03-13 17:30",
		colour: "red",
		events: [
			dispatched("03-10 09:00"),
			accepted("03-10 13:00", "03-13 17:30"),
			[
				"extension_requested",
				"03-16 09:00",
				null,
				{ workingDays: 5, reason: "施工受阻，需协调用地" },
			],
			[
				"progress",
				"03-16 10:00",
				null,
				{ note: "已协调施工队，3月25日前完成" },
			],
		],
	},
	{
		number: "2026-900004",
		title: "电费发票开具",
		enterprise: "xinyuan-machinery",
		department: "power",
		created: "03-02 14:00",
		state: "done",
		events: [
			dispatched("03-02 14:00"),
			accepted("03-02 14:30", "03-05 17:30"),
			["resolved", "03-03 10:00", "resolved", { note: "已开具" }],
			["confirmed", "03-03 11:00", "done"],
		],
	},
	{
		number: "2026-900005",
		title: "招工难",
		enterprise: "tianrun-textile",
		department: "hrss",
		created: "03-05 09:00",
		state: "reopened",
		events: [
			dispatched("03-05 09:00"),
			accepted("03-05 09:30", "03-12 17:30"),
			["resolved", "03-13 10:00", "resolved", { note: "已组织招聘会" }],
			[
				"rated",
				"03-13 16:00",
				"reopened",
				{ plan: 2, process: 2, result: 2, reopened: true },
			],
		],
		ratings: [[2, "03-13 16:00"]],
	},
	{
		number: "2026-900006",
		title: "社保补贴申领",
		enterprise: "xinyuan-machinery",
		department: "hrss",
		created: "03-06 09:00",
		state: "done",
		events: [
			dispatched("03-06 09:00"),
			["refused", "03-06 10:00", "under_review", { reason: "不属于本局职责" }],
			[
				"review_decided",
				"03-09 10:00",
				"accepted",
				{
					outcome: "can_do",
					note: "属人社职责",
					workingDays: 3,
					dueAt: at("03-12 17:30").toISOString(),
					reportedToSupervision: true,
				},
			],
			["resolved", "03-11 10:00", "resolved", { note: "补贴已发放" }],
			["confirmed", "03-12 09:00", "done"],
		],
		ratings: [[3, "03-12 09:10"]],
	},
	{
		number: "2026-900007",
		title: "厂区停水",
		enterprise: "lvyuan-materials",
		department: "water",
		created: "03-21 09:00",
		state: "done",
		events: [
			dispatched("03-21 09:00"),
			accepted("03-21 10:00", "03-25 17:30"),
			["resolved", "03-24 10:00", "resolved", { note: "管道已修复" }],
			["confirmed", "03-24 12:00", "done"],
		],
		ratings: [[5, "03-24 12:10"]],
	},
	{
		number: "2026-900008",
		title: "货车限行",
		enterprise: "wanjia-trading",
		department: "transport",
		created: "03-18 09:00",
		state: "closed",
		events: [
			dispatched("03-18 09:00"),
			["refused", "03-18 10:00", "under_review", { reason: "属市级管理权限" }],
			[
				"review_decided",
				"03-23 10:00",
				"closed",
				{
					outcome: "refusal_stands",
					note: "确属市级权限",
					alternative: "已代为向市交通局反映",
				},
			],
		],
	},
	{
		number: "2026-900009",
		title: "想了解政策",
		enterprise: "yunshan-hotel",
		department: null,
		created: "03-15 09:00",
		state: "awaiting_dispatch",
		events: [],
	},
];

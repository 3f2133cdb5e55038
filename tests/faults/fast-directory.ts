/**
 * The fault suite's directory file: the WeChat end-to-end directory (tests/fixtures/directory/wechat-e2e.yaml)
 * with six more enterprise members, and a calendar and escalation policy on which a ladder runs in seconds
 * of real time: office hours all day, today and the next days working days, an acceptance deadline of
 * ~5 s, and short acceptance and rating ladders. Whatever the wall clock says, the same steps come due.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { E2E_DIRECTORY_FILE } from "../support/bot-harness.ts";

/** One working hour is one real hour (office hours 00:00–23:59), so these are real seconds. */
const hours = (seconds: number) => seconds / 3600;

/** Dispatch → acceptance deadline (the first acceptance step). */
export const ACCEPT_DEADLINE_S = 5;
/** Acceptance deadline → the service office is told. */
export const OFFICE_AFTER_S = 3;
/** Resolution → rating reminder; → auto-confirmation. */
export const RATING_REMIND_S = 1.5;
export const AUTO_CONFIRM_S = 3;

/** The playground group of the fault directory (for a bot in a child process). */
export const PLAYGROUND_GROUP = "fault-work";

/** The extra enterprise members: WeChat id and name, two to an enterprise. */
export const FAULT_ENTERPRISE_MEMBERS = [
	{ id: "wxid_fault_e1", name: "郑海涛", enterprise: "fault-hongda" },
	{ id: "wxid_fault_e2", name: "吴丽娟", enterprise: "fault-hongda" },
	{ id: "wxid_fault_e3", name: "周建华", enterprise: "fault-minjiang" },
	{ id: "wxid_fault_e4", name: "孙秀英", enterprise: "fault-minjiang" },
	{ id: "wxid_fault_e5", name: "马国庆", enterprise: "fault-sanxin" },
	{ id: "wxid_fault_e6", name: "朱丽华", enterprise: "fault-sanxin" },
] as const;

/** Today and the next few days in Beijing time, as YYYY-MM-DD (made working days whatever the weekday). */
function comingDates(count: number): string[] {
	const dates: string[] = [];
	for (let i = -1; i < count; i++)
		dates.push(
			new Date(Date.now() + 8 * 3_600_000 + i * 86_400_000)
				.toISOString()
				.slice(0, 10),
		);
	return dates;
}

/** Writes the directory to a temporary file and returns its path. */
export function writeFastDirectory(): string {
	const base = parse(readFileSync(E2E_DIRECTORY_FILE, "utf8")) as Record<
		string,
		unknown[] | Record<string, unknown> | string
	>;
	const enterprises = [
		...(base.enterprises as unknown[]),
		...["fault-hongda", "fault-minjiang", "fault-sanxin"].map((code, i) => ({
			code,
			name: [
				"三明宏达纺织有限公司",
				"三明闽江化工有限公司",
				"三明三鑫食品有限公司",
			][i],
			sector: "制造",
			area: "荆西园区",
			office: "industry",
		})),
	];
	// Everyone can also write in the playground group under the same id (a child process is driven there).
	const withPlayground = (person: Record<string, unknown>) => {
		const identities = (person.identities ?? []) as Array<{ id: string }>;
		const wechat = identities[0];
		return wechat
			? {
					...person,
					identities: [
						...identities,
						{ platform: "playground", id: wechat.id },
					],
				}
			: person;
	};
	const people = [
		...(base.people as Array<Record<string, unknown>>),
		...FAULT_ENTERPRISE_MEMBERS.map((member, i) => ({
			code: `fault-member-${i + 1}`,
			name: member.name,
			title: "总经理",
			roles: ["enterprise_member"],
			enterprise: member.enterprise,
			identities: [{ platform: "wechat", id: member.id }],
		})),
	].map(withPlayground);
	const groups = [
		...(base.groups as unknown[]),
		{
			code: "fault-playground",
			name: "三元区政企服务群（演示）",
			kind: "work",
			office: "industry",
			platform: "playground",
			conversationId: PLAYGROUND_GROUP,
		},
	];
	const limit = {
		acceptWorkingHours: hours(ACCEPT_DEADLINE_S),
		resolveWorkingDays: 1,
	};
	const directory = {
		...base,
		enterprises,
		people,
		groups,
		calendar: {
			officeHours: [["00:00", "23:59"]],
			workdays: comingDates(4),
		},
		deadlines: {
			clockStartsAt: "acceptance",
			byUrgency: { urgent: limit, normal: limit, complex: limit },
		},
		escalation: {
			acceptance: [
				{
					key: "remind",
					afterWorkingHours: 0,
					notify: [{ who: ["lead_officials"], text: "accept_overdue" }],
				},
				{
					key: "office",
					afterWorkingHours: hours(OFFICE_AFTER_S),
					notify: [{ who: ["office"], text: "accept_overdue_office" }],
				},
			],
			rating: [
				{
					key: "remind",
					afterWorkingHours: hours(RATING_REMIND_S),
					notify: [{ who: ["enterprise"], text: "rating_reminder" }],
				},
				{
					key: "auto_confirm",
					afterWorkingHours: hours(AUTO_CONFIRM_S),
					action: "auto_confirm",
					notify: [{ who: ["enterprise"], text: "auto_confirmed" }],
				},
			],
			followUp: [],
			review: [],
			quietHours: { enabled: false },
		},
	};
	const file = join(
		mkdtempSync(join(tmpdir(), "qq-faults-")),
		"directory.yaml",
	);
	writeFileSync(file, stringify(directory));
	return file;
}

/**
 * 上级交办 from the console: an office registers an issue handed down with its source (交办单位, 文号)
 * and its own time limit; it is dispatched and announced like any issue, cannot be resolved without
 * its report, is listed as missing its report until cause, measures and result are written — each step
 * an audit event. Another office cannot register for an enterprise that is not its own; the API takes
 * the same source only with channel `superior`.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirectoryCache } from "../../../bot/conversation/directory-cache.ts";
import { intakeRequestSchema } from "../../../bot/web/api/schema.ts";
import {
	handedDownPage,
	loadHandedDown,
	registerHandedDown,
	writeReport,
} from "../../../bot/web/console/handed-down.ts";
import { loadViewer, type Viewer } from "../../../bot/web/console/viewer.ts";
import { people } from "../../../db/schema/directory.ts";
import { issueEvents, issues } from "../../../db/schema/issues.ts";
import { outbox } from "../../../db/schema/pipeline.ts";
import type { IssuePolicySnapshot } from "../../../workflows/deadlines/policy-schema.ts";
import { blockedByRetrospective } from "../../../workflows/escalation/retrospective.ts";
import {
	createTestDatabase,
	type TestDatabase,
} from "../../support/databases.ts";
import { importDemoDirectory } from "../../support/reports-fixture.ts";

describe("上级交办 registered from the console, with its report [postgres]", () => {
	let database: TestDatabase;
	const directory = createDirectoryCache();
	const now = new Date("2026-12-07T02:00:00Z"); // a Monday, 10:00 in Shanghai
	const viewerOf = async (code: string): Promise<Viewer> => {
		const [person] = await database.db
			.select()
			.from(people)
			.where(eq(people.code, code));
		if (!person) throw new Error(`no ${code}`);
		return loadViewer(database.db, person);
	};
	const register = (viewer: Viewer, form: Record<string, string>) =>
		database.db.transaction(async (tx) =>
			registerHandedDown(tx, {
				viewer,
				directory: await directory.get(tx),
				locale: "zh-CN",
				form,
				now,
			}),
		);
	const FORM = {
		enterprise: "xinyuan-machinery",
		by: "市营商环境办",
		ref: "市营商办〔2026〕12号",
		title: "鑫元精密厂区频繁停电",
		text: "企业反映厂区一周内三次停电，生产线停产，请供电公司排查并限期解决",
		workingDays: "3",
	};

	beforeAll(async () => {
		database = await createTestDatabase("postgres");
		await importDemoDirectory(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	it("registers it with its source and own time limit, dispatched and announced, as audit events", async () => {
		const outcome = await register(await viewerOf("liu-jianping"), FORM);
		if (!outcome.ok) throw new Error(outcome.missing.join());
		const issue = outcome.issue;
		expect(issue.sourceChannel).toBe("superior");
		expect(issue.handedDownBy).toBe("市营商环境办");
		expect(issue.handedDownRef).toBe("市营商办〔2026〕12号");
		expect(issue.retrospectiveRequired).toBe(true);
		expect(issue.state).toBe("dispatched");
		expect((issue.policy as IssuePolicySnapshot).limit.resolveWorkingDays).toBe(
			3,
		);
		const events = await database.db
			.select()
			.from(issueEvents)
			.where(eq(issueEvents.issueId, issue.id));
		const source = events.find((e) => e.kind === "handed_down");
		expect(source?.payload).toEqual({
			by: "市营商环境办",
			ref: "市营商办〔2026〕12号",
			workingDays: 3,
		});
		expect(events.map((e) => e.kind)).toContain("created");
		const sent = await database.db
			.select()
			.from(outbox)
			.where(eq(outbox.issueId, issue.id));
		expect(
			sent.some((row) => JSON.stringify(row.message).includes("上级交办")),
		).toBe(true);
	});

	it("cannot be resolved without its report, and the page lists it as missing one", async () => {
		const viewer = await viewerOf("liu-jianping");
		const [row] = await loadHandedDown(database.db, viewer);
		expect(row?.reported).toBe(false);
		expect(
			await blockedByRetrospective(database.db, row?.issue as never, "resolve"),
		).toBe(true);
		const page = String(
			handedDownPage({
				locale: "zh-CN",
				base: "/console",
				csrfToken: "t",
				rows: await loadHandedDown(database.db, viewer),
				enterprises: [],
				notice: null,
			}),
		);
		expect(page).toContain("缺复盘报告 (1)");
		expect(page).toContain(`data-number="${row?.issue.number}"`);
		expect(page).toContain("市营商办〔2026〕12号");
	});

	it("takes the report only whole, records it as the retrospective with its event, and lifts the gate", async () => {
		const viewer = await viewerOf("liu-jianping");
		const [row] = await loadHandedDown(database.db, viewer);
		if (!row) throw new Error("no row");
		const partial = await database.db.transaction((tx) =>
			writeReport(tx, {
				viewer,
				issue: row.issue,
				locale: "zh-CN",
				form: { cause: "变压器接头老化" },
				now,
			}),
		);
		expect(partial).toEqual({ ok: false, missing: ["措施", "结果"] });
		const written = await database.db.transaction((tx) =>
			writeReport(tx, {
				viewer,
				issue: row.issue,
				locale: "zh-CN",
				form: {
					cause: "变压器接头老化",
					measures: "更换接头，全园区线路排查",
					result: "一个月内未再停电，企业满意",
				},
				now,
			}),
		);
		expect(written).toEqual({ ok: true });
		const [after] = await loadHandedDown(database.db, viewer);
		expect(after?.reported).toBe(true);
		expect(
			await blockedByRetrospective(database.db, row.issue, "resolve"),
		).toBe(false);
		const [event] = await database.db
			.select()
			.from(issueEvents)
			.where(eq(issueEvents.kind, "retrospective"));
		expect(event?.actorLabel).toBe("刘建平");
		expect((event?.payload as { note?: string } | undefined)?.note).toBe(
			"原因：变压器接头老化\n措施：更换接头，全园区线路排查\n结果：一个月内未再停电，企业满意",
		);
	});

	it("refuses another office's enterprise and an incomplete form", async () => {
		const other = await register(await viewerOf("zhang-min"), FORM);
		expect(other).toEqual({ ok: false, missing: ["企业"] });
		const bare = await register(await viewerOf("liu-jianping"), {
			...FORM,
			ref: "",
			workingDays: "0",
		});
		expect(bare).toEqual({
			ok: false,
			missing: ["文号", "办理时限（工作日，空则按类别）"],
		});
		const count = await database.db
			.select()
			.from(issues)
			.where(eq(issues.sourceChannel, "superior"));
		expect(count).toHaveLength(1);
	});

	it("the API takes the source only with channel superior", () => {
		const base = { enterprise: "xinyuan-machinery", text: "停电" };
		expect(
			intakeRequestSchema.safeParse({ ...base, channel: "superior" }).success,
		).toBe(false);
		expect(
			intakeRequestSchema.safeParse({
				...base,
				channel: "hotline_12345",
				handedDown: { by: "市营商环境办", ref: "12号" },
			}).success,
		).toBe(false);
		expect(
			intakeRequestSchema.safeParse({
				...base,
				channel: "superior",
				handedDown: { by: "市营商环境办", ref: "12号", workingDays: 5 },
			}).success,
		).toBe(true);
	});
});

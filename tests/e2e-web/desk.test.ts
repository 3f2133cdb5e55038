/**
 * The desk (办理台) in headless Chromium, on the whole bot with the demo directory: the service office
 * approves an extension and dispatches then transfers an issue from the console, through a
 * confirmation step; each action is one audit event and one message in the issue's group. The
 * server refuses the wrong people whatever the page shows: an official, another office, a
 * supervisor where the lifecycle does not let one act, a form without its CSRF token, the public.
 */
import { and, asc, eq, like } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { refusalText } from "../../bot/texts/lifecycle.ts";
import { setConsolePassword } from "../../bot/web/console/auth.ts";
import type { Db } from "../../db/client.ts";
import {
	departments,
	enterprises,
	people,
	serviceOffices,
} from "../../db/schema/directory.ts";
import { type Issue, issueEvents, issues } from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import { createWorkingCalendar } from "../../workflows/calendar/working-calendar.ts";
import { loadCalendarSettings } from "../../workflows/directory/queries.ts";
import { applyCommand } from "../../workflows/issues/apply-command.ts";
import { createIssue } from "../../workflows/issues/create-issue.ts";
import type { Command } from "../../workflows/lifecycle/commands.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { launchBrowser } from "../support/browser.ts";
import { docScreenshot } from "../support/doc-screenshots.ts";

let bot: TestBot;
let browser: Browser;
let db: Db;
const PASSWORD = "办理台-2026-secret";
const ROOM = "demo-industry";

const byCode = async <T extends { id: number }>(
	rows: Promise<T[]>,
): Promise<T> => {
	const [row] = await rows;
	if (!row) throw new Error("seed row missing");
	return row;
};
const person = (code: string) =>
	byCode(db.select().from(people).where(eq(people.code, code)));
const department = (code: string) =>
	byCode(db.select().from(departments).where(eq(departments.code, code)));

beforeAll(async () => {
	bot = await startTestBot({ env: { PLAYGROUND: "on" } });
	db = bot.qinqing.database.db;
	for (const code of ["liu-jianping", "zhang-min", "shi-lei", "luo-xiaodong"])
		await setConsolePassword(db, code, PASSWORD);
	browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await bot?.close();
});

/** An issue raised in the industry work group by 陈国栋 (新元机械); dispatched to `lead` when given. */
async function raise(title: string, lead: string | null): Promise<Issue> {
	const calendar = createWorkingCalendar(await loadCalendarSettings(db));
	const enterprise = await byCode(
		db
			.select()
			.from(enterprises)
			.where(eq(enterprises.code, "xinyuan-machinery")),
	);
	const office = await byCode(
		db.select().from(serviceOffices).where(eq(serviceOffices.code, "industry")),
	);
	const reporter = await person("chen-guodong");
	return db.transaction(async (tx) =>
		createIssue(tx, {
			sourceChannel: "playground",
			sourceConversationId: ROOM,
			sourceMessageId: `m-${title}`,
			title,
			body: title,
			enterpriseId: enterprise.id,
			reporterPersonId: reporter.id,
			officeId: office.id,
			categoryCode: "power",
			leadDepartmentId: lead ? (await department(lead)).id : null,
			policy: {
				clockStartsAt: "acceptance",
				limit: { acceptWorkingHours: 4, resolveWorkingDays: 5 },
			},
			now: new Date(),
			calendar,
		}),
	);
}

async function act(issue: Issue, code: string, command: Command) {
	const calendar = createWorkingCalendar(await loadCalendarSettings(db));
	const result = await applyCommand(db, {
		issueId: issue.id,
		command,
		actorPersonId: (await person(code)).id,
		now: new Date(),
		calendar,
	});
	if (!result.ok) throw new Error(refusalText("en", result.refusal));
	return result.issue;
}

const current = (id: number) =>
	byCode(db.select().from(issues).where(eq(issues.id, id)));

/** The group messages an issue's events produced (not the escalation engine's). */
const groupMessages = (issueId: number, kind: string) =>
	db
		.select({ conversationId: outbox.conversationId, message: outbox.message })
		.from(outbox)
		.where(
			and(
				eq(outbox.issueId, issueId),
				like(outbox.dedupeKey, `issue-${issueId}-v%-${kind}`),
			),
		);

const eventsOf = (issueId: number, kind: string) =>
	db
		.select()
		.from(issueEvents)
		.where(and(eq(issueEvents.issueId, issueId), eq(issueEvents.kind, kind)))
		.orderBy(asc(issueEvents.id));

async function signIn(code: string): Promise<Page> {
	const page = await browser.newPage({
		viewport: { width: 1300, height: 1000 },
	});
	await page.goto(`${bot.url}/console/`);
	await page.getByLabel("人员编码").fill(code);
	await page.getByLabel("密码").fill(PASSWORD);
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL(/\/console\/issues$/);
	return page;
}

/** A form post from the signed-in page, with the CSRF token of a page it just loaded. */
async function post(
	page: Page,
	number: string,
	fields: Record<string, string>,
	withCsrf = true,
) {
	await page.goto(`${bot.url}/console/issues`);
	const csrf = await page
		.locator('input[name="_csrf"]')
		.first()
		.getAttribute("value");
	return page.request.post(`${bot.url}/console/issues/${number}/act`, {
		form: { ...(withCsrf ? { _csrf: csrf ?? "" } : {}), ...fields },
		maxRedirects: 0,
	});
}

it("the office approves an extension from the desk: confirmation, audit event, one message in the group", async () => {
	const issue = await raise("配电房扩容审批慢", "power");
	await act(issue, "shi-lei", { type: "accept" });
	await act(issue, "shi-lei", {
		type: "request_extension",
		workingDays: 3,
		reason: "需等待省公司批复",
	});
	const before = await current(issue.id);

	const page = await signIn("liu-jianping");
	await page.getByRole("link", { name: "办理台" }).click();
	await page.waitForURL(/\/console\/desk$/);
	const row = page.locator(
		`#desk-extensions tr[data-number="${issue.number}"]`,
	);
	expect(await row.textContent()).toContain("需等待省公司批复");
	await docScreenshot(page, "desk", { fullPage: true });
	await row.getByRole("link", { name: issue.number }).click();

	const form = page.locator('form[data-action="approve_extension"]');
	await form.getByLabel("说明").fill("同意，请按新期限办结");
	await docScreenshot(page, "desk-issue", { fullPage: true });
	await form.getByRole("button", { name: "批准延期" }).click();
	expect(await page.locator("#confirm-question").textContent()).toContain(
		"批准延期",
	);
	expect(await page.locator("#confirm-details").textContent()).toContain(
		"同意，请按新期限办结",
	);
	// Nothing has happened before the confirmation.
	expect((await current(issue.id)).version).toBe(before.version);
	await page.getByRole("button", { name: "确认" }).click();
	await page.waitForURL(/done=approve_extension/);
	expect(await page.locator("#desk-notice").textContent()).toContain(
		"已批准延期",
	);

	const after = await current(issue.id);
	expect(after.pendingExtension).toBeNull();
	expect(after.dueAt?.getTime()).toBeGreaterThan(before.dueAt?.getTime() ?? 0);
	const [event] = await eventsOf(issue.id, "extension_approved");
	expect(event?.actorLabel).toBe("刘建平");
	expect(event?.actorPersonId).toBe((await person("liu-jianping")).id);
	const messages = await groupMessages(issue.id, "extension_approved");
	expect(messages).toHaveLength(1);
	expect(messages[0]?.conversationId).toBe(ROOM);
	expect(await page.locator("#timeline").textContent()).toContain("刘建平");
	await page.close();
}, 60_000);

it("the office dispatches a waiting issue and then transfers it, each through the confirmation step", async () => {
	const issue = await raise("厂区道路积水影响运输", null);
	const page = await signIn("liu-jianping");
	await page.goto(`${bot.url}/console/desk`);
	await page
		.locator(`#desk-awaiting_dispatch tr[data-number="${issue.number}"] a`)
		.click();

	const dispatch = page.locator('form[data-action="dispatch"]');
	await dispatch
		.getByLabel("单位", { exact: true })
		.selectOption({ label: "国网三明市三元区供电公司" });
	await dispatch.getByRole("button", { name: "派单" }).click();
	expect(await page.locator("#confirm-details").textContent()).toContain(
		"国网三明市三元区供电公司",
	);
	await page.getByRole("button", { name: "确认" }).click();
	await page.waitForURL(/done=dispatch/);
	const power = await department("power");
	expect(await current(issue.id)).toMatchObject({
		state: "dispatched",
		leadDepartmentId: power.id,
	});
	expect(await groupMessages(issue.id, "dispatched")).toHaveLength(1);

	const transfer = page.locator('form[data-action="transfer"]');
	await transfer
		.getByLabel("单位", { exact: true })
		.selectOption({ label: "三元区水务有限公司" });
	await transfer.getByLabel("理由").fill("积水属排水管网问题");
	await transfer.getByRole("button", { name: "转办" }).click();
	await page.getByRole("button", { name: "确认" }).click();
	await page.waitForURL(/done=transfer/);
	const water = await department("water");
	expect(await current(issue.id)).toMatchObject({
		state: "dispatched",
		leadDepartmentId: water.id,
		transferCount: 1,
	});
	const [event] = await eventsOf(issue.id, "transferred");
	expect(event?.actorLabel).toBe("刘建平");
	expect(event?.payload).toMatchObject({ reason: "积水属排水管网问题" });
	const messages = await groupMessages(issue.id, "transferred");
	expect(messages).toHaveLength(1);
	expect(messages[0]?.conversationId).toBe(ROOM);
	await page.close();
}, 60_000);

it("refuses the wrong people on the server, whatever they post", async () => {
	const issue = await raise("蒸汽管道报装", "power");
	await act(issue, "shi-lei", { type: "accept" });
	await act(issue, "shi-lei", {
		type: "request_extension",
		workingDays: 2,
		reason: "等待施工许可",
	});
	const before = await current(issue.id);
	const approve = {
		action: "approve_extension",
		version: String(before.version),
		step: "confirm",
	};

	// An official of the lead department: the desk is not theirs (they act in their group).
	const official = await signIn("shi-lei");
	expect((await post(official, issue.number, approve)).status()).toBe(403);
	await official.goto(`${bot.url}/console/desk`);
	expect(await official.locator("h1").textContent()).not.toBe("办理台");
	await official.close();

	// Another service office does not see the issue at all.
	const otherOffice = await signIn("zhang-min");
	expect((await post(otherOffice, issue.number, approve)).status()).toBe(404);
	await otherOffice.close();

	// A supervisor sees everything but may not approve extensions (office, admin, leader in charge).
	const supervisor = await signIn("luo-xiaodong");
	const refused = await post(supervisor, issue.number, approve);
	expect(refused.status()).toBe(403);
	expect(await refused.text()).toContain("未能批准延期");
	await supervisor.goto(`${bot.url}/console/issues/${issue.number}`);
	expect(
		await supervisor.locator('form[data-action="approve_extension"]').count(),
	).toBe(0);
	expect(
		await supervisor.locator('form[data-action="raise_tier"]').count(),
	).toBe(1);
	await supervisor.close();

	// The right person without the CSRF token, and with a stale version.
	const office = await signIn("liu-jianping");
	expect((await post(office, issue.number, approve, false)).status()).toBe(403);
	const stale = await post(office, issue.number, {
		...approve,
		version: String(before.version - 1),
	});
	expect(stale.status()).toBe(409);

	// The public: no session, no action.
	const anonymous = await fetch(
		`${bot.url}/console/issues/${issue.number}/act`,
		{
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams(approve).toString(),
			redirect: "manual",
		},
	);
	expect(anonymous.status).toBeGreaterThanOrEqual(300);
	expect(anonymous.status).toBeLessThan(400);

	const after = await current(issue.id);
	expect(after.version).toBe(before.version);
	expect(after.pendingExtension).not.toBeNull();
	expect(await eventsOf(issue.id, "extension_approved")).toHaveLength(0);

	// And the office itself, for contrast, may.
	const allowed = await post(office, issue.number, approve);
	expect(allowed.status()).toBe(303);
	expect((await current(issue.id)).pendingExtension).toBeNull();
	await office.close();
}, 90_000);

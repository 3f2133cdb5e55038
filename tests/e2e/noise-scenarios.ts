/**
 * The noise budget of issue #16, as scripted scenarios a platform's suite runs through its own
 * driver (WeChat puppet-mock, Slack's fake API): each scenario takes one issue from report to rating
 * and counts the bot's messages the group sees. Direct messages are counted apart.
 */
import { desc, eq } from "drizzle-orm";
import { runWakeUp } from "../../bot/escalation/run-wake-up.ts";
import type { Db } from "../../db/client.ts";
import { type Issue, issues } from "../../db/schema/issues.ts";

/** Who speaks: the reporting enterprise member, or an official of the lead department. */
export type Speaker = "enterprise" | "official";

export interface NoiseDriver {
	db: Db;
	/** Starts a scenario: later posts of the enterprise and official belong to its issue (a Slack thread). */
	begin(scenario: string): void;
	/** Posts as `who`, waits until the bot has handled it and sent everything it wrote. */
	post(who: Speaker, text: string): Promise<void>;
	/** The enterprise posts a photo; a platform without attachments (the playground) has none. */
	photo?(): Promise<void>;
	/** Waits until every message the bot wrote is sent (after timers ran). */
	settle(): Promise<void>;
	/** The bot's messages in the work group so far (posts everyone in the group reads). */
	groupMessages(): Promise<number>;
	/** The bot's direct messages so far, to anyone. */
	directMessages(): Promise<number>;
}

export interface ScenarioCount {
	scenario: string;
	group: number;
	direct: number;
}

/** At most this many bot messages in the group for one issue from report to rating. */
export const NORMAL_BUDGET = 5;
/**
 * A reopened issue: the four messages of a normal one (acknowledgement, accepted, resolved,
 * confirmed) plus the reopening and the second resolution.
 */
export const REOPENED_BUDGET = 6;

export const SCENARIOS = [
	"normal, natural confirmation",
	"photo and three follow-ups",
	"late through red and the sanctions",
	"reopened",
] as const;

export async function runNoiseScenarios(
	driver: NoiseDriver,
): Promise<ScenarioCount[]> {
	const counts: ScenarioCount[] = [];
	const measure = async (
		scenario: string,
		script: () => Promise<void>,
	): Promise<void> => {
		driver.begin(scenario);
		const group = await driver.groupMessages();
		const direct = await driver.directMessages();
		await script();
		await driver.settle();
		const count = {
			scenario,
			group: (await driver.groupMessages()) - group,
			direct: (await driver.directMessages()) - direct,
		};
		counts.push(count);
		console.log("noise:", JSON.stringify(count));
	};

	await measure(SCENARIOS[0], async () => {
		await driver.post(
			"enterprise",
			"我们厂区昨晚开始频繁跳闸停电，两条生产线受影响，请帮忙排查一下",
		);
		const issue = await newestIssue(driver.db);
		await driver.post("official", `#${short(issue)} 受理`);
		await driver.post(
			"official",
			`#${short(issue)} 办结 已更换老化的变压器接头，恢复正常供电`,
		);
		await driver.post("enterprise", "已经修好了，谢谢");
		await expectState(driver.db, issue, "done");
	});

	await measure(SCENARIOS[1], async () => {
		await driver.post(
			"enterprise",
			"仓库的电压一直不稳，灯忽明忽暗，设备经常跳闸，请供电公司看看",
		);
		const issue = await newestIssue(driver.db);
		if (driver.photo) await driver.photo();
		else
			await driver.post("enterprise", "配电箱的照片我稍后补上，开关已经烧黑了");
		await driver.post(
			"enterprise",
			"补充一下，是B区仓库的配电箱，早上又跳闸了",
		);
		await driver.post("enterprise", "另外C区的变压器也有嗡嗡的响声，电压偏低");
		await driver.post("enterprise", "今天下午跳闸了三次，设备用电受影响");
		await driver.post("official", `#${short(issue)} 受理`);
		await driver.post(
			"official",
			`#${short(issue)} 办结 已调整仓库线路的分接头，电压稳定`,
		);
		await driver.post("enterprise", "满意");
		await expectState(driver.db, issue, "done");
	});

	await measure(SCENARIOS[2], async () => {
		await driver.post(
			"enterprise",
			"厂区南门的变压器供电不足，新装的两台设备用电负荷上不去，请帮忙扩容",
		);
		const issue = await newestIssue(driver.db);
		await driver.post("official", `#${short(issue)} 受理`);
		const steps = await runTimersThroughSanctions(driver.db, issue.id);
		if (!steps.some((s) => s.startsWith("sanction-interview")))
			throw new Error(`the ladder stopped early: ${steps.join(", ")}`);
		await driver.settle();
		await driver.post(
			"official",
			`#${short(issue)} 办结 已完成扩容，新增一台变压器`,
		);
		await driver.post("enterprise", "满意，辛苦了");
		await expectState(driver.db, issue, "done");
	});

	await measure(SCENARIOS[3], async () => {
		await driver.post(
			"enterprise",
			"车间的电压又低了，空压机启动不了，请供电公司尽快处理",
		);
		const issue = await newestIssue(driver.db);
		await driver.post("official", `#${short(issue)} 受理`);
		await driver.post("official", `#${short(issue)} 办结 已调整线路`);
		await driver.post("enterprise", "不满意，问题依旧");
		await expectState(driver.db, issue, "reopened");
		await driver.post(
			"official",
			`#${short(issue)} 办结 已更换车间的进线电缆，电压正常`,
		);
		await driver.post("enterprise", `#${short(issue)} 满意`);
		await expectState(driver.db, issue, "done");
	});
	return counts;
}

/**
 * The escalation ladder of one issue, step by step at the time each is due (the wake-up the engine
 * would run then), until the last sanction (约谈) is taken. Returns the step keys taken.
 */
export async function runTimersThroughSanctions(
	db: Db,
	issueId: number,
): Promise<string[]> {
	const taken: string[] = [];
	for (let i = 0; i < 30; i++) {
		const [issue] = await db
			.select()
			.from(issues)
			.where(eq(issues.id, issueId));
		if (!issue?.nextWakeAt) break;
		const outcome = await runWakeUp(
			db,
			{ issueId, generation: issue.wakeGeneration },
			{ now: issue.nextWakeAt, locale: "zh-CN" },
		);
		if (outcome.status === "ran") taken.push(...outcome.steps);
		if (taken.some((s) => s.startsWith("sanction-interview"))) break;
	}
	return taken;
}

async function newestIssue(db: Db): Promise<Issue> {
	const [issue] = await db
		.select()
		.from(issues)
		.orderBy(desc(issues.id))
		.limit(1);
	if (!issue) throw new Error("no issue was opened");
	return issue;
}

async function expectState(
	db: Db,
	issue: Issue,
	state: Issue["state"],
): Promise<void> {
	const [row] = await db.select().from(issues).where(eq(issues.id, issue.id));
	if (row?.state !== state)
		throw new Error(`#${issue.number} is ${row?.state}, expected ${state}`);
}

function short(issue: Issue): string {
	return String(Number(issue.number.slice(5)));
}

/** The figures as a Markdown table, for docs/noise.md. */
export function countsTable(counts: ScenarioCount[]): string {
	return counts
		.map((c) => `| ${c.scenario} | ${c.group} | ${c.direct} |`)
		.join("\n");
}

/**
 * The fixed script every fault run plays, and how its end state is measured.
 *
 * Before the fault (phase A): four enterprises report a problem each; 施磊 accepts and resolves the
 * first, 王强 accepts the second; the other two are left to the acceptance ladder. During the fault
 * (phase B): three more problems, a progress note and a follow-up. The ladders are seconds long
 * (fast-directory.ts), so steps come due during the fault. Whatever happens, the undisturbed end
 * state is known: EXPECTED_STEPS below, which the undisturbed run checks.
 */
import { Queue } from "bullmq";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Platform } from "../../bot/messages.ts";
import { inboundJobId } from "../../bot/pipeline/job-ids.ts";
import { DEFAULT_PREFIX } from "../../bot/pipeline/redis.ts";
import type { Db } from "../../db/client.ts";
import { escalationSteps, issues } from "../../db/schema/issues.ts";
import { inboundMessages, outbox } from "../../db/schema/pipeline.ts";
import { PEOPLE } from "../e2e/wechat-room.ts";
import type { PrivateRedis } from "../support/private-redis.ts";
import { sleep, waitFor } from "../support/wait.ts";
import { FAULT_ENTERPRISE_MEMBERS as E } from "./fast-directory.ts";

/** Where the script is played: the WeChat mock room, or the playground of a bot in a child process. */
export interface ChatDriver {
	platform: Platform;
	/** Posts `text` as `authorId` in the work group; returns the platform's message id. */
	say(authorId: string, text: string): Promise<string>;
	/** Posts the same text again under a new message id (a puppet that redelivers with a new id). */
	sayAgain?(messageId: string): Promise<string>;
	/** What the bot has said, everywhere, oldest first. */
	botSaid(): Promise<string[]>;
}

export type Label = "a1" | "a2" | "a3" | "a4" | "b1" | "b2" | "b5";

/** The problems of the script: who reports, what. Distinct categories per enterprise, so none joins another. */
const REPORTS: Record<Label, { who: string; text: string }> = {
	a1: {
		who: E[0].id,
		text: "我们厂配电房昨晚跳闸两次，车间设备全部停机，请供电公司帮忙排查",
	},
	a2: {
		who: E[2].id,
		text: "厂区高压线路老化，最近经常断电，冷库温度控制不住",
	},
	a3: {
		who: E[4].id,
		text: "新装的变压器经常报警，车间电压忽高忽低，设备不敢开",
	},
	a4: {
		who: PEOPLE.huang.id,
		text: "园区门口道路坑洼严重，货车进出困难，已经影响物流发货",
	},
	b1: {
		who: E[1].id,
		text: "工业园通勤班车取消了，员工上下班没有公交，请交通局协调",
	},
	b2: {
		who: E[3].id,
		text: "厂门口的道路施工围挡占了一半车道，物流货车掉不了头",
	},
	b5: {
		who: PEOPLE.chen.id,
		text: "厂里的用电容量不够，新生产线接不上电，申请增容一直没有答复",
	},
};

/** Normalized step keys (the anchor's time token removed) each script issue must end with, once each. */
export const EXPECTED_STEPS: Record<Label, string[]> = {
	a1: ["rating-remind", "rating-auto_confirm"],
	a2: [],
	a3: ["accept-remind", "accept-office"],
	a4: ["accept-remind", "accept-office"],
	b1: ["accept-remind", "accept-office"],
	b2: ["accept-remind", "accept-office"],
	b5: ["accept-remind", "accept-office"],
};

export interface FaultOutcome {
	fault: string;
	/** Posted messages neither in inbound_messages nor waiting in the inbound queue. */
	lostMessages: number;
	lostSteps: number;
	doubledSteps: number;
	duplicateIssues: number;
	/** Extra copies of a text the bot said (beyond the first). */
	duplicateSends: number;
	/** From the end of the fault to the end state (null: never reached within the wait). */
	recoverMs: number | null;
	/** What went wrong, for the table and a failing test's message. */
	notes: string[];
}

export class ScenarioRun {
	readonly posted: Array<{
		label: string;
		messageId: string;
		who: string;
		text: string;
	}> = [];
	/** Copies the script posts on purpose (a redelivery): never counted as lost. */
	readonly copies = new Set<string>();
	readonly numbers = new Map<Label, string>();

	constructor(
		readonly chat: ChatDriver,
		readonly db: Db,
		readonly redis: PrivateRedis,
	) {}

	async post(label: string, who: string, text: string): Promise<string> {
		const messageId = await this.chat.say(who, text);
		this.posted.push({ label, messageId, who, text });
		return messageId;
	}

	async report(label: Label): Promise<string> {
		const { who, text } = REPORTS[label];
		return this.post(label, who, text);
	}

	/** Phase A, undisturbed: four reports, two acceptances, one resolution; waits for each. */
	async phaseA(): Promise<void> {
		const ids = await Promise.all(
			(["a1", "a2", "a3", "a4"] as const).map((l) => this.report(l)),
		);
		for (const [i, label] of (["a1", "a2", "a3", "a4"] as const).entries()) {
			const row = await this.processed(ids[i] ?? "");
			if (!row.issueId)
				throw new Error(`${label} made no issue (${row.outcome})`);
			const [issue] = await this.db
				.select()
				.from(issues)
				.where(eq(issues.id, row.issueId));
			if (!issue) throw new Error(`no issue for ${label}`);
			this.numbers.set(label, issue.number);
		}
		await this.processed(
			await this.post("a1-accept", PEOPLE.shi.id, `#${this.short("a1")} 受理`),
		);
		await this.processed(
			await this.post("a2-accept", PEOPLE.wang.id, `#${this.short("a2")} 受理`),
		);
		await this.processed(
			await this.post(
				"a1-resolve",
				PEOPLE.shi.id,
				`#${this.short("a1")} 办结 已更换配电房的跳闸开关，恢复供电`,
			),
		);
		for (const [label, state] of [
			["a1", "resolved"],
			["a2", "accepted"],
		] as const) {
			const issue = await this.issue(label);
			if (issue?.state !== state)
				throw new Error(`${label} is ${issue?.state}, not ${state}`);
		}
	}

	/** Phase B: posted during the fault, without waiting for the bot (it may be away). */
	async phaseB(): Promise<void> {
		await this.report("b1");
		await this.report("b2");
		await this.post(
			"b3-progress",
			PEOPLE.wang.id,
			`#${this.short("a2")} 进展 已安排人员到现场查看线路`,
		);
		await this.post(
			"b4-follow-up",
			E[5].id,
			"补充一下：变压器今天上午又报警了一次，车间停了半小时",
		);
		await this.report("b5");
	}

	short(label: Label): string {
		const number = this.numbers.get(label);
		if (!number) throw new Error(`no number for ${label} yet`);
		return String(Number(number.slice(5)));
	}

	async issue(label: Label) {
		const number = this.numbers.get(label);
		if (!number) return undefined;
		const [issue] = await this.db
			.select()
			.from(issues)
			.where(eq(issues.number, number));
		return issue;
	}

	/** Waits until the bot has recorded (and handled) this message. */
	async processed(messageId: string, timeoutMs = 20_000) {
		return waitFor(
			async () =>
				(
					await this.db
						.select()
						.from(inboundMessages)
						.where(eq(inboundMessages.messageId, messageId))
				)[0],
			`message ${messageId} processed`,
			timeoutMs,
			{ retryErrors: true },
		);
	}

	/** Every script issue's normalized steps, by label (issues the script did not mean are "extra-<id>"). */
	async stepsByLabel(): Promise<Map<string, string[]>> {
		const rows = await this.db
			.select({
				issueId: issues.id,
				sourceMessageId: issues.sourceMessageId,
				stepKey: escalationSteps.stepKey,
			})
			.from(escalationSteps)
			.innerJoin(issues, eq(issues.id, escalationSteps.issueId))
			.orderBy(asc(escalationSteps.doneAt));
		const standIns = await this.recordedStandIns();
		const labelOf = new Map(
			this.posted.flatMap((p) => {
				const standIn = standIns.get(p.messageId);
				return [
					[p.messageId, p.label] as const,
					...(standIn ? [[standIn, p.label] as const] : []),
				];
			}),
		);
		const byLabel = new Map<string, string[]>();
		for (const row of rows) {
			const label =
				labelOf.get(row.sourceMessageId ?? "") ?? `extra-${row.issueId}`;
			byLabel.set(label, [
				...(byLabel.get(label) ?? []),
				row.stepKey.replace(/-[^-]+$/, ""),
			]);
		}
		return byLabel;
	}

	/** Steps missing from / beyond EXPECTED_STEPS. */
	async stepDifferences(): Promise<{ lost: string[]; extra: string[] }> {
		const actual = await this.stepsByLabel();
		const lost: string[] = [];
		const extra: string[] = [];
		for (const [label, expected] of Object.entries(EXPECTED_STEPS)) {
			const have = [...(actual.get(label) ?? [])];
			for (const step of expected) {
				const at = have.indexOf(step);
				if (at === -1) lost.push(`${label}:${step}`);
				else have.splice(at, 1);
			}
			extra.push(...have.map((s) => `${label}:${s}`));
		}
		for (const [label, steps] of actual)
			if (!(label in EXPECTED_STEPS))
				extra.push(...steps.map((s) => `${label}:${s}`));
		return { lost, extra };
	}

	/**
	 * For each posted message, the recorded message that stands for it: itself, or — when a post was
	 * sent again because the bot died before answering it — the earlier attempt the bot did take,
	 * the same words from the same person, of which the resend was then a content duplicate.
	 */
	async recordedStandIns(): Promise<Map<string, string>> {
		const rows = await this.db
			.select({
				messageId: inboundMessages.messageId,
				author: inboundMessages.authorExternalId,
				text: inboundMessages.text,
			})
			.from(inboundMessages);
		const postedIds = new Set(this.posted.map((p) => p.messageId));
		const recorded = new Set(rows.map((r) => r.messageId));
		const unposted = rows.filter((r) => !postedIds.has(r.messageId));
		const standIns = new Map<string, string>();
		for (const p of this.posted) {
			if (recorded.has(p.messageId)) standIns.set(p.messageId, p.messageId);
			else {
				const earlier = unposted.find(
					(r) => r.author === p.who && r.text.trim() === p.text.trim(),
				);
				if (earlier) standIns.set(p.messageId, earlier.messageId);
			}
		}
		return standIns;
	}

	/** Posted messages (not counting deliberate copies) that are neither recorded nor queued. */
	async lostMessages(): Promise<string[]> {
		const recorded = new Set((await this.recordedStandIns()).keys());
		const queue = new Queue("inbound", {
			connection: this.redis.connection,
			prefix: DEFAULT_PREFIX,
		});
		queue.on("error", () => {});
		try {
			const lost: string[] = [];
			for (const { label, messageId } of this.posted) {
				if (this.copies.has(messageId) || recorded.has(messageId)) continue;
				const job = await queue.getJob(
					inboundJobId(this.chat.platform, messageId),
				);
				if (!job) lost.push(`${label} (${messageId})`);
			}
			return lost;
		} finally {
			await queue.close();
		}
	}

	async duplicateIssues(): Promise<number> {
		const rows = await this.db
			.select({
				reporter: issues.reporterPersonId,
				category: issues.categoryCode,
			})
			.from(issues);
		const seen = new Set(rows.map((r) => `${r.reporter}/${r.category}`));
		return rows.length - seen.size;
	}

	async duplicateSends(): Promise<string[]> {
		const said = await this.chat.botSaid();
		const counts = new Map<string, number>();
		for (const text of said) counts.set(text, (counts.get(text) ?? 0) + 1);
		return [...counts]
			.filter(([, n]) => n > 1)
			.map(([t, n]) => `${n}× ${t.slice(0, 40)}`);
	}

	/** The end state is reached: every message handled, every expected step taken, the outbox empty. */
	async settled(): Promise<boolean> {
		if ((await this.lostMessages()).length > 0) return false;
		const recorded = new Set((await this.recordedStandIns()).keys());
		if (
			this.posted.some(
				(p) => !this.copies.has(p.messageId) && !recorded.has(p.messageId),
			)
		)
			return false;
		if ((await this.stepDifferences()).lost.length > 0) return false;
		const unsent = await this.db
			.select({ id: outbox.id })
			.from(outbox)
			.where(and(isNull(outbox.sentAt), isNull(outbox.lastError)));
		return unsent.length === 0;
	}

	/**
	 * Waits for the end state (or `timeoutMs`), then a quiet spell in which a late duplicate would
	 * show, and measures.
	 */
	async measure(
		fault: string,
		recoveredAt: number,
		timeoutMs = 120_000,
	): Promise<FaultOutcome> {
		let recoverMs: number | null = null;
		const until = Date.now() + timeoutMs;
		while (Date.now() < until) {
			if (await this.settled().catch(() => false)) {
				recoverMs = Date.now() - recoveredAt;
				break;
			}
			await sleep(250);
		}
		await sleep(3000);
		const lost = await this.lostMessages();
		const steps = await this.stepDifferences();
		const duplicateIssues = await this.duplicateIssues();
		const sends = await this.duplicateSends();
		const unprocessed = await this.unprocessed();
		const notes = [
			...lost.map((m) => `lost message ${m}`),
			...unprocessed.map((m) => `still queued ${m}`),
			...steps.lost.map((s) => `lost step ${s}`),
			...steps.extra.map((s) => `extra step ${s}`),
			...sends.map((s) => `sent ${s}`),
			...(recoverMs === null ? ["did not reach the end state"] : []),
		];
		return {
			fault,
			lostMessages: lost.length,
			lostSteps: steps.lost.length,
			doubledSteps: steps.extra.length,
			duplicateIssues,
			duplicateSends: sends.reduce(
				(sum, s) => sum + Number(s.split("×")[0]) - 1,
				0,
			),
			recoverMs,
			notes,
		};
	}

	private async unprocessed(): Promise<string[]> {
		const recorded = new Set((await this.recordedStandIns()).keys());
		const lost = new Set(await this.lostMessages());
		return this.posted
			.filter(
				(p) =>
					!this.copies.has(p.messageId) &&
					!recorded.has(p.messageId) &&
					!lost.has(`${p.label} (${p.messageId})`),
			)
			.map((p) => p.label);
	}
}

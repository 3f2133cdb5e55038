import { describe, expect, it } from "vitest";
import type { Mention } from "../../../bot/messages.ts";
import { issueNumberOf } from "../../../workflows/commands/issue-ref.ts";
import { parseCommand } from "../../../workflows/commands/parse-command.ts";
import type {
	DraftCommand,
	IssueRef,
	ParsedCommand,
} from "../../../workflows/commands/types.ts";

const n12: IssueRef = { kind: "short", seq: 12 };

function lifecycle(
	text: string,
	extra: Partial<Parameters<typeof parseCommand>[0]> = {},
) {
	const parsed = parseCommand({ text, ...extra });
	if (parsed?.kind !== "lifecycle")
		throw new Error(`${text} → ${JSON.stringify(parsed)}`);
	return parsed;
}

describe("every documented command parses", () => {
	const cases: Array<[string, string, DraftCommand[]]> = [
		["#12 受理", "accept", [{ type: "accept" }]],
		[
			"#12 进展 已联系现场勘查",
			"progress",
			[{ type: "progress", note: "已联系现场勘查" }],
		],
		[
			"#12 转办 @自然资源局 用地规划不属于我局职责",
			"transfer",
			[
				{
					type: "transfer",
					department: { name: "自然资源局" },
					reason: "用地规划不属于我局职责",
				},
			],
		],
		[
			"#12 协办 @交通运输局",
			"add_co_handler",
			[{ type: "add_co_handler", department: { name: "交通运输局" } }],
		],
		[
			"#12 取消协办 @交通运输局",
			"remove_co_handler",
			[{ type: "remove_co_handler", department: { name: "交通运输局" } }],
		],
		[
			"#12 办结 已开通4路公交延长线",
			"resolve",
			[{ type: "resolve", note: "已开通4路公交延长线" }],
		],
		[
			"#12 延期 3个工作日 需等待电力部门停电窗口",
			"request_extension",
			[
				{
					type: "request_extension",
					workingDays: 3,
					reason: "需等待电力部门停电窗口",
				},
			],
		],
		[
			"#12 延期 3天 材料未齐",
			"request_extension",
			[{ type: "request_extension", workingDays: 3, reason: "材料未齐" }],
		],
		[
			"#12 延期 三天 材料未齐",
			"request_extension",
			[{ type: "request_extension", workingDays: 3, reason: "材料未齐" }],
		],
		[
			"#12 extend 3 waiting for the survey",
			"request_extension",
			[
				{
					type: "request_extension",
					workingDays: 3,
					reason: "waiting for the survey",
				},
			],
		],
		["#12 同意延期", "approve_extension", [{ type: "approve_extension" }]],
		[
			"#12 同意延期 请按期办结",
			"approve_extension",
			[{ type: "approve_extension", note: "请按期办结" }],
		],
		[
			"#12 不同意延期 理由不充分",
			"deny_extension",
			[{ type: "deny_extension", reason: "理由不充分" }],
		],
		[
			"#12 不能办 该地块属于基本农田",
			"refuse",
			[{ type: "refuse", reason: "该地块属于基本农田" }],
		],
		[
			"#12 满意",
			"satisfied",
			[{ type: "confirm" }, { type: "rate", plan: 5, process: 5, result: 5 }],
		],
		[
			"#12 基本满意",
			"basically_satisfied",
			[{ type: "confirm" }, { type: "rate", plan: 4, process: 4, result: 4 }],
		],
		[
			"#12 不满意 路灯还是不亮",
			"unsatisfied",
			[{ type: "reopen", reason: "路灯还是不亮" }],
		],
		[
			"#12 评价 5 4 5",
			"rate",
			[{ type: "rate", plan: 5, process: 4, result: 5 }],
		],
		[
			"#12 评价 5 4 5 响应很及时",
			"rate",
			[{ type: "rate", plan: 5, process: 4, result: 5, comment: "响应很及时" }],
		],
		[
			"#12 评价 545",
			"rate",
			[{ type: "rate", plan: 5, process: 4, result: 5 }],
		],
		["#12 评价 5", "rate", [{ type: "rate", plan: 5, process: 5, result: 5 }]],
		[
			"#12 补充 营业执照已上传",
			"supply_info",
			[{ type: "supply_info", text: "营业执照已上传" }],
		],
		[
			"#12 需补充 请提供用电户号",
			"request_info",
			[{ type: "request_info", question: "请提供用电户号" }],
		],
		[
			"#12 退单 不属于本局职责",
			"return",
			[{ type: "return", reason: "不属于本局职责" }],
		],
		[
			"#12 升级 涉及三个部门需联席会议",
			"raise_tier",
			[{ type: "raise_tier", reason: "涉及三个部门需联席会议" }],
		],
		[
			"#12 派单 @人社局",
			"dispatch",
			[{ type: "dispatch", department: { name: "人社局" }, coDepartments: [] }],
		],
		[
			"#12 派单 @人社局 @教育局 紧急",
			"dispatch",
			[
				{
					type: "dispatch",
					department: { name: "人社局" },
					coDepartments: [{ name: "教育局" }],
					urgency: "urgent",
				},
			],
		],
		["#12 撤回", "withdraw", [{ type: "withdraw" }]],
		[
			"#12 撤回 已自行解决",
			"withdraw",
			[{ type: "withdraw", reason: "已自行解决" }],
		],
		["#12 关闭 重复问题", "close", [{ type: "close", reason: "重复问题" }]],
		[
			"#12 评议 维持 协调周边园区厂房租赁",
			"decide_review",
			[
				{
					type: "decide_review",
					outcome: "refusal_stands",
					note: "协调周边园区厂房租赁",
					alternative: "协调周边园区厂房租赁",
				},
			],
		],
		[
			"#12 评议 应办 5 先完成规划调整",
			"decide_review",
			[
				{
					type: "decide_review",
					outcome: "should_do",
					workingDays: 5,
					note: "先完成规划调整",
				},
			],
		],
		[
			"#12 评议 能办 2 立即办理并报督查室",
			"decide_review",
			[
				{
					type: "decide_review",
					outcome: "can_do",
					workingDays: 2,
					note: "立即办理并报督查室",
				},
			],
		],
		["#12 确认", "confirm", [{ type: "confirm" }]],
	];

	it.each(cases)("%s", (text, specId, commands) => {
		const parsed = lifecycle(text);
		expect(parsed.spec.id).toBe(specId);
		expect(parsed.issueRef).toEqual(n12);
		expect(parsed.commands).toEqual(commands);
	});
});

describe("English aliases", () => {
	const cases: Array<[string, string]> = [
		["#12 accept", "accept"],
		["#12 progress called the site", "progress"],
		["#12 transfer @NaturalResources out of scope", "transfer"],
		["#12 cohandle @Transport", "add_co_handler"],
		["#12 uncohandle @Transport", "remove_co_handler"],
		["#12 resolve bus line extended", "resolve"],
		["#12 approve-extension", "approve_extension"],
		["#12 deny-extension not justified", "deny_extension"],
		["#12 refuse farmland", "refuse"],
		["#12 cannot farmland", "refuse"],
		["#12 satisfied", "satisfied"],
		["#12 OK", "satisfied"],
		["#12 unsatisfied still broken", "unsatisfied"],
		["#12 rate 5 4 5", "rate"],
		["#12 supply licence uploaded", "supply_info"],
		["#12 ask which meter?", "request_info"],
		["#12 return not ours", "return"],
		["#12 raise needs the joint meeting", "raise_tier"],
		["#12 dispatch @HR", "dispatch"],
		["#12 withdraw", "withdraw"],
		["#12 close duplicate", "close"],
		["#12 review stands offered another site", "decide_review"],
		["#12 review should 5 plan first", "decide_review"],
		["#12 review can 2 do it now", "decide_review"],
		["#12 Confirm", "confirm"],
	];
	it.each(cases)("%s", (text, specId) => {
		expect(lifecycle(text).spec.id).toBe(specId);
	});
});

describe("queries", () => {
	it.each([
		["帮助", "help"],
		["help", "help"],
		["帮助？", "help"],
		["待办", "queue"],
		["queue", "queue"],
		["我的问题", "my_issues"],
		["my issues", "my_issues"],
		["@亲清助手 帮助", "help"],
		["登录", "login"],
		["Login", "login"],
		["log in", "login"],
		["@亲清助手 登录", "login"],
	])("%s is the %s query", (text, id) => {
		const parsed = parseCommand({ text, bot: { names: ["亲清助手"] } });
		expect(parsed).toMatchObject({
			kind: "query",
			spec: { id },
			issueRef: null,
		});
	});

	it("#12 alone shows the issue", () => {
		expect(parseCommand({ text: "#12" })).toMatchObject({
			kind: "query",
			spec: { id: "show_issue" },
			issueRef: n12,
		});
	});

	it("a query word inside a sentence is not a query", () => {
		expect(parseCommand({ text: "我的问题是厂区停电" })).toBeNull();
		expect(parseCommand({ text: "需要帮助" })).toBeNull();
		expect(parseCommand({ text: "系统登录不上去了" })).toBeNull();
	});
});

describe("tolerated variants", () => {
	it.each([
		"＃１２　受理",
		"#12   受理",
		"  #12 受理  ",
		"# 12 受理",
		"#12受理",
		"12号 受理",
		"#12号 受理",
		"#12：受理",
		"@亲清助手 #12 受理",
		"#12 受理 @亲清助手",
		"＠亲清助手\u2005#12 受理",
		"#1\u200B2 受理",
	])("%s", (text) => {
		const parsed = parseCommand({ text, bot: { names: ["亲清助手"] } });
		expect(parsed).toMatchObject({
			kind: "lifecycle",
			issueRef: n12,
			commands: [{ type: "accept" }],
		});
	});

	it("a bot mention given as a structured mention is removed by its shown name", () => {
		const bot: Mention = {
			externalId: "B1",
			kind: "user",
			displayName: "小亲",
		};
		const parsed = parseCommand({
			text: "@小亲 #12 受理",
			mentions: [bot],
			bot: { externalIds: ["B1"] },
		});
		expect(parsed).toMatchObject({
			kind: "lifecycle",
			commands: [{ type: "accept" }],
		});
	});

	it("a full number is kept; a short one resolves to this year's", () => {
		const full = lifecycle("#2026-000012 受理");
		expect(full.issueRef).toEqual({ kind: "full", number: "2026-000012" });
		expect(issueNumberOf(full.issueRef as IssueRef, 2027)).toBe("2026-000012");
		expect(issueNumberOf(n12, 2026)).toBe("2026-000012");
		expect(lifecycle("2026-000012 受理").issueRef).toEqual({
			kind: "full",
			number: "2026-000012",
		});
	});

	it("a colon after the verb is not part of the note, and the writer's punctuation is kept", () => {
		expect(lifecycle("#12 办结：已处理，线路已恢复").commands).toEqual([
			{ type: "resolve", note: "已处理，线路已恢复" },
		]);
		expect(lifecycle("＃１２　延期：３天，等待设备到货").commands).toEqual([
			{ type: "request_extension", workingDays: 3, reason: "等待设备到货" },
		]);
	});

	it("a note may span lines", () => {
		expect(lifecycle("#12 进展\n1. 已勘查\n2. 已报价").commands).toEqual([
			{ type: "progress", note: "1. 已勘查\n2. 已报价" },
		]);
	});

	it("in a thread or quoting an issue, a leading verb is enough and the issue comes from context", () => {
		const parsed = parseCommand({
			text: "办结 已开通4路公交延长线",
			inIssueContext: true,
		});
		expect(parsed).toMatchObject({
			kind: "lifecycle",
			issueRef: null,
			commands: [{ type: "resolve" }],
		});
		expect(
			parseCommand({ text: "满意！", inIssueContext: true }),
		).toMatchObject({ spec: { id: "satisfied" } });
	});

	it("a 10 000-character note is read whole", () => {
		const note = "已联系现场勘查，".repeat(1250);
		expect(lifecycle(`＃１２ 进展 ${note}`).commands).toEqual([
			{ type: "progress", note },
		]);
		expect(parseCommand({ text: `请问${"受理".repeat(5000)}` })).toBeNull();
	});

	it("ok alone in a thread is chatter, not a satisfied rating", () => {
		expect(parseCommand({ text: "ok", inIssueContext: true })).toBeNull();
	});
});

describe("departments", () => {
	const transport: Mention = {
		externalId: "S1",
		kind: "user_group",
		displayName: "交通运输局",
	};

	it("a typed @name paired with its structured mention", () => {
		const parsed = lifecycle("#12 协办 @交通运输局", { mentions: [transport] });
		expect(parsed.commands).toEqual([
			{
				type: "add_co_handler",
				department: { mention: transport, name: "交通运输局" },
			},
		]);
	});

	it("a structured mention whose text the platform removed", () => {
		const parsed = lifecycle("#12 转办 不属于本局", { mentions: [transport] });
		expect(parsed.commands).toEqual([
			{
				type: "transfer",
				department: { mention: transport, name: "交通运输局" },
				reason: "不属于本局",
			},
		]);
	});

	it("a known name without @ or space", () => {
		const parsed = lifecycle("#12 转办自然资源局用地规划问题", {
			departmentNames: ["自然资源局", "资源局"],
		});
		expect(parsed.commands).toEqual([
			{
				type: "transfer",
				department: { name: "自然资源局" },
				reason: "用地规划问题",
			},
		]);
	});

	it("a plain word names the department when nothing else does", () => {
		expect(lifecycle("#12 派单 人社局").commands).toEqual([
			{ type: "dispatch", department: { name: "人社局" }, coDepartments: [] },
		]);
	});

	it("several co-handlers at once", () => {
		expect(lifecycle("#12 协办 @交通运输局 @住建局").commands).toEqual([
			{ type: "add_co_handler", department: { name: "交通运输局" } },
			{ type: "add_co_handler", department: { name: "住建局" } },
		]);
	});
});

describe("ordinary text is not a command", () => {
	it.each([
		"我们已经受理了吗？",
		"受理",
		"办结了吗",
		"请问12号厂房的用电什么时候恢复？",
		"谢谢领导，满意",
		"今天3号线停运了",
		"3号车间停电了",
		"12号",
		"",
		"   ",
	])("%s", (text) => {
		expect(parseCommand({ text })).toBeNull();
	});

	it.each([
		["受理了吗", true],
		["进展如何", true],
	])("%s in a thread is not a command either", (text, inIssueContext) => {
		expect(parseCommand({ text, inIssueContext })).toBeNull();
	});

	it("#12 followed by words that are not a verb is a remark on the issue", () => {
		const cases: Array<[string, ParsedCommand]> = [
			["#12 受理了吗？", { kind: "remark", issueRef: n12, text: "受理了吗？" }],
			[
				"#12 这个问题还没解决",
				{ kind: "remark", issueRef: n12, text: "这个问题还没解决" },
			],
		];
		for (const [text, expected] of cases)
			expect(parseCommand({ text })).toEqual(expected);
	});
});

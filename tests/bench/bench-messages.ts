/** The messages the bench writes: distinct problem texts, chatter, spread over members and groups. */
import type { InboundMessage } from "../../bot/messages.ts";
import type { BenchDirectory } from "./bench-directory.ts";

const PLACES = [
	"一号车间",
	"仓库",
	"办公楼",
	"二期厂房",
	"宿舍区",
	"研发中心",
	"食堂",
	"物流园",
];
/**
 * Problems as enterprises write them, one or two per category of the demo directory, so that the
 * intake model reads each as an issue (the bench measures the pipeline, not the model).
 */
const PROBLEMS = [
	"车间从早上开始停电，三条生产线全停了，麻烦供电所尽快来看看",
	"厂区自来水管昨晚爆了，现在全厂停水，食堂都没法开火",
	"新厂房申请增容两个多月了还没批下来，设备装好了用不了",
	"我们扩产要的那块地，规划条件一直出不来，项目卡住了",
	"银行说我们的续贷要再等一个月，工资下周就要发，资金周转很困难",
	"去年的技改补贴说好年底兑现，到现在一分钱没到账",
	"消防验收材料交了三次都被退回来，说不清楚缺什么",
	"厂门口那段路被重车压得坑坑洼洼，货车进出很危险",
	"仓库昨晚被人撬了，丢了一批铜线，已经报警但没人来看",
	"厂区手机信号特别差，5G基本没有，视频会议都开不了",
	"两个外地技术骨干的孩子转学的事情，学校一直说没有名额",
	"员工宿舍不够住，有四十多个工人在外面租房，能不能协调一下公租房",
	"隔壁厂每天晚上排黑烟，味道很大，员工都在投诉",
	"招了一个月普工还是缺三十多人，订单快交不了货了",
	"社保系统一直显示我们单位欠费，实际上已经交了，没法办理新员工参保",
	"厂区门口的红绿灯坏了一个星期了，早晚高峰特别堵",
	"营业执照变更在窗口排了三次队，每次都说系统有问题",
	"园区污水管网接不上，我们的环评验收一直过不了",
	"变压器跳闸好几次了，电压也不稳，数控机床老是报警",
	"公司申报的高新技术企业奖励资金，审核通过半年了还没发",
];

const CHATTER = ["收到", "好的", "谢谢"];

export function message(
	id: string,
	author: string,
	conversationId: string,
	text: string,
): InboundMessage {
	return {
		platform: "playground",
		messageId: id,
		conversationId,
		direct: false,
		author: { externalId: author, isBot: false },
		text,
		mentions: [],
		attachments: [],
		sentAt: new Date().toISOString(),
	};
}

/** The i-th problem of a run: a different text each time (its number), a different member. */
export function problem(
	directory: BenchDirectory,
	run: string,
	i: number,
): InboundMessage {
	const place = pick(PLACES, Math.floor(i / PROBLEMS.length));
	return message(
		`${run}-${i}`,
		pick(directory.members, i),
		pick(directory.groups, i),
		`${pick(PROBLEMS, i)}。${place}那边的，编号${run}${i}`,
	);
}

/** The i-th chatter message; author, group and phrase combine so no two are the same content. */
export function chatter(
	directory: BenchDirectory,
	run: string,
	i: number,
): InboundMessage {
	const { members, groups } = directory;
	const member = i % members.length;
	const group = Math.floor(i / members.length) % groups.length;
	const phrase = Math.floor(i / (members.length * groups.length));
	return message(
		`${run}-${i}`,
		pick(members, member),
		pick(groups, group),
		pick(CHATTER, phrase),
	);
}

function pick<T>(list: readonly T[], i: number): T {
	const value = list[i % list.length];
	if (value === undefined) throw new Error("empty list");
	return value;
}

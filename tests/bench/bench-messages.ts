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
const TROUBLES = [
	"已经持续三天没有解决",
	"影响到正常生产经营",
	"员工反映很大",
	"客户订单可能延误",
	"多次反映还没有答复",
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

/** The i-th problem of a run: a routed category, a different text each time, a different member. */
export function problem(
	directory: BenchDirectory,
	run: string,
	i: number,
): InboundMessage {
	const keyword = pick(directory.keywords, i);
	const place = pick(PLACES, Math.floor(i / directory.keywords.length));
	const trouble = pick(TROUBLES, i);
	return message(
		`${run}-${i}`,
		pick(directory.members, i),
		pick(directory.groups, i),
		`${place}${keyword}的事情${trouble}，登记编号${run}${i}，请相关部门帮忙处理`,
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

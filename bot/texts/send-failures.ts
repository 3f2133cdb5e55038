/** The console's page of messages a platform refused for good. */
import { defineTexts } from "./catalog.ts";

export const sendFailuresText = defineTexts<
	| "nav"
	| "title"
	| "intro"
	| "empty"
	| "col_time"
	| "col_where"
	| "col_reason"
	| "col_issue"
	| "col_text"
>({
	"zh-CN": {
		nav: "发送失败",
		title: "发送失败的消息",
		intro:
			"平台明确拒收、不会再重试的消息（群已解散、机器人已被移出、频道已归档等），最近 30 天，最新的在前。平台暂时不可用（掉线、网络故障）时的消息不在此列：它们会一直重试，直到平台恢复。请管理员修正群或频道；涉及问题的，请电话转告当事人。",
		empty: "最近 30 天没有被拒收的消息。",
		col_time: "时间",
		col_where: "平台与群",
		col_reason: "原因",
		col_issue: "问题编号",
		col_text: "消息内容",
	},
	en: {
		nav: "Send failures",
		title: "Messages a platform refused",
		intro:
			"Messages a platform refused for good and that will not be retried (the group was dissolved, the bot was removed, the channel archived), the last 30 days, newest first. Messages held while a platform is down (logged out, network) are not here: they are retried until it is back. An administrator fixes the group or channel; where an issue is concerned, phone the people it concerns.",
		empty: "No message was refused in the last 30 days.",
		col_time: "Time",
		col_where: "Platform and group",
		col_reason: "Reason",
		col_issue: "Issue",
		col_text: "Message",
	},
});

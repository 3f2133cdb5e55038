/** How audit events read in a timeline: "11月21日 10:02 王芳 受理". */
import type { IssueEvent } from "../../db/schema/issues.ts";
import { defineTexts, type Locale } from "./catalog.ts";

const EVENT_KINDS = [
	"created",
	"dispatched",
	"redispatched",
	"accepted",
	"progress",
	"info_requested",
	"info_supplied",
	"transferred",
	"transfer_sent_to_review",
	"returned",
	"return_refused",
	"co_handler_added",
	"co_handler_removed",
	"extension_requested",
	"extension_approved",
	"extension_denied",
	"tier_raised",
	"resolved",
	"confirmed",
	"rated",
	"reopened",
	"refused",
	"review_decided",
	"withdrawn",
	"closed",
	"follow_up",
	"linked",
	"source_edited",
	"source_deleted",
	"escalated",
	"escalation_undeliverable",
	"auto_confirmed",
	"retrospective",
	"handed_down",
	"visit_answered",
	"system",
	"other",
] as const;
type EventKind = (typeof EVENT_KINDS)[number];

export const timelineText = defineTexts<EventKind>({
	"zh-CN": {
		created: "登记问题",
		dispatched: "派单",
		redispatched: "重新派单",
		accepted: "受理",
		progress: "报告进展",
		info_requested: "请企业补充",
		info_supplied: "企业补充",
		transferred: "转办",
		transfer_sent_to_review: "再次转办，转入评议",
		return_refused: "驳回退单，转入评议",
		returned: "退单",
		co_handler_added: "增加协办",
		co_handler_removed: "取消协办",
		extension_requested: "申请延期",
		extension_approved: "同意延期",
		extension_denied: "不同意延期",
		tier_raised: "提级办理",
		resolved: "办结",
		confirmed: "确认办成",
		rated: "评价",
		reopened: "不满意，重新办理",
		refused: "说不能办",
		review_decided: "评议",
		withdrawn: "撤回",
		closed: "关闭",
		follow_up: "企业补充消息",
		linked: "关联同类问题",
		source_edited: "修改原消息",
		source_deleted: "撤回原消息",
		escalated: "催办/督办",
		escalation_undeliverable: "催办未能送达：找不到可联系的人",
		auto_confirmed: "逾期未评价，自动确认",
		retrospective: "复盘",
		handed_down: "上级交办",
		visit_answered: "回访答复",
		system: "亲清",
		other: "其他",
	},
	en: {
		created: "registered",
		dispatched: "dispatched",
		redispatched: "dispatched again",
		accepted: "accepted",
		progress: "progress",
		info_requested: "asked the enterprise",
		info_supplied: "enterprise supplied",
		transferred: "transferred",
		transfer_sent_to_review: "transferred again, sent to review",
		return_refused: "return refused, sent to review",
		returned: "returned",
		co_handler_added: "co-handler added",
		co_handler_removed: "co-handler removed",
		extension_requested: "asked for an extension",
		extension_approved: "extension approved",
		extension_denied: "extension denied",
		tier_raised: "raised a tier",
		resolved: "resolved",
		confirmed: "confirmed done",
		rated: "rated",
		reopened: "not satisfied, reopened",
		refused: "said it cannot be done",
		review_decided: "review decided",
		withdrawn: "withdrawn",
		closed: "closed",
		follow_up: "enterprise follow-up",
		linked: "linked a similar issue",
		source_edited: "edited the original message",
		source_deleted: "deleted the original message",
		escalated: "reminded / escalated",
		escalation_undeliverable: "reminder not delivered: no one to reach",
		auto_confirmed: "confirmed automatically (no answer)",
		retrospective: "retrospective",
		handed_down: "handed down from above",
		visit_answered: "answer to the follow-up visit",
		system: "Qinqing",
		other: "other",
	},
});

const DETAIL_FIELDS = [
	"note",
	"reason",
	"question",
	"text",
	"alternative",
] as const;

/** The event's label and, when it has one, its note or reason, shortened for a chat line. */
export function eventLabel(locale: Locale, event: IssueEvent): string {
	const kind = (EVENT_KINDS as readonly string[]).includes(event.kind)
		? (event.kind as EventKind)
		: "other";
	const payload = event.payload as Record<string, unknown>;
	const detail = DETAIL_FIELDS.map((field) => payload[field]).find(
		(v): v is string => typeof v === "string" && v !== "",
	);
	const label = timelineText(locale, kind);
	if (!detail) return label;
	const short = detail.length > 40 ? `${detail.slice(0, 40)}…` : detail;
	return locale === "zh-CN" ? `${label}：${short}` : `${label}: ${short}`;
}

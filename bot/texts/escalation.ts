/**
 * What the escalation engine says: reminders (催办), colour warnings, the sanctions ladder, progress
 * nudges, review and rating reminders, the follow-up visit (回访) and the quiet-hours digest.
 * Policy steps name these keys in their `text` field.
 */
import type { EscalationStepText } from "../../workflows/escalation/step-texts.ts";
import { defineTexts, type TextParams } from "./catalog.ts";

type Key =
	| EscalationStepText
	| "digest_header"
	| "colour_yellow"
	| "colour_blue"
	| "colour_green"
	| "colour_orange"
	| "colour_red"
	| "retrospective_required";

const digestZh = (p: TextParams) =>
	`【待阅提醒 ${p.count} 条】以下提醒在非工作时间产生，现一并送达：`;
const digestEn = (p: TextParams) =>
	`[${p.count} held reminder${p.count === 1 ? "" : "s"}] raised outside office hours:`;

export const escalationText = defineTexts<Key>({
	"zh-CN": {
		accept_overdue:
			"#{short}「{title}」已超过签收时限（{acceptDue}），请{department}尽快签收：回复「#{short} 受理」。",
		accept_overdue_office:
			"#{short}「{title}」派给{department}后仍未签收，请企业服务办公室协调督促。",
		accept_overdue_leader:
			"【未签收】您分管的{department}至今未签收 #{number}「{title}」（签收时限 {acceptDue}），请督促尽快签收办理。",
		accept_overdue_supervisors:
			"【未签收·超期】{department}至今未签收 #{number}「{title}」（签收时限 {acceptDue}），已上超期通报栏。",
		warn_colour:
			"【{colourLabel}预警·催办】#{short}「{title}」已用去{percent}%的办理时限（截止 {due}），请{department}抓紧办理并更新进度。",
		warn_orange_leader:
			"【{colourLabel}预警】您分管的{department}办理的 #{number}「{title}」已用去{percent}%的办理时限（截止 {due}），已列入督办预警名单。",
		warn_red:
			"【红色预警·超期】#{short}「{title}」已超过办理时限（{due}），转入督办程序，请兜底板块跟进。",
		warn_red_supervisors:
			"【超期】{department}办理的 #{number}「{title}」已于 {due} 超期，已上超期通报栏。",
		sanction_notice:
			"【催办通知书】#{short}「{title}」已超期，请{department}一个工作日内说明原因并提出整改措施和新的完成时限。",
		sanction_notice_leader:
			"【催办通知书·抄送】{department}办理的 #{number}「{title}」已超期（截止 {due}），已向该单位发出催办通知书。",
		sanction_briefing:
			"【通报】{department}办理的 #{number}「{title}」超期未办结（截止 {due}），予以通报。",
		sanction_interview:
			"【约谈建议】{department}办理的 #{number}「{title}」超期严重（截止 {due}），建议约谈该单位主要负责人。",
		progress_due:
			"#{short}「{title}」已有 {days} 天没有进展，请{department}更新办理进度（半月一更新）：回复「#{short} 进展 …」，进展会转告企业。",
		progress_due_enterprise:
			"#{short}「{title}」仍在办理中，我们已请{department}更新进度，有进展会第一时间告诉您。",
		review_waiting:
			"#{short}「{title}」在说不评议池中等待评议，请督查室或企业服务办公室评议：「#{short} 评议 …」。",
		rating_reminder:
			"#{short}「{title}」已办结，请您确认是否办成并评价：回复「#{short} 确认」或「#{short} 满意 / 基本满意 / 不满意」。",
		auto_confirmed:
			"#{short}「{title}」办结后 {days} 个工作日内未收到确认，系统已按规定自动确认办结。",
		followup_specialist:
			"【回访】贵联系企业{enterprise}的 #{short}「{title}」已办结一段时间，请您跟进回访，了解还有没有遗留问题。",
		milestone_overdue:
			"【节点逾期】#{short}「{title}」的节点 {position}「{milestone}」应于 {milestoneDay} 完成，尚未登记完成。请{department}回复「#{short} 节点完成 {position}」或更新方案「#{short} 方案 …」。",
		milestone_overdue_leader:
			"【节点逾期】{department}办理的 #{number}「{title}」节点 {position}「{milestone}」应于 {milestoneDay} 完成，至今未完成，请督促。",
		milestone_overdue_supervisors:
			"【节点逾期】{department}办理的 #{number}「{title}」节点 {position}「{milestone}」应于 {milestoneDay} 完成，逾期未完成。",
		warn_red_baobao:
			"【红色预警】您包保的企业{enterprise}的 #{number}「{title}」已亮红灯（{department}办理），请关注协调。",
		specialist_new_issue:
			"【企业诉求】您联系的企业{enterprise}提出了 #{number}「{title}」（{department}），请关注跟进。",
		refused_supervisors:
			"【说不】{department}对 #{number}「{title}」表示不能办理，已转入说不评议：{reason}",
		return_refused_supervisors:
			"【驳回退单】企业服务办公室不同意{department}退回 #{number}「{title}」，已转入说不评议：{reason}",
		review_can_do_supervisors:
			"【评议：能办】#{number}「{title}」经评议能够办理，已交回{department}，办理期限 {due}。请督查关注：{reason}",
		followup_visit:
			"【回访】#{short}「{title}」办结已有一段时间，想请您谈谈：1. 后续事项是否顺利？2. 政策解读是否到位？3. 还有没有遗留问题？4. 对我们的工作有什么意见建议？",
		digest_header: digestZh,
		colour_yellow: "黄色",
		colour_blue: "蓝色",
		colour_green: "绿色",
		colour_orange: "橙色",
		colour_red: "红色",
		retrospective_required:
			"#{short} 需要复盘（上级交办、复杂或涉及政策的问题）才能办结或关闭：请在说明后附上复盘，例如「#{short} 办结 已解决 复盘：原因…措施…」。",
	},
	en: {
		accept_overdue:
			"#{short} “{title}” has passed its acceptance deadline ({acceptDue}). {department}, please accept it: reply “#{short} accept”.",
		accept_overdue_office:
			"#{short} “{title}” is still not accepted by {department}. Service office, please step in.",
		accept_overdue_leader:
			"[Not accepted] #{number} “{title}” has still not been accepted by {department}, in your area (acceptance was due {acceptDue}). Please see that it is accepted.",
		accept_overdue_supervisors:
			"[Not accepted, overdue] {department} has still not accepted #{number} “{title}” (due for acceptance {acceptDue}); it is on the overdue board.",
		warn_colour:
			"[{colourLabel} warning] #{short} “{title}” has used {percent}% of its time (due {due}). {department}, please hurry and post progress.",
		warn_orange_leader:
			"[{colourLabel} warning] #{number} “{title}”, handled by {department} in your area, has used {percent}% of its time (due {due}) and is on the supervision warning list.",
		warn_red:
			"[Red: overdue] #{short} “{title}” passed its deadline ({due}) and goes to supervision. Fallback desk, please follow up.",
		warn_red_supervisors:
			"[Overdue] #{number} “{title}”, handled by {department}, was due {due}; it is on the overdue board.",
		sanction_notice:
			"[Formal reminder] #{short} “{title}” is overdue. {department}, within one working day explain why and give your measures and a new date.",
		sanction_notice_leader:
			"[Formal reminder, copy] #{number} “{title}”, handled by {department}, is overdue (due {due}); a formal reminder was issued.",
		sanction_briefing:
			"[Briefing] #{number} “{title}”, handled by {department}, is overdue (due {due}) and named in the briefing.",
		sanction_interview:
			"[Interview] #{number} “{title}”, handled by {department}, is seriously overdue (due {due}); an interview with its head is advised.",
		progress_due:
			"#{short} “{title}” has had no progress note for {days} days. {department}, please post one: “#{short} progress …”; it will be passed on to the enterprise.",
		progress_due_enterprise:
			"#{short} “{title}” is still being handled; we asked {department} for an update and will pass it on.",
		review_waiting:
			"#{short} “{title}” is waiting in the refusal review pool. Supervisors or the service office, please decide: “#{short} review …”.",
		rating_reminder:
			"#{short} “{title}” was resolved. Please confirm and rate it: “#{short} confirm” or “#{short} satisfied / fair / unsatisfied”.",
		auto_confirmed:
			"#{short} “{title}” got no answer within {days} working days of being resolved and is now confirmed automatically.",
		followup_specialist:
			"[Follow-up] #{short} “{title}” of {enterprise}, an enterprise you serve, was closed a while ago; please follow up and ask whether anything remains.",
		milestone_overdue:
			"[Milestone late] #{short} “{title}”: milestone {position} “{milestone}” was due {milestoneDay} and is not recorded as reached. {department}, reply “#{short} milestone-done {position}” or update the plan “#{short} plan …”.",
		milestone_overdue_leader:
			"[Milestone late] #{number} “{title}”, handled by {department}: milestone {position} “{milestone}” was due {milestoneDay} and is not reached. Please follow it up.",
		milestone_overdue_supervisors:
			"[Milestone late] #{number} “{title}”, handled by {department}: milestone {position} “{milestone}” was due {milestoneDay} and is late.",
		warn_red_baobao:
			"[Red] #{number} “{title}” of {enterprise}, an enterprise in your care (包保), is red ({department}). Please look into it.",
		specialist_new_issue:
			"[New issue] {enterprise}, an enterprise you serve, raised #{number} “{title}” ({department}). Please keep track of it.",
		refused_supervisors:
			"[Cannot be done] {department} says #{number} “{title}” cannot be done; it is in the refusal review: {reason}",
		return_refused_supervisors:
			"[Return refused] the service office did not accept {department}'s return of #{number} “{title}”; it is in the refusal review: {reason}",
		review_can_do_supervisors:
			"[Review: can be done] #{number} “{title}” can be done and is back with {department}, due {due}. For supervision: {reason}",
		followup_visit:
			"[Follow-up visit] #{short} “{title}” was closed a while ago. 1. Did the later steps go smoothly? 2. Was the policy explained correctly? 3. Is anything left unsolved? 4. Any suggestion for us?",
		digest_header: digestEn,
		colour_yellow: "Yellow",
		colour_blue: "Blue",
		colour_green: "Green",
		colour_orange: "Orange",
		colour_red: "Red",
		retrospective_required:
			"#{short} needs a retrospective (handed down, complex or a policy issue) before it is resolved or closed: add one to the note, e.g. “#{short} resolve fixed retro: cause… measures…”.",
	},
});

/** The colour's label, or the name itself for a colour the catalog does not know. */
export function colourLabel(
	locale: Parameters<typeof escalationText>[0],
	colour: string,
): string {
	const key = `colour_${colour}`;
	return [
		"colour_yellow",
		"colour_blue",
		"colour_green",
		"colour_orange",
		"colour_red",
	].includes(key)
		? escalationText(locale, key as Key)
		: colour;
}

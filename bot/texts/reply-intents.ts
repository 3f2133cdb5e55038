/** What the bot says when it acted on a reply in free words, and about undoing it. */
import { defineTexts } from "./catalog.ts";

export type ReplyIntentKey =
	| "recorded_confirm"
	| "recorded_satisfied"
	| "recorded_basically_satisfied"
	| "recorded_unsatisfied"
	| "recorded_accept"
	| "recorded_resolve"
	| "recorded_progress"
	| "undo_hint"
	| "kept_unsure"
	| "visit_answer_kept"
	| "undone"
	| "undo_too_late"
	| "undo_changed_since"
	| "not_yours"
	| "already_finished";

export const replyIntentText = defineTexts<ReplyIntentKey>({
	"zh-CN": {
		recorded_confirm:
			"已按您的回复记为「确认办成」：#{number}「{title}」已办成，谢谢！",
		recorded_satisfied:
			"已按您的回复记为「满意」：#{number}「{title}」已确认办成，评价满意，谢谢！",
		recorded_basically_satisfied:
			"已按您的回复记为「基本满意」：#{number}「{title}」已确认办成，评价基本满意，谢谢！",
		recorded_unsatisfied:
			"已按您的回复记为「不满意」：#{number}「{title}」已重新办理，原因：{reason}",
		recorded_accept:
			"已按您的回复记为「受理」：#{number}「{title}」由{department}受理（{actor}）。{deadline}",
		recorded_resolve:
			"已按您的回复记为「办结」：#{number}「{title}」办结说明：{note}。请企业确认是否办成。",
		recorded_progress: "已记入 #{number} 的进展：{note}",
		undo_hint: "如有误，请在 10 分钟内回复「撤销」。",
		kept_unsure:
			"已把您的话记在 #{number}「{title}」上。若是想确认或评价，请回复「满意」「基本满意」或「不满意 原因」。",
		visit_answer_kept: "谢谢您的回访意见，已记在 #{number}「{title}」上。",
		undone:
			"已撤销：#{number}「{title}」恢复为「{state}」，刚才的回复只作为留言保存。",
		undo_too_late:
			"#{number} 已在 {minutes} 分钟前按您的回复记为「{what}」，超过 10 分钟不能撤销，没有做任何改动。如需更正，请联系服务专员。",
		undo_changed_since:
			"#{number} 按您的回复记下之后又有了新的变化，不能再撤销，没有做任何改动。如需更正，请联系服务专员。",
		not_yours:
			"您回复的这条消息所说的问题不由您确认或办理，没有做任何改动。如果您有新的问题，请直接在群里说明。",
		already_finished:
			"#{number}「{title}」{state}，这条回复没有做任何改动。如果问题还在，请直接在群里说明，会登记为新的问题。",
	},
	en: {
		recorded_confirm:
			'Recorded from your reply as "confirmed": #{number} "{title}" is done. Thank you!',
		recorded_satisfied:
			'Recorded from your reply as "satisfied": #{number} "{title}" is confirmed done and rated satisfied. Thank you!',
		recorded_basically_satisfied:
			'Recorded from your reply as "basically satisfied": #{number} "{title}" is confirmed done and rated basically satisfied. Thank you!',
		recorded_unsatisfied:
			'Recorded from your reply as "not satisfied": #{number} "{title}" is being handled again. Reason: {reason}',
		recorded_accept:
			'Recorded from your reply as "accepted": #{number} "{title}" accepted by {department} ({actor}). {deadline}',
		recorded_resolve:
			'Recorded from your reply as "resolved": #{number} "{title}": {note}. The enterprise is asked to confirm.',
		recorded_progress: "Added to #{number}'s progress: {note}",
		undo_hint: 'If this is wrong, reply "撤销" (undo) within 10 minutes.',
		kept_unsure:
			'Kept your words on #{number} "{title}". To confirm or rate, reply "满意", "基本满意" or "不满意 <reason>".',
		visit_answer_kept:
			'Thank you for answering the follow-up visit; kept on #{number} "{title}".',
		undone:
			'Undone: #{number} "{title}" is back to "{state}"; your reply is kept as a comment.',
		undo_too_late:
			'#{number} was recorded as "{what}" from your reply {minutes} minutes ago; it can only be undone within 10 minutes, so nothing was changed. Ask the service office to correct it.',
		undo_changed_since:
			"#{number} has changed again since it was recorded from your reply, so it cannot be undone; nothing was changed. Ask the service office to correct it.",
		not_yours:
			"The issue of the message you replied to is not yours to confirm or handle; nothing was changed. If you have a new problem, please describe it in the group.",
		already_finished:
			'#{number} "{title}": {state}; your reply changed nothing. If the problem is still there, describe it in the group and it will be registered as a new issue.',
	},
});

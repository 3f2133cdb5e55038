/**
 * What the bot made of one message: a typed union, so a misspelt or forgotten outcome is a compile
 * error. Its `outcome` is written to `inbound_messages.outcome`; outcomes about an issue carry it.
 */
import type { RefusalCode } from "../../../workflows/lifecycle/types.ts";
import type { ReplyIntent } from "../../../workflows/understanding/reply-intents.ts";
import type { InboundMessage } from "../../messages.ts";

type ChangeKind = NonNullable<InboundMessage["change"]>["kind"];

/** Nothing about an issue was done: ignored, refused before an issue was known, or only answered. */
export type QuietOutcome =
	| "ignored_bot"
	| "unknown_conversation"
	| "chatter"
	| "remark"
	| "remark_unknown_issue"
	| "unknown_member_kept"
	| "unknown_member_kept_again"
	| "unknown_person"
	| "unknown_person_again"
	| "attachment_only"
	| "candidate"
	| "command_unknown_issue"
	| "query_unknown_issue"
	| "reply_not_a_command"
	| "reply_not_theirs"
	| "register_refused"
	| "register_invalid"
	| "correction_refused"
	| "claim_refused"
	| "claim_invalid"
	| "claim_unknown_member"
	| "member_claimed"
	| `message_${ChangeKind}`;

/** Something was done about, or answered from, one issue. */
export type IssueOutcome =
	| "new_issue"
	| "follow_up"
	| "follow_up_quiet"
	| "command"
	| "command_refused_retrospective"
	| `command_refused_${RefusalCode}`
	| "recategorized"
	| "not_a_problem"
	| "registered"
	| "register_already"
	| `source_${ChangeKind}`
	| "reply_kept"
	| "reply_unsure"
	| "reply_undone"
	| "reply_visit_answer"
	| "reply_refused_retrospective"
	| `reply_refused_${RefusalCode}`
	| `reply_${ReplyIntent}`
	| "reply_undo_too_late"
	| "reply_undo_changed_since"
	| "reply_already_finished";

/** Either: an invalid command may or may not name an issue it found; a query may list many. */
export type EitherOutcome = "command_invalid" | `query_${string}`;

export interface Consequences {
	/** Runs once the transaction has committed (arm a timer, poke a relay); a failure here is logged, not retried. */
	afterCommit?: () => Promise<void> | void;
}

export type Outcome = Consequences &
	(
		| { outcome: QuietOutcome; issueId?: undefined }
		| { outcome: IssueOutcome; issueId: number }
		| { outcome: EitherOutcome; issueId?: number | null }
	);

export type OutcomeName = Outcome["outcome"];

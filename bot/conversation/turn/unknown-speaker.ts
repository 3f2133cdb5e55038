import { replyText } from "../../texts/replies.ts";
import { unknownMemberText } from "../../texts/unknown-members.ts";
import { keepUnknownMemberReport } from "../../understanding/unknown-members.ts";
import { replyTo } from "../reply.ts";
import { found, type Step } from "./context.ts";

/**
 * Someone the directory does not know: a problem in a group is kept and the office asked who wrote
 * it (nobody is turned away); anything else is told once a day that they are not registered. A
 * known speaker goes on, with what a command needs.
 */
export const unknownSpeaker: Step = async (turn, next) => {
	const { tx, batch, message, inboundId, now, options } = turn;
	const { directory, group, person, locale } = found(turn, "speaker");
	const { contextIssue, parsed } = found(turn, "meaning");
	if (person) {
		turn.known = {
			tx,
			batch,
			message,
			inboundId,
			person,
			directory,
			locale,
			now,
			contextIssue,
			wakeUps: options.wakeUps,
			publicUrl: options.publicUrl,
			loginLinksRefusedOn: options.loginLinksRefusedOn,
			learn: options.learn,
		};
		return next();
	}
	if (
		parsed === null &&
		message.text.trim().length < directory.routing.intake.minIssueLength
	) {
		return { outcome: "chatter" };
	}
	if (parsed === null && group) {
		if (batch.classify(message, directory).kind === "chatter")
			return { outcome: "chatter" };
		const first = await keepUnknownMemberReport(tx, {
			inboundId,
			message,
			group,
			locale,
			publicUrl: options.publicUrl,
			now,
		});
		// One polite reply at most: with the question to the office, not for every message.
		if (first)
			await replyTo(
				tx,
				inboundId,
				message,
				unknownMemberText(locale, "kept_reply"),
				// Not the message's own reply key: the issue opened on the claim answers it with that.
				{ dedupeKey: `inbound-${inboundId}-kept` },
			);
		return {
			outcome: first ? "unknown_member_kept" : "unknown_member_kept_again",
		};
	}
	// Told once a day, not after every message (noise in a busy group): the day is in the key.
	const told = await replyTo(
		tx,
		inboundId,
		message,
		replyText(locale, "unknown_person"),
		{
			dedupeKey: `unknown-person-${message.platform}-${message.conversationId}-${message.author.externalId}-${directory.calendar.localDate(now)}`,
		},
	);
	return { outcome: told ? "unknown_person" : "unknown_person_again" };
};

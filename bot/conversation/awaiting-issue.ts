/**
 * Which issues wait for this person in this conversation (in a direct message: anywhere): for an
 * enterprise member, an issue of their enterprise resolved and waiting for its confirmation; for an
 * official, an issue dispatched (or reopened) to their department and waiting to be accepted.
 */
import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Group, Person } from "../../db/schema/directory.ts";
import { issues } from "../../db/schema/issues.ts";
import type { ReplySpeaker } from "../../workflows/understanding/reply-intents.ts";
import type { InboundMessage } from "../messages.ts";

/** The condition on `issues` of those waiting for the speaker; null when none can (no department or enterprise). */
export function awaitingCondition(input: {
	speaker: ReplySpeaker;
	person: Person;
	message: InboundMessage;
	group: Group | null;
}): SQL | null {
	const { speaker, person, message, group } = input;
	const whose =
		speaker === "enterprise"
			? person.enterpriseId === null
				? null
				: and(
						eq(issues.enterpriseId, person.enterpriseId),
						eq(issues.state, "resolved"),
					)
			: person.departmentId === null
				? null
				: and(
						eq(issues.leadDepartmentId, person.departmentId),
						inArray(issues.state, ["dispatched", "reopened"]),
					);
	if (!whose) return null;
	const here = and(
		eq(issues.sourceChannel, message.platform),
		eq(issues.sourceConversationId, message.conversationId),
	);
	// A direct message (the private rating) is about the issue waiting for them in any group.
	return (
		(message.direct
			? whose
			: and(whose, group ? or(here, eq(issues.groupId, group.id)) : here)) ??
		null
	);
}

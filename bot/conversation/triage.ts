/**
 * The service office's triage list: enterprise messages the model could not call problem or chatter
 * wait here, silently, until someone registers them as an issue or dismisses them.
 */
import type { Tx } from "../../db/client.ts";
import type { Group, Person } from "../../db/schema/directory.ts";
import { intakeCandidates } from "../../db/schema/understanding.ts";
import type { Classification } from "../../workflows/intake/classify-message.ts";

export async function holdForTriage(
	tx: Tx,
	input: {
		inboundId: number;
		group: Group | null;
		person: Person;
		text: string;
		classification: Extract<Classification, { kind: "issue" | "unsure" }>;
		now: Date;
	},
): Promise<void> {
	const { person, classification } = input;
	if (person.enterpriseId === null) return;
	await tx
		.insert(intakeCandidates)
		.values({
			inboundMessageId: input.inboundId,
			groupId: input.group?.id ?? null,
			officeId: input.group?.officeId ?? null,
			enterpriseId: person.enterpriseId,
			reporterPersonId: person.id,
			text: input.text,
			categoryCode: classification.categoryCode,
			urgency: classification.urgency,
			problemProbability: classification.problemProbability ?? 0.5,
			confidence: classification.confidence ?? 0,
			createdAt: input.now,
		})
		.onConflictDoNothing();
}

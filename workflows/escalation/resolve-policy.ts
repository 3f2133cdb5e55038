/** The directory's `escalation:` section → the complete policy an issue carries. */
import type { DbOrTx } from "../../db/client.ts";
import { loadEscalationSettings } from "../directory/queries.ts";
import {
	DEFAULT_COLOUR_NOTIFY,
	DEFAULT_ESCALATION_POLICY,
} from "./default-policy.ts";
import {
	type ColourStep,
	type EscalationPolicy,
	escalationPolicySchema,
	type NotifySpec,
} from "./policy-schema.ts";

export type ParsedEscalationPolicy =
	| { ok: true; policy: EscalationPolicy }
	| { ok: false; errors: string[] };

/**
 * Validates the section and fills what it leaves out from the defaults. A part given replaces the
 * default part whole (a `colours:` list is the complete list of colours).
 */
export function parseEscalationPolicy(raw: unknown): ParsedEscalationPolicy {
	const parsed = escalationPolicySchema.safeParse(raw ?? {});
	if (!parsed.success)
		return {
			ok: false,
			errors: parsed.error.issues.map(
				(issue) => `escalation.${issue.path.join(".")}: ${issue.message}`,
			),
		};
	const input = parsed.data;
	const withNotify = (steps: ColourStep[]) =>
		steps.map((step) => ({
			...step,
			notify: step.notify ?? colourNotify(input.colourNotify, step.colour),
		}));
	const d = DEFAULT_ESCALATION_POLICY;
	const tiers: EscalationPolicy["tiers"] = input.tiers
		? Object.fromEntries(
				Object.entries(input.tiers).map(([tier, override]) => [
					tier,
					{
						...(override?.colours
							? { colours: withNotify(override.colours) }
							: {}),
						...(override?.sanctions ? { sanctions: override.sanctions } : {}),
					},
				]),
			)
		: d.tiers;
	return {
		ok: true,
		policy: {
			acceptance: input.acceptance ?? d.acceptance,
			colours: input.colours ? withNotify(input.colours) : d.colours,
			sanctions: input.sanctions ?? d.sanctions,
			progress: input.progress ?? d.progress,
			review: input.review ?? d.review,
			rating: input.rating ?? d.rating,
			followUp: input.followUp ?? d.followUp,
			milestones: input.milestones ?? d.milestones,
			tiers,
			quietHours: input.quietHours ?? d.quietHours,
			retrospective: input.retrospective ?? d.retrospective,
			passingTheBuck: input.passingTheBuck ?? d.passingTheBuck,
		},
	};
}

function colourNotify(
	custom: Partial<Record<string, NotifySpec[]>> | undefined,
	colour: string,
): NotifySpec[] {
	return custom?.[colour] ?? DEFAULT_COLOUR_NOTIFY[colour] ?? [];
}

export class EscalationPolicyError extends Error {
	readonly code = "escalation_policy_invalid";
	constructor(readonly errors: string[]) {
		super(
			`the directory's escalation section is invalid; fix it and import the directory again:\n${errors.join("\n")}`,
		);
	}
}

/** The imported policy with defaults filled in; the default policy before any import. */
export async function loadEscalationPolicy(
	db: DbOrTx,
): Promise<EscalationPolicy> {
	const result = parseEscalationPolicy(await loadEscalationSettings(db));
	if (!result.ok) throw new EscalationPolicyError(result.errors);
	return result.policy;
}

/** The policy for the issue's tier: the tier's colours and sanctions over the base ones. */
export function policyForTier(
	policy: EscalationPolicy,
	tier: keyof EscalationPolicy["tiers"],
): EscalationPolicy {
	const override = policy.tiers[tier];
	if (!override) return policy;
	return {
		...policy,
		colours: override.colours ?? policy.colours,
		sanctions: override.sanctions ?? policy.sanctions,
	};
}

/** The escalation part of issues.policy, or null when the issue was never planned. */
export function escalationOf(issuePolicy: unknown): EscalationPolicy | null {
	const part = (issuePolicy as { escalation?: EscalationPolicy } | null)
		?.escalation;
	return part && Array.isArray(part.colours) ? part : null;
}

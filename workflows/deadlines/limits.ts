import type {
	DeadlineLimit,
	DeadlinePolicy,
	IssuePolicySnapshot,
	Urgency,
} from "./policy-schema.ts";

/** The limits for a category and urgency: the category's own entry for that urgency, else the policy's default. */
export function limitsFor(
	policy: DeadlinePolicy,
	categoryCode: string | null,
	urgency: Urgency,
): DeadlineLimit {
	const byCategory =
		categoryCode === null ? undefined : policy.byCategory[categoryCode];
	const limit = byCategory?.[urgency] ?? policy.byUrgency[urgency];
	return { ...limit };
}

/** What an issue keeps of the policy when it is planned, so that editing the policy later leaves it alone. */
export function snapshotPolicy(
	policy: DeadlinePolicy,
	categoryCode: string | null,
	urgency: Urgency,
): IssuePolicySnapshot {
	return {
		clockStartsAt: policy.clockStartsAt,
		limit: limitsFor(policy, categoryCode, urgency),
	};
}

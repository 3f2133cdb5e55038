import type { Relation } from "./transition-table.ts";
import type { Actor, IssueSnapshot } from "./types.ts";

/** How the actor stands towards this issue; a person can hold several relations at once. */
export function relationsOf(issue: IssueSnapshot, actor: Actor): Set<Relation> {
	const has = (role: Actor["roles"][number]) => actor.roles.includes(role);
	const found = new Set<Relation>();
	if (
		has("enterprise_member") &&
		issue.enterpriseId !== null &&
		actor.enterpriseId === issue.enterpriseId
	)
		found.add("enterprise");
	if (has("official") && actor.departmentId !== null) {
		if (actor.departmentId === issue.leadDepartmentId)
			found.add("lead_official");
		if (issue.coDepartmentIds.includes(actor.departmentId))
			found.add("co_official");
	}
	// An issue without a service office belongs to every office: the fallback desk takes it.
	if (
		has("office_staff") &&
		(issue.officeId === null || actor.officeId === issue.officeId)
	)
		found.add("office");
	if (
		issue.leadDepartmentId !== null &&
		actor.leaderOfDepartmentIds.includes(issue.leadDepartmentId)
	)
		found.add("leader");
	if (has("supervisor")) found.add("supervisor");
	if (has("admin")) found.add("admin");
	return found;
}

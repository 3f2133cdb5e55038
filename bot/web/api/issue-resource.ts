/** How the API shows an issue: what the calling system needs to tell the enterprise. */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { departments } from "../../../db/schema/directory.ts";
import type { Issue } from "../../../db/schema/issues.ts";
import type { DirectorySnapshot } from "../../conversation/directory-cache.ts";

export interface IssueResource {
	number: string;
	title: string;
	state: string;
	colour: string;
	tier: string;
	category: { code: string; name: string } | null;
	urgency: string;
	leadDepartment: { code: string; name: string } | null;
	deadline: { acceptDueAt: string | null; dueAt: string | null };
	createdAt: string;
}

export async function issueResource(
	db: DbOrTx,
	directory: DirectorySnapshot,
	issue: Issue,
): Promise<IssueResource> {
	const [department] =
		issue.leadDepartmentId === null
			? []
			: await db
					.select({ code: departments.code, name: departments.name })
					.from(departments)
					.where(eq(departments.id, issue.leadDepartmentId));
	return {
		number: issue.number,
		title: issue.title,
		state: issue.state,
		colour: issue.colour,
		tier: issue.tier,
		category: issue.categoryCode
			? {
					code: issue.categoryCode,
					name:
						directory.categoryName(issue.categoryCode) ?? issue.categoryCode,
				}
			: null,
		urgency: issue.urgency,
		leadDepartment: department ?? null,
		deadline: {
			acceptDueAt: issue.acceptDueAt?.toISOString() ?? null,
			dueAt: issue.dueAt?.toISOString() ?? null,
		},
		createdAt: issue.createdAt.toISOString(),
	};
}

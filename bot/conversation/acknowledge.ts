/** A new issue's acknowledgement, as the person who raised it reads it: the same for chat and the API. */
import type { Issue } from "../../db/schema/issues.ts";
import type { Urgency } from "../../workflows/deadlines/policy-schema.ts";
import type { Acknowledgement } from "../../workflows/intake/take-in-problem.ts";
import type { Locale } from "../texts/catalog.ts";
import { intakeText } from "../texts/intake.ts";
import { replyText } from "../texts/replies.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";
import { shortNumber } from "./format.ts";
import { deadlineLine } from "./notify.ts";

export function acknowledgementText(
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
	acknowledgement: Acknowledgement,
	now: Date,
): string {
	return replyText(locale, acknowledgement.text, {
		number: issue.number,
		short: shortNumber(issue.number),
		title: issue.title,
		category: directory.categoryName(issue.categoryCode) ?? "—",
		urgency: intakeText(locale, `urgency_${issue.urgency as Urgency}`),
		department: directory.departmentName(issue.leadDepartmentId) ?? "—",
		office:
			directory.officeName(issue.officeId) ??
			intakeText(locale, "service_office"),
		deadline: deadlineLine(directory, locale, issue, now),
	});
}

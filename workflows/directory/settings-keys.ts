/** The `settings` rows the directory import writes, and what each holds. */
import type { IntakeSettings, RoutingRules } from "../intake/routing-types.ts";

export const SETTINGS_KEYS = {
	/** `RoutingSettings`: urgency words and intake settings (categories are rows of their own). */
	routing: "routing",
	/** `DeadlinePolicy`. */
	deadlinePolicy: "deadline_policy",
	/** `CalendarSettings`. */
	calendar: "calendar",
	/** The file's `escalation` section, as written; absent when the file has none. */
	escalation: "escalation",
	/** `{ name }` of the deployment; absent when the file has none. */
	deployment: "deployment",
	/** `ReportSettings` (workflows/reports/lists.ts): the ranking's minimum and the list thresholds. */
	reports: "reports",
} as const;

export interface RoutingSettings {
	urgencyWords: RoutingRules["urgencyWords"];
	intake: IntakeSettings;
	examples: RoutingRules["examples"];
}

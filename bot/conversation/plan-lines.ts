/** A plan as the enterprise reads it in the thread: measures, units, numbered milestones with dates. */
import type { Locale } from "../texts/catalog.ts";
import { planText } from "../texts/plans.ts";
import { formatMilestoneDay } from "./format.ts";

interface MilestoneData {
	position?: unknown;
	title?: unknown;
	unit?: unknown;
	dueAt?: unknown;
}

export function planLines(
	locale: Locale,
	payload: Record<string, unknown>,
): string {
	const units = Array.isArray(payload.units) ? payload.units.join("、") : "";
	const milestones = Array.isArray(payload.milestones)
		? (payload.milestones as MilestoneData[])
		: [];
	return [
		planText(locale, "measures_line", {
			measures: String(payload.measures ?? ""),
		}),
		...(units ? [planText(locale, "units_line", { units })] : []),
		...milestones.map((m) =>
			planText(locale, "milestone_line", {
				position: Number(m.position ?? 0),
				day:
					typeof m.dueAt === "string"
						? formatMilestoneDay(locale, new Date(m.dueAt))
						: "",
				title: String(m.title ?? ""),
				unit: typeof m.unit === "string" && m.unit ? `（${m.unit}）` : "",
			}),
		),
	].join("\n");
}

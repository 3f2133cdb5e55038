/** Quiet hours: who may be pinged when, table-driven across nights, lunch, weekends, holidays and 调休. */
import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { calendarSettingsSchema } from "../../../workflows/deadlines/policy-schema.ts";
import type {
	AudienceRole,
	Place,
} from "../../../workflows/escalation/policy-schema.ts";
import { deliveryFor } from "../../../workflows/escalation/quiet-hours.ts";

const calendar = createWorkingCalendar(calendarSettingsSchema.parse({}));
const sh = (local: string) => new Date(`${local}+08:00`);

type Row = {
	when: string;
	role: AudienceRole;
	where: Place;
	urgent?: boolean;
	bypass?: boolean;
	/** null: delivered now; else held until this Shanghai time. */
	until: string | null;
};

describe("quiet hours", () => {
	it.each<Row>([
		{ when: "2026-03-02T10:00", role: "leader", where: "direct", until: null },
		{
			when: "2026-03-02T20:00",
			role: "leader",
			where: "direct",
			until: "2026-03-03T09:00",
		},
		{
			when: "2026-03-02T12:30",
			role: "supervisors",
			where: "direct",
			until: "2026-03-02T13:30",
		},
		{
			when: "2026-03-06T18:00",
			role: "leader",
			where: "direct",
			until: "2026-03-09T09:00",
		},
		{
			when: "2026-02-16T10:00",
			role: "district_head",
			where: "direct",
			until: "2026-02-24T09:00",
		},
		{ when: "2026-02-14T10:00", role: "leader", where: "direct", until: null },
		{
			when: "2025-10-01T10:00",
			role: "supervisors",
			where: "leaders_group",
			until: "2025-10-09T09:00",
		},
		{
			when: "2025-09-28T16:00",
			role: "supervisors",
			where: "leaders_group",
			until: null,
		},
		{ when: "2026-03-02T23:00", role: "office", where: "thread", until: null },
		{
			when: "2026-03-02T23:00",
			role: "supervisors",
			where: "thread",
			until: null,
		},
		{
			when: "2026-03-02T23:00",
			role: "enterprise",
			where: "direct",
			until: null,
		},
		{
			when: "2026-03-02T23:00",
			role: "leader",
			where: "direct",
			urgent: true,
			until: null,
		},
		{
			when: "2026-03-02T23:00",
			role: "leader",
			where: "direct",
			urgent: true,
			bypass: false,
			until: "2026-03-03T09:00",
		},
	])("$role by $where at $when (urgent: $urgent) → $until", (row) => {
		const delivery = deliveryFor({
			role: row.role,
			where: row.where,
			urgent: row.urgent ?? false,
			quietHours: { enabled: true, urgentBypasses: row.bypass ?? true },
			calendar,
			now: sh(row.when),
		});
		expect(delivery).toEqual(
			row.until === null
				? { kind: "now" }
				: { kind: "hold", until: sh(row.until) },
		);
	});

	it("switched off, nothing is held", () => {
		expect(
			deliveryFor({
				role: "leader",
				where: "direct",
				urgent: false,
				quietHours: { enabled: false, urgentBypasses: true },
				calendar,
				now: sh("2026-03-02T23:00"),
			}),
		).toEqual({ kind: "now" });
	});
});

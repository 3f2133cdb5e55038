/** The demo clock as the playground shows it: its time in Asia/Shanghai and the 快进 button. */
import type { PlaygroundDemoClock } from "../../adapters/playground/index.ts";
import type { Db } from "../../db/client.ts";
import { createWorkingCalendar } from "../../workflows/calendar/working-calendar.ts";
import { loadCalendarSettings } from "../../workflows/directory/queries.ts";
import type { Locale } from "../texts/catalog.ts";
import { playgroundText } from "../texts/playground.ts";
import type { DemoClock } from "./clock.ts";

export function playgroundDemoClock(
	clock: DemoClock,
	db: Db,
	locale: Locale,
): PlaygroundDemoClock {
	const format = new Intl.DateTimeFormat(locale, {
		timeZone: "Asia/Shanghai",
		year: "numeric",
		month: "numeric",
		day: "numeric",
		weekday: "short",
		hour: "2-digit",
		minute: "2-digit",
		hourCycle: "h23",
	});
	return {
		now: clock.now,
		// The directory's calendar as it is now (holidays, 调休, overrides).
		advance: async () =>
			clock.advanceWorkingDay(
				createWorkingCalendar(await loadCalendarSettings(db)),
			),
		label: playgroundText(locale, "demo_clock_advance"),
		describe: (at) =>
			playgroundText(locale, "demo_clock_now", { time: format.format(at) }),
	};
}

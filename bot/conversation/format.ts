/** Small renderings shared by the bot's texts: times in Shanghai, colour dots, mentions. */
import type { Colour } from "../../db/schema/issues.ts";
import { SHANGHAI_OFFSET_MS } from "../../workflows/calendar/local-time.ts";
import type { Locale } from "../texts/catalog.ts";

/** "11月28日 17:30" / "Nov 28 17:30", in Asia/Shanghai. */
export function formatDateTime(locale: Locale, instant: Date): string {
	const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
	const hh = String(local.getUTCHours()).padStart(2, "0");
	const mm = String(local.getUTCMinutes()).padStart(2, "0");
	if (locale === "zh-CN")
		return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${hh}:${mm}`;
	const month = local.toLocaleString("en", { month: "short", timeZone: "UTC" });
	return `${month} ${local.getUTCDate()} ${hh}:${mm}`;
}

/** A milestone's date from the moment it is late (the end of its day): "12月20日" / "Dec 20". */
export function formatMilestoneDay(locale: Locale, lateAt: Date): string {
	const local = new Date(lateAt.getTime() - 1 + SHANGHAI_OFFSET_MS);
	if (locale === "zh-CN")
		return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
	const month = local.toLocaleString("en", { month: "short", timeZone: "UTC" });
	return `${month} ${local.getUTCDate()}`;
}

const DOTS: Record<Colour, string> = {
	green: "🟢",
	yellow: "🟡",
	orange: "🟠",
	red: "🔴",
};

export function colourDot(colour: Colour): string {
	return DOTS[colour];
}

/** "2026-000012" → "12": what people type after #. */
export function shortNumber(number: string): string {
	return String(Number(number.slice(5)));
}

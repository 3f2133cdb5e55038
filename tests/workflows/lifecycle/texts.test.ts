/** Every lifecycle text exists in both locales and renders without holes. */
import { describe, expect, it } from "vitest";
import type { Locale } from "../../../bot/texts/catalog.ts";
import {
	commandLabel,
	refusalText,
	stateLabel,
	tierLabel,
} from "../../../bot/texts/lifecycle.ts";
import { ISSUE_STATES, TIERS } from "../../../db/schema/issues.ts";
import { COMMAND_TYPES } from "../../../workflows/lifecycle/commands.ts";
import { refusal } from "../../../workflows/lifecycle/refusals.ts";
import { REFUSAL_CODES } from "../../../workflows/lifecycle/types.ts";

const LOCALES: Locale[] = ["zh-CN", "en"];
const params = {
	number: "2026-000012",
	ref: "2026-000099",
	state: "resolved",
	command: "accept",
	allowedStates: "dispatched,reopened",
	who: "lead_official,office",
	workingDays: 3,
	problem: "date",
	due: "2026-02-30",
	position: 2,
};

describe("lifecycle texts", () => {
	it("every refusal renders in both locales with every placeholder filled", () => {
		for (const code of REFUSAL_CODES) {
			const message = (locale: Locale) =>
				refusalText(locale, refusal(code, params));
			for (const locale of LOCALES) {
				expect(message(locale), `${code} ${locale}`).not.toMatch(
					/\{|undefined|^$/,
				);
			}
			expect(message("zh-CN"), code).not.toBe(message("en"));
		}
	});

	it("states, tiers and commands have a distinct label in each locale", () => {
		for (const locale of LOCALES) {
			const states = ISSUE_STATES.map((s) => stateLabel(locale, s));
			const commands = COMMAND_TYPES.map((c) => commandLabel(locale, c));
			const tiers = TIERS.map((t) => tierLabel(locale, t));
			for (const labels of [states, commands, tiers])
				expect(new Set(labels).size).toBe(labels.length);
		}
		expect(stateLabel("zh-CN", "resolved")).toBe("已办结");
		expect(stateLabel("zh-CN", "done")).toBe("已办成");
	});
});

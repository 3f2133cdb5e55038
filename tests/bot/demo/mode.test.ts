/**
 * Demo mode (DEMO, docs/demo.md): on by itself only where a newcomer runs the demo — the playground
 * with the demo directory and no real platform — and without it the demo clock does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DIRECTORY_FILE, loadConfig } from "../../../bot/config.ts";
import { nextWorkingDay } from "../../../bot/demo/clock.ts";
import { createWorkingCalendar } from "../../../workflows/calendar/working-calendar.ts";
import { loadCalendarSettings } from "../../../workflows/directory/queries.ts";
import { startTestBot, type TestBot } from "../../support/bot-harness.ts";

const demo = (env: Record<string, string>) => loadConfig(env).demo;

describe("the default of DEMO", () => {
	it("is on for the playground with the demo directory and no real platform", () => {
		expect(demo({})).toBe(true);
		expect(demo({ DIRECTORY_FILE: DEMO_DIRECTORY_FILE })).toBe(true);
		expect(demo({ DIRECTORY_FILE: "db/seeds/sanyuan.yaml" })).toBe(true);
	});

	it("is off with a directory of one's own, without the playground, or with a real platform", () => {
		expect(
			demo({ DIRECTORY_FILE: "tests/fixtures/directory/wechat-e2e.yaml" }),
		).toBe(false);
		expect(demo({ PLAYGROUND: "off" })).toBe(false);
		expect(demo({ HOST: "0.0.0.0" })).toBe(false);
		expect(demo({ SLACK_BOT_TOKEN: "xoxb-1", PLAYGROUND: "on" })).toBe(false);
		expect(
			demo({ WECHATY_PUPPET: "wechaty-puppet-mock", PLAYGROUND: "on" }),
		).toBe(false);
	});

	it("follows DEMO when it is set", () => {
		expect(demo({ DEMO: "off" })).toBe(false);
		expect(demo({ DEMO: "on", PLAYGROUND: "off" })).toBe(true);
	});
});

const post = (bot: TestBot, headers: Record<string, string> = {}) =>
	fetch(`${bot.url}/playground/api/demo-clock/advance`, {
		method: "POST",
		headers: { "content-type": "application/json", ...headers },
		body: "{}",
	});

describe("DEMO=off", () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({ env: { PLAYGROUND: "on", DEMO: "off" } });
	}, 60_000);
	afterAll(async () => bot?.close());

	it("has no demo clock: its routes are 404, the page has no button, the bot keeps real time", async () => {
		expect((await fetch(`${bot.url}/playground/api/demo-clock`)).status).toBe(
			404,
		);
		expect((await post(bot)).status).toBe(404);
		const page = await (await fetch(`${bot.url}/playground/`)).text();
		expect(page).not.toContain("demo-clock-advance");
		expect(page).not.toContain("快进");
		expect(bot.qinqing.demoClock).toBeNull();
	});
});

describe("DEMO=on", () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({ env: { PLAYGROUND: "on", DEMO: "on" } });
	}, 120_000);
	afterAll(async () => bot?.close());

	it("shows the demo time and moves it one working day per 快进, for every process reading the database", async () => {
		const page = await (await fetch(`${bot.url}/playground/`)).text();
		expect(page).toContain("快进 1 个工作日");
		const before = await (
			await fetch(`${bot.url}/playground/api/demo-clock`)
		).json();
		expect(before.text).toMatch(/^演示时间：/);
		const response = await post(bot);
		expect(response.status).toBe(200);
		const after = await response.json();
		// The next working day: a calendar day later, or more over a weekend or a holiday, and at the
		// office's opening when the demo time was outside office hours (the lunch break, the night).
		const calendar = createWorkingCalendar(
			await loadCalendarSettings(bot.qinqing.database.db),
		);
		const expected = nextWorkingDay(new Date(before.now), calendar).getTime();
		expect(Math.abs(Date.parse(after.now) - expected)).toBeLessThan(5_000);
		const moved = Date.parse(after.now) - Date.parse(before.now);
		// Forward by at least a night: from 23:59 to the next opening at 08:00 is the shortest move.
		expect(moved).toBeGreaterThan(7 * 3600_000);
		const offset = bot.qinqing.demoClock?.offsetMs() ?? 0;
		expect(Math.abs(offset - moved)).toBeLessThan(5_000);
	});

	it("moves to the next working day, at its office opening when the time of day is outside office hours", async () => {
		const calendar = createWorkingCalendar(
			await loadCalendarSettings(bot.qinqing.database.db),
		);
		const at = (local: string) => new Date(`${local}+08:00`);
		// Tuesday 10:00 → Wednesday 10:00; Friday 10:00 → Monday 10:00.
		expect(nextWorkingDay(at("2026-12-08T10:00:00"), calendar)).toEqual(
			at("2026-12-09T10:00:00"),
		);
		expect(nextWorkingDay(at("2026-12-11T10:00:00"), calendar)).toEqual(
			at("2026-12-14T10:00:00"),
		);
		// Friday 03:28 (night) → Monday 08:00; Monday 20:00 → Tuesday 08:00.
		expect(nextWorkingDay(at("2026-12-11T03:28:00"), calendar)).toEqual(
			at("2026-12-14T08:00:00"),
		);
		expect(nextWorkingDay(at("2026-12-07T20:00:00"), calendar)).toEqual(
			at("2026-12-08T08:00:00"),
		);
	});

	it("refuses an advance that does not come from the page (a form from another site)", async () => {
		const form = await fetch(`${bot.url}/playground/api/demo-clock/advance`, {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: "a=1",
		});
		expect(form.status).toBeGreaterThanOrEqual(400);
		const foreign = await post(bot, { origin: "https://evil.example" });
		expect(foreign.status).toBe(403);
	});
});

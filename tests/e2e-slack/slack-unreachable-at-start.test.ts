/**
 * Each platform starts on its own: with Slack configured but its API unreachable, the bot still
 * starts — the web and the playground work, /status says what is wrong with Slack — and keeps
 * trying Slack in the background.
 */
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { SIGNING_SECRET } from "../adapters/slack-fixture.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { DRIVERS } from "../support/databases.ts";
import {
	type FakeSlackApi,
	startFakeSlackApi,
} from "../support/fake-slack-api.ts";
import { waitFor } from "../support/wait.ts";

const DIRECTORY = new URL("./directory.yaml", import.meta.url).pathname;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const address = server.address();
	await new Promise((resolve) => server.close(resolve));
	if (!address || typeof address === "string") throw new Error("no port");
	return address.port;
}

for (const driver of DRIVERS) {
	describe(`slack unreachable at start [${driver}]`, () => {
		let bot: TestBot | undefined;
		let fake: FakeSlackApi | undefined;
		afterAll(async () => {
			await bot?.close();
			await fake?.close();
		});

		it("starts the web and the playground, and shows on /status why Slack is not connected", async () => {
			const port = await closedPort();
			fake = await startFakeSlackApi();
			const lines: string[] = [];
			bot = await startTestBot({
				driver,
				directoryFile: DIRECTORY,
				env: {
					PLAYGROUND: "on",
					SLACK_BOT_TOKEN: fake.token,
					SLACK_SIGNING_SECRET: SIGNING_SECRET,
					SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
				},
				log: (line) => lines.push(line),
				platformRetryMs: 200,
			});
			const url = bot.url;
			expect((await fetch(`${url}/healthz`)).status).toBeLessThan(500);
			expect((await fetch(`${url}/playground/`)).status).toBe(200);
			const status = async () =>
				(await (
					await fetch(`${url}/status/`, {
						headers: { accept: "application/json" },
					})
				).json()) as Record<string, { state: string; detail?: string }>;
			const slack = (await status()).slack;
			expect(slack?.state).toBe("error");
			expect(slack?.detail).toMatch(/SLACK_API_URL|reach/);
			expect(lines.join("\n")).not.toMatch(/\n\s+at /);
			// Tried again in the background.
			const tries = () =>
				lines.filter((l) => l.includes("slack could not connect")).length;
			await waitFor(() => tries() >= 2, "a second try at Slack");
		}, 60_000);
	});
}

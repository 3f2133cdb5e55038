/** A damaged embedded database: start-up says which directory and what to do, not a stack trace. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { DatabaseDirectoryError, startQinqing } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { createLogger } from "../../bot/runtime/logger.ts";
import { E2E_DIRECTORY_FILE } from "../support/bot-harness.ts";
import { TEST_REDIS } from "../support/redis.ts";

const dataDir = mkdtempSync(join(tmpdir(), "qq-damaged-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it("names the damaged PGlite directory and how to recover", async () => {
	const pglite = join(dataDir, "pglite");
	mkdirSync(pglite, { recursive: true });
	writeFileSync(join(pglite, "PG_VERSION"), "garbage\n");
	const started = startQinqing({
		config: loadConfig({
			PORT: "0",
			DATA_DIR: dataDir,
			DIRECTORY_FILE: E2E_DIRECTORY_FILE,
		}),
		log: createLogger("bot", () => {}),
		redis: TEST_REDIS,
		prefix: "qqdamaged",
	});
	await expect(started).rejects.toBeInstanceOf(DatabaseDirectoryError);
	const error = (await started.catch((e: unknown) => e)) as Error;
	expect(error.message).toContain(pglite);
	expect(error.message).toMatch(/mv /);
}, 60_000);

import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import type { Logger } from "./logger.ts";

/** Waits until Postgres answers, saying plainly what is wrong meanwhile; a down database is not a crash. */
export async function waitForDatabase(
	database: Database,
	log: Logger,
	retryMs = 2000,
): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await database.db.execute(sql`select 1`);
			if (attempt > 1) log.info("database is answering again");
			return;
		} catch (error) {
			const reason = describeConnectionError(error);
			log.warn(
				`database not reachable (${reason}); retrying in ${retryMs / 1000} s — check DATABASE_URL and that Postgres is running`,
			);
			await new Promise((r) => setTimeout(r, retryMs));
		}
	}
}

function describeConnectionError(error: unknown): string {
	const cause = (error as { cause?: unknown }).cause ?? error;
	const code = (cause as { code?: string }).code;
	const message = cause instanceof Error ? cause.message : String(cause);
	return code ? `${code}: ${message}` : message;
}

import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import {
	type Database,
	type DatabaseDriver,
	openDatabase,
} from "../../db/client.ts";
import { runMigrations } from "../../db/migrate.ts";

/** The server the suites use for their throwaway databases; `TEST_DATABASE_URL` points elsewhere. */
const ADMIN_URL =
	process.env.TEST_DATABASE_URL ??
	"postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends Database {
	/** postgres://… of the throwaway database (postgres driver only). */
	url?: string;
	/** Closes the connections and leaves the database in place (postgres driver only). */
	keep?(): Promise<void>;
}

export interface TestDatabaseOptions {
	/** The Postgres server to create the database on (default `TEST_DATABASE_URL` or the local one). */
	adminUrl?: string;
	poolSize?: number;
	/** The database name's prefix, so a leftover one says who made it. */
	prefix?: string;
}

/** A fresh, migrated database: a new Postgres database, or an in-memory PGlite. */
export async function createTestDatabase(
	driver: DatabaseDriver,
	options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
	if (driver === "pglite") {
		const database = await openDatabase({});
		await runMigrations(database);
		return database;
	}
	const adminUrl = options.adminUrl ?? ADMIN_URL;
	const name = `${options.prefix ?? "qq_test"}_${randomBytes(6).toString("hex")}`;
	await adminQuery(adminUrl, `create database ${name}`);
	const url = withDatabase(adminUrl, name);
	const database = await openDatabase({ url, poolSize: options.poolSize ?? 5 });
	await runMigrations(database);
	return {
		...database,
		url,
		keep: database.close,
		async close() {
			await database.close();
			await adminQuery(
				adminUrl,
				`drop database if exists ${name} with (force)`,
			);
		},
	};
}

function withDatabase(url: string, name: string): string {
	const parsed = new URL(url);
	parsed.pathname = `/${name}`;
	return parsed.toString();
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		await client.query(text);
	} finally {
		await client.end();
	}
}

export const DRIVERS: DatabaseDriver[] = ["postgres", "pglite"];

/**
 * Runs one suite against node-postgres and against PGlite. The callback gets a getter, because
 * the database exists only once `beforeAll` has run.
 */
export function describeEachDriver(
	name: string,
	suite: (database: () => TestDatabase) => void,
): void {
	for (const driver of DRIVERS) {
		describe(`${name} [${driver}]`, () => {
			let database: TestDatabase | undefined;
			beforeAll(async () => {
				database = await createTestDatabase(driver);
			}, 60_000);
			afterAll(async () => {
				await database?.close();
			});
			suite(() => {
				if (!database) throw new Error("test database not ready");
				return database;
			});
		});
	}
}

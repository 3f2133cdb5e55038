/** The floor under every figure: how many single-row transactions this Postgres commits per second. */
import { performance } from "node:perf_hooks";
import pg from "pg";

export interface CommitRate {
	sequentialPerSecond: number;
	concurrentPerSecond: number;
	concurrency: number;
	synchronousCommit: string;
}

export async function measureCommitRate(
	url: string,
	rows = 2000,
	concurrency = 8,
): Promise<CommitRate> {
	const clients = await Promise.all(
		Array.from({ length: concurrency }, async () => {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			return client;
		}),
	);
	const [first] = clients;
	if (!first) throw new Error("no connection");
	try {
		await first.query(
			"create table if not exists bench_commit (id bigserial primary key, note text not null)",
		);
		const { rows: setting } = await first.query<{
			synchronous_commit: string;
		}>("show synchronous_commit");
		const insert = (client: pg.Client, i: number) =>
			client.query("insert into bench_commit (note) values ($1)", [`row ${i}`]);

		let started = performance.now();
		for (let i = 0; i < rows; i++) await insert(first, i);
		const sequentialPerSecond = rows / ((performance.now() - started) / 1000);

		started = performance.now();
		await Promise.all(
			clients.map(async (client, c) => {
				for (let i = c; i < rows; i += concurrency) await insert(client, i);
			}),
		);
		const concurrentPerSecond = rows / ((performance.now() - started) / 1000);
		await first.query("drop table bench_commit");
		return {
			sequentialPerSecond,
			concurrentPerSecond,
			concurrency,
			synchronousCommit: setting[0]?.synchronous_commit ?? "unknown",
		};
	} finally {
		await Promise.all(clients.map((client) => client.end()));
	}
}

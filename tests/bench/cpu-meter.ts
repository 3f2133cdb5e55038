/**
 * CPU time spent during a phase, by whom: this process, the bench's worker processes, the Postgres
 * backends serving the bench's database, and the Redis server. Throughput on a shared 2-core box
 * moves with whatever else runs; CPU per message says where the cost is.
 */
import { readFile } from "node:fs/promises";
import { Redis } from "ioredis";
import pg from "pg";

export interface CpuSample {
	bench: number;
	workers: number;
	/** CPU ms by backend pid: a backend that started mid-phase counts whole. */
	postgres: Map<number, number>;
	redis: number;
}

const TICKS_PER_SECOND = 100;

async function processCpuMs(pid: number): Promise<number> {
	try {
		const stat = await readFile(`/proc/${pid}/stat`, "utf8");
		// Fields after the command name (which may hold spaces) start at ")".
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		const ticks = Number(fields[11]) + Number(fields[12]);
		return (ticks * 1000) / TICKS_PER_SECOND;
	} catch {
		return 0; // not on Linux, or the process is gone
	}
}

export function createCpuMeter(options: {
	databaseUrl: string;
	redisUrl: string;
	workerPids: () => number[];
}) {
	async function sample(): Promise<CpuSample> {
		const client = new pg.Client({ connectionString: options.databaseUrl });
		await client.connect();
		let backends: number[];
		try {
			const { rows } = await client.query<{ pid: number }>(
				"select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
			);
			backends = rows.map((r) => r.pid);
		} finally {
			await client.end();
		}
		const redis = new Redis(options.redisUrl);
		let redisMs = 0;
		try {
			const info = await redis.info("cpu");
			const value = (name: string) =>
				Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
			redisMs = (value("used_cpu_sys") + value("used_cpu_user")) * 1000;
		} finally {
			redis.disconnect();
		}
		const own = process.cpuUsage();
		const postgres = new Map<number, number>();
		for (const pid of backends) postgres.set(pid, await processCpuMs(pid));
		const workers = await Promise.all(options.workerPids().map(processCpuMs));
		return {
			bench: (own.user + own.system) / 1000,
			workers: workers.reduce((a, b) => a + b, 0),
			postgres,
			redis: redisMs,
		};
	}

	return {
		sample,
		/** CPU ms per message between two samples. */
		perMessage(before: CpuSample, after: CpuSample, messages: number) {
			const per = (ms: number) => Math.round((ms / messages) * 100) / 100;
			let postgres = 0;
			for (const [pid, ms] of after.postgres)
				postgres += ms - (before.postgres.get(pid) ?? 0);
			return {
				bench: per(after.bench - before.bench),
				workers: per(after.workers - before.workers),
				postgres: per(postgres),
				redis: per(after.redis - before.redis),
			};
		},
	};
}

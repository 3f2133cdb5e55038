/** `npm start`: run Qinqing with the environment's configuration (no configuration: the demo, locally). */
import {
	DatabaseDirectoryError,
	DirectoryFileError,
	startQinqing,
} from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { DataDirInUseError, lockDataDir } from "./runtime/data-dir-lock.ts";
import { RedisUnavailableError } from "./runtime/local-redis.ts";
import { createLogger } from "./runtime/logger.ts";

/**
 * A stop that hangs (e.g. BullMQ waiting on a Redis that died) must not keep the process alive
 * forever; but the embedded database needs its checkpoint, which takes seconds on a busy machine,
 * and a cut-short close replays its log next time (issue numbers then skip 32, a Postgres sequence's
 * logged look-ahead). Within docker-compose's stop_grace_period.
 */
const STOP_TIMEOUT_MS = 25_000;

const log = createLogger();
const EXPECTED = [
	ConfigError,
	DirectoryFileError,
	RedisUnavailableError,
	DataDirInUseError,
	DatabaseDirectoryError,
];

try {
	const config = loadConfig();
	const usesDataDir = !config.DATABASE_URL || !config.REDIS_URL;
	const unlock = usesDataDir ? lockDataDir(config.DATA_DIR) : () => {};
	const qinqing = await startQinqing({ config, log }).catch((error) => {
		unlock();
		throw error;
	});
	log.info(
		`Qinqing is running (roles: ${config.QINQING_ROLES.join(", ")}, locale ${config.LOCALE})`,
	);
	if (qinqing.url) {
		// The front page leads to everything else; the playground, when it runs, is where to start.
		const playground =
			config.playground && config.QINQING_ROLES.includes("gateway")
				? `  playground: ${qinqing.url}/playground/\n`
				: "";
		console.log(`\n  亲清 Qinqing: ${qinqing.url}/\n${playground}`);
	}
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal}: stopping`);
		const timer = setTimeout(() => {
			log.error(
				`did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting anyway`,
			);
			unlock();
			process.exit(1);
		}, STOP_TIMEOUT_MS);
		timer.unref();
		await qinqing.close();
		unlock();
		process.exit(0);
	};
	process.on("SIGINT", () => void stop("SIGINT"));
	process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (error) {
	if (EXPECTED.some((type) => error instanceof type)) {
		console.error(`\n${(error as Error).message}\n`);
	} else {
		// The cause in one line; the stack only when asked for (QINQING_DEBUG=1).
		log.error(
			`Qinqing could not start: ${error instanceof Error ? error.message : String(error)}`,
			process.env.QINQING_DEBUG && error instanceof Error
				? { stack: error.stack }
				: {},
		);
	}
	process.exit(1);
}

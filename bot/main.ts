/** `npm start`: run Qinqing with the environment's configuration (no configuration: the demo, locally). */
import { DirectoryFileError, startQinqing } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { RedisUnavailableError } from "./runtime/local-redis.ts";
import { createLogger } from "./runtime/logger.ts";

const log = createLogger();

try {
	const config = loadConfig();
	const qinqing = await startQinqing({ config, log });
	log.info(
		`Qinqing is running (roles: ${config.QINQING_ROLES.join(", ")}, locale ${config.LOCALE})`,
	);
	if (qinqing.url) {
		console.log(
			`\n  亲清 Qinqing: ${qinqing.url}/playground/  (status: ${qinqing.url}/status/)\n`,
		);
	}
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal}: stopping`);
		await qinqing.close();
		process.exit(0);
	};
	process.on("SIGINT", () => void stop("SIGINT"));
	process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (error) {
	if (
		error instanceof ConfigError ||
		error instanceof DirectoryFileError ||
		error instanceof RedisUnavailableError
	) {
		console.error(`\n${error.message}\n`);
	} else {
		log.error("Qinqing could not start", {
			error:
				error instanceof Error ? (error.stack ?? error.message) : String(error),
		});
	}
	process.exit(1);
}

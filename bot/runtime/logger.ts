/** A tiny structured logger: one line per event, JSON when LOG_FORMAT=json (for log collectors). */
export interface Logger {
	info(message: string, fields?: Record<string, unknown>): void;
	warn(message: string, fields?: Record<string, unknown>): void;
	error(message: string, fields?: Record<string, unknown>): void;
	child(scope: string): Logger;
}

type Level = "info" | "warn" | "error";

export function createLogger(
	scope = "qinqing",
	sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
	const json = process.env.LOG_FORMAT === "json";
	const silent = process.env.LOG_LEVEL === "silent";
	const write = (
		level: Level,
		message: string,
		fields?: Record<string, unknown>,
	) => {
		if (silent) return;
		if (json) {
			sink(
				JSON.stringify({
					time: new Date().toISOString(),
					level,
					scope,
					message,
					...fields,
				}),
			);
			return;
		}
		const extra =
			fields && Object.keys(fields).length > 0
				? ` ${JSON.stringify(fields)}`
				: "";
		sink(
			`${new Date().toISOString()} ${level.padEnd(5)} [${scope}] ${message}${extra}`,
		);
	};
	return {
		info: (m, f) => write("info", m, f),
		warn: (m, f) => write("warn", m, f),
		error: (m, f) => write("error", m, f),
		child: (child) => createLogger(`${scope}:${child}`, sink),
	};
}

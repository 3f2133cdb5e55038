/** Bolt and the WebClient log through ours: their warnings and errors only. */
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../bot/runtime/logger.ts";

export function toBoltLogger(log: Logger | undefined): BoltLogger {
	let level = LogLevel.WARN;
	const text = (parts: unknown[]) => parts.map(String).join(" ");
	return {
		debug: () => {},
		info: () => {},
		warn: (...parts: unknown[]) => log?.warn(text(parts)),
		error: (...parts: unknown[]) => log?.error(text(parts)),
		setLevel: (next: LogLevel) => {
			level = next;
		},
		getLevel: () => level,
		setName: () => {},
	};
}

/**
 * The SDK's logger, bridged to ours. The SDK logs failed requests with their bodies (the token
 * request's body holds the app secret), so only its plain words pass, and the secret never does.
 */
import type { Logger } from "../../bot/runtime/logger.ts";

type Args = unknown[];

export function toSdkLogger(log: Logger | undefined, secret: string) {
	const words = (args: Args) =>
		args
			.flat()
			.filter((arg): arg is string => typeof arg === "string")
			.join(" ")
			.split(secret)
			.join("[redacted]");
	return {
		error: (...args: Args) => log?.warn(`Feishu SDK: ${words(args)}`),
		warn: (...args: Args) => log?.warn(`Feishu SDK: ${words(args)}`),
		info: () => {},
		debug: () => {},
		trace: () => {},
	};
}

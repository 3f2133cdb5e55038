/**
 * Each chat platform connects on its own. A platform that cannot connect at start (Slack's API
 * unreachable, a puppet service down) does not stop the bot: the cause is logged in one line and
 * shown on /status, and the platform is tried again in the background with backoff, while the other
 * platforms, the workers and the web run.
 */
import type { ChatAdapter, InboundSink } from "../adapter.ts";
import type { Platform } from "../messages.ts";
import type { Logger } from "../runtime/logger.ts";

const RETRY_CAP_MS = 5 * 60_000;

export interface PlatformConnectorOptions {
	retryMs?: number;
	onStatus?: (platform: Platform, state: string, detail?: string) => void;
	log: Logger;
}

export interface PlatformConnector {
	/** Resolves once the adapter is connected or its first try failed (it is then retried). */
	start(adapter: ChatAdapter, sink: InboundSink): Promise<void>;
	close(): void;
}

export function createPlatformConnector(
	options: PlatformConnectorOptions,
): PlatformConnector {
	const firstRetryMs = options.retryMs ?? 5000;
	const timers = new Set<NodeJS.Timeout>();
	let closed = false;

	async function attempt(
		adapter: ChatAdapter,
		sink: InboundSink,
		waitMs: number,
		tries: number,
	): Promise<void> {
		try {
			await adapter.start(sink);
			options.onStatus?.(adapter.platform, "connected");
			if (tries > 1)
				options.log.info(`${adapter.platform} connected after ${tries} tries`);
			return;
		} catch (error) {
			// A half-started adapter must be stopped before it can be started again.
			await adapter.stop().catch(() => {});
			const cause = error instanceof Error ? error.message : String(error);
			options.log.warn(
				`${adapter.platform} could not connect; trying again in ${Math.round(waitMs / 1000)} s — the other platforms run`,
				{ cause },
			);
			options.onStatus?.(adapter.platform, "error", cause);
			if (closed) return;
			const timer = setTimeout(() => {
				timers.delete(timer);
				if (closed) return;
				void attempt(
					adapter,
					sink,
					Math.min(waitMs * 2, RETRY_CAP_MS),
					tries + 1,
				);
			}, waitMs);
			timer.unref?.();
			timers.add(timer);
		}
	}

	return {
		start: (adapter, sink) => attempt(adapter, sink, firstRetryMs, 1),
		close() {
			closed = true;
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
		},
	};
}

/**
 * Per-address request limits for the open write paths (playground posts, intake API) and the public
 * board: a token bucket per client address, in this process's memory (each web process limits on its
 * own). Over the limit: 429 with Retry-After. The address is Fastify's request.ip, so TRUST_PROXY
 * decides whose address it is behind a proxy.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

export interface RateLimitOptions {
	/** Requests per minute, sustained. */
	perMinute: number;
	/** Requests allowed at once before the sustained rate applies (default: perMinute). */
	burst?: number;
	/** Only these methods count (default: every method). */
	methods?: string[];
	/** The body of a refusal, given the seconds to wait. */
	message?: (seconds: number) => string;
	now?: () => number;
}

/** Buckets kept at most; the least recently refilled go first when more addresses arrive. */
const MAX_ADDRESSES = 10_000;

export function createRateLimit(options: RateLimitOptions) {
	const burst = options.burst ?? options.perMinute;
	const perMs = options.perMinute / 60_000;
	const now = options.now ?? Date.now;
	const methods = options.methods?.map((m) => m.toUpperCase());
	const buckets = new Map<string, { tokens: number; at: number }>();

	/** 0 when the request may go ahead (and is counted), else the milliseconds until it may. */
	function take(address: string): number {
		const at = now();
		const kept = buckets.get(address);
		const tokens = kept
			? Math.min(burst, kept.tokens + (at - kept.at) * perMs)
			: burst;
		buckets.delete(address);
		if (buckets.size >= MAX_ADDRESSES) {
			const oldest = buckets.keys().next().value;
			if (oldest !== undefined) buckets.delete(oldest);
		}
		if (tokens < 1) {
			buckets.set(address, { tokens, at });
			return Math.ceil((1 - tokens) / perMs);
		}
		buckets.set(address, { tokens: tokens - 1, at });
		return 0;
	}

	return async function rateLimit(
		request: FastifyRequest,
		reply: FastifyReply,
	) {
		if (methods && !methods.includes(request.method)) return;
		const waitMs = take(request.ip);
		if (waitMs === 0) return;
		const seconds = Math.max(1, Math.ceil(waitMs / 1000));
		return reply
			.status(429)
			.header("retry-after", String(seconds))
			.send({
				error: "too_many_requests",
				message:
					options.message?.(seconds) ??
					`too many requests; try again in ${seconds} s`,
				retryAfterSeconds: seconds,
			});
	};
}

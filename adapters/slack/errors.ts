/**
 * Slack Web API failures → what the outbound worker should do. Rate limits wait for Retry-After;
 * a refusal (unknown channel, not a member, bad token …) is not retried; anything else (network,
 * Slack's 5xx) is a plain error the worker retries with backoff.
 */
import {
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../bot/adapter.ts";

/** When Slack gives no Retry-After with a `ratelimited` answer. */
const DEFAULT_RETRY_AFTER_MS = 1000;

interface WebApiError {
	code?: string;
	retryAfter?: number;
	statusCode?: number;
	data?: { error?: string; response_metadata?: { retryAfter?: number } };
	message?: string;
}

/** Hints for the operator, by Slack's error code. */
const HINTS: Record<string, string> = {
	not_in_channel: "invite the bot to the channel (/invite @qinqing)",
	channel_not_found:
		"check the channel id in the directory file, and that the bot is in it",
	invalid_auth: "check SLACK_BOT_TOKEN",
	not_authed: "set SLACK_BOT_TOKEN",
	account_inactive: "the bot's token was revoked: reinstall the app",
	token_revoked: "the bot's token was revoked: reinstall the app",
	missing_scope:
		"add the missing scope in adapters/slack/manifest.yaml and reinstall the app",
	message_not_found: "the status card to update no longer exists",
	cant_update_message: "only the bot's own messages can be updated",
};

export function toPlatformError(error: unknown, method: string): Error {
	const e = (error ?? {}) as WebApiError;
	if (e.code === "slack_webapi_rate_limited_error") {
		return new PlatformRateLimitedError((e.retryAfter ?? 1) * 1000);
	}
	if (e.code === "slack_webapi_platform_error") {
		const code = e.data?.error ?? "unknown_error";
		if (code === "ratelimited") {
			const seconds = e.data?.response_metadata?.retryAfter;
			return new PlatformRateLimitedError(
				seconds ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS,
			);
		}
		const hint = HINTS[code];
		return new PlatformRejectedError(
			`Slack ${method} refused: ${code}${hint ? ` (${hint})` : ""}`,
			code,
		);
	}
	if (
		e.code === "slack_webapi_http_error" &&
		e.statusCode !== undefined &&
		e.statusCode < 500
	) {
		return new PlatformRejectedError(
			`Slack ${method} answered HTTP ${e.statusCode}: check SLACK_API_URL`,
			`http_${e.statusCode}`,
		);
	}
	const hint =
		"is Slack reachable from here? check the network, a proxy, SLACK_API_URL";
	return error instanceof Error
		? new Error(`Slack ${method} failed: ${error.message} (${hint})`, {
				cause: error,
			})
		: new Error(`Slack ${method} failed: ${String(error)} (${hint})`);
}

/**
 * WeCom's server API over HTTP: the access token (gettoken, cached, refreshed when WeCom says it
 * expired), application messages (message/send) and the group-bot webhook. The token travels only in
 * the query string of a request; it is never logged and never put in an error message.
 */
import {
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../bot/adapter.ts";

export interface WecomApiOptions {
	/** https://qyapi.weixin.qq.com, or a private deployment's (政务微信, 粤政易) own address. */
	baseUrl: string;
	corpId?: string;
	/** The application's (自建应用) secret and id, for direct messages. */
	agentSecret?: string;
	agentId?: number;
	/** Refresh this long before WeCom's stated expiry. */
	tokenMarginMs?: number;
	fetch?: typeof fetch;
	now?: () => number;
}

interface WecomReply {
	errcode?: number;
	errmsg?: string;
	access_token?: string;
	expires_in?: number;
	msgid?: string;
}

/** Token invalid / expired: get a new one and try once more. */
const TOKEN_REFUSED = new Set([40014, 42001]);
/** Too many calls (45009, 45033 …): wait a minute. */
const RATE_LIMITED = new Set([45009, 45033, 45047]);
const RATE_LIMIT_WAIT_MS = 60_000;

export interface WecomApi {
	/** An application message to people by their WeCom userid. */
	sendAppText(touser: string, content: string): Promise<string>;
	/** A group-bot webhook message; `mentioned` are userids WeCom @s in the group. */
	sendWebhookText(
		key: string,
		content: string,
		mentioned: string[],
	): Promise<void>;
}

export function createWecomApi(options: WecomApiOptions): WecomApi {
	const http = options.fetch ?? fetch;
	const now = options.now ?? Date.now;
	const margin = options.tokenMarginMs ?? 5 * 60_000;
	const base = options.baseUrl.replace(/\/+$/, "");
	let token: { value: string; until: number } | null = null;
	let fetching: Promise<string> | null = null;

	async function call(
		path: string,
		query: Record<string, string>,
		body?: unknown,
	): Promise<WecomReply> {
		const url = `${base}${path}?${new URLSearchParams(query)}`;
		let response: Response;
		try {
			response = await http(url, {
				method: body === undefined ? "GET" : "POST",
				...(body === undefined
					? {}
					: {
							headers: { "content-type": "application/json" },
							body: JSON.stringify(body),
						}),
			});
		} catch (error) {
			// Passing: the outbox tries again. Only the path is named (the query holds the token).
			throw new Error(`WeCom ${path} unreachable: ${causeOf(error)}`);
		}
		if (response.status === 429)
			throw new PlatformRateLimitedError(RATE_LIMIT_WAIT_MS);
		if (!response.ok)
			throw new Error(`WeCom ${path} answered HTTP ${response.status}`);
		return (await response.json()) as WecomReply;
	}

	async function freshToken(): Promise<string> {
		const { corpId, agentSecret } = options;
		if (!corpId || !agentSecret)
			throw new PlatformRejectedError(
				"WeCom direct messages need WECOM_CORP_ID and WECOM_AGENT_SECRET",
				"not_configured",
			);
		const reply = await call("/cgi-bin/gettoken", {
			corpid: corpId,
			corpsecret: agentSecret,
		});
		if (reply.errcode || !reply.access_token) throw refusal("gettoken", reply);
		token = {
			value: reply.access_token,
			until: now() + (reply.expires_in ?? 7200) * 1000 - margin,
		};
		return token.value;
	}

	async function accessToken(): Promise<string> {
		if (token && now() < token.until) return token.value;
		// One request for a token at a time, however many sends are waiting for it.
		fetching ??= freshToken().finally(() => {
			fetching = null;
		});
		return fetching;
	}

	return {
		async sendAppText(touser, content) {
			const body = {
				touser,
				msgtype: "text",
				agentid: options.agentId,
				text: { content },
			};
			for (let attempt = 1; ; attempt++) {
				const reply = await call(
					"/cgi-bin/message/send",
					{ access_token: await accessToken() },
					body,
				);
				if (reply.errcode && TOKEN_REFUSED.has(reply.errcode) && attempt < 2) {
					token = null;
					continue;
				}
				if (reply.errcode) throw refusal("message/send", reply);
				return reply.msgid ?? "";
			}
		},
		async sendWebhookText(key, content, mentioned) {
			const reply = await call(
				"/cgi-bin/webhook/send",
				{ key },
				{
					msgtype: "text",
					text: {
						content,
						...(mentioned.length > 0 ? { mentioned_list: mentioned } : {}),
					},
				},
			);
			if (reply.errcode) throw refusal("webhook/send", reply);
		},
	};
}

export function refusal(what: string, reply: WecomReply): Error {
	const code = reply.errcode ?? -1;
	if (RATE_LIMITED.has(code))
		return new PlatformRateLimitedError(RATE_LIMIT_WAIT_MS);
	// -1: WeCom is busy; try again.
	if (code === -1) return new Error(`WeCom ${what}: busy (${reply.errmsg})`);
	return new PlatformRejectedError(
		`WeCom ${what} refused: ${reply.errmsg ?? "no message"}`,
		String(code),
	);
}

function causeOf(error: unknown): string {
	const cause = (error as { cause?: { code?: string } })?.cause?.code;
	return cause ?? (error instanceof Error ? error.name : "error");
}

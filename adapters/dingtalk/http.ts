/**
 * DingTalk's open platform over plain HTTP, in its official request shapes: the app access token
 * (cached until shortly before it expires, refreshed once when refused, never logged), and a JSON
 * call that turns DingTalk's answers into what the outbound worker should do. Both base URLs are
 * configuration, so the government edition (专有钉钉) or a test server is a matter of settings.
 */
import {
	PlatformRateLimitedError,
	PlatformRejectedError,
} from "../../bot/adapter.ts";

export const DINGTALK_API_URL = "https://api.dingtalk.com";
export const DINGTALK_OAPI_URL = "https://oapi.dingtalk.com";

export interface DingtalkHttpOptions {
	appKey: string;
	appSecret: string;
	/** New-style API (api.dingtalk.com): token, robot, cards, the stream gateway. */
	apiUrl?: string;
	/** Old-style API (oapi.dingtalk.com): 工作通知. */
	oapiUrl?: string;
	timeoutMs?: number;
}

/** Renew this long before DingTalk says the token expires. */
const EARLY_RENEWAL_MS = 5 * 60_000;
/** DingTalk's codes for a token that is no longer valid. */
const STALE_TOKEN = new Set([
	"InvalidAuthentication",
	"40001",
	"40014",
	"42001",
]);
/** DingTalk's codes for "too many calls": wait, then try again. */
const THROTTLED = new Set([
	"Forbidden.AccessDenied.QpsLimitForApi",
	"Forbidden.AccessDenied.QpmLimitForApi",
	"Throttling",
	"90018",
	"90002",
	"88",
]);
const DEFAULT_RETRY_AFTER_MS = 1000;

export interface DingtalkHttp {
	readonly apiUrl: string;
	readonly oapiUrl: string;
	/** A call to the new-style API with the app token in `x-acs-dingtalk-access-token`. */
	api(
		method: "POST" | "PUT",
		path: string,
		body: unknown,
	): Promise<Record<string, unknown>>;
	/** A call to the old-style API with the app token as `access_token`. */
	oapi(path: string, body: unknown): Promise<Record<string, unknown>>;
	/** A POST to a robot session webhook (the URL is its own credential). */
	webhook(url: string, body: unknown): Promise<Record<string, unknown>>;
}

interface Answer {
	status: number;
	body: Record<string, unknown>;
	retryAfterMs?: number;
}

/** Strips a URL to where it points, without its query (a webhook's session, a token). */
function whereOf(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return "(an invalid URL)";
	}
}

export function createDingtalkHttp(options: DingtalkHttpOptions): DingtalkHttp {
	const apiUrl = (options.apiUrl ?? DINGTALK_API_URL).replace(/\/+$/, "");
	const oapiUrl = (options.oapiUrl ?? DINGTALK_OAPI_URL).replace(/\/+$/, "");
	const timeoutMs = options.timeoutMs ?? 10_000;
	let token: { value: string; renewAt: number } | null = null;
	let pending: Promise<string> | null = null;

	async function request(
		method: string,
		url: string,
		body: unknown,
		headers: Record<string, string> = {},
	): Promise<Answer> {
		let response: Response;
		try {
			response = await fetch(url, {
				method,
				headers: { "content-type": "application/json", ...headers },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(timeoutMs),
			});
		} catch (error) {
			throw new Error(
				`DingTalk ${whereOf(url)} failed: ${error instanceof Error ? error.message : String(error)} (is DingTalk reachable? check DINGTALK_API_URL / DINGTALK_OAPI_URL)`,
				{ cause: error },
			);
		}
		const text = await response.text();
		let parsed: Record<string, unknown> = {};
		try {
			parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
		} catch {
			parsed = {};
		}
		const retryAfter = Number(response.headers.get("retry-after"));
		return {
			status: response.status,
			body: parsed,
			...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
		};
	}

	/** DingTalk's error code, from either API style. */
	function codeOf(answer: Answer): string | null {
		const { body } = answer;
		if (typeof body.errcode === "number" && body.errcode !== 0)
			return String(body.errcode);
		if (typeof body.code === "string" && answer.status >= 400) return body.code;
		if (answer.status >= 400) return `http_${answer.status}`;
		return null;
	}

	function failureOf(answer: Answer, where: string): Error {
		const code = codeOf(answer) ?? "unknown";
		if (answer.status === 429 || THROTTLED.has(code))
			return new PlatformRateLimitedError(
				answer.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS,
			);
		if (answer.status >= 500)
			return new Error(`DingTalk ${where} answered HTTP ${answer.status}`);
		const said = String(answer.body.message ?? answer.body.errmsg ?? "");
		return new PlatformRejectedError(
			`DingTalk ${where} refused: ${code}${said ? ` ${said}` : ""}`,
			code,
		);
	}

	async function fetchToken(): Promise<string> {
		const answer = await request("POST", `${apiUrl}/v1.0/oauth2/accessToken`, {
			appKey: options.appKey,
			appSecret: options.appSecret,
		});
		const value = answer.body.accessToken;
		if (answer.status !== 200 || typeof value !== "string")
			throw failureOf(
				answer,
				"accessToken (check DINGTALK_APP_KEY / DINGTALK_APP_SECRET)",
			);
		const expiresInMs = Number(answer.body.expireIn ?? 7200) * 1000;
		token = {
			value,
			renewAt: Date.now() + Math.max(expiresInMs - EARLY_RENEWAL_MS, 0),
		};
		return value;
	}

	async function tokenOf(): Promise<string> {
		if (token && Date.now() < token.renewAt) return token.value;
		pending ??= fetchToken().finally(() => {
			pending = null;
		});
		return pending;
	}

	/** Sends with the current token; a token DingTalk calls stale is renewed and the call made once more. */
	async function withToken(
		where: string,
		call: (token: string) => Promise<Answer>,
	): Promise<Record<string, unknown>> {
		let answer = await call(await tokenOf());
		if (STALE_TOKEN.has(codeOf(answer) ?? "")) {
			token = null;
			answer = await call(await tokenOf());
		}
		if (answer.status >= 400 || codeOf(answer) !== null)
			throw failureOf(answer, where);
		return answer.body;
	}

	return {
		apiUrl,
		oapiUrl,
		api: (method, path, body) =>
			withToken(path, (value) =>
				request(method, `${apiUrl}${path}`, body, {
					"x-acs-dingtalk-access-token": value,
				}),
			),
		oapi: (path, body) =>
			withToken(path, (value) =>
				request(
					"POST",
					`${oapiUrl}${path}?access_token=${encodeURIComponent(value)}`,
					body,
				),
			),
		async webhook(url, body) {
			const answer = await request("POST", url, body);
			if (answer.status >= 400 || codeOf(answer) !== null)
				throw failureOf(answer, `session webhook ${whereOf(url)}`);
			return answer.body;
		},
	};
}

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { LOCALES } from "./texts/catalog.ts";
import { isLoopbackHost } from "./web/loopback.ts";
import { trustProxyProblem } from "./web/trust-proxy.ts";

export const ROLES = ["gateway", "worker", "web"] as const;
export type Role = (typeof ROLES)[number];

const optionalText = z
	.string()
	.trim()
	.transform((s) => (s === "" ? undefined : s))
	.optional();

const url = (protocols: string[]) =>
	optionalText.refine(
		(s) => s === undefined || protocols.some((p) => s.startsWith(`${p}://`)),
		`must start with ${protocols.map((p) => `${p}://`).join(" or ")}`,
	);

const positiveInt = (fallback: number) =>
	z.coerce.number().int().positive().default(fallback);

const roles = z
	.string()
	.default("all")
	.transform((s, ctx) => {
		const names = s.split(",").map((r) => r.trim());
		if (names.length === 1 && names[0] === "all") return [...ROLES];
		for (const name of names) {
			if (!(ROLES as readonly string[]).includes(name)) {
				ctx.addIssue({
					code: "custom",
					message: `unknown role "${name}": use all, or a list of ${ROLES.join(", ")}`,
				});
				return z.NEVER;
			}
		}
		return names as Role[];
	});

const envSchema = z.object({
	DATABASE_URL: url(["postgres", "postgresql"]),
	DATA_DIR: z.string().default("./data"),
	REDIS_URL: url(["redis", "rediss"]),
	DIRECTORY_FILE: optionalText,
	// 0: any free port (tests; the URL printed is the real one).
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default("127.0.0.1"),
	PUBLIC_URL: url(["http", "https"]),
	LOCALE: z.enum(LOCALES).default("zh-CN"),
	QINQING_ROLES: roles,
	/** Unset: on only for a loopback HOST with no WeChat puppet and no Slack token (see `playground`). */
	PLAYGROUND: z.enum(["on", "off"]).optional(),
	/** Unset: on only when the playground runs the demo directory with no real platform (see `demo`). */
	DEMO: z.enum(["on", "off"]).optional(),
	/** off, on (= 1 hop), a number of hops, or proxy addresses/CIDRs (bot/web/trust-proxy.ts). */
	TRUST_PROXY: z
		.string()
		.trim()
		.default("off")
		.superRefine((v, ctx) => {
			const problem = trustProxyProblem(v);
			if (problem) ctx.addIssue({ code: "custom", message: problem });
		}),
	/** A console session unused this many minutes ends (it ends after 12 hours in any case). */
	SESSION_IDLE_MINUTES: positiveInt(30),
	DATABASE_PREPARED_STATEMENTS: z.enum(["on", "off"]).default("on"),
	/** Unset: /metrics is open (keep it behind the proxy). */
	METRICS_TOKEN: optionalText.refine(
		(s) => s === undefined || s.length >= 16,
		"must be at least 16 characters",
	),
	WECHATY_PUPPET: optionalText,
	WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
	WECHATY_NAME: z.string().default("qinqing"),
	SLACK_BOT_TOKEN: optionalText,
	SLACK_SIGNING_SECRET: optionalText,
	SLACK_APP_TOKEN: optionalText,
	SLACK_API_URL: url(["http", "https"]),
	// WeCom (企业微信, 政务微信, 粤政易): docs/wecom.md.
	WECOM_BOT_ID: optionalText,
	WECOM_BOT_SECRET: optionalText,
	WECOM_BOT_NAME: z.string().trim().default("亲清助手"),
	/** A private deployment's long-connection address (shown in its admin console). */
	WECOM_WS_URL: url(["ws", "wss"]),
	/** A private deployment's server API address. */
	WECOM_API_URL: url(["http", "https"]),
	WECOM_CORP_ID: optionalText,
	WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
	WECOM_AGENT_SECRET: optionalText,
	/** Department groups reached by their group bot: `name=key,name=key` (conversation `webhook:name`). */
	WECOM_WEBHOOKS: z
		.string()
		.trim()
		.default("")
		.transform((s, ctx) => {
			const hooks: Record<string, string> = {};
			for (const pair of s
				.split(",")
				.map((p) => p.trim())
				.filter(Boolean)) {
				const [name, key] = pair.split("=").map((p) => p.trim());
				if (!name || !key) {
					ctx.addIssue({
						code: "custom",
						message: `"${pair.split("=")[0]}=…" is not name=key`,
					});
					return z.NEVER;
				}
				hooks[name] = key;
			}
			return hooks;
		}),
	// DingTalk (docs/dingtalk.md): an enterprise-internal app's robot over Stream mode.
	DINGTALK_APP_KEY: optionalText,
	DINGTALK_APP_SECRET: optionalText,
	DINGTALK_ROBOT_CODE: optionalText,
	DINGTALK_AGENT_ID: optionalText.refine(
		(s) => s === undefined || /^\d+$/.test(s),
		"must be the app's numeric AgentId",
	),
	DINGTALK_CARD_TEMPLATE_ID: optionalText,
	DINGTALK_API_URL: url(["http", "https"]),
	DINGTALK_OAPI_URL: url(["http", "https"]),
	// Feishu / Lark (docs/feishu.md): a self-built app's bot over the long connection.
	FEISHU_APP_ID: optionalText.refine(
		(s) => s === undefined || /^cli_[0-9a-fA-F]{16}$/.test(s),
		"must be the app's id (cli_ and 16 hex digits)",
	),
	FEISHU_APP_SECRET: optionalText,
	FEISHU_BASE_URL: url(["http", "https"]),
	FEISHU_USER_ID_TYPE: z
		.enum(["open_id", "user_id", "union_id"])
		.default("open_id"),
	OUTBOUND_CHAT_INTERVAL_MS: positiveInt(1000),
	WECHAT_GROUP_PER_MINUTE: positiveInt(20),
	DUPLICATE_WINDOW_MS: positiveInt(10_000),
	WORKER_CONCURRENCY: positiveInt(128),
	OUTBOUND_CONCURRENCY: positiveInt(16),
	// The lobby board and the briefing schedule (bot/web/ops/supervision.ts).
	BOARD_ROTATE_SECONDS: positiveInt(60),
	BOARD_PAGE_SIZE: positiveInt(8),
	BOARD_MASK_ENTERPRISES: z.enum(["on", "off"]).default("on"),
	BRIEFING_MONTHLY_CRON: z.string().trim().default("0 9 1 * *"),
	BRIEFING_WEEKLY_CRON: z.string().trim().default("0 9 * * 1"),
	// Pruning by age in the worker role (bot/pipeline/retention.ts, docs/scale.md "Retention").
	PRUNE_EVERY_MINUTES: positiveInt(60),
	RETAIN_OUTBOX_SENT_DAYS: positiveInt(30),
	RETAIN_OUTBOX_FAILED_DAYS: positiveInt(180),
	RETAIN_INBOUND_DAYS: positiveInt(365),
	RETAIN_JOURNAL_DAYS: positiveInt(7),
	RETAIN_TOKEN_DAYS: positiveInt(7),
	RETAIN_COMPLETED_JOB_HOURS: positiveInt(24),
	RETAIN_FAILED_JOB_DAYS: positiveInt(90),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
	/** The directory file to import at start: DIRECTORY_FILE, else the demo. */
	directoryFile: string;
	publicUrl: string;
	/** Whether the playground runs: PLAYGROUND when set, else only on loopback without a real platform. */
	playground: boolean;
	/**
	 * Demo mode (docs/demo.md): the history seeded at start and the demo clock. DEMO when set, else
	 * only with the playground on, the demo directory and no real platform.
	 */
	demo: boolean;
	/** HOST is a loopback address: nothing served is reachable from another machine. */
	loopback: boolean;
}

export class ConfigError extends Error {
	readonly code = "config_invalid";
}

export const DEMO_DIRECTORY_FILE = new URL(
	"../db/seeds/sanyuan.yaml",
	import.meta.url,
).pathname;

/** Reads the environment (and `.env` when present); refuses malformed values, naming each variable. */
export function loadConfig(env: NodeJS.ProcessEnv = readEnv()): Config {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map(
			(issue) => `  ${issue.path.join(".")}: ${issue.message}`,
		);
		throw new ConfigError(`Configuration is not valid:\n${lines.join("\n")}`);
	}
	const config = parsed.data;
	const unpaired = [
		["DINGTALK_APP_KEY", "DINGTALK_APP_SECRET"],
		["FEISHU_APP_ID", "FEISHU_APP_SECRET"],
	].filter(
		([a = "", b = ""]) => Boolean(env[a]?.trim()) !== Boolean(env[b]?.trim()),
	);
	if (unpaired.length > 0)
		throw new ConfigError(
			`Configuration is not valid:\n${unpaired.map(([a, b]) => `  ${a} and ${b}: set both, or neither`).join("\n")}`,
		);
	const loopback = isLoopbackHost(config.HOST);
	const realPlatform = Boolean(
		config.WECHATY_PUPPET ||
			config.SLACK_BOT_TOKEN ||
			config.WECOM_BOT_ID ||
			config.DINGTALK_APP_KEY ||
			config.FEISHU_APP_ID,
	);
	if (Boolean(config.WECOM_BOT_ID) !== Boolean(config.WECOM_BOT_SECRET))
		throw new ConfigError(
			"Configuration is not valid:\n  WECOM_BOT_ID and WECOM_BOT_SECRET: set both (the AI bot's id and secret) or neither",
		);
	const playground =
		config.PLAYGROUND === undefined
			? loopback && !realPlatform
			: config.PLAYGROUND === "on";
	const directoryFile = config.DIRECTORY_FILE ?? DEMO_DIRECTORY_FILE;
	return {
		loopback,
		playground,
		demo:
			config.DEMO === undefined
				? playground &&
					resolve(directoryFile) === DEMO_DIRECTORY_FILE &&
					!realPlatform
				: config.DEMO === "on",
		...config,
		directoryFile,
		publicUrl:
			config.PUBLIC_URL ??
			`http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`,
	};
}

function readEnv(): NodeJS.ProcessEnv {
	if (existsSync(".env")) process.loadEnvFile(".env");
	return process.env;
}

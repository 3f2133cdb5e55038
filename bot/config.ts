import { existsSync } from "node:fs";
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
	const loopback = isLoopbackHost(config.HOST);
	const realPlatform = Boolean(config.WECHATY_PUPPET || config.SLACK_BOT_TOKEN);
	return {
		loopback,
		playground:
			config.PLAYGROUND === undefined
				? loopback && !realPlatform
				: config.PLAYGROUND === "on",
		...config,
		directoryFile: config.DIRECTORY_FILE ?? DEMO_DIRECTORY_FILE,
		publicUrl:
			config.PUBLIC_URL ??
			`http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`,
	};
}

function readEnv(): NodeJS.ProcessEnv {
	if (existsSync(".env")) process.loadEnvFile(".env");
	return process.env;
}

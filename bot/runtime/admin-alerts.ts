/**
 * Telling the admins about the bot itself (a platform lost, its WeChat account logged out, back
 * again) by direct message on the deployment's platforms that can still reach them.
 */
import type { DbOrTx } from "../../db/client.ts";
import { PLATFORMS, type Platform } from "../../db/schema/directory.ts";
import { identitiesWithRole } from "../../workflows/directory/queries.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import { adminText, PLATFORM_NAMES } from "../texts/admin.ts";
import type { Locale } from "../texts/catalog.ts";
import type { Logger } from "./logger.ts";

/** The playground has no direct messages; the platform that is down cannot carry its own alert. */
const CANNOT_DM: readonly Platform[] = ["playground"];

export async function alertAdmins(
	db: DbOrTx,
	alert: {
		key: string;
		text: string;
		/** The deployment's platforms (a message for another one would never leave). */
		platforms?: readonly Platform[];
		avoid?: Platform;
	},
): Promise<number> {
	let queued = 0;
	for (const platform of alert.platforms ?? PLATFORMS) {
		if (platform === alert.avoid || CANNOT_DM.includes(platform)) continue;
		for (const identity of await identitiesWithRole(db, platform, "admin")) {
			const id = await enqueueOutbound(db, {
				dedupeKey: `admin-${alert.key}-${identity.id}`,
				message: {
					platform,
					conversationId: identity.externalId,
					text: alert.text,
					mentions: [],
				},
			});
			if (id !== null) queued++;
		}
	}
	return queued;
}

export interface OutageAlerts {
	/** A platform is lost (WeChat logged out, a connection failed): told once until it is back. */
	down(platform: Platform, detail?: string): Promise<void>;
	/** A platform is back: told only after a `down`. */
	up(platform: Platform, user?: string): Promise<void>;
}

/**
 * One alert per outage: a platform reported down again (a second logout event, a retry that failed)
 * is not told again; the admins hear once that it is down (on the other platforms) and once that it
 * is back (on every platform). The outage is remembered in this process: a restart during an
 * outage tells it again.
 */
export function createOutageAlerts(options: {
	db: DbOrTx;
	/** The chat platforms of the deployment. */
	platforms: readonly Platform[];
	locale: Locale;
	publicUrl: string;
	/** Called after alerts were queued (to wake the relay). */
	onQueued?: () => void;
	log?: Logger;
}): OutageAlerts {
	const { db, platforms, locale } = options;
	const since = new Map<Platform, number>();
	const statusUrl = `${options.publicUrl.replace(/\/$/, "")}/status/`;

	async function tell(key: string, text: string, avoid?: Platform) {
		const queued = await alertAdmins(db, {
			key,
			text,
			platforms,
			...(avoid ? { avoid } : {}),
		});
		if (queued > 0) options.onQueued?.();
		else
			options.log?.warn("no admin could be told (no other platform)", { key });
	}

	return {
		async down(platform, detail = "") {
			if (since.has(platform)) return;
			const started = Date.now();
			since.set(platform, started);
			const text =
				platform === "wechat"
					? adminText(locale, "wechat_logged_out", { detail, statusUrl })
					: adminText(locale, "platform_down", {
							platform: PLATFORM_NAMES[platform][locale],
							detail,
							statusUrl,
						});
			await tell(`${platform}-down-${started}`, text, platform);
		},
		async up(platform, user = "") {
			const started = since.get(platform);
			if (started === undefined) return;
			since.delete(platform);
			const text =
				platform === "wechat"
					? adminText(locale, "wechat_logged_in", { user })
					: adminText(locale, "platform_back", {
							platform: PLATFORM_NAMES[platform][locale],
						});
			await tell(`${platform}-back-${started}`, text);
		},
	};
}

/**
 * A mixed deployment (docs/mixed-deployments.md): a group message must reach people who have no
 * account on the group's platform — the officials on WeCom while the enterprise writes in a WeChat
 * group. Each of them is told on the first other platform of the deployment where they have an
 * account: in their department's internal group there, @-mentioned, or else by direct message. The
 * group message itself names nobody it cannot mention. Leaders and supervisors are never mentioned in
 * a work group, so they are never among these; the escalation engine reaches them where they are.
 */

import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { groups, type PlatformIdentity } from "../../db/schema/directory.ts";
import type { Issue } from "../../db/schema/issues.ts";
import type { Platform } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import type { Locale } from "../texts/catalog.ts";
import { replyText } from "../texts/replies.ts";
import { toMention } from "./audiences.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";
import { issueCard } from "./issue-card.ts";

export interface GroupMessageElsewhere {
	issue: Issue;
	/** Where the group message went. */
	home: { platform: Platform; conversationId: string };
	/** Whom the group message must mention, as accounts on a platform. */
	mustAct(platform: Platform): Promise<PlatformIdentity[]>;
	text: string;
	/** The group message's outbox key; each message here adds the platform and the place. */
	dedupeKey: string;
}

export async function tellElsewhere(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	locale: Locale,
	message: GroupMessageElsewhere,
): Promise<void> {
	const { home, issue } = message;
	const others = directory.platforms.filter((p) => p !== home.platform);
	if (others.length === 0) return;
	// Told already: whoever the group message mentions, and whoever is on the group's platform at all.
	const told = new Set(
		(await message.mustAct(home.platform)).map((i) => i.personId),
	);
	const text = replyText(locale, "told_elsewhere", {
		group: await groupName(tx, directory, home),
		text: message.text,
	});
	// The buttons (or, where there are none, the commands to type) that apply now.
	const card = issueCard(directory, locale, issue);
	for (const platform of others) {
		const people = (await message.mustAct(platform)).filter(
			(identity): identity is PlatformIdentity & { personId: number } =>
				identity.personId !== null &&
				!told.has(identity.personId) &&
				!directory.hasAccount(identity.personId, home.platform),
		);
		const inGroup = new Map<string, PlatformIdentity[]>();
		for (const identity of people) {
			told.add(identity.personId);
			const departmentId = directory.personByIdentity(
				platform,
				identity.externalId,
			)?.departmentId;
			const internal =
				departmentId == null
					? undefined
					: directory.departmentGroup(departmentId, platform);
			if (internal?.conversationId) {
				const mentioned = inGroup.get(internal.conversationId) ?? [];
				mentioned.push(identity);
				inGroup.set(internal.conversationId, mentioned);
				continue;
			}
			await enqueueOutbound(tx, {
				dedupeKey: `${message.dedupeKey}-${platform}-dm-${identity.externalId}`,
				issueId: issue.id,
				message: {
					platform,
					conversationId: identity.externalId,
					text,
					mentions: [],
					direct: true,
					...(card.actions.length > 0 ? { card } : {}),
				},
			});
		}
		for (const [conversationId, mentioned] of inGroup)
			await enqueueOutbound(tx, {
				dedupeKey: `${message.dedupeKey}-${platform}-${conversationId}`,
				issueId: issue.id,
				message: {
					platform,
					conversationId,
					text,
					mentions: mentioned.map(toMention),
					...(card.actions.length > 0 ? { card } : {}),
				},
			});
	}
}

/** The group's name as the directory gives it (a group bound by its topic a moment ago may not be in the snapshot yet). */
async function groupName(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	home: GroupMessageElsewhere["home"],
): Promise<string> {
	const known = directory.groupByConversation(
		home.platform,
		home.conversationId,
	);
	if (known) return known.name;
	const [row] = await tx
		.select({ name: groups.name })
		.from(groups)
		.where(
			and(
				eq(groups.platform, home.platform),
				eq(groups.conversationId, home.conversationId),
			),
		)
		.limit(1);
	return row?.name ?? home.conversationId;
}

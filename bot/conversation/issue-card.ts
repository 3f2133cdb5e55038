/**
 * The issue's status card: one per issue at the top of its thread, on platforms that render cards;
 * every later event updates it in place instead of posting a new status.
 */
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import type { Platform } from "../../db/schema/directory.ts";
import type { Issue, IssueState } from "../../db/schema/issues.ts";
import { outbox } from "../../db/schema/pipeline.ts";
import type { CommandType } from "../../workflows/lifecycle/commands.ts";
import type { IssueCard, OutboundMessage } from "../messages.ts";
import { enqueueOutbound } from "../pipeline/outbox.ts";
import { capabilitiesOf } from "../platform-capabilities.ts";
import type { Locale } from "../texts/catalog.ts";
import { commandLabel, stateLabel } from "../texts/lifecycle.ts";
import type { DirectorySnapshot } from "./directory-cache.ts";

/**
 * The acknowledgement carries the issue's card where the platform shows cards (elsewhere it would be
 * printed as text: noise). Where cards can be edited, later events update that one card in place.
 */
export function rendersCards(platform: Platform): boolean {
	const capabilities = capabilitiesOf(platform);
	return capabilities.cardsWithButtons && capabilities.editsSentMessages;
}

/** Cards that cannot be edited (WeCom): each event's message carries a fresh card with the buttons that now apply. */
export function cardsOnEachEvent(platform: Platform): boolean {
	const capabilities = capabilitiesOf(platform);
	return capabilities.cardsWithButtons && !capabilities.editsSentMessages;
}

/** Whether an acknowledgement on this platform carries a card. */
export function showsCards(platform: Platform): boolean {
	return capabilitiesOf(platform).cardsWithButtons;
}

/** The buttons that make sense in each state, as verbs of the command language. */
const ACTIONS: Partial<Record<IssueState, CommandType[]>> = {
	dispatched: ["accept", "transfer", "refuse"],
	reopened: ["accept", "progress", "resolve", "refuse"],
	accepted: ["progress", "resolve", "transfer", "refuse"],
	awaiting_info: ["progress", "resolve"],
	resolved: ["rate"],
};

const VERBS: Record<Locale, Partial<Record<CommandType, string>>> = {
	"zh-CN": {
		accept: "受理",
		progress: "进展",
		resolve: "办结",
		transfer: "转办",
		refuse: "不能办",
		rate: "评价",
	},
	en: {
		accept: "accept",
		progress: "progress",
		resolve: "resolve",
		transfer: "transfer",
		refuse: "refuse",
		rate: "rate",
	},
};

export function issueCard(
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
): IssueCard {
	const category = directory.categoryName(issue.categoryCode);
	const department = directory.departmentName(issue.leadDepartmentId);
	return {
		issueNumber: issue.number,
		title: issue.title,
		state: issue.state,
		stateLabel: stateLabel(locale, issue.state),
		colour: issue.colour,
		...(category ? { category } : {}),
		...(department ? { leadDepartment: department } : {}),
		...(issue.dueAt ? { dueAt: issue.dueAt.toISOString() } : {}),
		actions: (ACTIONS[issue.state] ?? []).map((type) => ({
			command: VERBS[locale][type] ?? type,
			label: commandLabel(locale, type),
		})),
	};
}

/** After an event: the card message (the acknowledgement that carried it) is updated to the issue as it is now. */
export async function refreshIssueCard(
	tx: DbOrTx,
	directory: DirectorySnapshot,
	locale: Locale,
	issue: Issue,
): Promise<void> {
	const [first] = await tx
		.select({
			message: outbox.message,
			platformMessageId: outbox.platformMessageId,
		})
		.from(outbox)
		.where(
			and(
				eq(outbox.issueId, issue.id),
				isNotNull(outbox.platformMessageId),
				sql`${outbox.message} ? 'card'`,
			),
		)
		.orderBy(asc(outbox.id))
		.limit(1);
	// Not sent yet: the card it will show is already current enough; the next event refreshes it.
	if (!first?.platformMessageId) return;
	const card = first.message as OutboundMessage;
	await enqueueOutbound(tx, {
		dedupeKey: `issue-${issue.id}-v${issue.version}-card`,
		issueId: issue.id,
		message: {
			...card,
			card: issueCard(directory, locale, issue),
			replaces: { messageId: first.platformMessageId },
		},
	});
}

import { getTableColumns, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { NEW_ISSUE_COLUMNS } from "../../db/deferred-rows.ts";
import { reusableStatement } from "../../db/driver-workarounds/reusable-statement.ts";
import { valuePlaceholders } from "../../db/driver-workarounds/value-placeholders.ts";
import {
	type Issue,
	issues,
	type SourceChannel,
} from "../../db/schema/issues.ts";
import { insertCoHandlers, isUnitOfWork } from "../../db/unit-of-work.ts";
import type { WorkingCalendar } from "../calendar/types.ts";
import type {
	IssuePolicySnapshot,
	Urgency,
} from "../deadlines/policy-schema.ts";
import { planFirstWake } from "../escalation/first-wake.ts";
import type { EscalationPolicy } from "../escalation/policy-schema.ts";
import { dispatchTimes } from "../lifecycle/deadlines.ts";
import { insertIssueEvents } from "./insert-events.ts";

/** The columns a new issue is given, but its id and number; the rest take their defaults. */
type InsertedColumn = Exclude<
	(typeof NEW_ISSUE_COLUMNS)[number],
	"id" | "number"
>;
const INSERTED_COLUMNS = NEW_ISSUE_COLUMNS.filter(
	(key): key is InsertedColumn => key !== "id" && key !== "number",
);

// Only what Postgres fills in (id, number, defaults) comes back; what we wrote — the policy is a few
// KB of JSON, the text may be long — is not sent back and parsed again.
const generatedColumns = Object.fromEntries(
	Object.entries(getTableColumns(issues)).filter(
		([key]) => !(INSERTED_COLUMNS as readonly string[]).includes(key),
	),
) as Omit<ReturnType<typeof getTableColumns<typeof issues>>, InsertedColumn>;

const insertIssue = reusableStatement((db) =>
	db
		.insert(issues)
		.values({
			...valuePlaceholders(INSERTED_COLUMNS),
			// Numbered in the insert itself (migration 0006): gaps only where a creation rolled back.
			number: sql`next_issue_number(${sql.placeholder("year")})`,
		})
		.returning(generatedColumns)
		.prepare("create_issue"),
);

/** What Postgres gives a new issue's other columns (db/schema/issues.ts), for an issue whose row is deferred. */
const NEW_ISSUE_DEFAULTS = {
	tier: "department",
	version: 1,
	transferCount: 0,
	reopenCount: 0,
	pendingExtension: null,
	handedDownBy: null,
	handedDownRef: null,
	visitAnswer: null,
	visitAnsweredAt: null,
	resolvedAt: null,
	closedAt: null,
	extendedAt: null,
} as const satisfies Omit<Issue, InsertedColumn | "id" | "number">;

export interface CreateIssueInput {
	sourceChannel: SourceChannel;
	title: string;
	body: string;
	enterpriseId?: number | null;
	reporterPersonId?: number | null;
	groupId?: number | null;
	officeId?: number | null;
	sourceConversationId?: string | null;
	sourceMessageId?: string | null;
	sourceThreadRef?: string | null;
	categoryCode?: string | null;
	urgency?: Urgency;
	/** Known lead department: the issue starts dispatched. Unknown: it waits for the office. */
	leadDepartmentId?: number | null;
	coDepartmentIds?: number[];
	/** Copied onto the issue as `issues.policy`; may carry more (the escalation engine's part). */
	policy: IssuePolicySnapshot;
	now: Date;
	calendar: WorkingCalendar;
	/**
	 * The escalation policy the issue copies. Given, the first wake-up (next_wake_at, colour, the
	 * retrospective flag) is planned into the insert itself, so no `planWakeUp` has to follow.
	 */
	escalation?: EscalationPolicy;
	/** Who created it; null (the default) is the system. */
	actorPersonId?: number | null;
	actorLabel?: string;
}

/**
 * Numbers, inserts and dispatches a new issue with its `created` (and `dispatched`) events. Pass a
 * transaction: the issue and its events are meant to commit together with whatever caused them. In
 * a unit of work the issue's id and number are drawn ahead and its row waits, with its events, for
 * the end of the batch (db/unit-of-work.ts).
 */
export async function createIssue(
	tx: DbOrTx,
	input: CreateIssueInput,
): Promise<Issue> {
	const { now, calendar } = input;
	const localDate = calendar.localDate(now);
	const year = Number(localDate.slice(0, 4));
	const lead = input.leadDepartmentId ?? null;
	const co = [...new Set(input.coDepartmentIds ?? [])].filter(
		(id) => id !== lead,
	);
	const times = lead === null ? {} : dispatchTimes(input.policy, now, calendar);
	const facts = {
		state:
			lead === null ? ("awaiting_dispatch" as const) : ("dispatched" as const),
		urgency: input.urgency ?? "normal",
		categoryCode: input.categoryCode ?? null,
		sourceChannel: input.sourceChannel,
		acceptDueAt: times.acceptDueAt ?? null,
		clockStartedAt: times.clockStartedAt ?? null,
		dueAt: times.dueAt ?? null,
		policy: input.policy,
	};
	const firstWake = input.escalation
		? planFirstWake(facts, input.escalation, calendar, now)
		: null;
	const values = {
		sourceChannel: input.sourceChannel,
		title: input.title,
		body: input.body,
		enterpriseId: input.enterpriseId ?? null,
		reporterPersonId: input.reporterPersonId ?? null,
		groupId: input.groupId ?? null,
		officeId: input.officeId ?? null,
		sourceConversationId: input.sourceConversationId ?? null,
		sourceMessageId: input.sourceMessageId ?? null,
		sourceThreadRef: input.sourceThreadRef ?? null,
		categoryCode: facts.categoryCode,
		urgency: facts.urgency,
		leadDepartmentId: lead,
		state: facts.state,
		colour: firstWake?.colour ?? "green",
		policy: firstWake?.policy ?? input.policy,
		dispatchedAt: times.dispatchedAt ?? null,
		acceptDueAt: times.acceptDueAt ?? null,
		acceptedAt: null,
		clockStartedAt: times.clockStartedAt ?? null,
		dueAt: times.dueAt ?? null,
		nextWakeAt: firstWake?.nextWakeAt ?? null,
		retrospectiveRequired: firstWake?.retrospectiveRequired ?? false,
		wakeGeneration: lead === null ? 0 : 1,
		createdAt: now,
		updatedAt: now,
	} satisfies Record<InsertedColumn, unknown>;
	// On a year's last day nothing is drawn ahead: a number left over then would stay a gap in that year.
	const drawAhead = !localDate.endsWith("-12-31");
	const issue = await insertNewIssue(tx, values, year, drawAhead);
	await insertCoHandlers(
		tx,
		co.map((departmentId) => ({
			issueId: issue.id,
			departmentId,
			addedAt: now,
		})),
	);
	const actor = {
		issueId: issue.id,
		actorPersonId: input.actorPersonId ?? null,
		actorLabel: input.actorLabel ?? "system",
		version: issue.version,
		createdAt: now,
	};
	await insertIssueEvents(tx, [
		{
			...actor,
			kind: "created",
			toState: "awaiting_dispatch",
			payload: {
				sourceChannel: input.sourceChannel,
				title: input.title,
				categoryCode: issue.categoryCode,
				urgency: issue.urgency,
			},
		},
		...(lead === null
			? []
			: [
					{
						...actor,
						kind: "dispatched",
						fromState: "awaiting_dispatch" as const,
						toState: "dispatched" as const,
						payload: {
							departmentId: lead,
							coDepartmentIds: co,
							acceptDueAt: issue.acceptDueAt?.toISOString() ?? null,
							dueAt: issue.dueAt?.toISOString() ?? null,
						},
					},
				]),
	]);
	return issue;
}

async function insertNewIssue(
	tx: DbOrTx,
	values: Pick<Issue, InsertedColumn>,
	year: number,
	drawAhead: boolean,
): Promise<Issue> {
	if (drawAhead && isUnitOfWork(tx)) {
		const key = await tx.issueKey(year);
		if (key) {
			tx.deferIssue({ ...values, ...key });
			return { ...values, ...NEW_ISSUE_DEFAULTS, ...key };
		}
	}
	const [row] = await insertIssue(tx).execute({ ...values, year });
	if (!row) throw new Error("issue insert returned nothing");
	return { ...values, ...row };
}

/** Reads for the triage page: the waiting candidates a viewer may act on, and the model's accuracy. */
import {
	and,
	count,
	desc,
	eq,
	gte,
	inArray,
	isNull,
	or,
	sql,
} from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import type { Person } from "../../db/schema/directory.ts";
import { enterprises, PLATFORMS, people } from "../../db/schema/directory.ts";
import { issueEvents, issues } from "../../db/schema/issues.ts";
import {
	type IntakeCandidate,
	intakeCandidates,
	intakeCorrections,
} from "../../db/schema/understanding.ts";

/** Office staff decide for their own office's groups (and groups of no office); admins for all. */
export function mayTriage(person: Person): boolean {
	return person.roles.some((r) => r === "office_staff" || r === "admin");
}

function scopeOf(person: Person) {
	if (person.roles.includes("admin")) return undefined;
	return person.officeId === null
		? isNull(intakeCandidates.officeId)
		: or(
				eq(intakeCandidates.officeId, person.officeId),
				isNull(intakeCandidates.officeId),
			);
}

export interface CandidateRow {
	candidate: IntakeCandidate;
	enterprise: string;
	reporter: string;
}

export async function pendingCandidates(
	db: DbOrTx,
	person: Person,
	limit = 200,
): Promise<CandidateRow[]> {
	const rows = await db
		.select({
			candidate: intakeCandidates,
			enterprise: enterprises.name,
			reporter: people.name,
		})
		.from(intakeCandidates)
		.innerJoin(enterprises, eq(enterprises.id, intakeCandidates.enterpriseId))
		.innerJoin(people, eq(people.id, intakeCandidates.reporterPersonId))
		.where(and(eq(intakeCandidates.state, "pending"), scopeOf(person)))
		.orderBy(desc(intakeCandidates.createdAt))
		.limit(limit);
	return rows;
}

/** The candidate if this person may decide it, else null. */
export async function candidateFor(
	db: DbOrTx,
	person: Person,
	id: number,
): Promise<IntakeCandidate | null> {
	const [row] = await db
		.select()
		.from(intakeCandidates)
		.where(and(eq(intakeCandidates.id, id), scopeOf(person)))
		.for("update");
	return row ?? null;
}

export interface AccuracyFigures {
	/** Issues the bot registered by itself. */
	registered: number;
	recategorized: number;
	notAProblem: number;
	/** Messages the bot left as chatter that the office registered. */
	missed: number;
	candidates: number;
	promoted: number;
	dismissed: number;
	pending: number;
	/** Share of the bot's decisions the office did not have to correct; null when there are none. */
	accuracy: number | null;
}

export async function accuracySince(
	db: DbOrTx,
	since: Date,
): Promise<AccuracyFigures> {
	const [registered] = await db
		.select({ n: count() })
		.from(issues)
		.where(
			and(
				gte(issues.createdAt, since),
				inArray(issues.sourceChannel, [...PLATFORMS]),
				sql`not exists (select 1 from ${issueEvents} where ${issueEvents.issueId} = ${issues.id} and ${issueEvents.kind} = 'registered_by_office')`,
			),
		);
	const corrections = await db
		.select({
			source: intakeCorrections.source,
			botKind: intakeCorrections.botKind,
			n: count(),
		})
		.from(intakeCorrections)
		.where(gte(intakeCorrections.createdAt, since))
		.groupBy(intakeCorrections.source, intakeCorrections.botKind);
	const candidates = await db
		.select({ state: intakeCandidates.state, n: count() })
		.from(intakeCandidates)
		.where(gte(intakeCandidates.createdAt, since))
		.groupBy(intakeCandidates.state);
	const corrected = (source: string, botKind?: string) =>
		corrections
			.filter((c) => c.source === source && (!botKind || c.botKind === botKind))
			.reduce((sum, c) => sum + c.n, 0);
	const byState = (state: string) =>
		candidates.find((c) => c.state === state)?.n ?? 0;
	const figures = {
		registered: registered?.n ?? 0,
		recategorized: corrected("recategorized") + corrected("dispatched"),
		notAProblem: corrected("not_a_problem"),
		missed: corrected("registered", "chatter"),
		candidates: candidates.reduce((sum, c) => sum + c.n, 0),
		promoted: byState("promoted"),
		dismissed: byState("dismissed"),
		pending: byState("pending"),
	};
	const decisions = figures.registered + figures.missed;
	const wrong = figures.recategorized + figures.notAProblem + figures.missed;
	return {
		...figures,
		accuracy:
			decisions === 0
				? null
				: Math.round((1000 * (decisions - wrong)) / decisions) / 10,
	};
}

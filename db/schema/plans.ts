import { sql } from "drizzle-orm";
import {
	check,
	index,
	integer,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
} from "drizzle-orm/pg-core";
import { enterprises, people } from "./directory.ts";
import { issues } from "./issues.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The plan of a complex issue (钱塘区 标的物): what will be done, by whom; rated by the enterprise (方案满意度). */
export const issuePlans = pgTable(
	"issue_plans",
	{
		issueId: integer("issue_id")
			.primaryKey()
			.references(() => issues.id),
		measures: text("measures").notNull(),
		/** Responsible units as written: departments, or others (村委会, 施工单位). */
		units: text("units").array().notNull().default(sql`'{}'::text[]`),
		/** 1 for the first plan; each update adds one (the audit log keeps every version). */
		revision: integer("revision").notNull().default(1),
		authorPersonId: integer("author_person_id").references(() => people.id),
		satisfaction: smallint("satisfaction"),
		ratedByPersonId: integer("rated_by_person_id").references(() => people.id),
		ratedAt: ts("rated_at"),
		createdAt: ts("created_at").notNull().defaultNow(),
		updatedAt: ts("updated_at").notNull().defaultNow(),
	},
	(t) => [
		check(
			"issue_plans_satisfaction_range",
			sql`${t.satisfaction} between 1 and 5`,
		),
	],
);

/** A plan's milestones (节点), numbered from 1; late ones escalate like deadlines. */
export const planMilestones = pgTable(
	"plan_milestones",
	{
		issueId: integer("issue_id")
			.notNull()
			.references(() => issues.id),
		position: smallint("position").notNull(),
		title: text("title").notNull(),
		unit: text("unit"),
		dueAt: ts("due_at").notNull(),
		doneAt: ts("done_at"),
		doneByPersonId: integer("done_by_person_id").references(() => people.id),
		note: text("note"),
	},
	(t) => [
		primaryKey({ columns: [t.issueId, t.position] }),
		index("plan_milestones_open_due_idx")
			.on(t.dueAt)
			.where(sql`${t.doneAt} is null`),
	],
);

/** 一月一通报: the monthly status sent to an enterprise, claimed once per month. */
export const enterpriseMonthlyReports = pgTable(
	"enterprise_monthly_reports",
	{
		enterpriseId: integer("enterprise_id")
			.notNull()
			.references(() => enterprises.id),
		/** YYYY-MM in Shanghai time. */
		month: text("month").notNull(),
		issueCount: integer("issue_count").notNull(),
		sentAt: ts("sent_at").notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.enterpriseId, t.month] })],
);

export type IssuePlan = typeof issuePlans.$inferSelect;
export type PlanMilestone = typeof planMilestones.$inferSelect;

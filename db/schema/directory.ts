import { sql } from "drizzle-orm";
import {
	boolean,
	integer,
	jsonb,
	pgTable,
	serial,
	text,
	timestamp,
	uniqueIndex,
} from "drizzle-orm/pg-core";

export const PERSON_ROLES = [
	"enterprise_member",
	"official",
	"office_staff",
	"leader",
	"supervisor",
	"admin",
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const PERSON_ORIGINS = ["file", "claimed"] as const;
export type PersonOrigin = (typeof PERSON_ORIGINS)[number];

/**
 * A department's duty officers as person ids: the same ones every week, or a weekly rotation whose
 * first week starts on `from` (a local date in Asia/Shanghai).
 */
export type DutyRoster =
	| { kind: "fixed"; personIds: number[] }
	| { kind: "rotation"; from: string; weeks: number[][] };

export const PLATFORMS = [
	"wechat",
	"slack",
	"playground",
	"wecom",
	"dingtalk",
	"feishu",
] as const;
export type Platform = (typeof PLATFORMS)[number];

/** work: officials and enterprises; leaders: the leaders' group; department: a department's own (内部群). */
export const GROUP_KINDS = ["work", "leaders", "department"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export const DEPARTMENT_KINDS = [
	"department",
	"supervision",
	"government",
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** Every directory row has a stable `code` from the directory file, so imports are upserts. */
const keyed = {
	id: serial("id").primaryKey(),
	code: text("code").notNull(),
	active: boolean("active").notNull().default(true),
	updatedAt: timestamp("updated_at", { withTimezone: true })
		.notNull()
		.defaultNow(),
};

export const serviceOffices = pgTable(
	"service_offices",
	{ ...keyed, name: text("name").notNull() },
	(t) => [uniqueIndex("service_offices_code_key").on(t.code)],
);

export const departments = pgTable(
	"departments",
	{
		...keyed,
		name: text("name").notNull(),
		aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
		kind: text("kind", { enum: DEPARTMENT_KINDS })
			.notNull()
			.default("department"),
		headPersonId: integer("head_person_id"),
		leaderPersonId: integer("leader_person_id"),
		/** Who is on duty (首接负责制): mentioned for a new issue instead of every official. */
		duty: jsonb("duty").$type<DutyRoster>(),
	},
	(t) => [uniqueIndex("departments_code_key").on(t.code)],
);

export const enterprises = pgTable(
	"enterprises",
	{
		...keyed,
		name: text("name").notNull(),
		sector: text("sector"),
		area: text("area"),
		creditCode: text("credit_code"),
		officeId: integer("office_id").references(() => serviceOffices.id),
		/** The enterprise's service specialist (暖企专员): told of its issues, asked to follow up. */
		specialistPersonId: integer("specialist_person_id"),
		/** The enterprise's 包保 leader (三级包保): told by direct message when one of its issues goes red. */
		baobaoLeaderPersonId: integer("baobao_leader_person_id"),
	},
	(t) => [uniqueIndex("enterprises_code_key").on(t.code)],
);

export const people = pgTable(
	"people",
	{
		...keyed,
		name: text("name").notNull(),
		title: text("title"),
		roles: text("roles", { enum: PERSON_ROLES }).array().notNull(),
		departmentId: integer("department_id").references(() => departments.id),
		officeId: integer("office_id").references(() => serviceOffices.id),
		enterpriseId: integer("enterprise_id").references(() => enterprises.id),
		locale: text("locale"),
		/** `file`: listed in the directory file; `claimed`: added by the office (认领), kept by imports. */
		origin: text("origin", { enum: PERSON_ORIGINS }).notNull().default("file"),
	},
	(t) => [uniqueIndex("people_code_key").on(t.code)],
);

/** A platform account: a person, or a department's collective handle (Slack user group, WeChat contact). */
export const platformIdentities = pgTable(
	"platform_identities",
	{
		id: serial("id").primaryKey(),
		platform: text("platform", { enum: PLATFORMS }).notNull(),
		externalId: text("external_id").notNull(),
		displayName: text("display_name"),
		personId: integer("person_id").references(() => people.id),
		departmentId: integer("department_id").references(() => departments.id),
	},
	(t) => [
		uniqueIndex("platform_identities_platform_external_key").on(
			t.platform,
			t.externalId,
		),
	],
);

export const groups = pgTable(
	"groups",
	{
		...keyed,
		name: text("name").notNull(),
		kind: text("kind", { enum: GROUP_KINDS }).notNull().default("work"),
		officeId: integer("office_id").references(() => serviceOffices.id),
		/** A department's internal group (kind `department`): where its warnings go instead of direct messages. */
		departmentId: integer("department_id").references(() => departments.id),
		platform: text("platform", { enum: PLATFORMS }).notNull(),
		/** Room id / channel id; null for a WeChat room known only by its topic until first seen. */
		conversationId: text("conversation_id"),
		roomTopic: text("room_topic"),
	},
	(t) => [
		uniqueIndex("groups_code_key").on(t.code),
		uniqueIndex("groups_platform_conversation_key").on(
			t.platform,
			t.conversationId,
		),
	],
);

/** Routing rule: keywords → category; category → lead department (and co-handlers). */
export const categories = pgTable(
	"categories",
	{
		...keyed,
		name: text("name").notNull(),
		keywords: text("keywords").array().notNull().default(sql`'{}'::text[]`),
		leadDepartmentId: integer("lead_department_id").references(
			() => departments.id,
		),
		coDepartmentIds: integer("co_department_ids")
			.array()
			.notNull()
			.default(sql`'{}'::int[]`),
		/** 属地: the lead department by the enterprise's area (area name → department id). */
		leadByArea: jsonb("lead_by_area")
			.$type<Record<string, number>>()
			.notNull()
			.default({}),
	},
	(t) => [uniqueIndex("categories_code_key").on(t.code)],
);

/** Whole-directory settings that are documents rather than rows (urgency words, deadline policy, calendar overrides, office hours). */
export const settings = pgTable("settings", {
	key: text("key").primaryKey(),
	value: jsonb("value").notNull(),
	updatedAt: timestamp("updated_at", { withTimezone: true })
		.notNull()
		.defaultNow(),
});

export type ServiceOffice = typeof serviceOffices.$inferSelect;
export type Department = typeof departments.$inferSelect;
export type Enterprise = typeof enterprises.$inferSelect;
export type Person = typeof people.$inferSelect;
export type PlatformIdentity = typeof platformIdentities.$inferSelect;
export type Group = typeof groups.$inferSelect;
export type Category = typeof categories.$inferSelect;

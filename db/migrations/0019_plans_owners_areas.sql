-- The enterprise's own people: its service specialist (暖企专员) and its 包保 leader (三级包保).
ALTER TABLE "enterprises" ADD COLUMN "specialist_person_id" integer REFERENCES "people"("id");--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "baobao_leader_person_id" integer REFERENCES "people"("id");--> statement-breakpoint
-- Routing by locality (属地): area name -> lead department id; an area not listed keeps the category's lead.
ALTER TABLE "categories" ADD COLUMN "lead_by_area" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- The plan of a complex issue (钱塘区 标的物): measures, responsible units, its rating (方案满意度).
CREATE TABLE "issue_plans" (
	"issue_id" integer PRIMARY KEY NOT NULL REFERENCES "issues"("id"),
	"measures" text NOT NULL,
	"units" text[] DEFAULT '{}'::text[] NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"author_person_id" integer REFERENCES "people"("id"),
	"satisfaction" smallint,
	"rated_by_person_id" integer REFERENCES "people"("id"),
	"rated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_plans_satisfaction_range" CHECK ("issue_plans"."satisfaction" between 1 and 5)
);--> statement-breakpoint
CREATE TABLE "plan_milestones" (
	"issue_id" integer NOT NULL REFERENCES "issues"("id"),
	"position" smallint NOT NULL,
	"title" text NOT NULL,
	"unit" text,
	"due_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"done_by_person_id" integer REFERENCES "people"("id"),
	"note" text,
	CONSTRAINT "plan_milestones_issue_id_position_pk" PRIMARY KEY("issue_id","position")
);--> statement-breakpoint
CREATE INDEX "plan_milestones_open_due_idx" ON "plan_milestones" USING btree ("due_at") WHERE "plan_milestones"."done_at" is null;--> statement-breakpoint
-- 一月一通报: one monthly status per enterprise and month, claimed once.
CREATE TABLE "enterprise_monthly_reports" (
	"enterprise_id" integer NOT NULL REFERENCES "enterprises"("id"),
	"month" text NOT NULL,
	"issue_count" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprise_monthly_reports_enterprise_id_month_pk" PRIMARY KEY("enterprise_id","month")
);

-- Follow-up and attachment acknowledgements at most once per issue per 30 minutes (docs/noise.md):
-- when the last one was sent, kept in Postgres so that restarts and several workers share it.
CREATE TABLE "acknowledgement_throttle" (
	"issue_id" integer NOT NULL,
	"kind" text NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "acknowledgement_throttle_issue_id_kind_pk" PRIMARY KEY("issue_id","kind")
);
--> statement-breakpoint
ALTER TABLE "acknowledgement_throttle" ADD CONSTRAINT "acknowledgement_throttle_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- A department's internal group (groups.kind 'department'): its colour warnings and sanctions go there
-- instead of to each official by direct message (docs/noise.md).
ALTER TABLE "groups" ADD COLUMN "department_id" integer;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;

-- Who is mentioned (首接负责制): a department's duty officers, fixed or a weekly rotation, as the
-- directory file names them (person ids; evaluated in Asia/Shanghai local time).
ALTER TABLE "departments" ADD COLUMN "duty" jsonb;
--> statement-breakpoint
-- A person the office claimed from chat (认领) rather than one the directory file lists: the import
-- leaves such people and their accounts alone.
ALTER TABLE "people" ADD COLUMN "origin" text DEFAULT 'file' NOT NULL;
--> statement-breakpoint
-- A message from a group member the directory does not know: kept until the office says who wrote it.
CREATE TABLE "unknown_member_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"inbound_message_id" bigint NOT NULL REFERENCES "inbound_messages"("id"),
	"group_id" integer NOT NULL REFERENCES "groups"("id"),
	"office_id" integer REFERENCES "service_offices"("id"),
	"platform" text NOT NULL,
	"author_external_id" text NOT NULL,
	"author_name" text,
	"text" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"office_asked_at" timestamp with time zone,
	"person_id" integer REFERENCES "people"("id"),
	"issue_id" integer REFERENCES "issues"("id"),
	"claimed_by_person_id" integer REFERENCES "people"("id"),
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "unknown_member_reports_inbound_key" ON "unknown_member_reports" ("inbound_message_id");
--> statement-breakpoint
CREATE INDEX "unknown_member_reports_pending_idx" ON "unknown_member_reports" ("platform", "author_external_id") WHERE "state" = 'pending';

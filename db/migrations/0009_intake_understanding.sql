CREATE TABLE "intake_candidates" (
	"id" serial PRIMARY KEY NOT NULL,
	"inbound_message_id" bigint NOT NULL,
	"group_id" integer,
	"office_id" integer,
	"enterprise_id" integer NOT NULL,
	"reporter_person_id" integer NOT NULL,
	"text" text NOT NULL,
	"category_code" text,
	"urgency" text,
	"problem_probability" real NOT NULL,
	"confidence" real NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"issue_id" integer,
	"decided_by_person_id" integer,
	"decided_at" timestamp with time zone,
	"digested_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_corrections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	"category_code" text,
	"bot_kind" text NOT NULL,
	"bot_category_code" text,
	"source" text NOT NULL,
	"issue_id" integer,
	"candidate_id" integer,
	"actor_person_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_models" (
	"id" serial PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"example_count" integer NOT NULL,
	"corrections" integer NOT NULL,
	"model" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "intake_candidates" ADD CONSTRAINT "intake_candidates_inbound_message_id_inbound_messages_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_candidates" ADD CONSTRAINT "intake_candidates_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_candidates" ADD CONSTRAINT "intake_candidates_office_id_service_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."service_offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_candidates" ADD CONSTRAINT "intake_candidates_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_candidates" ADD CONSTRAINT "intake_candidates_reporter_person_id_people_id_fk" FOREIGN KEY ("reporter_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_candidates" ADD CONSTRAINT "intake_candidates_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_candidates" ADD CONSTRAINT "intake_candidates_decided_by_person_id_people_id_fk" FOREIGN KEY ("decided_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_corrections" ADD CONSTRAINT "intake_corrections_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_corrections" ADD CONSTRAINT "intake_corrections_candidate_id_intake_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."intake_candidates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_corrections" ADD CONSTRAINT "intake_corrections_actor_person_id_people_id_fk" FOREIGN KEY ("actor_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "intake_candidates_inbound_key" ON "intake_candidates" USING btree ("inbound_message_id");--> statement-breakpoint
CREATE INDEX "intake_candidates_pending_idx" ON "intake_candidates" USING btree ("office_id","created_at") WHERE "intake_candidates"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "intake_corrections_created_idx" ON "intake_corrections" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_models_fingerprint_key" ON "intake_models" USING btree ("fingerprint");
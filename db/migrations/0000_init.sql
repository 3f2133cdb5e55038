CREATE TABLE "categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"lead_department_id" integer,
	"co_department_ids" integer[] DEFAULT '{}'::int[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"kind" text DEFAULT 'department' NOT NULL,
	"head_person_id" integer,
	"leader_person_id" integer
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"sector" text,
	"area" text,
	"credit_code" text,
	"office_id" integer
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'work' NOT NULL,
	"office_id" integer,
	"platform" text NOT NULL,
	"conversation_id" text,
	"room_topic" text
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"roles" text[] NOT NULL,
	"department_id" integer,
	"office_id" integer,
	"enterprise_id" integer,
	"locale" text
);
--> statement-breakpoint
CREATE TABLE "platform_identities" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"display_name" text,
	"person_id" integer,
	"department_id" integer
);
--> statement-breakpoint
CREATE TABLE "service_offices" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_steps" (
	"issue_id" integer NOT NULL,
	"step_key" text NOT NULL,
	"generation" integer NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_steps_issue_id_step_key_pk" PRIMARY KEY("issue_id","step_key")
);
--> statement-breakpoint
CREATE TABLE "issue_co_handlers" (
	"issue_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_co_handlers_issue_id_department_id_pk" PRIMARY KEY("issue_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "issue_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"issue_id" integer NOT NULL,
	"actor_person_id" integer,
	"actor_label" text NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"version" integer NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issue_links" (
	"issue_id" integer NOT NULL,
	"linked_issue_id" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_links_issue_id_linked_issue_id_pk" PRIMARY KEY("issue_id","linked_issue_id")
);
--> statement-breakpoint
CREATE TABLE "issue_number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issues" (
	"id" serial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"enterprise_id" integer,
	"reporter_person_id" integer,
	"group_id" integer,
	"office_id" integer,
	"source_channel" text NOT NULL,
	"source_conversation_id" text,
	"source_message_id" text,
	"source_thread_ref" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category_code" text,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"tier" text DEFAULT 'department' NOT NULL,
	"lead_department_id" integer,
	"state" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"colour" text DEFAULT 'green' NOT NULL,
	"policy" jsonb NOT NULL,
	"transfer_count" integer DEFAULT 0 NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"pending_extension" jsonb,
	"dispatched_at" timestamp with time zone,
	"clock_started_at" timestamp with time zone,
	"accept_due_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"wake_generation" integer DEFAULT 0 NOT NULL,
	"next_wake_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issues_version_positive" CHECK ("issues"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"id" serial PRIMARY KEY NOT NULL,
	"issue_id" integer NOT NULL,
	"person_id" integer,
	"plan" smallint NOT NULL,
	"process" smallint NOT NULL,
	"result" smallint NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratings_plan_range" CHECK ("ratings"."plan" between 1 and 5),
	CONSTRAINT "ratings_process_range" CHECK ("ratings"."process" between 1 and 5),
	CONSTRAINT "ratings_result_range" CHECK ("ratings"."result" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"message_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"author_external_id" text NOT NULL,
	"text" text NOT NULL,
	"message" jsonb NOT NULL,
	"outcome" text,
	"issue_id" integer,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"platform" text NOT NULL,
	"conversation_id" text NOT NULL,
	"issue_id" integer,
	"message" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"enqueued_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"platform_message_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_office_id_service_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."service_offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_office_id_service_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."service_offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_office_id_service_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."service_offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_identities" ADD CONSTRAINT "platform_identities_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_identities" ADD CONSTRAINT "platform_identities_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_steps" ADD CONSTRAINT "escalation_steps_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_co_handlers" ADD CONSTRAINT "issue_co_handlers_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_co_handlers" ADD CONSTRAINT "issue_co_handlers_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_events" ADD CONSTRAINT "issue_events_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_events" ADD CONSTRAINT "issue_events_actor_person_id_people_id_fk" FOREIGN KEY ("actor_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_links" ADD CONSTRAINT "issue_links_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_links" ADD CONSTRAINT "issue_links_linked_issue_id_issues_id_fk" FOREIGN KEY ("linked_issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_reporter_person_id_people_id_fk" FOREIGN KEY ("reporter_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_office_id_service_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."service_offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_code_key" ON "categories" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_code_key" ON "departments" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_code_key" ON "enterprises" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_code_key" ON "groups" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_platform_conversation_key" ON "groups" USING btree ("platform","conversation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_code_key" ON "people" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "platform_identities_platform_external_key" ON "platform_identities" USING btree ("platform","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_offices_code_key" ON "service_offices" USING btree ("code");--> statement-breakpoint
CREATE INDEX "issue_events_issue_idx" ON "issue_events" USING btree ("issue_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "issues_number_key" ON "issues" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "issues_source_message_key" ON "issues" USING btree ("source_channel","source_message_id");--> statement-breakpoint
CREATE INDEX "issues_state_idx" ON "issues" USING btree ("state");--> statement-breakpoint
CREATE INDEX "issues_lead_department_idx" ON "issues" USING btree ("lead_department_id","state");--> statement-breakpoint
CREATE INDEX "issues_enterprise_idx" ON "issues" USING btree ("enterprise_id","state");--> statement-breakpoint
CREATE INDEX "issues_next_wake_idx" ON "issues" USING btree ("next_wake_at");--> statement-breakpoint
CREATE INDEX "ratings_issue_idx" ON "ratings" USING btree ("issue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_messages_platform_message_key" ON "inbound_messages" USING btree ("platform","message_id");--> statement-breakpoint
CREATE INDEX "inbound_messages_conversation_idx" ON "inbound_messages" USING btree ("platform","conversation_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_unsent_idx" ON "outbox" USING btree ("enqueued_at","id");
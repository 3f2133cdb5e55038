CREATE TABLE "inbound_journal" (
	"platform" text NOT NULL,
	"message_id" text NOT NULL,
	"message" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_journal_platform_message_id_pk" PRIMARY KEY("platform","message_id")
);
--> statement-breakpoint
CREATE INDEX "inbound_journal_received_at_idx" ON "inbound_journal" USING btree ("received_at");
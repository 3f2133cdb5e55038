CREATE TABLE "inbound_spool" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"message_id" text NOT NULL,
	"message" jsonb NOT NULL,
	"spooled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text
);

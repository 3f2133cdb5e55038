ALTER TABLE "outbox" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_failed_idx" ON "outbox" USING btree ("failed_at") WHERE "outbox"."failed_at" is not null;--> statement-breakpoint
-- Refusals recorded before this column existed count as given up for good; the time is approximate.
UPDATE "outbox" SET "failed_at" = coalesce("enqueued_at", "created_at") WHERE "last_error" LIKE 'rejected%' AND "sent_at" IS NULL;

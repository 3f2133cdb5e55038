-- The board's "deadline was extended" test read every extension_approved event of the ledger into a
-- hashed set on each count (40 000 at a million issues, most of the count's time). The issue now
-- carries when its deadline was first extended, set by the event's own insert in the same
-- transaction, and issues_board_open_idx carries it so that the count stays an index-only scan.
ALTER TABLE "issues" ADD COLUMN "extended_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "issues" SET "extended_at" = "first"."at"
	FROM (SELECT "issue_id", min("created_at") AS "at" FROM "issue_events" WHERE "kind" = 'extension_approved' GROUP BY "issue_id") AS "first"
	WHERE "issues"."id" = "first"."issue_id";
--> statement-breakpoint
CREATE FUNCTION "qq_mark_extended"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "issues" SET "extended_at" = NEW."created_at" WHERE "id" = NEW."issue_id" AND "extended_at" IS NULL;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "issue_events_mark_extended" AFTER INSERT ON "issue_events"
	FOR EACH ROW WHEN (NEW."kind" = 'extension_approved') EXECUTE FUNCTION "qq_mark_extended"();
--> statement-breakpoint
DROP INDEX IF EXISTS "issue_events_extension_approved_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "issues_board_open_idx";
--> statement-breakpoint
CREATE INDEX "issues_board_open_idx" ON "issues" USING btree ("due_at", "id") INCLUDE ("colour", "state", "accepted_at", "accept_due_at", "extended_at") WHERE "state" IN ('awaiting_dispatch', 'dispatched', 'accepted', 'awaiting_info', 'reopened', 'under_review');

-- Issue #20 (docs/scale.md, part 6): each issue's facts folded from all its events and ratings, kept
-- so that a period's ranking reads one row per issue instead of its whole audit log
-- (workflows/reports/issue-fact-states.ts). `facts` is the application's own compact JSON.
-- The ranking's cohort (the period's issues and their lead departments) read from the index alone.
DROP INDEX "issues_created_idx";
--> statement-breakpoint
CREATE INDEX "issues_created_idx" ON "issues" USING btree ("created_at" DESC, "id" DESC) INCLUDE ("lead_department_id");
--> statement-breakpoint
CREATE TABLE "issue_fact_states" (
	"issue_id" integer PRIMARY KEY NOT NULL REFERENCES "issues"("id") ON DELETE CASCADE,
	-- The latest event's or rating's created_at in ms since 1970 (cut to the ms); null with neither.
	"last_at_ms" double precision,
	-- Whether a dispatch that named no department was read as to folded_lead (the lead then).
	"lead_read" boolean NOT NULL,
	"folded_lead" integer,
	"facts" text NOT NULL
);
--> statement-breakpoint
-- One row per issue and statement that inserted, changed or deleted its events or ratings, written
-- in the same transaction. A kept fold is used only while its issue has none; a refresh deletes the
-- rows it read before it read the events, so a write it missed leaves its row behind.
CREATE TABLE "issue_fact_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"issue_id" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "issue_fact_dirty_issue_idx" ON "issue_fact_dirty" USING btree ("issue_id");
--> statement-breakpoint
CREATE FUNCTION "issue_fact_dirty_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_fact_dirty (issue_id) SELECT DISTINCT issue_id FROM new_rows;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "issue_fact_dirty_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_fact_dirty (issue_id) SELECT DISTINCT issue_id FROM old_rows;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Events are append-only (migration 0001): only inserts reach them.
CREATE TRIGGER "issue_events_dirty_facts"
  AFTER INSERT ON "issue_events" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION issue_fact_dirty_new();
--> statement-breakpoint
CREATE TRIGGER "ratings_insert_dirty_facts"
  AFTER INSERT ON "ratings" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION issue_fact_dirty_new();
--> statement-breakpoint
CREATE TRIGGER "ratings_update_dirty_facts_old"
  AFTER UPDATE ON "ratings" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION issue_fact_dirty_old();
--> statement-breakpoint
CREATE TRIGGER "ratings_update_dirty_facts_new"
  AFTER UPDATE ON "ratings" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION issue_fact_dirty_new();
--> statement-breakpoint
-- An undone rating is deleted (bot/conversation/reply-undo.ts).
CREATE TRIGGER "ratings_delete_dirty_facts"
  AFTER DELETE ON "ratings" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION issue_fact_dirty_old();
--> statement-breakpoint
-- The same for the kept rankings (migration 0018 forgot them at inserts only): a rating deleted or
-- changed, dated before a snapshot's end, on an issue of its period.
CREATE FUNCTION "ranking_snapshots_forget_old_ratings"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM ranking_snapshots) THEN
    DELETE FROM ranking_snapshots s WHERE EXISTS (
      SELECT 1 FROM old_rows o JOIN issues i ON i.id = o.issue_id
      WHERE o.created_at < s.period_to
        AND i.created_at >= s.period_from AND i.created_at < s.period_to);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "ratings_delete_forget_ranking_snapshots"
  AFTER DELETE ON "ratings" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_old_ratings();
--> statement-breakpoint
CREATE TRIGGER "ratings_update_forget_ranking_snapshots_old"
  AFTER UPDATE ON "ratings" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_old_ratings();
--> statement-breakpoint
CREATE TRIGGER "ratings_update_forget_ranking_snapshots_new"
  AFTER UPDATE ON "ratings" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_facts();

-- Issue #20 part 2: the indexes the province-scale pages need (docs/scale.md), and the ones the
-- age-based pruning (bot/pipeline/retention.ts) reads by.
--
-- The console list and the reports select by creation time, newest first, within a scope.
CREATE INDEX "issues_created_idx" ON "issues" USING btree ("created_at" DESC, "id" DESC);
--> statement-breakpoint
CREATE INDEX "issues_office_created_idx" ON "issues" USING btree ("office_id", "created_at" DESC, "id" DESC);
--> statement-breakpoint
-- The board's "deadline was extended" test: a few rows out of millions of events.
CREATE INDEX "issue_events_extension_approved_idx" ON "issue_events" USING btree ("issue_id") WHERE "kind" = 'extension_approved';
--> statement-breakpoint
-- Chinese search: words are not separated by spaces, so neither tsvector nor pg_trgm (which needs
-- three characters; 排水 has two) helps. Every two-character substring of the lower-cased text goes
-- in an array with a GIN index; a search asks for the issues whose array holds all bigrams of the
-- query, then checks the ILIKE on those only. Plain SQL, so PGlite runs it too.
CREATE FUNCTION "qq_bigrams"(t text) RETURNS text[]
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ select coalesce(array_agg(distinct substr(t, i, 2)), '{}') from generate_series(1, char_length(t) - 1) as i $$;
--> statement-breakpoint
CREATE INDEX "issues_text_bigrams_idx" ON "issues" USING gin ("qq_bigrams"(lower("title" || E'\n' || "body")));
--> statement-breakpoint
CREATE INDEX "outbox_sent_idx" ON "outbox" USING btree ("sent_at") WHERE "sent_at" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "inbound_messages_processed_idx" ON "inbound_messages" USING btree ("processed_at") WHERE "issue_id" IS NULL;
--> statement-breakpoint
CREATE INDEX "console_tokens_expires_idx" ON "console_tokens" USING btree ("expires_at");
--> statement-breakpoint
-- The ranking of a period that has ended, kept once computed (workflows/reports/ranking-snapshot.ts).
-- Its figures depend only on the period's issues (created_at, lead department) and on the events
-- and ratings dated before the period's end; the triggers below delete a snapshot in the same
-- transaction as any write that could change them, so a snapshot is either right or absent.
CREATE TABLE "ranking_snapshots" (
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"totals" jsonb NOT NULL,
	"departments" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ranking_snapshots_pk" PRIMARY KEY("period_from","period_to")
);
--> statement-breakpoint
-- Events and ratings (both have issue_id and created_at): one dated before a snapshot's end, on an
-- issue of its period.
CREATE FUNCTION "ranking_snapshots_forget_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM ranking_snapshots) THEN
    DELETE FROM ranking_snapshots s WHERE EXISTS (
      SELECT 1 FROM new_rows n JOIN issues i ON i.id = n.issue_id
      WHERE n.created_at < s.period_to
        AND i.created_at >= s.period_from AND i.created_at < s.period_to);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "issue_events_forget_ranking_snapshots"
  AFTER INSERT ON "issue_events" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_facts();
--> statement-breakpoint
CREATE TRIGGER "ratings_forget_ranking_snapshots"
  AFTER INSERT ON "ratings" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_facts();
--> statement-breakpoint
-- Issues: one added to or removed from a period, or whose lead department or creation time changed
-- (the ranking reads dispatches that name no department as to the current lead).
CREATE FUNCTION "ranking_snapshots_forget_issues"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ranking_snapshots) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    DELETE FROM ranking_snapshots s WHERE EXISTS (SELECT 1 FROM new_rows n
      WHERE n.created_at >= s.period_from AND n.created_at < s.period_to);
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM ranking_snapshots s WHERE EXISTS (SELECT 1 FROM old_rows o
      WHERE o.created_at >= s.period_from AND o.created_at < s.period_to);
  ELSE
    DELETE FROM ranking_snapshots s WHERE EXISTS (
      SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.lead_department_id IS DISTINCT FROM n.lead_department_id
          OR o.created_at <> n.created_at)
        AND ((o.created_at >= s.period_from AND o.created_at < s.period_to)
          OR (n.created_at >= s.period_from AND n.created_at < s.period_to)));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "issues_insert_forget_ranking_snapshots"
  AFTER INSERT ON "issues" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_issues();
--> statement-breakpoint
CREATE TRIGGER "issues_update_forget_ranking_snapshots"
  AFTER UPDATE ON "issues" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_issues();
--> statement-breakpoint
CREATE TRIGGER "issues_delete_forget_ranking_snapshots"
  AFTER DELETE ON "issues" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_issues();
--> statement-breakpoint
-- The board's notes (reasons and commitments) of its issues: a few kinds out of every event.
CREATE INDEX "issue_events_board_notes_idx" ON "issue_events" USING btree ("issue_id", "id") WHERE "kind" IN ('extension_requested', 'refused', 'transfer_sent_to_review', 'return_refused', 'progress', 'extension_approved');

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

-- An official's console list reads the issues its department co-handles as one array of ids
-- (bot/web/console/viewer.ts); without this index that read was a scan of every co-handler row.
CREATE INDEX IF NOT EXISTS "issue_co_handlers_department_idx" ON "issue_co_handlers" ("department_id", "issue_id");

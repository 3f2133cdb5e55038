-- Issue #20: the lobby board a page at a time (workflows/reports/overdue-board-page.ts). The open
-- issues in the board's order, keyset (due_at, id); the columns its lateness test reads are carried
-- in the entries, so the board's count is an index-only scan over the open issues, not the ledger.
-- The list is ACTIVE_STATES (lifecycle/transition-table.ts), spelled out as the board spells it.
CREATE INDEX "issues_board_open_idx" ON "issues" USING btree ("due_at", "id") INCLUDE ("colour", "state", "accepted_at", "accept_due_at") WHERE "state" IN ('awaiting_dispatch', 'dispatched', 'accepted', 'awaiting_info', 'reopened', 'under_review');

-- A batch inserts its messages, handles them, then writes each one's outcome in the same
-- transaction. Half of each page is left free so that this update finds room on the row's own page
-- (a HOT update: no new index entries, a fraction of the WAL) instead of rewriting the row and its
-- three index entries elsewhere. The table takes twice the pages; the outcome write costs a quarter.
ALTER TABLE "inbound_messages" SET (fillfactor = 50);

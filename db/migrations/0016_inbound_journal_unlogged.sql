-- The journal is a second copy of messages Redis already holds, kept for minutes at most: writing it
-- to the WAL doubled the cost of taking a message. Unlogged, a Postgres crash empties it (Redis still
-- has the messages); only Redis losing its data while Postgres crashes would lose what was in flight.
ALTER TABLE "inbound_journal" SET UNLOGGED;

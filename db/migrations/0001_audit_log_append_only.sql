-- The audit log is append-only: the database itself refuses to change or remove an event.
CREATE FUNCTION issue_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issue_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER issue_events_no_update_delete
  BEFORE UPDATE OR DELETE ON issue_events
  FOR EACH ROW EXECUTE FUNCTION issue_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER issue_events_no_truncate
  BEFORE TRUNCATE ON issue_events
  FOR EACH STATEMENT EXECUTE FUNCTION issue_events_refuse_change();

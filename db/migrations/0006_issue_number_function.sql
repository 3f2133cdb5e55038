-- The next human number of a year, e.g. 2026-000123, computed inside the statement that inserts the
-- issue (one round trip instead of two). A year's base is the sequence value before its first issue;
-- concurrent first issues of a year: the second waits for the first's base row to commit, then uses
-- it. Numbers past 999999 keep all their digits.
CREATE FUNCTION next_issue_number(issue_year integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  base bigint;
  n bigint;
BEGIN
  SELECT sequence_base INTO base FROM issue_number_years WHERE year = issue_year;
  IF NOT FOUND THEN
    INSERT INTO issue_number_years (year, sequence_base)
      SELECT issue_year, CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM issue_number_seq
      ON CONFLICT (year) DO NOTHING;
    SELECT sequence_base INTO STRICT base FROM issue_number_years WHERE year = issue_year;
  END IF;
  n := nextval('issue_number_seq') - base;
  RETURN issue_year::text || '-' || lpad(n::text, greatest(6, length(n::text)), '0');
END;
$$;

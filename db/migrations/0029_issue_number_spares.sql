-- Issue #20 (docs/scale.md, part 7): the intake worker writes a batch's new issues in one statement
-- at its end, so each issue's id and number are drawn before its row is written, as many at once as
-- the batch has messages left (reserve_issue_keys). The numbers a batch drew and did not use — the
-- rest turned out to be chatter — are kept here and handed out first, by every way of creating an
-- issue, so that numbers still have gaps only where a creation rolled back.
CREATE TABLE "issue_number_spares" (
	"year" integer NOT NULL,
	"number" text NOT NULL,
	PRIMARY KEY ("year", "number")
);
--> statement-breakpoint
-- The body of 0006's next_issue_number: a new number from the year's count.
ALTER FUNCTION next_issue_number(integer) RENAME TO fresh_issue_number;
--> statement-breakpoint
-- Numbers past 999999 have more digits: shorter is smaller.
CREATE FUNCTION take_spare_issue_numbers(issue_year integer, wanted integer) RETURNS SETOF text
LANGUAGE sql AS $$
  DELETE FROM issue_number_spares
  WHERE year = issue_year AND number IN (
    SELECT number FROM issue_number_spares WHERE year = issue_year
    ORDER BY length(number), number LIMIT wanted FOR UPDATE SKIP LOCKED)
  RETURNING number;
$$;
--> statement-breakpoint
CREATE FUNCTION next_issue_number(issue_year integer) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(
    (SELECT take_spare_issue_numbers(issue_year, 1)),
    fresh_issue_number(issue_year));
$$;
--> statement-breakpoint
-- `wanted` issue ids and numbers, spares first, in the order they are to be used.
CREATE FUNCTION reserve_issue_keys(issue_year integer, wanted integer)
RETURNS TABLE (id integer, number text) LANGUAGE plpgsql AS $$
DECLARE
  spares text[];
BEGIN
  SELECT coalesce(array_agg(n ORDER BY length(n), n), '{}') INTO spares
  FROM take_spare_issue_numbers(issue_year, wanted) AS n;
  RETURN QUERY
    SELECT nextval('issues_id_seq')::integer, numbers.n
    FROM (
      SELECT s.n, s.i FROM unnest(spares) WITH ORDINALITY AS s(n, i)
      UNION ALL
      SELECT fresh_issue_number(issue_year), cardinality(spares) + g
      FROM generate_series(1, wanted - cardinality(spares)) AS g
    ) AS numbers
    ORDER BY numbers.i;
END;
$$;

-- The issues' text index (0018) computes its keys with qq_bigrams on every insert and on every update
-- that is not HOT. Sorting the pairs to drop repeats (array_agg(distinct …)) was most of its cost, and
-- GIN drops repeated keys by itself; this body gives the same set of keys for every text, so the
-- index built with the old one stays right and needs no REINDEX.
CREATE OR REPLACE FUNCTION "qq_bigrams"(t text) RETURNS text[]
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ select array(select substr(t, i, 2) from generate_series(1, char_length(t) - 1) as i) $$;

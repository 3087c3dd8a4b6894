-- The organisation coordinator's people list at national scale (issue #18). Portable SQL
-- (SQLite and PostgreSQL).
--
-- Each employment carries a copy of its person's name sort keys, so one organisation's people
-- are read in list order from one index seek (`employments_organisation_name`) instead of
-- reading every employee of the organisation and sorting them (1.1 s at 1,000,000 people).
-- The copies are written with the employment (`people::insert_employments` reads them from the
-- person's row in the same statement) and rewritten wherever a person's keys change (erasure;
-- an import or edit replaces the person's employments), all in the same transaction. The
-- back-fill copies the keys as the person's row holds them (after 0039 recomputed them), never
-- computing them here.
ALTER TABLE employments ADD COLUMN family_key TEXT NOT NULL DEFAULT '';
ALTER TABLE employments ADD COLUMN given_key TEXT NOT NULL DEFAULT '';
UPDATE employments SET
    family_key = COALESCE((SELECT p.family_key FROM people p WHERE p.id = employments.person_id), ''),
    given_key = COALESCE((SELECT p.given_key FROM people p WHERE p.id = employments.person_id), '');
-- SQLite compares the keys by code point, the list's order. PostgreSQL gets the same index in the
-- "C" collation from `people_search::install_pg_indexes` (this one, in the database's collation,
-- serves its equality look-ups only).
CREATE INDEX employments_organisation_name ON employments (organisation_id, family_key, given_key, person_id);

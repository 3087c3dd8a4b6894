-- The peer directory at national scale (issue #18). Portable SQL (SQLite and PostgreSQL).
--
-- Each listing carries a copy of its person's scheme and name sort keys, so the directory's
-- page starts from the listings in name order (`growth_directory_scheme_name`) and joins each to
-- its person by key, instead of walking the scheme's people in name order and probing each for
-- a listing (which read all 1,000,000 people when few or none were listed). The copies are
-- written with the listing (`growth::set_directory_listing` reads them from the person's row in
-- the same statement) and rewritten wherever a person's keys change (an import or edit, in
-- `people::apply_people_import_with_grades`), in the same transaction; erasure deletes the
-- listing. `profession` is the listed person's primary job's profession, kept by the same
-- writes, so the profession filter seeks its listings and the filter's choices are read from an
-- index rather than from every listing. The
-- back-fill copies the values as the person's rows hold them, never computing them here.
ALTER TABLE growth_directory ADD COLUMN scheme_id TEXT NOT NULL DEFAULT '';
ALTER TABLE growth_directory ADD COLUMN family_key TEXT NOT NULL DEFAULT '';
ALTER TABLE growth_directory ADD COLUMN given_key TEXT NOT NULL DEFAULT '';
ALTER TABLE growth_directory ADD COLUMN profession TEXT NOT NULL DEFAULT '';
UPDATE growth_directory SET
    scheme_id = COALESCE((SELECT p.scheme_id FROM people p WHERE p.id = growth_directory.person_id), ''),
    family_key = COALESCE((SELECT p.family_key FROM people p WHERE p.id = growth_directory.person_id), ''),
    given_key = COALESCE((SELECT p.given_key FROM people p WHERE p.id = growth_directory.person_id), ''),
    profession = COALESCE((SELECT e.profession FROM employments e WHERE e.person_id = growth_directory.person_id
        ORDER BY e.is_primary DESC, e.ordinal LIMIT 1), '');
-- SQLite compares the keys by code point, the directory's order. PostgreSQL gets the same index
-- in the "C" collation from `people_search::install_pg_indexes` (this one, in the database's
-- collation, serves its equality look-ups only).
CREATE INDEX growth_directory_scheme_name ON growth_directory (scheme_id, family_key, given_key, person_id);
-- The profession filter's page in name order, and the professions the listed people hold (one
-- seek per distinct value). PostgreSQL gets the name keys in the "C" collation likewise.
CREATE INDEX growth_directory_scheme_profession ON growth_directory (scheme_id, profession, family_key, given_key, person_id);

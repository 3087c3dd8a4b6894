-- Lists every person of a copy whose rowid is a multiple of :step (run by
-- bench/web/directory_statements.py's instructions with sqlite3's .param), copying the keys and
-- the primary profession as `growth::set_directory_listing` does. For measurement copies only.
DELETE FROM growth_directory;
INSERT INTO growth_directory (person_id, interests, dimensions, updated_at, scheme_id, family_key, given_key, profession)
SELECT p.id, 'Handovers and supervision', '["leading_with_care"]', '2026-12-07T10:00:00Z', p.scheme_id, p.family_key, p.given_key,
  COALESCE((SELECT e.profession FROM employments e WHERE e.person_id = p.id ORDER BY e.is_primary DESC, e.ordinal LIMIT 1), '')
FROM people p WHERE p.erased_at IS NULL AND p.rowid % :step = 0;

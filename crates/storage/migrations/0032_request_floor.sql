-- Per-request work at the floor (issue #18). Portable SQL (SQLite and PostgreSQL).
-- The dashboards count the people listed in a scheme up to a cap (see storage `figures.rs`):
-- this partial index holds exactly the rows not erased, so the count reads index entries only.
CREATE INDEX people_live_by_scheme ON people (scheme_id, id) WHERE erased_at IS NULL;

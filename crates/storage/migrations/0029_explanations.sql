-- readable matching explanations and dual roles. Portable SQL (SQLite and PostgreSQL).
-- Nothing to store: explanations are worked out from a run's stored inputs when shown, and the
-- new unmatched details (partners, rule counts) live in the run's result JSON with defaults, so
-- runs saved before still load. Kept as a no-op so the migration numbering stays as reserved.
SELECT 1;

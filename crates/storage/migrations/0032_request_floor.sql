-- per-request work: sessions, roles and dashboard counts from indexed reads. Portable SQL (SQLite and PostgreSQL).
-- Reserved; replaced by the change that needs it.
SELECT 1;

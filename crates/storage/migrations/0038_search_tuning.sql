-- combined people filters and read connections. Portable SQL (SQLite and PostgreSQL).
-- Reserved; replaced by the change that needs it.
SELECT 1;

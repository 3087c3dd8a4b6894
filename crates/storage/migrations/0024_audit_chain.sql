-- a hash-chained, append-only audit log. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

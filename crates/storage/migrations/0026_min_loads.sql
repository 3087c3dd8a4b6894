-- mentor minimum loads in matching runs. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

-- assessment profiles with a lawful basis. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

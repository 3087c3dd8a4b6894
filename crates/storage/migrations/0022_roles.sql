-- programme coordinators and role changes. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

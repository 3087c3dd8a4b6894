-- local authorities' own grade lists. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

-- readable matching explanations and dual roles. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

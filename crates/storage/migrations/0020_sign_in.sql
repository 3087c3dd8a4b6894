-- single sign-on per organisation and its pending sign-ins. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

-- rate limits, progressive sign-in delay and named, expiring API tokens. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

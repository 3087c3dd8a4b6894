-- erasure, retention and consent records. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

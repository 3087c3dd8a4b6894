-- self-registration, e-mail kinds, employment confirmation, nominations. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

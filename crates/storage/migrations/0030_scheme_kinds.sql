-- relationship kinds: apologies, verified training and set activity. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

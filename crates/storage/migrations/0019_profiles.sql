-- profiles people keep: expertise, interests, languages, availability, contact. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

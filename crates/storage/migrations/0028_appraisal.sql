-- goals tied to appraisal and summaries for line managers. Portable SQL (SQLite and PostgreSQL).
SELECT 1;

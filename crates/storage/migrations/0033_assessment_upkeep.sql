-- assessment instruments on a page, score retention and expired appraisal links. Portable SQL (SQLite and PostgreSQL).
-- Reserved; replaced by the change that needs it.
SELECT 1;

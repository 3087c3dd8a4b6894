-- applications and mentors lists that cost one page. Portable SQL (SQLite and PostgreSQL).
-- Reserved; replaced by the change that needs it.
SELECT 1;

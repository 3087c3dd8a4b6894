-- assessment instruments on a page, score retention and expired appraisal links. Portable SQL (SQLite and PostgreSQL).

-- Two more retention periods of a scheme (defaults apply to schemes that saved none):
-- `assessment_score_months`: a person's assessment scores in a programme are deleted this many
-- months after their last application or relationship in that programme ended (or, for someone
-- who never took part, after the scores were imported);
-- `appraisal_link_days`: a line manager's appraisal-summary link forgets its token hash this many
-- days after it expired, was used or was withdrawn (the summary's status stays for the mentee).
ALTER TABLE retention_settings ADD COLUMN assessment_score_months BIGINT NOT NULL DEFAULT 12;
ALTER TABLE retention_settings ADD COLUMN appraisal_link_days BIGINT NOT NULL DEFAULT 90;


-- goals tied to appraisal and summaries for line managers. Portable SQL (SQLite and PostgreSQL).

-- The appraisal conversation a goal came from: a kind code (appraisal, functioneringsgesprek,
-- beoordelingsgesprek) and the date it was held; both NULL for a goal that cites none.
ALTER TABLE growth_goals ADD COLUMN appraisal_kind TEXT;
ALTER TABLE growth_goals ADD COLUMN appraisal_on TEXT;

-- A mentee's summary of progress on their appraisal goals, shared with their line manager at
-- the end of a relationship. One per mentee per relationship (sharing again after a withdrawal
-- replaces it). The manager's single-use link is minted when the e-mail is made: only its
-- SHA-256 is kept (token_hash, NULL until then), with when it expires. status: sent, opened,
-- withdrawn.
CREATE TABLE appraisal_summaries (
    id TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    manager_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    expires_at TEXT,
    opened_at TEXT,
    withdrawn_at TEXT,
    UNIQUE (relationship_id, person_id)
);
CREATE INDEX appraisal_summaries_manager ON appraisal_summaries (manager_id);

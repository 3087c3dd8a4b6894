-- Sessions held in a relationship (logged by a member, also after the fact). The coordinator's
-- "no session for N weeks" view and the fit check after the first session read it; booking,
-- rescheduling and notes build on the same rows later (`status` is 'held' for now).
CREATE TABLE relationship_sessions (
    id TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    held_on TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    mode TEXT NOT NULL,
    logged_by TEXT,
    logged_at TEXT NOT NULL
);
CREATE INDEX relationship_sessions_relationship ON relationship_sessions (relationship_id, held_on);

-- Shortlist mode: a mentee's ranking of the mentors suggested to them (1 = first choice).
CREATE TABLE shortlist_rankings (
    intake_id TEXT NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
    mentee_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    mentor_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    rank BIGINT NOT NULL,
    ranked_at TEXT NOT NULL,
    PRIMARY KEY (mentee_id, mentor_id)
);
CREATE INDEX shortlist_rankings_intake ON shortlist_rankings (intake_id, mentee_id, rank);

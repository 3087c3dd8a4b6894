-- Issue #5, area sessions: booking sessions ahead (proposed → confirmed → held, or cancelled),
-- with their times (UTC), way of meeting, shared topics and action points; private notes (one per
-- author and session); and each person's secret calendar feed (only the token's SHA-256).
ALTER TABLE relationship_sessions ADD COLUMN starts_at TEXT;
ALTER TABLE relationship_sessions ADD COLUMN ends_at TEXT;
ALTER TABLE relationship_sessions ADD COLUMN link TEXT NOT NULL DEFAULT '';
ALTER TABLE relationship_sessions ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE relationship_sessions ADD COLUMN proposed_by TEXT;
ALTER TABLE relationship_sessions ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE relationship_sessions ADD COLUMN topics TEXT NOT NULL DEFAULT '';
ALTER TABLE relationship_sessions ADD COLUMN action_points TEXT NOT NULL DEFAULT '';
ALTER TABLE relationship_sessions ADD COLUMN updated_at TEXT;
CREATE INDEX relationship_sessions_starts ON relationship_sessions (starts_at);

CREATE TABLE session_notes (
    session_id TEXT NOT NULL REFERENCES relationship_sessions (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, person_id)
);

CREATE TABLE calendar_feeds (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

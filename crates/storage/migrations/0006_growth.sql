-- Issue #5, area growth: goals per person per relationship, the reflective log, CPD activities
-- and the opt-in directory. Dimensions are JSON arrays of framework codes.

-- A member's goal within a relationship; the relationship's members read it.
CREATE TABLE growth_goals (
    id TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    dimensions TEXT NOT NULL,
    status TEXT NOT NULL,
    progress_note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX growth_goals_relationship ON growth_goals (relationship_id, created_at);

-- Reflective log entries: private to the author unless shared_with names a relationship.
CREATE TABLE growth_reflections (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    written_on TEXT NOT NULL,
    body TEXT NOT NULL,
    relationship_id TEXT REFERENCES relationships (id) ON DELETE SET NULL,
    dimensions TEXT NOT NULL,
    shared_with TEXT REFERENCES relationships (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX growth_reflections_person ON growth_reflections (person_id, written_on);
CREATE INDEX growth_reflections_shared ON growth_reflections (shared_with);

-- CPD activities a person adds (sessions held are counted from relationship_sessions).
CREATE TABLE growth_cpd (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    activity TEXT NOT NULL,
    done_on TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    participatory INTEGER NOT NULL,
    reflection TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX growth_cpd_person ON growth_cpd (person_id, done_on);

-- The opt-in directory: a row exists only while the person is opted in.
CREATE TABLE growth_directory (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    interests TEXT NOT NULL,
    dimensions TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

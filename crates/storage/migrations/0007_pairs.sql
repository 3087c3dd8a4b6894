-- Paired learning: shadowing days in both directions, workshops (programme events) with
-- attendance, and each pair's joint improvement project with milestones and outcome measures.
CREATE TABLE shadowing_days (
    id TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    -- The member whose workplace is visited; the other member shadows them.
    host_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    place TEXT NOT NULL,
    done INTEGER NOT NULL,
    learning TEXT NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX shadowing_days_relationship ON shadowing_days (relationship_id, day);

CREATE TABLE workshops (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    day TEXT NOT NULL,
    place TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX workshops_programme ON workshops (programme_id, day);

CREATE TABLE workshop_attendance (
    workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (workshop_id, person_id)
);

CREATE TABLE improvement_projects (
    relationship_id TEXT PRIMARY KEY REFERENCES relationships (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    aim TEXT NOT NULL,
    presentation_on TEXT,
    presented INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE project_milestones (
    id TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES improvement_projects (relationship_id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done INTEGER NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones (relationship_id, due_on);

-- Outcome measures as the pair writes them (values with their units, e.g. "12 days").
CREATE TABLE project_measures (
    id TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES improvement_projects (relationship_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    baseline TEXT NOT NULL,
    target TEXT NOT NULL,
    latest TEXT NOT NULL,
    ordinal BIGINT NOT NULL
);
CREATE INDEX project_measures_project ON project_measures (relationship_id, ordinal);

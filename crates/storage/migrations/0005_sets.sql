-- Issue #5, area sets: action learning set meetings, attendance, the rota, presenters' issues
-- and the actions they commit to. Same portability rules as 0001.

-- A set's meetings. The date and time are local (the set's half-day slot is local time).
CREATE TABLE set_meetings (
    id TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    starts_on TEXT NOT NULL,
    starts_time TEXT NOT NULL,
    link TEXT NOT NULL,
    facilitator_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    timekeeper_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    rota_agreed INTEGER NOT NULL,
    attendance_recorded INTEGER NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX set_meetings_relationship ON set_meetings (relationship_id, starts_on);

CREATE TABLE set_attendance (
    meeting_id TEXT NOT NULL REFERENCES set_meetings (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    present INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

-- Presenters of the agreed rota, in order, with the issue each brought (empty until recorded).
CREATE TABLE set_presentations (
    meeting_id TEXT NOT NULL REFERENCES set_meetings (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    issue TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE set_actions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES set_meetings (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX set_actions_meeting ON set_actions (meeting_id);

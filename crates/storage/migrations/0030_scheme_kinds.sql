-- relationship kinds: apologies, verified training and set activity. Portable SQL (SQLite and PostgreSQL).

-- Apologies sent in advance for a set meeting: the rota gives nobody here a role, and the
-- attendance shows them as "apologies" rather than absent. Withdrawn by deleting the row.
CREATE TABLE set_apologies (
    meeting_id TEXT NOT NULL REFERENCES set_meetings (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX set_apologies_person ON set_apologies (person_id);

-- Training counts for "mentor training required" only once a coordinator recorded or verified
-- it. Records a coordinator entered for someone else were checked by them: verified as entered.
ALTER TABLE mentor_training ADD COLUMN verified_by TEXT REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE mentor_training ADD COLUMN verified_at TEXT;
UPDATE mentor_training SET verified_by = recorded_by, verified_at = recorded_at
    WHERE recorded_by IS NOT NULL AND recorded_by <> person_id;

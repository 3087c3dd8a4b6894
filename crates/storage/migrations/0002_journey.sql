-- The scheme journey: recruitment, mentor development, matching runs, offers, agreements and
-- relationships. Same portability rules as 0001.

-- Places taken so far (approved or matched applications) next to the places offered, so that
-- approval is one conditional UPDATE (`taken < places`), which the database serialises: two
-- coordinators approving at once can never exceed the places, on either backend.
ALTER TABLE intake_places ADD COLUMN taken BIGINT NOT NULL DEFAULT 0;

-- An intake's programme-specific questions, one JSON document edited whole by the form builder.
CREATE TABLE application_forms (
    intake_id TEXT PRIMARY KEY REFERENCES intakes (id) ON DELETE CASCADE,
    questions TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    intake_id TEXT NOT NULL REFERENCES intakes (id),
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL,
    profile TEXT NOT NULL,
    answers TEXT NOT NULL,
    line_manager_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    submitted_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Raised on every change: matching runs record the versions they read, so a run whose
    -- inputs changed cannot be published.
    version BIGINT NOT NULL
);
-- One application per person, role and intake: a second one is a conflict.
CREATE UNIQUE INDEX applications_person_role ON applications (intake_id, person_id, role);
CREATE INDEX applications_intake_status ON applications (intake_id, status);
CREATE INDEX applications_person ON applications (person_id);
CREATE INDEX applications_organisation ON applications (organisation_id, intake_id);

CREATE TABLE application_events (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor_id TEXT,
    status TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX application_events_application ON application_events (application_id, at, id);

-- Line-manager approval links: the manager needs no account, so the link itself is the
-- credential. Only its SHA-256 is stored; it expires and works once.
CREATE TABLE manager_links (
    token_hash TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    manager_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX manager_links_application ON manager_links (application_id);

-- Mentor development.
CREATE TABLE mentor_standing (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    load_max BIGINT,
    updated_at TEXT NOT NULL
);

CREATE TABLE mentor_training (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    course TEXT NOT NULL,
    provider TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    evidence TEXT NOT NULL,
    qualifies INTEGER NOT NULL,
    recorded_by TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX mentor_training_person ON mentor_training (person_id, completed_on);

CREATE TABLE supervision_sessions (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    themes TEXT NOT NULL,
    recorded_by TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX supervision_sessions_person ON supervision_sessions (person_id, held_on);

-- Matching: the coordinator's locked and forbidden pairs for an intake (by application).
CREATE TABLE match_pins (
    intake_id TEXT NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    first_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    second_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (intake_id, kind, first_id, second_id)
);

-- Every run, with its inputs, parameters and result as JSON, so it can be shown, audited and
-- reproduced. `inputs_digest` identifies the applications (ids and versions) it read.
CREATE TABLE match_runs (
    id TEXT PRIMARY KEY,
    intake_id TEXT NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    inputs_digest TEXT NOT NULL,
    inputs TEXT NOT NULL,
    parameters TEXT NOT NULL,
    result TEXT NOT NULL,
    published_at TEXT
);
CREATE UNIQUE INDEX match_runs_number ON match_runs (intake_id, number);

-- A published match: a mentoring pair, a reciprocal pair or an action learning set.
CREATE TABLE relationships (
    id TEXT PRIMARY KEY,
    intake_id TEXT NOT NULL REFERENCES intakes (id),
    run_id TEXT REFERENCES match_runs (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    offer_deadline TEXT NOT NULL,
    -- The weekly slot the members share (sets), as a slot code; empty when none.
    meeting_slot TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    activated_at TEXT,
    closed_at TEXT,
    version BIGINT NOT NULL
);
CREATE INDEX relationships_intake ON relationships (intake_id, status);

CREATE TABLE relationship_members (
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    response TEXT NOT NULL,
    responded_at TEXT,
    signed_version BIGINT,
    signed_at TEXT,
    fit_check TEXT,
    fit_checked_at TEXT,
    PRIMARY KEY (relationship_id, person_id)
);
CREATE INDEX relationship_members_person ON relationship_members (person_id);

-- The agreement (or set contract) of a relationship; signatures are per member and name the
-- version they signed, so an edit after signing needs signing again.
CREATE TABLE agreements (
    relationship_id TEXT PRIMARY KEY REFERENCES relationships (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
);

-- A no-fault ending: who ended it and when. The reason is readable only by its author.
CREATE TABLE relationship_endings (
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    private_reason TEXT NOT NULL,
    PRIMARY KEY (relationship_id, person_id)
);

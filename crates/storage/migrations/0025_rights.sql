-- erasure, retention and consent records. Portable SQL (SQLite and PostgreSQL).

-- When a person was erased (pseudonymised): their row stays so that the records of others that
-- name them (relationships, sessions, attendance, the audit log) keep their shape and the
-- programme's figures do not change, but every identifying field is replaced. NULL while not.
ALTER TABLE people ADD COLUMN erased_at TEXT;

-- When the retention rule for closed relationships removed a relationship's free text (its
-- agreement, session topics, private notes and endings' reasons). NULL while it still holds it,
-- so a second run finds nothing to do.
ALTER TABLE relationships ADD COLUMN free_text_removed_at TEXT;

-- Consent and lawful-basis records, one row per decision (append-only: a withdrawal is a new
-- row), so the history of what a person agreed to, on which wording, stays provable. The latest
-- row per person and kind stands. `kind`: research, assessment, equality. `basis` is the text
-- shown to the person at the time and `basis_version` its version code. Research consent also
-- keeps its current value in research_consents (0015), which the survey flow reads.
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    given INTEGER NOT NULL,
    basis TEXT NOT NULL,
    basis_version TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX consents_person ON consents (person_id, kind, recorded_at);

-- A scheme's retention periods (defaults apply while it has no row): closed relationships lose
-- their free text after `closed_relationship_years`, unconfirmed self-registrations are removed
-- after `registration_days`, undeliverable notices after `dead_notice_days`.
CREATE TABLE retention_settings (
    scheme_id TEXT PRIMARY KEY REFERENCES schemes (id) ON DELETE CASCADE,
    closed_relationship_years BIGINT NOT NULL,
    registration_days BIGINT NOT NULL,
    dead_notice_days BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);

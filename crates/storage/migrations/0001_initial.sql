-- Tandem's initial schema. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Ids: hyphenated UUID text. Timestamps: fixed-width RFC 3339 UTC text (text order = time order).
-- Dates: YYYY-MM-DD text. Booleans: INTEGER 0/1. JSON: TEXT.
-- *_key columns hold Rust-lower-cased copies for case-insensitive uniqueness, search and order.

CREATE TABLE schemes (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    scheme_id TEXT NOT NULL REFERENCES schemes (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT NOT NULL
);
CREATE UNIQUE INDEX organisations_scheme_name ON organisations (scheme_id, name_key);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    scheme_id TEXT NOT NULL REFERENCES schemes (id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,
    language TEXT NOT NULL,
    family_key TEXT NOT NULL,
    given_key TEXT NOT NULL,
    -- given, family, e-mail, lower-cased and joined, for "contains" search
    search_text TEXT NOT NULL
);
CREATE UNIQUE INDEX people_scheme_email ON people (scheme_id, email_key);
CREATE INDEX people_scheme_name ON people (scheme_id, family_key, given_key, id);

CREATE TABLE employments (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    ordinal BIGINT NOT NULL,
    job_title TEXT NOT NULL,
    profession TEXT NOT NULL,
    grade_system TEXT NOT NULL,
    grade TEXT NOT NULL,
    line_manager_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    is_primary INTEGER NOT NULL
);
CREATE INDEX employments_person ON employments (person_id, ordinal);
CREATE INDEX employments_organisation ON employments (organisation_id, person_id);
CREATE INDEX employments_line_manager ON employments (line_manager_id);

CREATE TABLE programmes (
    id TEXT PRIMARY KEY,
    scheme_id TEXT NOT NULL REFERENCES schemes (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    rules TEXT NOT NULL
);
CREATE INDEX programmes_scheme ON programmes (scheme_id);

CREATE TABLE intakes (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    name TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    starts_on TEXT NOT NULL
);
CREATE INDEX intakes_programme ON intakes (programme_id);

CREATE TABLE intake_places (
    intake_id TEXT NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    ordinal BIGINT NOT NULL,
    places BIGINT NOT NULL,
    PRIMARY KEY (intake_id, organisation_id)
);

-- A role is held in exactly one scope; scope_kind/scope_id identify it and exactly one of the
-- three nullable columns repeats scope_id so the database can check the reference.
CREATE TABLE role_assignments (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    scheme_id TEXT REFERENCES schemes (id) ON DELETE CASCADE,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE CASCADE,
    programme_id TEXT REFERENCES programmes (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, role, scope_kind, scope_id)
);
CREATE INDEX role_assignments_organisation ON role_assignments (organisation_id);
CREATE INDEX role_assignments_programme ON role_assignments (programme_id);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    scheme_id TEXT NOT NULL REFERENCES schemes (id),
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,
    password_hash TEXT,
    disabled INTEGER NOT NULL,
    failed_logins BIGINT NOT NULL,
    locked_until TEXT
);
CREATE UNIQUE INDEX accounts_email ON accounts (email_key);
CREATE UNIQUE INDEX accounts_person ON accounts (person_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX tokens_account ON tokens (account_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Append-only: the application never updates or deletes rows. actor_id has no foreign key so
-- that the log outlives the people it mentions.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at, id);

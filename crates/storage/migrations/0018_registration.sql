-- Self-registration, e-mail kinds, employment confirmation, nominations. Portable SQL (SQLite
-- and PostgreSQL).

-- Whether a person's address is a work or a personal one (see tandem_domain::EmailKind).
ALTER TABLE people ADD COLUMN email_kind TEXT NOT NULL DEFAULT 'work';

-- A self-registration: the person, their account (no password until they confirm their e-mail
-- address by the single-use link, which is when they choose one) and this row are written in one
-- transaction. `email_confirmed_at` is NULL until the link is used; an unconfirmed registration is
-- removed with its person and account by the upkeep pass once `expires_at` has passed, so an
-- address typed by someone who never confirmed it does not block an invitation or an import for
-- ever. `employment`: pending (waiting for the organisation's or the scheme's coordinator),
-- confirmed, or not_employed (the registration was ended: the account is disabled).
-- `decided_by` holds a person id without a foreign key, like the audit log, so that it outlives
-- the coordinator it names.
CREATE TABLE registrations (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    scheme_id TEXT NOT NULL REFERENCES schemes (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    registered_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    email_confirmed_at TEXT,
    employment TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT
);
CREATE INDEX registrations_waiting ON registrations (scheme_id, employment, organisation_id);
CREATE INDEX registrations_expiry ON registrations (expires_at);

-- A nomination: an application an organisation coordinator started on a member of staff's
-- behalf (its status starts at `nominated`). The application says who and where; this row says
-- who nominated and when, so the nominator can follow what became of it.
CREATE TABLE nominations (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    intake_id TEXT NOT NULL REFERENCES intakes (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    nominated_by TEXT NOT NULL,
    nominated_at TEXT NOT NULL
);
CREATE INDEX nominations_intake ON nominations (intake_id, organisation_id);

-- Self-registration, e-mail kinds, employment confirmation, nominations. Portable SQL (SQLite
-- and PostgreSQL).

-- Whether a person's address is a work or a personal one (see tandem_domain::EmailKind).
ALTER TABLE people ADD COLUMN email_kind TEXT NOT NULL DEFAULT 'work';

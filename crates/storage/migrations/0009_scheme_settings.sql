-- Scheme settings and first-run set-up. Portable SQL (SQLite and PostgreSQL).
-- Defaults keep existing schemes valid: a British, English-speaking scheme in Europe/London,
-- self-registration closed, figures of fewer than 5 people suppressed.
-- Lists are comma-separated codes: countries as ISO 3166-1 alpha-2, languages as BCP 47 tags.

ALTER TABLE schemes ADD COLUMN countries TEXT NOT NULL DEFAULT 'GB';
ALTER TABLE schemes ADD COLUMN languages TEXT NOT NULL DEFAULT 'en-GB';
ALTER TABLE schemes ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/London';
ALTER TABLE schemes ADD COLUMN self_registration INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schemes ADD COLUMN small_number_threshold BIGINT NOT NULL DEFAULT 5;

-- One row, written by the first-run set-up in the transaction that creates the scheme: two
-- set-ups racing (two `tandem init`, two browsers on two instances) cannot both succeed. It is
-- written before the scheme (to take the lock first), so scheme_id is not a foreign key.
CREATE TABLE installation (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    scheme_id TEXT NOT NULL,
    installed_at TEXT NOT NULL
);

-- Single-use codes that admit whoever holds one to the set-up page while the database holds no
-- scheme (printed by `serve` at start). Only the SHA-256 is kept, in the database, so that any
-- instance accepts a code another printed.
CREATE TABLE setup_codes (
    code_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Rate limits, progressive sign-in delay and named, expiring API tokens. Portable SQL (SQLite and PostgreSQL).

-- Fixed-window counters shared by every `serve` instance. `bucket` names what is counted and for
-- whom (`sign_in:ip:203.0.113.5`, `reset:email:<sha-256 of the address>`): never an address in
-- clear. `window_start` is the window's start (RFC 3339), the same for every instance, so an
-- increment either continues the window or starts a new one in one statement. Swept by upkeep.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    hits BIGINT NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);

-- Failed password sign-ins per e-mail address (its SHA-256, whether or not it has an account, so
-- the delay says nothing about who has one). After a few failures each further attempt must wait
-- until `not_before`; attempts before then are refused without checking the password.
CREATE TABLE sign_in_delays (
    subject TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    not_before TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX sign_in_delays_updated ON sign_in_delays (updated_at);

-- API tokens get an id to list and revoke them by (the hash is never shown), an expiry and the
-- time they were last used (written at most about once a minute). Tokens made before this
-- migration get an id derived from their hash and no expiry yet: upkeep gives them the default
-- lifetime from the time it first runs (see docs/sign-in.md).
ALTER TABLE api_tokens ADD COLUMN id TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
UPDATE api_tokens SET id = 'legacy-' || substr(token_hash, 1, 24) WHERE id IS NULL;
CREATE UNIQUE INDEX api_tokens_id ON api_tokens (id);

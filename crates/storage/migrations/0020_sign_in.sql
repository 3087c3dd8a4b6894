-- Single sign-on per organisation and its pending sign-ins. Portable SQL (SQLite and PostgreSQL).

-- One OpenID Connect relying-party configuration per organisation. The client secret is kept as
-- given: Tandem must send it to the provider, so a hash would be useless (it is never shown back).
CREATE TABLE sso_settings (
    organisation_id TEXT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    issuer_url TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- A sign-in sent to a provider and not yet back. Any instance may finish it, once: the row is
-- deleted as it is read. The state comes back in the browser's URL, so only its hash is kept;
-- the nonce is compared through its hash too. The PKCE verifier is sent to the provider with
-- the code, so it is kept as is (it is useless without the code, and lives minutes).
CREATE TABLE sso_pending (
    state_hash TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    nonce_hash TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sso_pending_expiry ON sso_pending (expires_at);

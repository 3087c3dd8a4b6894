-- What the scheduler and people's notice choices need beyond the outbox (0010).
--
-- The key that signs one-click unsubscribe links: one random value per installation, made by the
-- first instance that needs it (INSERT ... ON CONFLICT DO NOTHING, so instances agree). A link
-- names a person and a kind and carries an HMAC of both, so nothing per link is stored and a
-- forged or altered link is refused.
CREATE TABLE notice_signing_key (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The scheduler's windows: each query reads a narrow range of one of these.
CREATE INDEX relationships_offer_deadline ON relationships (status, offer_deadline);
CREATE INDEX relationship_sessions_status_starts ON relationship_sessions (status, starts_at);
CREATE INDEX relationship_sessions_status_ends ON relationship_sessions (status, ends_at);
CREATE INDEX set_meetings_starts_on ON set_meetings (starts_on);
CREATE INDEX shadowing_days_day ON shadowing_days (day);
CREATE INDEX workshops_day ON workshops (day);
CREATE INDEX manager_links_open ON manager_links (used_at, created_at);
CREATE INDEX applications_status ON applications (status, organisation_id);
-- A person's held notices (the daily digest) and recent notices (the home page).
CREATE INDEX outbox_person_state ON outbox (person_id, state, finished_at);

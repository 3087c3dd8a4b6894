-- The durable outbox: every notice Tandem sends, written in the same transaction as the change
-- that causes it (or by the scheduler), delivered by workers on any instance. Portable SQL.
--
-- `dedup_key` makes each notice happen once however often it is caused (a request retried, the
-- scheduler ticking on three instances): writers insert with ON CONFLICT (dedup_key) DO NOTHING.
-- The recipient is a person (resolved at delivery: their current address and language, their
-- preferences, whether they were erased) or, for people without a record yet, a bare address.
-- `payload` is JSON with the ids and facts the notice's renderer needs; renderers read the rest
-- from the database at delivery, so a reminder for a session since cancelled is not sent.
--
-- state: queued (waiting or leased), sent, dead (gave up; an administrator may retry),
-- dropped (no longer deliverable or wanted: erased, unsubscribed, no longer relevant),
-- digest (held for the recipient's daily digest).
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    dedup_key TEXT NOT NULL UNIQUE,
    person_id TEXT,
    address TEXT,
    payload TEXT NOT NULL,
    due_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    attempts BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    CHECK (person_id IS NOT NULL OR address IS NOT NULL)
);
-- Workers look for due queued work; the home page lists a person's recent notices.
CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE INDEX outbox_person ON outbox (person_id, created_at);

-- Per-person, per-kind choice: immediate (the default when no row exists), daily digest, or off
-- (refused for essential kinds by the use case).
CREATE TABLE notice_preferences (
    person_id TEXT NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    mode TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, kind)
);

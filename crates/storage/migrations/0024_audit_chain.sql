-- a hash-chained, append-only audit log. Portable SQL (SQLite and PostgreSQL).
--
-- Each entry gets its position in the chain (`seq`, 1, 2, 3, … with no gaps), the hash of the
-- entry before it (`prev_hash`; 64 zeros for the first) and its own hash (`entry_hash`, SHA-256
-- over a canonical encoding of seq, id, at, actor, action, subject, detail and prev_hash: see
-- crates/storage/src/audit.rs). Entries written before this migration have NULLs here until
-- `Store::migrate` chains them, once, in their (at, id) order.
--
-- The triggers that refuse UPDATE and DELETE cannot be written in SQL both engines accept, so
-- `Store::migrate` installs them after the migrations (see audit.rs).
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN entry_hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
-- The log page's filters read newest first within one action, actor or subject.
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);

-- The chain's head: one row (id = 1), created by the first append. Every append updates it
-- first, in the appending transaction, so appends are serialised on both engines (PostgreSQL's
-- row lock; SQLite's write lock, taken before the head is read) and two transactions can never
-- chain onto the same entry. It also lets `tandem audit verify` notice entries cut off the end.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    entry_hash TEXT NOT NULL
);

-- Entries not chained yet (only those written before this migration, until the first start).
CREATE INDEX audit_log_unchained ON audit_log (at, id) WHERE entry_hash IS NULL;

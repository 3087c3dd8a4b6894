-- The peer network (issue #17 item 6): the directory's region filter and conversation requests.
--
-- Region: organisations held only a country, too coarse to find a peer one can meet ("North
-- West", "Gelderland"). It is the organisation's, so every listed person of an organisation
-- shares it; empty means "not said" and such people are found through their country only.
ALTER TABLE organisations ADD COLUMN region TEXT NOT NULL DEFAULT '';

-- A request to talk, from one person to another who is listed in the directory. The message is
-- the asker's own words (bounded, under the text rule); addresses are never stored here: they
-- are read from `people` only once the request is accepted. `pair_key` is the two ids in order,
-- so the partial unique index allows one open request per pair, whoever asked.
CREATE TABLE peer_requests (
    id TEXT PRIMARY KEY,
    scheme_id TEXT NOT NULL REFERENCES schemes (id),
    asker_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    recipient_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    pair_key TEXT NOT NULL,
    message TEXT NOT NULL,
    -- open, accepted, declined, unavailable (the recipient left the directory)
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    answered_at TEXT
);
CREATE UNIQUE INDEX peer_requests_open_pair ON peer_requests (pair_key) WHERE status = 'open';
-- The asker's daily cap and their list, newest first.
CREATE INDEX peer_requests_asker ON peer_requests (asker_id, created_at);
-- The recipient's list and to-do (open ones), newest first.
CREATE INDEX peer_requests_recipient ON peer_requests (recipient_id, status, created_at);

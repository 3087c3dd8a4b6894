-- Relationships, sessions and audit lists that cost one page. Portable SQL (SQLite and PostgreSQL).
-- An intake's relationship list pages by keyset on (created_at, id), oldest first: this index
-- serves that order from any cursor, so a page reads its own rows, not the intake's. (The audit
-- log pages by `seq` through the indexes of 0024; a relationship's sessions and bookings are read
-- through their `relationship_id` indexes.)
CREATE INDEX relationships_intake_created ON relationships (intake_id, created_at, id);

-- People search from a words index (issue #18). Portable SQL (SQLite and PostgreSQL).
--
-- `search_words` is the JSON array of a person's search words (the runs of three or more
-- letters of their `search_key`, see storage/src/people_words.rs), written by the store beside
-- `search_key` on every write of a person. Each backend's triggers expand it into the words
-- index (`people_search_words`, installed from Rust after the migrations, as the text index is),
-- so a one-word search pages in name order from index seeks instead of reading and sorting every
-- match. Rows written before this migration are split by the store after it, found through the
-- partial index below, which holds only rows still to split.
ALTER TABLE people ADD COLUMN search_words TEXT;
CREATE INDEX people_search_words_pending ON people (id) WHERE search_words IS NULL;

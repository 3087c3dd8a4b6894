-- People search through an index and lists that cost one page. Portable SQL (SQLite and
-- PostgreSQL).
--
-- `search_key` is the folded text a search matches (see storage/src/people_search.rs): lower
-- case, diacritics removed, a space before each word. Folding is Unicode work that neither
-- backend's SQL does the same way, so the store writes the key on every write of a person, and
-- the rows written before this migration are folded by the store after it (`Store::migrate`),
-- found through the partial index below, which holds only rows still to fold.
--
-- The text indexes themselves (SQLite: an FTS5 trigram table kept by triggers; PostgreSQL:
-- pg_trgm with a GIN index, and the name order in the "C" collation) cannot be written in SQL
-- both backends accept, so the store installs them, idempotently, after the migrations.
ALTER TABLE people ADD COLUMN search_key TEXT;
CREATE INDEX people_search_pending ON people (id) WHERE search_key IS NULL;

-- An organisation coordinator's list starts from the employments at their organisations; the
-- profession filter from the employments in that profession.
CREATE INDEX employments_profession ON employments (profession, person_id);

//! The people search's words index: a one-word search that costs one page, not its matches
//! (issue #18).
//!
//! **Why.** The text index (`people_search`) finds a search's matches, but not in list order:
//! a common family name's page read, looked up and sorted every match (10,041 people for
//! "jansen" at 1,000,000: 35 ms on SQLite, 20 ms and more on PostgreSQL, so 24–48 searches a
//! second). Walking the name order instead passes everyone before the name.
//!
//! **What it holds.** A person's search words are the maximal runs of three or more letters of
//! their `search_key` ([`key_words`]: "z.muller42@trust-3.nhs.uk" gives `muller`, `trust`, `nhs`),
//! written as JSON in `people.search_words` by the store beside `search_key` (migration 0045).
//! `people_search_words` holds one row per word of each person the people list shows, keyed
//! `(scheme, word, family key, given key, person)`: the people having one word are one index
//! range, already in list order. `people_search_vocab` holds each scheme's distinct words, with
//! a trigram index that finds the words containing a term.
//!
//! **Why it is exact.** A term made only of letters (at least three, or the search would be a
//! word start, see `people_search::search_terms`) is a substring of a key exactly when it is a
//! substring of one of the key's letter runs: an occurrence cannot cross a character that is not
//! a letter. Runs shorter than three letters cannot contain such a term, and digits are never a
//! letter, so neither is kept. A property test checks the rule on random keys. So a one-term
//! search of letters finds exactly the people having one of the vocabulary's words that contain
//! the term: when 1 to [`MAX_TERM_WORDS`] words do ([`Store::term_words`]), the page is one seek
//! per word from the cursor, merged (`Store::search_people`), and the count one bounded range per
//! word. Every other search (several terms, digits or punctuation in the term, a word start, a
//! term in very many words or none) keeps the text index or the walk.
//!
//! **How it stays true.** Derived data, kept by triggers in the writing statement's transaction,
//! so every write path (edits, imports, erasure, registration and its expiry) keeps it without
//! knowing of it:
//! - SQLite: triggers on `people` write the person's rows when they are inserted and, when their
//!   words, scheme, name keys or erasure change, delete the old rows by key (from the old row's
//!   words) and write the new; triggers on `registrations` write their person's rows again (a
//!   registration decides whether the list shows them). Triggers on the word rows add new words
//!   to the vocabulary and delete a word nobody has any more, so an erased name leaves it too.
//! - PostgreSQL: statement-level triggers on `people` and `registrations` (with transition
//!   tables, so an import of 2,000 rows rewrites their words in one statement) call
//!   `people_search_words_refresh`. Several instances may write at once, so a word must not
//!   leave the vocabulary while another writer gives it to someone: a writer holds a `KEY SHARE`
//!   lock on the vocabulary rows of its people's words until it commits (writers share it, so
//!   imports and edits do not wait for each other), and one finding a word unused locks the row
//!   `FOR UPDATE` first, so it waits for them and then sees their rows.
//!
//! Both are made once, with a set-wise back-fill, by `Store::migrate` after the migrations;
//! `tandem copy` leaves them out (the target's triggers or first start rebuild them).

use crate::error::{Result, db};
use crate::{Backend, Store};
use sqlx::Row;
use tandem_domain::SchemeId;

/// Most vocabulary words a one-term search pages through: bounded seeks (and rows merged) per
/// page. A term in more words keeps the text index or the walk.
pub const MAX_TERM_WORDS: usize = 16;

/// The shortest word kept: a term the words index answers has at least three letters.
const MIN_WORD: usize = 3;

/// Whether `c` is a letter for the words index: alphanumeric and not numeric (Rust's Unicode
/// properties, so "ø" and "é" are letters, "٣" is not).
fn is_letter(c: char) -> bool {
    c.is_alphanumeric() && !c.is_numeric()
}

/// The words of a search key for the words index: its maximal runs of letters of at least
/// [`MIN_WORD`] characters, distinct, in order (see the module documentation).
pub fn key_words(key: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut keep = |run: &str| {
        if run.chars().count() >= MIN_WORD && !words.iter().any(|w| w == run) {
            words.push(run.to_string());
        }
    };
    let mut start = None;
    for (i, c) in key.char_indices() {
        match (is_letter(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                keep(&key[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        keep(&key[s..]);
    }
    words
}

/// [`key_words`] as the JSON array `people.search_words` holds (the triggers expand it).
pub(crate) fn words_json(key: &str) -> String {
    serde_json::to_string(&key_words(key)).unwrap_or_else(|_| "[]".to_string())
}

/// The one term the words index can answer: the search is one term, made of letters only (a
/// two-letter word start carries its leading space, so never qualifies).
pub(crate) fn word_term(terms: &[String]) -> Option<&str> {
    let [term] = terms else { return None };
    (term.chars().count() >= MIN_WORD && term.chars().all(is_letter)).then_some(term.as_str())
}

/// SQLite: the tables, their back-fill and the triggers (see the module documentation), made
/// once in the installing transaction. The words index is `WITHOUT ROWID`, so a range of it is
/// its rows in list order with nothing to look up; it has no index by person (which, holding the
/// whole key again, doubled its size: 469 MB at 1,000,000 people): a person's rows are deleted by
/// their key, from the words and keys the person's row held (`old.search_words`), or, when a
/// registration changes, holds.
fn sqlite_words() -> Vec<String> {
    use crate::people_counts::listed_on;
    // The word rows of the person in row `r` (`new`, `old` or `p`).
    let rows_of = |r: &str| {
        format!(
            "SELECT {r}.scheme_id, j.value, {r}.family_key, {r}.given_key, {r}.id \
             FROM json_each(COALESCE({r}.search_words, '[]')) j"
        )
    };
    let cols = "(scheme_id, word, family_key, given_key, person_id)";
    let insert = |r: &str| {
        format!(
            "INSERT OR IGNORE INTO people_search_words {cols} {}",
            rows_of(r)
        )
    };
    // Deletes by key the rows of the person in row `r` as it held them.
    let delete = |r: &str| {
        format!(
            "DELETE FROM people_search_words WHERE scheme_id = {r}.scheme_id \
             AND family_key = {r}.family_key AND given_key = {r}.given_key AND person_id = {r}.id \
             AND word IN (SELECT value FROM json_each(COALESCE({r}.search_words, '[]')))"
        )
    };
    // A registration's person: their rows again, by the rule as it now stands.
    let refresh = |id: &str| {
        format!(
            "DELETE FROM people_search_words WHERE {cols} IN (SELECT p.scheme_id, j.value, \
             p.family_key, p.given_key, p.id FROM people p, json_each(COALESCE(p.search_words, '[]')) j \
             WHERE p.id = {id}); \
             INSERT OR IGNORE INTO people_search_words {cols} SELECT p.scheme_id, j.value, \
             p.family_key, p.given_key, p.id FROM people p, json_each(COALESCE(p.search_words, '[]')) j \
             WHERE p.id = {id} AND {}",
            listed_on("p")
        )
    };
    vec![
        format!(
            "CREATE TABLE people_search_words (scheme_id TEXT NOT NULL, word TEXT NOT NULL, \
             family_key TEXT NOT NULL, given_key TEXT NOT NULL, person_id TEXT NOT NULL, \
             PRIMARY KEY {cols}) WITHOUT ROWID"
        ),
        "CREATE TABLE people_search_vocab (rowid INTEGER PRIMARY KEY, scheme_id TEXT NOT NULL, \
         word TEXT NOT NULL, UNIQUE (scheme_id, word))"
            .to_string(),
        "CREATE VIRTUAL TABLE people_search_vocab_fts USING fts5(word, \
         content='people_search_vocab', content_rowid='rowid', tokenize='trigram case_sensitive 1')"
            .to_string(),
        format!(
            "INSERT INTO people_search_words {cols} SELECT DISTINCT p.scheme_id, j.value, \
             p.family_key, p.given_key, p.id FROM people p, json_each(COALESCE(p.search_words, '[]')) j \
             WHERE {} ORDER BY 1, 2, 3, 4, 5",
            listed_on("p")
        ),
        "INSERT INTO people_search_vocab (scheme_id, word) \
         SELECT DISTINCT scheme_id, word FROM people_search_words"
            .to_string(),
        "INSERT INTO people_search_vocab_fts (people_search_vocab_fts) VALUES ('rebuild')".to_string(),
        // people → their word rows
        format!(
            "CREATE TRIGGER people_search_words_ai AFTER INSERT ON people WHEN {} BEGIN {}; END",
            listed_on("new"),
            insert("new")
        ),
        format!(
            "CREATE TRIGGER people_search_words_au \
             AFTER UPDATE OF search_words, scheme_id, family_key, given_key, erased_at ON people \
             WHEN old.search_words IS NOT new.search_words OR old.scheme_id IS NOT new.scheme_id \
             OR old.family_key IS NOT new.family_key OR old.given_key IS NOT new.given_key \
             OR old.erased_at IS NOT new.erased_at BEGIN {}; {} WHERE {}; END",
            delete("old"),
            insert("new"),
            listed_on("new")
        ),
        format!(
            "CREATE TRIGGER people_search_words_ad AFTER DELETE ON people BEGIN {}; END",
            delete("old")
        ),
        // registrations → whether their person's rows are there
        format!(
            "CREATE TRIGGER people_search_words_rg_ai AFTER INSERT ON registrations BEGIN {}; END",
            refresh("new.person_id")
        ),
        format!(
            "CREATE TRIGGER people_search_words_rg_au AFTER UPDATE ON registrations BEGIN {}; {}; END",
            refresh("old.person_id"),
            refresh("new.person_id")
        ),
        format!(
            "CREATE TRIGGER people_search_words_rg_ad AFTER DELETE ON registrations BEGIN {}; END",
            refresh("old.person_id")
        ),
        // word rows → the vocabulary (a word leaves it with its last row)
        "CREATE TRIGGER people_search_vocab_ai AFTER INSERT ON people_search_words BEGIN \
         INSERT OR IGNORE INTO people_search_vocab (scheme_id, word) VALUES (new.scheme_id, new.word); END"
            .to_string(),
        "CREATE TRIGGER people_search_vocab_ad AFTER DELETE ON people_search_words BEGIN \
         DELETE FROM people_search_vocab WHERE scheme_id = old.scheme_id AND word = old.word \
         AND NOT EXISTS (SELECT 1 FROM people_search_words w \
         WHERE w.scheme_id = old.scheme_id AND w.word = old.word); END"
            .to_string(),
        // the vocabulary → its FTS5 index (external content)
        "CREATE TRIGGER people_search_vocab_fts_ai AFTER INSERT ON people_search_vocab BEGIN \
         INSERT INTO people_search_vocab_fts (rowid, word) VALUES (new.rowid, new.word); END"
            .to_string(),
        "CREATE TRIGGER people_search_vocab_fts_ad AFTER DELETE ON people_search_vocab BEGIN \
         INSERT INTO people_search_vocab_fts (people_search_vocab_fts, rowid, word) \
         VALUES ('delete', old.rowid, old.word); END"
            .to_string(),
    ]
}

/// PostgreSQL: the tables (the key's name columns in the "C" collation the list sorts by, as
/// SQLite compares them; the columns themselves in the database's, so `person_id` joins
/// `people.id` by its primary key) and the refresh of some people's word rows, which every trigger calls: their rows rewritten
/// for the people the list shows (`people_counts::LISTED`); their words added to the vocabulary
/// and locked `FOR KEY SHARE` (inserted again and locked until all are there: a remover may have
/// deleted one in between); then each word they no longer have locked `FOR UPDATE` (in one
/// order) and deleted if no one has it.
fn pg_words() -> [String; 5] {
    [
        "CREATE TABLE IF NOT EXISTS people_search_words (scheme_id TEXT NOT NULL, \
         word TEXT NOT NULL, family_key TEXT NOT NULL, given_key TEXT NOT NULL, \
         person_id TEXT NOT NULL)"
            .to_string(),
        "CREATE UNIQUE INDEX IF NOT EXISTS people_search_words_key ON people_search_words \
         (scheme_id, word, family_key COLLATE \"C\", given_key COLLATE \"C\", person_id COLLATE \"C\")"
            .to_string(),
        "CREATE INDEX IF NOT EXISTS people_search_words_person ON people_search_words (person_id)"
            .to_string(),
        "CREATE TABLE IF NOT EXISTS people_search_vocab (scheme_id TEXT NOT NULL, \
         word TEXT NOT NULL, PRIMARY KEY (scheme_id, word))"
            .to_string(),
        format!(
            "CREATE OR REPLACE FUNCTION people_search_words_refresh(ids TEXT[]) RETURNS void \
             LANGUAGE plpgsql AS $$ \
             DECLARE gone_s TEXT[]; gone_w TEXT[]; want_s TEXT[]; want_w TEXT[]; locked INT; \
             BEGIN \
             WITH d AS (DELETE FROM people_search_words WHERE person_id = ANY (ids) \
             RETURNING scheme_id, word) \
             SELECT array_agg(scheme_id), array_agg(word) INTO gone_s, gone_w \
             FROM (SELECT DISTINCT scheme_id, word FROM d) g; \
             INSERT INTO people_search_words (scheme_id, word, family_key, given_key, person_id) \
             SELECT DISTINCT p.scheme_id, w.word, p.family_key, p.given_key, p.id FROM people p \
             CROSS JOIN LATERAL json_array_elements_text(CAST(COALESCE(p.search_words, '[]') AS json)) \
             AS w(word) WHERE p.id = ANY (ids) AND {listed} ON CONFLICT DO NOTHING; \
             SELECT array_agg(scheme_id ORDER BY scheme_id, word), array_agg(word ORDER BY scheme_id, word) \
             INTO want_s, want_w FROM (SELECT DISTINCT scheme_id, word FROM people_search_words \
             WHERE person_id = ANY (ids)) t; \
             IF want_s IS NOT NULL THEN \
             LOOP \
             INSERT INTO people_search_vocab (scheme_id, word) \
             SELECT s, w FROM unnest(want_s, want_w) AS t(s, w) ON CONFLICT DO NOTHING; \
             SELECT COUNT(*) INTO locked FROM (SELECT 1 FROM people_search_vocab v \
             JOIN unnest(want_s, want_w) AS t(s, w) ON v.scheme_id = t.s AND v.word = t.w \
             ORDER BY v.scheme_id, v.word FOR KEY SHARE OF v) k; \
             EXIT WHEN locked = cardinality(want_s); \
             END LOOP; \
             END IF; \
             IF gone_s IS NOT NULL THEN \
             SELECT array_agg(s ORDER BY s, w), array_agg(w ORDER BY s, w) INTO gone_s, gone_w \
             FROM (SELECT s, w FROM unnest(gone_s, gone_w) AS g(s, w) \
             EXCEPT SELECT s, w FROM unnest(want_s, want_w) AS t(s, w)) x; \
             END IF; \
             IF gone_s IS NOT NULL THEN \
             PERFORM 1 FROM people_search_vocab v JOIN unnest(gone_s, gone_w) AS g(s, w) \
             ON v.scheme_id = g.s AND v.word = g.w ORDER BY v.scheme_id, v.word FOR UPDATE OF v; \
             DELETE FROM people_search_vocab v USING unnest(gone_s, gone_w) AS g(s, w) \
             WHERE v.scheme_id = g.s AND v.word = g.w AND NOT EXISTS (SELECT 1 \
             FROM people_search_words x WHERE x.scheme_id = g.s AND x.word = g.w); \
             END IF; \
             END $$",
            listed = crate::people_counts::LISTED
        ),
    ]
}

/// PostgreSQL: the triggers calling the refresh, one per table and event (a trigger with
/// transition tables serves one event). An update refreshes only the people whose words, scheme,
/// name keys or erasure changed; any change of a registration refreshes its person (it may
/// decide whether the list shows them).
const PG_TRIGGERS: &[&str] = &[
    "CREATE OR REPLACE FUNCTION people_search_words_people() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
     IF TG_OP = 'INSERT' THEN \
     PERFORM people_search_words_refresh(ARRAY(SELECT id FROM new_rows)); \
     ELSIF TG_OP = 'DELETE' THEN \
     PERFORM people_search_words_refresh(ARRAY(SELECT id FROM old_rows)); \
     ELSE \
     PERFORM people_search_words_refresh(ARRAY(SELECT n.id FROM new_rows n \
     JOIN old_rows o ON o.id = n.id WHERE n.search_words IS DISTINCT FROM o.search_words \
     OR n.scheme_id IS DISTINCT FROM o.scheme_id OR n.family_key IS DISTINCT FROM o.family_key \
     OR n.given_key IS DISTINCT FROM o.given_key OR n.erased_at IS DISTINCT FROM o.erased_at)); \
     END IF; \
     RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION people_search_words_registrations() RETURNS trigger \
     LANGUAGE plpgsql AS $$ \
     BEGIN \
     IF TG_OP = 'INSERT' THEN \
     PERFORM people_search_words_refresh(ARRAY(SELECT person_id FROM new_rows)); \
     ELSIF TG_OP = 'DELETE' THEN \
     PERFORM people_search_words_refresh(ARRAY(SELECT person_id FROM old_rows)); \
     ELSE \
     PERFORM people_search_words_refresh(ARRAY(SELECT person_id FROM new_rows \
     UNION SELECT person_id FROM old_rows)); \
     END IF; \
     RETURN NULL; END $$",
    "CREATE OR REPLACE TRIGGER people_search_words_ai AFTER INSERT ON people \
     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_search_words_people()",
    "CREATE OR REPLACE TRIGGER people_search_words_au AFTER UPDATE ON people \
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION people_search_words_people()",
    "CREATE OR REPLACE TRIGGER people_search_words_ad AFTER DELETE ON people \
     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION people_search_words_people()",
    "CREATE OR REPLACE TRIGGER people_search_words_rg_ai AFTER INSERT ON registrations \
     REFERENCING NEW TABLE AS new_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION people_search_words_registrations()",
    "CREATE OR REPLACE TRIGGER people_search_words_rg_au AFTER UPDATE ON registrations \
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION people_search_words_registrations()",
    "CREATE OR REPLACE TRIGGER people_search_words_rg_ad AFTER DELETE ON registrations \
     REFERENCING OLD TABLE AS old_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION people_search_words_registrations()",
];

/// New people from which a SQLite import fills the search indexes once, after its rows
/// ([`DeferredSearch`]), rather than row by row through the triggers.
pub(crate) const DEFER_SEARCH_FROM: usize = 1_000;

/// New people's rows per slice of [`DeferredSearch::finish`].
const DEFERRED_SLICE: i64 = 100_000;

/// The rowid ranges `(from, to]` that cover `(first, last]`, `size` rowids each (the last may be
/// shorter).
fn slices(first: i64, last: i64, size: i64) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut from = first;
    while from < last {
        let to = from.saturating_add(size.max(1)).min(last);
        out.push((from, to));
        from = to;
    }
    out
}

/// The insert triggers a large SQLite import sets aside: each person's `people_search` row, its
/// text index entry, its word rows, and each word row's vocabulary entry.
const DEFERRED_TRIGGERS: [&str; 4] = [
    "people_search_ai",
    "people_search_fts_ai",
    "people_search_words_ai",
    // Fired once per word row (4,400,000 at 1,000,000 people) to add a word the vocabulary
    // nearly always has already: a walk of the words index adds the words it lacks once, at the
    // end ([`VOCABULARY_OF_SCHEME`]; measured in the `sqlite3` shell at 1,000,000 people: 27.7 s
    // with the trigger, 20.8 s without, the walk 15 ms).
    "people_search_vocab_ai",
];

/// Adds to one scheme's vocabulary (`$1`) every word its word rows hold, by walking the words
/// index from one distinct word to the next (one seek per word the scheme has, through the
/// `min()` of the primary key's `(scheme_id, word)` prefix) rather than reading its rows: at
/// 1,000,000 people the words of the new rows, read again from their JSON, cost 3.6 s, the walk
/// of their 158 distinct words 15 ms. The words already there are ignored.
const VOCABULARY_OF_SCHEME: &str = "INSERT OR IGNORE INTO people_search_vocab (scheme_id, word) \
     WITH RECURSIVE v(word) AS (\
       SELECT MIN(word) FROM people_search_words WHERE scheme_id = $1 \
       UNION ALL \
       SELECT (SELECT MIN(w.word) FROM people_search_words w \
               WHERE w.scheme_id = $1 AND w.word > v.word) \
       FROM v WHERE v.word IS NOT NULL) \
     SELECT $1, word FROM v WHERE word IS NOT NULL";

/// SQLite: a large import's new people get their search rows set-wise after the import's own
/// rows, in the import's transaction, instead of from a trigger per row: the text index takes
/// its new entries in one statement (FTS5 merges its pending terms once, not once per 2,000-row
/// statement) and the word rows arrive sorted by their key. At 1,000,000 people the triggers
/// cost about 35 s (text index) and 49 s (words) of a 152 s import.
///
/// [`DeferredSearch::begin`] notes the largest rowids of `people` and `people_search` (new rows
/// get larger ones) and drops the insert triggers, keeping their definitions from the catalogue;
/// [`DeferredSearch::finish`] writes the rows of every person past the noted rowid and makes the
/// triggers again, exactly as they were. Both in the import's transaction: if it rolls back, so
/// does the dropping, and other connections never see the database without its triggers
/// (SQLite has one writer, the import). Updates of existing people keep their triggers.
pub(crate) struct DeferredSearch {
    people_from: i64,
    search_from: i64,
    triggers: Vec<String>,
}

impl DeferredSearch {
    pub(crate) async fn begin(conn: &mut sqlx::AnyConnection) -> sqlx::Result<Self> {
        let people_from: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(rowid), 0) FROM people")
            .fetch_one(&mut *conn)
            .await?;
        let search_from: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(rowid), 0) FROM people_search")
                .fetch_one(&mut *conn)
                .await?;
        let mut triggers = Vec::new();
        for name in DEFERRED_TRIGGERS {
            let sql: String = sqlx::query_scalar(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = $1",
            )
            .bind(name)
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP TRIGGER {name}")))
                .execute(&mut *conn)
                .await?;
            triggers.push(sql);
        }
        Ok(DeferredSearch {
            people_from,
            search_from,
            triggers,
        })
    }

    /// `schemes`: those of the new people, whose vocabularies take the words they brought.
    pub(crate) async fn finish(
        self,
        conn: &mut sqlx::AnyConnection,
        schemes: &[tandem_domain::SchemeId],
    ) -> sqlx::Result<()> {
        use crate::people_counts::listed_on;
        let listed = listed_on("p");
        let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(rowid), 0) FROM people")
            .fetch_one(&mut *conn)
            .await?;
        // In slices of the new rows, so the sort of each slice's word rows stays small (one sort
        // of 1,000,000 people's 4,400,000 rows held 400 MB more at its peak, the import's
        // statement journals and temporary tables being in memory).
        let mut search_from = self.search_from;
        for (from, to) in slices(self.people_from, last, DEFERRED_SLICE) {
            // The rowids are integers read from the database, written into the statements.
            let statements = [
                format!(
                    "INSERT INTO people_search (person_id, search_key, scheme_id, family_key, \
                     given_key, listed) SELECT p.id, COALESCE(p.search_key, ''), p.scheme_id, \
                     p.family_key, p.given_key, CASE WHEN {listed} THEN 1 ELSE 0 END \
                     FROM people p WHERE p.rowid > {from} AND p.rowid <= {to} ORDER BY p.rowid"
                ),
                format!(
                    "INSERT INTO people_search_fts (rowid, search_key) \
                     SELECT rowid, search_key FROM people_search WHERE rowid > {search_from}"
                ),
                format!(
                    "INSERT OR IGNORE INTO people_search_words \
                     (scheme_id, word, family_key, given_key, person_id) \
                     SELECT p.scheme_id, j.value, p.family_key, p.given_key, p.id \
                     FROM people p, json_each(COALESCE(p.search_words, '[]')) j \
                     WHERE p.rowid > {from} AND p.rowid <= {to} AND {listed} \
                     ORDER BY 1, 2, 3, 4, 5"
                ),
            ];
            let mut step = crate::Steps::new("people.import.search");
            for (sql, name) in statements
                .into_iter()
                .zip(["people_search", "fts", "words"])
            {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut *conn)
                    .await?;
                step.done(name, (to - from) as usize);
            }
            search_from = sqlx::query_scalar("SELECT COALESCE(MAX(rowid), 0) FROM people_search")
                .fetch_one(&mut *conn)
                .await?;
        }
        let mut step = crate::Steps::new("people.import.search");
        for scheme in schemes {
            sqlx::query(VOCABULARY_OF_SCHEME)
                .bind(scheme.to_string())
                .execute(&mut *conn)
                .await?;
        }
        step.done("vocabulary", schemes.len());
        for sql in self.triggers {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

impl Store {
    /// Splits the keys of rows written before migration 0045 into their words.
    pub(crate) async fn backfill_search_words(&self) -> Result<()> {
        self.backfill_people_column("search_words", "search_key", |r| {
            let key: Option<String> = r.try_get("search_key").map_err(db)?;
            Ok(words_json(key.as_deref().unwrap_or("")))
        })
        .await
    }

    /// SQLite: makes the words index once, in `tx`.
    pub(crate) async fn install_sqlite_words(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    ) -> Result<()> {
        let made: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'people_search_words'",
        )
        .fetch_one(&mut **tx)
        .await
        .map_err(db)?;
        if made == 0 {
            for sql in sqlite_words() {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut **tx)
                    .await
                    .map_err(db)?;
            }
        }
        Ok(())
    }

    /// PostgreSQL: makes the words index (idempotently; back-filled set-wise when the table is
    /// new) and replaces its triggers, in `tx` (which holds the install's advisory lock).
    pub(crate) async fn install_pg_words(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    ) -> Result<()> {
        let new: bool = sqlx::query_scalar("SELECT to_regclass('people_search_words') IS NULL")
            .fetch_one(&mut **tx)
            .await
            .map_err(db)?;
        for sql in pg_words() {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut **tx)
                .await
                .map_err(db)?;
        }
        if new {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO people_search_words (scheme_id, word, family_key, given_key, person_id) \
                 SELECT DISTINCT p.scheme_id, w.word, p.family_key, p.given_key, p.id FROM people p \
                 CROSS JOIN LATERAL json_array_elements_text(CAST(COALESCE(p.search_words, '[]') AS json)) \
                 AS w(word) WHERE {}",
                crate::people_counts::LISTED
            )))
            .execute(&mut **tx)
            .await
            .map_err(db)?;
            sqlx::query(
                "INSERT INTO people_search_vocab (scheme_id, word) \
                 SELECT DISTINCT scheme_id, word FROM people_search_words",
            )
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        }
        for sql in PG_TRIGGERS {
            sqlx::query(*sql).execute(&mut **tx).await.map_err(db)?;
        }
        Ok(())
    }

    /// The vocabulary's words a one-term search of `scheme` pages through (see the module
    /// documentation): `Some` when the search is one term of letters ([`word_term`]) and 1 to
    /// [`MAX_TERM_WORDS`] of the scheme's words contain it, found through the vocabulary's
    /// trigram index reading at most one word more than that. `None` otherwise: the text index
    /// or the walk answers. PostgreSQL without `pg_trgm`: `None` (the vocabulary has no index).
    pub(crate) async fn term_words(
        &self,
        scheme: SchemeId,
        terms: &[String],
    ) -> Result<Option<Vec<String>>> {
        let Some(term) = word_term(terms) else {
            return Ok(None);
        };
        let most = i64::try_from(MAX_TERM_WORDS + 1).unwrap_or(i64::MAX);
        let words: Vec<String> = match self.backend {
            Backend::Sqlite => sqlx::query_scalar(
                "SELECT v.word FROM people_search_vocab_fts CROSS JOIN people_search_vocab v \
                 ON v.rowid = people_search_vocab_fts.rowid \
                 WHERE people_search_vocab_fts MATCH $1 AND v.scheme_id = $2 LIMIT $3",
            )
            .bind(crate::people_search::fts_query(&[term.to_string()]))
            .bind(scheme.to_string())
            .bind(most),
            Backend::Postgres => sqlx::query_scalar(
                "SELECT v.word FROM people_search_vocab v \
                 WHERE v.word LIKE $1 ESCAPE '\\' AND v.scheme_id = $2 LIMIT $3",
            )
            .bind(format!("%{}%", crate::codec::like_escape(term)))
            .bind(scheme.to_string())
            .bind(most),
        }
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        Ok((!words.is_empty() && words.len() <= MAX_TERM_WORDS).then_some(words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people_search::{key_of, search_terms};

    #[test]
    fn keys_split_into_runs_of_three_or_more_letters() {
        assert_eq!(
            key_words(&key_of(
                "Zoë",
                "van der Müller-Li",
                "Z.Muller42+xy@Trust-3.NHS.uk"
            )),
            vec!["zoe", "van", "der", "muller", "trust", "nhs"]
        );
        assert_eq!(
            key_words(" o'brien obrien øster"),
            vec!["brien", "obrien", "øster"]
        );
        assert_eq!(word_term(&search_terms("Jansen")), Some("jansen"));
        assert_eq!(word_term(&search_terms("Øst")), Some("øst"));
        for text in [
            "li", "jan li", "p12", "123", "a.b", "o'brien", "x y", "", "% _",
        ] {
            assert_eq!(word_term(&search_terms(text)), None, "{text:?}");
        }
    }

    #[test]
    fn the_listed_rule_is_the_counts_own() {
        assert_eq!(
            crate::people_counts::listed_on("p"),
            crate::people_counts::LISTED
        );
    }

    proptest::proptest! {
        /// A large import's slices cover its new rowids exactly once, in order.
        #[test]
        fn slices_cover_the_new_rows_once(first in 0i64..5_000, n in 0i64..5_000, size in 1i64..700) {
            let parts = slices(first, first + n, size);
            let mut next = first;
            for (from, to) in parts {
                proptest::prop_assert_eq!(from, next);
                proptest::prop_assert!(to > from && to - from <= size);
                next = to;
            }
            proptest::prop_assert_eq!(next, first + n);
        }

        /// What makes the words index exact: a term it answers is in a key exactly when it is in
        /// one of the key's words.
        #[test]
        fn a_word_term_is_in_the_key_iff_in_one_of_its_words(
            given in "[a-cé0-2 .'@+_-]{0,12}",
            family in "[a-cø0-2 .-]{0,12}",
            email in "[a-c0-2.@+_-]{0,16}",
            text in "[a-céeø0-2 .@'-]{1,6}",
        ) {
            let key = key_of(&given, &family, &email);
            let terms = search_terms(&text);
            if let Some(term) = word_term(&terms) {
                let in_words = key_words(&key).iter().any(|w| w.contains(term));
                proptest::prop_assert_eq!(key.contains(term), in_words);
            }
        }
    }
}

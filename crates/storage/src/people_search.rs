//! The people search's text index: what a search word matches, and the backend-specific index
//! that answers it without reading every person.
//!
//! **What matches.** Each person has a `search_key`: their given name, family name and e-mail
//! address, lower-cased, decomposed (NFKD) with the combining marks dropped (so "Müller" is
//! stored as "muller" and the search "Muller" finds it), whitespace collapsed, with a space
//! before each word. The search text is folded the same way and split into words; every word
//! must match ([`search_terms`]):
//! - a word of three or more characters matches anywhere in the key ("vri" finds "de Vries");
//! - a word of two characters matches the start of a word of the key (" li" finds "Li Wei" and
//!   "li.wei@…", not "Julie"): two characters anywhere would match most people, and with the
//!   leading space the term is three characters long, which a trigram index serves;
//! - a single character is ignored: it narrows nothing a list page would not show anyway, and no
//!   trigram index can serve it.
//!
//! Every character is literal: `%`, `_`, `"`, `*`, `NEAR`, `OR`, `-` and SQL fragments are text.
//!
//! **The index.** The portable migration (0031) adds the column and a partial index of the rows
//! still to fold; the indexes the migrations cannot express portably are installed from Rust after
//! them, idempotently, by [`install`]:
//! - SQLite: an FTS5 table with the `trigram` tokenizer (case-sensitive: the key is already
//!   folded, so FTS5 compares exactly the text Rust folded) over `people_search`, a rowid table
//!   mapping a stable integer to each person (the `people` table's own rowid may change on
//!   `VACUUM`, as its key is text), kept in step by triggers on `people`, so every write path
//!   (imports, erasure, registration) keeps the index without knowing of it. These tables exist
//!   only on SQLite and are derived data: `copy` leaves them out and the target rebuilds nothing
//!   it needs them for.
//! - PostgreSQL: `pg_trgm` and a GIN index on `search_key`, queried with `LIKE '%term%'` (the
//!   same containment), behind a `MATERIALIZED` CTE so the planner starts from it (see
//!   `Store::search_people`). Where the extension cannot be created (a role without the right),
//!   search still works, by reading the scheme's people.
//! - PostgreSQL: the name-order indexes (of people, and of each organisation's employments, from
//!   migration 0042) in the "C" collation the list sorts by (the migrations' indexes use the
//!   database's default collation, which the planner cannot use for it).

use crate::error::{Result, db};
use crate::{Backend, Store};
use sqlx::Row;
use tandem_domain::Person;
use unicode_normalization::UnicodeNormalization;

/// The largest total a list counts exactly: beyond it, a list says "1,000+" instead of reading
/// every match to count them.
pub const COUNT_CAP: u64 = 1000;

/// Text index matches from which a search walks the name order instead (see
/// [`Store::people_text_walk`]).
pub const WALK_FROM: i64 = 20_000;

/// How a people search starts, from [`Store::text_path`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TextPath {
    /// No words to search for, or (PostgreSQL) no trigram index: the plain statements.
    Unindexed,
    /// From the text index (fewer than [`WALK_FROM`] matches).
    Index,
    /// Walking the name order, testing each person.
    Walk,
    /// From the words index's seeks of these vocabulary words (see `people_words`).
    Words(Vec<String>),
}

/// Most words a search looks at (the rest are ignored): bounded work for any input.
const MAX_TERMS: usize = 8;

/// Rows per transaction when back-filling a column computed in Rust (keys written before
/// migration 0031, words before 0045).
const BACKFILL_BATCH: i64 = 2_000;

/// Whether the list shows the person `id` (whose `erased_at` is `erased`), in SQL: not erased,
/// and not a self-registration that is unconfirmed or ended (the people list's own tests, see
/// `Store::search_people`), as 1 or 0.
macro_rules! listed_sql {
    ($id:literal, $erased:literal) => {
        concat!(
            "CASE WHEN ",
            $erased,
            " IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg \
             WHERE rg.person_id = ",
            $id,
            " AND (rg.email_confirmed_at IS NULL \
             OR rg.employment = 'not_employed')) THEN 1 ELSE 0 END"
        )
    };
}

/// SQLite: `people_search` carries, beside each person's `search_key`, their scheme, name sort
/// keys and whether the list shows them (`listed`), so a search starting from the text index
/// tests, orders and pages its matches there and reads only the page's people from `people`
/// (at 1,000,000 people "jansen" matches 10,041, each looked up in `people` and
/// `registrations` and sorted as a whole row before). The copies are derived data kept by
/// triggers on `people` and `registrations`, in the writing statement's transaction, so every
/// write path (edit, imports, erasure, registration, its expiry) keeps them without knowing of
/// them; the back-fill runs once, in the installing transaction. Every people trigger is
/// replaced: an update of `people_search`'s own copies must not touch the text index, so its
/// update trigger fires only when `search_key` is set.
const SQLITE_LISTED_COLUMNS: &[&str] = &[
    "DROP TRIGGER IF EXISTS people_search_ai",
    "DROP TRIGGER IF EXISTS people_search_au",
    "DROP TRIGGER IF EXISTS people_search_ad",
    "DROP TRIGGER IF EXISTS people_search_fts_au",
    "ALTER TABLE people_search ADD COLUMN scheme_id TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE people_search ADD COLUMN family_key TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE people_search ADD COLUMN given_key TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE people_search ADD COLUMN listed INTEGER NOT NULL DEFAULT 0",
    concat!(
        "UPDATE people_search SET scheme_id = p.scheme_id, family_key = p.family_key, \
         given_key = p.given_key, listed = ",
        listed_sql!("p.id", "p.erased_at"),
        " FROM people p WHERE p.id = people_search.person_id"
    ),
    "CREATE TRIGGER people_search_fts_au AFTER UPDATE OF search_key ON people_search BEGIN \
     INSERT INTO people_search_fts (people_search_fts, rowid, search_key) \
     VALUES ('delete', old.rowid, old.search_key); \
     INSERT INTO people_search_fts (rowid, search_key) VALUES (new.rowid, new.search_key); END",
    // people → people_search
    concat!(
        "CREATE TRIGGER people_search_ai AFTER INSERT ON people BEGIN \
         INSERT INTO people_search (person_id, search_key, scheme_id, family_key, given_key, listed) \
         VALUES (new.id, COALESCE(new.search_key, ''), new.scheme_id, new.family_key, new.given_key, ",
        listed_sql!("new.id", "new.erased_at"),
        "); END"
    ),
    "CREATE TRIGGER people_search_au AFTER UPDATE OF search_key ON people BEGIN \
     UPDATE people_search SET search_key = COALESCE(new.search_key, '') WHERE person_id = old.id; END",
    concat!(
        "CREATE TRIGGER people_search_keys_au \
         AFTER UPDATE OF scheme_id, family_key, given_key, erased_at ON people BEGIN \
         UPDATE people_search SET scheme_id = new.scheme_id, family_key = new.family_key, \
         given_key = new.given_key, listed = ",
        listed_sql!("new.id", "new.erased_at"),
        " WHERE person_id = old.id; END"
    ),
    "CREATE TRIGGER people_search_ad AFTER DELETE ON people BEGIN \
     DELETE FROM people_search WHERE person_id = old.id; END",
    // registrations → people_search's `listed`
    concat!(
        "CREATE TRIGGER people_search_rg_ai AFTER INSERT ON registrations BEGIN \
         UPDATE people_search SET listed = COALESCE((SELECT ",
        listed_sql!("p.id", "p.erased_at"),
        " FROM people p WHERE p.id = new.person_id), 0) WHERE person_id = new.person_id; END"
    ),
    concat!(
        "CREATE TRIGGER people_search_rg_au AFTER UPDATE ON registrations BEGIN \
         UPDATE people_search SET listed = COALESCE((SELECT ",
        listed_sql!("p.id", "p.erased_at"),
        " FROM people p WHERE p.id = people_search.person_id), 0) \
         WHERE person_id IN (old.person_id, new.person_id); END"
    ),
    concat!(
        "CREATE TRIGGER people_search_rg_ad AFTER DELETE ON registrations BEGIN \
         UPDATE people_search SET listed = COALESCE((SELECT ",
        listed_sql!("p.id", "p.erased_at"),
        " FROM people p WHERE p.id = old.person_id), 0) WHERE person_id = old.person_id; END"
    ),
];

/// Lower-cased, compatibility-decomposed text without combining marks or NUL.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c) && *c != '\0')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The searched key of a person (see the module documentation): " given family email", folded.
pub fn search_key(p: &Person) -> String {
    key_of(&p.given_name, &p.family_name, &p.email)
}

pub(crate) fn key_of(given: &str, family: &str, email: &str) -> String {
    let folded = fold(&format!("{given} {family} {email}"));
    let mut key = String::with_capacity(folded.len() + 1);
    for word in folded.split_whitespace() {
        key.push(' ');
        key.push_str(word);
    }
    key
}

/// The terms a search text asks for, each of which a person's [`search_key`] must contain
/// (see the module documentation); empty when nothing narrows the list.
pub fn search_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in fold(text).split_whitespace() {
        let term = match word.chars().count() {
            0 | 1 => continue,
            2 => format!(" {word}"),
            _ => word.to_string(),
        };
        if !terms.contains(&term) {
            terms.push(term);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// An FTS5 query matching rows that contain every term as a literal substring: each term is a
/// quoted string (a `"` inside doubled), so no character is an operator.
pub(crate) fn fts_query(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
    /// Folds the keys of rows written before migration 0031, then installs the backend's index
    /// (see the module documentation). Idempotent; cheap once done (the partial index holds only
    /// rows still to fold, and the tables are created once).
    pub(crate) async fn install_people_search(&self) -> Result<()> {
        self.backfill_search_keys().await?;
        self.backfill_search_words().await?;
        match self.backend {
            Backend::Sqlite => self.install_sqlite_fts().await,
            Backend::Postgres => self.install_pg_indexes().await,
        }
    }

    /// Whether a people search walks the list's name order testing each person's `search_key`
    /// (`true`) rather than starting from the text index's matches.
    ///
    /// Starting from the matches costs each match (read, looked up and sorted: about 3.5 µs
    /// each, 35 ms for the 10,041 people "jansen" matches among 1,000,000); walking costs the
    /// people passed before the page is full (about 1.5 µs each), which is few when matches are
    /// common and spread through the alphabet (an e-mail domain, a given name), and nearly
    /// everyone when they are one family name late in it: "jansen" walked 400,000 rows
    /// (0.6 s CPU) to fill its first page. So the walk is taken only when the index matches at
    /// least [`WALK_FROM`] people, read with a count that stops there (3 ms at 1,000,000). Worst
    /// cases: starting from the index, fewer than `WALK_FROM` matches; walking, the scope's
    /// people (when `WALK_FROM` or more matches all sort last).
    ///
    /// PostgreSQL decides the same way, counting through `people_search_trgm` (inside a
    /// `MATERIALIZED` CTE, so the planner cannot walk another index instead; each match is
    /// rechecked in the table: 50–150 ms on a loaded machine for the 10,041 to 20,000 matches of
    /// "jansen" to "an" at 1,000,000, see `docs/benchmarks-web.md`);
    /// its planner estimates matches as spread evenly through the name order, and for a family
    /// name walked 308,610 rows (2.3 s) where starting from the index costs 20 ms. Without the
    /// trigram index: `false`, and its planner chooses, as today.
    pub async fn people_text_walk(&self, q: &crate::PeopleQuery) -> Result<bool> {
        Ok(self.text_index_path(q).await? == TextPath::Walk)
    }

    /// How a search of `scheme` starts, decided once per request: from the words index when it
    /// answers the search (see `people_words`), else as [`Store::text_index_path`] decides.
    pub(crate) async fn text_path(
        &self,
        scheme: tandem_domain::SchemeId,
        q: &crate::PeopleQuery,
    ) -> Result<TextPath> {
        let terms = q.text.as_deref().map(search_terms).unwrap_or_default();
        if terms.is_empty() || self.missing_search_extension().await?.is_some() {
            return Ok(TextPath::Unindexed);
        }
        if let Some(words) = self.term_words(scheme, &terms).await? {
            return Ok(TextPath::Words(words));
        }
        self.index_path(&terms).await
    }

    /// How a search starts without the words index (see [`Store::people_text_walk`]): the same
    /// look-ups also tell whether PostgreSQL's trigram index is there to start from.
    pub(crate) async fn text_index_path(&self, q: &crate::PeopleQuery) -> Result<TextPath> {
        let terms = q.text.as_deref().map(search_terms).unwrap_or_default();
        if terms.is_empty() || self.missing_search_extension().await?.is_some() {
            return Ok(TextPath::Unindexed);
        }
        self.index_path(&terms).await
    }

    /// The text index or the walk, for `terms` (not empty), the backend's index being there.
    async fn index_path(&self, terms: &[String]) -> Result<TextPath> {
        let walk_from = |n: i64| {
            if n >= WALK_FROM {
                TextPath::Walk
            } else {
                TextPath::Index
            }
        };
        if self.backend == Backend::Postgres {
            let like: Vec<String> = (1..=terms.len())
                .map(|i| format!("p.search_key LIKE ${i} ESCAPE '\\'"))
                .collect();
            let sql = format!(
                "WITH m AS MATERIALIZED (SELECT 1 AS one FROM people p WHERE {}) \
                 SELECT COUNT(*) FROM (SELECT one FROM m LIMIT ${}) t",
                like.join(" AND "),
                terms.len() + 1
            );
            let mut count = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
            for t in terms {
                count = count.bind(format!("%{}%", crate::codec::like_escape(t)));
            }
            let n: i64 = count
                .bind(WALK_FROM)
                .fetch_one(&self.pool)
                .await
                .map_err(db)?;
            return Ok(walk_from(n));
        }
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT rowid FROM people_search_fts \
             WHERE people_search_fts MATCH $1 LIMIT $2) t",
        )
        .bind(fts_query(terms))
        .bind(WALK_FROM)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(walk_from(n))
    }

    /// The PostgreSQL extension people search lacks, if any: without `pg_trgm` (its index could
    /// not be made, e.g. the role may not create extensions, or `postgresql-contrib` is missing)
    /// search still answers, but by reading every person. Checked at start so the operator hears
    /// of it once (`tandem serve` warns), rather than seeing slow searches. SQLite: never.
    pub async fn missing_search_extension(&self) -> Result<Option<&'static str>> {
        if self.backend == Backend::Sqlite {
            return Ok(None);
        }
        let found = sqlx::query(
            "SELECT 1 FROM pg_class c WHERE c.relname = 'people_search_trgm' \
             AND c.relkind = 'i' AND pg_table_is_visible(c.oid)",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(found.is_none().then_some("pg_trgm"))
    }

    async fn backfill_search_keys(&self) -> Result<()> {
        self.backfill_people_column("search_key", "given_name, family_name, email", |r| {
            let text = |c: &str| r.try_get::<String, _>(c).map_err(db);
            Ok(key_of(
                &text("given_name")?,
                &text("family_name")?,
                &text("email")?,
            ))
        })
        .await
    }

    /// Fills `column` of the `people` rows where it is still NULL (rows written before the
    /// migration that added it), computing each value in Rust from the columns `read` names:
    /// batches of [`BACKFILL_BATCH`] rows, each in one transaction, until none is left. The
    /// partial index of each such column's NULL rows makes the look-up cheap once done.
    pub(crate) async fn backfill_people_column(
        &self,
        column: &str,
        read: &str,
        value: impl Fn(&sqlx::any::AnyRow) -> Result<String>,
    ) -> Result<()> {
        // The column names are the callers' constants.
        let select = format!("SELECT id, {read} FROM people WHERE {column} IS NULL LIMIT $1");
        let update = format!("UPDATE people SET {column} = $1 WHERE id = $2");
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(select.clone()))
                .bind(BACKFILL_BATCH)
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut tx = self.pool.begin().await.map_err(db)?;
            for r in &rows {
                let id: String = r.try_get("id").map_err(db)?;
                sqlx::query(sqlx::AssertSqlSafe(update.clone()))
                    .bind(value(r)?)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
            tx.commit().await.map_err(db)?;
        }
    }

    async fn install_sqlite_fts(&self) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let exists: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'people_search_fts'",
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if exists == 0 {
            for sql in [
                "CREATE TABLE people_search (rowid INTEGER PRIMARY KEY, \
                 person_id TEXT NOT NULL UNIQUE, search_key TEXT NOT NULL)",
                "INSERT INTO people_search (person_id, search_key) \
                 SELECT id, COALESCE(search_key, '') FROM people",
                "CREATE VIRTUAL TABLE people_search_fts USING fts5(search_key, content='people_search', \
                 content_rowid='rowid', tokenize='trigram case_sensitive 1')",
                "INSERT INTO people_search_fts (people_search_fts) VALUES ('rebuild')",
                // people_search → its FTS5 index (external content)
                "CREATE TRIGGER people_search_fts_ai AFTER INSERT ON people_search BEGIN \
                 INSERT INTO people_search_fts (rowid, search_key) VALUES (new.rowid, new.search_key); END",
                "CREATE TRIGGER people_search_fts_ad AFTER DELETE ON people_search BEGIN \
                 INSERT INTO people_search_fts (people_search_fts, rowid, search_key) \
                 VALUES ('delete', old.rowid, old.search_key); END",
            ] {
                sqlx::query(sql).execute(&mut *tx).await.map_err(db)?;
            }
        }
        // Since issue #18's common-word search: the keys and tests the list pages on (see
        // [`SQLITE_LISTED_COLUMNS`]). A table made before them gets them here, once.
        let listed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pragma_table_info('people_search') WHERE name = 'listed'",
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if listed == 0 {
            for sql in SQLITE_LISTED_COLUMNS {
                sqlx::query(*sql).execute(&mut *tx).await.map_err(db)?;
            }
        }
        // Since migration 0045: the words index, kept from `people_search`.
        self.install_sqlite_words(&mut tx).await?;
        tx.commit().await.map_err(db)
    }

    async fn install_pg_indexes(&self) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // Several instances may start at once; CREATE … IF NOT EXISTS is not safe to race.
        sqlx::query("SELECT pg_advisory_xact_lock(7305240031)")
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "CREATE INDEX IF NOT EXISTS people_scheme_name_c ON people \
             (scheme_id, family_key COLLATE \"C\", given_key COLLATE \"C\", id COLLATE \"C\")",
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        // An organisation's people in list order (migration 0042's keys), in the collation the
        // list sorts by.
        sqlx::query(
            "CREATE INDEX IF NOT EXISTS employments_organisation_name_c ON employments \
             (organisation_id, family_key COLLATE \"C\", given_key COLLATE \"C\", person_id COLLATE \"C\")",
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        // The directory's listings in name order (migration 0044's keys), likewise, and those
        // of one profession in name order (the profession in the database's collation, which
        // the filter's choices are sorted and sought by).
        for sql in [
            "CREATE INDEX IF NOT EXISTS growth_directory_scheme_name_c ON growth_directory \
             (scheme_id, family_key COLLATE \"C\", given_key COLLATE \"C\", person_id COLLATE \"C\")",
            "CREATE INDEX IF NOT EXISTS growth_directory_scheme_profession_c ON growth_directory \
             (scheme_id, profession, family_key COLLATE \"C\", given_key COLLATE \"C\", \
             person_id COLLATE \"C\")",
        ] {
            sqlx::query(sql).execute(&mut *tx).await.map_err(db)?;
        }
        // Since migration 0045: the words index and its triggers.
        self.install_pg_words(&mut tx).await?;
        tx.commit().await.map_err(db)?;
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("SELECT pg_advisory_xact_lock(7305240031)")
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        // In its own transaction: a refusal (no right to create the extension) leaves the rest.
        let trgm = async {
            sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "CREATE INDEX IF NOT EXISTS people_search_trgm ON people \
                 USING gin (search_key gin_trgm_ops)",
            )
            .execute(&mut *tx)
            .await?;
            // The words index's vocabulary, searched for the words containing a term.
            sqlx::query(
                "CREATE INDEX IF NOT EXISTS people_search_vocab_trgm ON people_search_vocab \
                 USING gin (word gin_trgm_ops)",
            )
            .execute(&mut *tx)
            .await?;
            Ok::<(), sqlx::Error>(())
        }
        .await;
        match trgm {
            Ok(()) => tx.commit().await.map_err(db),
            Err(_) => tx.rollback().await.map_err(db),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_diacritics() {
        assert_eq!(
            key_of("Zoë", "Müller", "Z.Muller@Example.ORG"),
            " zoe muller z.muller@example.org"
        );
        assert_eq!(
            key_of("  Ann\u{a0}Marie ", "Øster", "a@b"),
            " ann marie øster a@b"
        );
        assert_eq!(search_terms("MULLER"), vec!["muller"]);
        assert_eq!(search_terms("Müller"), vec!["muller"]);
    }

    #[test]
    fn short_words_are_word_starts_or_ignored() {
        assert_eq!(search_terms("Li a"), vec![" li"]);
        assert_eq!(search_terms("a _ %"), Vec::<String>::new());
        assert_eq!(search_terms("de de vries"), vec![" de", "vries"]);
        assert_eq!(search_terms(&"word ".repeat(50)), vec!["word"]);
        let many: String = (0..40).map(|i| format!("w{i:03} ")).collect();
        assert_eq!(search_terms(&many).len(), MAX_TERMS);
    }

    #[test]
    fn fts_queries_quote_every_term() {
        let terms = search_terms("\"a*b\" NEAR(x) OR -y");
        assert_eq!(
            fts_query(&terms),
            "\"\"\"a*b\"\"\" \"near(x)\" \" or\" \" -y\""
        );
    }
}

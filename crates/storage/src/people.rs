//! People, their employments, the scoped people search and the transactional import.

use crate::codec::{boolean, coded, key, like_escape, opt_parsed, opt_text, parsed, text};
use crate::error::{Result, StoreError, UniqueField, db, is_unique_violation};
use crate::people_counts::CountsDelta;
use crate::records::{MAX_PAGE, Page, PeopleCursor, PeopleQuery, PersonRecord, PersonSummary};
use crate::{Backend, Store, codec};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Connection, Row};
use std::collections::HashMap;
use tandem_domain::policy::PeopleScope;
use tandem_domain::{Employment, GradeSystem, Language, Person, PersonId, SchemeId};

/// Rows per multi-row INSERT in imports: large enough to cut round trips, small enough to stay
/// far below SQLite's and PostgreSQL's bound-parameter limits (32,766 and 65,535).
const BATCH_ROWS: usize = 200;

/// Rows per multi-row INSERT of people and employments on SQLite (at most 12 values a row:
/// 24,000 of SQLite's 32,766 bound parameters). Larger than [`BATCH_ROWS`] because the search
/// index's FTS5 table flushes its pending terms into a new segment at the end of every statement
/// and merges those segments again: ten times fewer statements, ten times fewer segments to write
/// and merge (issue #18).
const SQLITE_INSERT_ROWS: usize = 2_000;

/// Rows per INSERT statement of people or employments on this backend.
fn insert_rows(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => SQLITE_INSERT_ROWS,
        Backend::Postgres => BATCH_ROWS,
    }
}

const PERSON_COLS: &str = "p.id, p.scheme_id, p.given_name, p.family_name, p.email, p.language";
const EMPLOYMENT_COLS: &str = "e.id, e.person_id, e.organisation_id, e.job_title, e.profession, e.grade_system, e.grade, e.line_manager_id, e.is_primary";

/// A cursor with the keys of the person it names: (cursor, family key, given key, id).
type CursorKeys = (PeopleCursor, String, String, PersonId);

/// How a people search's statements start (see [`Store::people_statements`]): walking the name
/// order (`walk`), from PostgreSQL's trigram index behind a fence (`fence`), or from the words
/// index's seeks of these vocabulary words (`words`); none of them: the text index on SQLite,
/// the planner's choice on PostgreSQL.
#[derive(Clone, Copy)]
struct Start<'a> {
    walk: bool,
    fence: bool,
    words: Option<&'a [String]>,
}

/// A people search's statements: the bounded count, then the page.
struct PeopleStatements {
    count_sql: String,
    count_binds: Vec<Bind>,
    page_sql: String,
    page_binds: Vec<Bind>,
    cap: u64,
}

/// A value bound to a dynamically built query.
#[derive(Clone)]
enum Bind {
    Text(String),
    Int(i64),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    binds: Vec<Bind>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for b in binds {
        q = match b {
            Bind::Text(s) => q.bind(s),
            Bind::Int(i) => q.bind(i),
        };
    }
    q
}

/// Collects bound values and hands out their `$n` placeholders.
#[derive(Default)]
struct Binds(Vec<Bind>);

impl Binds {
    fn text(&mut self, s: impl Into<String>) -> String {
        self.0.push(Bind::Text(s.into()));
        format!("${}", self.0.len())
    }
    fn int(&mut self, i: i64) -> String {
        self.0.push(Bind::Int(i));
        format!("${}", self.0.len())
    }
}

pub(crate) fn person_from(row: &AnyRow) -> Result<Person> {
    Ok(Person {
        id: parsed(row, "id")?,
        scheme_id: parsed(row, "scheme_id")?,
        given_name: text(row, "given_name")?,
        family_name: text(row, "family_name")?,
        email: text(row, "email")?,
        language: coded(row, "language", Language::from_tag)?,
    })
}

pub(crate) fn employment_from(row: &AnyRow) -> Result<Employment> {
    Ok(Employment {
        id: parsed(row, "id")?,
        person_id: parsed(row, "person_id")?,
        organisation_id: parsed(row, "organisation_id")?,
        job_title: text(row, "job_title")?,
        profession: text(row, "profession")?,
        grade_system: coded(row, "grade_system", GradeSystem::from_code)?,
        grade: text(row, "grade")?,
        line_manager_id: opt_parsed(row, "line_manager_id")?,
        primary: boolean(row, "is_primary")?,
    })
}

/// People with their employments (each with its ordinal) as records: employments in their order,
/// records by family name, given name, then id, the order every whole-scheme reader (export,
/// import checks) hands out.
pub(crate) fn sorted_records(
    people: impl Iterator<Item = (Person, Vec<(i64, Employment)>)>,
) -> Vec<PersonRecord> {
    let mut records: Vec<PersonRecord> = people
        .map(|(person, mut emps)| {
            emps.sort_by_key(|(ordinal, _)| *ordinal);
            PersonRecord {
                person,
                employments: emps.into_iter().map(|(_, e)| e).collect(),
            }
        })
        .collect();
    records.sort_by_cached_key(|r| {
        (
            tandem_domain::words::family_sort_key(&r.person.family_name),
            key(&r.person.given_name),
            r.person.id,
        )
    });
    records
}

/// The lower-cased text searched by "contains" queries.
fn search_text(p: &Person) -> String {
    format!(
        "{} {} {}",
        key(&p.given_name),
        key(&p.family_name),
        key(&p.email)
    )
}

/// A person's name sort keys (family, given): the order of every list of people, kept on their
/// row and copied to each of their employments.
fn name_keys(p: &Person) -> (String, String) {
    (
        tandem_domain::words::family_sort_key(&p.family_name),
        key(&p.given_name),
    )
}

/// The values of one `people` row, in [`PERSON_INSERT_COLS`] order.
fn person_values(p: &Person) -> [String; 12] {
    let search_key = crate::people_search::search_key(p);
    let words = crate::people_words::words_json(&search_key);
    let (family_key, given_key) = name_keys(p);
    [
        p.id.to_string(),
        p.scheme_id.to_string(),
        p.given_name.clone(),
        p.family_name.clone(),
        p.email.clone(),
        key(p.email.trim()),
        p.language.tag().to_string(),
        family_key,
        given_key,
        search_text(p),
        search_key,
        words,
    ]
}

const PERSON_INSERT_COLS: &str = "id, scheme_id, given_name, family_name, email, email_key, language, family_key, given_key, search_text, search_key, search_words";

/// The `n`th (1-based) of many placeholders in one statement.
///
/// PostgreSQL needs `$n`. SQLite gets anonymous `?`: sqlx looks every named parameter up by
/// index with `sqlite3_bind_parameter_name`, a linear scan, which makes binding a 2,000-value
/// batch quadratic; anonymous parameters skip the lookup.
fn placeholder(backend: Backend, n: usize) -> String {
    match backend {
        Backend::Postgres => format!("${n}"),
        Backend::Sqlite => "?".to_string(),
    }
}

/// Builds `($1, $2, …), (…)` for `rows` rows of `cols` placeholders.
fn values_clause(backend: Backend, rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let ph: Vec<String> = (1..=cols)
                .map(|c| placeholder(backend, r * cols + c))
                .collect();
            format!("({})", ph.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) async fn insert_people(
    conn: &mut AnyConnection,
    backend: Backend,
    people: &[&Person],
) -> std::result::Result<(), sqlx::Error> {
    pipelined(conn, people, insert_rows(backend), |chunk| {
        let sql = format!(
            "INSERT INTO people ({PERSON_INSERT_COLS}) VALUES {}",
            values_clause(backend, chunk.len(), 12)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for p in chunk {
            for v in person_values(p) {
                q = q.bind(v);
            }
        }
        q
    })
    .await
}

/// Runs one statement per `rows` of `items`, each made by `statement`, making the next while
/// the database runs the current one.
///
/// The database works on another thread (SQLite's worker) or in another process (PostgreSQL),
/// so on a machine with two cores the values of the next 2,000 people (their keys, search words,
/// owned copies for binding) are made at the same time instead of in turn: at 1,000,000 people
/// that is most of the import's time in Rust during the write. The first poll of `execute` hands
/// the statement over; the making of the next then runs before it is polled again.
async fn pipelined<'q, T>(
    conn: &mut AnyConnection,
    items: &'q [T],
    rows: usize,
    statement: impl Fn(&'q [T]) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
) -> std::result::Result<(), sqlx::Error> {
    let mut chunks = items.chunks(rows);
    let Some(first) = chunks.next() else {
        return Ok(());
    };
    let mut current = statement(first);
    for chunk in chunks {
        let (done, next) = tokio::join!(current.execute(&mut *conn), async { statement(chunk) });
        done?;
        current = next;
    }
    current.execute(&mut *conn).await?;
    Ok(())
}

/// Updates a person's own fields; `Ok(false)` if there is no such person.
async fn update_person_row(
    conn: &mut AnyConnection,
    p: &Person,
) -> std::result::Result<bool, sqlx::Error> {
    let [
        id,
        _scheme,
        given,
        family,
        email,
        email_key,
        language,
        family_key,
        given_key,
        search,
        search_key,
        search_words,
    ] = person_values(p);
    let done = sqlx::query(
        "UPDATE people SET given_name = $2, family_name = $3, email = $4, email_key = $5, language = $6, \
         family_key = $7, given_key = $8, search_text = $9, search_key = $10, \
         search_words = $11 WHERE id = $1",
    )
    .bind(id)
    .bind(given)
    .bind(family)
    .bind(email)
    .bind(email_key)
    .bind(language)
    .bind(family_key)
    .bind(given_key)
    .bind(search)
    .bind(search_key)
    .bind(search_words)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

const EMPLOYMENT_INSERT: &str = "INSERT INTO employments (id, person_id, organisation_id, ordinal, \
     job_title, profession, grade_system, grade, line_manager_id, is_primary, family_key, given_key)";

/// Inserts employments; each belongs to the person it is listed with (its own `person_id` is
/// not trusted), and keeps its position in the list.
///
/// Each employment holds its person's name sort keys (migration 0042), made here from `people`:
/// every person whose employments are written, as their rows stand in this transaction. Where
/// one id is listed twice the last copy counts, as it does for the row (written, then updated),
/// so an employment never holds keys other than its person's. An employment whose person is not
/// in `people` gets no keys and fails on `NOT NULL`. Made in Rust rather than read back from
/// `people` by the statement, so both backends run one plain multi-row `INSERT`: PostgreSQL no
/// longer runs two sub-selects per row, and SQLite no longer joins each statement's `VALUES`
/// with `people` (at 1,000,000 people on SQLite the step's time did not clearly move, 15.0–17.3 s
/// against 15.8–17.6 s: the six indexes' inserts are most of it).
pub(crate) async fn insert_employments(
    conn: &mut AnyConnection,
    backend: Backend,
    people: &[&Person],
    rows: &[(PersonId, i64, &Employment)],
) -> std::result::Result<(), sqlx::Error> {
    let latest: HashMap<PersonId, &Person> = people.iter().map(|p| (p.id, *p)).collect();
    pipelined(conn, rows, insert_rows(backend), |chunk| {
        let sql = format!(
            "{EMPLOYMENT_INSERT} VALUES {}",
            values_clause(backend, chunk.len(), 12)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (person, ordinal, e) in chunk {
            let (family_key, given_key) = latest.get(person).map(|p| name_keys(p)).unzip();
            q = q
                .bind(e.id.to_string())
                .bind(person.to_string())
                .bind(e.organisation_id.to_string())
                .bind(*ordinal)
                .bind(e.job_title.as_str())
                .bind(e.profession.as_str())
                .bind(e.grade_system.code())
                .bind(e.grade.as_str())
                .bind(e.line_manager_id.map(|m| m.to_string()))
                .bind(i32::from(e.primary))
                .bind(family_key)
                .bind(given_key);
        }
        q
    })
    .await
}

pub(crate) fn numbered(
    person: PersonId,
    employments: &[Employment],
) -> impl Iterator<Item = (PersonId, i64, &Employment)> {
    employments
        .iter()
        .zip(0i64..)
        .map(move |(e, i)| (person, i, e))
}

async fn delete_employments(
    conn: &mut AnyConnection,
    backend: Backend,
    people: &[PersonId],
) -> std::result::Result<(), sqlx::Error> {
    for_people(conn, backend, people, |ids| {
        format!("DELETE FROM employments WHERE person_id IN ({ids})")
    })
    .await
}

/// Runs the statement `sql` makes of an `IN` list of placeholders for each batch of `people`,
/// bound to their ids: one statement per [`BATCH_ROWS`] people, within the bind limits of both
/// backends.
async fn for_people(
    conn: &mut AnyConnection,
    backend: Backend,
    people: &[PersonId],
    sql: impl Fn(&str) -> String,
) -> std::result::Result<(), sqlx::Error> {
    for chunk in people.chunks(BATCH_ROWS) {
        let ph: Vec<String> = (1..=chunk.len()).map(|i| placeholder(backend, i)).collect();
        let mut q = sqlx::query(AssertSqlSafe(sql(&ph.join(", "))));
        for id in chunk {
            q = q.bind(id.to_string());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Rewrites the copies a directory listing keeps of its person (migration 0044: the scheme, the
/// name sort keys, the primary job's profession) for those of `people` who are listed, from their
/// rows as they stand in this transaction. Called after a write replaced people's rows and
/// employments, so the directory's name order and its profession choices follow every edit and
/// import; a person who is not listed has no row and costs one index probe.
pub(crate) async fn refresh_directory_copies(
    conn: &mut AnyConnection,
    backend: Backend,
    people: &[PersonId],
) -> std::result::Result<(), sqlx::Error> {
    for_people(conn, backend, people, |ids| {
        format!(
            "UPDATE growth_directory SET \
             scheme_id = (SELECT p.scheme_id FROM people p WHERE p.id = growth_directory.person_id), \
             family_key = (SELECT p.family_key FROM people p WHERE p.id = growth_directory.person_id), \
             given_key = (SELECT p.given_key FROM people p WHERE p.id = growth_directory.person_id), \
             profession = COALESCE((SELECT e.profession FROM employments e \
               WHERE e.person_id = growth_directory.person_id \
               ORDER BY e.is_primary DESC, e.ordinal LIMIT 1), '') \
             WHERE person_id IN ({ids})"
        )
    })
    .await
}

/// Deletes `people` (their employments, registrations and accounts go by cascade); returns how
/// many were deleted.
pub(crate) async fn delete_people(
    conn: &mut AnyConnection,
    people: &[PersonId],
) -> std::result::Result<u64, sqlx::Error> {
    let mut deleted = 0;
    for chunk in people.chunks(BATCH_ROWS) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!("DELETE FROM people WHERE id IN ({})", marks.join(", "));
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(id.to_string());
        }
        deleted += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(deleted)
}

/// The page cache of a large import's SQLite connection (negative: KiB), 256 MiB. With the
/// pool's 16 MiB a million people's indexes did not fit: pages were spilled to the WAL in the
/// middle of the transaction and written there again each time they changed after (10 GB
/// written for a 1.6 GB database, issue #18).
const SQLITE_IMPORT_CACHE_SIZE: &str = "PRAGMA cache_size = -262144";

/// The connection an import writes through. On SQLite a large import's connection gets a
/// larger page cache and keeps its statement journals in memory (`temp_store = MEMORY`: each
/// multi-row `INSERT` in a transaction journals the pages it changes, so that it alone can be
/// undone; in a file that was a twelfth of the import's time), and both are put back before the
/// connection returns to the pool, or the connection is closed instead. `temp_store` cannot
/// change inside a transaction, hence a connection of its own rather than the pool's `begin`.
struct ImportConnection(sqlx::pool::PoolConnection<sqlx::Any>, bool);

impl ImportConnection {
    async fn acquire(store: &Store, large: bool) -> std::result::Result<Self, sqlx::Error> {
        let conn = store.pool.acquire().await?;
        let tuned = large && store.backend == Backend::Sqlite;
        if tuned {
            let mut this = ImportConnection(conn, true);
            for pragma in ["PRAGMA temp_store = MEMORY", SQLITE_IMPORT_CACHE_SIZE] {
                if let Err(e) = sqlx::query(pragma).execute(&mut *this.0).await {
                    this.release().await;
                    return Err(e);
                }
            }
            return Ok(this);
        }
        Ok(ImportConnection(conn, false))
    }

    /// Puts the pool's settings back; a connection that cannot take them back is closed.
    async fn release(mut self) {
        if !self.1 {
            return;
        }
        for pragma in ["PRAGMA temp_store = DEFAULT", crate::SQLITE_CACHE_SIZE] {
            if sqlx::query(pragma).execute(&mut *self.0).await.is_err() {
                self.0.close_on_drop();
                return;
            }
        }
    }
}

/// How many people an import writes before PostgreSQL's statistics are refreshed with it.
pub const BULK_ANALYZE: usize = 1_000;

impl Store {
    /// Names the field behind a unique violation while writing people: the e-mail if one of
    /// them is taken in its scheme by someone else or appears twice among them, else an id
    /// (person or employment) that already exists. Runs after the failed transaction has rolled
    /// back, with one query per scheme involved.
    async fn person_conflict(&self, people: &[&Person]) -> StoreError {
        let mut taken: HashMap<(SchemeId, String), PersonId> = HashMap::new();
        let mut schemes: Vec<SchemeId> = people.iter().map(|p| p.scheme_id).collect();
        schemes.sort();
        schemes.dedup();
        for scheme in schemes {
            let rows = match sqlx::query("SELECT id, email_key FROM people WHERE scheme_id = $1")
                .bind(scheme.to_string())
                .fetch_all(&self.pool)
                .await
            {
                Ok(rows) => rows,
                Err(e) => return db(e),
            };
            for row in &rows {
                match (parsed::<PersonId>(row, "id"), text(row, "email_key")) {
                    (Ok(id), Ok(email)) => {
                        taken.insert((scheme, email), id);
                    }
                    (Err(e), _) | (_, Err(e)) => return e,
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        for p in people {
            let k = (p.scheme_id, key(p.email.trim()));
            let clash = taken.get(&k).is_some_and(|owner| *owner != p.id);
            if clash || !seen.insert(k) {
                return StoreError::Conflict {
                    field: UniqueField::Email,
                };
            }
        }
        StoreError::Conflict {
            field: UniqueField::Id,
        }
    }

    /// Adds a person with their employments (one transaction). E-mail is unique within the
    /// scheme, ignoring case (`Conflict { field: Email }`); an unknown scheme or organisation gives
    /// `NotFound`.
    pub async fn create_person(&self, p: &Person, employments: &[Employment]) -> Result<()> {
        let outcome: std::result::Result<(), sqlx::Error> = async {
            let mut tx = self.begin_people_write().await?;
            insert_people(&mut tx, self.backend, &[p]).await?;
            insert_employments(
                &mut tx,
                self.backend,
                &[p],
                &numbered(p.id, employments).collect::<Vec<_>>(),
            )
            .await?;
            let mut counts = CountsDelta::default();
            counts.new_listed(p.scheme_id, employments.iter().map(|e| e.organisation_id));
            counts.apply(&mut tx).await?;
            self.commit(tx).await
        }
        .await;
        match outcome {
            Ok(()) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(self.person_conflict(&[p]).await),
            Err(e) => Err(db(e)),
        }
    }

    /// Changes a person's fields (not their scheme) and replaces their employments wholesale.
    pub async fn update_person(&self, p: &Person, employments: &[Employment]) -> Result<()> {
        self.apply_people_import(
            &[],
            &[PersonRecord {
                person: p.clone(),
                employments: employments.to_vec(),
            }],
        )
        .await
    }

    /// Whether the person's e-mail is a work or a personal address.
    pub async fn email_kind(&self, id: PersonId) -> Result<tandem_domain::EmailKind> {
        let row = sqlx::query("SELECT email_kind FROM people WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        let code: String = row.try_get("email_kind").map_err(db)?;
        Ok(tandem_domain::EmailKind::from_code(&code).unwrap_or_default())
    }

    /// Records whether the person's e-mail is a work or a personal address.
    pub async fn set_email_kind(&self, id: PersonId, kind: tandem_domain::EmailKind) -> Result<()> {
        let done = sqlx::query("UPDATE people SET email_kind = $1 WHERE id = $2")
            .bind(kind.code())
            .bind(id.to_string())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn get_person(&self, id: PersonId) -> Result<PersonRecord> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {PERSON_COLS} FROM people p WHERE p.id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        let person = person_from(&row)?;
        let employments = self.employments_of(id).await?;
        Ok(PersonRecord {
            person,
            employments,
        })
    }

    async fn employments_of(&self, id: PersonId) -> Result<Vec<Employment>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {EMPLOYMENT_COLS} FROM employments e WHERE e.person_id = $1 ORDER BY e.ordinal"
        )))
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(employment_from).collect()
    }

    /// Looks a person up by e-mail within a scheme, ignoring case and surrounding space.
    pub async fn find_person_by_email(
        &self,
        scheme: SchemeId,
        email: &str,
    ) -> Result<Option<PersonRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {PERSON_COLS} FROM people p WHERE p.scheme_id = $1 AND p.email_key = $2"
        )))
        .bind(scheme.to_string())
        .bind(key(email.trim()))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        match row {
            None => Ok(None),
            Some(row) => {
                let person = person_from(&row)?;
                let employments = self.employments_of(person.id).await?;
                Ok(Some(PersonRecord {
                    person,
                    employments,
                }))
            }
        }
    }

    /// One page of the people list, narrowed by `q.scope` in SQL, ordered by family name, given
    /// name (case-insensitive) and id.
    ///
    /// Costs one page, not the scheme: the list walks the name index from the start or from a
    /// cursor (keyset paging); a text search starts from the text index (see `people_search`);
    /// an organisation coordinator's list starts from the employments at their organisations
    /// (with their own row added), never from every person with a per-row `OR`; and the total is
    /// the maintained count where only the reader's scope narrows the list
    /// ([`Store::maintained_people_total`]), otherwise counted up to [`crate::COUNT_CAP`] only.
    /// A cursor naming no one in the scheme is `NotFound`.
    pub async fn search_people(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
    ) -> Result<Page<PersonSummary>> {
        let path = self.text_path(scheme, q).await?;
        self.search_people_on(scheme, q, self.start_of(&path)).await
    }

    /// How [`Store::people_statements`] starts for `path`.
    fn start_of<'p>(&self, path: &'p crate::people_search::TextPath) -> Start<'p> {
        use crate::people_search::TextPath;
        let (walk, fence, words) = match path {
            TextPath::Walk => (true, false, None),
            TextPath::Index => (false, self.backend == Backend::Postgres, None),
            TextPath::Words(words) => (false, false, Some(words.as_slice())),
            TextPath::Unindexed => (false, false, None),
        };
        Start { walk, fence, words }
    }

    /// [`Store::search_people`] with the choice between the text index and the name-order walk
    /// made by the caller: for the tests that check both ways answer alike.
    #[doc(hidden)]
    pub async fn search_people_walking(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
        walk: bool,
    ) -> Result<Page<PersonSummary>> {
        let fence = self.pg_text_fence(q, walk).await?;
        let start = Start {
            walk,
            fence,
            words: None,
        };
        self.search_people_on(scheme, q, start).await
    }

    /// The vocabulary's words [`Store::search_people`] pages through for `q`, if the words index
    /// answers it (see `people_words`): for the tests.
    #[doc(hidden)]
    pub async fn people_term_words(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
    ) -> Result<Option<Vec<String>>> {
        Ok(match self.text_path(scheme, q).await? {
            crate::people_search::TextPath::Words(words) => Some(words),
            _ => None,
        })
    }

    /// [`Store::search_people`] through the words index's seeks of `words`: for the tests that
    /// check it answers as the text index does.
    #[doc(hidden)]
    pub async fn search_people_by_words(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
        words: &[String],
    ) -> Result<Page<PersonSummary>> {
        let start = Start {
            walk: false,
            fence: false,
            words: Some(words),
        };
        self.search_people_on(scheme, q, start).await
    }

    /// [`Store::search_people`] once the way to start is decided.
    async fn search_people_on(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
        start: Start<'_>,
    ) -> Result<Page<PersonSummary>> {
        let limit = q.limit.min(MAX_PAGE);
        // Where a cursor points: the keys of the person it names, read by primary key, so the
        // token carries no name.
        let cursor = self.cursor_keys(scheme, q).await?;
        let st = self.people_statements(scheme, q, limit, cursor.as_ref(), start);
        let backwards = matches!(cursor, Some((PeopleCursor::Before(_), ..)));
        let (counted, cap) = match self.maintained_people_total(scheme, q).await? {
            Some(n) => (n, u64::MAX),
            None => {
                let n = bind_all(sqlx::query(AssertSqlSafe(st.count_sql)), st.count_binds)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db)?
                    .try_get::<i64, _>("n")
                    .map_err(db)?;
                (u64::try_from(n).unwrap_or(0), st.cap)
            }
        };

        let rows = bind_all(sqlx::query(AssertSqlSafe(st.page_sql)), st.page_binds)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let mut items = rows
            .iter()
            .map(|r| {
                Ok(PersonSummary {
                    person: person_from(r)?,
                    organisation_id: opt_parsed(r, "e_org")?,
                    organisation_name: opt_text(r, "e_org_name")?,
                    job_title: opt_text(r, "e_job")?,
                    profession: opt_text(r, "e_prof")?,
                    grade_system: match opt_text(r, "e_gs")? {
                        None => None,
                        Some(code) => Some(GradeSystem::from_code(&code).ok_or_else(|| {
                            crate::error::corrupt(format!("grade_system {code:?}"))
                        })?),
                    },
                    grade: opt_text(r, "e_grade")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let extra = u64::try_from(items.len()).unwrap_or(u64::MAX) > limit;
        let token = |c: PeopleCursor| Some(c.token());
        let (next, previous) = if backwards {
            if extra {
                items.remove(0);
            }
            let next = match (items.last(), &cursor) {
                (Some(last), _) => token(PeopleCursor::After(last.person.id)),
                (None, _) => None,
            };
            let previous = match items.first() {
                Some(first) if extra => token(PeopleCursor::Before(first.person.id)),
                _ => None,
            };
            (next, previous)
        } else {
            if extra {
                items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            }
            let next = match items.last() {
                Some(last) if extra => token(PeopleCursor::After(last.person.id)),
                _ => None,
            };
            let earlier = cursor.is_some() || q.offset > 0;
            let previous = match (items.first(), &cursor) {
                (Some(first), _) if earlier => token(PeopleCursor::Before(first.person.id)),
                // Past the end: back to the rows before the cursor.
                (None, Some((_, _, _, id))) => token(PeopleCursor::Before(*id)),
                _ => None,
            };
            (next, previous)
        };
        Ok(Page {
            items,
            total: counted.min(cap),
            offset: if cursor.is_some() { 0 } else { q.offset },
            limit,
            total_exact: counted <= cap,
            next,
            previous,
        })
    }

    /// Whether a PostgreSQL search starts from the trigram index's matches behind a fence (see
    /// `people_statements`): a search with words, not walking the name order (see
    /// [`Store::people_text_walk`]), with `people_search_trgm` there to start from (without it,
    /// the planner chooses, as it must read the scheme's people either way). SQLite: `false`.
    async fn pg_text_fence(&self, q: &PeopleQuery, walk: bool) -> Result<bool> {
        if self.backend != Backend::Postgres || walk {
            return Ok(false);
        }
        let terms = q
            .text
            .as_deref()
            .map(crate::people_search::search_terms)
            .unwrap_or_default();
        Ok(!terms.is_empty() && self.missing_search_extension().await?.is_none())
    }

    /// The count and page statements of a people search with their bound values (shared with
    /// [`Store::explain_people_search`], so the query-plan tests check the statements run).
    /// `fence` (PostgreSQL, see [`Store::pg_text_fence`]): the search's matches are read first,
    /// through the trigram index, in a `MATERIALIZED` CTE the planner cannot see past.
    /// `words` (see `people_words`): the page merges one seek of the words index per word.
    fn people_statements(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
        limit: u64,
        cursor: Option<&CursorKeys>,
        start: Start<'_>,
    ) -> PeopleStatements {
        let Start { walk, fence, words } = start;
        let pg = self.backend == Backend::Postgres;
        let mut binds = Binds::default();
        let scheme_ph = binds.text(scheme.to_string());
        let mut conds = vec![format!("p.scheme_id = {scheme_ph}")];
        // Someone who registered themselves is listed once they confirmed their address, and no
        // longer once their registration was ended ("not employed here").
        conds.push(
            "NOT EXISTS (SELECT 1 FROM registrations rg WHERE rg.person_id = p.id \
             AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed'))"
                .to_string(),
        );
        // An erased person is no longer one of the scheme's staff: their row stays for the
        // records that name it (see `rights`), but the people list and its counts leave it out.
        conds.push("p.erased_at IS NULL".to_string());
        let terms = q
            .text
            .as_deref()
            .map(crate::people_search::search_terms)
            .unwrap_or_default();
        // On SQLite, unless the caller chose the walk (see `Store::people_text_walk`), a search
        // starts from the text index and stays in `people_search`, which carries each person's
        // scheme, name keys and whether the list shows them (kept by triggers, see
        // `people_search`): its matches are tested, ordered and paged there, and only the page's
        // people are read from `people`. `ps_conds` are those tests, on `ps.person_id`.
        // A one-term search the words index answers (see `people_words`): the page merges one
        // seek of `people_search_words` per vocabulary word containing the term, each already in
        // list order; `w_conds` are the tests of each of its rows, on `w.person_id` (the rows are
        // only those of people the list shows, in the key's scheme).
        let words = words.filter(|w| !w.is_empty() && !terms.is_empty());
        let mut w_conds: Vec<String> = Vec::new();
        let text_index = !pg && !walk && !terms.is_empty() && words.is_none();
        let mut ps_conds = vec![
            format!("ps.scheme_id = {scheme_ph}"),
            "ps.listed = 1".to_string(),
        ];
        // The people an organisation coordinator may see: those employed at their organisations
        // (through the employments index) and themselves. As a set to start from, not as
        // `p.id = me OR p.id IN (…)`, which makes SQLite read every person of the scheme.
        // (placeholders of the organisations, of the reader)
        let scope_orgs: Option<(Vec<String>, String)> = match &q.scope {
            PeopleScope::All => None,
            PeopleScope::Organisations(orgs) if !orgs.is_empty() => {
                let list: Vec<String> = orgs.iter().map(|o| binds.text(o.to_string())).collect();
                let me = binds.text(q.actor.to_string());
                Some((list, me))
            }
            PeopleScope::OnlySelf | PeopleScope::Organisations(_) => {
                let me = binds.text(q.actor.to_string());
                conds.push(format!("p.id = {me}"));
                ps_conds.push(format!("ps.person_id = {me}"));
                w_conds.push(format!("w.person_id = {me}"));
                None
            }
        };
        // The text index's query (SQLite), bound once for both statements.
        let mut fts_match: Option<String> = None;
        // The words' placeholders (the words index), likewise.
        let mut word_phs: Vec<String> = Vec::new();
        if let Some(ws) = words {
            word_phs = ws.iter().map(|w| binds.text(w.as_str())).collect();
        } else if !terms.is_empty() {
            // The caller decided (`walk`, see `Store::people_text_walk`) whether the text index's
            // matches are few enough to start from, or so many that walking the name order and
            // testing each row is cheaper. PostgreSQL starts from them behind a fence (`fence`,
            // see `inner` below); without the trigram index its planner chooses.
            if text_index {
                fts_match = Some(binds.text(crate::people_search::fts_query(&terms)));
            } else {
                for t in &terms {
                    conds.push(format!(
                        "p.search_key LIKE {} ESCAPE '\\'",
                        binds.text(format!("%{}%", like_escape(t)))
                    ));
                }
            }
        }
        // The conditions the trigram index's matches meet behind PostgreSQL's fence (see `inner`
        // below); the scope and filters after them are tests of each match, outside it, on
        // `m.id`, so the fence's statement is the same in every scope and its plan starts from
        // the index whatever they are.
        let text_conds = conds.len();
        let who = if fence { "m.id" } else { "p.id" };
        // Starting from the text index's matches, the scope is a test of each match (through
        // `employments_person`), not a set of the whole organisation's people built first.
        if let (true, Some((list, me))) = (text_index, &scope_orgs) {
            ps_conds.push(format!(
                "(ps.person_id = {me} OR ps.person_id IN (SELECT se.person_id FROM employments se \
                 WHERE se.person_id = ps.person_id AND se.organisation_id IN ({})))",
                list.join(", ")
            ));
        }
        // Each row of the words index's seeks likewise.
        if let (Some(_), Some((list, me))) = (words, &scope_orgs) {
            w_conds.push(format!(
                "(w.person_id = {me} OR w.person_id IN (SELECT se.person_id FROM employments se \
                 WHERE se.person_id = w.person_id AND se.organisation_id IN ({})))",
                list.join(", ")
            ));
        }
        // Behind PostgreSQL's fence likewise, correlated so it stays a test of each match (an
        // uncorrelated `IN` may be hashed from the organisations' whole staff).
        if let (true, Some((list, me))) = (fence, &scope_orgs) {
            conds.push(format!(
                "({who} = {me} OR {who} IN (SELECT se.person_id FROM employments se \
                 WHERE se.person_id = {who} AND se.organisation_id IN ({})))",
                list.join(", ")
            ));
        }
        // A scoped reader sees only employments at their organisations (plus all of their own):
        // both the employment filters and the displayed employment are restricted to those, or
        // another organisation's job would leak through the list or be probed by filtering.
        let visible_orgs: Option<Vec<String>> = match &q.scope {
            PeopleScope::Organisations(orgs) if !orgs.is_empty() => {
                Some(orgs.iter().map(|o| o.to_string()).collect())
            }
            _ => None,
        };
        let mut emp = Vec::new();
        if let Some(o) = q.organisation {
            emp.push(format!(
                "fe.organisation_id = {}",
                binds.text(o.to_string())
            ));
        }
        if let Some(prof) = &q.profession {
            // Professions are stored as codes (`words::canonical_profession`), so a label typed
            // in either language ("Nurse", "Verpleegkundige") finds what its code finds; the
            // text as typed still finds a profession outside the vocabulary, stored as typed.
            let code = tandem_domain::words::canonical_profession(prof);
            emp.push(format!(
                "fe.profession IN ({}, {})",
                binds.text(prof.as_str()),
                binds.text(code)
            ));
        }
        if let Some(g) = q.grade_system {
            emp.push(format!("fe.grade_system = {}", binds.text(g.code())));
        }
        if !emp.is_empty() {
            if let Some(orgs) = &visible_orgs {
                let me = binds.text(q.actor.to_string());
                let list: Vec<String> = orgs.iter().map(|o| binds.text(o.as_str())).collect();
                emp.push(format!(
                    "(fe.person_id = {me} OR fe.organisation_id IN ({}))",
                    list.join(", ")
                ));
            }
            // Behind PostgreSQL's fence, correlated for the same reason as the scope's test.
            let each = if fence {
                format!("fe.person_id = {who} AND ")
            } else {
                String::new()
            };
            conds.push(format!(
                "{who} IN (SELECT fe.person_id FROM employments fe WHERE {each}{})",
                emp.join(" AND ")
            ));
            // Correlated, so it is a test of each match, never a set to start from.
            ps_conds.push(format!(
                "ps.person_id IN (SELECT fe.person_id FROM employments fe \
                 WHERE fe.person_id = ps.person_id AND {})",
                emp.join(" AND ")
            ));
            w_conds.push(format!(
                "w.person_id IN (SELECT fe.person_id FROM employments fe \
                 WHERE fe.person_id = w.person_id AND {})",
                emp.join(" AND ")
            ));
        }
        // Employment conditions are `IN` subqueries, not `EXISTS`: SQLite 3.51 rewrites such an
        // `EXISTS` into a join and then counts a person with two matching employments twice
        // towards OFFSET, skipping people (caught by the brute-force oracle test).
        let where_sql = conds.join(" AND ");
        // PostgreSQL's fence: the matches (`fenced`), then the tests of each (`m_tests`).
        let fenced = conds[..text_conds].join(" AND ");
        let m_tests: String = conds[text_conds..]
            .iter()
            .map(|t| format!(" AND {t}"))
            .collect();
        // The text index's matches with their `people_search` rows (SQLite): `CROSS JOIN` keeps
        // the index as the outer loop, so a bounded count stops after the cap's matches and no
        // test of a scope or filter becomes a set to start from (which made SQLite run the whole
        // MATCH again for each of an organisation's people: 14 ms became 167 ms on 10,000).
        let ps_source = fts_match.as_ref().map(|m| {
            (
                "people_search_fts CROSS JOIN people_search ps ON ps.rowid = people_search_fts.rowid",
                format!("people_search_fts MATCH {m} AND {}", ps_conds.join(" AND ")),
            )
        });

        // Counted up to one past the cap: bounded work however many match.
        let cap = if q.exact_total {
            u64::MAX - 1
        } else {
            crate::people_search::COUNT_CAP
        };
        // Key columns hold Rust-lower-cased text; the "C" collation makes PostgreSQL compare
        // them by code point exactly as SQLite does, so both backends page identically.
        let c = if pg { " COLLATE \"C\"" } else { "" };
        let join = if pg { "JOIN" } else { "CROSS JOIN" };
        // An organisation coordinator's list (when no text index starts it): per organisation one
        // seek of `employments_organisation_name` in list order, stopping after the rows the page
        // can need, and the reader's own row; merged by `UNION` (a person employed at two of the
        // organisations has the same keys in both, so is listed once). The merge sorts at most
        // (organisations + 1) × (page + 1) rows, never the organisations' whole staff (1.1 s for
        // 25,000 employees at 1,000,000 people when they were all read and sorted).
        let merged = match (&ps_source, &scope_orgs) {
            (None, Some(scope)) if !fence && words.is_none() => Some(scope),
            _ => None,
        };
        let arms = |seek: Option<&str>, desc: bool, lim: &str| -> String {
            let Some((list, me)) = merged else {
                return String::new();
            };
            let d = if desc { " DESC" } else { "" };
            let seek_on = |cols: &str| match seek {
                None => String::new(),
                Some(keys) => {
                    let op = if desc { "<" } else { ">" };
                    format!(" AND ({cols}) {op} {keys}")
                }
            };
            let seek_e = seek_on(&format!("e.family_key{c}, e.given_key{c}, e.person_id{c}"));
            let seek_p = seek_on(&format!("p.family_key{c}, p.given_key{c}, p.id{c}"));
            let mut parts: Vec<String> = list
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    format!(
                        "SELECT * FROM (SELECT DISTINCT e.family_key{c} AS fk, e.given_key{c} AS gk, \
                         e.person_id{c} AS id FROM employments e {join} people p ON p.id = e.person_id \
                         WHERE e.organisation_id = {o} AND {where_sql}{seek_e} \
                         ORDER BY fk{d}, gk{d}, id{d}{lim}) a{i}"
                    )
                })
                .collect();
            parts.push(format!(
                "SELECT p.family_key{c} AS fk, p.given_key{c} AS gk, p.id{c} AS id FROM people p \
                 WHERE p.id = {me} AND {where_sql}{seek_p}"
            ));
            parts.join(" UNION ")
        };
        // The words index's seeks: per word one range of `people_search_words` in list order from
        // the cursor, each row tested (`w_conds`), stopping after `lim` rows; merged by `UNION`
        // (a person having two of the words is one row). `page`: the page's arms (keys, in list
        // order); else the count's (ids).
        let w_tests: String = w_conds.iter().map(|t| format!(" AND {t}")).collect();
        let word_arms = |page: bool, seek: Option<&str>, desc: bool, lim: &str| -> String {
            let d = if desc { " DESC" } else { "" };
            let seek_sql = match seek {
                None => String::new(),
                Some(keys) => {
                    let op = if desc { "<" } else { ">" };
                    format!(" AND (w.family_key{c}, w.given_key{c}, w.person_id{c}) {op} {keys}")
                }
            };
            let (cols, order) = if page {
                (
                    format!("w.family_key{c} AS fk, w.given_key{c} AS gk, w.person_id{c} AS id"),
                    format!(" ORDER BY w.family_key{c}{d}, w.given_key{c}{d}, w.person_id{c}{d}"),
                )
            } else {
                ("w.person_id AS id".to_string(), String::new())
            };
            word_phs
                .iter()
                .enumerate()
                .map(|(i, word)| {
                    format!(
                        "SELECT * FROM (SELECT {cols} FROM people_search_words w \
                         WHERE w.scheme_id = {scheme_ph} AND w.word = {word}{w_tests}{seek_sql}\
                         {order}{lim}) w{i}"
                    )
                })
                .collect::<Vec<_>>()
                .join(" UNION ")
        };
        let count_sql = if !word_phs.is_empty() {
            let lim = if q.exact_total {
                String::new()
            } else {
                format!(" LIMIT {}", crate::people_search::COUNT_CAP + 1)
            };
            // Each word's range counted up to one past the cap: if one reaches it, so does the
            // union; if none does, the union is exact.
            format!(
                "SELECT COUNT(*) AS n FROM ({}) c",
                word_arms(false, None, false, &lim)
            )
        } else if let Some((list, me)) = merged {
            let lim = if q.exact_total {
                String::new()
            } else {
                format!(" LIMIT {}", crate::people_search::COUNT_CAP + 1)
            };
            // Counted by person id through `employments_organisation`, whose order lets each
            // organisation's distinct people stop at the cap (no order by name is needed).
            let mut parts: Vec<String> = list
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    format!(
                        "SELECT * FROM (SELECT DISTINCT e.person_id AS id FROM employments e \
                         {join} people p ON p.id = e.person_id \
                         WHERE e.organisation_id = {o} AND {where_sql} ORDER BY e.person_id{lim}) a{i}"
                    )
                })
                .collect();
            parts.push(format!(
                "SELECT p.id AS id FROM people p WHERE p.id = {me} AND {where_sql}"
            ));
            format!("SELECT COUNT(*) AS n FROM ({}) c", parts.join(" UNION "))
        } else if let Some((src, ps_where)) = &ps_source {
            if q.exact_total {
                format!("SELECT COUNT(*) AS n FROM {src} WHERE {ps_where}")
            } else {
                format!(
                    "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {src} WHERE {ps_where} LIMIT {}) c",
                    cap + 1
                )
            }
        } else if fence {
            // The matches behind the fence (see `inner` below); the count stops at the cap.
            let m = format!(
                "WITH m AS MATERIALIZED (SELECT p.id FROM people p WHERE {fenced}) \
                 SELECT COUNT(*) AS n FROM "
            );
            if q.exact_total {
                format!("{m}m WHERE TRUE{m_tests}")
            } else {
                format!(
                    "{m}(SELECT 1 AS one FROM m WHERE TRUE{m_tests} LIMIT {}) c",
                    cap + 1
                )
            }
        } else if q.exact_total {
            format!("SELECT COUNT(*) AS n FROM people p WHERE {where_sql}")
        } else {
            format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM people p WHERE {where_sql} LIMIT {}) c",
                cap + 1
            )
        };
        let count_binds = binds.0.clone();
        let order = format!("p.family_key{c}, p.given_key{c}, p.id{c}");
        let seek_keys: Option<String> = cursor.map(|(_, fk, gk, id)| {
            format!(
                "({}, {}, {})",
                binds.text(fk.as_str()),
                binds.text(gk.as_str()),
                binds.text(id.to_string())
            )
        });
        // The order and the cursor's seek over the key columns `fk`, `gk`, `id` (those of
        // `people`, or their copies in `people_search`).
        let order_and_seek = |fk: &str, gk: &str, id: &str| -> (String, String) {
            let cols = format!("({fk}{c}, {gk}{c}, {id}{c})");
            match (cursor, &seek_keys) {
                (Some((PeopleCursor::Before(_), ..)), Some(keys)) => (
                    format!("{fk}{c} DESC, {gk}{c} DESC, {id}{c} DESC"),
                    format!(" AND {cols} < {keys}"),
                ),
                (_, Some(keys)) => (
                    format!("{fk}{c}, {gk}{c}, {id}{c}"),
                    format!(" AND {cols} > {keys}"),
                ),
                (_, None) => (format!("{fk}{c}, {gk}{c}, {id}{c}"), String::new()),
            }
        };
        let (inner_order, seek) = order_and_seek("p.family_key", "p.given_key", "p.id");
        let backwards = matches!(cursor, Some((PeopleCursor::Before(_), ..)));
        // One row more than the page: whether there is a next page, without counting.
        let limit_ph = binds.int(codec::i64_from(limit + 1));
        let skip = if cursor.is_none() { q.offset } else { 0 };
        let offset_sql = if skip > 0 {
            format!(" OFFSET {}", binds.int(codec::i64_from(skip)))
        } else {
            String::new()
        };
        // Each organisation's (or word's) seek stops after the rows the merged page can need.
        let inner = if merged.is_some() || !word_phs.is_empty() {
            let arm_lim = format!(
                " LIMIT {}",
                binds.int(codec::i64_from(
                    limit.saturating_add(1).saturating_add(skip)
                ))
            );
            let d = if backwards { " DESC" } else { "" };
            // The id leaves the merge in the database's own collation again: compared in "C"
            // with `people.id`, PostgreSQL could not use the primary key and read all of
            // `people` into a hash (630 ms at 1,000,000 people).
            let id_back = if pg { " COLLATE \"default\"" } else { "" };
            format!(
                "SELECT p.* FROM (SELECT m.id{id_back} AS person_id FROM ({}) m \
                 ORDER BY m.fk{c}{d}, m.gk{c}{d}, m.id{c}{d} LIMIT {limit_ph}{offset_sql}) d \
                 {join} people p ON p.id = d.person_id",
                if word_phs.is_empty() {
                    arms(seek_keys.as_deref(), backwards, &arm_lim)
                } else {
                    word_arms(true, seek_keys.as_deref(), backwards, &arm_lim)
                }
            )
        } else if let Some((src, ps_where)) = &ps_source {
            // Ordered and paged on `people_search`'s copies of the keys (a sort of the matches'
            // keys that keeps only the page's rows: SQLite's sorter under `LIMIT` holds the
            // page and the rows skipped); then the page's people (`ranked`) by primary key.
            let (ps_order, ps_seek) =
                order_and_seek("ps.family_key", "ps.given_key", "ps.person_id");
            format!(
                "SELECT p.* FROM (SELECT ps.person_id FROM {src} WHERE {ps_where}{ps_seek} \
                 ORDER BY {ps_order} LIMIT {limit_ph}{offset_sql}) ranked \
                 CROSS JOIN people p ON p.id = ranked.person_id"
            )
        } else if fence {
            // PostgreSQL, fewer matches than `WALK_FROM`: the matches read through the trigram
            // index in a `MATERIALIZED` CTE, which the planner plans on its own, for all its
            // rows, so it cannot choose to walk the name order hoping to meet the page's rows
            // early (its estimate assumes matches spread evenly; a family name's all sit in one
            // stretch: "jansen" walked 308,610 rows, 2.3 s, at 1,000,000 people). Then each
            // match's tests and the cursor's seek, their keys sorted keeping the page (a top-N
            // sort), and the page's people by primary key (as an array of ids: a join let the
            // planner hash the page against all of people).
            let (m_order, m_seek) = order_and_seek("m.family_key", "m.given_key", "m.id");
            format!(
                "WITH m AS MATERIALIZED (SELECT p.id, p.family_key, p.given_key FROM people p \
                 WHERE {fenced}) \
                 SELECT p.* FROM people p WHERE p.id = ANY (ARRAY(SELECT m.id FROM m \
                 WHERE TRUE{m_tests}{m_seek} ORDER BY {m_order} LIMIT {limit_ph}{offset_sql}))"
            )
        } else {
            format!(
                "SELECT p.* FROM people p WHERE {where_sql}{seek} ORDER BY {inner_order} \
                 LIMIT {limit_ph}{offset_sql}"
            )
        };
        let shown_scope = match &visible_orgs {
            None => String::new(),
            Some(orgs) => {
                let me = binds.text(q.actor.to_string());
                let list: Vec<String> = orgs.iter().map(|o| binds.text(o.as_str())).collect();
                format!(
                    " AND (e2.person_id = {me} OR e2.organisation_id IN ({}))",
                    list.join(", ")
                )
            }
        };
        // Page first, then join each paged person's primary employment: the correlated
        // subquery runs for at most `limit` rows, not for every match. PostgreSQL gets it as a
        // LATERAL join (with the subquery in the join condition it may hash every employment);
        // SQLite has no LATERAL, and looks each one up by primary key.
        let shown_from = format!(
            "FROM employments e2 WHERE e2.person_id = page.id{shown_scope} \
             ORDER BY e2.is_primary DESC, e2.ordinal LIMIT 1"
        );
        let shown = if pg {
            format!("LEFT JOIN LATERAL (SELECT e2.* {shown_from}) e ON TRUE")
        } else {
            format!("LEFT JOIN employments e ON e.id = (SELECT e2.id {shown_from})")
        };
        // The page is named `page`, not `p`, so a plan's "SCAN page" (its own few rows) is told
        // apart from a scan of people.
        let page_cols = PERSON_COLS.replace("p.", "page.");
        let page_order = order.replace("p.", "page.");
        let page_sql = format!(
            "SELECT {page_cols}, e.organisation_id AS e_org, o.name AS e_org_name, e.job_title AS e_job, \
             e.profession AS e_prof, e.grade_system AS e_gs, e.grade AS e_grade \
             FROM ({inner}) page \
             {shown} \
             LEFT JOIN organisations o ON o.id = e.organisation_id \
             ORDER BY {page_order}"
        );
        PeopleStatements {
            count_sql,
            count_binds,
            page_sql,
            page_binds: binds.0,
            cap,
        }
    }

    /// PostgreSQL's planner estimate of `table`'s rows (`pg_class.reltuples`: -1 until the
    /// table was first analysed), for the test that a large import refreshes it; `None` on
    /// SQLite.
    #[doc(hidden)]
    pub async fn planner_row_estimate(&self, table: &str) -> Result<Option<f64>> {
        if self.backend != Backend::Postgres {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT CAST(c.reltuples AS DOUBLE PRECISION) AS n FROM pg_class c \
             WHERE c.relname = $1 AND pg_table_is_visible(c.oid)",
        )
        .bind(table)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(Some(row.try_get::<f64, _>("n").map_err(db)?))
    }

    /// The plans of a people search's statements (SQLite's `EXPLAIN QUERY PLAN` lines,
    /// PostgreSQL's `EXPLAIN` lines after `ANALYZE`, with sequential scans disabled, so a plan that still reads a
    /// table whole shows there is no index it could use): for the query-plan tests.
    #[doc(hidden)]
    pub async fn explain_people_search(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
    ) -> Result<Vec<String>> {
        let path = self.text_path(scheme, q).await?;
        self.explain_people_search_on(scheme, q, self.start_of(&path))
            .await
    }

    /// [`Store::explain_people_search`] with the text index or the name-order walk chosen by the
    /// caller (see [`Store::search_people_walking`]).
    #[doc(hidden)]
    pub async fn explain_people_search_walking(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
        walk: bool,
    ) -> Result<Vec<String>> {
        let fence = self.pg_text_fence(q, walk).await?;
        let start = Start {
            walk,
            fence,
            words: None,
        };
        self.explain_people_search_on(scheme, q, start).await
    }

    /// [`Store::explain_people_search`] once the way to start is decided.
    async fn explain_people_search_on(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
        start: Start<'_>,
    ) -> Result<Vec<String>> {
        let cursor = self.cursor_keys(scheme, q).await?;
        let st = self.people_statements(scheme, q, q.limit.min(MAX_PAGE), cursor.as_ref(), start);
        let (mut tx, prefix) = self
            .begin_explain(&[
                "people",
                "employments",
                "registrations",
                "people_search_words",
            ])
            .await?;
        if self.backend == Backend::Postgres {
            // What (auto)vacuum does in a running database: the GIN index's pending list,
            // which fresh inserts fill, merged into the index proper.
            sqlx::query(
                "SELECT gin_clean_pending_list(c.oid) FROM pg_class c \
                 WHERE c.relname = 'people_search_trgm' AND pg_table_is_visible(c.oid)",
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        let mut lines = Vec::new();
        for (sql, binds) in [(st.count_sql, st.count_binds), (st.page_sql, st.page_binds)] {
            let rows = bind_all(sqlx::query(AssertSqlSafe(format!("{prefix}{sql}"))), binds)
                .fetch_all(&mut *tx)
                .await
                .map_err(db)?;
            self.plan_lines(&rows, &mut lines)?;
        }
        tx.rollback().await.map_err(db)?;
        Ok(lines)
    }

    /// The keys of the person a query's cursor names (`NotFound` if no one in the scheme).
    async fn cursor_keys(&self, scheme: SchemeId, q: &PeopleQuery) -> Result<Option<CursorKeys>> {
        let Some(cur) = q.cursor else {
            return Ok(None);
        };
        let (PeopleCursor::After(id) | PeopleCursor::Before(id)) = cur;
        let row = sqlx::query(
            "SELECT family_key, given_key FROM people WHERE id = $1 AND scheme_id = $2",
        )
        .bind(id.to_string())
        .bind(scheme.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        Ok(Some((
            cur,
            text(&row, "family_key")?,
            text(&row, "given_key")?,
            id,
        )))
    }

    /// Everyone in the scheme with their employments, in list order (for import matching,
    /// validation and export).
    pub async fn all_people(&self, scheme: SchemeId) -> Result<Vec<PersonRecord>> {
        // One joined query (one row per employment, or one for a person without any): the
        // driver's per-row cost dominates here, so fewer rows beat narrower ones.
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {PERSON_COLS}, e.id AS e_id, e.organisation_id AS e_org, e.job_title AS e_job, \
             e.profession AS e_prof, e.grade_system AS e_gs, e.grade AS e_grade, \
             e.line_manager_id AS e_manager, e.is_primary AS e_primary, e.ordinal AS e_ordinal \
             FROM people p LEFT JOIN employments e ON e.person_id = p.id WHERE p.scheme_id = $1"
        )))
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut by_person: HashMap<PersonId, (Person, Vec<(i64, Employment)>)> = HashMap::new();
        for row in &rows {
            let person = person_from(row)?;
            let entry = by_person
                .entry(person.id)
                .or_insert_with(|| (person.clone(), Vec::new()));
            if let Some(id) = opt_parsed(row, "e_id")? {
                let employment = Employment {
                    id,
                    person_id: person.id,
                    organisation_id: parsed(row, "e_org")?,
                    job_title: text(row, "e_job")?,
                    profession: text(row, "e_prof")?,
                    grade_system: coded(row, "e_gs", GradeSystem::from_code)?,
                    grade: text(row, "e_grade")?,
                    line_manager_id: opt_parsed(row, "e_manager")?,
                    primary: boolean(row, "e_primary")?,
                };
                entry.1.push((codec::int(row, "e_ordinal")?, employment));
            }
        }
        Ok(sorted_records(by_person.into_values()))
    }

    /// Begins a transaction that writes people. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): an insert into `people` fires the search index's triggers into an
    /// FTS5 table, which reads before the statement writes, so a deferred transaction would start
    /// as a reader and fail with "database is locked" when another writer commits first, instead
    /// of waiting its turn under the busy timeout (caught by `concurrent_writers_all_succeed`).
    pub(crate) async fn begin_people_write(
        &self,
    ) -> std::result::Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Writes an import in ONE transaction: all creates and updates, or nothing.
    ///
    /// On PostgreSQL an import of [`BULK_ANALYZE`] people or more also refreshes the planner's
    /// statistics of the tables it filled, in the same transaction.
    ///
    /// People are written before any employment so that line managers created by the same
    /// import already exist when their reports' employments refer to them. An update naming a
    /// person who does not exist fails the whole import with `NotFound`; a taken e-mail fails it
    /// with `Conflict { field: Email }`.
    pub async fn apply_people_import(
        &self,
        creates: &[PersonRecord],
        updates: &[PersonRecord],
    ) -> Result<()> {
        self.apply_people_import_with_grades(creates, updates, &[])
            .await
    }

    /// As [`Store::apply_people_import`], and in the same transaction adds grades new to
    /// councils' own lists (`(council, grade)`; see `local_grades`), so an import that names a
    /// council grade for the first time leaves both the people and the list, or neither.
    pub async fn apply_people_import_with_grades(
        &self,
        creates: &[PersonRecord],
        updates: &[PersonRecord],
        local_grades: &[(tandem_domain::OrganisationId, String)],
    ) -> Result<()> {
        enum Failure {
            Sql(sqlx::Error),
            Missing,
        }
        let large = creates.len() + updates.len() >= BULK_ANALYZE;
        let mut conn = ImportConnection::acquire(self, large).await.map_err(db)?;
        let outcome: std::result::Result<(), Failure> = async {
            let mut tx = match self.backend {
                Backend::Sqlite => conn.0.begin_with("BEGIN IMMEDIATE").await,
                Backend::Postgres => conn.0.begin().await,
            }
            .map_err(Failure::Sql)?;
            // The maintained counts (`people_counts`): what the updated people count for now is
            // taken away, what they count for after the write is added back below; the new
            // people are listed by construction and counted from their records.
            let updated: Vec<PersonId> = updates.iter().map(|r| r.person.id).collect();
            let mut counts = CountsDelta::default();
            counts
                .people(&mut tx, &updated, -1)
                .await
                .map_err(Failure::Sql)?;
            for r in creates {
                counts.new_listed(
                    r.person.scheme_id,
                    r.employments.iter().map(|e| e.organisation_id),
                );
            }
            let new_people: Vec<&Person> = creates.iter().map(|r| &r.person).collect();
            let mut step = crate::Steps::new("people.import");
            // SQLite: many new people's search rows are written once, after theirs.
            let deferred = if self.backend == Backend::Sqlite
                && creates.len() >= crate::people_words::DEFER_SEARCH_FROM
            {
                Some(
                    crate::people_words::DeferredSearch::begin(&mut tx)
                        .await
                        .map_err(Failure::Sql)?,
                )
            } else {
                None
            };
            insert_people(&mut tx, self.backend, &new_people)
                .await
                .map_err(Failure::Sql)?;
            step.done("people", new_people.len());
            if let Some(deferred) = deferred {
                let mut schemes: Vec<SchemeId> = new_people.iter().map(|p| p.scheme_id).collect();
                schemes.sort();
                schemes.dedup();
                deferred
                    .finish(&mut tx, &schemes)
                    .await
                    .map_err(Failure::Sql)?;
                step.done("search", new_people.len());
            }
            for r in updates {
                if !update_person_row(&mut tx, &r.person)
                    .await
                    .map_err(Failure::Sql)?
                {
                    return Err(Failure::Missing);
                }
            }
            delete_employments(&mut tx, self.backend, &updated)
                .await
                .map_err(Failure::Sql)?;
            let rows: Vec<(PersonId, i64, &Employment)> = creates
                .iter()
                .chain(updates)
                .flat_map(|r| numbered(r.person.id, &r.employments))
                .collect();
            let listed: Vec<&Person> = creates.iter().chain(updates).map(|r| &r.person).collect();
            insert_employments(&mut tx, self.backend, &listed, &rows)
                .await
                .map_err(Failure::Sql)?;
            step.done("employments", rows.len());
            // New people have no listing yet; the updated ones' listings follow their rows.
            refresh_directory_copies(&mut tx, self.backend, &updated)
                .await
                .map_err(Failure::Sql)?;
            for (council, grade) in local_grades {
                crate::local_grades::add_local_grades(
                    &mut tx,
                    *council,
                    std::slice::from_ref(grade),
                )
                .await
                .map_err(Failure::Sql)?;
            }
            if self.backend == Backend::Postgres && creates.len() + updates.len() >= BULK_ANALYZE {
                // PostgreSQL plans from table statistics that autovacuum refreshes only a minute
                // or so later. Right after a large import its planner still believes the tables
                // are nearly empty and walks a whole scheme's people to sort them (356 ms for the
                // first page of 100,000 people, against 0.3 ms once analysed). ANALYZE samples a
                // fixed number of rows, so this costs well under a second at any size; inside the
                // transaction it commits or rolls back with the import.
                sqlx::query("ANALYZE people, employments, registrations")
                    .execute(&mut *tx)
                    .await
                    .map_err(Failure::Sql)?;
            }
            counts
                .people(&mut tx, &updated, 1)
                .await
                .map_err(Failure::Sql)?;
            // Last before COMMIT (see `people_counts` on concurrent writers).
            counts.apply(&mut tx).await.map_err(Failure::Sql)?;
            step.done("counts", updated.len());
            self.commit(tx).await.map_err(Failure::Sql)?;
            step.done("commit", 0);
            Ok(())
        }
        .await;
        conn.release().await;
        match outcome {
            Ok(()) => Ok(()),
            Err(Failure::Missing) => Err(StoreError::NotFound),
            Err(Failure::Sql(e)) if is_unique_violation(&e) => {
                let all: Vec<&Person> = creates.iter().chain(updates).map(|r| &r.person).collect();
                Err(self.person_conflict(&all).await)
            }
            Err(Failure::Sql(e)) => Err(db(e)),
        }
    }
}

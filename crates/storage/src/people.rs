//! People, their employments, the scoped people search and the transactional import.

use crate::codec::{boolean, coded, key, like_escape, opt_parsed, opt_text, parsed, text};
use crate::error::{Result, StoreError, UniqueField, db, is_unique_violation};
use crate::records::{MAX_PAGE, Page, PeopleQuery, PersonRecord, PersonSummary};
use crate::{Backend, Store, codec};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;
use tandem_domain::policy::PeopleScope;
use tandem_domain::{Employment, GradeSystem, Language, Person, PersonId, SchemeId};

/// Rows per multi-row INSERT in imports: large enough to cut round trips, small enough to stay
/// far below SQLite's and PostgreSQL's bound-parameter limits (32,766 and 65,535).
const BATCH_ROWS: usize = 200;

const PERSON_COLS: &str = "p.id, p.scheme_id, p.given_name, p.family_name, p.email, p.language";
const EMPLOYMENT_COLS: &str = "e.id, e.person_id, e.organisation_id, e.job_title, e.profession, e.grade_system, e.grade, e.line_manager_id, e.is_primary";

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

fn person_from(row: &AnyRow) -> Result<Person> {
    Ok(Person {
        id: parsed(row, "id")?,
        scheme_id: parsed(row, "scheme_id")?,
        given_name: text(row, "given_name")?,
        family_name: text(row, "family_name")?,
        email: text(row, "email")?,
        language: coded(row, "language", Language::from_tag)?,
    })
}

fn employment_from(row: &AnyRow) -> Result<Employment> {
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

/// The lower-cased text searched by "contains" queries.
fn search_text(p: &Person) -> String {
    format!(
        "{} {} {}",
        key(&p.given_name),
        key(&p.family_name),
        key(&p.email)
    )
}

/// The values of one `people` row, in [`PERSON_INSERT_COLS`] order.
fn person_values(p: &Person) -> [String; 10] {
    [
        p.id.to_string(),
        p.scheme_id.to_string(),
        p.given_name.clone(),
        p.family_name.clone(),
        p.email.clone(),
        key(p.email.trim()),
        p.language.tag().to_string(),
        key(&p.family_name),
        key(&p.given_name),
        search_text(p),
    ]
}

const PERSON_INSERT_COLS: &str = "id, scheme_id, given_name, family_name, email, email_key, language, family_key, given_key, search_text";

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
    for chunk in people.chunks(BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO people ({PERSON_INSERT_COLS}) VALUES {}",
            values_clause(backend, chunk.len(), 10)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for p in chunk {
            for v in person_values(p) {
                q = q.bind(v);
            }
        }
        q.execute(&mut *conn).await?;
    }
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
    ] = person_values(p);
    let done = sqlx::query(
        "UPDATE people SET given_name = $2, family_name = $3, email = $4, email_key = $5, language = $6, \
         family_key = $7, given_key = $8, search_text = $9 WHERE id = $1",
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
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Inserts employments; each belongs to the person it is listed with (its own `person_id` is
/// not trusted), and keeps its position in the list.
pub(crate) async fn insert_employments(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[(PersonId, i64, &Employment)],
) -> std::result::Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH_ROWS) {
        let sql = format!(
            "INSERT INTO employments (id, person_id, organisation_id, ordinal, job_title, profession, grade_system, \
             grade, line_manager_id, is_primary) VALUES {}",
            values_clause(backend, chunk.len(), 10)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (person, ordinal, e) in chunk {
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
                .bind(i32::from(e.primary));
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
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
    for chunk in people.chunks(BATCH_ROWS) {
        let ph: Vec<String> = (1..=chunk.len()).map(|i| placeholder(backend, i)).collect();
        let sql = format!(
            "DELETE FROM employments WHERE person_id IN ({})",
            ph.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(id.to_string());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

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
            let mut tx = self.pool.begin().await?;
            insert_people(&mut tx, self.backend, &[p]).await?;
            insert_employments(
                &mut tx,
                self.backend,
                &numbered(p.id, employments).collect::<Vec<_>>(),
            )
            .await?;
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
    pub async fn search_people(
        &self,
        scheme: SchemeId,
        q: &PeopleQuery,
    ) -> Result<Page<PersonSummary>> {
        let limit = q.limit.min(MAX_PAGE);
        let mut binds = Binds::default();
        let mut conds = vec![format!("p.scheme_id = {}", binds.text(scheme.to_string()))];
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
        match &q.scope {
            PeopleScope::All => {}
            PeopleScope::OnlySelf => {
                conds.push(format!("p.id = {}", binds.text(q.actor.to_string())))
            }
            PeopleScope::Organisations(orgs) if orgs.is_empty() => {
                conds.push(format!("p.id = {}", binds.text(q.actor.to_string())));
            }
            PeopleScope::Organisations(orgs) => {
                let me = binds.text(q.actor.to_string());
                let list: Vec<String> = orgs.iter().map(|o| binds.text(o.to_string())).collect();
                conds.push(format!(
                    "(p.id = {me} OR p.id IN (SELECT se.person_id FROM employments se \
                     WHERE se.organisation_id IN ({})))",
                    list.join(", ")
                ));
            }
        }
        if let Some(t) = &q.text {
            for word in key(t).split_whitespace() {
                conds.push(format!(
                    "p.search_text LIKE {} ESCAPE '\\'",
                    binds.text(format!("%{}%", like_escape(word)))
                ));
            }
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
            emp.push(format!("fe.profession = {}", binds.text(prof.as_str())));
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
            conds.push(format!(
                "p.id IN (SELECT fe.person_id FROM employments fe WHERE {})",
                emp.join(" AND ")
            ));
        }
        // Employment conditions are `IN` subqueries, not `EXISTS`: SQLite 3.51 rewrites such an
        // `EXISTS` into a join and then counts a person with two matching employments twice
        // towards OFFSET, skipping people (caught by the brute-force oracle test).
        let where_sql = conds.join(" AND ");

        let count_sql = format!("SELECT COUNT(*) AS n FROM people p WHERE {where_sql}");
        let total = bind_all(sqlx::query(AssertSqlSafe(count_sql)), binds.0.clone())
            .fetch_one(&self.pool)
            .await
            .map_err(db)?
            .try_get::<i64, _>("n")
            .map_err(db)?;

        // Key columns hold Rust-lower-cased text; the "C" collation makes PostgreSQL compare
        // them by code point exactly as SQLite does, so both backends page identically.
        let c = if self.backend == Backend::Postgres {
            " COLLATE \"C\""
        } else {
            ""
        };
        let order = format!("p.family_key{c}, p.given_key{c}, p.id{c}");
        let limit_ph = binds.int(codec::i64_from(limit));
        let offset_ph = binds.int(codec::i64_from(q.offset));
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
        // subquery runs for at most `limit` rows, not for every match.
        let page_sql = format!(
            "SELECT {PERSON_COLS}, e.organisation_id AS e_org, o.name AS e_org_name, e.job_title AS e_job, \
             e.profession AS e_prof, e.grade_system AS e_gs, e.grade AS e_grade \
             FROM (SELECT * FROM people p WHERE {where_sql} ORDER BY {order} LIMIT {limit_ph} OFFSET {offset_ph}) p \
             LEFT JOIN employments e ON e.id = (SELECT e2.id FROM employments e2 WHERE e2.person_id = p.id{shown_scope} \
             ORDER BY e2.is_primary DESC, e2.ordinal LIMIT 1) \
             LEFT JOIN organisations o ON o.id = e.organisation_id \
             ORDER BY {order}"
        );
        let rows = bind_all(sqlx::query(AssertSqlSafe(page_sql)), binds.0)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let items = rows
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
        Ok(Page {
            items,
            total: u64::try_from(total).unwrap_or(0),
            offset: q.offset,
            limit,
        })
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
        let mut records: Vec<PersonRecord> = by_person
            .into_values()
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
                key(&r.person.family_name),
                key(&r.person.given_name),
                r.person.id,
            )
        });
        Ok(records)
    }

    /// Writes an import in ONE transaction: all creates and updates, or nothing.
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
        let outcome: std::result::Result<(), Failure> = async {
            let mut tx = self.pool.begin().await.map_err(Failure::Sql)?;
            let new_people: Vec<&Person> = creates.iter().map(|r| &r.person).collect();
            insert_people(&mut tx, self.backend, &new_people)
                .await
                .map_err(Failure::Sql)?;
            for r in updates {
                if !update_person_row(&mut tx, &r.person)
                    .await
                    .map_err(Failure::Sql)?
                {
                    return Err(Failure::Missing);
                }
            }
            let updated: Vec<PersonId> = updates.iter().map(|r| r.person.id).collect();
            delete_employments(&mut tx, self.backend, &updated)
                .await
                .map_err(Failure::Sql)?;
            let rows: Vec<(PersonId, i64, &Employment)> = creates
                .iter()
                .chain(updates)
                .flat_map(|r| numbered(r.person.id, &r.employments))
                .collect();
            insert_employments(&mut tx, self.backend, &rows)
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
            self.commit(tx).await.map_err(Failure::Sql)
        }
        .await;
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

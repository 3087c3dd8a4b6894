//! Import previews waiting for confirmation: the parsed file of an upload whose every row was
//! valid, kept until its uploader confirms it or it expires. Kept in the database rather than in
//! one process's memory so that any `serve` instance behind a load balancer can commit it.

use crate::codec::{int, text, ts};
use crate::error::{Result, db};
use crate::people::{employment_from, person_from, sorted_records};
use crate::{Backend, PersonRecord, Store};
use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;
use std::collections::{HashMap, HashSet};
use tandem_domain::{Employment, Organisation, Person, PersonId, SchemeId};

/// Keys per `IN (…)` lookup of [`Store::people_for_import`]: few statements for a file of a
/// million rows, far below SQLite's and PostgreSQL's bound-parameter limits (32,766; 65,535).
const LOOKUP_KEYS: usize = 2_000;

fn placeholders(backend: Backend, n: usize) -> String {
    (1..=n)
        .map(|i| match backend {
            Backend::Postgres => format!("${i}"),
            Backend::Sqlite => "?".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// The people an import naming `email_keys` (normalised addresses: the file's people and
    /// line managers) must be checked against, with all their employments: those with one of
    /// these addresses, those whose stored address is not plain ASCII (stored before addresses
    /// were normalised, they may match a file address only once normalised: an index-only scan
    /// of the scheme's keys), and, following line-manager links from all of them, every manager
    /// up their chains (so a line-management cycle through existing people is still found).
    ///
    /// This replaces reading everyone ([`Store::all_people`]) for an import: the work grows with
    /// the file, not with the scheme. Sorted as `all_people` sorts, so validation sees the people
    /// in the same order either way.
    pub async fn people_for_import(
        &self,
        scheme: SchemeId,
        email_keys: &[String],
    ) -> Result<Vec<PersonRecord>> {
        const COLS: &str = "id, scheme_id, given_name, family_name, email, language";
        let mut people: HashMap<PersonId, Person> = HashMap::new();
        let mut keys: Vec<&str> = email_keys.iter().map(String::as_str).collect();
        keys.sort_unstable();
        keys.dedup();
        for chunk in keys.chunks(LOOKUP_KEYS) {
            let sql = format!(
                "SELECT {COLS} FROM people WHERE scheme_id = {} AND email_key IN ({})",
                match self.backend {
                    Backend::Postgres => "$1".to_string(),
                    Backend::Sqlite => "?".to_string(),
                },
                match self.backend {
                    Backend::Postgres => (2..=chunk.len() + 1)
                        .map(|i| format!("${i}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    Backend::Sqlite => placeholders(self.backend, chunk.len()),
                }
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(scheme.to_string());
            for k in chunk {
                q = q.bind(*k);
            }
            for row in q.fetch_all(&self.pool).await.map_err(db)? {
                let p = person_from(&row)?;
                people.insert(p.id, p);
            }
        }
        let legacy = match self.backend {
            Backend::Sqlite => {
                "SELECT id, scheme_id, given_name, family_name, email, language \
                               FROM people WHERE scheme_id = $1 AND email_key GLOB '*[^ -~]*'"
            }
            Backend::Postgres => {
                "SELECT id, scheme_id, given_name, family_name, email, language \
                                  FROM people WHERE scheme_id = $1 AND email_key ~ '[^ -~]'"
            }
        };
        for row in sqlx::query(legacy)
            .bind(scheme.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?
        {
            let p = person_from(&row)?;
            people.insert(p.id, p);
        }
        // Employments of everyone found, then the managers they name, until no one is new.
        let mut employments: HashMap<PersonId, Vec<(i64, Employment)>> = HashMap::new();
        let mut todo: Vec<PersonId> = people.keys().copied().collect();
        let mut seen: HashSet<PersonId> = todo.iter().copied().collect();
        while !todo.is_empty() {
            let mut managers: Vec<PersonId> = Vec::new();
            for chunk in todo.chunks(LOOKUP_KEYS) {
                let sql = format!(
                    "SELECT id, person_id, organisation_id, job_title, profession, grade_system, \
                     grade, line_manager_id, is_primary, ordinal FROM employments \
                     WHERE person_id IN ({})",
                    placeholders(self.backend, chunk.len())
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for id in chunk {
                    q = q.bind(id.to_string());
                }
                for row in q.fetch_all(&self.pool).await.map_err(db)? {
                    let e = employment_from(&row)?;
                    if let Some(m) = e.line_manager_id
                        && seen.insert(m)
                    {
                        managers.push(m);
                    }
                    employments
                        .entry(e.person_id)
                        .or_default()
                        .push((int(&row, "ordinal")?, e));
                }
            }
            for chunk in managers.chunks(LOOKUP_KEYS) {
                let sql = format!(
                    "SELECT {COLS} FROM people WHERE id IN ({})",
                    placeholders(self.backend, chunk.len())
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for id in chunk {
                    q = q.bind(id.to_string());
                }
                for row in q.fetch_all(&self.pool).await.map_err(db)? {
                    let p = person_from(&row)?;
                    people.insert(p.id, p);
                }
            }
            todo = managers;
        }
        Ok(sorted_records(people.into_values().map(|person| {
            let emps = employments.remove(&person.id).unwrap_or_default();
            (person, emps)
        })))
    }

    /// Keeps a preview under `id_hash` for `person` until `expires_at`, replacing any preview of
    /// theirs that is still waiting: one per person, so repeated uploads cannot pile files up.
    /// `rows` is opaque to the store (the use case's JSON).
    pub async fn keep_import_preview(
        &self,
        id_hash: &str,
        person: PersonId,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        rows: &str,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM import_previews WHERE person_id = $1")
            .bind(person.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO import_previews (id_hash, person_id, created_at, expires_at, rows) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(person.to_string())
        .bind(ts(created_at))
        .bind(ts(expires_at))
        .bind(rows)
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::error::db_or_conflict(e, crate::UniqueField::Id))?;
        self.commit(tx).await.map_err(db)
    }

    /// Takes the preview `id_hash` of `person` out of the store if it has not expired at `now`:
    /// whoever takes it first has it, so a preview is committed at most once even when two
    /// confirmations race on two instances. Someone else's or an expired preview is `None`.
    pub async fn take_import_preview(
        &self,
        id_hash: &str,
        person: PersonId,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let row = sqlx::query(
            "DELETE FROM import_previews WHERE id_hash = $1 AND person_id = $2 AND expires_at > $3 \
             RETURNING rows",
        )
        .bind(id_hash)
        .bind(person.to_string())
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(|r| text(r, "rows")).transpose()
    }

    /// Deletes previews that expired by `now`; returns how many.
    pub async fn delete_expired_import_previews(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM import_previews WHERE expires_at <= $1")
            .bind(ts(now))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    /// Adds the organisations of an organisations import in one transaction: all or none. A
    /// name already taken in the scheme (ignoring case; someone added it since the preview) fails
    /// the whole import with `Conflict { field: Name }`.
    pub async fn create_organisations(&self, organisations: &[Organisation]) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        for o in organisations {
            sqlx::query(
                "INSERT INTO organisations (id, scheme_id, name, name_key, kind, country) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(o.id.to_string())
            .bind(o.scheme_id.to_string())
            .bind(o.name.as_str())
            .bind(crate::codec::key(&o.name))
            .bind(o.kind.code())
            .bind(o.country.code())
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::error::db_or_conflict(e, crate::UniqueField::Name))?;
        }
        self.commit(tx).await.map_err(db)
    }
}

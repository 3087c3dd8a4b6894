//! The people counts the coordinators' dashboards read (migration 0043), kept by every write.
//!
//! Counting on every request cost the dashboards 1.8 ms per organisation at 1,000,000 people
//! (capped at 10,001 rows, so a figure said "more than 10,000"). Instead two tables hold exact
//! figures: per scheme the people its people list counts (`listed`, the rule in [`LISTED`]), per
//! organisation the distinct people employed there (`employed`) and how many of them are listed.
//! A dashboard reads one row per organisation, whatever the population.
//!
//! **How they stay true.** Every write that changes who is employed where, or who is listed,
//! gathers a [`CountsDelta`] in its own transaction and applies it as the last statement before
//! COMMIT, so the figures commit or roll back with the write. A delta is computed by the
//! database from the rows themselves: what the affected people counted for before the write is
//! taken away, what they count for after it is added ([`CountsDelta::people`]); only people
//! created by a coordinator or an import, who are listed by construction, are added from the
//! records in hand ([`CountsDelta::new_listed`]), so a bulk import of a million people reads
//! nothing back. The writers: `create_person`, `apply_people_import_with_grades` (edits and
//! imports, the bulk path included), `register_person`, `confirm_registration_email`,
//! `decide_registration`, `release_registrations`, `delete_expired_registrations`,
//! `erase_person`, the retention pass's removal of unconfirmed registrations, and the first
//! run's `setup`. A property test (`storage/tests/it/people_counts.rs`) compares every figure
//! with a fresh `COUNT(DISTINCT …)` after random sequences of them, on both backends.
//!
//! **Concurrent writers.** Each change is `UPDATE … SET n = n + delta` (an upsert), so on
//! PostgreSQL two writers never lose each other's change: the second waits for the first's row
//! lock and adds to the committed value. The rows are hot (every person written in a scheme
//! touches its scheme's row), so to rule out deadlocks between them the delta is applied last,
//! after every other statement of the write, in one fixed order (the scheme rows, then the
//! organisation rows, each by id): a transaction holding a count row waits for nothing but the
//! next count row in that order and its own COMMIT. Writers of one scheme are serialised on its
//! row from that point to COMMIT only, a few statements long. (SQLite has one writer at a time.)
//!
//! `tandem copy` copies the tables like any other; the back-fill in the migration counts them
//! once from the rows as they stand.

use crate::Store;
use crate::codec::{int, parsed};
use crate::error::{Result, db};
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use std::collections::BTreeMap;
use tandem_domain::policy::PeopleScope;
use tandem_domain::{OrganisationId, PersonId, SchemeId};

/// The people list's rule for who is listed, on `people p`: not erased, and no self-registration
/// that is unconfirmed or was ended (as `Store::search_people`).
pub(crate) const LISTED: &str = "p.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg \
     WHERE rg.person_id = p.id AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed'))";

/// [`LISTED`] for the person of another row (`row`: `new`, `old` or an alias of `people`), for
/// triggers and statements that do not name it `p`.
pub(crate) fn listed_on(row: &str) -> String {
    format!(
        "{row}.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg \
         WHERE rg.person_id = {row}.id AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed'))"
    )
}

/// People per statement when a delta is read from the database.
const CHUNK: usize = 200;

/// Changes to the maintained counts, gathered during one write and applied at its end.
#[derive(Debug, Default)]
pub(crate) struct CountsDelta {
    /// Scheme id → change of `listed`.
    schemes: BTreeMap<String, i64>,
    /// Organisation id → change of (`employed`, `listed`).
    organisations: BTreeMap<String, (i64, i64)>,
}

impl CountsDelta {
    /// A person about to be created by a coordinator, an import or the first run (listed: no
    /// registration, not erased) with employments at `organisations` (repeats counted once).
    pub(crate) fn new_listed(
        &mut self,
        scheme: SchemeId,
        organisations: impl IntoIterator<Item = OrganisationId>,
    ) {
        *self.schemes.entry(scheme.to_string()).or_default() += 1;
        let mut orgs: Vec<OrganisationId> = organisations.into_iter().collect();
        orgs.sort();
        orgs.dedup();
        for o in orgs {
            let e = self.organisations.entry(o.to_string()).or_default();
            e.0 += 1;
            e.1 += 1;
        }
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) what `people` count for, read from the rows as
    /// this transaction sees them now. Called with -1 before a write and +1 after it, the
    /// difference is the write's change, whatever the write did.
    pub(crate) async fn people(
        &mut self,
        conn: &mut AnyConnection,
        people: &[PersonId],
        sign: i64,
    ) -> std::result::Result<(), sqlx::Error> {
        // Each person once, however often the write names them.
        let mut people = people.to_vec();
        people.sort();
        people.dedup();
        for chunk in people.chunks(CHUNK) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let marks = marks.join(", ");
            let schemes = format!(
                "SELECT p.scheme_id AS id, COUNT(*) AS n FROM people p \
                 WHERE p.id IN ({marks}) AND {LISTED} GROUP BY p.scheme_id"
            );
            let orgs = format!(
                "SELECT e.organisation_id AS id, COUNT(DISTINCT e.person_id) AS employed, \
                 COUNT(DISTINCT CASE WHEN {LISTED} THEN e.person_id END) AS listed \
                 FROM employments e JOIN people p ON p.id = e.person_id \
                 WHERE e.person_id IN ({marks}) GROUP BY e.organisation_id"
            );
            let mut q = sqlx::query(AssertSqlSafe(schemes));
            for p in chunk {
                q = q.bind(p.to_string());
            }
            for row in q.fetch_all(&mut *conn).await? {
                let n: i64 = row.try_get("n")?;
                *self.schemes.entry(row.try_get("id")?).or_default() += sign * n;
            }
            let mut q = sqlx::query(AssertSqlSafe(orgs));
            for p in chunk {
                q = q.bind(p.to_string());
            }
            for row in q.fetch_all(&mut *conn).await? {
                let employed: i64 = row.try_get("employed")?;
                let listed: i64 = row.try_get("listed")?;
                let e = self.organisations.entry(row.try_get("id")?).or_default();
                e.0 += sign * employed;
                e.1 += sign * listed;
            }
        }
        Ok(())
    }

    /// Writes the changes: schemes, then organisations, each in id order (see the module's
    /// note on concurrent writers), skipping what did not change. Call it as the write's last
    /// statement before COMMIT.
    pub(crate) async fn apply(
        &self,
        conn: &mut AnyConnection,
    ) -> std::result::Result<(), sqlx::Error> {
        for (scheme, n) in self.schemes.iter().filter(|(_, n)| **n != 0) {
            sqlx::query(
                "INSERT INTO scheme_people_counts (scheme_id, listed) VALUES ($1, $2) \
                 ON CONFLICT (scheme_id) DO UPDATE SET listed = scheme_people_counts.listed + excluded.listed",
            )
            .bind(scheme.as_str())
            .bind(*n)
            .execute(&mut *conn)
            .await?;
        }
        for (org, (employed, listed)) in self
            .organisations
            .iter()
            .filter(|(_, (e, l))| *e != 0 || *l != 0)
        {
            sqlx::query(
                "INSERT INTO organisation_people_counts (organisation_id, employed, listed) \
                 VALUES ($1, $2, $3) ON CONFLICT (organisation_id) DO UPDATE SET \
                 employed = organisation_people_counts.employed + excluded.employed, \
                 listed = organisation_people_counts.listed + excluded.listed",
            )
            .bind(org.as_str())
            .bind(*employed)
            .bind(*listed)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}

/// One organisation's maintained figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrganisationPeople {
    /// Distinct people with an employment there, listed or not.
    pub employed: u64,
    /// Of them, those the people list counts.
    pub listed: u64,
}

/// A scheme's maintained figures: what its dashboards show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeopleCounts {
    /// People the scheme's people list counts.
    pub listed: u64,
    /// Each of the scheme's organisations that has ever had anyone employed (others: zero).
    pub organisations: BTreeMap<OrganisationId, OrganisationPeople>,
}

impl PeopleCounts {
    /// The figures of `organisation` (zero when it has no row).
    pub fn organisation(&self, organisation: OrganisationId) -> OrganisationPeople {
        self.organisations
            .get(&organisation)
            .copied()
            .unwrap_or_default()
    }
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The statement [`Store::people_counts`] runs (for the plan tests): one row for the scheme and
/// one per organisation of the scheme with a row, through primary keys and
/// `organisations (scheme_id)`.
pub const PEOPLE_COUNTS_SQL: &str = "SELECT 's' AS kind, c.scheme_id AS id, c.listed AS listed, \
     c.listed AS employed FROM scheme_people_counts c WHERE c.scheme_id = $1 \
     UNION ALL SELECT 'o' AS kind, c.organisation_id AS id, c.listed AS listed, \
     c.employed AS employed FROM organisations o \
     JOIN organisation_people_counts c ON c.organisation_id = o.id WHERE o.scheme_id = $1";

/// The statement [`Store::count_listed_employees_of`] runs: the organisation's maintained
/// figure, plus the reader when listed and not employed there (the organisation coordinator's
/// people list always holds its reader).
pub const LISTED_EMPLOYEES_OF_SQL: &str = "SELECT COALESCE((SELECT c.listed FROM organisation_people_counts c \
     WHERE c.organisation_id = $1), 0) + (SELECT COUNT(*) FROM people p WHERE p.id = $2 AND \
     p.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg WHERE rg.person_id = p.id \
     AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed')) \
     AND NOT EXISTS (SELECT 1 FROM employments e WHERE e.person_id = p.id \
     AND e.organisation_id = $1)) AS n";

/// The statement [`Store::listed_in_scheme`] runs: the scheme's maintained figure.
pub const LISTED_IN_SCHEME_SQL: &str = "SELECT COALESCE((SELECT c.listed FROM scheme_people_counts c \
     WHERE c.scheme_id = $1), 0) AS n";

impl Store {
    /// The scheme's maintained people counts, in one statement of O(organisations) rows.
    pub async fn people_counts(&self, scheme: SchemeId) -> Result<PeopleCounts> {
        let rows = sqlx::query(PEOPLE_COUNTS_SQL)
            .bind(scheme.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let mut out = PeopleCounts::default();
        for row in &rows {
            let kind: String = row.try_get("kind").map_err(db)?;
            let listed = count(int(row, "listed")?);
            if kind == "s" {
                out.listed = listed;
            } else {
                out.organisations.insert(
                    parsed(row, "id")?,
                    OrganisationPeople {
                        employed: count(int(row, "employed")?),
                        listed,
                    },
                );
            }
        }
        Ok(out)
    }

    /// Exactly the listed people employed by `organisation`, plus `me` when listed and not
    /// among them: the people list's total for a coordinator of that one organisation, from the
    /// maintained count and two look-ups by key.
    pub async fn count_listed_employees_of(
        &self,
        organisation: OrganisationId,
        me: PersonId,
    ) -> Result<u64> {
        self.one_count(
            LISTED_EMPLOYEES_OF_SQL,
            &[organisation.to_string(), me.to_string()],
        )
        .await
    }

    /// Exactly the people the scheme's people list holds, from the maintained count.
    pub async fn listed_in_scheme(&self, scheme: SchemeId) -> Result<u64> {
        self.one_count(LISTED_IN_SCHEME_SQL, &[scheme.to_string()])
            .await
    }

    /// The figure `n` of a one-row count statement over the maintained counts.
    async fn one_count(&self, sql: &'static str, binds: &[String]) -> Result<u64> {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = q.bind(b.as_str());
        }
        let row = q.fetch_one(&self.pool).await.map_err(db)?;
        Ok(count(int(&row, "n")?))
    }

    /// The people list's total from the maintained counts, when nothing but the reader's scope
    /// narrows the list: everyone listed in the scheme, or everyone listed at the one
    /// organisation an organisation coordinator looks after (with the reader). Exact and one
    /// look-up by key, where counting read up to [`crate::COUNT_CAP`] people (5.5 ms of an
    /// organisation coordinator's 12 ms page at 1,000,000 people) and then could only say
    /// "1,000+". `None` when a text or filter narrows the list (or a coordinator of several
    /// organisations, whose people two organisations may share): those are counted.
    pub(crate) async fn maintained_people_total(
        &self,
        scheme: SchemeId,
        q: &crate::PeopleQuery,
    ) -> Result<Option<u64>> {
        let texted = q
            .text
            .as_deref()
            .is_some_and(|t| !crate::people_search::search_terms(t).is_empty());
        if texted || q.organisation.is_some() || q.profession.is_some() || q.grade_system.is_some()
        {
            return Ok(None);
        }
        match &q.scope {
            PeopleScope::All => self.listed_in_scheme(scheme).await.map(Some),
            PeopleScope::Organisations(orgs) if orgs.len() == 1 => self
                .count_listed_employees_of(orgs[0], q.actor)
                .await
                .map(Some),
            _ => Ok(None),
        }
    }
}

impl Store {
    /// The plans of the dashboard's and the people list's count statements:
    /// [`PEOPLE_COUNTS_SQL`] and [`LISTED_IN_SCHEME_SQL`] for `scheme`, then
    /// [`LISTED_EMPLOYEES_OF_SQL`] for `organisation` and `me` (see [`Store::begin_explain`]).
    #[doc(hidden)]
    pub async fn explain_people_counts(
        &self,
        scheme: SchemeId,
        organisation: OrganisationId,
        me: PersonId,
    ) -> Result<Vec<String>> {
        self.explain_counts_statements(&[
            (PEOPLE_COUNTS_SQL, vec![scheme.to_string()]),
            (LISTED_IN_SCHEME_SQL, vec![scheme.to_string()]),
            (
                LISTED_EMPLOYEES_OF_SQL,
                vec![organisation.to_string(), me.to_string()],
            ),
        ])
        .await
    }

    pub(crate) async fn explain_counts_statements(
        &self,
        statements: &[(&str, Vec<String>)],
    ) -> Result<Vec<String>> {
        let (mut tx, prefix) = self
            .begin_explain(&[
                "people",
                "employments",
                "registrations",
                "organisations",
                "scheme_people_counts",
                "organisation_people_counts",
            ])
            .await?;
        let mut out = Vec::new();
        for (sql, binds) in statements {
            let mut q = sqlx::query(AssertSqlSafe(format!("{prefix}{sql}")));
            for b in binds {
                // The cap is a number; everything else is an id.
                q = match b.parse::<i64>() {
                    Ok(n) => q.bind(n),
                    Err(_) => q.bind(b.clone()),
                };
            }
            let rows = q.fetch_all(&mut *tx).await.map_err(db)?;
            self.plan_lines(&rows, &mut out)?;
        }
        tx.rollback().await.map_err(db)?;
        Ok(out)
    }
}

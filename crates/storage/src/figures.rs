//! The dashboards' figures counted from the rows, each bounded by a cap.
//!
//! The dashboards read the maintained counts (`people_counts.rs`, migration 0043) for every
//! people figure but one: the total of a coordinator of several organisations
//! ([`Store::count_listed_employees`]), where someone employed by two of them must count once.
//! [`Store::count_listed_people`] and [`Store::count_employees`] are the counting way the
//! maintained figures replaced, kept as the reference the tests compare them with. Each reads at
//! most `cap + 1` index entries and stops: up to `cap` it is exact, beyond it the caller shows
//! "more than `cap`".
//!
//! Who counts in a total is the people list's rule (`Store::search_people`): people of the
//! scheme not erased, and no one whose self-registration is unconfirmed or was ended. An
//! organisation's figure counts everyone employed there (as it always has).

use crate::Store;
use crate::codec::int;
use crate::error::{Result, db};
use crate::people_counts::LISTED;
use tandem_domain::{OrganisationId, PersonId, ProgrammeId, SchemeId};

/// [`Store::count_employees`]'s statement (its plan is read by the plan tests).
pub(crate) const COUNT_EMPLOYEES_SQL: &str = "SELECT COUNT(*) AS n FROM (SELECT DISTINCT e.person_id \
     FROM employments e WHERE e.organisation_id = $1 LIMIT $2) t";

fn limit(cap: u64) -> i64 {
    i64::try_from(cap.saturating_add(1)).unwrap_or(i64::MAX)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// People listed in the scheme, counted up to `cap + 1` (through the partial index
    /// `people_live_by_scheme`).
    pub async fn count_listed_people(&self, scheme: SchemeId, cap: u64) -> Result<u64> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM (SELECT p.id FROM people p \
             WHERE p.scheme_id = $1 AND {LISTED} LIMIT $2) t"
        )))
        .bind(scheme.to_string())
        .bind(limit(cap))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(count(int(&row, "n")?))
    }

    /// The plan of the statement the maintained counts replaced (an organisation's employees
    /// counted up to `cap + 1`), so the plan tests can show their check fails on it.
    #[doc(hidden)]
    pub async fn explain_counted_employees(
        &self,
        organisation: OrganisationId,
        cap: u64,
    ) -> Result<Vec<String>> {
        self.explain_counts_statements(&[(
            COUNT_EMPLOYEES_SQL,
            vec![organisation.to_string(), cap.saturating_add(1).to_string()],
        )])
        .await
    }

    /// Distinct listed people employed by any of `organisations`, plus `me` when listed and not
    /// among them (the organisation coordinator's people list always holds its reader), counted
    /// up to `cap + 1` through `employments_organisation`.
    pub async fn count_listed_employees(
        &self,
        organisations: &[OrganisationId],
        me: Option<PersonId>,
        cap: u64,
    ) -> Result<u64> {
        if organisations.is_empty() {
            return Ok(0);
        }
        let orgs: Vec<String> = (0..organisations.len())
            .map(|i| format!("${}", i + 3))
            .collect();
        let orgs = orgs.join(", ");
        let sql = format!(
            "SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT e.person_id FROM employments e \
               JOIN people p ON p.id = e.person_id \
               WHERE e.organisation_id IN ({orgs}) AND {LISTED} LIMIT $1) t) \
             + (SELECT COUNT(*) FROM people p WHERE p.id = $2 AND {LISTED} \
               AND NOT EXISTS (SELECT 1 FROM employments e WHERE e.person_id = p.id \
               AND e.organisation_id IN ({orgs}))) AS n"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(limit(cap))
            .bind(me.map(|p| p.to_string()).unwrap_or_default());
        for o in organisations {
            q = q.bind(o.to_string());
        }
        let row = q.fetch_one(&self.pool).await.map_err(db)?;
        Ok(count(int(&row, "n")?))
    }

    /// Distinct people with an employment at `organisation`, counted up to `cap + 1` from the
    /// index `employments_organisation` alone. Like the figure it replaces, everyone employed
    /// there counts, also people no longer listed (an erased person keeps their employments so
    /// that the scheme's past figures stay as they were).
    pub async fn count_employees(&self, organisation: OrganisationId, cap: u64) -> Result<u64> {
        let row = sqlx::query(COUNT_EMPLOYEES_SQL)
            .bind(organisation.to_string())
            .bind(limit(cap))
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        Ok(count(int(&row, "n")?))
    }

    /// The number of intakes of each of the scheme's programmes that has any, in one statement
    /// (through `programmes_scheme` and `intakes_programme`).
    pub async fn count_intakes_by_programme(
        &self,
        scheme: SchemeId,
    ) -> Result<Vec<(ProgrammeId, u64)>> {
        let rows = sqlx::query(
            "SELECT i.programme_id AS programme_id, COUNT(*) AS n FROM programmes g \
             JOIN intakes i ON i.programme_id = g.id WHERE g.scheme_id = $1 GROUP BY i.programme_id",
        )
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok((
                    crate::codec::parsed(r, "programme_id")?,
                    count(int(r, "n")?),
                ))
            })
            .collect()
    }
}

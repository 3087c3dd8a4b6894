//! Scheme settings and the first-run set-up: the whole first scheme written in one transaction,
//! and the single-use codes that admit its administrator to the set-up page.

use crate::Store;
use crate::codec::{boolean, int, key, text, ts, u32_from};
use crate::error::{Clash, Result, StoreError, corrupt, db, is_unique_violation};
use crate::people::insert_people;
use crate::records::{Account, AuditEntry};
use crate::roles::scope_columns;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use tandem_domain::{
    Country, Language, Organisation, Person, PersonId, RoleAssignment, Scheme, SchemeId,
    SchemeSettings, TimeZone,
};

/// The key organisation names (and e-mails) are unique by within a scheme, ignoring case: callers
/// that refuse duplicates before writing compare these, so they agree with the store.
pub fn name_key(s: &str) -> String {
    key(s)
}

/// Everything the first-run set-up writes, prepared and validated by the caller.
#[derive(Clone, Debug)]
pub struct Installation {
    pub scheme: Scheme,
    pub settings: SchemeSettings,
    pub organisations: Vec<Organisation>,
    /// The first administrator and scheme coordinator (one person when they are the same).
    pub people: Vec<Person>,
    pub accounts: Vec<Account>,
    pub roles: Vec<(PersonId, RoleAssignment)>,
    pub audit: Vec<AuditEntry>,
    /// The set-up code's hash when it came from the set-up page: consumed in the same
    /// transaction, so a code admits one set-up only.
    pub setup_code_hash: Option<String>,
    pub at: DateTime<Utc>,
}

fn join<T>(items: &[T], code: impl Fn(&T) -> &'static str) -> String {
    items.iter().map(code).collect::<Vec<_>>().join(",")
}

fn split<T>(raw: &str, what: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>> {
    raw.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| parse(c).ok_or_else(|| corrupt(format!("{what} {c:?}"))))
        .collect()
}

async fn insert_installation(
    tx: &mut AnyConnection,
    backend: crate::Backend,
    i: &Installation,
) -> std::result::Result<(), Failure> {
    // The guard row first: it takes SQLite's write lock at once and, on PostgreSQL, makes a
    // second set-up wait for the first and then fail on the key, so only one set-up wins.
    sqlx::query("INSERT INTO installation (singleton, scheme_id, installed_at) VALUES (1, $1, $2)")
        .bind(i.scheme.id.to_string())
        .bind(ts(i.at))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Failure::Clash(Clash::SchemeExists)
            } else {
                Failure::Sql(e)
            }
        })?;
    let row = sqlx::query("SELECT COUNT(*) AS n FROM schemes")
        .fetch_one(&mut *tx)
        .await?;
    if int(&row, "n")? > 0 {
        return Err(Failure::Clash(Clash::SchemeExists));
    }
    if let Some(hash) = &i.setup_code_hash {
        let used = sqlx::query("DELETE FROM setup_codes WHERE code_hash = $1 AND expires_at > $2")
            .bind(hash.as_str())
            .bind(ts(i.at))
            .execute(&mut *tx)
            .await?;
        if used.rows_affected() == 0 {
            return Err(Failure::Clash(Clash::SetupCodeInvalid));
        }
    }
    // No code outlives the set-up: the page is gone once a scheme exists.
    sqlx::query("DELETE FROM setup_codes")
        .execute(&mut *tx)
        .await?;
    let s = &i.settings;
    sqlx::query(
        "INSERT INTO schemes (id, name, description, countries, languages, time_zone, self_registration, \
         small_number_threshold, suppression_rounding, suppression_min_statistics, \
         suppression_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(i.scheme.id.to_string())
    .bind(i.scheme.name.as_str())
    .bind(i.scheme.description.as_str())
    .bind(join(&s.countries, |c| c.code()))
    .bind(join(&s.languages, |l| l.tag()))
    .bind(s.time_zone.name())
    .bind(i32::from(s.self_registration))
    .bind(i64::from(s.small_number_threshold))
    .bind(i64::from(s.suppression_rounding))
    .bind(i64::from(s.suppression_min_statistics))
    .bind(s.suppression_reason.as_str())
    .execute(&mut *tx)
    .await?;
    for o in &i.organisations {
        sqlx::query(
            "INSERT INTO organisations (id, scheme_id, name, name_key, kind, country) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(o.id.to_string())
        .bind(o.scheme_id.to_string())
        .bind(o.name.as_str())
        .bind(key(&o.name))
        .bind(o.kind.code())
        .bind(o.country.code())
        .execute(&mut *tx)
        .await?;
    }
    let people: Vec<&Person> = i.people.iter().collect();
    insert_people(tx, backend, &people).await?;
    for a in &i.accounts {
        crate::accounts::insert_account(&mut *tx, a).await?;
    }
    for (person, r) in &i.roles {
        if !r.is_well_formed() {
            return Err(Failure::Invalid);
        }
        let (kind, id, scheme, org, programme) = scope_columns(r.scope);
        sqlx::query(
            "INSERT INTO role_assignments (person_id, role, scope_kind, scope_id, scheme_id, organisation_id, programme_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(person.to_string())
        .bind(r.role.code())
        .bind(kind)
        .bind(id)
        .bind(scheme)
        .bind(org)
        .bind(programme)
        .execute(&mut *tx)
        .await?;
    }
    for e in &i.audit {
        crate::audit::append_in(tx, e).await?;
    }
    // The first people are listed and employed nowhere yet: the scheme's maintained count.
    let mut counts = crate::people_counts::CountsDelta::default();
    for p in &i.people {
        counts.new_listed(p.scheme_id, []);
    }
    counts.apply(tx).await?;
    Ok(())
}

enum Failure {
    Sql(sqlx::Error),
    Clash(Clash),
    Store(StoreError),
    Invalid,
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Self::Sql(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl Store {
    /// Writes the first scheme with its settings, organisations, first people, accounts, roles
    /// and audit entries in ONE transaction, or nothing. Refused with `SchemeExists` when the
    /// database holds a scheme already (or another set-up won a race), and with
    /// `SetupCodeInvalid` when `setup_code_hash` is not a live code. A name or e-mail given twice
    /// is the caller's to refuse first; here it fails the whole transaction with `Conflict`.
    pub async fn install(&self, i: &Installation) -> Result<()> {
        let outcome: std::result::Result<(), Failure> = async {
            let mut tx = self.pool.begin().await?;
            insert_installation(&mut tx, self.backend, i).await?;
            self.commit(tx).await?;
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => Ok(()),
            Err(Failure::Clash(c)) => Err(StoreError::Refused(c)),
            Err(Failure::Store(e)) => Err(e),
            Err(Failure::Invalid) => Err(StoreError::Invalid("role".into())),
            Err(Failure::Sql(e)) if is_unique_violation(&e) => Err(StoreError::Conflict {
                field: crate::UniqueField::Name,
            }),
            Err(Failure::Sql(e)) => Err(db(e)),
        }
    }

    /// The scheme's settings.
    pub async fn scheme_settings(&self, id: SchemeId) -> Result<SchemeSettings> {
        let row = sqlx::query(
            "SELECT countries, languages, time_zone, self_registration, small_number_threshold, \
             suppression_rounding, suppression_min_statistics, suppression_reason \
             FROM schemes WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        let zone = text(&row, "time_zone")?;
        let settings = SchemeSettings {
            countries: split(&text(&row, "countries")?, "country", Country::from_code)?,
            languages: split(&text(&row, "languages")?, "language", Language::from_tag)?,
            time_zone: TimeZone::from_name(&zone)
                .ok_or_else(|| corrupt(format!("time zone {zone:?}")))?,
            self_registration: boolean(&row, "self_registration")?,
            small_number_threshold: u32_from(
                int(&row, "small_number_threshold")?,
                "small_number_threshold",
            )?,
            suppression_rounding: u32_from(
                int(&row, "suppression_rounding")?,
                "suppression_rounding",
            )?,
            suppression_min_statistics: u32_from(
                int(&row, "suppression_min_statistics")?,
                "suppression_min_statistics",
            )?,
            suppression_reason: text(&row, "suppression_reason")?,
        };
        Ok(upheld(settings))
    }

    /// Replaces the scheme's settings; `NotFound` for an unknown scheme.
    pub async fn update_scheme_settings(&self, id: SchemeId, s: &SchemeSettings) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done = sqlx::query(
                "UPDATE schemes SET countries = $2, languages = $3, time_zone = $4, self_registration = $5, \
                 small_number_threshold = $6, suppression_rounding = $7, \
                 suppression_min_statistics = $8, suppression_reason = $9 WHERE id = $1",
            )
            .bind(id.to_string())
            .bind(join(&s.countries, |c| c.code()))
            .bind(join(&s.languages, |l| l.tag()))
            .bind(s.time_zone.name())
            .bind(i32::from(s.self_registration))
            .bind(i64::from(s.small_number_threshold))
            .bind(i64::from(s.suppression_rounding))
            .bind(i64::from(s.suppression_min_statistics))
            .bind(s.suppression_reason.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// How many accounts the scheme has (for the first-run refusal, which says what exists).
    pub async fn count_accounts(&self, scheme: SchemeId) -> Result<u64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM accounts WHERE scheme_id = $1")
            .bind(scheme.to_string())
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        Ok(u64::try_from(int(&row, "n")?).unwrap_or(0))
    }

    /// Whether the database holds any scheme (one query, for every request while it does not).
    pub async fn has_scheme(&self) -> Result<bool> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM schemes")
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        Ok(int(&row, "n")? > 0)
    }

    /// Keeps a set-up code's hash until `expires_at`.
    pub async fn keep_setup_code(
        &self,
        code_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO setup_codes (code_hash, created_at, expires_at) VALUES ($1, $2, $3)",
            )
            .bind(code_hash)
            .bind(ts(created_at))
            .bind(ts(expires_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::error::db_or_conflict(e, crate::UniqueField::Token))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Whether `code_hash` is a set-up code that is unused and unexpired at `now`.
    pub async fn setup_code_live(&self, code_hash: &str, now: DateTime<Utc>) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM setup_codes WHERE code_hash = $1 AND expires_at > $2",
        )
        .bind(code_hash)
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(int(&row, "n")? > 0)
    }
}

/// A stored suppression rule weaker than the defaults without a recorded reason (a scheme row
/// from before the rule needed one, whose column defaults were 5) reads as the defaults, so the
/// settings page shows the rule the evaluation applies.
fn upheld(mut s: SchemeSettings) -> SchemeSettings {
    use tandem_domain::organisation::{
        DEFAULT_SMALL_NUMBER_THRESHOLD, DEFAULT_SUPPRESSION_MIN_STATISTICS,
        DEFAULT_SUPPRESSION_ROUNDING,
    };
    if s.suppression_reason.trim().is_empty() {
        s.small_number_threshold = s.small_number_threshold.max(DEFAULT_SMALL_NUMBER_THRESHOLD);
        s.suppression_rounding = s.suppression_rounding.max(DEFAULT_SUPPRESSION_ROUNDING);
        s.suppression_min_statistics = s
            .suppression_min_statistics
            .max(DEFAULT_SUPPRESSION_MIN_STATISTICS);
    }
    s
}

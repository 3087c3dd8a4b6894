//! The one migration history, embedded in the binary and run on either backend.
//!
//! The files are plain portable SQL (see the crate docs). They are embedded with `include_str!`
//! (which also makes cargo rebuild when one changes)
//! and handed to sqlx's migrator, which records each applied version with its checksum in
//! `_sqlx_migrations` and applies each file in a transaction on both SQLite and PostgreSQL.
//! Never edit an applied migration: add a new file and a line to [`MIGRATIONS`].

use crate::error::{Result, StoreError};
use sqlx::AnyPool;
use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// (version, description, SQL), in order.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial schema",
        include_str!("../migrations/0001_initial.sql"),
    ),
    (
        2,
        "scheme journey",
        include_str!("../migrations/0002_journey.sql"),
    ),
    (
        3,
        "sessions held and shortlists",
        include_str!("../migrations/0003_sessions_shortlists.sql"),
    ),
    (
        4,
        "sessions",
        include_str!("../migrations/0004_sessions.sql"),
    ),
    (5, "sets", include_str!("../migrations/0005_sets.sql")),
    (6, "growth", include_str!("../migrations/0006_growth.sql")),
    (
        7,
        "paired learning",
        include_str!("../migrations/0007_pairs.sql"),
    ),
    (
        8,
        "import previews",
        include_str!("../migrations/0008_import_previews.sql"),
    ),
    (
        9,
        "scheme settings and first-run set-up",
        include_str!("../migrations/0009_scheme_settings.sql"),
    ),
    (
        10,
        "outbox and notice preferences",
        include_str!("../migrations/0010_outbox.sql"),
    ),
    (
        13,
        "set meetings have a calendar sequence",
        include_str!("../migrations/0013_meeting_notices.sql"),
    ),
    (
        14,
        "notice schedule windows and the unsubscribe signing key",
        include_str!("../migrations/0014_notice_schedule.sql"),
    ),
    (
        15,
        "evaluation: surveys, requests, pseudonymous responses, consent, suppression settings",
        include_str!("../migrations/0015_evaluation.sql"),
    ),
    (
        16,
        "survey waves: indexes for the scheduler's windows and reminders",
        include_str!("../migrations/0016_survey_waves.sql"),
    ),
    (
        17,
        "evaluation indexes: pairing responses by respondent",
        include_str!("../migrations/0017_evaluation_indexes.sql"),
    ),
    (
        18,
        "self-registration, e-mail kinds, employment confirmation, nominations",
        include_str!("../migrations/0018_registration.sql"),
    ),
    (
        19,
        "profiles people keep: expertise, interests, languages, availability, contact",
        include_str!("../migrations/0019_profiles.sql"),
    ),
    (
        20,
        "single sign-on per organisation and its pending sign-ins",
        include_str!("../migrations/0020_sign_in.sql"),
    ),
    (
        21,
        "local authorities' own grade lists",
        include_str!("../migrations/0021_local_grades.sql"),
    ),
    (
        22,
        "programme coordinators and role changes",
        include_str!("../migrations/0022_roles.sql"),
    ),
    (
        23,
        "rate limits, progressive sign-in delay and named, expiring API tokens",
        include_str!("../migrations/0023_tokens.sql"),
    ),
    (
        24,
        "a hash-chained, append-only audit log",
        include_str!("../migrations/0024_audit_chain.sql"),
    ),
    (
        25,
        "erasure, retention and consent records",
        include_str!("../migrations/0025_rights.sql"),
    ),
    (
        26,
        "mentor minimum loads in matching runs",
        include_str!("../migrations/0026_min_loads.sql"),
    ),
    (
        27,
        "assessment profiles with a lawful basis",
        include_str!("../migrations/0027_assessments.sql"),
    ),
    (
        28,
        "goals tied to appraisal and summaries for line managers",
        include_str!("../migrations/0028_appraisal.sql"),
    ),
    (
        29,
        "readable matching explanations and dual roles",
        include_str!("../migrations/0029_explanations.sql"),
    ),
    (
        30,
        "relationship kinds: apologies, verified training and set activity",
        include_str!("../migrations/0030_scheme_kinds.sql"),
    ),
    (
        31,
        "people search through an index and lists that cost one page",
        include_str!("../migrations/0031_people_search.sql"),
    ),
    (
        32,
        "per-request work: sessions, roles and dashboard counts from indexed reads",
        include_str!("../migrations/0032_request_floor.sql"),
    ),
    (
        33,
        "assessment instruments on a page, score retention and expired appraisal links",
        include_str!("../migrations/0033_assessment_upkeep.sql"),
    ),
    (
        34,
        "coordinator exports",
        include_str!("../migrations/0034_coordinator_exports.sql"),
    ),
    (
        35,
        "bulk people import at national scale",
        include_str!("../migrations/0035_bulk_import.sql"),
    ),
    (
        36,
        "applications and mentors lists that cost one page",
        include_str!("../migrations/0036_lists_a.sql"),
    ),
    (
        37,
        "relationships, sessions and audit lists that cost one page",
        include_str!("../migrations/0037_lists_b.sql"),
    ),
    (
        38,
        "combined people filters and read connections",
        include_str!("../migrations/0038_search_tuning.sql"),
    ),
    (
        39,
        "family-name sort keys that ignore Dutch particles, and professions as vocabulary codes",
        include_str!("../migrations/0039_sort_names.sql"),
    ),
    (
        40,
        "peer directory filters and conversation requests",
        include_str!("../migrations/0040_peer_requests.sql"),
    ),
    (
        41,
        "dates and time zones by locale",
        include_str!("../migrations/0041_time_zones.sql"),
    ),
    (
        42,
        "name sort keys on employments for organisation-scoped lists",
        include_str!("../migrations/0042_scale.sql"),
    ),
    (
        43,
        "maintained people counts for the coordinators' dashboards",
        include_str!("../migrations/0043_people_counts.sql"),
    ),
    (
        44,
        "scheme and name sort keys on directory listings",
        include_str!("../migrations/0044_directory_keys.sql"),
    ),
    (
        45,
        "search words for a people search that pages from index seeks",
        include_str!("../migrations/0045_search_words.sql"),
    ),
];

fn migrator() -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    (*description).into(),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

pub(crate) async fn run(pool: &AnyPool) -> Result<()> {
    migrator()
        .run(pool)
        .await
        .map_err(|e| StoreError::Database(Box::new(e)))
}

/// Every migration of this binary as (version, checksum), in order: what `copy` requires a
/// source to have applied, exactly, and what it checks the target has after migrating it.
pub(crate) fn known() -> Vec<(i64, Vec<u8>)> {
    migrator()
        .iter()
        .map(|m| (m.version, m.checksum.to_vec()))
        .collect()
}

/// Where a database stands against the migrations this build carries, read without changing
/// anything (for `tandem config check`, which reports it before an upgrade is started).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Versions applied successfully with the content this build has.
    pub applied: Vec<i64>,
    /// Versions this build has that are not applied yet: `migrate` (and `serve`) applies them.
    pub pending: Vec<i64>,
    /// Applied versions this build does not have: a newer Tandem migrated the database, and this
    /// one refuses to run on it (migrations are forward-only; restore the backup taken before
    /// the upgrade to go back).
    pub unknown: Vec<i64>,
    /// Versions recorded as failed half-way, or whose recorded checksum differs from this
    /// build's file: `migrate` refuses to go on until someone looks.
    pub damaged: Vec<i64>,
}

impl MigrationStatus {
    /// Every migration this build has is applied, and nothing else.
    pub fn is_current(&self) -> bool {
        self.pending.is_empty() && self.unknown.is_empty() && self.damaged.is_empty()
    }
}

impl crate::Store {
    /// Reads sqlx's `_sqlx_migrations` table (absent in an empty database: everything pending)
    /// and compares it with this build's migrations.
    pub async fn migration_status(&self) -> Result<MigrationStatus> {
        use sqlx::Row;
        let exists_sql = match self.backend {
            crate::Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            crate::Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
            }
        };
        let exists: i64 = sqlx::query_scalar(exists_sql)
            .fetch_one(&self.pool)
            .await
            .map_err(crate::error::db)?;
        let recorded = if exists == 0 {
            Vec::new()
        } else {
            // `success` is a BOOLEAN column, which the Any driver cannot decode from SQLite.
            sqlx::query(
                "SELECT version, CAST(CASE WHEN success THEN 1 ELSE 0 END AS BIGINT), checksum \
                 FROM _sqlx_migrations ORDER BY version",
            )
            .fetch_all(&self.pool)
            .await
            .map_err(crate::error::db)?
            .into_iter()
            .map(|r| {
                Ok((
                    r.try_get::<i64, _>(0)?,
                    r.try_get::<i64, _>(1)? == 1,
                    r.try_get::<Vec<u8>, _>(2)?,
                ))
            })
            .collect::<std::result::Result<Vec<_>, sqlx::Error>>()
            .map_err(crate::error::db)?
        };
        let ours = migrator();
        let mut status = MigrationStatus::default();
        for m in ours.iter() {
            match recorded.iter().find(|(v, _, _)| *v == m.version) {
                None => status.pending.push(m.version),
                Some((_, true, sum)) if sum.as_slice() == &*m.checksum => {
                    status.applied.push(m.version)
                }
                Some(_) => status.damaged.push(m.version),
            }
        }
        status.unknown = recorded
            .iter()
            .map(|(v, _, _)| *v)
            .filter(|v| !ours.iter().any(|m| m.version == *v))
            .collect();
        Ok(status)
    }
}

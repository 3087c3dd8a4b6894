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

//! Tandem's repository boundary.
//!
//! One [`Store`] serves both the embedded SQLite default and PostgreSQL, chosen at run time from
//! the database URL, with a single migration history written in portable SQL. Callers speak only
//! in domain types and the record types defined here; no driver type leaves this crate, so the
//! web and CLI code cannot come to depend on one backend's behaviour.
//!
//! Portability rules followed by every query (so that one SQL text serves both backends):
//! identifiers are hyphenated UUID text, timestamps are fixed-width RFC 3339 UTC text (text order
//! equals time order), dates are `YYYY-MM-DD` text, booleans are INTEGER 0/1, JSON is TEXT,
//! placeholders are `$1..$n`. Case-insensitive matching and ordering use key columns lower-cased
//! in Rust, because SQLite's `LOWER` only folds ASCII and the Dutch staff of a scheme have names
//! like "Özdemir" and "IJsbrand".

mod accounts;
mod apologies;
mod applications;
mod appraisal;
mod assessments;
mod audit;
pub mod backup;
mod codec;
pub mod copy;
mod error;
mod evaluation;
mod exports;
mod figures;
mod growth;
mod homes;
mod imports;
pub mod list_pages;
mod lists_b;
mod local_grades;
mod mentors;
mod migrate;
mod organisations;
mod outbox;
mod outbox_dead;
mod pairs;
pub mod peers;
mod people;
mod people_counts;
mod people_search;
mod people_words;
mod plans;
mod profiles;
mod programmes;
mod records;
mod registration;
mod relationships;
mod rights;
mod roles;
mod schedule;
mod sessions;
mod sets;
mod setup;
mod signed_in;
mod sso;
mod steps;
mod survey_waves;
mod surveys;
mod throttle;

pub use assessments::ScoreRow;
pub use audit::{AuditBreak, AuditCheck, AuditFilter, AuditProblem, AuditRow, GENESIS, entry_hash};
pub use error::{Clash, Result, StoreError, UniqueField};
pub use evaluation::{
    AttendanceCount, GoalCount, PairedScore, ParticipationCount, ProjectOutcomes, RequestCount,
    ResearchResponse, SessionCount, Slice,
};
pub use exports::{
    ApplicationExportRow, ExportFilter, MemberExportRow, ProjectExportRow, RelationshipExportRow,
    SetAttendanceExportRow, WorkshopExportRow,
};
pub use homes::{AwaitingDecision, ClosingIntake, DraftRun, PlacesUsed, StaffRelationship};
pub use lists_b::{AuditCursor, RelationshipCursor};
pub use migrate::MigrationStatus;
pub use outbox::{NewNotice, NoticeTo, OutboxCounts, OutboxRow};
pub use people_counts::{
    LISTED_EMPLOYEES_OF_SQL, OrganisationPeople, PEOPLE_COUNTS_SQL, PeopleCounts,
};
pub use people_search::{COUNT_CAP, search_key, search_terms};
pub use people_words::{MAX_TERM_WORDS, key_words};
pub use records::*;
pub use registration::{EmploymentCheck, NominationRecord, RegistrationRecord};
pub use relationships::{Outcome, Publication, SessionCaps};
pub use rights::{
    ConsentRecord, ErasureCounts, JsonRows, ROW_LIMIT as RIGHTS_ROW_LIMIT, RetentionCounts,
    RetentionCutoffs, RetentionSettings,
};
pub use roles::RoleHolder;
pub use schedule::*;
pub use setup::{Installation, name_key};
pub use signed_in::SignedIn;
pub use steps::Steps;
pub use survey_waves::{ResponseRow, WaveCandidate};
pub use surveys::{NewResponse, ResearchConsent, SurveyRequest};

use sqlx::AnyPool;
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use std::time::Duration;

/// Which database engine a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The repository: every read and write of Tandem's data goes through here.
///
/// Cheap to clone (it wraps a connection pool).
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Notices for the next commit (see [`Store::staged`]); `None` on an ordinary handle.
    staged: Option<outbox::Staged>,
}

impl std::fmt::Debug for Store {
    // The URL may hold a password, so only the backend is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

/// Every pooled SQLite connection's page cache (negative: KiB), 16 MiB; see `Store::open`. A
/// large import raises its own connection's and puts this back (`people::ImportConnection`).
pub(crate) const SQLITE_CACHE_SIZE: &str = "PRAGMA cache_size = -16384";

/// How long a connection waits for SQLite's single writer before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u64 = 5_000;

impl Store {
    /// Connects to `url`: `sqlite:path` (the file is created if missing), `sqlite::memory:`, or
    /// `postgres://…` / `postgresql://…`.
    ///
    /// SQLite databases are switched to WAL (readers never block the writer, which matters for
    /// a web server), and every pooled connection gets `foreign_keys=ON` and a busy timeout.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (backend, normalised, memory) = classify_url(url)?;
        if backend == Backend::Sqlite
            && !memory
            && normalised.contains("mode=rwc")
            && let Ok(Some(file)) = sqlite_file(url)
        {
            private_database_files(&file);
        }
        let url = normalised;
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        options = match (backend, memory) {
            // Every connection to `:memory:` would open its own empty database, so an in-memory
            // store must live on exactly one connection that is never recycled.
            (Backend::Sqlite, true) => options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None),
            // With WAL, readers neither wait for the writer nor for each other: eight
            // connections let eight requests read at once (four times the cores here), and a
            // write holds one of them only for its transaction. SQLite allows one writer at a
            // time whatever the pool; writes take the lock with their first statement and wait
            // up to the busy timeout for it.
            (Backend::Sqlite, false) => options.max_connections(8),
            (Backend::Postgres, _) => options.max_connections(10),
        };
        if backend == Backend::Sqlite {
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute(sqlx::AssertSqlSafe(format!(
                        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"
                    )))
                    .await?;
                    // Safe with WAL: a crash can lose the last transactions but never corrupts.
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    // 16 MiB of page cache per connection (default 2 MiB): a scheme of 10,000
                    // people fits, so list and export queries stop re-reading pages from the OS.
                    // The cost: at most 8 connections x 16 MiB = 128 MiB, reached only when
                    // every connection has read that much; the OS caches the file once besides.
                    // The hot per-request reads (who is asking, the dashboards' capped counts)
                    // touch a few index pages each, so they do not need more.
                    conn.execute(SQLITE_CACHE_SIZE).await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(&url).await.map_err(|e| match e {
            sqlx::Error::Configuration(c) => StoreError::InvalidUrl(c.to_string()),
            other => error::db(other),
        })?;
        if backend == Backend::Sqlite && !memory {
            // WAL is a property of the database file, so setting it once is enough.
            sqlx::query("PRAGMA journal_mode = WAL")
                .fetch_all(&pool)
                .await
                .map_err(error::db)?;
        }
        Ok(Store {
            pool,
            backend,
            staged: None,
        })
    }

    /// Brings the schema up to date (idempotent; safe to call on every start), then chains any
    /// audit entries written before the chain existed and installs the triggers that keep the
    /// audit log append-only (which portable SQL cannot express; see `audit.rs`).
    pub async fn migrate(&self) -> Result<()> {
        migrate::run(&self.pool).await?;
        self.install_people_search().await?;
        self.seal_audit_log().await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .map_err(error::db)?;
        Ok(())
    }

    /// Closes every pooled connection; later calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes the database file readable by its owner only before SQLite opens it (the data are
/// personal): a missing file is created empty with mode 0600, which SQLite accepts as a new
/// database, and an existing one (with its `-wal` and `-shm`) loses any group and other
/// permissions. SQLite gives the `-wal` and `-shm` files it creates the database file's
/// permissions, so they follow. Best effort: a file the process does not own is left as it is,
/// and opening it reports any real problem.
#[cfg(unix)]
fn private_database_files(file: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    match backup::create_private_file(file) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = file.as_os_str().to_owned();
                name.push(suffix);
                let path = std::path::PathBuf::from(name);
                if let Ok(meta) = std::fs::metadata(&path)
                    && meta.permissions().mode() & 0o077 != 0
                {
                    let mode = meta.permissions().mode() & 0o700;
                    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode));
                }
            }
        }
        Err(_) => {}
    }
}

#[cfg(not(unix))]
fn private_database_files(_file: &std::path::Path) {}

/// Works out the backend from the URL scheme and normalises SQLite URLs.
///
/// A SQLite URL without an explicit `mode` gets `mode=rwc`, so that "create the file if missing"
/// holds however the operator wrote the URL.
fn classify_url(url: &str) -> Result<(Backend, String, bool)> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_string(), false));
    }
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Err(StoreError::InvalidUrl(
            "expected a sqlite: or postgres:// URL".into(),
        ));
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let path = path.strip_prefix("//").unwrap_or(path);
    if path.is_empty() {
        return Err(StoreError::InvalidUrl(
            "the sqlite URL names no file".into(),
        ));
    }
    let memory =
        path == ":memory:" || query.is_some_and(|q| q.split('&').any(|kv| kv == "mode=memory"));
    let has_mode = query.is_some_and(|q| q.split('&').any(|kv| kv.starts_with("mode=")));
    let url = match (memory, has_mode, query) {
        (false, false, None) => format!("{url}?mode=rwc"),
        (false, false, Some(_)) => format!("{url}&mode=rwc"),
        _ => url.to_string(),
    };
    Ok((Backend::Sqlite, url, memory))
}

/// The file a SQLite URL names (relative to the working directory unless absolute): `None` for
/// PostgreSQL and in-memory SQLite, an error for a URL [`Store::connect`] would refuse. The
/// binary uses it to check the file's directory before it connects, without creating anything.
pub fn sqlite_file(url: &str) -> Result<Option<std::path::PathBuf>> {
    let (backend, _, memory) = classify_url(url)?;
    if backend != Backend::Sqlite || memory {
        return Ok(None);
    }
    let rest = url.strip_prefix("sqlite:").unwrap_or(url);
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    Ok(Some(path.strip_prefix("//").unwrap_or(path).into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_urls() {
        assert_eq!(
            classify_url("sqlite:tandem.db").unwrap(),
            (Backend::Sqlite, "sqlite:tandem.db?mode=rwc".into(), false)
        );
        assert_eq!(
            classify_url("sqlite://x/y.db?mode=ro").unwrap(),
            (Backend::Sqlite, "sqlite://x/y.db?mode=ro".into(), false)
        );
        assert_eq!(
            classify_url("sqlite:a.db?cache=shared").unwrap(),
            (
                Backend::Sqlite,
                "sqlite:a.db?cache=shared&mode=rwc".into(),
                false
            )
        );
        assert_eq!(
            classify_url("sqlite::memory:").unwrap(),
            (Backend::Sqlite, "sqlite::memory:".into(), true)
        );
        assert_eq!(
            classify_url("postgres://u@h/db").unwrap().0,
            Backend::Postgres
        );
        assert_eq!(
            classify_url("postgresql://u@h/db").unwrap().0,
            Backend::Postgres
        );
        assert!(matches!(
            classify_url("mysql://x"),
            Err(StoreError::InvalidUrl(_))
        ));
        assert!(matches!(
            classify_url("sqlite:"),
            Err(StoreError::InvalidUrl(_))
        ));
    }

    #[test]
    fn sqlite_file_is_the_path_sqlx_opens() {
        let file = |u: &str| sqlite_file(u).unwrap().map(|p| p.display().to_string());
        assert_eq!(file("sqlite:tandem.db").as_deref(), Some("tandem.db"));
        assert_eq!(
            file("sqlite:///var/lib/t.db?mode=rwc").as_deref(),
            Some("/var/lib/t.db")
        );
        assert_eq!(file("sqlite://x/y.db").as_deref(), Some("x/y.db"));
        assert_eq!(file("sqlite::memory:"), None);
        assert_eq!(file("postgres://u@h/db"), None);
        assert!(sqlite_file("mysql://x").is_err());
    }
}

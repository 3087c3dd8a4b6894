//! Backing up and restoring a SQLite database: `tandem backup` and `tandem restore`.
//!
//! PostgreSQL has its own tools for this (`pg_dump` / `pg_restore`, see docs/operations.md), so
//! everything here is SQLite only. What the two promise, and how:
//!
//! - **A consistent copy of a live database.** [`backup`] runs `VACUUM INTO` on a read-only
//!   connection: SQLite writes the copy inside one read transaction, so it is one snapshot even
//!   while `serve` keeps writing (WAL readers never block the writer, nor it them). The copy is
//!   written to a temporary name beside the target and only renamed into place once it passed
//!   [`inspect`]; an existing target is kept unless the caller asks to overwrite it.
//! - **Checked before it is trusted.** [`inspect`] opens a file read-only and runs
//!   `PRAGMA integrity_check`, compares its migration history with this binary's (it must be
//!   this binary's or an older prefix of it: `serve` brings an older one up to date) and counts
//!   the rows of every table.
//! - **Restoring never loses the database it replaces.** [`restore`] refuses while any other
//!   connection has the target open (it asks SQLite for an exclusive lock without waiting), folds
//!   the target's WAL into it, moves it aside as `FILE.before-restore-<UTC time>` and only then
//!   puts a copy of the backup in its place (under a temporary name first, then renamed), and
//!   checks the result.
//! - **Owner-only files.** Copies are created 0600 on Unix, like the database itself
//!   ([`create_private_file`]).

use crate::copy::{Applied, History, compare_history};
use crate::migrate;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{AssertSqlSafe, Connection, Row};
use std::path::{Path, PathBuf};

/// Why a backup or restore was refused or failed. Nothing was replaced in either case.
#[derive(thiserror::Error, Debug)]
pub enum BackupError {
    #[error(
        "this database is PostgreSQL: back it up with pg_dump and restore it with pg_restore \
         (see \"Backups\" in docs/operations.md for the exact commands)"
    )]
    Postgres,
    #[error("the database URL names no SQLite file (an in-memory database cannot be backed up)")]
    NoFile,
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("{0} already exists: choose another name, or add --force to overwrite it")]
    Exists(PathBuf),
    #[error("{0} holds no Tandem migration history: it is not a Tandem database")]
    NotTandem(PathBuf),
    #[error(
        "{path} is at migration {found}, newer than this tandem's latest ({latest}): use the \
         tandem that migrated it"
    )]
    Newer {
        path: PathBuf,
        found: i64,
        latest: i64,
    },
    #[error("the migration history of {path} differs from this tandem's at migration {version}")]
    HistoryDiffers { path: PathBuf, version: i64 },
    #[error("{path} failed SQLite's integrity check: {first}")]
    Damaged { path: PathBuf, first: String },
    #[error(
        "the database {0} is open in another process: stop `tandem serve` (and any other \
         tandem using it) before restoring"
    )]
    InUse(PathBuf),
    #[error("SQLite could not read or write {path}")]
    Sqlite {
        path: PathBuf,
        #[source]
        error: sqlx::Error,
    },
    #[error("{path}: file system error")]
    Io {
        path: PathBuf,
        #[source]
        error: std::io::Error,
    },
}

fn sqlite_err(path: &Path) -> impl FnOnce(sqlx::Error) -> BackupError + '_ {
    move |error| BackupError::Sqlite {
        path: path.to_path_buf(),
        error,
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |error| BackupError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// What [`inspect`] found in a database file that passed its checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// The latest migration applied to the file.
    pub migration: i64,
    /// This binary's latest migration (equal, or `serve` applies the rest at start).
    pub latest: i64,
    /// Every table (the migrations' own excepted) with its number of rows, by name.
    pub tables: Vec<(String, u64)>,
}

impl Inspection {
    /// Rows of `table` (0 when there is no such table).
    pub fn rows(&self, table: &str) -> u64 {
        self.tables
            .iter()
            .find(|(t, _)| t == table)
            .map_or(0, |(_, n)| *n)
    }

    /// Rows in all tables together.
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// Creates `path` for writing, readable and writable by its owner only (0600 on Unix, whatever
/// the umask). Fails if it exists.
pub fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Opens `path` read-only (never creating it) and checks it as described in the module
/// documentation.
pub async fn inspect(path: &Path) -> Result<Inspection, BackupError> {
    if !path.is_file() {
        return Err(BackupError::Missing(path.to_path_buf()));
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(sqlite_err(path))?;
    let result = inspect_on(&mut conn, path).await;
    conn.close().await.ok();
    result
}

async fn inspect_on(conn: &mut SqliteConnection, path: &Path) -> Result<Inspection, BackupError> {
    // A file that is not SQLite at all fails here, on its header.
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.message().contains("not a database") => {
                BackupError::NotTandem(path.to_path_buf())
            }
            other => sqlite_err(path)(other),
        })?;
    if problems != ["ok"] {
        return Err(BackupError::Damaged {
            path: path.to_path_buf(),
            first: problems.into_iter().next().unwrap_or_default(),
        });
    }
    let has: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(sqlite_err(path))?;
    if has.is_none() {
        return Err(BackupError::NotTandem(path.to_path_buf()));
    }
    let applied: Applied =
        sqlx::query("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .map_err(sqlite_err(path))?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(sqlite_err(path))?;
    let known = migrate::known();
    let latest = known.last().map_or(0, |(v, _)| *v);
    let migration = match compare_history(&applied, &known) {
        History::Current => latest,
        History::Older { found, .. } => found,
        History::Empty => return Err(BackupError::NotTandem(path.to_path_buf())),
        History::Newer { found, latest } => {
            return Err(BackupError::Newer {
                path: path.to_path_buf(),
                found,
                latest,
            });
        }
        History::Differs(version) => {
            return Err(BackupError::HistoryDiffers {
                path: path.to_path_buf(),
                version,
            });
        }
    };
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(sqlite_err(path))?;
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        // The names come from the file's own catalogue; quoted, they cannot break the statement.
        let sql = format!("SELECT COUNT(*) FROM \"{}\"", name.replace('"', "\"\""));
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_one(&mut *conn)
            .await
            .map_err(sqlite_err(path))?;
        tables.push((name, u64::try_from(n).unwrap_or(0)));
    }
    Ok(Inspection {
        migration,
        latest,
        tables,
    })
}

/// The file of a `sqlite:` database URL, or why there is none (see [`crate::sqlite_file`]).
pub fn database_file(url: &str) -> Result<PathBuf, BackupError> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Err(BackupError::Postgres);
    }
    match crate::sqlite_file(url) {
        Ok(Some(p)) => Ok(p),
        _ => Err(BackupError::NoFile),
    }
}

/// A name beside `target` for writing it before it is renamed into place.
fn partial_name(target: &Path, what: &str) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(format!(".{what}-{}", std::process::id()));
    PathBuf::from(name)
}

/// Writes a consistent copy of the live SQLite database `url` to `target` and checks it (see the
/// module documentation). An existing `target` is refused unless `overwrite`.
pub async fn backup(url: &str, target: &Path, overwrite: bool) -> Result<Inspection, BackupError> {
    let source = database_file(url)?;
    if !source.is_file() {
        return Err(BackupError::Missing(source));
    }
    if target.exists() && !overwrite {
        return Err(BackupError::Exists(target.to_path_buf()));
    }
    let partial = partial_name(target, "partial");
    // SQLite accepts an empty file as the target of VACUUM INTO; making it first gives it owner-
    // only permissions, which SQLite would not.
    create_private_file(&partial).map_err(io_err(&partial))?;
    let result = async {
        let options = SqliteConnectOptions::new()
            .filename(&source)
            .read_only(true)
            .create_if_missing(false)
            .busy_timeout(std::time::Duration::from_secs(30));
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .map_err(sqlite_err(&source))?;
        let vacuum = sqlx::query("VACUUM INTO $1")
            .bind(partial.to_string_lossy().into_owned())
            .execute(&mut conn)
            .await
            .map_err(sqlite_err(&source));
        conn.close().await.ok();
        vacuum?;
        let found = inspect(&partial).await?;
        sync_file(&partial)?;
        if overwrite {
            std::fs::rename(&partial, target).map_err(io_err(target))?;
        } else {
            // A link fails if the name was taken meanwhile, where a rename would replace it.
            std::fs::hard_link(&partial, target).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    BackupError::Exists(target.to_path_buf())
                } else {
                    io_err(target)(e)
                }
            })?;
        }
        sync_dir(target);
        Ok(found)
    }
    .await;
    // Gone after a rename; the leftover name after a link or a failure.
    let _ = std::fs::remove_file(&partial);
    result
}

/// What [`restore`] did.
#[derive(Clone, Debug)]
pub struct Restored {
    /// The restored database, as checked in its place.
    pub inspection: Inspection,
    /// Where the database it replaced was moved (none when there was none).
    pub previous: Option<PathBuf>,
}

/// Puts a copy of the backup `from` in place of the SQLite database `url`, keeping the database
/// it replaces (see the module documentation). `now` names the kept file.
pub async fn restore(
    url: &str,
    from: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Restored, BackupError> {
    let target = database_file(url)?;
    inspect(from).await?;
    let previous = if target.exists() {
        quiesce(&target).await?;
        let kept = sibling(
            &target,
            &format!(".before-restore-{}", now.format("%Y%m%dT%H%M%SZ")),
        );
        if kept.exists() {
            return Err(BackupError::Exists(kept));
        }
        std::fs::rename(&target, &kept).map_err(io_err(&target))?;
        // After the checkpoint the WAL is empty; moved beside the database all the same, so that
        // nothing of the old database can be read as part of the new one.
        for suffix in ["-wal", "-shm"] {
            let side = sibling(&target, suffix);
            if side.exists() {
                std::fs::rename(&side, sibling(&kept, suffix)).map_err(io_err(&side))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    let partial = partial_name(&target, "restoring");
    let copied = (|| {
        let mut out = create_private_file(&partial)?;
        let mut input = std::fs::File::open(from)?;
        std::io::copy(&mut input, &mut out)?;
        out.sync_all()
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(io_err(&partial)(e));
    }
    std::fs::rename(&partial, &target).map_err(io_err(&target))?;
    sync_dir(&target);
    let inspection = inspect(&target).await?;
    Ok(Restored {
        inspection,
        previous,
    })
}

/// `path` with `suffix` appended to its name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Refuses if another connection has `target` open, then folds its WAL into it: SQLite's
/// exclusive locking mode takes the lock at the first read, and fails at once (no busy wait)
/// while any other connection holds its shared lock.
async fn quiesce(target: &Path) -> Result<(), BackupError> {
    let options = SqliteConnectOptions::new()
        .filename(target)
        .create_if_missing(false)
        .busy_timeout(std::time::Duration::ZERO)
        .locking_mode(sqlx::sqlite::SqliteLockingMode::Exclusive);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| in_use_or(target, e))?;
    let result = async {
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut conn)
            .await
            .map_err(|e| in_use_or(target, e))?;
        sqlx::query("COMMIT")
            .execute(&mut conn)
            .await
            .map_err(sqlite_err(target))?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await
            .map_err(sqlite_err(target))?;
        Ok(())
    }
    .await;
    conn.close().await.ok();
    result
}

fn in_use_or(target: &Path, e: sqlx::Error) -> BackupError {
    match &e {
        sqlx::Error::Database(d)
            if d.message().contains("locked") || d.message().contains("busy") =>
        {
            BackupError::InUse(target.to_path_buf())
        }
        _ => sqlite_err(target)(e),
    }
}

fn sync_file(path: &Path) -> Result<(), BackupError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io_err(path))
}

/// Makes a rename in `path`'s directory durable (best effort: not every platform can).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

//! Moving a live scheme from its SQLite file to PostgreSQL: `tandem copy`.
//!
//! Only SQLite → PostgreSQL is supported: that is the move a growing scheme makes (from the
//! embedded default to a server that several instances share); the other direction has no use.
//!
//! What the copy promises, and how:
//!
//! - **The source is never written.** It is opened read-only (`SQLITE_OPEN_READONLY`) and never
//!   migrated; every read happens in one read transaction, so the copy sees one snapshot even if
//!   someone forgot to stop the service. The database file stays byte for byte as it was (a
//!   reader of a WAL database creates the `-shm` index and an empty `-wal` beside it when they
//!   are missing, as every SQLite reader does; neither holds data).
//! - **Same schema on both sides.** The source must be at exactly this binary's migrations
//!   (versions and checksums); an older one is refused ("run `tandem migrate` on the source
//!   first"), a newer one too. A fresh target is migrated first; the tables, columns, keys and
//!   types are then read from the catalogues, never from a list written here, so a migration
//!   that adds a table or a column needs no change to this module.
//! - **An empty target only.** A target holding any row in any table is refused, naming the
//!   tables, before anything is written to it (and checked again inside the transaction).
//! - **All or nothing.** Every table is copied inside one PostgreSQL transaction. An error, a
//!   failed check, or the process being killed (the server aborts the transaction of a dropped
//!   connection) leaves the target without a single data row. Only the migration of a fresh
//!   target, done before, stays: an empty schema.
//! - **Exact values.** Each value is read with its SQLite storage class (integer, real, text,
//!   blob, null) and written in PostgreSQL's binary `COPY` format for the target column's type,
//!   so nothing passes through a textual rendering: ids, RFC 3339 timestamps, password and token
//!   hashes, 0/1 booleans, integers, reals and blobs arrive as they were. A value that would not
//!   arrive exactly (text in an integer column, an integer too wide for a 32-bit column) stops
//!   the copy with the table, column and row number (never the value: it may be personal data).
//! - **Verified before COMMIT.** Per table, the rows are counted and hashed (SHA-256 over a
//!   canonical encoding of each row, in primary key order with byte-wise text order on both
//!   sides) once while reading the source and once reading back the target; any difference
//!   rolls back.
//!
//! Foreign keys: tables are copied in dependency order, derived from the target's catalogue.
//! Each table is one `COPY` statement, and PostgreSQL checks a foreign key that is not deferrable
//! at the end of the statement, so the rows of a self-referencing table may arrive in any order
//! (a child before its parent); nothing is inserted and updated later. Tables that refer to each
//! other in a cycle could not be ordered this way and are refused (Tandem has none).
//! Identity and serial columns (Tandem has none either) get their sequences set past the largest
//! copied value.

use crate::Store;
use crate::migrate;
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{AssertSqlSafe, Connection, Row, TypeInfo, ValueRef};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// The migrations' own bookkeeping: written by the migrator, never copied.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// Rows between two progress reports (and the granularity at which long tables show progress).
pub const PROGRESS_EVERY: u64 = 10_000;

/// Bytes of `COPY` data gathered before they are sent to the server.
const SEND_BYTES: usize = 1 << 20;

/// How far the copy of one table has come: `done` of `total` rows sent.
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    pub table: &'a str,
    pub done: u64,
    pub total: u64,
}

/// One copied table: its rows and its checksum, the same on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCopied {
    pub table: String,
    pub rows: u64,
    /// SHA-256 of the table's canonical encoding, in hex.
    pub checksum: String,
}

/// What a finished copy did.
#[derive(Clone, Debug)]
pub struct CopyReport {
    /// Every table, in the order copied (parents before children).
    pub tables: Vec<TableCopied>,
    /// Whether the target was migrated first (a fresh database).
    pub migrated_target: bool,
    /// The migration both databases are at.
    pub migration: i64,
}

/// Why a copy was refused or failed. Every variant means the target holds no data rows and the
/// source was not written. Messages name tables and columns but never a URL or a value.
#[derive(thiserror::Error, Debug)]
pub enum CopyError {
    /// Anything but SQLite → PostgreSQL.
    #[error(
        "copy reads a SQLite database (sqlite:FILE) and writes a PostgreSQL one (postgres://…): {0}"
    )]
    Direction(&'static str),
    #[error("the source file does not exist")]
    SourceMissing,
    #[error("the source holds no Tandem migration history: it is not a Tandem database")]
    SourceNotTandem,
    #[error(
        "the source is at migration {found}, this tandem's latest is {latest}: run `tandem migrate` on the source first"
    )]
    SourceOutdated { found: i64, latest: i64 },
    #[error(
        "the source is at migration {found}, newer than this tandem's latest ({latest}): copy with the tandem that migrated it"
    )]
    SourceNewer { found: i64, latest: i64 },
    #[error(
        "the source's migration {0} differs from this tandem's (failed, or a different file): it cannot be copied as it is"
    )]
    SourceHistoryDiffers(i64),
    #[error(
        "the target is at migration {found}, newer than this tandem's latest ({latest}): copy with the tandem that migrated it"
    )]
    TargetNewer { found: i64, latest: i64 },
    #[error("the target's migration {0} differs from this tandem's: choose an empty database")]
    TargetHistoryDiffers(i64),
    #[error("the target holds tables but no Tandem migration history: choose an empty database")]
    TargetNotTandem,
    #[error("the target already holds data (in {}): copy only into an empty database", .tables.join(", "))]
    TargetNotEmpty { tables: Vec<String> },
    #[error("the source and target schemas differ: {0}")]
    SchemaDiffers(String),
    #[error("column {table}.{column} has type {type_name}, which copy cannot carry exactly")]
    UnsupportedType {
        table: String,
        column: String,
        type_name: String,
    },
    #[error("the foreign keys of {} form a cycle, so no order of tables satisfies them", .0.join(", "))]
    ForeignKeyCycle(Vec<String>),
    #[error(
        "row {row} of {table}: column {column} holds {found} where the target expects {expected}; nothing was copied"
    )]
    ValueMismatch {
        table: String,
        column: String,
        row: u64,
        found: &'static str,
        expected: &'static str,
    },
    #[error(
        "row {row} of {table}: the value of {column} does not fit the target's {expected}; nothing was copied"
    )]
    ValueDoesNotFit {
        table: String,
        column: String,
        row: u64,
        expected: &'static str,
    },
    #[error(
        "the check of {table} failed: the source has {source_rows} rows (checksum {source_checksum}), the copy {target_rows} (checksum {target_checksum}); nothing was copied"
    )]
    Mismatch {
        table: String,
        source_rows: u64,
        target_rows: u64,
        source_checksum: String,
        target_checksum: String,
    },
    /// The source could not be opened or read.
    #[error("reading the source failed")]
    Source(#[source] sqlx::Error),
    /// The target refused a statement (e.g. a row breaking one of its constraints) or the
    /// connection failed; the transaction is rolled back.
    #[error("writing the target failed{}; nothing was copied", .table.as_deref().map(|t| format!(" while copying {t}")).unwrap_or_default())]
    Target {
        table: Option<String>,
        #[source]
        error: sqlx::Error,
    },
    /// Migrating a fresh target failed.
    #[error("migrating the target failed")]
    Migrate(#[source] crate::StoreError),
}

impl CopyError {
    /// Whether the copy was refused before writing anything because of what was asked (the
    /// wrong databases, an older source, a non-empty target), rather than failing on the way.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Self::Direction(_)
                | Self::SourceMissing
                | Self::SourceNotTandem
                | Self::SourceOutdated { .. }
                | Self::SourceNewer { .. }
                | Self::SourceHistoryDiffers(_)
                | Self::TargetNewer { .. }
                | Self::TargetHistoryDiffers(_)
                | Self::TargetNotTandem
                | Self::TargetNotEmpty { .. }
                | Self::SchemaDiffers(_)
                | Self::UnsupportedType { .. }
                | Self::ForeignKeyCycle(_)
        )
    }
}

fn source_err(e: sqlx::Error) -> CopyError {
    CopyError::Source(e)
}

fn target_err(e: sqlx::Error) -> CopyError {
    CopyError::Target {
        table: None,
        error: e,
    }
}

fn target_err_in(table: &str) -> impl FnOnce(sqlx::Error) -> CopyError + '_ {
    move |e| CopyError::Target {
        table: Some(table.to_string()),
        error: e,
    }
}

/// Copies every table of the SQLite database `from` (`sqlite:FILE`) into the empty PostgreSQL
/// database `to` (`postgres://…`), as described in the module documentation. `progress` is
/// called as each table starts, every [`PROGRESS_EVERY`] rows, and as it ends.
pub async fn copy_sqlite_to_postgres(
    from: &str,
    to: &str,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<CopyReport, CopyError> {
    let (source_options, target_options) = parse_urls(from, to)?;
    let known = migrate::known();
    let latest = known.last().map_or(0, |(v, _)| *v);

    let mut source = SqliteConnection::connect_with(&source_options)
        .await
        .map_err(source_err)?;
    let result = copy_with_source(&mut source, to, &target_options, &known, &mut progress).await;
    source.close().await.ok();
    result.map(|(tables, migrated_target)| CopyReport {
        tables,
        migrated_target,
        migration: latest,
    })
}

/// The options of both ends, refusing any other direction before anything is opened.
fn parse_urls(from: &str, to: &str) -> Result<(SqliteConnectOptions, PgConnectOptions), CopyError> {
    let is_pg = |u: &str| {
        let l = u.to_ascii_lowercase();
        l.starts_with("postgres://") || l.starts_with("postgresql://")
    };
    if is_pg(from) {
        return Err(CopyError::Direction("the source is PostgreSQL"));
    }
    if !from.starts_with("sqlite:") {
        return Err(CopyError::Direction("the source is not a sqlite: URL"));
    }
    if !is_pg(to) {
        return Err(CopyError::Direction("the target is not a postgres:// URL"));
    }
    let path = from["sqlite:".len()..].split('?').next().unwrap_or("");
    let path = path.strip_prefix("//").unwrap_or(path);
    if path.is_empty() || path == ":memory:" || !std::path::Path::new(path).is_file() {
        return Err(CopyError::SourceMissing);
    }
    // Read-only, never created, and no pragma that writes: the source stays byte for byte as
    // it was. The path is passed as a path (not re-parsed from the URL) so any query string the
    // operator wrote cannot switch read-only off.
    let source = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false);
    let target = PgConnectOptions::from_str(to)
        .map_err(|_| CopyError::Direction("the target URL is not a valid postgres:// URL"))?;
    Ok((source, target))
}

async fn copy_with_source(
    source: &mut SqliteConnection,
    to: &str,
    target_options: &PgConnectOptions,
    known: &[(i64, Vec<u8>)],
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<(Vec<TableCopied>, bool), CopyError> {
    // One read transaction: a snapshot of the source for every read that follows.
    sqlx::query("BEGIN")
        .execute(&mut *source)
        .await
        .map_err(source_err)?;
    check_source_history(source, known).await?;

    let mut target = PgConnection::connect_with(target_options)
        .await
        .map_err(target_err)?;
    let result = async {
        let migrated = prepare_target(&mut target, to, known).await?;
        let tables = copy_in_one_transaction(source, &mut target, progress).await?;
        Ok((tables, migrated))
    }
    .await;
    target.close().await.ok();
    sqlx::query("COMMIT").execute(&mut *source).await.ok();
    result
}

/// `(version, checksum, success)` of every applied migration.
pub(crate) type Applied = Vec<(i64, Vec<u8>, bool)>;

async fn check_source_history(
    source: &mut SqliteConnection,
    known: &[(i64, Vec<u8>)],
) -> Result<(), CopyError> {
    let has: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *source)
    .await
    .map_err(source_err)?;
    if has.is_none() {
        return Err(CopyError::SourceNotTandem);
    }
    let applied: Applied =
        sqlx::query("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *source)
            .await
            .map_err(source_err)?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(source_err)?;
    match compare_history(&applied, known) {
        History::Current => Ok(()),
        History::Empty => Err(CopyError::SourceNotTandem),
        History::Older { found, latest } => Err(CopyError::SourceOutdated { found, latest }),
        History::Newer { found, latest } => Err(CopyError::SourceNewer { found, latest }),
        History::Differs(v) => Err(CopyError::SourceHistoryDiffers(v)),
    }
}

/// How a database's applied migrations compare with this binary's.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum History {
    Current,
    Empty,
    /// A prefix of this binary's: `tandem migrate` brings it up to date.
    Older {
        found: i64,
        latest: i64,
    },
    Newer {
        found: i64,
        latest: i64,
    },
    /// A migration failed, has another checksum, or is missing in the middle.
    Differs(i64),
}

pub(crate) fn compare_history(
    applied: &[(i64, Vec<u8>, bool)],
    known: &[(i64, Vec<u8>)],
) -> History {
    let latest = known.last().map_or(0, |(v, _)| *v);
    let found = applied.iter().map(|(v, _, _)| *v).max().unwrap_or(0);
    if let Some((v, _, _)) = applied.iter().find(|(_, _, ok)| !ok) {
        return History::Differs(*v);
    }
    if found > latest {
        return History::Newer { found, latest };
    }
    if applied.is_empty() {
        return History::Empty;
    }
    for (i, (version, checksum, _)) in applied.iter().enumerate() {
        match known.get(i) {
            Some((v, c)) if v == version && c == checksum => {}
            _ => return History::Differs(*version),
        }
    }
    if applied.len() < known.len() {
        History::Older { found, latest }
    } else {
        History::Current
    }
}

/// Refuses a target holding data or someone else's tables, and migrates it if it is fresh (or
/// empty at an older migration). Returns whether it migrated.
async fn prepare_target(
    target: &mut PgConnection,
    to: &str,
    known: &[(i64, Vec<u8>)],
) -> Result<bool, CopyError> {
    let tables = target_tables(target).await?;
    let non_empty = non_empty_tables(target, &tables).await?;
    if !non_empty.is_empty() {
        return Err(CopyError::TargetNotEmpty { tables: non_empty });
    }
    let has_history = tables.iter().any(|t| t == MIGRATIONS_TABLE);
    let needs_migrating = if has_history {
        match compare_history(&target_history(target).await?, known) {
            History::Current => false,
            History::Empty | History::Older { .. } => true,
            History::Newer { found, latest } => {
                return Err(CopyError::TargetNewer { found, latest });
            }
            History::Differs(v) => return Err(CopyError::TargetHistoryDiffers(v)),
        }
    } else if tables.is_empty() {
        true
    } else {
        return Err(CopyError::TargetNotTandem);
    };
    if needs_migrating {
        let store = Store::connect(to).await.map_err(CopyError::Migrate)?;
        let migrated = store.migrate().await;
        store.close().await;
        migrated.map_err(CopyError::Migrate)?;
        if compare_history(&target_history(target).await?, known) != History::Current {
            return Err(CopyError::TargetHistoryDiffers(
                known.last().map_or(0, |(v, _)| *v),
            ));
        }
    }
    Ok(needs_migrating)
}

async fn target_history(target: &mut PgConnection) -> Result<Applied, CopyError> {
    sqlx::query("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&mut *target)
        .await
        .map_err(target_err)?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(target_err)
}

/// Every base table of the target's current schema, by name, but the people search's derived
/// tables (`people_search…`, kept by triggers from the rows copied: see `people_words`).
async fn target_tables(target: &mut PgConnection) -> Result<Vec<String>, CopyError> {
    sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
         AND table_name NOT LIKE 'people\\_search%' ESCAPE '\\' ORDER BY 1",
    )
    .fetch_all(&mut *target)
    .await
    .map_err(target_err)
}

/// The tables (other than the migrations' bookkeeping) holding at least one row.
async fn non_empty_tables(
    target: &mut PgConnection,
    tables: &[String],
) -> Result<Vec<String>, CopyError> {
    let mut non_empty = Vec::new();
    for t in tables.iter().filter(|t| *t != MIGRATIONS_TABLE) {
        let any: bool = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT EXISTS (SELECT 1 FROM {})",
            quote(t)
        )))
        .fetch_one(&mut *target)
        .await
        .map_err(target_err)?;
        if any {
            non_empty.push(t.clone());
        }
    }
    Ok(non_empty)
}

/// How a target column's values are written and read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Int2,
    Int4,
    Int8,
    Float4,
    Float8,
    Bytea,
}

impl Kind {
    /// The kind for a type as `information_schema.columns.data_type` names it; `None` for a
    /// type the portable migrations never use and the copy cannot carry exactly.
    fn of(data_type: &str) -> Option<Kind> {
        Some(match data_type {
            "text" | "character varying" | "character" => Kind::Text,
            "smallint" => Kind::Int2,
            "integer" => Kind::Int4,
            "bigint" => Kind::Int8,
            "real" => Kind::Float4,
            "double precision" => Kind::Float8,
            "bytea" => Kind::Bytea,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Int2 => "smallint",
            Kind::Int4 => "integer",
            Kind::Int8 => "bigint",
            Kind::Float4 => "real",
            Kind::Float8 => "double precision",
            Kind::Bytea => "bytea",
        }
    }
}

struct Column {
    name: String,
    kind: Kind,
}

struct Table {
    name: String,
    /// In the target's column order.
    columns: Vec<Column>,
    /// The primary key's columns (all columns for a table without one), the order in which
    /// both sides are read for the checksum.
    order: Vec<usize>,
}

/// The target's tables with their columns, keys and types, in dependency order.
async fn target_schema(target: &mut PgConnection) -> Result<Vec<Table>, CopyError> {
    let columns: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(data_type AS TEXT) \
         FROM information_schema.columns WHERE table_schema = current_schema() \
         ORDER BY table_name, ordinal_position",
    )
    .fetch_all(&mut *target)
    .await
    .map_err(target_err)?;
    let keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(c.relname AS TEXT), CAST(a.attname AS TEXT) \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum \
         WHERE i.indisprimary AND n.nspname = current_schema() \
         ORDER BY c.relname, k.position",
    )
    .fetch_all(&mut *target)
    .await
    .map_err(target_err)?;
    let references: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(c.relname AS TEXT), CAST(p.relname AS TEXT) \
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
         JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE k.contype = 'f' AND n.nspname = current_schema()",
    )
    .fetch_all(&mut *target)
    .await
    .map_err(target_err)?;

    let names = target_tables(target).await?;
    let mut tables = BTreeMap::new();
    for name in names.into_iter().filter(|t| t != MIGRATIONS_TABLE) {
        let mut cols = Vec::new();
        for (_, column, data_type) in columns.iter().filter(|(t, _, _)| *t == name) {
            let kind = Kind::of(data_type).ok_or_else(|| CopyError::UnsupportedType {
                table: name.clone(),
                column: column.clone(),
                type_name: data_type.clone(),
            })?;
            cols.push(Column {
                name: column.clone(),
                kind,
            });
        }
        let mut order: Vec<usize> = keys
            .iter()
            .filter(|(t, _)| *t == name)
            .filter_map(|(_, k)| cols.iter().position(|c| c.name == *k))
            .collect();
        if order.is_empty() {
            order = (0..cols.len()).collect();
        }
        tables.insert(
            name.clone(),
            Table {
                name,
                columns: cols,
                order,
            },
        );
    }
    let edges: Vec<(String, String)> = references
        .into_iter()
        .filter(|(c, p)| tables.contains_key(c) && tables.contains_key(p))
        .collect();
    let order = dependency_order(tables.keys().cloned().collect(), &edges)?;
    Ok(order
        .into_iter()
        .map(|t| tables.remove(&t).expect("ordered from these tables"))
        .collect())
}

/// The tables ordered so that every table comes after the tables it refers to (`edges` are
/// `(child, parent)`), alphabetically among those free to go next, so the order is stable.
/// A table referring to itself is no obstacle (see the module documentation); a cycle through
/// several tables is refused, naming them.
fn dependency_order(
    tables: BTreeSet<String>,
    edges: &[(String, String)],
) -> Result<Vec<String>, CopyError> {
    let mut waiting_on: BTreeMap<&str, BTreeSet<&str>> = tables
        .iter()
        .map(|t| (t.as_str(), BTreeSet::new()))
        .collect();
    for (child, parent) in edges.iter().filter(|(c, p)| c != p) {
        if let Some(w) = waiting_on.get_mut(child.as_str()) {
            w.insert(parent.as_str());
        }
    }
    let mut order = Vec::with_capacity(tables.len());
    while !waiting_on.is_empty() {
        let Some(next) = waiting_on
            .iter()
            .find(|(_, parents)| parents.is_empty())
            .map(|(t, _)| *t)
        else {
            return Err(CopyError::ForeignKeyCycle(
                waiting_on.keys().map(|t| t.to_string()).collect(),
            ));
        };
        waiting_on.remove(next);
        for parents in waiting_on.values_mut() {
            parents.remove(next);
        }
        order.push(next.to_string());
    }
    Ok(order)
}

/// Checks that the source has the same tables and columns as the target.
async fn check_source_schema(
    source: &mut SqliteConnection,
    tables: &[Table],
) -> Result<(), CopyError> {
    let names: BTreeSet<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations' \
         AND name NOT LIKE 'people\\_search%' ESCAPE '\\'",
    )
    .fetch_all(&mut *source)
    .await
    .map_err(source_err)?
    .into_iter()
    .collect();
    let expected: BTreeSet<String> = tables.iter().map(|t| t.name.clone()).collect();
    if let Some(t) = names.difference(&expected).next() {
        return Err(CopyError::SchemaDiffers(format!(
            "the source has a table {t} the target lacks"
        )));
    }
    if let Some(t) = expected.difference(&names).next() {
        return Err(CopyError::SchemaDiffers(format!(
            "the target has a table {t} the source lacks"
        )));
    }
    for table in tables {
        let columns: BTreeSet<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                .bind(&table.name)
                .fetch_all(&mut *source)
                .await
                .map_err(source_err)?
                .into_iter()
                .collect();
        let expected: BTreeSet<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        if columns != expected {
            let which = columns
                .symmetric_difference(&expected)
                .next()
                .cloned()
                .unwrap_or_default();
            return Err(CopyError::SchemaDiffers(format!(
                "column {}.{which} is not on both sides",
                table.name
            )));
        }
    }
    Ok(())
}

async fn copy_in_one_transaction(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<Vec<TableCopied>, CopyError> {
    let mut tx = target.begin().await.map_err(target_err)?;
    // Checked again inside the transaction: another process may have written since.
    let names = target_tables(&mut tx).await?;
    let non_empty = non_empty_tables(&mut tx, &names).await?;
    if !non_empty.is_empty() {
        return Err(CopyError::TargetNotEmpty { tables: non_empty });
    }
    let tables = target_schema(&mut tx).await?;
    check_source_schema(source, &tables).await?;

    let mut copied = Vec::with_capacity(tables.len());
    for table in &tables {
        let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {}",
            quote(&table.name)
        )))
        .fetch_one(&mut *source)
        .await
        .map_err(source_err)?;
        let total = u64::try_from(total).unwrap_or(0);
        let (rows, checksum) = copy_table(source, &mut tx, table, total, progress).await?;
        copied.push(TableCopied {
            table: table.name.clone(),
            rows,
            checksum,
        });
    }
    fix_sequences(&mut tx).await?;
    for (table, source_side) in tables.iter().zip(&copied) {
        let (rows, checksum) = target_checksum(&mut tx, table).await?;
        if rows != source_side.rows || checksum != source_side.checksum {
            return Err(CopyError::Mismatch {
                table: table.name.clone(),
                source_rows: source_side.rows,
                target_rows: rows,
                source_checksum: source_side.checksum.clone(),
                target_checksum: checksum,
            });
        }
    }
    tx.commit().await.map_err(target_err)?;
    Ok(copied)
}

/// A value as the checksum sees it: the same on both sides when the copy is exact.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// Feeds the value's canonical encoding (a tag, then fixed-width big-endian numbers or a
    /// length-prefixed byte string) into the hash, so no two rows encode alike.
    fn hash_into(&self, h: &mut Sha256) {
        match self {
            Value::Null => h.update(b"N"),
            Value::Integer(i) => {
                h.update(b"I");
                h.update(i.to_be_bytes());
            }
            Value::Real(f) => {
                h.update(b"R");
                h.update(f.to_bits().to_be_bytes());
            }
            Value::Text(s) => {
                h.update(b"T");
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
            Value::Blob(b) => {
                h.update(b"B");
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
        }
    }

    fn class(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Integer(_) => "an integer",
            Value::Real(_) => "a real",
            Value::Text(_) => "text",
            Value::Blob(_) => "a blob",
        }
    }
}

/// A column list for SQL, each name quoted.
fn column_list(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|c| quote(&c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `ORDER BY` over the key, in byte order on both sides (SQLite's BINARY collation; PostgreSQL's
/// "C" for text), nulls first as SQLite sorts them.
fn order_by(table: &Table, postgres: bool) -> String {
    table
        .order
        .iter()
        .map(|&i| {
            let c = &table.columns[i];
            match (postgres, c.kind) {
                (false, _) => format!("{} COLLATE BINARY", quote(&c.name)),
                (true, Kind::Text) => format!("{} COLLATE \"C\" NULLS FIRST", quote(&c.name)),
                (true, _) => format!("{} NULLS FIRST", quote(&c.name)),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The binary `COPY` header: signature, flags, header extension length.
const COPY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

async fn copy_table(
    source: &mut SqliteConnection,
    tx: &mut PgConnection,
    table: &Table,
    total: u64,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<(u64, String), CopyError> {
    progress(Progress {
        table: &table.name,
        done: 0,
        total,
    });
    let statement = format!(
        "COPY {} ({}) FROM STDIN (FORMAT binary)",
        quote(&table.name),
        column_list(table)
    );
    let mut copy = tx
        .copy_in_raw(&statement)
        .await
        .map_err(target_err_in(&table.name))?;
    let select = format!(
        "SELECT {} FROM {} ORDER BY {}",
        column_list(table),
        quote(&table.name),
        order_by(table, false)
    );
    let mut hash = Sha256::new();
    let mut buf = Vec::with_capacity(SEND_BYTES + 4096);
    buf.extend_from_slice(COPY_HEADER);
    let mut rows = 0u64;
    let columns = i16::try_from(table.columns.len()).expect("PostgreSQL allows 1,600 columns");
    let streamed: Result<(), CopyError> = async {
        let mut stream = sqlx::query(AssertSqlSafe(select)).fetch(&mut *source);
        while let Some(row) = stream.try_next().await.map_err(source_err)? {
            rows += 1;
            buf.extend_from_slice(&columns.to_be_bytes());
            for (i, column) in table.columns.iter().enumerate() {
                let value = sqlite_value(&row, i).map_err(source_err)?;
                value.hash_into(&mut hash);
                encode(&value, column, &mut buf).map_err(|e| e.at(table, column, rows))?;
            }
            if buf.len() >= SEND_BYTES {
                copy.send(std::mem::take(&mut buf))
                    .await
                    .map_err(target_err_in(&table.name))?;
                buf.reserve(SEND_BYTES + 4096);
            }
            if rows.is_multiple_of(PROGRESS_EVERY) {
                progress(Progress {
                    table: &table.name,
                    done: rows,
                    total: total.max(rows),
                });
            }
        }
        Ok(())
    }
    .await;
    if let Err(e) = streamed {
        // The server discards what it received; the transaction is then rolled back.
        copy.abort("the copy stopped").await.ok();
        return Err(e);
    }
    buf.extend_from_slice(&(-1i16).to_be_bytes());
    copy.send(buf).await.map_err(target_err_in(&table.name))?;
    let written = copy.finish().await.map_err(target_err_in(&table.name))?;
    progress(Progress {
        table: &table.name,
        done: rows,
        total: total.max(rows),
    });
    if written != rows {
        return Err(CopyError::Mismatch {
            table: table.name.clone(),
            source_rows: rows,
            target_rows: written,
            source_checksum: hex::encode(hash.finalize()),
            target_checksum: "(not read)".into(),
        });
    }
    Ok((rows, hex::encode(hash.finalize())))
}

/// The value of column `i` with its storage class (SQLite keeps one per value, whatever the
/// column was declared as).
fn sqlite_value(row: &sqlx::sqlite::SqliteRow, i: usize) -> Result<Value, sqlx::Error> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let class = raw.type_info().name().to_string();
    Ok(match class.as_str() {
        "INTEGER" => Value::Integer(row.try_get_unchecked(i)?),
        "REAL" => Value::Real(row.try_get_unchecked(i)?),
        "BLOB" => Value::Blob(row.try_get_unchecked(i)?),
        _ => Value::Text(row.try_get_unchecked(i)?),
    })
}

/// Why one value could not be encoded (placed in its table, column and row by [`Self::at`]).
enum Unfit {
    Class(&'static str),
    Width,
}

impl Unfit {
    fn at(self, table: &Table, column: &Column, row: u64) -> CopyError {
        match self {
            Unfit::Class(found) => CopyError::ValueMismatch {
                table: table.name.clone(),
                column: column.name.clone(),
                row,
                found,
                expected: column.kind.name(),
            },
            Unfit::Width => CopyError::ValueDoesNotFit {
                table: table.name.clone(),
                column: column.name.clone(),
                row,
                expected: column.kind.name(),
            },
        }
    }
}

/// Appends one field in PostgreSQL's binary `COPY` format: its length (-1 for null), then the
/// type's binary send format (big-endian integers and IEEE 754 floats, UTF-8 text, raw bytes).
fn encode(value: &Value, column: &Column, buf: &mut Vec<u8>) -> Result<(), Unfit> {
    fn field(buf: &mut Vec<u8>, bytes: &[u8]) {
        buf.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
        buf.extend_from_slice(bytes);
    }
    match (column.kind, value) {
        (_, Value::Null) => buf.extend_from_slice(&(-1i32).to_be_bytes()),
        (Kind::Text, Value::Text(s)) => field(buf, s.as_bytes()),
        (Kind::Int8, Value::Integer(i)) => field(buf, &i.to_be_bytes()),
        (Kind::Int4, Value::Integer(i)) => field(
            buf,
            &i32::try_from(*i).map_err(|_| Unfit::Width)?.to_be_bytes(),
        ),
        (Kind::Int2, Value::Integer(i)) => field(
            buf,
            &i16::try_from(*i).map_err(|_| Unfit::Width)?.to_be_bytes(),
        ),
        (Kind::Float8, Value::Real(f)) => field(buf, &f.to_bits().to_be_bytes()),
        (Kind::Float4, Value::Real(f)) => {
            let narrow = *f as f32;
            if f64::from(narrow).to_bits() != f.to_bits() {
                return Err(Unfit::Width);
            }
            field(buf, &narrow.to_bits().to_be_bytes())
        }
        (Kind::Bytea, Value::Blob(b)) => field(buf, b),
        (_, other) => return Err(Unfit::Class(other.class())),
    }
    Ok(())
}

/// Reads the table back from the target, in the same order and encoding as the source was
/// read: its row count and checksum.
async fn target_checksum(tx: &mut PgConnection, table: &Table) -> Result<(u64, String), CopyError> {
    let select = format!(
        "SELECT {} FROM {} ORDER BY {}",
        column_list(table),
        quote(&table.name),
        order_by(table, true)
    );
    let mut hash = Sha256::new();
    let mut rows = 0u64;
    let mut stream = sqlx::query(AssertSqlSafe(select)).fetch(&mut *tx);
    while let Some(row) = stream
        .try_next()
        .await
        .map_err(target_err_in(&table.name))?
    {
        rows += 1;
        for (i, column) in table.columns.iter().enumerate() {
            let value = pg_value(&row, i, column.kind).map_err(target_err_in(&table.name))?;
            value.hash_into(&mut hash);
        }
    }
    Ok((rows, hex::encode(hash.finalize())))
}

fn pg_value(row: &sqlx::postgres::PgRow, i: usize, kind: Kind) -> Result<Value, sqlx::Error> {
    Ok(match kind {
        Kind::Text => row.try_get::<Option<String>, _>(i)?.map(Value::Text),
        Kind::Int2 => row
            .try_get::<Option<i16>, _>(i)?
            .map(|v| Value::Integer(v.into())),
        Kind::Int4 => row
            .try_get::<Option<i32>, _>(i)?
            .map(|v| Value::Integer(v.into())),
        Kind::Int8 => row.try_get::<Option<i64>, _>(i)?.map(Value::Integer),
        Kind::Float4 => row
            .try_get::<Option<f32>, _>(i)?
            .map(|v| Value::Real(v.into())),
        Kind::Float8 => row.try_get::<Option<f64>, _>(i)?.map(Value::Real),
        Kind::Bytea => row.try_get::<Option<Vec<u8>>, _>(i)?.map(Value::Blob),
    }
    .unwrap_or(Value::Null))
}

/// Sets every identity or serial column's sequence past the largest value copied, so the next
/// generated value does not collide with a copied one.
async fn fix_sequences(tx: &mut PgConnection) -> Result<(), CopyError> {
    let generated: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
         FROM information_schema.columns WHERE table_schema = current_schema() \
         AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(target_err)?;
    for (table, column) in generated {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), \
             COALESCE((SELECT MAX({c}) FROM {t}), 0) + 1, false)",
            c = quote(&column),
            t = quote(&table)
        )))
        .bind(quote(&table))
        .bind(&column)
        .execute(&mut *tx)
        .await
        .map_err(target_err_in(&table))?;
    }
    Ok(())
}

/// An SQL identifier in double quotes (names come from the catalogues, but are quoted all the
/// same so that any name is safe).
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn edges(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn parents_come_before_children_and_self_references_do_not_block() {
        let order = dependency_order(
            names(&["employments", "people", "schemes", "organisations", "tree"]),
            &edges(&[
                ("employments", "people"),
                ("employments", "organisations"),
                ("people", "schemes"),
                ("organisations", "schemes"),
                ("tree", "tree"),
            ]),
        )
        .unwrap();
        assert_eq!(
            order,
            ["schemes", "organisations", "people", "employments", "tree"]
        );
    }

    #[test]
    fn a_cycle_through_tables_is_refused_naming_them() {
        let err = dependency_order(
            names(&["a", "b", "c"]),
            &edges(&[("a", "b"), ("b", "a"), ("c", "a")]),
        )
        .unwrap_err();
        match err {
            CopyError::ForeignKeyCycle(t) => assert_eq!(t, ["a", "b", "c"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn histories_compare_by_version_and_checksum() {
        let known = vec![(1, vec![1]), (2, vec![2]), (3, vec![3])];
        let applied = |v: &[(i64, u8, bool)]| -> Vec<(i64, Vec<u8>, bool)> {
            v.iter().map(|(a, b, c)| (*a, vec![*b], *c)).collect()
        };
        assert_eq!(
            compare_history(
                &applied(&[(1, 1, true), (2, 2, true), (3, 3, true)]),
                &known
            ),
            History::Current
        );
        assert_eq!(
            compare_history(&applied(&[(1, 1, true), (2, 2, true)]), &known),
            History::Older {
                found: 2,
                latest: 3
            }
        );
        assert_eq!(
            compare_history(
                &applied(&[(1, 1, true), (2, 2, true), (3, 3, true), (4, 4, true)]),
                &known
            ),
            History::Newer {
                found: 4,
                latest: 3
            }
        );
        assert_eq!(
            compare_history(&applied(&[(1, 1, true), (2, 9, true)]), &known),
            History::Differs(2)
        );
        assert_eq!(
            compare_history(&applied(&[(1, 1, true), (2, 2, false)]), &known),
            History::Differs(2)
        );
        assert_eq!(
            compare_history(&applied(&[(1, 1, true), (3, 3, true)]), &known),
            History::Differs(3)
        );
        assert_eq!(compare_history(&[], &known), History::Empty);
    }

    #[test]
    fn values_are_encoded_exactly_or_refused() {
        let col = |kind| Column {
            name: "c".into(),
            kind,
        };
        let mut buf = Vec::new();
        encode(&Value::Integer(-2), &col(Kind::Int8), &mut buf)
            .ok()
            .unwrap();
        assert_eq!(buf, [0, 0, 0, 8, 255, 255, 255, 255, 255, 255, 255, 254]);
        buf.clear();
        encode(&Value::Text("é".into()), &col(Kind::Text), &mut buf)
            .ok()
            .unwrap();
        assert_eq!(buf, [0, 0, 0, 2, 0xc3, 0xa9]);
        buf.clear();
        encode(&Value::Null, &col(Kind::Int4), &mut buf)
            .ok()
            .unwrap();
        assert_eq!(buf, [255, 255, 255, 255]);
        assert!(matches!(
            encode(&Value::Integer(1 << 40), &col(Kind::Int4), &mut buf),
            Err(Unfit::Width)
        ));
        assert!(matches!(
            encode(&Value::Real(0.1), &col(Kind::Float4), &mut buf),
            Err(Unfit::Width)
        ));
        assert!(matches!(
            encode(&Value::Text("1".into()), &col(Kind::Int8), &mut buf),
            Err(Unfit::Class("text"))
        ));
        encode(&Value::Real(0.5), &col(Kind::Float4), &mut buf)
            .ok()
            .unwrap();
    }

    #[test]
    fn only_sqlite_to_postgres_is_accepted() {
        for (from, to) in [
            ("postgres://h/a", "postgres://h/b"),
            ("sqlite:a.db", "sqlite:b.db"),
            ("mysql://h/a", "postgres://h/b"),
        ] {
            assert!(
                matches!(parse_urls(from, to), Err(CopyError::Direction(_))),
                "{from} -> {to}"
            );
        }
        assert!(matches!(
            parse_urls("sqlite:/nonexistent/tandem.db", "postgres://h/b"),
            Err(CopyError::SourceMissing)
        ));
    }
}

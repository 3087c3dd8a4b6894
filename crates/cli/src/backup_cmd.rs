//! `tandem backup` and `tandem restore`: a checked copy of a live SQLite database, and putting
//! one back in place of the configured database.
//!
//! The work and its guarantees are `tandem_storage::backup`'s (VACUUM INTO on a read-only
//! connection, `PRAGMA integrity_check`, the migration history compared with this binary's, the
//! replaced database kept beside it). This command prints what the copy holds, and turns a
//! refusal (an existing file, a file that is not a Tandem database, a newer one, a database in
//! use, PostgreSQL) into exit status 2 with the reason.

use crate::config::Config;
use crate::runtime::UsageError;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use tandem_storage::backup::{self, BackupError, Inspection};

#[derive(Args)]
pub struct BackupArgs {
    /// The file to write the copy to (created readable by its owner only).
    file: PathBuf,
    /// Overwrite FILE if it exists (it is replaced only once the new copy has passed its checks).
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A backup made by `tandem backup` (or any copy of a Tandem SQLite database). It is checked
    /// first and only read.
    file: PathBuf,
}

pub async fn backup(cfg: Config, args: BackupArgs) -> Result<()> {
    let found = backup::backup(&cfg.database_url, &args.file, args.force)
        .await
        .map_err(explain)?;
    println!(
        "Backed up to {} (checked: integrity ok).",
        args.file.display()
    );
    print_summary(&found);
    Ok(())
}

pub async fn restore(cfg: Config, args: RestoreArgs) -> Result<()> {
    let done = backup::restore(&cfg.database_url, &args.file, chrono::Utc::now())
        .await
        .map_err(explain)?;
    let target = backup::database_file(&cfg.database_url).map_err(explain)?;
    println!(
        "Restored {} to {} (checked: integrity ok).",
        args.file.display(),
        target.display()
    );
    match &done.previous {
        Some(p) => println!(
            "The database it replaced is kept as {} (delete it once you are sure).",
            p.display()
        ),
        None => println!("There was no database at {} before.", target.display()),
    }
    print_summary(&done.inspection);
    Ok(())
}

fn print_summary(found: &Inspection) {
    if found.migration == found.latest {
        println!("Migration {}: this tandem's latest.", found.migration);
    } else {
        println!(
            "Migration {} (this tandem's latest is {}): `tandem migrate` or `tandem serve` brings \
             it up to date.",
            found.migration, found.latest
        );
    }
    for table in [
        "schemes",
        "organisations",
        "people",
        "accounts",
        "programmes",
        "applications",
        "relationships",
        "relationship_sessions",
        "audit_log",
    ] {
        println!("  {table}: {}", found.rows(table));
    }
    println!(
        "  {} tables, {} rows in all",
        found.tables.len(),
        found.total_rows()
    );
}

/// Refusals are the operator's to fix (exit status 2); anything else is a failure (1).
fn explain(e: BackupError) -> anyhow::Error {
    match e {
        BackupError::Sqlite { .. } | BackupError::Io { .. } => anyhow::Error::new(e),
        refusal => UsageError(refusal.to_string()).into(),
    }
}

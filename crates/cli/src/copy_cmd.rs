//! `tandem copy`: moves a scheme from its SQLite file to an empty PostgreSQL database.
//!
//! The work and its guarantees are `tandem_storage::copy`'s (one transaction, verified per
//! table, the source opened read-only); this command prints progress for long tables on stderr,
//! the table of what was copied on stdout, and turns a refusal into exit status 2 with the
//! reason. URLs are shown only redacted: a password in `--to` never reaches the terminal or logs.

use crate::config::redact_url;
use crate::runtime::UsageError;
use anyhow::Result;
use clap::Args;
use std::io::Write;
use tandem_storage::copy::{self, CopyError, PROGRESS_EVERY, Progress};

#[derive(Args)]
pub struct CopyArgs {
    /// The SQLite database to copy: `sqlite:FILE`. Opened read-only and never changed.
    #[arg(long)]
    from: String,
    /// The PostgreSQL database to copy into: `postgres://…`. Must be empty (a fresh database is
    /// migrated first).
    #[arg(long)]
    to: String,
}

pub async fn run(args: CopyArgs) -> Result<()> {
    let (from, to) = (redact_url(&args.from), redact_url(&args.to));
    eprintln!("Copying {from} into {to}");
    let mut stderr = std::io::stderr();
    let report = copy::copy_sqlite_to_postgres(&args.from, &args.to, |p: Progress<'_>| {
        // Long tables report as they go; every table is listed once it is done.
        if p.total > PROGRESS_EVERY && p.done > 0 && p.done < p.total {
            let _ = writeln!(stderr, "  {}: {} of {} rows", p.table, p.done, p.total);
        }
    })
    .await
    .map_err(|e| explain(e, &to))?;

    if report.migrated_target {
        eprintln!(
            "The target was empty and has been migrated to migration {}.",
            report.migration
        );
    }
    let width = report
        .tables
        .iter()
        .map(|t| t.table.len())
        .max()
        .unwrap_or(5)
        .max("table".len());
    println!("{:<width$}  {:>9}  checksum (SHA-256)", "table", "rows");
    let mut rows = 0;
    for t in &report.tables {
        println!(
            "{:<width$}  {:>9}  {} ok",
            t.table,
            t.rows,
            &t.checksum[..16]
        );
        rows += t.rows;
    }
    println!(
        "Copied {} tables, {rows} rows, at migration {}; every table's rows and checksum match the source.",
        report.tables.len(),
        report.migration
    );
    println!("Point database_url at {to} to serve from PostgreSQL; {from} is unchanged.");
    Ok(())
}

/// A refusal (nothing asked for can be done as given) becomes a usage error, exit status 2; a
/// failure on the way stays an error, exit status 1. Either way the target holds no data rows.
fn explain(e: CopyError, to: &str) -> anyhow::Error {
    if e.is_refusal() {
        UsageError(format!("copy refused: {e}")).into()
    } else {
        anyhow::Error::new(e).context(format!(
            "copy failed and was rolled back: {to} holds no data rows; the source is unchanged"
        ))
    }
}

//! `tandem audit verify`: walks the audit log's hash chain (see docs/audit.md) and says whether
//! it is intact. Exits 0 with the count when it is, 1 naming the first broken entry otherwise,
//! so that a cron job or a monitoring check can run it.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check every entry's hash and its link to the one before, and the chain's head; prints
    /// the number of entries and OK, or the first broken entry (id, position, what failed).
    Verify,
}

pub async fn run(cfg: Config, cmd: AuditCommand) -> Result<()> {
    match cmd {
        AuditCommand::Verify => verify(cfg).await,
    }
}

async fn verify(cfg: Config) -> Result<()> {
    // Read-only: the store is opened without migrating, so a check never changes the database.
    let shown = crate::config::redact_url(&cfg.database_url);
    let store = tandem_storage::Store::connect(&cfg.database_url)
        .await
        .with_context(|| format!("connecting to {shown}"))?;
    if !store.migration_status().await?.is_current() {
        bail!("{shown} is not at this tandem's migrations: run `tandem migrate` first");
    }
    let check = store.verify_audit().await?;
    match check.broken {
        None => {
            println!("{} audit entries: OK", check.entries);
            Ok(())
        }
        Some(b) => {
            let id = if b.id.is_empty() {
                "(the chain's head)".to_string()
            } else {
                b.id
            };
            println!(
                "{} audit entries intact before position {}: BROKEN",
                check.entries, b.position
            );
            bail!(
                "the audit chain is broken at position {} (entry {id}): {}",
                b.position,
                b.problem
            )
        }
    }
}

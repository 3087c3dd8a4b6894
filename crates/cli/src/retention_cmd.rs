//! `tandem retention --dry-run|--apply`: every scheme's retention rules (see docs/personal-data.md)
//! counted or applied from the command line, through the same use case the upkeep pass runs.
//! Counts only are printed, never personal data.

use crate::config::Config;
use crate::runtime::{self, UsageError};
use anyhow::Result;
use clap::Args;
use tandem_app::rights;

#[derive(Args)]
pub struct RetentionArgs {
    /// Count what each rule would remove now, and remove nothing.
    #[arg(long, conflicts_with = "apply")]
    dry_run: bool,
    /// Apply the rules now (what the server's upkeep pass also does every ten minutes).
    #[arg(long)]
    apply: bool,
}

pub async fn run(cfg: Config, args: RetentionArgs) -> Result<()> {
    if !args.dry_run && !args.apply {
        return Err(UsageError("say --dry-run or --apply".into()).into());
    }
    let store = runtime::open_store(&cfg).await?;
    let app = runtime::context(&cfg, store.clone())?;
    let runs = rights::retention_run(&app, args.apply).await?;
    let verb = if args.apply {
        "removed"
    } else {
        "would remove"
    };
    for (scheme, c) in runs {
        let s = store.retention_settings(scheme).await?;
        println!("scheme {scheme}");
        println!(
            "  closed relationships older than {} years (free text): {verb} {}",
            s.closed_relationship_years, c.closed_relationships
        );
        println!(
            "  unconfirmed self-registrations older than {} days: {verb} {}",
            s.registration_days, c.unconfirmed_registrations
        );
        println!(
            "  expired links, codes and pending sign-ins: {verb} {}",
            c.expired_credentials
        );
        println!(
            "  undeliverable notices older than {} days: {verb} {}",
            s.dead_notice_days, c.dead_notices
        );
        println!(
            "  assessment scores, {} months after the person's part in the programme ended: {verb} {}",
            s.assessment_score_months, c.assessment_scores
        );
        println!(
            "  appraisal-summary links spent more than {} days ago (link hash): {verb} {}",
            s.appraisal_link_days, c.appraisal_links
        );
    }
    Ok(())
}

//! `tandem assessments import`: a programme's assessment scores from CSV or XLSX (columns
//! e-mail, instrument, dimension, score), through the same use case as the page and the API:
//! every row is checked, and nothing is written unless all are valid. See docs/assessments.md.

use crate::config::Config;
use crate::runtime::{self, UsageError, english};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use tandem_app::assessments;
use tandem_people_io::Format;

#[derive(Subcommand)]
pub enum AssessmentsCommand {
    /// Import scores per person, instrument and dimension; exit 2 listing every problem by row
    /// (unknown people, instruments or dimensions, scores outside the range) with nothing written.
    Import(ImportArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    /// A .csv or .xlsx file.
    file: PathBuf,
    /// The programme's name or id.
    #[arg(long)]
    programme: String,
    /// Scheme name or id, when the database holds several.
    #[arg(long)]
    scheme: Option<String>,
    /// Check every row and report, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(cfg: Config, cmd: AssessmentsCommand) -> Result<()> {
    let AssessmentsCommand::Import(args) = cmd;
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let format = Format::from_file_name(name).unwrap_or_else(|| Format::sniff(&bytes));
    let store = runtime::open_store(&cfg).await?;
    let scheme = runtime::pick_scheme(&store, args.scheme.as_deref()).await?;
    let programme = store
        .list_programmes(scheme.id)
        .await?
        .into_iter()
        .find(|p| {
            p.id.to_string() == args.programme || p.name.eq_ignore_ascii_case(&args.programme)
        })
        .ok_or_else(|| UsageError(format!("no programme named {:?}", args.programme)))?;
    let ctx = runtime::context(&cfg, store)?;
    let operator = runtime::operator(&scheme);
    let file = args.file.display();
    let problem = |e: tandem_app::AppError| -> anyhow::Error {
        match e {
            tandem_app::AppError::Validation(v) => {
                let text: Vec<String> = v
                    .errors
                    .iter()
                    .map(|f| english(&f.message, &f.params))
                    .collect();
                UsageError(format!("{file}: {}", text.join("; "))).into()
            }
            e => anyhow::Error::new(e),
        }
    };
    let (preview, written) = if args.dry_run {
        let p = assessments::preview_import(&ctx, &operator, programme.id, &bytes, format)
            .await
            .map_err(problem)?;
        (p, None)
    } else {
        assessments::import_now(&ctx, &operator, programme.id, &bytes, format)
            .await
            .map_err(problem)?
    };
    if !preview.is_valid() {
        for r in &preview.problems {
            eprintln!(
                "{file}:{}: {}: {}",
                r.line,
                r.column,
                english(r.message, &[])
            );
        }
        bail!(UsageError(format!(
            "{file}: {} problem(s); nothing was written",
            preview.problems.len()
        )));
    }
    match written {
        Some(done) => println!(
            "{file}: imported {} scores of {} people",
            done.scores, done.people
        ),
        None => println!(
            "{file}: every row is valid: {} scores of {} people (dry run: nothing written)",
            preview.rows, preview.people
        ),
    }
    Ok(())
}

//! `tandem import` and `tandem export`: people from and to HR extracts, through the same services
//! (validation, authorisation, one transaction, audit) as the web pages and the API.

use crate::config::Config;
use crate::runtime::{self, UsageError, english};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use tandem_app::{export, import};
use tandem_people_io::Format;

#[derive(Clone, Copy, ValueEnum)]
pub enum What {
    /// People and their employments (the HR-extract columns).
    People,
}

#[derive(Args)]
pub struct ImportArgs {
    what: What,
    /// A .csv or .xlsx file.
    file: PathBuf,
    /// Scheme name or id, when the database holds several.
    #[arg(long)]
    scheme: Option<String>,
    /// Check every row and report, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    what: What,
    /// csv or xlsx.
    #[arg(long, default_value = "csv")]
    format: String,
    /// Output file; standard output when omitted (CSV only).
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    scheme: Option<String>,
}

pub async fn import(cfg: Config, args: ImportArgs) -> Result<()> {
    let What::People = args.what;
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
    let ctx = runtime::context(&cfg, store)?;
    let operator = runtime::operator(&scheme);
    let file = args.file.display();

    let outcome = if args.dry_run {
        let preview = import::dry_run(&ctx, &operator, &bytes, format)
            .await
            .map_err(|e| file_problem(&e, &file))?;
        if preview.is_valid() {
            println!(
                "{file}: every row is valid: {} to add, {} to update, {} unchanged (dry run: nothing written)",
                preview.creates, preview.updates, preview.unchanged
            );
            return Ok(());
        }
        Err(preview)
    } else {
        import::preview_and_commit(&ctx, &operator, &bytes, format)
            .await
            .map_err(|e| file_problem(&e, &file))?
    };
    match outcome {
        Ok(done) => {
            println!(
                "{file}: imported: {} added, {} updated, {} unchanged",
                done.created, done.updated, done.unchanged
            );
            Ok(())
        }
        Err(preview) => {
            for row in preview.rows.iter().filter(|r| !r.errors.is_empty()) {
                for e in &row.errors {
                    eprintln!(
                        "{file}:{}: {}: {}",
                        row.line,
                        e.column,
                        english(&e.message, &e.params)
                    );
                }
            }
            bail!(UsageError(format!(
                "{file}: {} of {} rows have problems; nothing was written",
                preview.rows_with_errors,
                preview.rows.len()
            )))
        }
    }
}

/// A whole-file problem (unreadable, too large, missing column) as a usage error in English.
fn file_problem(e: &tandem_app::AppError, file: &dyn std::fmt::Display) -> anyhow::Error {
    match e {
        tandem_app::AppError::Validation(v) => {
            let text: Vec<String> = v
                .errors
                .iter()
                .map(|f| english(&f.message, &f.params))
                .collect();
            UsageError(format!("{file}: {}", text.join("; "))).into()
        }
        other => anyhow::anyhow!("{file}: {other}"),
    }
}

pub async fn export(cfg: Config, args: ExportArgs) -> Result<()> {
    let What::People = args.what;
    let format = match args.format.as_str() {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        other => bail!(UsageError(format!(
            "--format must be csv or xlsx, not {other:?}"
        ))),
    };
    let store = runtime::open_store(&cfg).await?;
    let scheme = runtime::pick_scheme(&store, args.scheme.as_deref()).await?;
    let ctx = runtime::context(&cfg, store)?;
    let out = export::export(&ctx, &runtime::operator(&scheme), format)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match args.out {
        Some(path) => {
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, &out.bytes)
                .with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("Exported to {}", path.display());
        }
        None if matches!(format, Format::Csv) => {
            use std::io::Write;
            std::io::stdout().write_all(&out.bytes)?;
        }
        None => bail!(UsageError("an XLSX export needs --out FILE".into())),
    }
    Ok(())
}

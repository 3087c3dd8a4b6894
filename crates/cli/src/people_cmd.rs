//! `tandem import` and `tandem export`: people from and to HR extracts, and a consortium's
//! organisations from a spreadsheet, through the same services (validation, authorisation, one
//! transaction, audit) as the web pages and the API.

use crate::config::Config;
use crate::runtime::{self, UsageError, english};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use tandem_app::{export, import};
use tandem_people_io::{Field, Format};

#[derive(Clone, Copy, ValueEnum)]
pub enum What {
    /// People and their employments (the HR-extract columns).
    People,
    /// Applications with their statuses (the coordinators' exports of scheme records).
    Applications,
    /// Relationships with status and activity counts.
    Relationships,
    /// Sessions held and confirmed against each relationship's cap.
    Sessions,
    /// Attendance at action learning set meetings.
    SetAttendance,
    /// Attendance at paired-learning workshops.
    Workshops,
    /// Paired-learning projects and their measures.
    Projects,
}

impl What {
    /// The scheme-records export this names (`None`: people).
    fn records(self) -> Option<tandem_app::exports::ExportKind> {
        use tandem_app::exports::ExportKind as K;
        match self {
            What::People => None,
            What::Applications => Some(K::Applications),
            What::Relationships => Some(K::Relationships),
            What::Sessions => Some(K::Sessions),
            What::SetAttendance => Some(K::SetAttendance),
            What::Workshops => Some(K::Workshops),
            What::Projects => Some(K::Projects),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportWhat {
    /// People and their employments (the HR-extract columns).
    People,
    /// The scheme's organisations (columns name, kind, country).
    Organisations,
}

#[derive(Args)]
pub struct ImportArgs {
    what: ImportWhat,
    /// A .csv or .xlsx file.
    file: PathBuf,
    /// Scheme name or id, when the database holds several.
    #[arg(long)]
    scheme: Option<String>,
    /// Check every row and report, but write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Map a column to a field, overriding the suggestion from its heading: 'Heading=field'
    /// (repeatable). Fields: given_name, family_name, full_name, family_name_prefix, email,
    /// organisation, job_title, profession, grade_system, grade, line_manager_email, language,
    /// employee_number, ignore. Recognised headings need none. People only.
    #[arg(long = "map", value_name = "HEADING=FIELD", value_parser = parse_map)]
    map: Vec<(String, Field)>,
}

/// Reads one `--map 'Heading=field'` (the last `=` separates, so a heading may hold one).
fn parse_map(raw: &str) -> std::result::Result<(String, Field), String> {
    let Some((heading, field)) = raw.rsplit_once('=') else {
        return Err(format!("expected 'Heading=field', not {raw:?}"));
    };
    let Some(field) = Field::from_code(field) else {
        let all: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
        return Err(format!(
            "{field:?} is not a field; use one of: {}",
            all.join(", ")
        ));
    };
    if heading.trim().is_empty() {
        return Err(format!("expected 'Heading=field', not {raw:?}"));
    }
    Ok((heading.trim().to_string(), field))
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
    if args.what == ImportWhat::Organisations {
        if !args.map.is_empty() {
            bail!(UsageError(
                "--map is for people; an organisations file has the columns name, kind, country"
                    .into()
            ));
        }
        return import_organisations(cfg, args).await;
    }
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?
        .len();
    if size > tandem_people_io::MAX_CLI_BYTES as u64 {
        bail!(UsageError(format!(
            "{}: the file is {size} bytes; the limit is {} bytes",
            args.file.display(),
            tandem_people_io::MAX_CLI_BYTES
        )));
    }
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

    // The command line reads one whole file within its own, larger limits (see
    // `tandem_people_io::Limits::COMMAND_LINE`); the web upload keeps the upload's.
    let outcome = import::import_file(&ctx, &operator, bytes, format, &args.map, args.dry_run)
        .await
        .map_err(|e| file_problem(&e, &file))?;
    if args.dry_run
        && let Err(preview) = &outcome
        && preview.is_valid()
    {
        print_mapping(preview, &file);
        print_warnings(preview, &file);
        println!(
            "{file}: every row is valid: {} to add, {} to update, {} unchanged (dry run: nothing written)",
            preview.creates, preview.updates, preview.unchanged
        );
        return Ok(());
    }
    match outcome {
        Ok(done) => {
            println!(
                "{file}: imported: {} added, {} updated, {} unchanged",
                done.created, done.updated, done.unchanged
            );
            Ok(())
        }
        Err(preview) => {
            print_mapping(&preview, &file);
            print_warnings(&preview, &file);
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

/// How the file's columns were read, so that a suggestion that is wrong can be corrected with
/// `--map` (on standard output: it is part of the report, not a problem).
fn print_mapping(preview: &import::ImportPreview, file: &dyn std::fmt::Display) {
    let used: Vec<String> = preview
        .columns
        .iter()
        .filter(|c| c.field != "ignore")
        .map(|c| format!("{:?}={}", c.heading, c.field))
        .collect();
    println!("{file}: columns read as: {}", used.join(", "));
}

/// Warnings by row (a council grade new to its list, added by the import): on standard output,
/// since they stop nothing.
fn print_warnings(preview: &import::ImportPreview, file: &dyn std::fmt::Display) {
    for row in &preview.rows {
        for w in &row.warnings {
            println!(
                "{file}:{}: {}: warning: {}",
                row.line,
                w.column,
                english(&w.message, &w.params)
            );
        }
    }
}

/// `tandem import organisations FILE`: the same rule as people (every row checked, nothing
/// written unless all are valid; `--dry-run` only reports).
async fn import_organisations(cfg: Config, args: ImportArgs) -> Result<()> {
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
        let preview = import::preview_organisations(&ctx, &operator, &bytes, format)
            .await
            .map_err(|e| file_problem(&e, &file))?;
        if preview.is_valid() {
            for r in &preview.rows {
                println!("{file}:{}: {}: {}", r.line, r.name, org_action(r.action));
            }
            println!(
                "{file}: every row is valid: {} to add, {} unchanged (dry run: nothing written)",
                preview.creates, preview.unchanged
            );
            return Ok(());
        }
        Err(preview)
    } else {
        import::import_organisations(&ctx, &operator, &bytes, format)
            .await
            .map_err(|e| file_problem(&e, &file))?
    };
    match outcome {
        Ok(done) => {
            println!(
                "{file}: imported: {} organisation(s) added, {} unchanged",
                done.created, done.unchanged
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

fn org_action(action: &str) -> &'static str {
    match action {
        "unchanged" => "already in the scheme, unchanged",
        _ => "to add",
    }
}

/// A whole-file problem (unreadable, too large, missing column) as a usage error in English.
fn file_problem(e: &tandem_app::AppError, file: &dyn std::fmt::Display) -> anyhow::Error {
    match e {
        tandem_app::AppError::Validation(v) => {
            let text: Vec<String> = v
                .errors
                .iter()
                .map(|f| {
                    let text = english(&f.message, &f.params);
                    if matches!(
                        f.message.as_str(),
                        "import.missing_fields" | "import.unknown_heading"
                    ) {
                        format!("{text} (map a column with --map 'Heading=field')")
                    } else {
                        text
                    }
                })
                .collect();
            UsageError(format!("{file}: {}", text.join("; "))).into()
        }
        other => anyhow::anyhow!("{file}: {other}"),
    }
}

pub async fn export(cfg: Config, args: ExportArgs) -> Result<()> {
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
    let operator = runtime::operator(&scheme);
    let out = match args.what.records() {
        None => export::export(&ctx, &operator, format).await,
        // The whole scheme, headings in English (the terminal's language).
        Some(kind) => {
            tandem_app::exports::export(
                &ctx,
                &operator,
                kind,
                Default::default(),
                format,
                tandem_domain::Language::EnGb,
            )
            .await
        }
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    match args.out {
        Some(path) => {
            // Personal data: owner-only (0600) however the umask is set.
            let tmp = path.with_extension("partial");
            let _ = std::fs::remove_file(&tmp);
            tandem_storage::backup::create_private_file(&tmp)
                .and_then(|mut f| std::io::Write::write_all(&mut f, &out.bytes))
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

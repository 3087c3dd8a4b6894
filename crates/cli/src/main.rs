//! The `tandem` binary: the edge where configuration is read, logging is set up and `anyhow`
//! errors become exit codes. Everything else lives in the library crates.
mod assessments_cmd;
mod audit_cmd;
mod backup_cmd;
mod config;
mod copy_cmd;
mod demo_cmd;
mod init_cmd;
mod match_cmd;
mod people_cmd;
mod retention_cmd;
mod role_cmd;
mod runtime;
mod stats_cmd;
mod user_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the C library's allocator, for Rust and (the crate's `override` feature)
/// for the C code linked in, SQLite above all. Tandem's memory is many small strings made on one
/// thread and freed on another (rows bound on the request or import thread, copied and dropped on
/// SQLite's worker), which glibc's per-thread arenas serve with a locked free each and keep long
/// after they are freed: with glibc, allocation was a fifth of a 1,000,000-row import's time, and
/// the import's memory stayed at the check's peak while it wrote (see `docs/benchmarks-web.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Tandem runs cross-organisational mentoring and peer-learning schemes in health and social care.
#[derive(Parser)]
#[command(name = "tandem", version, about, long_about = None)]
struct Cli {
    /// Configuration file (TOML); see `tandem config example` for an annotated example.
    #[arg(long, global = true, env = "TANDEM_CONFIG")]
    config: Option<PathBuf>,
    /// Database: `sqlite:FILE` (embedded, the default) or `postgres://…`. Overrides the configuration.
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and JSON API (applies pending migrations first).
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080. Overrides the configuration.
        #[arg(long)]
        listen: Option<String>,
    },
    /// Set up a new scheme: its settings, first organisations, administrator and scheme
    /// coordinator (from --file, flags, or prompts at a terminal). Refused once a scheme exists.
    Init(Box<init_cmd::InitArgs>),
    /// Create a fresh SQLite database holding a synthetic demo consortium and serve it.
    Demo(demo_cmd::DemoArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import people from a CSV or XLSX HR extract (columns mapped from their headings, or with
    /// --map), or the scheme's organisations: every row is checked first and nothing is written
    /// unless all rows are valid.
    Import(people_cmd::ImportArgs),
    /// Export people as CSV or XLSX (the same columns the import reads), or the scheme's records
    /// (applications, relationships, sessions, set-attendance, workshops, projects).
    Export(people_cmd::ExportArgs),
    /// A programme's assessment results: `import` scores from CSV or XLSX (see
    /// docs/assessments.md).
    #[command(subcommand)]
    Assessments(assessments_cmd::AssessmentsCommand),
    /// Manage sign-in accounts.
    #[command(subcommand)]
    User(user_cmd::UserCommand),
    /// Grant or revoke a scoped role (see docs/roles.md).
    #[command(subcommand)]
    Role(role_cmd::RoleCommand),
    /// The configuration: an annotated example (the default), its reference, or a check.
    Config {
        #[command(subcommand)]
        command: Option<ConfigCommand>,
    },
    /// Run the matching engine on files (assign, stable, groups); see docs/matching.md.
    #[command(subcommand)]
    Match(match_cmd::MatchCommand),
    /// Copy a SQLite database into an empty PostgreSQL one, in one transaction, verified per
    /// table; see docs/moving-to-postgresql.md.
    Copy(copy_cmd::CopyArgs),
    /// Write a consistent, checked copy of the live SQLite database to FILE (safe while `serve`
    /// runs; refuses an existing FILE without --force). PostgreSQL: use pg_dump, see
    /// docs/operations.md.
    Backup(backup_cmd::BackupArgs),
    /// Put a checked backup in place of the configured SQLite database (refused while it is in
    /// use); the database it replaces is kept as FILE.before-restore-<time>.
    Restore(backup_cmd::RestoreArgs),
    /// Evaluation statistics on a CSV file (paired before/after, or two cohorts), equal to scipy;
    /// see docs/evaluation-statistics.md.
    #[command(subcommand)]
    Stats(stats_cmd::StatsCommand),
    /// The audit log: `verify` checks its hash chain; see docs/audit.md.
    #[command(subcommand)]
    Audit(audit_cmd::AuditCommand),
    /// Count (--dry-run) or apply (--apply) every scheme's retention rules; counts only are
    /// printed. See docs/personal-data.md.
    Retention(retention_cmd::RetentionArgs),
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print an annotated example configuration file (also what bare `tandem config` prints).
    Example,
    /// Print every setting with its environment variable, default and meaning (Markdown).
    Reference,
    /// Run the checks `serve` runs at start and report the database's migration state, without
    /// starting or migrating anything. Exits 0 when `serve` would start, 78 listing every problem.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Every message is parsed now, so a malformed locale file stops the program here, naming the
    // file and message, rather than failing the first page or e-mail that needs it.
    if let Err(error) = tandem_i18n::I18n::try_shared() {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Command::Match(cmd) => return match_cmd::run(cmd),
        Command::Stats(cmd) => return stats_cmd::run(cmd),
        Command::Copy(args) => runtime::block_on(copy_cmd::run(args)),
        Command::Config {
            command: None | Some(ConfigCommand::Example),
        } => {
            print!("{}", config::EXAMPLE);
            Ok(())
        }
        Command::Config {
            command: Some(ConfigCommand::Reference),
        } => {
            print!("{}", config::reference_markdown());
            Ok(())
        }
        command => runtime::load_config(cli.config.as_deref(), cli.database_url).and_then(|cfg| {
            match command {
                Command::Serve { listen } => runtime::block_on(runtime::serve(cfg, listen)),
                Command::Demo(args) => runtime::block_on(demo_cmd::run(cfg, args)),
                Command::Init(args) => runtime::block_on(init_cmd::run(cfg, *args)),
                Command::Migrate => runtime::block_on(runtime::migrate(cfg)),
                Command::Import(args) => runtime::block_on(people_cmd::import(cfg, args)),
                Command::Export(args) => runtime::block_on(people_cmd::export(cfg, args)),
                Command::Assessments(cmd) => runtime::block_on(assessments_cmd::run(cfg, cmd)),
                Command::User(cmd) => runtime::block_on(user_cmd::run(cfg, cmd)),
                Command::Role(cmd) => runtime::block_on(role_cmd::run(cfg, cmd)),
                Command::Audit(cmd) => runtime::block_on(audit_cmd::run(cfg, cmd)),
                Command::Backup(args) => runtime::block_on(backup_cmd::backup(cfg, args)),
                Command::Restore(args) => runtime::block_on(backup_cmd::restore(cfg, args)),
                Command::Retention(args) => runtime::block_on(retention_cmd::run(cfg, args)),
                Command::Config { .. } => {
                    runtime::block_on(runtime::config_check(cfg, cli.config.as_deref()))
                }
                Command::Match(_) | Command::Copy(_) | Command::Stats(_) => {
                    unreachable!("handled above")
                }
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if e.is::<config::Problems>() {
                config::Problems::EXIT_CODE
            } else {
                e.downcast_ref::<runtime::UsageError>().map_or(1, |_| 2)
            };
            eprintln!("tandem: {e:#}");
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}

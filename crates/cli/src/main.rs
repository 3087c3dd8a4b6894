//! The `tandem` binary: the edge where `anyhow` errors become exit codes.
mod match_cmd;

use clap::{Parser, Subcommand};

/// Tandem runs cross-organisational mentoring and peer-learning schemes in health and social care.
#[derive(Parser)]
#[command(name = "tandem", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the matching engine on files (assign, stable, groups); see docs/matching.md.
    #[command(subcommand)]
    Match(match_cmd::MatchCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Match(cmd) => match_cmd::run(cmd),
    }
}

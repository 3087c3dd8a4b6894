//! `tandem match` (in progress).
use clap::Subcommand;

#[derive(Subcommand)]
pub enum MatchCommand {}

pub fn run(cmd: MatchCommand) -> std::process::ExitCode {
    match cmd {}
}

//! The `coursebook` command line: parses arguments, runs one subcommand, prints the outcome.
//! Exit codes: 0 success, 1 content or build errors, 2 usage errors (from clap).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}

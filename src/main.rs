//! The `reggraph` binary: parse the command line, run, print, and map the
//! result to an exit code (0 success, 1 data or query error, 2 usage error).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = reggraph::cli::Cli::parse();
    match reggraph::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("error: {}", failure.message);
            }
            if let Some(help) = failure.help {
                eprintln!("help: {help}");
            }
            ExitCode::from(failure.exit_code)
        }
    }
}

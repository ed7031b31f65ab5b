//! The `reggraph` binary: parse the command line, run, print, and map the
//! result to an exit code (0 success, 1 data or query error, 2 usage error).

use std::process::ExitCode;

use clap::Parser;

mod cli;

/// mimalloc rather than the system allocator: loading allocates and frees
/// millions of small strings on several threads, which glibc's allocator
/// does more slowly and leaves fragmented (memory freed by one file's raw
/// records is not reused for the next).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    reggraph::alloc::tune_mimalloc();
    let cli = cli::Cli::parse();
    if let Err(bad) = reggraph::query::fixed_today() {
        let failure = cli::Failure::usage(bad.to_string(), None);
        failure.report();
        return ExitCode::from(failure.exit_code);
    }
    match cli::run(cli) {
        Ok(ran) => {
            // The process ends here: freeing a large graph piece by piece
            // would only delay the exit, so it is left to the system. The
            // one place destructors are skipped.
            std::mem::forget(ran.graph);
            ExitCode::from(ran.code)
        }
        Err(failure) => {
            failure.report();
            ExitCode::from(failure.exit_code)
        }
    }
}

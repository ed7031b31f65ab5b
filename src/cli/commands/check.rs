//! `check`: every diagnostic, then the summary line, on stdout, as text
//! (coloured on a terminal) or JSON.

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::BufferedStandardStream;

use reggraph::diagnostic::{JsonDiagnostic, render_text};
use reggraph::workspace::Report;

use crate::cli::args::{Cli, Format};
use crate::cli::{Failure, color, io_failure, json};

/// `check`: every diagnostic, then the summary line, on stdout.
pub fn print(cli: &Cli, report: &Report) -> Result<u8, Failure> {
    let errors = report.error_count();
    let warnings = report.warning_count();
    let code = if errors > 0 { 1 } else { 0 };
    match cli.format {
        Format::Json => {
            let json = json::CheckReport {
                summary: json::CheckSummary {
                    nodes: report.counts[0],
                    edges: report.counts[1],
                    sources: report.counts[2],
                    files: report.files.len(),
                    errors,
                    warnings,
                },
                diagnostics: report
                    .diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic::new(d, &report.files))
                    .collect(),
            };
            // Buffered: stdout flushes at every newline otherwise, one write
            // per line of 20,000 diagnostics.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            serde_json::to_writer_pretty(&mut out, &json)
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out))
                .and_then(|_| out.flush())
                .map_err(io_failure)?;
        }
        Format::Text => {
            let mut out =
                BufferedStandardStream::stdout(color(cli, std::io::stdout().is_terminal()));
            render_text(&report.diagnostics, &report.files, &mut out)
                .and_then(|_| writeln!(out, "{}", report.summary()))
                .and_then(|_| out.flush())
                .map_err(io_failure)?;
        }
    }
    Ok(code)
}

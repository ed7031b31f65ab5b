//! `check`: every diagnostic, then the summary line, on stdout, as text
//! (coloured on a terminal), one line each, GitHub workflow commands or
//! JSON; with `--strict`, warnings are errors.

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::BufferedStandardStream;

use reggraph::diagnostic::{JsonDiagnostic, Severity, render_github, render_short, render_text};
use reggraph::workspace::Report;

use crate::cli::args::{CheckArgs, Cli, Format};
use crate::cli::{Failure, color, io_failure, json};

/// `check`: every diagnostic, then the summary line, on stdout.
pub fn print(cli: &Cli, args: &CheckArgs, mut report: Report) -> Result<u8, Failure> {
    if args.strict {
        strict(&mut report);
    }
    let errors = report.error_count();
    let warnings = report.warning_count();
    let code = if errors > 0 { 1 } else { 0 };
    // Buffered: stdout flushes at every newline otherwise, one write per
    // line of 20,000 diagnostics.
    let buffered = || std::io::BufWriter::new(std::io::stdout().lock());
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
            let mut out = buffered();
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
        // The summary line matches neither a problem matcher's pattern nor
        // a workflow command: editors and the runner pass it by, and it
        // stays in the log for people.
        Format::Csv => unreachable!("refused by cli::run"),
        Format::Short | Format::Github => {
            let render = match cli.format {
                Format::Short => render_short,
                _ => render_github,
            };
            let mut out = buffered();
            render(&report.diagnostics, &report.files, &mut out)
                .and_then(|_| writeln!(out, "{}", report.summary()))
                .and_then(|_| out.flush())
                .map_err(io_failure)?;
        }
    }
    Ok(code)
}

/// `--strict`: every warning becomes an error, and says why it is one.
fn strict(report: &mut Report) {
    for d in &mut report.diagnostics {
        if d.severity == Severity::Warning {
            d.severity = Severity::Error;
            d.notes.push(format!(
                "a warning (`{}`), counted as an error by --strict",
                d.code
            ));
        }
    }
}

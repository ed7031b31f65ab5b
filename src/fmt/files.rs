//! `fmt` on files: read one, refuse it with the loader's diagnostics when
//! it has a syntax error, else lay it out. Writing is the caller's.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity, SourceFiles};
use crate::load::{FileText, parse::parse_file, read_text};

/// Why a file is not formatted.
pub enum Refusal {
    /// The loader's errors in it (a syntax error, a file that is not
    /// UTF-8), with the file table they point into.
    Diagnostics(Vec<Diagnostic>, SourceFiles),
    /// A text the loader reads but `fmt` does not (say, a RON attribute):
    /// the line and column, and what is wrong there.
    Unformattable {
        line: usize,
        column: usize,
        message: String,
        help: &'static str,
    },
}

/// Reads the file at `path`, shown as `name`, as a data file the loader
/// reads with no syntax error: its text, or why not.
pub fn read(name: &str, path: &Path) -> Result<String, Refusal> {
    let mut files = SourceFiles::default();
    let id = files.add(name.to_string(), String::new());
    let (text, _) = read_text(id, name, path);
    let text = match text {
        FileText::Text(text) => text,
        FileText::Unreadable {
            diagnostic, quote, ..
        } => {
            if let Some(quote) = quote {
                files.set_text(id, quote);
            }
            return Err(Refusal::Diagnostics(vec![diagnostic], files));
        }
    };
    let parsed = parse_file(id, &text);
    let errors: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        files.set_text(id, text);
        return Err(Refusal::Diagnostics(errors, files));
    }
    Ok(text)
}

/// Reads the file at `path`, shown as `name`, and lays it out: its text as
/// read, and in the canonical layout (the same when it is formatted
/// already).
pub fn examine(name: &str, path: &Path) -> Result<(String, String), Refusal> {
    let text = read(name, path)?;
    match super::format(&text) {
        Ok(formatted) => Ok((text, formatted)),
        Err(error) => {
            let (at, message, help) = match error {
                super::FormatError::Syntax(e) => (
                    e.at,
                    e.message,
                    "fmt reads the part of RON data files use: write this as README's data format shows",
                ),
                lost @ super::FormatError::Lost(_) => (
                    0,
                    lost.to_string(),
                    "this is a bug in fmt, which never writes such a layout: please report it with the file",
                ),
            };
            let mut files = SourceFiles::default();
            let id = files.add(name.to_string(), text);
            let (line, column) = files.line_column(id, at);
            Err(Refusal::Unformattable {
                line,
                column,
                message,
                help,
            })
        }
    }
}

//! Diagnostics are values: a severity, a message, a primary span, related
//! spans, a suggestion and notes. Loading and checking push them into a
//! list and keep going; they are rendered once, rustc-style for people
//! (through codespan-reporting) or as JSON for editors and CI.
//!
//! A leaf module: it knows the table of files a diagnostic points into
//! ([`SourceFiles`]) and nothing of how files are read or checked.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label as ReportLabel};
use codespan_reporting::files::{self, Files, SimpleFile};
use codespan_reporting::term::{self, Config, termcolor::WriteColor};
use serde::Serialize;

/// The files diagnostics point into: each one's name as shown and its text
/// (empty for a file nothing points into, which need not be kept).
#[derive(Default, Debug, Clone)]
pub struct SourceFiles {
    files: Vec<SimpleFile<String, String>>,
}

impl SourceFiles {
    /// Adds a file under the name diagnostics will show; returns its id.
    pub fn add(&mut self, name: String, text: String) -> usize {
        self.files.push(SimpleFile::new(name, text));
        self.files.len() - 1
    }

    /// Gives a file its text, read again because a diagnostic quotes it.
    pub fn set_text(&mut self, file: usize, text: String) {
        if let Some(slot) = self.files.get_mut(file) {
            *slot = SimpleFile::new(slot.name().clone(), text);
        }
    }

    pub fn name(&self, file: usize) -> &str {
        self.files.get(file).map_or("?", |f| f.name().as_str())
    }

    pub fn text(&self, file: usize) -> &str {
        self.files.get(file).map_or("", |f| f.source().as_str())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, file: usize, byte: usize) -> (usize, usize) {
        match self.location(file, byte) {
            Ok(location) => (location.line_number, location.column_number),
            Err(_) => (1, 1),
        }
    }
}

impl<'a> Files<'a> for SourceFiles {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self.files.get(id).ok_or(files::Error::FileMissing)?.name())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self
            .files
            .get(id)
            .ok_or(files::Error::FileMissing)?
            .source())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        self.files
            .get(id)
            .ok_or(files::Error::FileMissing)?
            .line_index((), byte_index)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        self.files
            .get(id)
            .ok_or(files::Error::FileMissing)?
            .line_range((), line_index)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a data file: which file, which bytes, and what to say there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: usize,
    pub span: Range<usize>,
    pub message: String,
}

impl Label {
    pub fn new(file: usize, span: Range<usize>, message: impl Into<String>) -> Label {
        Label {
            file,
            span,
            message: message.into(),
        }
    }
}

/// Every diagnostic code and what it reports, sorted by code. Debug builds
/// assert that each diagnostic's code is here; `tests/codes.rs` checks that
/// each has a fixture folder `tests/fixtures/<code>/` that produces it.
#[rustfmt::skip]
pub const CODES: &[(&str, &str)] = &[
    ("ambiguous-name",       "a name or alias used by more than one node (warning)"),
    ("amount-not-allowed",   "an amount on an edge kind that moves no money"),
    ("control-character",    "a control character or noncharacter in text, raw or escaped"),
    ("date-and-period",      "a fact with both a `date` and a `period`"),
    ("doubled-comma",        "two commas in a row between the fields of a record"),
    ("duplicate-field",      "a field given twice in one record"),
    ("duplicate-id",         "a node or source id declared twice"),
    ("empty-file",           "a data file with no records, only blanks and comments (warning)"),
    ("empty-name",           "a node whose name is empty or blank"),
    ("expected-list",        "a list field whose value is not in brackets"),
    ("expected-text",        "a text field whose value is not in double quotes"),
    ("future-milestone",     "a milestone counted as reached but dated after today (warning)"),
    ("impossible-date",      "a well-formed date that does not exist, such as `2023-02-30`"),
    ("invalid-amount",       "an amount that is not a whole, positive number without quotes"),
    ("invalid-date",         "a date not written YYYY, YYYY-MM or YYYY-MM-DD"),
    ("invalid-escape",       "an escape RON does not know in a string"),
    ("invalid-id",           "a node id that is not a lowercase slug"),
    ("invalid-value",        "a value of the wrong type or out of range, such as a huge number"),
    ("isolated-node",        "a node with no edge (warning)"),
    ("kind-mismatch",        "an edge between node kinds it does not join; a bad `jurisdiction`"),
    ("kind-with-payload",    "a name from the vocabulary (kind, status, stage) with parentheses"),
    ("missing-comma",        "a missing comma between two fields of a record"),
    ("missing-currency",     "an amount without a currency"),
    ("missing-field",        "a record without a field it must have"),
    ("missing-money-status", "an amount not marked secured, pledged or target"),
    ("no-data-files",        "a data folder with no `*.ron` file"),
    ("no-data-folder",       "a data folder that does not exist or is not a folder"),
    ("not-a-regulation",     "milestones or a status on a node that is not a regulation"),
    ("not-utf8",             "a data file that is not UTF-8 (UTF-16, Latin-1 or other bytes)"),
    ("period-order",         "a period that ends before it starts"),
    ("quoted-name",          "a name from the vocabulary (kind, status, stage) in quotes"),
    ("single-quotes",        "text written in single quotes"),
    ("stray-character",      "a character or word that belongs to no field or record"),
    ("syntax",               "brackets, commas, colons or list names that cannot be read"),
    ("too-deep",             "a value nested more than 128 levels deep"),
    ("trailing-content",     "something after the closing `)` of the file"),
    ("uncited",              "a node or edge that cites no source (warning)"),
    ("unclosed-bracket",     "a bracket inside a record never closed, or closed twice"),
    ("unclosed-record",      "a record whose `)`, or a bracket inside it, is missing"),
    ("unclosed-string",      "a string not closed on its line"),
    ("unknown-currency",     "a currency that is not an ISO 4217 code"),
    ("unknown-field",        "a field or top-level list whose name is not one of ours"),
    ("unknown-node",         "a reference to a node id that no node declares"),
    ("unknown-source",       "a reference to a source id that no source declares"),
    ("unknown-variant",      "a kind, status, stage or money status not in the vocabulary"),
    ("unopened-record",      "fields between records, outside any `( ... )`"),
    ("unreadable",           "a file or folder that cannot be read, or a broken or looping link"),
];

/// One finding of the loader or the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the rule (`unknown-node`).
    pub code: &'static str,
    pub message: String,
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        debug_assert!(
            CODES.iter().any(|(c, _)| *c == code),
            "unregistered diagnostic code {code}"
        );
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        debug_assert!(
            CODES.iter().any(|(c, _)| *c == code),
            "unregistered diagnostic code {code}"
        );
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, file: usize, span: Range<usize>, message: impl Into<String>) -> Self {
        self.primary = Some(Label::new(file, span, message));
        self
    }

    pub fn also(mut self, file: usize, span: Range<usize>, message: impl Into<String>) -> Self {
        self.secondary.push(Label::new(file, span, message));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn to_report(&self) -> Report<usize> {
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut labels = Vec::new();
        if let Some(primary) = &self.primary {
            labels.push(
                ReportLabel::primary(primary.file, primary.span.clone())
                    .with_message(&primary.message),
            );
        }
        for label in &self.secondary {
            labels.push(
                ReportLabel::secondary(label.file, label.span.clone()).with_message(&label.message),
            );
        }
        let mut notes: Vec<String> = self.notes.clone();
        if let Some(help) = &self.help {
            notes.push(format!("help: {help}"));
        }
        report
            .with_message(&self.message)
            .with_labels(labels)
            .with_notes(notes)
    }
}

/// The rustc-like look: `-->` arrows and `|` borders in plain ASCII, so the
/// output reads the same in any terminal and in CI logs.
fn config() -> Config {
    Config {
        chars: term::Chars::ascii(),
        ..Config::default()
    }
}

/// Writes diagnostics for people, with colour if `out` supports it.
pub fn render_text(
    diagnostics: &[Diagnostic],
    files: &SourceFiles,
    out: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let config = config();
    for diagnostic in diagnostics {
        term::emit_to_write_style(out, &config, files, &diagnostic.to_report())
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// A diagnostic's place as JSON carries it: 1-based line and column (in
/// characters), and the byte range.
#[derive(Debug, Clone, Serialize)]
pub struct JsonLocation {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// The stable JSON shape of a diagnostic.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub location: Option<JsonLocation>,
    pub related: Vec<JsonLocation>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl JsonDiagnostic {
    pub fn new(diagnostic: &Diagnostic, files: &SourceFiles) -> JsonDiagnostic {
        let locate = |label: &Label| {
            let (line, column) = files.line_column(label.file, label.span.start);
            let (end_line, end_column) = files.line_column(label.file, label.span.end);
            JsonLocation {
                file: files.name(label.file).to_string(),
                line,
                column,
                end_line,
                end_column,
                byte_start: label.span.start,
                byte_end: label.span.end,
                message: label.message.clone(),
            }
        };
        JsonDiagnostic {
            severity: diagnostic.severity,
            code: diagnostic.code,
            message: diagnostic.message.clone(),
            location: diagnostic.primary.as_ref().map(locate),
            related: diagnostic.secondary.iter().map(locate).collect(),
            help: diagnostic.help.clone(),
            notes: diagnostic.notes.clone(),
        }
    }
}

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

//! The stable JSON shape of a diagnostic, for editors and CI: each label
//! located by file, line and column, and its bytes.

use serde::Serialize;

use super::{Diagnostic, Label, Severity, SourceFiles};

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

//! Diagnostics are values: a severity, a message, a primary span, related
//! spans, a suggestion and notes. Loading and checking push them into a
//! list and keep going; they are rendered once, rustc-style for people
//! (through codespan-reporting) or as JSON for editors and CI.
//!
//! It also prints them one to a line ([`render_short`], for editors' problem
//! matchers) and as GitHub Actions workflow commands ([`render_github`]),
//! and never lets data text reach a terminal raw (`printable.rs`).
//!
//! A leaf module: it knows the table of files a diagnostic points into
//! ([`SourceFiles`]) and nothing of how files are read or checked.
//!
//! A quoted line longer than [`LINE_LIMIT`] characters is cut to a window
//! of [`WINDOW`] characters around each label on it, with `…` where text
//! was left out; the `-->` location and the line numbers stay those of the
//! file. Each diagnostic is rendered against its own `Quotes`: the few
//! lines it shows, cut, standing in for its files, so that one error in a
//! file of a single 50 MB line prints a few hundred bytes, and costs about
//! as much (and one count of the characters before it, for its column).
//!
//! Its parts: the file table ([`SourceFiles`], `files.rs`), the text
//! renderer ([`render_text`] and each diagnostic's quotes, `text.rs`), the
//! cutting of one long line to windows (`window.rs`), the JSON shape
//! ([`JsonDiagnostic`], `json.rs`), the one-line form (`short.rs`), the
//! workflow commands (`github.rs`) and what of data text may be printed as
//! it is (`printable.rs`).

use std::ops::Range;

use serde::Serialize;

mod files;
mod github;
mod json;
mod printable;
mod short;
mod text;
mod window;

pub use files::SourceFiles;
pub use github::render_github;
pub use json::{JsonDiagnostic, JsonLocation};
pub use printable::{multi_line, one_line};
pub use short::render_short;
pub use text::render_text;
pub use window::{ELLIPSIS, LINE_LIMIT, WINDOW};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `error` or `warning`, as every output names it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
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
    ("alternative-disagrees", "a fact's own date or amount that is not its preferred alternative's"),
    ("alternative-value",    "an alternative with no value, or a value of another kind than its fact's"),
    ("ambiguous-name",       "a name or alias used by more than one node (warning)"),
    ("amount-not-allowed",   "an amount on an edge kind that moves no money"),
    ("control-character",    "a control character or noncharacter in text, raw or escaped"),
    ("date-and-period",      "a fact with both a `date` and a `period`"),
    ("doubled-comma",        "two commas in a row between the fields of a record"),
    ("duplicate-field",      "a field given twice in one record"),
    ("duplicate-id",         "a node or source id declared twice"),
    ("empty-file",           "a data file with no records, only blanks and comments (warning)"),
    ("empty-name",           "a node whose name is empty or blank"),
    ("encyclopedia-only",    "a node, edge or milestone whose every source is an encyclopedia (warning)"),
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
    ("kind-with-payload",    "a name from the vocabulary (kind, status, stage, source type) with parentheses"),
    ("missing-comma",        "a missing comma between two fields of a record"),
    ("missing-currency",     "an amount without a currency"),
    ("missing-field",        "a record without a field it must have"),
    ("missing-money-status", "an amount not marked secured, pledged or target"),
    ("no-data-files",        "a data folder with no `*.ron` file"),
    ("no-data-folder",       "a data folder that does not exist or is not a folder"),
    ("no-quote",             "a node, edge or milestone with no quote at all (warning; only with the `quotes` lint)"),
    ("not-a-regulation",     "milestones or a status on a node that is not a regulation"),
    ("not-utf8",             "a data file that is not UTF-8 (UTF-16, Latin-1 or other bytes)"),
    ("period-order",         "a period that ends before it starts"),
    ("planned-milestone-passed", "a milestone still planned (`actual: false`) dated before today (warning)"),
    ("preferred-value",      "contested alternatives with no `Preferred` value, or more than one"),
    ("quote-whose",          "a `quote` on a fact with several sources (or citations) that no citation says is whose (warning)"),
    ("quoted-name",          "a name from the vocabulary (kind, status, stage, source type) in quotes"),
    ("single-quotes",        "text written in single quotes"),
    ("stray-character",      "a character or word that belongs to no field or record"),
    ("syntax",               "brackets, commas, colons or list names that cannot be read"),
    ("too-deep",             "a value nested more than 128 levels deep"),
    ("trailing-content",     "something after the closing `)` of the file"),
    ("uncited",              "a node or edge that cites no source (warning)"),
    ("uncited-alternative",  "an alternative value of a contested fact that cites no source"),
    ("unclosed-bracket",     "a bracket inside a record never closed, or closed twice"),
    ("unclosed-record",      "a record whose `)`, or a bracket inside it, is missing"),
    ("unclosed-string",      "a string not closed on its line"),
    ("unknown-currency",     "a currency that is not an ISO 4217 code"),
    ("unknown-field",        "a field or top-level list whose name is not one of ours"),
    ("unknown-node",         "a reference to a node id that no node declares"),
    ("unknown-source",       "a reference to a source id that no source declares"),
    ("unknown-variant",      "a kind, status, stage, money status or source type not in the vocabulary"),
    ("unopened-record",      "fields between records, outside any `( ... )`"),
    ("unreadable",           "a file or folder that cannot be read, or a broken or looping link"),
    ("unused-source",        "a source no node, edge or milestone cites (warning)"),
    ("zero-amount",          "an amount of zero (warning)"),
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

/// Text from the data as a message shows it: cut after 80 characters, so
/// that a runaway value (a megabyte pasted by mistake) costs one line.
pub fn shown(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
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

    /// The primary label, then the secondary ones.
    fn labels(&self) -> impl Iterator<Item = &Label> {
        self.primary.iter().chain(&self.secondary)
    }
}

//! Diagnostics are values: a severity, a message, a primary span, related
//! spans, a suggestion and notes. Loading and checking push them into a
//! list and keep going; they are rendered once, rustc-style for people
//! (through codespan-reporting) or as JSON for editors and CI.
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

use std::collections::BTreeMap;
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

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let source = self.source(id)?;
        let line = self.line_range(id, line_index)?;
        Ok(column_index(source, line, byte_index) + 1)
    }
}

/// [`files::column_index`], the number of characters of the line before
/// `byte`, counted by the standard library's fast `chars().count()` when
/// both ends are character boundaries (always, for spans from the
/// loader): the default checks every byte one by one, which on a line of
/// 50 MB is most of the time a diagnostic takes.
fn column_index(source: &str, line: Range<usize>, byte: usize) -> usize {
    let end = byte.min(line.end).min(source.len());
    if line.start >= end {
        0
    } else if source.is_char_boundary(line.start) && source.is_char_boundary(end) {
        source[line.start..end].chars().count()
    } else {
        files::column_index(source, line, byte)
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

    /// The diagnostic as codespan takes it, with `spans[i]` for the span of
    /// the `i`-th of [`Diagnostic::labels`] (a span of [`Quotes`]).
    fn to_report(&self, spans: &[Range<usize>]) -> Report<usize> {
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let labels = self
            .labels()
            .zip(spans)
            .enumerate()
            .map(|(i, (label, span))| {
                let made = if i == 0 && self.primary.is_some() {
                    ReportLabel::primary(label.file, span.clone())
                } else {
                    ReportLabel::secondary(label.file, span.clone())
                };
                made.with_message(&label.message)
            })
            .collect();
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
        let (quotes, spans) = Quotes::new(files, diagnostic, &config);
        term::emit_to_write_style(out, &config, &quotes, &diagnostic.to_report(&spans))
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Lines of at most this many characters (line break left out) are quoted
/// whole, exactly as codespan quotes them.
pub const LINE_LIMIT: usize = 160;

/// How many characters of a longer line are quoted around each label on
/// it (a window; windows of labels close together are joined).
pub const WINDOW: usize = 120;

/// Characters quoted before a label's start...
const BEFORE: usize = 60;

/// ...or fewer, down to this many, for a label longer than
/// `WINDOW - BEFORE` characters to fit: one of up to `WINDOW - MIN_BEFORE`
/// fits whole, a longer one is cut at the end of the window.
const MIN_BEFORE: usize = 20;

/// Windows at most this many characters apart are joined: an ellipsis in
/// place of so few would hide nothing.
const JOIN: usize = 8;

/// What stands for text left out of a quoted line.
pub const ELLIPSIS: &str = "…";

/// The bytes of `line` (one line's text without its line break) quoted
/// around `label` (bytes of `line`): [`WINDOW`] characters (all of them
/// if the line has fewer), on character boundaries, from [`BEFORE`]
/// characters before the label's start, or fewer (at least [`MIN_BEFORE`])
/// for a long label to fit, shifted to stay inside the line. Always holds
/// the label's start, and its end if the label fits.
///
/// Costs the size of the window, whatever the length of the line.
fn window(line: &str, label: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(line, label.start.min(line.len()));
    let end = ceil_char_boundary(line, label.end.clamp(start, line.len()));
    let label_chars = line[start..end].chars().take(WINDOW).count();
    let before = (WINDOW - label_chars).clamp(MIN_BEFORE, BEFORE);
    let (from, got_before) = back(line, start, before);
    let (to, got_after) = forward(line, start, WINDOW - got_before);
    // The line ended early: take what is left before instead.
    let (from, _) = back(line, from, WINDOW - got_before - got_after);
    from..to
}

/// The byte `n` characters before `at` in `line` (or its start), and how
/// many characters that is.
fn back(line: &str, at: usize, n: usize) -> (usize, usize) {
    line[..at]
        .char_indices()
        .rev()
        .take(n)
        .fold((at, 0), |(_, count), (i, _)| (i, count + 1))
}

/// The byte `n` characters after `at` in `line` (or its end), and how many
/// characters that is.
fn forward(line: &str, at: usize, n: usize) -> (usize, usize) {
    line[at..]
        .chars()
        .take(n)
        .fold((at, 0), |(end, count), c| (end + c.len_utf8(), count + 1))
}

fn floor_char_boundary(text: &str, byte: usize) -> usize {
    (0..=byte.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn ceil_char_boundary(text: &str, byte: usize) -> usize {
    (byte.min(text.len())..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// What one label needs of a line it touches.
#[derive(Debug, Clone)]
enum Focus {
    /// A label on this line only: its bytes.
    Label(Range<usize>),
    /// The first line of a label over several: where it starts.
    Top(usize),
    /// The last line of one: where it ends.
    Bottom(usize),
}

/// One line of a file as a diagnostic quotes it.
#[derive(Debug)]
struct Quoted {
    /// Its index in the file.
    index: usize,
    /// Its bytes in the file, line break included.
    file_range: Range<usize>,
    /// Where its line break (if any) starts in the file.
    content_end: usize,
    /// Its bytes in [`QuotedFile::text`], line break included.
    range: Range<usize>,
    /// Where its line break (if any) starts in the quote.
    quote_content_end: usize,
    /// The parts of the line quoted, in the file's bytes, each with where
    /// it starts in the quote. Between them, before the first unless it
    /// starts the line, and after the last unless it ends it, an ellipsis.
    pieces: Vec<(Range<usize>, usize)>,
}

impl Quoted {
    /// Where byte `x` of the file (on this line) is in the quote. Text
    /// left out of the quote maps to the ellipsis standing for it: its
    /// start for a label's start, its end for a label's end, so that a cut
    /// label is underlined up to and with the ellipsis.
    fn to_quote(&self, x: usize, is_end: bool) -> usize {
        if x >= self.content_end {
            // The line break, or past the end of the file: as is.
            return self.quote_content_end + (x - self.content_end);
        }
        for (piece, at) in &self.pieces {
            if x < piece.start {
                return if is_end {
                    *at
                } else {
                    at.saturating_sub(ELLIPSIS.len()).max(self.range.start)
                };
            }
            if x <= piece.end {
                return at + (x - piece.start);
            }
        }
        match self.pieces.last() {
            Some((piece, at)) => at + piece.len() + if is_end { ELLIPSIS.len() } else { 0 },
            None => self.range.start,
        }
    }

    /// The byte of the file at byte `y` of the quote (on this line).
    fn to_file(&self, y: usize) -> usize {
        if y >= self.quote_content_end {
            return self.content_end + (y - self.quote_content_end);
        }
        for (piece, at) in &self.pieces {
            if y < *at {
                return piece.start;
            }
            if y <= at + piece.len() {
                return piece.start + (y - at);
            }
        }
        self.pieces
            .last()
            .map_or(self.content_end, |(piece, _)| piece.end)
    }
}

/// The lines of one file a diagnostic shows, cut to windows.
#[derive(Debug)]
struct QuotedFile<'f> {
    id: usize,
    name: &'f str,
    /// The file's own text, for columns.
    source: &'f str,
    /// How many lines the file has.
    line_count: usize,
    /// The quoted lines one after the other, each with its line break.
    text: String,
    /// By line index.
    lines: Vec<Quoted>,
}

impl QuotedFile<'_> {
    fn line(&self, index: usize) -> Option<&Quoted> {
        self.lines
            .binary_search_by_key(&index, |line| line.index)
            .ok()
            .map(|at| &self.lines[at])
    }
}

/// The files of one diagnostic as codespan sees them: only the lines it
/// shows, each long one cut to windows around its labels, while lines keep
/// their indices (so line numbers, and which lines codespan shows or
/// elides, are the file's) and columns are counted in the file. Lines the
/// diagnostic does not show (inside a long multi-line label) are empty.
#[derive(Debug)]
struct Quotes<'f> {
    files: Vec<QuotedFile<'f>>,
}

impl<'f> Quotes<'f> {
    /// The quotes of `diagnostic`'s labels in `files`, and the labels'
    /// spans in them (in the order of [`Diagnostic::labels`]). A label in
    /// a file the table lacks keeps its span, and codespan its error.
    fn new(
        files: &'f SourceFiles,
        diagnostic: &Diagnostic,
        config: &Config,
    ) -> (Quotes<'f>, Vec<Range<usize>>) {
        let labels: Vec<&Label> = diagnostic.labels().collect();
        let mut spans: Vec<Range<usize>> = labels.iter().map(|label| label.span.clone()).collect();
        let mut quoted = Vec::new();
        let mut ids: Vec<usize> = Vec::new();
        for label in &labels {
            if !ids.contains(&label.file) {
                ids.push(label.file);
            }
        }
        for id in ids {
            let Some(file) = files.files.get(id) else {
                continue;
            };
            let source = file.source().as_str();
            let line_of = |byte: usize| file.line_index((), byte).unwrap_or(0);
            let line_count = line_of(usize::MAX) + 1;
            let start_of = |line: usize| file.line_range((), line).map_or(0, |range| range.start);

            // Which lines codespan will show, and what each label needs of
            // them (see `RichDiagnostic::render` in codespan's views.rs).
            let mut wanted: BTreeMap<usize, Vec<Focus>> = BTreeMap::new();
            for label in labels.iter().filter(|label| label.file == id) {
                let (start, end) = (label.span.start, label.span.end);
                let (first, last) = (line_of(start), line_of(end));
                for before in 1..=config.before_label_lines.min(first) {
                    wanted.entry(first - before).or_default();
                }
                for after in 1..=config.after_label_lines {
                    if last + after < line_count {
                        wanted.entry(last + after).or_default();
                    }
                }
                if first == last {
                    let at = start_of(first);
                    wanted
                        .entry(first)
                        .or_default()
                        .push(Focus::Label(start - at..end.max(start) - at));
                } else {
                    let top = start - start_of(first);
                    wanted.entry(first).or_default().push(Focus::Top(top));
                    let bottom = end - start_of(last);
                    wanted.entry(last).or_default().push(Focus::Bottom(bottom));
                    // Context after the start and before the end.
                    let after_top = first + 1..(first + 1 + config.start_context_lines).min(last);
                    let before_bottom =
                        last.saturating_sub(config.end_context_lines).max(first + 1)..last;
                    for line in after_top.chain(before_bottom) {
                        wanted.entry(line).or_default();
                    }
                }
            }
            // codespan shows a line between two it shows rather than `·`.
            let shown: Vec<usize> = wanted.keys().copied().collect();
            for pair in shown.windows(2) {
                if pair[1] == pair[0] + 2 {
                    wanted.entry(pair[0] + 1).or_default();
                }
            }

            let mut text = String::new();
            let mut lines = Vec::with_capacity(wanted.len());
            for (index, foci) in wanted {
                let Ok(range) = file.line_range((), index) else {
                    continue;
                };
                lines.push(quote_line(source, index, range, &foci, &mut text));
            }
            let quoted_file = QuotedFile {
                id,
                name: file.name().as_str(),
                source,
                line_count,
                text,
                lines,
            };
            for (label, span) in labels.iter().zip(&mut spans) {
                if label.file != id {
                    continue;
                }
                let map = |byte: usize, is_end: bool| {
                    quoted_file
                        .line(line_of(byte))
                        .map_or(byte, |line| line.to_quote(byte, is_end))
                };
                *span = map(label.span.start, false)..map(label.span.end, true);
            }
            quoted.push(quoted_file);
        }
        (Quotes { files: quoted }, spans)
    }

    fn file(&self, id: usize) -> Result<&QuotedFile<'f>, files::Error> {
        self.files
            .iter()
            .find(|file| file.id == id)
            .ok_or(files::Error::FileMissing)
    }
}

/// Appends `quoted` to `text` with every control character and
/// noncharacter but the tab replaced by a printable one of the same length
/// in bytes (`?`, `¿`, `\u{fffd}`), so that data text never reaches a
/// terminal raw and every byte offset stays where it was.
fn push_printable(text: &mut String, quoted: &str) {
    let clean = |c: char| {
        let code = c as u32;
        !(c.is_control() && c != '\t'
            || (0xfdd0..=0xfdef).contains(&code)
            || code & 0xfffe == 0xfffe)
    };
    if quoted.chars().all(clean) {
        text.push_str(quoted);
        return;
    }
    for c in quoted.chars() {
        if clean(c) {
            text.push(c);
        } else {
            match c.len_utf8() {
                1 => text.push('?'),
                2 => text.push('¿'),
                3 => text.push('\u{fffd}'),
                _ => text.push_str("\u{fffd}?"),
            }
        }
    }
}

/// Appends line `index` of `source` (its bytes `range`) to `text` as it is
/// quoted: whole if it is short, else the windows `foci` need (the line's
/// first [`WINDOW`] characters if none) with ellipses between; its line
/// break kept as is.
fn quote_line(
    source: &str,
    index: usize,
    range: Range<usize>,
    foci: &[Focus],
    text: &mut String,
) -> Quoted {
    let line = &source[range.clone()];
    let content = line
        .strip_suffix('\n')
        .map_or(line, |line| line.strip_suffix('\r').unwrap_or(line));
    let short = content.len() <= LINE_LIMIT || content.chars().nth(LINE_LIMIT).is_none();
    let whole = 0..content.len();
    let mut windows: Vec<Range<usize>> = if short {
        vec![whole]
    } else if foci.is_empty() {
        vec![window(content, 0..0)]
    } else {
        foci.iter()
            .map(|focus| match focus {
                Focus::Label(label) => window(content, label.clone()),
                Focus::Top(start) => window(content, *start..content.len()),
                Focus::Bottom(end) => window(content, *end..*end),
            })
            .collect()
    };
    windows.sort_by_key(|window| (window.start, window.end));
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for window in windows {
        match joined.last_mut() {
            Some(last)
                if window.start <= last.end
                    || content[last.end..window.start].chars().nth(JOIN).is_none() =>
            {
                last.end = last.end.max(window.end);
            }
            _ => joined.push(window),
        }
    }

    let start = text.len();
    let mut pieces = Vec::with_capacity(joined.len());
    let mut quoted_to = 0;
    for piece in joined {
        if piece.start > quoted_to {
            text.push_str(ELLIPSIS);
        }
        pieces.push((
            range.start + piece.start..range.start + piece.end,
            text.len(),
        ));
        push_printable(text, &content[piece.clone()]);
        quoted_to = piece.end;
    }
    if quoted_to < content.len() {
        text.push_str(ELLIPSIS);
    }
    let quote_content_end = text.len();
    text.push_str(&line[content.len()..]);
    Quoted {
        index,
        file_range: range.clone(),
        content_end: range.start + content.len(),
        range: start..text.len(),
        quote_content_end,
        pieces,
    }
}

impl<'a> Files<'a> for Quotes<'_> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self.file(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.text)
    }

    /// The line of a byte of the quote: the last quoted line starting at
    /// or before it (the empty last line of a file ending with a line
    /// break, when both start there).
    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        let file = self.file(id)?;
        let after = file
            .lines
            .partition_point(|line| line.range.start <= byte_index);
        Ok(file
            .lines
            .get(after.saturating_sub(1))
            .map_or(0, |line| line.index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.file(id)?;
        match file.line(line_index) {
            Some(line) => Ok(line.range.clone()),
            None if line_index < file.line_count => Ok(0..0),
            None => Err(files::Error::LineTooLarge {
                given: line_index,
                max: file.line_count - 1,
            }),
        }
    }

    /// The column in the file, in characters, as `SourceFiles` counts it.
    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let file = self.file(id)?;
        Ok(match file.line(line_index) {
            Some(line) => {
                column_index(
                    file.source,
                    line.file_range.clone(),
                    line.to_file(byte_index),
                ) + 1
            }
            None => 1,
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::term::termcolor::NoColor;
    use proptest::prelude::*;

    /// `render_text`, as a string.
    fn rendered(diagnostics: &[Diagnostic], files: &SourceFiles) -> String {
        let mut out = NoColor::new(Vec::new());
        render_text(diagnostics, files, &mut out).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    /// One diagnostic rendered with `config`, through its quotes or, as
    /// before them, straight from the files.
    fn rendered_with(
        config: &Config,
        diagnostic: &Diagnostic,
        files: &SourceFiles,
        quoted: bool,
    ) -> Result<String, String> {
        let mut out = NoColor::new(Vec::new());
        let result = if quoted {
            let (quotes, spans) = Quotes::new(files, diagnostic, config);
            term::emit_to_write_style(&mut out, config, &quotes, &diagnostic.to_report(&spans))
        } else {
            let spans: Vec<_> = diagnostic.labels().map(|l| l.span.clone()).collect();
            term::emit_to_write_style(&mut out, config, files, &diagnostic.to_report(&spans))
        };
        result.map_err(|e| e.to_string())?;
        Ok(String::from_utf8(out.into_inner()).unwrap())
    }

    fn chars(text: &str, range: Range<usize>) -> usize {
        text[range].chars().count()
    }

    /// A line of `n` characters, each telling its place.
    fn digits(n: usize) -> String {
        (0..n).map(|i| char::from(b'0' + (i % 10) as u8)).collect()
    }

    #[test]
    fn window_edges() {
        let line = digits(1000);
        // A label at column 1: the window starts the line.
        assert_eq!(window(&line, 0..3), 0..WINDOW);
        assert_eq!(window(&line, 0..0), 0..WINDOW);
        // In the middle: BEFORE characters before, the rest after.
        assert_eq!(window(&line, 500..504), 440..560);
        // Near the start: what cannot be shown before is shown after.
        assert_eq!(window(&line, 10..14), 0..WINDOW);
        // At the end, and an empty label at the end of the line: shifted
        // back to stay inside the line.
        assert_eq!(window(&line, 997..1000), 880..1000);
        assert_eq!(window(&line, 1000..1000), 880..1000);
        // Past the end (the line break): the same.
        assert_eq!(window(&line, 1001..1002), 880..1000);
        // Longer labels take from what is before them, down to MIN_BEFORE.
        assert_eq!(window(&line, 500..580), 460..580);
        assert_eq!(window(&line, 500..600), 480..600);
        // Longer than the window: its start, cut at the window's end.
        assert_eq!(window(&line, 300..700), 280..400);
        assert_eq!(window(&line, 5..900), 0..WINDOW);
        // A reversed span counts as empty.
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 500..400;
        assert_eq!(window(&line, reversed), 440..560);
        // A line shorter than the window is all shown.
        assert_eq!(window("short", 2..3), 0..5);
        assert_eq!(window("", 0..0), 0..0);
    }

    #[test]
    fn windows_cut_on_character_boundaries() {
        for unit in ["é", "🚀", "中文", "aé🚀"] {
            let line = unit.repeat(500);
            let len = line.len();
            for start in (0..len).step_by(7).chain([len - 1, len]) {
                for width in [0, 1, 5, 100, 130, 2000] {
                    let got = window(&line, start..(start + width).min(len));
                    assert!(line.is_char_boundary(got.start) && line.is_char_boundary(got.end));
                    assert_eq!(chars(&line, got.clone()), WINDOW, "{unit} {start}");
                    // The label's start (its character) is in the window.
                    let first = floor_char_boundary(&line, start.min(len));
                    assert!(got.start <= first && (first < got.end || first == len));
                }
            }
        }
        // A label starting inside a character starts with that character.
        let line = "é".repeat(500);
        assert_eq!(window(&line, 501..503), 380..620);
    }

    #[test]
    fn column_index_counts_as_codespan_does() {
        let source = "aé\n🚀中x\r\n\nz";
        let lines: Vec<Range<usize>> = {
            let starts: Vec<usize> = files::line_starts(source).collect();
            let mut ends: Vec<usize> = starts[1..].to_vec();
            ends.push(source.len());
            starts.into_iter().zip(ends).map(|(s, e)| s..e).collect()
        };
        for line in lines {
            for byte in 0..source.len() + 3 {
                assert_eq!(
                    column_index(source, line.clone(), byte),
                    files::column_index(source, line.clone(), byte),
                    "{line:?} {byte}"
                );
            }
        }
    }

    #[test]
    fn a_label_far_into_a_long_line_is_quoted_in_a_window() {
        let mut files = SourceFiles::default();
        let text = format!("(a: \"{}\", tagz: [])\n(b: 1)\n", "x".repeat(1_000_000));
        let at = text.find("tagz").unwrap();
        let file = files.add("big.ron".into(), text);
        let diagnostic = Diagnostic::error("unknown-field", "unknown field `tagz`")
            .at(file, at..at + 4, "unknown field")
            .help("did you mean `tags`?");
        let out = rendered(&[diagnostic], &files);
        let column = at + 1;
        assert!(out.contains(&format!("--> big.ron:1:{column}\n")), "{out}");
        assert!(out.len() < 1000, "{} bytes:\n{out}", out.len());
        let lines: Vec<&str> = out.lines().collect();
        let quoted = lines[3];
        assert!(quoted.starts_with("1 | …xxx"), "{quoted}");
        assert!(quoted.ends_with("\", tagz: [])"), "{quoted}");
        assert_eq!(quoted.chars().count(), "1 | ".len() + 1 + WINDOW);
        // The carets stand under `tagz`.
        let carets = lines[4];
        let caret_column = carets.find('^').unwrap();
        let tagz_column = quoted[..quoted.find("tagz").unwrap()].chars().count();
        assert_eq!(caret_column, tagz_column, "\n{quoted}\n{carets}");
        assert!(carets.ends_with("^^^^ unknown field"));
    }

    #[test]
    fn labels_far_apart_on_a_long_line_get_a_window_each() {
        let mut files = SourceFiles::default();
        let filler = "y".repeat(10_000);
        let text = format!("(from: \"a\", {filler} kind: Funds, {filler} to: \"p\")");
        let from = text.find("\"a\"").unwrap();
        let kind = text.find("Funds").unwrap();
        let to = text.find("\"p\"").unwrap();
        let file = files.add("f.ron".into(), text);
        let diagnostic =
            Diagnostic::error("kind-mismatch", "a `Funds` edge cannot point to a person")
                .at(file, kind..kind + 5, "edge kind used here")
                .also(file, from..from + 3, "this is a jurisdiction")
                .also(file, to..to + 3, "this is a person");
        let out = rendered(&[diagnostic], &files);
        assert!(
            out.contains(&format!("--> f.ron:1:{}\n", kind + 1)),
            "{out}"
        );
        let quoted = out.lines().nth(3).unwrap();
        assert_eq!(quoted.matches(ELLIPSIS).count(), 2, "{quoted}");
        assert!(quoted.starts_with("1 | (from: \"a\", yyy"), "{quoted}");
        assert!(quoted.ends_with("yyy to: \"p\")"), "{quoted}");
        assert!(quoted.contains("yyy kind: Funds, yyy"), "{quoted}");
        assert!(out.len() < 2000, "{out}");
        // Each caret line is under its label.
        let carets = out.lines().nth(4).unwrap();
        for (needle, caret) in [("\"a\"", '-'), ("Funds", '^'), ("\"p\"", '-')] {
            let column = quoted[..quoted.find(needle).unwrap()].chars().count();
            assert_eq!(carets.chars().nth(column), Some(caret), "{needle}\n{out}");
        }
    }

    #[test]
    fn a_label_longer_than_the_window_is_cut_with_an_ellipsis() {
        let mut files = SourceFiles::default();
        let text = format!("{}(id: \"{}\")", "a".repeat(500), "z".repeat(5000));
        let file = files.add("f.ron".into(), text.clone());
        let diagnostic =
            Diagnostic::error("duplicate-id", "twice").at(file, 500..text.len(), "here");
        let out = rendered(&[diagnostic], &files);
        assert!(out.contains("--> f.ron:1:501\n"), "{out}");
        let quoted = out.lines().nth(3).unwrap();
        let expected = format!("1 | …{}(id: \"{}…", "a".repeat(MIN_BEFORE), "z".repeat(94));
        assert_eq!(quoted, expected);
        // Underlined from the label's start up to and with the ellipsis.
        let carets = out.lines().nth(4).unwrap();
        let expected = format!("  | {}{} here", " ".repeat(1 + MIN_BEFORE), "^".repeat(101));
        assert_eq!(carets, expected);
    }

    #[test]
    fn an_empty_label_at_the_end_of_a_long_line() {
        let mut files = SourceFiles::default();
        let text = format!("(a: [{}\n", "1, ".repeat(1000));
        let end = text.len() - 1;
        let file = files.add("f.ron".into(), text);
        let diagnostic = Diagnostic::error("syntax", "unclosed").at(file, end..end, "expected `]`");
        let out = rendered(&[diagnostic], &files);
        assert!(out.contains(&format!("--> f.ron:1:{}\n", end + 1)), "{out}");
        let quoted = out.lines().nth(3).unwrap();
        assert_eq!(quoted, format!("1 | …{}", "1, ".repeat(40)));
        let carets = out.lines().nth(4).unwrap();
        assert_eq!(carets, format!("  | {}^ expected `]`", " ".repeat(121)));
    }

    #[test]
    fn a_label_over_several_long_lines_keeps_its_shape() {
        let mut files = SourceFiles::default();
        let long = "w".repeat(5000);
        let mut text = String::from("(nodes: [\n");
        let start = text.len() + 4;
        for i in 0..40 {
            text.push_str(&format!("    {long} {i}\n"));
        }
        let end = text.len() - 3;
        text.push_str("])\n");
        let file = files.add("f.ron".into(), text);
        let diagnostic = Diagnostic::error("syntax", "a record").at(file, start..end, "this");
        let out = rendered(&[diagnostic], &files);
        assert!(out.contains("--> f.ron:2:5\n"), "{out}");
        for line in out.lines() {
            assert!(line.chars().count() < WINDOW + 20, "{line}");
        }
        let numbers: Vec<&str> = out
            .lines()
            .filter_map(|line| line.split_once(" | ").map(|(n, _)| n.trim()))
            .filter(|n| !n.is_empty())
            .collect();
        assert_eq!(numbers, ["2", "3", "4", "5", "40", "41"], "{out}");
        assert!(out.contains("\n 2 | /     wwww"), "{out}");
        assert!(out.contains("\n   . |\n"), "{out}");
        // The bottom line is quoted around the label's end, and the caret
        // stands under its last character (the space before `39`).
        let lines: Vec<&str> = out.lines().collect();
        let (quoted, carets) = (lines[lines.len() - 3], lines[lines.len() - 2]);
        assert!(
            quoted.starts_with("41 | | …www") && quoted.ends_with("w 39"),
            "{out}"
        );
        assert!(
            carets.starts_with("   | \\---") && carets.ends_with("-^ this"),
            "{out}"
        );
        let space = quoted[..quoted.find(" 39").unwrap()].chars().count();
        assert_eq!(carets.chars().position(|c| c == '^'), Some(space), "{out}");
    }

    #[test]
    fn columns_on_a_long_multibyte_line_count_characters() {
        let mut files = SourceFiles::default();
        let text = format!("(d: \"{}\", bad: 1)", "é🚀中".repeat(100_000));
        let at = text.find("bad").unwrap();
        let column = text[..at].chars().count() + 1;
        let file = files.add("f.ron".into(), text);
        let diagnostic = Diagnostic::error("unknown-field", "unknown").at(file, at..at + 3, "x");
        let out = rendered(std::slice::from_ref(&diagnostic), &files);
        assert!(out.contains(&format!("--> f.ron:1:{column}\n")), "{out}");
        assert!(out.contains(", bad: 1)"), "{out}");
        let json = JsonDiagnostic::new(&diagnostic, &files);
        assert_eq!(json.location.unwrap().column, column);
    }

    /// Short lines: some empty, some with multibyte characters or `\r\n`.
    fn short_text() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just(String::new()),
            "[a-z ]{1,40}",
            "[a-zé🚀中 \t]{1,30}",
            Just("(id: \"x\", kind: Company)".to_string()),
        ];
        (
            proptest::collection::vec((line, any::<bool>()), 1..12),
            any::<bool>(),
        )
            .prop_map(|(lines, final_break)| {
                let mut text = String::new();
                for (i, (line, crlf)) in lines.iter().enumerate() {
                    text.push_str(line);
                    if i + 1 < lines.len() || final_break {
                        text.push_str(if *crlf { "\r\n" } else { "\n" });
                    }
                }
                text
            })
    }

    /// A span of `text` on character boundaries (`pick` chooses its ends).
    fn span(text: &str, pick: (usize, usize)) -> Range<usize> {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let (a, b) = (bounds[pick.0 % bounds.len()], bounds[pick.1 % bounds.len()]);
        a.min(b)..a.max(b)
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Where no line is long, quoting changes nothing: codespan prints
        /// the same bytes through the quotes as from the files themselves,
        /// with labels over one line or several, in one file or two, and
        /// with context lines.
        #[test]
        fn short_lines_render_as_before(
            texts in proptest::collection::vec(short_text(), 1..3),
            picks in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..4),
            context in (0usize..3, 0usize..3, 0usize..4, 0usize..3),
        ) {
            let mut files = SourceFiles::default();
            for (i, text) in texts.iter().enumerate() {
                files.add(format!("f{i}.ron"), text.clone());
            }
            let mut diagnostic = Diagnostic::error("syntax", "message").note("a note");
            for (i, (file, a, b)) in picks.iter().enumerate() {
                let file = file % texts.len();
                let span = span(&texts[file], (*a, *b));
                diagnostic = if i == 0 {
                    diagnostic.at(file, span, "primary")
                } else {
                    diagnostic.also(file, span, format!("secondary {i}"))
                };
            }
            let mut config = config();
            (config.before_label_lines, config.after_label_lines) = (context.0, context.1);
            (config.start_context_lines, config.end_context_lines) = (context.2, context.3);
            let before = rendered_with(&config, &diagnostic, &files, false);
            let after = rendered_with(&config, &diagnostic, &files, true);
            prop_assert_eq!(after, before);
        }

        /// Whatever the lines and labels, quoting never panics, prints
        /// lines of bounded width and locates the primary label where the
        /// JSON output does.
        #[test]
        fn long_lines_render_in_bounded_width(
            lines in proptest::collection::vec(("[a-zé🚀中 ]{1,5}", 0usize..1500), 1..6),
            picks in proptest::collection::vec((any::<usize>(), any::<usize>()), 1..4),
        ) {
            let text = lines
                .iter()
                .map(|(unit, n)| unit.repeat(*n))
                .collect::<Vec<_>>()
                .join("\n");
            let mut files = SourceFiles::default();
            let file = files.add("f.ron".into(), text.clone());
            let mut diagnostic = Diagnostic::error("syntax", "message");
            for (i, pick) in picks.iter().enumerate() {
                let span = span(&text, *pick);
                diagnostic = if i == 0 {
                    diagnostic.at(file, span, "primary")
                } else {
                    diagnostic.also(file, span, "secondary")
                };
            }
            let out = rendered(std::slice::from_ref(&diagnostic), &files);
            // Carets are as wide as the characters above them: two
            // columns for `中`.
            let widest = 2 * picks.len() * (WINDOW + JOIN + 2) + 40;
            for line in out.lines() {
                prop_assert!(line.chars().count() <= widest, "{}", line);
            }
            let primary = diagnostic.primary.as_ref().unwrap();
            let (line, column) = files.line_column(file, primary.span.start);
            let locus = format!("--> f.ron:{line}:{column}\n");
            prop_assert!(out.contains(&locus), "{}", out);
        }
    }
}

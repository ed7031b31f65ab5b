//! Reading a data folder: find every `*.ron` file under it, parse each into
//! raw records with their spans, and report syntax problems as diagnostics.
//! A bad file or record never stops the others from being read.

pub mod raw;
pub mod spanned;
pub mod write;

use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::files::{Files, SimpleFiles};
use ron::value::RawValue;
use serde::de::DeserializeOwned;

use crate::check::{Diagnostic, Severity};
use raw::{Located, RawEdge, RawFile, RawNode, RawSource};
pub use write::{data_file_text, write_atomically, write_atomically_with, write_data_file};

/// The text of every file read, for diagnostics to quote.
#[derive(Default)]
pub struct SourceFiles {
    files: SimpleFiles<String, String>,
    count: usize,
    /// What each file looked like when read the fast way (for the cache).
    stamps: Vec<Option<FileStamp>>,
    /// When reading began.
    read_at: Option<std::time::SystemTime>,
}

/// What a data file looked like when it was read: its metadata, taken just
/// before reading, and a hash of the bytes read. The cache compares
/// metadata to skip re-reading unchanged files (as git's index does) and
/// the hash when the metadata differs or is too recent to trust.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// The path relative to the data folder.
    pub path: String,
    pub meta: FileMeta,
    /// xxh3-128 of the file's bytes.
    pub hash: u128,
}

/// The metadata of a file that changes whenever its content does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileMeta {
    pub size: u64,
    /// Last modification, in nanoseconds since the Unix epoch.
    pub modified: i128,
    /// Last status change (Unix `ctime`, which no program can set back),
    /// in nanoseconds since the Unix epoch; the modification time elsewhere.
    pub changed: i128,
    pub device: u64,
    pub inode: u64,
}

impl FileMeta {
    /// The metadata of the file at `path` (following symbolic links).
    pub fn of(path: &Path) -> Option<FileMeta> {
        let meta = std::fs::metadata(path).ok()?;
        let nanos = |t: std::time::SystemTime| match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        let modified = nanos(meta.modified().ok()?);
        #[cfg(unix)]
        let (changed, device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.dev(),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed, device, inode) = (modified, 0, 0);
        Some(FileMeta {
            size: meta.len(),
            modified,
            changed,
            device,
            inode,
        })
    }
}

/// The hash a [`FileStamp`] records.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

impl SourceFiles {
    /// Adds a file under the name diagnostics will show; returns its id.
    pub fn add(&mut self, name: String, text: String) -> usize {
        self.count += 1;
        self.files.add(name, text)
    }

    /// What a file read the fast way looked like (none for files read
    /// otherwise, or not read).
    pub fn stamp(&self, file: usize) -> Option<&FileStamp> {
        self.stamps.get(file).and_then(Option::as_ref)
    }

    /// When reading began, if the files were read the fast way.
    pub fn read_at(&self) -> Option<std::time::SystemTime> {
        self.read_at
    }

    pub fn name(&self, file: usize) -> &str {
        self.files
            .get(file)
            .map(|f| f.name().as_str())
            .unwrap_or("?")
    }

    pub fn text(&self, file: usize) -> &str {
        self.files
            .get(file)
            .map(|f| f.source().as_str())
            .unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, file: usize, byte: usize) -> (usize, usize) {
        match self.files.location(file, byte) {
            Ok(location) => (location.line_number, location.column_number),
            Err(_) => (1, 1),
        }
    }

    pub(crate) fn codespan(&self) -> &SimpleFiles<String, String> {
        &self.files
    }
}

/// Everything read from a data folder, not yet checked.
#[derive(Default)]
pub struct RawDataset {
    pub files: SourceFiles,
    pub sources: Vec<Located<RawSource>>,
    pub nodes: Vec<Located<RawNode>>,
    pub edges: Vec<Located<RawEdge>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of node records left out because they could not be read, where
    /// the id could still be seen: edges to them get a precise explanation.
    pub dropped_nodes: Vec<Located<String>>,
}

/// Where a data folder comes from when `--data` is not given.
pub const DATA_ENV: &str = "REGGRAPH_DATA";

/// Every `*.ron` file under `dir`, sub-folders included, sorted by path so
/// that loading and diagnostics are deterministic.
pub fn data_files(dir: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(Box::new(
            Diagnostic::error(
                "no-data-folder",
                format!("data folder `{}` {what}", dir.display()),
            )
            .help(format!(
                "pass --data DIR, set ${DATA_ENV}, or run from a folder that has ./graph-data"
            )),
        ));
    }
    let mut paths = Vec::new();
    // Symbolic links are followed and `.RON` counts: a contributor's file is
    // never skipped silently.
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                "unreadable",
                format!("cannot read `{}`: {e}", dir.display()),
            )
        })?;
        if entry.file_type().is_file()
            && entry
                .path()
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        {
            paths.push(entry.into_path());
        }
    }
    if paths.is_empty() {
        return Err(Box::new(
            Diagnostic::error(
                "no-data-files",
                format!("no `*.ron` files in `{}`", dir.display()),
            )
            .help("data files end in `.ron`; see README.md for the format"),
        ));
    }
    Ok(paths)
}

/// A progress bar on stderr for loads that take a while: it appears only
/// after half a second, and never when stdout or stderr is not a terminal
/// (pipes, files, CI logs stay clean).
struct Progress {
    bar: indicatif::ProgressBar,
    start: std::time::Instant,
    enabled: bool,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    fn new(paths: &[PathBuf]) -> Progress {
        use std::io::IsTerminal;
        let total: u64 = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "reading data {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta})",
        ) {
            bar.set_style(style);
        }
        Progress {
            bar,
            start: std::time::Instant::now(),
            enabled: std::io::stdout().is_terminal() && std::io::stderr().is_terminal(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn advance(&self, bytes: u64) {
        use std::sync::atomic::Ordering;
        self.bar.inc(bytes);
        if self.enabled
            && self.start.elapsed() > std::time::Duration::from_millis(500)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A file's text, or why it cannot be read.
/// A leading byte-order mark becomes three spaces: the same length, so
/// every later byte offset is unchanged, and ron does not choke on it.
fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.replace_range(..'\u{feff}'.len_utf8(), "   ");
    }
    text
}

/// A path relative to the data folder, with `/` between its parts on
/// every system.
pub fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A file's text and the [`content_hash`] of its bytes.
fn read_text_hashed(name: &str, path: &Path) -> Result<(String, u128), Box<Diagnostic>> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error("unreadable", format!("cannot read `{name}`: {e}")))?;
    let hash = content_hash(&bytes);
    let text = String::from_utf8(bytes).map(without_bom).map_err(|e| {
        Box::new(
            Diagnostic::error(
                "not-utf8",
                format!(
                    "`{name}` is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
            .help("save the file as UTF-8"),
        )
    })?;
    Ok((text, hash))
}

/// Reads and parses every data file under `dir`, with exact spans.
pub fn read_folder(dir: &Path) -> RawDataset {
    read_folder_with(dir)
}

/// One file's records, read the fast way.
pub struct FileRecords {
    pub sources: Vec<Located<RawSource>>,
    pub nodes: Vec<Located<RawNode>>,
    pub edges: Vec<Located<RawEdge>>,
}

/// Reads and parses every data file under `dir` on every core, the fast
/// way (spans of structures are approximate), and hands each file's
/// records to `each` on the thread that parsed them, so that at most one
/// file's raw records per thread exist at a time. Returns the files (with
/// their [`FileStamp`]s) and what `each` returned, in path order.
///
/// `None` if anything is not as expected: the folder cannot be listed, a
/// file cannot be read or has anything to report, or `each` returned
/// `None`. Read the folder with [`read_folder`] then, to say what.
pub fn read_each_fast<T: Send>(
    dir: &Path,
    each: impl Fn(FileRecords) -> Option<T> + Sync,
) -> Option<(SourceFiles, Vec<T>)> {
    use rayon::prelude::*;
    let paths = data_files(dir).ok()?;
    let mut files = SourceFiles {
        read_at: Some(std::time::SystemTime::now()),
        ..SourceFiles::default()
    };
    let progress = Progress::new(&paths);
    let results: Vec<(String, Option<FileStamp>, T)> = paths
        .par_iter()
        .enumerate()
        .map(|(file, path)| {
            let name = path.display().to_string();
            // Taken before reading: a change while reading shows later.
            let meta = FileMeta::of(path);
            let (text, hash) = read_text_hashed(&name, path).ok()?;
            let parsed = parse_file(file, &text, true);
            progress.advance(text.len() as u64);
            drop(text);
            if !parsed.diagnostics.is_empty() || !parsed.dropped_nodes.is_empty() {
                return None;
            }
            let stamp = meta.map(|meta| FileStamp {
                path: relative_name(dir, path),
                meta,
                hash,
            });
            let out = each(FileRecords {
                sources: parsed.sources,
                nodes: parsed.nodes,
                edges: parsed.edges,
            })?;
            Some((name, stamp, out))
        })
        .collect::<Option<_>>()?;
    let mut outs = Vec::with_capacity(results.len());
    for (name, stamp, out) in results {
        files.add(name, String::new());
        files.stamps.push(stamp);
        outs.push(out);
    }
    Some((files, outs))
}

fn read_folder_with(dir: &Path) -> RawDataset {
    let mut dataset = RawDataset::default();
    let paths = match data_files(dir) {
        Ok(paths) => paths,
        Err(diagnostic) => {
            dataset.diagnostics.push(*diagnostic);
            return dataset;
        }
    };
    // Read and parse on every core; merge in path order so that records and
    // diagnostics come out the same on every run. The fast way keeps no
    // text: it is only kept when there is nothing to quote.
    use rayon::prelude::*;
    let progress = Progress::new(&paths);
    let texts: Vec<(String, std::io::Result<Vec<u8>>)> = paths
        .par_iter()
        .map(|path| (path.display().to_string(), std::fs::read(path)))
        .collect();
    let mut ids = Vec::with_capacity(texts.len());
    for (name, bytes) in texts {
        match bytes.map(String::from_utf8) {
            Ok(Ok(text)) => ids.push(dataset.files.add(name, without_bom(text))),
            Ok(Err(e)) => {
                // Quote the file with the bad bytes replaced, and point at
                // the first one: the text before it is unchanged.
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = dataset.files.add(name.clone(), lossy);
                dataset.diagnostics.push(
                    Diagnostic::error("not-utf8", format!("`{name}` is not UTF-8 text"))
                        .at(file, at..at + '\u{fffd}'.len_utf8(), "this byte is not UTF-8")
                        .help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")"),
                );
            }
            Err(e) => dataset.diagnostics.push(Diagnostic::error(
                "unreadable",
                format!("cannot read `{name}`: {e}"),
            )),
        }
    }
    let files = &dataset.files;
    let parsed: Vec<Parsed> = ids
        .par_iter()
        .map(|&file| {
            let parsed = parse_file(file, files.text(file), false);
            progress.advance(files.text(file).len() as u64);
            parsed
        })
        .collect();
    dataset.reserve_for(parsed.iter());
    for parsed in parsed {
        dataset.absorb(parsed);
    }
    dataset
}

/// What one file holds, parsed.
#[derive(Default)]
struct Parsed {
    sources: Vec<Located<RawSource>>,
    nodes: Vec<Located<RawNode>>,
    edges: Vec<Located<RawEdge>>,
    diagnostics: Vec<Diagnostic>,
    dropped_nodes: Vec<Located<String>>,
}

/// A whole file read in one pass, for the common case of a valid file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "DataFile")]
struct FastFile {
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    nodes: Vec<RawNode>,
    #[serde(default)]
    edges: Vec<RawEdge>,
}

/// Parses one file. Fast: in one pass, structures spanned approximately,
/// falling back to the exact way when the file does not parse or a string
/// needs its escapes decoded. Exact: record by record through `RawValue`, so
/// a bad record is reported precisely and the others are still read.
fn parse_file(file: usize, text: &str, fast: bool) -> Parsed {
    let _guard = spanned::parsing(text);
    if !fast {
        return spanned::exact(|| parse_file_by_record(file, text));
    }
    let (fast, inexact) = spanned::inexact(|| spanned::ron_options().from_str::<FastFile>(text));
    if let (Ok(fast), false) = (fast, inexact) {
        let around = |a: &Range<usize>, b: &Range<usize>| a.start.min(b.start)..a.end.max(b.end);
        return Parsed {
            sources: fast
                .sources
                .into_iter()
                .map(|record| Located {
                    file,
                    span: record.id.span.clone(),
                    record,
                })
                .collect(),
            nodes: fast
                .nodes
                .into_iter()
                .map(|record| Located {
                    file,
                    span: record.id.span.clone(),
                    record,
                })
                .collect(),
            edges: fast
                .edges
                .into_iter()
                .map(|record| Located {
                    file,
                    span: around(&record.from.span, &record.to.span),
                    record,
                })
                .collect(),
            diagnostics: Vec::new(),
            dropped_nodes: Vec::new(),
        };
    }
    spanned::exact(|| parse_file_by_record(file, text))
}

fn parse_file_by_record(file: usize, text: &str) -> Parsed {
    let blank = text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with("//")
    });
    if blank {
        return Parsed {
            diagnostics: vec![
                Diagnostic::warning("empty-file", "this file has no records")
                    .at(file, 0..0, "nothing but blanks and comments")
                    .help("add `(nodes: [...], edges: [...], sources: [...])`, or delete the file"),
            ],
            ..Parsed::default()
        };
    }
    let parsed: RawFile = match spanned::ron_options().from_str(text) {
        Ok(parsed) => parsed,
        Err(error) => {
            let at = error_range(text, 0, &error.span);
            return Parsed {
                diagnostics: vec![ron_diagnostic(file, at, &error.code, None)],
                ..Parsed::default()
            };
        }
    };
    let mut diagnostics = Vec::new();
    let mut dropped_nodes = Vec::new();
    let sources = parse_records::<RawSource>(file, &parsed.sources, &mut diagnostics, None);
    let nodes = parse_records::<RawNode>(
        file,
        &parsed.nodes,
        &mut diagnostics,
        Some(&mut dropped_nodes),
    );
    let edges = parse_records::<RawEdge>(file, &parsed.edges, &mut diagnostics, None);
    Parsed {
        sources,
        nodes,
        edges,
        diagnostics,
        dropped_nodes,
    }
}

impl RawDataset {
    /// Parses one file's text (already read) into raw records.
    pub fn add_text(&mut self, name: String, text: String) {
        let file = self.files.add(name, text);
        let parsed = parse_file(file, self.files.text(file), false);
        self.absorb(parsed);
    }

    /// Makes room for every file's records at once: growing a vector of
    /// millions of records by doubling would briefly hold it twice.
    fn reserve_for<'a>(&mut self, parsed: impl Iterator<Item = &'a Parsed> + Clone) {
        self.sources
            .reserve(parsed.clone().map(|p| p.sources.len()).sum());
        self.nodes
            .reserve(parsed.clone().map(|p| p.nodes.len()).sum());
        self.edges.reserve(parsed.map(|p| p.edges.len()).sum());
    }

    fn absorb(&mut self, parsed: Parsed) {
        self.sources.extend(parsed.sources);
        self.nodes.extend(parsed.nodes);
        self.edges.extend(parsed.edges);
        self.diagnostics.extend(parsed.diagnostics);
        self.dropped_nodes.extend(parsed.dropped_nodes);
    }
}

fn parse_records<T: DeserializeOwned>(
    file: usize,
    raws: &[&RawValue],
    diagnostics: &mut Vec<Diagnostic>,
    mut dropped: Option<&mut Vec<Located<String>>>,
) -> Vec<Located<T>> {
    let mut records = Vec::with_capacity(raws.len());
    for raw in raws {
        let record_text = raw.get_ron();
        let span = spanned::span_of(record_text);
        match spanned::ron_options().from_str::<T>(record_text) {
            Ok(record) => records.push(Located { file, span, record }),
            Err(error) => {
                let at = error_range(record_text, span.start, &error.span);
                diagnostics.push(ron_diagnostic(file, at, &error.code, Some(span.clone())));
                if let (Some(dropped), Some((id, at))) =
                    (dropped.as_deref_mut(), visible_id(record_text))
                {
                    dropped.push(Located {
                        file,
                        span: span.start + at.start..span.start + at.end,
                        record: id,
                    });
                }
            }
        }
    }
    records
}

/// The `id: "..."` of a record that does not parse, if it can be seen: the
/// first `id` field at the record's top level, and its span in the record.
fn visible_id(record: &str) -> Option<(String, Range<usize>)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let bytes = record.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                b'i' if depth == 1
                    && record[i..].starts_with("id")
                    && (i == 0
                        || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'_') =>
                {
                    let rest = record[i + 2..].trim_start();
                    let rest = rest.strip_prefix(':')?.trim_start();
                    let open = record.len() - rest.len();
                    let body = rest.strip_prefix('"')?;
                    let close = body.find('"')?;
                    let id = &body[..close];
                    return Some((id.to_string(), open..open + close + 2));
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// The byte offset in the file of a ron position (1-based line, column in
/// characters) measured within `text`, which starts at byte `base`.
fn byte_at(text: &str, base: usize, position: &ron::error::Position) -> usize {
    let mut line = 1;
    let mut col = 1;
    for (i, c) in text.char_indices() {
        if line == position.line && col == position.col {
            return base + i;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    base + text.len()
}

/// The byte range of a ron error span within `text` (which starts at byte
/// `base` of its file). An empty span that starts on a word (an unknown
/// field, say) is widened to cover the word, so the caret underlines it.
fn error_range(text: &str, base: usize, span: &ron::error::Span) -> Range<usize> {
    let start = byte_at(text, base, &span.start);
    let end = byte_at(text, base, &span.end).max(start);
    if end > start {
        return start..end;
    }
    let word = text[start - base..]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(text.len() - (start - base), |(i, _)| i);
    start..start + word
}

/// A ron parse error as a diagnostic, with a suggestion where we have one.
fn ron_diagnostic(
    file: usize,
    at: Range<usize>,
    error: &ron::Error,
    record: Option<Range<usize>>,
) -> Diagnostic {
    use ron::Error as E;
    let (code, message, help): (&str, String, Option<String>) = match error {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            "unknown-field",
            format!(
                "unknown field `{found}`{}",
                outer.as_ref().map(|o| format!(" in {}", o)).unwrap_or_default()
            ),
            Some(match crate::suggest::closest(found, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? allowed fields: {}", expected.join(", ")),
                None => format!("allowed fields: {}", expected.join(", ")),
            }),
        ),
        E::MissingStructField { field, outer } => (
            "missing-field",
            format!(
                "missing field `{field}`{}",
                outer.as_ref().map(|o| format!(" in {}", o)).unwrap_or_default()
            ),
            Some(format!("add `{field}: ...` to this record")),
        ),
        E::DuplicateStructField { field, .. } => (
            "duplicate-field",
            format!("field `{field}` is given twice"),
            Some("keep one of them".to_string()),
        ),
        E::ExpectedString | E::ExpectedStringEnd => (
            "syntax",
            format!("{error}"),
            Some("text values are written in double quotes: \"like this\"".into()),
        ),
        E::ExpectedIdentifier => (
            "syntax",
            format!("{error}"),
            Some("kinds and other names from the vocabulary are written without quotes: `kind: Company`".into()),
        ),
        E::ExpectedComma => (
            "syntax",
            "expected a comma".to_string(),
            Some("separate fields and list items with commas".into()),
        ),
        E::Eof => (
            "syntax",
            "the file ends in the middle of a value".into(),
            Some("check for a missing `)`, `]` or closing quote".into()),
        ),
        E::Message(message) => ("invalid-value", message.clone(), None),
        other => ("syntax", other.to_string(), None),
    };
    let label = if record.is_some() {
        "in this record"
    } else {
        "here"
    };
    let mut diagnostic = Diagnostic::error(code, message).at(file, at, label);
    if let Some(help) = help {
        diagnostic = diagnostic.help(help);
    }
    if diagnostic.severity == Severity::Error {
        diagnostic = diagnostic.note(if record.is_some() {
            "this record is left out of the graph until it is fixed"
        } else {
            "nothing in this file is read until it is fixed"
        });
    }
    diagnostic
}

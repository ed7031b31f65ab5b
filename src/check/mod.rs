//! Validation: every data file is read, parsed and checked on its own, on
//! every core ([`records`]); then the rules that need every file run once
//! over the typed records ([`references`]). Each rule is written once and
//! every run applies all of them: there is no quicker checker to agree with.
//! Problems are diagnostics; checking never stops at the first.

pub mod lint;
pub mod records;
pub mod references;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::load::parse::parse_file;
use crate::load::{
    FileMeta, FilePart, FileStamp, FileText, Stamps, list_folder, read_text, relative_name,
};
use crate::model::Dataset;
use records::{CheckedFile, check_file};
use references::{UnreadFile, WaitNote};

/// A checked data folder: the records that passed, file by file, the
/// files' table for diagnostics to quote, every diagnostic, and what the
/// files looked like (for the snapshot cache; only when all were read).
pub struct Checked {
    pub parts: Vec<Dataset>,
    /// Where each record of `parts` starts in its file, record for record.
    pub places: Vec<Places>,
    pub files: SourceFiles,
    pub stamps: Option<Stamps>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the records of one file start (byte offsets), in the order of
/// that file's [`Dataset`]'s lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    pub sources: Vec<u32>,
    pub nodes: Vec<u32>,
    pub edges: Vec<u32>,
}

impl Checked {
    /// Nodes, edges and sources that passed.
    pub fn counts(&self) -> [usize; 3] {
        let sum = |f: fn(&Dataset) -> usize| self.parts.iter().map(f).sum();
        [
            sum(|d| d.nodes.len()),
            sum(|d| d.edges.len()),
            sum(|d| d.sources.len()),
        ]
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// `42 nodes, 77 edges, 9 sources: 0 errors, 2 warnings`
    pub fn summary(&self) -> String {
        summary(self.counts(), self.error_count(), self.warning_count())
    }

    /// Every record that passed, in one dataset.
    pub fn dataset(&self) -> Dataset {
        let mut all = Dataset::default();
        for part in &self.parts {
            all.sources.extend(part.sources.iter().cloned());
            all.nodes.extend(part.nodes.iter().cloned());
            all.edges.extend(part.edges.iter().cloned());
        }
        all
    }
}

/// `42 nodes, 77 edges, 9 sources: 0 errors, 2 warnings`, from the counts
/// of nodes, edges and sources and of errors and warnings.
pub fn summary(records: [usize; 3], errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}, {}: {}, {}",
        plural(records[0], "node"),
        plural(records[1], "edge"),
        plural(records[2], "source"),
        plural(errors, "error"),
        plural(warnings, "warning"),
    )
}

/// What reading one file gave.
enum FileResult {
    Checked {
        checked: CheckedFile,
        /// The text, kept when something in the file is to be quoted.
        text: Option<String>,
    },
    Unread {
        diagnostic: Diagnostic,
        ids: Option<Vec<String>>,
        quote: Option<String>,
    },
}

/// Reads and checks every data file under `dir`. `progress` is told how
/// many bytes were read, as files are read (on any thread).
///
/// ```no_run
/// let checked = reggraph::check::check_folder(std::path::Path::new("graph-data"), &|_| {});
/// println!("{}", checked.summary());
/// ```
pub fn check_folder(dir: &Path, progress: &(dyn Fn(u64) + Sync)) -> Checked {
    check_folder_replacing(dir, progress, &[])
}

/// What [`check_folder`] would say if the file at `path` held `text`: the
/// data as a change would leave it, checked before the change is written
/// (`reggraph add`). A file not there yet, or not under `dir`, is checked
/// with the others.
pub fn check_folder_with(dir: &Path, path: &Path, text: &str) -> Checked {
    check_folder_replacing(dir, &|_| {}, &[(path, text)])
}

/// [`check_folder_with`] for several files at once (`reggraph import`
/// writes one per spreadsheet).
pub fn check_folder_with_files(dir: &Path, files: &[(&Path, &str)]) -> Checked {
    check_folder_replacing(dir, &|_| {}, files)
}

/// `path` as an absolute path, through symbolic links, for a file that may
/// not exist yet (its folder must).
fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::canonicalize(parent)
            .unwrap_or_else(|_| parent.to_path_buf())
            .join(path.file_name().unwrap_or_default())
    })
}

fn check_folder_replacing(
    dir: &Path,
    progress: &(dyn Fn(u64) + Sync),
    replace: &[(&Path, &str)],
) -> Checked {
    let listing = match list_folder(dir) {
        Ok(listing) => listing,
        Err(diagnostic) => {
            return Checked {
                parts: Vec::new(),
                places: Vec::new(),
                files: SourceFiles::default(),
                stamps: None,
                diagnostics: vec![*diagnostic],
            };
        }
    };
    let mut listing = listing;
    for (path, _) in replace {
        let real = real_path(path);
        if !listing.paths.iter().any(|p| real_path(p) == real) {
            listing.paths.push(path.to_path_buf());
        }
    }
    listing.paths.sort();
    let replaced: Vec<(usize, &str)> = replace
        .iter()
        .filter_map(|(path, text)| {
            let real = real_path(path);
            let at = listing.paths.iter().position(|p| real_path(p) == real)?;
            Some((at, *text))
        })
        .collect();
    let read_at = std::time::SystemTime::now();
    let results: Vec<(Option<FileStamp>, FileResult)> = listing
        .paths
        .par_iter()
        .enumerate()
        .map(|(file, path)| {
            let name = path.display().to_string();
            if let Some(&(_, text)) = replaced.iter().find(|(at, _)| *at == file) {
                // Read as the loader reads a file: a byte-order mark as
                // blanks of its width, so that columns stay.
                let text = match text.strip_prefix('\u{feff}') {
                    Some(rest) => format!("   {rest}"),
                    None => text.to_string(),
                };
                return (
                    None,
                    FileResult::Checked {
                        checked: check_file(file, &text, parse_file(file, &text)),
                        text: Some(text),
                    },
                );
            }
            // Taken before reading: a change while reading shows later.
            let meta = FileMeta::of(path);
            let (text, hash) = read_text(file, &name, path);
            let stamp = meta.zip(hash).map(|(meta, hash)| FileStamp {
                path: relative_name(dir, path),
                meta,
                hash,
            });
            if let FileText::Text(text) = &text {
                progress(text.len() as u64);
            }
            (stamp, file_result(file, text, false))
        })
        .collect();
    let mut paths = listing.paths;
    let mut stamps = Some(Vec::with_capacity(results.len()));
    let mut entries = Vec::with_capacity(results.len());
    for (stamp, result) in results {
        match (stamp, &mut stamps) {
            (Some(stamp), Some(all)) => all.push(stamp),
            _ => stamps = None,
        }
        entries.push(result);
    }
    // Entries that could not even be listed are files of their own.
    for (name, diagnostic) in listing.problems {
        stamps = None;
        paths.push(PathBuf::from(&name));
        entries.push(FileResult::Unread {
            diagnostic,
            ids: None,
            quote: None,
        });
    }
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut checked = gather(names, &paths, entries);
    let parts = checked.parts.iter().map(FilePart::of).collect();
    checked.stamps = stamps.map(|files| Stamps {
        parts,
        read_at,
        files,
        folder: std::fs::canonicalize(dir).ok(),
    });
    checked
}

/// One file's text checked, or why it could not be read. Its text is kept
/// when `keep` says so, else only when something in it is to be quoted.
fn file_result(file: usize, text: FileText, keep: bool) -> FileResult {
    match text {
        FileText::Text(text) => {
            let checked = check_file(file, &text, parse_file(file, &text));
            let quoted = !checked.read_diagnostics.is_empty() || !checked.diagnostics.is_empty();
            FileResult::Checked {
                checked,
                text: (keep || quoted).then_some(text),
            }
        }
        FileText::Unreadable {
            diagnostic,
            ids,
            quote,
        } => FileResult::Unread {
            diagnostic,
            ids,
            quote,
        },
    }
}

/// Checks files given as text (named as diagnostics will show them), as
/// [`check_folder`] checks a folder's.
pub fn check_texts(texts: Vec<(String, String)>) -> Checked {
    let (names, texts): (Vec<String>, Vec<String>) = texts.into_iter().unzip();
    let entries = texts
        .into_iter()
        .enumerate()
        .map(|(file, text)| FileResult::Checked {
            checked: check_file(file, &text, parse_file(file, &text)),
            text: Some(text),
        })
        .collect();
    gather(names, &[], entries)
}

/// Checks files given as bytes (named as diagnostics will show them; a
/// file as committed in git), read as text as [`check_folder`] reads a
/// file: UTF-8, a byte-order mark as blanks, another encoding an error.
/// Every file's text is kept, to be quoted.
pub fn check_bytes(files: Vec<(String, Vec<u8>)>) -> Checked {
    check_bytes_with(files, &|_| {})
}

/// [`check_bytes`], telling `progress` how many bytes were read as files
/// are checked (on any thread).
pub fn check_bytes_with(files: Vec<(String, Vec<u8>)>, progress: &(dyn Fn(u64) + Sync)) -> Checked {
    let (names, bytes): (Vec<String>, Vec<Vec<u8>>) = files.into_iter().unzip();
    let entries = bytes
        .into_par_iter()
        .zip(names.par_iter())
        .enumerate()
        .map(|(file, (bytes, name))| {
            progress(bytes.len() as u64);
            (file, bytes, name)
        })
        .map(|(file, bytes, name)| file_result(file, crate::load::decode(file, name, bytes), true))
        .collect();
    gather(names, &[], entries)
}

/// The rules across files over what each file gave, and the diagnostics
/// in order: what could not be read first (the real errors, which others
/// may follow from), then other errors, then warnings; each by place.
fn gather(names: Vec<String>, paths: &[PathBuf], entries: Vec<FileResult>) -> Checked {
    let mut table = SourceFiles::default();
    let mut files = Vec::with_capacity(entries.len());
    let mut unread = Vec::new();
    let mut read_diagnostics = Vec::new();
    let mut diagnostics = Vec::new();
    let mut unread_file_diagnostic = rustc_hash::FxHashMap::default();
    for (file, (name, entry)) in names.into_iter().zip(entries).enumerate() {
        match entry {
            FileResult::Checked { mut checked, text } => {
                table.add(name, text.unwrap_or_default());
                read_diagnostics.append(&mut checked.read_diagnostics);
                diagnostics.append(&mut checked.diagnostics);
                files.push(checked);
            }
            FileResult::Unread {
                diagnostic,
                ids,
                quote,
            } => {
                table.add(name, quote.unwrap_or_default());
                unread_file_diagnostic.insert(file, read_diagnostics.len());
                read_diagnostics.push(diagnostic);
                unread.push(UnreadFile { file, ids });
                files.push(CheckedFile::default());
            }
        }
    }
    let verdict = references::check(&files, &unread, paths, &mut table);
    diagnostics.extend(verdict.diagnostics);
    // Each wait note goes to the error that kept its id from being read:
    // the last one placed at or before it in its file. Several ids waiting
    // on one error (text lost to a comment left open) make one note.
    let mut per_target: std::collections::BTreeMap<usize, Vec<(String, usize)>> =
        Default::default();
    for note in verdict.wait_notes {
        match note {
            WaitNote::Record {
                file,
                at,
                id,
                count,
            } => {
                // The error inside the record, else the last one before it
                // (a comment left open, text skipped after a mistake).
                let start_of = |d: &Diagnostic| {
                    d.primary
                        .as_ref()
                        .filter(|l| l.file == file)
                        .map(|l| l.span.start)
                };
                let inside = read_diagnostics
                    .iter()
                    .position(|d| start_of(d).is_some_and(|s| at.contains(&s)));
                let target = inside.or_else(|| {
                    read_diagnostics
                        .iter()
                        .enumerate()
                        .filter_map(|(i, d)| start_of(d).filter(|&s| s <= at.start).map(|s| (s, i)))
                        .max()
                        .map(|(_, i)| i)
                });
                if let Some(i) = target {
                    per_target.entry(i).or_default().push((id, count));
                }
            }
            WaitNote::File { file, count } => {
                if let Some(d) = unread_file_diagnostic
                    .get(&file)
                    .and_then(|&i| read_diagnostics.get_mut(i))
                {
                    d.notes
                        .push(waiting(count, "ids that may be declared in this file"));
                }
            }
        }
    }
    for (i, ids) in per_target {
        let words = match ids.as_slice() {
            [(id, count)] => waiting(*count, &format!("\"{id}\", declared in this record,")),
            _ => {
                let count = ids.iter().map(|(_, c)| c).sum();
                let mut names: Vec<String> = ids
                    .iter()
                    .take(3)
                    .map(|(id, _)| format!("\"{id}\""))
                    .collect();
                if ids.len() > 3 {
                    names.push("…".into());
                }
                waiting(
                    count,
                    &format!(
                        "{} ids it keeps from being read ({})",
                        ids.len(),
                        names.join(", ")
                    ),
                )
            }
        };
        read_diagnostics[i].notes.push(words);
    }
    let place = |d: &Diagnostic| d.primary.as_ref().map(|l| (l.file, l.span.start));
    read_diagnostics.sort_by_key(|d| (d.severity, place(d)));
    diagnostics.sort_by_key(|d| (d.severity, place(d)));
    read_diagnostics.extend(diagnostics);
    let mut parts = Vec::with_capacity(files.len());
    let mut places = Vec::with_capacity(files.len());
    for (f, file) in files.into_iter().enumerate() {
        let mut dataset = file.dataset;
        let mut at = Places {
            sources: file.source_at,
            nodes: file.node_at,
            edges: file.edge_at,
        };
        remove(&mut dataset.sources, &verdict.drop_sources[f]);
        remove(&mut dataset.nodes, &verdict.drop_nodes[f]);
        remove(&mut dataset.edges, &verdict.drop_edges[f]);
        remove(&mut at.sources, &verdict.drop_sources[f]);
        remove(&mut at.nodes, &verdict.drop_nodes[f]);
        remove(&mut at.edges, &verdict.drop_edges[f]);
        parts.push(dataset);
        places.push(at);
    }
    Checked {
        parts,
        places,
        files: table,
        stamps: None,
        diagnostics: read_diagnostics,
    }
}

/// `3 references to "x", declared in this record, wait on it`.
fn waiting(count: usize, what: &str) -> String {
    let references = if count == 1 {
        "reference"
    } else {
        "references"
    };
    let verb = if count == 1 { "waits" } else { "wait" };
    let they = if count == 1 {
        "it resolves"
    } else {
        "they resolve"
    };
    format!("{count} {references} to {what} {verb} on this error; {they} once it is fixed")
}

/// Removes the items at `sorted` places.
fn remove<T>(items: &mut Vec<T>, sorted: &[usize]) {
    if sorted.is_empty() {
        return;
    }
    let mut next = 0;
    let mut index = 0;
    items.retain(|_| {
        let drop = sorted.get(next) == Some(&index);
        if drop {
            next += 1;
        }
        index += 1;
        !drop
    });
}

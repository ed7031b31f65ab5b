//! The one way to open a data folder. Given the folder and where snapshots
//! are kept, a [`Workspace`] answers with the graph or the check of every
//! file, from a fresh snapshot
//! when there is one and from the files otherwise, with the warnings kept
//! beside the result ([`Warned`]) and the errors instead of it ([`Report`]).
//!
//! After an edit of one file, the snapshot answers with that file's new
//! records in place of its old ones ([`cache::Edited`]), the file read and
//! checked again and no other, when that is sure to be what reading every
//! file would give.
//!
//! Every command, example, benchmark and cache test goes through here, so
//! a snapshot and the files can never answer differently for want of a
//! second code path.
//!
//! ```no_run
//! use reggraph::workspace::{Cache, Workspace};
//! let workspace = Workspace::new("graph-data", &Cache::Off);
//! match workspace.graph(&|_| {}) {
//!     Ok(graph) => println!("{} nodes", graph.output.node_count()),
//!     Err(report) => println!("{}", report.summary()),
//! }
//! ```

use std::path::{Path, PathBuf};

use crate::cache::{self, Snapshot};
use crate::check::{self, Checked};
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::graph::KnowledgeGraph;
use crate::load::Stamps;

/// Where snapshots are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cache {
    /// No snapshot is read or written.
    Off,
    /// Snapshots are kept in this folder.
    In(PathBuf),
}

impl Cache {
    /// `$REGGRAPH_CACHE_DIR`, else the user's cache folder (such as
    /// `~/.cache/reggraph`), else none.
    pub fn from_env() -> Cache {
        cache::cache_dir().map_or(Cache::Off, Cache::In)
    }
}

/// Where an answer was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Parsed and checked.
    Files,
    /// Read from a fresh snapshot.
    Snapshot,
    /// Read from a snapshot and the one file edited since it was taken,
    /// read and checked again ([`cache::Edited`]).
    Edited,
}

/// A result, with the warnings found on the way (the data had no error).
pub struct Warned<T> {
    pub output: T,
    pub warnings: Vec<Diagnostic>,
    /// The files the warnings point into.
    pub files: SourceFiles,
    pub origin: Origin,
    /// What the files looked like, when they were read without errors:
    /// [`Workspace::keep`] stores a snapshot then.
    stamps: Option<Stamps>,
}

/// Everything a check found: the counts of records that passed, and every
/// diagnostic with the files they point into.
pub struct Report {
    pub counts: [usize; 3],
    pub diagnostics: Vec<Diagnostic>,
    pub files: SourceFiles,
    pub origin: Origin,
}

impl Report {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// `42 nodes, 77 edges, 9 sources: 0 errors, 2 warnings`
    pub fn summary(&self) -> String {
        check::summary(self.counts, self.error_count(), self.warning_count())
    }

    fn of(checked: Checked) -> Report {
        Report {
            counts: checked.counts(),
            diagnostics: checked.diagnostics,
            files: checked.files,
            origin: Origin::Files,
        }
    }
}

/// A data folder and where its snapshot is kept.
pub struct Workspace {
    data: PathBuf,
    snapshot: Option<PathBuf>,
}

impl Workspace {
    pub fn new(data: impl Into<PathBuf>, cache: &Cache) -> Workspace {
        let data = data.into();
        let snapshot = match cache {
            Cache::Off => None,
            Cache::In(dir) => cache::snapshot_path_in(dir, &data),
        };
        Workspace { data, snapshot }
    }

    /// The data folder.
    pub fn data(&self) -> &Path {
        &self.data
    }

    /// The snapshot, if its files are as it found them but at most one
    /// (which one, if one changed).
    fn open_snapshot(&self) -> Option<(Snapshot, Option<usize>)> {
        Snapshot::open_edited(self.snapshot.as_deref()?, &self.data, cache::VERSION)
    }

    /// The graph after an edit of file `file` since the snapshot of data
    /// without warnings: the snapshot's, with that file's records replaced
    /// by those of its new text, read and checked on its own; `None`
    /// unless that is sure to be the graph, with no diagnostic, that
    /// reading every file would give (see [`cache::Edited`]).
    fn edited(snapshot: Snapshot, file: usize) -> Option<(KnowledgeGraph, SourceFiles)> {
        if !snapshot.warnings()?.is_empty() {
            return None;
        }
        let (parts, citations) = snapshot.parts()?;
        let files = snapshot.files();
        let path = snapshot.paths().get(file)?.clone();
        let crate::load::FileText::Text(text) =
            crate::load::read_text(file, files.name(file), &path).0
        else {
            return None;
        };
        let parsed = crate::load::parse::parse_file(file, &text);
        let checked = check::records::check_file(file, &text, parsed);
        // The file on its own has nothing to report, and every record was
        // read and kept.
        let clean = checked.read_diagnostics.is_empty()
            && checked.diagnostics.is_empty()
            && checked.unread_records == 0
            && checked.unread_ids.is_empty()
            && checked.left_out_nodes.is_empty()
            && checked.left_out_edges.is_empty()
            && checked.left_out_sources.is_empty();
        if !clean {
            return None;
        }
        let stored = cache::Stored::new(snapshot)?;
        let edited = cache::Edited::new(stored, file, &parts, &citations, checked.dataset)?;
        Some((KnowledgeGraph::of(Box::new(edited)), files))
    }

    /// Checks every file; a fresh snapshot says at once what there is to
    /// report (the warnings stored with it, the files they point into read
    /// again). Data without errors read from the files is stored as a
    /// snapshot, with its warnings, so the next command is quick.
    pub fn check(&self, progress: &(dyn Fn(u64) + Sync)) -> Report {
        let opened = self.open_snapshot();
        if let Some((snapshot, None)) = &opened
            && let Some(counts) = snapshot.counts()
            && let Some((diagnostics, files)) = stored_warnings(snapshot)
        {
            return Report {
                counts,
                diagnostics,
                files,
                origin: Origin::Snapshot,
            };
        }
        if let Some((snapshot, Some(file))) = opened
            && let Some((graph, files)) = Workspace::edited(snapshot, file)
        {
            return Report {
                counts: [
                    graph.node_count(),
                    graph.edge_count(),
                    graph.sources().count(),
                ],
                diagnostics: Vec::new(),
                files,
                origin: Origin::Edited,
            };
        }
        let checked = check::check_folder(&self.data, progress);
        if !checked.diagnostics.iter().any(Diagnostic::is_error)
            && let (Some(path), Some(stamps)) = (&self.snapshot, &checked.stamps)
        {
            let files = checked.files.clone();
            let counts = checked.counts();
            let graph = KnowledgeGraph::build_parts(checked.parts);
            cache::store(path, stamps, &graph, &checked.diagnostics);
            return Report {
                counts,
                diagnostics: checked.diagnostics,
                files,
                origin: Origin::Files,
            };
        }
        Report::of(checked)
    }

    /// The check of every file, read whatever the snapshot says.
    pub fn check_files(&self, progress: &(dyn Fn(u64) + Sync)) -> Report {
        Report::of(check::check_folder(&self.data, progress))
    }

    /// The graph, or the report of the data's errors. From a fresh
    /// snapshot nothing but its index is read here: the graph reads the
    /// blocks each answer needs as it needs them (see [`cache::Stored`]).
    /// Should it meet a damaged block ([`KnowledgeGraph::damaged`]), its
    /// answer is to be thrown away and made again from
    /// [`Workspace::graph_from_files`].
    pub fn graph(&self, progress: &(dyn Fn(u64) + Sync)) -> Result<Warned<KnowledgeGraph>, Report> {
        match self.open_snapshot() {
            Some((snapshot, None)) => {
                if let Some((warnings, files)) = stored_warnings(&snapshot)
                    && let Some(stored) = cache::Stored::new(snapshot)
                {
                    return Ok(Warned {
                        output: KnowledgeGraph::of(Box::new(stored)),
                        warnings,
                        files,
                        origin: Origin::Snapshot,
                        stamps: None,
                    });
                }
            }
            Some((snapshot, Some(file))) => {
                if let Some((graph, files)) = Workspace::edited(snapshot, file) {
                    return Ok(Warned {
                        output: graph,
                        warnings: Vec::new(),
                        files,
                        origin: Origin::Edited,
                        stamps: None,
                    });
                }
            }
            None => {}
        }
        self.graph_from_files(progress)
    }

    /// The graph read from the files, whatever the snapshot says.
    pub fn graph_from_files(
        &self,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Warned<KnowledgeGraph>, Report> {
        let checked = check::check_folder(&self.data, progress);
        if checked.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Report::of(checked));
        }
        let stamps = checked.stamps;
        Ok(Warned {
            output: KnowledgeGraph::build_parts(checked.parts),
            warnings: checked.diagnostics,
            files: checked.files,
            origin: Origin::Files,
            stamps,
        })
    }

    /// Removes the snapshot (found damaged), so that the next command does
    /// not meet it again before a new one is written. Best effort.
    pub fn discard(&self) {
        if let Some(path) = &self.snapshot {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Stores a snapshot of a graph read from files, with its warnings (and
    /// does nothing for one read from a snapshot). Best effort: a cache
    /// folder that cannot be written only costs speed. Called after the
    /// answer is written, so that the reader need not wait for it.
    pub fn keep(&self, graph: &Warned<KnowledgeGraph>) {
        if let (Some(path), Some(stamps)) = (&self.snapshot, &graph.stamps) {
            cache::store(path, stamps, &graph.output, &graph.warnings);
        }
    }
}

/// The warnings stored with a snapshot and the files they point into, the
/// text of those read again (the snapshot has just found them unchanged);
/// `None` if the warnings' block is damaged or a file cannot be read.
fn stored_warnings(snapshot: &Snapshot) -> Option<(Vec<Diagnostic>, SourceFiles)> {
    let warnings = snapshot.warnings()?;
    let mut files = snapshot.files();
    let mut quoted: Vec<usize> = warnings
        .iter()
        .flat_map(|d| d.primary.iter().chain(&d.secondary))
        .map(|label| label.file)
        .collect();
    quoted.sort_unstable();
    quoted.dedup();
    for file in quoted {
        let path = snapshot.paths().get(file)?;
        match crate::load::read_text(file, files.name(file), path).0 {
            crate::load::FileText::Text(text) => files.set_text(file, text),
            crate::load::FileText::Unreadable { .. } => return None,
        }
    }
    Some((warnings, files))
}

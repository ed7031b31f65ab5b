//! One node's history: the commits that changed it (its own fields, its
//! edges in and out, its milestones), newest first, each with its changes
//! as [`crate::diff::diff`] says them.
//!
//! Each commit of [`Repository::log`] (merges left out, each compared with
//! its first parent) is diffed with its parent, and only the changes about
//! the node are kept. What it costs: one `git log`; then, per commit
//! searched, one `git ls-tree` and one `git cat-file --batch` for the
//! commit and, unless its parent is the commit read just before, as many
//! for the parent; the data of a commit is checked once, and not again
//! when the next side has the same files (the same blob ids, whatever its
//! commit); and one diff of the two sides (linear in their records). The
//! walk stops once `limit` commits changed the node.

use std::rc::Rc;

use crate::git::{Commit, GitError, LogEntry, Repository};

use super::{Diff, Side, diff};

/// A commit that changed the node.
#[derive(Debug, Clone)]
pub struct Step {
    pub commit: LogEntry,
    /// The changes about the node.
    pub changes: Diff,
    /// How many errors the commit's data has: its records that do not pass
    /// read as removed.
    pub errors: usize,
    /// How many errors its parent's data has: its records that did not
    /// pass there read as added.
    pub parent_errors: usize,
}

/// The changes to the working tree that are about the node.
#[derive(Debug, Clone)]
pub struct Uncommitted {
    pub changes: Diff,
    /// How many errors the working tree's data has.
    pub errors: usize,
    /// How many errors HEAD's data has.
    pub parent_errors: usize,
}

/// What the walk found.
#[derive(Debug, Clone)]
pub struct History {
    /// The changes not committed yet, when there are any about the node.
    pub uncommitted: Option<Uncommitted>,
    /// The commits that changed the node, newest first.
    pub commits: Vec<Step>,
    /// How many commits of the log were searched.
    pub searched: usize,
    /// How many commits changed the data folder (the log's length).
    pub total: usize,
}

impl History {
    /// Whether every commit of the log was searched (not stopped by a
    /// limit).
    pub fn complete(&self) -> bool {
        self.searched == self.total
    }

    /// Whether nothing, committed or not, changed the node: it never was
    /// in the data.
    pub fn is_empty(&self) -> bool {
        self.uncommitted.is_none() && self.commits.is_empty()
    }
}

/// The changes of `changes` about the node `id`: the node itself, its
/// edges in and out, its milestones (the entries whose `nodes` hold it).
pub fn about(changes: Diff, id: &str) -> Diff {
    Diff {
        sources: Vec::new(),
        nodes: changes
            .nodes
            .into_iter()
            .filter(|c| c.record().id == id)
            .collect(),
        edges: changes
            .edges
            .into_iter()
            .filter(|c| c.record().from == id || c.record().to == id)
            .collect(),
        milestones: changes
            .milestones
            .into_iter()
            .filter(|c| c.record().node == id)
            .collect(),
    }
}

/// A side read, with the files it was read from.
struct Read {
    commit: String,
    /// Each file's path and blob id, sorted by path.
    files: Vec<(String, String)>,
    side: Rc<Side>,
}

/// The sides of commits, the last two read kept: a commit's parent is
/// most often the next commit of the log, and two commits on branches
/// often share a parent.
struct Sides<'r> {
    repository: &'r Repository,
    kept: Vec<Read>,
}

impl Sides<'_> {
    /// The data as committed at `id` (none when its data folder had no
    /// data file yet).
    fn at(&mut self, id: &str) -> Result<Rc<Side>, GitError> {
        if let Some(read) = self.kept.iter().find(|r| r.commit == id) {
            return Ok(read.side.clone());
        }
        let commit = Commit {
            id: id.to_string(),
            revision: id.to_string(),
        };
        let blobs = match self.repository.files_at(&commit) {
            Ok(blobs) => blobs,
            Err(GitError::NoDataAt { .. }) => Vec::new(),
            Err(e) => return Err(e),
        };
        let files: Vec<(String, String)> = blobs
            .iter()
            .map(|b| (b.path.clone(), b.id.clone()))
            .collect();
        let side = match self.kept.iter().find(|r| r.files == files) {
            Some(same) => same.side.clone(),
            None if blobs.is_empty() => Rc::new(Side::empty(commit.short(), Some(commit.clone()))),
            None => Rc::new(Side::of_blobs(&commit, blobs)),
        };
        if self.kept.len() == 2 {
            self.kept.remove(0);
        }
        self.kept.push(Read {
            commit: commit.id,
            files,
            side: side.clone(),
        });
        Ok(side)
    }
}

/// The history of the node `id`: the changes about it in `working` (the
/// data folder on disk, named as the repository names its files) since
/// `HEAD`, then in each commit of the log, newest first, until `limit`
/// commits changed it. `progress` is told each commit searched, with the
/// log's length.
pub fn history(
    repository: &Repository,
    working: Option<&Side>,
    id: &str,
    limit: Option<usize>,
    progress: &dyn Fn(usize, usize),
) -> Result<History, GitError> {
    let log = repository.log()?;
    let mut sides = Sides {
        repository,
        kept: Vec::with_capacity(2),
    };
    let uncommitted = match working {
        Some(working) => {
            let head = match repository.resolve("HEAD") {
                Ok(head) => Some(sides.at(&head.id)?),
                // No commit yet: everything is uncommitted.
                Err(GitError::UnknownRevision { .. }) => None,
                Err(e) => return Err(e),
            };
            let empty = Side::empty("nothing", None);
            let changes = about(diff(head.as_deref().unwrap_or(&empty), working), id);
            (!changes.is_empty()).then(|| Uncommitted {
                changes,
                errors: working.error_count(),
                parent_errors: head.as_ref().map_or(0, |h| h.error_count()),
            })
        }
        None => None,
    };
    let mut history = History {
        uncommitted,
        commits: Vec::new(),
        searched: 0,
        total: log.len(),
    };
    let empty = Rc::new(Side::empty("nothing", None));
    for entry in log {
        if limit.is_some_and(|limit| history.commits.len() >= limit) {
            break;
        }
        let after = sides.at(&entry.id)?;
        let before = match &entry.parent {
            Some(parent) => sides.at(parent)?,
            None => empty.clone(),
        };
        let changes = about(diff(&before, &after), id);
        history.searched += 1;
        progress(history.searched, history.total);
        if !changes.is_empty() {
            history.commits.push(Step {
                commit: entry,
                changes,
                errors: after.error_count(),
                parent_errors: before.error_count(),
            });
        }
    }
    Ok(history)
}

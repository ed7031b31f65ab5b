//! One side of a diff: a data folder's files as they are on disk, or as
//! committed at a git revision, read and checked as any data folder is.

use std::path::{Path, PathBuf};

use crate::check::{Checked, check_bytes, check_bytes_with};
use crate::git::{Blob, Commit, GitError, Repository};
use crate::load::{list_folder, relative_name};

/// The data as one side holds it.
pub struct Side {
    /// What the side is, for a heading: `HEAD~1 (0123abcdef)`, `the
    /// working tree`, or a folder's path.
    pub label: String,
    /// The commit, for a side read from git.
    pub commit: Option<Commit>,
    /// Every file read and checked; its file names are the repository's
    /// paths for a side in git, else the folder's paths as given.
    pub checked: Checked,
}

/// Why a side could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SideError {
    #[error(transparent)]
    Git(#[from] GitError),
    /// The folder cannot be listed (missing, no data files).
    #[error("{}", .0.message)]
    Folder(Box<crate::diagnostic::Diagnostic>),
}

impl Side {
    /// The folder `dir` as it is on disk. In a repository (`repository`),
    /// its files are named by their paths in it, as a revision's are, and
    /// the side is "the working tree".
    pub fn folder(dir: &Path, repository: Option<&Repository>) -> Result<Side, SideError> {
        Side::folder_with(dir, repository, &|_| {})
    }

    /// [`Side::folder`], telling `progress` the bytes checked.
    pub fn folder_with(
        dir: &Path,
        repository: Option<&Repository>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Side, SideError> {
        let listing = list_folder(dir).map_err(SideError::Folder)?;
        let mut files = Vec::with_capacity(listing.paths.len());
        for path in &listing.paths {
            let name = match repository {
                Some(repo) => format!("{}{}", repo.prefix, relative_name(dir, path)),
                None => path.display().to_string(),
            };
            // A file that cannot be read is checked as empty bytes would
            // not be: its error is the folder's listing problem below.
            match std::fs::read(path) {
                Ok(bytes) => files.push((name, bytes)),
                Err(e) => {
                    return Err(SideError::Folder(Box::new(
                        crate::diagnostic::Diagnostic::error(
                            "unreadable",
                            format!("cannot read `{}`: {e}", path.display()),
                        ),
                    )));
                }
            }
        }
        if let Some((_, problem)) = listing.problems.into_iter().next() {
            return Err(SideError::Folder(Box::new(problem)));
        }
        Ok(Side {
            label: match repository {
                Some(_) => "the working tree".to_string(),
                None => dir.display().to_string(),
            },
            commit: None,
            checked: check_bytes_with(files, progress),
        })
    }

    /// The data folder as committed at `commit`.
    pub fn revision(repository: &Repository, commit: &Commit) -> Result<Side, SideError> {
        Side::revision_with(repository, commit, &|_| {})
    }

    /// [`Side::revision`], telling `progress` the bytes checked.
    pub fn revision_with(
        repository: &Repository,
        commit: &Commit,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Side, SideError> {
        let blobs = repository.files_at(commit)?;
        Ok(Side::of_blobs_with(commit, blobs, progress))
    }

    /// The data folder as committed at `commit`, from its files
    /// ([`Repository::files_at`]), read already.
    pub fn of_blobs(commit: &Commit, blobs: Vec<Blob>) -> Side {
        Side::of_blobs_with(commit, blobs, &|_| {})
    }

    fn of_blobs_with(commit: &Commit, blobs: Vec<Blob>, progress: &(dyn Fn(u64) + Sync)) -> Side {
        Side {
            label: Side::commit_label(commit),
            commit: Some(commit.clone()),
            checked: check_bytes_with(
                blobs.into_iter().map(|b| (b.path, b.bytes)).collect(),
                progress,
            ),
        }
    }

    /// No data at all: what a root commit is compared with, or a commit
    /// whose data folder did not exist yet.
    pub fn empty(label: impl Into<String>, commit: Option<Commit>) -> Side {
        Side {
            label: label.into(),
            commit,
            checked: check_bytes(Vec::new()),
        }
    }

    /// `HEAD~1 (0123abcdef)`, or the short id alone when the revision is
    /// (part of) the id: a commit id is not said twice.
    pub fn commit_label(commit: &Commit) -> String {
        if commit.id.starts_with(&commit.revision) {
            commit.short().to_string()
        } else {
            format!("{} ({})", commit.revision, commit.short())
        }
    }

    /// How many errors the side's data has: its records that did not pass
    /// are missing from it.
    pub fn error_count(&self) -> usize {
        self.checked.error_count()
    }
}

/// What a command-line argument names: a folder when one is there, else a
/// revision of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    Folder(PathBuf),
    Revision(String),
}

impl Named {
    pub fn of(argument: &str) -> Named {
        let path = Path::new(argument);
        if path.is_dir() {
            Named::Folder(path.to_path_buf())
        } else {
            Named::Revision(argument.to_string())
        }
    }
}

//! The data folder as committed at a git commit, as a folder on disk, so
//! that it is read (and its snapshot cached) as any data folder is; and the
//! names its files are shown by, which are git's (`0123abcdef:data/law.ron`,
//! what `git show` takes), not the folder's.
//!
//! With a cache folder, the files are written under
//! `<cache>/revisions/<commit id>-<xxh3 of the data folder's path in the
//! repository>/`, their paths below the data folder kept: first into a
//! temporary folder beside it, then renamed into place, so that a reader
//! never sees half a folder. A commit's content never changes, so a folder
//! already there (another process's, or an earlier run's) is used as it
//! is. Writing one tidies the others: temporary folders older than
//! [`ABANDONED_AFTER`] (a writer killed mid-write) are removed, and then
//! the least recently used folders beyond [`KEPT`]. Their snapshots are
//! files of the cache folder like any other, and its tidying removes a
//! snapshot whose folder is gone. Without a cache folder (or when it
//! cannot be written), the files go to a temporary folder removed when the
//! [`Checkout`] is dropped.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use xxhash_rust::xxh3::xxh3_64;

use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::git::{Blob, Commit, GitError, Repository};

/// The folder of the cache folder that revision folders are kept in.
pub const REVISIONS: &str = "revisions";
/// How many revision folders are kept, the least recently used removed
/// first.
pub const KEPT: usize = 64;
/// A temporary folder older than this is a killed writer's.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(600);
/// How temporary folders' names start.
const TEMPORARY: &str = ".tmp-";

/// Why the folder could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    #[error(transparent)]
    Git(#[from] GitError),
    /// A file could not be written, even to a temporary folder.
    #[error("cannot write the files of {revision} to `{}`: {source}", folder.display())]
    Write {
        revision: String,
        folder: PathBuf,
        source: std::io::Error,
    },
}

/// A data folder as committed at a commit, written out.
#[derive(Debug)]
pub struct Checkout {
    path: PathBuf,
    commit: Commit,
    /// The data folder's path in the repository (`data/`, or empty).
    prefix: String,
    /// When the files are in a temporary folder: removed on drop.
    _temporary: Option<tempfile::TempDir>,
}

impl Checkout {
    /// The data folder of `repository` as committed at `commit`, in
    /// `cache` (the cache folder) when given and writable, else in a
    /// temporary folder.
    pub fn new(
        repository: &Repository,
        commit: &Commit,
        cache: Option<&Path>,
    ) -> Result<Checkout, CheckoutError> {
        let name = format!(
            "{}-{:016x}",
            commit.id,
            xxh3_64(repository.prefix.as_bytes())
        );
        let made = |path: PathBuf, temporary| Checkout {
            path,
            commit: commit.clone(),
            prefix: repository.prefix.clone(),
            _temporary: temporary,
        };
        if let Some(cache) = cache {
            let revisions = cache.join(REVISIONS);
            let path = revisions.join(&name);
            if path.is_dir() {
                touch(&path);
                return Ok(made(path, None));
            }
            let blobs = repository.files_at(commit)?;
            if let Ok(()) = write_into_place(&revisions, &path, &blobs, &repository.prefix) {
                tidy(&revisions, &path);
                return Ok(made(path, None));
            }
            // A cache folder that cannot be written only costs speed.
            return Self::temporary(&blobs, &repository.prefix, commit)
                .map(|dir| made(dir.path().to_path_buf(), Some(dir)));
        }
        let blobs = repository.files_at(commit)?;
        Self::temporary(&blobs, &repository.prefix, commit)
            .map(|dir| made(dir.path().to_path_buf(), Some(dir)))
    }

    fn temporary(
        blobs: &[Blob],
        prefix: &str,
        commit: &Commit,
    ) -> Result<tempfile::TempDir, CheckoutError> {
        let failed = |folder: &Path, source| CheckoutError::Write {
            revision: commit.revision.clone(),
            folder: folder.to_path_buf(),
            source,
        };
        let dir = tempfile::Builder::new()
            .prefix("reggraph-revision-")
            .tempdir()
            .map_err(|e| failed(&std::env::temp_dir(), e))?;
        write_files(dir.path(), blobs, prefix).map_err(|e| failed(dir.path(), e))?;
        Ok(dir)
    }

    /// The folder the files are in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The commit they are of.
    pub fn commit(&self) -> &Commit {
        &self.commit
    }

    /// What a name of a file under [`Checkout::path`] (as the loader gives
    /// it: the folder's path, then the file's below it) is shown as:
    /// `0123abcdef:data/law.ron`. `None` for a name of no file there.
    pub fn shown(&self, name: &str) -> Option<String> {
        let folder = self.path.to_string_lossy();
        let relative = name
            .strip_prefix(folder.as_ref())?
            .strip_prefix(std::path::MAIN_SEPARATOR)?;
        let relative = relative.replace(std::path::MAIN_SEPARATOR, "/");
        Some(format!("{}:{}{relative}", self.commit.short(), self.prefix))
    }

    /// Files and diagnostics as the user knows them: every file under the
    /// folder named as [`Checkout::shown`] says, and the folder's path
    /// where a message, a label, a note or a help quotes it.
    pub fn rename(&self, files: &mut SourceFiles, diagnostics: &mut [Diagnostic]) {
        files.rename(|name| self.shown(name));
        let folder = format!("{}{}", self.path.display(), std::path::MAIN_SEPARATOR);
        let to = format!("{}:{}", self.commit.short(), self.prefix);
        let fix = |text: &mut String| {
            if text.contains(&folder) {
                *text = text.replace(&folder, &to);
            }
        };
        for d in diagnostics {
            fix(&mut d.message);
            if let Some(help) = &mut d.help {
                fix(help);
            }
            d.notes.iter_mut().for_each(fix);
            for label in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
                fix(&mut label.message);
            }
        }
    }
}

/// The blobs' files under `dir`, at their paths below the data folder
/// (`prefix`, the folder's path in the repository).
fn write_files(dir: &Path, blobs: &[Blob], prefix: &str) -> std::io::Result<()> {
    for blob in blobs {
        let relative = blob.path.strip_prefix(prefix).unwrap_or(&blob.path);
        let mut path = dir.to_path_buf();
        for part in relative.split('/') {
            // git never stores these; a path that had them would leave
            // the folder.
            if part.is_empty() || part == "." || part == ".." {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "a file's path in the repository is not one: `{}`",
                        blob.path
                    ),
                ));
            }
            path.push(part);
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &blob.bytes)?;
    }
    Ok(())
}

/// Writes the files into a temporary folder in `revisions`, then renames
/// it to `path`; when another writer got there first, theirs is kept.
fn write_into_place(
    revisions: &Path,
    path: &Path,
    blobs: &[Blob],
    prefix: &str,
) -> std::io::Result<()> {
    std::fs::create_dir_all(revisions)?;
    let temporary = tempfile::Builder::new()
        .prefix(TEMPORARY)
        .tempdir_in(revisions)?;
    write_files(temporary.path(), blobs, prefix)?;
    let kept = temporary.keep();
    match std::fs::rename(&kept, path) {
        Ok(()) => Ok(()),
        Err(_) if path.is_dir() => {
            let _ = std::fs::remove_dir_all(&kept);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&kept);
            Err(e)
        }
    }
}

/// Marks a folder as used now, for [`tidy`]'s order. Best effort.
fn touch(path: &Path) {
    if let Ok(folder) = std::fs::File::open(path) {
        let _ = folder.set_modified(SystemTime::now());
    }
}

/// Removes from `revisions` the temporary folders of killed writers, then
/// the least recently used revision folders beyond [`KEPT`]; `written`, the
/// folder just written, is never removed. Best effort.
fn tidy(revisions: &Path, written: &Path) {
    let Ok(entries) = std::fs::read_dir(revisions) else {
        return;
    };
    let mut kept = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_dir() || path == written {
            continue;
        }
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMPORARY) {
            if modified.elapsed().is_ok_and(|age| age >= ABANDONED_AFTER) {
                let _ = std::fs::remove_dir_all(&path);
            }
            continue;
        }
        if is_revision_name(&name) {
            kept.push((modified, path));
        }
    }
    // The folder just written is one of those kept.
    let over = (kept.len() + 1).saturating_sub(KEPT);
    kept.sort();
    for (_, path) in kept.into_iter().take(over) {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Whether `name` is the name [`Checkout::new`] gives a folder: a commit id
/// (40 or 64 hex digits), `-`, 16 hex digits.
fn is_revision_name(name: &str) -> bool {
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    name.split_once('-').is_some_and(|(id, hash)| {
        matches!(id.len(), 40 | 64) && hex(id) && hash.len() == 16 && hex(hash)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_names_are_told_from_others() {
        let id = "0123456789abcdef0123456789abcdef01234567";
        assert!(is_revision_name(&format!("{id}-0123456789abcdef")));
        assert!(!is_revision_name(&format!("{id}-0123")));
        assert!(!is_revision_name("notes-0123456789abcdef"));
        assert!(!is_revision_name(&format!(".tmp-{id}")));
    }
}

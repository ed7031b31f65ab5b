//! Writing a file the user named for a command's output (`export dot`'s
//! DOT, `render`'s picture), whatever the name turns out to be:
//!
//! - a regular file, or a name nothing has yet, is replaced atomically
//!   ([`crate::load::write_atomically`]: the old content or the new one,
//!   never half of it), after removing the temporary files an earlier write
//!   of it left when it was killed;
//! - a symbolic link is followed: the file it points to is replaced (its
//!   temporary file beside it, in its folder) and the link is kept;
//! - a character device (`/dev/null`, a terminal), a named pipe, or a file
//!   the process already has open (`/dev/stdout`, `/dev/fd/N`) is written
//!   into as it is: it is never removed, replaced or renamed over;
//! - a folder, a read-only file and a block device (a disk) are refused,
//!   and nothing is written.
//!
//! Data files are not written here: `fmt` and `add` write thousands of them
//! in one folder with [`crate::load::write_atomically`] and no scan of the
//! folder for each.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::load::write;

/// At most this many symbolic links are followed from the name given to
/// the file (Linux's own limit).
const MAX_LINKS: usize = 40;

/// How an output was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// The file at this path (the one a link points to, if the name was a
    /// link) was replaced atomically.
    Replaced(PathBuf),
    /// Written into a device, a pipe or an open file, which is still what it
    /// was.
    Streamed,
}

/// Why an output was not written. The paths are the file that would have
/// been written (the one a link points to, if the name was a link).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("`{}` is a folder", path.display())]
    Folder { path: PathBuf },
    #[error("`{}` is read-only: its owner may not write it", path.display())]
    ReadOnly { path: PathBuf },
    #[error("`{}` is a block device (a disk or a partition)", path.display())]
    BlockDevice { path: PathBuf },
    #[error("`{}` is a link in a chain of more than {MAX_LINKS} links, or in a loop", path.display())]
    LinkLoop { path: PathBuf },
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes `content` as the file named `path`, as the module says: replaced
/// atomically if it is a regular file or new (through links), written
/// into if it is a device, a pipe or an open file, refused if it is a
/// folder, read-only or a block device.
///
/// Read-only means that the file's owner has no write permission (`chmod
/// u-w`, `chmod 444`): decided by the mode, since the superuser may write
/// any file and would otherwise replace it silently.
///
/// A named pipe is opened as any writer opens one: this waits until a
/// reader opens it.
pub fn write_output(path: &Path, content: &[u8]) -> Result<Written, OutputError> {
    if names_an_open_file(path) {
        return stream(path, content, true);
    }
    // Through links: the file they end at, in its own folder, which may not
    // exist yet.
    let target = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        final_target(path)?
    } else {
        path.to_path_buf()
    };
    match std::fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => Err(OutputError::Folder { path: target }),
        Ok(meta) if meta.is_file() && owner_may_not_write(&meta) => {
            Err(OutputError::ReadOnly { path: target })
        }
        Ok(meta) if meta.is_file() => replace(target, content),
        Ok(meta) if is_block_device(&meta) => Err(OutputError::BlockDevice { path: target }),
        Ok(_) => stream(&target, content, false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => replace(target, content),
        Err(source) => Err(OutputError::Io {
            path: target,
            source,
        }),
    }
}

/// Replaces the regular (or new) file `target` atomically, after removing
/// what killed writes of it left.
fn replace(target: PathBuf, content: &[u8]) -> Result<Written, OutputError> {
    write::remove_abandoned_temporaries(&target);
    match write::write_atomically(&target, content) {
        Ok(()) => Ok(Written::Replaced(target)),
        Err(source) => Err(OutputError::Io {
            path: target,
            source,
        }),
    }
}

/// Writes into what `path` names as it is, without creating, truncating or
/// renaming anything; `append` for a file already open, so that what the
/// process's own stream holds (`>> log`) is kept.
fn stream(path: &Path, content: &[u8], append: bool) -> Result<Written, OutputError> {
    let io = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .append(append)
        .open(path)
        .map_err(io)?;
    file.write_all(content)
        .and_then(|_| file.flush())
        .map_err(io)?;
    Ok(Written::Streamed)
}

/// The path a chain of symbolic links starting at `path` ends at (which
/// may not exist yet: a dangling link's target), a relative link read from
/// the folder of the link.
fn final_target(path: &Path) -> Result<PathBuf, OutputError> {
    let mut at = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&at).map_err(|source| OutputError::Io {
                    path: at.clone(),
                    source,
                })?;
                at = match at.parent() {
                    Some(folder) => folder.join(to),
                    None => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(OutputError::LinkLoop {
        path: path.to_path_buf(),
    })
}

/// Whether `path` names a file the process already has open: the standard
/// streams' names and the folders of open files (`/dev/fd`, `/proc/*/fd`).
/// Opening one again reaches the open file; replacing it would unlink the
/// file, or the system's own name for the stream.
fn names_an_open_file(path: &Path) -> bool {
    use std::path::Component;
    let parts: Vec<_> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    path.has_root()
        && matches!(
            parts.as_slice(),
            ["dev", "stdin" | "stdout" | "stderr"] | ["dev", "fd", _] | ["proc", _, "fd", _]
        )
}

#[cfg(unix)]
fn owner_may_not_write(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o200 == 0
}

#[cfg(not(unix))]
fn owner_may_not_write(meta: &std::fs::Metadata) -> bool {
    meta.permissions().readonly()
}

#[cfg(unix)]
fn is_block_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_block_device()
}

#[cfg(not(unix))]
fn is_block_device(_: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_of_open_files_are_known() {
        for open in [
            "/dev/stdout",
            "/dev/stderr",
            "/dev/fd/1",
            "/dev/fd/3",
            "/proc/self/fd/1",
            "/proc/123/fd/4",
        ] {
            assert!(names_an_open_file(Path::new(open)), "{open}");
        }
        for not in [
            "dev/stdout",
            "/dev/null",
            "/dev/stdout.svg/x",
            "/tmp/dev/stdout",
            "/proc/self/fdinfo/1",
            "out.dot",
        ] {
            assert!(!names_an_open_file(Path::new(not)), "{not}");
        }
    }
}

//! Writing data files: RON text a contributor can read, written atomically
//! (a temporary file in the same folder, then a rename) so a crash never
//! leaves a half-written file.

use std::io::Write;
use std::path::Path;

use crate::model::DataFile;

/// Writes `content` to `path` atomically: readers see the old file or the new
/// one, never a mix.
pub fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |file| file.write_all(content))
}

/// How a temporary file's name ends: it is `.{final name}.{random}.tmp`.
pub const TEMPORARY_SUFFIX: &str = ".tmp";

/// How many random letters and digits a temporary file's name has.
const RANDOM_LEN: usize = 6;

/// A temporary file younger than this is never taken for abandoned: its
/// writer may have created it and not yet locked it.
pub const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// The name of the file a temporary file of [`write_atomically_with`] was
/// to become, if `name` is one.
pub fn temporary_target(name: &str) -> Option<&str> {
    let (target, random) = name
        .strip_prefix('.')?
        .strip_suffix(TEMPORARY_SUFFIX)?
        .rsplit_once('.')?;
    let random_ok = random.len() == RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric());
    (!target.is_empty() && random_ok).then_some(target)
}

/// Removes a temporary file of [`write_atomically_with`] last modified at
/// `modified` if it is abandoned: older than [`ABANDONED_AFTER`] and locked
/// by no writer (the lock is taken first, so that no writer can take it
/// meanwhile). Whether it was removed.
pub fn remove_if_abandoned(path: &Path, modified: std::time::SystemTime) -> bool {
    if modified.elapsed().is_ok_and(|age| age >= ABANDONED_AFTER)
        && let Ok(file) = std::fs::File::open(path)
        && file.try_lock().is_ok()
    {
        return std::fs::remove_file(path).is_ok();
    }
    false
}

/// Removes the abandoned temporary files (see [`remove_if_abandoned`]) that
/// were to become `target`, from the folder `target` is in: what a writer
/// killed mid-write (`kill -9`, a power cut) left. One scan of the folder,
/// so this is for a file written once per run, never for each of many
/// files in one folder. Best effort: what cannot be read or removed stays.
/// How many were removed.
pub fn remove_abandoned_temporaries(target: &Path) -> usize {
    let (Some(dir), Some(name)) = (folder_of(target), target.file_name()) else {
        return 0;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(entry_name) = file_name.to_str() else {
            continue;
        };
        if temporary_target(entry_name).is_none_or(|t| std::ffi::OsStr::new(t) != name) {
            continue;
        }
        // Not followed through a link: a link of this name is not ours.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if meta.is_file()
            && remove_if_abandoned(
                &entry.path(),
                meta.modified().unwrap_or(std::time::UNIX_EPOCH),
            )
        {
            removed += 1;
        }
    }
    removed
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> Option<&Path> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => Some(dir),
        Some(_) => Some(Path::new(".")),
        None => None,
    }
}

/// Like [`write_atomically`], with the content written by `write` into
/// the temporary file (which it may seek in).
///
/// The temporary file is named after the file it becomes (see
/// [`temporary_target`]) and held under an exclusive lock until it is
/// renamed. The system releases the lock when its holder dies, even by
/// `kill -9`, so a temporary file that can be locked has no live writer.
/// (A process id in the name would not tell as much: ids are reused, mean
/// nothing to a process in another pid namespace sharing the folder, and
/// only Linux has /proc to look them up in.)
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = folder_of(path).unwrap_or(Path::new("."));
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(TEMPORARY_SUFFIX)
        .rand_bytes(RANDOM_LEN)
        .tempfile_in(dir)?;
    // Best effort: where locks are not supported, nothing is ever taken
    // for abandoned.
    let _ = temp.as_file().try_lock();
    write(temp.as_file_mut())?;
    // The temporary file is private (0600); give the result the mode of the
    // file it replaces, or the usual 0644 for a new one.
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => default_permissions(temp.as_file())?,
    };
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = file.metadata()?.permissions();
    permissions.set_mode(0o644);
    Ok(permissions)
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// The RON text of a data file, as the loader reads it.
pub fn data_file_text(file: &DataFile) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    ron::ser::to_string_pretty(file, config)
}

/// Writes a data file atomically.
pub fn write_data_file(path: &Path, file: &DataFile) -> std::io::Result<()> {
    let text = data_file_text(file).map_err(std::io::Error::other)?;
    write_atomically(path, text.as_bytes())
}

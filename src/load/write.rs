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

/// The name of the file a temporary file of [`write_atomically_with`] was
/// to become, if `name` is one.
pub fn temporary_target(name: &str) -> Option<&str> {
    let (target, random) = name
        .strip_prefix('.')?
        .strip_suffix(TEMPORARY_SUFFIX)?
        .rsplit_once('.')?;
    (!target.is_empty() && !random.is_empty()).then_some(target)
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
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(TEMPORARY_SUFFIX)
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

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

/// Like [`write_atomically`], with the content written by `write` into
/// the temporary file (which it may seek in).
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
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

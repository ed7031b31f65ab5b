//! Keeping the cache folder in bounds: abandoned temporary files, snapshots
//! of folders that are gone, and the oldest snapshots over the size limit.

use super::*;

/// The size limit of the cache folder: `$REGGRAPH_CACHE_MAX_BYTES` when it
/// is a number of bytes, else [`DEFAULT_MAX_BYTES`].
pub fn max_bytes() -> u64 {
    std::env::var(MAX_BYTES_ENV)
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_BYTES)
}

/// Tidies the folder of the snapshot just written at `written`: removes
/// temporary files of snapshots that no live writer holds, snapshots
/// whose data folder no longer exists, then the oldest snapshots while
/// all of them (`written` included) exceed `max_bytes`. `written` itself
/// is never removed. Best effort: a file that cannot be read or removed
/// is left as it is.
pub fn tidy(written: &Path, max_bytes: u64) {
    let Some(dir) = written.parent() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut total = std::fs::metadata(written).map_or(0, |m| m.len());
    let mut kept: Vec<(std::time::SystemTime, u64, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() || path == written {
            continue;
        }
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
        if crate::load::write::temporary_target(name).is_some_and(is_snapshot_name) {
            crate::load::write::remove_if_abandoned(&path, modified);
            continue;
        }
        if !is_snapshot_name(name) {
            continue;
        }
        let Some(data) = snapshot_data_folder(&path) else {
            // Not a snapshot at all: not ours to remove.
            continue;
        };
        if data.is_some_and(|folder| std::fs::exists(folder).is_ok_and(|exists| !exists)) {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        total += meta.len();
        kept.push((modified, meta.len(), path));
    }
    kept.sort();
    for (_, len, path) in kept {
        if total <= max_bytes {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
}

/// Whether `name` is the name [`snapshot_path_in`] gives.
pub(super) fn is_snapshot_name(name: &str) -> bool {
    name.strip_suffix(".snapshot")
        .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The data folder a snapshot file was taken of: `None` if the file is
/// not a snapshot, `Some(None)` if it is one that does not say (of
/// another format, or of a folder whose path it could not record).
pub(super) fn snapshot_data_folder(path: &Path) -> Option<Option<PathBuf>> {
    let file = std::fs::File::open(path).ok()?;
    let mut fixed = [0u8; 14];
    read_exact_at(&file, &mut fixed, 0).ok()?;
    if &fixed[..8] != MAGIC {
        return None;
    }
    if fixed[8..12] != FORMAT.to_le_bytes() {
        return Some(None);
    }
    let version_len = u64::from(u16::from_le_bytes([fixed[12], fixed[13]]));
    let at = 14 + version_len + 24;
    let mut len = [0u8; 2];
    if read_exact_at(&file, &mut len, at).is_err() {
        return Some(None);
    }
    let mut bytes = vec![0u8; usize::from(u16::from_le_bytes(len))];
    if bytes.is_empty() || read_exact_at(&file, &mut bytes, at + 2).is_err() {
        return Some(None);
    }
    Some(String::from_utf8(bytes).ok().map(PathBuf::from))
}

/// The data folder's path as the snapshot records it, after the header:
/// its length (2 bytes), then its UTF-8 bytes; empty when unknown, not
/// UTF-8 or too long.
pub(super) fn data_field(data: Option<&Path>) -> Vec<u8> {
    let path = data
        .and_then(Path::to_str)
        .filter(|p| p.len() <= usize::from(u16::MAX))
        .unwrap_or("");
    let mut bytes = Vec::with_capacity(2 + path.len());
    bytes.extend_from_slice(&(path.len() as u16).to_le_bytes());
    bytes.extend_from_slice(path.as_bytes());
    bytes
}

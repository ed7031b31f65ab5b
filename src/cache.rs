//! A snapshot of the last valid load, so repeated commands on unchanged
//! data skip parsing and validation.
//!
//! The snapshot lives in the user's cache folder (`$REGGRAPH_CACHE_DIR`,
//! else e.g. `~/.cache/reggraph`), never inside the data folder, one file
//! per data folder. It is keyed by a hash of reggraph's version and of the
//! path and content of every data file: an edit, an added or a removed file,
//! or another reggraph version gives another key. A snapshot is used only if
//! its header, key, length and checksum all match; anything else (a
//! truncated or corrupt file, an old format) is ignored and rebuilt. Only
//! data with no diagnostic at all is cached, so a cached load has nothing to
//! report.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::check::{self, Loaded};
use crate::load::SourceFiles;
use crate::model::Dataset;

const MAGIC: &[u8; 8] = b"RGCACHE\0";
/// Bumped when the snapshot layout changes.
const FORMAT: u32 = 1;
/// The version that wrote a snapshot must be this one.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Overrides where snapshots are kept.
pub const CACHE_ENV: &str = "REGGRAPH_CACHE_DIR";

#[derive(Serialize, Deserialize)]
struct Snapshot {
    /// Names of the data files, for the summary line's counts.
    files: Vec<String>,
    dataset: Dataset,
}

/// Where snapshots are kept, if anywhere.
pub fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os(CACHE_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|d| d.join("reggraph")),
    }
}

/// The snapshot file for a data folder, in `cache_dir`.
pub fn snapshot_path_in(cache_dir: &Path, data: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(data).ok()?;
    let name = format!(
        "{:016x}.snapshot",
        xxh3_64(absolute.to_string_lossy().as_bytes())
    );
    Some(cache_dir.join(name))
}

/// The key of a data folder: reggraph's version, then every data file's
/// path (relative to the folder) and content, in path order.
pub fn key(data: &Path, version: &str) -> Option<u128> {
    let paths = crate::load::data_files(data).ok()?;
    use rayon::prelude::*;
    let hashes: Vec<Option<(String, u128)>> = paths
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let relative = path.strip_prefix(data).unwrap_or(path);
            Some((
                relative.to_string_lossy().to_string(),
                xxhash_rust::xxh3::xxh3_128(&bytes),
            ))
        })
        .collect();
    let mut hasher = Xxh3::new();
    hasher.update(version.as_bytes());
    hasher.update(&[0]);
    for entry in hashes {
        let (path, hash) = entry?;
        hasher.update(path.as_bytes());
        hasher.update(&[0]);
        hasher.update(&hash.to_le_bytes());
    }
    Some(hasher.digest128())
}

/// Writes a snapshot of `loaded` (atomically).
pub fn write_snapshot(
    path: &Path,
    version: &str,
    key: u128,
    loaded: &Loaded,
) -> std::io::Result<()> {
    let snapshot = Snapshot {
        files: (0..loaded.files.len())
            .map(|i| loaded.files.name(i).to_string())
            .collect(),
        dataset: loaded.dataset.clone(),
    };
    let payload = rmp_serde::to_vec_named(&snapshot).map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(payload.len() + 64);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&(version.len() as u16).to_le_bytes());
    bytes.extend_from_slice(version.as_bytes());
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&xxh3_64(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::load::write_atomically(path, &bytes)
}

/// Reads a snapshot if it is whole and was written by `version` for `key`.
pub fn read_snapshot(path: &Path, version: &str, key: u128) -> Option<Loaded> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    let mut at = 0;
    let mut take = |n: usize| -> Option<&[u8]> {
        let slice = bytes.get(at..at + n)?;
        at += n;
        Some(slice)
    };
    if take(8)? != MAGIC || u32::from_le_bytes(take(4)?.try_into().ok()?) != FORMAT {
        return None;
    }
    let version_len = u16::from_le_bytes(take(2)?.try_into().ok()?) as usize;
    if take(version_len)? != version.as_bytes() {
        return None;
    }
    if u128::from_le_bytes(take(16)?.try_into().ok()?) != key {
        return None;
    }
    let length = u64::from_le_bytes(take(8)?.try_into().ok()?) as usize;
    let checksum = u64::from_le_bytes(take(8)?.try_into().ok()?);
    let payload = take(length)?;
    if xxh3_64(payload) != checksum {
        return None;
    }
    let snapshot: Snapshot = rmp_serde::from_slice(payload).ok()?;
    let mut files = SourceFiles::default();
    for name in snapshot.files {
        files.add(name, String::new());
    }
    Some(Loaded {
        dataset: snapshot.dataset,
        node_origins: Vec::new(),
        edge_origins: Vec::new(),
        files,
        diagnostics: Vec::new(),
    })
}

/// Where a load came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Parsed and checked.
    Files,
    /// Read from a valid snapshot.
    Snapshot,
}

/// Loads a data folder through the cache: from a valid snapshot when there
/// is one, else by parsing and checking (then storing a snapshot if the
/// data has nothing to report). Cache problems are never errors: the data
/// is then simply read.
pub fn load(data: &Path, use_cache: bool) -> (Loaded, Source) {
    match cache_dir().filter(|_| use_cache) {
        Some(dir) => load_with(data, &dir),
        None => (check::load(data), Source::Files),
    }
}

/// [`load`] with the snapshots kept in `cache_dir`.
pub fn load_with(data: &Path, cache_dir: &Path) -> (Loaded, Source) {
    let (Some(path), Some(key)) = (snapshot_path_in(cache_dir, data), key(data, VERSION)) else {
        return (check::load(data), Source::Files);
    };
    if let Some(loaded) = read_snapshot(&path, VERSION, key) {
        return (loaded, Source::Snapshot);
    }
    let loaded = check::load(data);
    if loaded.diagnostics.is_empty() {
        // Best effort: a read-only cache folder only costs speed.
        let _ = write_snapshot(&path, VERSION, key, &loaded);
    }
    (loaded, Source::Files)
}

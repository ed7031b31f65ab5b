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
use crate::model::{
    Currency, Dataset, Edge, EdgeKind, Milestone, Money, MoneyStatus, Node, NodeKind, PartialDate,
    Period, RegulationStatus, Stage,
};

const MAGIC: &[u8; 8] = b"RGCACHE\0";
/// Bumped when the snapshot layout changes.
const FORMAT: u32 = 2;
/// The version that wrote a snapshot must be this one.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Overrides where snapshots are kept.
pub const CACHE_ENV: &str = "REGGRAPH_CACHE_DIR";

/// What a snapshot holds. The model's own serde attributes skip empty
/// fields (for tidy RON), which a compact binary format cannot do, so the
/// snapshot uses these plain mirrors, written with postcard.
#[derive(Serialize, Deserialize)]
struct Snapshot {
    /// Names of the data files, for the summary line's counts.
    files: Vec<String>,
    sources: Vec<SnapSource>,
    nodes: Vec<SnapNode>,
    edges: Vec<SnapEdge>,
}

type SnapDate = (i16, Option<u8>, Option<u8>);

#[derive(Serialize, Deserialize)]
struct SnapSource {
    id: String,
    title: String,
    publisher: Option<String>,
    published: Option<SnapDate>,
    url: Option<String>,
    language: Option<String>,
    note: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct SnapMilestone {
    stage: Stage,
    date: SnapDate,
    actual: bool,
    note: Option<String>,
    sources: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct SnapNode {
    id: String,
    kind: NodeKind,
    name: String,
    aliases: Vec<String>,
    description: Option<String>,
    tags: Vec<String>,
    date: Option<SnapDate>,
    period: Option<(SnapDate, Option<SnapDate>)>,
    jurisdiction: Option<String>,
    status: Option<RegulationStatus>,
    milestones: Vec<SnapMilestone>,
    sources: Vec<String>,
    quote: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct SnapEdge {
    from: String,
    kind: EdgeKind,
    to: String,
    date: Option<SnapDate>,
    period: Option<(SnapDate, Option<SnapDate>)>,
    amount: Option<(u64, String, MoneyStatus)>,
    sources: Vec<String>,
    quote: Option<String>,
    note: Option<String>,
}

fn date_out(d: PartialDate) -> SnapDate {
    d.parts()
}

fn date_in(d: SnapDate) -> Option<PartialDate> {
    PartialDate::from_parts(d.0, d.1, d.2).ok()
}

fn period_out(p: Period) -> (SnapDate, Option<SnapDate>) {
    (date_out(p.start), p.end.map(date_out))
}

fn period_in(p: (SnapDate, Option<SnapDate>)) -> Option<Period> {
    Some(Period {
        start: date_in(p.0)?,
        end: match p.1 {
            Some(end) => Some(date_in(end)?),
            None => None,
        },
    })
}

fn opt<T, U>(value: Option<T>, f: impl FnOnce(T) -> Option<U>) -> Option<Option<U>> {
    match value {
        None => Some(None),
        Some(v) => f(v).map(Some),
    }
}

impl Snapshot {
    fn of(files: Vec<String>, dataset: &Dataset) -> Snapshot {
        Snapshot {
            files,
            sources: dataset
                .sources
                .iter()
                .map(|s| SnapSource {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    publisher: s.publisher.clone(),
                    published: s.published.map(date_out),
                    url: s.url.clone(),
                    language: s.language.clone(),
                    note: s.note.clone(),
                })
                .collect(),
            nodes: dataset
                .nodes
                .iter()
                .map(|n| SnapNode {
                    id: n.id.clone(),
                    kind: n.kind,
                    name: n.name.clone(),
                    aliases: n.aliases.clone(),
                    description: n.description.clone(),
                    tags: n.tags.clone(),
                    date: n.date.map(date_out),
                    period: n.period.map(period_out),
                    jurisdiction: n.jurisdiction.clone(),
                    status: n.status,
                    milestones: n
                        .milestones
                        .iter()
                        .map(|m| SnapMilestone {
                            stage: m.stage,
                            date: date_out(m.date),
                            actual: m.actual,
                            note: m.note.clone(),
                            sources: m.sources.clone(),
                        })
                        .collect(),
                    sources: n.sources.clone(),
                    quote: n.quote.clone(),
                })
                .collect(),
            edges: dataset
                .edges
                .iter()
                .map(|e| SnapEdge {
                    from: e.from.clone(),
                    kind: e.kind,
                    to: e.to.clone(),
                    date: e.date.map(date_out),
                    period: e.period.map(period_out),
                    amount: e
                        .amount
                        .map(|m| (m.value, m.currency.code().to_string(), m.status)),
                    sources: e.sources.clone(),
                    quote: e.quote.clone(),
                    note: e.note.clone(),
                })
                .collect(),
        }
    }

    /// Back to the model; `None` if anything does not convert (a snapshot
    /// from a buggy writer is then rebuilt, never trusted).
    fn into_parts(self) -> Option<(Vec<String>, Dataset)> {
        let mut sources = Vec::with_capacity(self.sources.len());
        for s in self.sources {
            sources.push(crate::model::Source {
                id: s.id,
                title: s.title,
                publisher: s.publisher,
                published: opt(s.published, date_in)?,
                url: s.url,
                language: s.language,
                note: s.note,
            });
        }
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for n in self.nodes {
            let mut milestones = Vec::with_capacity(n.milestones.len());
            for m in n.milestones {
                milestones.push(Milestone {
                    stage: m.stage,
                    date: date_in(m.date)?,
                    actual: m.actual,
                    note: m.note,
                    sources: m.sources,
                });
            }
            nodes.push(Node {
                id: n.id,
                kind: n.kind,
                name: n.name,
                aliases: n.aliases,
                description: n.description,
                tags: n.tags,
                date: opt(n.date, date_in)?,
                period: opt(n.period, period_in)?,
                jurisdiction: n.jurisdiction,
                status: n.status,
                milestones,
                sources: n.sources,
                quote: n.quote,
            });
        }
        let mut edges = Vec::with_capacity(self.edges.len());
        for e in self.edges {
            edges.push(Edge {
                from: e.from,
                kind: e.kind,
                to: e.to,
                date: opt(e.date, date_in)?,
                period: opt(e.period, period_in)?,
                amount: opt(e.amount, |(value, code, status)| {
                    Some(Money {
                        value,
                        currency: Currency::from_code(&code)?,
                        status,
                    })
                })?,
                sources: e.sources,
                quote: e.quote,
                note: e.note,
            });
        }
        Some((
            self.files,
            Dataset {
                sources,
                nodes,
                edges,
            },
        ))
    }
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
            // Streamed through a small buffer: no copy of the whole file.
            let mut file = std::fs::File::open(path).ok()?;
            let mut hasher = Xxh3::new();
            let mut buffer = vec![0u8; 1 << 20];
            loop {
                let n = file.read(&mut buffer).ok()?;
                if n == 0 {
                    break;
                }
                hasher.update(&buffer[..n]);
            }
            let relative = path.strip_prefix(data).unwrap_or(path);
            Some((relative.to_string_lossy().to_string(), hasher.digest128()))
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
    let snapshot = Snapshot::of(
        (0..loaded.files.len())
            .map(|i| loaded.files.name(i).to_string())
            .collect(),
        &loaded.dataset,
    );
    let payload = postcard::to_stdvec(&snapshot).map_err(std::io::Error::other)?;
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
    let snapshot: Snapshot = postcard::from_bytes(payload).ok()?;
    let (names, dataset) = snapshot.into_parts()?;
    let mut files = SourceFiles::default();
    for name in names {
        files.add(name, String::new());
    }
    Some(Loaded {
        dataset,
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

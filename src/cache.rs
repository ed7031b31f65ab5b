//! A snapshot of the last valid load, so repeated commands on unchanged
//! data skip parsing and validation, and a look at one node reads only
//! the part of the snapshot around it.
//!
//! The snapshot lives in the user's cache folder (`$REGGRAPH_CACHE_DIR`,
//! else e.g. `~/.cache/reggraph`), never inside the data folder, one file
//! per data folder. It records reggraph's version and, for every data
//! file, its path, metadata and a hash of its content. It is used only if
//! the version is this one and the data files are the same ones with the
//! same content: a file whose metadata (size, modification and change
//! times, inode) is unchanged and not too recent to trust is taken as
//! unchanged without being read, as git's index does; any other file is
//! hashed again. An edit, an added or a removed file, or another reggraph
//! version therefore sets the snapshot aside; so does a today (see
//! [`crate::query::today`]) before the day the data was checked, on which
//! an actual milestone could be after today. Only data with no diagnostic
//! at all is cached, so a cached load has nothing to report.
//!
//! Layout: a header (magic, format, version, where the index is), the
//! data folder's absolute path, then blocks, then directories, then the
//! index. Nodes are stored in id order,
//! 8 to a block, each with its edges in relation order; edges in file
//! order, 16 to a block; the folded names in order, 64 to a block; the
//! sources in one block. The directories (where each block is, the first
//! id or name of each block) are used in place, without decoding. Each block and the index carry an xxh3 checksum, checked before
//! the block is decoded: a snapshot is never trusted, and a corrupt or
//! truncated one is ignored and rebuilt. `show` and `neighbors` read only
//! the index and the blocks around the node asked about; other commands
//! read every block (in parallel).
//!
//! Each snapshot write also tidies the cache folder: it removes temporary
//! files that no live writer holds (left by a writer that was killed),
//! snapshots of data folders that no longer exist, and then the oldest
//! snapshots (by modification time) while all of them together exceed
//! `$REGGRAPH_CACHE_MAX_BYTES` (1 GiB by default). The snapshot just
//! written is never removed.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::diagnostic::SourceFiles;
use crate::graph::{KnowledgeGraph, LookupError};
use crate::load::{FileMeta, FileStamp, Stamps};
use crate::model::{
    Currency, Dataset, Edge, EdgeKind, Milestone, Money, MoneyStatus, Node, NodeKind, PartialDate,
    Period, RegulationStatus, Source as SourceRecord, Stage,
};
use crate::suggest;

const MAGIC: &[u8; 8] = b"RGCACHE\0";
/// Bumped when the snapshot layout changes.
const FORMAT: u32 = 6;
/// The version that wrote a snapshot must be this one.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Overrides where snapshots are kept.
pub const CACHE_ENV: &str = "REGGRAPH_CACHE_DIR";
/// Overrides [`DEFAULT_MAX_BYTES`], in bytes.
pub const MAX_BYTES_ENV: &str = "REGGRAPH_CACHE_MAX_BYTES";
/// How many bytes of snapshots the cache folder keeps at most.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;
/// A temporary file younger than this is never taken for abandoned: its
/// writer may have created it and not yet locked it.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

const NODE_BLOCK: usize = 8;
const EDGE_BLOCK: usize = 16;
const NAME_BLOCK: usize = 64;
/// Blocks encoded at once while writing (bounds the memory used).
const BATCH: usize = 1024;
/// A file modified less than this before it was read may change again
/// within the same timestamp tick: its content is always hashed.
const RACY_NANOS: i128 = 2_000_000_000;

/// Where a block is in the snapshot file, and its checksum.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct BlockRef {
    offset: u64,
    len: u64,
    checksum: u64,
}

/// The table of contents, read first. The directories it points to are
/// used in place, without decoding: a block directory is an array of
/// [`BlockRef`]s (24 bytes each, little-endian), a key list an array of
/// offsets followed by the keys' bytes, searched in place.
#[derive(Serialize, Deserialize)]
struct Index {
    /// When reading the data files began, in nanoseconds since the epoch.
    read_at: i128,
    /// What "today" was (year, month, day) when the data was checked.
    /// Data with no actual milestone after that day has none after a later
    /// day either, but may have on an earlier day (`$REGGRAPH_TODAY` set
    /// back, a clock put right): the snapshot is then set aside.
    checked_on: (i16, i8, i8),
    /// Every data file, in path order.
    files: Vec<FileStamp>,
    node_count: u64,
    edge_count: u64,
    /// Directory of the node blocks.
    nodes: BlockRef,
    /// Key list: the id of the first node of each node block.
    first_ids: BlockRef,
    /// Directory of the edge blocks.
    edges: BlockRef,
    /// Directory of the name blocks.
    names: BlockRef,
    /// Key list: the first key of each name block.
    first_keys: BlockRef,
    sources: BlockRef,
}

const REF_BYTES: usize = 24;

/// A block directory, checked and used in place.
struct Directory(Vec<u8>);

impl Directory {
    fn encode(refs: &[BlockRef]) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(refs.len() * REF_BYTES);
        for r in refs {
            bytes.extend_from_slice(&r.offset.to_le_bytes());
            bytes.extend_from_slice(&r.len.to_le_bytes());
            bytes.extend_from_slice(&r.checksum.to_le_bytes());
        }
        bytes
    }

    fn len(&self) -> usize {
        self.0.len() / REF_BYTES
    }

    fn get(&self, i: usize) -> Option<BlockRef> {
        let entry = self.0.get(i * REF_BYTES..(i + 1) * REF_BYTES)?;
        let word = |k: usize| u64::from_le_bytes(entry[8 * k..8 * k + 8].try_into().unwrap());
        Some(BlockRef {
            offset: word(0),
            len: word(1),
            checksum: word(2),
        })
    }
}

/// Sorted keys, checked and searched in place: a count, the offsets of
/// the keys (count + 1 of them, 4 bytes each), then the keys' bytes.
struct Keys(Vec<u8>);

impl Keys {
    fn encode(keys: &[&str]) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        let mut offset = 0u32;
        bytes.extend_from_slice(&offset.to_le_bytes());
        for key in keys {
            offset += key.len() as u32;
            bytes.extend_from_slice(&offset.to_le_bytes());
        }
        for key in keys {
            bytes.extend_from_slice(key.as_bytes());
        }
        bytes
    }

    fn len(&self) -> usize {
        self.0
            .get(..4)
            .map_or(0, |b| u32::from_le_bytes(b.try_into().unwrap()) as usize)
    }

    fn get(&self, i: usize) -> Option<&[u8]> {
        let offset = |k: usize| -> Option<usize> {
            let at = 4 + 4 * k;
            Some(u32::from_le_bytes(self.0.get(at..at + 4)?.try_into().ok()?) as usize)
        };
        let base = 4 + 4 * (self.len() + 1);
        self.0.get(base + offset(i)?..base + offset(i + 1)?)
    }

    /// How many keys are at most `key` (the block that may hold it is the
    /// one before); `None` if the list is damaged.
    fn place(&self, key: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = (low + high) / 2;
            if self.get(middle)? <= key.as_bytes() {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        Some(low)
    }
}

/// A node as stored: its record, its place in file order, and its edges
/// (edge number, place in id order of the other end) in relation order.
#[derive(Serialize, Deserialize)]
struct NodeEntry {
    position: u32,
    node: SnapNode,
    outgoing: Vec<(u32, u32)>,
    incoming: Vec<(u32, u32)>,
}

// What a snapshot holds. The model's own serde attributes skip empty
// fields (for tidy RON), which a compact binary format cannot do, so the
// snapshot uses these plain mirrors, written with postcard.
type SnapDate = (i16, Option<u8>, Option<u8>);

#[derive(Clone, Serialize, Deserialize)]
struct SnapSource {
    id: String,
    title: String,
    publisher: Option<String>,
    published: Option<SnapDate>,
    url: Option<String>,
    language: Option<String>,
    note: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
struct SnapMilestone {
    stage: Stage,
    date: SnapDate,
    actual: bool,
    note: Option<String>,
    sources: Vec<String>,
}

#[derive(Clone, Serialize, Deserialize)]
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

#[derive(Clone, Serialize, Deserialize)]
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

// Back to the model, `None` if anything does not convert (a snapshot from
// a buggy writer is then rebuilt, never trusted).

impl SnapSource {
    fn of(s: &SourceRecord) -> SnapSource {
        SnapSource {
            id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            published: s.published.map(date_out),
            url: s.url.clone(),
            language: s.language.clone(),
            note: s.note.clone(),
        }
    }

    fn into_model(self) -> Option<SourceRecord> {
        Some(SourceRecord {
            id: self.id,
            title: self.title,
            publisher: self.publisher,
            published: opt(self.published, date_in)?,
            url: self.url,
            language: self.language,
            note: self.note,
        })
    }
}

impl SnapNode {
    fn of(n: &Node) -> SnapNode {
        SnapNode {
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
        }
    }

    fn into_model(self) -> Option<Node> {
        let mut milestones = Vec::with_capacity(self.milestones.len());
        for m in self.milestones {
            milestones.push(Milestone {
                stage: m.stage,
                date: date_in(m.date)?,
                actual: m.actual,
                note: m.note,
                sources: m.sources,
            });
        }
        Some(Node {
            id: self.id,
            kind: self.kind,
            name: self.name,
            aliases: self.aliases,
            description: self.description,
            tags: self.tags,
            date: opt(self.date, date_in)?,
            period: opt(self.period, period_in)?,
            jurisdiction: self.jurisdiction,
            status: self.status,
            milestones,
            sources: self.sources,
            quote: self.quote,
        })
    }
}

impl SnapEdge {
    fn of(e: &Edge) -> SnapEdge {
        SnapEdge {
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
        }
    }

    fn into_model(self) -> Option<Edge> {
        Some(Edge {
            from: self.from,
            kind: self.kind,
            to: self.to,
            date: opt(self.date, date_in)?,
            period: opt(self.period, period_in)?,
            amount: opt(self.amount, |(value, code, status)| {
                Some(Money {
                    value,
                    currency: Currency::from_code(&code)?,
                    status,
                })
            })?,
            sources: self.sources,
            quote: self.quote,
            note: self.note,
        })
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

fn day_parts(day: jiff::civil::Date) -> (i16, i8, i8) {
    (day.year(), day.month(), day.day())
}

fn nanos(time: std::time::SystemTime) -> i128 {
    match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// Writes a snapshot of a graph built from data with nothing to report,
/// whose files looked as `stamps` says, atomically, then tidies the cache
/// folder (see [`tidy`]) with the size limit [`max_bytes`] gives.
pub fn write_snapshot(
    path: &Path,
    version: &str,
    stamps: &Stamps,
    graph: &KnowledgeGraph,
) -> std::io::Result<()> {
    let read_at = nanos(stamps.read_at);
    let stamps_folder = stamps.folder.clone();
    let stamps = stamps.files.clone();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let data = stamps_folder.clone();
    crate::load::write_atomically_with(path, |file| {
        write_blocks(file, version, data.as_deref(), read_at, stamps, graph)
    })?;
    tidy(path, max_bytes());
    Ok(())
}

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
            let old = modified.elapsed().is_ok_and(|age| age >= ABANDONED_AFTER);
            if old {
                remove_if_abandoned(&path);
            }
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
fn is_snapshot_name(name: &str) -> bool {
    name.strip_suffix(".snapshot")
        .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Removes a temporary file if no writer holds its lock (taking the lock
/// first, so that no writer can take it meanwhile).
fn remove_if_abandoned(path: &Path) {
    if let Ok(file) = std::fs::File::open(path)
        && file.try_lock().is_ok()
    {
        let _ = std::fs::remove_file(path);
    }
}

/// The data folder a snapshot file was taken of: `None` if the file is
/// not a snapshot, `Some(None)` if it is one that does not say (of
/// another format, or of a folder whose path it could not record).
fn snapshot_data_folder(path: &Path) -> Option<Option<PathBuf>> {
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
fn data_field(data: Option<&Path>) -> Vec<u8> {
    let path = data
        .and_then(Path::to_str)
        .filter(|p| p.len() <= usize::from(u16::MAX))
        .unwrap_or("");
    let mut bytes = Vec::with_capacity(2 + path.len());
    bytes.extend_from_slice(&(path.len() as u16).to_le_bytes());
    bytes.extend_from_slice(path.as_bytes());
    bytes
}

/// Encodes items in blocks of `size`, a batch of blocks at a time on every
/// core, and writes them, returning where each block went. Only a batch
/// of items is held at a time.
fn put_blocks<T: Sync, S: Serialize>(
    out: &mut std::io::BufWriter<&mut std::fs::File>,
    at: &mut u64,
    items: impl IntoIterator<Item = T>,
    size: usize,
    encode: impl Fn(&[T]) -> S + Sync,
) -> std::io::Result<Vec<BlockRef>> {
    use rayon::prelude::*;
    let mut items = items.into_iter().peekable();
    let mut refs = Vec::new();
    let mut batch = Vec::with_capacity(size * BATCH);
    while items.peek().is_some() {
        batch.clear();
        batch.extend(items.by_ref().take(size * BATCH));
        let encoded: Vec<Vec<u8>> = batch
            .par_chunks(size)
            .map(|block| postcard::to_stdvec(&encode(block)).map_err(std::io::Error::other))
            .collect::<std::io::Result<_>>()?;
        for bytes in encoded {
            out.write_all(&bytes)?;
            refs.push(BlockRef {
                offset: *at,
                len: bytes.len() as u64,
                checksum: xxh3_64(&bytes),
            });
            *at += bytes.len() as u64;
        }
    }
    Ok(refs)
}

fn header(version: &str, index: Option<&BlockRef>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(64);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&(version.len() as u16).to_le_bytes());
    bytes.extend_from_slice(version.as_bytes());
    let index = index.copied().unwrap_or(BlockRef {
        offset: 0,
        len: 0,
        checksum: 0,
    });
    bytes.extend_from_slice(&index.offset.to_le_bytes());
    bytes.extend_from_slice(&index.len.to_le_bytes());
    bytes.extend_from_slice(&index.checksum.to_le_bytes());
    bytes
}

fn write_blocks(
    file: &mut std::fs::File,
    version: &str,
    data: Option<&Path>,
    read_at: i128,
    files: Vec<FileStamp>,
    graph: &KnowledgeGraph,
) -> std::io::Result<()> {
    let nodes = graph.nodes();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let placeholder = header(version, None);
    out.write_all(&placeholder)?;
    let data = data_field(data);
    out.write_all(&data)?;
    let mut at = (placeholder.len() + data.len()) as u64;
    let rank = |n: NodeIndex| graph.id_rank(n);
    let list = |node: NodeIndex, direction: Direction| -> Vec<(u32, u32)> {
        graph
            .adjacent(node, direction)
            .iter()
            .map(|&(edge, other)| (edge.index() as u32, rank(other)))
            .collect()
    };
    let node_blocks = put_blocks(
        &mut out,
        &mut at,
        nodes.iter().copied(),
        NODE_BLOCK,
        |block| {
            block
                .iter()
                .map(|&node| NodeEntry {
                    position: node.index() as u32,
                    node: SnapNode::of(graph.node(node)),
                    outgoing: list(node, Direction::Outgoing),
                    incoming: list(node, Direction::Incoming),
                })
                .collect::<Vec<_>>()
        },
    )?;
    let first_ids: Vec<&str> = nodes
        .chunks(NODE_BLOCK)
        .map(|block| graph.node(block[0]).id.as_str())
        .collect();
    let mut edges: Vec<EdgeIndex> = graph.edge_indices().collect();
    edges.sort_unstable();
    let edge_blocks = put_blocks(
        &mut out,
        &mut at,
        edges.iter().copied(),
        EDGE_BLOCK,
        |block| {
            block
                .iter()
                .map(|&edge| SnapEdge::of(graph.edge(edge)))
                .collect::<Vec<_>>()
        },
    )?;
    let name_blocks = put_blocks(&mut out, &mut at, graph.name_index(), NAME_BLOCK, |block| {
        block
            .iter()
            .map(|name| (name.key, name.nodes().map(rank).collect::<Vec<u32>>()))
            .collect::<Vec<_>>()
    })?;
    let first_keys: Vec<&str> = graph
        .name_index()
        .step_by(NAME_BLOCK)
        .map(|name| name.key)
        .collect();
    let sources: Vec<&SourceRecord> = graph.sources().collect();
    let sources = put_blocks(&mut out, &mut at, &[()], 1, |_| {
        sources
            .iter()
            .map(|s| SnapSource::of(s))
            .collect::<Vec<_>>()
    })?[0];
    let mut section = |bytes: Vec<u8>| -> std::io::Result<BlockRef> {
        out.write_all(&bytes)?;
        let place = BlockRef {
            offset: at,
            len: bytes.len() as u64,
            checksum: xxh3_64(&bytes),
        };
        at += bytes.len() as u64;
        Ok(place)
    };
    let index = Index {
        read_at,
        checked_on: day_parts(crate::query::today()),
        files,
        node_count: nodes.len() as u64,
        edge_count: edges.len() as u64,
        nodes: section(Directory::encode(&node_blocks))?,
        first_ids: section(Keys::encode(&first_ids))?,
        edges: section(Directory::encode(&edge_blocks))?,
        names: section(Directory::encode(&name_blocks))?,
        first_keys: section(Keys::encode(&first_keys))?,
        sources,
    };
    let index_bytes = postcard::to_stdvec(&index).map_err(std::io::Error::other)?;
    out.write_all(&index_bytes)?;
    let index_ref = BlockRef {
        offset: at,
        len: index_bytes.len() as u64,
        checksum: xxh3_64(&index_bytes),
    };
    out.seek(SeekFrom::Start(0))?;
    out.write_all(&header(version, Some(&index_ref)))?;
    out.flush()
}

/// An open snapshot that matches the data folder it was taken of.
pub struct Snapshot {
    file: std::fs::File,
    index: Index,
    /// File names as diagnostics would show them.
    names: Vec<String>,
    /// Sections read when first needed.
    node_dir: OnceLock<Option<Directory>>,
    edge_dir: OnceLock<Option<Directory>>,
    name_dir: OnceLock<Option<Directory>>,
    first_ids: OnceLock<Option<Keys>>,
    first_keys: OnceLock<Option<Keys>>,
}

impl Snapshot {
    /// Opens the snapshot at `path` if it was written by `version` and the
    /// data files under `data` are still the ones it was taken of.
    pub fn open(path: &Path, data: &Path, version: &str) -> Option<Snapshot> {
        let file = std::fs::File::open(path).ok()?;
        let expected = header(version, None);
        let mut head = vec![0u8; expected.len()];
        read_exact_at(&file, &mut head, 0).ok()?;
        let fixed = expected.len() - 24;
        if head[..fixed] != expected[..fixed] {
            return None;
        }
        let word = |i: usize| {
            u64::from_le_bytes(head[fixed + 8 * i..fixed + 8 * i + 8].try_into().unwrap())
        };
        let index_ref = BlockRef {
            offset: word(0),
            len: word(1),
            checksum: word(2),
        };
        let index: Index = read_block(&file, index_ref)?;
        if day_parts(crate::query::today()) < index.checked_on {
            return None;
        }
        let paths = crate::load::data_files(data).ok()?;
        if !fresh(&index, data, &paths) {
            return None;
        }
        let names = paths.iter().map(|p| p.display().to_string()).collect();
        Some(Snapshot {
            file,
            index,
            names,
            node_dir: OnceLock::new(),
            edge_dir: OnceLock::new(),
            name_dir: OnceLock::new(),
            first_ids: OnceLock::new(),
            first_keys: OnceLock::new(),
        })
    }

    /// A section's bytes, checked.
    fn section(&self, at: BlockRef) -> Option<Vec<u8>> {
        read_checked(&self.file, at)
    }

    fn node_dir(&self) -> Option<&Directory> {
        self.node_dir
            .get_or_init(|| self.section(self.index.nodes).map(Directory))
            .as_ref()
    }

    fn edge_dir(&self) -> Option<&Directory> {
        self.edge_dir
            .get_or_init(|| self.section(self.index.edges).map(Directory))
            .as_ref()
    }

    fn name_dir(&self) -> Option<&Directory> {
        self.name_dir
            .get_or_init(|| self.section(self.index.names).map(Directory))
            .as_ref()
    }

    fn first_ids(&self) -> Option<&Keys> {
        self.first_ids
            .get_or_init(|| self.section(self.index.first_ids).map(Keys))
            .as_ref()
    }

    fn first_keys(&self) -> Option<&Keys> {
        self.first_keys
            .get_or_init(|| self.section(self.index.first_keys).map(Keys))
            .as_ref()
    }

    fn block<T: DeserializeOwned>(&self, at: BlockRef) -> Option<T> {
        read_block(&self.file, at)
    }

    /// How many nodes, edges and sources the snapshot holds; `None` if
    /// its sources block is damaged.
    pub fn counts(&self) -> Option<[usize; 3]> {
        Some([
            usize::try_from(self.index.node_count).ok()?,
            usize::try_from(self.index.edge_count).ok()?,
            self.sources()?.len(),
        ])
    }

    /// The data files, as diagnostics name them.
    pub fn files(&self) -> SourceFiles {
        let mut files = SourceFiles::default();
        for name in &self.names {
            files.add(name.clone(), String::new());
        }
        files
    }

    fn sources(&self) -> Option<Vec<SourceRecord>> {
        let sources: Vec<SnapSource> = self.block(self.index.sources)?;
        sources.into_iter().map(SnapSource::into_model).collect()
    }

    /// Everything, decoded on every core; `None` if any block is damaged.
    pub fn load(&self) -> Option<Dataset> {
        use rayon::prelude::*;
        let node_dir = self.node_dir()?;
        let blocks: Vec<Vec<NodeEntry>> = (0..node_dir.len())
            .into_par_iter()
            .map(|i| self.block(node_dir.get(i)?))
            .collect::<Option<_>>()?;
        let mut entries = concat(blocks);
        if entries.len() as u64 != self.index.node_count {
            return None;
        }
        entries.par_sort_unstable_by_key(|e| e.position);
        let nodes: Vec<Node> = entries
            .into_par_iter()
            .map(|e| e.node.into_model())
            .collect::<Option<_>>()?;
        let edge_dir = self.edge_dir()?;
        let edges: Vec<Vec<Edge>> = (0..edge_dir.len())
            .into_par_iter()
            .map(|i| {
                let block: Vec<SnapEdge> = self.block(edge_dir.get(i)?)?;
                block.into_iter().map(SnapEdge::into_model).collect()
            })
            .collect::<Option<_>>()?;
        let edges = concat(edges);
        if edges.len() as u64 != self.index.edge_count {
            return None;
        }
        Some(Dataset {
            sources: self.sources()?,
            nodes,
            edges,
        })
    }

    /// The place in id order of the node with this exact id.
    fn find_id(&self, blocks: &mut Blocks, id: &str) -> Option<Option<u32>> {
        let block = self.first_ids()?.place(id)?;
        if block == 0 {
            return Some(None);
        }
        let entries = blocks.nodes(self, block - 1)?;
        Some(
            entries
                .iter()
                .position(|e| e.node.id == id)
                .map(|i| ((block - 1) * NODE_BLOCK + i) as u32),
        )
    }

    /// The nodes a folded name, id or alias names.
    fn find_key(&self, key: &str) -> Option<Vec<u32>> {
        let block = self.first_keys()?.place(key)?;
        if block == 0 {
            return Some(Vec::new());
        }
        let entries: Vec<(String, Vec<u32>)> = self.block(self.name_dir()?.get(block - 1)?)?;
        Some(
            entries
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, nodes)| nodes)
                .unwrap_or_default(),
        )
    }

    /// Finds a node as [`KnowledgeGraph::resolve`] does, reading only the
    /// blocks needed (all name blocks for a typo's suggestions). `None`
    /// if a block is damaged.
    fn resolve(&self, blocks: &mut Blocks, query: &str) -> Option<Result<u32, LookupError>> {
        if let Some(rank) = self.find_id(blocks, query)? {
            return Some(Ok(rank));
        }
        let mut describe = |rank: u32| -> Option<(String, String)> {
            let node = &blocks.entry(self, rank)?.node;
            Some((node.id.clone(), node.name.clone()))
        };
        let found = self.find_key(&suggest::fold(query))?;
        match found.as_slice() {
            [rank] => Some(Ok(*rank)),
            [_, _, ..] => {
                let mut candidates = Vec::new();
                for &rank in &found {
                    candidates.push(describe(rank)?);
                }
                candidates.sort();
                Some(Err(LookupError::Ambiguous {
                    query: query.to_string(),
                    candidates,
                }))
            }
            [] => {
                let mut keys: Vec<(String, Vec<u32>)> = Vec::new();
                let name_dir = self.name_dir()?;
                for i in 0..name_dir.len() {
                    let block: Vec<(String, Vec<u32>)> = self.block(name_dir.get(i)?)?;
                    keys.extend(block);
                }
                let by_key: FxHashMap<&str, &[u32]> = keys
                    .iter()
                    .map(|(k, n)| (k.as_str(), n.as_slice()))
                    .collect();
                let mut suggestions: Vec<(String, String)> = Vec::new();
                for key in suggest::ranked(query, keys.iter().map(|(k, _)| k.as_str()), 5) {
                    for &rank in by_key[key] {
                        let found = describe(rank)?;
                        if !suggestions.contains(&found) {
                            suggestions.push(found);
                        }
                    }
                }
                suggestions.truncate(3);
                Some(Err(LookupError::NotFound {
                    query: query.to_string(),
                    suggestions,
                }))
            }
        }
    }

    /// The records within `depth` edges (either way) of the node `query`
    /// names, and every edge between them: enough to answer `show` (at
    /// depth 1) or `neighbors --depth N` exactly as the whole graph would, with
    /// the same relation order (nodes keep their file order, edges theirs).
    /// `None` if a block is damaged.
    pub fn around(&self, query: &str, depth: usize) -> Option<Result<Dataset, LookupError>> {
        let mut blocks = Blocks::default();
        let centre = match self.resolve(&mut blocks, query)? {
            Ok(rank) => rank,
            Err(e) => return Some(Err(e)),
        };
        let mut distance: FxHashMap<u32, usize> = FxHashMap::default();
        distance.insert(centre, 0);
        let mut frontier = vec![centre];
        let mut edges: FxHashSet<u32> = FxHashSet::default();
        // Stops as soon as a layer reaches nothing new, whatever the depth
        // asked for (a depth of `usize::MAX` is one layer per node at most).
        for level in 0..=depth {
            if frontier.is_empty() {
                break;
            }
            let mut next = Vec::new();
            for &rank in &frontier {
                let entry = blocks.entry(self, rank)?;
                for &(edge, other) in entry.outgoing.iter().chain(&entry.incoming) {
                    if level < depth {
                        edges.insert(edge);
                        if let std::collections::hash_map::Entry::Vacant(place) =
                            distance.entry(other)
                        {
                            place.insert(level + 1);
                            next.push(other);
                        }
                    } else if distance.contains_key(&other) {
                        // An edge between two nodes of the outer layer.
                        edges.insert(edge);
                    }
                }
            }
            frontier = next;
        }
        let mut nodes: Vec<(u32, Node)> = Vec::with_capacity(distance.len());
        for &rank in distance.keys() {
            let entry = blocks.entry(self, rank)?;
            nodes.push((entry.position, entry.node.clone().into_model()?));
        }
        nodes.sort_unstable_by_key(|(position, _)| *position);
        let mut edges: Vec<u32> = edges.into_iter().collect();
        edges.sort_unstable();
        let mut records = Vec::with_capacity(edges.len());
        let mut block_at = usize::MAX;
        let mut block: Vec<SnapEdge> = Vec::new();
        for edge in edges {
            let wanted = edge as usize / EDGE_BLOCK;
            if wanted != block_at {
                block = self.block(self.edge_dir()?.get(wanted)?)?;
                block_at = wanted;
            }
            let record = block.get(edge as usize % EDGE_BLOCK)?;
            records.push(record.clone().into_model()?);
        }
        Some(Ok(Dataset {
            sources: self.sources()?,
            nodes: nodes.into_iter().map(|(_, n)| n).collect(),
            edges: records,
        }))
    }
}

/// Node blocks decoded so far.
#[derive(Default)]
struct Blocks {
    nodes: FxHashMap<usize, Vec<NodeEntry>>,
}

impl Blocks {
    fn nodes(&mut self, snapshot: &Snapshot, block: usize) -> Option<&Vec<NodeEntry>> {
        use std::collections::hash_map::Entry;
        match self.nodes.entry(block) {
            Entry::Occupied(place) => Some(place.into_mut()),
            Entry::Vacant(place) => {
                let entries: Vec<NodeEntry> = snapshot.block(snapshot.node_dir()?.get(block)?)?;
                Some(place.insert(entries))
            }
        }
    }

    fn entry(&mut self, snapshot: &Snapshot, rank: u32) -> Option<&NodeEntry> {
        let rank = rank as usize;
        self.nodes(snapshot, rank / NODE_BLOCK)?
            .get(rank % NODE_BLOCK)
    }
}

/// The blocks' items in one vector, sized first: collecting a flattened
/// iterator grows the vector step by step, copying millions of items into
/// fresh memory each time.
fn concat<T>(blocks: Vec<Vec<T>>) -> Vec<T> {
    let mut all = Vec::with_capacity(blocks.iter().map(Vec::len).sum());
    for block in blocks {
        all.extend(block);
    }
    all
}

fn read_block<T: DeserializeOwned>(file: &std::fs::File, at: BlockRef) -> Option<T> {
    postcard::from_bytes(&read_checked(file, at)?).ok()
}

/// The bytes of a block or section, if they are all there and match their
/// checksum. A length past the end of the file (a damaged reference) is
/// refused before anything is allocated.
fn read_checked(file: &std::fs::File, at: BlockRef) -> Option<Vec<u8>> {
    let size = file.metadata().ok()?.len();
    if at.offset.checked_add(at.len)? > size {
        return None;
    }
    let mut bytes = vec![0u8; usize::try_from(at.len).ok()?];
    read_exact_at(file, &mut bytes, at.offset).ok()?;
    (xxh3_64(&bytes) == at.checksum).then_some(bytes)
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// Whether the data files are the ones the index describes: same paths,
/// and for each the same metadata (not too recent to trust) or else the
/// same content.
fn fresh(index: &Index, data: &Path, paths: &[PathBuf]) -> bool {
    if paths.len() != index.files.len() {
        return false;
    }
    use rayon::prelude::*;
    paths.par_iter().zip(&index.files).all(|(path, stamp)| {
        if crate::load::relative_name(data, path) != stamp.path {
            return false;
        }
        let trusted = |meta: &FileMeta| {
            meta.modified < index.read_at - RACY_NANOS && meta.changed < index.read_at - RACY_NANOS
        };
        match FileMeta::of(path) {
            Some(meta) if meta == stamp.meta && trusted(&meta) => true,
            Some(_) => std::fs::read(path)
                .is_ok_and(|bytes| crate::load::content_hash(&bytes) == stamp.hash),
            None => false,
        }
    })
}

/// Stores a snapshot of a graph built from data with nothing to report.
/// Best effort: a read-only cache folder only costs speed.
pub fn store(path: &Path, stamps: &Stamps, graph: &KnowledgeGraph) {
    let _ = write_snapshot(path, VERSION, stamps, graph);
}

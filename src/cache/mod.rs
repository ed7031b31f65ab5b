//! A snapshot of the last load of data without errors, so repeated
//! commands on unchanged data skip parsing and validation, and read only
//! the parts of the snapshot their answer needs ([`Stored`]).
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
//! version therefore sets the snapshot aside. Data with warnings is stored
//! with its warnings, and `check` prints them again; the warnings that
//! depend on the day (see [`crate::query::today`]) set it aside when they
//! would change: on a day before the one the data was checked on (an
//! actual milestone could then be after today), once a planned milestone
//! not passed then has passed, and on the first day of an actual milestone
//! that was in the future.
//!
//! Layout: a header (magic, format, version, where the index is), the
//! data folder's absolute path, then blocks, then directories, then the
//! index. Records: nodes in id order, 8 to a block, edges in file order,
//! 4 to a block, each record encoded on its own so that one is decoded
//! without its neighbours; the folded names in order, 64 to a block; the
//! sources and the warnings in one block each. Flat arrays
//! (`columns`), in blocks of 256 rows: node rows (kind, time, sector,
//! place in id order), the id order, edge rows (ends, kind, time),
//! amounts, and the adjacency in both directions (compressed sparse rows,
//! 16 nodes to a block). The directories (where each block is, the first
//! id or name of each block) are used in place, without decoding. Each
//! block, directory and the index carry an xxh3 checksum, checked before
//! use: a snapshot is never trusted. One that cannot be opened is ignored
//! and rebuilt; a damaged block met while answering makes the command
//! answer from the files (see [`Stored`]). The snapshot is read with
//! positioned reads, not mapped into memory: a file truncated or replaced
//! under a running command then costs that command a failed read, never a
//! crash (a mapped page past a cut would raise SIGBUS). A miss in a key
//! list read in place is believed only after the list has passed its
//! checksum.
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
use rustc_hash::FxHashMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::diagnostic::{Diagnostic, Label, Severity, SourceFiles};
use crate::graph::{self, KnowledgeGraph, LookupError};
use crate::load::{FileMeta, FilePart, FileStamp, Stamps};
use crate::model::{
    Alternative, Citation, Currency, Edge, EdgeKind, Milestone, Money, MoneyStatus, Node, NodeKind,
    PartialDate, Period, Rank, RegulationStatus, Sector, Source as SourceRecord, SourceType, Stage,
};
use crate::suggest;

mod columns;
mod edited;
mod format;
// The memory map and its SIGBUS guard are system calls: the one other
// place with `unsafe` (lib.rs).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod mapped;
mod stored;
mod tidy;
mod write;

use columns::{ADJACENCY_ROWS, AMOUNT_ROW, COLUMN_ROWS, EDGE_ROW, NODE_ROW, ORDER_ROW};
pub use edited::Edited;
use format::*;
pub use stored::{Stored, damage_seen};
use tidy::*;
pub use tidy::{max_bytes, tidy};
pub use write::write_snapshot;
use write::*;

const MAGIC: &[u8; 8] = b"RGCACHE\0";
/// Bumped when the snapshot layout changes.
const FORMAT: u32 = 18;
/// The version that wrote a snapshot must be this one.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Overrides where snapshots are kept.
pub const CACHE_ENV: &str = "REGGRAPH_CACHE_DIR";
/// Overrides [`DEFAULT_MAX_BYTES`], in bytes.
pub const MAX_BYTES_ENV: &str = "REGGRAPH_CACHE_MAX_BYTES";
/// How many bytes of snapshots the cache folder keeps at most.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

const NODE_BLOCK: usize = 8;
const EDGE_BLOCK: usize = 4;
const NAME_BLOCK: usize = 64;
/// Blocks encoded at once while writing (bounds the memory used).
const BATCH: usize = 1024;
/// A file modified less than this before it was read may change again
/// within the same timestamp tick: its content is always hashed.
const RACY_NANOS: i128 = 2_000_000_000;

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

/// An open snapshot that matches the data folder it was taken of.
pub struct Snapshot {
    file: std::fs::File,
    /// The file mapped, where it can be guarded ([`mapped`]): blocks are
    /// then taken in place.
    #[cfg(target_os = "linux")]
    map: Option<std::sync::Arc<mapped::Mapped>>,
    /// The file's length when opened: a block past it is refused without
    /// asking the file system again for each block.
    size: u64,
    index: Index,
    /// File names as diagnostics would show them.
    names: Vec<String>,
    paths: Vec<PathBuf>,
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
        match Snapshot::open_edited(path, data, version)? {
            (snapshot, None) => Some(snapshot),
            (_, Some(_)) => None,
        }
    }

    /// [`Snapshot::open`], but a snapshot whose files are all as it found
    /// them but one (the same files, at the same paths) is opened too, and
    /// that file's place in path order given: the graph is then the
    /// snapshot's with that file's records replaced (see `Edited`).
    pub fn open_edited(
        path: &Path,
        data: &Path,
        version: &str,
    ) -> Option<(Snapshot, Option<usize>)> {
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
        let size = file.metadata().ok()?.len();
        let index: Index = postcard::from_bytes(&read_checked(&file, size, index_ref)?).ok()?;
        let today = day_parts(crate::query::today());
        if today < index.checked_on
            || index.planned_until.is_some_and(|last| today > last)
            || index.future_until.is_some_and(|first| today >= first)
        {
            return None;
        }
        let paths = crate::load::data_files(data).ok()?;
        let edited = match changed(&index, data, &paths)?.as_slice() {
            [] => None,
            [one] => Some(*one),
            _ => return None,
        };
        let names = paths.iter().map(|p| p.display().to_string()).collect();
        let paths = paths.to_vec();
        let snapshot = Snapshot {
            #[cfg(target_os = "linux")]
            map: mapped::Mapped::new(&file).filter(|map| map.len() as u64 == size),
            file,
            size,
            index,
            names,
            paths,
            node_dir: OnceLock::new(),
            edge_dir: OnceLock::new(),
            name_dir: OnceLock::new(),
            first_ids: OnceLock::new(),
            first_keys: OnceLock::new(),
        };
        Some((snapshot, edited))
    }

    /// A section's bytes, checked.
    fn section(&self, at: BlockRef) -> Option<Vec<u8>> {
        read_checked(&self.file, self.size, at)
    }

    /// Blocks one after another in the file, read at once: each one's
    /// bytes if they match its checksum. `refs` are cut short at the first
    /// that does not begin where the one before it ends.
    ///
    /// With `in_place`, for blocks kept as they are (not decoded and
    /// dropped), a run of `MAPPED_RUN` blocks or more is taken from the
    /// file's mapping where there is one, rather than copied: a page of a
    /// mapping counts in the process's memory as long as the mapping lives.
    fn sections(&self, refs: &[BlockRef], in_place: bool) -> Vec<Option<bytes::Bytes>> {
        let Some(first) = refs.first() else {
            return Vec::new();
        };
        let (refs, end) = one_after_another(refs);
        #[cfg(not(target_os = "linux"))]
        let _ = in_place;
        #[cfg(target_os = "linux")]
        if let Some(map) = self
            .map
            .as_ref()
            .filter(|_| in_place && refs.len() >= MAPPED_RUN)
        {
            return mapped_blocks(map, refs);
        }
        let run = refs.len();
        let span = match usize::try_from(end - first.offset) {
            Ok(span) if run > 1 && end <= self.size => span,
            _ => return self.each_section(refs),
        };
        let mut bytes = vec![0u8; span];
        if read_exact_at(&self.file, &mut bytes, first.offset).is_err() {
            // A cut file: each block is read on its own, and those past
            // the cut refused.
            return self.each_section(refs);
        }
        // The blocks keep the buffer they were read into, shared, rather
        // than copies of their parts: a copy would touch (and fault in)
        // every page twice.
        let bytes = bytes::Bytes::from(bytes);
        refs.iter()
            .map(|r| {
                let at = (r.offset - first.offset) as usize;
                let block = bytes.slice(at..at + r.len as usize);
                (xxh3_64(&block) == r.checksum).then_some(block)
            })
            .collect()
    }

    /// [`Snapshot::sections`] for a scan that keeps nothing: the blocks
    /// read into `buffer` (used again from one call to the next, so a scan
    /// of 100 MB faults in a few hundred KB), each given to `each` with its
    /// place in `refs`, or `None` if it does not match its checksum. Returns
    /// how many of `refs` were read (cut short as `sections` does).
    fn scan_sections(
        &self,
        refs: &[BlockRef],
        buffer: &mut Vec<u8>,
        mut each: impl FnMut(usize, Option<&[u8]>),
    ) -> usize {
        let Some(first) = refs.first() else {
            return 0;
        };
        let (refs, end) = one_after_another(refs);
        let run = refs.len();
        let read = match usize::try_from(end - first.offset) {
            Ok(span) if end <= self.size => {
                buffer.resize(span, 0);
                read_exact_at(&self.file, buffer, first.offset).is_ok()
            }
            _ => false,
        };
        for (i, r) in refs.iter().enumerate() {
            if read {
                let at = (r.offset - first.offset) as usize;
                let block = &buffer[at..at + r.len as usize];
                each(i, (xxh3_64(block) == r.checksum).then_some(block));
            } else {
                // A cut file: each block on its own, those past the cut
                // refused.
                each(i, self.section(*r).as_deref());
            }
        }
        run
    }

    fn each_section(&self, refs: &[BlockRef]) -> Vec<Option<bytes::Bytes>> {
        refs.iter()
            .map(|&r| self.section(r).map(bytes::Bytes::from))
            .collect()
    }

    /// A directory or key list to read in place, a few entries at a time.
    fn in_place(&self, at: BlockRef) -> InPlace<'_> {
        InPlace {
            file: &self.file,
            at,
        }
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
        postcard::from_bytes(&self.section(at)?).ok()
    }

    /// How many nodes, edges and sources the snapshot holds, from its
    /// index alone (a warm `check` reads nothing else).
    pub fn counts(&self) -> Option<[usize; 3]> {
        Some([
            usize::try_from(self.index.node_count).ok()?,
            usize::try_from(self.index.edge_count).ok()?,
            usize::try_from(self.index.source_count).ok()?,
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

    /// The warnings of the check the snapshot was taken after, pointing
    /// into [`Snapshot::files`]; `None` if their block is damaged.
    pub fn warnings(&self) -> Option<Vec<Diagnostic>> {
        let stored: Vec<SnapDiagnostic> = self.block(self.index.warnings)?;
        let warnings: Vec<Diagnostic> = stored
            .into_iter()
            .map(SnapDiagnostic::into_model)
            .collect::<Option<_>>()?;
        let files = self.names.len();
        let inside = |d: &Diagnostic| {
            d.primary.iter().chain(&d.secondary).all(|l| l.file < files) && !d.is_error()
        };
        warnings.iter().all(inside).then_some(warnings)
    }

    /// The data files' paths, in the order of [`Snapshot::files`].
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// What each file gave the graph, in path order, and how many times
    /// each source is cited, in id order; `None` if not known or its
    /// block is damaged.
    pub fn parts(&self) -> Option<(Vec<FilePart>, Vec<u32>)> {
        let (parts, citations): (Vec<FilePart>, Vec<u32>) = self.block(self.index.parts)?;
        let fits =
            parts.len() == self.names.len() && citations.len() as u64 == self.index.source_count;
        fits.then_some((parts, citations))
    }

    fn sources(&self) -> Option<Vec<SourceRecord>> {
        let sources: Vec<SnapSource> = self.block(self.index.sources)?;
        if sources.len() as u64 != self.index.source_count {
            return None;
        }
        sources.into_iter().map(SnapSource::into_model).collect()
    }
}

/// Where each block of a snapshot lies, by kind (`node records`, `edge
/// rows`, `adjacency`, their directories, `index`, ...), for tests that
/// damage one kind of block at a time; `None` if the snapshot's header or
/// index cannot be read.
pub fn layout(path: &Path) -> Option<Vec<(String, u64, u64)>> {
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let head_len = header(VERSION, None).len();
    let mut head = vec![0u8; head_len];
    read_exact_at(&file, &mut head, 0).ok()?;
    let word = |i: usize| {
        let at = head_len - 24 + 8 * i;
        u64::from_le_bytes(head[at..at + 8].try_into().unwrap())
    };
    let index_ref = BlockRef {
        offset: word(0),
        len: word(1),
        checksum: word(2),
    };
    let index: Index = postcard::from_bytes(&read_checked(&file, size, index_ref)?).ok()?;
    let mut found: Vec<(String, u64, u64)> = [
        ("header", 0, head_len as u64),
        ("index", index_ref.offset, index_ref.len),
        ("first ids", index.first_ids.offset, index.first_ids.len),
        ("first keys", index.first_keys.offset, index.first_keys.len),
        ("sources", index.sources.offset, index.sources.len),
        ("parts", index.parts.offset, index.parts.len),
    ]
    .into_iter()
    .map(|(kind, offset, len)| (kind.to_string(), offset, len))
    .collect();
    let directories = [
        ("node records", index.nodes),
        ("edge records", index.edges),
        ("names", index.names),
        ("node rows", index.node_rows),
        ("id order", index.id_order),
        ("edge rows", index.edge_rows),
        ("amounts", index.amounts),
        ("adjacency", index.adjacency),
        ("node labels", index.node_labels),
        ("edge labels", index.edge_labels),
    ];
    for (kind, at) in directories {
        found.push((format!("{kind} directory"), at.offset, at.len));
        let directory = Directory(read_checked(&file, size, at)?);
        for i in 0..directory.len() {
            let block = directory.get(i)?;
            found.push((kind.to_string(), block.offset, block.len));
        }
    }
    Some(found)
}

/// The fewest blocks in a run taken in place from the mapping: one at a
/// time, as a walk from node to node reads them, a positioned read costs
/// no more than a page fault, and a fault maps the pages around the one it
/// needs too (they count in the process's memory).
#[cfg(target_os = "linux")]
const MAPPED_RUN: usize = 8;

/// Blocks taken in place from a mapping (nothing is copied, and a page is
/// read from the page cache when the checksum first looks at it): each
/// one's bytes if they are all in the file and match its checksum.
#[cfg(target_os = "linux")]
fn mapped_blocks(
    map: &std::sync::Arc<mapped::Mapped>,
    refs: &[BlockRef],
) -> Vec<Option<bytes::Bytes>> {
    refs.iter()
        .map(|r| {
            let start = usize::try_from(r.offset).ok()?;
            let end = start.checked_add(usize::try_from(r.len).ok()?)?;
            let block = (end <= map.len()).then(|| map.bytes(start..end))?;
            (xxh3_64(&block) == r.checksum).then_some(block)
        })
        .collect()
}

/// The first of `refs` and those after it that each begin where the one
/// before ends, and where the last ends (`refs` is not empty).
fn one_after_another(refs: &[BlockRef]) -> (&[BlockRef], u64) {
    let mut end = refs[0].offset;
    let mut run = 0;
    for r in refs {
        if r.offset != end {
            break;
        }
        end = r.offset.saturating_add(r.len);
        run += 1;
    }
    (&refs[..run], end)
}

/// The bytes of a block or section, if they are all there and match their
/// checksum. A length past the end of the file (`size`: a damaged
/// reference) is refused before anything is allocated.
fn read_checked(file: &std::fs::File, size: u64, at: BlockRef) -> Option<Vec<u8>> {
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

/// The data files (places in path order) that are not as the index
/// describes them: a file is as it was if its metadata is the same (and
/// not too recent to trust) or else its content; `None` if the files are
/// not the same files at the same paths.
fn changed(index: &Index, data: &Path, paths: &[PathBuf]) -> Option<Vec<usize>> {
    if paths.len() != index.files.len() {
        return None;
    }
    use rayon::prelude::*;
    let same = paths
        .par_iter()
        .zip(&index.files)
        .all(|(path, stamp)| crate::load::relative_name(data, path) == stamp.path);
    if !same {
        return None;
    }
    let changed = paths
        .par_iter()
        .zip(&index.files)
        .enumerate()
        .filter(|(_, (path, stamp))| {
            let trusted = |meta: &FileMeta| {
                meta.modified < index.read_at - RACY_NANOS
                    && meta.changed < index.read_at - RACY_NANOS
            };
            !match FileMeta::of(path) {
                Some(meta) if meta == stamp.meta && trusted(&meta) => true,
                Some(_) => crate::load::file_hash(path).is_ok_and(|hash| hash == stamp.hash),
                None => false,
            }
        })
        .map(|(i, _)| i)
        .collect();
    Some(changed)
}

/// Stores a snapshot of a graph built from data without errors, with the
/// warnings its check gave. Best effort: a read-only cache folder only
/// costs speed.
pub fn store(path: &Path, stamps: &Stamps, graph: &KnowledgeGraph, warnings: &[Diagnostic]) {
    let _ = write_snapshot(path, VERSION, stamps, graph, warnings);
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn blocks_taken_in_place_are_checked_as_blocks_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot");
        let good: Vec<u8> = (0..3000u32).map(|i| (i % 251) as u8).collect();
        let block = |offset: u64, len: u64| BlockRef {
            offset,
            len,
            checksum: xxh3_64(&good[offset as usize..(offset + len) as usize]),
        };
        let mut refs = vec![block(0, 1000), block(1000, 1000), block(2000, 1000)];
        // One past the end of the file.
        refs.push(BlockRef {
            offset: 2500,
            len: 1000,
            checksum: 0,
        });
        let mut damaged = good.clone();
        damaged[1500] ^= 0x20;
        std::fs::write(&path, &damaged).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let map = mapped::Mapped::new(&file).unwrap();
        let taken = mapped_blocks(&map, &refs);
        assert_eq!(taken[0].as_deref(), Some(&good[..1000]));
        assert_eq!(taken[1], None, "a damaged block is refused");
        assert_eq!(taken[2].as_deref(), Some(&good[2000..]));
        assert_eq!(taken[3], None, "a block past the end is refused");
        // As the same blocks read from the file.
        let read: Vec<_> = refs.iter().map(|&r| read_checked(&file, 3000, r)).collect();
        let taken: Vec<_> = taken
            .iter()
            .map(|b| b.as_deref().map(<[u8]>::to_vec))
            .collect();
        assert_eq!(taken, read);
    }
}

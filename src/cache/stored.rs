//! A snapshot as a graph ([`Stored`], a [`Store`]): the flat arrays give
//! walks and scans what they need, and a record is decoded only when an
//! answer asks for it, its block once. Nothing is read before it is
//! needed: `path` reads the adjacency blocks its search reaches and the
//! records of the nodes on the path, `list --kind` the node rows and the
//! records it prints.
//!
//! Every block is checked against its checksum before use. One that fails
//! (or does not decode to what the index says) gives a placeholder in its
//! place and marks the graph damaged: the command then throws its answer
//! away and answers from the files (`workspace`, `cli`).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use bytes::Bytes;

use super::columns::{self, Adjacency, EdgeRow, NodeRow};
use super::*;
use crate::graph::{Label, Match, Sources, Store};
use crate::model::When;

/// Blocks read when first needed, each once: `None` when it was damaged.
type Lazy<T> = Slots<Option<T>>;

/// Values made when first asked for, each once, their places made a page
/// at a time when first touched: the million blocks of a large snapshot
/// cost nothing until read.
struct Slots<T> {
    len: usize,
    pages: Box<[OnceLock<Page<T>>]>,
}

type Page<T> = Box<[OnceLock<T>]>;

/// Slots per page of [`Slots`].
const SLOT_PAGE: usize = 256;

impl<T> Slots<T> {
    fn new(len: usize) -> Slots<T> {
        Slots {
            len,
            pages: lazy_blocks(len.div_ceil(SLOT_PAGE)),
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn get(&self, i: usize) -> Option<&OnceLock<T>> {
        let page = self.pages.get(i / SLOT_PAGE)?.get_or_init(|| {
            let first = i / SLOT_PAGE * SLOT_PAGE;
            lazy_blocks(SLOT_PAGE.min(self.len - first))
        });
        page.get(i % SLOT_PAGE)
    }
}

/// Rows of a flat array, a block at a time.
struct Column {
    at: BlockRef,
    row: usize,
    per_block: usize,
    rows: usize,
    dir: OnceLock<Option<Directory>>,
    /// Blocks read together share one buffer.
    blocks: Lazy<Bytes>,
    ahead: Ahead,
}

impl Column {
    fn new(at: BlockRef, row: usize, per_block: usize, rows: usize) -> Column {
        Column {
            at,
            row,
            per_block,
            rows,
            dir: OnceLock::new(),
            blocks: Slots::new(rows.div_ceil(per_block)),
            ahead: Ahead::new(),
        }
    }

    /// The bytes of block `i`, read and checked once.
    fn block<'a>(&'a self, snapshot: &Snapshot, i: usize) -> Option<&'a [u8]> {
        self.block_that(snapshot, i, |bytes, rows| bytes.len() == rows * self.row)
    }

    /// [`Column::block`], the block's bytes taken if `fits` (given them
    /// and the block's row count) says they are such a block.
    fn block_that<'a>(
        &'a self,
        snapshot: &Snapshot,
        i: usize,
        fits: impl Fn(&[u8], usize) -> bool,
    ) -> Option<&'a [u8]> {
        if let Some(block) = self.blocks.get(i)?.get() {
            return block.as_deref();
        }
        self.read(snapshot, i, self.ahead.wanted(i), &fits)
    }

    /// Reads block `i` and up to `count - 1` blocks after it
    /// ([`read_block`]), taking the bytes that `fits`.
    fn read<'a>(
        &'a self,
        snapshot: &Snapshot,
        i: usize,
        count: usize,
        fits: &impl Fn(&[u8], usize) -> bool,
    ) -> Option<&'a [u8]> {
        let dir = self
            .dir
            .get_or_init(|| snapshot.section(self.at).map(Directory))
            .as_ref()?;
        if dir.len() != self.blocks.len() {
            return None;
        }
        let make = |j: usize, bytes: Bytes| {
            let rows = self.per_block.min(self.rows - j * self.per_block);
            fits(&bytes, rows).then_some(bytes)
        };
        let kept = true;
        read_block(
            snapshot,
            dir,
            &self.blocks,
            &self.ahead,
            (i, count),
            kept,
            make,
        )
        .map(|block| &**block)
    }

    /// Reads the blocks of these rows (sorted) that are not read yet, in
    /// file order, a run of neighbouring blocks at a time ([`runs`]).
    fn prefetch_that(
        &self,
        snapshot: &Snapshot,
        rows: impl Iterator<Item = usize>,
        fits: impl Fn(&[u8], usize) -> bool,
    ) {
        let wanted = rows
            .map(|row| row / self.per_block)
            .filter(|&b| self.blocks.get(b).is_some_and(|slot| slot.get().is_none()));
        for (first, count) in runs(wanted) {
            self.read(snapshot, first, count, &fits);
        }
    }

    fn prefetch(&self, snapshot: &Snapshot, rows: impl Iterator<Item = usize>) {
        self.prefetch_that(snapshot, rows, |bytes, rows| bytes.len() == rows * self.row);
    }

    /// Every block in order, each given to `each` with its number, or
    /// `None` if damaged: the blocks read before from where they are, the
    /// others read many at a time into one buffer and kept only while
    /// `each` looks at them (a scan of the 100 MB of edge rows at a
    /// million nodes holds a few hundred KB).
    fn scan(&self, snapshot: &Snapshot, mut each: impl FnMut(usize, Option<&[u8]>)) {
        let fits = |i: usize, bytes: &[u8]| {
            bytes.len() == self.per_block.min(self.rows - i * self.per_block) * self.row
        };
        let dir = self
            .dir
            .get_or_init(|| snapshot.section(self.at).map(Directory))
            .as_ref()
            .filter(|dir| dir.len() == self.blocks.len());
        let Some(dir) = dir else {
            (0..self.blocks.len()).for_each(|i| each(i, None));
            return;
        };
        let mut buffer = Vec::new();
        let mut i = 0;
        while i < self.blocks.len() {
            if let Some(block) = self.blocks.get(i).and_then(|slot| slot.get()) {
                each(i, block.as_deref());
                i += 1;
                continue;
            }
            let mut refs = Vec::new();
            for j in i..(i + MOST_AHEAD).min(self.blocks.len()) {
                match (self.blocks.get(j), dir.get(j)) {
                    (Some(slot), Some(at)) if slot.get().is_none() => refs.push(at),
                    _ => break,
                }
            }
            if refs.is_empty() {
                each(i, None);
                i += 1;
                continue;
            }
            let read = snapshot.scan_sections(&refs, &mut buffer, |k, bytes| {
                each(i + k, bytes.filter(|b| fits(i + k, b)));
            });
            i += read.max(1);
        }
    }

    /// Row `i`'s bytes.
    fn get<'a>(&'a self, snapshot: &Snapshot, i: usize) -> Option<&'a [u8]> {
        let block = self.block(snapshot, i / self.per_block)?;
        let at = (i % self.per_block) * self.row;
        block.get(at..at + self.row)
    }
}

/// Label blocks ([`columns::node_label`]), each read and checked once: a
/// [`columns::record_block`] of one entry per row.
struct Labels(Column);

impl Labels {
    fn new(at: BlockRef, rows: usize) -> Labels {
        // Entries have no fixed size: `Column::block` is not used.
        Labels(Column::new(at, 0, COLUMN_ROWS, rows))
    }

    /// Row `i`'s entry.
    fn get<'a>(&'a self, snapshot: &Snapshot, i: usize) -> Option<&'a [u8]> {
        let bytes = self.0.block_that(snapshot, i / COLUMN_ROWS, Labels::fits)?;
        Some(columns::record(bytes, i % COLUMN_ROWS))
    }

    fn fits(bytes: &[u8], rows: usize) -> bool {
        columns::record_count(bytes) == Some(rows)
    }

    fn prefetch(&self, snapshot: &Snapshot, rows: impl Iterator<Item = usize>) {
        self.0.prefetch_that(snapshot, rows, Labels::fits);
    }
}

/// Records in blocks, each record decoded the first time it is asked for
/// (a walk that prints a hub's 80,000 neighbours decodes those, not the
/// other records of their blocks); a block is read and checked once.
struct Records<T> {
    per_block: usize,
    rows: usize,
    blocks: Lazy<RecordBlock<T>>,
}

struct RecordBlock<T> {
    bytes: Box<[u8]>,
    records: Box<[OnceLock<Option<T>>]>,
}

impl<T> Records<T> {
    fn new(per_block: usize, rows: usize) -> Records<T> {
        Records {
            per_block,
            rows,
            blocks: Slots::new(rows.div_ceil(per_block)),
        }
    }

    /// Record `i`, decoded by `decode` from its bytes, or `None` if its
    /// block is damaged or it does not decode.
    fn get(
        &self,
        dir: impl FnOnce() -> Option<(BlockRef, Vec<u8>)>,
        i: usize,
        decode: impl FnOnce(&[u8]) -> Option<T>,
    ) -> Option<&T> {
        let (block, at) = (i / self.per_block, i % self.per_block);
        let block = self
            .blocks
            .get(block)?
            .get_or_init(|| {
                let (_, bytes) = dir()?;
                let count = columns::record_count(&bytes)?;
                if count != self.per_block.min(self.rows - block * self.per_block) {
                    return None;
                }
                Some(RecordBlock {
                    bytes: bytes.into_boxed_slice(),
                    records: lazy_blocks(count),
                })
            })
            .as_ref()?;
        block
            .records
            .get(at)?
            .get_or_init(|| decode(columns::record(&block.bytes, at)))
            .as_ref()
    }
}

/// How far reads of one kind of block have gone forwards, one block
/// after the other, so that a scan reads its blocks many at a time and a
/// walk from node to node one at a time.
struct Ahead {
    /// The block after the last read.
    next: AtomicUsize,
    /// How many blocks the last read took.
    taken: AtomicUsize,
}

/// The most blocks read at once.
const MOST_AHEAD: usize = 64;

impl Ahead {
    fn new() -> Ahead {
        Ahead {
            next: AtomicUsize::new(usize::MAX),
            taken: AtomicUsize::new(0),
        }
    }

    /// How many blocks to read from block `i` on: twice as many as the
    /// last read if it ended just before `i`, else one.
    fn wanted(&self, i: usize) -> usize {
        if self.next.load(Ordering::Relaxed) == i {
            (2 * self.taken.load(Ordering::Relaxed)).clamp(2, MOST_AHEAD)
        } else {
            1
        }
    }

    fn took(&self, i: usize, count: usize) {
        self.taken.store(count, Ordering::Relaxed);
        self.next.store(i + count, Ordering::Relaxed);
    }
}

/// Block `i` of `slots` (listed in `dir`), read and checked once and made
/// by `make` from its place and bytes. Up to `count - 1` blocks after it
/// that are not read yet come in the same read (while reads go forwards
/// block by block, [`Ahead`] says how many; a prefetch, [`runs`]); one of
/// them that is damaged is left unread, to be refused when asked for.
/// `kept`: the blocks' bytes are kept as they are, and may be taken in
/// place ([`Snapshot::sections`]).
fn read_block<'a, T>(
    snapshot: &Snapshot,
    dir: &Directory,
    slots: &'a Lazy<T>,
    ahead: &Ahead,
    (i, count): (usize, usize),
    kept: bool,
    make: impl Fn(usize, Bytes) -> Option<T>,
) -> Option<&'a T> {
    slots
        .get(i)?
        .get_or_init(|| {
            let mut refs = vec![dir.get(i)?];
            for j in i + 1..i.saturating_add(count).min(slots.len()) {
                match (slots.get(j), dir.get(j)) {
                    (Some(slot), Some(at)) if slot.get().is_none() => refs.push(at),
                    _ => break,
                }
            }
            let mut read = snapshot.sections(&refs, kept).into_iter();
            ahead.took(i, read.len());
            let first = make(i, read.next()??);
            for (j, bytes) in (i + 1..).zip(read) {
                if let (Some(made), Some(slot)) = (bytes.and_then(|b| make(j, b)), slots.get(j)) {
                    let _ = slot.set(Some(made));
                }
            }
            first
        })
        .as_ref()
}

/// Blocks a prefetch reads in one go, at most.
const MOST_PREFETCHED: usize = MOST_AHEAD;

/// Sorted block numbers (repeats allowed) as runs to read: the first
/// block of each and how many blocks it spans. Only neighbours join a run:
/// reading the blocks between two that are wanted, for fewer reads, read
/// half the labels for a selection of 1,500 nodes out of a million.
fn runs(blocks: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for b in blocks {
        match runs.last_mut() {
            Some((first, count)) if b < *first + *count => {}
            Some((first, count)) if b == *first + *count && *count < MOST_PREFETCHED => {
                *count += 1;
            }
            _ => runs.push((b, 1)),
        }
    }
    runs
}

fn lazy_blocks<T>(count: usize) -> Box<[OnceLock<T>]> {
    (0..count).map(|_| OnceLock::new()).collect()
}

/// A snapshot read as a graph.
pub struct Stored {
    snapshot: Snapshot,
    nodes: usize,
    edges: usize,
    node_rows: Column,
    id_rows: Column,
    edge_rows: Column,
    amounts: Column,
    node_labels: Labels,
    edge_labels: Labels,
    /// The source ids in id order, which labels name by place.
    source_ids: OnceLock<Vec<String>>,
    /// Node records in id order, each with its place in file order.
    node_records: Records<(u32, Node)>,
    edge_records: Records<Edge>,
    adjacency_dir: OnceLock<Option<Directory>>,
    adjacency: Lazy<Adjacency>,
    adjacency_ahead: Ahead,
    id_order: OnceLock<Vec<NodeIndex>>,
    sources: OnceLock<BTreeMap<String, SourceRecord>>,
    damaged: AtomicBool,
    /// How many look-ups by id have been made.
    id_lookups: std::sync::atomic::AtomicUsize,
    /// How many node and edge record blocks have been looked up in their
    /// directories.
    node_lookups: AtomicUsize,
    edge_lookups: AtomicUsize,
}

/// Record blocks found by reading their directory entry in place before
/// the directory is read whole, at least; a large directory is read whole
/// after one look-up per [`ENTRIES_PER_LOOKUP`] of its entries, when the
/// reads in place have cost about what reading it whole would (one read
/// of 24 bytes against 1,500 bytes read, checked and kept).
const IN_PLACE_LOOKUPS: usize = 256;
const ENTRIES_PER_LOOKUP: usize = 64;

/// Whether any graph of this process met a damaged block.
static DAMAGE_SEEN: AtomicBool = AtomicBool::new(false);

/// Whether a graph read from a snapshot in this process has met a damaged
/// block (what it then answers is not to be shown).
pub fn damage_seen() -> bool {
    DAMAGE_SEEN.load(Ordering::Relaxed)
}

/// Says a graph of this process met damage (a mapped snapshot cut short:
/// called from a signal handler, so it only stores an atomic).
#[cfg(target_os = "linux")]
pub(super) fn mark_damage_seen() {
    DAMAGE_SEEN.store(true, Ordering::Relaxed);
}

static NO_NODE: LazyLock<Node> = LazyLock::new(|| Node {
    id: String::new(),
    kind: NodeKind::Person,
    name: String::new(),
    aliases: Vec::new(),
    description: None,
    tags: Vec::new(),
    date: None,
    period: None,
    jurisdiction: None,
    status: None,
    sector: None,
    budget: None,
    milestones: Vec::new(),
    sources: Vec::new(),
    quote: None,
    citations: Vec::new(),
    alternatives: Vec::new(),
});

static NO_EDGE: LazyLock<Edge> = LazyLock::new(|| Edge {
    id: None,
    from: String::new(),
    kind: EdgeKind::Funds,
    to: String::new(),
    date: None,
    period: None,
    amount: None,
    sources: Vec::new(),
    quote: None,
    citations: Vec::new(),
    alternatives: Vec::new(),
    note: None,
});

impl Stored {
    /// The graph of an open snapshot; `None` if its counts do not fit in
    /// this machine's indices.
    pub fn new(snapshot: Snapshot) -> Option<Stored> {
        let [nodes, edges, _] = snapshot.counts()?;
        // Node and edge indices are 32 bits wide.
        if u32::try_from(nodes).is_err() || u32::try_from(edges).is_err() {
            return None;
        }
        let index = &snapshot.index;
        Some(Stored {
            node_rows: Column::new(index.node_rows, NODE_ROW, COLUMN_ROWS, nodes),
            id_rows: Column::new(index.id_order, ORDER_ROW, COLUMN_ROWS, nodes),
            edge_rows: Column::new(index.edge_rows, EDGE_ROW, COLUMN_ROWS, edges),
            amounts: Column::new(index.amounts, AMOUNT_ROW, COLUMN_ROWS, edges),
            node_labels: Labels::new(index.node_labels, nodes),
            edge_labels: Labels::new(index.edge_labels, edges),
            source_ids: OnceLock::new(),
            node_records: Records::new(NODE_BLOCK, nodes),
            edge_records: Records::new(EDGE_BLOCK, edges),
            adjacency_dir: OnceLock::new(),
            adjacency: Slots::new(nodes.div_ceil(ADJACENCY_ROWS)),
            adjacency_ahead: Ahead::new(),
            id_order: OnceLock::new(),
            sources: OnceLock::new(),
            damaged: AtomicBool::new(false),
            id_lookups: Default::default(),
            node_lookups: Default::default(),
            edge_lookups: Default::default(),
            snapshot,
            nodes,
            edges,
        })
    }

    /// Notes a damaged block and gives the placeholder.
    pub(super) fn damage<T>(&self, placeholder: T) -> T {
        self.damaged.store(true, Ordering::Relaxed);
        DAMAGE_SEEN.store(true, Ordering::Relaxed);
        placeholder
    }

    fn node_row(&self, index: NodeIndex) -> Option<NodeRow> {
        self.check_node_row(self.node_rows.get(&self.snapshot, index.index())?)
    }

    fn check_node_row(&self, bytes: &[u8]) -> Option<NodeRow> {
        let row = columns::read_node_row(bytes)?;
        ((row.rank as usize) < self.nodes).then_some(row)
    }

    fn edge_row(&self, index: EdgeIndex) -> Option<EdgeRow> {
        self.read_edge_row(self.edge_rows.get(&self.snapshot, index.index())?)
    }

    fn read_edge_row(&self, bytes: &[u8]) -> Option<EdgeRow> {
        let row = columns::read_edge_row(bytes)?;
        ((row.from as usize) < self.nodes && (row.to as usize) < self.nodes).then_some(row)
    }

    fn source_ids(&self) -> &[String] {
        self.source_ids
            .get_or_init(|| self.sources().keys().cloned().collect())
    }

    fn stored_node_label(&self, index: NodeIndex) -> Option<(Label<'_>, bool)> {
        let entry = self.node_labels.get(&self.snapshot, index.index())?;
        let (id, name, places, contested) = columns::read_node_label(entry)?;
        let sources = Sources::at_places(places, self.source_ids())?;
        Some((Label { id, name, sources }, contested))
    }

    fn stored_edge_label(&self, index: EdgeIndex) -> Option<(Sources<'_>, bool)> {
        let entry = self.edge_labels.get(&self.snapshot, index.index())?;
        let (places, contested) = columns::read_edge_label(entry)?;
        Some((Sources::at_places(places, self.source_ids())?, contested))
    }

    /// The node at a place in the id order.
    pub(super) fn at_rank(&self, rank: u32) -> Option<NodeIndex> {
        let row = self.id_rows.get(&self.snapshot, rank as usize)?;
        let node = columns::read_order_row(row) as usize;
        (node < self.nodes).then(|| NodeIndex::new(node))
    }

    /// Where record block `block` of the directory at `dir` is: the first
    /// look-ups read their entry in place (24 bytes: `show` needs a handful
    /// of a directory of megabytes, `export dot --around` a few thousand of
    /// 30), later ones the directory read whole once ([`IN_PLACE_LOOKUPS`]).
    /// An entry read in place is not checked, but the block it leads to is.
    fn record_block_at<'a>(
        &'a self,
        dir: BlockRef,
        lookups: &AtomicUsize,
        block: usize,
        whole: impl FnOnce() -> Option<&'a Directory>,
    ) -> Option<BlockRef> {
        let entries = usize::try_from(dir.len).unwrap_or(usize::MAX) / format::REF_BYTES;
        let in_place = IN_PLACE_LOOKUPS.max(entries / ENTRIES_PER_LOOKUP);
        if lookups.fetch_add(1, Ordering::Relaxed) < in_place {
            Directory(self.snapshot.in_place(dir)).get(block)
        } else {
            whole()?.get(block)
        }
    }

    /// A node's record and place in file order, by its place in id order.
    pub(super) fn by_rank(&self, rank: u32) -> Option<&(u32, Node)> {
        let rank = rank as usize;
        let block = rank / NODE_BLOCK;
        let read = || {
            let nodes = self.snapshot.index.nodes;
            let at = self.record_block_at(nodes, &self.node_lookups, block, || {
                self.snapshot.node_dir()
            })?;
            Some((at, self.snapshot.section(at)?))
        };
        self.node_records.get(read, rank, |bytes| {
            let entry: NodeEntry = postcard::from_bytes(bytes).ok()?;
            let position = entry.position;
            ((position as usize) < self.nodes).then_some(())?;
            Some((position, entry.node.into_model()?))
        })
    }

    pub(super) fn edge_record(&self, index: EdgeIndex) -> Option<&Edge> {
        let block = index.index() / EDGE_BLOCK;
        let read = || {
            let edges = self.snapshot.index.edges;
            let at = self.record_block_at(edges, &self.edge_lookups, block, || {
                self.snapshot.edge_dir()
            })?;
            Some((at, self.snapshot.section(at)?))
        };
        self.edge_records.get(read, index.index(), |bytes| {
            postcard::from_bytes::<SnapEdge>(bytes).ok()?.into_model()
        })
    }

    fn adjacency_block(&self, block: usize) -> Option<&Adjacency> {
        if let Some(adjacency) = self.adjacency.get(block)?.get() {
            return adjacency.as_ref();
        }
        self.read_adjacency(block, self.adjacency_ahead.wanted(block))
    }

    /// Reads adjacency block `block` and up to `count - 1` blocks after it
    /// that are not read yet ([`read_block`]).
    fn read_adjacency(&self, block: usize, count: usize) -> Option<&Adjacency> {
        let dir = self
            .adjacency_dir
            .get_or_init(|| {
                self.snapshot
                    .section(self.snapshot.index.adjacency)
                    .map(Directory)
            })
            .as_ref()?;
        if dir.len() != self.adjacency.len() {
            return None;
        }
        let ahead = &self.adjacency_ahead;
        read_block(
            &self.snapshot,
            dir,
            &self.adjacency,
            ahead,
            (block, count),
            false,
            |j, bytes| {
                let rows = ADJACENCY_ROWS.min(self.nodes - j * ADJACENCY_ROWS);
                columns::read_adjacency(&bytes, rows, self.nodes, self.edges)
            },
        )
    }

    /// The place in id order of the node with this exact id; `None` if a
    /// block is damaged.
    ///
    /// The first ids are read in place; a hit is an id found in a checked
    /// block, but a miss could come from a damaged list, so it is believed
    /// only once the whole list has passed its checksum.
    pub(super) fn find_id(&self, id: &str) -> Option<Option<u32>> {
        let snapshot = &self.snapshot;
        // The first look-up reads the list in place (a few bytes per step
        // of the search); later ones, as an export's of every edge's ends,
        // read it whole once and search it in memory.
        let block = match self.id_lookups.fetch_add(1, Ordering::Relaxed) {
            0 => Keys(snapshot.in_place(snapshot.index.first_ids)).place(id)?,
            _ => snapshot.first_ids()?.place(id)?,
        };
        let found = match block {
            0 => None,
            _ => {
                let first = (block - 1) * NODE_BLOCK;
                let last = (first + NODE_BLOCK).min(self.nodes);
                let mut found = None;
                for rank in first..last {
                    if self.by_rank(rank as u32)?.1.id == id {
                        found = Some(rank as u32);
                        break;
                    }
                }
                found
            }
        };
        if found.is_none() {
            snapshot.first_ids()?;
        }
        Some(found)
    }

    /// The places in id order of the nodes a folded name, id or alias
    /// names. Read in place, as [`Stored::find_id`] is.
    pub(super) fn find_key(&self, key: &str) -> Option<Vec<u32>> {
        let snapshot = &self.snapshot;
        let block = Keys(snapshot.in_place(snapshot.index.first_keys)).place(key)?;
        let found = match block {
            0 => None,
            _ => {
                let at = Directory(snapshot.in_place(snapshot.index.names)).get(block - 1)?;
                let entries: Vec<(String, Vec<u32>)> = snapshot.block(at)?;
                entries
                    .into_iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, nodes)| nodes)
            }
        };
        if found.is_none() {
            snapshot.first_keys()?;
        }
        Some(found.unwrap_or_default())
    }

    /// How many ids in id order come before `id`; `None` if a block is
    /// damaged.
    pub(super) fn ids_before(&self, id: &str) -> Option<u32> {
        let block = self.snapshot.first_ids()?.place(id)?;
        if block == 0 {
            return Some(0);
        }
        let first = (block - 1) * NODE_BLOCK;
        let last = (first + NODE_BLOCK).min(self.nodes);
        let mut before = first as u32;
        for rank in first..last {
            if self.by_rank(rank as u32)?.1.id.as_str() < id {
                before += 1;
            }
        }
        Some(before)
    }

    /// Every folded name, id and alias with the places in id order of the
    /// nodes it names, by key; `None` if a block is damaged.
    pub(super) fn all_keys(&self) -> Option<Vec<(String, Vec<u32>)>> {
        let mut keys: Vec<(String, Vec<u32>)> = Vec::new();
        let name_dir = self.snapshot.name_dir()?;
        for i in 0..name_dir.len() {
            let block: Vec<(String, Vec<u32>)> = self.snapshot.block(name_dir.get(i)?)?;
            keys.extend(block);
        }
        Some(keys)
    }
}

/// What finding a node by its words needs of a store, with nodes named by
/// their places in id order ("ranks"): the snapshot's, or an edited one's.
pub(super) trait Finder {
    /// The node with this exact id.
    fn find_id(&self, id: &str) -> Option<Option<NodeIndex>>;
    /// The ranks of the nodes a folded name, id or alias names, in file
    /// order.
    fn find_key(&self, key: &str) -> Option<Vec<u32>>;
    /// Every key with [`Finder::find_key`]'s ranks, by key.
    fn all_keys(&self) -> Option<Vec<(String, Vec<u32>)>>;
    /// The node at a rank, and its record.
    fn at(&self, rank: u32) -> Option<(NodeIndex, &Node)>;
}

impl Finder for Stored {
    fn find_id(&self, id: &str) -> Option<Option<NodeIndex>> {
        match Stored::find_id(self, id)? {
            Some(rank) => Some(Some(NodeIndex::new(self.by_rank(rank)?.0 as usize))),
            None => Some(None),
        }
    }
    fn find_key(&self, key: &str) -> Option<Vec<u32>> {
        Stored::find_key(self, key)
    }
    fn all_keys(&self) -> Option<Vec<(String, Vec<u32>)>> {
        Stored::all_keys(self)
    }
    fn at(&self, rank: u32) -> Option<(NodeIndex, &Node)> {
        let (position, node) = self.by_rank(rank)?;
        Some((NodeIndex::new(*position as usize), node))
    }
}

/// Finds a node as the in-memory graph does, reading only the blocks
/// needed (all name blocks for a typo's suggestions); `None` if a block is
/// damaged.
pub(super) fn resolve(
    finder: &dyn Finder,
    query: &str,
) -> Option<Result<(NodeIndex, Match), LookupError>> {
    let exact = |rank: u32| -> Option<NodeIndex> { Some(finder.at(rank)?.0) };
    if let Some(node) = finder.find_id(query)? {
        return Some(Ok((node, Match::Exact)));
    }
    let describe = |rank: u32| -> Option<(String, String)> {
        let (_, node) = finder.at(rank)?;
        Some((node.id.clone(), node.name.clone()))
    };
    let ambiguous = |ranks: &[u32]| -> Option<LookupError> {
        let all = ranks
            .iter()
            .map(|&r| describe(r))
            .collect::<Option<Vec<_>>>()?;
        let (candidates, others) = graph::candidates(all);
        Some(LookupError::Ambiguous {
            query: query.to_string(),
            candidates,
            others,
        })
    };
    let folded = suggest::fold(query);
    let found = finder.find_key(&folded)?;
    match found.as_slice() {
        [rank] => return Some(Ok((exact(*rank)?, Match::Exact))),
        [_, _, ..] => return Some(Err(ambiguous(&found)?)),
        [] => {}
    }
    let keys = finder.all_keys()?;
    // As the in-memory look-up: the one node with that word.
    let mut by_word: Vec<u32> = keys
        .iter()
        .filter(|(key, _)| suggest::may_match(key, &folded))
        .flat_map(|(_, ranks)| ranks.iter().copied())
        .collect();
    by_word.sort_unstable();
    by_word.dedup();
    let mut rated = Vec::with_capacity(by_word.len());
    for rank in by_word {
        let (_, node) = finder.at(rank)?;
        let aliases = node.aliases.iter().map(String::as_str);
        rated.push((
            rank,
            suggest::word_match(&folded, &node.id, &node.name, aliases),
        ));
    }
    let (by_word, how) = graph::best_matches(rated, |(_, how)| *how);
    let by_word: Vec<u32> = by_word.into_iter().map(|(rank, _)| rank).collect();
    match (by_word.as_slice(), how) {
        ([rank], Some(how)) => return Some(Ok((exact(*rank)?, Match::Word(how)))),
        ([_, _, ..], _) => return Some(Err(ambiguous(&by_word)?)),
        _ => {}
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

impl Store for Stored {
    fn node_count(&self) -> usize {
        self.nodes
    }

    fn edge_count(&self) -> usize {
        self.edges
    }

    fn node(&self, index: NodeIndex) -> &Node {
        match self.node_row(index).and_then(|row| self.by_rank(row.rank)) {
            Some((position, node)) if *position as usize == index.index() => node,
            _ => self.damage(&NO_NODE),
        }
    }

    fn edge(&self, index: EdgeIndex) -> &Edge {
        match self.edge_record(index) {
            Some(edge) => edge,
            None => self.damage(&NO_EDGE),
        }
    }

    fn ends(&self, index: EdgeIndex) -> (NodeIndex, NodeIndex) {
        let ends = self
            .edge_rows
            .get(&self.snapshot, index.index())
            .map(columns::edge_ends)
            .filter(|&(from, to)| (from as usize) < self.nodes && (to as usize) < self.nodes);
        match ends {
            Some((from, to)) => (NodeIndex::new(from as usize), NodeIndex::new(to as usize)),
            // Any node will do as a placeholder: the answer is not used.
            None => self.damage((NodeIndex::new(0), NodeIndex::new(0))),
        }
    }

    fn adjacent(&self, index: NodeIndex, direction: Direction) -> &[(EdgeIndex, NodeIndex)] {
        let (block, i) = (
            index.index() / ADJACENCY_ROWS,
            index.index() % ADJACENCY_ROWS,
        );
        let Some(adjacency) = self.adjacency_block(block) else {
            return self.damage(&[]);
        };
        let row = 2 * i + usize::from(direction == Direction::Incoming);
        match (adjacency.offsets.get(row), adjacency.offsets.get(row + 1)) {
            (Some(&start), Some(&end)) => &adjacency.entries[start as usize..end as usize],
            _ => self.damage(&[]),
        }
    }

    fn node_kind(&self, index: NodeIndex) -> NodeKind {
        let row = self.node_rows.get(&self.snapshot, index.index());
        match row.and_then(columns::node_kind) {
            Some(kind) => kind,
            None => self.damage(NO_NODE.kind),
        }
    }

    fn edge_kind(&self, index: EdgeIndex) -> EdgeKind {
        let row = self.edge_rows.get(&self.snapshot, index.index());
        match row.and_then(columns::edge_kind) {
            Some(kind) => kind,
            None => self.damage(NO_EDGE.kind),
        }
    }

    fn node_when(&self, index: NodeIndex) -> Option<When> {
        match self.node_row(index) {
            Some(row) => row.when,
            None => self.damage(None),
        }
    }

    fn edge_when(&self, index: EdgeIndex) -> Option<When> {
        match self.edge_row(index) {
            Some(row) => row.when,
            None => self.damage(None),
        }
    }

    fn edges_starting_in(&self, years: RangeInclusive<i16>, keep: &mut dyn FnMut(EdgeIndex, When)) {
        let rows = &self.edge_rows;
        for block in 0..self.edges.div_ceil(COLUMN_ROWS) {
            let Some(bytes) = rows.block(&self.snapshot, block) else {
                self.damage(());
                continue;
            };
            for (i, row) in bytes.chunks_exact(EDGE_ROW).enumerate() {
                if !columns::edge_start_year(row).is_some_and(|year| years.contains(&year)) {
                    continue;
                }
                let edge = EdgeIndex::new(block * COLUMN_ROWS + i);
                match self.read_edge_row(row) {
                    Some(EdgeRow {
                        when: Some(when), ..
                    }) => keep(edge, when),
                    Some(_) => {}
                    None => self.damage(()),
                }
            }
        }
    }

    fn edge_kinds(&self, each: &mut dyn FnMut(EdgeIndex, EdgeKind)) {
        self.edge_rows.scan(&self.snapshot, |block, bytes| {
            let Some(bytes) = bytes else {
                self.damage(());
                return;
            };
            for (i, row) in bytes.chunks_exact(EDGE_ROW).enumerate() {
                match columns::edge_kind(row) {
                    Some(kind) => each(EdgeIndex::new(block * COLUMN_ROWS + i), kind),
                    None => self.damage(()),
                }
            }
        });
    }

    fn node_sector(&self, index: NodeIndex) -> Option<Sector> {
        match self.node_row(index) {
            Some(row) => row.sector,
            None => self.damage(None),
        }
    }

    fn edge_amount(&self, index: EdgeIndex) -> Option<Money> {
        // Only money edges have amounts (the checks refuse one on any other
        // edge, and data with errors has no snapshot): the amount rows of
        // the others are not read.
        if !self.edge_kind(index).carries_money() {
            return None;
        }
        let row = self.amounts.get(&self.snapshot, index.index());
        match row.map(columns::read_amount_row) {
            Some(Ok(amount)) => amount,
            _ => self.damage(None),
        }
    }

    fn node_times(&self, each: &mut dyn FnMut(NodeIndex, NodeKind, Option<When>, bool)) {
        let per_block = self.node_rows.per_block;
        for b in 0..self.nodes.div_ceil(per_block) {
            let block = self.node_rows.block(&self.snapshot, b);
            for node in b * per_block..self.nodes.min((b + 1) * per_block) {
                let at = (node - b * per_block) * NODE_ROW;
                let row = block
                    .and_then(|bytes| bytes.get(at..at + NODE_ROW))
                    .and_then(|bytes| {
                        Some((columns::node_kind(bytes)?, self.check_node_row(bytes)?))
                    });
                let index = NodeIndex::new(node);
                match row {
                    Some((kind, row)) => each(index, kind, row.when, row.milestones),
                    None => each(index, self.damage(NO_NODE.kind), self.damage(None), false),
                }
            }
        }
    }

    fn has_milestones(&self, index: NodeIndex) -> bool {
        match self.node_row(index) {
            Some(row) => row.milestones,
            None => self.damage(false),
        }
    }

    fn has_budget(&self, index: NodeIndex) -> bool {
        match self.node_row(index) {
            Some(row) => row.budget,
            None => self.damage(false),
        }
    }

    fn prefetch(&self, nodes: &[NodeIndex], edges: &[EdgeIndex]) {
        let snapshot = &self.snapshot;
        let mut nodes: Vec<usize> = nodes.iter().map(|n| n.index()).collect();
        nodes.sort_unstable();
        let mut edges: Vec<usize> = edges.iter().map(|e| e.index()).collect();
        edges.sort_unstable();
        self.node_rows.prefetch(snapshot, nodes.iter().copied());
        self.node_labels.prefetch(snapshot, nodes.iter().copied());
        self.edge_rows.prefetch(snapshot, edges.iter().copied());
        self.edge_labels.prefetch(snapshot, edges.iter().copied());
        let money = edges
            .iter()
            .filter(|&&e| self.edge_kind(EdgeIndex::new(e)).carries_money());
        self.amounts.prefetch(snapshot, money.copied());
    }

    fn prefetch_adjacency(&self, nodes: &[NodeIndex]) {
        let mut blocks: Vec<usize> = nodes
            .iter()
            .map(|n| n.index() / ADJACENCY_ROWS)
            .filter(|&b| {
                self.adjacency
                    .get(b)
                    .is_some_and(|slot| slot.get().is_none())
            })
            .collect();
        blocks.sort_unstable();
        for (first, count) in runs(blocks.into_iter()) {
            self.read_adjacency(first, count);
        }
    }

    fn node_label(&self, index: NodeIndex) -> Label<'_> {
        match self.stored_node_label(index) {
            Some((label, _)) => label,
            None => self.damage(Label {
                id: "",
                name: "",
                sources: Sources::of(&[]),
            }),
        }
    }

    fn edge_sources(&self, index: EdgeIndex) -> Sources<'_> {
        match self.stored_edge_label(index) {
            Some((sources, _)) => sources,
            None => self.damage(Sources::of(&[])),
        }
    }

    fn node_contested(&self, index: NodeIndex) -> bool {
        match self.stored_node_label(index) {
            Some((_, contested)) => contested,
            None => self.damage(false),
        }
    }

    fn edge_contested(&self, index: EdgeIndex) -> bool {
        match self.stored_edge_label(index) {
            Some((_, contested)) => contested,
            None => self.damage(false),
        }
    }

    fn id_order(&self) -> &[NodeIndex] {
        self.id_order.get_or_init(|| {
            let order: Option<Vec<NodeIndex>> = (0..self.nodes as u32)
                .map(|rank| self.at_rank(rank))
                .collect();
            order.unwrap_or_else(|| self.damage((0..self.nodes).map(NodeIndex::new).collect()))
        })
    }

    fn id_rank(&self, index: NodeIndex) -> u32 {
        let row = self.node_rows.get(&self.snapshot, index.index());
        match row
            .map(columns::node_rank)
            .filter(|&rank| (rank as usize) < self.nodes)
        {
            Some(rank) => rank,
            None => self.damage(0),
        }
    }

    fn by_id(&self, id: &str) -> Option<NodeIndex> {
        match self.find_id(id) {
            Some(None) => None,
            Some(Some(rank)) => match self.by_rank(rank) {
                Some((position, _)) => Some(NodeIndex::new(*position as usize)),
                None => self.damage(None),
            },
            None => self.damage(None),
        }
    }

    fn lookup(&self, query: &str) -> Result<(NodeIndex, Match), LookupError> {
        match resolve(self, query) {
            Some(found) => found,
            None => self.damage(Err(LookupError::NotFound {
                query: query.to_string(),
                suggestions: Vec::new(),
            })),
        }
    }

    fn sources(&self) -> &BTreeMap<String, SourceRecord> {
        self.sources.get_or_init(|| match self.snapshot.sources() {
            Some(list) => list.into_iter().map(|s| (s.id.clone(), s)).collect(),
            None => self.damage(BTreeMap::new()),
        })
    }

    fn damaged(&self) -> bool {
        #[cfg(target_os = "linux")]
        if super::mapped::cut_seen() {
            return true;
        }
        self.damaged.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefetch_runs_join_neighbouring_blocks_and_stop_at_the_most_read_at_once() {
        // Repeats are one block; a gap starts a new run.
        assert_eq!(
            runs([3, 3, 4, 5, 7, 20].into_iter()),
            vec![(3, 3), (7, 1), (20, 1)]
        );
        assert_eq!(runs(std::iter::empty()), vec![]);
        // A run spans MOST_PREFETCHED blocks at most.
        let dense: Vec<(usize, usize)> = runs(0..150);
        assert_eq!(dense, vec![(0, 64), (64, 64), (128, 22)]);
    }
}

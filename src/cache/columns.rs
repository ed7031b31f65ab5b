//! The snapshot's flat arrays: what walks and scans read, in fixed-size
//! rows that are used where they lie in the block read (no decoding step),
//! a block per [`COLUMN_ROWS`] nodes or edges, each with its checksum.
//!
//! - node rows, in file order ([`NODE_ROW`] bytes): kind, flags (has
//!   milestones, has a budget), the date or period, the sector its record
//!   gives, the place in id order;
//! - the id order: for each place, the node there (4 bytes);
//! - edge rows, in file order ([`EDGE_ROW`] bytes): source, target, kind,
//!   the date or period;
//! - amounts, in file order ([`AMOUNT_ROW`] bytes): value, currency,
//!   status (read by `money` alone);
//! - the adjacency, a block per [`ADJACENCY_ROWS`] nodes: compressed sparse
//!   rows in both directions, in relation order, each entry the edge and
//!   the node at its other end.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use strum::IntoEnumIterator;

use crate::model::{
    Currency, EdgeKind, Money, MoneyStatus, NodeKind, PartialDate, Period, Sector, When,
};

/// Rows per block of a column: small, as a walk or an export touches rows
/// all over the file (a block of edge rows is 5 KiB).
pub(super) const COLUMN_ROWS: usize = 256;
/// Nodes per adjacency block: few, as a walk reads the blocks of the
/// nodes it reaches, scattered over the file (with 128, exporting a
/// 2-hop neighbourhood at a million nodes read 30 MB for 1,553 nodes).
pub(super) const ADJACENCY_ROWS: usize = 16;
pub(super) const NODE_ROW: usize = 16;
pub(super) const EDGE_ROW: usize = 20;
pub(super) const ORDER_ROW: usize = 4;
pub(super) const AMOUNT_ROW: usize = 12;

/// The status byte of an edge without an amount.
const NO_AMOUNT: u8 = 0xff;

const HAS_MILESTONES: u8 = 1;
const HAS_BUDGET: u8 = 2;

fn word(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// A date in 4 bytes: the year, then month and day (0 when not given).
fn date_bits(date: PartialDate) -> u32 {
    let (year, month, day) = date.parts();
    (u32::from(year as u16) << 16)
        | (u32::from(month.unwrap_or(0)) << 8)
        | u32::from(day.unwrap_or(0))
}

fn date_of(bits: u32) -> Option<PartialDate> {
    let year = (bits >> 16) as u16 as i16;
    let part = |b: u32| match (b & 0xff) as u8 {
        0 => None,
        n => Some(n),
    };
    PartialDate::from_parts(year, part(bits >> 8), part(bits)).ok()
}

/// A time in 9 bytes: a tag (0 none, 1 a date, 2 an open period, 3 a
/// closed one), then start and end.
fn put_when(out: &mut Vec<u8>, when: Option<When>) {
    let (tag, start, end) = match when {
        None => (0u8, 0, 0),
        Some(When::On(date)) => (1, date_bits(date), 0),
        Some(When::During(Period { start, end: None })) => (2, date_bits(start), 0),
        Some(When::During(Period {
            start,
            end: Some(end),
        })) => (3, date_bits(start), date_bits(end)),
    };
    out.push(tag);
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&end.to_le_bytes());
}

/// The time [`put_when`] wrote at `at`; `Err` if the bytes are not one.
fn when_at(bytes: &[u8], at: usize) -> Result<Option<When>, ()> {
    let start = || date_of(word(bytes, at + 1)).ok_or(());
    Ok(match bytes[at] {
        0 => None,
        1 => Some(When::On(start()?)),
        2 => Some(When::During(Period {
            start: start()?,
            end: None,
        })),
        3 => Some(When::During(Period {
            start: start()?,
            end: Some(date_of(word(bytes, at + 5)).ok_or(())?),
        })),
        _ => return Err(()),
    })
}

/// An optional value of a small enum in a byte: 0 for none.
fn option_code<T: IntoEnumIterator + PartialEq>(value: Option<T>) -> u8 {
    value.map_or(0, |v| kind_code(v) + 1)
}

fn option_of<T: IntoEnumIterator>(code: u8) -> Result<Option<T>, ()> {
    match code {
        0 => Ok(None),
        n => kind_of(n - 1).map(Some).ok_or(()),
    }
}

fn kind_code<T: IntoEnumIterator + PartialEq>(kind: T) -> u8 {
    T::iter().position(|k| k == kind).unwrap_or(0) as u8
}

fn kind_of<T: IntoEnumIterator>(code: u8) -> Option<T> {
    T::iter().nth(usize::from(code))
}

/// One node's row.
pub(super) fn node_row(
    out: &mut Vec<u8>,
    kind: NodeKind,
    milestones: bool,
    budget: bool,
    when: Option<When>,
    sector: Option<Sector>,
    rank: u32,
) {
    out.push(kind_code(kind));
    let flag = |on: bool, bit: u8| if on { bit } else { 0 };
    out.push(flag(milestones, HAS_MILESTONES) | flag(budget, HAS_BUDGET));
    put_when(out, when);
    out.push(option_code(sector));
    out.extend_from_slice(&rank.to_le_bytes());
}

/// A node row as read.
#[derive(Clone, Copy)]
pub(super) struct NodeRow {
    pub(super) milestones: bool,
    pub(super) budget: bool,
    pub(super) when: Option<When>,
    pub(super) sector: Option<Sector>,
    pub(super) rank: u32,
}

pub(super) fn read_node_row(row: &[u8]) -> Option<NodeRow> {
    kind_of::<NodeKind>(row[0])?;
    Some(NodeRow {
        milestones: row[1] & HAS_MILESTONES != 0,
        budget: row[1] & HAS_BUDGET != 0,
        when: when_at(row, 2).ok()?,
        sector: option_of(row[11]).ok()?,
        rank: word(row, 12),
    })
}

/// One edge's row.
pub(super) fn edge_row(out: &mut Vec<u8>, from: u32, to: u32, kind: EdgeKind, when: Option<When>) {
    out.extend_from_slice(&from.to_le_bytes());
    out.extend_from_slice(&to.to_le_bytes());
    out.push(kind_code(kind));
    put_when(out, when);
    out.extend_from_slice(&[0, 0]);
}

/// An edge row as read.
#[derive(Clone, Copy)]
pub(super) struct EdgeRow {
    pub(super) from: u32,
    pub(super) to: u32,
    pub(super) when: Option<When>,
}

pub(super) fn read_edge_row(row: &[u8]) -> Option<EdgeRow> {
    kind_of::<EdgeKind>(row[8])?;
    Some(EdgeRow {
        from: word(row, 0),
        to: word(row, 4),
        when: when_at(row, 9).ok()?,
    })
}

/// The year an edge row's time starts in, read without decoding the
/// time; `None` when the edge is undated. Only the rows of the years a
/// scan wants are then read whole, and checked as [`read_edge_row`]
/// checks; the block's checksum stands for the others.
pub(super) fn edge_start_year(row: &[u8]) -> Option<i16> {
    (row[9] != 0).then(|| (word(row, 10) >> 16) as u16 as i16)
}

/// One edge's amount.
pub(super) fn amount_row(out: &mut Vec<u8>, amount: Option<Money>) {
    match amount {
        None => {
            out.extend_from_slice(&[0; 11]);
            out.push(NO_AMOUNT);
        }
        Some(money) => {
            out.extend_from_slice(&money.value.to_le_bytes());
            let code = money.currency.code().as_bytes();
            out.extend_from_slice(&[code[0], code[1], code[2]]);
            out.push(kind_code(money.status));
        }
    }
}

/// An amount as read; `Err` if the bytes are not one.
pub(super) fn read_amount_row(row: &[u8]) -> Result<Option<Money>, ()> {
    if row[11] == NO_AMOUNT {
        return Ok(None);
    }
    let code = std::str::from_utf8(&row[8..11]).map_err(|_| ())?;
    Ok(Some(Money {
        value: u64::from_le_bytes(row[..8].try_into().unwrap()),
        currency: Currency::from_code(code).ok_or(())?,
        status: kind_of::<MoneyStatus>(row[11]).ok_or(())?,
    }))
}

/// An edge row's ends only.
pub(super) fn edge_ends(row: &[u8]) -> (u32, u32) {
    (word(row, 0), word(row, 4))
}

/// An edge row's kind only.
pub(super) fn edge_kind(row: &[u8]) -> Option<EdgeKind> {
    kind_of(row[8])
}

/// A node row's kind only.
pub(super) fn node_kind(row: &[u8]) -> Option<NodeKind> {
    kind_of(row[0])
}

/// A node row's place in the id order only.
pub(super) fn node_rank(row: &[u8]) -> u32 {
    word(row, 12)
}

pub(super) fn read_order_row(row: &[u8]) -> u32 {
    word(row, 0)
}

/// The adjacency of a run of nodes: for each, its outgoing then its
/// incoming edges.
pub(super) fn adjacency_block<'a>(
    lists: impl Iterator<Item = (&'a [(EdgeIndex, NodeIndex)], &'a [(EdgeIndex, NodeIndex)])>,
) -> Vec<u8> {
    let mut offsets = vec![0u32];
    let mut entries = Vec::new();
    for (outgoing, incoming) in lists {
        for list in [outgoing, incoming] {
            for &(edge, other) in list {
                entries.extend_from_slice(&(edge.index() as u32).to_le_bytes());
                entries.extend_from_slice(&(other.index() as u32).to_le_bytes());
            }
            offsets.push((entries.len() / 8) as u32);
        }
    }
    let mut bytes = Vec::with_capacity(4 + 4 * offsets.len() + entries.len());
    bytes.extend_from_slice(&(offsets.len() as u32).to_le_bytes());
    for offset in offsets {
        bytes.extend_from_slice(&offset.to_le_bytes());
    }
    bytes.extend_from_slice(&entries);
    bytes
}

/// An adjacency block as read: `offsets[2i]..offsets[2i + 1]` are the
/// block's node `i`'s outgoing edges in `entries`, then its incoming ones.
pub(super) struct Adjacency {
    pub(super) offsets: Box<[u32]>,
    pub(super) entries: Box<[(EdgeIndex, NodeIndex)]>,
}

/// Reads an adjacency block of `rows` nodes; `None` unless its offsets
/// are in order and its entries point at nodes and edges that exist.
pub(super) fn read_adjacency(
    bytes: &[u8],
    rows: usize,
    nodes: usize,
    edges: usize,
) -> Option<Adjacency> {
    let count = word(bytes.get(..4)?, 0) as usize;
    if count != 2 * rows + 1 {
        return None;
    }
    let offsets_end = 4usize.checked_add(count.checked_mul(4)?)?;
    let offsets: Box<[u32]> = bytes
        .get(4..offsets_end)?
        .chunks_exact(4)
        .map(|w| word(w, 0))
        .collect();
    if offsets[0] != 0 || offsets.windows(2).any(|w| w[0] > w[1]) {
        return None;
    }
    let total = *offsets.last()? as usize;
    let raw = bytes.get(offsets_end..)?;
    if raw.len() != total.checked_mul(8)? {
        return None;
    }
    let entries: Box<[(EdgeIndex, NodeIndex)]> = raw
        .chunks_exact(8)
        .map(|pair| {
            let (edge, other) = (word(pair, 0) as usize, word(pair, 4) as usize);
            (edge < edges && other < nodes).then(|| (EdgeIndex::new(edge), NodeIndex::new(other)))
        })
        .collect::<Option<_>>()?;
    Some(Adjacency { offsets, entries })
}

/// A block of records each encoded on its own, so that one can be decoded
/// without the others: the count, the end of each record, the records.
pub(super) fn record_block(records: &[Vec<u8>]) -> Vec<u8> {
    let size: usize = records.iter().map(Vec::len).sum();
    let mut bytes = Vec::with_capacity(4 + 4 * records.len() + size);
    bytes.extend_from_slice(&(records.len() as u32).to_le_bytes());
    let mut end = 0u32;
    for record in records {
        end += record.len() as u32;
        bytes.extend_from_slice(&end.to_le_bytes());
    }
    for record in records {
        bytes.extend_from_slice(record);
    }
    bytes
}

/// How many records a [`record_block`] holds; `None` unless its ends are
/// in order and within it.
pub(super) fn record_count(bytes: &[u8]) -> Option<usize> {
    let count = word(bytes.get(..4)?, 0) as usize;
    let base = 4usize.checked_add(count.checked_mul(4)?)?;
    let ends = bytes.get(4..base)?;
    let mut last = 0;
    for end in ends.chunks_exact(4) {
        let end = word(end, 0) as usize;
        if end < last {
            return None;
        }
        last = end;
    }
    (base.checked_add(last)? == bytes.len()).then_some(count)
}

/// Record `i` of a [`record_block`] whose count was checked.
pub(super) fn record(bytes: &[u8], i: usize) -> &[u8] {
    let count = word(bytes, 0) as usize;
    let base = 4 + 4 * count;
    let start = if i == 0 {
        0
    } else {
        word(bytes, 4 * i) as usize
    };
    let end = word(bytes, 4 + 4 * i) as usize;
    &bytes[base + start..base + end]
}

/// Labels: what a line about a node or an edge prints, apart from the
/// records ([`crate::graph::Label`]), a [`record_block`] per
/// [`COLUMN_ROWS`] nodes or edges in file order. A node's entry: flags
/// (contested), the lengths of its id and name (4 bytes each), the id,
/// the name, then its sources as places in the sorted source ids (4 bytes
/// each). An edge's: flags, then its sources.
const CONTESTED: u8 = 1;

pub(super) fn node_label(
    out: &mut Vec<u8>,
    id: &str,
    name: &str,
    contested: bool,
    sources: &[u32],
) {
    out.push(if contested { CONTESTED } else { 0 });
    out.extend_from_slice(&(id.len() as u32).to_le_bytes());
    out.extend_from_slice(&(name.len() as u32).to_le_bytes());
    out.extend_from_slice(id.as_bytes());
    out.extend_from_slice(name.as_bytes());
    for source in sources {
        out.extend_from_slice(&source.to_le_bytes());
    }
}

pub(super) fn edge_label(out: &mut Vec<u8>, contested: bool, sources: &[u32]) {
    out.push(if contested { CONTESTED } else { 0 });
    for source in sources {
        out.extend_from_slice(&source.to_le_bytes());
    }
}

/// A node's label as stored: id, name, the places of its sources, and
/// whether it is contested; `None` unless the entry is one.
pub(super) fn read_node_label(entry: &[u8]) -> Option<(&str, &str, &[u8], bool)> {
    let flags = *entry.first()?;
    let id_len = word(entry.get(1..5)?, 0) as usize;
    let name_len = word(entry.get(5..9)?, 0) as usize;
    let name_at = 9usize.checked_add(id_len)?;
    let sources_at = name_at.checked_add(name_len)?;
    let id = std::str::from_utf8(entry.get(9..name_at)?).ok()?;
    let name = std::str::from_utf8(entry.get(name_at..sources_at)?).ok()?;
    Some((id, name, entry.get(sources_at..)?, flags & CONTESTED != 0))
}

/// An edge's label as stored: the places of its sources, and whether it
/// is contested.
pub(super) fn read_edge_label(entry: &[u8]) -> Option<(&[u8], bool)> {
    let flags = *entry.first()?;
    Some((&entry[1..], flags & CONTESTED != 0))
}

//! The snapshot's layout: block references, the index, directories and key
//! lists used in place, and the records as stored.

use std::borrow::Cow;

use super::*;

/// Where a block is in the snapshot file, and its checksum.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(super) struct BlockRef {
    pub(super) offset: u64,
    pub(super) len: u64,
    pub(super) checksum: u64,
}

/// The table of contents, read first. The directories it points to are
/// used in place, without decoding: a block directory is an array of
/// [`BlockRef`]s (24 bytes each, little-endian), a key list an array of
/// offsets followed by the keys' bytes, searched in place.
#[derive(Serialize, Deserialize)]
pub(super) struct Index {
    /// When reading the data files began, in nanoseconds since the epoch.
    pub(super) read_at: i128,
    /// What "today" was (year, month, day) when the data was checked.
    /// Data with no actual milestone after that day has none after a later
    /// day either, but may have on an earlier day (`$REGGRAPH_TODAY` set
    /// back, a clock put right): the snapshot is then set aside.
    pub(super) checked_on: (i16, i8, i8),
    /// The earliest last day of a planned milestone (`actual: false`), if
    /// any: none had passed on the day the data was checked, but once today
    /// is after this day one has, a warning the snapshot would hide; it is
    /// then set aside.
    pub(super) planned_until: Option<(i16, i8, i8)>,
    /// Every data file, in path order.
    pub(super) files: Vec<FileStamp>,
    pub(super) node_count: u64,
    pub(super) edge_count: u64,
    pub(super) source_count: u64,
    /// Directory of the node blocks.
    pub(super) nodes: BlockRef,
    /// Key list: the id of the first node of each node block.
    pub(super) first_ids: BlockRef,
    /// Directory of the edge blocks.
    pub(super) edges: BlockRef,
    /// Directory of the name blocks.
    pub(super) names: BlockRef,
    /// Key list: the first key of each name block.
    pub(super) first_keys: BlockRef,
    pub(super) sources: BlockRef,
    /// Directories of the flat arrays (`columns`): node rows, the id
    /// order, edge rows, amounts, adjacency.
    pub(super) node_rows: BlockRef,
    pub(super) id_order: BlockRef,
    pub(super) edge_rows: BlockRef,
    pub(super) amounts: BlockRef,
    pub(super) adjacency: BlockRef,
    /// The warnings of the check the snapshot was taken after (data with an
    /// error is never stored).
    pub(super) warnings: BlockRef,
    /// The earliest first day of an actual milestone after the day the data
    /// was checked, if any: from that day on its `future-milestone`
    /// warning is gone, which the stored warnings would still show; the
    /// snapshot is then set aside.
    pub(super) future_until: Option<(i16, i8, i8)>,
    /// What each file gave the graph ([`FilePart`]s, in path order; none
    /// if not known) and how many times each source is cited (in id
    /// order), read only after an edit of one file.
    pub(super) parts: BlockRef,
    /// Directories of the labels (`columns::node_label`, `edge_label`):
    /// what a line about a node or an edge prints, read without the
    /// records.
    pub(super) node_labels: BlockRef,
    pub(super) edge_labels: BlockRef,
}

pub(super) const REF_BYTES: usize = 24;

/// Bytes of a directory or key list: all of it in memory (read and checked
/// whole), or read a few at a time from the file where it lies.
pub(super) trait Stored {
    /// `len` bytes from `start`, or `None` past the end or on a failed read.
    fn bytes(&self, start: usize, len: usize) -> Option<Cow<'_, [u8]>>;
    fn size(&self) -> usize;
}

impl Stored for Vec<u8> {
    fn bytes(&self, start: usize, len: usize) -> Option<Cow<'_, [u8]>> {
        self.get(start..start.checked_add(len)?).map(Cow::Borrowed)
    }

    fn size(&self) -> usize {
        self.len()
    }
}

/// A directory or key list read in place, a few bytes per look-up: a look
/// at one node needs a handful of entries of directories that hold one
/// per block (megabytes on a million nodes, all of it faulted into fresh
/// memory when read whole). Its checksum cannot be checked without reading
/// it all, so what it leads to is: every block carries its own checksum,
/// and a miss is believed only once the whole list has been checked
/// ([`super::Snapshot::find_id`]).
pub(super) struct InPlace<'f> {
    pub(super) file: &'f std::fs::File,
    pub(super) at: BlockRef,
}

impl Stored for InPlace<'_> {
    fn bytes(&self, start: usize, len: usize) -> Option<Cow<'_, [u8]>> {
        if start.checked_add(len)? as u64 > self.at.len {
            return None;
        }
        let mut bytes = vec![0u8; len];
        read_exact_at(self.file, &mut bytes, self.at.offset + start as u64).ok()?;
        Some(Cow::Owned(bytes))
    }

    fn size(&self) -> usize {
        usize::try_from(self.at.len).unwrap_or(usize::MAX)
    }
}

/// A block directory, used in place: an array of [`BlockRef`]s.
pub(super) struct Directory<S: Stored = Vec<u8>>(pub(super) S);

impl Directory {
    pub(super) fn encode(refs: &[BlockRef]) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(refs.len() * REF_BYTES);
        for r in refs {
            bytes.extend_from_slice(&r.offset.to_le_bytes());
            bytes.extend_from_slice(&r.len.to_le_bytes());
            bytes.extend_from_slice(&r.checksum.to_le_bytes());
        }
        bytes
    }
}

impl<S: Stored> Directory<S> {
    pub(super) fn len(&self) -> usize {
        self.0.size() / REF_BYTES
    }

    pub(super) fn get(&self, i: usize) -> Option<BlockRef> {
        let entry = self.0.bytes(i.checked_mul(REF_BYTES)?, REF_BYTES)?;
        let word = |k: usize| u64::from_le_bytes(entry[8 * k..8 * k + 8].try_into().unwrap());
        Some(BlockRef {
            offset: word(0),
            len: word(1),
            checksum: word(2),
        })
    }
}

/// Sorted keys, searched in place: a count, the offsets of the keys
/// (count + 1 of them, 4 bytes each), then the keys' bytes.
pub(super) struct Keys<S: Stored = Vec<u8>>(pub(super) S);

impl Keys {
    pub(super) fn encode(keys: &[&str]) -> Vec<u8> {
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
}

impl<S: Stored> Keys<S> {
    fn word(&self, at: usize) -> Option<usize> {
        let bytes = self.0.bytes(at, 4)?;
        Some(u32::from_le_bytes(bytes.as_ref().try_into().ok()?) as usize)
    }

    pub(super) fn len(&self) -> usize {
        self.word(0).unwrap_or(0)
    }

    pub(super) fn get(&self, i: usize) -> Option<Cow<'_, [u8]>> {
        let pair = self.0.bytes(4 + 4 * i, 8)?;
        let start = u32::from_le_bytes(pair[..4].try_into().ok()?) as usize;
        let end = u32::from_le_bytes(pair[4..].try_into().ok()?) as usize;
        let base = 4 + 4 * (self.len() + 1);
        self.0.bytes(base + start, end.checked_sub(start)?)
    }

    /// How many keys are at most `key` (the block that may hold it is the
    /// one before); `None` if the list is damaged.
    pub(super) fn place(&self, key: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = (low + high) / 2;
            if *self.get(middle)? <= *key.as_bytes() {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        Some(low)
    }
}

/// A node as stored: its record and its place in file order (its edges
/// are in the adjacency blocks).
#[derive(Serialize, Deserialize)]
pub(super) struct NodeEntry {
    pub(super) position: u32,
    pub(super) node: SnapNode,
}

// What a snapshot holds. The model's own serde attributes skip empty
// fields (for tidy RON), which a compact binary format cannot do, so the
// snapshot uses these plain mirrors, written with postcard.
pub(super) type SnapDate = (i16, Option<u8>, Option<u8>);

#[derive(Clone, Serialize, Deserialize)]
pub(super) struct SnapSource {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) publisher: Option<String>,
    pub(super) source_type: Option<SourceType>,
    pub(super) published: Option<SnapDate>,
    pub(super) url: Option<String>,
    pub(super) language: Option<String>,
    pub(super) note: Option<String>,
}

pub(super) type SnapMoney = (u64, String, MoneyStatus);

#[derive(Clone, Serialize, Deserialize)]
pub(super) struct SnapCitation {
    pub(super) source: String,
    pub(super) quote: Option<String>,
    pub(super) locator: Option<String>,
    pub(super) retrieved: Option<SnapDate>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(super) struct SnapAlternative {
    pub(super) date: Option<SnapDate>,
    pub(super) amount: Option<SnapMoney>,
    pub(super) rank: Rank,
    pub(super) citations: Vec<SnapCitation>,
    pub(super) note: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(super) struct SnapMilestone {
    pub(super) stage: Stage,
    pub(super) date: SnapDate,
    pub(super) actual: bool,
    pub(super) scope: Option<String>,
    pub(super) note: Option<String>,
    pub(super) sources: Vec<String>,
    pub(super) citations: Vec<SnapCitation>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(super) struct SnapNode {
    pub(super) id: String,
    pub(super) kind: NodeKind,
    pub(super) name: String,
    pub(super) aliases: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) date: Option<SnapDate>,
    pub(super) period: Option<(SnapDate, Option<SnapDate>)>,
    pub(super) jurisdiction: Option<String>,
    pub(super) status: Option<RegulationStatus>,
    pub(super) sector: Option<Sector>,
    pub(super) budget: Option<SnapMoney>,
    pub(super) milestones: Vec<SnapMilestone>,
    pub(super) sources: Vec<String>,
    pub(super) quote: Option<String>,
    pub(super) citations: Vec<SnapCitation>,
    pub(super) alternatives: Vec<SnapAlternative>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(super) struct SnapEdge {
    pub(super) id: Option<String>,
    pub(super) from: String,
    pub(super) kind: EdgeKind,
    pub(super) to: String,
    pub(super) date: Option<SnapDate>,
    pub(super) period: Option<(SnapDate, Option<SnapDate>)>,
    pub(super) amount: Option<SnapMoney>,
    pub(super) sources: Vec<String>,
    pub(super) quote: Option<String>,
    pub(super) citations: Vec<SnapCitation>,
    pub(super) alternatives: Vec<SnapAlternative>,
    pub(super) note: Option<String>,
}

pub(super) fn date_out(d: PartialDate) -> SnapDate {
    d.parts()
}

pub(super) fn date_in(d: SnapDate) -> Option<PartialDate> {
    PartialDate::from_parts(d.0, d.1, d.2).ok()
}

pub(super) fn period_out(p: Period) -> (SnapDate, Option<SnapDate>) {
    (date_out(p.start), p.end.map(date_out))
}

pub(super) fn period_in(p: (SnapDate, Option<SnapDate>)) -> Option<Period> {
    Some(Period {
        start: date_in(p.0)?,
        end: match p.1 {
            Some(end) => Some(date_in(end)?),
            None => None,
        },
    })
}

pub(super) fn money_out(m: Money) -> SnapMoney {
    (m.value, m.currency.code().to_string(), m.status)
}

pub(super) fn money_in((value, code, status): SnapMoney) -> Option<Money> {
    Some(Money {
        value,
        currency: Currency::from_code(&code)?,
        status,
    })
}

pub(super) fn citations_out(list: &[Citation]) -> Vec<SnapCitation> {
    list.iter()
        .map(|c| SnapCitation {
            source: c.source.clone(),
            quote: c.quote.clone(),
            locator: c.locator.clone(),
            retrieved: c.retrieved.map(date_out),
        })
        .collect()
}

pub(super) fn citations_in(list: Vec<SnapCitation>) -> Option<Vec<Citation>> {
    list.into_iter()
        .map(|c| {
            Some(Citation {
                source: c.source,
                quote: c.quote,
                locator: c.locator,
                retrieved: opt(c.retrieved, date_in)?,
            })
        })
        .collect()
}

pub(super) fn alternatives_out(list: &[Alternative]) -> Vec<SnapAlternative> {
    list.iter()
        .map(|a| SnapAlternative {
            date: a.date.map(date_out),
            amount: a.amount.map(money_out),
            rank: a.rank,
            citations: citations_out(&a.citations),
            note: a.note.clone(),
        })
        .collect()
}

pub(super) fn alternatives_in(list: Vec<SnapAlternative>) -> Option<Vec<Alternative>> {
    list.into_iter()
        .map(|a| {
            Some(Alternative {
                date: opt(a.date, date_in)?,
                amount: opt(a.amount, money_in)?,
                rank: a.rank,
                citations: citations_in(a.citations)?,
                note: a.note,
            })
        })
        .collect()
}

pub(super) fn opt<T, U>(value: Option<T>, f: impl FnOnce(T) -> Option<U>) -> Option<Option<U>> {
    match value {
        None => Some(None),
        Some(v) => f(v).map(Some),
    }
}

// Back to the model, `None` if anything does not convert (a snapshot from
// a buggy writer is then rebuilt, never trusted).

impl SnapSource {
    pub(super) fn of(s: &SourceRecord) -> SnapSource {
        SnapSource {
            id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            source_type: s.source_type,
            published: s.published.map(date_out),
            url: s.url.clone(),
            language: s.language.clone(),
            note: s.note.clone(),
        }
    }

    pub(super) fn into_model(self) -> Option<SourceRecord> {
        Some(SourceRecord {
            id: self.id,
            title: self.title,
            publisher: self.publisher,
            source_type: self.source_type,
            published: opt(self.published, date_in)?,
            url: self.url,
            language: self.language,
            note: self.note,
        })
    }
}

impl SnapNode {
    pub(super) fn of(n: &Node) -> SnapNode {
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
            sector: n.sector,
            budget: n.budget.map(money_out),
            milestones: n
                .milestones
                .iter()
                .map(|m| SnapMilestone {
                    stage: m.stage,
                    date: date_out(m.date),
                    actual: m.actual,
                    scope: m.scope.clone(),
                    note: m.note.clone(),
                    sources: m.sources.clone(),
                    citations: citations_out(&m.citations),
                })
                .collect(),
            sources: n.sources.clone(),
            quote: n.quote.clone(),
            citations: citations_out(&n.citations),
            alternatives: alternatives_out(&n.alternatives),
        }
    }

    pub(super) fn into_model(self) -> Option<Node> {
        let mut milestones = Vec::with_capacity(self.milestones.len());
        for m in self.milestones {
            milestones.push(Milestone {
                stage: m.stage,
                date: date_in(m.date)?,
                actual: m.actual,
                scope: m.scope,
                note: m.note,
                sources: m.sources,
                citations: citations_in(m.citations)?,
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
            sector: self.sector,
            budget: opt(self.budget, money_in)?,
            milestones,
            sources: self.sources,
            quote: self.quote,
            citations: citations_in(self.citations)?,
            alternatives: alternatives_in(self.alternatives)?,
        })
    }
}

impl SnapEdge {
    pub(super) fn of(e: &Edge) -> SnapEdge {
        SnapEdge {
            id: e.id.clone(),
            from: e.from.clone(),
            kind: e.kind,
            to: e.to.clone(),
            date: e.date.map(date_out),
            period: e.period.map(period_out),
            amount: e.amount.map(money_out),
            sources: e.sources.clone(),
            quote: e.quote.clone(),
            citations: citations_out(&e.citations),
            alternatives: alternatives_out(&e.alternatives),
            note: e.note.clone(),
        }
    }

    pub(super) fn into_model(self) -> Option<Edge> {
        Some(Edge {
            id: self.id,
            from: self.from,
            kind: self.kind,
            to: self.to,
            date: opt(self.date, date_in)?,
            period: opt(self.period, period_in)?,
            amount: opt(self.amount, money_in)?,
            sources: self.sources,
            quote: self.quote,
            citations: citations_in(self.citations)?,
            alternatives: alternatives_in(self.alternatives)?,
            note: self.note,
        })
    }
}

/// A diagnostic as stored (its code by name, found again in the registry).
#[derive(Serialize, Deserialize)]
pub(super) struct SnapDiagnostic {
    pub(super) error: bool,
    pub(super) code: String,
    pub(super) message: String,
    pub(super) primary: Option<SnapLabel>,
    pub(super) secondary: Vec<SnapLabel>,
    pub(super) help: Option<String>,
    pub(super) notes: Vec<String>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct SnapLabel {
    pub(super) file: u64,
    pub(super) start: u64,
    pub(super) end: u64,
    pub(super) message: String,
}

impl SnapLabel {
    fn of(label: &Label) -> SnapLabel {
        SnapLabel {
            file: label.file as u64,
            start: label.span.start as u64,
            end: label.span.end as u64,
            message: label.message.clone(),
        }
    }

    fn into_model(self) -> Option<Label> {
        let at = |n: u64| usize::try_from(n).ok();
        Some(Label {
            file: at(self.file)?,
            span: at(self.start)?..at(self.end)?,
            message: self.message,
        })
    }
}

impl SnapDiagnostic {
    pub(super) fn of(d: &Diagnostic) -> SnapDiagnostic {
        SnapDiagnostic {
            error: d.is_error(),
            code: d.code.to_string(),
            message: d.message.clone(),
            primary: d.primary.as_ref().map(SnapLabel::of),
            secondary: d.secondary.iter().map(SnapLabel::of).collect(),
            help: d.help.clone(),
            notes: d.notes.clone(),
        }
    }

    pub(super) fn into_model(self) -> Option<Diagnostic> {
        let code = crate::diagnostic::CODES
            .iter()
            .find(|(code, _)| *code == self.code)?
            .0;
        Some(Diagnostic {
            severity: if self.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            code,
            message: self.message,
            primary: opt(self.primary, SnapLabel::into_model)?,
            secondary: self
                .secondary
                .into_iter()
                .map(SnapLabel::into_model)
                .collect::<Option<_>>()?,
            help: self.help,
            notes: self.notes,
        })
    }
}

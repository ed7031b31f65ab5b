//! What changed between two states of the data, by meaning: records matched
//! by identity, not by line, so that moving a record to another file,
//! laying a file out again or reordering records is no change.
//!
//! Nodes and sources are matched by id; edges by their `id` when both sides
//! give the same one, else by (from, kind, to, date or period), and the
//! edges left over by closeness among those of the same (from, kind, to),
//! so that an edited amount or a corrected date reads as a change of that
//! field, not as a removal and an addition; milestones by regulation and
//! stage, the closest first (the same scope, else the same date: a scope
//! written in later is a change), with a planned date moved called a slip and a planned
//! date become actual a confirmation. Each change is said field by field,
//! in the words of [`crate::words`], with the file and line on both sides.
//!
//! The two states are [`Side`]s: a folder as it is on disk, or the data
//! folder as committed at a git revision ([`side`]).

pub mod history;
pub mod side;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::model::{Citation, Edge, EdgeKind, Milestone, Node, Source, When};
use crate::words;

pub use side::{Side, SideError};

/// Where a record is written: its file (as diagnostics name it) and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    /// From 1.
    pub line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A record with the place it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed<T> {
    pub record: T,
    pub place: Place,
}

/// A milestone with the regulation it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegulationMilestone {
    /// The regulation's id and name.
    pub node: String,
    pub name: String,
    pub milestone: Milestone,
}

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Added,
    Removed,
    /// Some field differs (for a milestone: not its date alone, see
    /// [`Status::Slip`]).
    Changed,
    /// A planned milestone's date moved, and it is still planned.
    Slip,
    /// A planned milestone happened: it is now actual.
    Confirmation,
}

impl Status {
    /// `added`, `removed`, `changed`, `slip`, `confirmation`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Slip => "slip",
            Status::Confirmation => "confirmation",
        }
    }
}

/// One field that differs, its values in words (`None`: not written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One record added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<T> {
    pub status: Status,
    pub before: Option<Placed<T>>,
    pub after: Option<Placed<T>>,
    /// For a change, each field that differs, in the documented order.
    pub fields: Vec<FieldChange>,
}

impl<T> Change<T> {
    /// The record as it is after the change, else as it was.
    pub fn record(&self) -> &T {
        &self
            .after
            .as_ref()
            .or(self.before.as_ref())
            .expect("a change has a side")
            .record
    }
}

/// Everything that differs between two sides, each list sorted by the
/// records' identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    pub sources: Vec<Change<Source>>,
    pub nodes: Vec<Change<Node>>,
    pub edges: Vec<Change<Edge>>,
    pub milestones: Vec<Change<RegulationMilestone>>,
}

/// How many records of one kind were added, removed and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    /// Milestones only.
    pub slips: usize,
    pub confirmations: usize,
}

impl Counts {
    fn of<T>(changes: &[Change<T>]) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            match change.status {
                Status::Added => counts.added += 1,
                Status::Removed => counts.removed += 1,
                Status::Changed => counts.changed += 1,
                Status::Slip => counts.slips += 1,
                Status::Confirmation => counts.confirmations += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.added + self.removed + self.changed + self.slips + self.confirmations
    }

    /// `1 added, 2 changed` (`1 slip, 1 confirmation` for milestones);
    /// empty when nothing changed.
    pub fn words(&self) -> String {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (self.added, "added", "added"),
            (self.removed, "removed", "removed"),
            (self.changed, "changed", "changed"),
            (self.slips, "slip", "slips"),
            (self.confirmations, "confirmation", "confirmations"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        }
        parts.join(", ")
    }
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
            && self.nodes.is_empty()
            && self.edges.is_empty()
            && self.milestones.is_empty()
    }

    /// Counts of sources, nodes, edges and milestones.
    pub fn counts(&self) -> [Counts; 4] {
        [
            Counts::of(&self.sources),
            Counts::of(&self.nodes),
            Counts::of(&self.edges),
            Counts::of(&self.milestones),
        ]
    }
}

/// The records of one side with their places.
struct Records<'a> {
    sources: Vec<(&'a Source, Place)>,
    nodes: Vec<(&'a Node, Place)>,
    edges: Vec<(&'a Edge, Place)>,
    side: &'a Side,
    /// Where each milestone starts, per file and regulation, read when a
    /// milestone of that file changed (its file parsed again once).
    milestone_lines: std::cell::RefCell<FxHashMap<String, FxHashMap<String, Vec<usize>>>>,
}

impl<'a> Records<'a> {
    fn of(side: &'a Side) -> Records<'a> {
        let checked = &side.checked;
        let mut records = Records {
            sources: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            side,
            milestone_lines: Default::default(),
        };
        let lines = |file: usize, at: &[u32]| -> Vec<Place> {
            let name = checked.files.name(file).to_string();
            lines_of(checked.files.text(file), at)
                .into_iter()
                .map(|line| Place {
                    file: name.clone(),
                    line,
                })
                .collect()
        };
        for (file, (part, at)) in checked.parts.iter().zip(&checked.places).enumerate() {
            records
                .sources
                .extend(part.sources.iter().zip(lines(file, &at.sources)));
            records
                .nodes
                .extend(part.nodes.iter().zip(lines(file, &at.nodes)));
            records
                .edges
                .extend(part.edges.iter().zip(lines(file, &at.edges)));
        }
        records
    }
}

impl Records<'_> {
    /// The place of milestone `k` of `node`, written at `at`: its own line
    /// when its file can be read again, else its regulation's.
    fn milestone_place(&self, node: &Node, at: &Place, k: usize) -> Place {
        let mut cache = self.milestone_lines.borrow_mut();
        let lines = cache.entry(at.file.clone()).or_insert_with(|| {
            let files = &self.side.checked.files;
            let Some(file) = (0..files.len()).find(|&f| files.name(f) == at.file) else {
                return FxHashMap::default();
            };
            let text = files.text(file);
            let parsed = crate::load::parse::parse_file(file, text);
            parsed
                .nodes
                .into_iter()
                .filter(|n| !n.record.milestones.is_empty())
                .map(|n| {
                    let starts: Vec<u32> = n
                        .record
                        .milestones
                        .iter()
                        .map(|m| m.span.start as u32)
                        .collect();
                    (n.record.id.value, lines_of(text, &starts))
                })
                .collect()
        });
        let line = lines
            .get(&node.id)
            .filter(|l| l.len() == node.milestones.len())
            .and_then(|l| l.get(k));
        Place {
            file: at.file.clone(),
            line: line.copied().unwrap_or(at.line),
        }
    }
}

/// The line (from 1) of each byte offset in `text`, for offsets in any
/// order: one pass over the text, whatever their number.
fn lines_of(text: &str, offsets: &[u32]) -> Vec<usize> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    offsets
        .iter()
        .map(|&at| starts.partition_point(|&s| s <= at as usize).max(1))
        .collect()
}

/// What differs from `before` to `after`.
pub fn diff(before: &Side, after: &Side) -> Diff {
    let old = Records::of(before);
    let new = Records::of(after);
    let mut out = Diff {
        sources: by_id(&old.sources, &new.sources, |s| &s.id, source_fields),
        nodes: by_id(&old.nodes, &new.nodes, |n| &n.id, node_fields),
        edges: edges(&old.edges, &new.edges),
        milestones: Vec::new(),
    };
    out.milestones = milestones(&old, &new);
    out
}

/// Records matched by id, in id order.
fn by_id<T: Clone + PartialEq>(
    old: &[(&T, Place)],
    new: &[(&T, Place)],
    id: impl Fn(&T) -> &String,
    fields: impl Fn(&T) -> Vec<(&'static str, Option<String>)>,
) -> Vec<Change<T>> {
    type Sides<'r, 'a, T> = (Option<&'r (&'a T, Place)>, Option<&'r (&'a T, Place)>);
    let mut all: BTreeMap<&String, Sides<T>> = BTreeMap::new();
    for record in old {
        all.entry(id(record.0)).or_default().0 = Some(record);
    }
    for record in new {
        all.entry(id(record.0)).or_default().1 = Some(record);
    }
    all.into_values()
        .filter_map(|(before, after)| change(before, after, &fields))
        .collect()
}

/// The change from `before` to `after` (either may be missing), none when
/// they are equal.
fn change<T: Clone + PartialEq>(
    before: Option<&(&T, Place)>,
    after: Option<&(&T, Place)>,
    fields: &impl Fn(&T) -> Vec<(&'static str, Option<String>)>,
) -> Option<Change<T>> {
    let placed = |r: &(&T, Place)| Placed {
        record: r.0.clone(),
        place: r.1.clone(),
    };
    match (before, after) {
        (Some(b), Some(a)) => {
            let fields = field_changes(fields(b.0), fields(a.0));
            (!fields.is_empty()).then(|| Change {
                status: Status::Changed,
                before: Some(placed(b)),
                after: Some(placed(a)),
                fields,
            })
        }
        (Some(b), None) => Some(Change {
            status: Status::Removed,
            before: Some(placed(b)),
            after: None,
            fields: Vec::new(),
        }),
        (None, Some(a)) => Some(Change {
            status: Status::Added,
            before: None,
            after: Some(placed(a)),
            fields: Vec::new(),
        }),
        (None, None) => None,
    }
}

/// The fields whose words differ, in the order given.
fn field_changes(
    before: Vec<(&'static str, Option<String>)>,
    after: Vec<(&'static str, Option<String>)>,
) -> Vec<FieldChange> {
    before
        .into_iter()
        .zip(after)
        .filter(|((_, b), (_, a))| b != a)
        .map(|((field, before), (_, after))| FieldChange {
            field,
            before,
            after,
        })
        .collect()
}

fn listed(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(", "))
}

/// Free text in quotes, its quotes, backslashes and line breaks escaped
/// (`"say \"hi\""`), so that two values that differ never read alike
/// (a comma in a quote, an alias holding one).
fn text(t: &str) -> String {
    format!("{t:?}")
}

fn quoted(t: &Option<String>) -> Option<String> {
    t.as_deref().map(text)
}

/// Free words, each quoted: `"MistralAI", "Mistral"`.
fn texts(items: &[String]) -> Option<String> {
    let quoted: Vec<String> = items.iter().map(|t| text(t)).collect();
    listed(&quoted)
}

/// `editorial "les mots" ("para. 4", read 2026-11-30)`, each citation,
/// separated by `; `.
fn citations(citations: &[Citation]) -> Option<String> {
    let words: Vec<String> = citations
        .iter()
        .map(|c| {
            let mut words = c.source.clone();
            if let Some(quote) = &c.quote {
                words.push_str(&format!(" {}", text(quote)));
            }
            let mut place = Vec::new();
            place.extend(c.locator.as_deref().map(text));
            place.extend(c.retrieved.map(|d| format!("read {d}")));
            if !place.is_empty() {
                words.push_str(&format!(" ({})", place.join(", ")));
            }
            words
        })
        .collect();
    (!words.is_empty()).then(|| words.join("; "))
}

/// Each alternative value: its date or amount, rank, citations and note.
fn alternatives(alternatives: &[crate::model::Alternative]) -> Option<String> {
    let words: Vec<String> = alternatives
        .iter()
        .map(|a| {
            let mut parts = Vec::new();
            parts.extend(a.date.map(|d| d.to_string()));
            parts.extend(a.amount.as_ref().map(words::amount));
            parts.push(a.rank.label());
            parts.extend(citations(&a.citations).map(|c| format!("[{c}]")));
            parts.extend(a.note.as_deref().map(text));
            parts.join(" ")
        })
        .collect();
    (!words.is_empty()).then(|| words.join("; "))
}

fn source_fields(s: &Source) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("title", Some(text(&s.title))),
        ("publisher", quoted(&s.publisher)),
        ("type", s.source_type.map(|t| t.label())),
        ("published", s.published.map(|d| d.to_string())),
        ("url", s.url.clone()),
        ("language", s.language.clone()),
        ("note", quoted(&s.note)),
    ]
}

fn node_fields(n: &Node) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("kind", Some(n.kind.label())),
        ("name", Some(text(&n.name))),
        ("aliases", texts(&n.aliases)),
        ("description", quoted(&n.description)),
        ("tags", texts(&n.tags)),
        ("date", n.date.map(|d| d.to_string())),
        ("period", n.period.map(|p| When::During(p).to_string())),
        ("jurisdiction", n.jurisdiction.clone()),
        ("status", n.status.map(|s| s.label())),
        ("sector", n.sector.map(|s| s.label())),
        ("budget", n.budget.as_ref().map(words::amount)),
        ("sources", listed(&n.sources)),
        ("quote", quoted(&n.quote)),
        ("citations", citations(&n.citations)),
        ("alternatives", alternatives(&n.alternatives)),
    ]
}

fn edge_fields(e: &Edge) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("id", e.id.clone()),
        ("from", Some(e.from.clone())),
        ("kind", Some(e.kind.label())),
        ("to", Some(e.to.clone())),
        ("date", e.date.map(|d| d.to_string())),
        ("period", e.period.map(|p| When::During(p).to_string())),
        ("amount", e.amount.as_ref().map(words::amount)),
        ("sources", listed(&e.sources)),
        ("quote", quoted(&e.quote)),
        ("citations", citations(&e.citations)),
        ("alternatives", alternatives(&e.alternatives)),
        ("note", quoted(&e.note)),
    ]
}

fn milestone_fields(m: &RegulationMilestone) -> Vec<(&'static str, Option<String>)> {
    let m = &m.milestone;
    vec![
        ("date", Some(milestone_date(m))),
        ("scope", m.scope.clone()),
        ("note", quoted(&m.note)),
        ("sources", listed(&m.sources)),
        ("citations", citations(&m.citations)),
    ]
}

/// `2026-08-02 planned`, or the date alone when it happened.
pub fn milestone_date(m: &Milestone) -> String {
    if m.actual {
        m.date.to_string()
    } else {
        format!("{} planned", m.date)
    }
}

/// The key an edge is matched by when no `id` pairs it.
type EdgeKey<'a> = (&'a str, EdgeKind, &'a str, Option<When>);

fn key(edge: &Edge) -> EdgeKey<'_> {
    (&edge.from, edge.kind, &edge.to, edge.when())
}

/// Records of one group on each side, by their place in its list.
type Indices = (Vec<usize>, Vec<usize>);

/// Pairs of edges beyond which the edges of one (from, kind, to) are paired
/// in their order instead of by closeness: closeness compares every pair.
const CLOSENESS_PAIRS: usize = 4096;

/// Edges matched by id, then by key, then by closeness; in key order.
fn edges(old: &[(&Edge, Place)], new: &[(&Edge, Place)]) -> Vec<Change<Edge>> {
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let mut old_left: Vec<bool> = vec![true; old.len()];
    let mut new_left: Vec<bool> = vec![true; new.len()];
    // By id, when both sides give the same one.
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, (edge, _)) in old.iter().enumerate() {
        if let Some(id) = &edge.id {
            ids.insert(id, i);
        }
    }
    for (j, (edge, _)) in new.iter().enumerate() {
        if let Some(&i) = edge.id.as_deref().and_then(|id| ids.get(id)) {
            pairs.push((Some(i), Some(j)));
            old_left[i] = false;
            new_left[j] = false;
        }
    }
    // By key: equal records first, then in their order.
    let mut by_key: BTreeMap<EdgeKey, Indices> = BTreeMap::new();
    for (i, (edge, _)) in old.iter().enumerate().filter(|(i, _)| old_left[*i]) {
        by_key.entry(key(edge)).or_default().0.push(i);
    }
    for (j, (edge, _)) in new.iter().enumerate().filter(|(j, _)| new_left[*j]) {
        by_key.entry(key(edge)).or_default().1.push(j);
    }
    for (olds, news) in by_key.values() {
        for (i, j) in pair_up(olds, news, |i, j| closeness(old[i].0, new[j].0)) {
            pairs.push((Some(i), Some(j)));
            old_left[i] = false;
            new_left[j] = false;
        }
    }
    // The rest by closeness among the edges of one (from, kind, to).
    let mut by_ends: BTreeMap<(&str, EdgeKind, &str), Indices> = BTreeMap::new();
    for (i, (edge, _)) in old.iter().enumerate().filter(|(i, _)| old_left[*i]) {
        by_ends
            .entry((&edge.from, edge.kind, &edge.to))
            .or_default()
            .0
            .push(i);
    }
    for (j, (edge, _)) in new.iter().enumerate().filter(|(j, _)| new_left[*j]) {
        by_ends
            .entry((&edge.from, edge.kind, &edge.to))
            .or_default()
            .1
            .push(j);
    }
    for (olds, news) in by_ends.values() {
        let paired = pair_up(olds, news, |i, j| closeness(old[i].0, new[j].0));
        for &(i, j) in &paired {
            old_left[i] = false;
            new_left[j] = false;
        }
        pairs.extend(paired.into_iter().map(|(i, j)| (Some(i), Some(j))));
    }
    pairs.extend(
        (0..old.len())
            .filter(|&i| old_left[i])
            .map(|i| (Some(i), None)),
    );
    pairs.extend(
        (0..new.len())
            .filter(|&j| new_left[j])
            .map(|j| (None, Some(j))),
    );
    let mut changes: Vec<Change<Edge>> = pairs
        .into_iter()
        .filter_map(|(i, j)| change(i.map(|i| &old[i]), j.map(|j| &new[j]), &edge_fields))
        .collect();
    fn order(c: &Change<Edge>) -> (EdgeKey<'_>, Status, Option<&Place>, Option<&Place>) {
        (
            key(c.record()),
            c.status,
            c.before.as_ref().map(|p| &p.place),
            c.after.as_ref().map(|p| &p.place),
        )
    }
    changes.sort_by(|a, b| order(a).cmp(&order(b)));
    changes
}

/// How alike two edges are: the number of their fields with equal words.
fn closeness(a: &Edge, b: &Edge) -> usize {
    edge_fields(a)
        .into_iter()
        .zip(edge_fields(b))
        .filter(|((_, x), (_, y))| x == y)
        .count()
}

/// Pairs of `olds` and `news`, the closest first (ties in their order);
/// past [`CLOSENESS_PAIRS`] comparisons, in their order.
fn pair_up(
    olds: &[usize],
    news: &[usize],
    closeness: impl Fn(usize, usize) -> usize,
) -> Vec<(usize, usize)> {
    if olds.is_empty() || news.is_empty() {
        return Vec::new();
    }
    if olds.len() * news.len() > CLOSENESS_PAIRS {
        return olds.iter().copied().zip(news.iter().copied()).collect();
    }
    let mut scored: Vec<(std::cmp::Reverse<usize>, usize, usize)> = olds
        .iter()
        .enumerate()
        .flat_map(|(a, &i)| news.iter().enumerate().map(move |(b, &j)| (a, b, i, j)))
        .map(|(a, b, i, j)| (std::cmp::Reverse(closeness(i, j)), a, b))
        .collect();
    scored.sort();
    let mut old_used = vec![false; olds.len()];
    let mut new_used = vec![false; news.len()];
    let mut pairs = Vec::new();
    for (_, a, b) in scored {
        if !old_used[a] && !new_used[b] {
            old_used[a] = true;
            new_used[b] = true;
            pairs.push((olds[a], news[b]));
        }
    }
    pairs
}

/// Milestones of the regulations on both sides, matched within a stage by
/// closeness (the same scope first, then the same date); in regulation,
/// stage and scope order.
fn milestones(old_side: &Records, new_side: &Records) -> Vec<Change<RegulationMilestone>> {
    let (old, new) = (&old_side.nodes, &new_side.nodes);
    let old_nodes: FxHashMap<&str, &(&Node, Place)> =
        old.iter().map(|n| (n.0.id.as_str(), n)).collect();
    let mut changes = Vec::new();
    for after in new {
        let Some(before) = old_nodes.get(after.0.id.as_str()) else {
            continue;
        };
        if before.0.milestones == after.0.milestones {
            continue;
        }
        let placed = |records: &Records, side: &(&Node, Place), k: usize, m: &Milestone| {
            (
                RegulationMilestone {
                    node: side.0.id.clone(),
                    name: side.0.name.clone(),
                    milestone: m.clone(),
                },
                records.milestone_place(side.0, &side.1, k),
            )
        };
        let olds: Vec<_> = before
            .0
            .milestones
            .iter()
            .enumerate()
            .map(|(k, m)| placed(old_side, before, k, m))
            .collect();
        let news: Vec<_> = after
            .0
            .milestones
            .iter()
            .enumerate()
            .map(|(k, m)| placed(new_side, after, k, m))
            .collect();
        let mut groups: BTreeMap<_, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (i, (m, _)) in olds.iter().enumerate() {
            let m = &m.milestone;
            groups.entry(m.stage).or_default().0.push(i);
        }
        for (j, (m, _)) in news.iter().enumerate() {
            let m = &m.milestone;
            groups.entry(m.stage).or_default().1.push(j);
        }
        for (is, js) in groups.values() {
            let close = |i: usize, j: usize| {
                let (a, b) = (&olds[i].0.milestone, &news[j].0.milestone);
                // The same milestone, else the same provisions, else the
                // same date (a scope written in later).
                usize::from(a == b) * 32
                    + usize::from(a.scope == b.scope) * 16
                    + usize::from(a.date == b.date) * 4
                    + usize::from(a.actual == b.actual) * 2
                    + usize::from(a.note == b.note)
            };
            let paired = pair_up(is, js, close);
            let mut pairs: Vec<(Option<usize>, Option<usize>)> =
                paired.iter().map(|&(i, j)| (Some(i), Some(j))).collect();
            pairs.extend(
                is.iter()
                    .filter(|i| !paired.iter().any(|p| p.0 == **i))
                    .map(|&i| (Some(i), None)),
            );
            pairs.extend(
                js.iter()
                    .filter(|j| !paired.iter().any(|p| p.1 == **j))
                    .map(|&j| (None, Some(j))),
            );
            changes.extend(
                pairs.into_iter().filter_map(|(i, j)| {
                    milestone_change(i.map(|i| &olds[i]), j.map(|j| &news[j]))
                }),
            );
        }
    }
    changes.sort_by(|a, b| {
        let order = |c: &Change<RegulationMilestone>| {
            let m = c.record();
            (
                m.node.clone(),
                m.milestone.stage,
                m.milestone.scope.clone(),
                c.before.as_ref().map(|p| p.record.milestone.date),
                c.after.as_ref().map(|p| p.record.milestone.date),
            )
        };
        order(a).cmp(&order(b))
    });
    changes
}

/// A milestone's change, called a slip or a confirmation when it is one.
fn milestone_change(
    before: Option<&(RegulationMilestone, Place)>,
    after: Option<&(RegulationMilestone, Place)>,
) -> Option<Change<RegulationMilestone>> {
    fn by_ref(p: &(RegulationMilestone, Place)) -> (&RegulationMilestone, Place) {
        (&p.0, p.1.clone())
    }
    let (before, after) = (before.map(by_ref), after.map(by_ref));
    let mut change = change(before.as_ref(), after.as_ref(), &milestone_fields)?;
    if let (Some(b), Some(a)) = (&change.before, &change.after) {
        let (b, a) = (&b.record.milestone, &a.record.milestone);
        let only_date = change.fields.iter().all(|f| f.field == "date");
        change.status = match (b.actual, a.actual) {
            (false, true) => Status::Confirmation,
            (false, false) if only_date && b.date != a.date => Status::Slip,
            _ => Status::Changed,
        };
    }
    Some(change)
}

/// Which kind of record a change is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Source,
    Node,
    Edge,
    Milestone,
}

impl RecordKind {
    /// `source`, `node`, `edge`, `milestone`.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Source => "source",
            RecordKind::Node => "node",
            RecordKind::Edge => "edge",
            RecordKind::Milestone => "milestone",
        }
    }
}

/// One change, said the same way by every output (text, JSON, history,
/// the diff diagram): the record's kind, what happened, its words, its
/// places, the ids of the nodes it is about, and each field that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub record: RecordKind,
    pub status: Status,
    /// `tibi-2 "Tibi 2" (programme)`, `bpifrance funds mistral-ai
    /// (2023-06)`, `EU AI Act: applies-from [high-risk] 2026-08-02 planned
    /// -> 2027-12-02 planned`.
    pub text: String,
    /// The record's id: a node's, a source's, an edge's own when it has one,
    /// a milestone's regulation's.
    pub id: Option<&'a str>,
    /// The nodes the change is about: a node, an edge's two ends, a
    /// milestone's regulation.
    pub nodes: Vec<&'a str>,
    pub before: Option<&'a Place>,
    pub after: Option<&'a Place>,
    pub fields: &'a [FieldChange],
}

impl Diff {
    /// Every change, sources first, then nodes, edges and milestones, each
    /// in identity order.
    pub fn entries(&self) -> Vec<Entry<'_>> {
        fn places<T>(c: &Change<T>) -> (Option<&Place>, Option<&Place>) {
            (
                c.before.as_ref().map(|p| &p.place),
                c.after.as_ref().map(|p| &p.place),
            )
        }
        let mut out = Vec::new();
        for c in &self.sources {
            let s = c.record();
            let (before, after) = places(c);
            let mut text = format!("{} {}", s.id, text(&s.title));
            if let Some(t) = s.source_type {
                text.push_str(&format!(" ({})", t.label()));
            }
            out.push(Entry {
                record: RecordKind::Source,
                status: c.status,
                text,
                id: Some(&s.id),
                nodes: Vec::new(),
                before,
                after,
                fields: &c.fields,
            });
        }
        for c in &self.nodes {
            let n = c.record();
            let (before, after) = places(c);
            out.push(Entry {
                record: RecordKind::Node,
                status: c.status,
                text: format!("{} {} ({})", n.id, text(&n.name), n.kind.label()),
                id: Some(&n.id),
                nodes: vec![&n.id],
                before,
                after,
                fields: &c.fields,
            });
        }
        for c in &self.edges {
            let e = c.record();
            let (before, after) = places(c);
            let text = match c.status {
                Status::Changed => {
                    let mut text = format!("{} {} {}", e.from, e.kind.label(), e.to);
                    if let Some(when) = e.when() {
                        text.push_str(&format!(" ({when})"));
                    }
                    text
                }
                _ => words::dated_statement(&e.from, e, &e.to),
            };
            out.push(Entry {
                record: RecordKind::Edge,
                status: c.status,
                text,
                id: e.id.as_deref(),
                // Both ends on both sides: an edge moved from one node to
                // another is about the node it left too.
                nodes: {
                    let mut ends: Vec<&str> = vec![&e.from, &e.to];
                    for old in c.before.iter().map(|b| &b.record) {
                        for end in [old.from.as_str(), old.to.as_str()] {
                            if !ends.contains(&end) {
                                ends.push(end);
                            }
                        }
                    }
                    ends
                },
                before,
                after,
                fields: &c.fields,
            });
        }
        for c in &self.milestones {
            let m = c.record();
            let (before, after) = places(c);
            let mut text = format!("{}: {}", m.name, words::stage_scoped(&m.milestone));
            match (&c.before, &c.after) {
                (Some(b), Some(a))
                    if b.record.milestone.date != a.record.milestone.date
                        || b.record.milestone.actual != a.record.milestone.actual =>
                {
                    text.push_str(&format!(
                        " {} -> {}",
                        milestone_date(&b.record.milestone),
                        milestone_date(&a.record.milestone)
                    ));
                }
                _ => text.push_str(&format!(" {}", milestone_date(&m.milestone))),
            }
            out.push(Entry {
                record: RecordKind::Milestone,
                status: c.status,
                text,
                id: Some(&m.node),
                nodes: vec![&m.node],
                before,
                after,
                fields: &c.fields,
            });
        }
        out
    }
}

//! The diagram of what changed between two states of the data (`export dot
//! --diff`, `render --diff`): the records of the after side and those only
//! the before side has, as one graph; the nodes and edges a change is about
//! marked ([`Mark`]), each with its old and new values in its label; their
//! one-hop neighbours drawn muted, for context. The diagram is then drawn
//! as any other ([`super::dot`], [`super::embedded`]), from the one style
//! table.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use rustc_hash::FxHashMap;

use super::diagram::{self, ClusterBy, Diagram, DiagramNode};
use super::style::Mark;
use crate::diff::{Change, Diff, FieldChange, RegulationMilestone, Status, milestone_date};
use crate::graph::KnowledgeGraph;
use crate::model::{Dataset, Edge};
use crate::query::Subgraph;
use crate::words;

/// A value longer than this is not written in a label, only what happened
/// to it (the tooltip has it whole).
const VALUE_CHARS: usize = 48;
/// A change longer than this is written on two lines, the old value on the
/// first, `-> ` and the new one on the second.
const CHANGE_LINE: usize = 36;

/// What a node or an edge is marked with, the lines its label adds, and
/// what its tooltip adds (the places, the values uncut).
#[derive(Debug, Clone)]
struct Marked {
    mark: Mark,
    label: Vec<String>,
    tooltip: Vec<String>,
}

impl Marked {
    fn new(mark: Mark) -> Marked {
        Marked {
            mark,
            label: Vec::new(),
            tooltip: Vec::new(),
        }
    }
}

fn mark_of(status: Status) -> Mark {
    match status {
        Status::Added => Mark::Added,
        Status::Removed => Mark::Removed,
        Status::Changed | Status::Slip | Status::Confirmation => Mark::Changed,
    }
}

/// `data/a.ron:9 -> data/b.ron:12`: where the record is written, on each
/// side that has it.
fn written<T>(change: &Change<T>) -> String {
    let places: Vec<String> = [&change.before, &change.after]
        .into_iter()
        .flatten()
        .map(|p| p.place.to_string())
        .collect();
    places.join(" -> ")
}

/// `added: data/actors.ron:4`, `changed: data/a.ron:9 -> data/b.ron:12`.
fn places<T>(change: &Change<T>) -> String {
    format!("{}: {}", change.status.label(), written(change))
}

/// `amount: EUR 100M pledged -> EUR 105M secured` for a label (on two
/// lines when long; `note edited` for a long text), and whole for the
/// tooltip.
fn field_lines(field: &FieldChange) -> (String, String) {
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    let (before, after) = (value(&field.before), value(&field.after));
    let whole = format!("{}: {before} -> {after}", field.field);
    // A long text cut short would hide what changed in it (often its
    // end): the label says only what happened, the tooltip has the words.
    let long = |v: &Option<String>| v.as_ref().is_some_and(|v| v.chars().count() > VALUE_CHARS);
    if long(&field.before) || long(&field.after) {
        let what = match (&field.before, &field.after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "edited",
        };
        return (format!("{} {what}", field.field), whole);
    }
    let one = format!("{}: {before} -> {after}", field.field);
    let label = if one.chars().count() <= CHANGE_LINE {
        one
    } else {
        format!("{}: {before}\n-> {after}", field.field)
    };
    (label, whole)
}

/// `slip: applies-from [high-risk] 2026-08-02 planned -> 2027-12-02
/// planned`, `+ adopted 2024-01-15`: one milestone's change, on its
/// regulation's node.
fn milestone_lines(change: &Change<RegulationMilestone>, marked: &mut Marked) {
    let m = &change.record().milestone;
    let stage = words::stage_scoped(m);
    let dates = match (&change.before, &change.after) {
        (Some(b), Some(a))
            if b.record.milestone.date != a.record.milestone.date
                || b.record.milestone.actual != a.record.milestone.actual =>
        {
            format!(
                "{} -> {}",
                milestone_date(&b.record.milestone),
                milestone_date(&a.record.milestone)
            )
        }
        _ => milestone_date(m),
    };
    let head = match change.status {
        Status::Added => format!("{} {stage} {dates}", Mark::Added.sign()),
        Status::Removed => format!("{} {stage} {dates}", Mark::Removed.sign()),
        Status::Slip => format!("slip: {stage} {dates}"),
        Status::Confirmation => format!("confirmed: {stage} {dates}"),
        Status::Changed => format!("{stage} {dates}:"),
    };
    // The dates on a line of their own when the line would be long.
    if head.chars().count() > CHANGE_LINE
        && let Some((stage_part, dates_part)) = head.rsplit_once(&format!(" {dates}"))
    {
        marked.label.push(stage_part.to_string());
        marked.label.push(format!("{dates}{dates_part}"));
    } else {
        marked.label.push(head.clone());
    }
    marked
        .tooltip
        .push(format!("milestone {head} ({})", written(change)));
    if change.status == Status::Changed {
        for field in &change.fields {
            if field.field == "date" {
                continue;
            }
            let (label, whole) = field_lines(field);
            marked.label.push(label);
            marked.tooltip.push(whole);
        }
    }
}

/// The marks of the nodes a change is about, by id.
fn node_marks(diff: &Diff) -> BTreeMap<&str, Marked> {
    let mut marks: BTreeMap<&str, Marked> = BTreeMap::new();
    for change in &diff.nodes {
        let mut marked = Marked::new(mark_of(change.status));
        marked.tooltip.push(places(change));
        for field in &change.fields {
            let (label, whole) = field_lines(field);
            marked.label.push(label);
            marked.tooltip.push(whole);
        }
        marks.insert(&change.record().id, marked);
    }
    for change in &diff.milestones {
        let marked = marks
            .entry(&change.record().node)
            .or_insert_with(|| Marked::new(Mark::Changed));
        milestone_lines(change, marked);
    }
    marks
}

/// The label of a changed edge: `~ funds`, what did not change of its
/// amount and time, then each field that did.
fn changed_edge(edge: &Edge, change: &Change<Edge>) -> Marked {
    let mut marked = Marked::new(Mark::Changed);
    marked.tooltip.push(places(change));
    let changed = |names: &[&str]| change.fields.iter().any(|f| names.contains(&f.field));
    let mut head = vec![format!("{} {}", Mark::Changed.sign(), edge.kind.label())];
    if !changed(&["amount"]) {
        head.extend(edge.amount.as_ref().map(words::amount));
    }
    if !changed(&["date", "period"]) {
        head.extend(edge.when().map(|w| w.to_string()));
    }
    marked.label = head;
    for field in &change.fields {
        let (label, whole) = field_lines(field);
        marked.label.push(label);
        marked.tooltip.push(whole);
    }
    marked
}

/// Both sides as one dataset (the after side's records, then those of the
/// before side that were removed), with the mark of each edge, in order.
fn union<'d>(after: &[Dataset], diff: &'d Diff) -> (Dataset, Vec<Option<Marked>>) {
    let mut union = Dataset::default();
    for part in after {
        union.sources.extend(part.sources.iter().cloned());
        union.nodes.extend(part.nodes.iter().cloned());
    }
    let removed = |status: Status| status == Status::Removed;
    for change in diff.sources.iter().filter(|c| removed(c.status)) {
        union.sources.push(change.record().clone());
    }
    for change in diff.nodes.iter().filter(|c| removed(c.status)) {
        union.nodes.push(change.record().clone());
    }
    // The changes of edges on the after side, by their ends: an edge of
    // the after side is the one a change is of when it is equal to it.
    let mut by_ends: FxHashMap<(&str, &str), Vec<&'d Change<Edge>>> = FxHashMap::default();
    for change in diff.edges.iter().filter(|c| c.after.is_some()) {
        let edge = change.record();
        by_ends
            .entry((edge.from.as_str(), edge.to.as_str()))
            .or_default()
            .push(change);
    }
    let mut marks = Vec::new();
    for part in after {
        for edge in &part.edges {
            let candidates = by_ends.get_mut(&(edge.from.as_str(), edge.to.as_str()));
            let change = candidates.and_then(|list| {
                let at = list
                    .iter()
                    .position(|c| c.after.as_ref().is_some_and(|a| a.record == *edge))?;
                Some(list.remove(at))
            });
            marks.push(change.map(|c| match c.status {
                Status::Added => {
                    let mut marked = Marked::new(Mark::Added);
                    marked.tooltip.push(places(c));
                    marked
                }
                _ => changed_edge(edge, c),
            }));
            union.edges.push(edge.clone());
        }
    }
    for change in diff.edges.iter().filter(|c| removed(c.status)) {
        let mut marked = Marked::new(Mark::Removed);
        marked.tooltip.push(places(change));
        marks.push(Some(marked));
        union.edges.push(change.record().clone());
    }
    // An edge whose ends are not both nodes is not in the graph (only
    // possible with data that did not check): left out here too, so that
    // the graph's edges are the dataset's, one for one.
    let ids: rustc_hash::FxHashSet<&str> = union.nodes.iter().map(|n| n.id.as_str()).collect();
    let keep: Vec<bool> = union
        .edges
        .iter()
        .map(|e| ids.contains(e.from.as_str()) && ids.contains(e.to.as_str()))
        .collect();
    let mut kept = keep.iter();
    union
        .edges
        .retain(|_| *kept.next().expect("one flag an edge"));
    let mut kept = keep.iter();
    marks.retain(|_| *kept.next().expect("one flag an edge"));
    (union, marks)
}

/// The diagram of `diff`, whose after side's records are `after`: the
/// changed nodes and edges, marked, and their one-hop context. Empty (no
/// node) when no node, edge or milestone changed.
pub fn of_diff(
    after: &[Dataset],
    diff: &Diff,
    title: String,
    cluster_by: Option<ClusterBy>,
) -> Diagram {
    let node_marks = node_marks(diff);
    let (union, edge_marks) = union(after, diff);
    let graph = KnowledgeGraph::build(union);
    debug_assert_eq!(graph.edge_count(), edge_marks.len());
    let mut nodes: BTreeSet<NodeIndex> = BTreeSet::new();
    let mut edges: BTreeSet<EdgeIndex> = BTreeSet::new();
    for id in node_marks.keys() {
        let Some(index) = graph.by_id(id) else {
            continue;
        };
        nodes.insert(index);
        for direction in [Direction::Outgoing, Direction::Incoming] {
            for (edge, other) in graph.relations(index, direction) {
                edges.insert(edge);
                nodes.insert(other);
            }
        }
    }
    for (i, marked) in edge_marks.iter().enumerate() {
        if marked.is_some() {
            let edge = EdgeIndex::new(i);
            let (from, to) = graph.ends(edge);
            edges.insert(edge);
            nodes.insert(from);
            nodes.insert(to);
        }
    }
    let subgraph = Subgraph {
        nodes: graph
            .nodes()
            .into_iter()
            .filter(|n| nodes.contains(n))
            .collect(),
        edges: edges.into_iter().collect(),
    };
    let mut diagram = diagram::of_subgraph(&graph, &subgraph, None, cluster_by, title);
    let mut present = BTreeSet::new();
    for node in &mut diagram.nodes {
        let marked = node_marks.get(node.id.as_str());
        let mark = marked.map_or(Mark::Context, |m| m.mark);
        present.insert(mark);
        mark_node(node, mark, marked);
    }
    for (edge, index) in diagram.edges.iter_mut().zip(&subgraph.edges) {
        let marked = edge_marks[index.index()].as_ref();
        let mark = marked.map_or(Mark::Context, |m| m.mark);
        present.insert(mark);
        if let Some(style) = &mut edge.style {
            *style = style.marked(mark);
        }
        match marked {
            Some(marked) if !marked.label.is_empty() => edge.label = marked.label.join("\n"),
            Some(marked) => edge.label = format!("{} {}", marked.mark.sign(), edge.label),
            None => {}
        }
        if let Some(marked) = marked {
            edge.tooltip = format!("{}\n{}", marked.tooltip.join("\n"), edge.tooltip);
        }
    }
    diagram.legend_edges.clear();
    diagram.legend_marks = present.into_iter().collect();
    diagram
}

fn mark_node(node: &mut DiagramNode, mark: Mark, marked: Option<&Marked>) {
    if let Some(style) = &mut node.style {
        *style = style.marked(mark);
    }
    let Some(marked) = marked else {
        return;
    };
    let mut label = format!("{} {}", mark.sign(), node.label);
    for line in &marked.label {
        label.push('\n');
        label.push_str(line);
    }
    node.label = label;
    node.tooltip = format!("{}\n{}", marked.tooltip.join("\n"), node.tooltip);
}

/// A diagram that says only `text` (under `title`): drawn when no node,
/// edge or milestone changed, so that the file asked for is always
/// written and never left showing an older comparison.
pub fn notice(title: String, text: &str) -> Diagram {
    Diagram {
        title,
        left_to_right: true,
        nodes: vec![DiagramNode {
            id: "notice".into(),
            label: text.to_string(),
            tooltip: text.to_string(),
            url: None,
            style: None,
            emphasis: false,
        }],
        edges: vec![],
        clusters: vec![],
        legend: false,
        max_size: None,
        dpi: None,
        timeline: None,
        legend_nodes: vec![],
        legend_edges: vec![],
        legend_marks: vec![],
    }
}

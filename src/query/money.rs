//! Amounts along money edges, with totals per currency and status, never
//! summed across currencies and never mixing secured, pledged and target
//! amounts.
//!
//! Who pays whom: on `Funds`, `Invests` and `Finances` edges the money goes
//! from the edge's source to its target; on a `Raises` edge (a company
//! raises a funding round) it goes from the round to the company.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::selection::Selection;
use crate::graph::KnowledgeGraph;
use crate::model::{Currency, EdgeKind, Money, MoneyStatus, When};

/// One amount on one edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    pub edge: EdgeIndex,
    /// Who pays (for `Raises`, the round).
    pub funder: NodeIndex,
    /// Who receives (for `Raises`, the company).
    pub recipient: NodeIndex,
    /// `None` when the source gives no amount (the flow is still listed:
    /// who funds whom is a fact of its own).
    pub amount: Option<Money>,
    pub when: Option<When>,
}

/// How totals are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Funder,
    Recipient,
    Year,
}

/// The key of a group of totals.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// All flows (no `--by`).
    All,
    /// A funder's or recipient's id and its index.
    Node(String, NodeIndex),
    /// A year, or `None` for undated flows (listed last).
    Year(YearKey),
}

/// A year, ordered with undated last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum YearKey {
    Year(i16),
    Undated,
}

/// A sum of amounts in one currency with one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub group: Group,
    pub currency: Currency,
    pub status: MoneyStatus,
    /// Whole units of the currency.
    pub value: u128,
    /// How many flows were summed.
    pub count: usize,
}

/// Options of a money query.
#[derive(Debug, Clone, Default)]
pub struct MoneyQuery {
    /// Time and edge-kind filters (its `around` is not used).
    pub selection: Selection,
    pub to: Option<NodeIndex>,
    pub from: Option<NodeIndex>,
    pub by: Option<GroupBy>,
    /// Only these statuses (all when empty).
    pub statuses: Vec<MoneyStatus>,
}

/// The flows that pass the query and their totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoneyReport {
    /// By date (undated last), then funder id, recipient id, currency and
    /// status.
    pub flows: Vec<Flow>,
    /// By group, then currency code, then status (secured, pledged,
    /// target).
    pub totals: Vec<Total>,
}

/// Collects the money edges that pass `query` and totals them.
pub fn money(graph: &KnowledgeGraph, query: &MoneyQuery) -> MoneyReport {
    let mut flows: Vec<Flow> = Vec::new();
    // Any order will do: the flows are sorted below, edge index last.
    for edge in graph.edge_indices() {
        let record = graph.edge(edge);
        if !record.kind.carries_money() || !query.selection.keeps_edge(graph, edge) {
            continue;
        }
        let (source, target) = graph.ends(edge);
        let (funder, recipient) = if record.kind == EdgeKind::Raises {
            (target, source)
        } else {
            (source, target)
        };
        if query.to.is_some_and(|to| to != recipient)
            || query.from.is_some_and(|from| from != funder)
            || !(query.statuses.is_empty()
                || record
                    .amount
                    .is_some_and(|a| query.statuses.contains(&a.status)))
        {
            continue;
        }
        flows.push(Flow {
            edge,
            funder,
            recipient,
            amount: record.amount,
            when: record.when(),
        });
    }
    flows.sort_by(|a, b| {
        let undated = |f: &Flow| f.when.is_none();
        undated(a)
            .cmp(&undated(b))
            .then_with(|| a.when.map(|w| w.start()).cmp(&b.when.map(|w| w.start())))
            .then_with(|| graph.id_rank(a.funder).cmp(&graph.id_rank(b.funder)))
            .then_with(|| graph.id_rank(a.recipient).cmp(&graph.id_rank(b.recipient)))
            .then_with(|| {
                let key = |f: &Flow| f.amount.map(|m| (m.currency.code(), m.status));
                key(a).cmp(&key(b))
            })
            .then_with(|| a.edge.cmp(&b.edge))
    });
    // Sum with cheap keys (a node's place in the id order, or a year), then
    // name the groups once each.
    #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    enum Slot {
        All,
        Node(u32),
        Year(YearKey),
    }
    type Sum = (NodeIndex, Currency, u128, usize);
    let mut sums: rustc_hash::FxHashMap<(Slot, &'static str, MoneyStatus), Sum> =
        Default::default();
    for flow in &flows {
        let Some(amount) = flow.amount else {
            continue;
        };
        let (slot, node) = match query.by {
            None => (Slot::All, flow.funder),
            Some(GroupBy::Funder) => (Slot::Node(graph.id_rank(flow.funder)), flow.funder),
            Some(GroupBy::Recipient) => (Slot::Node(graph.id_rank(flow.recipient)), flow.recipient),
            Some(GroupBy::Year) => (
                Slot::Year(match flow.when {
                    Some(when) => YearKey::Year(when.start().year_number()),
                    None => YearKey::Undated,
                }),
                flow.funder,
            ),
        };
        let sum = sums
            .entry((slot, amount.currency.code(), amount.status))
            .or_insert((node, amount.currency, 0, 0));
        sum.2 += u128::from(amount.value);
        sum.3 += 1;
    }
    let mut sums: Vec<_> = sums.into_iter().collect();
    sums.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let totals = sums
        .into_iter()
        .map(
            |((slot, _, status), (node, currency, value, count))| Total {
                group: match slot {
                    Slot::All => Group::All,
                    Slot::Node(_) => Group::Node(graph.node(node).id.clone(), node),
                    Slot::Year(year) => Group::Year(year),
                },
                currency,
                status,
                value,
                count,
            },
        )
        .collect();
    MoneyReport { flows, totals }
}

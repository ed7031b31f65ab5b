//! Amounts along money edges, with totals per currency and status, never
//! summed across currencies and never mixing secured, pledged and target
//! amounts.
//!
//! Who pays whom: on `Funds`, `Invests` and `Finances` edges the money goes
//! from the edge's source to its target; on a `Raises` edge (a company
//! raises a funding round) it goes from the round to the company.
//!
//! A funder's sector is its record's `sector`, else its kind's
//! ([`Sector::of_kind`]); a funding round's, unless its record sets one, is
//! its recorded investors' (the funders of money edges into the round): one
//! sector when they all share it, mixed when they differ, unknown when any
//! of them has none or none is recorded. Unknown is never public.
//!
//! Budgets (with [`MoneyQuery::budgets`]): a node's `budget` is counted once.
//! When a recipient in the answer has one, the money edges into it are its
//! known funders, and the part of the budget no recorded edge into it covers
//! (in the budget's currency, target amounts aside) is one more row with no
//! funder named, added to the totals and flagged there: it is never
//! attributed to a funder or a sector.

use std::collections::BTreeMap;

use petgraph::Direction as Way;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::selection::Selection;
use super::time::holds_on;
use crate::graph::KnowledgeGraph;
use crate::model::{Currency, EdgeKind, Money, MoneyStatus, NodeKind, Sector, When};

/// One amount on one edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    pub edge: EdgeIndex,
    pub kind: EdgeKind,
    /// Who pays (for `Raises`, the round).
    pub funder: NodeIndex,
    /// Who receives (for `Raises`, the company).
    pub recipient: NodeIndex,
    /// `None` when the source gives no amount (the flow is still listed:
    /// who funds whom is a fact of its own).
    pub amount: Option<Money>,
    pub when: Option<When>,
    /// The funder's sector (see the module's notes).
    pub sector: SectorKey,
    /// With `--announced-by`: when the recipient was announced.
    pub announced: Option<Option<When>>,
}

/// A funder's sector, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectorKey {
    Public,
    Private,
    Mixed,
    /// The funder has no sector (a person, a programme...).
    Unknown,
    /// The part of a budget no recorded edge covers: there is no funder.
    NoFunderNamed,
}

impl SectorKey {
    pub fn of(sector: Option<Sector>) -> SectorKey {
        match sector {
            Some(Sector::Public) => SectorKey::Public,
            Some(Sector::Private) => SectorKey::Private,
            Some(Sector::Mixed) => SectorKey::Mixed,
            None => SectorKey::Unknown,
        }
    }

    /// `public`, `private`, `mixed`, `unknown`, `no funder named`.
    pub fn label(self) -> &'static str {
        match self {
            SectorKey::Public => "public",
            SectorKey::Private => "private",
            SectorKey::Mixed => "mixed",
            SectorKey::Unknown => "unknown",
            SectorKey::NoFunderNamed => "no funder named",
        }
    }
}

/// How totals are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Funder,
    Recipient,
    Year,
    Sector,
}

/// The key of a group of totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// All flows (no `--by`).
    All,
    /// A funder or a recipient (groups of nodes are in id order).
    Node(NodeIndex),
    /// A year, or `None` for undated flows (listed last).
    Year(YearKey),
    /// A funder's sector.
    Sector(SectorKey),
    /// With `--by funder`: the parts of budgets with no funder named.
    NoFunderNamed,
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
    /// How many amounts were summed (a budget's part with no funder named
    /// counts as one).
    pub count: usize,
    /// The part of `value` that is budgets' money with no funder named.
    pub unnamed: u128,
}

/// A budget of a recipient in the answer, and how far the recorded money
/// edges into it cover it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub node: NodeIndex,
    pub budget: Money,
    /// The money edges into the node, in the budget's currency and not
    /// target amounts, whatever the query's filters.
    pub recorded: u128,
    /// How many edges `recorded` sums.
    pub recorded_count: usize,
    /// The part of `recorded` on flows in the answer.
    pub counted: u128,
    /// The part of the budget no recorded edge covers: counted in the
    /// totals, with no funder named.
    pub unnamed: u128,
}

/// A node an `--announced-by` node announced, directly or as part of an
/// announcement it announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Announced {
    pub node: NodeIndex,
    /// The announcement it is `PartOf`, when it is not announced directly.
    pub via: Option<NodeIndex>,
    /// The announcement's date.
    pub when: Option<When>,
    /// How many flows of the answer go to it.
    pub flows: usize,
}

/// Options of a money query.
#[derive(Debug, Clone, Default)]
pub struct MoneyQuery {
    /// Time and edge-kind filters (its `around` is not used).
    pub selection: Selection,
    /// Only money received by one of these (all when empty).
    pub to: Vec<NodeIndex>,
    /// Only money paid by one of these (all when empty).
    pub from: Vec<NodeIndex>,
    pub by: Option<GroupBy>,
    /// Only these statuses (all when empty).
    pub statuses: Vec<MoneyStatus>,
    /// Only funders in these sectors (all when empty).
    pub sectors: Vec<SectorKey>,
    /// Only money into what this node announced (see [`Announced`]); the
    /// announcement's date must pass the selection's time filters too.
    pub announced_by: Option<NodeIndex>,
    /// Count recipients' budgets (see the module's notes).
    pub budgets: bool,
}

/// The flows that pass the query and their totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoneyReport {
    /// By date (undated last), then funder id, recipient id, currency and
    /// status.
    pub flows: Vec<Flow>,
    /// The budgets of recipients in the answer, by node id.
    pub budgets: Vec<Budget>,
    /// With `--announced-by`: what was announced, by date then id.
    pub announced: Vec<Announced>,
    /// By group, then currency code, then status (secured, pledged,
    /// target).
    pub totals: Vec<Total>,
}

/// Whether a date passes the selection's time filters.
fn in_time(selection: &Selection, when: Option<When>) -> bool {
    selection.as_of.is_none_or(|a| holds_on(when, a.day)) && selection.window.contains(when)
}

/// The sector of whoever pays on an edge of `kind` (see the module's
/// notes). A funding round's is worked out once and kept in `rounds`: a
/// round raised by hundreds of companies is not walked again for each.
fn funder_sector(
    graph: &KnowledgeGraph,
    kind: EdgeKind,
    funder: NodeIndex,
    rounds: &mut rustc_hash::FxHashMap<NodeIndex, SectorKey>,
) -> SectorKey {
    let own = graph.store_sector(funder);
    if kind != EdgeKind::Raises || own.is_some() {
        return SectorKey::of(own.or_else(|| Sector::of_kind(graph.node_kind(funder))));
    }
    *rounds
        .entry(funder)
        .or_insert_with(|| investors_sector(graph, funder))
}

/// A funding round's sector, from its recorded investors'.
fn investors_sector(graph: &KnowledgeGraph, round: NodeIndex) -> SectorKey {
    let mut found: Option<SectorKey> = None;
    for &(e, investor) in graph.adjacent(round, Way::Incoming) {
        let kind = graph.edge_kind(e);
        if !kind.carries_money() || kind == EdgeKind::Raises {
            continue;
        }
        let sector = SectorKey::of(graph.node_sector(investor));
        found = Some(match (found, sector) {
            (_, SectorKey::Unknown) | (Some(SectorKey::Unknown), _) => SectorKey::Unknown,
            (None, s) => s,
            (Some(a), b) if a == b => a,
            _ => SectorKey::Mixed,
        });
    }
    found.unwrap_or(SectorKey::Unknown)
}

/// What `by` announced, with the announcement's date: the targets of its
/// `Announces` edges, the nodes `PartOf` an announcement it announced, and,
/// when `by` is itself an announcement, the nodes `PartOf` it.
fn announced(graph: &KnowledgeGraph, selection: &Selection, by: NodeIndex) -> Vec<Announced> {
    let mut found: BTreeMap<NodeIndex, Announced> = BTreeMap::new();
    let parts_of = |announcement: NodeIndex, when: Option<When>, found: &mut BTreeMap<_, _>| {
        for (e, part) in graph.relations(announcement, Way::Incoming) {
            if graph.edge(e).kind == EdgeKind::PartOf {
                found.entry(part).or_insert(Announced {
                    node: part,
                    via: Some(announcement),
                    when,
                    flows: 0,
                });
            }
        }
    };
    if graph.node(by).kind == NodeKind::Announcement {
        let when = graph.node(by).when();
        if in_time(selection, when) {
            parts_of(by, when, &mut found);
        }
    }
    for (e, target) in graph.relations(by, Way::Outgoing) {
        let edge = graph.edge(e);
        if edge.kind != EdgeKind::Announces {
            continue;
        }
        let when = edge.when().or_else(|| graph.node(target).when());
        if !in_time(selection, when) {
            continue;
        }
        // A direct announcement wins over being part of one.
        found.insert(
            target,
            Announced {
                node: target,
                via: None,
                when,
                flows: 0,
            },
        );
        if graph.node(target).kind == NodeKind::Announcement {
            parts_of(target, when, &mut found);
        }
    }
    let mut list: Vec<Announced> = found.into_values().collect();
    list.sort_by(|a, b| {
        (
            a.when.is_none(),
            a.when.map(|w| w.start()),
            graph.id_rank(a.node),
        )
            .cmp(&(
                b.when.is_none(),
                b.when.map(|w| w.start()),
                graph.id_rank(b.node),
            ))
    });
    list
}

/// Collects the money edges that pass `query` and totals them.
pub fn money(graph: &KnowledgeGraph, query: &MoneyQuery) -> MoneyReport {
    let mut announced_list = match query.announced_by {
        Some(by) => announced(graph, &query.selection, by),
        None => Vec::new(),
    };
    let announced_at: rustc_hash::FxHashMap<NodeIndex, usize> = announced_list
        .iter()
        .enumerate()
        .map(|(i, a)| (a.node, i))
        .collect();
    // The money edges, in file order (a store scans its kinds in place).
    let mut money_edges: Vec<(EdgeIndex, EdgeKind)> = Vec::new();
    graph.edge_kinds(|edge, kind| {
        if kind.carries_money() {
            money_edges.push((edge, kind));
        }
    });
    money_edges.sort_unstable_by_key(|&(edge, _)| edge);
    let mut flows: Vec<Flow> = Vec::with_capacity(money_edges.len());
    // The order of the flows (see below), worked out as they are found,
    // while their funders' rows are at hand.
    let mut order = Vec::with_capacity(money_edges.len());
    let mut rounds = Default::default();
    for (edge, kind) in money_edges {
        if !query.selection.keeps_edge(graph, edge) {
            continue;
        }
        let amount = graph.edge_amount(edge);
        let (source, target) = graph.ends(edge);
        let (funder, recipient) = if kind == EdgeKind::Raises {
            (target, source)
        } else {
            (source, target)
        };
        if !(query.to.is_empty() || query.to.contains(&recipient))
            || !(query.from.is_empty() || query.from.contains(&funder))
            || !(query.statuses.is_empty()
                || amount.is_some_and(|a| query.statuses.contains(&a.status)))
        {
            continue;
        }
        let announced = match query.announced_by {
            None => None,
            Some(_) => match announced_at.get(&recipient) {
                Some(&i) => Some(announced_list[i].when),
                None => continue,
            },
        };
        let sector = funder_sector(graph, kind, funder, &mut rounds);
        if !(query.sectors.is_empty() || query.sectors.contains(&sector)) {
            continue;
        }
        if let Some(&i) = announced_at.get(&recipient) {
            announced_list[i].flows += 1;
        }
        let when = graph.edge_when(edge);
        // Undated last, then by date, funder and recipient id (places in
        // the id order compare as the ids do), currency and status, file
        // order (the order flows are found in).
        order.push((
            (
                when.is_none(),
                when.map(|w| w.start()),
                graph.id_rank(funder),
                graph.id_rank(recipient),
                amount.map(|m| (m.currency.code(), m.status)),
            ),
            flows.len() as u32,
        ));
        flows.push(Flow {
            edge,
            kind,
            funder,
            recipient,
            amount,
            when,
            sector,
            announced,
        });
    }
    order.sort_unstable();
    // The ends' places in the id order, beside the sorted flows.
    let ranks: Vec<(u32, u32)> = order.iter().map(|(key, _)| (key.2, key.3)).collect();
    let flows: Vec<Flow> = order.into_iter().map(|(_, i)| flows[i as usize]).collect();
    let budgets = if query.budgets {
        budgets(graph, query, &flows, &announced_list)
    } else {
        Vec::new()
    };
    let totals = totals(graph, query.by, &flows, &ranks, &budgets);
    MoneyReport {
        flows,
        budgets,
        announced: announced_list,
        totals,
    }
}

/// Whether an amount counts towards covering `budget`.
fn covers(budget: &Money, amount: Option<Money>) -> Option<u64> {
    amount
        .filter(|a| a.currency == budget.currency && a.status != MoneyStatus::Target)
        .map(|a| a.value)
}

/// The budgets of the recipients in the answer (and of the nodes `--to`
/// names or `--announced-by` reaches), by node id; with `--status`, only
/// budgets of those statuses.
fn budgets(
    graph: &KnowledgeGraph,
    query: &MoneyQuery,
    flows: &[Flow],
    announced: &[Announced],
) -> Vec<Budget> {
    // Whether a node has a budget is in its row: only those records are
    // read.
    let mut nodes: Vec<NodeIndex> = flows.iter().map(|f| f.recipient).collect();
    nodes.extend(query.to.iter().copied());
    nodes.extend(announced.iter().map(|a| a.node));
    // Each node once, in file order (the order of their rows).
    nodes.sort_unstable();
    nodes.dedup();
    nodes.retain(|&n| graph.has_budget(n));
    nodes.sort_by_key(|&n| graph.id_rank(n));
    nodes.dedup();
    // The amounts of the answer's flows into each of them.
    let mut answered: rustc_hash::FxHashMap<NodeIndex, Vec<Option<Money>>> =
        nodes.iter().map(|&n| (n, Vec::new())).collect();
    for flow in flows {
        if let Some(amounts) = answered.get_mut(&flow.recipient) {
            amounts.push(flow.amount);
        }
    }
    let mut list = Vec::new();
    for node in nodes {
        let Some(budget) = graph.node(node).budget else {
            continue;
        };
        if !(query.statuses.is_empty() || query.statuses.contains(&budget.status)) {
            continue;
        }
        let (mut recorded, mut recorded_count) = (0u128, 0usize);
        for (e, _) in graph.relations(node, Way::Incoming) {
            let edge = graph.edge(e);
            if edge.kind.carries_money()
                && edge.kind != EdgeKind::Raises
                && let Some(v) = covers(&budget, edge.amount)
            {
                recorded += u128::from(v);
                recorded_count += 1;
            }
        }
        for (e, _) in graph.relations(node, Way::Outgoing) {
            // A company's raises are money into it too.
            let edge = graph.edge(e);
            if edge.kind == EdgeKind::Raises
                && let Some(v) = covers(&budget, edge.amount)
            {
                recorded += u128::from(v);
                recorded_count += 1;
            }
        }
        let counted = answered
            .get(&node)
            .into_iter()
            .flatten()
            .filter_map(|&amount| covers(&budget, amount))
            .map(u128::from)
            .sum();
        list.push(Budget {
            node,
            budget,
            recorded,
            recorded_count,
            counted,
            unnamed: u128::from(budget.value).saturating_sub(recorded),
        });
    }
    list
}

/// The totals of the flows and of the budgets' parts with no funder named.
/// `ranks` holds the places of each flow's funder and recipient in the id
/// order.
fn totals(
    graph: &KnowledgeGraph,
    by: Option<GroupBy>,
    flows: &[Flow],
    ranks: &[(u32, u32)],
    budgets: &[Budget],
) -> Vec<Total> {
    // Sum with cheap keys (a node's place in the id order, or a year), then
    // name the groups once each.
    #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    enum Slot {
        All,
        Node(u32),
        Year(YearKey),
        Sector(SectorKey),
        NoFunderNamed,
    }
    let year = |when: Option<When>| match when {
        Some(when) => YearKey::Year(when.start().year_number()),
        None => YearKey::Undated,
    };
    // (node naming the group, currency, value, count, unnamed)
    type Sum = (NodeIndex, Currency, u128, usize, u128);
    // Each amount with its group's key, sorted (a million groups sort
    // faster than they hash), then summed a group at a time.
    type Key = (Slot, &'static str, MoneyStatus);
    let mut keyed: Vec<(Key, u32)> = Vec::with_capacity(flows.len());
    for (i, flow) in flows.iter().enumerate() {
        let Some(amount) = flow.amount else {
            continue;
        };
        let slot = match by {
            None => Slot::All,
            Some(GroupBy::Funder) => Slot::Node(ranks[i].0),
            Some(GroupBy::Recipient) => Slot::Node(ranks[i].1),
            Some(GroupBy::Year) => Slot::Year(year(flow.when)),
            Some(GroupBy::Sector) => Slot::Sector(flow.sector),
        };
        keyed.push(((slot, amount.currency.code(), amount.status), i as u32));
    }
    keyed.sort_unstable();
    let mut sums: Vec<(Key, Sum)> = Vec::new();
    for (key, i) in keyed {
        let flow = &flows[i as usize];
        let amount = flow.amount.expect("only flows with amounts are keyed");
        let value = u128::from(amount.value);
        match sums.last_mut() {
            Some((last, sum)) if *last == key => {
                sum.2 += value;
                sum.3 += 1;
            }
            _ => {
                let node = match by {
                    Some(GroupBy::Recipient) => flow.recipient,
                    _ => flow.funder,
                };
                sums.push((key, (node, amount.currency, value, 1, 0)));
            }
        }
    }
    // The budgets' parts with no funder named join the groups (after the
    // flows' sums of the same group: a stable sort of two sorted runs).
    for budget in budgets.iter().filter(|b| b.unnamed > 0) {
        let node = budget.node;
        let slot = match by {
            None => Slot::All,
            Some(GroupBy::Funder) => Slot::NoFunderNamed,
            Some(GroupBy::Recipient) => Slot::Node(graph.id_rank(node)),
            Some(GroupBy::Year) => Slot::Year(year(graph.node(node).when())),
            Some(GroupBy::Sector) => Slot::Sector(SectorKey::NoFunderNamed),
        };
        let money = budget.budget;
        let key = (slot, money.currency.code(), money.status);
        let unnamed = budget.unnamed;
        sums.push((key, (node, money.currency, unnamed, 1, unnamed)));
    }
    sums.sort_by(|a, b| a.0.cmp(&b.0));
    sums.dedup_by(|later, first| {
        if later.0 != first.0 {
            return false;
        }
        first.1.2 += later.1.2;
        first.1.3 += later.1.3;
        first.1.4 += later.1.4;
        true
    });
    sums.into_iter()
        .map(
            |((slot, _, status), (node, currency, value, count, unnamed))| Total {
                group: match slot {
                    Slot::All => Group::All,
                    Slot::Node(_) => Group::Node(node),
                    Slot::Year(year) => Group::Year(year),
                    Slot::Sector(sector) => Group::Sector(sector),
                    Slot::NoFunderNamed => Group::NoFunderNamed,
                },
                currency,
                status,
                value,
                count,
                unnamed,
            },
        )
        .collect()
}

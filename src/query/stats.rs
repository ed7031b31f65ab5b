//! Counts by kind and the most central actors, by degree and by PageRank.
//!
//! Scores are computed once over the whole selection; which nodes are
//! listed (actors apart from events and things, or only the kinds asked
//! for) does not change them.

use petgraph::stable_graph::NodeIndex;
use strum::{IntoEnumIterator, VariantNames};

use super::selection::Subgraph;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, NodeKind};

/// A node's centrality scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Central {
    pub node: NodeIndex,
    pub in_degree: usize,
    pub out_degree: usize,
    pub page_rank: f64,
}

impl Central {
    pub fn degree(&self) -> usize {
        self.in_degree + self.out_degree
    }
}

/// Counts and rankings over a selection.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub nodes: usize,
    pub edges: usize,
    /// Most numerous first, then in vocabulary order; kinds absent are left out.
    pub node_kinds: Vec<(NodeKind, usize)>,
    pub edge_kinds: Vec<(EdgeKind, usize)>,
    /// The top actors (or nodes of the kinds asked for) by degree (ties
    /// by id).
    pub by_degree: Vec<Central>,
    /// The same by PageRank (ties by id).
    pub by_page_rank: Vec<Central>,
    /// With [`Ranked::ActorsApart`], the top events and things (every
    /// kind that is not [`NodeKind::is_actor`]); `None` with
    /// [`Ranked::Only`].
    pub others: Option<Ranking>,
}

/// The top nodes of one group, by degree and by PageRank.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub by_degree: Vec<Central>,
    pub by_page_rank: Vec<Central>,
}

/// Which nodes the rankings list (scores are always over the selection).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Ranked {
    /// Actors first, then events and things apart.
    #[default]
    ActorsApart,
    /// Only nodes of these kinds.
    Only(Vec<NodeKind>),
}

/// PageRank's damping factor.
pub const DAMPING: f64 = 0.85;
/// The most PageRank iterations.
pub const ITERATIONS: usize = 100;
/// PageRank stops once an iteration moves the scores by less than this in
/// all (the sum of the changes; the scores sum to 1). Each step shrinks
/// the distance to the exact scores by at least the damping factor, so
/// they are then within `TOLERANCE · 0.85 / 0.15` (6e-12) of it in all,
/// far below the 1e-6 that `stats` prints. On the generated 1M-node
/// graph that is after 31 iterations.
pub const TOLERANCE: f64 = 1e-12;

/// Counts nodes and edges of `subgraph` by kind and ranks its `top` most
/// central nodes among those `ranked` lists, scored over all of
/// `subgraph`, which is as [`Selection::apply`](super::Selection::apply)
/// makes it: each edge once, both its ends among the nodes (a subgraph
/// holding every edge is then read as the whole graph's edges).
pub fn stats(graph: &KnowledgeGraph, subgraph: &Subgraph, top: usize, ranked: &Ranked) -> Stats {
    let mut node_kinds = vec![0usize; NodeKind::VARIANTS.len()];
    for &n in &subgraph.nodes {
        node_kinds[graph.node_kind(n) as usize] += 1;
    }
    let mut edge_kinds = vec![0usize; EdgeKind::VARIANTS.len()];
    let whole = subgraph.edges.len() == graph.edge_count();
    if whole {
        // Every edge: a scan that keeps none of the rows it reads (at a
        // million nodes, 100 MB of edge rows a snapshot would otherwise
        // hold to the end).
        graph.edge_kinds(|_, kind| edge_kinds[kind as usize] += 1);
    } else {
        for &e in &subgraph.edges {
            edge_kinds[graph.edge_kind(e) as usize] += 1;
        }
    }
    let node_kinds = by_count(NodeKind::iter().zip(node_kinds));
    let edge_kinds = by_count(EdgeKind::iter().zip(edge_kinds));

    // Each node's place in the subgraph, by node index (the edges' ends
    // are all in it).
    let mut position = vec![0u32; graph.node_bound()];
    for (i, &n) in subgraph.nodes.iter().enumerate() {
        position[n.index()] = i as u32;
    }
    // The links from the adjacency (which a selection has read), not the
    // edges' rows: the scores and degrees do not depend on their order.
    // Walked again for each pass that needs them (the adjacency is read
    // once): PageRank keeps only its own copy, put in blocks as they come
    // (5M pairs of u32 at a million nodes), not a list of them made first
    // and sorted. (None: every edge is.)
    let chosen = (!whole).then(|| {
        let mut chosen = vec![false; graph.edge_count()];
        for &e in &subgraph.edges {
            chosen[e.index()] = true;
        }
        chosen
    });
    let links = |each: &mut dyn FnMut(u32, u32)| {
        for (i, &node) in subgraph.nodes.iter().enumerate() {
            for &(edge, to) in graph.adjacent(node, petgraph::Direction::Outgoing) {
                if chosen.as_ref().is_none_or(|chosen| chosen[edge.index()]) {
                    each(position[to.index()], i as u32);
                }
            }
        }
    };
    let mut degrees = vec![(0usize, 0usize); subgraph.nodes.len()];
    links(&mut |to, from| {
        degrees[from as usize].1 += 1;
        degrees[to as usize].0 += 1;
    });
    let ranks = page_rank_of(subgraph.nodes.len(), &links, DAMPING, ITERATIONS);
    drop(chosen);
    drop(position);
    let central: Vec<Central> = subgraph
        .nodes
        .iter()
        .zip(degrees)
        .zip(ranks)
        .map(|((&node, (in_degree, out_degree)), page_rank)| Central {
            node,
            in_degree,
            out_degree,
            page_rank,
        })
        .collect();
    let kind = |c: &Central| graph.node_kind(c.node);
    let (listed, others) = match ranked {
        Ranked::ActorsApart => {
            // Each node's kind read once for both lists.
            let actor: Vec<bool> = central.iter().map(|c| kind(c).is_actor()).collect();
            (
                ranking(&central, |i| actor[i], top),
                Some(ranking(&central, |i| !actor[i], top)),
            )
        }
        Ranked::Only(kinds) => (
            ranking(&central, |i| kinds.contains(&kind(&central[i])), top),
            None,
        ),
    };
    Stats {
        nodes: subgraph.nodes.len(),
        edges: subgraph.edges.len(),
        node_kinds,
        edge_kinds,
        by_degree: listed.by_degree,
        by_page_rank: listed.by_page_rank,
        others,
    }
}

/// The kinds counted, most numerous first, then in vocabulary order;
/// those with none left out.
fn by_count<K: Ord>(counts: impl Iterator<Item = (K, usize)>) -> Vec<(K, usize)> {
    let mut counts: Vec<_> = counts.filter(|&(_, n)| n > 0).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

/// The `top` of `central` (in id order) by degree and by PageRank, among
/// those whose places `keep` accepts.
fn ranking(central: &[Central], keep: impl Fn(usize) -> bool, top: usize) -> Ranking {
    // `central` is in id order, and ties keep id order: what a stable sort
    // of those kept would put first, found without sorting a million.
    let kept: Vec<u32> = (0..central.len() as u32)
        .filter(|&i| keep(i as usize))
        .collect();
    let by_degree = first(central, kept.clone(), top, |a, b| {
        b.degree().cmp(&a.degree())
    });
    let by_page_rank = first(central, kept, top, |a, b| {
        b.page_rank.total_cmp(&a.page_rank)
    });
    Ranking {
        by_degree,
        by_page_rank,
    }
}

/// The first `top` of the `items` at `places` (in order) as a stable sort
/// by `order` would give them: a selection, then a sort of those only.
fn first(
    items: &[Central],
    mut places: Vec<u32>,
    top: usize,
    order: impl Fn(&Central, &Central) -> std::cmp::Ordering,
) -> Vec<Central> {
    if top == 0 {
        return Vec::new();
    }
    let by = |&i: &u32, &j: &u32| order(&items[i as usize], &items[j as usize]).then(i.cmp(&j));
    if top < places.len() {
        places.select_nth_unstable_by(top - 1, by);
        places.truncate(top);
    }
    places.sort_unstable_by(by);
    places.into_iter().map(|i| items[i as usize]).collect()
}

/// PageRank by power iteration over `n` nodes and directed `links` (parallel
/// links count once each), for at most `iterations` or until an iteration
/// moves the scores by less than [`TOLERANCE`] in all. A node with no
/// outgoing link shares its rank with every node. Scores sum to 1.
///
/// petgraph has `algo::page_rank`, but it tests every pair of nodes on each
/// iteration (O(n² · degree)), which takes hours on the graphs of hundreds
/// of thousands of nodes trackers reach, and leaves out the random jump
/// from a node to the nodes it links to; this is the textbook definition
/// in O(iterations · links).
///
/// ```
/// use reggraph::query::page_rank;
/// // 0 -> 1 <- 2: node 1 collects the rank.
/// let ranks = page_rank(3, &[(0, 1), (2, 1)], 0.85, 100);
/// assert!(ranks[1] > ranks[0] && (ranks[0] - ranks[2]).abs() < 1e-12);
/// assert!((ranks.iter().sum::<f64>() - 1.0).abs() < 1e-9);
/// ```
pub fn page_rank(n: usize, links: &[(usize, usize)], damping: f64, iterations: usize) -> Vec<f64> {
    let mut pairs: Vec<(u32, u32)> = links.iter().map(|&(f, t)| (t as u32, f as u32)).collect();
    if !pairs.is_sorted_by_key(|&(_, from)| from) {
        pairs = counting_sort(pairs, n, |&(_, from)| from as usize);
    }
    let each = |each: &mut dyn FnMut(u32, u32)| {
        for &(to, from) in &pairs {
            each(to, from);
        }
    };
    page_rank_of(n, &each, damping, iterations)
}

/// Gives each link to its argument as (target, source), in source order.
type Links<'a> = dyn Fn(&mut dyn FnMut(u32, u32)) + 'a;

/// [`page_rank`] of the links `links` gives as (target, source), in the
/// order of their sources; it is called twice.
fn page_rank_of(n: usize, links: &Links<'_>, damping: f64, iterations: usize) -> Vec<f64> {
    use rayon::prelude::*;
    if n == 0 {
        return vec![];
    }
    let size = n as f64;
    // The links in blocks, so that what a pass reads stays in a core's
    // cache: targets in runs of `SPAN` nodes (a run's new ranks), each
    // run's links by runs of `SPAN` sources (the shares they read), then
    // by source. Each node's new rank is the sum of its sources' shares
    // in the order of their places, on whichever core: the scores are the
    // same to the last bit whatever the number of threads. (A counting
    // sort by block, the links placed as they come, in source order.)
    const SPAN: usize = 1 << 16;
    let runs = n.div_ceil(SPAN);
    let block = |to: u32, from: u32| (to as usize / SPAN) * runs + from as usize / SPAN;
    let mut out_degree = vec![0usize; n];
    let mut starts = vec![0usize; runs * runs + 1];
    links(&mut |to, from| {
        out_degree[from as usize] += 1;
        starts[block(to, from) + 1] += 1;
    });
    for i in 0..runs * runs {
        starts[i + 1] += starts[i];
    }
    // Where each run of targets starts in `pairs`.
    let run_starts: Vec<usize> = (0..=runs).map(|run| starts[run * runs]).collect();
    let mut pairs = vec![(0u32, 0u32); starts[runs * runs]];
    links(&mut |to, from| {
        let at = &mut starts[block(to, from)];
        pairs[*at] = (to, from);
        *at += 1;
    });
    let mut ranks = vec![1.0 / size; n];
    let mut next = vec![0.0; n];
    let mut share = vec![0.0; n];
    for _ in 0..iterations {
        let dangling: f64 = (0..n)
            .filter(|&i| out_degree[i] == 0)
            .map(|i| ranks[i])
            .sum();
        let base = (1.0 - damping) / size + damping * dangling / size;
        share
            .par_iter_mut()
            .zip(&ranks)
            .zip(&out_degree)
            .for_each(|((share, rank), &degree)| {
                if degree > 0 {
                    *share = damping * rank / degree as f64;
                }
            });
        next.par_chunks_mut(SPAN)
            .enumerate()
            .for_each(|(run, next)| {
                next.fill(base);
                let first = run * SPAN;
                for &(to, from) in &pairs[run_starts[run]..run_starts[run + 1]] {
                    next[to as usize - first] += share[from as usize];
                }
            });
        let sum: f64 = next.iter().sum();
        let mut change = 0.0;
        for (r, x) in ranks.iter_mut().zip(&next) {
            let new = x / sum;
            change += (new - *r).abs();
            *r = new;
        }
        if change < TOLERANCE {
            break;
        }
    }
    ranks
}

/// `items` stably sorted by `key` (below `keys`), in linear time.
fn counting_sort<T: Copy>(items: Vec<T>, keys: usize, key: impl Fn(&T) -> usize) -> Vec<T> {
    let mut starts = vec![0usize; keys + 1];
    for item in &items {
        starts[key(item) + 1] += 1;
    }
    for i in 0..keys {
        starts[i + 1] += starts[i];
    }
    let mut sorted = items.clone();
    for item in items {
        let at = &mut starts[key(&item)];
        sorted[*at] = item;
        *at += 1;
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook pass over the links, one at a time, in the order of
    /// their sources' places.
    fn page_rank_by_links(n: usize, links: &[(usize, usize)], damping: f64) -> Vec<f64> {
        let mut links = links.to_vec();
        links.sort_by_key(|&(from, _)| from);
        let links = &links;
        let size = n as f64;
        let mut out_degree = vec![0usize; n];
        for &(from, _) in links {
            out_degree[from] += 1;
        }
        let mut ranks = vec![1.0 / size; n];
        for _ in 0..ITERATIONS {
            let dangling: f64 = (0..n)
                .filter(|&i| out_degree[i] == 0)
                .map(|i| ranks[i])
                .sum();
            let mut next = vec![(1.0 - damping) / size + damping * dangling / size; n];
            for &(from, to) in links {
                next[to] += damping * ranks[from] / out_degree[from] as f64;
            }
            let sum: f64 = next.iter().sum();
            let new: Vec<f64> = next.iter().map(|x| x / sum).collect();
            let change: f64 = new.iter().zip(&ranks).map(|(a, b)| (a - b).abs()).sum();
            ranks = new;
            if change < TOLERANCE {
                break;
            }
        }
        ranks
    }

    #[test]
    fn page_rank_on_every_core_gives_the_single_pass_scores_to_the_last_bit() {
        // A small generator, so that the links are many and unordered.
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        // Nodes in three runs of the blocks `page_rank` works in; half the
        // links into a few nodes, half anywhere.
        let n = 150_000;
        let links: Vec<(usize, usize)> = (0..300_000)
            .map(|i| {
                let to = if i % 2 == 0 { next() % 97 } else { next() % n };
                (next() % n, to)
            })
            .collect();
        let parallel = page_rank(n, &links, DAMPING, ITERATIONS);
        let single = page_rank_by_links(n, &links, DAMPING);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&parallel), bits(&single));
        // Links that come in the order of their sources skip a sort.
        let mut by_source = links.clone();
        by_source.sort_by_key(|&(from, _)| from);
        let sorted = page_rank(n, &by_source, DAMPING, ITERATIONS);
        assert_eq!(bits(&sorted), bits(&single));
    }

    #[test]
    fn page_rank_stops_once_the_scores_settle() {
        // A ring with chords: it settles long before 100 iterations, so
        // more allowed iterations change no bit, and fewer than it takes
        // do.
        let n = 1000;
        let links: Vec<(usize, usize)> = (0..n)
            .flat_map(|i| [(i, (i + 1) % n), (i, (i * 7 + 3) % n)])
            .chain((0..n / 2).map(|i| (i, 0)))
            .collect();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let settled = bits(&page_rank(n, &links, DAMPING, ITERATIONS));
        assert_eq!(
            settled,
            bits(&page_rank(n, &links, DAMPING, 10 * ITERATIONS))
        );
        assert_ne!(settled, bits(&page_rank(n, &links, DAMPING, 5)));
        let sum: f64 = page_rank(n, &links, DAMPING, ITERATIONS).iter().sum();
        assert!((sum - 1.0).abs() < 1e-9);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..proptest::prelude::ProptestConfig::default() })]

        /// The selection gives the first `top` of a stable sort, ties in
        /// id order, kept or not.
        #[test]
        fn ranking_is_the_head_of_a_stable_sort(
            scores in proptest::collection::vec((0usize..4, 0usize..4, 0u8..4), 0..60),
            top in 0usize..70,
            odd_only: bool,
        ) {
            let central: Vec<Central> = scores
                .iter()
                .enumerate()
                .map(|(i, &(a, b, r))| Central {
                    node: NodeIndex::new(i),
                    in_degree: a,
                    out_degree: b,
                    page_rank: f64::from(r) / 4.0,
                })
                .collect();
            let keep = |c: &Central| !odd_only || c.node.index() % 2 == 1;
            let ranked = ranking(&central, |i| keep(&central[i]), top);
            let mut kept: Vec<Central> = central.iter().copied().filter(keep).collect();
            let mut by_degree = kept.clone();
            by_degree.sort_by_key(|c| std::cmp::Reverse(c.degree()));
            by_degree.truncate(top);
            kept.sort_by(|a, b| b.page_rank.total_cmp(&a.page_rank));
            kept.truncate(top);
            proptest::prop_assert_eq!(ranked.by_degree, by_degree);
            proptest::prop_assert_eq!(ranked.by_page_rank, kept);
        }
    }
}

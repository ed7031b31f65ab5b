//! How two nodes are connected: the shortest path, or every simple path up
//! to a length, edge by edge.
//!
//! petgraph's `all_simple_paths` and shortest-path algorithms return node
//! sequences; with several edges between the same pair (two funding rounds)
//! a researcher needs to know which edge, so the walks here are over edges.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::marks::{Marks, with_marks};
use super::selection::{Direction, Selection, steps};
use crate::graph::KnowledgeGraph;

/// One edge of a path, with the way it was walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Step {
    pub edge: EdgeIndex,
    /// The node the step starts from.
    pub from: NodeIndex,
    /// The node it arrives at.
    pub to: NodeIndex,
    /// `true` when walked along the arrow (`from` is the edge's source).
    pub forward: bool,
}

/// A path: its start and its steps (empty when start is the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub start: NodeIndex,
    pub steps: Vec<Step>,
}

impl Path {
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The nodes along the path, start first.
    pub fn nodes(&self) -> Vec<NodeIndex> {
        std::iter::once(self.start)
            .chain(self.steps.iter().map(|s| s.to))
            .collect()
    }
}

/// Options of a path query.
#[derive(Debug, Clone)]
pub struct PathQuery {
    /// Edge kinds and time filters to respect (its `around`, `depth` and
    /// `direction` are not used).
    pub selection: Selection,
    /// Follow arrows only (default: either way).
    pub directed: bool,
    /// Longest path, in edges, that `all_paths` lists.
    pub max_len: usize,
    /// At most this many paths from `all_paths`.
    pub limit: usize,
}

/// The default `--max-len`.
pub const DEFAULT_MAX_LEN: usize = 4;
/// The default `--limit` of `path --all`.
pub const DEFAULT_LIMIT: usize = 100;

impl PathQuery {
    fn direction(&self) -> Direction {
        if self.directed {
            Direction::Out
        } else {
            Direction::Both
        }
    }

    fn steps_from<'a>(
        &'a self,
        graph: &'a KnowledgeGraph,
        node: NodeIndex,
    ) -> impl Iterator<Item = Step> + 'a {
        steps(graph, node, self.direction(), |e| {
            self.selection.keeps_edge(graph, e)
        })
        .map(move |(edge, to, outgoing)| Step {
            edge,
            from: node,
            to,
            // An incoming self-loop is never listed.
            forward: outgoing,
        })
    }

    /// The steps a path may take into `node`, each oriented towards it.
    fn steps_into<'a>(
        &'a self,
        graph: &'a KnowledgeGraph,
        node: NodeIndex,
    ) -> impl Iterator<Item = Step> + 'a {
        let direction = if self.directed {
            Direction::In
        } else {
            Direction::Both
        };
        steps(graph, node, direction, |e| {
            self.selection.keeps_edge(graph, e)
        })
        .map(move |(edge, other, outgoing)| Step {
            edge,
            from: other,
            to: node,
            // Walked towards `node`: along the arrow if the edge enters it
            // (or is a self-loop).
            forward: !outgoing || other == node,
        })
    }
}

/// A shortest path from `from` to `to`, by a bidirectional breadth-first
/// search: levels are expanded alternately from both ends (the smaller
/// frontier first) until they meet, which visits a tiny part of a large
/// graph compared with a one-way search. Deterministic: frontiers are
/// expanded in discovery order, edges in relation order, and the first
/// meeting point found wins.
pub fn shortest_path(
    graph: &KnowledgeGraph,
    query: &PathQuery,
    from: NodeIndex,
    to: NodeIndex,
) -> Option<Path> {
    if from == to {
        return Some(Path {
            start: from,
            steps: vec![],
        });
    }
    // The step that reached each node, from the end it was reached from.
    with_marks(&FORWARD, graph.node_bound(), |forward| {
        with_marks(&BACKWARD, graph.node_bound(), |backward| {
            bidirectional(graph, query, from, to, forward, backward)
        })
    })
}

thread_local! {
    static FORWARD: std::cell::RefCell<Marks> = Default::default();
    static BACKWARD: std::cell::RefCell<Marks> = Default::default();
}

fn bidirectional(
    graph: &KnowledgeGraph,
    query: &PathQuery,
    from: NodeIndex,
    to: NodeIndex,
    forward: &mut Marks,
    backward: &mut Marks,
) -> Option<Path> {
    // Each mark holds 1 + the place in `taken` of the step that reached
    // the node (0 for the two ends).
    let mut taken: Vec<Step> = Vec::with_capacity(256);
    forward.insert(from, 0);
    backward.insert(to, 0);
    let mut forward_frontier = Vec::with_capacity(256);
    forward_frontier.push(from);
    let mut backward_frontier = Vec::with_capacity(256);
    backward_frontier.push(to);
    let mut next = Vec::with_capacity(256);
    // The first meeting is a shortest path: every meeting of the level in
    // which the searches first meet has the same length (a node reached
    // inside the other search's explored part would have been met at an
    // earlier level), so stopping at the first one gives the answer a
    // full level would.
    let meeting = 'search: loop {
        if forward_frontier.is_empty() || backward_frontier.is_empty() {
            return None;
        }
        next.clear();
        if forward_frontier.len() <= backward_frontier.len() {
            for &node in &forward_frontier {
                for step in query.steps_from(graph, node) {
                    if !forward.insert(step.to, taken.len() as u32 + 1) {
                        continue;
                    }
                    taken.push(step);
                    if backward.contains(step.to) {
                        break 'search step.to;
                    }
                    next.push(step.to);
                }
            }
            std::mem::swap(&mut forward_frontier, &mut next);
        } else {
            for &node in &backward_frontier {
                for step in query.steps_into(graph, node) {
                    if !backward.insert(step.from, taken.len() as u32 + 1) {
                        continue;
                    }
                    taken.push(step);
                    if forward.contains(step.from) {
                        break 'search step.from;
                    }
                    next.push(step.from);
                }
            }
            std::mem::swap(&mut backward_frontier, &mut next);
        }
    };
    let mut steps = Vec::new();
    let mut at = meeting;
    while let Some(place @ 1..) = forward.get(at) {
        let step = taken[place as usize - 1];
        steps.push(step);
        at = step.from;
    }
    steps.reverse();
    let mut at = meeting;
    while let Some(place @ 1..) = backward.get(at) {
        let step = taken[place as usize - 1];
        steps.push(step);
        at = step.to;
    }
    Some(Path { start: from, steps })
}

/// Every simple path (no node twice) from `from` to `to` of at most
/// `max_len` edges, shortest first, then in a stable order (by the ids and
/// edge kinds along the way). Parallel edges give distinct paths. Returns
/// at most `limit` paths, and whether more were found.
pub fn all_paths(
    graph: &KnowledgeGraph,
    query: &PathQuery,
    from: NodeIndex,
    to: NodeIndex,
) -> (Vec<Path>, bool) {
    let mut found: Vec<Path> = Vec::new();
    if from == to {
        return (
            vec![Path {
                start: from,
                steps: vec![],
            }],
            false,
        );
    }
    let mut on_path: HashSet<NodeIndex> = std::iter::once(from).collect();
    let mut steps: Vec<Step> = Vec::new();
    let mut memo: HashMap<NodeIndex, Vec<Step>> = HashMap::default();
    walk(
        graph,
        query,
        from,
        to,
        &mut on_path,
        &mut steps,
        &mut memo,
        &mut found,
    );
    found.sort_by_cached_key(|p| path_key(graph, p));
    let more = found.len() > query.limit;
    found.truncate(query.limit);
    (found, more)
}

#[allow(clippy::too_many_arguments)]
fn walk(
    graph: &KnowledgeGraph,
    query: &PathQuery,
    at: NodeIndex,
    to: NodeIndex,
    on_path: &mut HashSet<NodeIndex>,
    steps: &mut Vec<Step>,
    memo: &mut HashMap<NodeIndex, Vec<Step>>,
    found: &mut Vec<Path>,
) {
    if steps.len() == query.max_len {
        return;
    }
    let next = memo
        .entry(at)
        .or_insert_with(|| query.steps_from(graph, at).collect())
        .clone();
    for step in next {
        if on_path.contains(&step.to) {
            continue;
        }
        steps.push(step);
        if step.to == to {
            found.push(Path {
                start: steps[0].from,
                steps: steps.clone(),
            });
        } else {
            on_path.insert(step.to);
            walk(graph, query, step.to, to, on_path, steps, memo, found);
            on_path.remove(&step.to);
        }
        steps.pop();
    }
}

/// Orders paths: shorter first, then by what a reader sees along the way.
fn path_key(graph: &KnowledgeGraph, path: &Path) -> (usize, Vec<(String, String, bool, usize)>) {
    let key = path
        .steps
        .iter()
        .map(|s| {
            let edge = graph.edge(s.edge);
            (
                graph.node(s.to).id.clone(),
                edge.kind.label(),
                !s.forward,
                s.edge.index(),
            )
        })
        .collect();
    (path.len(), key)
}

//! How two nodes are connected: the shortest path, or every simple path up
//! to a length, edge by edge.
//!
//! petgraph's `all_simple_paths` and shortest-path algorithms return node
//! sequences; with several edges between the same pair (two funding rounds)
//! a researcher needs to know which edge, so the walks here are over edges.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

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

    fn steps_from(&self, graph: &KnowledgeGraph, node: NodeIndex) -> Vec<Step> {
        steps(graph, node, self.direction(), |e| {
            self.selection.keeps_edge(graph, e)
        })
        .into_iter()
        .map(|(edge, to)| Step {
            edge,
            from: node,
            to,
            forward: graph.ends(edge).0 == node,
        })
        .collect()
    }
}

impl PathQuery {
    /// The steps a path may take into `node`, each oriented towards it.
    fn steps_into(&self, graph: &KnowledgeGraph, node: NodeIndex) -> Vec<Step> {
        let direction = if self.directed {
            Direction::In
        } else {
            Direction::Both
        };
        steps(graph, node, direction, |e| {
            self.selection.keeps_edge(graph, e)
        })
        .into_iter()
        .map(|(edge, other)| Step {
            edge,
            from: other,
            to: node,
            forward: graph.ends(edge).1 == node && graph.ends(edge).0 == other,
        })
        .collect()
    }
}

/// A shortest path from `from` to `to`, by a bidirectional breadth-first
/// search: levels are expanded alternately from both ends (the smaller
/// frontier first) until they meet, which visits a tiny part of a large
/// graph compared with a one-way search. Deterministic: frontiers are
/// expanded in discovery order, edges in relation order, and among the
/// meeting points of a level the one giving the shortest path, first
/// found, wins.
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
    // Distance from the end it was reached from, and the step that reached it.
    let mut forward: HashMap<NodeIndex, (usize, Option<Step>)> =
        std::iter::once((from, (0, None))).collect();
    let mut backward: HashMap<NodeIndex, (usize, Option<Step>)> =
        std::iter::once((to, (0, None))).collect();
    let mut forward_frontier = vec![from];
    let mut backward_frontier = vec![to];
    let (mut forward_depth, mut backward_depth) = (0, 0);
    while !forward_frontier.is_empty() && !backward_frontier.is_empty() {
        let mut meetings: Vec<NodeIndex> = Vec::new();
        if forward_frontier.len() <= backward_frontier.len() {
            forward_depth += 1;
            let mut next = Vec::new();
            for &node in &forward_frontier {
                for step in query.steps_from(graph, node) {
                    if forward.contains_key(&step.to) {
                        continue;
                    }
                    forward.insert(step.to, (forward_depth, Some(step)));
                    if backward.contains_key(&step.to) {
                        meetings.push(step.to);
                    }
                    next.push(step.to);
                }
            }
            forward_frontier = next;
        } else {
            backward_depth += 1;
            let mut next = Vec::new();
            for &node in &backward_frontier {
                for step in query.steps_into(graph, node) {
                    if backward.contains_key(&step.from) {
                        continue;
                    }
                    backward.insert(step.from, (backward_depth, Some(step)));
                    if forward.contains_key(&step.from) {
                        meetings.push(step.from);
                    }
                    next.push(step.from);
                }
            }
            backward_frontier = next;
        }
        let best = meetings
            .into_iter()
            .min_by_key(|m| forward[m].0 + backward[m].0);
        if let Some(meeting) = best {
            let mut steps = Vec::new();
            let mut at = meeting;
            while let (_, Some(step)) = forward[&at] {
                steps.push(step);
                at = step.from;
            }
            steps.reverse();
            let mut at = meeting;
            while let (_, Some(step)) = backward[&at] {
                steps.push(step);
                at = step.to;
            }
            return Some(Path { start: from, steps });
        }
    }
    None
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
        .or_insert_with(|| query.steps_from(graph, at))
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

//! Invariants of the queries over random valid datasets.

use proptest::prelude::*;
use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Direction, PathQuery, Selection};

mod common;

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// The bidirectional shortest path is as long as the breadth-first
    /// distance `neighbors` reports, is a real chain of edges, and is no
    /// longer than any path `--all` lists.
    #[test]
    fn shortest_path_agrees_with_neighbourhood_and_all_paths(
        file in common::dataset(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        directed in any::<bool>(),
    ) {
        let graph = KnowledgeGraph::build(file.clone());
        let from = graph.by_id(&file.nodes[a.index(file.nodes.len())].id).unwrap();
        let to = graph.by_id(&file.nodes[b.index(file.nodes.len())].id).unwrap();
        let mut around = Selection::all();
        around.depth = file.nodes.len();
        around.direction = if directed { Direction::Out } else { Direction::Both };
        let distance = around
            .neighbourhood(&graph, from)
            .into_iter()
            .find(|r| r.node == to)
            .map(|r| r.distance);
        let path_query = PathQuery {
            selection: Selection::all(),
            directed,
            max_len: 5,
            limit: 10_000,
        };
        let path = query::shortest_path(&graph, &path_query, from, to);
        prop_assert_eq!(path.as_ref().map(|p| p.len()), distance);
        if let Some(path) = &path {
            let mut at = from;
            for step in &path.steps {
                prop_assert_eq!(step.from, at);
                let (source, target) = graph.ends(step.edge);
                if step.forward {
                    prop_assert_eq!((source, target), (step.from, step.to));
                } else {
                    prop_assert!(!directed);
                    prop_assert_eq!((target, source), (step.from, step.to));
                }
                at = step.to;
            }
            prop_assert_eq!(at, to);
            let (all, _) = query::all_paths(&graph, &path_query, from, to);
            if let Some(first) = all.first() {
                prop_assert_eq!(first.len(), path.len());
            }
        }
    }
}

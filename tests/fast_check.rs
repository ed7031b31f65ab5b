//! Valid data is read the fast way: each file checked on its own, then the
//! checks that need every file over the typed records. Whatever the fast
//! way accepts, the full checker must accept too, with the same records;
//! whatever the full checker reports, the fast way must refuse (and the
//! load then reports it). These properties mutate generated datasets with
//! every kind of cross-file problem and compare the two.

use proptest::prelude::*;
use reggraph::check;
use reggraph::generate::{Spec, generate, write_folder};
use reggraph::model::{DataFile, EdgeKind, NodeKind};

/// A problem only several records together show.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    None,
    /// An edge to a node no file declares.
    UnknownNode,
    /// Two nodes with one id.
    DuplicateNode,
    /// Two sources with one id.
    DuplicateSource,
    /// A citation of a source no file declares.
    UnknownSource,
    /// A node's alias is another node's name.
    SharedName,
    /// A node loses every edge.
    Isolated,
    /// An edge kind its ends' kinds do not allow.
    KindMismatch,
    /// A jurisdiction that is not a jurisdiction node.
    BadJurisdiction,
}

const MUTATIONS: [Mutation; 9] = [
    Mutation::None,
    Mutation::UnknownNode,
    Mutation::DuplicateNode,
    Mutation::DuplicateSource,
    Mutation::UnknownSource,
    Mutation::SharedName,
    Mutation::Isolated,
    Mutation::KindMismatch,
    Mutation::BadJurisdiction,
];

fn mutate(file: &mut DataFile, mutation: Mutation, pick: usize) {
    let nodes = file.nodes.len();
    let edges = file.edges.len();
    match mutation {
        Mutation::None => {}
        Mutation::UnknownNode => file.edges[pick % edges].to = "nobody-declared-this".into(),
        Mutation::DuplicateNode => {
            let mut copy = file.nodes[pick % nodes].clone();
            copy.name = "A distinct name for the copy".into();
            copy.aliases.clear();
            file.nodes.push(copy);
        }
        Mutation::DuplicateSource => {
            let copy = file.sources[pick % file.sources.len()].clone();
            file.sources.push(copy);
        }
        Mutation::UnknownSource => file.edges[pick % edges].sources = vec!["no-such-source".into()],
        Mutation::SharedName => {
            let (a, b) = (pick % nodes, (pick + 1) % nodes);
            let name = file.nodes[b].name.clone();
            file.nodes[a].aliases.push(name);
        }
        Mutation::Isolated => {
            let id = file.nodes[pick % nodes].id.clone();
            file.edges.retain(|e| e.from != id && e.to != id);
            for node in &mut file.nodes {
                if node.jurisdiction.as_deref() == Some(id.as_str()) {
                    node.jurisdiction = None;
                }
            }
        }
        Mutation::KindMismatch => {
            // Located-in leads to a place; a person is not one.
            let person = file.nodes.iter().position(|n| n.kind == NodeKind::Person);
            if let Some(person) = person {
                let edge = &mut file.edges[pick % edges];
                edge.kind = EdgeKind::LocatedIn;
                edge.to = file.nodes[person].id.clone();
                edge.amount = None;
            }
        }
        Mutation::BadJurisdiction => {
            let not_a_place = file
                .nodes
                .iter()
                .find(|n| n.kind == NodeKind::Person)
                .map(|n| n.id.clone());
            if let Some(id) = not_a_place {
                file.nodes[pick % nodes].jurisdiction = Some(id);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_way_accepts_exactly_what_the_full_checker_accepts(
        seed in any::<u64>(),
        nodes in 12usize..80,
        mutation in 0..MUTATIONS.len(),
        pick in any::<usize>(),
    ) {
        let mut file = generate(Spec { nodes, edges_per_node: 2, seed });
        mutate(&mut file, MUTATIONS[mutation], pick);
        let dir = tempfile::tempdir().unwrap();
        write_folder(&file, dir.path()).unwrap();
        let loaded = check::load(dir.path());
        let full = check::check(reggraph::load::read_folder(dir.path()));
        let codes = |l: &check::Loaded| l.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
        prop_assert_eq!(codes(&loaded), codes(&full));
        prop_assert_eq!(&loaded.dataset, &full.dataset);
        if !matches!(MUTATIONS[mutation], Mutation::None | Mutation::KindMismatch | Mutation::BadJurisdiction) {
            prop_assert!(!full.diagnostics.is_empty(), "{:?} went unnoticed", MUTATIONS[mutation]);
        }
    }
}

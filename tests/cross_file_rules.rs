//! The rules that need every file run once over the typed records of all
//! files. These properties mutate generated datasets with every kind of
//! cross-file problem and check that each is reported with its code, and
//! that an unmutated dataset has nothing to report.

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

/// The code each mutation must be reported with.
fn expected(mutation: Mutation, file: &DataFile) -> Option<&'static str> {
    let has_person = file.nodes.iter().any(|n| n.kind == NodeKind::Person);
    match mutation {
        Mutation::None => None,
        Mutation::UnknownNode => Some("unknown-node"),
        Mutation::DuplicateNode | Mutation::DuplicateSource => Some("duplicate-id"),
        Mutation::UnknownSource => Some("unknown-source"),
        Mutation::SharedName => Some("ambiguous-name"),
        Mutation::Isolated => Some("isolated-node"),
        Mutation::KindMismatch | Mutation::BadJurisdiction => has_person.then_some("kind-mismatch"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_problem_across_files_is_reported_with_its_code(
        seed in any::<u64>(),
        nodes in 12usize..80,
        mutation in 0..MUTATIONS.len(),
        pick in any::<usize>(),
    ) {
        let mut file = generate(Spec { nodes, edges_per_node: 2, seed });
        mutate(&mut file, MUTATIONS[mutation], pick);
        let dir = tempfile::tempdir().unwrap();
        write_folder(&file, dir.path()).unwrap();
        let checked = check::check_folder(dir.path(), &|_| {});
        // Which milestones lie after today depends on the day the test runs:
        // that warning is not one of the rules across files.
        let codes: Vec<&str> = checked
            .diagnostics
            .iter()
            .map(|d| d.code)
            .filter(|&code| code != "future-milestone")
            .collect();
        match expected(MUTATIONS[mutation], &file) {
            None if matches!(MUTATIONS[mutation], Mutation::None) => prop_assert!(codes.is_empty(), "{codes:?}"),
            None => {}
            Some(code) => prop_assert!(codes.contains(&code), "{:?} gave {codes:?}", MUTATIONS[mutation]),
        }
        // Every diagnostic points at text in its file.
        for d in &checked.diagnostics {
            if let Some(label) = &d.primary {
                prop_assert!(!checked.files.text(label.file).is_empty() || label.span.is_empty());
                prop_assert!(label.span.end <= checked.files.text(label.file).len());
            }
        }
    }
}

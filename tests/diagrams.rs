//! The diagrams committed under docs/ (and shown in README.md) match the
//! frozen editorial dataset they are drawn from (never the live
//! graph-data/): the DOT byte for byte, and the SVG node for node (the SVG
//! itself depends on the Graphviz version that drew it). Regenerate them
//! with `cargo run --example regenerate`.

mod common;

use common::tour::{DIAGRAMS, Diagram, REGENERATE, Runner};

#[track_caller]
fn assert_fresh(stem: &str) {
    let diagram: &Diagram = DIAGRAMS.iter().find(|d| d.stem == stem).unwrap();
    let runner = Runner::new(env!("CARGO_BIN_EXE_reggraph"), env!("CARGO_MANIFEST_DIR"));
    if let Some(stale) = runner.stale_diagram(diagram).unwrap() {
        panic!("{stale}");
    }
}

#[test]
fn mistral_ai_two_hop_diagram_is_fresh() {
    assert_fresh("mistral-ai-2-hops");
}

#[test]
fn june_2023_timeline_diagram_is_fresh() {
    assert_fresh("june-2023-timeline");
}

#[test]
fn the_dossier_of_mistral_ai_is_fresh() {
    let runner = Runner::new(env!("CARGO_BIN_EXE_reggraph"), env!("CARGO_MANIFEST_DIR"));
    if let Some(stale) = runner.stale_dossier().unwrap() {
        panic!("{stale}");
    }
}

#[cfg(unix)]
#[test]
fn every_diagram_is_checked_and_each_fault_says_how_to_fix_it() {
    assert_eq!(
        DIAGRAMS.iter().map(|d| d.stem).collect::<Vec<_>>(),
        ["mistral-ai-2-hops", "june-2023-timeline"],
        "a diagram without its freshness test above"
    );
    // A copy of docs/ with one DOT edited and one SVG missing a node.
    let root = tempfile::tempdir().unwrap();
    let docs = root.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for diagram in DIAGRAMS {
        for ext in ["dot", "svg"] {
            let name = format!("{}.{ext}", diagram.stem);
            std::fs::copy(from.join(&name), docs.join(&name)).unwrap();
        }
    }
    std::os::unix::fs::symlink(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        root.path().join("tests"),
    )
    .unwrap();
    let runner = Runner::new(env!("CARGO_BIN_EXE_reggraph"), root.path());
    for diagram in DIAGRAMS {
        assert_eq!(runner.stale_diagram(diagram).unwrap(), None);
    }
    let dot = docs.join("june-2023-timeline.dot");
    let text = std::fs::read_to_string(&dot).unwrap();
    std::fs::write(&dot, text.replacen("Mistral AI", "Mistral", 1)).unwrap();
    assert_eq!(
        runner.stale_diagram(&DIAGRAMS[1]).unwrap().unwrap(),
        format!("docs/june-2023-timeline.dot is stale: run `{REGENERATE}` and commit the result")
    );
    let svg = docs.join("mistral-ai-2-hops.svg");
    let text = std::fs::read_to_string(&svg).unwrap();
    let without = text
        .replace("<title>openai</title>", "")
        .replace("id=\"node-openai\"", "");
    assert_ne!(without, text, "the SVG draws openai");
    std::fs::write(&svg, without).unwrap();
    assert_eq!(
        runner.stale_diagram(&DIAGRAMS[0]).unwrap().unwrap(),
        format!(
            "docs/mistral-ai-2-hops.svg lacks node openai: run `{REGENERATE}` and commit the result"
        )
    );
}

//! Bad input at scale costs what one mistake costs. The bounds are generous
//! (a debug build on a slow, shared machine): they catch a quadratic
//! relapse, `benches/scale.rs` gives the figures.

use std::time::{Duration, Instant};

use reggraph::check::{self, Checked};
use reggraph::generate::{Spec, generate, write_folder};

/// A generated folder of 25,000 nodes, and the id of one of its
/// jurisdictions.
fn folder() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let data = generate(Spec {
        nodes: 25_000,
        edges_per_node: 3,
        seed: 7,
    });
    write_folder(&data, dir.path()).unwrap();
    let place = data
        .nodes
        .iter()
        .find(|n| n.kind == reggraph::model::NodeKind::Jurisdiction)
        .unwrap()
        .id
        .clone();
    (dir, place)
}

fn timed(dir: &std::path::Path) -> (Checked, Duration) {
    let started = Instant::now();
    let checked = check::check_folder(dir, &|_| {});
    (checked, started.elapsed())
}

fn errors(checked: &Checked) -> Vec<&reggraph::diagnostic::Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect()
}

#[test]
fn a_stray_character_in_a_nodes_file_is_one_error() {
    let (dir, _) = folder();
    let file = dir.path().join("nodes/nodes-0000.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    // Between two fields of the first record.
    let text = text.replacen("kind: Person,", "kind: Person, @", 1);
    std::fs::write(&file, text).unwrap();
    let (checked, took) = timed(dir.path());
    let errors = errors(&checked);
    assert_eq!(
        errors.len(),
        1,
        "{:?}",
        errors.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    assert_eq!(errors[0].message, "unexpected `@`");
    // Measured about 2 s in a debug build here; the old checker took 16
    // minutes (50,001 errors).
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

#[test]
fn twenty_thousand_misspelt_references_are_checked_at_once() {
    let (dir, place) = folder();
    let mut edges = String::from("(edges: [\n");
    for i in 0..20_000 {
        // `person-123` misspelt `persom-123`.
        edges.push_str(&format!(
            "    (from: \"persom-{i}\", kind: LocatedIn, to: \"{place}\", sources: [\"source-0\"]),\n"
        ));
    }
    edges.push_str("])\n");
    std::fs::write(dir.path().join("misspelt.ron"), edges).unwrap();
    let (checked, took) = timed(dir.path());
    let errors = errors(&checked);
    assert_eq!(errors.len(), 20_000);
    assert!(
        errors.iter().all(|d| d
            .help
            .as_deref()
            .is_some_and(|h| h.starts_with("did you mean \"person-"))),
        "{:?}",
        errors[0]
    );
    // Measured about 10 s in a debug build here; the old checker took 14
    // minutes.
    assert!(took < Duration::from_secs(120), "took {took:?}");
}

#[test]
fn a_one_megabyte_id_is_no_slower_than_a_short_one() {
    let (dir, place) = folder();
    let long = format!("person-{}", "x".repeat(1 << 20));
    std::fs::write(
        dir.path().join("long.ron"),
        format!("(edges: [(from: \"{long}\", kind: LocatedIn, to: \"{place}\", sources: [\"source-0\"])])"),
    )
    .unwrap();
    let (checked, took) = timed(dir.path());
    let errors = errors(&checked);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].help.as_deref(),
        Some("declare the node in a `nodes: [...]` list, or fix the id")
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

//! `cargo run --example regenerate`, the one command that redoes README's
//! outputs and the pictures under docs/: run on a checkout whose README and
//! diagrams are stale, it gives back the committed files (so on a fresh
//! checkout it changes nothing), without graph-data/ at all; run again, it
//! writes nothing.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;

mod common;

use common::tour::{DIAGRAMS, Runner};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example on `root`, with the binary this test was built with; what
/// it printed.
fn regenerate(root: &Path) -> String {
    let output = Command::new(common::example("regenerate"))
        .arg(root)
        .env("REGGRAPH_BIN", env!("CARGO_BIN_EXE_reggraph"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn regenerating_a_stale_checkout_gives_the_committed_files_and_then_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;

    let root = tempfile::tempdir().unwrap();
    let committed = std::fs::read_to_string(manifest().join("README.md")).unwrap();
    // Two outputs wrong, one line of output missing, the blank line
    // between two commands lost.
    let mut stale = committed.clone();
    for (from, to) in [
        (
            "35 nodes, 53 edges, 7 sources: 0 errors, 5 warnings",
            "34 nodes",
        ),
        (
            "no node matches \"mistral-aj\"",
            "no node matches \"mistral-ai\"",
        ),
        ("6 of 35 nodes\n", ""),
        ("1 amount\n\n$ reggraph money", "1 amount\n$ reggraph money"),
    ] {
        assert!(stale.contains(from), "README.md shows {from:?}");
        stale = stale.replacen(from, to, 1);
    }
    let readme = root.path().join("README.md");
    std::fs::write(&readme, &stale).unwrap();
    std::fs::set_permissions(&readme, std::fs::Permissions::from_mode(0o644)).unwrap();
    let docs = root.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    // One DOT stale, the others missing.
    std::fs::write(docs.join("mistral-ai-2-hops.dot"), "digraph {}\n").unwrap();
    std::os::unix::fs::symlink(manifest().join("tests"), root.path().join("tests")).unwrap();
    // The SPARQL queries README runs from their files.
    std::os::unix::fs::symlink(manifest().join("docs/sparql"), docs.join("sparql")).unwrap();

    let said = regenerate(root.path());
    assert_eq!(
        said,
        "rewrote README.md\n\
         rewrote docs/mistral-ai-2-hops.dot\n\
         rewrote docs/mistral-ai-2-hops.svg\n\
         rewrote docs/june-2023-timeline.dot\n\
         rewrote docs/june-2023-timeline.svg\n\
         rewrote docs/dossier-mistral-ai.md\n\
         rewrote docs/dossier-mistral-ai.svg\n\
         rewrote docs/dossier-mistral-ai.png\n"
    );
    assert!(std::fs::read_to_string(&readme).unwrap() == committed);
    assert_eq!(
        std::fs::metadata(&readme).unwrap().permissions().mode() & 0o777,
        0o644,
        "README keeps its permissions"
    );
    let runner = Runner::new(env!("CARGO_BIN_EXE_reggraph"), root.path());
    for diagram in DIAGRAMS {
        let dot = format!("docs/{}.dot", diagram.stem);
        assert!(
            std::fs::read(root.path().join(&dot)).unwrap()
                == std::fs::read(manifest().join(&dot)).unwrap(),
            "{dot} is not the committed one"
        );
        assert_eq!(runner.stale_diagram(diagram).unwrap(), None);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(runner.stale_dossier().unwrap(), None);
    assert!(
        std::fs::read(root.path().join("docs/dossier-mistral-ai.md")).unwrap()
            == std::fs::read(manifest().join("docs/dossier-mistral-ai.md")).unwrap(),
        "docs/dossier-mistral-ai.md is not the committed one"
    );
    assert_eq!(
        leftovers.len(),
        8,
        "no temporary file left (7 files and sparql/): {leftovers:?}"
    );

    // Idempotent: a second run writes nothing.
    let before = std::fs::metadata(&readme).unwrap().modified().unwrap();
    let said = regenerate(root.path());
    assert_eq!(
        said,
        "README.md is up to date\n\
         docs/mistral-ai-2-hops.dot is up to date\n\
         docs/mistral-ai-2-hops.svg is up to date\n\
         docs/june-2023-timeline.dot is up to date\n\
         docs/june-2023-timeline.svg is up to date\n\
         docs/dossier-mistral-ai.md is up to date\n\
         docs/dossier-mistral-ai.svg is up to date\n\
         docs/dossier-mistral-ai.png is up to date\n"
    );
    assert_eq!(
        std::fs::metadata(&readme).unwrap().modified().unwrap(),
        before
    );
}

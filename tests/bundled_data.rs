//! What the suite asks of the live graph-data/, and nothing more: `check`
//! passes on it, `fmt --check` too, and the library examples run on it,
//! without an exact answer asserted. Every exact answer (README's tour, the diagrams under docs/,
//! `show`, `path`, the examples' output...) comes from the frozen copy
//! tests/fixtures/editorial-2023-06/ instead, so that a contributor's new
//! fact fails `cargo test` only if `check` fails on it. The tests below
//! show it with one more fact, and keep any other test from reading the
//! live data.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::tour::{DIAGRAMS, Runner};
use reggraph::workspace::{Cache, Workspace};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The library examples tests/examples.rs runs on the frozen dataset.
const EXAMPLES: &[&str] = &["founders", "funding_report", "as_of"];

/// `check`'s last line on `data`, and whether it exited 0.
fn check(data: &Path) -> (String, bool) {
    let run = common::run(&["--data", data.to_str().unwrap(), "check"], &[]);
    let summary = run.stdout.lines().last().unwrap_or_default().to_string();
    (summary, run.code == 0)
}

/// What fails among the suite's demands on a data folder: `check` passes
/// on it, it is laid out as `fmt` lays it out, and each example runs on it (as `$REGGRAPH_DATA`, from a folder
/// without a graph-data of its own).
fn unmet_demands(data: &Path) -> Vec<String> {
    let mut unmet = Vec::new();
    let run = common::run(&["--data", data.to_str().unwrap(), "check"], &[]);
    if run.code != 0 {
        unmet.push(format!("`check` exits {}:\n{}", run.code, run.stdout));
    }
    // The bundled data is kept as `fmt` lays it out.
    let run = common::run(&["fmt", "--check", data.to_str().unwrap()], &[]);
    if run.code != 0 {
        unmet.push(format!(
            "`fmt --check` exits {} (run `reggraph fmt`):\n{}{}",
            run.code, run.stdout, run.stderr
        ));
    }
    for name in EXAMPLES {
        let cwd = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let output = Command::new(common::example(name))
            .current_dir(cwd.path())
            .env("REGGRAPH_DATA", data)
            .env("REGGRAPH_CACHE_DIR", cache.path())
            .env("REGGRAPH_TODAY", common::TODAY)
            .output()
            .unwrap();
        if !output.status.success() || output.stdout.is_empty() {
            unmet.push(format!(
                "the example {name} fails:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    unmet
}

#[test]
fn the_bundled_data_passes_check_and_the_examples_run_on_it() {
    let unmet = unmet_demands(&manifest().join("graph-data"));
    assert!(unmet.is_empty(), "on graph-data/: {}", unmet.join("\n"));
}

/// A real fact graph-data/ holds only inside a description and a quote:
/// the two or three world-class poles of excellence the AI clusters
/// financing is to develop, in the editorial's words. `{id}` is the new
/// node's id.
const NEW_FACT: &str = r#"// Added by tests/bundled_data.rs to a copy of graph-data/.
(
    nodes: [
        (
            id: "{id}",
            kind: Programme,
            name: "World-class AI poles of excellence",
            description: "The two or three world-class poles of excellence that the AI clusters financing announced in June 2023 aims to develop.",
            tags: ["ai", "clusters"],
            jurisdiction: "france",
            sources: ["alliancy-edito-2023-06"],
            quote: "deux ou trois pôles d’excellence de taille mondiale",
        ),
    ],
    edges: [
        (
            from: "{id}",
            kind: PartOf,
            to: "france-ai-clusters",
            date: "2023-06-14",
            sources: ["alliancy-edito-2023-06"],
            quote: "L’objectif est de développer deux ou trois pôles d’excellence de taille mondiale",
            note: "The aim of the clusters financing, stated with it. Day derived from « mercredi » in the newsletter's week ending Friday 16 June 2023.",
        ),
    ],
)
"#;

/// Copies the files of `from` into `to`, sub-folders included.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// An id for the new fact's node that graph-data/ does not declare: should
/// a contributor add the same fact one day, the test still adds one.
fn new_id() -> String {
    let bundled = Workspace::new(manifest().join("graph-data"), &Cache::Off)
        .graph(&|_| {})
        .ok()
        .expect("graph-data/ passes check")
        .output;
    let mut id = "france-ai-poles-of-excellence".to_string();
    while bundled.by_id(&id).is_some() {
        id.push_str("-again");
    }
    id
}

/// A checkout in a temporary folder whose graph-data/ is the repository's
/// with [`NEW_FACT`] added: README.md and docs/ copied, tests/ linked.
fn checkout_with_a_new_fact() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("graph-data");
    copy_tree(&manifest().join("graph-data"), &data);
    let id = new_id();
    std::fs::write(
        data.join(format!("{id}.ron")),
        NEW_FACT.replace("{id}", &id),
    )
    .unwrap();
    copy_tree(&manifest().join("docs"), &root.path().join("docs"));
    std::fs::copy(manifest().join("README.md"), root.path().join("README.md")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(manifest().join("tests"), root.path().join("tests")).unwrap();
    root
}

/// `N nodes, M edges` of a `check` summary, as numbers.
fn counts(summary: &str) -> (usize, usize) {
    let words: Vec<&str> = summary.split_whitespace().collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

#[cfg(unix)]
#[test]
fn a_new_sourced_fact_in_graph_data_breaks_nothing_but_check_could() {
    let root = checkout_with_a_new_fact();
    let data: PathBuf = root.path().join("graph-data");

    // The fact is read, and `check` passes: one node and one edge more.
    let (before, clean) = check(&manifest().join("graph-data"));
    assert!(clean, "{before}");
    let (after, passes) = check(&data);
    assert!(
        passes,
        "check fails on graph-data/ with the new fact: {after}"
    );
    let ((nodes, edges), (more_nodes, more_edges)) = (counts(&before), counts(&after));
    assert_eq!((more_nodes, more_edges), (nodes + 1, edges + 1), "{after}");

    // What the suite asks of graph-data/ still holds on it.
    let unmet = unmet_demands(&data);
    assert!(unmet.is_empty(), "with the new fact: {}", unmet.join("\n"));

    // README's tour and the diagrams, checked in that checkout, are still
    // fresh: they do not read its graph-data/.
    let runner = Runner::new(env!("CARGO_BIN_EXE_reggraph"), root.path());
    let readme = std::fs::read_to_string(root.path().join("README.md")).unwrap();
    let fresh = runner.readme(&readme).unwrap();
    assert!(fresh.commands >= 10);
    assert!(fresh.stale.is_empty(), "{}", fresh.stale.join("\n"));
    assert!(fresh.text == readme);
    for diagram in DIAGRAMS {
        assert_eq!(runner.stale_diagram(diagram).unwrap(), None);
    }

    // Had they read it, as they did before the freeze, both would be
    // stale: the fact shows in the tour's first command and in June 2023's
    // timeline.
    let live = runner.output(&["check"], None).unwrap();
    assert_eq!(live.lines().last(), Some(after.as_str()));
    assert!(!readme.contains(&format!("$ reggraph check\n{after}\n")));
    let mut timeline = vec!["export", "dot"];
    timeline.extend_from_slice(DIAGRAMS[1].args);
    let live_dot = runner.output(&timeline, None).unwrap();
    assert!(live_dot.contains("World-class AI poles of excellence"));
    assert_ne!(
        live_dot,
        std::fs::read_to_string(root.path().join("docs/june-2023-timeline.dot")).unwrap()
    );
}

/// Lines of the other test sources (this file reads the live data by
/// design) that may name the live graph-data/ as a data folder, or leave
/// a command to find it, and why.
const MAY_NAME_THE_LIVE_DATA: &[(&str, &str)] = &[
    // The tour refuses to read it, and sets the frozen dataset in place
    // of the variable it removes.
    (
        "tests/common/tour.rs",
        r#".find(|a| *a == "graph-data" || a.starts_with("graph-data/"))"#,
    ),
    ("tests/common/tour.rs", r#".env_remove("REGGRAPH_DATA")"#),
    // The default folder, read from tests/fixtures/default-folder.
    ("tests/cli_check.rs", r#".env_remove("REGGRAPH_DATA")"#),
    // With `--data` given.
    ("tests/long_lines.rs", r#".env_remove("REGGRAPH_DATA")"#),
];

/// The Rust files under `dir`, sorted.
fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // Fixtures are data, snapshots are outputs.
            if !path.ends_with("fixtures") && !path.ends_with("snapshots") {
                rust_files(&path, into);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn no_other_test_reads_the_live_data() {
    let mut files = Vec::new();
    rust_files(&manifest().join("tests"), &mut files);
    rust_files(&manifest().join("benches"), &mut files);
    assert!(files.len() > 20, "{files:?}");
    let mut found = Vec::new();
    let mut allowed_seen = Vec::new();
    for path in &files {
        let name = path.strip_prefix(manifest()).unwrap().display().to_string();
        if name == "tests/bundled_data.rs" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            // A string that is, or starts with, the folder's path (not a
            // mention of `./graph-data` in a message), or a command left to
            // find ./graph-data in the working directory, the package's.
            let names_it = [
                "\"graph-data",
                "\"/graph-data",
                "}/graph-data",
                "env_remove(\"REGGRAPH_DATA\")",
            ]
            .iter()
            .any(|p| line.contains(p));
            if !names_it || line.starts_with("//") {
                continue;
            }
            if MAY_NAME_THE_LIVE_DATA.contains(&(name.as_str(), line)) {
                allowed_seen.push((name.clone(), line.to_string()));
            } else {
                found.push(format!("{name}:{}: {line}", i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "tests that read the live graph-data/, whose answers change with every fact added: \
         read common::EDITORIAL (the frozen tests/fixtures/editorial-2023-06) instead\n{}",
        found.join("\n")
    );
    for (file, line) in MAY_NAME_THE_LIVE_DATA {
        assert!(
            allowed_seen.iter().any(|(f, l)| f == file && l == line),
            "{file} no longer has `{line}`: take it out of MAY_NAME_THE_LIVE_DATA"
        );
    }
}

#[test]
fn a_test_that_forgets_its_data_folder_fails_instead_of_reading_graph_data() {
    let run = common::run(&["show", "mistral-ai"], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains(&format!("data folder `{}` does not exist", common::NO_DATA)),
        "{}",
        run.stderr
    );
}

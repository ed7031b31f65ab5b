//! The snapshot cache: used when nothing changed, invalidated by an edit,
//! an added file, a removed file and another reggraph version; a corrupt or
//! truncated snapshot is rebuilt silently; answers are the same either way.

use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use reggraph::cache::{self, Source};
use reggraph::generate::{Spec, generate, write_folder};
use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Selection};

/// A copy of a fixture folder in a temporary directory.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// The queries fixture without its warning (island gets an edge), so that
/// it is cached.
fn clean_queries() -> tempfile::TempDir {
    let dir = copy_fixture("queries");
    std::fs::write(
        dir.path().join("island.ron"),
        "(edges: [(from: \"island\", kind: LocatedIn, to: \"land\", sources: [\"src\"])])",
    )
    .unwrap();
    dir
}

fn source(data: &Path, cache_dir: &Path) -> Source {
    cache::load_with(data, cache_dir).1
}

#[test]
fn unchanged_data_is_read_from_the_snapshot() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let (cold, first) = cache::load_with(data.path(), cache_dir.path());
    assert_eq!(first, Source::Files);
    let (warm, second) = cache::load_with(data.path(), cache_dir.path());
    assert_eq!(second, Source::Snapshot);
    assert_eq!(cold.dataset, warm.dataset);
    assert_eq!(cold.summary(), warm.summary());
    // The snapshot is not in the data folder.
    let in_data: Vec<_> = walkdir::WalkDir::new(data.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "snapshot"))
        .collect();
    assert!(in_data.is_empty());
}

#[test]
fn an_edit_invalidates_the_snapshot() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    source(data.path(), cache_dir.path());
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
    let file = data.path().join("actors.ron");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Alice Martin", "Alice Marten");
    std::fs::write(&file, text).unwrap();
    let (loaded, from) = cache::load_with(data.path(), cache_dir.path());
    assert_eq!(from, Source::Files);
    assert!(
        loaded
            .dataset
            .nodes
            .iter()
            .any(|n| n.name == "Alice Marten")
    );
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
}

#[test]
fn an_added_or_removed_file_invalidates_the_snapshot() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    source(data.path(), cache_dir.path());
    std::fs::create_dir_all(data.path().join("more")).unwrap();
    std::fs::write(
        data.path().join("more/extra.ron"),
        "(edges: [(from: \"carol\", kind: LocatedIn, to: \"land\", sources: [\"src\"])])",
    )
    .unwrap();
    let (loaded, from) = cache::load_with(data.path(), cache_dir.path());
    assert_eq!(from, Source::Files);
    assert_eq!(loaded.dataset.edges.len(), 18);
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
    std::fs::remove_file(data.path().join("more/extra.ron")).unwrap();
    let (loaded, from) = cache::load_with(data.path(), cache_dir.path());
    assert_eq!(from, Source::Files);
    assert_eq!(loaded.dataset.edges.len(), 17);
}

#[test]
fn another_version_does_not_read_the_snapshot() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let (loaded, _) = cache::load_with(data.path(), cache_dir.path());
    let path = cache::snapshot_path_in(cache_dir.path(), data.path()).unwrap();
    let key = cache::key(data.path(), cache::VERSION).unwrap();
    assert!(cache::read_snapshot(&path, cache::VERSION, key).is_some());
    // A snapshot written by another version is ignored, and the key differs.
    cache::write_snapshot(&path, "0.0.0-other", key, &loaded).unwrap();
    assert!(cache::read_snapshot(&path, cache::VERSION, key).is_none());
    assert_ne!(cache::key(data.path(), "0.0.0-other").unwrap(), key);
    assert_eq!(source(data.path(), cache_dir.path()), Source::Files);
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
}

#[test]
fn a_corrupt_or_truncated_snapshot_is_rebuilt() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let (expected, _) = cache::load_with(data.path(), cache_dir.path());
    let path = cache::snapshot_path_in(cache_dir.path(), data.path()).unwrap();
    let whole = std::fs::read(&path).unwrap();
    let damages: Vec<Vec<u8>> = vec![
        whole[..whole.len() / 2].to_vec(),
        {
            let mut flipped = whole.clone();
            let last = flipped.len() - 1;
            flipped[last] ^= 0xff;
            flipped
        },
        b"not a snapshot".to_vec(),
        Vec::new(),
    ];
    for damaged in damages {
        std::fs::write(&path, &damaged).unwrap();
        let (loaded, from) = cache::load_with(data.path(), cache_dir.path());
        assert_eq!(from, Source::Files);
        assert_eq!(loaded.dataset, expected.dataset);
        assert!(loaded.diagnostics.is_empty());
        assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
    }
}

#[test]
fn the_cli_uses_the_cache_dir_and_no_cache_bypasses_it() {
    let data = copy_fixture("queries");
    let cache_dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("reggraph")
            .unwrap()
            .env("REGGRAPH_CACHE_DIR", cache_dir.path())
            .arg("--data")
            .arg(data.path())
            .args(args)
            .output()
            .unwrap()
    };
    let snapshots = || {
        std::fs::read_dir(cache_dir.path())
            .map(|d| d.count())
            .unwrap_or(0)
    };
    let cold = run(&["--no-cache", "money", "--to", "acme"]);
    assert_eq!(snapshots(), 0, "--no-cache writes no snapshot");
    // The fixture has a warning (an isolated node): nothing to cache.
    run(&["money", "--to", "acme"]);
    assert_eq!(snapshots(), 0, "data with diagnostics is not cached");
    std::fs::write(
        data.path().join("extra.ron"),
        "(edges: [(from: \"island\", kind: LocatedIn, to: \"land\", sources: [\"src\"])])",
    )
    .unwrap();
    let first = run(&["money", "--to", "acme"]);
    assert_eq!(snapshots(), 1);
    let warm = run(&["money", "--to", "acme"]);
    assert_eq!(first.stdout, warm.stdout);
    assert_eq!(cold.stdout, warm.stdout);
    assert!(warm.stderr.is_empty());
    let check = run(&["check"]);
    assert_eq!(
        String::from_utf8(check.stdout).unwrap(),
        "12 nodes, 17 edges, 2 sources: 0 errors, 0 warnings\n"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    /// Over generated datasets, the answers from a snapshot are the answers
    /// from the files.
    #[test]
    fn answers_are_the_same_with_and_without_the_cache(seed in any::<u64>(), nodes in 20usize..300) {
        let data = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        write_folder(&generate(Spec { nodes, edges_per_node: 3, seed }), data.path()).unwrap();
        let (cold, first) = cache::load_with(data.path(), cache_dir.path());
        prop_assert_eq!(first, Source::Files);
        let (warm, second) = cache::load_with(data.path(), cache_dir.path());
        prop_assert_eq!(second, Source::Snapshot);
        let answers = |loaded: reggraph::check::Loaded| {
            let graph = KnowledgeGraph::build(loaded.dataset);
            let all = Selection::all();
            let subgraph = all.apply(&graph);
            let stats = query::stats(&graph, &subgraph, 5);
            let timeline = query::timeline(&graph, &query::TimelineQuery::default());
            let money = query::money(&graph, &query::MoneyQuery::default());
            let centre = graph.nodes()[0];
            let mut around = Selection::all();
            around.depth = 2;
            let near: Vec<(String, usize)> = around
                .neighbourhood(&graph, centre)
                .into_iter()
                .map(|r| (graph.node(r.node).id.clone(), r.distance))
                .collect();
            (
                format!("{:?}", stats.by_degree.iter().map(|c| (graph.node(c.node).id.clone(), c.degree())).collect::<Vec<_>>()),
                timeline.len(),
                money.totals.iter().map(|t| (t.currency.code(), t.value)).collect::<Vec<_>>(),
                near,
            )
        };
        prop_assert_eq!(answers(cold), answers(warm));
    }
}

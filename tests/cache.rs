//! The snapshot cache: used when nothing changed, invalidated by an edit,
//! an added file, a removed file and another reggraph version; a corrupt or
//! truncated snapshot is rebuilt silently; answers are the same either way.

use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use reggraph::cache;
use reggraph::diagnostic::Diagnostic;
use reggraph::generate::{Spec, generate, write_folder};
use reggraph::graph::KnowledgeGraph;
use reggraph::model::Dataset;
use reggraph::query::{self, Selection};
use reggraph::workspace::{Cache, Origin as Source, Workspace};

mod common;

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

/// The dataset with its sources in id order: the graph keeps sources by id,
/// so a snapshot gives them back in that order.
fn sorted(mut dataset: reggraph::model::Dataset) -> reggraph::model::Dataset {
    dataset.sources.sort_by(|a, b| a.id.cmp(&b.id));
    dataset
}

/// What a load through the workspace gave: every record, the summary line
/// and any diagnostic.
struct Loaded {
    dataset: Dataset,
    diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn summary(&self) -> String {
        reggraph::check::summary(
            [
                self.dataset.nodes.len(),
                self.dataset.edges.len(),
                self.dataset.sources.len(),
            ],
            self.diagnostics.iter().filter(|d| d.is_error()).count(),
            self.diagnostics.iter().filter(|d| !d.is_error()).count(),
        )
    }
}

/// The records of a graph, in the order they were read.
fn dataset_of(graph: &KnowledgeGraph) -> Dataset {
    Dataset {
        sources: graph.sources().cloned().collect(),
        nodes: (0..graph.node_count())
            .map(|i| {
                graph
                    .node(petgraph::stable_graph::NodeIndex::new(i))
                    .clone()
            })
            .collect(),
        edges: graph
            .edge_indices()
            .map(|e| graph.edge(e).clone())
            .collect(),
    }
}

/// Loads `data` as every command does, keeping snapshots in `cache_dir`:
/// every record is read, and a graph that met a damaged snapshot block on
/// the way is thrown away for the files' (as the command line does).
fn load_with(data: &Path, cache_dir: &Path) -> (Loaded, Source) {
    let workspace = Workspace::new(data, &Cache::In(cache_dir.to_path_buf()));
    let mut graph = workspace.graph(&|_| {}).ok().expect("data without errors");
    let mut dataset = dataset_of(&graph.output);
    if graph.output.damaged() {
        workspace.discard();
        graph = workspace.graph_from_files(&|_| {}).ok().unwrap();
        dataset = dataset_of(&graph.output);
    }
    workspace.keep(&graph);
    let loaded = Loaded {
        dataset,
        diagnostics: graph.warnings,
    };
    (loaded, graph.origin)
}

fn source(data: &Path, cache_dir: &Path) -> Source {
    load_with(data, cache_dir).1
}

#[test]
fn unchanged_data_is_read_from_the_snapshot() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let (cold, first) = load_with(data.path(), cache_dir.path());
    assert_eq!(first, Source::Files);
    let (warm, second) = load_with(data.path(), cache_dir.path());
    assert_eq!(second, Source::Snapshot);
    assert_eq!(cold.summary(), warm.summary());
    assert_eq!(sorted(cold.dataset), sorted(warm.dataset));
    // The snapshot is not in the data folder.
    let in_data: Vec<_> = walkdir::WalkDir::new(data.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "snapshot"))
        .collect();
    assert!(in_data.is_empty());
}

#[test]
fn an_edit_of_one_file_is_read_with_the_snapshot_and_of_two_from_the_files() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    source(data.path(), cache_dir.path());
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
    let edit = |name: &str, from: &str, to: &str| {
        let file = data.path().join(name);
        let text = std::fs::read_to_string(&file).unwrap().replace(from, to);
        std::fs::write(&file, text).unwrap();
    };
    edit("actors.ron", "Alice Martin", "Alice Marten");
    let (loaded, from) = load_with(data.path(), cache_dir.path());
    assert_eq!(from, Source::Edited);
    let names = |loaded: &Loaded| {
        loaded
            .dataset
            .nodes
            .iter()
            .map(|n| n.name.clone())
            .collect::<Vec<_>>()
    };
    assert!(names(&loaded).contains(&"Alice Marten".to_string()));
    let (uncached, _) = load_with(data.path(), tempfile::tempdir().unwrap().path());
    assert_eq!(sorted(loaded.dataset), sorted(uncached.dataset));
    // Still the one file: the snapshot and that file again.
    assert_eq!(source(data.path(), cache_dir.path()), Source::Edited);
    // A second file edited: every file is read, and a new snapshot taken.
    edit("island.ron", "LocatedIn", "LocatedIn, note: \"an island\"");
    assert_eq!(source(data.path(), cache_dir.path()), Source::Files);
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
    let (loaded, from) = load_with(data.path(), cache_dir.path());
    assert_eq!(from, Source::Files);
    assert_eq!(loaded.dataset.edges.len(), 18);
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
    std::fs::remove_file(data.path().join("more/extra.ron")).unwrap();
    let (loaded, from) = load_with(data.path(), cache_dir.path());
    assert_eq!(from, Source::Files);
    assert_eq!(loaded.dataset.edges.len(), 17);
}

#[test]
fn another_version_does_not_read_the_snapshot() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let (loaded, _) = load_with(data.path(), cache_dir.path());
    let path = cache::snapshot_path_in(cache_dir.path(), data.path()).unwrap();
    assert!(cache::Snapshot::open(&path, data.path(), cache::VERSION).is_some());
    // A snapshot written by another version is ignored.
    let graph = KnowledgeGraph::build(loaded.dataset.clone());
    let stamps = reggraph::check::check_folder(data.path(), &|_| {})
        .stamps
        .unwrap();
    cache::write_snapshot(&path, "0.0.0-other", &stamps, &graph, &[]).unwrap();
    assert!(cache::Snapshot::open(&path, data.path(), cache::VERSION).is_none());
    assert!(cache::Snapshot::open(&path, data.path(), "0.0.0-other").is_some());
    assert_eq!(source(data.path(), cache_dir.path()), Source::Files);
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
}

/// Sets a file's modification time to an hour ago.
fn age(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

#[test]
fn an_edit_that_keeps_the_size_and_modification_time_is_noticed() {
    // Old files are trusted by their metadata, without being read. An
    // edit of the same length whose modification time is then set back
    // still changes the file's status-change time (which no program can
    // set), so the file is hashed again and the edit found.
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(data.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            age(entry.path());
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    source(data.path(), cache_dir.path());
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
    let file = data.path().join("actors.ron");
    let before = std::fs::metadata(&file).unwrap();
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Alice Martin", "Alice Marten");
    std::fs::write(&file, text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();
    let after = std::fs::metadata(&file).unwrap();
    assert_eq!(
        (before.len(), before.modified().unwrap()),
        (after.len(), after.modified().unwrap())
    );
    // Noticed: the edited file is read again.
    let (loaded, from) = load_with(data.path(), cache_dir.path());
    assert_eq!(from, Source::Edited);
    assert!(
        loaded
            .dataset
            .nodes
            .iter()
            .any(|n| n.name == "Alice Marten")
    );
}

#[test]
fn touching_a_file_without_changing_it_keeps_the_snapshot() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    source(data.path(), cache_dir.path());
    let file = data.path().join("actors.ron");
    let text = std::fs::read(&file).unwrap();
    std::fs::write(&file, text).unwrap();
    age(&file);
    // New metadata, same content: the content decides.
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
}

#[test]
fn a_corrupt_or_truncated_snapshot_is_rebuilt() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let (expected, _) = load_with(data.path(), cache_dir.path());
    let path = cache::snapshot_path_in(cache_dir.path(), data.path()).unwrap();
    let whole = std::fs::read(&path).unwrap();
    let damages: Vec<Vec<u8>> = vec![
        whole[..whole.len() / 2].to_vec(),
        // In a node block, which `show` would read.
        {
            let mut flipped = whole.clone();
            flipped[100] ^= 0x01;
            flipped
        },
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
        let (loaded, from) = load_with(data.path(), cache_dir.path());
        assert_eq!(from, Source::Files);
        assert_eq!(sorted(loaded.dataset), sorted(expected.dataset.clone()));
        assert!(loaded.diagnostics.is_empty());
        assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
    }
}

#[test]
fn the_cli_uses_the_cache_dir_and_no_cache_bypasses_it() {
    let data = copy_fixture("queries");
    let cache_dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        common::binary()
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
    // The fixture has a warning (an isolated node): cached with it.
    let warned = run(&["money", "--to", "acme"]);
    assert_eq!(snapshots(), 1, "data with a warning is cached");
    assert_eq!(warned.stdout, cold.stdout);
    assert_eq!(warned.stderr, cold.stderr);
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
    // `show` and `neighbors` read only the part of the snapshot they need,
    // and `check` only its counts: they answer as the files do, also when
    // the node is not found.
    for args in [
        &["show", "acme"][..],
        &["show", "Alice Martin", "--format", "json"],
        &["neighbors", "carol", "--depth", "2"],
        &["neighbors", "acme", "--depth", "3", "--direction", "in"],
        &["show", "acmee"],
        &["show", "nobody-at-all"],
        &["check"],
        &["--format", "json", "check"],
    ] {
        let warm = run(args);
        let mut cold_args = vec!["--no-cache"];
        cold_args.extend_from_slice(args);
        let cold = run(&cold_args);
        assert_eq!(warm.stdout, cold.stdout, "{args:?}");
        assert_eq!(warm.stderr, cold.stderr, "{args:?}");
        assert_eq!(warm.status.code(), cold.status.code(), "{args:?}");
    }
    // A damaged block is noticed by the partial read too: the files answer.
    let snapshot = std::fs::read_dir(cache_dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&snapshot).unwrap();
    bytes[100] ^= 0x01;
    std::fs::write(&snapshot, bytes).unwrap();
    let damaged = run(&["show", "acme"]);
    assert_eq!(damaged.stdout, run(&["--no-cache", "show", "acme"]).stdout);
    assert!(damaged.stderr.is_empty());
    let check = run(&["check"]);
    assert_eq!(
        String::from_utf8(check.stdout).unwrap(),
        "12 nodes, 17 edges, 2 sources: 0 errors, 0 warnings\n"
    );
}

#[test]
fn a_walk_of_any_depth_stops_when_nothing_more_is_reached() {
    // Depth 10 already reaches every node of the fixture: a larger depth
    // must give the same answer, at once, from the snapshot (warm) and
    // from the files, instead of walking empty layers up to the depth.
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let neighbors = |depth: &str, more: &[&str]| {
        let output = common::binary()
            .env("REGGRAPH_CACHE_DIR", cache_dir.path())
            .arg("--data")
            .arg(data.path())
            .args(more)
            .args(["neighbors", "acme", "--depth", depth])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "--depth {depth} {more:?}: {output:?}"
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        // The first line says the depth asked for; the layers follow.
        let (head, layers) = stdout.split_once('\n').unwrap();
        assert!(head.ends_with(&format!("within {depth} edges")), "{head}");
        layers.to_string()
    };
    let expected = neighbors("10", &[]);
    assert!(expected.contains("\n2 edges away (3)\n"), "{expected}");
    assert_eq!(std::fs::read_dir(cache_dir.path()).unwrap().count(), 1);
    assert_eq!(neighbors("10", &[]), expected);
    for depth in ["1000000000", &usize::MAX.to_string()] {
        assert_eq!(neighbors(depth, &[]), expected, "warm, --depth {depth}");
        assert_eq!(
            neighbors(depth, &["--no-cache"]),
            expected,
            "from the files, --depth {depth}"
        );
    }
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn the_test_runner_never_writes_to_the_users_cache() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("cache");
    std::fs::create_dir(&xdg).unwrap();
    let user = [
        ("HOME", home.path().to_str().unwrap()),
        ("XDG_CACHE_HOME", xdg.to_str().unwrap()),
    ];
    // Clean data, so that a snapshot is stored.
    let args = ["--data", "tests/fixtures/valid-small", "list"];
    let run = common::run(&args, &user);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files_under(home.path()), Vec::<std::path::PathBuf>::new());
    assert!(
        !run.cache_dir.exists(),
        "the run's snapshot folder is removed"
    );
    // Without the runner's folder, the same command does store its
    // snapshot in the user cache folder these variables name.
    let output = Command::cargo_bin("reggraph")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("REGGRAPH_CACHE_DIR")
        .envs(user)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stored = files_under(home.path());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(stored[0].starts_with(xdg.join("reggraph")), "{stored:?}");
}

/// Sets a file's modification time to `hours` ago.
fn age_by(path: &Path, hours: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600 * hours);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(then)
        .unwrap();
}

/// The names of the files in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_str().unwrap().to_string()
}

#[test]
fn a_snapshot_being_written_is_locked_under_a_temporary_name() {
    // What tells a killed writer's file from a live writer's: the live
    // one holds an exclusive lock on it until it is renamed.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("0123456789abcdef.snapshot");
    reggraph::load::write_atomically_with(&target, |file| {
        use std::io::Write;
        file.write_all(b"partial")?;
        let names = names_in(dir.path());
        assert_eq!(names.len(), 1, "{names:?}");
        let name = &names[0];
        assert!(
            name.starts_with(".0123456789abcdef.snapshot.") && name.ends_with(".tmp"),
            "{name}"
        );
        let other = std::fs::File::open(dir.path().join(name)).unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        Ok(())
    })
    .unwrap();
    assert_eq!(names_in(dir.path()), ["0123456789abcdef.snapshot"]);
}

#[test]
fn a_snapshot_write_removes_temporary_files_no_live_writer_holds() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let snapshot = file_name(&cache::snapshot_path_in(cache_dir.path(), data.path()).unwrap());
    let temporary = |random: &str| cache_dir.path().join(format!(".{snapshot}.{random}.tmp"));
    // Left by a writer killed an hour ago: nobody holds it.
    let abandoned = temporary("Kill9d");
    std::fs::write(&abandoned, vec![0u8; 4096]).unwrap();
    age_by(&abandoned, 1);
    // As old, but its writer is alive and holds its lock.
    let live = temporary("Alive1");
    let held = std::fs::File::create(&live).unwrap();
    held.lock().unwrap();
    age_by(&live, 1);
    // Just created: its writer may not have locked it yet.
    let fresh = temporary("Fresh1");
    std::fs::write(&fresh, b"").unwrap();
    // Not a snapshot's: not ours to judge.
    let other = cache_dir.path().join(".notes.txt.Other1.tmp");
    std::fs::write(&other, b"").unwrap();
    age_by(&other, 1);
    let (_, from) = load_with(data.path(), cache_dir.path());
    assert_eq!(from, Source::Files);
    assert!(
        !abandoned.exists(),
        "an abandoned temporary file is removed"
    );
    assert!(live.exists(), "a live writer's file is kept");
    assert!(fresh.exists(), "a new temporary file is kept");
    assert!(other.exists());
    assert!(cache_dir.path().join(&snapshot).exists());
    drop(held);
}

#[test]
fn a_snapshot_write_removes_snapshots_of_folders_that_are_gone() {
    let cache_dir = tempfile::tempdir().unwrap();
    let gone = clean_queries();
    let kept = clean_queries();
    source(gone.path(), cache_dir.path());
    source(kept.path(), cache_dir.path());
    let of = |data: &Path| file_name(&cache::snapshot_path_in(cache_dir.path(), data).unwrap());
    let (gone_snapshot, kept_snapshot) = (of(gone.path()), of(kept.path()));
    assert_eq!(names_in(cache_dir.path()).len(), 2);
    drop(gone);
    let new = clean_queries();
    source(new.path(), cache_dir.path());
    let names = names_in(cache_dir.path());
    assert!(!names.contains(&gone_snapshot), "{names:?}");
    assert!(names.contains(&kept_snapshot), "{names:?}");
    assert!(names.contains(&of(new.path())), "{names:?}");
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn the_oldest_snapshots_go_when_the_cache_is_over_its_size_limit() {
    let cache_dir = tempfile::tempdir().unwrap();
    let folders = [clean_queries(), clean_queries(), clean_queries()];
    let snapshot = |i: usize| cache::snapshot_path_in(cache_dir.path(), folders[i].path()).unwrap();
    let list = |i: usize, max_bytes: &str| {
        let output = common::binary()
            .env("REGGRAPH_CACHE_DIR", cache_dir.path())
            .env("REGGRAPH_CACHE_MAX_BYTES", max_bytes)
            .arg("--data")
            .arg(folders[i].path())
            .arg("list")
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
    };
    // Not a number: the default limit, far above these snapshots.
    list(0, "lots");
    age_by(&snapshot(0), 3);
    list(1, "lots");
    age_by(&snapshot(1), 2);
    assert_eq!(names_in(cache_dir.path()).len(), 2);
    let size = std::fs::metadata(snapshot(1)).unwrap().len();
    // Room for two and a half snapshots: the oldest of three goes.
    list(2, &(size * 5 / 2).to_string());
    assert!(!snapshot(0).exists());
    assert!(snapshot(1).exists() && snapshot(2).exists());
    // Room for none: the snapshot just written stays all the same.
    list(0, "1");
    assert_eq!(names_in(cache_dir.path()), [file_name(&snapshot(0))]);
}

#[test]
fn a_snapshot_is_set_aside_on_a_day_before_the_one_it_was_checked_on() {
    // Clean on 2099-06-01 (its milestone of 2099-01-01 has happened), the
    // data is cached; on 2026-11-30 the same milestone is after today, a
    // warning the snapshot must not hide.
    let data = copy_fixture("future-milestone");
    let cache_dir = tempfile::tempdir().unwrap();
    let check = |today: &str| check_on(data.path(), cache_dir.path(), today);
    let clean = "2 nodes, 1 edge, 1 source: 0 errors, 0 warnings\n";
    assert_eq!(check("2099-06-01"), clean);
    assert_eq!(std::fs::read_dir(cache_dir.path()).unwrap().count(), 1);
    assert_eq!(check("2099-06-01"), clean);
    assert!(check("2026-11-30").ends_with("0 errors, 1 warning\n"));
    assert_eq!(check("2100-01-01"), clean);
}

#[test]
#[cfg(unix)]
fn a_snapshot_is_set_aside_once_a_planned_milestone_has_passed() {
    use std::os::unix::fs::MetadataExt;
    // Clean on 2026-06-01 (the milestone planned for 2026-08-02 is ahead),
    // the data is cached; from 2026-08-03 that date has passed, a warning
    // the snapshot must not hide.
    let data = copy_fixture("planned-milestone-passed");
    let cache_dir = tempfile::tempdir().unwrap();
    let check = |today: &str| check_on(data.path(), cache_dir.path(), today);
    // A snapshot is replaced by a rename, so a new one is a new file.
    let snapshot = || {
        let entries: Vec<_> = std::fs::read_dir(cache_dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(entries.len(), 1, "{entries:?}");
        std::fs::metadata(&entries[0]).unwrap().ino()
    };
    let clean = "2 nodes, 1 edge, 1 source: 0 errors, 0 warnings\n";
    assert_eq!(check("2026-06-01"), clean);
    let written = snapshot();
    // Up to the planned day itself, the snapshot answers.
    assert_eq!(check("2026-08-02"), clean);
    assert_eq!(snapshot(), written, "the snapshot was not used");
    let after = check("2026-08-03");
    assert!(
        after.contains("warning: this milestone was planned for 2026-08-02, which has passed"),
        "{after}"
    );
    assert!(after.ends_with("0 errors, 1 warning\n"), "{after}");
    // Data with a warning is stored too, with its warning, and answers from
    // the snapshot on the days after.
    let warned = snapshot();
    assert_ne!(warned, written, "no snapshot of the data with a warning");
    assert_eq!(check("2026-08-04"), after);
    assert_eq!(snapshot(), warned, "the snapshot was not used");
}

/// Data with warnings is stored with them: a warm `check` prints what a
/// cold one does, in every format, and exits the same way (`--strict`).
#[test]
fn data_with_warnings_is_cached_and_checked_warm_as_cold() {
    let data = copy_fixture("queries");
    let cache_dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], no_cache: bool| {
        let mut command = common::binary();
        command
            .env("REGGRAPH_CACHE_DIR", cache_dir.path())
            .arg("--data")
            .arg(data.path());
        if no_cache {
            command.arg("--no-cache");
        }
        let output = command.args(args).output().unwrap();
        (output.stdout, output.stderr, output.status.code())
    };
    let cold = run(&["check"], false);
    assert!(String::from_utf8_lossy(&cold.0).contains("1 warning"));
    assert_eq!(source(data.path(), cache_dir.path()), Source::Snapshot);
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["check", "--format", "short"],
        &["check", "--format", "github"],
        &["check", "--strict"],
        &["show", "island"],
        &["list"],
    ] {
        assert_eq!(run(args, false), run(args, true), "{args:?}");
    }
}

/// An actual milestone after today is warned about until its day comes:
/// the stored warning must not outlive it.
#[test]
fn a_snapshot_with_a_future_milestone_is_set_aside_on_its_day() {
    let data = copy_fixture("future-milestone");
    let cache_dir = tempfile::tempdir().unwrap();
    let check = |today: &str| check_on(data.path(), cache_dir.path(), today);
    let before = check("2098-12-31");
    assert!(before.contains("after today"), "{before}");
    // Stored, with its warning.
    assert_eq!(std::fs::read_dir(cache_dir.path()).unwrap().count(), 1);
    assert_eq!(check("2098-12-31"), before);
    let on_the_day = check("2099-01-01");
    assert!(!on_the_day.contains("after today"), "{on_the_day}");
    assert!(
        on_the_day.ends_with("0 errors, 0 warnings\n"),
        "{on_the_day}"
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
        let (cold, first) = load_with(data.path(), cache_dir.path());
        prop_assert_eq!(first, Source::Files);
        let (warm, second) = load_with(data.path(), cache_dir.path());
        prop_assert_eq!(second, Source::Snapshot);
        let answers = |loaded: Loaded| {
            let graph = KnowledgeGraph::build(loaded.dataset);
            let all = Selection::all();
            let subgraph = all.apply(&graph);
            let stats = query::stats(&graph, &subgraph, 5, &query::Ranked::default());
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

    /// Over generated datasets, `show` and `neighbors` answered from the
    /// snapshot read in place (the blocks around a node, all they read)
    /// are the answers from the whole graph in memory: same nodes,
    /// distances, edges that reached them and relations, in the same order.
    #[test]
    fn the_snapshot_read_in_place_answers_as_the_graph_in_memory(
        seed in any::<u64>(),
        nodes in 20usize..200,
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 3),
        depth in 1usize..4,
    ) {
        let data = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        write_folder(&generate(Spec { nodes, edges_per_node: 3, seed }), data.path()).unwrap();
        let (loaded, _) = load_with(data.path(), cache_dir.path());
        let whole = KnowledgeGraph::build(loaded.dataset);
        let path = cache::snapshot_path_in(cache_dir.path(), data.path()).unwrap();
        let ids = whole.nodes();
        for pick in picks {
            let id = whole.node(*pick.get(&ids)).id.clone();
            let part = stored(&path, data.path());
            let answer = |graph: &KnowledgeGraph| {
                let centre = graph.by_id(&id).unwrap();
                let mut around = Selection::all();
                around.depth = depth;
                let edge = |e| {
                    let edge = graph.edge(e);
                    format!("{}-{:?}->{}", edge.from, edge.kind, edge.to)
                };
                let near: Vec<_> = around
                    .neighbourhood(graph, centre)
                    .into_iter()
                    .map(|r| (graph.node(r.node).id.clone(), r.distance, r.via.map(|(e, _)| edge(e))))
                    .collect();
                let relations: Vec<_> = [petgraph::Direction::Outgoing, petgraph::Direction::Incoming]
                    .into_iter()
                    .flat_map(|d| graph.relations(centre, d))
                    .map(|(e, other)| (edge(e), graph.node(other).id.clone()))
                    .collect();
                (near, relations)
            };
            prop_assert_eq!(answer(&part), answer(&whole));
            prop_assert!(!part.damaged());
        }
    }
}

/// The graph of the snapshot at `path`, read in place.
fn stored(path: &Path, data: &Path) -> KnowledgeGraph {
    let snapshot = cache::Snapshot::open(path, data, cache::VERSION).unwrap();
    KnowledgeGraph::of(Box::new(cache::Stored::new(snapshot).unwrap()))
}

/// `show` and `neighbors` read a snapshot's directories in place, without
/// checking them whole first: with any one byte of the snapshot damaged,
/// each node is either found with the same neighbourhood as in the files,
/// or the snapshot is set aside (not opened, or the graph says it met a
/// damaged block, and the command answers from the files); never "no node
/// matches", never another answer.
#[test]
fn a_damaged_snapshot_never_answers_around_a_node_wrongly() {
    let data = clean_queries();
    let cache_dir = tempfile::tempdir().unwrap();
    let (loaded, _) = load_with(data.path(), cache_dir.path());
    let whole = KnowledgeGraph::build(loaded.dataset);
    let path = cache::snapshot_path_in(cache_dir.path(), data.path()).unwrap();
    let good = std::fs::read(&path).unwrap();
    // Each node by its id, and by its name where the name names it alone.
    let mut ids: Vec<String> = whole
        .nodes()
        .into_iter()
        .map(|n| whole.node(n).id.clone())
        .collect();
    let names: Vec<String> = whole
        .nodes()
        .into_iter()
        .filter(|&n| whole.resolve(&whole.node(n).name) == Ok(n))
        .map(|n| whole.node(n).name.clone())
        .collect();
    assert!(!names.is_empty());
    ids.extend(names);
    let around = |graph: &KnowledgeGraph, id: &str| {
        let Ok(centre) = graph.resolve(id) else {
            return None;
        };
        let mut nodes: Vec<String> = Selection::all()
            .neighbourhood(graph, centre)
            .into_iter()
            .map(|r| graph.node(r.node).id.clone())
            .collect();
        nodes.sort();
        let mut relations: Vec<String> =
            [petgraph::Direction::Outgoing, petgraph::Direction::Incoming]
                .into_iter()
                .flat_map(|d| graph.relations(centre, d))
                .map(|(e, other)| format!("{:?}:{}", graph.edge(e).kind, graph.node(other).id))
                .collect();
        relations.sort();
        Some((nodes, relations))
    };
    let expected: Vec<_> = ids
        .iter()
        .map(|id| around(&stored(&path, data.path()), id).unwrap())
        .collect();
    let mut set_aside = 0;
    for at in 0..good.len() {
        let mut damaged = good.clone();
        damaged[at] ^= 0x10;
        std::fs::write(&path, &damaged).unwrap();
        let Some(snapshot) = cache::Snapshot::open(&path, data.path(), cache::VERSION) else {
            set_aside += 1;
            continue;
        };
        let Some(graph) = cache::Stored::new(snapshot) else {
            set_aside += 1;
            continue;
        };
        let graph = KnowledgeGraph::of(Box::new(graph));
        for (id, expected) in ids.iter().zip(&expected) {
            let answer = around(&graph, id);
            if graph.damaged() {
                set_aside += 1;
                continue;
            }
            assert_eq!(
                answer.as_ref(),
                Some(expected),
                "byte {at} damaged, around {id}"
            );
        }
    }
    assert!(set_aside > 0);
}

/// What `check` prints on `today`, keeping snapshots in `cache_dir`.
fn check_on(data: &Path, cache_dir: &Path, today: &str) -> String {
    let output = common::binary()
        .env("REGGRAPH_CACHE_DIR", cache_dir)
        .env("REGGRAPH_TODAY", today)
        .arg("--data")
        .arg(data)
        .arg("check")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// Every node's kind, time and milestone flag, in file order, as
/// `node_times` gives them.
fn node_times(graph: &KnowledgeGraph) -> Vec<(String, String, String, bool)> {
    let mut times = Vec::new();
    graph.node_times(|node, kind, when, milestones| {
        let id = graph.node_label(node).id.to_string();
        times.push((id, format!("{kind:?}"), format!("{when:?}"), milestones));
    });
    times
}

#[test]
fn the_scan_of_node_times_reads_every_block_of_rows_as_the_records_say() {
    // 700 nodes: three blocks of node rows, the last one short.
    let data = tempfile::tempdir().unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    write_folder(
        &generate(Spec {
            nodes: 700,
            edges_per_node: 2,
            seed: 3,
        }),
        data.path(),
    )
    .unwrap();
    let workspace = Workspace::new(data.path(), &Cache::In(cache_dir.path().to_path_buf()));
    let files = workspace.graph_from_files(&|_| {}).ok().unwrap();
    workspace.keep(&files);
    let stored = workspace.graph(&|_| {}).ok().unwrap();
    assert_eq!(stored.origin, Source::Snapshot);
    let from_records: Vec<_> = (0..files.output.node_count())
        .map(|i| {
            let node = files.output.node(petgraph::stable_graph::NodeIndex::new(i));
            (
                node.id.clone(),
                format!("{:?}", node.kind),
                format!("{:?}", node.when()),
                !node.milestones.is_empty(),
            )
        })
        .collect();
    assert_eq!(from_records.len(), 700);
    assert!(
        from_records.iter().any(|n| n.3),
        "some nodes have milestones"
    );
    assert_eq!(node_times(&files.output), from_records);
    assert_eq!(node_times(&stored.output), from_records);
    assert!(!stored.output.damaged());
}

//! `--at REV`: the commands that read data answer from the data as
//! committed at a revision of a scripted repository (tests/common/repo.rs),
//! the working tree left as it is; the commands that write data, and
//! `diff`, refuse it.

mod common;

use std::path::Path;

use common::repo::{Scripted, git, scripted};

/// Runs `reggraph --data data ARGS` in `root` with `cache` as the snapshot
/// folder (kept across runs, unlike [`Scripted::run`]'s) and `env`.
fn run_in(root: &Path, cache: &Path, args: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut command = common::binary();
    command
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("REGGRAPH_CACHE_DIR", cache)
        .args(["--data", "data"])
        .args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    common::Run {
        code: output.status.code().expect("exited by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        cache_dir: cache.to_path_buf(),
    }
}

/// What `git status` says of the working tree: nothing when it is clean.
fn status(root: &Path) -> String {
    git(root, &["status", "--porcelain", "--untracked-files=all"])
}

#[test]
fn show_answers_from_the_revision_and_from_the_files_without_it() {
    let repo = scripted();
    let start = repo.commit("start the tracker");
    let then = repo.run(&["show", "fund", "--at", start]);
    assert_eq!((then.code, then.stderr.as_str()), (0, ""));
    assert_eq!(
        then.stdout,
        "The Fund (fund)
  kind         fund
  sources      src

out (1)
  funds           2024-03 EUR 100M pledged -> acme (Acme)  [src]

in (0)

sources (1)
  src                       \"Fixture source\", 2024, press
"
    );
    let now = repo.run(&["show", "fund"]);
    assert_eq!(now.code, 0, "{}", now.stderr);
    assert_eq!(
        now.stdout,
        then.stdout.replace("EUR 100M pledged", "EUR 105M secured")
    );
    assert_ne!(now.stdout, then.stdout);
    // HEAD is the working tree's content.
    assert_eq!(
        repo.run(&["show", "fund", "--at", "HEAD"]).stdout,
        now.stdout
    );
    assert_eq!(status(repo.root()), "");
}

#[test]
fn timeline_shows_the_planned_date_as_it_stood() {
    let repo = scripted();
    let before = repo.run(&["timeline", "--at", repo.commit("change an amount")]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert_eq!(
        before.stdout,
        "2024-01-15  The Law: adopted  [law-text]
2024-03     The Fund --funds EUR 105M secured--> Acme  [src]
2026-08-02  The Law: applies-from (planned)  [law-text]
3 facts
"
    );
    // HEAD~4 is "move a planned milestone".
    let moved = repo.run(&["timeline", "--at", "HEAD~4"]);
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    assert_eq!(
        moved.stdout,
        "2024-01-15  The Law: adopted  [law-text]
2024-03     The Fund --funds EUR 105M secured--> Acme  [src]
2027-12-02  The Law: applies-from (planned)  [law-text]
3 facts
"
    );
}

#[test]
fn money_at_a_revision_and_at_a_date_gives_the_two_time_axes() {
    let repo = scripted();
    let start = repo.commit("start the tracker");
    let table = |amount: &str, total: &str, status: &str| {
        format!(
            "DATE     FUNDER  SECTOR               RECIPIENT  AMOUNT            SOURCES
2024-03  fund    private  --funds-->  acme       {amount}  [src]

totals (per currency and status, never summed across them)
TOTAL     STATUS   COUNT
{total}  {status}  1 amount
"
        )
    };
    let pledged = table("EUR 100M pledged", "EUR 100M", "pledged");
    let secured = table("EUR 105M secured", "EUR 105M", "secured");
    assert_eq!(repo.run(&["money", "--at", start]).stdout, pledged);
    // What the graph said at the start, and says now, about April 2024:
    // the same edge, with the amount it was then believed to have.
    assert_eq!(
        repo.run(&["money", "--at", start, "--as-of", "2024-04"])
            .stdout,
        pledged
    );
    assert_eq!(
        repo.run(&["money", "--at", "main", "--as-of", "2024-04"])
            .stdout,
        secured
    );
    // And about February 2024, before the funding, at either revision.
    for revision in [start, "main"] {
        let run = repo.run(&["money", "--at", revision, "--as-of", "2024-02"]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, "no money edges match\n")
        );
    }
}

#[test]
fn stats_counts_the_nodes_before_and_after_one_was_added() {
    let repo = scripted();
    let first = |run: common::Run| {
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.lines().next().unwrap().to_string()
    };
    assert_eq!(
        first(repo.run(&["stats", "--at", repo.commit("start the tracker")])),
        "4 nodes, 4 edges"
    );
    assert_eq!(
        first(repo.run(&["stats", "--at", repo.commit("add a node")])),
        "5 nodes, 4 edges"
    );
    // A tag names a revision too.
    repo.git(&["tag", "v1", repo.commit("start the tracker")]);
    assert_eq!(
        first(repo.run(&["stats", "--at", "v1"])),
        "4 nodes, 4 edges"
    );
}

/// The edges of `export json`, as `from kind to`.
fn edges(run: &common::Run) -> Vec<String> {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {} {}", e["from"], e["kind"], e["to"]).replace('"', ""))
        .collect()
}

#[test]
fn export_json_has_the_edge_before_its_removal_only() {
    let repo = scripted();
    let before = edges(&repo.run(&["export", "json", "--at", "HEAD~3"]));
    let after = edges(&repo.run(&["export", "json", "--at", "HEAD~2"]));
    assert!(
        before.contains(&"law applies-in land".to_string()),
        "{before:?}"
    );
    let mut expected = before.clone();
    expected.retain(|e| e != "law applies-in land");
    assert_eq!(after, expected);
}

/// A repository whose data is clean at `clean`, has an error at
/// `broken`, and is clean again (and changed) at HEAD; its first commit
/// has no data folder.
struct Series {
    repo: tempfile::TempDir,
    before_data: String,
    clean: String,
    broken: String,
}

const SOURCES: &str = "(\n    sources: [\n        (id: \"src\", title: \"Fixture source\", type: Press, published: \"2024\"),\n    ],\n)\n";

fn actors(to: &str, amount: u64) -> String {
    format!(
        "(\n    nodes: [\n        (id: \"acme\", kind: Company, name: \"Acme\", sources: [\"src\"]),\n        (id: \"fund\", kind: Fund, name: \"The Fund\", sources: [\"src\"]),\n    ],\n    edges: [\n        (from: \"fund\", kind: Funds, to: \"{to}\", date: \"2024-03\", amount: (value: {amount}, currency: \"EUR\", status: Pledged), sources: [\"src\"]),\n    ],\n)\n"
    )
}

fn series() -> Series {
    let repo = tempfile::Builder::new()
        .prefix("reggraph-at-")
        .tempdir()
        .unwrap();
    let root = repo.path();
    let head = || git(root, &["rev-parse", "HEAD"]).trim().to_string();
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join("README"), "notes\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "no data yet"]);
    let before_data = head();
    let data = root.join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("sources.ron"), SOURCES).unwrap();
    std::fs::write(data.join("actors.ron"), actors("acme", 100)).unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "clean"]);
    let clean = head();
    std::fs::write(data.join("actors.ron"), actors("acmee", 100)).unwrap();
    git(root, &["commit", "-q", "-a", "-m", "broken"]);
    let broken = head();
    std::fs::write(data.join("actors.ron"), actors("acme", 200)).unwrap();
    git(root, &["commit", "-q", "-a", "-m", "fixed"]);
    Series {
        repo,
        before_data,
        clean,
        broken,
    }
}

#[test]
fn check_at_a_revision_with_an_error_names_the_file_as_git_does() {
    let series = series();
    let root = series.repo.path();
    let cache = tempfile::tempdir().unwrap();
    let short = &series.broken[..10];
    let run = run_in(root, cache.path(), &["check", "--at", "HEAD~1"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "error: unknown node id \"acmee\"
  --> {short}:data/actors.ron:7:41
  |
7 |         (from: \"fund\", kind: Funds, to: \"acmee\", date: \"2024-03\", amount: (value: 100, currency: \"EUR\", status: Pledged), sources: [\"src\"]),
  |                                         ^^^^^^^ no node has this id
  |
  = help: did you mean \"acme\"?

warning: node \"acme\" has no edge
  --> {short}:data/actors.ron:3:14
  |
3 |         (id: \"acme\", kind: Company, name: \"Acme\", sources: [\"src\"]),
  |              ^^^^^^ connected to nothing
  |
  = help: add an edge that says how it relates to the rest, or remove the node

2 nodes, 0 edges, 1 source: 1 error, 1 warning
"
        )
    );
    let short_format = run_in(
        root,
        cache.path(),
        &["check", "--at", &series.broken, "--format", "short"],
        &[],
    );
    assert!(
        short_format.stdout.starts_with(&format!(
            "{short}:data/actors.ron:7:41: error[unknown-node]"
        )),
        "{}",
        short_format.stdout
    );
    // A query at that revision refuses the data, in the same names.
    let show = run_in(root, cache.path(), &["show", "fund", "--at", "HEAD~1"], &[]);
    assert_eq!(show.code, 1);
    assert!(
        show.stderr
            .contains(&format!("--> {short}:data/actors.ron:7:41")),
        "{}",
        show.stderr
    );
    assert!(
        show.stderr.ends_with(
            "error: the data at HEAD~1 has errors (2 nodes, 0 edges, 1 source: 1 error, 1 warning)
help: `reggraph check --at HEAD~1` lists them all; ask a revision whose data checks
"
        ),
        "{}",
        show.stderr
    );
    let clean = run_in(root, cache.path(), &["check", "--at", &series.clean], &[]);
    assert_eq!(
        (clean.code, clean.stdout.as_str()),
        (0, "2 nodes, 1 edge, 1 source: 0 errors, 0 warnings\n")
    );
    assert!(!clean.stdout.contains(&cache.path().display().to_string()));
    assert_eq!(status(root), "");
}

#[test]
fn a_second_run_at_a_revision_reads_its_folder_and_snapshot() {
    let series = series();
    let root = series.repo.path();
    let cache = tempfile::tempdir().unwrap();
    let args = ["money", "--at", &series.clean];
    let first = run_in(root, cache.path(), &args, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.contains("EUR 100 pledged"), "{}", first.stdout);
    let revisions: Vec<String> = std::fs::read_dir(cache.path().join("revisions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(revisions.len(), 1, "{revisions:?}");
    let folder = cache.path().join("revisions").join(&revisions[0]);
    assert!(revisions[0].starts_with(&format!("{}-", series.clean)));
    assert_eq!(
        std::fs::read_to_string(folder.join("actors.ron")).unwrap(),
        actors("acme", 100)
    );
    let snapshots = || {
        std::fs::read_dir(cache.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".snapshot")
            })
            .count()
    };
    assert_eq!(snapshots(), 1);
    let second = run_in(root, cache.path(), &args, &[]);
    assert_eq!(second.stdout, first.stdout);
    let uncached = run_in(
        root,
        cache.path(),
        &["--no-cache", "money", "--at", &series.clean],
        &[],
    );
    assert_eq!(uncached.stdout, first.stdout);
    assert_eq!(snapshots(), 1);
    // The working tree is HEAD's, and answers so.
    let now = run_in(root, cache.path(), &["money"], &[]);
    assert!(now.stdout.contains("EUR 200 pledged"), "{}", now.stdout);
    assert_eq!(status(root), "");
}

#[test]
fn errors_say_what_was_wrong_and_exit_1() {
    let series = series();
    let root = series.repo.path();
    let cache = tempfile::tempdir().unwrap();
    let unknown = run_in(
        root,
        cache.path(),
        &["stats", "--at", "no-such-branch"],
        &[],
    );
    assert_eq!(unknown.code, 1);
    let real = std::fs::canonicalize(root).unwrap();
    assert_eq!(
        unknown.stderr.replace(&real.display().to_string(), "ROOT"),
        "error: `no-such-branch` names no commit in the repository at `ROOT`
help: give a commit id, a branch, a tag or HEAD~N; `git log --oneline -- data` lists the commits that changed the data
"
    );
    let empty = run_in(
        root,
        cache.path(),
        &["stats", "--at", &series.before_data],
        &[],
    );
    assert_eq!(empty.code, 1);
    assert!(
        empty.stderr.starts_with(&format!(
            "error: at {} ({}), `data` holds no `*.ron` file\n",
            series.before_data,
            &series.before_data[..10]
        )),
        "{}",
        empty.stderr
    );
    // The data copied out of the repository.
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("data")).unwrap();
    for name in ["sources.ron", "actors.ron"] {
        std::fs::copy(
            root.join("data").join(name),
            outside.path().join("data").join(name),
        )
        .unwrap();
    }
    let alone = run_in(
        outside.path(),
        cache.path(),
        &["stats", "--at", "HEAD"],
        &[(
            "GIT_CEILING_DIRECTORIES",
            &outside.path().display().to_string(),
        )],
    );
    assert_eq!(alone.code, 1);
    assert_eq!(
        alone.stderr,
        "error: --at reads the data from git, and `data` is not in a git repository
help: give a data folder in a git repository with --data DIR, or leave out --at to read the data folder as it is on disk
"
    );
    assert_eq!(
        run_in(outside.path(), cache.path(), &["stats"], &[]).code,
        0
    );
    // No git on PATH.
    let no_git = tempfile::tempdir().unwrap();
    let missing = run_in(
        root,
        cache.path(),
        &["stats", "--at", "HEAD"],
        &[("PATH", &no_git.path().display().to_string())],
    );
    assert_eq!(missing.code, 1);
    assert_eq!(
        missing.stderr,
        "error: git is not installed (no `git` command on PATH): --at reads the data from git
help: install git (Debian: apt-get install git), or leave out --at to read the data folder as it is on disk
"
    );
    // A revision that looks like an option is never one for git.
    let dashed = run_in(root, cache.path(), &["stats", "--at=--all"], &[]);
    assert_eq!(dashed.code, 1);
    assert!(
        dashed.stderr.starts_with("error: `--all` names no commit"),
        "{}",
        dashed.stderr
    );
    assert_eq!(status(root), "");
}

#[test]
fn commands_that_write_data_and_diff_refuse_it() {
    let repo: Scripted = scripted();
    let fmt = repo.run(&["fmt", "--at", "HEAD"]);
    assert_eq!(fmt.code, 2);
    assert_eq!(
        fmt.stderr,
        "error: --at does not apply to `fmt`: it writes data files, and what was committed at a revision cannot be written
help: leave out --at to fmt the files on disk (`git checkout HEAD` first to work on that revision's files)
"
    );
    let add = repo.run(&[
        "--at",
        "HEAD~1",
        "add",
        "node",
        "--id",
        "x",
        "--kind",
        "company",
        "--name",
        "X",
        "--source",
        "src",
        "--file",
        "data/actors.ron",
    ]);
    assert_eq!(add.code, 2, "{}", add.stderr);
    assert!(
        add.stderr
            .starts_with("error: --at does not apply to `add`"),
        "{}",
        add.stderr
    );
    let history = repo.run(&["history", "law", "--at", "HEAD"]);
    assert_eq!(history.code, 2, "{}", history.stderr);
    assert!(
        history
            .stderr
            .starts_with("error: --at does not apply to `history`"),
        "{}",
        history.stderr
    );
    let drawn = repo.run(&["export", "dot", "--diff", "HEAD~1", "--at", "HEAD"]);
    assert_eq!(drawn.code, 2, "{}", drawn.stderr);
    assert!(
        drawn
            .stderr
            .starts_with("error: --at does not apply to --diff"),
        "{}",
        drawn.stderr
    );
    let diff = repo.run(&["diff", "HEAD~1", "--at", "HEAD"]);
    assert_eq!(diff.code, 2);
    assert_eq!(
        diff.stderr,
        "error: --at does not apply to `diff`: it takes its revisions as arguments
help: `reggraph diff HEAD` compares HEAD with the data on disk; `reggraph diff HEAD OTHER` compares two revisions
"
    );
    assert_eq!(status(repo.root()), "");
}

#[test]
fn dossier_names_the_commit_at_the_revision() {
    let repo = scripted();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("fund.md");
    let at = repo.commit("change an amount");
    let run = repo.run(&["dossier", "fund", "-o", file.to_str().unwrap(), "--at", at]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(&format!(
            "built from git commit {at}, data fingerprint xxh3:"
        )),
        "{text}"
    );
    assert!(!text.contains("uncommitted"), "{text}");
    let head = repo.git(&["rev-parse", "HEAD"]);
    assert!(!text.contains(head.trim()), "{text}");
    assert_eq!(status(repo.root()), "");
}

/// Every command that reads data answers at a revision as it answers on a
/// folder holding that revision's files (written here from `git show`).
#[test]
fn every_reading_command_answers_as_on_a_folder_of_that_revision() {
    let repo = scripted();
    let at = repo.commit("change an amount");
    let cache = tempfile::tempdir().unwrap();
    let copy = tempfile::tempdir().unwrap();
    std::fs::create_dir(copy.path().join("data")).unwrap();
    for name in ["sources.ron", "actors.ron", "law.ron"] {
        let text = repo.git(&["show", &format!("{at}:data/{name}")]);
        std::fs::write(copy.path().join("data").join(name), text).unwrap();
    }
    let commands: &[&[&str]] = &[
        &["list"],
        &["show", "acme"],
        &["neighbors", "acme", "--depth", "2"],
        &["path", "fund", "land"],
        &["timeline"],
        &["agenda", "--since", "2024-01-01"],
        &["money"],
        &["stats"],
        &["sources"],
        &["facts"],
        &["export", "dot"],
        &["export", "mermaid"],
        &["export", "jsonl"],
        &["sparql", "SELECT ?s WHERE { ?s a ?kind } ORDER BY ?s"],
        &["--format", "json", "show", "fund"],
    ];
    for args in commands {
        let mut with_at = args.to_vec();
        with_at.extend(["--at", at]);
        let there = run_in(repo.root(), cache.path(), &with_at, &[]);
        let copied = run_in(copy.path(), cache.path(), args, &[]);
        assert_eq!(there.code, 0, "{args:?}: {}", there.stderr);
        assert!(!there.stdout.is_empty(), "{args:?}");
        assert_eq!(
            (there.stdout, there.stderr),
            (copied.stdout, copied.stderr),
            "{args:?}"
        );
    }
    assert_eq!(status(repo.root()), "");
}

/// Sets a folder's modification time `ago` in the past.
fn age(path: &Path, ago: std::time::Duration) {
    let folder = std::fs::File::open(path).unwrap();
    folder
        .set_modified(std::time::SystemTime::now() - ago)
        .unwrap();
}

#[test]
fn writing_a_revision_folder_tidies_the_others() {
    let series = series();
    let root = series.repo.path();
    let cache = tempfile::tempdir().unwrap();
    let revisions = cache.path().join("revisions");
    std::fs::create_dir(&revisions).unwrap();
    let hour = std::time::Duration::from_secs(3600);
    // A killed writer's folder, and one being written now.
    for (name, ago) in [(".tmp-killed", hour), (".tmp-writing", hour / 3600)] {
        std::fs::create_dir(revisions.join(name)).unwrap();
        std::fs::write(revisions.join(name).join("a.ron"), "()").unwrap();
        age(&revisions.join(name), ago);
    }
    // 64 folders of other revisions, the first the least recently used.
    let fake = |i: usize| format!("{i:040x}-{:016x}", 0);
    for i in 0..64 {
        std::fs::create_dir(revisions.join(fake(i))).unwrap();
        age(&revisions.join(fake(i)), hour * (100 - i as u32));
    }
    // Someone else's folder in it is left alone.
    std::fs::create_dir(revisions.join("notes")).unwrap();
    age(&revisions.join("notes"), hour * 200);
    let run = run_in(root, cache.path(), &["stats", "--at", "HEAD"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&revisions)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let head = git(root, &["rev-parse", "HEAD"]);
    assert!(
        names.iter().any(|n| n.starts_with(head.trim())),
        "{names:?}"
    );
    assert!(!names.contains(&".tmp-killed".to_string()), "{names:?}");
    assert!(names.contains(&".tmp-writing".to_string()), "{names:?}");
    assert!(names.contains(&"notes".to_string()), "{names:?}");
    assert!(!names.contains(&fake(0)), "the least recently used goes");
    assert!(names.contains(&fake(1)), "{names:?}");
    // 64 revision folders, the new one among them, and the two others.
    assert_eq!(names.len(), 64 + 2, "{names:?}");
    // A folder used again counts as recently used: made the oldest, then
    // used, it stays when the next new one is written.
    let head_folder = revisions.join(names.iter().find(|n| n.starts_with(head.trim())).unwrap());
    age(&head_folder, hour * 1000);
    let again = run_in(root, cache.path(), &["stats", "--at", "HEAD"], &[]);
    assert_eq!(again.stdout, run.stdout);
    let other = run_in(root, cache.path(), &["stats", "--at", &series.clean], &[]);
    assert_eq!(other.code, 0, "{}", other.stderr);
    assert!(head_folder.is_dir());
    assert!(!revisions.join(fake(1)).exists());
    assert!(revisions.join(fake(2)).is_dir());
}

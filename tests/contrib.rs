//! The files in contrib/ for a data repository do what CONTRIBUTING.md
//! says: the pre-commit hook lets a good commit through and refuses one
//! whose staged data has an error or is not formatted, and the GitHub
//! workflow runs commands that exist.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn git(repo: &Path, args: &[&str]) -> std::process::Output {
    git_with(repo, args, &[])
}

fn git_with(repo: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    Command::new("git")
        .current_dir(repo)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("REGGRAPH", assert_cmd::cargo::cargo_bin("reggraph"))
        .env("REGGRAPH_TODAY", common::TODAY)
        .env("REGGRAPH_HOOK_DATA", "data")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("git runs")
}

/// A new git repository with the hook installed and a formatted copy of
/// the small valid fixture as its data folder, `data` (the hook reads
/// `$REGGRAPH_HOOK_DATA`).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    assert!(git(repo, &["init", "-q", "-b", "main"]).status.success());
    let hooks = repo.join(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::copy(root().join("contrib/pre-commit"), hooks.join("pre-commit")).unwrap();
    let data = repo.join("data");
    std::fs::create_dir(&data).unwrap();
    for entry in std::fs::read_dir(root().join("tests/fixtures/valid-small")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let formatted = reggraph::fmt::format(&text).unwrap();
        std::fs::write(data.join(path.file_name().unwrap()), formatted).unwrap();
    }
    dir
}

fn commit(repo: &Path, message: &str) -> std::process::Output {
    assert!(git(repo, &["add", "-A"]).status.success());
    git(repo, &["commit", "-q", "-m", message])
}

fn head_count(repo: &Path) -> usize {
    let out = git(repo, &["rev-list", "--count", "HEAD"]);
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[cfg(unix)]
#[test]
fn the_pre_commit_hook_lets_good_data_through_and_refuses_bad_data() {
    let dir = repository();
    let repo = dir.path();
    let good = commit(repo, "the data");
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert_eq!(head_count(repo), 1);

    // An edge to an id that does not exist: refused, with the diagnostic
    // naming the repository's path.
    let edges = repo.join("data/edges.ron");
    let text = std::fs::read_to_string(&edges).unwrap();
    let bad = text.replacen("to: \"france\"", "to: \"frnace\"", 1);
    assert_ne!(bad, text);
    std::fs::write(&edges, &bad).unwrap();
    let refused = commit(repo, "a typo");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    let stdout = String::from_utf8_lossy(&refused.stdout);
    assert!(!refused.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("unknown node id \"frnace\"")
            || stderr.contains("unknown node id \"frnace\""),
        "{stdout}{stderr}"
    );
    assert!(
        stdout.contains("data/edges.ron:") || stderr.contains("data/edges.ron:"),
        "{stdout}{stderr}"
    );
    assert!(
        stderr.contains("pre-commit: the staged data is refused"),
        "{stderr}"
    );
    assert_eq!(head_count(repo), 1);

    // What is staged is checked, not the working tree: a good change
    // staged, a mistake left unstaged, the commit goes through.
    let reviewed = format!("{text}// reviewed\n");
    std::fs::write(&edges, &reviewed).unwrap();
    assert!(git(repo, &["add", "-A"]).status.success());
    std::fs::write(&edges, &bad).unwrap();
    let staged_fix = git(repo, &["commit", "-q", "-m", "the fix"]);
    assert!(
        staged_fix.status.success(),
        "{}",
        String::from_utf8_lossy(&staged_fix.stderr)
    );
    assert_eq!(head_count(repo), 2);
    std::fs::write(&edges, &reviewed).unwrap();

    // Valid data not laid out as fmt lays it out: refused too.
    let nodes = repo.join("data/nodes.ron");
    let text = std::fs::read_to_string(&nodes).unwrap();
    std::fs::write(&nodes, text.replace("    ", "  ")).unwrap();
    let unformatted = commit(repo, "two-space indentation");
    assert!(!unformatted.status.success());
    assert!(String::from_utf8_lossy(&unformatted.stderr).contains("would reformat data/nodes.ron"));
    assert_eq!(head_count(repo), 2);

    // A commit that stages no data file is not checked.
    assert!(git(repo, &["reset", "-q", "--hard"]).status.success());
    std::fs::write(repo.join("notes.txt"), "notes").unwrap();
    assert!(commit(repo, "notes").status.success());
    assert_eq!(head_count(repo), 3);

    // A warning (a node with no edge) refuses the commit, unless
    // REGGRAPH_STRICT=0 lets warnings through.
    std::fs::write(
        repo.join("data/alone.ron"),
        "(\n    nodes: [\n        (\n            id: \"alone\",\n            kind: Person,\n            name: \"Alone\",\n            sources: [\"edito\"],\n        ),\n    ],\n)\n",
    )
    .unwrap();
    let warned = commit(repo, "a node with no edge");
    assert!(!warned.status.success());
    assert!(String::from_utf8_lossy(&warned.stderr).contains("error: node \"alone\" has no edge"));
    let lenient = git_with(
        repo,
        &["commit", "-q", "-m", "a node with no edge"],
        &[("REGGRAPH_STRICT", "0")],
    );
    assert!(
        lenient.status.success(),
        "{}",
        String::from_utf8_lossy(&lenient.stderr)
    );
    assert_eq!(head_count(repo), 4);
}

/// A mistake in a file the loader reads is refused whatever the file's name
/// (upper-case extension, letters git quotes) and whatever $REGGRAPH_DATA
/// the committer exported.
#[cfg(unix)]
#[test]
fn the_pre_commit_hook_cannot_be_bypassed_by_a_name_or_the_environment() {
    let dir = repository();
    let repo = dir.path();
    assert!(commit(repo, "the data").status.success());
    let bad = "(\n    nodes: [\n        (\n            id: \"x\",\n            kind: Compnay,\n            name: \"X\",\n            sources: [\"edito\"],\n        ),\n    ],\n)\n";
    for name in ["EXTRA.RON", "données.ron"] {
        std::fs::write(repo.join("data").join(name), bad).unwrap();
        let refused = commit(repo, name);
        assert!(!refused.status.success(), "{name} went in");
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("Compnay"),
            "{name}: {}",
            String::from_utf8_lossy(&refused.stderr)
        );
        assert!(git(repo, &["reset", "-q", "--hard"]).status.success());
        // (The reset took the staged file away.)
        let _ = std::fs::remove_file(repo.join("data").join(name));
    }
    std::fs::write(repo.join("data/extra.ron"), bad).unwrap();
    assert!(git(repo, &["add", "-A"]).status.success());
    for data in ["tests/fixtures/valid-small", "/nowhere", "."] {
        let refused = git_with(
            repo,
            &["commit", "-q", "-m", "x"],
            &[("REGGRAPH_DATA", data)],
        );
        assert!(!refused.status.success(), "REGGRAPH_DATA={data} let it in");
    }
    // A folder outside the repository is refused as the hook's folder.
    let outside = git_with(
        repo,
        &["commit", "-q", "-m", "x"],
        &[("REGGRAPH_HOOK_DATA", "/tmp")],
    );
    assert!(!outside.status.success());
    assert!(
        String::from_utf8_lossy(&outside.stderr).contains("must be a folder inside the repository")
    );
    assert_eq!(head_count(repo), 1);
}

/// The `run:` lines of the workflow that call reggraph.
fn workflow_commands() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("contrib/github-workflow.yml")).unwrap();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("run: reggraph "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_workflow_runs_commands_that_exist_and_fail_on_bad_data() {
    let commands = workflow_commands();
    assert_eq!(commands, ["check --format github --strict", "fmt --check"]);
    let valid = repository();
    let data: PathBuf = valid.path().join("data");
    for command in &commands {
        let args: Vec<&str> = command.split(' ').collect();
        let mut all = vec!["--data", data.to_str().unwrap()];
        all.extend(&args);
        let run = common::run(&all, &[]);
        assert_eq!(
            run.code, 0,
            "reggraph {command}: {}{}",
            run.stdout, run.stderr
        );
    }
    let run = common::run(
        &[
            "--data",
            "tests/fixtures/unknown-node",
            "check",
            "--format",
            "github",
            "--strict",
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("::error file=tests/fixtures/unknown-node/edges.ron,line=3,col=54"),
        "{}",
        run.stdout
    );
}

/// Every `reggraph COMMAND` CONTRIBUTING.md tells a contributor to run is a
/// command of the binary, and the files it points to exist.
#[test]
fn contributing_names_commands_and_files_that_exist() {
    let text = std::fs::read_to_string(root().join("CONTRIBUTING.md")).unwrap();
    let mut commands: Vec<&str> = text
        .match_indices("reggraph ")
        .filter_map(|(at, _)| {
            text[at + "reggraph ".len()..]
                .split([' ', '`', '\n'])
                .next()
        })
        .filter(|word| word.chars().all(|c| c.is_ascii_lowercase()) && !word.is_empty())
        .collect();
    commands.sort();
    commands.dedup();
    for needed in ["add", "check", "fmt", "list", "show"] {
        assert!(
            commands.contains(&needed),
            "CONTRIBUTING.md does not mention `reggraph {needed}`"
        );
    }
    for command in &commands {
        let run = common::run(&[command, "--help"], &[]);
        assert_eq!(run.code, 0, "`reggraph {command} --help`: {}", run.stderr);
    }
    for file in [
        "contrib/pre-commit",
        "contrib/github-workflow.yml",
        "README.md",
    ] {
        assert!(
            text.contains(file.trim_start_matches("contrib/")) && root().join(file).exists(),
            "{file}"
        );
    }
}

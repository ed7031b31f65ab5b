//! `reggraph diff`: records matched by meaning between the commits of a
//! scripted repository (tests/common/repo.rs), in text, JSON and --stat;
//! folders compared without git; the errors git and bad data give.

mod common;

use std::path::{Path, PathBuf};

use common::repo::{SERIES, scripted};

/// A folder `side` under `dir` holding one data file `file` of `text`.
fn folder(dir: &Path, side: &str, file: &str, text: &str) -> PathBuf {
    let folder = dir.join(side);
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join(file), text).unwrap();
    folder
}

/// The diff of each commit of the series with the one before it, by the
/// later one's subject: each says exactly what its commit did.
#[test]
fn each_commit_of_the_series_reads_as_what_it_did() {
    let repo = scripted();
    let expected: [&str; 7] = [
        // add a node
        "\n+ node ada \"Ada Founder\" (person)  data/actors.ron:5\n\nnodes: 1 added\n",
        // change an amount
        "\n~ edge fund funds acme (2024-03)  data/actors.ron:9 -> data/actors.ron:9\n    amount: EUR 100M pledged -> EUR 105M secured\n\nedges: 1 changed\n",
        // move a planned milestone
        "\n~ slip The Law: applies-from [high-risk] 2026-08-02 planned -> 2027-12-02 planned  data/law.ron:10 -> data/law.ron:10\n\nmilestones: 1 slip\n",
        // confirm it
        "\n~ confirmation The Law: applies-from [high-risk] 2027-12-02 planned -> 2027-12-02  data/law.ron:10 -> data/law.ron:10\n\nmilestones: 1 confirmation\n",
        // remove an edge
        "\n- edge law applies-in land  data/law.ron:17\n\nedges: 1 removed\n",
        // rename a file
        "no differences\n",
        // move, reorder and reformat records
        "no differences\n",
    ];
    for (i, want) in expected.iter().enumerate() {
        let (a, b) = (&repo.commits[i], &repo.commits[i + 1]);
        let run = repo.run(&["diff", a, b]);
        assert_eq!(run.code, 0, "{}: {}", SERIES[i + 1], run.stderr);
        let heading = format!("diff {} -> {}\n", &a[..10], &b[..10]);
        assert_eq!(run.stdout, format!("{heading}{want}"), "{}", SERIES[i + 1]);
        assert_eq!(run.stderr, "", "{}", SERIES[i + 1]);
    }
}

/// The first commit against the last: every kind of change at once, each
/// in its section's order, with the files on both sides (the edge removed
/// was in law.ron, the file the rename gave another name).
#[test]
fn first_against_last_lists_every_change_once() {
    let repo = scripted();
    let run = repo.run(&["diff", "HEAD~7", "main"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "diff HEAD~7 ({}) -> main ({})\n\
             \n\
             + node ada \"Ada Founder\" (person)  data/actors.ron:9\n\
             ~ edge fund funds acme (2024-03)  data/actors.ron:8 -> data/actors.ron:29\n    \
             amount: EUR 100M pledged -> EUR 105M secured\n\
             - edge law applies-in land  data/law.ron:17\n\
             ~ confirmation The Law: applies-from [high-risk] 2026-08-02 planned -> 2027-12-02  data/law.ron:10 -> data/the-law.ron:10\n\
             \n\
             nodes: 1 added; edges: 1 removed, 1 changed; milestones: 1 confirmation\n",
            &repo.commits[0][..10],
            &repo.commits[7][..10],
        )
    );
}

#[test]
fn stat_counts_and_exit_code_says_whether_they_differ() {
    let repo = scripted();
    let run = repo.run(&["diff", "HEAD~7", "HEAD", "--stat"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().skip(1).collect::<Vec<_>>(),
        [
            "nodes       1 added",
            "edges       1 removed, 1 changed",
            "milestones  1 confirmation",
        ]
    );
    assert_eq!(repo.run(&["diff", "HEAD~7", "HEAD", "--exit-code"]).code, 1);
    // Renamed and reformatted: the same records, so no difference.
    let same = repo.run(&["diff", "HEAD~2", "HEAD", "--exit-code", "--stat"]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(same.stdout.ends_with("no differences\n"), "{}", same.stdout);
    // Without --exit-code a difference is still a success.
    assert_eq!(repo.run(&["diff", "HEAD~7"]).code, 0);
}

/// AFTER defaults to the data folder on disk, named as the revision's
/// files are (paths in the repository).
#[test]
fn the_working_tree_is_the_default_after() {
    let repo = scripted();
    let path = repo.data().join("actors.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("name: \"Acme\"", "name: \"Acme SA\"")).unwrap();
    let run = repo.run(&["diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "diff HEAD ({}) -> the working tree\n\
             \n\
             ~ node acme \"Acme SA\" (company)  data/actors.ron:21 -> data/actors.ron:21\n    \
             name: \"Acme\" -> \"Acme SA\"\n\
             \n\
             nodes: 1 changed\n",
            &repo.commits[7][..10]
        )
    );
}

#[test]
fn json_gives_both_sides_the_counts_and_each_change_field_by_field() {
    let repo = scripted();
    let (a, b) = (
        repo.commit("start the tracker"),
        repo.commit("change an amount"),
    );
    let run = repo.run(&["--format", "json", "diff", a, b]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let expected = serde_json::json!({
        "before": {"label": &a[..10], "revision": a, "commit": a},
        "after": {"label": &b[..10], "revision": b, "commit": b},
        "differ": true,
        "stat": {
            "sources": {"added": 0, "removed": 0, "changed": 0},
            "nodes": {"added": 1, "removed": 0, "changed": 0},
            "edges": {"added": 0, "removed": 0, "changed": 1},
            "milestones": {"added": 0, "removed": 0, "changed": 0, "slips": 0, "confirmations": 0},
        },
        "changes": [
            {
                "record": "node",
                "change": "added",
                "text": "ada \"Ada Founder\" (person)",
                "id": "ada",
                "nodes": ["ada"],
                "after": {"file": "data/actors.ron", "line": 5},
            },
            {
                "record": "edge",
                "change": "changed",
                "text": "fund funds acme (2024-03)",
                "nodes": ["fund", "acme"],
                "before": {"file": "data/actors.ron", "line": 8},
                "after": {"file": "data/actors.ron", "line": 9},
                "fields": [
                    {"field": "amount", "was": "EUR 100M pledged", "now": "EUR 105M secured"},
                ],
            },
        ],
    });
    assert_eq!(value, expected, "{}", run.stdout);
    // --stat leaves the changes out.
    let stat = repo.run(&["--format", "json", "diff", a, b, "--stat"]);
    let value: serde_json::Value = serde_json::from_str(&stat.stdout).unwrap();
    assert!(value.get("changes").is_none());
    assert_eq!(value["stat"]["edges"]["changed"], 1);
}

/// Two folders need no git; an edge with an `id` is matched by it even
/// when its ends change, and an edge of the same ends whose date was
/// corrected reads as a change of its date, not a removal and an addition.
#[test]
fn folders_compare_without_git_and_edges_pair_by_id_then_by_closeness() {
    let dir = tempfile::tempdir().unwrap();
    let write = |side: &str, edges: &str| {
        folder(
            dir.path(),
            side,
            "data.ron",
            &format!(
                "(\n    sources: [(id: \"s\", title: \"S\")],\n    nodes: [\n        \
             (id: \"a\", kind: Company, name: \"A\", sources: [\"s\"]),\n        \
             (id: \"b\", kind: Company, name: \"B\", sources: [\"s\"]),\n        \
             (id: \"f\", kind: Fund, name: \"F\", sources: [\"s\"]),\n    ],\n    \
             edges: [\n{edges}    ],\n)\n"
            ),
        )
    };
    let before = write(
        "before",
        "        (id: \"deal\", from: \"f\", kind: Invests, to: \"a\", date: \"2024\", sources: [\"s\"]),\n        \
         (from: \"a\", kind: CompetesWith, to: \"b\", date: \"2023\", sources: [\"s\"]),\n",
    );
    let after = write(
        "after",
        "        (id: \"deal\", from: \"f\", kind: Invests, to: \"b\", date: \"2024\", sources: [\"s\"]),\n        \
         (from: \"a\", kind: CompetesWith, to: \"b\", date: \"2023-05\", sources: [\"s\"]),\n",
    );
    let run = common::run(
        &["diff", before.to_str().unwrap(), after.to_str().unwrap()],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (b, a) = (before.join("data.ron"), after.join("data.ron"));
    assert_eq!(
        run.stdout,
        format!(
            "diff {} -> {}\n\
             \n\
             ~ edge a competes-with b (2023-05)  {b}:10 -> {a}:10\n    \
             date: 2023 -> 2023-05\n\
             ~ edge f invests b (2024)  {b}:9 -> {a}:9\n    \
             to: a -> b\n\
             \n\
             edges: 2 changed\n",
            before.display(),
            after.display(),
            b = b.display(),
            a = a.display(),
        )
    );
}

#[test]
fn errors_say_what_to_do() {
    let repo = scripted();
    let unknown = repo.run(&["diff", "no-such-branch"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown
            .stderr
            .starts_with("error: `no-such-branch` names no commit in the repository at `"),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown
            .stderr
            .contains("help: `git log --oneline -- data` lists")
    );
    // An option is never passed to git as a revision.
    let option = repo.run(&["diff", "--", "--output=/tmp/x"]);
    assert_eq!(option.code, 1, "{}", option.stderr);
    assert!(
        option.stderr.contains("names no commit"),
        "{}",
        option.stderr
    );

    // Not in a repository: a folder compared with itself works, a
    // revision does not.
    let plain = tempfile::tempdir().unwrap();
    let data = plain.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for file in ["sources.ron", "actors.ron", "the-law.ron"] {
        std::fs::copy(repo.data().join(file), data.join(file)).unwrap();
    }
    let run = common::run(&["--data", data.to_str().unwrap(), "diff", "HEAD"], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("reggraph diff OLD-DIR NEW-DIR"),
        "{}",
        run.stderr
    );

    // A data folder with no data file at that commit.
    let extra = repo.data().join("extra");
    std::fs::create_dir(&extra).unwrap();
    std::fs::copy(repo.data().join("sources.ron"), extra.join("sources.ron")).unwrap();
    let mut command = common::binary();
    command
        .current_dir(repo.root())
        .args(["--data", "data/extra", "diff", "HEAD"]);
    let output = command.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: at HEAD ({}), `data/extra` holds no `*.ron` file\n",
            &repo.commits[7][..10]
        )),
        "{stderr}"
    );

    // git missing: PATH without it.
    let bare = tempfile::tempdir().unwrap();
    let mut command = common::binary();
    command
        .current_dir(repo.root())
        .env("PATH", bare.path())
        .args(["--data", "data", "diff", "HEAD"]);
    let output = command.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("git is not installed"), "{stderr}");
}

/// A revision whose data has an error is refused: what did not pass
/// would read as removed.
#[test]
fn a_side_with_errors_is_refused_with_its_errors() {
    let repo = scripted();
    let path = repo.data().join("actors.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("kind: Fund,", "kind: Fnud,")).unwrap();
    let run = repo.run(&["diff", "HEAD"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("data/actors.ron:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: the data of the working tree has 1 error: its records that do not pass would read as removed"),
        "{}",
        run.stderr
    );
}

/// Data text reaches the terminal on one line, with a direction override
/// shown as its escape: a name cannot forge a line of the diff.
#[test]
fn hostile_names_are_escaped() {
    let repo = scripted();
    let path = repo.data().join("actors.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let hostile = "name: \"Acme\\n+ node forged\u{202e}\"";
    std::fs::write(&path, text.replace("name: \"Acme\"", hostile)).unwrap();
    let run = repo.run(&["diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{202e}'), "{}", run.stdout);
    assert!(!run.stdout.contains("\n+ node forged"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("    name: \"Acme\" -> \"Acme\\n+ node forged\\u{202e}\"\n"),
        "{}",
        run.stdout
    );
}

/// A scope written into a milestone that had none is a change of that
/// milestone (paired by stage and date), not a removal and an addition.
#[test]
fn a_scope_written_in_later_is_a_change_of_the_milestone() {
    let dir = tempfile::tempdir().unwrap();
    let write = |side: &str, milestones: &str| {
        folder(
            dir.path(),
            side,
            "law.ron",
            &format!(
                "(\n    sources: [(id: \"s\", title: \"S\")],\n    nodes: [\n        \
             (id: \"land\", kind: Jurisdiction, name: \"Land\", sources: [\"s\"]),\n        \
             (id: \"law\", kind: Regulation, name: \"The Law\", jurisdiction: \"land\", \
             milestones: [{milestones}], sources: [\"s\"]),\n    ],\n    \
             edges: [(from: \"law\", kind: AppliesIn, to: \"land\", sources: [\"s\"])],\n)\n"
            ),
        )
    };
    let before = write(
        "before",
        "(stage: AppliesFrom, date: \"2025-02-02\", sources: [\"s\"]), \
         (stage: AppliesFrom, date: \"2026-08-02\", actual: false, sources: [\"s\"])",
    );
    let after = write(
        "after",
        "(stage: AppliesFrom, date: \"2026-08-02\", actual: false, scope: \"general date\", sources: [\"s\"]), \
         (stage: AppliesFrom, date: \"2025-02-02\", scope: \"Chapters I-II\", sources: [\"s\"])",
    );
    let run = common::run(
        &[
            "diff",
            before.to_str().unwrap(),
            after.to_str().unwrap(),
            "--stat",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with("\nmilestones  2 changed\n"),
        "{}",
        run.stdout
    );
    let run = common::run(
        &["diff", before.to_str().unwrap(), after.to_str().unwrap()],
        &[],
    );
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("    "))
        .collect();
    assert_eq!(
        lines,
        [
            "    scope: (none) -> Chapters I-II",
            "    scope: (none) -> general date"
        ]
    );
}

/// Values are compared as written: a quote whose comma became a
/// semicolon, or one alias that became two, is a change, said with its
/// quotes escaped so that the two values cannot read alike.
#[test]
fn a_comma_in_a_quote_or_an_alias_is_compared_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let write = |side: &str, aliases: &str, quote: &str| {
        folder(
            dir.path(),
            side,
            "a.ron",
            &format!(
                "(\n    sources: [(id: \"s\", title: \"S\")],\n    nodes: [\n        \
             (id: \"a\", kind: Company, name: \"A\", aliases: [{aliases}], \
             citations: [(source: \"s\", quote: {quote})]),\n    ],\n)\n"
            ),
        )
    };
    let before = write("before", r#""x, y""#, r#""one, two""#);
    let after = write("after", r#""x", "y""#, r#""one; \"two\"""#);
    let run = common::run(
        &[
            "diff",
            before.to_str().unwrap(),
            after.to_str().unwrap(),
            "--exit-code",
        ],
        &[],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let fields: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("    "))
        .collect();
    assert_eq!(
        fields,
        [
            r#"    aliases: "x, y" -> "x", "y""#,
            r#"    citations: s "one, two" -> s "one; \"two\"""#,
        ]
    );
}

/// `A..B`, as `git diff` takes it, compares A with B.
#[test]
fn a_range_is_its_two_ends() {
    let repo = scripted();
    let range = repo.run(&["diff", "HEAD~7..HEAD~6"]);
    let pair = repo.run(&["diff", "HEAD~7", "HEAD~6"]);
    assert_eq!(range.code, 0, "{}", range.stderr);
    assert_eq!(range.stdout, pair.stdout);
    let open = repo.run(&["diff", "HEAD~1..", "--exit-code"]);
    assert_eq!(open.code, 0, "{}", open.stderr);
    assert!(open.stdout.starts_with("diff HEAD~1 ("), "{}", open.stdout);
    assert!(open.stdout.contains(" -> HEAD ("), "{}", open.stdout);
}

/// An edge moved from one node to another is a change about both: its
/// `nodes` name the end it left.
#[test]
fn an_edge_moved_to_another_node_is_about_the_one_it_left() {
    let dir = tempfile::tempdir().unwrap();
    let write = |side: &str, to: &str| {
        folder(
            dir.path(),
            side,
            "a.ron",
            &format!(
                "(\n    sources: [(id: \"s\", title: \"S\")],\n    nodes: [\n        \
             (id: \"f\", kind: Fund, name: \"F\", sources: [\"s\"]),\n        \
             (id: \"a\", kind: Company, name: \"A\", sources: [\"s\"]),\n        \
             (id: \"b\", kind: Company, name: \"B\", sources: [\"s\"]),\n    ],\n    \
             edges: [(id: \"deal\", from: \"f\", kind: Invests, to: \"{to}\", sources: [\"s\"])],\n)\n"
            ),
        )
    };
    let (before, after) = (write("before", "a"), write("after", "b"));
    let run = common::run(
        &[
            "--format",
            "json",
            "diff",
            before.to_str().unwrap(),
            after.to_str().unwrap(),
        ],
        &[],
    );
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        value["changes"][0]["nodes"],
        serde_json::json!(["f", "b", "a"])
    );
}

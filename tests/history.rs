//! `reggraph history ID`: the commits of a scripted repository
//! (tests/common/repo.rs) that changed one node, newest first, with exact
//! text; renaming a file, moving, reordering and reformatting records are
//! no change; uncommitted changes first; a commit whose data has errors
//! said on its line; JSON with every key documented; and the errors.

mod common;

use std::collections::BTreeSet;

use common::repo::{Scripted, scripted};

/// The short id (10 characters) of the commit whose subject is `subject`.
fn short<'a>(repo: &'a Scripted, subject: &str) -> &'a str {
    &repo.commit(subject)[..10]
}

/// The short id of the `n`th commit (from 0, oldest first).
fn nth(repo: &Scripted, n: usize) -> &str {
    &repo.commits[n][..10]
}

#[test]
fn fund_has_its_amount_change_and_its_addition() {
    let repo = scripted();
    let run = repo.run(&["history", "fund"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-03  Ada Reviewer  {amount}  change an amount
    ~ edge fund funds acme (2024-03)  data/actors.ron:9 -> data/actors.ron:9
        amount: EUR 100M pledged -> EUR 105M secured

2025-01-01  Ada Reviewer  {start}  start the tracker
    + node fund \"The Fund\" (fund)  data/actors.ron:4
    + edge fund funds acme: EUR 100M pledged (2024-03)  data/actors.ron:8

2 commits changed fund
",
            amount = short(&repo, "change an amount"),
            start = short(&repo, "start the tracker"),
        )
    );
}

#[test]
fn a_name_is_taken_as_other_commands_take_it() {
    let repo = scripted();
    let by_id = repo.run(&["history", "fund"]);
    let by_name = repo.run(&["history", "The Fund"]);
    assert_eq!(by_name.code, 0, "{}", by_name.stderr);
    assert_eq!(by_name.stdout, by_id.stdout);
    assert!(by_name.stdout.ends_with("2 commits changed fund\n"));
}

#[test]
fn law_has_its_slip_confirmation_and_removed_edge_not_the_rename_or_reformat() {
    let repo = scripted();
    let run = repo.run(&["history", "law"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-06  Ada Reviewer  {remove}  remove an edge
    - edge law applies-in land  data/law.ron:17

2025-01-05  Ada Reviewer  {confirm}  confirm the milestone
    ~ confirmation The Law: applies-from [high-risk] 2027-12-02 planned -> 2027-12-02  data/law.ron:10 -> data/law.ron:10

2025-01-04  Ada Reviewer  {slip}  move a planned milestone
    ~ slip The Law: applies-from [high-risk] 2026-08-02 planned -> 2027-12-02 planned  data/law.ron:10 -> data/law.ron:10

2025-01-01  Ada Reviewer  {start}  start the tracker
    + node law \"The Law\" (regulation)  data/law.ron:3
    + edge law regulates acme  data/law.ron:16
    + edge law applies-in land  data/law.ron:17

4 commits changed law
",
            remove = short(&repo, "remove an edge"),
            confirm = short(&repo, "confirm the milestone"),
            slip = short(&repo, "move a planned milestone"),
            start = short(&repo, "start the tracker"),
        )
    );
    for quiet in ["rename a file", "move, reorder and reformat records"] {
        assert!(
            !run.stdout.contains(quiet),
            "{quiet} listed:\n{}",
            run.stdout
        );
    }
}

#[test]
fn acme_has_its_edges_in_and_out() {
    let repo = scripted();
    let run = repo.run(&["history", "acme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The edge acme -> land moved to another file in the last commit: no
    // change.
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-03  Ada Reviewer  {amount}  change an amount
    ~ edge fund funds acme (2024-03)  data/actors.ron:9 -> data/actors.ron:9
        amount: EUR 100M pledged -> EUR 105M secured

2025-01-01  Ada Reviewer  {start}  start the tracker
    + node acme \"Acme\" (company)  data/actors.ron:3
    + edge acme located-in land  data/actors.ron:9
    + edge fund funds acme: EUR 100M pledged (2024-03)  data/actors.ron:8
    + edge law regulates acme  data/law.ron:16

2 commits changed acme
",
            amount = short(&repo, "change an amount"),
            start = short(&repo, "start the tracker"),
        )
    );
}

#[test]
fn ada_was_added_by_add_a_node() {
    let repo = scripted();
    let run = repo.run(&["history", "ada"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-02  Ada Reviewer  {add}  add a node
    + node ada \"Ada Founder\" (person)  data/actors.ron:5

1 commit changed ada
",
            add = short(&repo, "add a node"),
        )
    );
}

#[test]
fn limit_stops_after_n_commits_listed() {
    let repo = scripted();
    let run = repo.run(&["history", "law", "--limit", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-06  Ada Reviewer  {remove}  remove an edge
    - edge law applies-in land  data/law.ron:17

1 commit changed law (--limit 1: older commits not searched)
",
            remove = short(&repo, "remove an edge"),
        )
    );
    // A limit the history does not reach says nothing of one.
    let run = repo.run(&["history", "ada", "--limit", "5"]);
    assert!(
        run.stdout.ends_with("\n1 commit changed ada\n"),
        "{}",
        run.stdout
    );
    // A limit of 0 is a usage error.
    let run = repo.run(&["history", "ada", "--limit", "0"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("must be at least 1"), "{}", run.stderr);
}

#[test]
fn uncommitted_changes_come_first() {
    let repo = scripted();
    repo.edit("actors.ron", "value: 105000000", "value: 110000000");
    let run = repo.run(&["history", "fund", "--limit", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
not committed
    ~ edge fund funds acme (2024-03)  data/actors.ron:29 -> data/actors.ron:29
        amount: EUR 105M secured -> EUR 110M secured

2025-01-03  Ada Reviewer  {amount}  change an amount
    ~ edge fund funds acme (2024-03)  data/actors.ron:9 -> data/actors.ron:9
        amount: EUR 100M pledged -> EUR 105M secured

1 commit changed fund (--limit 1: older commits not searched)
",
            amount = short(&repo, "change an amount"),
        )
    );
    // A node the uncommitted change is not about has no such block.
    let run = repo.run(&["history", "ada"]);
    assert!(!run.stdout.contains("not committed"), "{}", run.stdout);
}

#[test]
fn a_node_removed_from_the_data_keeps_its_history() {
    let mut repo = scripted();
    repo.edit(
        "actors.ron",
        "        (\n            id: \"ada\",\n            kind: Person,\n            name: \"Ada Founder\",\n            sources: [\"src\"],\n        ),\n",
        "",
    );
    let removed = repo.commit_more("remove ada");
    let run = repo.run(&["history", "ada"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-09  Ada Reviewer  {removed}  remove ada
    - node ada \"Ada Founder\" (person)  data/actors.ron:9

2025-01-02  Ada Reviewer  {add}  add a node
    + node ada \"Ada Founder\" (person)  data/actors.ron:5

2 commits changed ada
",
            removed = &removed[..10],
            add = short(&repo, "add a node"),
        )
    );
}

#[test]
fn a_commit_whose_data_has_errors_says_so_on_its_line() {
    let mut repo = scripted();
    repo.edit("actors.ron", "kind: Fund,", "kind: Fnd,");
    repo.commit_more("break the fund");
    repo.edit("actors.ron", "kind: Fnd,", "kind: Fund,");
    repo.commit_more("mend the fund");
    let run = repo.run(&["history", "fund", "--limit", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-10  Ada Reviewer  {mend}  mend the fund  (its parent's data has 1 error: records that did not pass there read as added)
    + node fund \"The Fund\" (fund)  data/actors.ron:15
    + edge fund funds acme: EUR 105M secured (2024-03)  data/actors.ron:29

2025-01-09  Ada Reviewer  {broken}  break the fund  (its data has 1 error: records that do not pass read as removed)
    - node fund \"The Fund\" (fund)  data/actors.ron:15
    - edge fund funds acme: EUR 105M secured (2024-03)  data/actors.ron:29

2 commits changed fund (--limit 2: older commits not searched)
",
            mend = nth(&repo, 9),
            broken = nth(&repo, 8),
        )
    );
}

#[test]
fn a_node_with_no_commit_yet_is_listed_as_not_committed() {
    let repo = scripted();
    repo.edit(
        "actors.ron",
        "        (\n            id: \"land\",",
        "        (id: \"bob\", kind: Person, name: \"Bob\", sources: [\"src\"]),\n        (\n            id: \"land\",",
    );
    let run = repo.run(&["history", "bob"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\
not committed
    + node bob \"Bob\" (person)  data/actors.ron:3

no commit changed bob
"
    );
}

#[test]
fn json_lists_the_commits_and_every_key_is_documented() {
    let repo = scripted();
    repo.edit("actors.ron", "value: 105000000", "value: 110000000");
    let run = repo.run(&["--format", "json", "history", "fund"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["node"], "fund");
    assert_eq!(value["searched"], 8);
    assert_eq!(value["complete"], true);
    let changed = &value["uncommitted"]["changes"][0];
    assert_eq!(changed["record"], "edge");
    assert_eq!(changed["change"], "changed");
    assert_eq!(changed["text"], "fund funds acme (2024-03)");
    assert_eq!(changed["nodes"], serde_json::json!(["fund", "acme"]));
    assert_eq!(
        changed["fields"],
        serde_json::json!([{"field": "amount", "was": "EUR 105M secured", "now": "EUR 110M secured"}])
    );
    let commits = value["commits"].as_array().unwrap();
    let subjects: Vec<&str> = commits
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["change an amount", "start the tracker"]);
    assert_eq!(commits[0]["commit"], repo.commit("change an amount"));
    assert_eq!(commits[0]["date"], "2025-01-03");
    assert_eq!(commits[0]["author"], "Ada Reviewer");
    assert_eq!(
        commits[1]["changes"][0],
        serde_json::json!({
            "record": "node", "change": "added", "text": "fund \"The Fund\" (fund)",
            "id": "fund", "nodes": ["fund"],
            "after": {"file": "data/actors.ron", "line": 4}
        })
    );
    // A limited run says it is not complete.
    let run = repo.run(&["--format", "json", "history", "fund", "--limit", "1"]);
    let limited: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(limited["complete"], false);
    assert_eq!(limited["commits"].as_array().unwrap().len(), 1);

    // Every key, with the optional ones of a commit whose data has errors.
    let mut repo = repo;
    repo.git(&["checkout", "-q", "--", "data"]);
    repo.edit("actors.ron", "kind: Fund,", "kind: Fnd,");
    repo.commit_more("break the fund");
    repo.edit("actors.ron", "kind: Fnd,", "kind: Fund,");
    repo.commit_more("mend the fund");
    repo.edit("actors.ron", "kind: Fund,", "kind: Fnd,");
    let run = repo.run(&["--format", "json", "history", "fund"]);
    let errors: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(errors["uncommitted"]["errors"], 1, "{}", run.stdout);
    assert_eq!(errors["commits"][0]["parent_errors"], 1);
    assert_eq!(errors["commits"][1]["errors"], 1);
    let mut seen = BTreeSet::new();
    keys(&value, &mut seen);
    keys(&errors, &mut seen);
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"),
    )
    .unwrap();
    let section = &docs[docs.find("## `history`").expect("a history section")..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    let undocumented: Vec<&String> = seen
        .iter()
        .filter(|key| !section.contains(&format!("\"{key}\"")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "docs/json.md's history section does not document: {undocumented:?}"
    );
    assert!(seen.len() >= 20, "too few keys seen: {seen:?}");
}

fn keys(value: &serde_json::Value, into: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                into.insert(key.clone());
                keys(value, into);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, into)),
        _ => {}
    }
}

#[test]
fn an_id_that_never_existed_is_an_error_with_the_closest() {
    let repo = scripted();
    let run = repo.run(&["history", "fnd"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: no node has the id \"fnd\", in the data or in any commit of its history\n\
         help: did you mean \"fund\" (The Fund)?\n"
    );
    let run = repo.run(&["history", "zzzzzzzzzzzz"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: no node has the id \"zzzzzzzzzzzz\", in the data or in any commit of its history\n\
         help: `reggraph list --match TEXT` searches ids, names and aliases\n"
    );
}

#[test]
fn a_folder_in_no_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(
        data.join("a.ron"),
        "(nodes: [(id: \"acme\", kind: Company, name: \"Acme\")])\n",
    )
    .unwrap();
    let output = common::binary()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        // git looks no further up than the temporary folder.
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["--data", "data", "history", "acme"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: `data` is not in a git repository\n\
         help: history is read from the commits of the git repository the data folder (--data data) is in; `git init` and commit the folder to start one\n"
    );
}

#[test]
fn git_missing_is_an_error() {
    let repo = scripted();
    let empty = tempfile::tempdir().unwrap();
    let output = common::binary()
        .current_dir(repo.root())
        .env("NO_COLOR", "1")
        .env("PATH", empty.path())
        .args(["--data", "data", "history", "acme"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: git is not installed (no `git` command on PATH)\n\
         help: install git (Debian: apt-get install git): history is read from the commits of the data folder\n"
    );
}

#[test]
fn a_scope_written_on_a_milestone_is_a_change_of_it() {
    let mut repo = scripted();
    repo.edit(
        "the-law.ron",
        r#"(stage: Adopted, date: "2024-01-15", sources"#,
        r#"(stage: Adopted, date: "2024-01-15", scope: "whole text", sources"#,
    );
    let scoped = repo.commit_more("scope the adoption");
    let run = repo.run(&["history", "law", "--limit", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-09  Ada Reviewer  {scoped}  scope the adoption
    ~ milestone The Law: adopted [whole text] 2024-01-15  data/the-law.ron:9 -> data/the-law.ron:9
        scope: (none) -> whole text

1 commit changed law (--limit 1: older commits not searched)
",
            scoped = &scoped[..10],
        )
    );
    // A scope changed with the date is still a change of the one
    // milestone of that stage: the closest there is.
    repo.edit(
        "the-law.ron",
        r#"date: "2024-01-15", scope: "whole text""#,
        r#"date: "2024-01-16", scope: "Title I""#,
    );
    let run = repo.run(&["history", "law", "--limit", "1"]);
    assert_eq!(
        run.stdout,
        format!(
            "\
not committed
    ~ milestone The Law: adopted [Title I] 2024-01-15 -> 2024-01-16  data/the-law.ron:9 -> data/the-law.ron:9
        date: 2024-01-15 -> 2024-01-16
        scope: whole text -> Title I

2025-01-09  Ada Reviewer  {scoped}  scope the adoption
    ~ milestone The Law: adopted [whole text] 2024-01-15  data/the-law.ron:9 -> data/the-law.ron:9
        scope: (none) -> whole text

1 commit changed law (--limit 1: older commits not searched)
",
            scoped = &scoped[..10],
        )
    );
}

#[test]
fn a_hostile_subject_is_shown_with_visible_escapes() {
    let mut repo = scripted();
    repo.edit("actors.ron", "name: \"Ada Founder\"", "name: \"Ada\"");
    let id = repo.commit_more("rename \u{1b}[31mada\u{202e} now");
    let run = repo.run(&["history", "ada", "--limit", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-09  Ada Reviewer  {short}  rename \\u{{1b}}[31mada\\u{{202e}} now
    ~ node ada \"Ada\" (person)  data/actors.ron:9 -> data/actors.ron:9
        name: \"Ada Founder\" -> \"Ada\"

1 commit changed ada (--limit 1: older commits not searched)
",
            short = &id[..10],
        )
    );
}

/// Runs git in `dir` as the scripted series does, dated `date`.
fn git_dated(dir: &std::path::Path, date: &str, args: &[&str]) {
    let output = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Reviewer")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Reviewer")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn merges_are_left_out_and_each_branch_commit_is_listed() {
    let mut repo = scripted();
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.edit("actors.ron", "value: 105000000", "value: 110000000");
    let side = repo.commit_more("raise the amount on a branch");
    repo.git(&["checkout", "-q", "main"]);
    repo.edit("actors.ron", "name: \"The Fund\"", "name: \"The Big Fund\"");
    let main = repo.commit_more("rename the fund on main");
    git_dated(
        repo.root(),
        "2025-01-11T12:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "merge the branch", "side"],
    );
    let run = repo.run(&["history", "fund", "--limit", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-10  Ada Reviewer  {main}  rename the fund on main
    ~ node fund \"The Big Fund\" (fund)  data/actors.ron:15 -> data/actors.ron:15
        name: \"The Fund\" -> \"The Big Fund\"

2025-01-09  Ada Reviewer  {side}  raise the amount on a branch
    ~ edge fund funds acme (2024-03)  data/actors.ron:29 -> data/actors.ron:29
        amount: EUR 105M secured -> EUR 110M secured

2 commits changed fund (--limit 2: older commits not searched)
",
            main = &main[..10],
            side = &side[..10],
        )
    );
    // The merged tree has both changes, and nothing is uncommitted.
    let text = std::fs::read_to_string(repo.data().join("actors.ron")).unwrap();
    assert!(text.contains("The Big Fund") && text.contains("110000000"));
}

#[test]
fn a_commit_before_the_data_folder_existed_counts_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_dated(root, "2025-02-01T12:00:00Z", &["init", "-q", "-b", "main"]);
    std::fs::write(root.join("notes.txt"), "no data yet\n").unwrap();
    git_dated(root, "2025-02-01T12:00:00Z", &["add", "."]);
    git_dated(
        root,
        "2025-02-01T12:00:00Z",
        &["commit", "-q", "-m", "notes"],
    );
    std::fs::create_dir(root.join("data")).unwrap();
    std::fs::write(
        root.join("data/a.ron"),
        "(nodes: [(id: \"acme\", kind: Company, name: \"Acme\")])\n",
    )
    .unwrap();
    git_dated(root, "2025-02-02T12:00:00Z", &["add", "."]);
    git_dated(
        root,
        "2025-02-02T12:00:00Z",
        &["commit", "-q", "-m", "first data"],
    );
    let id = common::repo::git(root, &["rev-parse", "HEAD"]);
    let output = common::binary()
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["--data", "data", "history", "Acme"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "the name is the node's own: no note"
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "\
2025-02-02  Ada Reviewer  {short}  first data
    + node acme \"Acme\" (company)  data/a.ron:1

1 commit changed acme
",
            short = &id[..10],
        )
    );
}

#[test]
fn a_removed_id_comes_before_a_word_of_a_current_name() {
    let mut repo = scripted();
    repo.edit(
        "actors.ron",
        "            id: \"ada\",\n            kind: Person,\n            name: \"Ada Founder\",",
        "            id: \"bob\",\n            kind: Person,\n            name: \"Ada Lovelace\",",
    );
    let swap = repo.commit_more("ada leaves, bob arrives");
    // "ada" is a word of Bob's name now, and the id of a node removed.
    let run = repo.run(&["history", "ada"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-09  Ada Reviewer  {swap}  ada leaves, bob arrives
    - node ada \"Ada Founder\" (person)  data/actors.ron:9

2025-01-02  Ada Reviewer  {add}  add a node
    + node ada \"Ada Founder\" (person)  data/actors.ron:5

2 commits changed ada
",
            swap = &swap[..10],
            add = short(&repo, "add a node"),
        )
    );
    // A word no commit had as an id is taken as other commands take it.
    let run = repo.run(&["history", "Lovelace"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "note: \"Lovelace\" taken as Ada Lovelace (bob), the one node with that word in its name\n"
    );
    assert_eq!(
        run.stdout,
        format!(
            "\
2025-01-09  Ada Reviewer  {swap}  ada leaves, bob arrives
    + node bob \"Ada Lovelace\" (person)  data/actors.ron:9

1 commit changed bob
",
            swap = &swap[..10],
        )
    );
}

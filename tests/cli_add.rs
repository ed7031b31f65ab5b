//! `reggraph add`: one record at the end of its list, in fmt's layout, the
//! rest of the file untouched, written only when the whole data folder
//! checks clean with it.

use std::path::Path;

mod common;

/// A copy of the small valid fixture, in a temporary folder.
fn data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid-small");
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// `reggraph --data . ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> common::Run {
    let mut command = common::binary();
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["--data", "."])
        .args(args);
    let output = command.output().unwrap();
    common::Run {
        code: output.status.code().expect("exited by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        cache_dir: command.cache_dir().to_path_buf(),
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn an_edge_to_an_unknown_id_is_refused_with_the_suggestion_and_the_file_left_byte_identical() {
    let dir = data();
    let before = std::fs::read(dir.path().join("edges.ron")).unwrap();
    let run = run_in(
        dir.path(),
        &[
            "add",
            "edge",
            "--file",
            "edges.ron",
            "--from",
            "arthur-mensch",
            "--kind",
            "CoFounded",
            "--to",
            "mistral-aj",
            "--source",
            "edito",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("add-unknown-node", run.stderr);
    assert!(run.stderr.contains("help: did you mean \"mistral-ai\"?"));
    assert_eq!(std::fs::read(dir.path().join("edges.ron")).unwrap(), before);
}

#[test]
fn an_edge_between_kinds_it_does_not_join_and_an_unknown_source_are_refused() {
    let dir = data();
    let before = read(dir.path(), "edges.ron");
    let run = run_in(
        dir.path(),
        &[
            "add",
            "edge",
            "--file",
            "edges.ron",
            "--from",
            "ai-act",
            "--kind",
            "co-founded",
            "--to",
            "mistral-ai",
            "--source",
            "nowhere",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: a `CoFounded` edge cannot start from a regulation"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: unknown source id \"nowhere\""),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.path(), "edges.ron"), before);
}

#[test]
fn a_node_and_an_edge_are_appended_in_fmts_layout_and_nothing_else_moves() {
    let dir = data();
    // Formatted first, so that fmt --check can say the records are laid
    // out as fmt lays them out.
    assert_eq!(run_in(dir.path(), &["fmt"]).code, 0);
    let nodes_before = read(dir.path(), "nodes.ron");
    let run = run_in(
        dir.path(),
        &[
            "add",
            "node",
            "--file",
            "nodes.ron",
            "--id",
            "openai",
            "--kind",
            "company",
            "--name",
            "OpenAI \"the lab\" \\ C:\\",
            "--alias",
            "Open AI",
            "--tag",
            "ai",
            "--period",
            "2015-12..",
            "--source",
            "press",
            "--quote",
            "« concurrencer OpenAI »",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let nodes = read(dir.path(), "nodes.ron");
    let line = nodes
        .lines()
        .position(|l| l.contains("id: \"openai\""))
        .unwrap();
    assert_eq!(
        run.stdout,
        format!("added node openai to nodes.ron:{line}\n")
    );
    // A node with no edge yet: the warning is shown, the node written.
    assert!(
        run.stderr.contains("warning: node \"openai\" has no edge"),
        "{}",
        run.stderr
    );
    // The old text is the new one with the record taken out.
    let record_start = nodes.find("        (\n            id: \"openai\"").unwrap();
    let record_end =
        record_start + nodes[record_start..].find("        ),\n").unwrap() + "        ),\n".len();
    insta::assert_snapshot!("add-node-record", &nodes[record_start..record_end]);
    assert_eq!(
        format!("{}{}", &nodes[..record_start], &nodes[record_end..]),
        nodes_before
    );

    let run = run_in(
        dir.path(),
        &[
            "add",
            "edge",
            "--file",
            "edges.ron",
            "--from",
            "mistral-ai",
            "--kind",
            "competes-with",
            "--to",
            "openai",
            "--date",
            "2023-06",
            "--source",
            "edito",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let check = run_in(dir.path(), &["--no-cache", "check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check.stdout.ends_with(": 0 errors, 0 warnings\n"),
        "{}",
        check.stdout
    );
    assert_eq!(run_in(dir.path(), &["fmt", "--check"]).code, 0);
    // The name, with its quotes and backslashes, reads back as given.
    let show = run_in(dir.path(), &["--format", "json", "show", "openai"]);
    let json: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(json["node"]["name"], "OpenAI \"the lab\" \\ C:\\");
}

#[test]
fn an_amount_is_written_as_the_data_format_has_it() {
    let dir = data();
    std::fs::write(
        dir.path().join("round.ron"),
        "(nodes: [(id: \"round\", kind: FundingRound, name: \"Round\", sources: [\"edito\"])])\n",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &[
            "add",
            "edge",
            "--file",
            "round.ron",
            "--from",
            "mistral-ai",
            "--kind",
            "raises",
            "--to",
            "round",
            "--amount",
            "105000000",
            "--currency",
            "EUR",
            "--status",
            "secured",
            "--date",
            "2023-06-14",
            "--source",
            "edito",
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "        (\n            from: \"mistral-ai\",\n            kind: Raises,\n            to: \"round\",\n            date: \"2023-06-14\",\n            amount: (value: 105000000, currency: \"EUR\", status: Secured),\n            sources: [\"edito\"],\n        ),\n"
    );
    assert_eq!(
        run.stderr,
        "dry run: this edge would be added to round.ron at line 3; nothing was written\n"
    );
    // --dry-run wrote nothing.
    assert!(!read(dir.path(), "round.ron").contains("Raises"));
    // An amount needs its currency and status (a usage error).
    let run = run_in(
        dir.path(),
        &[
            "add",
            "edge",
            "--file",
            "round.ron",
            "--from",
            "mistral-ai",
            "--kind",
            "raises",
            "--to",
            "round",
            "--amount",
            "5",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_new_file_is_created_and_a_dry_run_creates_nothing() {
    let dir = data();
    let args = [
        "add",
        "source",
        "--file",
        "more/sources.ron",
        "--id",
        "new-source",
        "--title",
        "A report",
        "--type",
        "other",
        "--published",
        "2024-02",
        "--url",
        "https://example.org/r",
        "--language",
        "en",
    ];
    std::fs::create_dir(dir.path().join("more")).unwrap();
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let run = run_in(dir.path(), &dry);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join("more/sources.ron").exists());
    let run = run_in(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(dir.path(), "more/sources.ron"),
        "(\n    sources: [\n        (\n            id: \"new-source\",\n            title: \"A report\",\n            type: Other,\n            published: \"2024-02\",\n            url: \"https://example.org/r\",\n            language: \"en\",\n        ),\n    ],\n)\n"
    );
    // The same id again is a duplicate.
    let run = run_in(dir.path(), &args);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("source id \"new-source\" is defined twice"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_with_a_syntax_error_or_outside_the_data_folder_is_not_written() {
    let dir = data();
    let broken = "(nodes: [(id: \"x\" kind: Person)])\n";
    std::fs::write(dir.path().join("broken.ron"), broken).unwrap();
    let args = |file: &'static str| {
        vec![
            "add", "node", "--file", file, "--id", "y", "--kind", "person", "--name", "Y",
            "--source", "edito",
        ]
    };
    let run = run_in(dir.path(), &args("broken.ron"));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("nothing was written to broken.ron"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.path(), "broken.ron"), broken);

    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("x.ron");
    let file = file.to_str().unwrap().to_string();
    let mut command = common::binary();
    let output = command
        .current_dir(dir.path())
        .args([
            "--data", ".", "add", "node", "--file", &file, "--id", "y", "--kind", "person",
            "--name", "Y", "--source", "edito",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not in the data folder"));
    assert!(!Path::new(&file).exists());

    // A fact with no source is not added (a usage error).
    let run = run_in(
        dir.path(),
        &[
            "add",
            "node",
            "--file",
            "nodes.ron",
            "--id",
            "y",
            "--kind",
            "person",
            "--name",
            "Y",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--source <ID>"), "{}", run.stderr);
}

#[test]
fn a_status_is_one_of_the_statuses_never_text_pasted_into_the_file() {
    let dir = data();
    let before = read(dir.path(), "nodes.ron");
    let injected =
        r#"Proposed, sources: ["edito"]), (id: "injected", kind: Company, name: "Injected""#;
    let base = [
        "add",
        "node",
        "--file",
        "nodes.ron",
        "--id",
        "reg-x",
        "--kind",
        "regulation",
        "--name",
        "Reg X",
        "--jurisdiction",
        "france",
        "--source",
        "edito",
        "--status",
    ];
    let mut args = base.to_vec();
    args.push(injected);
    let run = run_in(dir.path(), &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unknown status"), "{}", run.stderr);
    assert_eq!(read(dir.path(), "nodes.ron"), before);
    let mut args = base.to_vec();
    args.extend(["in-force", "--dry-run"]);
    let run = run_in(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("            status: InForce,\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn only_a_data_file_of_the_folder_is_written_to() {
    let dir = data();
    let args = |file: &'static str| {
        vec![
            "add", "node", "--file", file, "--id", "n5", "--kind", "company", "--name", "N",
            "--source", "edito",
        ]
    };
    let run = run_in(dir.path(), &args("notes.txt"));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("notes.txt is not a data file"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("notes.txt").exists());
    let run = run_in(dir.path(), &args("."));
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_files_byte_order_mark_and_crlf_line_breaks_are_kept() {
    let dir = data();
    let text = "\u{feff}(\r\n    nodes: [\r\n        (\r\n            id: \"a\",\r\n            kind: Company,\r\n            name: \"A\",\r\n            sources: [\"edito\"],\r\n        ),\r\n    ],\r\n)\r\n";
    std::fs::write(dir.path().join("crlf.ron"), text).unwrap();
    let run = run_in(
        dir.path(),
        &[
            "add",
            "edge",
            "--file",
            "crlf.ron",
            "--from",
            "a",
            "--kind",
            "competes-with",
            "--to",
            "mistral-ai",
            "--source",
            "edito",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = read(dir.path(), "crlf.ron");
    assert!(
        after.starts_with(&text[..text.len() - "],\r\n)\r\n".len()]),
        "{after:?}"
    );
    assert!(after.starts_with('\u{feff}'));
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "a bare LF: {after:?}"
    );
    assert!(
        after.contains("        (\r\n            from: \"a\",\r\n"),
        "{after:?}"
    );
}

#[test]
fn a_source_type_is_one_of_the_types_with_a_suggestion() {
    let dir = data();
    let run = run_in(
        dir.path(),
        &[
            "add",
            "source",
            "--file",
            "sources.ron",
            "--id",
            "w",
            "--title",
            "W",
            "--type",
            "encyclopaedia",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown source type; did you mean `encyclopedia`? allowed: official, press, encyclopedia, other"),
        "{}",
        run.stderr
    );
    let run = run_in(
        dir.path(),
        &[
            "add",
            "source",
            "--file",
            "sources.ron",
            "--id",
            "w",
            "--title",
            "W",
            "--type",
            "Encyclopedia",
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("            type: Encyclopedia,\n"),
        "{}",
        run.stdout
    );
}

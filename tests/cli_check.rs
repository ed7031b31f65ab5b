//! `reggraph check` on fixture folders, one folder per diagnostic.
//!
//! Every test runs the real binary from the package root with
//! `--data tests/fixtures/<name>`, so the paths in the output are the ones a
//! contributor sees. Each asserts the exit code, the message, the
//! `--> file:line:col` location and the help; a snapshot keeps the whole
//! rendering (snippet and carets) under review.

use serde_json::Value;

mod common;
use common::Run;

fn reggraph(args: &[&str]) -> Run {
    common::run(args, &[])
}

fn check(fixture: &str) -> Run {
    reggraph(&["--data", &format!("tests/fixtures/{fixture}"), "check"])
}

/// Asserts that `check` on `fixture` exits with `code` and prints, in this
/// order, the message, the location line and every later fragment.
#[track_caller]
fn assert_check(fixture: &str, code: i32, expected: &[&str]) -> Run {
    assert_run(fixture, check(fixture), code, expected)
}

/// [`assert_check`] on a run already made (with other arguments); its
/// snapshot is `check-<name>`.
#[track_caller]
fn assert_run(name: &str, run: Run, code: i32, expected: &[&str]) -> Run {
    assert_eq!(
        run.code, code,
        "exit code of check on {name}:\n{}",
        run.stdout
    );
    let mut rest = run.stdout.as_str();
    for fragment in expected {
        match rest.find(fragment) {
            Some(at) => rest = &rest[at + fragment.len()..],
            None => panic!(
                "check on {name}: expected {fragment:?} (in order) in:\n{}",
                run.stdout
            ),
        }
    }
    insta::assert_snapshot!(format!("check-{name}"), run.stdout);
    run
}

#[test]
fn valid_fixture_passes_with_a_summary() {
    let run = assert_check(
        "valid-small",
        0,
        &["6 nodes, 6 edges, 2 sources: 0 errors, 0 warnings\n"],
    );
    assert_eq!(
        run.stdout,
        "6 nodes, 6 edges, 2 sources: 0 errors, 0 warnings\n"
    );
    assert_eq!(run.stderr, "");
}

/// The warnings `check` gives on `data`, each as `file: severity[code]:
/// message`, without its line and column (an edit above it moves it).
fn warnings(data: &str) -> std::collections::BTreeSet<String> {
    let run = reggraph(&["--data", data, "check", "--format", "short"]);
    run.stdout
        .lines()
        .filter(|line| line.contains(": warning["))
        .map(|line| {
            let (place, rest) = line.split_once(": ").unwrap();
            let file = std::path::Path::new(place.split(':').next().unwrap());
            format!("{}: {rest}", file.file_name().unwrap().to_string_lossy())
        })
        .collect()
}

/// Asserts that a mistake made in a copy of the bundled data at `dir`
/// brings no warning of its own: its warnings are some of the bundled
/// data's (fewer if the mistake hides records).
#[track_caller]
fn assert_no_new_warnings(dir: &std::path::Path) {
    let new: Vec<String> = warnings(dir.to_str().unwrap())
        .difference(&warnings(common::EDITORIAL))
        .cloned()
        .collect();
    assert!(new.is_empty(), "warnings the mistake brought: {new:#?}");
}

#[test]
fn the_editorial_data_has_no_error_and_only_the_warnings_a_reviewer_wants() {
    let run = reggraph(&["--data", common::EDITORIAL, "check", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let codes: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|line| line.split_once(": warning[")?.1.split_once(']'))
        .map(|(code, _)| code)
        .collect();
    // The two co-founders Wikipedia alone names, and their edges; the AI
    // Act's general application date (2026-08-02), still planned in the
    // data: nobody has confirmed it with a source.
    assert_eq!(
        codes,
        [
            "encyclopedia-only",
            "encyclopedia-only",
            "encyclopedia-only",
            "encyclopedia-only",
            "planned-milestone-passed"
        ],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(&format!(
            ": 0 errors, {} warning{}\n",
            codes.len(),
            if codes.len() == 1 { "" } else { "s" }
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn files_in_subfolders_are_read_and_other_files_ignored() {
    assert_check(
        "subfolders",
        0,
        &["2 nodes, 1 edge, 1 source: 0 errors, 0 warnings"],
    );
}

#[test]
fn missing_comma_between_fields() {
    assert_check(
        "missing-comma",
        1,
        &[
            "error: expected a comma",
            "--> tests/fixtures/missing-comma/data.ron:7:41",
            "kind: Company name:",
            "^ add a comma here",
            "this node is left out of the graph until it is fixed",
            "help: add a comma",
            "1 error, 0 warnings",
        ],
    );
}

#[test]
fn unknown_node_kind_lists_the_allowed_ones() {
    assert_check(
        "unknown-variant",
        1,
        &[
            "error: unknown node kind `Compnay`",
            "--> tests/fixtures/unknown-variant/nodes.ron:6:34",
            "^^^^^^^ not a node kind",
            "allowed: Person, Company, Investor",
            "help: did you mean `Company`?",
        ],
    );
}

#[test]
fn unknown_edge_kind_lists_the_allowed_ones() {
    assert_check(
        "unknown-edge-kind",
        1,
        &[
            "error: unknown edge kind `CoFunded`",
            "--> tests/fixtures/unknown-edge-kind/graph.ron:10:39",
            "not an edge kind",
            "allowed: Founded, CoFounded,",
            "help: did you mean `CoFounded`?",
        ],
    );
}

#[test]
fn unknown_field_in_a_record() {
    assert_check(
        "unknown-field",
        1,
        &[
            "error: unknown field `sorces`",
            "--> tests/fixtures/unknown-field/nodes.ron:6:63",
            "^^^^^^ unknown field",
            "this node is left out of the graph until it is fixed",
            "help: did you mean `sources`?",
        ],
    );
}

#[test]
fn unknown_top_level_field() {
    assert_check(
        "unknown-top-level-field",
        1,
        &[
            "error: unknown list `node`",
            "--> tests/fixtures/unknown-top-level-field/data.ron:5:5",
            "the records in this list are not read until it is renamed",
            "help: did you mean `nodes`?",
        ],
    );
}

#[test]
fn duplicate_node_id_points_at_both_places() {
    assert_check(
        "duplicate-id",
        1,
        &[
            "error: node id \"mistral-ai\" is defined twice",
            "--> tests/fixtures/duplicate-id/b.ron:4:14",
            "defined again here",
            "--> tests/fixtures/duplicate-id/a.ron:6:14",
            "first defined here",
            "help: give each node its own id",
        ],
    );
}

/// An edge's optional id is a slug, given to one edge only: the second
/// edge of an id is pointed at, at its id, beside the first.
#[test]
fn duplicate_edge_id_points_at_both_ids() {
    assert_check(
        "duplicate-edge-id",
        1,
        &[
            "error: edge id \"seed-deal\" is defined twice",
            "--> tests/fixtures/duplicate-edge-id/b.ron:3:14",
            "defined again here",
            "--> tests/fixtures/duplicate-edge-id/a.ron:11:14",
            "first defined here",
            "help: give each edge its own id, or merge the two records",
            "error: edge id \"Not A Slug\" is not a lowercase slug",
            "--> tests/fixtures/duplicate-edge-id/b.ron:4:14",
            "help: write it \"not-a-slug\"\n",
            "2 nodes, 1 edge, 1 source: 2 errors, 0 warnings",
        ],
    );
}

#[test]
fn duplicate_source_id_points_at_both_places() {
    assert_check(
        "duplicate-source-id",
        1,
        &[
            "error: source id \"press\" is defined twice",
            "--> tests/fixtures/duplicate-source-id/sources.ron:4:14",
            "first defined here",
            "defined again here",
        ],
    );
}

#[test]
fn unknown_node_suggests_the_closest_id() {
    assert_check(
        "unknown-node",
        1,
        &[
            "error: unknown node id \"mistral-aj\"",
            "--> tests/fixtures/unknown-node/edges.ron:3:54",
            "^^^^^^^^^^^^ no node has this id",
            "help: did you mean \"mistral-ai\"?",
            "2 nodes, 1 edge, 1 source: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn a_name_used_as_an_id_is_explained() {
    assert_check(
        "node-name-as-id",
        1,
        &[
            "error: unknown node id \"Mistral AI\"",
            "--> tests/fixtures/node-name-as-id/graph.ron:10:54",
            "help: \"Mistral AI\" is a name; edges refer to nodes by id: did you mean \"mistral-ai\"?",
        ],
    );
}

#[test]
fn unknown_source_suggests_the_closest_id() {
    assert_check(
        "unknown-source",
        1,
        &[
            "error: unknown source id \"presse\"",
            "--> tests/fixtures/unknown-source/graph.ron:10:71",
            "help: did you mean \"press\"?",
        ],
    );
}

#[test]
fn edge_kind_between_kinds_it_does_not_allow() {
    assert_check(
        "kind-mismatch",
        1,
        &[
            "error: `jurisdiction` must name a jurisdiction, and \"mistral-ai\" is a company",
            "--> tests/fixtures/kind-mismatch/graph.ron:9:72",
            "error: a `CoFounded` edge cannot start from a regulation",
            "--> tests/fixtures/kind-mismatch/graph.ron:12:32",
            "this is a regulation",
            "help: `CoFounded` starts from: person, company, investor, public-body",
            "error: a `CoFounded` edge cannot point to a jurisdiction",
            "--> tests/fixtures/kind-mismatch/graph.ron:13:39",
            "help: `CoFounded` points to: company,",
            "3 errors, 0 warnings",
        ],
    );
}

#[test]
fn invalid_date() {
    assert_check(
        "invalid-date",
        1,
        &[
            "error: `June 2023` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD",
            "--> tests/fixtures/invalid-date/graph.ron:10:74",
            "help: write dates as \"2023\", \"2023-06\" or \"2023-06-14\"",
        ],
    );
}

#[test]
fn impossible_date() {
    assert_check(
        "impossible-date",
        1,
        &[
            "error: `2023-02-30` is not a real date: 2023-02 has days 01 to 28",
            "--> tests/fixtures/impossible-date/graph.ron:10:74",
            "help: check the day and month; keep only the part you are sure of (\"2023-02\")",
        ],
    );
}

#[test]
fn period_ending_before_it_starts() {
    assert_check(
        "period-order",
        1,
        &[
            "error: this period ends (2023-06) before it starts (2024)",
            "--> tests/fixtures/period-order/graph.ron:10:93",
            "end is before the start",
            "help: swap `start` and `end`",
        ],
    );
}

#[test]
fn amount_without_currency() {
    assert_check(
        "missing-currency",
        1,
        &[
            "error: the amount 1500000 has no currency",
            "--> tests/fixtures/missing-currency/graph.ron:10:65",
            "which currency?",
            "help: add an ISO 4217 code: `amount: (value: 1500000, currency: \"EUR\", status: Secured)`",
        ],
    );
}

#[test]
fn unknown_currency() {
    assert_check(
        "unknown-currency",
        1,
        &[
            "error: unknown currency \"eur\"",
            "--> tests/fixtures/unknown-currency/graph.ron:10:92",
            "help: write the ISO 4217 code in capitals: \"EUR\"",
            "error: unknown currency \"EURO\"",
            "--> tests/fixtures/unknown-currency/graph.ron:11:92",
        ],
    );
}

#[test]
fn uncited_facts_are_warnings_not_errors() {
    assert_check(
        "uncited",
        0,
        &[
            "warning: node \"mistral-ai\" cites no source",
            "--> tests/fixtures/uncited/graph.ron:7:14",
            "warning: edge \"arthur-mensch\" -> \"mistral-ai\" cites no source",
            "--> tests/fixtures/uncited/graph.ron:11:39",
            "help: add `sources: [\"source-id\"]`",
            "0 errors, 2 warnings",
        ],
    );
}

#[test]
fn isolated_node_is_a_warning() {
    assert_check(
        "isolated-node",
        0,
        &[
            "warning: node \"jean-zay\" has no edge",
            "--> tests/fixtures/isolated-node/graph.ron:8:14",
            "0 errors, 1 warning",
        ],
    );
}

#[test]
fn errors_are_collected_across_files_not_stopped_at_the_first() {
    assert_check(
        "errors-in-several-files",
        1,
        &[
            // What could not be read comes first: other errors may follow
            // from it.
            "--> tests/fixtures/errors-in-several-files/c.ron:3:46",
            "--> tests/fixtures/errors-in-several-files/a.ron:5:34",
            "--> tests/fixtures/errors-in-several-files/b.ron:3:54",
            "--> tests/fixtures/errors-in-several-files/b.ron:3:74",
            "--> tests/fixtures/errors-in-several-files/b.ron:4:32",
            "--> tests/fixtures/errors-in-several-files/b.ron:4:68",
            "status: Target)`",
            "--> tests/fixtures/errors-in-several-files/b.ron:4:106",
            "7 errors, 0 warnings",
        ],
    );
}

#[test]
fn missing_data_folder_is_a_data_error() {
    let run = reggraph(&["--data", "tests/fixtures/does-not-exist", "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("error: data folder `tests/fixtures/does-not-exist` does not exist"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("help: pass --data DIR, set $REGGRAPH_DATA")
    );
}

#[test]
fn data_folder_comes_from_the_environment() {
    let output = common::binary()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("REGGRAPH_DATA", "tests/fixtures/unknown-node")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("--> tests/fixtures/unknown-node/edges.ron:3:54"),
        "{stdout}"
    );
}

#[test]
fn data_folder_defaults_to_graph_data_in_the_working_directory() {
    let output = common::binary()
        .current_dir(format!(
            "{}/tests/fixtures/default-folder",
            env!("CARGO_MANIFEST_DIR")
        ))
        .env_remove("REGGRAPH_DATA")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "2 nodes, 1 edge, 1 source: 0 errors, 0 warnings\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let run = reggraph(&["check", "--bogus"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unexpected argument '--bogus'"),
        "{}",
        run.stderr
    );
    let run = reggraph(&["--format", "yaml", "check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("possible values: text, json"),
        "{}",
        run.stderr
    );
    let run = reggraph(&[]);
    assert_eq!(run.code, 2);
}

#[test]
fn json_diagnostics_for_editors_and_ci() {
    let run = reggraph(&[
        "--data",
        "tests/fixtures/unknown-node",
        "--format",
        "json",
        "check",
    ]);
    assert_eq!(run.code, 1);
    let json: Value = serde_json::from_str(&run.stdout).expect("check --format json prints JSON");
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["code"], "unknown-node");
    assert_eq!(diagnostic["message"], "unknown node id \"mistral-aj\"");
    assert_eq!(diagnostic["help"], "did you mean \"mistral-ai\"?");
    let location = &diagnostic["location"];
    assert_eq!(location["file"], "tests/fixtures/unknown-node/edges.ron");
    assert_eq!(location["line"], 3);
    assert_eq!(location["column"], 54);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(json["summary"]["nodes"], 2);
    insta::assert_snapshot!("check-json-unknown-node", run.stdout);
}

#[test]
fn json_diagnostics_keep_related_locations() {
    let run = reggraph(&[
        "--data",
        "tests/fixtures/duplicate-id",
        "--format",
        "json",
        "check",
    ]);
    assert_eq!(run.code, 1);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["code"], "duplicate-id");
    assert_eq!(
        diagnostic["location"]["file"],
        "tests/fixtures/duplicate-id/b.ron"
    );
    assert_eq!(
        diagnostic["related"][0]["file"],
        "tests/fixtures/duplicate-id/a.ron"
    );
    assert_eq!(diagnostic["related"][0]["line"], 6);
    assert_eq!(diagnostic["related"][0]["message"], "first defined here");
}

#[test]
fn json_on_valid_data_has_no_diagnostics() {
    let run = reggraph(&[
        "--data",
        "tests/fixtures/valid-small",
        "--format",
        "json",
        "check",
    ]);
    assert_eq!(run.code, 0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["diagnostics"], Value::Array(vec![]));
    assert_eq!(json["summary"]["nodes"], 6);
    assert_eq!(json["summary"]["edges"], 6);
}

#[test]
fn color_always_adds_escapes_and_never_does_not() {
    let coloured = reggraph(&[
        "--data",
        "tests/fixtures/unknown-node",
        "--color",
        "always",
        "check",
    ]);
    assert!(coloured.stdout.contains('\u{1b}'), "{}", coloured.stdout);
    let plain = reggraph(&[
        "--data",
        "tests/fixtures/unknown-node",
        "--color",
        "never",
        "check",
    ]);
    assert!(!plain.stdout.contains('\u{1b}'));
}

#[test]
fn a_file_that_is_not_utf8_is_pointed_at() {
    assert_check(
        "not-utf8",
        1,
        &[
            "error: `tests/fixtures/not-utf8/latin1.ron` is not UTF-8: it looks like Latin-1 or Windows-1252 (byte 0xE9 at offset 32, `é` in Latin-1)",
            "--> tests/fixtures/not-utf8/latin1.ron:3:18",
            "this byte is not UTF-8",
            "help: save it as UTF-8",
            "iconv -f WINDOWS-1252 -t UTF-8",
        ],
    );
}

#[test]
fn a_file_with_only_comments_is_a_warning() {
    assert_check(
        "empty-file",
        0,
        &[
            "warning: this file has no records",
            "--> tests/fixtures/empty-file/later.ron:1:1",
            "6 nodes, 6 edges, 2 sources: 0 errors, 1 warning",
        ],
    );
}

#[test]
fn a_byte_order_mark_and_an_upper_case_extension_are_fine() {
    let run = assert_check(
        "bom-and-case",
        0,
        &["2 nodes, 1 edge, 1 source: 0 errors, 0 warnings"],
    );
    assert_eq!(
        run.stdout,
        "2 nodes, 1 edge, 1 source: 0 errors, 0 warnings\n"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_to_data_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unknown-node");
    std::fs::copy(fixture.join("nodes.ron"), dir.path().join("nodes.ron")).unwrap();
    std::os::unix::fs::symlink(fixture.join("edges.ron"), dir.path().join("edges.ron")).unwrap();
    let run = reggraph(&["--data", dir.path().to_str().unwrap(), "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error: unknown node id \"mistral-aj\""),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_comma_between_records_costs_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unknown-node");
    std::fs::copy(fixture.join("nodes.ron"), dir.path().join("nodes.ron")).unwrap();
    let edges = std::fs::read_to_string(fixture.join("edges.ron"))
        .unwrap()
        .replacen("),", ")", 1);
    std::fs::write(dir.path().join("edges.ron"), edges).unwrap();
    let run = reggraph(&["--data", dir.path().to_str().unwrap(), "check"]);
    assert_eq!(run.code, 1);
    // Placed where the comma belongs, and both records are still read: the
    // fixture's own error (an unknown id) is found too.
    assert!(
        run.stdout.starts_with(
            "error: expected a comma between two records\n  --> {}/edges.ron:3:87\n"
                .replace("{}", dir.path().to_str().unwrap())
                .as_str()
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("help: add a comma"), "{}", run.stdout);
    assert!(run.stdout.contains("error: unknown node id \"mistral-aj\""));
    assert!(!run.stdout.contains("has no edge"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("2 nodes, 1 edge, 1 source: 2 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

/// A copy of the frozen editorial dataset with one replacement in one file.
fn bundled_with(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(common::EDITORIAL);
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == file {
            assert!(text.contains(from), "{from} not in {file}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    dir
}

#[test]
fn a_source_type_is_a_name_from_the_vocabulary() {
    let out = check_bundled_with("sources.ron", "type: Encyclopedia,", "type: Encylopedia,");
    assert!(
        out.starts_with("error: unknown source type `Encylopedia`\n"),
        "{out}"
    );
    assert!(
        out.contains("= allowed: Official, Press, Encyclopedia, Other\n"),
        "{out}"
    );
    assert!(
        out.contains("= help: did you mean `Encyclopedia`?\n"),
        "{out}"
    );
    let out = check_bundled_with("sources.ron", "type: Press,", "type: \"Press\",");
    assert!(
        out.starts_with("error: `type` is a name from the vocabulary, not text\n"),
        "{out}"
    );
    assert!(
        out.contains("help: write it without quotes: `type: Press`"),
        "{out}"
    );
}

#[test]
fn references_to_a_record_left_out_wait_on_its_error() {
    let dir = bundled_with("tibi-2.ron", "kind: Programme,", "kind: \"Programme\",");
    let run = reggraph(&["--data", dir.path().to_str().unwrap(), "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("error: `kind` is a name from the vocabulary, not text\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "= 4 references to \"tibi-2\", declared in this record, wait on this error; they resolve once it is fixed"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("help: write it without quotes: `kind: Programme`")
    );
    assert!(run.stdout.contains(": 1 error, "), "{}", run.stdout);
    assert_no_new_warnings(dir.path());
}

#[test]
fn references_to_an_invalid_id_do_not_contradict_its_fix() {
    let dir = bundled_with("tibi-2.ron", "id: \"tibi-2\",", "id: \"Tibi-2\",");
    let run = reggraph(&["--data", dir.path().to_str().unwrap(), "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("help: write it \"tibi-2\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("help: the node is declared with the id \"Tibi-2\", which is not a valid id; once that declaration says \"tibi-2\", this reference resolves"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("did you mean \"Tibi-2\""));
}

#[test]
fn an_actual_milestone_after_today_is_a_warning() {
    assert_check(
        "future-milestone",
        0,
        &[
            "warning: this milestone is dated 2099-01-01, after today, but counts as reached",
            "--> tests/fixtures/future-milestone/data.ron:12:44",
            "help: add `actual: false` until it has happened",
            "0 errors, 1 warning",
        ],
    );
}

#[test]
fn a_planned_milestone_whose_date_has_passed_is_a_warning() {
    // Today is 2026-11-30: "2026-08-02" has passed, "2026-11" (up to today)
    // and "2099" have not.
    let run = assert_check(
        "planned-milestone-passed",
        0,
        &[
            "warning: this milestone was planned for 2026-08-02, which has passed, and is not confirmed",
            "--> tests/fixtures/planned-milestone-passed/data.ron:13:44",
            "^^^^^^^^^^^^ planned, and passed",
            "= `actual: false` marks a date set in advance, to be confirmed once it has come",
            "help: if it happened, remove `actual: false` and cite a source that says so; if it was put off, move it to its new date, with a source",
            "2 nodes, 1 edge, 1 source: 0 errors, 1 warning\n",
        ],
    );
    assert_eq!(run.stdout.matches("warning:").count(), 1, "{}", run.stdout);
    let next_day = common::run(
        &["--data", "tests/fixtures/planned-milestone-passed", "check"],
        &[("REGGRAPH_TODAY", "2026-12-01")],
    );
    assert!(
        next_day
            .stdout
            .contains("planned for 2026-11, which has passed"),
        "{}",
        next_day.stdout
    );
    assert!(next_day.stdout.ends_with("0 errors, 2 warnings\n"));
}

#[test]
fn a_source_cited_by_nothing_is_a_warning() {
    assert_check(
        "unused-source",
        0,
        &[
            "warning: source \"interview\" is cited by nothing",
            "--> tests/fixtures/unused-source/graph.ron:5:14",
            "^^^^^^^^^^^ cited by no node, edge or milestone",
            "help: cite it from the facts it supports (`sources: [\"interview\"]`), or remove it",
            "2 nodes, 1 edge, 2 sources: 0 errors, 1 warning\n",
        ],
    );
}

#[test]
fn a_source_cited_only_by_a_milestone_or_a_record_left_out_is_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("data.ron"),
        r#"(
    sources: [(id: "a", title: "A"), (id: "b", title: "B"), (id: "c", title: "C")],
    nodes: [
        (id: "law", kind: Regulation, name: "Law", jurisdiction: "land",
            milestones: [(stage: Proposed, date: "2020", sources: ["b"])], sources: ["a"]),
        (id: "land", kind: Jurisdiction, name: "Land", sources: ["a"]),
        (id: "bad", kind: Regulation, name: "Bad", date: "2023-02-30",
            milestones: [(stage: Proposed, date: "2020", sources: ["c"])], sources: ["a"]),
    ],
    edges: [(from: "law", kind: AppliesIn, to: "land", sources: ["a"])],
)"#,
    )
    .unwrap();
    let run = reggraph(&[
        "--data",
        dir.path().to_str().unwrap(),
        "check",
        "--format",
        "short",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(!run.stdout.contains("unused-source"), "{}", run.stdout);
    assert!(
        run.stdout.contains("error[impossible-date]"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_misspelt_source_declaration_is_one_error_not_also_unused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("data.ron"),
        r#"(
    sources: [(id: "pres", title: "Press release")],
    nodes: [
        (id: "a", kind: Company, name: "A", sources: ["press"]),
        (id: "b", kind: Company, name: "B", sources: ["press"]),
    ],
    edges: [(from: "a", kind: CompetesWith, to: "b", sources: ["press"])],
)"#,
    )
    .unwrap();
    let run = reggraph(&[
        "--data",
        dir.path().to_str().unwrap(),
        "check",
        "--format",
        "short",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        format!(
            "{}/data.ron:2:20: error[unknown-source]: unknown source id \"press\" (if this is the source meant, write its id \"press\")",
            dir.path().display()
        )
    );
    assert!(
        run.stdout.ends_with(": 1 error, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_fact_backed_only_by_an_encyclopedia_is_a_warning() {
    // A node, a milestone and an edge cite only the encyclopedia; the node
    // that also cites the press release is not warned about.
    let run = assert_check(
        "encyclopedia-only",
        0,
        &[
            "warning: node \"arthur-mensch\" is backed only by an encyclopedia",
            "--> tests/fixtures/encyclopedia-only/graph.ron:9:78",
            "^^^^^^ every source here is an encyclopedia",
            "= an encyclopedia summarises other sources; a reviewer wants the one the fact comes from",
            "help: cite as well the source the fact comes from, such as the official text or a press article, or leave the fact out",
            "warning: the InForce milestone of \"law\" (2021) is backed only by an encyclopedia",
            "--> tests/fixtures/encyclopedia-only/graph.ron:19:58",
            "warning: edge \"arthur-mensch\" -> \"mistral-ai\" is backed only by an encyclopedia",
            "--> tests/fixtures/encyclopedia-only/graph.ron:25:78",
            "4 nodes, 2 edges, 2 sources: 0 errors, 3 warnings\n",
        ],
    );
    assert!(
        !run.stdout.contains("node \"mistral-ai\""),
        "{}",
        run.stdout
    );
}

#[test]
fn the_ai_acts_passed_application_date_is_a_warning_on_the_editorial_data() {
    let run = reggraph(&["--data", common::EDITORIAL, "check", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "tests/fixtures/editorial-2023-06/eu-ai-act.ron:50:27: warning[planned-milestone-passed]: this milestone was planned for 2026-08-02, which has passed, and is not confirmed ("
        ),
        "{}",
        run.stdout
    );
}

// Mistakes in values, in our words: one fixture each, asserting the message,
// its place and the help.

#[test]
fn an_amount_of_zero_is_a_warning() {
    assert_check(
        "zero-amount",
        0,
        &[
            "warning: an amount of 0 EUR",
            "--> tests/fixtures/zero-amount/graph.ron:12:65",
            "^ zero",
            "help: leave the amount out when the source does not give it; write the figure it gives otherwise",
            "2 nodes, 1 edge, 1 source: 0 errors, 1 warning\n",
        ],
    );
}

#[test]
fn a_negative_amount() {
    assert_check(
        "invalid-amount",
        1,
        &[
            "error: an amount cannot be negative",
            "--> tests/fixtures/invalid-amount/graph.ron:11:73",
            "^^ negative",
            "this edge is left out of the graph until it is fixed",
            "help: write the amount as a positive number; a flow the other way is an edge the other way",
            "2 nodes, 0 edges, 1 source: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn an_amount_with_a_fraction_and_an_exponent_is_suggested_in_full() {
    assert_check(
        "fractional-amount",
        1,
        &[
            "error: an amount is written as a whole number, not as `105.5e6`",
            "--> tests/fixtures/fractional-amount/graph.ron:11:73",
            "^^^^^^^ written as a float",
            "help: amounts are whole numbers of the currency's units: `value: 105500000`",
        ],
    );
}

#[test]
fn an_amount_in_quotes() {
    assert_check(
        "quoted-amount",
        1,
        &[
            "error: an amount is a number, not text: \"500M\"",
            "--> tests/fixtures/quoted-amount/graph.ron:11:73",
            "^^^^^^ in quotes",
            "help: write the amount in full, without quotes or units: `value: 500000000`",
        ],
    );
}

#[test]
fn an_amount_too_large_to_keep() {
    assert_check(
        "invalid-value",
        1,
        &[
            "error: this number is too large",
            "--> tests/fixtures/invalid-value/graph.ron:11:73",
            "^ out of range",
            "help: amounts go up to 18446744073709551615 units",
        ],
    );
}

#[test]
fn an_amount_without_a_status() {
    assert_check(
        "missing-money-status",
        1,
        &[
            "error: an amount must say whether it is secured, pledged or a target",
            "--> tests/fixtures/missing-money-status/graph.ron:11:65",
            "^ secured, pledged or target?",
            "help: add `status: Secured`, `status: Pledged` or `status: Target`",
        ],
    );
}

#[test]
fn an_amount_on_an_edge_that_moves_no_money() {
    assert_check(
        "amount-not-allowed",
        1,
        &[
            "error: a `CoFounded` edge cannot carry an amount",
            "--> tests/fixtures/amount-not-allowed/graph.ron:11:76",
            "^ amount on a non-money edge",
            "help: money moves along Funds, Invests, Finances and Raises edges",
        ],
    );
}

#[test]
fn text_in_single_quotes() {
    assert_check(
        "single-quotes",
        1,
        &[
            "error: `name` is in single quotes",
            "--> tests/fixtures/single-quotes/graph.ron:8:49",
            "^^^^^^^^^ single quotes",
            "this node is left out of the graph until it is fixed",
            "help: text is written in double quotes: `name: \"Mistral\"`",
        ],
    );
}

#[test]
fn a_kind_in_quotes() {
    assert_check(
        "quoted-name",
        1,
        &[
            "error: `kind` is a name from the vocabulary, not text",
            "--> tests/fixtures/quoted-name/graph.ron:8:34",
            "^^^^^^^^^ remove the quotes",
            "help: write it without quotes: `kind: Company`",
        ],
    );
}

#[test]
fn a_kind_with_a_payload() {
    assert_check(
        "kind-with-payload",
        1,
        &[
            "error: `PublicBody` takes nothing in parentheses",
            "--> tests/fixtures/kind-with-payload/graph.ron:8:34",
            "^^^^^^^^^^^^^^^ remove the parentheses",
            "help: write `kind: PublicBody`; put other details in their own fields",
        ],
    );
}

#[test]
fn a_node_without_a_name() {
    assert_check(
        "missing-field",
        1,
        &[
            "error: this node has no `name`",
            "--> tests/fixtures/missing-field/graph.ron:8:9",
            "^ `name` is missing",
            "this node is left out of the graph until it is fixed",
            "help: add `name: ...` to this node",
        ],
    );
}

#[test]
fn a_field_given_twice() {
    assert_check(
        "duplicate-field",
        1,
        &[
            "error: field `name` is given twice",
            "--> tests/fixtures/duplicate-field/graph.ron:8:63",
            "^^^^ given again here",
            "help: keep one of them",
        ],
    );
}

#[test]
fn a_blank_name() {
    assert_check(
        "empty-name",
        1,
        &[
            "error: a node's name cannot be empty",
            "--> tests/fixtures/empty-name/graph.ron:8:49",
            "^^^^ empty name",
            "help: write the name people know it by: `name: \"Mistral AI\"`",
        ],
    );
}

#[test]
fn an_id_that_is_not_a_slug() {
    assert_check(
        "invalid-id",
        1,
        &[
            "error: node id \"Mistral AI\" is not a lowercase slug",
            "--> tests/fixtures/invalid-id/graph.ron:8:14",
            "^^^^^^^^^^^^ not a slug",
            "help: write it \"mistral-ai\", and keep the display form in `name`",
            // The edge that refers to it says why it does not resolve.
            "error: unknown node id \"mistral-ai\"",
            "--> tests/fixtures/invalid-id/graph.ron:11:54",
            "help: the node is declared with the id \"Mistral AI\", which is not a valid id",
            "1 node, 0 edges, 1 source: 2 errors, 0 warnings",
        ],
    );
}

#[test]
fn a_status_on_a_node_that_is_not_a_regulation() {
    assert_check(
        "not-a-regulation",
        1,
        &[
            "error: a status is for regulations, and `mistral-ai` is a company",
            "--> tests/fixtures/not-a-regulation/graph.ron:8:71",
            "^^^^^^^ status on a non-regulation",
            "help: remove `status`, or use `kind: Regulation`",
        ],
    );
}

#[test]
fn a_date_and_a_period_on_one_fact() {
    assert_check(
        "date-and-period",
        1,
        &[
            "error: a fact has a date or a period, not both",
            "--> tests/fixtures/date-and-period/graph.ron:8:85",
            "------          ^^^^^^^^^^^^^^^ period given here",
            "and a date here",
            "help: use `date` for a point in time, `period: (start: ..., end: ...)` for a span",
        ],
    );
}

#[test]
fn a_name_shared_by_two_nodes_is_a_warning() {
    assert_check(
        "ambiguous-name",
        0,
        &[
            "warning: the name \"Mistral AI\" is used by 2 nodes: arthur-mensch, mistral-ai",
            "--> tests/fixtures/ambiguous-name/graph.ron:8:49",
            "------------ also used here",
            "^^^^^^^^^^^^ used again here",
            "help: look-ups of \"mistral ai\" will ask which one is meant; rename or drop one of the aliases",
            "0 errors, 1 warning",
        ],
    );
}

#[test]
fn a_list_written_as_text() {
    assert_check(
        "expected-list",
        1,
        &[
            "error: `sources` is a list",
            "--> tests/fixtures/expected-list/graph.ron:8:72",
            "^^^^^^^ expected [...]",
            "help: write it in brackets: `sources: [\"press\"]`",
        ],
    );
}

#[test]
fn text_without_quotes() {
    assert_check(
        "expected-text",
        1,
        &[
            "error: `name` is text, written in double quotes",
            "--> tests/fixtures/expected-text/graph.ron:8:49",
            "^^^^^^^ expected \"...\"",
            "help: text values are written in double quotes: \"like this\"",
        ],
    );
}

#[test]
fn an_unknown_escape_in_a_string() {
    assert_check(
        "invalid-escape",
        1,
        &[
            "error: this string has an invalid escape (unknown escape character)",
            // At the escape `\d` itself.
            "--> tests/fixtures/invalid-escape/graph.ron:8:83",
            "^^ invalid escape",
            "help: write a backslash as `\\\\`; RON knows \\n, \\t, \\\", \\\\ and \\u{...}",
        ],
    );
}

#[test]
fn a_value_nested_too_deep() {
    assert_check(
        "too-deep",
        1,
        &[
            "error: this record is nested more than 128 levels deep",
            "--> tests/fixtures/too-deep/graph.ron:8:196",
            "^ too deep from here",
            "help: records are a few levels deep at most",
        ],
    );
}

#[test]
fn control_characters_written_raw_or_escaped() {
    let run = assert_check(
        "control-character",
        1,
        &[
            "error: this record holds U+001B ESCAPE",
            "--> tests/fixtures/control-character/graph.ron:8:57",
            // The quoted line never carries the raw character to the
            // terminal: its visible escape stands for it, underlined whole.
            r#"name: "Mistral\u{1b}AI""#,
            "^^^^^^ this character",
            "help: remove it: text may hold tabs and line breaks, but no other control character",
            "error: this record's text holds U+001B ESCAPE",
            // At the escape itself.
            "--> tests/fixtures/control-character/graph.ron:7:86",
            "^^^^^^ this escape",
            "help: remove the escape: text may hold tabs and line breaks, but no other control character",
            "0 nodes, 0 edges, 1 source: 2 errors, 0 warnings",
        ],
    );
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    // The carets stand under the escape, not beside it.
    let lines: Vec<&str> = run.stdout.lines().collect();
    let quoted = lines.iter().position(|l| l.contains("Mistral")).unwrap();
    let escape = lines[quoted][..lines[quoted].find(r"\u{1b}").unwrap()]
        .chars()
        .count();
    assert_eq!(lines[quoted + 1].find('^'), Some(escape), "{}", run.stdout);
}

// Mistakes in the structure of a file: where the scanner splits it.

#[test]
fn a_stray_character_between_fields() {
    assert_check(
        "stray-character",
        1,
        &[
            "error: unexpected `@`",
            "--> tests/fixtures/stray-character/graph.ron:8:43",
            "^ not expected here",
            "this node is left out of the graph until it is fixed",
            "help: remove it; fields are `name: value`, separated by commas",
        ],
    );
}

#[test]
fn a_doubled_comma_between_fields() {
    assert_check(
        "doubled-comma",
        1,
        &[
            "error: two commas in a row",
            "--> tests/fixtures/doubled-comma/graph.ron:8:42",
            "^ extra comma",
            "help: remove one of the commas",
        ],
    );
}

#[test]
fn a_missing_comma_between_records_is_placed_after_the_first() {
    assert_check(
        "missing-comma-between-records",
        1,
        &[
            "error: expected a comma between two records",
            "--> tests/fixtures/missing-comma-between-records/graph.ron:7:87",
            "^ add a comma here",
            "help: add a comma",
            "2 nodes, 1 edge, 1 source: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn an_unclosed_record() {
    assert_check(
        "unclosed-record",
        1,
        &[
            "error: this record is not closed",
            "--> tests/fixtures/unclosed-record/graph.ron:8:82",
            "^ expected `)` here",
            "the record starts here",
            "this record is left out of the graph until it is fixed",
            "help: add `)` at the end of the record",
            "1 node, 0 edges, 1 source: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn an_unclosed_bracket_in_a_record_over_several_lines() {
    assert_check(
        "unclosed-bracket",
        1,
        &[
            "error: this `[` is never closed",
            "--> tests/fixtures/unclosed-bracket/graph.ron:12:22",
            "^ opened here",
            "- `]` expected before this `)`",
            "help: close it with `]`, or remove it if it was typed by mistake",
            "1 node, 0 edges, 1 source: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn an_unclosed_string() {
    assert_check(
        "unclosed-string",
        1,
        &[
            "error: this string is not closed on its line",
            "--> tests/fixtures/unclosed-string/graph.ron:11:19",
            "^ this string",
            "help: add the closing `\"`",
            "1 node, 0 edges, 1 source: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn a_record_without_its_opening_bracket() {
    assert_check(
        "unopened-record",
        1,
        &[
            "error: a field outside a record: its `(` is missing",
            "--> tests/fixtures/unopened-record/graph.ron:8:9",
            "^^ this field",
            "= 1 reference to \"mistral-ai\", declared in this record, waits on this error",
            "help: add `(` at the start of the record",
            "1 node, 0 edges, 1 source: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn a_list_name_without_its_colon() {
    assert_check(
        "syntax",
        1,
        &[
            "error: expected `:` after `nodes`",
            "--> tests/fixtures/syntax/graph.ron:6:10",
            "^ add `:` here",
            "help: write `nodes: [...]`",
            "2 nodes, 1 edge, 1 source: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn content_after_the_end_of_the_data() {
    assert_check(
        "trailing-content",
        1,
        &[
            "error: unexpected `(` after the end of the data",
            "--> tests/fixtures/trailing-content/graph.ron:14:1",
            "^ after the closing `)`",
            "help: everything goes inside the one `( ... )`; remove this or move it inside",
            "2 nodes, 1 edge, 1 source: 1 error, 0 warnings",
        ],
    );
}

// Files and folders that cannot be read.

#[test]
fn a_utf16_file() {
    assert_check(
        "utf16-file",
        1,
        &[
            // FIXME: no `-->` line (the Latin-1 case points at its first
            // byte that is not UTF-8; this could point at 1:1).
            "error: `tests/fixtures/utf16-file/nodes.ron` is UTF-16 text (LE), not UTF-8",
            // The references into it wait on its error.
            "= 3 references to ids that may be declared in this file wait on this error",
            "help: save it as UTF-8 (in most editors under \"Save with encoding\"), or run `iconv -f UTF-16LE -t UTF-8 tests/fixtures/utf16-file/nodes.ron > converted.ron`",
            "0 nodes, 0 edges, 0 sources: 1 error, 0 warnings",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_symbolic_link_is_one_error_and_the_rest_is_read() {
    let dir = common::with_dangling_link("unreadable");
    let data = dir.path().display().to_string();
    let run = reggraph(&["--data", &data, "check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        format!(
            "error: `{data}/edges.ron` is a symbolic link to `missing.ron`, which does not exist\n \
             = help: remove the link, or make it point at the file\n\n\
             2 nodes, 0 edges, 1 source: 1 error, 0 warnings\n"
        )
    );
}

#[test]
fn a_data_folder_with_no_data_file() {
    assert_check(
        "no-data-files",
        1,
        &[
            "error: no `*.ron` files in `tests/fixtures/no-data-files`",
            "help: data files end in `.ron`; see README.md for the format",
        ],
    );
}

#[test]
fn a_data_file_given_as_the_data_folder() {
    let data = "tests/fixtures/no-data-folder/graph.ron";
    assert_run(
        "no-data-folder",
        reggraph(&["--data", data, "check"]),
        1,
        &[
            "error: data folder `tests/fixtures/no-data-folder/graph.ron` is not a folder",
            "help: pass --data DIR, set $REGGRAPH_DATA, or run from a folder that has ./graph-data",
        ],
    );
}

/// `check` on a copy of the frozen editorial dataset with one replacement:
/// its stdout.
fn check_bundled_with(file: &str, from: &str, to: &str) -> String {
    check_bundled_in(&bundled_with(file, from, to))
}

/// `check` on a copy of the bundled data, which must fail.
fn check_bundled_in(dir: &tempfile::TempDir) -> String {
    let run = reggraph(&["--data", dir.path().to_str().unwrap(), "check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    run.stdout
}

#[test]
fn a_comment_left_open_is_one_error_and_what_it_hides_waits_on_it() {
    let dir = bundled_with(
        "actors.ron",
        "        // ---- Companies ----",
        "        /* ---- Companies ----",
    );
    let out = check_bundled_in(&dir);
    assert!(
        out.starts_with("error: this comment is never closed\n"),
        "{out}"
    );
    assert!(out.contains("ids it keeps from being read"), "{out}");
    assert!(out.contains(": 1 error, "), "{out}");
    assert_no_new_warnings(dir.path());
}

#[test]
fn a_doubled_comma_between_records_costs_no_record() {
    let dir = bundled_with("actors.ron", "\"],\n        ),\n", "\"],\n        ),,\n");
    let out = check_bundled_in(&dir);
    assert!(out.starts_with("error: two commas in a row\n"), "{out}");
    assert!(
        out.contains("35 nodes, 53 edges, 7 sources: 1 error, "),
        "{out}"
    );
    assert_no_new_warnings(dir.path());
}

#[test]
fn a_stray_character_or_doubled_comma_inside_a_list_is_named() {
    let out = check_bundled_with(
        "actors.ron",
        "tags: [\"ai\", \"startup\"",
        "tags: [\"ai\", @\"startup\"",
    );
    assert!(out.starts_with("error: unexpected `@`\n"), "{out}");
    let out = check_bundled_with(
        "actors.ron",
        "tags: [\"ai\", \"startup\"",
        "tags: [\"ai\",, \"startup\"",
    );
    assert!(out.starts_with("error: two commas in a row\n"), "{out}");
    let out = check_bundled_with(
        "actors.ron",
        "name: \"Mistral AI\",",
        "name: \"Mistral AI\"@,",
    );
    assert!(out.starts_with("error: unexpected `@`\n"), "{out}");
}

#[test]
fn a_duplicated_record_is_one_error_and_shares_no_name() {
    let record = "        (\n            id: \"openai\",";
    let out = check_bundled_with(
        "actors.ron",
        record,
        &format!(
            "{record}\n            kind: Company,\n            name: \"OpenAI\",\n            sources: [\"alliancy-edito-2023-06\"],\n        ),\n{record}"
        ),
    );
    assert!(
        out.contains("error: node id \"openai\" is defined twice"),
        "{out}"
    );
    assert!(
        !out.contains("ambiguous") && !out.contains("is used by"),
        "{out}"
    );
}

#[test]
fn a_runaway_id_is_cut_in_the_message() {
    let long = "x".repeat(100_000);
    let out = check_bundled_with("actors.ron", "to: \"france\"", &format!("to: \"{long}\""));
    assert!(out.len() < 5_000, "{} bytes", out.len());
    assert!(out.contains("…"), "{out}");
}

#[test]
fn a_record_left_out_still_has_its_jurisdiction_checked() {
    let out = check_bundled_with(
        "eu-ai-act.ron",
        "jurisdiction: \"european-union\",",
        "jurisdiction: \"emmanuel-macron\", date: \"2023-02-30\",",
    );
    assert!(out.contains("is not a real date"), "{out}");
    assert!(
        out.contains(
            "`jurisdiction` must name a jurisdiction, and \"emmanuel-macron\" is a person"
        ),
        "{out}"
    );
}

#[test]
fn an_unknown_source_in_a_citation_is_located_at_the_citations_source() {
    // A node's, a milestone's and an edge's citation each name an
    // undeclared source; each error points at that `source` string.
    assert_check(
        "unknown-cited-source",
        1,
        &[
            "error: unknown source id \"presse\"",
            "--> tests/fixtures/unknown-cited-source/graph.ron:12:53",
            "help: did you mean \"press\"?",
            "error: unknown source id \"gazette\"",
            "--> tests/fixtures/unknown-cited-source/graph.ron:21:70",
            "error: unknown source id \"wire\"",
            "--> tests/fixtures/unknown-cited-source/graph.ron:27:93",
            ": 3 errors, 0 warnings\n",
        ],
    );
}

#[test]
fn a_quote_beside_several_sources_says_whose_it_is_or_is_warned_about() {
    // The node and the edge carry a quote and two sources; the node whose
    // quote is in a citation is not warned about.
    let run = assert_check(
        "quote-whose",
        0,
        &[
            "warning: node \"mistral-ai\" has a quote, and no citation says whose it is (it cites 2 sources)",
            "--> tests/fixtures/quote-whose/graph.ron:14:20",
            "whose words are these?",
            "help: move the quote into the citation of the source it is from: `citations: [(source: \"press\", quote: \"...\")]`, one citation per source",
            "warning: edge \"mistral-ai\" -> \"france\" has a quote, and no citation says whose it is (it cites 2 sources)",
            "--> tests/fixtures/quote-whose/graph.ron:29:20",
            "2 nodes, 1 edge, 2 sources: 0 errors, 2 warnings\n",
        ],
    );
    assert!(!run.stdout.contains("node \"france\""), "{}", run.stdout);
}

#[test]
fn lint_quotes_lists_the_facts_with_no_quote_and_plain_check_does_not() {
    let plain = check("no-quote");
    assert_eq!(plain.code, 0);
    assert_eq!(
        plain.stdout,
        "3 nodes, 2 edges, 1 source: 0 errors, 0 warnings\n"
    );
    let run = reggraph(&[
        "--data",
        "tests/fixtures/no-quote",
        "check",
        "--lint",
        "quotes",
    ]);
    let run = assert_run(
        "no-quote",
        run,
        0,
        &[
            "warning: node \"land\" has no quote",
            "--> tests/fixtures/no-quote/graph.ron:10:14",
            "help: add the source's words: `citations: [(source: \"source-id\", quote: \"...\")]`",
            "warning: the Proposed milestone of \"law\" (2020) has no quote",
            "--> tests/fixtures/no-quote/graph.ron:17:25",
            "warning: edge \"acme\" -> \"land\" has no quote",
            "--> tests/fixtures/no-quote/graph.ron:23:30",
            "3 nodes, 2 edges, 1 source: 0 errors, 3 warnings\n",
        ],
    );
    for quoted in ["node \"acme\"", "node \"law\"", "\"law\" -> \"land\""] {
        assert!(!run.stdout.contains(quoted), "{quoted}: {}", run.stdout);
    }
}

#[test]
fn lint_quotes_is_the_same_from_a_warm_snapshot() {
    // A clean check leaves a snapshot, which keeps no text: the lint reads
    // the files again.
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().to_str().unwrap();
    let env = [("REGGRAPH_CACHE_DIR", cache)];
    let data = ["--data", "tests/fixtures/no-quote", "check"];
    let first = common::run(&data, &env);
    assert_eq!(first.code, 0);
    let mut linted = data.to_vec();
    linted.extend(["--lint", "quotes", "--format", "short"]);
    let run = common::run(&linted, &env);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.ends_with("0 errors, 3 warnings\n")
            && run
                .stdout
                .contains("tests/fixtures/no-quote/graph.ron:10:14: warning[no-quote]"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_bundled_data_says_whose_each_quote_is() {
    let run = reggraph(&["--data", "tests/fixtures/editorial-2023-06", "check"]);
    assert!(
        !run.stdout.contains("quote-whose") && !run.stdout.contains("whose words"),
        "{}",
        run.stdout
    );
}

// ------------------------------------------------------- contested facts

#[test]
fn contested_values_need_one_preferred() {
    assert_check(
        "preferred-value",
        1,
        &[
            "error: the alternatives give different values, and none of them is `Preferred`",
            "--> tests/fixtures/preferred-value/graph.ron:13:13",
            "none of these is `Preferred`",
            "help: mark the value queries answer with `rank: Preferred` (exactly one), the others `Normal` or `Deprecated`",
        ],
    );
}

#[test]
fn an_alternative_amount_needs_a_money_edge() {
    assert_check(
        "alternative-value",
        1,
        &[
            "error: an alternative amount on a fact that carries no amount",
            "--> tests/fixtures/alternative-value/graph.ron:12:22",
            "^ amount",
            "help: amounts are for Funds, Invests, Finances and Raises edges",
        ],
    );
}

#[test]
fn a_written_date_must_be_the_preferred_one() {
    assert_check(
        "alternative-disagrees",
        1,
        &[
            "error: this date, 2023-06-13, is not the preferred alternative's, 2023-06-14",
            "--> tests/fixtures/alternative-disagrees/graph.ron:8:76",
            "^^^^^^^^^^^^ not the preferred value",
            "help: leave `date` out (the preferred alternative gives it), or write 2023-06-14",
        ],
    );
}

#[test]
fn an_alternative_cites_a_source() {
    assert_check(
        "uncited-alternative",
        1,
        &[
            "error: this alternative cites no source",
            "--> tests/fixtures/uncited-alternative/graph.ron:9:13",
            "^^^^^^^^^^^^^^^^^^^^ no citations",
            "help: say who gives this value",
        ],
    );
}

#[test]
fn well_formed_alternatives_pass() {
    let run = check("contested");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "3 nodes, 2 edges, 2 sources: 0 errors, 0 warnings\n"
    );
}

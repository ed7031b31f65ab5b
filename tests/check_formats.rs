//! `check --format short` and `--format github`, the forms editors and CI
//! read, and `--strict`: each run on fixture folders, its places compared
//! with the JSON output's, its whole output snapshotted.

use serde_json::Value;

mod common;
use common::Run;

fn check(data: &str, args: &[&str]) -> Run {
    let mut all = vec!["--data", data, "check"];
    all.extend_from_slice(args);
    common::run(&all, &[])
}

fn json(data: &str, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let run = check(data, &all);
    serde_json::from_str(&run.stdout).expect("check --format json prints JSON")
}

/// Every line but the last (the summary), which must be `summary`.
#[track_caller]
fn lines_before_summary<'a>(run: &'a Run, summary: &str) -> Vec<&'a str> {
    let mut lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.pop(), Some(summary), "{}", run.stdout);
    lines
}

const SEVERAL: &str = "tests/fixtures/errors-in-several-files";
const SEVERAL_SUMMARY: &str = "2 nodes, 0 edges, 1 source: 7 errors, 0 warnings";

#[test]
fn short_format_is_one_line_per_diagnostic_where_json_places_it() {
    let run = check(SEVERAL, &["--format", "short"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
    let lines = lines_before_summary(&run, SEVERAL_SUMMARY);
    let json = json(SEVERAL, &[]);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(lines.len(), diagnostics.len());
    for (line, d) in lines.iter().zip(diagnostics) {
        let location = &d["location"];
        let expected = format!(
            "{}:{}:{}: {}[{}]: {} ({})",
            location["file"].as_str().unwrap(),
            location["line"],
            location["column"],
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap(),
            d["help"].as_str().unwrap(),
        );
        assert_eq!(*line, expected);
    }
    assert_eq!(
        lines[2],
        "tests/fixtures/errors-in-several-files/b.ron:3:54: error[unknown-node]: unknown node id \"mistral-aj\" (did you mean \"mistral-ai\"?)"
    );
    insta::assert_snapshot!("check-short-errors-in-several-files", run.stdout);
}

/// A workflow command's name, properties (unescaped) and message (escaped).
fn workflow_command(line: &str) -> (&str, Vec<(String, String)>, &str) {
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, message) = rest.split_once("::").expect("`::` before the message");
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').expect("key=value");
            let value = value
                .replace("%2C", ",")
                .replace("%3A", ":")
                .replace("%0A", "\n")
                .replace("%0D", "\r")
                .replace("%25", "%");
            (key.to_string(), value)
        })
        .collect();
    (name, properties, message)
}

#[test]
fn github_format_annotates_each_diagnostic_on_its_lines() {
    let run = check(SEVERAL, &["--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
    let lines = lines_before_summary(&run, SEVERAL_SUMMARY);
    let json = json(SEVERAL, &[]);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(lines.len(), diagnostics.len());
    for (line, d) in lines.iter().zip(diagnostics) {
        let (name, properties, message) = workflow_command(line);
        assert_eq!(name, d["severity"].as_str().unwrap());
        let location = &d["location"];
        let keys: Vec<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
        let value = |key: &str| {
            properties
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no {key} in {line}"))
        };
        assert_eq!(value("file"), location["file"].as_str().unwrap());
        assert_eq!(value("line"), location["line"].to_string());
        assert_eq!(value("endLine"), location["end_line"].to_string());
        assert_eq!(value("title"), d["code"].as_str().unwrap());
        // Every place in this fixture is on one line: columns are given,
        // the end inclusive.
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"],
            "{line}"
        );
        let (start, end) = (
            location["column"].as_u64().unwrap(),
            location["end_column"].as_u64().unwrap(),
        );
        assert_eq!(value("col"), start.to_string());
        assert_eq!(value("endColumn"), (end - 1).max(start).to_string());
        // The message, then each note, then the help, one to a line.
        let mut expected = vec![d["message"].as_str().unwrap().to_string()];
        for note in d["notes"].as_array().unwrap() {
            expected.push(format!("note: {}", note.as_str().unwrap()));
        }
        expected.push(format!("help: {}", d["help"].as_str().unwrap()));
        assert_eq!(message.split("%0A").collect::<Vec<_>>(), expected);
    }
    assert_eq!(
        lines[2],
        "::error file=tests/fixtures/errors-in-several-files/b.ron,line=3,col=54,endLine=3,endColumn=65,title=unknown-node::unknown node id \"mistral-aj\"%0Ahelp: did you mean \"mistral-ai\"?"
    );
    insta::assert_snapshot!("check-github-errors-in-several-files", run.stdout);
}

const UNCITED: &str = "tests/fixtures/uncited";

#[test]
fn warnings_stay_warnings_without_strict() {
    let run = check(UNCITED, &["--format", "short"]);
    assert_eq!(run.code, 0);
    let lines = lines_before_summary(&run, "2 nodes, 2 edges, 1 source: 0 errors, 2 warnings");
    assert_eq!(
        lines,
        [
            "tests/fixtures/uncited/graph.ron:7:14: warning[uncited]: node \"mistral-ai\" cites no source (add `sources: [\"source-id\"]` naming where this fact comes from)",
            "tests/fixtures/uncited/graph.ron:11:39: warning[uncited]: edge \"arthur-mensch\" -> \"mistral-ai\" cites no source (add `sources: [\"source-id\"]` naming where this fact comes from)",
        ]
    );
    let run = check(UNCITED, &["--format", "github"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .starts_with("::warning file=tests/fixtures/uncited/graph.ron,line=7,col=14,"),
        "{}",
        run.stdout
    );
}

#[test]
fn strict_makes_every_warning_an_error_in_every_format() {
    let summary = "2 nodes, 2 edges, 1 source: 2 errors, 0 warnings";
    let text = check(UNCITED, &["--strict"]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout
            .starts_with("error: node \"mistral-ai\" cites no source\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("= a warning (`uncited`), counted as an error by --strict\n"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("warning:"), "{}", text.stdout);
    assert!(text.stdout.ends_with(&format!("{summary}\n")));
    insta::assert_snapshot!("check-strict-uncited", text.stdout);

    let short = check(UNCITED, &["--format", "short", "--strict"]);
    assert_eq!(short.code, 1);
    let lines = lines_before_summary(&short, summary);
    assert_eq!(lines.len(), 2);
    assert!(
        lines.iter().all(|l| l.contains(": error[uncited]: ")),
        "{lines:?}"
    );

    let github = check(UNCITED, &["--format", "github", "--strict"]);
    assert_eq!(github.code, 1);
    let lines = lines_before_summary(&github, summary);
    assert!(
        lines.iter().all(|l| l.starts_with("::error file=")
            && l.ends_with("%0Anote: a warning (`uncited`), counted as an error by --strict%0Ahelp: add `sources: [\"source-id\"]` naming where this fact comes from")),
        "{lines:?}"
    );

    let json = json(UNCITED, &["--strict"]);
    assert_eq!(json["summary"]["errors"], 2);
    assert_eq!(json["summary"]["warnings"], 0);
    for d in json["diagnostics"].as_array().unwrap() {
        assert_eq!(d["severity"], "error");
    }
}

#[test]
fn strict_on_clean_data_passes() {
    let run = check(
        "tests/fixtures/valid-small",
        &["--strict", "--format", "short"],
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "6 nodes, 6 edges, 2 sources: 0 errors, 0 warnings\n"
    );
}

#[test]
fn hostile_text_is_escaped_in_every_format() {
    // A file name and an unknown id with what could break a line, a
    // workflow command's properties or message, or the terminal.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a,b:c%d.ron"),
        r#"(
    sources: [(id: "s", title: "T")],
    nodes: [(id: "a", kind: Company, name: "A", sources: ["s"])],
    edges: [(from: "a", kind: CompetesWith, to: "x\u{1b}[2J,\n:%0A\r", sources: ["s"])],
)
"#,
    )
    .unwrap();
    let data = dir.path().to_str().unwrap();
    let summary = "1 node, 0 edges, 1 source: 1 error, 0 warnings";
    for format in ["text", "short", "github"] {
        let run = check(data, &["--format", format]);
        assert_eq!(run.code, 1, "{format}");
        assert!(
            !run.stdout.contains(['\u{1b}', '\r']),
            "{format}: {:?}",
            run.stdout
        );
    }
    let short = check(data, &["--format", "short"]);
    let lines = lines_before_summary(&short, summary);
    assert_eq!(
        lines,
        [format!(
            "{data}/a,b:c%d.ron:4:49: error[unknown-node]: unknown node id \"x\\u{{1b}}[2J,\\n:%0A\\r\" (declare the node in a `nodes: [...]` list, or fix the id)"
        )]
    );
    let github = check(data, &["--format", "github"]);
    let lines = lines_before_summary(&github, summary);
    assert_eq!(lines.len(), 1, "{}", github.stdout);
    let file = format!("{data}/a,b:c%d.ron")
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C");
    assert_eq!(
        lines[0],
        format!(
            "::error file={file},line=4,col=49,endLine=4,endColumn=69,title=unknown-node::unknown node id \"x\\u{{1b}}[2J,%0A:%250A%0D\"%0Ahelp: declare the node in a `nodes: [...]` list, or fix the id"
        )
    );
    let (_, properties, _) = workflow_command(lines[0]);
    assert_eq!(
        properties[0],
        ("file".into(), format!("{data}/a,b:c%d.ron"))
    );
}

#[test]
fn a_diagnostic_with_no_place_still_gets_its_line() {
    let data = "tests/fixtures/no-data-folder/graph.ron";
    let summary = "0 nodes, 0 edges, 0 sources: 1 error, 0 warnings";
    let short = check(data, &["--format", "short"]);
    assert_eq!(short.code, 1);
    assert_eq!(
        lines_before_summary(&short, summary),
        [
            "reggraph: error[no-data-folder]: data folder `tests/fixtures/no-data-folder/graph.ron` is not a folder (pass --data DIR, set $REGGRAPH_DATA, or run from a folder that has ./graph-data)"
        ]
    );
    let github = check(data, &["--format", "github"]);
    assert_eq!(
        lines_before_summary(&github, summary),
        [
            "::error title=no-data-folder::data folder `tests/fixtures/no-data-folder/graph.ron` is not a folder%0Ahelp: pass --data DIR, set $REGGRAPH_DATA, or run from a folder that has ./graph-data"
        ]
    );
}

#[test]
fn short_and_github_apply_only_to_check() {
    for (format, command) in [("short", &["list"][..]), ("github", &["show", "x"])] {
        // Refused before any data is read: a usage error, not a data error.
        let mut args = vec!["--data", "no/such/folder", "--format", format];
        args.extend_from_slice(command);
        let run = common::run(&args, &[]);
        assert_eq!(run.code, 2, "{format} {command:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            format!(
                "error: --format {format} applies only to `check`\nhelp: `reggraph check --format {format}` prints the data's diagnostics that way; this command prints text or json\n"
            )
        );
    }
}

#[test]
fn check_help_names_the_formats_and_strict() {
    let run = common::run(&["check", "--help"], &[]);
    assert_eq!(run.code, 0);
    for words in [
        "--strict",
        "Count warnings as errors",
        "short prints one line each",
        "GitHub Actions workflow commands",
        "- short:  `check` only",
        "- github: `check` only",
    ] {
        assert!(run.stdout.contains(words), "{words:?} in:\n{}", run.stdout);
    }
}

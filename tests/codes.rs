//! Every diagnostic code (`reggraph::diagnostic::CODES`) has a fixture
//! folder named after it, `tests/fixtures/<code>/`, on which `check` reports
//! that code: a new rule cannot land without one, and a fixture that drifts
//! to another code is caught. The messages themselves, their places and
//! their help are asserted and snapshotted in `cli_check.rs`.

use std::path::{Path, PathBuf};

use reggraph::diagnostic::CODES;
use serde_json::Value;

mod common;

fn fixture(code: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(code)
}

/// Codes whose fixture does not report them today, with the code it
/// reports instead. A fixed rule fails the test until it is taken out.
const REPORTED_INSTEAD: &[(&str, &str)] = &[];

/// The data folder to check for `code`, and the temporary folder it is in
/// when it is made for the test; `None` where the fixture cannot be made.
/// Two fixtures hold what git cannot keep as it is: a file given as the data
/// folder, and a symbolic link to nothing.
fn data_folder(code: &str) -> Option<(String, Option<tempfile::TempDir>)> {
    match code {
        "no-data-folder" => Some(("tests/fixtures/no-data-folder/graph.ron".into(), None)),
        "unreadable" => dangling_link(),
        _ => Some((format!("tests/fixtures/{code}"), None)),
    }
}

#[cfg(unix)]
fn dangling_link() -> Option<(String, Option<tempfile::TempDir>)> {
    let dir = common::with_dangling_link("unreadable");
    Some((dir.path().display().to_string(), Some(dir)))
}

#[cfg(not(unix))]
fn dangling_link() -> Option<(String, Option<tempfile::TempDir>)> {
    None
}

/// Codes of lints, which `check` reports only when asked, with the flag.
const LINTS: &[(&str, &str)] = &[("no-quote", "quotes")];

/// The codes `check --format json` reports on `data` (with the lint that
/// reports `code`, if it is one).
fn codes_reported(data: &str, code: &str) -> Vec<String> {
    let mut args = vec!["--data", data, "--format", "json", "check"];
    if let Some((_, lint)) = LINTS.iter().find(|(c, _)| *c == code) {
        args.extend(["--lint", lint]);
    }
    let run = common::run(&args, &[]);
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("check on {data} prints JSON ({e}):\n{}", run.stdout));
    json["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("a code").to_string())
        .collect()
}

#[test]
fn codes_are_kebab_case_sorted_and_described() {
    for pair in CODES.windows(2) {
        assert!(
            pair[0].0 < pair[1].0,
            "CODES is not sorted or has a duplicate: {} then {}",
            pair[0].0,
            pair[1].0
        );
    }
    for (code, description) in CODES {
        assert!(
            !code.is_empty()
                && code.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "`{code}` is not kebab-case"
        );
        assert!(!description.is_empty(), "`{code}` has no description");
    }
}

#[test]
fn every_code_has_a_fixture_folder() {
    let missing: Vec<&str> = CODES
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !fixture(code).is_dir())
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a fixture folder tests/fixtures/<code>/: {}",
        missing.join(", ")
    );
}

#[test]
fn each_fixture_named_after_a_code_reports_it() {
    let mut wrong = Vec::new();
    for (code, _) in CODES {
        if !fixture(code).is_dir() {
            // Named by `every_code_has_a_fixture_folder`.
            continue;
        }
        let Some((data, _temporary)) = data_folder(code) else {
            continue;
        };
        let expected = REPORTED_INSTEAD
            .iter()
            .find(|(c, _)| c == code)
            .map_or(*code, |(_, instead)| *instead);
        let reported = codes_reported(&data, code);
        if reported.iter().any(|c| c == code) && expected != *code {
            wrong.push(format!(
                "{code}: now reported; take it out of REPORTED_INSTEAD"
            ));
        } else if !reported.iter().any(|c| c == expected) {
            wrong.push(format!(
                "{code}: `check --data {data}` reports [{}]",
                reported.join(", ")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "fixtures that do not report their code:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn docs_json_lists_every_code() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"))
        .unwrap();
    let missing: Vec<&str> = reggraph::diagnostic::CODES
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !docs.contains(&format!("- `{code}`: ")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/json.md does not list: {missing:?}"
    );
}

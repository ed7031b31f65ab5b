//! `export parquet` (issue 15, item 8): a folder of Parquet tables with
//! the `id`, `src`, `dst` columns Spark GraphFrames expects, checked by
//! tests/interop/check_parquet.py: pyarrow reads the column types (dates
//! date32, amounts int64, lists list<string>), DuckDB answers the 2-hop
//! neighbourhood and the shortest paths as reggraph does and reads every
//! record back as `export json` has it. On the bundled data, hostile text
//! and a generated 10,000-node folder. Without Python: deterministic
//! bytes and the files' shape.

mod common;
mod tables_expected;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use common::interop::{editorial, export, generated, python, run_script, shortest_paths, two_hop};
use serde_json::Value;
use tables_expected::{assert_same_records, expected, export_json};

const FILES: [&str; 4] = [
    "nodes.parquet",
    "edges.parquet",
    "milestones.parquet",
    "sources.parquet",
];

fn hostile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-tables")
}

fn check(python: &Path, folder: &Path, centre: &str, path: [&str; 2], records: bool) -> Value {
    let mut args: Vec<&OsStr> = vec![
        folder.as_os_str(),
        OsStr::new("--two-hop"),
        OsStr::new(centre),
        OsStr::new("--path"),
        OsStr::new(path[0]),
        OsStr::new(path[1]),
    ];
    if records {
        args.push(OsStr::new("--records"));
    }
    let out = run_script(python, "check_parquet.py", &args);
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("check_parquet.py printed no JSON ({e}):\n{out}"))
}

#[track_caller]
fn assert_answers(answer: &Value, hop: &[String], paths: &[Vec<String>]) {
    let got: Vec<String> = serde_json::from_value(answer["two_hop"].clone()).unwrap();
    assert_eq!(got, hop, "DuckDB's 2-hop differs from reggraph's");
    let got: Vec<Vec<String>> = serde_json::from_value(answer["shortest_paths"].clone()).unwrap();
    assert_eq!(got, paths, "DuckDB's shortest paths differ from reggraph's");
}

#[test]
fn the_bundled_data_gives_reggraphs_answers_in_duckdb() {
    let Some(python) = python() else { return };
    let data = editorial();
    let dir = tempfile::tempdir().unwrap();
    let folder = export(&data, &["parquet"], dir.path(), "out");
    let hop = two_hop(&data, "mistral-ai");
    let paths = shortest_paths(&data, "arthur-mensch", "eu-ai-act");
    assert!(hop.len() > 5 && !paths.is_empty());
    let answer = check(
        &python,
        &folder,
        "mistral-ai",
        ["arthur-mensch", "eu-ai-act"],
        true,
    );
    assert_answers(&answer, &hop, &paths);
    assert_same_records("duckdb", &answer["records"], &expected(&export_json(&data)));
}

#[test]
fn hostile_text_comes_back_exactly() {
    let Some(python) = python() else { return };
    let data = hostile();
    let dir = tempfile::tempdir().unwrap();
    let folder = export(&data, &["parquet"], dir.path(), "out");
    let answer = check(
        &python,
        &folder,
        "quote-start",
        ["hostile-act", "quote-start"],
        true,
    );
    assert_same_records("duckdb", &answer["records"], &expected(&export_json(&data)));
}

#[test]
fn a_generated_graph_of_10000_nodes_gives_reggraphs_answers() {
    let Some(python) = python() else { return };
    let data = generated(10_000);
    let folder = export(data.path(), &["parquet"], data.path(), "parquet-export");
    let (centre, from, to) = ("company-3000", "person-0", "regulation-6700");
    let hop = two_hop(data.path(), centre);
    let paths = shortest_paths(data.path(), from, to);
    assert!(hop.len() > 100 && !paths.is_empty());
    let answer = check(&python, &folder, centre, [from, to], false);
    assert_answers(&answer, &hop, &paths);
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = export(&hostile(), &["parquet"], dir.path(), "a");
    let b = export(&hostile(), &["parquet"], dir.path(), "b");
    for name in FILES {
        let bytes = std::fs::read(a.join(name)).unwrap();
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{name} is Parquet"
        );
        assert_eq!(bytes, std::fs::read(b.join(name)).unwrap(), "{name}");
    }
}

#[test]
fn a_small_selection_writes_four_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = common::run(
        &[
            "--data",
            editorial().to_str().unwrap(),
            "export",
            "parquet",
            "--around",
            "mistral-ai",
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr.replace(out.to_str().unwrap(), "OUT"));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "edges.parquet",
            "milestones.parquet",
            "nodes.parquet",
            "sources.parquet"
        ]
    );
}

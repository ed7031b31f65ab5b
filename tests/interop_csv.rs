//! `export csv` (issue 15, item 4): Neo4j import CSV files, loaded into
//! Kuzu (its fork `real_ladybug`, and `kuzu`) and DuckDB by
//! tests/interop/check_csv.py, which asks each engine the 2-hop
//! neighbourhood of a node and every shortest path between two nodes and
//! reads every record back: the answers must be reggraph's own, the
//! records those of `export json`. On the bundled data, on hostile text
//! and on a generated 10,000-node folder. Without Python: the files of a
//! small selection (snapshot), hostile text read back by the csv crate,
//! deterministic bytes, and the errors.

mod common;
mod tables_expected;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::interop::{editorial, export, generated, python, run_script, shortest_paths, two_hop};
use serde_json::Value;
use tables_expected::{assert_same_records, expected, export_json};

const ENGINES: [&str; 3] = ["real_ladybug", "kuzu", "duckdb"];
const FILES: [&str; 4] = ["nodes.csv", "edges.csv", "milestones.csv", "sources.csv"];

fn hostile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-tables")
}

/// The generated folder and its CSV export, made once for this binary.
fn big() -> &'static (tempfile::TempDir, PathBuf) {
    static BIG: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    BIG.get_or_init(|| {
        let data = generated(10_000);
        let csv = export(data.path(), &["csv"], data.path(), "csv-export");
        (data, csv)
    })
}

/// Runs check_csv.py on `folder` with `engine`.
fn check(
    python: &Path,
    folder: &Path,
    engine: &str,
    centre: &str,
    path: [&str; 2],
    records: bool,
) -> Value {
    let mut args: Vec<&OsStr> = vec![
        folder.as_os_str(),
        OsStr::new("--engine"),
        OsStr::new(engine),
        OsStr::new("--two-hop"),
        OsStr::new(centre),
        OsStr::new("--path"),
        OsStr::new(path[0]),
        OsStr::new(path[1]),
    ];
    if records {
        args.push(OsStr::new("--records"));
    }
    let out = run_script(python, "check_csv.py", &args);
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("check_csv.py printed no JSON ({e}):\n{out}"))
}

#[track_caller]
fn assert_answers(answer: &Value, engine: &str, hop: &[String], paths: &[Vec<String>]) {
    let got_hop: Vec<String> = serde_json::from_value(answer["two_hop"].clone()).unwrap();
    assert_eq!(got_hop, hop, "{engine}: 2-hop differs from reggraph's");
    let got_paths: Vec<Vec<String>> =
        serde_json::from_value(answer["shortest_paths"].clone()).unwrap();
    assert_eq!(
        got_paths, paths,
        "{engine}: shortest paths differ from reggraph's"
    );
}

#[test]
fn the_bundled_data_loads_into_kuzu_and_duckdb_with_reggraphs_answers() {
    let Some(python) = python() else { return };
    let data = editorial();
    let dir = tempfile::tempdir().unwrap();
    let folder = export(&data, &["csv"], dir.path(), "out");
    let hop = two_hop(&data, "mistral-ai");
    let paths = shortest_paths(&data, "arthur-mensch", "eu-ai-act");
    assert!(
        hop.len() > 5 && !paths.is_empty(),
        "reggraph's own answers: {hop:?} {paths:?}"
    );
    let want = expected(&export_json(&data));
    for engine in ENGINES {
        let answer = check(
            &python,
            &folder,
            engine,
            "mistral-ai",
            ["arthur-mensch", "eu-ai-act"],
            true,
        );
        assert_answers(&answer, engine, &hop, &paths);
        assert_same_records(engine, &answer["records"], &want);
    }
}

#[test]
fn hostile_text_comes_back_exactly_from_kuzu_and_duckdb() {
    let Some(python) = python() else { return };
    let data = hostile();
    let dir = tempfile::tempdir().unwrap();
    let folder = export(&data, &["csv"], dir.path(), "out");
    let want = expected(&export_json(&data));
    for engine in ENGINES {
        let answer = check(
            &python,
            &folder,
            engine,
            "quote-start",
            ["hostile-act", "quote-start"],
            true,
        );
        assert_same_records(engine, &answer["records"], &want);
    }
}

#[test]
fn a_generated_graph_of_10000_nodes_gives_reggraphs_answers() {
    let Some(python) = python() else { return };
    let (data, folder) = big();
    let (centre, from, to) = ("company-3000", "person-0", "regulation-6700");
    let hop = two_hop(data.path(), centre);
    let paths = shortest_paths(data.path(), from, to);
    assert!(
        hop.len() > 100 && !paths.is_empty(),
        "{} {paths:?}",
        hop.len()
    );
    for engine in ENGINES {
        let answer = check(&python, folder, engine, centre, [from, to], false);
        assert_answers(&answer, engine, &hop, &paths);
    }
}

#[test]
fn a_small_selection_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let folder = export(
        &editorial(),
        &["csv", "--around", "mistral-ai"],
        dir.path(),
        "out",
    );
    for name in FILES {
        let text = std::fs::read_to_string(folder.join(name)).unwrap();
        // The list delimiter U+001F shown as the symbol for it, ␟.
        insta::assert_snapshot!(name, text.replace('\u{1f}', "\u{241f}"));
    }
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = export(&hostile(), &["csv"], dir.path(), "a");
    let b = export(&hostile(), &["csv"], dir.path(), "b");
    for name in FILES {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name}"
        );
    }
}

/// The hostile text read back by a CSV parser (the csv crate), lists
/// split on the documented delimiter U+001F.
#[test]
fn hostile_text_reads_back_with_a_csv_parser() {
    let data = hostile();
    let dir = tempfile::tempdir().unwrap();
    let folder = export(&data, &["csv"], dir.path(), "out");
    let want = expected(&export_json(&data));
    for (file, table) in [
        ("nodes.csv", "nodes"),
        ("edges.csv", "edges"),
        ("sources.csv", "sources"),
    ] {
        let mut reader = csv::Reader::from_path(folder.join(file)).unwrap();
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let want = want[table].as_array().unwrap();
        assert_eq!(rows.len(), want.len(), "{file}");
        for row in &rows {
            let id_column = if table == "edges" {
                "id"
            } else {
                headers[0].split(':').next().unwrap()
            };
            let id = &row[headers
                .iter()
                .position(|h| h.split(':').next() == Some(id_column))
                .unwrap()];
            let record = want
                .iter()
                .find(|w| w["id"] == id)
                .unwrap_or_else(|| panic!("{file}: {id}"));
            for (header, cell) in headers.iter().zip(row.iter()) {
                let name = match header.as_str() {
                    ":LABEL" => "label",
                    ":TYPE" => "type",
                    ":START_ID(Node)" => "src",
                    ":END_ID(Node)" => "dst",
                    other => other.split(':').next().unwrap(),
                };
                let expected = match &record[name] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Array(items) => items
                        .iter()
                        .map(|i| i.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join("\u{1f}"),
                    other => other.to_string(),
                };
                assert_eq!(cell, expected, "{file}: {id}: {header}");
            }
        }
    }
    let nodes = std::fs::read_to_string(folder.join("nodes.csv")).unwrap();
    assert!(
        nodes.starts_with("id:ID(Node),:LABEL,kind,name,aliases:string[],"),
        "{nodes}"
    );
    assert!(
        nodes.contains("a;b\u{1f}c,d\u{1f}"),
        "aliases joined by U+001F, quoted as one field"
    );
}

#[test]
fn the_header_types_the_columns_for_neo4j() {
    let dir = tempfile::tempdir().unwrap();
    let folder = export(&hostile(), &["csv"], dir.path(), "out");
    let first = |name: &str| {
        let text = std::fs::read_to_string(folder.join(name)).unwrap();
        text.lines().next().unwrap().to_string()
    };
    assert_eq!(
        first("edges.csv"),
        ":START_ID(Node),:END_ID(Node),:TYPE,id,kind,date,date_precision,period_start,\
         period_start_precision,period_end,period_end_precision,valid_from:date,valid_to:date,\
         amount:long,amount_value:long,currency,amount_status,sources:string[],quote,note"
    );
    assert!(first("milestones.csv").starts_with("id:ID(Milestone),:LABEL,"));
    assert!(first("milestones.csv").contains(",actual:boolean,"));
    assert!(first("sources.csv").starts_with("id:ID(Source),:LABEL,title,"));
    let edges = std::fs::read_to_string(folder.join("edges.csv")).unwrap();
    assert!(
        edges.contains(",CO_FOUNDED,null-words/co-founded/quote-start,"),
        "{edges}"
    );
    assert!(
        edges.contains(",10500000000,105000000,EUR,secured,"),
        "minor units: {edges}"
    );
    assert!(
        edges.contains(",12,12,JPY,pledged,"),
        "JPY has no minor digits: {edges}"
    );
}

#[test]
fn an_amount_beyond_64_bits_is_an_error_not_a_wrapped_number() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("graph.ron"),
        r#"(
    sources: [(id: "s", title: "S")],
    nodes: [
        (id: "a", kind: Company, name: "A", sources: ["s"]),
        (id: "b", kind: Company, name: "B", sources: ["s"]),
    ],
    edges: [(from: "a", kind: Invests, to: "b", amount: (value: 18446744073709551615, currency: "EUR", status: Secured), sources: ["s"])],
)"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let formats: &[&str] = if cfg!(feature = "parquet") {
        &["csv", "parquet"]
    } else {
        &["csv"]
    };
    for &format in formats {
        let run = common::run(
            &[
                "--data",
                dir.path().to_str().unwrap(),
                "export",
                format,
                "-o",
                out.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stderr.contains("edge `a/invests/b`"), "{}", run.stderr);
        assert!(
            run.stderr.contains("1844674407370955161500 minor units"),
            "{}",
            run.stderr
        );
        assert!(!out.join("edges.csv").exists() && !out.join("edges.parquet").exists());
    }
}

#[test]
fn a_folder_export_cannot_go_to_stdout() {
    let run = common::run(
        &[
            "--data",
            editorial().to_str().unwrap(),
            "export",
            "csv",
            "-o",
            "-",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot go to stdout"), "{}", run.stderr);
}

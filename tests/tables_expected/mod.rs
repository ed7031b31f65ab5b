//! What the tables of `export csv` and `export parquet` must read back
//! as in any tool: the records of `export json` of the same data, column
//! by column (the shape tests/interop/check_csv.py and check_parquet.py
//! print with `--records`), and the assertion that compares them.
// Each test binary uses part of it.
#![allow(dead_code)]

use std::path::Path;

use serde_json::{Map, Value, json};

/// `public-body` as a Neo4j label: `PublicBody`.
fn label(kind: &str) -> String {
    kind.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn text(record: &Value, path: &[&str]) -> Value {
    let mut value = record;
    for key in path {
        value = &value[key];
    }
    value.clone()
}

fn list(record: &Value, key: &str) -> Value {
    match &record[key] {
        Value::Null => json!([]),
        other => other.clone(),
    }
}

/// A record's time columns.
fn time(record: &Value, row: &mut Map<String, Value>) {
    row.insert("date".into(), text(record, &["date", "text"]));
    row.insert(
        "date_precision".into(),
        text(record, &["date", "precision"]),
    );
    row.insert(
        "period_start".into(),
        text(record, &["period", "start", "text"]),
    );
    row.insert(
        "period_start_precision".into(),
        text(record, &["period", "start", "precision"]),
    );
    row.insert(
        "period_end".into(),
        text(record, &["period", "end", "text"]),
    );
    row.insert(
        "period_end_precision".into(),
        text(record, &["period", "end", "precision"]),
    );
    row.insert("valid_from".into(), text(record, &["valid_from"]));
    row.insert("valid_to".into(), text(record, &["valid_to"]));
}

fn sorted(mut rows: Vec<Value>) -> Value {
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    Value::Array(rows)
}

/// The tables the records of `export json` (parsed) must read back as.
pub fn expected(export: &Value) -> Value {
    let all = |key: &str| export[key].as_array().cloned().unwrap_or_default();
    let nodes = all("nodes")
        .iter()
        .map(|n| {
            let mut row = Map::new();
            row.insert("id".into(), n["id"].clone());
            row.insert("label".into(), json!(label(n["kind"].as_str().unwrap())));
            row.insert("kind".into(), n["kind"].clone());
            row.insert("name".into(), n["name"].clone());
            row.insert("aliases".into(), list(n, "aliases"));
            row.insert("description".into(), n["description"].clone());
            row.insert("tags".into(), list(n, "tags"));
            time(n, &mut row);
            for key in ["jurisdiction", "status", "current_status", "quote"] {
                row.insert(key.into(), n[key].clone());
            }
            row.insert("sources".into(), list(n, "sources"));
            Value::Object(row)
        })
        .collect();
    let edges = all("edges")
        .iter()
        .map(|e| {
            let mut row = Map::new();
            row.insert("src".into(), e["from"].clone());
            row.insert("dst".into(), e["to"].clone());
            row.insert(
                "type".into(),
                json!(e["kind"].as_str().unwrap().to_uppercase().replace('-', "_")),
            );
            row.insert("id".into(), e["id"].clone());
            row.insert("kind".into(), e["kind"].clone());
            time(e, &mut row);
            row.insert("amount".into(), text(e, &["amount", "minor_units"]));
            row.insert("amount_value".into(), text(e, &["amount", "value"]));
            row.insert("currency".into(), text(e, &["amount", "currency"]));
            row.insert("amount_status".into(), text(e, &["amount", "status"]));
            row.insert("sources".into(), list(e, "sources"));
            row.insert("quote".into(), e["quote"].clone());
            row.insert("note".into(), e["note"].clone());
            Value::Object(row)
        })
        .collect();
    let milestones = all("milestones")
        .iter()
        .map(|m| {
            json!({
                "id": m["id"], "label": "Milestone", "regulation": m["regulation"],
                "stage": m["stage"], "date": m["date"]["text"],
                "date_precision": m["date"]["precision"], "first_day": m["date"]["first_day"],
                "last_day": m["date"]["last_day"], "actual": m["actual"], "note": m["note"],
                "sources": list(m, "sources"),
            })
        })
        .collect();
    let sources = all("sources")
        .iter()
        .map(|s| {
            json!({
                "id": s["id"], "label": "Source", "title": s["title"],
                "publisher": s["publisher"], "type": s["type"],
                "published": s["published"]["text"],
                "published_precision": s["published"]["precision"],
                "published_first_day": s["published"]["first_day"],
                "published_last_day": s["published"]["last_day"],
                "url": s["url"], "language": s["language"], "note": s["note"],
            })
        })
        .collect();
    json!({
        "nodes": sorted(nodes),
        "edges": sorted(edges),
        "milestones": sorted(milestones),
        "sources": sorted(sources),
    })
}

/// `export json` of `data`, parsed.
pub fn export_json(data: &Path) -> Value {
    let run = super::common::run(&["--data", data.to_str().unwrap(), "export", "json"], &[]);
    assert_eq!(run.code, 0, "export json: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("export json is JSON")
}

/// Asserts that what a tool read back is the records, table by table and
/// row by row (so a failure names the first row that differs).
#[track_caller]
pub fn assert_same_records(tool: &str, read: &Value, expected: &Value) {
    for table in ["nodes", "edges", "milestones", "sources"] {
        let got = read[table].as_array().expect("a table");
        let want = expected[table].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{tool}: {table}: row count");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(
                g, w,
                "{tool}: {table}: row {} read back differently",
                w["id"]
            );
        }
    }
}

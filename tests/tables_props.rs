//! `export csv` and `export parquet` on random datasets (the generator of
//! tests/common): each table, read back by a CSV parser (the csv crate,
//! typing cells by their Neo4j header) and by the Parquet reader (the
//! parquet crate's Arrow reader), holds exactly the records of `export
//! json`, column by column.

mod common;
mod tables_expected;

use std::io::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int64Type};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use proptest::prelude::*;
use reggraph::export::interchange::Interchange;
use reggraph::graph::KnowledgeGraph;
use reggraph::query::Selection;
use serde_json::{Map, Value, json};

const TABLES: [&str; 4] = ["nodes", "edges", "milestones", "sources"];

fn records_of(graph: &KnowledgeGraph) -> Interchange {
    let subgraph = Selection::all().apply(graph);
    Interchange::of(graph, &subgraph, None, true)
}

/// A Neo4j header back to the plain column name and its type suffix.
fn column(header: &str) -> (String, &str) {
    match header {
        ":LABEL" => ("label".into(), ""),
        ":TYPE" => ("type".into(), ""),
        ":START_ID(Node)" => ("src".into(), ""),
        ":END_ID(Node)" => ("dst".into(), ""),
        other => {
            let (name, kind) = other.split_once(':').unwrap_or((other, ""));
            (name.into(), kind)
        }
    }
}

/// One CSV table as JSON rows, each cell typed by its header.
fn csv_rows(bytes: &[u8]) -> Vec<Value> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers: Vec<(String, String)> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| {
            let (name, kind) = column(h);
            (name, kind.to_string())
        })
        .collect();
    let mut rows: Vec<Value> = reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            let mut out = Map::new();
            for ((name, kind), cell) in headers.iter().zip(row.iter()) {
                let value = match kind.as_str() {
                    "string[]" if cell.is_empty() => json!([]),
                    "string[]" => json!(cell.split('\u{1f}').collect::<Vec<_>>()),
                    _ if cell.is_empty() => Value::Null,
                    "long" => json!(cell.parse::<i64>().unwrap()),
                    "boolean" => json!(cell.parse::<bool>().unwrap()),
                    _ => json!(cell),
                };
                out.insert(name.clone(), value);
            }
            Value::Object(out)
        })
        .collect();
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    rows
}

fn cell(array: &ArrayRef, row: usize) -> Value {
    if array.is_null(row) {
        return Value::Null;
    }
    match array.data_type() {
        DataType::Utf8 => json!(array.as_string::<i32>().value(row)),
        DataType::Int64 => json!(array.as_primitive::<Int64Type>().value(row)),
        DataType::Boolean => json!(array.as_boolean().value(row)),
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(row);
            let day = jiff::civil::date(1970, 1, 1)
                .checked_add(jiff::Span::new().days(i64::from(days)))
                .unwrap();
            json!(day.to_string())
        }
        DataType::List(_) => {
            let list = array.as_list::<i32>().value(row);
            let strings = list.as_string::<i32>();
            json!(
                (0..strings.len())
                    .map(|i| strings.value(i))
                    .collect::<Vec<_>>()
            )
        }
        other => panic!("unexpected column type {other}"),
    }
}

/// One Parquet table as JSON rows.
fn parquet_rows(bytes: &[u8]) -> Vec<Value> {
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(bytes).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let schema = batch.schema();
        for row in 0..batch.num_rows() {
            let mut out = Map::new();
            for (field, array) in schema.fields().iter().zip(batch.columns()) {
                out.insert(field.name().clone(), cell(array, row));
            }
            rows.push(Value::Object(out));
        }
    }
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn csv_and_parquet_hold_the_records_of_export_json(dataset in common::dataset()) {
        let graph = KnowledgeGraph::build(dataset);
        let records = records_of(&graph);
        let json: Value = serde_json::from_slice(&reggraph::export::json::to_json(&records)).unwrap();
        let want = tables_expected::expected(&json);
        let csv = reggraph::export::tables::files(&records).unwrap();
        let parquet = reggraph::export::parquet::files(&records).unwrap();
        for (i, table) in TABLES.iter().enumerate() {
            prop_assert_eq!(&Value::Array(csv_rows(&csv[i].1)), &want[table], "csv {}", table);
            prop_assert_eq!(&Value::Array(parquet_rows(&parquet[i].1)), &want[table], "parquet {}", table);
        }
    }
}

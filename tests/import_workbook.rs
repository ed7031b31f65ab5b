//! `reggraph import xlsx` on workbooks written by openpyxl (the interop
//! environment's), as a user's spreadsheet tools write them: hostile text
//! read back exactly, date cells to the day, number cells as years and
//! amounts. Needs the interop Python: fails in CI without it, skips
//! locally.

use std::path::Path;

mod common;

use common::interop::{python, run_script};

#[test]
fn hostile_text_from_a_workbook_reaches_the_data_exactly() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(
        data.join("sources.ron"),
        "(\n    sources: [\n        (id: \"s\", title: \"A source\"),\n    ],\n)\n",
    )
    .unwrap();
    // What XML, CSV, RON and terminals each treat specially. (A literal
    // `_x0041_` is left out: the xlsx format reads it as an escape of `A`,
    // and openpyxl writes it as it is, so Excel would show `A` too.)
    let names = [
        "Quote \" and 'apostrophe'",
        "Back\\slash and \\n not a line break",
        "<tag> & &amp; ]]> in XML",
        "l’État « français »",
        "\u{202e}right-to-left override",
        "中文 🚀 {braces} (parens) [brackets]",
        "comma, semicolon; tab\there",
    ];
    let mut elements = vec![serde_json::json!([
        "Label",
        "Type",
        "Description",
        "Start Date",
        "Source"
    ])];
    for (i, name) in names.iter().enumerate() {
        elements.push(serde_json::json!([
            name,
            "Company",
            format!("line one\nline {i}"),
            2000 + i,
            "s"
        ]));
    }
    let connections = serde_json::json!([
        ["From", "To", "Type", "Date", "Amount", "Currency", "Status", "Source"],
        [names[0], names[1], "invests", {"date": "2023-06-14"}, 105000000, "EUR", "secured", "s"],
    ]);
    let rows = dir.path().join("rows.json");
    std::fs::write(
        &rows,
        serde_json::to_string(
            &serde_json::json!({"Elements": elements, "Connections": connections}),
        )
        .unwrap(),
    )
    .unwrap();
    let book = dir.path().join("book.xlsx");
    run_script(
        &python,
        "write_workbook.py",
        &[rows.as_os_str(), book.as_os_str()],
    );

    let data_arg = data.to_str().unwrap();
    let out = data.join("imported");
    let run = common::run_on(
        data_arg,
        &[
            "import",
            "xlsx",
            book.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = common::run_on(data_arg, &["export", "json", "-o", "-"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let mut read: Vec<(String, String, String)> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["name"].as_str().unwrap().to_string(),
                n["description"].as_str().unwrap_or_default().to_string(),
                n["period"]["start"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    read.sort();
    let mut wanted: Vec<(String, String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                n.to_string(),
                format!("line one\nline {i}"),
                (2000 + i).to_string(),
            )
        })
        .collect();
    wanted.sort();
    assert_eq!(read, wanted);
    let edges = doc["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0]["date"]["text"], "2023-06-14");
    assert_eq!(edges[0]["amount"]["value"], 105000000);
    assert!(Path::new(&out.join("book.ron")).exists());
}

//! `export graphml`: read by networkx (`read_graphml(..., force_multigraph=True)`,
//! tests/interop/check_graphml.py) with every node, edge and value of the
//! `export json` of the same selection, on the bundled data, the hostile
//! fixtures and a generated 10,000-node folder; and, without Python, the
//! document's shape, escaping and bytes.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::sync::OnceLock;

use common::interop;
use proptest::prelude::*;

/// The generated 10,000-node folder, made once for this test binary.
fn generated() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| interop::generated(10_000)).path()
}

/// Exports `data` as JSON and GraphML and runs the networkx check on
/// both; returns its summary.
fn networkx_reads(python: &Path, data: &Path, selection: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let args = |format: &'static str| [&[format][..], selection].concat();
    let json = interop::export(data, &args("json"), dir.path(), "g.json");
    let graphml = interop::export(data, &args("graphml"), dir.path(), "g.graphml");
    let out = interop::run_script(
        python,
        "check_graphml.py",
        &[
            OsStr::new("--graphml"),
            graphml.as_os_str(),
            OsStr::new("--json"),
            json.as_os_str(),
        ],
    );
    serde_json::from_str(&out).expect("check_graphml.py prints JSON")
}

#[test]
fn networkx_reads_the_bundled_data_with_every_value() {
    let Some(python) = interop::python() else {
        return;
    };
    let summary = networkx_reads(&python, &interop::editorial(), &[]);
    assert_eq!(summary["graph"], "MultiDiGraph");
    assert_eq!(summary["nodes"], 35);
    assert_eq!(summary["edges"], 53);
    assert_eq!(summary["sources"], 7);
    // The editorial has a pair of parallel edges: both are there.
    assert_eq!(summary["parallel_edges"], 2, "{summary}");
    assert!(summary["values_checked"].as_u64().unwrap() > 600);
}

#[test]
fn networkx_reads_a_selection() {
    let Some(python) = interop::python() else {
        return;
    };
    let summary = networkx_reads(
        &python,
        &interop::editorial(),
        &["--around", "mistral-ai", "--as-of", "2023-06-30"],
    );
    assert_eq!(summary["nodes"], 7, "{summary}");
}

#[test]
fn networkx_reads_hostile_text_back_exactly() {
    let Some(python) = interop::python() else {
        return;
    };
    for fixture in ["hostile", "hostile-content"] {
        let data = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let summary = networkx_reads(&python, &data, &[]);
        assert_eq!(summary["nodes"], 8, "{fixture}: {summary}");
    }
}

#[test]
fn networkx_reads_ten_thousand_generated_nodes() {
    let Some(python) = interop::python() else {
        return;
    };
    let summary = networkx_reads(&python, generated(), &[]);
    assert_eq!(summary["nodes"], 10_000);
    assert_eq!(summary["edges"], 50_000);
    assert!(summary["parallel_edges"].as_u64().unwrap() > 0, "{summary}");
}

/// The check is not a formality: a file with one value changed, or one
/// amount typed as text, is refused.
#[test]
fn the_networkx_check_fails_on_a_wrong_value_or_type() {
    let Some(python) = interop::python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = interop::editorial();
    let json = interop::export(&data, &["json"], dir.path(), "g.json");
    let graphml = interop::export(&data, &["graphml"], dir.path(), "g.graphml");
    let text = std::fs::read_to_string(&graphml).unwrap();
    let tampered = [
        text.replacen(
            "<data key=\"n_name\">Mistral AI</data>",
            "<data key=\"n_name\">Mistral</data>",
            1,
        ),
        text.replacen(
            "attr.name=\"amount_minor_units\" attr.type=\"long\"",
            "attr.name=\"amount_minor_units\" attr.type=\"string\"",
            1,
        ),
        text.replacen("<data key=\"e_valid_to\">", "<data key=\"e_note\">", 1),
    ];
    for (n, bad) in tampered.iter().enumerate() {
        assert_ne!(bad, &text, "tampering {n} changed nothing");
        let path = dir.path().join(format!("bad{n}.graphml"));
        std::fs::write(&path, bad).unwrap();
        let output = std::process::Command::new(&python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/check_graphml.py"))
            .args([OsStr::new("--graphml"), path.as_os_str()])
            .args([OsStr::new("--json"), json.as_os_str()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "tampering {n} passed");
    }
}

#[test]
fn the_neighbourhood_of_mistral_ai_as_graphml() {
    let run = common::run_on(
        "tests/fixtures/editorial-2023-06",
        &["export", "graphml", "--around", "mistral-ai"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn every_key_is_typed_and_parallel_edges_have_their_ids() {
    let run = common::run_on("tests/fixtures/editorial-2023-06", &["export", "graphml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let document = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://graphml.graphdrawing.org/xmlns")
    );
    let keys: Vec<_> = root.children().filter(|n| n.has_tag_name("key")).collect();
    assert!(keys.len() > 30);
    for key in &keys {
        assert!(key.attribute("attr.name").is_some(), "{key:?}");
        assert!(matches!(
            key.attribute("attr.type"),
            Some("string" | "long")
        ));
        assert!(matches!(
            key.attribute("for"),
            Some("graph" | "node" | "edge")
        ));
    }
    let graph = root.children().find(|n| n.has_tag_name("graph")).unwrap();
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let edges: Vec<_> = graph
        .children()
        .filter(|n| n.has_tag_name("edge"))
        .collect();
    assert_eq!(edges.len(), 53);
    let mut ids: Vec<&str> = edges.iter().map(|e| e.attribute("id").unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 53, "every edge id is distinct");
    assert!(
        ids.iter().any(|id| id.ends_with("/2")),
        "a parallel edge: {ids:?}"
    );
    // Amounts are a long in minor units beside currency and status.
    let value = |edge: roxmltree::Node, key: &str| {
        edge.children()
            .find(|d| d.attribute("key") == Some(key))
            .and_then(|d| d.text())
            .map(str::to_string)
    };
    let raise = edges
        .iter()
        .find(|e| e.attribute("id") == Some("mistral-ai/raises/mistral-ai-2023-06-round"))
        .expect("Mistral AI's raise");
    assert_eq!(
        value(*raise, "e_amount_minor_units").as_deref(),
        Some("10500000000")
    );
    assert_eq!(value(*raise, "e_currency").as_deref(), Some("EUR"));
    assert_eq!(value(*raise, "e_amount_status").as_deref(), Some("secured"));
    assert_eq!(value(*raise, "e_date_precision").as_deref(), Some("day"));
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let first = common::run_on("tests/fixtures/editorial-2023-06", &["export", "graphml"]);
    let dir = tempfile::tempdir().unwrap();
    let file = interop::export(&interop::editorial(), &["graphml"], dir.path(), "g.graphml");
    assert_eq!(first.code, 0);
    assert_eq!(std::fs::read_to_string(file).unwrap(), first.stdout);
}

/// Hostile names, read back by an XML parser: quotes, `<`, `&`, line
/// breaks, carriage returns, tabs, backslashes, RTL overrides, as written.
#[test]
fn hostile_text_reads_back_exactly() {
    let cases = [
        ("hostile", "quote", "Say \"hi\"\"; shape=box; label=\"pwned"),
        ("hostile", "backslash", "C:\\path\\N\\l\\G trailing\\"),
        ("hostile", "newline", "Line one\nLine two\r\ttabbed"),
        ("hostile", "html", "<b>bold</b> & <i>it</i> <<>>"),
        ("hostile-content", "overwrite", "Safe name\rEvil name"),
        (
            "hostile-content",
            "rtl",
            "RTL \u{202e}txet\u{202c} \u{2067}iso\u{2069}",
        ),
    ];
    for (fixture, id, name) in cases {
        let run = common::run_on(&format!("tests/fixtures/{fixture}"), &["export", "graphml"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let document = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
        let node = document
            .descendants()
            .find(|n| n.has_tag_name("node") && n.attribute("id") == Some(id))
            .unwrap();
        let read = node
            .children()
            .find(|d| d.attribute("key") == Some("n_name"))
            .and_then(|d| d.text())
            .unwrap();
        assert_eq!(read, name);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text, control characters included, gives a well-formed
    /// document that reads back as the text, each character XML 1.0
    /// cannot hold replaced by U+FFFD.
    #[test]
    fn any_text_reads_back(name in any::<String>(), id in "\\PC{1,8}", quote in any::<String>()) {
        let mut records = reggraph::export::interchange::Interchange::default();
        records.nodes.push(serde_json::from_value(serde_json::json!({
            "id": id, "kind": "company", "name": name, "aliases": [name],
            "tags": [], "sources": [], "quote": quote,
        })).unwrap());
        let text = String::from_utf8(reggraph::export::graphml::to_graphml(&records)).unwrap();
        let document = roxmltree::Document::parse(&text).expect("well-formed XML");
        let node = document.descendants().find(|n| n.has_tag_name("node")).unwrap();
        let clean = |s: &str| -> String {
            s.chars().map(|c| if reggraph::export::xml::allowed_in_xml(c) { c } else { '\u{fffd}' }).collect()
        };
        prop_assert_eq!(node.attribute("id").unwrap(), clean(&id));
        let data = |key: &str| node.children().find(|d| d.attribute("key") == Some(key))
            .map(|d| d.text().unwrap_or("").to_string()).unwrap();
        prop_assert_eq!(data("n_name"), clean(&name));
        prop_assert_eq!(data("n_quote"), clean(&quote));
        let aliases: Vec<String> = serde_json::from_str(&data("n_aliases")).unwrap();
        // JSON escapes control characters itself; U+FFFE and U+FFFF it
        // leaves to XML, which cannot hold them.
        let in_json: String = name.chars()
            .map(|c| if matches!(c, '\u{fffe}' | '\u{ffff}') { '\u{fffd}' } else { c })
            .collect();
        prop_assert_eq!(aliases, vec![in_json]);
    }
}

//! `export gexf`: valid against the GEXF 1.3 XML Schema (tests/gexf/, by
//! `xmllint --schema`), and read by networkx's `read_gexf`
//! (tests/interop/check_gexf.py) with every node, edge, value and spell of
//! the `export json` of the same selection, on the bundled data, the
//! hostile fixtures and a generated 10,000-node folder; and, without
//! Python, the document's shape, escaping and bytes.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::interop;
use proptest::prelude::*;

fn generated() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| interop::generated(10_000)).path()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `xmllint`, when it is on PATH; in CI (which installs it) its absence
/// fails the test, elsewhere the test skips with a message.
#[track_caller]
fn xmllint() -> Option<PathBuf> {
    match which::which("xmllint") {
        Ok(path) => Some(path),
        Err(_) if common::in_ci() => {
            panic!("xmllint is missing but CI is set: install libxml2-utils (.ci/run does)")
        }
        Err(_) => {
            eprintln!("skipped: no xmllint on PATH (apt-get install libxml2-utils)");
            None
        }
    }
}

/// Runs `xmllint --noout --schema tests/gexf/gexf.xsd FILE`; its exit
/// status and what it printed.
fn validate(xmllint: &Path, file: &Path) -> (bool, String) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gexf/gexf.xsd");
    let output = std::process::Command::new(xmllint)
        .args([
            OsStr::new("--noout"),
            OsStr::new("--schema"),
            schema.as_os_str(),
        ])
        .arg(file)
        .output()
        .expect("run xmllint");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Exports `data` as JSON and GEXF, validates the GEXF against the XSD
/// when xmllint is there, and runs the networkx check when Python is.
fn check(data: &Path, selection: &[&str]) -> Option<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let args = |format: &'static str| [&[format][..], selection].concat();
    let gexf = interop::export(data, &args("gexf"), dir.path(), "g.gexf");
    if let Some(xmllint) = xmllint() {
        let (valid, messages) = validate(&xmllint, &gexf);
        assert!(valid, "not valid GEXF 1.3:\n{messages}");
    }
    let python = interop::python()?;
    let json = interop::export(data, &args("json"), dir.path(), "g.json");
    let out = interop::run_script(
        &python,
        "check_gexf.py",
        &[
            OsStr::new("--gexf"),
            gexf.as_os_str(),
            OsStr::new("--json"),
            json.as_os_str(),
        ],
    );
    Some(serde_json::from_str(&out).expect("check_gexf.py prints JSON"))
}

#[test]
fn the_bundled_data_is_valid_and_networkx_reads_every_spell() {
    let Some(summary) = check(&interop::editorial(), &[]) else {
        return;
    };
    // One pair of parallel edges: networkx keeps both, keyed by id.
    assert_eq!(summary["graph"], "MultiDiGraph", "{summary}");
    assert_eq!(summary["nodes"], 35);
    assert_eq!(summary["edges"], 53);
    assert_eq!(summary["parallel_edges"], 2);
    assert_eq!(summary["sources"], 7);
    assert!(summary["with_spells"].as_u64().unwrap() > 40, "{summary}");
    // Mistral AI's period has no end.
    assert!(summary["open_spells"].as_u64().unwrap() >= 1, "{summary}");
}

#[test]
fn a_selection_without_parallel_edges_is_a_digraph() {
    let Some(summary) = check(&interop::editorial(), &["--around", "mistral-ai"]) else {
        return;
    };
    assert_eq!(summary["graph"], "DiGraph", "{summary}");
    assert_eq!(summary["nodes"], 7);
}

#[test]
fn hostile_text_is_valid_and_read_back_exactly() {
    for name in ["hostile", "hostile-content"] {
        if let Some(summary) = check(&fixture(name), &[]) {
            assert_eq!(summary["nodes"], 8, "{name}: {summary}");
        }
    }
}

#[test]
fn ten_thousand_generated_nodes_are_valid_and_read() {
    let Some(summary) = check(generated(), &[]) else {
        return;
    };
    assert_eq!(summary["nodes"], 10_000);
    assert_eq!(summary["edges"], 50_000);
    assert_eq!(summary["graph"], "MultiDiGraph");
}

/// Neither check is a formality: the schema refuses a misplaced element
/// and a wrong time, and the networkx check a missing spell or a value
/// changed.
#[test]
fn the_checks_fail_on_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = interop::editorial();
    let gexf = interop::export(&data, &["gexf"], dir.path(), "g.gexf");
    let text = std::fs::read_to_string(&gexf).unwrap();
    let write = |name: &str, content: String| {
        assert_ne!(content, text, "{name} changed nothing");
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    };
    if let Some(xmllint) = xmllint() {
        for bad in [
            write(
                "time.gexf",
                text.replacen("<spell start=\"", "<spell start=\"June ", 1),
            ),
            write(
                "mode.gexf",
                text.replacen("mode=\"dynamic\"", "mode=\"moving\"", 1),
            ),
            write(
                "element.gexf",
                text.replacen("<attvalues>", "<values/><attvalues>", 1),
            ),
        ] {
            let (valid, _) = validate(&xmllint, &bad);
            assert!(!valid, "{} passed the schema", bad.display());
        }
    }
    let Some(python) = interop::python() else {
        return;
    };
    let json = interop::export(&data, &["json"], dir.path(), "g.json");
    let spell = text.find("<spells>").unwrap();
    let spell_end = text[spell..].find("</spells>").unwrap() + spell + "</spells>".len();
    for bad in [
        write(
            "nospell.gexf",
            format!("{}{}", &text[..spell], &text[spell_end..]),
        ),
        write(
            "value.gexf",
            text.replacen("value=\"10500000000\"", "value=\"10500000001\"", 1),
        ),
        write(
            "label.gexf",
            text.replacen("label=\"Mistral AI\"", "label=\"Mistral\"", 1),
        ),
    ] {
        let output = std::process::Command::new(&python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/check_gexf.py"))
            .args([OsStr::new("--gexf"), bad.as_os_str()])
            .args([OsStr::new("--json"), json.as_os_str()])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{} passed the networkx check",
            bad.display()
        );
    }
}

#[test]
fn the_neighbourhood_of_mistral_ai_as_gexf() {
    let run = common::run_on(
        "tests/fixtures/editorial-2023-06",
        &["export", "gexf", "--around", "mistral-ai"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn spells_come_from_the_first_and_last_day() {
    let run = common::run_on("tests/fixtures/editorial-2023-06", &["export", "gexf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let document = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://gexf.net/1.3"));
    assert_eq!(root.attribute("version"), Some("1.3"));
    let graph = root.children().find(|n| n.has_tag_name("graph")).unwrap();
    for (name, value) in [
        ("mode", "dynamic"),
        ("defaultedgetype", "directed"),
        ("timeformat", "date"),
        ("timerepresentation", "interval"),
    ] {
        assert_eq!(graph.attribute(name), Some(value));
    }
    let spell = |tag: &str, id: &str| {
        let element = document
            .descendants()
            .find(|n| n.has_tag_name(tag) && n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("{tag} {id}"));
        element
            .descendants()
            .find(|n| n.has_tag_name("spell"))
            .map(|s| (s.attribute("start"), s.attribute("end")))
    };
    // `2023-04`, a month: its first and last day.
    assert_eq!(
        spell("edge", "arthur-mensch/co-founded/mistral-ai"),
        Some((Some("2023-04-01"), Some("2023-04-30")))
    );
    // A period still open: no end.
    assert_eq!(
        spell("node", "mistral-ai"),
        Some((Some("2023-04-01"), None))
    );
    // Undated: always there.
    assert_eq!(spell("node", "openai"), None);
    // An edge's kind is its label and its GEXF kind.
    let edge = document
        .descendants()
        .find(|n| n.has_tag_name("edge"))
        .unwrap();
    assert!(edge.attribute("label").is_some());
    assert_eq!(edge.attribute("label"), edge.attribute("kind"));
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let first = common::run_on("tests/fixtures/editorial-2023-06", &["export", "gexf"]);
    let dir = tempfile::tempdir().unwrap();
    let file = interop::export(&interop::editorial(), &["gexf"], dir.path(), "g.gexf");
    assert_eq!(first.code, 0);
    assert_eq!(std::fs::read_to_string(file).unwrap(), first.stdout);
}

/// Hostile names and quotes, read back by an XML parser from attribute
/// values (where a raw line break or tab would become a space).
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
        let run = common::run_on(&format!("tests/fixtures/{fixture}"), &["export", "gexf"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let document = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
        let node = document
            .descendants()
            .find(|n| n.has_tag_name("node") && n.attribute("id") == Some(id))
            .unwrap();
        assert_eq!(node.attribute("label"), Some(name));
        let value = node
            .descendants()
            .find(|d| d.attribute("for") == Some("name"))
            .and_then(|d| d.attribute("value"));
        assert_eq!(value, Some(name));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text, control characters included, gives a well-formed
    /// document whose attribute values read back as the text, each
    /// character XML 1.0 cannot hold replaced by U+FFFD.
    #[test]
    fn any_text_reads_back(name in any::<String>(), quote in any::<String>()) {
        let mut records = reggraph::export::interchange::Interchange::default();
        records.nodes.push(serde_json::from_value(serde_json::json!({
            "id": "n", "kind": "company", "name": name, "aliases": [],
            "tags": [], "sources": [],
        })).unwrap());
        records.edges.push(serde_json::from_value(serde_json::json!({
            "id": "n/competes-with/n", "from": "n", "kind": "competes-with", "to": "n",
            "sources": [], "quote": quote,
        })).unwrap());
        let text = String::from_utf8(reggraph::export::gexf::to_gexf(&records)).unwrap();
        let document = roxmltree::Document::parse(&text).expect("well-formed XML");
        let clean = |s: &str| -> String {
            s.chars().map(|c| if reggraph::export::xml::allowed_in_xml(c) { c } else { '\u{fffd}' }).collect()
        };
        let node = document.descendants().find(|n| n.has_tag_name("node")).unwrap();
        prop_assert_eq!(node.attribute("label").unwrap(), clean(&name));
        let quote_read = document.descendants()
            .find(|d| d.has_tag_name("attvalue") && d.attribute("for") == Some("quote"))
            .and_then(|d| d.attribute("value")).unwrap();
        prop_assert_eq!(quote_read, clean(&quote));
    }
}

#[test]
fn an_empty_graph_is_valid() {
    let Some(xmllint) = xmllint() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.gexf");
    let empty = reggraph::export::interchange::Interchange::default();
    std::fs::write(&path, reggraph::export::gexf::to_gexf(&empty)).unwrap();
    let (valid, messages) = validate(&xmllint, &path);
    assert!(valid, "{messages}");
}

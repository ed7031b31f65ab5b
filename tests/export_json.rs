//! `export json` and `export jsonl`: every record with its dates (precision,
//! first and last day), amounts in minor units and sources; read back to
//! the same graph.

mod common;

use proptest::prelude::*;
use reggraph::export::interchange::Interchange;
use reggraph::graph::KnowledgeGraph;
use reggraph::query::Selection;

const EDITORIAL: &str = "tests/fixtures/editorial-2023-06";

fn records_of(graph: &KnowledgeGraph) -> Interchange {
    let subgraph = Selection::all().apply(graph);
    Interchange::of(graph, &subgraph, None, true)
}

#[test]
fn the_neighbourhood_of_mistral_ai_as_json() {
    let run = common::run_on(EDITORIAL, &["export", "json", "--around", "mistral-ai"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn every_date_says_its_precision_and_days() {
    let run = common::run_on(EDITORIAL, &["export", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["schema"], "reggraph-export/1");
    let edges = value["edges"].as_array().unwrap();
    // Mistral AI's co-founding, written `2023-04`.
    let founding = edges
        .iter()
        .find(|e| e["id"] == "arthur-mensch/co-founded/mistral-ai")
        .expect("the co-founding edge, by its id");
    assert_eq!(founding["date"]["text"], "2023-04");
    assert_eq!(founding["date"]["precision"], "month");
    assert_eq!(founding["date"]["first_day"], "2023-04-01");
    assert_eq!(founding["date"]["last_day"], "2023-04-30");
    assert_eq!(founding["valid_from"], "2023-04-01");
    assert_eq!(founding["valid_to"], "2023-04-30");
    // Amounts are integer minor units with currency and status.
    let raise = edges
        .iter()
        .find(|e| e["kind"] == "raises" && e["from"] == "mistral-ai")
        .expect("Mistral AI's raise");
    assert_eq!(raise["amount"]["minor_units"], 10_500_000_000u64);
    assert_eq!(raise["amount"]["currency"], "EUR");
    assert_eq!(raise["amount"]["status"], "secured");
    // Sources carry their title, publisher, URL and language.
    let sources = value["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 7, "every source of the folder");
    let editorial = sources
        .iter()
        .find(|s| s["id"] == "alliancy-edito-2023-06")
        .unwrap();
    assert_eq!(editorial["publisher"], "Alliancy");
    assert_eq!(editorial["language"], "fr");
    let act = sources
        .iter()
        .find(|s| s["id"] == "regulation-2024-1689")
        .unwrap();
    assert_eq!(act["url"], "http://data.europa.eu/eli/reg/2024/1689/oj");
    // The AI Act's milestones, planned ones marked.
    let milestones = value["milestones"].as_array().unwrap();
    assert!(
        milestones
            .iter()
            .any(|m| m["regulation"] == "eu-ai-act" && m["actual"] == false)
    );
}

#[test]
fn parallel_edges_have_ids_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("data.ron"),
        r#"(
    sources: [(id: "s", title: "S")],
    nodes: [
        (id: "a", kind: Company, name: "A", sources: ["s"]),
        (id: "b", kind: FundingRound, name: "B", sources: ["s"]),
    ],
    edges: [
        (from: "a", kind: Raises, to: "b", date: "2023", sources: ["s"]),
        (from: "a", kind: Raises, to: "b", date: "2024", sources: ["s"]),
    ],
)
"#,
    )
    .unwrap();
    let run = common::run_on(dir.path().to_str().unwrap(), &["export", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = value["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a/raises/b", "a/raises/b/2"]);
    // The second keeps its id when the first is not selected.
    let run = common::run_on(
        dir.path().to_str().unwrap(),
        &["export", "json", "--since", "2024"],
    );
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["edges"][0]["id"], "a/raises/b/2");
}

#[test]
fn jsonl_is_one_record_per_line_nodes_before_edges() {
    let run = common::run_on(EDITORIAL, &["export", "jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect();
    assert_eq!(lines[0]["record"], "header");
    assert_eq!(lines[0]["schema"], "reggraph-export/1");
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l["record"].as_str().unwrap())
        .collect();
    let count = |k: &str| kinds.iter().filter(|&&x| x == k).count();
    assert_eq!(count("node") as u64, lines[0]["nodes"].as_u64().unwrap());
    assert_eq!(count("edge") as u64, lines[0]["edges"].as_u64().unwrap());
    let last_node = kinds.iter().rposition(|&k| k == "node").unwrap();
    let first_edge = kinds.iter().position(|&k| k == "edge").unwrap();
    assert!(last_node < first_edge);
}

#[test]
fn the_same_data_gives_the_same_bytes_and_o_writes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("graph.json");
    let run = common::run_on(EDITORIAL, &["export", "json", "-o", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("35 nodes, 53 edges, 12 milestones, 7 sources"),
        "{}",
        run.stderr
    );
    let again = common::run_on(EDITORIAL, &["export", "json"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), again.stdout);
}

#[test]
fn format_json_is_refused_on_a_data_export() {
    let run = common::run_on(EDITORIAL, &["export", "graphml", "--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`export json`"), "{}", run.stderr);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A random dataset exported to JSON and read back builds the same
    /// graph: the same records, ids and all.
    #[test]
    fn json_reads_back_to_the_same_graph(dataset in common::dataset()) {
        let graph = KnowledgeGraph::build(dataset.clone());
        let records = records_of(&graph);
        let text = reggraph::export::json::to_json(&records);
        let back = reggraph::export::json::read(std::str::from_utf8(&text).unwrap()).unwrap();
        let again = KnowledgeGraph::build(back.clone());
        prop_assert_eq!(&records_of(&again), &records);
        // And the records are the dataset's own, whatever their order.
        let mut nodes = dataset.nodes.clone();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut read_nodes = back.nodes.clone();
        read_nodes.sort_by(|a, b| a.id.cmp(&b.id));
        prop_assert_eq!(read_nodes, nodes);
        let key = |e: &reggraph::model::Edge| format!("{e:?}");
        let mut edges: Vec<String> = dataset.edges.iter().map(key).collect();
        edges.sort();
        let mut read_edges: Vec<String> = back.edges.iter().map(key).collect();
        read_edges.sort();
        prop_assert_eq!(read_edges, edges);
    }
}

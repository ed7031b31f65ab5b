//! `export rdf`: Turtle and N-Triples of the same graph, read by pyoxigraph
//! (tests/interop/check_rdf.py), whose SPARQL answers reproduce `money --to
//! mistral-ai` and the AI Act's milestones, on the editorial fixture and on
//! a generated 10,000-node folder; hostile text read back exactly; every
//! `rg:` term an export uses declared in docs/reggraph.ttl; a snapshot;
//! deterministic bytes; `--base`.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::interop::{editorial, export, generated, python, run_script};
use oxrdf::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use reggraph::export::rdf;
use reggraph::model::{EdgeKind, NodeKind};
use serde_json::{Value, json};
use strum::IntoEnumIterator;

const HOSTILE: &str = "tests/fixtures/rdf-hostile-text";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The generated 10,000-node folder, made once for this test binary.
fn big() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| generated(10_000)).path()
}

/// `data` exported as Turtle and as N-Triples into `dir`.
fn both(data: &Path, dir: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    let mut turtle = vec!["rdf"];
    turtle.extend_from_slice(extra);
    let mut ntriples = vec!["rdf", "--syntax", "ntriples"];
    ntriples.extend_from_slice(extra);
    (
        export(data, &turtle, dir, "g.ttl"),
        export(data, &ntriples, dir, "g.nt"),
    )
}

fn check(python: &Path, turtle: &Path, ntriples: &Path, args: &[&str]) -> Value {
    let mut all: Vec<&OsStr> = vec![
        OsStr::new("--turtle"),
        turtle.as_os_str(),
        OsStr::new("--ntriples"),
        ntriples.as_os_str(),
    ];
    all.extend(args.iter().map(OsStr::new));
    let out = run_script(python, "check_rdf.py", &all);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("check_rdf.py printed {out:?}: {e}"))
}

/// `reggraph --data DATA ARGS... --format json`.
fn json_of(data: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--data", data.to_str().unwrap()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = common::run(&all, &[]);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn camel(label: &str) -> String {
    let mut out = String::new();
    for (i, word) in label.split('-').enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                out.push(first);
            } else {
                out.push(first.to_ascii_uppercase());
            }
            out.push_str(chars.as_str());
        }
    }
    out
}

/// `money --format json` as check_rdf.py answers it: flows as sorted
/// JSON, totals by currency and status.
fn money_answer(report: &Value) -> Value {
    let mut flows: Vec<Value> = report["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let edge = &f["edge"];
            json!({
                "funder": f["funder"]["id"],
                "recipient": f["recipient"]["id"],
                "from": edge["from"],
                "kind": camel(edge["kind"].as_str().unwrap()),
                "to": edge["to"],
                "amount": if edge["amount"].is_null() { Value::Null } else { json!({
                    "value": edge["amount"]["value"],
                    "minor_units": edge["amount"]["minor_units"],
                    "currency": edge["amount"]["currency"],
                    "status": edge["amount"]["status"],
                })},
            })
        })
        .collect();
    flows.sort_by_key(|f| f.to_string());
    let mut totals: Vec<Value> = report["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            json!({
                "currency": t["currency"],
                "status": t["status"],
                "minor_units": t["minor_units"],
                "value": t["value"],
                "count": t["count"],
            })
        })
        .collect();
    totals.sort_by_key(|t| (t["currency"].to_string(), t["status"].to_string()));
    json!({ "flows": flows, "totals": totals })
}

/// The ELI dates a regulation's `show` milestones give: actual ones dated
/// to the day, by stage.
fn eli_answer(milestones: &[Value]) -> Value {
    let mut eli: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut in_force = false;
    for m in milestones {
        let date = m["date"].as_str().unwrap();
        if m["actual"] != true || date.len() != 10 {
            continue;
        }
        let property = match m["stage"].as_str().unwrap() {
            "adopted" => "date_document",
            "published" => "date_publication",
            "in-force" if !in_force => {
                in_force = true;
                "first_date_entry_in_force"
            }
            "applies-from" => "date_applicability",
            _ => continue,
        };
        eli.entry(property).or_default().push(date);
    }
    for dates in eli.values_mut() {
        dates.sort();
    }
    json!(eli)
}

#[test]
fn pyoxigraph_answers_money_and_milestones_as_reggraph_does() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = editorial();
    let (turtle, ntriples) = both(&data, dir.path(), &[]);
    let answer = check(
        &python,
        &turtle,
        &ntriples,
        &["--money-to", "mistral-ai", "--milestones", "eu-ai-act"],
    );
    assert!(answer["triples"].as_u64().unwrap() > 500, "{answer}");

    let money = json_of(&data, &["money", "--to", "mistral-ai"]);
    let expected = money_answer(&money);
    assert!(
        !expected["flows"].as_array().unwrap().is_empty(),
        "the editorial has money to Mistral AI"
    );
    assert_eq!(answer["money"], expected);

    let show = json_of(&data, &["show", "eu-ai-act"]);
    let milestones: Vec<Value> = show["node"]["milestones"]
        .as_array()
        .expect("show has the milestones")
        .iter()
        .map(|m| {
            let mut sources: Vec<&str> = m["sources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            sources.sort();
            json!({
                "stage": m["stage"],
                "date": m["date"],
                "actual": m["actual"],
                "note": m["note"],
                "sources": sources,
            })
        })
        .collect();
    assert!(milestones.len() >= 7);
    assert_eq!(answer["milestones"], json!(milestones));
    let eli = eli_answer(&milestones);
    assert!(eli["date_publication"] == json!(["2024-07-12"]), "{eli}");
    assert_eq!(answer["eli"], eli);
}

#[test]
fn pyoxigraph_reads_ten_thousand_nodes_and_counts_the_money() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (turtle, ntriples) = both(big(), dir.path(), &[]);
    let all = json_of(big(), &["money"]);
    let recipient = all["flows"][0]["recipient"]["id"]
        .as_str()
        .expect("the generated data has money")
        .to_string();
    let answer = check(
        &python,
        &turtle,
        &ntriples,
        &["--money-all", "--money-to", &recipient],
    );
    assert!(answer["triples"].as_u64().unwrap() > 100_000, "{answer}");
    assert_eq!(answer["money_all"], money_answer(&all));
    assert_eq!(
        answer["money"],
        money_answer(&json_of(big(), &["money", "--to", &recipient]))
    );
}

/// A literal as read back: its text and its language tag.
type Read = (&'static str, Option<&'static str>);

/// Each literal that pyoxigraph reads for `(id, predicate)`, and what the
/// RON file says.
#[test]
fn hostile_text_reads_back_exactly() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (turtle, ntriples) = both(Path::new(HOSTILE), dir.path(), &[]);
    let dcterms = |l: &str| format!("http://purl.org/dc/terms/{l}");
    let rg = |l: &str| format!("https://reggraph.org/ns#{l}");
    let cases: Vec<(&str, String, Vec<Read>)> = vec![
        (
            "quoted",
            RDFS_LABEL.into(),
            vec![(
                "Q \"double\" 'single' \\back\\slash <tag> & ]]> \u{202e}RTL",
                None,
            )],
        ),
        (
            "quoted",
            "http://www.w3.org/2004/02/skos/core#altLabel".into(),
            vec![
                ("car\rriage", None),
                ("line\nbreak", None),
                ("tab\there", None),
            ],
        ),
        (
            "quoted",
            dcterms("description"),
            vec![("@prefix x: <y> . \"\"\" ''' #not a comment", None)],
        ),
        ("quoted", rg("tag"), vec![("t\"ag", None)]),
        (
            "quoted",
            rg("quote"),
            vec![("« citation » \"quoted\"\nsecond line", Some("fr"))],
        ),
        (
            "spaced",
            dcterms("title"),
            vec![("A \"title\" with 'quotes' & <angles> ]]>", None)],
        ),
        (
            "spaced",
            dcterms("publisher"),
            vec![("Pub\\lisher\u{202e}", None)],
        ),
        (
            "spaced",
            "https://schema.org/url".into(),
            vec![("https://example.org/a report.pdf", None)],
        ),
        (
            "angled",
            "https://schema.org/url".into(),
            vec![("https://example.org/x>y<z\"w", None)],
        ),
        (
            "good",
            dcterms("title"),
            vec![("Good\r\nreport\t(tab)", None)],
        ),
        (
            "plain/leads/quoted",
            rg("quote"),
            vec![("quote in an untagged language \\ \"", None)],
        ),
        (
            "plain/leads/quoted",
            rg("note"),
            vec![("note\r\n<b>bold</b> & \u{2066}iso\u{2069}", None)],
        ),
        (
            "plain/invests/quoted",
            rg("quote"),
            vec![("une citation", Some("fr"))],
        ),
    ];
    let mut args: Vec<&str> = Vec::new();
    for (id, predicate, _) in &cases {
        args.extend_from_slice(&["--values", id, predicate]);
    }
    let answer = check(&python, &turtle, &ntriples, &args);
    for (i, (id, predicate, expected)) in cases.iter().enumerate() {
        let expected: Vec<Value> = expected
            .iter()
            .map(|(v, l)| json!({"value": v, "language": l}))
            .collect();
        assert_eq!(answer["values"][i], json!(expected), "{id} <{predicate}>");
    }
}

fn parse_turtle(text: &str) -> HashSet<Triple> {
    oxttl::TurtleParser::new()
        .for_slice(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the Turtle does not parse: {e}\n{text}"))
}

fn parse_ntriples(text: &str) -> HashSet<Triple> {
    oxttl::NTriplesParser::new()
        .for_slice(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the N-Triples do not parse: {e}"))
}

fn export_text(data: &str, args: &[&str]) -> String {
    let mut all = vec!["export", "rdf"];
    all.extend_from_slice(args);
    let run = common::run_on(data, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn the_neighbourhood_of_mistral_ai_as_turtle() {
    let text = export_text(common::EDITORIAL, &["--around", "mistral-ai"]);
    insta::assert_snapshot!(text);
}

#[test]
fn both_syntaxes_are_the_same_graph_in_the_same_bytes_each_time() {
    for data in [common::EDITORIAL, HOSTILE] {
        let turtle = export_text(data, &[]);
        let ntriples = export_text(data, &["--syntax", "ntriples"]);
        assert_eq!(turtle, export_text(data, &[]), "{data}: Turtle bytes");
        assert_eq!(
            ntriples,
            export_text(data, &["--syntax", "ntriples"]),
            "{data}: N-Triples bytes"
        );
        let graph = parse_turtle(&turtle);
        assert!(graph.len() > 50, "{data}: {} triples", graph.len());
        assert_eq!(graph, parse_ntriples(&ntriples), "{data}");
        assert_eq!(
            ntriples.lines().count(),
            graph.len(),
            "{data}: a triple is written twice"
        );
    }
}

fn objects(graph: &HashSet<Triple>, subject: &str, predicate: &str) -> Vec<Term> {
    graph
        .iter()
        .filter(|t| {
            matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == subject)
                && t.predicate.as_str() == predicate
        })
        .map(|t| t.object.clone())
        .collect()
}

#[test]
fn urls_that_are_not_iris_stay_literals_and_only_web_ones_are_links() {
    let graph = parse_turtle(&export_text(HOSTILE, &[]));
    let source = |id: &str| format!("https://reggraph.org/id/source/{id}");
    let page = "http://xmlns.com/foaf/0.1/page";
    assert_eq!(
        objects(&graph, &source("good"), page),
        vec![Term::from(NamedNode::new_unchecked(
            "https://example.org/report?a=1&b=2#frag"
        ))]
    );
    for id in ["spaced", "angled", "script"] {
        assert_eq!(objects(&graph, &source(id), page), vec![], "{id}");
        assert_eq!(
            objects(&graph, &source(id), "https://schema.org/url").len(),
            1,
            "{id}: its URL as written"
        );
    }
}

#[test]
fn dates_are_typed_by_precision_and_amounts_are_integers() {
    let graph = parse_turtle(&export_text(common::EDITORIAL, &[]));
    let edge = "https://reggraph.org/id/edge/arthur-mensch/co-founded/mistral-ai";
    let xsd = |l: &str| NamedNode::new_unchecked(format!("http://www.w3.org/2001/XMLSchema#{l}"));
    let rg = |l: &str| format!("https://reggraph.org/ns#{l}");
    assert_eq!(
        objects(&graph, edge, &rg("date")),
        vec![Term::from(Literal::new_typed_literal(
            "2023-04",
            xsd("gYearMonth")
        ))]
    );
    assert_eq!(
        objects(&graph, edge, &rg("validTo")),
        vec![Term::from(Literal::new_typed_literal(
            "2023-04-30",
            xsd("date")
        ))]
    );
    // The direct triple beside its statement.
    assert_eq!(
        objects(
            &graph,
            "https://reggraph.org/id/node/arthur-mensch",
            &rg("coFounded")
        ),
        vec![Term::from(NamedNode::new_unchecked(
            "https://reggraph.org/id/node/mistral-ai"
        ))]
    );
    let amount = "https://reggraph.org/id/edge/mistral-ai/raises/mistral-ai-2023-06-round#amount";
    assert_eq!(
        objects(&graph, amount, &rg("minorUnits")),
        vec![Term::from(Literal::new_typed_literal(
            "10500000000",
            xsd("integer")
        ))]
    );
}

/// The `rg:` terms docs/reggraph.ttl declares: a class or a property with
/// a label and a comment.
fn declared() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reggraph.ttl");
    let graph = parse_turtle(&std::fs::read_to_string(path).unwrap());
    let has = |subject: &str, predicate: &str| !objects(&graph, subject, predicate).is_empty();
    graph
        .iter()
        .filter(|t| t.predicate.as_str() == RDF_TYPE)
        .filter(|t| {
            matches!(&t.object, Term::NamedNode(n) if n.as_str().ends_with("#Class") || n.as_str().ends_with("#Property"))
        })
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        })
        .filter(|s| s.starts_with(rdf::VOCABULARY))
        .filter(|s| has(s, RDFS_LABEL) && has(s, "http://www.w3.org/2000/01/rdf-schema#comment"))
        .collect()
}

fn used(graph: &HashSet<Triple>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in graph {
        let mut add = |iri: &str| {
            if iri.starts_with(rdf::VOCABULARY) {
                out.insert(iri.to_string());
            }
        };
        if let NamedOrBlankNode::NamedNode(n) = &t.subject {
            add(n.as_str());
        }
        add(t.predicate.as_str());
        if let Term::NamedNode(n) = &t.object {
            add(n.as_str());
        }
    }
    out
}

#[test]
fn every_rg_term_an_export_uses_is_declared_in_the_vocabulary() {
    let declared = declared();
    let generated_dir = generated(300);
    let generated = generated_dir.path().to_str().unwrap();
    let mut terms = BTreeSet::new();
    for data in [common::EDITORIAL, HOSTILE, generated] {
        terms.extend(used(&parse_turtle(&export_text(data, &[]))));
    }
    assert!(terms.len() > 40, "{terms:?}");
    let missing: Vec<&String> = terms.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "used but not in docs/reggraph.ttl: {missing:?}"
    );
    let mut kinds: Vec<NamedNode> = NodeKind::iter().map(rdf::node_class).collect();
    kinds.extend(EdgeKind::iter().map(rdf::statement_class));
    kinds.extend(EdgeKind::iter().map(rdf::edge_property));
    for term in kinds {
        assert!(
            declared.contains(term.as_str()),
            "{term} is not in docs/reggraph.ttl"
        );
    }
}

#[test]
fn base_names_every_record_and_a_bad_one_is_refused() {
    let text = export_text(
        common::EDITORIAL,
        &[
            "--around",
            "mistral-ai",
            "--syntax",
            "ntriples",
            "--base",
            "urn:example:kg/",
        ],
    );
    let graph = parse_ntriples(&text);
    let node = objects(
        &graph,
        "urn:example:kg/node/arthur-mensch",
        "http://purl.org/dc/terms/identifier",
    );
    assert_eq!(
        node,
        vec![Term::from(Literal::new_simple_literal("arthur-mensch"))]
    );
    assert!(!text.contains("https://reggraph.org/id/"));
    for bad in ["https://example.org/kg", "not an iri/"] {
        let run = common::run_on(common::EDITORIAL, &["export", "rdf", "--base", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("--base"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn parallel_edges_are_two_statements_beside_one_direct_triple() {
    let graph = parse_turtle(&export_text(common::EDITORIAL, &[]));
    let from = "https://reggraph.org/id/node/tibi-2-institutional-investors";
    let to = NamedNode::new_unchecked("https://reggraph.org/id/node/tibi-2");
    assert_eq!(
        objects(&graph, from, "https://reggraph.org/ns#invests"),
        vec![Term::from(to.clone())]
    );
    let statements: Vec<_> = graph
        .iter()
        .filter(|t| {
            t.predicate.as_str() == "https://reggraph.org/ns#to" && t.object == to.clone().into()
        })
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) if n.as_str().contains("/invests/") => Some(n.as_str()),
            _ => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        statements,
        [
            "https://reggraph.org/id/edge/tibi-2-institutional-investors/invests/tibi-2",
            "https://reggraph.org/id/edge/tibi-2-institutional-investors/invests/tibi-2/2",
        ]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any dataset, its text as random as `common::text` makes it: the
    /// Turtle and the N-Triples parse to the graph `rdf::triples` makes,
    /// no triple twice, and each node's name reads back as its label.
    #[test]
    fn any_dataset_is_the_same_graph_in_both_syntaxes(dataset in common::dataset()) {
        let graph = reggraph::graph::KnowledgeGraph::build(dataset.clone());
        let subgraph = reggraph::query::Selection::all().apply(&graph);
        let records = reggraph::export::interchange::Interchange::of(&graph, &subgraph, None, true);
        let base = rdf::Base::default();
        let made = rdf::triples(&records, &base);
        let set: HashSet<Triple> = made.iter().cloned().collect();
        proptest::prop_assert_eq!(set.len(), made.len(), "a triple made twice");
        let turtle = String::from_utf8(rdf::to_turtle(&records, &base)).unwrap();
        let ntriples = String::from_utf8(rdf::to_ntriples(&records, &base)).unwrap();
        proptest::prop_assert_eq!(&parse_turtle(&turtle), &set);
        proptest::prop_assert_eq!(&parse_ntriples(&ntriples), &set);
        for node in &records.nodes {
            let iri = base.node(&node.id);
            proptest::prop_assert_eq!(
                objects(&set, iri.as_str(), RDFS_LABEL),
                vec![Term::from(Literal::new_simple_literal(node.name.as_str()))]
            );
        }
    }
}

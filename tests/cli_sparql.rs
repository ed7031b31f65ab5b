//! `reggraph sparql`: SELECT, ASK and CONSTRUCT over the RDF mapping of the
//! data, as a table, W3C JSON and W3C CSV results; the five questions of
//! README on the editorial data; located query errors; bounded work;
//! hostile text in the data.

mod common;

use common::{Run, run_on};

const SMALL: &str = "tests/fixtures/valid-small";
const EDITORIAL: &str = "tests/fixtures/editorial-2023-06";

/// The AI Act's milestones of the small fixture, in order.
const MILESTONES: &str = "SELECT ?place ?date ?stage ?actual WHERE { \
    node:ai-act rg:milestone ?m . \
    ?m rg:place ?place ; rg:date ?date ; rg:stage ?stage ; rg:actual ?actual } \
    ORDER BY ?place";

fn ok(run: Run) -> String {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

#[test]
fn a_select_prints_an_aligned_table_with_a_row_count() {
    let out = ok(run_on(SMALL, &["sparql", MILESTONES]));
    assert_eq!(
        out,
        "place  date        stage         actual\n\
         1      2021-04-21  proposed      true\n\
         2      2024-08-01  in-force      true\n\
         3      2027-08-02  applies-from  false\n\
         3 rows\n"
    );
}

#[test]
fn iris_are_shortened_by_the_declared_prefixes() {
    let query = "SELECT ?who ?what WHERE { ?who rg:coFounded ?what }";
    let out = ok(run_on(SMALL, &["sparql", query]));
    assert_eq!(
        out,
        "who                 what\n\
         node:arthur-mensch  node:mistral-ai\n\
         1 row\n"
    );
    // A local name that would not read back after `prefix:` stays whole.
    let query = "SELECT ?m WHERE { node:ai-act rg:milestone ?m } ORDER BY ?m LIMIT 1";
    let out = ok(run_on(SMALL, &["sparql", query]));
    assert!(
        out.contains("<https://reggraph.org/id/node/ai-act/milestone/1>"),
        "{out}"
    );
}

#[test]
fn json_is_the_w3c_results_format() {
    let out = ok(run_on(SMALL, &["--format", "json", "sparql", MILESTONES]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["head"]["vars"],
        serde_json::json!(["place", "date", "stage", "actual"])
    );
    let rows = json["results"]["bindings"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[2],
        serde_json::json!({
            "place": {"type": "literal", "value": "3",
                      "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
            "date": {"type": "literal", "value": "2027-08-02",
                     "datatype": "http://www.w3.org/2001/XMLSchema#date"},
            "stage": {"type": "literal", "value": "applies-from"},
            "actual": {"type": "literal", "value": "false",
                       "datatype": "http://www.w3.org/2001/XMLSchema#boolean"},
        })
    );
    let ask = ok(run_on(
        SMALL,
        &[
            "--format",
            "json",
            "sparql",
            "ASK { node:etat rg:funds node:mistral-ai }",
        ],
    ));
    assert_eq!(ask, "{\"head\":{},\"boolean\":true}\n");
}

#[test]
fn csv_is_the_w3c_csv_results_format() {
    let query = "SELECT ?who ?name ?nothing WHERE { ?who rg:coFounded ?what ; rdfs:label ?name }";
    let out = ok(run_on(SMALL, &["--format", "csv", "sparql", query]));
    assert_eq!(
        out,
        "who,name,nothing\r\nhttps://reggraph.org/id/node/arthur-mensch,Arthur Mensch,\r\n"
    );
    // A value with a comma or a quote is quoted, as CSV quotes it.
    let query = "SELECT ?q WHERE { node:mistral-ai rg:quote ?q } ";
    let out = ok(run_on(SMALL, &["--format", "table", "sparql", query]));
    assert_eq!(out, "q\nce nouvel acteur français\n1 row\n");
    let query = r#"SELECT ?q WHERE { BIND("a, \"b\"" AS ?q) }"#;
    let out = ok(run_on(SMALL, &["--format", "csv", "sparql", query]));
    assert_eq!(out, "q\r\n\"a, \"\"b\"\"\"\r\n");
}

#[test]
fn ask_and_construct() {
    let out = ok(run_on(
        SMALL,
        &["sparql", "ASK { node:mistral-ai rg:funds ?x }"],
    ));
    assert_eq!(out, "false\n");
    let query = "CONSTRUCT { ?who schema:founder ?what } WHERE { ?who rg:coFounded ?what }";
    let out = ok(run_on(SMALL, &["sparql", query]));
    assert!(
        out.contains("@prefix rg: <https://reggraph.org/ns#> .\n"),
        "{out}"
    );
    assert!(
        out.ends_with("node:arthur-mensch schema:founder node:mistral-ai .\n"),
        "{out}"
    );
    let refused = run_on(SMALL, &["--format", "json", "sparql", query]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("printed as Turtle"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_query_may_declare_its_own_prefixes_and_read_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.rq");
    std::fs::write(
        &file,
        "PREFIX ex: <https://reggraph.org/id/node/>\nASK { ex:etat rg:locatedIn ex:france }\n",
    )
    .unwrap();
    let out = ok(run_on(SMALL, &["sparql", "--file", file.to_str().unwrap()]));
    assert_eq!(out, "true\n");
}

#[test]
fn the_selection_narrows_the_triples() {
    let query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a rg:Milestone }";
    let all = ok(run_on(SMALL, &["sparql", query]));
    assert_eq!(all, "n\n3\n1 row\n");
    let none = ok(run_on(SMALL, &["sparql", query, "--kind", "company"]));
    assert_eq!(none, "n\n0\n1 row\n");
}

#[test]
fn the_engine_order_is_the_same_from_run_to_run() {
    // Every triple, in no ORDER BY: the order is the engine's alone.
    let query = "SELECT * WHERE { ?s ?p ?o }";
    let first = ok(run_on(EDITORIAL, &["--no-cache", "sparql", query]));
    for _ in 0..3 {
        assert_eq!(first, ok(run_on(EDITORIAL, &["sparql", query])));
    }
}

/// The five README questions, on the frozen editorial data.
#[test]
fn the_readme_questions() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for name in README_QUESTIONS {
        let file = format!("docs/sparql/{name}.rq");
        let out = ok(run_on(EDITORIAL, &["sparql", "--file", &file]));
        insta::assert_snapshot!(format!("readme_{name}"), out);
        // README shows the query as the file has it.
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&file))
                .unwrap();
        assert!(
            readme.contains(&format!("```sparql\n{text}```\n")),
            "README does not show {file} as it is"
        );
    }
}

const README_QUESTIONS: [&str; 5] = [
    "sources-by-type",
    "money-milliard",
    "milestones-2025",
    "linked-to-both",
    "macron-announcements",
];

#[test]
fn a_syntax_error_is_shown_at_its_line_and_column() {
    let query = "SELECT ?x WHERE {\n  ?x rg:tag \"ai\"\n  FILTER(?x = )\n}";
    let run = run_on(SMALL, &["sparql", query]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("syntax_error", run.stderr);
}

#[test]
fn an_error_in_a_query_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.rq");
    std::fs::write(&file, "SELEC ?x WHERE { ?x ?p ?o }\n").unwrap();
    let path = file.to_str().unwrap();
    let run = run_on(SMALL, &["sparql", "--file", path]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!("--> {path}:1:1\n")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not `SELEC`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_prefix_is_pointed_at_and_the_declared_ones_listed() {
    let query =
        "PREFIX ex: <http://example.org/>\nSELECT ?x WHERE {\n  ?x ex:a ?y ;\n     org:b ?z .\n}";
    let run = run_on(SMALL, &["sparql", query]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("unknown_prefix", run.stderr);
    assert!(run.stderr.contains("--> <query>:4:6\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "rg: node: edge: source: rdf: rdfs: xsd: skos: dcterms: prov: schema: foaf: eli:"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_update_is_refused() {
    let run = run_on(SMALL, &["sparql", "DELETE WHERE { ?s ?p ?o }"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("`DELETE` is a SPARQL update"),
        "{}",
        run.stderr
    );
}

/// Three patterns sharing no variable: millions of rows.
const PRODUCT: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

#[test]
fn a_query_with_too_many_rows_is_stopped_by_the_limit() {
    let run = run_on(EDITORIAL, &["sparql", PRODUCT]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: the answer has more than 10000 rows (--limit 10000)\n\
         help: add LIMIT to the query, or narrow its pattern, or raise --limit (default 10000)\n"
    );
    let run = run_on(SMALL, &["sparql", "--limit", "2", MILESTONES]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("more than 2 rows"), "{}", run.stderr);
}

#[test]
fn a_query_that_runs_too_long_is_stopped_by_the_timeout() {
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let started = std::time::Instant::now();
    let run = run_on(EDITORIAL, &["sparql", "--timeout", "1", count]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: the query ran longer than 1 second (--timeout) and was stopped\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn csv_is_refused_by_other_commands() {
    let run = run_on(SMALL, &["--format", "csv", "list"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--format csv applies only to `sparql`"),
        "{}",
        run.stderr
    );
    let run = run_on(SMALL, &["--format", "csv", "check"]);
    assert_eq!(run.code, 2);
}

#[test]
fn hostile_text_in_the_data_is_shown_escaped() {
    let query = "SELECT ?name ?alias WHERE { node:quoted rdfs:label ?name ; skos:altLabel ?alias } ORDER BY ?alias";
    let out = ok(run_on(
        "tests/fixtures/rdf-hostile-text",
        &["sparql", query],
    ));
    assert!(!out.contains('\u{202e}'), "{out:?}");
    assert!(!out.contains('\r'), "{out:?}");
    assert!(out.contains("\\u{202e}RTL"), "{out:?}");
    // Each row stays on its line: a header, three aliases, the count.
    assert_eq!(out.lines().count(), 5, "{out:?}");
    assert!(out.contains("line\\nbreak"), "{out:?}");
    assert!(out.contains("tab\\there"), "{out:?}");
    // JSON keeps the text exactly, in JSON's escapes.
    let json = ok(run_on(
        "tests/fixtures/rdf-hostile-text",
        &["--format", "json", "sparql", query],
    ));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let name = &json["results"]["bindings"][0]["name"]["value"];
    assert_eq!(
        name,
        "Q \"double\" 'single' \\back\\slash <tag> & ]]> \u{202e}RTL"
    );
}

#[test]
fn a_warm_snapshot_gives_the_same_answer_as_the_files() {
    let cache_dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = common::binary()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("REGGRAPH_CACHE_DIR", cache_dir.path())
            .arg("--data")
            .arg(SMALL)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let snapshots = || std::fs::read_dir(cache_dir.path()).map_or(0, |d| d.count());
    // Data without warnings is kept as a snapshot.
    let query = ["sparql", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"];
    let cold = run(&[&["--no-cache"][..], &query].concat());
    assert_eq!(snapshots(), 0);
    let first = run(&query);
    assert_eq!(snapshots(), 1, "the first run leaves a snapshot");
    let warm = run(&query);
    assert_eq!(cold, first);
    assert_eq!(cold, warm);
}

//! Sources and citations in queries: `sources [--unused]`, `facts`, and the
//! source filters every selection takes (`--source`, `--source-type`,
//! `--only-cited-by`), on tests/fixtures/citations (answers known by
//! construction, see its header) and on the bundled data.

mod common;

use common::Run;
use serde_json::Value;

const CITATIONS: &str = "tests/fixtures/citations";
const BUNDLED: &str = "tests/fixtures/editorial-2023-06";

fn on(data: &str, args: &[&str]) -> Run {
    let run = common::run_on(data, args);
    assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
    run
}

fn json(data: &str, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&on(data, &all).stdout).unwrap()
}

#[test]
fn sources_counts_the_nodes_edges_and_milestones_each_source_supports() {
    let run = on(CITATIONS, &["sources"]);
    assert_eq!(
        run.stdout,
        "\
ID        TYPE          PUBLISHER  NODES  EDGES  MILESTONES  TITLE
law-text  official      Gazette    2      1      1           The law
press     press         Daily      1      1      0           Editorial
unused    other                    0      0      0           A report
wiki      encyclopedia  Wikipedia  2      1      1           Acme
4 of 4 sources
"
    );
    let rows = json(CITATIONS, &["sources"]);
    let wiki = &rows[3];
    assert_eq!(wiki["id"], "wiki");
    assert_eq!(wiki["type"], "encyclopedia");
    assert_eq!(wiki["publisher"], "Wikipedia");
    assert_eq!(
        (&wiki["nodes"], &wiki["edges"], &wiki["milestones"]),
        (&Value::from(2), &Value::from(1), &Value::from(1))
    );
}

#[test]
fn sources_unused_lists_only_what_nothing_cites() {
    let run = on(CITATIONS, &["sources", "--unused"]);
    assert!(run.stdout.starts_with("ID "), "{}", run.stdout);
    assert!(run.stdout.contains("\nunused "), "{}", run.stdout);
    assert!(!run.stdout.contains("\nwiki "), "{}", run.stdout);
    assert!(run.stdout.ends_with("1 of 4 sources\n"), "{}", run.stdout);
    // Nothing unused: an answer, exit 0.
    let none = on(BUNDLED, &["sources", "--unused"]);
    assert_eq!(none.stdout, "no unused sources\n");
    assert_eq!(
        json(BUNDLED, &["sources", "--unused"]),
        Value::Array(vec![])
    );
}

#[test]
fn facts_show_each_citation_with_its_quote_and_locator() {
    let run = on(CITATIONS, &["facts", "--source", "press"]);
    assert_eq!(
        run.stdout,
        "\
node       Acme (company, acme)
  press: \"Acme est créée\" (para. 2; retrieved 2026-11-30)
  wiki
edge       Acme --located-in--> Land
  press: \"en Land\"
2 facts
"
    );
    let rows = json(CITATIONS, &["facts", "--source", "press"]);
    assert_eq!(rows[0]["fact"], "node");
    assert_eq!(rows[0]["node"], "acme");
    assert_eq!(rows[0]["citations"][0]["quote"], "Acme est créée");
    assert_eq!(rows[0]["citations"][0]["locator"], "para. 2");
    assert_eq!(rows[0]["citations"][0]["retrieved"], "2026-11-30");
    assert_eq!(rows[1]["fact"], "edge");
    assert_eq!(
        (&rows[1]["from"], &rows[1]["to"]),
        (&"acme".into(), &"land".into())
    );
}

#[test]
fn facts_resting_only_on_an_encyclopedia() {
    let run = on(
        CITATIONS,
        &["facts", "--source-type", "encyclopedia", "--only-cited-by"],
    );
    assert_eq!(
        run.stdout,
        "\
node       Bob (person, bob)
  wiki
edge       Bob --co-founded (2020)--> Acme
  wiki
milestone  Law: in-force (2021)
  wiki
3 facts
"
    );
    // Without --only-cited-by: every fact wiki supports, acme included.
    let any = on(CITATIONS, &["facts", "--source-type", "encyclopedia"]);
    assert!(any.stdout.ends_with("\n4 facts\n"), "{}", any.stdout);
    assert!(any.stdout.starts_with("node       Acme"), "{}", any.stdout);
}

#[test]
fn facts_no_quote_lists_the_facts_no_source_is_quoted_for() {
    let rows = json(CITATIONS, &["facts", "--no-quote"]);
    let texts: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Bob (person, bob)",
            "Bob --co-founded (2020)--> Acme",
            "Land (jurisdiction, land)",
            "Law (regulation, law)",
            "Law: in-force (2021)",
            "Law --applies-in--> Land",
        ]
    );
    let none = on(CITATIONS, &["facts", "--no-quote", "--source", "press"]);
    assert_eq!(none.stdout, "no facts match\n");
}

#[test]
fn list_and_timeline_take_the_source_filters() {
    let run = on(CITATIONS, &["list", "--source", "wiki"]);
    assert!(
        run.stdout.contains("\nacme ") && run.stdout.contains("\nbob "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("2 of 4 nodes\n"), "{}", run.stdout);
    let only = on(CITATIONS, &["list", "--source", "wiki", "--only-cited-by"]);
    assert!(
        only.stdout.ends_with("1 of 4 nodes\n") && only.stdout.contains("\nbob "),
        "{}",
        only.stdout
    );
    let timeline = on(
        CITATIONS,
        &["timeline", "--source", "wiki", "--only-cited-by"],
    );
    assert_eq!(
        timeline.stdout,
        "2020  Bob --co-founded--> Acme  [wiki]\n2021  Law: in-force  [wiki]\n2 facts\n"
    );
}

#[test]
fn selections_keep_an_edges_ends_as_its_context() {
    // bob -> acme rests only on wiki; acme does not, and is kept as the
    // edge's end.
    let export: Value = serde_json::from_str(
        &on(
            CITATIONS,
            &[
                "export",
                "json",
                "--source-type",
                "encyclopedia",
                "--only-cited-by",
                "-o",
                "-",
            ],
        )
        .stdout,
    )
    .unwrap();
    let ids: Vec<&str> = export["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["acme", "bob"]);
    assert_eq!(export["edges"].as_array().unwrap().len(), 1);
    let stats = on(CITATIONS, &["stats", "--source", "law-text"]);
    assert!(
        stats.stdout.starts_with("2 nodes, 1 edge"),
        "{}",
        stats.stdout
    );
    let neighbors = on(CITATIONS, &["neighbors", "acme", "--source", "press"]);
    assert!(neighbors.stdout.contains("Land"), "{}", neighbors.stdout);
    assert!(!neighbors.stdout.contains("Bob"), "{}", neighbors.stdout);
}

#[test]
fn only_cited_by_without_a_source_or_type_is_a_usage_error() {
    let run = common::run_on(CITATIONS, &["list", "--only-cited-by"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = common::run_on(CITATIONS, &["facts", "--source-type", "blog"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("official"), "{}", run.stderr);
}

#[test]
fn the_facts_resting_only_on_wikipedia_in_the_bundled_data() {
    // The two co-founders the editorial does not name, and their
    // co-founding: nothing else rests on Wikipedia alone.
    let rows = json(
        BUNDLED,
        &["facts", "--source-type", "encyclopedia", "--only-cited-by"],
    );
    let texts: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Guillaume Lample (person, guillaume-lample)",
            "Guillaume Lample --co-founded (2023-04)--> Mistral AI",
            "Timothée Lacroix (person, timothee-lacroix)",
            "Timothée Lacroix --co-founded (2023-04)--> Mistral AI",
        ]
    );
    let by_id = json(
        BUNDLED,
        &[
            "facts",
            "--source",
            "wikipedia-mistral-ai",
            "--only-cited-by",
        ],
    );
    assert_eq!(by_id, rows);
}

#[test]
fn the_bundled_quotes_are_the_editorials() {
    // A fact citing the editorial and Wikipedia quotes the editorial, not
    // Wikipedia.
    let rows = json(BUNDLED, &["facts", "--source", "wikipedia-mistral-ai"]);
    let mistral = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["node"] == "mistral-ai")
        .expect("mistral-ai cites Wikipedia");
    assert_eq!(
        mistral["citations"],
        serde_json::json!([
            {"source": "alliancy-edito-2023-06", "quote": "Créé il y a à peine quelques semaines"},
            {"source": "wikipedia-mistral-ai"}
        ])
    );
}

#[test]
fn show_says_whose_words_each_quote_is() {
    let acme = on(CITATIONS, &["show", "acme"]);
    assert!(
        acme.stdout
            .contains("  quote        « Acme est créée » (press, para. 2, retrieved 2026-11-30)\n"),
        "{}",
        acme.stdout
    );
    let law = on(CITATIONS, &["show", "law"]);
    assert!(
        law.stdout
            .contains("[law-text]\n      « is proposed » (law-text, Art. 1)\n"),
        "{}",
        law.stdout
    );
    let land = on(CITATIONS, &["show", "land"]);
    assert!(
        land.stdout.contains("      « en Land » (press)\n"),
        "{}",
        land.stdout
    );
    // The bundled data: the editorial's words, said to be the editorial's.
    let mistral = on(BUNDLED, &["show", "mistral-ai"]);
    assert!(
        mistral.stdout.contains(
            "  quote        « Créé il y a à peine quelques semaines » (alliancy-edito-2023-06)\n"
        ),
        "{}",
        mistral.stdout
    );
    let json = json(CITATIONS, &["show", "acme"]);
    assert_eq!(json["node"]["citations"][0]["source"], "press");
    assert_eq!(json["outgoing"][0]["citations"][0]["quote"], "en Land");
}

#[test]
fn the_counts_of_sources_are_the_facts_each_source_cites() {
    // On the bundled data: for every source, `sources` counts exactly the
    // nodes, edges and milestones `facts --source ID` lists.
    for row in json(BUNDLED, &["sources"]).as_array().unwrap() {
        let id = row["id"].as_str().unwrap();
        let facts = json(BUNDLED, &["facts", "--source", id]);
        let count = |what: &str| {
            facts
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["fact"] == what)
                .count()
        };
        assert_eq!(
            [count("node"), count("edge"), count("milestone")],
            [&row["nodes"], &row["edges"], &row["milestones"]]
                .map(|v| v.as_u64().unwrap() as usize),
            "{id}"
        );
    }
}

/// A mistyped `--source` id was an empty answer with exit 0, as if the
/// source supported nothing: it is an error with the closest id, for
/// every command that takes the filter.
#[test]
fn an_unknown_source_id_is_an_error_with_the_closest_one() {
    for command in [
        &["list"][..],
        &["facts"],
        &["timeline"],
        &["money"],
        &["neighbors", "mistral-ai"],
        &["export", "json"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--source", "wikipedia-mistal-ai"]);
        let run = common::run_on(BUNDLED, &args);
        assert_eq!(run.code, 1, "{command:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{command:?}: {}", run.stdout);
        assert!(
            run.stderr
                .contains("error: --source wikipedia-mistal-ai: no source has this id")
                && run.stderr.contains("did you mean `wikipedia-mistral-ai`?"),
            "{command:?}: {}",
            run.stderr
        );
    }
}

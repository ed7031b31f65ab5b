//! `reggraph show` and `reggraph list`, on the frozen editorial dataset and
//! on fixtures.

use serde_json::Value;

mod common;
use common::Run;

fn reggraph(data: &str, args: &[&str]) -> Run {
    common::run_on(data, args)
}

const SMALL: &str = "tests/fixtures/valid-small";

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[test]
fn show_mistral_ai_on_the_editorial_dataset() {
    let run = reggraph(common::EDITORIAL, &["show", "mistral-ai"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("raises          2023-06-14 EUR 105M secured -> mistral-ai-2023-06-round")
    );
    assert!(
        run.stdout
            .contains("co-founded      2023-04 <- arthur-mensch (Arthur Mensch)")
    );
    insta::assert_snapshot!("show-mistral-ai", run.stdout);
}

#[test]
fn show_resolves_an_alias() {
    let run = reggraph(common::EDITORIAL, &["show", "Macron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first_line(&run.stdout), "Emmanuel Macron (emmanuel-macron)");
}

#[test]
fn show_resolves_a_name_whatever_the_case() {
    let run = reggraph(common::EDITORIAL, &["show", "mistral ai"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first_line(&run.stdout), "Mistral AI (mistral-ai)");
}

#[test]
fn show_folds_accents_both_ways() {
    // "Etat" finds "État", and an alias written with "État" is found by "Etat".
    let run = reggraph(SMALL, &["show", "Etat"]);
    assert_eq!(first_line(&run.stdout), "État (etat)");
    let run = reggraph(SMALL, &["show", "LE CHEF DE L'ETAT"]);
    assert_eq!(first_line(&run.stdout), "Emmanuel Macron (emmanuel-macron)");
}

#[test]
fn show_unknown_id_exits_1_with_suggestions() {
    let run = reggraph(common::EDITORIAL, &["show", "mistral-aj"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: no node matches \"mistral-aj\"\n\
         help: did you mean \"mistral-ai\" (Mistral AI) or \"mistral-ai-2023-06-round\" \
         (Mistral AI EUR 105M funding round (June 2023))?\n"
    );
}

#[test]
fn show_with_nothing_close_says_how_to_look() {
    let run = reggraph(SMALL, &["show", "zzzz"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: no node matches \"zzzz\"\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
}

#[test]
fn show_refuses_data_with_errors() {
    let run = reggraph("tests/fixtures/unknown-node", &["show", "mistral-ai"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("--> tests/fixtures/unknown-node/edges.ron:3:54"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: the data has errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn show_on_a_fixture_lists_fields_relations_and_sources() {
    let run = reggraph(SMALL, &["show", "mistral-ai"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("show-small-mistral-ai", run.stdout);
}

#[test]
fn show_a_regulation_lists_milestones_and_status() {
    let run = reggraph(SMALL, &["show", "ai-act"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("  status       in-force\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("2027-08-02  applies-from         high-risk rules (planned)"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("show-small-ai-act", run.stdout);
}

#[test]
fn show_lists_each_source_with_its_type() {
    let run = reggraph("tests/fixtures/queries", &["show", "acme"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.ends_with(
            "sources (2)\n  law-text                  \"The law's text\", 2020-01-15, official\n  src                       \"Fixture source\", 2024, other\n"
        ),
        "{}",
        run.stdout
    );
    let run = reggraph(
        "tests/fixtures/queries",
        &["--format", "json", "show", "acme"],
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["sources"][0]["type"], "official");
    assert_eq!(json["sources"][1]["type"], "other");
}

#[test]
fn show_json_shape() {
    let run = reggraph(SMALL, &["--format", "json", "show", "mistral-ai"]);
    assert_eq!(run.code, 0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["node"]["id"], "mistral-ai");
    assert_eq!(json["node"]["kind"], "company");
    assert_eq!(json["node"]["period"]["start"], "2023-04");
    assert_eq!(json["incoming"][1]["kind"], "funds");
    assert_eq!(json["incoming"][1]["node"]["id"], "etat");
    assert_eq!(
        json["incoming"][1]["amount"]["minor_units"],
        10_500_000_000u64
    );
    assert_eq!(json["incoming"][1]["amount"]["currency"], "EUR");
    assert_eq!(json["incoming"][1]["amount"]["status"], "secured");
    assert_eq!(json["incoming"][1]["date"], "2023-06-14");
    assert_eq!(json["sources"][0]["id"], "edito");
    insta::assert_snapshot!("show-json-small-mistral-ai", run.stdout);
}

#[test]
fn list_is_sorted_by_id_with_a_count() {
    let run = reggraph(SMALL, &["list"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("list-small", run.stdout);
}

#[test]
fn list_filters_by_kind_tag_and_text() {
    let run = reggraph(
        common::EDITORIAL,
        &["list", "--kind", "person", "--kind", "EuInstitution"],
    );
    assert_eq!(run.code, 0);
    let ids: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        ids,
        [
            "arthur-mensch",
            "council-of-the-eu",
            "emmanuel-macron",
            "european-commission",
            "european-parliament",
            "guillaume-lample",
            "timothee-lacroix",
            "7"
        ]
    );
    let run = reggraph(SMALL, &["list", "--match", "ETAT"]);
    assert_eq!(
        run.stdout,
        "ID               KIND         NAME\n\
         emmanuel-macron  person       Emmanuel Macron\n\
         etat             public-body  État\n\
         2 of 6 nodes\n"
    );
    let run = reggraph(SMALL, &["list", "--tag", "STARTUP"]);
    assert!(
        run.stdout
            .ends_with("mistral-ai  company  Mistral AI\n1 of 6 nodes\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn list_unknown_kind_is_a_usage_error_with_a_suggestion() {
    let run = reggraph(SMALL, &["list", "--kind", "persn"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `person`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn list_json() {
    let run = reggraph(SMALL, &["--format", "json", "list", "--kind", "person"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json[0]["id"], "arthur-mensch");
    assert_eq!(json[1]["aliases"][0], "Macron");
    assert_eq!(json.as_array().unwrap().len(), 2);
}

//! Contested facts (issue 16, item 2) on `tests/fixtures/contested`: the
//! raise is EUR 105M by press-a (preferred) and EUR 100M by press-b; the
//! launch is on 2023-06-14 by press-a (preferred) and 2023-06-13 by
//! press-b (deprecated). Queries answer with the preferred value and say
//! it is contested; `show` lists every value.

use serde_json::Value;

mod common;
use common::Run;

const CONTESTED: &str = "tests/fixtures/contested";

fn reggraph(args: &[&str]) -> Run {
    let run = common::run_on(CONTESTED, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&reggraph(&all).stdout).unwrap()
}

#[test]
fn show_marks_the_preferred_amount_and_lists_every_value() {
    let run = reggraph(&["show", "acme"]);
    assert!(run.stdout.contains(
        "  raises          2023-06 EUR 105M secured (contested) -> acme-round (Acme round)  [press-a, press-b]\n"
    ), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "contested (1)\n\
         \x20 raises -> acme-round\n\
         \x20   EUR 105M secured  preferred   press-a « raised EUR 105M »\n\
         \x20   EUR 100M secured  normal      press-b « raised EUR 100M »\n"
        ),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("show-contested-acme", run.stdout);
}

#[test]
fn show_marks_the_preferred_date_and_lists_every_value() {
    let run = reggraph(&["show", "acme-launch"]);
    assert!(
        run.stdout
            .contains("  when         2023-06-14 (contested)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "contested (1)\n\
         \x20 date\n\
         \x20   2023-06-14  preferred   press-a « launched on 14 June »\n\
         \x20   2023-06-13  deprecated  press-b « launched on 13 June »\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn timeline_and_money_answer_with_the_preferred_value() {
    let timeline = reggraph(&["timeline"]);
    assert_eq!(
        timeline.stdout,
        "2023-06     Acme round (funding-round, acme-round)  [press-a]\n\
         2023-06     Acme --raises EUR 105M secured--> Acme round (contested)  [press-a, press-b]\n\
         2023-06-14  Acme launch (announcement, acme-launch) (contested)  [press-a, press-b]\n\
         3 facts\n"
    );
    let money = reggraph(&["money"]);
    assert!(
        money.stdout.contains("EUR 105M secured (contested)"),
        "{}",
        money.stdout
    );
    // Totals count the preferred amount only.
    assert!(
        money.stdout.contains("EUR 105M  secured  1 amount"),
        "{}",
        money.stdout
    );
    let v = json(&["money"]);
    assert_eq!(v["totals"][0]["value"], 105_000_000);
}

#[test]
fn json_says_contested_with_every_alternative() {
    let v = json(&["show", "acme-launch"]);
    assert_eq!(v["node"]["date"], "2023-06-14");
    assert_eq!(v["node"]["contested"], true);
    let alternatives = v["node"]["alternatives"].as_array().unwrap();
    assert_eq!(alternatives.len(), 2);
    assert_eq!(alternatives[1]["date"], "2023-06-13");
    assert_eq!(alternatives[1]["rank"], "deprecated");
    assert_eq!(alternatives[1]["citations"][0]["source"], "press-b");
    let v = json(&["show", "acme"]);
    let raise = &v["outgoing"][0];
    assert_eq!(raise["amount"]["value"], 105_000_000);
    assert_eq!(raise["contested"], true);
    assert_eq!(raise["alternatives"][1]["amount"]["value"], 100_000_000);
    assert_eq!(raise["alternatives"][0]["rank"], "preferred");
    // An uncontested fact says nothing of it.
    assert!(v["outgoing"][1].get("contested").is_none());
    let v = json(&["timeline"]);
    let contested: Vec<bool> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.get("contested").is_some_and(|c| c == true))
        .collect();
    assert_eq!(contested, [false, true, true]);
}

/// The alternatives' citations quote their sources: a contested fact was
/// listed as having no quote, and `--quotes` printed none of its words.
#[test]
fn the_alternatives_quotes_are_the_facts_quotes() {
    let no_quote = reggraph(&["facts", "--no-quote"]).stdout;
    assert!(
        !no_quote.contains("(announcement, acme-launch)") && !no_quote.contains("--raises"),
        "{no_quote}"
    );
    assert!(no_quote.ends_with("3 facts\n"), "{no_quote}");
    let quotes = reggraph(&["timeline", "--quotes"]).stdout;
    for words in [
        "raised EUR 105M",
        "raised EUR 100M",
        "launched on 14 June",
        "launched on 13 June",
    ] {
        assert!(quotes.contains(words), "{words}: {quotes}");
    }
}

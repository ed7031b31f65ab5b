//! `--quotes` on `path`, `timeline` and `neighbors`: each fact's quotes
//! under it, with their source (issue 16, item 7), on the bundled data's
//! frozen copy; and the citations in their JSON.

use serde_json::Value;

mod common;
use common::Run;

fn reggraph(args: &[&str]) -> Run {
    let run = common::run_on(common::EDITORIAL, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

#[test]
fn path_quotes_each_step() {
    let run = reggraph(&["path", "arthur-mensch", "emmanuel-macron", "--quotes"]);
    assert_eq!(
        run.stdout,
        "Arthur Mensch --participates-in (2023-06-14)--> Vivatech 2023 <--participates-in (2023-06-14)-- Emmanuel Macron\n\
         \x20 arthur-mensch --participates-in--> vivatech-2023  [alliancy-edito-2023-06]\n\
         \x20     « Arthur Mensch à ses côtés » (alliancy-edito-2023-06)\n\
         \x20 emmanuel-macron --participates-in--> vivatech-2023  [alliancy-edito-2023-06]\n\
         \x20     « lors de sa visite du salon dans l’après-midi » (alliancy-edito-2023-06)\n"
    );
    let plain = reggraph(&["path", "arthur-mensch", "emmanuel-macron"]);
    assert!(!plain.stdout.contains('«'), "{}", plain.stdout);
}

#[test]
fn timeline_quotes_under_each_fact() {
    let run = reggraph(&[
        "timeline",
        "--since",
        "2023-06-14",
        "--until",
        "2023-06-14",
        "--quotes",
    ]);
    assert!(
        run.stdout.contains(
            "Mistral AI --raises EUR 105M secured--> Mistral AI EUR 105M funding round (June 2023)  [alliancy-edito-2023-06]\n\
             \x20                       « levée de fonds de 105 millions d’euros » (alliancy-edito-2023-06)\n"
        ),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("timeline-2023-06-14-quotes", run.stdout);
    let plain = reggraph(&["timeline", "--since", "2023-06-14", "--until", "2023-06-14"]);
    assert!(!plain.stdout.contains('«'));
    // Each fact's line is the same with or without its quotes.
    let without: Vec<&str> = run.stdout.lines().filter(|l| !l.contains('«')).collect();
    assert_eq!(without, plain.stdout.lines().collect::<Vec<_>>());
}

#[test]
fn neighbors_quotes_under_each_edge() {
    let run = reggraph(&["neighbors", "mistral-ai", "--quotes"]);
    assert!(
        run.stdout.contains(
            "mistral-ai --raises EUR 105M secured (2023-06-14)--> mistral-ai-2023-06-round  [alliancy-edito-2023-06]\n\
             \x20                             « levée de fonds de 105 millions d’euros » (alliancy-edito-2023-06)\n"
        ),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("neighbors-mistral-ai-quotes", run.stdout);
}

#[test]
fn json_carries_every_citation() {
    let run = reggraph(&["--format", "json", "path", "mistral-ai", "openai"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        v["paths"][0]["steps"][0]["citations"],
        serde_json::json!([{"source": "alliancy-edito-2023-06", "quote": "ambitionne de concurrencer OpenAI"}])
    );
    let run = reggraph(&[
        "--format",
        "json",
        "timeline",
        "--since",
        "2023-06-14",
        "--until",
        "2023-06-14",
    ]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let raise = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["edge"]["kind"] == "raises")
        .unwrap();
    assert_eq!(
        raise["citations"][0]["quote"],
        "levée de fonds de 105 millions d’euros"
    );
}

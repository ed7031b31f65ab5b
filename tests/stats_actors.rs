//! `stats` ranks actors apart from events and things, and `--rank-kind`
//! lists only some kinds with the scores of the whole selection (issue 16,
//! item 6), on the bundled data's frozen copy.

use serde_json::Value;

mod common;

fn stats_json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json", "stats"];
    all.extend_from_slice(args);
    let run = common::run_on(common::EDITORIAL, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn kinds(ranked: &Value) -> Vec<String> {
    ranked
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["node"]["kind"].as_str().unwrap().to_string())
        .collect()
}

const ACTORS: [&str; 8] = [
    "person",
    "company",
    "investor",
    "public-body",
    "eu-institution",
    "fund",
    "jurisdiction",
    "group",
];

#[test]
fn no_event_or_thing_is_ranked_among_actors() {
    let v = stats_json(&["--top", "100"]);
    for list in ["by_degree", "by_page_rank"] {
        let actors = kinds(&v[list]);
        assert!(!actors.is_empty());
        assert!(
            actors.iter().all(|k| ACTORS.contains(&k.as_str())),
            "{list}: {actors:?}"
        );
        let others = kinds(&v["others"][list]);
        assert!(others.contains(&"announcement".to_string()), "{others:?}");
        assert!(others.contains(&"infrastructure".to_string()), "{others:?}");
        assert!(
            others.iter().all(|k| !ACTORS.contains(&k.as_str())),
            "{others:?}"
        );
        // Every node is ranked once, in one group or the other.
        assert_eq!(actors.len() + others.len(), 35);
    }
}

#[test]
fn the_text_lists_actors_then_events_and_things() {
    let run = common::run_on(common::EDITORIAL, &["stats", "--top", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let actors = run.stdout.find("most central actors (PageRank").unwrap();
    let others = run
        .stdout
        .find("most central events and things (PageRank")
        .unwrap();
    assert!(actors < others);
    // Vivatech 2023, the conference, has the highest PageRank of all, but
    // is not an actor.
    let actors_block = &run.stdout[actors..others];
    assert!(
        !actors_block.contains("\n  vivatech-2023 "),
        "{actors_block}"
    );
    assert!(run.stdout[others..].contains("\n  vivatech-2023 "));
    insta::assert_snapshot!("stats-editorial-top-3", run.stdout);
}

#[test]
fn rank_kind_keeps_the_scores_of_the_whole_selection() {
    let all = stats_json(&["--top", "100"]);
    let only = stats_json(&[
        "--top",
        "100",
        "--rank-kind",
        "person",
        "--rank-kind",
        "company",
    ]);
    assert!(only.get("others").is_none());
    assert_eq!(only["nodes"], 35, "the selection is the whole graph");
    let ranked = only["by_page_rank"].as_array().unwrap();
    // The editorial has 4 people and 2 companies.
    assert_eq!(ranked.len(), 6);
    for r in ranked {
        let kind = r["node"]["kind"].as_str().unwrap();
        assert!(kind == "person" || kind == "company", "{kind}");
        let whole = all["by_page_rank"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["node"]["id"] == r["node"]["id"])
            .unwrap();
        assert_eq!(r["page_rank"], whole["page_rank"]);
        assert_eq!(r["degree"], whole["degree"]);
    }
    // Unlike --kind, which scores the subgraph of those kinds.
    let sub = stats_json(&["--top", "100", "--kind", "person", "--kind", "company"]);
    let score = |v: &Value| {
        v["by_page_rank"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["node"]["id"] == "mistral-ai")
            .unwrap()["page_rank"]
            .clone()
    };
    assert_ne!(score(&sub), score(&only));
    assert_eq!(
        kinds(&only["by_degree"])[..3],
        ["person".to_string(), "company".into(), "person".into()]
    );
}

//! `money`'s sectors, budgets, repeatable `--from`/`--to` and
//! `--announced-by`, on tests/fixtures/money-sectors (answers known by
//! construction: see its sources.ron), and the two researcher questions of
//! issue 16 on the frozen editorial (tests/fixtures/editorial-2023-06).

use serde_json::Value;

mod common;
use common::{EDITORIAL, Run, run_on};

const SECTORS: &str = "tests/fixtures/money-sectors";

#[track_caller]
fn ok_on(data: &str, args: &[&str]) -> String {
    let run: Run = run_on(data, args);
    assert_eq!(run.code, 0, "reggraph {args:?} failed:\n{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

#[track_caller]
fn json_on(data: &str, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok_on(data, &all)).expect("valid JSON")
}

#[track_caller]
fn json(args: &[&str]) -> Value {
    json_on(SECTORS, args)
}

/// Each total as `(group, "CUR value status", no_funder_named)`, the group
/// being the node id, year or sector, or "" without --by.
fn totals(v: &Value) -> Vec<(String, String, u64)> {
    v["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let group = if let Some(id) = t["node"]["id"].as_str() {
                id.to_string()
            } else if let Some(s) = t["sector"].as_str() {
                s.to_string()
            } else if !t["year"].is_null() {
                t["year"].to_string()
            } else {
                String::new()
            };
            (
                group,
                format!(
                    "{} {} {}",
                    t["currency"].as_str().unwrap(),
                    t["value"],
                    t["status"].as_str().unwrap()
                ),
                t["no_funder_named"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn total(currency_value_status: &str, unnamed: u64) -> (String, String, u64) {
    (String::new(), currency_value_status.to_string(), unnamed)
}

/// Each flow as `funder>recipient`, in the answer's order.
fn flows(v: &Value) -> Vec<String> {
    v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}>{}",
                f["funder"]["id"].as_str().unwrap(),
                f["recipient"]["id"].as_str().unwrap()
            )
        })
        .collect()
}

// ------------------------------------------------------------------ sectors

#[test]
fn each_flow_carries_its_funders_sector() {
    let v = json(&["money"]);
    let sectors: Vec<(String, String)> = v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["funder"]["id"].as_str().unwrap().to_string(),
                f["sector"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let sector_of = |id: &str| {
        sectors
            .iter()
            .find(|(f, _)| f == id)
            .map(|(_, s)| s.as_str())
            .unwrap()
    };
    // By kind: a jurisdiction and a public body are public, an investor
    // and a company private; by record: a company set `sector: Public`.
    assert_eq!(sector_of("state"), "public");
    assert_eq!(sector_of("agency"), "public");
    assert_eq!(sector_of("bank"), "public");
    assert_eq!(sector_of("vc"), "private");
    assert_eq!(sector_of("corp"), "private");
    assert_eq!(sector_of("jv"), "mixed");
    // A person and a programme have none.
    assert_eq!(sector_of("angel"), "unknown");
    assert_eq!(sector_of("prog"), "unknown");
    // The round pays the startup; its investors are vc (private) and
    // agency (public): mixed.
    assert_eq!(sector_of("round"), "mixed");
}

#[test]
fn sector_public_keeps_public_funders_and_the_budget_rest_flagged() {
    let v = json(&["money", "--sector", "public"]);
    assert_eq!(
        flows(&v),
        ["state>prog", "state>lab", "agency>round", "bank>school"]
    );
    // EUR secured: state 7M + agency 1M. EUR pledged: state 4M into lab +
    // lab's EUR 5M no recorded edge covers (10M - 4M - 1M; the 2M target
    // covers nothing). vc's 1M into lab is private: left out.
    assert_eq!(
        totals(&v),
        [
            total("EUR 8000000 secured", 0),
            total("EUR 9000000 pledged", 5_000_000),
            total("USD 300000 secured", 0),
        ]
    );
    let budget = &v["budgets"][0];
    assert_eq!(budget["node"]["id"], "lab");
    assert_eq!(budget["budget"]["value"], 10_000_000);
    assert_eq!(budget["recorded"], 5_000_000);
    assert_eq!(budget["recorded_edges"], 2);
    assert_eq!(budget["counted"], 4_000_000);
    assert_eq!(budget["no_funder_named"], 5_000_000);

    let out = ok_on(SECTORS, &["money", "--sector", "public"]);
    assert!(
        out.contains(
            "-           (no funder named)  -       --budget-->  lab        EUR 5M pledged (rest of its budget)  [src]\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("EUR 9M       pledged  2 amounts  of which EUR 5M with no funder named\n"),
        "{out}"
    );
    assert!(out.contains("not known to be public or private"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_funders_are_never_public() {
    let public = flows(&json(&["money", "--sector", "public"]));
    for unknown in ["angel>school", "prog>lab"] {
        assert!(!public.contains(&unknown.to_string()), "{public:?}");
    }
    assert_eq!(
        flows(&json(&["money", "--sector", "unknown"])),
        ["prog>lab", "angel>school"]
    );
}

#[test]
fn sector_is_repeatable_and_other_sectors_are_left_out() {
    let v = json(&["money", "--sector", "private", "--sector", "mixed"]);
    assert_eq!(
        flows(&v),
        [
            "vc>lab",
            "round>startup",
            "vc>round",
            "corp>school",
            "jv>school"
        ]
    );
    // Private: vc 2M into the round, 1M into lab (pledged) and corp's
    // amount not given. Mixed: the round's 3M and jv's 200,000. Plus
    // lab's EUR 5M with no funder named (lab is in the answer).
    assert_eq!(
        totals(&v),
        [
            total("EUR 5200000 secured", 0),
            total("EUR 6000000 pledged", 5_000_000),
        ]
    );
}

#[test]
fn by_sector_totals_each_sector_apart_and_the_unnamed_rest_on_its_own() {
    let v = json(&["money", "--by", "sector"]);
    assert_eq!(v["by"], "sector");
    let t = |g: &str, s: &str, u: u64| (g.to_string(), s.to_string(), u);
    assert_eq!(
        totals(&v),
        [
            t("public", "EUR 8000000 secured", 0),
            t("public", "EUR 4000000 pledged", 0),
            t("public", "USD 300000 secured", 0),
            t("private", "EUR 2000000 secured", 0),
            t("private", "EUR 1000000 pledged", 0),
            t("mixed", "EUR 3200000 secured", 0),
            t("unknown", "EUR 100000 secured", 0),
            t("unknown", "EUR 2000000 target", 0),
            t("no funder named", "EUR 5000000 pledged", 5_000_000),
        ]
    );
    let out = ok_on(SECTORS, &["money", "--by", "sector"]);
    assert!(out.contains("\ntotals by sector ("), "{out}");
    assert!(
        out.contains("no funder named  EUR 5M       pledged  1 amount   of which EUR 5M"),
        "{out}"
    );
}

// ------------------------------------------------------------------ budgets

#[test]
fn a_budget_is_counted_once_never_on_top_of_the_edges_into_it() {
    let v = json(&["money", "--to", "lab"]);
    assert_eq!(flows(&v), ["prog>lab", "state>lab", "vc>lab"]);
    // Pledged: 4M + 1M on edges + 5M with no funder named = the budget,
    // EUR 10M, not 10M + 5M. The target stays apart.
    assert_eq!(
        totals(&v),
        [
            total("EUR 10000000 pledged", 5_000_000),
            total("EUR 2000000 target", 0),
        ]
    );
    let out = ok_on(SECTORS, &["money", "--to", "lab"]);
    assert!(
        out.contains(
            "NODE  BUDGET           RECORDED FUNDERS   IN THIS ANSWER  NO FUNDER NAMED\n\
             lab   EUR 10M pledged  EUR 5M on 2 edges  EUR 5M          EUR 5M\n"
        ),
        "{out}"
    );
}

#[test]
fn status_filters_budgets_too() {
    // lab's budget is pledged: with --status secured it is not counted.
    let v = json(&["money", "--to", "lab", "--status", "secured"]);
    assert_eq!(v["budgets"].as_array().unwrap().len(), 0);
    assert_eq!(
        ok_on(SECTORS, &["money", "--to", "lab", "--status", "secured"]),
        "no money edges match\n"
    );
    let v = json(&["money", "--to", "lab", "--status", "pledged"]);
    assert_eq!(totals(&v), [total("EUR 10000000 pledged", 5_000_000)]);
}

#[test]
fn by_funder_and_by_recipient_place_the_unnamed_rest() {
    let v = json(&["money", "--to", "lab", "--by", "funder"]);
    let last = totals(&v).pop().unwrap();
    assert_eq!(
        last,
        (
            "no funder named".to_string(),
            "EUR 5000000 pledged".to_string(),
            5_000_000
        )
    );
    let v = json(&["money", "--to", "lab", "--by", "recipient"]);
    assert_eq!(
        totals(&v)[0],
        (
            "lab".to_string(),
            "EUR 10000000 pledged".to_string(),
            5_000_000
        )
    );
}

// --------------------------------------------------- repeatable --from/--to

#[test]
fn from_and_to_are_repeatable_any_of_them_matches() {
    let v = json(&["money", "--from", "angel", "--from", "jv"]);
    assert_eq!(flows(&v), ["angel>school", "jv>school"]);
    assert_eq!(totals(&v), [total("EUR 300000 secured", 0)]);

    let v = json(&["money", "--to", "round", "--to", "prog"]);
    assert_eq!(flows(&v), ["state>prog", "agency>round", "vc>round"]);

    // Both: funder among --from and recipient among --to.
    let v = json(&["money", "--from", "vc", "--from", "state", "--to", "lab"]);
    assert_eq!(flows(&v), ["state>lab", "vc>lab"]);

    // A misspelt one is an error naming it.
    let run = run_on(SECTORS, &["money", "--from", "vc", "--from", "angle"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("angle"), "{}", run.stderr);
}

// ------------------------------------------------------------ announced-by

#[test]
fn announced_by_follows_announces_and_part_of() {
    let v = json(&["money", "--announced-by", "minister"]);
    let announced: Vec<(String, String, Option<String>)> = v["announced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["node"]["id"].as_str().unwrap().to_string(),
                a["date"].as_str().unwrap().to_string(),
                a["via"]["id"].as_str().map(str::to_string),
            )
        })
        .collect();
    let a =
        |n: &str, d: &str, via: Option<&str>| (n.to_string(), d.to_string(), via.map(Into::into));
    assert_eq!(
        announced,
        [
            a("oldplan", "2020-01-01", None),
            a("prog", "2020-01-01", Some("oldplan")),
            a("lab", "2024-03-01", Some("plan")),
            a("plan", "2024-03-01", None),
            a("school", "2024-03-01", Some("plan")),
            a("round", "2024-05-10", None),
        ]
    );
    // Money into what was announced: not the round's money to the startup
    // (the startup was not announced).
    assert_eq!(
        flows(&v),
        [
            "state>prog",
            "prog>lab",
            "state>lab",
            "vc>lab",
            "agency>round",
            "vc>round",
            "angel>school",
            "bank>school",
            "corp>school",
            "jv>school"
        ]
    );
    assert_eq!(v["flows"][2]["announced"], "2024-03-01");
}

#[test]
fn announced_by_an_announcement_gives_its_parts() {
    let v = json(&["money", "--announced-by", "plan"]);
    assert_eq!(
        flows(&v),
        [
            "prog>lab",
            "state>lab",
            "vc>lab",
            "angel>school",
            "bank>school",
            "corp>school",
            "jv>school"
        ]
    );
    let out = ok_on(SECTORS, &["money", "--announced-by", "plan"]);
    assert!(
        out.starts_with(
            "announced by plan (2 nodes):\n\
             ANNOUNCED   NODE    HOW           MONEY\n\
             2024-03-01  lab     part of plan  3 money edges, budget EUR 10M pledged\n\
             2024-03-01  school  part of plan  4 money edges\n"
        ),
        "{out}"
    );
}

#[test]
fn time_filters_apply_to_the_announcement_date() {
    // The old plan (2020) is out of a window from 2024: prog's money goes.
    let v = json(&["money", "--announced-by", "minister", "--since", "2024"]);
    let f = flows(&v);
    assert!(!f.contains(&"state>prog".to_string()), "{f:?}");
    assert!(f.contains(&"state>lab".to_string()), "{f:?}");
    // As of 2023 only the old plan had been announced.
    let v = json(&["money", "--announced-by", "minister", "--as-of", "2023"]);
    assert_eq!(flows(&v), ["state>prog"]);
    assert_eq!(totals(&v), [total("EUR 7000000 secured", 0)]);
    // Nothing announced before 2020.
    let out = ok_on(
        SECTORS,
        &["money", "--announced-by", "minister", "--until", "2019"],
    );
    assert_eq!(
        out,
        "announced by minister (0 nodes):\nnothing in this time window\n\nno money edges match\n"
    );
}

// --------------------------------------------- the editorial's two questions

/// "What public money was announced in June 2023, per currency?" (issue 16)
#[test]
fn public_money_announced_in_june_2023_matches_the_editorial() {
    let args = [
        "money", "--sector", "public", "--since", "2023-06", "--until", "2023-06",
    ];
    let v = json_on(EDITORIAL, &args);
    let amounts: Vec<(String, u64)> = v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["recipient"]["id"].as_str().unwrap().to_string(),
                f["edge"]["amount"]["value"].as_u64().unwrap(),
            )
        })
        .collect();
    let a = |id: &str, value: u64| (id.to_string(), value);
    assert_eq!(
        amounts,
        [
            // « pour 500 millions d'euros (financés pour moitié par l'Europe) »
            a("france-exascale-supercomputer", 250_000_000),
            // « des financements supplémentaires à hauteur de 500 millions
            // d'euros seront mis en oeuvre pour « faire émerger cinq à dix
            // clusters » »
            a("france-ai-clusters", 500_000_000),
            // « un fonds d'amorçage de 50 millions est également né »
            a("france-ai-seed-fund-2023", 50_000_000),
            // « la volonté d'investir 50 millions d'euros dans le
            // supercalculateur Jean-Zay »
            a("jean-zay", 50_000_000),
        ]
    );
    // « créer en France d'un supercalculateur Exascale pour 500 millions
    // d'euros (financés pour moitié par l'Europe) »: the other half has no
    // funder named in the editorial.
    assert_eq!(
        v["budgets"][0]["node"]["id"],
        "france-exascale-supercomputer"
    );
    assert_eq!(v["budgets"][0]["budget"]["value"], 500_000_000);
    assert_eq!(v["budgets"][0]["no_funder_named"], 250_000_000);
    // Pledged: 500M + 50M + 500M (the exascale budget: EU 250M + 250M with
    // no funder named); secured: the seed fund's 50M. EUR 1.1bn in all, as
    // in the editorial.
    assert_eq!(
        totals(&v),
        [
            total("EUR 50000000 secured", 0),
            total("EUR 1050000000 pledged", 250_000_000),
        ]
    );
    // Not Tibi 2's « près de 7 milliards d'euros (objectif de 10
    // milliards) » from 28 institutional investors (private), nor « Le
    // premier plan IA de 1,5 milliard d'euros » (2018-2022).
    let recipients: Vec<&str> = v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["recipient"]["id"].as_str().unwrap())
        .collect();
    assert!(!recipients.contains(&"tibi-2"));
    assert!(!recipients.contains(&"france-first-national-ai-plan"));

    let out = ok_on(EDITORIAL, &args);
    assert!(
        out.contains(
            "EUR 50M     secured  1 amount\n\
             EUR 1.05bn  pledged  4 amounts  of which EUR 250M with no funder named\n"
        ),
        "{out}"
    );
}

/// "What did Macron announce at Vivatech, with amounts?" (issue 16)
#[test]
fn macron_at_vivatech_the_six_measures_with_their_amounts() {
    let v = json_on(
        EDITORIAL,
        &[
            "money",
            "--announced-by",
            "macron-vivatech-2023-ai-measures",
        ],
    );
    let measures: Vec<&str> = v["announced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            assert_eq!(a["date"], "2023-06-14");
            a["node"]["id"].as_str().unwrap()
        })
        .collect();
    // « faire émerger cinq à dix clusters », « un fonds d'amorçage de 50
    // millions », « doubler le nombre de formations », « le développement
    // des IA génératives et des grands modèles en open source », « D'où
    // également la volonté d'investir 50 millions d'euros dans le
    // supercalculateur Jean-Zay et de créer en France d'un supercalculateur
    // Exascale ». Tibi 2 (« Par ailleurs ») is not one of them.
    assert_eq!(
        measures,
        [
            "france-ai-clusters",
            "france-ai-seed-fund-2023",
            "france-ai-training-plan-2023",
            "france-exascale-supercomputer",
            "jean-zay",
            "macron-generative-open-source-ai-wish",
        ]
    );
    let amounts: Vec<(String, u64)> = v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["recipient"]["id"].as_str().unwrap().to_string(),
                f["edge"]["amount"]["value"].as_u64().unwrap(),
            )
        })
        .collect();
    let a = |id: &str, value: u64| (id.to_string(), value);
    assert_eq!(
        amounts,
        [
            a("france-exascale-supercomputer", 250_000_000),
            a("france-ai-clusters", 500_000_000),
            a("france-ai-seed-fund-2023", 50_000_000),
            a("jean-zay", 50_000_000),
        ]
    );
    assert_eq!(v["budgets"][0]["budget"]["value"], 500_000_000);
    assert_eq!(
        totals(&v),
        [
            total("EUR 50000000 secured", 0),
            total("EUR 1050000000 pledged", 250_000_000),
        ]
    );
}

// --------------------------------------------------------------- invariants

use proptest::prelude::*;

const FUNDER_KINDS: [&str; 6] = [
    "Jurisdiction",
    "PublicBody",
    "Company",
    "Investor",
    "Person",
    "Programme",
];
const SECTOR_FIELDS: [&str; 4] = [
    "",
    "sector: Public, ",
    "sector: Private, ",
    "sector: Mixed, ",
];

/// A data folder: funders `f0..`, recipients `r0..` (programmes, some with
/// a EUR budget) and EUR money edges from funders to recipients.
fn folder(
    funders: &[(usize, usize)],
    budgets: &[Option<u64>],
    edges: &[(usize, usize, u64, bool)],
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut nodes = String::new();
    for (i, (kind, sector)) in funders.iter().enumerate() {
        nodes += &format!(
            "(id: \"f{i}\", kind: {}, name: \"F{i}\", {}sources: [\"src\"]),\n",
            FUNDER_KINDS[*kind], SECTOR_FIELDS[*sector]
        );
    }
    for (i, budget) in budgets.iter().enumerate() {
        let budget = budget
            .map(|v| format!("budget: (value: {v}, currency: \"EUR\", status: Pledged), "))
            .unwrap_or_default();
        nodes += &format!(
            "(id: \"r{i}\", kind: Programme, name: \"R{i}\", {budget}sources: [\"src\"]),\n"
        );
    }
    let mut list = String::new();
    for (i, (from, to, value, pledged)) in edges.iter().enumerate() {
        let status = if *pledged { "Pledged" } else { "Secured" };
        list += &format!(
            "(from: \"f{}\", kind: Funds, to: \"r{}\", date: \"2024-01-{:02}\", amount: (value: {value}, currency: \"EUR\", status: {status}), sources: [\"src\"]),\n",
            from % funders.len(),
            to % budgets.len(),
            i % 28 + 1
        );
    }
    std::fs::write(
        dir.path().join("data.ron"),
        format!(
            "(sources: [(id: \"src\", title: \"S\", published: \"2024\")], nodes: [{nodes}], edges: [{list}])"
        ),
    )
    .unwrap();
    dir
}

/// The totals as `(currency, status) -> (value, no funder named)`, summed
/// over groups.
fn summed(v: &Value) -> std::collections::BTreeMap<(String, String), (u64, u64)> {
    let mut sums = std::collections::BTreeMap::new();
    for t in v["totals"].as_array().unwrap() {
        let key = (
            t["currency"].as_str().unwrap().to_string(),
            t["status"].as_str().unwrap().to_string(),
        );
        let sum: &mut (u64, u64) = sums.entry(key).or_default();
        sum.0 += t["value"].as_u64().unwrap();
        sum.1 += t["no_funder_named"].as_u64().unwrap();
    }
    sums
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// Sectors split the flows without loss or overlap; `--by sector`
    /// totals add up to the totals; a budget is counted once: the money
    /// into a budgeted node totals the larger of its budget and its edges.
    #[test]
    fn sectors_partition_and_budgets_count_once(
        funders in prop::collection::vec((0usize..6, 0usize..4), 1..5),
        budgets in prop::collection::vec(prop::option::of(1u64..20), 1..4),
        edges in prop::collection::vec((0usize..8, 0usize..8, 1u64..10, any::<bool>()), 0..10),
    ) {
        let budgets: Vec<Option<u64>> = budgets.iter().map(|b| b.map(|v| v * 1_000_000)).collect();
        let edges: Vec<(usize, usize, u64, bool)> =
            edges.iter().map(|&(f, r, v, p)| (f, r, v * 1_000_000, p)).collect();
        let dir = folder(&funders, &budgets, &edges);
        let data = dir.path().to_str().unwrap();

        let all = json_on(data, &["money"]);
        let mut parts: Vec<String> = Vec::new();
        for sector in ["public", "private", "mixed", "unknown"] {
            parts.extend(flows(&json_on(data, &["money", "--sector", sector])));
        }
        let mut whole = flows(&all);
        whole.sort();
        parts.sort();
        prop_assert_eq!(&parts, &whole);

        prop_assert_eq!(summed(&json_on(data, &["money", "--by", "sector"])), summed(&all));

        for (i, budget) in budgets.iter().enumerate() {
            let Some(budget) = budget else { continue };
            let into: u64 = edges
                .iter()
                .filter(|e| e.1 % budgets.len() == i)
                .map(|e| e.2)
                .sum();
            let id = format!("r{i}");
            let v = json_on(data, &["money", "--to", &id]);
            let counted: u64 = summed(&v).values().map(|s| s.0).sum();
            prop_assert_eq!(counted, into.max(*budget), "into {}: {:?}", id, v["totals"]);
        }
    }
}

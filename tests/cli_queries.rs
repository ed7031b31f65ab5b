//! The query commands on `tests/fixtures/queries`, a graph whose answers are
//! known by construction (see its sources.ron): ties, a cycle, parallel
//! edges, a disconnected node and periods with partial-date bounds. Each
//! test asserts the facts that matter exactly, and a snapshot keeps the
//! whole output under review.

use serde_json::Value;

mod common;
use common::{Run, run_on};

fn q(args: &[&str]) -> Run {
    run_on("tests/fixtures/queries", args)
}

#[track_caller]
fn ok(args: &[&str]) -> String {
    let run = q(args);
    assert_eq!(run.code, 0, "reggraph {args:?} failed:\n{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

#[track_caller]
fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(&all)).expect("valid JSON")
}

/// The ids in the first column of the indented lines of a text block.
fn ids_of_layer(text: &str, header: &str) -> Vec<String> {
    text.split(header)
        .nth(1)
        .unwrap_or("")
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

// ---------------------------------------------------------------- neighbors

#[test]
fn neighbors_depth_1_lists_every_adjacent_node_once_sorted_by_id() {
    let out = ok(&["neighbors", "acme"]);
    assert!(
        out.starts_with("Acme (acme): 8 nodes within 1 edge\n"),
        "{out}"
    );
    assert_eq!(
        ids_of_layer(&out, "1 edge away"),
        [
            "alice", "beta", "bob", "carol", "fund-a", "land", "law", "round"
        ]
    );
    // alice reaches acme by two edges (co-founded, leads): the first in
    // relation order (co-founded) is the one shown.
    assert!(
        out.contains("acme <--co-founded (2019-03)-- alice  [src]"),
        "{out}"
    );
    // beta is reached by the cycle's outgoing edge first.
    assert!(out.contains("acme --competes-with--> beta  [src]"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn neighbors_depth_2_groups_by_distance_and_skips_the_disconnected() {
    let out = ok(&["neighbors", "Alice", "--depth", "2"]);
    assert_eq!(ids_of_layer(&out, "1 edge away"), ["acme"]);
    assert_eq!(
        ids_of_layer(&out, "2 edges away"),
        ["beta", "bob", "carol", "fund-a", "land", "law", "round"]
    );
    assert!(!out.contains("island"));
    insta::assert_snapshot!(out);
}

#[test]
fn neighbors_direction_and_kind_filters() {
    let out = ok(&["neighbors", "acme", "--direction", "out"]);
    assert_eq!(ids_of_layer(&out, "1 edge away"), ["beta", "land", "round"]);
    let out = ok(&[
        "neighbors",
        "acme",
        "--direction",
        "in",
        "--edge-kind",
        "invests",
    ]);
    assert_eq!(ids_of_layer(&out, "1 edge away"), ["fund-a"]);
    let out = ok(&["neighbors", "acme", "--node-kind", "person"]);
    assert_eq!(ids_of_layer(&out, "1 edge away"), ["alice", "bob", "carol"]);
}

#[test]
fn neighbors_as_of_respects_partial_date_bounds() {
    // Carol leads from 2022-01: not yet on 2021-12-31; the law regulates acme
    // from 2022; alice's lead (to 2021) still holds on 2021-12-31.
    let out = ok(&["neighbors", "acme", "--as-of", "2021-12-31"]);
    assert_eq!(
        ids_of_layer(&out, "1 edge away"),
        ["alice", "beta", "bob", "fund-a", "land"]
    );
    let out = ok(&["neighbors", "acme", "--as-of", "2022-01-01"]);
    assert_eq!(
        ids_of_layer(&out, "1 edge away"),
        ["alice", "beta", "bob", "carol", "fund-a", "land", "law"]
    );
    // Before acme was founded (2019-03), it did not exist.
    let out = ok(&["neighbors", "acme", "--as-of", "2019-02-28"]);
    assert_eq!(out, "Acme (acme) did not exist as of 2019-02-28\n");
}

#[test]
fn neighbors_of_a_disconnected_node_is_empty_not_an_error() {
    let out = ok(&["neighbors", "island"]);
    assert_eq!(
        out,
        "Island (island): 0 nodes within 1 edge\n\
         no neighbours match; try a larger --depth, --direction both or fewer filters\n"
    );
}

#[test]
fn neighbors_json() {
    let v = json(&["neighbors", "acme", "--depth", "2", "--direction", "out"]);
    assert_eq!(v["centre"]["id"], "acme");
    assert_eq!(v["direction"], "out");
    assert_eq!(v["layers"][0]["distance"], 1);
    assert_eq!(v["layers"][0]["nodes"][2]["node"]["id"], "round");
    let via = &v["layers"][0]["nodes"][2]["via"];
    assert_eq!(via["kind"], "raises");
    assert_eq!(via["amount"]["minor_units"], 500_000_000u64);
    assert_eq!(via["date"], "2023-06");
    assert_eq!(v["layers"][1]["nodes"][0]["node"]["id"], "conf");
    insta::assert_json_snapshot!(v);
}

// --------------------------------------------------------------------- path

#[test]
fn path_prints_the_shortest_chain() {
    let out = ok(&["path", "alice", "beta"]);
    assert_eq!(
        out,
        "Alice Martin --co-founded (2019-03)--> Acme --competes-with--> Beta\n\
         \x20 alice --co-founded--> acme  [src]\n\
         \x20 acme --competes-with--> beta  [src]\n"
    );
}

#[test]
fn path_all_lists_parallel_edges_and_both_directions_of_the_cycle() {
    let out = ok(&["path", "alice", "beta", "--all", "--max-len", "3"]);
    assert!(out.starts_with("4 paths of at most 3 edges from alice to beta, shortest first\n"));
    insta::assert_snapshot!(out);
    // With a longer limit, paths through fund-a or bob do not reach beta
    // without revisiting acme, so there are still four.
    let v = json(&["path", "alice", "beta", "--all", "--max-len", "6"]);
    assert_eq!(v["paths"].as_array().unwrap().len(), 4);
    assert_eq!(v["truncated"], false);
}

#[test]
fn path_all_is_shortest_first_and_limited() {
    let v = json(&["path", "bob", "round", "--all"]);
    let lengths: Vec<u64> = v["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    // Through acme (co-founded, raises) and through conf (participates-in,
    // happened-at); nothing longer avoids revisiting a node.
    assert_eq!(lengths, [2, 2]);
    let v = json(&["path", "bob", "round", "--all", "--limit", "1"]);
    assert_eq!(v["paths"].as_array().unwrap().len(), 1);
    assert_eq!(v["truncated"], true);
    // Same answer twice: deterministic.
    assert_eq!(
        ok(&["path", "bob", "round", "--all"]),
        ok(&["path", "bob", "round", "--all"])
    );
}

#[test]
fn path_directed_follows_arrows() {
    let out = ok(&["path", "fund-a", "beta", "--directed"]);
    assert!(
        out.starts_with("Fund A --invests EUR 1M secured (2020)--> Acme --competes-with--> Beta\n"),
        "{out}"
    );
    let run = q(&["path", "beta", "alice", "--directed"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: no path from beta to alice following arrows\n\
         help: drop --directed to walk edges either way\n"
    );
}

#[test]
fn path_to_a_disconnected_node_fails_with_exit_1() {
    let run = q(&["path", "island", "alice"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: no path from island to alice\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn path_respects_edge_kinds_and_as_of() {
    let out = ok(&["path", "alice", "carol"]);
    assert!(
        out.starts_with(
            "Alice Martin --co-founded (2019-03)--> Acme <--leads (2022-01..)-- Carol Petit\n"
        ),
        "{out}"
    );
    let run = q(&["path", "alice", "carol", "--as-of", "2021"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("help: loosen the --edge-kind and date filters")
    );
    let out = ok(&[
        "path",
        "alice",
        "bob",
        "--edge-kind",
        "leads",
        "--edge-kind",
        "co-founded",
    ]);
    assert!(out.starts_with(
        "Alice Martin --co-founded (2019-03)--> Acme <--co-founded (2019-03)-- Bob Durand\n"
    ));
}

#[test]
fn path_json() {
    let v = json(&["path", "fund-b", "round"]);
    assert_eq!(v["from"]["id"], "fund-b");
    let path = &v["paths"][0];
    assert_eq!(path["length"], 3);
    let ids: Vec<&str> = path["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["fund-b", "beta", "acme", "round"]);
    assert_eq!(path["steps"][0]["forward"], true);
    assert_eq!(path["steps"][0]["amount"]["status"], "target");
    insta::assert_json_snapshot!(v);
}

// ----------------------------------------------------------------- timeline

#[test]
fn timeline_orders_by_date_with_precision_shown() {
    let out = ok(&["timeline"]);
    insta::assert_snapshot!(out);
    let dates: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        dates,
        [
            "2019-03..",
            "2019-03",
            "2019-03..2021",
            "2019-03",
            "2020",
            "2020-01-15",
            "2021-06",
            "2021-06",
            "2022",
            "2022..",
            "2022",
            "2022-01..",
            "2023-06",
            "2023-06",
            "2023-06",
            "2023-06-14",
            "2023-06-14",
            "2030-01-01",
            "18"
        ]
    );
}

#[test]
fn timeline_window_is_inclusive_by_precision() {
    // 2023-06 (a month) meets a window that starts on 2023-06-30; the
    // conference on 2023-06-14 does not.
    let out = ok(&["timeline", "--since", "2023-06-30"]);
    assert!(
        out.contains("2023-06     Acme round (funding-round, round)"),
        "{out}"
    );
    assert!(!out.contains("2023-06-14"), "{out}");
    assert!(
        out.contains("2030-01-01  The Law: applies-from (planned)"),
        "{out}"
    );
    // An until of 2020 keeps everything in 2020, including 2020-01-15.
    let out = ok(&["timeline", "--until", "2020"]);
    assert!(
        out.ends_with("2020-01-15     The Law: proposed  [law-text]\n6 facts\n"),
        "{out}"
    );
}

#[test]
fn timeline_for_an_actor() {
    let out = ok(&["timeline", "--actor", "The Law"]);
    assert_eq!(
        out,
        "2020-01-15  The Law: proposed  [law-text]\n\
         2021-06     The Law: position-adopted  [law-text]\n\
         2022..      The Law --regulates--> Acme  [law-text]\n\
         2022        The Law: in-force  [law-text]\n\
         2030-01-01  The Law: applies-from (planned)  [law-text]\n\
         5 facts\n"
    );
}

#[test]
fn timeline_empty_and_contradictory() {
    assert_eq!(
        ok(&["timeline", "--since", "2040"]),
        "no dated facts match\n"
    );
    let run = q(&["timeline", "--since", "2023-07", "--until", "2023-06"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --since 2023-07 is after --until 2023-06: the window is empty\n\
         help: swap them: --since 2023-06 --until 2023-07\n"
    );
}

#[test]
fn timeline_json() {
    let v = json(&["timeline", "--actor", "law"]);
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[1]["date"], "2021-06");
    assert_eq!(entries[1]["precision"], "month");
    assert_eq!(entries[1]["type"], "milestone");
    assert_eq!(entries[1]["milestone"]["stage"], "position-adopted");
    assert_eq!(entries[2]["type"], "edge");
    assert_eq!(entries[2]["period"]["start"], "2022");
    assert_eq!(entries[4]["milestone"]["actual"], false);
    insta::assert_json_snapshot!(v);
}

// -------------------------------------------------------------------- money

#[test]
fn money_to_a_recipient_keeps_currencies_and_statuses_apart() {
    let out = ok(&["money", "--to", "acme"]);
    // The raise counts as money received by acme from the round.
    assert!(
        out.contains("2023-06  round   unknown  --raises-->   acme       EUR 5M secured"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "TOTAL        STATUS   COUNT\n\
         EUR 8M       secured  3 amounts\n\
         USD 500,000  pledged  1 amount\n"
        ),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn money_by_funder_and_by_year() {
    let out = ok(&["money", "--by", "funder"]);
    assert!(
        out.ends_with(
            "GROUP               TOTAL        STATUS   COUNT\n\
         fund-a (Fund A)     EUR 3M       secured  2 amounts\n\
         fund-a (Fund A)     USD 500,000  pledged  1 amount\n\
         fund-b (Fund B)     EUR 3M       target   1 amount\n\
         round (Acme round)  EUR 5M       secured  1 amount\n"
        ),
        "{out}"
    );
    let out = ok(&[
        "money", "--by", "year", "--status", "secured", "--status", "target",
    ]);
    assert!(
        out.ends_with(
            "GROUP    TOTAL   STATUS   COUNT\n\
         2020     EUR 1M  secured  1 amount\n\
         2021     EUR 2M  secured  1 amount\n\
         2023     EUR 5M  secured  1 amount\n\
         undated  EUR 3M  target   1 amount\n"
        ),
        "{out}"
    );
}

#[test]
fn money_as_of_and_since() {
    let v = json(&["money", "--to", "acme", "--as-of", "2021-05"]);
    assert_eq!(v["flows"].as_array().unwrap().len(), 1);
    assert_eq!(v["totals"][0]["value"], 1_000_000);
    let v = json(&[
        "money",
        "--to",
        "acme",
        "--since",
        "2021-06-30",
        "--until",
        "2022",
    ]);
    let values: Vec<u64> = v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["edge"]["amount"]["value"].as_u64().unwrap())
        .collect();
    assert_eq!(values, [2_000_000, 500_000]);
}

#[test]
fn money_empty_and_bad_flags() {
    assert_eq!(ok(&["money", "--from", "island"]), "no money edges match\n");
    let run = q(&["money", "--edge-kind", "leads"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `leads` edges carry no amounts\nhelp: money edges are funds, invests, finances and raises\n"
    );
    let run = q(&["money", "--to", "acmee"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("did you mean \"acme\" (Acme)?"),
        "{}",
        run.stderr
    );
}

#[test]
fn money_json() {
    let v = json(&["money", "--by", "recipient"]);
    assert_eq!(v["by"], "recipient");
    let first = &v["totals"][0];
    assert_eq!(first["node"]["id"], "acme");
    assert_eq!(first["currency"], "EUR");
    assert_eq!(first["status"], "secured");
    assert_eq!(first["value"], 8_000_000);
    assert_eq!(first["minor_units"], 800_000_000u64);
    insta::assert_json_snapshot!(v);
}

// -------------------------------------------------------------------- stats

#[test]
fn stats_counts_and_ranks_with_ties_by_id() {
    let out = ok(&["stats", "--top", "3"]);
    assert!(out.starts_with("12 nodes, 16 edges\n"));
    assert!(
        out.contains(
            "  ID      NAME    IN  OUT  DEGREE\n\
         \x20 acme    Acme    9   3    12\n\
         \x20 beta    Beta    2   1    3\n\
         \x20 fund-a  Fund A  0   3    3\n"
        ),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn stats_over_a_selection() {
    let v = json(&["stats", "--around", "law", "--depth", "1"]);
    assert_eq!(v["nodes"], 3);
    assert_eq!(v["edges"], 3);
    let v = json(&["stats", "--kind", "person", "--kind", "company"]);
    assert_eq!(v["nodes"], 6);
    assert_eq!(v["edges"], 6);
    assert_eq!(v["by_page_rank"][0]["node"]["id"], "acme");
}

// ------------------------------------------------------------- show / list

#[test]
fn show_regulation_status_as_of() {
    let status = |date: &str| {
        let v = json(&["show", "law", "--as-of", date]);
        v["node"]["status"].as_str().map(str::to_string)
    };
    assert_eq!(status("2019-12-31"), None);
    assert_eq!(status("2020-01-15").as_deref(), Some("proposed"));
    assert_eq!(status("2021-05-31").as_deref(), Some("proposed"));
    // A milestone dated "2021-06" is reached on 2021-06-01.
    assert_eq!(status("2021-06-01").as_deref(), Some("under-negotiation"));
    assert_eq!(status("2022").as_deref(), Some("in-force"));
    // The 2030 date is planned, not actual: still in force.
    assert_eq!(status("2031").as_deref(), Some("in-force"));
    let out = ok(&["show", "law", "--as-of", "2019"]);
    assert!(
        out.contains("  as of        2019 (to 2019-12-31): did not exist yet\n"),
        "{out}"
    );
}

#[test]
fn show_as_of_keeps_only_relations_that_held() {
    let out = ok(&["show", "acme", "--as-of", "2021-12-31"]);
    assert!(out.contains("leads           2019-03..2021 <- alice"));
    assert!(!out.contains("carol"));
    let out = ok(&["show", "acme", "--as-of", "2022-01-01"]);
    assert!(
        !out.contains("<- alice (Alice Martin)  [src]\n  leads"),
        "{out}"
    );
    assert!(out.contains("leads           2022-01.. <- carol (Carol Petit)"));
    assert!(!out.contains("2019-03..2021 <- alice"));
}

#[test]
fn list_as_of() {
    let out = ok(&["list", "--as-of", "2019-02"]);
    assert!(!out.contains("acme"), "{out}");
    assert!(!out.contains("law"), "{out}");
    assert!(out.ends_with("8 of 12 nodes\n"));
}

// ------------------------- the editorial dataset (frozen: tests/fixtures)

#[test]
fn bundled_money_to_mistral_shows_the_raise() {
    let run = run_on(common::EDITORIAL, &["money", "--to", "mistral-ai"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("EUR 105M secured"), "{}", run.stdout);
}

#[test]
fn bundled_path_from_arthur_mensch_to_the_ai_act() {
    let run = run_on(common::EDITORIAL, &["path", "Arthur Mensch", "EU AI Act"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let chain = run.stdout.lines().next().unwrap();
    assert!(chain.starts_with("Arthur Mensch --"), "{chain}");
    assert!(chain.ends_with("EU AI Act"), "{chain}");
}

#[test]
fn bundled_timeline_of_june_2023() {
    let run = run_on(
        common::EDITORIAL,
        &["timeline", "--since", "2023-06-01", "--until", "2023-06-30"],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("2023-06-14              Vivatech 2023 (conference, vivatech-2023)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Mistral AI --raises EUR 105M secured--> Mistral AI EUR 105M funding round")
    );
}

#[test]
fn bundled_ai_act_was_under_negotiation_in_june_2023() {
    let run = run_on(
        common::EDITORIAL,
        &["show", "eu-ai-act", "--as-of", "2023-06-15"],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("  status       under-negotiation\n"),
        "{}",
        run.stdout
    );
    let run = run_on(
        common::EDITORIAL,
        &["show", "eu-ai-act", "--as-of", "2024-08-01"],
    );
    assert!(
        run.stdout.contains("  status       in-force\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_ids_in_queries_exit_1() {
    for args in [
        &["neighbors", "nobody"][..],
        &["path", "alice", "nobody"],
        &["timeline", "--actor", "nobody"],
        &["stats", "--around", "nobody"],
    ] {
        let run = q(args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(
            run.stderr
                .starts_with("error: no node matches \"nobody\"\n"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn bad_flags_exit_2() {
    for args in [
        &["neighbors", "acme", "--as-of", "2023-02-30"][..],
        &["path", "alice", "beta", "--max-len", "0"],
        &["money", "--by", "month"],
        &["stats", "--depth", "2"],
        &["neighbors", "acme", "--edge-kind", "cofunded"],
    ] {
        let run = q(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error:"), "{args:?}: {}", run.stderr);
    }
    let run = q(&["neighbors", "acme", "--as-of", "2023-02-30"]);
    assert!(
        run.stderr.contains("`2023-02-30` is not a real date"),
        "{}",
        run.stderr
    );
    let run = q(&["neighbors", "acme", "--edge-kind", "cofunded"]);
    assert!(
        run.stderr.contains("did you mean `co-founded`?"),
        "{}",
        run.stderr
    );
}

// ------------------------------------------------------------ time edges

fn t(args: &[&str]) -> Run {
    run_on("tests/fixtures/time-edges", args)
}

#[test]
fn planned_dates_never_decide_existence_or_status() {
    let run = t(&["show", "draft", "--as-of", "2025"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("  as of        2025 (to 2025-12-31)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  status       proposed\n"),
        "{}",
        run.stdout
    );
    let run = t(&["show", "draft", "--as-of", "2031"]);
    assert!(
        run.stdout.contains("  status       proposed\n"),
        "{}",
        run.stdout
    );
    let run = t(&["list", "--as-of", "2025"]);
    assert!(run.stdout.contains("draft"), "{}", run.stdout);
}

#[test]
fn a_finished_fact_had_ended() {
    let run = t(&["show", "plan", "--as-of", "2023-06"]);
    assert!(
        run.stdout
            .contains("  as of        2023-06 (to 2023-06-30): had ended (2022)\n"),
        "{}",
        run.stdout
    );
    let run = t(&["--format", "json", "show", "plan", "--as-of", "2017"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["existed"], false);
    assert!(v.get("ended").is_none());
}

#[test]
fn money_lists_edges_whose_amount_is_not_given() {
    let run = t(&["money", "--to", "plan"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("2018..2022  land    public  --funds-->  plan       amount not given  [src]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("no amounts given\n"), "{}", run.stdout);
    let run = t(&["money", "--status", "secured"]);
    assert_eq!(run.stdout, "no money edges match\n");
}

#[test]
fn path_to_a_node_that_did_not_exist_yet_says_so() {
    let run = q(&["path", "alice", "acme", "--as-of", "2019-02"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: Acme (acme) did not exist as of 2019-02\nhelp: pick another date, or leave out the date filters\n"
    );
}

#[test]
fn applicable_is_partly_applicable_while_later_dates_are_pending() {
    let status = |date: &str| {
        let v: Value = serde_json::from_str(
            &t(&["--format", "json", "show", "phased", "--as-of", date]).stdout,
        )
        .unwrap();
        v["node"]["status"].as_str().unwrap().to_string()
    };
    assert_eq!(status("2021-05"), "in-force");
    assert_eq!(status("2021-06"), "partly-applicable");
    // Once every later application date has passed, it is applicable.
    assert_eq!(status("2095"), "applicable");
}

/// One fact is said in the same words wherever it appears: the text of
/// `show`, `neighbors`, `timeline` and `money`, the `text` of the amount in
/// JSON, and the edge label and tooltip of the DOT diagram.
#[test]
fn a_fact_is_worded_the_same_in_text_json_and_dot() {
    let words = "EUR 5M secured";
    for args in [
        &["show", "acme"][..],
        &["neighbors", "acme"],
        &["timeline", "--actor", "acme"],
        &["money", "--to", "acme"],
    ] {
        let out = ok(args);
        assert!(out.contains(words), "{args:?}:\n{out}");
    }
    assert!(
        ok(&["neighbors", "acme"]).contains("--raises EUR 5M secured (2023-06)--> round"),
        "the arrow of neighbors"
    );
    let shown = json(&["show", "acme"]);
    let amounts: Vec<&str> = shown["outgoing"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["amount"]["text"].as_str())
        .collect();
    assert_eq!(amounts, [words]);
    let dot = ok(&["export", "dot", "--around", "acme"]);
    assert!(dot.contains("raises\\nEUR 5M secured\\n2023-06"), "{dot}");
    assert!(
        dot.contains("Acme raises Acme round: EUR 5M secured (2023-06)"),
        "{dot}"
    );
}

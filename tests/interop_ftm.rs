//! `export ftm` (issue 15, item 7): FollowTheMoney entities, checked by
//! followthemoney's own `ftm validate` (tests/interop/check_ftm.py), which
//! drops silently what it cannot clean: the check fails on any value it
//! did not keep as written. On the bundled data and on a generated
//! 10,000-node folder; a snapshot and hostile text without Python.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::interop::{editorial, export, generated, python, run_script};
use serde_json::Value;

/// The generated folder, made once for this test binary.
fn generated_10k() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| generated(10_000)).path()
}

/// The `ftm` command of the interop environment, beside its Python.
fn ftm_command(python: &Path) -> PathBuf {
    python.with_file_name("ftm")
}

/// Runs check_ftm.py on `file`, printing the entities `show` (as
/// `ftm validate` gave them back), and returns its JSON answer.
fn check(python: &Path, file: &Path, show: &[&str]) -> Value {
    let ftm = ftm_command(python);
    let mut args: Vec<&OsStr> = vec![file.as_os_str(), OsStr::new("--ftm"), ftm.as_os_str()];
    for id in show {
        args.push(OsStr::new("--show"));
        args.push(OsStr::new(id));
    }
    serde_json::from_str(&run_script(python, "check_ftm.py", &args)).expect("check_ftm prints JSON")
}

/// Every line of an `export ftm` file, parsed.
fn entities(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect()
}

fn entity<'a>(all: &'a [Value], id: &str) -> &'a Value {
    all.iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

#[test]
fn ftm_validate_keeps_every_value_of_the_bundled_data() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = export(&editorial(), &["ftm"], dir.path(), "editorial.ftm.json");
    let answer = check(
        &python,
        &file,
        &[
            "mistral-ai",
            "arthur-mensch",
            "eu-ai-act",
            "mistral-ai.raises.mistral-ai-2023-06-round",
            "arthur-mensch.co-founded.mistral-ai",
            "tibi-2-institutional-investors.invests.tibi-2.2",
            "eu-ai-act.milestone.1",
            "source.alliancy-edito-2023-06",
        ],
    );
    // 35 nodes, 7 sources, 53 edges, 12 milestones (each with its link).
    assert_eq!(answer["entities"], 35 + 7 + 53 + 2 * 12);
    let schemata = &answer["schemata"];
    assert_eq!(schemata["Person"], 4);
    assert_eq!(schemata["Article"], 7);
    // funds 5, finances 2, invests 2, raises 1.
    assert_eq!(schemata["Payment"], 10);
    assert_eq!(schemata["Project"], 1);

    let shown = &answer["shown"];
    let company = &shown["mistral-ai"];
    assert_eq!(company["name"], serde_json::json!(["Mistral AI"]));
    assert_eq!(company["incorporationDate"], serde_json::json!(["2023-04"]));
    assert!(
        company["sourceUrl"]
            .as_array()
            .unwrap()
            .contains(&Value::from("https://en.wikipedia.org/wiki/Mistral_AI"))
    );

    // The raise: the money goes from the round to the company, with its
    // amount, currency, date, quote and source.
    let raise = &shown["mistral-ai.raises.mistral-ai-2023-06-round"];
    assert_eq!(
        raise["payer"],
        serde_json::json!(["mistral-ai-2023-06-round"])
    );
    assert_eq!(raise["beneficiary"], serde_json::json!(["mistral-ai"]));
    assert_eq!(raise["amount"], serde_json::json!(["105000000"]));
    assert_eq!(raise["currency"], serde_json::json!(["EUR"]));
    assert_eq!(raise["publisher"], serde_json::json!(["Alliancy"]));
    assert!(raise["date"].as_array().is_some_and(|d| d.len() == 1));
    assert!(raise["summary"].as_array().is_some_and(|q| !q.is_empty()));
    assert_eq!(
        raise["recordId"],
        serde_json::json!(["mistral-ai/raises/mistral-ai-2023-06-round"])
    );

    // Parallel edges stay apart: Tibi 2's secured and targeted amounts.
    let second = &shown["tibi-2-institutional-investors.invests.tibi-2.2"];
    assert_eq!(second["currency"], serde_json::json!(["EUR"]));

    let founder = &shown["arthur-mensch.co-founded.mistral-ai"];
    assert_eq!(founder["member"], serde_json::json!(["arthur-mensch"]));
    assert_eq!(founder["organization"], serde_json::json!(["mistral-ai"]));
    assert_eq!(founder["role"], serde_json::json!(["co-founded"]));

    let act = &shown["eu-ai-act"];
    assert!(act["status"].as_array().is_some_and(|s| s.len() == 1));
    let proposed = &shown["eu-ai-act.milestone.1"];
    assert_eq!(proposed["date"], serde_json::json!(["2021-04-21"]));
    assert!(
        proposed["keywords"]
            .as_array()
            .unwrap()
            .contains(&Value::from("proposed"))
    );

    let article = &shown["source.alliancy-edito-2023-06"];
    assert_eq!(article["publisher"], serde_json::json!(["Alliancy"]));
    assert_eq!(article["publishedAt"], serde_json::json!(["2023-06"]));
    assert_eq!(article["language"], serde_json::json!(["fra"]));
}

#[test]
fn ftm_validate_keeps_every_value_of_a_generated_10k_folder() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = export(generated_10k(), &["ftm"], dir.path(), "generated.ftm.json");
    let answer = check(&python, &file, &[]);
    let records: Value = {
        let json = export(generated_10k(), &["json"], dir.path(), "generated.json");
        serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap()
    };
    let count = |key: &str| records[key].as_array().unwrap().len();
    assert_eq!(
        answer["entities"].as_u64().unwrap() as usize,
        count("nodes") + count("edges") + count("sources") + 2 * count("milestones")
    );
    let money = records["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            matches!(
                e["kind"].as_str(),
                Some("funds" | "invests" | "finances" | "raises")
            )
        })
        .count();
    assert_eq!(
        answer["schemata"]["Payment"].as_u64().unwrap() as usize,
        money
    );
}

/// Data with what FtM's JSON and its cleaning could break on: quotes of
/// both kinds, `<`, `&`, `]]>`, backslashes, line breaks, a right-to-left
/// override, a decomposed accent, in names, quotes and URLs.
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("graph.ron"),
        r##"(
    sources: [
        (id: "src", title: "It's <b>\"T\"</b> & ]]>", publisher: "O'Brien & <Sons>", url: "https://example.org/it's?a=1&b=\"2\"#]]>", language: "fr"),
    ],
    nodes: [
        (id: "hostile-co", kind: Company, name: "'Q' & <Co> ]]> \"x\" \\ back\nslash", aliases: ["e\u{301}cole \u{202e}rtl"], description: "line one\nline two <&> ]]> \\ \" ' \u{202e}end", sources: ["src"], quote: "« l'État » \"q\"\r\n]]>"),
        (id: "other-co", kind: Company, name: "\"Quoted whole\"", sources: ["src"]),
    ],
    edges: [
        (from: "other-co", kind: Invests, to: "hostile-co", date: "2023-06", amount: (value: 5, currency: "EUR", status: Secured), quote: "it's <5> & \"five\" \\ ]]>\n", note: "n\u{202e}ote", sources: ["src"]),
    ],
)
"##,
    )
    .unwrap();
    dir
}

#[test]
fn hostile_text_reaches_ftm_as_ftm_keeps_it() {
    let data = hostile_folder();
    let dir = tempfile::tempdir().unwrap();
    let file = export(data.path(), &["ftm"], dir.path(), "hostile.ftm.json");
    let bytes = std::fs::read(&file).unwrap();
    let again = std::fs::read(export(data.path(), &["ftm"], dir.path(), "again.ftm.json")).unwrap();
    assert_eq!(bytes, again, "the same data gives the same bytes");

    let all = entities(&bytes);
    let company = &entity(&all, "hostile-co")["properties"];
    // Names as FtM's name type keeps them: whitespace squashed; text
    // properties exactly as written, line breaks and all.
    assert_eq!(
        company["name"],
        serde_json::json!(["'Q' & <Co> ]]> \"x\" \\ back slash"])
    );
    assert_eq!(
        company["alias"],
        serde_json::json!(["\u{e9}cole \u{202e}rtl"])
    );
    assert_eq!(
        company["description"],
        serde_json::json!(["line one\nline two <&> ]]> \\ \" ' \u{202e}end"])
    );
    assert_eq!(
        company["notes"],
        serde_json::json!(["« l'État » \"q\"\r\n]]>"])
    );
    assert_eq!(
        company["sourceUrl"],
        serde_json::json!(["https://example.org/it's?a=1&b=\"2\"#]]>"])
    );
    assert_eq!(
        company["publisher"],
        serde_json::json!(["O'Brien & <Sons>"])
    );
    // One pair of surrounding quotes goes, as FtM's name cleaning does.
    let other = &entity(&all, "other-co")["properties"];
    assert_eq!(other["name"], serde_json::json!(["Quoted whole"]));
    let payment = &entity(&all, "other-co.invests.hostile-co")["properties"];
    assert_eq!(
        payment["summary"],
        serde_json::json!(["it's <5> & \"five\" \\ ]]>"])
    );
    assert_eq!(payment["description"], serde_json::json!(["n\u{202e}ote"]));

    let Some(python) = python() else { return };
    let answer = check(
        &python,
        &file,
        &[
            "hostile-co",
            "other-co",
            "other-co.invests.hostile-co",
            "source.src",
        ],
    );
    // What FtM read back is what we wrote (the check fails otherwise).
    for id in ["hostile-co", "other-co", "other-co.invests.hostile-co"] {
        assert_eq!(answer["shown"][id], entity(&all, id)["properties"], "{id}");
    }
    assert_eq!(
        answer["shown"]["source.src"]["title"],
        serde_json::json!(["It's <b>\"T\"</b> & ]]>"])
    );
}

#[test]
fn ftm_of_mistral_ai_s_neighbourhood() {
    let dir = tempfile::tempdir().unwrap();
    let file = export(
        &editorial(),
        &["ftm", "--around", "mistral-ai"],
        dir.path(),
        "around.ftm.json",
    );
    insta::assert_snapshot!(String::from_utf8(std::fs::read(file).unwrap()).unwrap());
}

mod random {
    use super::*;
    use proptest::prelude::*;
    use reggraph::export::interchange::Interchange;
    use reggraph::graph::KnowledgeGraph;
    use reggraph::query::Selection;

    proptest! {
        // Each case starts Python and followthemoney (about a second).
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// Random datasets, random Unicode text in names, aliases and
        /// descriptions: `ftm validate` keeps every value we wrote, so our
        /// cleaning is FtM's.
        #[test]
        fn ftm_validate_keeps_every_value_of_random_data(dataset in common::dataset()) {
            let Some(python) = python() else { return Ok(()) };
            let graph = KnowledgeGraph::build(dataset);
            let records = Interchange::of(&graph, &Selection::all().apply(&graph), None, true);
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("random.ftm.json");
            std::fs::write(&file, reggraph::export::ftm::to_ftm(&records)).unwrap();
            let answer = check(&python, &file, &[]);
            prop_assert_eq!(
                answer["entities"].as_u64().unwrap() as usize,
                records.nodes.len() + records.edges.len() + records.sources.len()
                    + 2 * records.milestones.len()
            );
        }
    }
}

//! `agenda`: what comes next and what is overdue, on a fixed today
//! (2026-11-30, `common::TODAY`), and the `today` date forms every query
//! flag takes.

mod common;

use common::Run;

const AGENDA: &str = "tests/fixtures/agenda";

fn agenda(args: &[&str]) -> Run {
    let mut all = vec!["agenda"];
    all.extend_from_slice(args);
    common::run_on(AGENDA, &all)
}

fn on(today: &str, data: &str, args: &[&str]) -> Run {
    let mut all = vec!["--data", data];
    all.extend_from_slice(args);
    common::run(&all, &[("REGGRAPH_TODAY", today)])
}

fn ok(run: Run) -> String {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

const OVERDUE: &str = "2026-06-01  overdue  Law: applies-from [Part 1]  [src]\n";

#[test]
fn from_today_on_in_date_order_with_the_overdue_and_scopes() {
    assert_eq!(common::TODAY, "2026-11-30");
    assert_eq!(
        ok(agenda(&[])),
        format!(
            "from 2026-11-30 (today), no end\n\
             {OVERDUE}\
             2026-11     planned  Law: applies-from [Part 2]  [src]\n\
             2026-12-10           Pat --calls-for--> Law  [src]\n\
             2027-01-15  planned  Law: applies-from [Part 4] (written first)  [src]\n\
             2027-01-15  planned  Law: applies-from [Part 3]  [src]\n\
             2027-02              Summit (conference, summit)  [src]\n\
             2027-03-01  planned  Other law: adopted  [src]\n\
             2028        planned  Law: applies-from [general date]  [src]\n\
             8 facts, 1 overdue (planned, date passed, not confirmed)\n"
        )
    );
}

#[test]
fn overdue_follows_today() {
    // The day before Part 1's date it is still planned, and in the window.
    let before = ok(on("2026-05-31", AGENDA, &["agenda", "--until", "2026-06"]));
    assert_eq!(
        before,
        "from 2026-05-31 (today) to 2026-06\n\
         2026-06-01  planned  Law: applies-from [Part 1]  [src]\n\
         1 fact\n"
    );
    // A month-long date has passed only once its last day has.
    let in_month = ok(on(
        "2026-12-01",
        AGENDA,
        &["agenda", "--until", "2026-12-01"],
    ));
    assert_eq!(
        in_month,
        format!(
            "from 2026-12-01 (today) to 2026-12-01\n\
             {OVERDUE}\
             2026-11     overdue  Law: applies-from [Part 2]  [src]\n\
             2 facts, 2 overdue (planned, date passed, not confirmed)\n"
        )
    );
}

#[test]
fn an_actor_gets_its_facts_and_the_milestones_of_the_regulations_it_is_linked_to() {
    // Pat calls for Law: Pat's dated relations and Law's milestones; not
    // Other law's, not the summit Pat has nothing to do with.
    let pat = ok(agenda(&["--actor", "pat"]));
    assert_eq!(
        pat,
        format!(
            "from 2026-11-30 (today), no end\n\
             {OVERDUE}\
             2026-11     planned  Law: applies-from [Part 2]  [src]\n\
             2026-12-10           Pat --calls-for--> Law  [src]\n\
             2027-01-15  planned  Law: applies-from [Part 4] (written first)  [src]\n\
             2027-01-15  planned  Law: applies-from [Part 3]  [src]\n\
             2028        planned  Law: applies-from [general date]  [src]\n\
             6 facts, 1 overdue (planned, date passed, not confirmed)\n"
        )
    );
    // A regulation: its own milestones and its relations, by name too.
    let law = ok(agenda(&["--actor", "Other law"]));
    assert_eq!(
        law,
        "from 2026-11-30 (today), no end\n\
         2027-03-01  planned  Other law: adopted  [src]\n\
         1 fact\n"
    );
    let summit = ok(agenda(&["--actor", "summit"]));
    assert!(
        summit.contains("2027-02           Summit (conference"),
        "{summit}"
    );
    assert!(!summit.contains("Law"), "{summit}");
    let unknown = agenda(&["--actor", "patt"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("did you mean \"pat\""),
        "{}",
        unknown.stderr
    );
}

#[test]
fn within_is_until_today_plus_the_span() {
    let within = ok(agenda(&["--within", "180d"]));
    assert!(
        within.starts_with("from 2026-11-30 (today) to 2027-05-29\n"),
        "{within}"
    );
    assert!(within.contains("Other law: adopted"), "{within}");
    assert!(!within.contains("general date"), "{within}");
    assert_eq!(within, ok(agenda(&["--until", "today+180d"])));
    assert_eq!(within, ok(agenda(&["--until", "2027-05-29"])));
    let both = agenda(&["--within", "6m", "--until", "2027"]);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
    let bad = agenda(&["--within", "6 months"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("`6 months` is not a span: unknown unit ` months`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_window_in_the_past_keeps_the_overdue_and_an_empty_one_says_so() {
    let past = ok(agenda(&["--since", "2025", "--until", "2025-12"]));
    assert_eq!(
        past,
        format!(
            "from 2025 to 2025-12\n\
             2025-03-01           Other law: proposed  [src]\n\
             2025-05-05           Old summit (conference, old-summit)  [src]\n\
             2025-05-05           Pat --participates-in--> Old summit  [src]\n\
             {OVERDUE}\
             4 facts, 1 overdue (planned, date passed, not confirmed)\n"
        )
    );
    // Nothing after 2030 and, on 2026-01-01, nothing overdue: exit 0.
    let empty = on("2026-01-01", AGENDA, &["agenda", "--since", "2030"]);
    assert_eq!(
        ok(empty),
        "nothing dated from 2030, no end and nothing overdue\n"
    );
    let swapped = agenda(&["--since", "2027", "--until", "2026"]);
    assert_eq!(swapped.code, 2);
    assert_eq!(
        swapped.stderr,
        "error: --since 2027 is after --until 2026: the window is empty\n\
         help: swap them: --since 2026 --until 2027\n"
    );
}

#[test]
fn json_says_how_each_entry_is_due_and_every_field_is_documented() {
    let run = agenda(&["--format", "json", "--within", "2m"]);
    let value: serde_json::Value = serde_json::from_str(&ok(run)).unwrap();
    assert_eq!(value["today"], "2026-11-30");
    assert_eq!(value["since"], "2026-11-30");
    assert_eq!(value["until"], "2027-01-30");
    assert_eq!(value["overdue"], 1);
    let entries = value["entries"].as_array().unwrap();
    let dues: Vec<&str> = entries.iter().map(|e| e["due"].as_str().unwrap()).collect();
    assert_eq!(dues, ["overdue", "planned", "dated", "planned", "planned"]);
    assert_eq!(entries[0]["type"], "milestone");
    assert_eq!(entries[0]["milestone"]["scope"], "Part 1");
    assert_eq!(entries[0]["milestone"]["actual"], false);
    assert_eq!(entries[2]["type"], "edge");
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"),
    )
    .unwrap();
    let section = docs
        .split("## `agenda`")
        .nth(1)
        .expect("docs/json.md has an `agenda` section");
    for key in [
        "today", "since", "until", "overdue", "entries", "due", "scope",
    ] {
        assert!(
            section.contains(&format!("\"{key}\"")),
            "{key} undocumented"
        );
    }
}

#[test]
fn the_ai_acts_next_milestone_and_its_passed_planned_dates_in_one_command() {
    let run = common::run_on(common::EDITORIAL, &["agenda", "--actor", "eu-ai-act"]);
    assert_eq!(
        ok(run),
        "from 2026-11-30 (today), no end\n\
         2026-08-02  overdue  EU AI Act: applies-from [general date] (General date of application (Art. 113), as set in the text published in 2024; later amendments not recorded here)  [regulation-2024-1689]\n\
         2027-08-02  planned  EU AI Act: applies-from [Art. 6(1), high-risk (Annex I)] (Art. 6(1) high-risk classification and the corresponding obligations (Art. 113(c)), as set in the text published in 2024; later amendments not recorded here)  [regulation-2024-1689]\n\
         2 facts, 1 overdue (planned, date passed, not confirmed)\n"
    );
}

#[test]
fn show_says_a_regulations_next_milestone() {
    let next = |args: &[&str]| {
        let mut all = vec!["show", "eu-ai-act"];
        all.extend_from_slice(args);
        let out = ok(common::run_on(common::EDITORIAL, &all));
        out.lines()
            .find_map(|l| l.strip_prefix("  next"))
            .map(|l| l.trim().to_string())
    };
    assert_eq!(
        next(&[]).as_deref(),
        Some("2027-08-02 applies-from [Art. 6(1), high-risk (Annex I)] (planned)")
    );
    assert_eq!(
        next(&["--as-of", "2025-01"]).as_deref(),
        Some("2025-02-02 applies-from [Chapters I-II]")
    );
    // Nothing after the last one; a node without milestones has no line.
    assert_eq!(
        on("2027-08-03", common::EDITORIAL, &["show", "eu-ai-act"])
            .stdout
            .lines()
            .find(|l| l.starts_with("  next")),
        None
    );
    let mistral = ok(common::run_on(common::EDITORIAL, &["show", "mistral-ai"]));
    assert!(!mistral.contains("  next"), "{mistral}");
}

/// Article 113 of Regulation (EU) 2024/1689, verbatim (OJ L 2024/1689).
const ARTICLE_113: &str = "This Regulation shall enter into force on the twentieth day following \
    that of its publication in the Official Journal of the European Union. It shall apply from 2 \
    August 2026. However: (a) Chapters I and II shall apply from 2 February 2025; (b) Chapter III \
    Section 4, Chapter V, Chapter VII and Chapter XII and Article 78 shall apply from 2 August \
    2025, with the exception of Article 101; (c) Article 6(1) and the corresponding obligations \
    in this Regulation shall apply from 2 August 2027.";

#[test]
fn the_ai_act_application_dates_quote_article_113_verbatim() {
    let file = std::fs::read_to_string(format!("{}/eu-ai-act.ron", common::EDITORIAL)).unwrap();
    let mut quoted = Vec::new();
    for line in file.lines().filter(|l| l.contains("locator: \"Art. 113")) {
        let quote = line
            .split("quote: \"")
            .nth(1)
            .and_then(|rest| rest.split("\", locator").next())
            .unwrap();
        assert!(ARTICLE_113.contains(quote), "not in Article 113: {quote:?}");
        assert!(line.contains("source: \"regulation-2024-1689\""), "{line}");
        quoted.push(quote);
    }
    assert_eq!(
        quoted.len(),
        5,
        "entry into force and four application dates"
    );
    // Each application date with its scope, as `agenda` shows them.
    let run = common::run_on(
        common::EDITORIAL,
        &["agenda", "--actor", "eu-ai-act", "--since", "2024"],
    );
    let out = ok(run);
    for scoped in [
        "2025-02-02           EU AI Act: applies-from [Chapters I-II]",
        "2025-08-02           EU AI Act: applies-from [Chapter III Section 4, Chapters V, VII, XII (except Art. 101), Art. 78]",
        "2026-08-02  overdue  EU AI Act: applies-from [general date]",
        "2027-08-02  planned  EU AI Act: applies-from [Art. 6(1), high-risk (Annex I)]",
    ] {
        assert!(out.contains(scoped), "{scoped}\n{out}");
    }
}

// ------------------------------------------------------------ date forms

#[test]
fn today_forms_work_wherever_a_query_takes_a_date() {
    // `today` is REGGRAPH_TODAY's day, in every flag that takes a date.
    let timeline = |today: &str, args: &[&str]| {
        let mut all = vec!["timeline"];
        all.extend_from_slice(args);
        ok(on(today, AGENDA, &all))
    };
    assert_eq!(
        timeline("2025-05-05", &["--since", "today", "--until", "today"]),
        timeline(
            "2025-05-05",
            &["--since", "2025-05-05", "--until", "2025-05-05"]
        )
    );
    assert_eq!(
        timeline(
            "2026-11-30",
            &["--since", "today-2y", "--until", "today-1y"]
        ),
        timeline(
            "2026-11-30",
            &["--since", "2024-11-30", "--until", "2025-11-30"]
        )
    );
    assert_eq!(
        timeline("2026-11-30", &["--since", "today-90d"]),
        timeline("2026-11-30", &["--since", "2026-09-01"])
    );
    assert_eq!(
        timeline("2026-11-30", &["--until", "today+2w"]),
        timeline("2026-11-30", &["--until", "2026-12-14"])
    );
    // --as-of, in show and in list.
    let status = |args: &[&str]| {
        let mut all = vec!["show", "law"];
        all.extend_from_slice(args);
        ok(on("2026-11-30", "tests/fixtures/future-milestone", &all))
    };
    assert_eq!(
        status(&["--as-of", "today-6m"]),
        status(&["--as-of", "2026-05-30"])
    );
    let list = on("2025-05-04", AGENDA, &["list", "--as-of", "today"]);
    assert!(!ok(list).contains("old-summit"));
    let list = on("2025-05-04", AGENDA, &["list", "--as-of", "today+1d"]);
    assert!(ok(list).contains("old-summit"));
}

#[test]
fn a_month_from_the_31st_ends_on_the_last_day_of_the_month() {
    let until = |today: &str, form: &str| {
        ok(on(today, AGENDA, &["agenda", "--until", form]))
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        until("2027-01-31", "today+1m"),
        "from 2027-01-31 (today) to 2027-02-28"
    );
    assert_eq!(
        until("2027-03-31", "today+11m"),
        "from 2027-03-31 (today) to 2028-02-29"
    );
    assert_eq!(
        until("2028-02-29", "today+1y"),
        "from 2028-02-29 (today) to 2029-02-28"
    );
}

#[test]
fn a_bad_date_form_says_what_is_accepted() {
    for (form, message) in [
        (
            "tomorrow",
            "`tomorrow` is not a date: expected YYYY, YYYY-MM, YYYY-MM-DD, today, or today-N / today+N with a unit d, w, m or y (today-90d, today+6m)",
        ),
        (
            "today+6x",
            "`today+6x` is not a span: unknown unit `x`: use d (days), w (weeks), m (months) or y (years)",
        ),
        (
            "today-6",
            "`today-6` is not a span: it has no unit: write 180d, 2w, 6m or 1y",
        ),
        (
            "today+9999y",
            "`today+9999y` is not a span: the count must be a whole number from 0 to 300",
        ),
    ] {
        for flag in ["--since", "--until"] {
            let run = common::run_on(AGENDA, &["timeline", flag, form]);
            assert_eq!(run.code, 2, "{form}");
            assert!(run.stderr.contains(message), "{form}: {}", run.stderr);
            assert_eq!(run.stdout, "");
        }
    }
    let run = common::run_on(AGENDA, &["show", "law", "--as-of", "today+1q"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown unit `q`"), "{}", run.stderr);
}

#[test]
fn data_text_is_printed_with_visible_escapes() {
    let run = common::run_on("tests/fixtures/hostile", &["agenda", "--since", "2000"]);
    let out = ok(run);
    assert!(out.contains(r"Line one\nLine two\r"), "{out}");
    for byte in [0x1b, 0x0d, 0x07, 0x00] {
        assert!(
            !out.as_bytes().contains(&byte),
            "{byte:#04x} raw in {out:?}"
        );
    }
}

/// `--within` counts from today: with `--since` in the past it silently
/// gave years of window; the two are refused together (as `--until` is).
#[test]
fn within_does_not_go_with_since() {
    let run = agenda(&["--since", "2024-01", "--within", "180d"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("'--since <DATE>' cannot be used with '--within <SPAN>'"),
        "{}",
        run.stderr
    );
}

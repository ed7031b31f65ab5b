//! Hostile content on terminals (issue #14, item 6): what a data file or
//! the command line could hold to attack whoever reads our text. Text for
//! people shows control characters and bidirectional overrides as visible
//! escapes (never raw, so a name cannot retitle or clear the terminal of
//! whoever runs `show`); JSON keeps JSON's own escaping. Pictures:
//! tests/hostile_pictures.rs.
//!
//! The loader refuses raw and escaped C0 and C1 controls (but tab, line
//! feed and carriage return), DEL and noncharacters, so the queryable
//! fixture `tests/fixtures/hostile-content/` holds what it lets through
//! (carriage returns, line breaks, bidirectional overrides and isolates);
//! the rest is tested where it can still arrive: `check`'s quoted lines and
//! messages quoting the command line.

mod common;

use common::{Run, run_on};

const HOSTILE: &str = "tests/fixtures/hostile-content";

/// The bidirectional embeddings, overrides and isolates ("Trojan Source").
const BIDI: [char; 9] = [
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// What must never reach a terminal raw: ESC, BEL, CR, DEL (as bytes), a
/// C1 control, a noncharacter or a bidirectional control.
#[track_caller]
fn assert_printable(what: &str, text: &str) {
    for byte in [0x1b, 0x07, 0x0d, 0x7f, 0x00, 0x08] {
        assert!(
            !text.as_bytes().contains(&byte),
            "{what}: byte {byte:#04x} printed raw:\n{text:?}"
        );
    }
    for c in text.chars() {
        let code = c as u32;
        assert!(
            !BIDI.contains(&c)
                && !('\u{80}'..='\u{9f}').contains(&c)
                && code & 0xfffe != 0xfffe
                && !(0xfdd0..=0xfdef).contains(&code),
            "{what}: U+{code:04X} printed raw:\n{text:?}"
        );
    }
}

#[track_caller]
fn query(args: &[&str]) -> Run {
    let run = run_on(HOSTILE, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

#[test]
fn the_fixture_is_clean() {
    let run = run_on(HOSTILE, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_query_prints_unprintable_characters_as_visible_escapes() {
    for args in [
        &["list"][..],
        &["list", "--match", "name"],
        &["show", "overwrite"],
        &["show", "rtl"],
        &["show", "js-newline-node"],
        &["neighbors", "overwrite", "--depth", "2"],
        &["neighbors", "rtl", "--direction", "in"],
        &["path", "js-case-node", "vb-node"],
        &["path", "js-case-node", "vb-node", "--all"],
        &["timeline"],
        &["timeline", "--actor", "overwrite"],
        &["money"],
        &["money", "--by", "funder"],
        &["money", "--by", "recipient"],
        &["stats"],
    ] {
        let run = query(args);
        assert_printable(&format!("{args:?}"), &run.stdout);
        // (`money` alone shows ids, amounts and sources only.)
        assert!(
            args == ["money"] || run.stdout.contains(r"\r") || run.stdout.contains(r"\u{"),
            "{args:?} shows none of the fixture's escapes:\n{}",
            run.stdout
        );
    }
}

#[test]
fn show_prints_each_field_on_its_line_with_escapes() {
    let run = query(&["show", "overwrite"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], r"Safe name\rEvil name (overwrite)");
    assert!(
        lines.contains(&r"  aliases      al\u{202e}ias, two\nlines"),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(&r"  description  desc\r\u{202e}ription\nsecond line"),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(&r"      « quo\rte \u{202e} » (good)")
            && lines.contains(&r"      note: no\u{202e}te\rhere"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(r#"Pub\u{2066}lisher\u{2069}, "Good\r\u{202e}report", https://example.org/report?a=1&b=2"#),
        "{}",
        run.stdout
    );
    let run = query(&["show", "js-newline-node"]);
    assert!(
        run.stdout.starts_with("Line\\nbreak (js-newline-node)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(r#""Script with a line break", java\nscript:alert(4)"#)
    );
}

#[test]
fn tables_keep_their_columns_with_escaped_names() {
    let run = query(&["list"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // A header, one line per node (a line break in a name escaped), the count.
    assert_eq!(lines.len(), 10, "{}", run.stdout);
    assert_eq!(lines.last(), Some(&"8 of 8 nodes"));
    let name_column = lines[0].find("NAME").unwrap();
    for line in &lines[1..9] {
        assert!(
            line.is_char_boundary(name_column)
                && !line[..name_column].ends_with(|c: char| c != ' '),
            "{line:?} in\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains(r"Tab\tname"), "{}", run.stdout);
    assert!(run.stdout.contains(r"Line\nbreak"), "{}", run.stdout);
}

#[test]
fn json_keeps_the_text_as_it_is_with_json_escapes() {
    let run = query(&["--format", "json", "show", "overwrite"]);
    assert!(!run.stdout.as_bytes().contains(&0x0d), "{}", run.stdout);
    assert!(
        run.stdout.contains(r#""Safe name\rEvil name""#),
        "{}",
        run.stdout
    );
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["node"]["name"], "Safe name\rEvil name", "{value}");
    assert_eq!(
        value["node"]["description"],
        "desc\r\u{202e}ription\nsecond line"
    );
    let run = query(&["--format", "json", "list"]);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|row| row["name"] == "RTL \u{202e}txet\u{202c} \u{2067}iso\u{2069}"),
        "{rows}"
    );
}

#[test]
fn messages_quoting_the_command_line_or_the_data_show_escapes() {
    for args in [
        &["show", "\u{1b}]0;pwned\u{7}\u{1b}[2J"][..],
        &["show", "Safe name\rEvil nam"],
        &["path", "rtl", "\u{202e}\u{7f}"],
        &["neighbors", "\u{9b}31m"],
    ] {
        let run = run_on(HOSTILE, args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_printable(&format!("{args:?} (stderr)"), &run.stderr);
        assert!(
            run.stderr.contains(r"\u{") || run.stderr.contains(r"\r"),
            "{}",
            run.stderr
        );
    }
    let run = run_on(HOSTILE, &["show", "Safe name\rEvil nam"]);
    assert!(
        run.stderr
            .contains(r#"did you mean "overwrite" (Safe name\rEvil name)?"#),
        "{}",
        run.stderr
    );
}

/// A data folder whose names, aliases, descriptions and quotes hold what
/// the loader refuses, written raw: `check` quotes each line.
fn refused_content() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("graph.ron"),
        "(\n    sources: [(id: \"s\", title: \"T\")],\n    nodes: [\n        \
         (id: \"osc\", kind: Company, name: \"Title \u{1b}]0;pwned\u{7} here\", sources: [\"s\"]),\n        \
         (id: \"clear\", kind: Company, name: \"Clear\", aliases: [\"\u{1b}[2J\u{1b}[H\"], sources: [\"s\"]),\n        \
         (id: \"del\", kind: Company, name: \"D\", description: \"bell\u{7} del\u{7f} rtl\u{202e} cr\r end\", sources: [\"s\"]),\n        \
         (id: \"nonchar\", kind: Company, name: \"N\u{fffe}\u{ffff}\", sources: [\"s\"]),\n    ],\n    \
         edges: [(from: \"osc\", kind: CompetesWith, to: \"clear\", quote: \"\u{9b}31m\u{1b}[5m\", sources: [\"s\"])],\n)\n",
    )
    .unwrap();
    dir
}

#[test]
fn check_quotes_lines_with_escapes_and_markers_under_them() {
    let dir = refused_content();
    let data = dir.path().to_str().unwrap();
    let run = run_on(data, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_printable("check", &run.stdout);
    assert_printable("check (stderr)", &run.stderr);
    for shown in [
        r#"name: "Title \u{1b}]0;pwned\u{7} here""#,
        r#"aliases: ["\u{1b}[2J\u{1b}[H"]"#,
        r#"description: "bell\u{7} del\u{7f} rtl\u{202e} cr\r end""#,
        r#"name: "N\u{fffe}\u{ffff}""#,
        r#"quote: "\u{9b}31m\u{1b}[5m""#,
    ] {
        assert!(run.stdout.contains(shown), "{shown} not in\n{}", run.stdout);
    }
    // Each error's carets stand under the escape of the character it is
    // about, as wide as the escape.
    let lines: Vec<&str> = run.stdout.lines().collect();
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line.strip_prefix("error: this record holds U+") else {
            continue;
        };
        let code = u32::from_str_radix(&name[..4], 16).unwrap();
        let escape = format!("\\u{{{code:x}}}");
        let quoted = lines[i + 3];
        let carets = lines[i + 4];
        let column = carets.find('^').expect(carets);
        assert!(
            quoted[column..].starts_with(&escape),
            "U+{code:04X}: carets not under {escape}:\n{quoted}\n{carets}"
        );
        assert_eq!(
            carets[column..].chars().take_while(|&c| c == '^').count(),
            escape.len(),
            "\n{quoted}\n{carets}"
        );
        seen += 1;
    }
    assert_eq!(seen, 10, "{}", run.stdout);
    // The short and GitHub formats print no raw character either.
    for format in ["short", "github"] {
        let run = run_on(data, &["check", "--format", format]);
        assert_printable(format, &run.stdout);
    }
    // And a query refuses the data, its errors printed the same way.
    let run = run_on(data, &["show", "clear"]);
    assert_eq!(run.code, 1);
    assert_printable("show (stderr)", &run.stderr);
    assert!(run.stderr.contains(r"\u{1b}[2J"), "{}", run.stderr);
}

//! `export mermaid`: a snapshot of the Mistral AI two-hop of the editorial
//! data, every line of every output checked against the Mermaid flowchart
//! grammar we write (so no label breaks out of its quotes), hostile names,
//! `-o` (atomic, and a Markdown block for .md), and the timeline refused.

use std::collections::BTreeSet;

mod common;

use common::Run;

fn mermaid(data: &str, args: &[&str]) -> Run {
    let mut all = vec!["--data", data, "export", "mermaid"];
    all.extend_from_slice(args);
    common::run(&all, &[])
}

#[track_caller]
fn mermaid_of(data: &str, args: &[&str]) -> String {
    let run = mermaid(data, args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The text of a `"..."` label, after `at` (which must be a quote), and the
/// rest of the line after its closing quote.
fn quoted(at: &str) -> Option<(&str, &str)> {
    let inner = at.strip_prefix('"')?;
    let end = inner.find('"')?;
    Some((&inner[..end], &inner[end + 1..]))
}

/// What a label holds must be inert: entity codes and `<br>` only, nothing
/// Mermaid, HTML or Markdown would read as syntax.
#[track_caller]
fn assert_inert(label: &str, line: &str) {
    assert!(
        !label.chars().any(|c| c.is_control()),
        "a control character in: {line:?}"
    );
    // Every `#` starts an entity code; without them and `<br>`, no
    // character is left that could be syntax.
    let mut rest = label.replace("<br>", "");
    let mut plain = String::new();
    while let Some(i) = rest.find('#') {
        plain.push_str(&rest[..i]);
        let end = rest[i + 1..]
            .find(';')
            .unwrap_or_else(|| panic!("a bare # in: {line}"));
        let code = &rest[i + 1..i + 1 + end];
        assert!(
            !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()),
            "a bare # in: {line}"
        );
        rest = rest[i + 2 + end..].to_string();
    }
    plain.push_str(&rest);
    for c in [
        '"', '<', '>', '`', '[', ']', '{', '}', '(', ')', '|', ';', '%', '*', '_', '\\', '&', '~',
    ] {
        assert!(!plain.contains(c), "{c:?} in the label of: {line}");
    }
}

const OPENERS: &[(&str, &str)] = &[
    ("(((", ")))"),
    ("([", "])"),
    ("((", "))"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("[/", "/]"),
    ("[/", "\\]"),
    ("[\\", "\\]"),
    ("[\\", "/]"),
    ("{{", "}}"),
    ("(", ")"),
    ("[", "]"),
    ("{", "}"),
    (">", "]"),
];

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A node declaration: `id<open>"label"<close>[:::class]`; its id.
fn node_decl(line: &str) -> Option<String> {
    let split = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let (id, rest) = line.split_at(split);
    if !is_id(id) {
        return None;
    }
    for (open, close) in OPENERS {
        let Some(after) = rest.strip_prefix(open) else {
            continue;
        };
        let Some((label, tail)) = quoted(after) else {
            continue;
        };
        let Some(tail) = tail.strip_prefix(close) else {
            continue;
        };
        if !(tail.is_empty() || tail.strip_prefix(":::").is_some_and(is_id)) {
            continue;
        }
        assert_inert(label, line);
        return Some(id.to_string());
    }
    None
}

/// Checks `text` line by line against the grammar `export mermaid` writes;
/// returns the node ids and the edges.
#[track_caller]
fn check_mermaid(text: &str) -> (BTreeSet<String>, Vec<(String, String)>) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("---"));
    let title = lines.next().unwrap();
    let (_, tail) = quoted(title.strip_prefix("title: ").expect("a title")).expect("quoted");
    assert!(tail.is_empty(), "{title}");
    assert_eq!(lines.next(), Some("---"));
    let direction = lines.next().unwrap();
    assert!(matches!(direction, "flowchart LR" | "flowchart TB"));
    let mut nodes = BTreeSet::new();
    let mut edges = Vec::new();
    let mut link_styles = 0;
    let mut depth = 0;
    for line in lines {
        let body = line.trim_start();
        if let Some(rest) = body.strip_prefix("subgraph ") {
            let open = rest.find('[').expect("a subgraph title");
            assert!(is_id(&rest[..open]), "{line}");
            let (label, tail) = quoted(&rest[open + 1..]).expect("a quoted title");
            assert_eq!(tail, "]", "{line}");
            assert_inert(label, line);
            depth += 1;
        } else if body == "end" {
            assert!(depth > 0, "an `end` closes nothing");
            depth -= 1;
        } else if let Some(rest) = body.strip_prefix("classDef ") {
            let (name, style) = rest.split_once(' ').unwrap();
            assert!(is_id(name) && !style.contains(['"', ';']), "{line}");
        } else if let Some(rest) = body.strip_prefix("linkStyle ") {
            let (n, style) = rest.split_once(' ').unwrap();
            assert_eq!(n.parse::<usize>().unwrap(), link_styles, "{line}");
            assert!(!style.contains(['"', ';']), "{line}");
            link_styles += 1;
        } else if let Some(rest) = body.strip_prefix("style ") {
            let (id, _) = rest.split_once(' ').unwrap();
            assert!(nodes.contains(id), "{line}");
        } else if let Some(id) = node_decl(body) {
            assert!(nodes.insert(id), "declared twice: {line}");
        } else {
            let (from, rest) = body.split_once(' ').unwrap_or_else(|| panic!("{line}"));
            let rest = rest
                .strip_prefix("--> ")
                .or_else(|| rest.strip_prefix("==> "))
                .or_else(|| rest.strip_prefix("-->|"))
                .or_else(|| rest.strip_prefix("==>|"))
                .unwrap_or_else(|| panic!("not a line Mermaid reads as we mean: {line}"));
            let to = match quoted(rest) {
                Some((label, tail)) => {
                    assert_inert(label, line);
                    tail.strip_prefix("| ").expect("a closed edge label")
                }
                None => rest,
            };
            assert!(nodes.contains(from) && nodes.contains(to), "{line}");
            edges.push((from.to_string(), to.to_string()));
        }
    }
    assert_eq!(depth, 0, "a subgraph is not closed");
    assert_eq!(link_styles, edges.len(), "one linkStyle per edge");
    (nodes, edges)
}

/// Mermaid's entity codes decoded, `<br>` as a line break.
fn decoded(label: &str) -> String {
    let mut out = String::new();
    let mut rest = label.replace("<br>", "\n");
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').unwrap() + i;
        let code = &rest[i + 1..end];
        out.push(match code {
            "quot" => '"',
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            n => char::from_u32(n.parse().unwrap()).unwrap(),
        });
        rest = rest[end + 1..].to_string();
    }
    out.push_str(&rest);
    out
}

#[test]
fn the_mistral_two_hop_as_mermaid() {
    let text = mermaid_of(
        common::EDITORIAL,
        &["--around", "mistral-ai", "--depth", "2"],
    );
    let (nodes, edges) = check_mermaid(&text);
    assert!(nodes.contains("n_mistral_ai"), "{text}");
    assert!(edges.len() > 5);
    // The words are the shared wording: the same as DOT's labels.
    assert!(
        text.contains(r#"|"raises<br>EUR 105M secured<br>2023-06-14"|"#),
        "{text}"
    );
    assert!(text.contains("    style n_mistral_ai stroke-width:3px\n"));
    insta::assert_snapshot!("mermaid-mistral-two-hop", text);
    // Same data, same bytes.
    assert_eq!(
        text,
        mermaid_of(
            common::EDITORIAL,
            &["--around", "mistral-ai", "--depth", "2"]
        )
    );
}

#[test]
fn every_fixture_and_clustering_gives_valid_mermaid() {
    for (data, args) in [
        (common::EDITORIAL, vec![]),
        (common::EDITORIAL, vec!["--cluster-by", "kind"]),
        (common::EDITORIAL, vec!["--cluster-by", "jurisdiction"]),
        ("tests/fixtures/queries", vec![]),
        ("tests/fixtures/hostile", vec!["--cluster-by", "kind"]),
    ] {
        check_mermaid(&mermaid_of(data, &args));
    }
}

#[test]
fn hostile_names_give_valid_mermaid_and_break_out_of_nothing() {
    let text = mermaid_of("tests/fixtures/hostile", &[]);
    let (nodes, edges) = check_mermaid(&text);
    // Every node and edge is there, under an id Mermaid reads as one.
    assert_eq!(
        nodes.len(),
        8 + 6,
        "8 nodes and the legend's 6 kinds: {text}"
    );
    assert_eq!(edges.len(), 6);
    // The names are all still there, in entity codes.
    let labels: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_once('"').map(|(_, r)| r))
        .filter_map(|r| r.split_once('"').map(|(l, _)| decoded(l)))
        .collect();
    // Labels are wrapped at spaces.
    let all = labels.join(" ").replace('\n', " ");
    for name in [
        "Say \"hi\"\"; shape=box; label=\"pwned",
        "<b>bold</b> & <i>it</i> <<>>",
        "北京智源",
        "🚀 Fund",
        "subgraph { node }",
    ] {
        assert!(all.contains(name), "{name:?} not in {all}");
    }
    assert!(!text.contains('\u{202e}'), "a bidi override was written");
    assert!(
        all.contains("RTL override and zero"),
        "the text around invisible characters stays: {all}"
    );
}

#[test]
fn mermaid_is_written_atomically_and_as_markdown_for_md() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("m.mmd");
    let markdown = dir.path().join("m.md");
    let stdout = mermaid_of("tests/fixtures/queries", &[]);
    for out in [&plain, &markdown] {
        let run = mermaid("tests/fixtures/queries", &["-o", out.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.is_empty());
        assert!(run.stderr.starts_with("wrote "), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&plain).unwrap(), stdout);
    assert_eq!(
        std::fs::read_to_string(&markdown).unwrap(),
        format!("```mermaid\n{stdout}```\n")
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left"
    );
}

#[test]
fn a_timeline_is_refused_with_what_to_do() {
    let run = mermaid(common::EDITORIAL, &["--timeline"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a timeline is not drawn as Mermaid"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("render --timeline"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn json_format_is_refused_for_mermaid() {
    let run = common::run(
        &[
            "--data",
            "tests/fixtures/queries",
            "--format",
            "json",
            "export",
            "mermaid",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
}

//! Hostile content in pictures (issue #14, item 6): pictures link only to
//! `http:`/`https:` URLs, whatever a source's URL says, and stay
//! well-formed XML whichever engine draws them. Terminals:
//! tests/hostile_text.rs.

use std::io::Write;
use std::process::{Command as Process, Stdio};

use reggraph::export::{dot, embedded};
use reggraph::query::{Selection, SelectionSpec};
use reggraph::workspace::{Cache, Workspace};

mod common;

use common::{Run, run_on};

/// Sources with `javascript:` (in any case, with a tab or a line break
/// inside), `data:`, `vbscript:`, `file:` and `https:` URLs.
const HOSTILE: &str = "tests/fixtures/hostile-content";

#[track_caller]
fn query(args: &[&str]) -> Run {
    let run = run_on(HOSTILE, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

/// Every `href` and `xlink:href` in an SVG document, which must parse as
/// XML.
#[track_caller]
fn links(what: &str, svg: &str) -> Vec<String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let document = roxmltree::Document::parse_with_options(svg, options)
        .unwrap_or_else(|e| panic!("{what}: not well-formed XML: {e}"));
    document
        .descendants()
        .flat_map(|node| node.attributes())
        .filter(|attribute| attribute.name() == "href")
        .map(|attribute| attribute.value().to_string())
        .collect()
}

#[track_caller]
fn assert_only_web_links(what: &str, links: &[String]) {
    for link in links {
        if link.starts_with('#') {
            // A reference inside the document (layout-rs's edge labels).
            continue;
        }
        let cleaned: String = link
            .chars()
            .filter(|c| !c.is_control() && !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            cleaned.starts_with("https:") || cleaned.starts_with("http:"),
            "{what}: a link to {link:?}"
        );
        for scheme in ["javascript:", "data:", "vbscript:", "file:"] {
            assert!(!cleaned.contains(scheme), "{what}: a link to {link:?}");
        }
    }
}

/// `dot -Tsvg` on `text`.
fn graphviz_svg(dot_program: &std::path::Path, text: &str) -> String {
    let mut child = Process::new(dot_program)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("Graphviz writes UTF-8")
}

#[test]
fn only_http_links_reach_the_dot_text() {
    let run = query(&["export", "dot"]);
    let urls: Vec<&str> = run
        .stdout
        .split("URL=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert!(!urls.is_empty(), "{}", run.stdout);
    for url in &urls {
        assert_eq!(
            *url, "https://example.org/report?a=1&amp;b=2",
            "{}",
            run.stdout
        );
    }
    // The refused URLs stay in the tooltips, as text.
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(2)",
        r"java script:alert(3)",
        r"java\nscript:alert(4)",
        "data:text/html,<script>alert(5)</script>",
        "vbscript:msgbox(6)",
        "file:///etc/passwd",
    ] {
        assert!(
            run.stdout
                .contains(&format!("source URL (not linked): {url}")),
            "{url} not in\n{}",
            run.stdout
        );
    }
}

#[test]
fn pictures_of_hostile_content_link_only_to_the_web_with_both_engines() {
    let dir = tempfile::tempdir().unwrap();
    let embedded_svg = dir.path().join("embedded.svg");
    let run = run_on(
        HOSTILE,
        &[
            "render",
            "--engine",
            "embedded",
            "-o",
            embedded_svg.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(&embedded_svg).unwrap();
    assert_only_web_links("embedded", &links("embedded", &svg));
    let Some(dot_program) = common::graphviz() else {
        eprintln!("note: Graphviz is not installed; its half of the test is skipped");
        return;
    };
    let graphviz_svg_path = dir.path().join("graphviz.svg");
    let run = run_on(
        HOSTILE,
        &[
            "render",
            "--engine",
            "graphviz",
            "-o",
            graphviz_svg_path.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(&graphviz_svg_path).unwrap();
    let found = links("graphviz", &svg);
    assert_only_web_links("graphviz", &found);
    assert!(
        found
            .iter()
            .any(|l| l == "https://example.org/report?a=1&b=2"),
        "{found:?}"
    );
    assert!(
        svg.contains("source URL (not linked): javascript:alert(1)"),
        "{svg}"
    );
    // The same DOT drawn by hand gives the same links.
    let dot_text = query(&["export", "dot"]).stdout;
    assert_only_web_links(
        "dot -Tsvg",
        &links("dot -Tsvg", &graphviz_svg(&dot_program, &dot_text)),
    );
}

/// Characters XML forbids (C0 controls but tab, line feed and carriage
/// return; U+FFFE, U+FFFF) and discourages (DEL, C1, other noncharacters).
const NOT_XML: &str = "\u{1b}]0;pwned\u{7} \u{1b}[2J \u{0}\u{8}\u{b}\u{c}\r\t \u{7f}\u{85}\u{9b} \u{fffe}\u{ffff}\u{fdd0}\u{10ffff}";

/// `svg` parses as XML and holds none of [`NOT_XML`].
#[track_caller]
fn assert_xml_text(what: &str, svg: &str) {
    links(what, svg);
    assert_no_xml_forbidden(what, svg);
}

#[track_caller]
fn assert_no_xml_forbidden(what: &str, svg: &str) {
    for c in svg.chars() {
        let code = c as u32;
        assert!(
            !(c.is_control() && c != '\n' && c != '\t' && c != '\r')
                && code & 0xfffe != 0xfffe
                && !(0xfdd0..=0xfdef).contains(&code),
            "{what}: U+{code:04X} in the SVG"
        );
    }
}

#[test]
fn diagrams_never_hold_characters_xml_forbids_whichever_engine_draws_them() {
    // The loader refuses these characters, but a diagram is library data
    // (and titles and labels may come from elsewhere): give every text of
    // one built from the fixture some of them.
    let graph = Workspace::new(std::path::Path::new(HOSTILE), &Cache::Off)
        .graph(&|_| {})
        .unwrap_or_else(|report| panic!("{}", report.summary()))
        .output;
    let selection = Selection::resolve(&SelectionSpec::default(), &graph).unwrap();
    let subgraph = selection.apply(&graph);
    let mut diagram =
        reggraph::export::of_subgraph(&graph, &subgraph, None, None, format!("Title {NOT_XML}"));
    for node in &mut diagram.nodes {
        node.label.push_str(NOT_XML);
        node.tooltip.push_str(NOT_XML);
    }
    for edge in &mut diagram.edges {
        edge.label.push_str(NOT_XML);
        edge.tooltip.push_str(NOT_XML);
    }
    let svg = embedded::svg(&diagram);
    assert_xml_text("embedded", &svg);
    assert!(svg.contains("pwned\u{fffd}"), "{svg}");
    let text = dot::to_dot(&diagram);
    assert_no_xml_forbidden("DOT", &text);
    if let Some(dot_program) = common::graphviz() {
        let svg = graphviz_svg(&dot_program, &text);
        assert_xml_text("graphviz", &svg);
        assert!(svg.contains("pwned\u{fffd}"), "{svg}");
    }
}

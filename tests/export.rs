//! `export dot` and `render`: snapshots of the DOT for fixture graphs, every
//! DOT parsed back by graphviz-rust and (when Graphviz is installed, as in
//! CI) drawn by `dot -Tsvg` without a warning, hostile names, rendering
//! without Graphviz, the time limit, and a property test over random graphs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use graphviz_rust::dot_structures::{EdgeTy, Graph, Id, Stmt, Vertex};
use proptest::prelude::*;

mod common;

use common::Run;

fn reggraph(data: &str, args: &[&str], path_env: Option<&str>) -> Run {
    let mut all = vec!["--data", data];
    all.extend_from_slice(args);
    match path_env {
        Some(path) => common::run(&all, &[("PATH", path)]),
        None => common::run(&all, &[]),
    }
}

#[track_caller]
fn dot_of(data: &str, args: &[&str]) -> String {
    let mut all = vec!["export", "dot"];
    all.extend_from_slice(args);
    let run = reggraph(data, &all, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The `dot` program, when Graphviz is installed; in CI, a missing one
/// fails the test.
#[track_caller]
fn graphviz() -> Option<PathBuf> {
    common::graphviz()
}

/// Runs `dot -Tsvg` on `text` and asserts it succeeds without a word on
/// stderr (Graphviz prints warnings there and still exits 0).
#[track_caller]
fn assert_graphviz_accepts(name: &str, text: &str) {
    let Some(dot) = graphviz() else {
        eprintln!("note: Graphviz is not installed; `dot -Tsvg` not run on {name}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("graph.dot");
    std::fs::write(&input, text).unwrap();
    let output = Process::new(dot).arg("-Tsvg").arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot failed on {name}: {stderr}");
    assert!(stderr.trim().is_empty(), "dot warned on {name}: {stderr}");
    let svg = String::from_utf8(output.stdout).unwrap();
    parse_svg(&svg).unwrap_or_else(|e| panic!("{name}: invalid SVG: {e}"));
}

/// Parses SVG as XML (Graphviz's SVG has a DOCTYPE).
fn parse_svg(svg: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(svg, options)
}

/// Node ids declared at any depth, and (from, to, label) of visible edges.
fn contents(graph: &Graph) -> (Vec<String>, Vec<(String, String)>) {
    fn id_text(id: &Id) -> String {
        match id {
            Id::Escaped(s) => s[1..s.len() - 1].to_string(),
            Id::Plain(s) | Id::Html(s) | Id::Anonymous(s) => s.clone(),
        }
    }
    fn walk(stmts: &[Stmt], nodes: &mut Vec<String>, edges: &mut Vec<(String, String)>) {
        for stmt in stmts {
            match stmt {
                Stmt::Node(node) if !node.attributes.is_empty() => nodes.push(id_text(&node.id.0)),
                Stmt::Subgraph(sub) => walk(&sub.stmts, nodes, edges),
                Stmt::Edge(edge) => {
                    let invisible = edge.attributes.iter().any(|a| id_text(&a.1) == "invis");
                    if let (false, EdgeTy::Pair(Vertex::N(a), Vertex::N(b))) = (invisible, &edge.ty)
                    {
                        edges.push((id_text(&a.0), id_text(&b.0)));
                    }
                }
                _ => {}
            }
        }
    }
    let stmts = match graph {
        Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. } => stmts,
    };
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    walk(stmts, &mut nodes, &mut edges);
    // The legend's samples are not the data's.
    nodes.retain(|n| !n.starts_with("_legend"));
    edges.retain(|(a, _)| !a.starts_with("_legend"));
    (nodes, edges)
}

#[track_caller]
fn check_dot(name: &str, text: &str) -> Graph {
    let graph =
        graphviz_rust::parse(text).unwrap_or_else(|e| panic!("{name}: DOT does not parse: {e}"));
    assert_graphviz_accepts(name, text);
    graph
}

const QUERIES: &str = "tests/fixtures/queries";

#[test]
fn dot_of_a_whole_fixture() {
    let text = dot_of(QUERIES, &[]);
    let graph = check_dot("queries", &text);
    let (nodes, edges) = contents(&graph);
    assert_eq!(nodes.len(), 12);
    assert!(text.contains("cluster__legend"), "with a legend");
    assert_eq!(edges.len(), 16);
    assert!(
        text.contains(r#"label="invests\nEUR 1M secured\n2020""#),
        "money edges carry amounts"
    );
    assert!(
        text.contains(r#"label="leads\n2019-03..2021""#),
        "dated edges carry dates"
    );
    assert!(text.contains(r#"tooltip="Fund A invests Acme: EUR 1M secured (2020)\nsources: src""#));
    insta::assert_snapshot!(text);
}

#[test]
fn dot_of_a_neighbourhood_with_clusters() {
    let text = dot_of(
        QUERIES,
        &["--around", "acme", "--depth", "1", "--cluster-by", "kind"],
    );
    let graph = check_dot("around acme by kind", &text);
    let (nodes, _) = contents(&graph);
    assert!(
        !nodes.contains(&"conf".to_string()),
        "conf is two edges away"
    );
    assert!(text.contains(r#"subgraph "cluster_kind-person""#));
    assert!(
        text.contains(r#""acme"[label="Acme\n2019-03.." "#) && text.contains(r#"penwidth="3""#)
    );
    insta::assert_snapshot!(text);
    let text = dot_of(QUERIES, &["--cluster-by", "jurisdiction"]);
    check_dot("by jurisdiction", &text);
    assert!(text.contains(r#"subgraph "cluster_jurisdiction-land" {"#));
    insta::assert_snapshot!("by-jurisdiction", text);
}

#[test]
fn legend_lists_only_the_kinds_present() {
    let text = dot_of(QUERIES, &["--kind", "person", "--kind", "company"]);
    check_dot("people and companies", &text);
    let legend = text.split("cluster__legend").nth(1).unwrap();
    // Node kinds as sample nodes, edge kinds as rows of the edges' table.
    for present in ["person", "company"] {
        assert!(
            legend.contains(&format!("\"_legend_node_{present}\"")),
            "{present} missing from legend"
        );
    }
    for present in ["co-founded", "leads", "competes-with"] {
        assert!(
            legend.contains(&format!(">{present}<")),
            "{present} missing from legend"
        );
    }
    for absent in ["fund", "regulation"] {
        assert!(
            !legend.contains(&format!("\"_legend_node_{absent}\"")),
            "{absent} should not be in legend"
        );
    }
    for absent in ["invests", "raises"] {
        assert!(
            !legend.contains(&format!(">{absent}<")),
            "{absent} should not be in legend"
        );
    }
}

#[test]
fn dot_of_a_timeline() {
    let text = dot_of(
        QUERIES,
        &["--timeline", "--since", "2020", "--until", "2021"],
    );
    let graph = check_dot("timeline", &text);
    let _ = graph;
    // Every element pinned where the timeline's layout put it.
    assert!(text.contains(r#"layout="neato""#));
    for fact in [
        "2020: Fund A invests in Acme: EUR 1M (secured)",
        "2020-01-15: The Law proposed",
        "2021-06: The Law position adopted",
    ] {
        assert!(text.contains(fact), "{fact}\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn hostile_names_give_valid_dot_and_inject_nothing() {
    let text = dot_of("tests/fixtures/hostile", &[]);
    let graph = check_dot("hostile", &text);
    let (nodes, edges) = contents(&graph);
    let expected: BTreeSet<&str> = [
        "backslash",
        "braces",
        "emoji",
        "empty-ish",
        "html",
        "newline",
        "quote",
        "scripts",
    ]
    .into();
    assert_eq!(
        nodes.iter().map(String::as_str).collect::<BTreeSet<_>>(),
        expected
    );
    assert_eq!(edges.len(), 6);
    // The injection attempt stays inside the label.
    assert!(
        text.contains(r#"label="Say \"hi\"\"; shape=box;\nlabel=\"pwned""#),
        "{text}"
    );
    // Backslashes are doubled, so Graphviz's \N and \l escapes are not expanded.
    assert!(text.contains(r#"C:\\path\\N\\l\\G trailing\\"#), "{text}");
    assert!(!text.contains('\r') && !text.contains('\t'));
    insta::assert_snapshot!(text);
    // Drawn by Graphviz, the label and the tooltip show the name as typed.
    if let Some(dot) = graphviz() {
        let mut child = Process::new(dot)
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let svg = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
        let doc = parse_svg(&svg).unwrap();
        let xlink = "http://www.w3.org/1999/xlink";
        let titles: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute((xlink, "title")))
            .collect();
        assert!(
            titles.contains(
                &"C:\\path\\N\\l\\G trailing\\ (person, backslash)\nsources: weird-source"
            ),
            "{titles:?}"
        );
        let links: BTreeSet<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute((xlink, "href")))
            .collect();
        assert_eq!(
            links,
            BTreeSet::from(["https://example.org/a?b=1&c=%222%22#x"])
        );
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains(&"C:\\path\\N\\l\\G trailing\\"), "{texts:?}");
        assert!(
            texts.contains(&"<b>bold</b> & <i>it</i>") && texts.contains(&"<<>>"),
            "{texts:?}"
        );
    }
}

#[test]
fn every_snapshot_is_accepted_by_graphviz() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("export__") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Drop insta's header (between the first two `---` lines).
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        check_dot(&name, body);
        checked += 1;
    }
    assert!(checked >= 5, "expected the DOT snapshots, found {checked}");
}

#[test]
fn export_is_deterministic_and_writes_files_atomically() {
    let first = dot_of(
        common::EDITORIAL,
        &["--around", "mistral-ai", "--depth", "2"],
    );
    let second = dot_of(
        common::EDITORIAL,
        &["--around", "mistral-ai", "--depth", "2"],
    );
    assert_eq!(first, second);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.dot");
    let run = reggraph(
        common::EDITORIAL,
        &[
            "export",
            "dot",
            "--around",
            "mistral-ai",
            "--depth",
            "2",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

/// A PATH with the usual tools but no Graphviz.
fn path_without_graphviz() -> String {
    let empty = tempfile::tempdir().unwrap().keep();
    empty.to_string_lossy().to_string()
}

#[test]
fn render_without_graphviz_uses_the_embedded_engine() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.svg");
    let path = path_without_graphviz();
    let run = reggraph(
        QUERIES,
        &[
            "render",
            "--around",
            "acme",
            "--depth",
            "2",
            "-o",
            out.to_str().unwrap(),
        ],
        Some(&path),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with("drawn by the embedded engine (layout-rs)\n"),
        "{}",
        run.stdout
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    let doc = parse_svg(&svg).expect("valid SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    for name in ["Acme", "Alice Martin", "Conf 2023"] {
        assert!(svg.contains(name), "{name} missing from the picture");
    }
    assert!(svg.contains("<g id=\"legend\">"));
    // Same data, same bytes.
    let again = dir.path().join("again.svg");
    reggraph(
        QUERIES,
        &[
            "render",
            "--around",
            "acme",
            "--depth",
            "2",
            "-o",
            again.to_str().unwrap(),
        ],
        Some(&path),
    );
    assert_eq!(std::fs::read(&again).unwrap(), svg.as_bytes());

    // Hostile names too.
    let hostile = dir.path().join("hostile.svg");
    let run = reggraph(
        "tests/fixtures/hostile",
        &[
            "render",
            "--engine",
            "embedded",
            "-o",
            hostile.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    parse_svg(&std::fs::read_to_string(&hostile).unwrap()).expect("valid SVG");
}

#[test]
fn png_without_graphviz_is_a_clear_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.png");
    let run = reggraph(
        QUERIES,
        &["render", "--around", "acme", "-o", out.to_str().unwrap()],
        Some(&path_without_graphviz()),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: PNG output needs Graphviz, which is not installed (no `dot` on PATH)\nhelp: install Graphviz (Debian/Ubuntu: `apt-get install graphviz`"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

#[test]
fn render_with_graphviz_says_so() {
    if graphviz().is_none() {
        eprintln!("note: Graphviz is not installed; skipping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (file, layout) in [
        ("a.svg", None),
        ("a.png", None),
        ("a.pdf", None),
        ("n.svg", Some("neato")),
    ] {
        let out = dir.path().join(file);
        let mut args = vec!["render", "--around", "acme", "-o", out.to_str().unwrap()];
        if let Some(layout) = layout {
            args.extend(["--layout", layout]);
        }
        let run = reggraph(QUERIES, &args, None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let expected = format!(
            "wrote {}: 9 nodes, 13 edges, drawn by Graphviz ({} layout)\n",
            out.display(),
            layout.unwrap_or("dot")
        );
        assert_eq!(run.stdout, expected);
        assert_eq!(run.stderr, "", "Graphviz warned");
        assert!(std::fs::metadata(&out).unwrap().len() > 100);
    }
}

#[test]
fn a_missing_graphviz_skips_its_tests_except_in_ci() {
    // This test binary, running one test that needs Graphviz, on a PATH
    // without it.
    let run = |ci: Option<&str>| {
        let mut command = Process::new(std::env::current_exe().unwrap());
        command
            .args([
                "render_with_graphviz_says_so",
                "--exact",
                "--test-threads=1",
            ])
            .env("PATH", path_without_graphviz())
            .env_remove("CI");
        if let Some(ci) = ci {
            command.env("CI", ci);
        }
        command.output().unwrap()
    };
    let skipped = run(None);
    let stdout = String::from_utf8_lossy(&skipped.stdout);
    assert!(skipped.status.success(), "{stdout}");
    assert!(stdout.contains("1 passed"), "{stdout}");
    for ci in ["1", "true"] {
        let failed = run(Some(ci));
        let output = format!(
            "{}{}",
            String::from_utf8_lossy(&failed.stdout),
            String::from_utf8_lossy(&failed.stderr)
        );
        assert!(!failed.status.success(), "CI={ci}: {output}");
        assert!(
            output.contains("Graphviz is not installed (no `dot` on PATH) but CI is set"),
            "CI={ci}: {output}"
        );
    }
}

#[test]
fn graphviz_that_runs_too_long_is_stopped() {
    // A `dot` that never finishes, first on PATH.
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("dot");
    std::fs::write(&fake, "#!/bin/sh\nexec sleep 30\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!("{}:/usr/bin:/bin", bin.path().display());
    let out = bin.path().join("slow.svg");
    let started = std::time::Instant::now();
    let run = reggraph(
        QUERIES,
        &["render", "--timeout", "1", "-o", out.to_str().unwrap()],
        Some(&path),
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "the time limit was not applied"
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: Graphviz `dot` did not finish within 1 s on 12 nodes\nhelp: try --layout sfdp or --layout neato, narrow the selection"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no partial picture");
}

#[test]
fn render_refuses_unreadable_selections_and_bad_names() {
    // 600 connected nodes: too many to read.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("(sources: [(id: \"s\", title: \"S\")], nodes: [\n");
    for i in 0..600 {
        text.push_str(&format!(
            "(id: \"p-{i}\", kind: Person, name: \"P {i}\", sources: [\"s\"]),\n"
        ));
    }
    text.push_str("(id: \"c\", kind: Company, name: \"C\", sources: [\"s\"])], edges: [\n");
    for i in 0..600 {
        text.push_str(&format!(
            "(from: \"p-{i}\", kind: Leads, to: \"c\", sources: [\"s\"]),\n"
        ));
    }
    text.push_str("])\n");
    std::fs::write(dir.path().join("big.ron"), text).unwrap();
    let data = dir.path().to_str().unwrap();
    let out = dir.path().join("big.svg");
    let run = reggraph(data, &["render", "-o", out.to_str().unwrap()], None);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: 601 nodes are too many for a readable picture (the limit is 500)\n\
         help: narrow the selection (--around ID --depth N, --kind, --edge-kind or --exclude-kind), \
         or pass --force to draw it anyway (Graphviz's sfdp draws 2,000 nodes in about 10 s)\n"
    );
    assert!(!out.exists());
    let run = reggraph(QUERIES, &["render", "-o", "picture.gif"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("end the file name in .svg, .png or .pdf")
    );
    let run = reggraph(
        QUERIES,
        &[
            "render", "--engine", "embedded", "--layout", "neato", "-o", "x.svg",
        ],
        None,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: the embedded engine has no neato layout"),
        "{}",
        run.stderr
    );
}

// ------------------------------------------------------------ property

use reggraph::export::{dot::to_dot, of_subgraph};
use reggraph::graph::KnowledgeGraph;
use reggraph::query::{Selection, SelectionSpec};

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// The DOT lists exactly the selected nodes and edges, once each, and
    /// the same selection gives the same bytes.
    #[test]
    fn dot_lists_exactly_the_selection(
        file in common::dataset(),
        centre in any::<prop::sample::Index>(),
        depth in 0usize..3,
        around in any::<bool>(),
    ) {
        let graph = KnowledgeGraph::build(file.clone());
        let centre_id = file.nodes[centre.index(file.nodes.len())].id.clone();
        let spec = SelectionSpec {
            around: around.then(|| centre_id.clone()),
            depth: around.then_some(depth),
            ..SelectionSpec::default()
        };
        let selection = Selection::resolve(&spec, &graph).unwrap();
        let subgraph = selection.apply(&graph);
        let diagram = of_subgraph(&graph, &subgraph, selection.around, None, "t".into());
        let text = to_dot(&diagram);
        prop_assert_eq!(&text, &to_dot(&of_subgraph(&graph, &selection.apply(&graph), selection.around, None, "t".into())));
        let parsed = graphviz_rust::parse(&text).map_err(TestCaseError::fail)?;
        let (mut nodes, mut edges) = contents(&parsed);
        let mut expected_nodes: Vec<String> = subgraph.nodes.iter().map(|&n| graph.node(n).id.clone()).collect();
        let mut expected_edges: Vec<(String, String)> = subgraph.edges.iter().map(|&e| {
            let (a, b) = graph.ends(e);
            (graph.node(a).id.clone(), graph.node(b).id.clone())
        }).collect();
        nodes.sort();
        edges.sort();
        expected_nodes.sort();
        expected_edges.sort();
        prop_assert_eq!(nodes, expected_nodes);
        prop_assert_eq!(edges, expected_edges);
    }
}

#[test]
fn writing_into_a_missing_folder_says_which() {
    let run = reggraph(
        QUERIES,
        &["export", "dot", "-o", "/nonexistent-reggraph-dir/x.dot"],
        None,
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: cannot write `/nonexistent-reggraph-dir/x.dot`: the folder `/nonexistent-reggraph-dir` does not exist\n\
         help: create it first: mkdir -p /nonexistent-reggraph-dir\n"
    );
}

#[test]
fn json_format_is_refused_for_diagrams() {
    let run = reggraph(QUERIES, &["--format", "json", "export", "dot"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: --format json does not apply to diagrams\n"),
        "{}",
        run.stderr
    );
}

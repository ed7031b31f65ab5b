//! `export dot --diff` and `render --diff`: the changes between commits of
//! the scripted repository (tests/common/repo.rs), and between folders,
//! drawn: marks, labels with old -> new, context, the legend, both
//! engines, hostile text, no differences, data with errors, refused flags.

mod common;

use std::path::Path;

use common::repo::{Scripted, scripted};

/// `export dot --diff BEFORE AFTER` between the commits of two subjects.
fn dot_between(repo: &Scripted, before: &str, after: &str) -> common::Run {
    let run = repo.run(&[
        "export",
        "dot",
        "--diff",
        repo.commit(before),
        repo.commit(after),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// The DOT statement of node `id` (its line), if drawn.
fn node_line<'a>(dot: &'a str, id: &str) -> Option<&'a str> {
    let start = format!("  \"{id}\"[");
    dot.lines().find(|l| l.starts_with(&start))
}

/// The DOT statement of the edge `from -> to`, if drawn.
fn edge_line<'a>(dot: &'a str, from: &str, to: &str) -> Option<&'a str> {
    let start = format!("  \"{from}\" -> \"{to}\" [");
    dot.lines().find(|l| l.starts_with(&start))
}

/// Runs Graphviz's `dot -Tsvg` on `text`; the SVG.
fn graphviz_svg(dot: &Path, text: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new(dot)
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
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
        "dot -Tsvg refused it: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_first_commit_to_the_last_as_dot() {
    let repo = scripted();
    let run = dot_between(
        &repo,
        "start the tracker",
        "move, reorder and reformat records",
    );
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("diff-dot-first-to-last", run.stdout);
}

#[test]
fn an_amount_changed_is_amber_and_bold_with_old_and_new_values() {
    let repo = scripted();
    let run = dot_between(&repo, "add a node", "change an amount");
    let edge = edge_line(&run.stdout, "fund", "acme").expect("the changed edge");
    assert!(
        edge.contains(r#"label="~ funds\n2024-03\namount: EUR 100M pledged\n-> EUR 105M secured""#),
        "{edge}"
    );
    assert!(
        edge.contains(r##"color="#a65e00" fontcolor="#a65e00" style="solid" penwidth="3.2""##),
        "{edge}"
    );
    assert!(edge.contains(r#"tooltip="changed: data/actors.ron:9 -> data/actors.ron:9\namount: EUR 100M pledged -> EUR 105M secured\n"#), "{edge}");
    // Its ends are context, drawn grey and unmarked; what is not next to
    // the change is not drawn.
    for id in ["fund", "acme"] {
        let node = node_line(&run.stdout, id).unwrap_or_else(|| panic!("{id} as context"));
        assert!(
            node.contains(r##"fillcolor="#f4f4f4" color="#767676" fontcolor="#767676""##),
            "{node}"
        );
        assert!(!node.contains("label=\"~"), "{node}");
    }
    for id in ["law", "land", "ada"] {
        assert_eq!(node_line(&run.stdout, id), None, "{id} is unrelated");
    }
    assert_eq!(edge_line(&run.stdout, "acme", "land"), None);
    assert!(
        run.stdout.contains(r#"graph[label="Changes from "#)
            && run.stdout.contains(r#"\nedges: 1 changed" labelloc="t""#),
        "{}",
        run.stdout
    );
}

#[test]
fn a_slipped_milestone_is_said_on_its_regulation_with_its_neighbours_as_context() {
    let repo = scripted();
    let run = dot_between(&repo, "change an amount", "move a planned milestone");
    let law = node_line(&run.stdout, "law").expect("the regulation");
    assert!(
        law.contains(
            r#"label="~ The Law\nslip: applies-from [high-risk]\n2026-08-02 planned -> 2027-12-02 planned""#
        ),
        "{law}"
    );
    assert!(
        law.contains(r##"fillcolor="#fbebc9" color="#a65e00" penwidth="2" peripheries="2""##),
        "{law}"
    );
    // One hop: the regulation's edges and their other ends, grey.
    for (from, to) in [("law", "acme"), ("law", "land")] {
        let edge = edge_line(&run.stdout, from, to).expect("context edge");
        assert!(
            edge.contains(r##"color="#767676" fontcolor="#767676" style="solid" penwidth="1""##),
            "{edge}"
        );
    }
    assert!(node_line(&run.stdout, "acme").is_some());
    assert!(node_line(&run.stdout, "land").is_some());
    // Two hops away: not drawn.
    assert_eq!(node_line(&run.stdout, "fund"), None);
    assert_eq!(edge_line(&run.stdout, "acme", "land"), None);
}

#[test]
fn added_is_green_and_removed_red_and_dashed_each_with_its_sign() {
    let repo = scripted();
    let run = dot_between(&repo, "start the tracker", "add a node");
    let ada = node_line(&run.stdout, "ada").expect("the added node");
    assert!(ada.contains(r#"label="+ Ada Founder""#), "{ada}");
    assert!(
        ada.contains(r##"style="filled" fillcolor="#d4eed9" color="#117733" penwidth="2""##),
        "{ada}"
    );
    // An added node without edges has no context.
    let drawn: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  \"") && !l.contains("->"))
        .collect();
    assert_eq!(drawn.len(), 1, "{drawn:#?}");

    let run = dot_between(&repo, "confirm the milestone", "remove an edge");
    let edge = edge_line(&run.stdout, "law", "land").expect("the removed edge");
    assert!(edge.contains("label=\"\u{2212} applies-in\""), "{edge}");
    assert!(
        edge.contains(r##"color="#c0480a" fontcolor="#c0480a" style="dashed" penwidth="2""##),
        "{edge}"
    );
    assert!(
        edge.contains(r#"tooltip="removed: data/law.ron:17\n"#),
        "{edge}"
    );
    // The legend names only the marks drawn.
    assert!(run.stdout.contains("\u{2212} edge"), "{}", run.stdout);
    assert!(!run.stdout.contains("+ node"), "{}", run.stdout);
}

#[test]
fn graphviz_reads_every_diagram_of_the_series() {
    let Some(dot) = common::graphviz() else {
        eprintln!("skipped: no Graphviz");
        return;
    };
    let repo = scripted();
    let mut pairs: Vec<(String, String)> = repo
        .commits
        .windows(2)
        .map(|p| (p[0].clone(), p[1].clone()))
        .collect();
    pairs.push((repo.commits[0].clone(), repo.commits[7].clone()));
    pairs.push((repo.commits[7].clone(), repo.commits[0].clone()));
    for (before, after) in pairs {
        let run = repo.run(&["export", "dot", "--diff", &before, &after]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let svg = graphviz_svg(&dot, &run.stdout);
        assert!(svg.contains("<svg"), "{svg}");
    }
}

#[test]
fn render_writes_an_svg_with_either_engine() {
    let repo = scripted();
    let first = repo.commits[0].clone();
    let last = repo.commits[7].clone();
    let mut engines = vec!["embedded"];
    if common::graphviz().is_some() {
        engines.push("graphviz");
    }
    for engine in engines {
        let out = repo.root().join(format!("changes-{engine}.svg"));
        let run = repo.run(&[
            "render",
            "--diff",
            &first,
            &last,
            "--engine",
            engine,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.starts_with(&format!(
                "wrote {}: 5 nodes, 3 edges, drawn by ",
                out.display()
            )),
            "{}",
            run.stdout
        );
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(svg.contains("<svg"), "{engine}: {svg}");
        // The marks' colours and the changed values reach the picture.
        for text in [
            "#117733",
            "#c0480a",
            "#a65e00",
            "EUR 105M secured",
            "Ada Founder",
        ] {
            assert!(svg.contains(text), "{engine}: no {text} in\n{svg}");
        }
    }
}

fn write_folder(dir: &Path, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

const SOURCE: &str = r#"(sources: [(id: "src", title: "A source", type: Press)])
"#;

#[test]
fn hostile_names_are_escaped_in_dot_and_in_the_picture() {
    let temp = tempfile::tempdir().unwrap();
    let before = temp.path().join("before");
    let after = temp.path().join("after");
    write_folder(
        &before,
        &[
            ("sources.ron", SOURCE),
            (
                "nodes.ron",
                r#"(nodes: [(id: "acme", kind: Company, name: "Acme", sources: ["src"])])
"#,
            ),
        ],
    );
    let hostile = r#"Evil\" ] ; \"x\" [label=\"pwn\" <script>alert(1)</script> & \\N"#;
    write_folder(
        &after,
        &[
            ("sources.ron", SOURCE),
            (
                "nodes.ron",
                &format!(
                    r#"(nodes: [
    (id: "acme", kind: Company, name: "Acme", description: "{hostile}", sources: ["src"]),
    (id: "evil", kind: Person, name: "{hostile}", sources: ["src"]),
])
"#
                ),
            ),
        ],
    );
    let (b, a) = (before.to_str().unwrap(), after.to_str().unwrap());
    let run = common::run_on(b, &["export", "dot", "--diff", b, a]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let evil = node_line(&run.stdout, "evil").expect("the added node");
    assert!(
        evil.starts_with(
            r#"  "evil"[label="+ Evil\" ] ; \"x\"\n[label=\"pwn\"\n<script>alert(1)</script>\n& \\N" tooltip="#
        ),
        "{evil}"
    );
    let acme = node_line(&run.stdout, "acme").expect("the changed node");
    assert!(
        acme.contains(r#"label="~ Acme\ndescription added""#),
        "{acme}"
    );
    // Two node statements, no third made of the name.
    assert!(node_line(&run.stdout, "x").is_none());
    if let Some(dot) = common::graphviz() {
        let svg = graphviz_svg(&dot, &run.stdout);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
    }
    let out = temp.path().join("changes.svg");
    let run = common::run_on(
        b,
        &[
            "render",
            "--diff",
            b,
            a,
            "--engine",
            "embedded",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(svg.contains("&lt;script&gt;"), "{svg}");
}

#[test]
fn no_differences_is_said_and_the_file_still_written() {
    let repo = scripted();
    let run = repo.run(&[
        "export",
        "dot",
        "--diff",
        repo.commit("remove an edge"),
        repo.commit("move, reorder and reformat records"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (b, a) = (
        &repo.commit("remove an edge")[..10],
        &repo.commit("move, reorder and reformat records")[..10],
    );
    assert_eq!(
        run.stderr,
        format!("note: no differences from {b} to {a}: the diagram says so\n")
    );
    assert_eq!(
        run.stdout,
        format!(
            r#"digraph "reggraph" {{
  graph[label="Changes from {b} to {a}" labelloc="t" fontname="Helvetica" fontsize="16" rankdir="LR" nodesep="0.3" ranksep="0.5" newrank="true" tooltip="Changes from {b} to {a}" bgcolor="white"]
  node[fontname="Helvetica" fontsize="11" margin="0.12,0.06"]
  edge[fontname="Helvetica" fontsize="9" arrowsize="0.7"]
  "notice"[label="No differences" tooltip="No differences" shape="plaintext" fontsize="13"]
}}
"#
        )
    );
    // A picture asked for is written too, never left as it was.
    let out = repo.root().join("changes.svg");
    std::fs::write(&out, "an older picture").unwrap();
    let run = repo.run(&[
        "render",
        "--diff",
        repo.commit("rename a file"),
        repo.commit("move, reorder and reformat records"),
        "--engine",
        "embedded",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("No differences"), "{svg}");
}

#[test]
fn the_working_tree_is_the_default_after_side() {
    let repo = scripted();
    std::fs::write(
        repo.data().join("more.ron"),
        r#"(nodes: [(id: "zed", kind: Person, name: "Zed", sources: ["src"])])
"#,
    )
    .unwrap();
    let run = repo.run(&["export", "dot", "--diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(r#"label="Changes from HEAD ("#)
            && run
                .stdout
                .contains(r#") to the working tree\nnodes: 1 added""#),
        "{}",
        run.stdout
    );
    let zed = node_line(&run.stdout, "zed").expect("the node added on disk");
    assert!(zed.contains(r#"label="+ Zed""#), "{zed}");
}

#[test]
fn a_side_whose_data_has_errors_is_refused() {
    let repo = scripted();
    std::fs::write(
        repo.data().join("broken.ron"),
        "(nodes: [(id: \"x\", kind: Nope)])\n",
    )
    .unwrap();
    let run = repo.run(&["export", "dot", "--diff", "HEAD"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(
            "error: the data of the working tree has 1 error: its records that do not pass would read as removed"
        ),
        "{}",
        run.stderr
    );
    let out = repo.root().join("changes.svg");
    let run = repo.run(&["render", "--diff", "HEAD", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(!out.exists());
}

#[test]
fn selection_flags_mermaid_and_json_are_refused() {
    let repo = scripted();
    for flags in [
        &["--around", "acme"][..],
        &["--kind", "company"],
        &["--edge-kind", "funds"],
        &["--since", "2024"],
        &["--as-of", "2024"],
        &["--source", "src"],
        &["--timeline"],
    ] {
        let mut args = vec!["export", "dot", "--diff", "HEAD~1"];
        args.extend_from_slice(flags);
        let run = repo.run(&args);
        assert_eq!(run.code, 2, "{flags:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("cannot be used with") && run.stderr.contains("--diff"),
            "{flags:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(flags[0]), "{flags:?}: {}", run.stderr);
    }
    let run = repo.run(&["export", "mermaid", "--diff", "HEAD~1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--diff applies to `export dot` and `render`, not to `export mermaid`"),
        "{}",
        run.stderr
    );
    let run = repo.run(&["--format", "json", "export", "dot", "--diff", "HEAD~1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--format json does not apply to diagrams"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_same_diff_gives_the_same_bytes() {
    let repo = scripted();
    let one = dot_between(
        &repo,
        "start the tracker",
        "move, reorder and reformat records",
    );
    let two = dot_between(
        &repo,
        "start the tracker",
        "move, reorder and reformat records",
    );
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn a_removed_node_is_red_and_dashed() {
    let repo = scripted();
    let run = dot_between(&repo, "add a node", "start the tracker");
    let ada = node_line(&run.stdout, "ada").expect("the removed node, from the before side");
    assert_eq!(
        ada,
        "  \"ada\"[label=\"\u{2212} Ada Founder\" tooltip=\"removed: data/actors.ron:5\\nAda Founder (person, ada)\\nsources: src\" shape=\"ellipse\" style=\"filled,dashed\" fillcolor=\"#fbe1d5\" color=\"#c0480a\" penwidth=\"2\"]"
    );
    assert!(
        run.stdout.contains(r#"\nnodes: 1 removed" labelloc="t""#),
        "{}",
        run.stdout
    );
}

//! `frames`: the selection at successive dates, every node at the same
//! place in every frame, what did not exist yet hidden.

use std::collections::BTreeMap;

mod common;

use common::EDITORIAL;

fn reggraph(args: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut all = vec!["--data", EDITORIAL];
    all.extend_from_slice(args);
    common::run(&all, env)
}

/// Each data node's drawing in a Graphviz SVG: its shapes' geometry, or
/// `None` for a node drawn invisible.
fn drawn_nodes(svg: &str) -> BTreeMap<String, Option<String>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, options).unwrap();
    let mut nodes = BTreeMap::new();
    for group in doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("node"))
    {
        let title = group
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string();
        if title.starts_with('_') {
            continue;
        }
        let shape = group
            .descendants()
            .find(|n| {
                n.has_tag_name("polygon") || n.has_tag_name("ellipse") || n.has_tag_name("path")
            })
            .map(|n| {
                ["points", "cx", "cy", "d"]
                    .iter()
                    .filter_map(|a| n.attribute(*a))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        nodes.insert(title, shape);
    }
    nodes
}

#[test]
fn frames_keep_every_node_in_place_and_hide_what_did_not_exist() {
    assert!(common::graphviz().is_some() || std::env::var_os("CI").is_none());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("frames");
    let run = reggraph(
        &[
            "frames",
            "--every",
            "1y",
            "--since",
            "2021-06",
            "--until",
            "2024-06",
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("wrote 4 frames"), "{}", run.stdout);
    assert!(
        run.stderr.contains("frame 4/4: 2024-06-01"),
        "{}",
        run.stderr
    );
    let names: Vec<String> = {
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names,
        [
            "frame-001-2021-06-01.svg",
            "frame-002-2022-06-01.svg",
            "frame-003-2023-06-01.svg",
            "frame-004-2024-06-01.svg"
        ]
    );
    let frames: Vec<String> = names
        .iter()
        .map(|n| std::fs::read_to_string(out.join(n)).unwrap())
        .collect();
    assert!(frames[0].replace("&#45;", "-").contains("as of 2021-06-01"));
    let drawn: Vec<_> = frames.iter().map(|f| drawn_nodes(f)).collect();
    // Graphviz leaves out what is invisible: each frame has the nodes of
    // its date, each where it is in every other frame.
    let union: std::collections::BTreeSet<&String> = drawn.iter().flat_map(|f| f.keys()).collect();
    for id in union {
        let places: Vec<&Option<String>> = drawn.iter().filter_map(|f| f.get(id)).collect();
        assert!(
            places.iter().all(|p| p.is_some()),
            "{id} is drawn without a shape"
        );
        assert!(
            places.windows(2).all(|w| w[0] == w[1]),
            "{id} moves: {places:?}"
        );
    }
    let shown = |frame: usize, id: &str| drawn[frame].contains_key(id);
    // Mistral AI was founded in April 2023: hidden before, drawn after.
    assert!(!shown(0, "mistral-ai") && !shown(1, "mistral-ai"));
    assert!(shown(2, "mistral-ai") && shown(3, "mistral-ai"));
    // The first national AI plan ran 2018..2022: drawn, then gone.
    assert!(shown(0, "france-first-national-ai-plan"));
    assert!(!shown(3, "france-first-national-ai-plan"));
    // France, timeless, is in every frame.
    assert!((0..4).all(|f| shown(f, "france")));
}

#[test]
fn frames_refuse_what_they_cannot_draw() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never");
    let out = out.to_str().unwrap();
    let run = reggraph(
        &[
            "frames", "--every", "1d", "--since", "1900", "--until", "2000", "-o", out,
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("more than 500 frames"),
        "{}",
        run.stderr
    );
    let run = reggraph(
        &[
            "frames", "--every", "1y", "--since", "2024", "--until", "2023", "-o", out,
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("swap them"), "{}", run.stderr);
    let run = reggraph(
        &[
            "frames", "--every", "6", "--since", "2023", "--until", "2024", "-o", out,
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("10d, 2w, 6m or 1y"), "{}", run.stderr);
    let empty = tempfile::tempdir().unwrap();
    let run = reggraph(
        &[
            "frames", "--every", "1y", "--since", "2023", "--until", "2024", "-o", out,
        ],
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("frames need Graphviz"),
        "{}",
        run.stderr
    );
    assert!(!std::path::Path::new(out).exists());
}

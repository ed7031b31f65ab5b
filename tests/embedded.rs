//! The embedded engine draws like Graphviz does: each node kind in its own
//! shape, edge labels beside their edges (not struck through by them, not
//! on a `<textPath>`), each edge family in its own line and arrowhead,
//! plain `#rrggbb` colours, a legend of shapes and lines, and the title,
//! legend, orientation and size options honoured. Every picture is parsed
//! as XML with roxmltree.

use std::collections::{BTreeMap, BTreeSet};

mod common;

use common::EDITORIAL;

/// The SVG the embedded engine draws of `data` with `args`.
#[track_caller]
fn draw(data: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("picture.svg");
    let mut all = vec!["render", "--engine", "embedded"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", out.to_str().unwrap()]);
    let run = common::run_on(data, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("drawn by the embedded engine"),
        "{}",
        run.stdout
    );
    std::fs::read_to_string(&out).unwrap()
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).expect("the embedded engine writes well-formed XML")
}

const MISTRAL: &[&str] = &["--around", "mistral-ai", "--depth", "2"];

/// The pictures every test below looks at: the Mistral AI two-hop
/// neighbourhood, the whole graph, and the whole graph clustered by kind.
fn pictures() -> Vec<(&'static str, String)> {
    vec![
        ("mistral-ai 2 hops", draw(EDITORIAL, MISTRAL)),
        ("whole graph", draw(EDITORIAL, &[])),
        (
            "clustered by kind",
            draw(EDITORIAL, &["--cluster-by", "kind"]),
        ),
    ]
}

fn by_id<'a>(doc: &'a roxmltree::Document, id: &str) -> roxmltree::Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element with id {id}"))
}

fn has_class(node: &roxmltree::Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

/// The points of an SVG path of `M x y` and `C x y x y x y` commands,
/// sampled along each cubic segment.
fn path_points(d: &str) -> Vec<(f64, f64)> {
    let numbers: Vec<f64> = d
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty() && !matches!(*t, "M" | "C"))
        .map(|t| t.parse().unwrap_or_else(|_| panic!("{t} in {d}")))
        .collect();
    assert!(
        d.starts_with('M') && (numbers.len() - 2).is_multiple_of(6),
        "{d}"
    );
    let mut points = vec![];
    let mut at = (numbers[0], numbers[1]);
    for c in numbers[2..].chunks(6) {
        let (p1, p2, p3) = ((c[0], c[1]), (c[2], c[3]), (c[4], c[5]));
        for i in 0..=40 {
            let t = i as f64 / 40.0;
            let u = 1.0 - t;
            let x = u * u * u * at.0
                + 3.0 * u * u * t * p1.0
                + 3.0 * u * t * t * p2.0
                + t * t * t * p3.0;
            let y = u * u * u * at.1
                + 3.0 * u * u * t * p1.1
                + 3.0 * u * t * t * p2.1
                + t * t * t * p3.1;
            points.push((x, y));
        }
        at = p3;
    }
    points
}

/// The first line of a text element.
fn first_line(text: &roxmltree::Node) -> String {
    text.descendants()
        .find(|n| n.is_text())
        .and_then(|n| n.text())
        .unwrap_or("")
        .to_string()
}

/// Seen: labels on a `<textPath>` along their edge, struck through by it.
#[test]
fn no_label_is_written_along_an_edge() {
    for (what, svg) in pictures() {
        parse(&svg);
        assert!(!svg.contains("<textPath"), "{what}: a label on a textPath");
    }
}

/// Seen: colours as `#rrggbbaa`, which some SVG converters draw as black
/// boxes. Every colour is `#rrggbb`.
#[test]
fn colours_are_six_hex_digits() {
    for (what, svg) in pictures() {
        // Nowhere: not in an attribute, a style sheet or a gradient.
        let bytes = svg.as_bytes();
        for (i, _) in svg.match_indices('#') {
            let run = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            assert!(run != 8, "{what}: {}", &svg[i..i + 9]);
        }
        // And every paint is one.
        let doc = parse(&svg);
        for node in doc.descendants().filter(|n| n.is_element()) {
            for attribute in node.attributes() {
                let value = attribute.value();
                if !matches!(attribute.name(), "fill" | "stroke" | "color" | "stop-color") {
                    continue;
                }
                let ok = value == "none"
                    || value.len() == 7
                        && value.starts_with('#')
                        && value[1..].chars().all(|c| c.is_ascii_hexdigit());
                assert!(ok, "{what}: {}=\"{value}\"", attribute.name());
            }
        }
    }
}

/// Seen: every node drawn as a rectangle. Each kind is in its own shape:
/// a person an ellipse, a company a rounded box, a fund a cylinder, a
/// jurisdiction a tab, a funding round a cds, a conference a hexagon.
#[test]
fn every_node_kind_has_its_own_shape() {
    let svg = draw(EDITORIAL, MISTRAL);
    let doc = parse(&svg);
    let outline = |id: &str| {
        let node = by_id(&doc, &format!("node-{id}"));
        let shape = node
            .descendants()
            .find(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("shape-"))
            })
            .unwrap_or_else(|| panic!("node-{id} has no outline"));
        (
            shape.tag_name().name().to_string(),
            shape.attribute("class").unwrap().to_string(),
        )
    };
    assert_eq!(
        outline("arthur-mensch"),
        ("ellipse".into(), "shape-ellipse".into())
    );
    assert_eq!(
        outline("mistral-ai"),
        ("rect".into(), "shape-rounded-box".into())
    );
    assert_eq!(outline("france"), ("polygon".into(), "shape-tab".into()));
    assert_eq!(
        outline("vivatech-2023"),
        ("polygon".into(), "shape-hexagon".into())
    );
    assert_eq!(
        outline("mistral-ai-2023-06-round"),
        ("polygon".into(), "shape-cds".into())
    );
    let rounded = by_id(&doc, "node-mistral-ai")
        .descendants()
        .find(|n| has_class(n, "shape-rounded-box"))
        .unwrap();
    assert!(rounded.attribute("rx").is_some());

    let shapes: BTreeSet<(String, String)> = doc
        .descendants()
        .filter(|n| has_class(n, "node"))
        .filter_map(|n| {
            let shape = n.children().find(|c| {
                c.attribute("class")
                    .is_some_and(|c| c.starts_with("shape-"))
            })?;
            Some((
                shape.tag_name().name().to_string(),
                shape.attribute("class")?.to_string(),
            ))
        })
        .collect();
    assert!(shapes.len() >= 8, "{shapes:?}");
    let elements: BTreeSet<&String> = shapes.iter().map(|s| &s.0).collect();
    assert!(
        elements.len() >= 3,
        "ellipse, rect, polygon and path: {elements:?}"
    );

    // The whole graph has a regulation: a note, with its folded corner.
    let svg = draw(EDITORIAL, &[]);
    let doc = parse(&svg);
    let note = doc
        .descendants()
        .find(|n| has_class(n, "shape-note"))
        .expect("a regulation drawn as a note");
    assert_eq!(note.tag_name().name(), "polygon");
    assert!(doc.descendants().any(|n| has_class(&n, "shape-folder")));
    assert!(doc.descendants().any(|n| has_class(&n, "shape-cylinder")));
}

/// Seen: edge labels struck through by their own edges. Each label is
/// beside its edge: no point of its edge's path runs through its box.
#[test]
fn edge_labels_are_beside_their_edges() {
    for (what, svg) in pictures() {
        let doc = parse(&svg);
        let labels: Vec<_> = doc
            .descendants()
            .filter(|n| has_class(n, "edge-label"))
            .collect();
        let edges = doc.descendants().filter(|n| has_class(n, "edge")).count();
        assert!(
            edges >= 17 && labels.len() == edges,
            "{what}: {} labels for {edges} edges",
            labels.len()
        );
        for label in labels {
            let id = label.attribute("id").unwrap();
            let edge = by_id(&doc, id.strip_suffix("-label").unwrap());
            let path = edge
                .descendants()
                .find(|n| n.has_tag_name("path"))
                .expect("an edge's path");
            let points = path_points(path.attribute("d").unwrap());
            // The label's box, estimated small (half an em a character):
            // lines of 1.2 em, centred on x, the first baseline at y.
            let size: f64 = label.attribute("font-size").unwrap().parse().unwrap();
            let x: f64 = label.attribute("x").unwrap().parse().unwrap();
            let y: f64 = label.attribute("y").unwrap().parse().unwrap();
            let lines: Vec<String> = label
                .children()
                .filter(|n| n.has_tag_name("tspan"))
                .map(|n| n.text().unwrap_or("").to_string())
                .collect();
            assert!(!lines.is_empty(), "{what}: {id} has no lines");
            let width = lines.iter().map(|l| l.chars().count()).max().unwrap() as f64 * size * 0.5;
            let top = y - size * 0.8;
            let bottom = y + (lines.len() as f64 - 1.0) * size * 1.2 + size * 0.2;
            let (left, right) = (x - width / 2.0, x + width / 2.0);
            for (px, py) in &points {
                assert!(
                    !(*px > left && *px < right && *py > top && *py < bottom),
                    "{what}: {id} {lines:?} at ({left:.0}..{right:.0}, {top:.0}..{bottom:.0}) is struck through by its edge at ({px:.0}, {py:.0})"
                );
            }
            // A halo, so that another line crossing it does not strike it.
            assert_eq!(label.attribute("paint-order"), Some("stroke"));
            assert_eq!(label.attribute("stroke"), Some("#ffffff"));
        }
    }
}

/// The lines of the edges whose label starts with `kind`.
fn lines_of<'a>(doc: &'a roxmltree::Document, kind: &str) -> Vec<Vec<roxmltree::Node<'a, 'a>>> {
    doc.descendants()
        .filter(|n| has_class(n, "edge-label") && first_line(n) == kind)
        .map(|label| {
            let id = label
                .attribute("id")
                .unwrap()
                .strip_suffix("-label")
                .unwrap();
            by_id(doc, id)
                .descendants()
                .filter(|n| n.has_tag_name("path"))
                .collect()
        })
        .collect()
}

/// Seen: dotted lines drawn dashed (layout-rs has only dashed or not).
/// Each family has its line: dotted place, dashed events, thick money,
/// double regulation, and its own arrowhead.
#[test]
fn each_edge_family_has_its_line_and_arrowhead() {
    let svg = draw(EDITORIAL, &[]);
    let doc = parse(&svg);
    let check = |kind: &str, dash: Option<&str>, width: &str, head: &str| {
        let edges = lines_of(&doc, kind);
        assert!(!edges.is_empty(), "no {kind} edge");
        for paths in edges {
            let line = paths[0];
            assert_eq!(line.attribute("stroke-dasharray"), dash, "{kind}");
            assert_eq!(line.attribute("stroke-width"), Some(width), "{kind}");
            let marker = line.attribute("marker-end").unwrap();
            assert!(
                marker.contains(&format!("#head-{head}-")),
                "{kind}: {marker}"
            );
            let id = &marker["url(#".len()..marker.len() - 1];
            assert!(by_id(&doc, id).has_tag_name("marker"));
        }
    };
    check("located-in", Some("1.5,3"), "1.2", "open");
    check("competes-with", Some("1.5,3"), "1.2", "open");
    check("participates-in", Some("6,3"), "1.2", "vee");
    check("funds", None, "2.4", "normal");
    check("co-founded", None, "1.2", "empty");
    // A double line: a wide stroke with a narrow one of white on top.
    for paths in lines_of(&doc, "regulates") {
        assert_eq!(paths.len(), 2);
        assert_eq!(paths[1].attribute("stroke"), Some("#ffffff"));
        assert_eq!(paths[1].attribute("d"), paths[0].attribute("d"));
    }
    // One marker per head and colour.
    let markers: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("marker"))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    let unique: BTreeSet<&&str> = markers.iter().collect();
    assert_eq!(unique.len(), markers.len(), "{markers:?}");
}

/// The legend shows the node kinds as samples of their shapes, three to a
/// row, then the edge kinds as lines by family, with the family's name.
#[test]
fn the_legend_shows_shapes_and_lines_by_family() {
    let svg = draw(EDITORIAL, MISTRAL);
    let doc = parse(&svg);
    let legend = by_id(&doc, "legend");
    let samples: Vec<_> = legend
        .descendants()
        .filter(|n| has_class(n, "legend-node"))
        .collect();
    // person, company, public-body, programme, fund, infrastructure,
    // conference, funding-round, jurisdiction, group.
    assert_eq!(samples.len(), 10);
    let shapes: BTreeSet<&str> = samples
        .iter()
        .filter_map(|s| s.first_element_child()?.attribute("class"))
        .collect();
    assert_eq!(shapes.len(), 10, "{shapes:?}");
    // Three to a row.
    let mut rows: BTreeMap<String, usize> = BTreeMap::new();
    for sample in &samples {
        let text = sample.children().find(|n| n.has_tag_name("text")).unwrap();
        *rows
            .entry(text.attribute("y").unwrap().to_string())
            .or_default() += 1;
    }
    assert!(rows.values().all(|&n| n <= 3), "{rows:?}");
    let lines: Vec<Vec<String>> = legend
        .descendants()
        .filter(|n| has_class(n, "legend-edge"))
        .map(|n| {
            n.children()
                .filter(|c| c.has_tag_name("text"))
                .map(|c| c.text().unwrap_or("").to_string())
                .collect()
        })
        .collect();
    assert_eq!(lines.first().unwrap(), &["funds", "money"]);
    assert!(lines.contains(&vec![
        "located-in".to_string(),
        "place and structure".into()
    ]));
    assert!(lines.contains(&vec![
        "co-founded".to_string(),
        "founding and leadership".into()
    ]));
    let families: Vec<&String> = lines.iter().map(|l| &l[1]).collect();
    let mut grouped = families.clone();
    grouped.dedup();
    let unique: BTreeSet<_> = families.iter().collect();
    assert_eq!(grouped.len(), unique.len(), "by family: {families:?}");
}

fn attribute(svg: &str, name: &str) -> String {
    parse(svg)
        .root_element()
        .attribute(name)
        .unwrap()
        .to_string()
}

/// `--title`, `--no-legend`, `--orientation` and `--size`.
#[test]
fn title_legend_orientation_and_size_are_honoured() {
    let svg = draw(
        EDITORIAL,
        &["--around", "mistral-ai", "--title", "Mistral & co"],
    );
    let doc = parse(&svg);
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name("text") && n.text() == Some("Mistral & co"))
    );
    assert!(svg.contains("<g id=\"legend\">"));
    let bare = draw(EDITORIAL, &["--around", "mistral-ai", "--no-legend"]);
    assert!(!bare.contains("id=\"legend\""));

    // Founders before Mistral AI: to its left, or above it.
    let centre = |svg: &str, id: &str| {
        let doc = parse(svg);
        let node = by_id(&doc, &format!("node-{id}"));
        let text = node.descendants().find(|n| n.has_tag_name("text")).unwrap();
        let x: f64 = text.attribute("x").unwrap().parse().unwrap();
        let y: f64 = text.attribute("y").unwrap().parse().unwrap();
        (x, y)
    };
    let across = draw(EDITORIAL, &["--around", "mistral-ai"]);
    let down = draw(
        EDITORIAL,
        &["--around", "mistral-ai", "--orientation", "tb"],
    );
    assert!(centre(&across, "arthur-mensch").0 < centre(&across, "mistral-ai").0);
    assert!(centre(&down, "arthur-mensch").1 < centre(&down, "mistral-ai").1);

    // Scaled down to 10 cm (283 pt) wide, the view box kept.
    let full = draw(EDITORIAL, MISTRAL);
    let mut args = MISTRAL.to_vec();
    args.extend(["--size", "10cm"]);
    let small = draw(EDITORIAL, &args);
    assert_eq!(attribute(&small, "viewBox"), attribute(&full, "viewBox"));
    // Points, like --size and Graphviz.
    let points = |svg: &str| -> f64 {
        let width = attribute(svg, "width");
        width
            .strip_suffix("pt")
            .expect("a width in points")
            .parse()
            .unwrap()
    };
    let width = points(&small);
    assert!((280.0..=284.0).contains(&width), "{width}");
    let full_width = points(&full);
    assert!(full_width > 284.0);
}

/// A timeline (being redesigned) still draws; hostile names stay text.
#[test]
fn timelines_and_hostile_names_still_draw() {
    let svg = draw(
        EDITORIAL,
        &[
            "--timeline",
            "--since",
            "2023-06-01",
            "--until",
            "2023-06-30",
        ],
    );
    parse(&svg);
    assert!(svg.contains("2023-06-14"));
    let hostile = draw("tests/fixtures/hostile", &[]);
    let doc = parse(&hostile);
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    // Same data, same bytes.
    assert_eq!(draw(EDITORIAL, MISTRAL), draw(EDITORIAL, MISTRAL));
}

//! What a report author controls and sees in a picture: edge labels that
//! do not overlap with clusters, the title, the legend, the orientation, the
//! size and resolution, and kinds left out. Pictures are drawn by Graphviz
//! (installed in CI).

use std::path::Path;

mod common;

use common::EDITORIAL;

fn reggraph(args: &[&str]) -> common::Run {
    let mut all = vec!["--data", EDITORIAL];
    all.extend_from_slice(args);
    common::run(&all, &[])
}

#[track_caller]
fn render(dir: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    assert!(common::graphviz().is_some() || std::env::var_os("CI").is_none());
    let out = dir.join(name);
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend(["-o", out.to_str().unwrap()]);
    let run = reggraph(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read(out).unwrap()
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(svg, options).unwrap()
}

/// The boxes of the texts Graphviz drew for edges and clusters (not the
/// legend), estimated from their anchor, size and length: (owner, text,
/// x0, y0, x1, y1).
fn label_boxes(svg: &str) -> Vec<(String, String, f64, f64, f64, f64)> {
    let doc = parse(svg);
    let mut boxes = Vec::new();
    for group in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let Some(class @ ("edge" | "cluster")) = group.attribute("class") else {
            continue;
        };
        let title = group
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string();
        if title.contains("legend") {
            continue;
        }
        for text in group.descendants().filter(|n| n.has_tag_name("text")) {
            let number = |name: &str| text.attribute(name).unwrap().parse::<f64>().unwrap();
            let (x, y, size) = (number("x"), number("y"), number("font-size"));
            let content = text.text().unwrap_or("").to_string();
            let width = content.chars().count() as f64 * size * 0.55;
            let x0 = match text.attribute("text-anchor") {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            boxes.push((
                format!("{class} {title}"),
                content,
                x0,
                y - size * 0.8,
                x0 + width,
                y + size * 0.2,
            ));
        }
    }
    boxes
}

fn overlaps(svg: &str) -> Vec<String> {
    let boxes = label_boxes(svg);
    let mut found = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if a.0 != b.0 && a.2 < b.4 && b.2 < a.4 && a.3 < b.5 && b.3 < a.5 {
                found.push(format!("{:?} over {:?}", a.1, b.1));
            }
        }
    }
    found
}

#[test]
fn clustered_edge_labels_do_not_print_over_each_other() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("kind.svg", &["--cluster-by", "kind"][..]),
        ("jurisdiction.svg", &["--cluster-by", "jurisdiction"][..]),
        (
            "france.svg",
            &["--around", "france", "--depth", "2", "--cluster-by", "kind"][..],
        ),
    ] {
        let svg = String::from_utf8(render(dir.path(), name, args)).unwrap();
        assert!(label_boxes(&svg).len() > 20, "{name}: labels were found");
        let found = overlaps(&svg);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

#[test]
fn title_legend_and_orientation_are_the_authors_to_set() {
    let dot = |args: &[&str]| {
        let mut all = vec!["export", "dot", "--around", "mistral-ai"];
        all.extend_from_slice(args);
        let run = reggraph(&all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let plain = dot(&[]);
    assert!(plain.contains("cluster__legend"));
    assert!(plain.contains(r#"rankdir="LR""#));
    let styled = dot(&[
        "--title",
        "Figure 2: \"Mistral\" <AI>",
        "--no-legend",
        "--orientation",
        "tb",
    ]);
    assert!(
        styled.contains(r#"label="Figure 2: \"Mistral\" <AI>""#),
        "{styled}"
    );
    assert!(!styled.contains("cluster__legend"));
    assert!(!styled.contains("_legend"));
    assert!(styled.contains(r#"rankdir="TB""#));
    // The title reaches the picture, escaped.
    let dir = tempfile::tempdir().unwrap();
    let svg = render(
        dir.path(),
        "t.svg",
        &["--around", "mistral-ai", "--title", "Figure 2: <AI> & co"],
    );
    let svg = String::from_utf8(svg).unwrap();
    let doc = parse(&svg);
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name("text") && n.text() == Some("Figure 2: <AI> & co"))
    );
}

fn png_width(bytes: &[u8]) -> u32 {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    u32::from_be_bytes(bytes[16..20].try_into().unwrap())
}

#[test]
fn resolution_and_size_are_the_authors_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let at = |dpi: &str| {
        png_width(&render(
            dir.path(),
            &format!("{dpi}.png"),
            &["--around", "mistral-ai", "--dpi", dpi],
        ))
    };
    let (screen, print) = (at("96"), at("192"));
    assert!(
        (print as f64 / screen as f64 - 2.0).abs() < 0.05,
        "{screen} px at 96 dpi, {print} px at 192"
    );
    // --size: the picture is scaled down to fit 8 cm (226.8 pt).
    let svg = render(
        dir.path(),
        "small.svg",
        &["--around", "mistral-ai", "--depth", "2", "--size", "8cm"],
    );
    let svg = String::from_utf8(svg).unwrap();
    let doc = parse(&svg);
    let width = doc.root_element().attribute("width").unwrap();
    let points: f64 = width.trim_end_matches("pt").parse().unwrap();
    assert!(points <= 227.0, "width {width}");
    // --dpi on a format drawn at any size is refused; a size without a
    // unit says which units there are.
    let never = dir.path().join("never.svg");
    let never = never.to_str().unwrap();
    let run = reggraph(&["render", "--dpi", "300", "-o", never]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--dpi applies only to PNG"),
        "{}",
        run.stderr
    );
    let run = reggraph(&["render", "--size", "12", "-o", never]);
    assert_eq!(run.code, 2);
    assert!(!Path::new(never).exists());
    assert!(run.stderr.contains("cm, 170mm, 6.5in"), "{}", run.stderr);
}

#[test]
fn kinds_can_be_left_out() {
    let run = reggraph(&[
        "export",
        "dot",
        "--around",
        "mistral-ai",
        "--depth",
        "2",
        "--exclude-kind",
        "person",
        "--exclude-edge-kind",
        "located-in",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"mistral-ai\"["));
    assert!(!run.stdout.contains("\"arthur-mensch\"["), "{}", run.stdout);
    assert!(!run.stdout.contains("located-in"), "{}", run.stdout);
    // The centre is kept even when its kind is left out.
    let run = reggraph(&[
        "export",
        "dot",
        "--around",
        "mistral-ai",
        "--exclude-kind",
        "company",
    ]);
    assert!(run.stdout.contains("\"mistral-ai\"["), "{}", run.stdout);
    assert!(!run.stdout.contains("\"openai\"["), "{}", run.stdout);
}

//! The timeline picture fits a page width and every label reads: drawn
//! from the frozen editorial data by both engines, and laid out for random
//! graphs without any text over another text or mark.

use std::path::Path;

use proptest::prelude::*;
use reggraph::export::timeline::{self, Anchor, Item, View, text_width};
use reggraph::query::{self, TimelineQuery};

mod common;

use common::EDITORIAL;

/// A4 at 96 dpi is 794 px wide.
const A4_PIXELS: u32 = 794;

fn reggraph(args: &[&str]) -> common::Run {
    let mut all = vec!["--data", EDITORIAL];
    all.extend_from_slice(args);
    common::run(&all, &[])
}

fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

fn svg_points(svg: &str, name: &str) -> f64 {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, options).unwrap();
    doc.root_element()
        .attribute(name)
        .unwrap()
        .trim_end_matches("pt")
        .parse()
        .unwrap()
}

#[test]
fn june_2023_and_the_ai_act_fit_an_a4_page_width() {
    assert!(common::graphviz().is_some() || std::env::var_os("CI").is_none());
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        (
            "june",
            &["--since", "2023-06-01", "--until", "2023-06-30"][..],
        ),
        ("ai-act", &["--actor", "eu-ai-act"][..]),
    ] {
        let png = dir.path().join(format!("{name}.png"));
        let mut all = vec!["render", "--timeline"];
        all.extend_from_slice(args);
        all.extend(["-o", png.to_str().unwrap()]);
        let run = reggraph(&all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!run.stderr.contains("Warning"), "{}", run.stderr);
        let (width, height) = png_size(&png);
        assert!(width <= A4_PIXELS, "{name}: {width}x{height} px");
        // One page or so, not a tower: June 2023 was 848x3693 px.
        assert!(height <= 2 * width, "{name}: {width}x{height} px");
        for engine in ["graphviz", "embedded"] {
            let svg = dir.path().join(format!("{name}-{engine}.svg"));
            let mut all = vec!["render", "--timeline", "--engine", engine];
            all.extend_from_slice(args);
            all.extend(["-o", svg.to_str().unwrap()]);
            let run = reggraph(&all);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let svg = std::fs::read_to_string(svg).unwrap();
            // The embedded engine drew 13035 px wide.
            let width = svg_points(&svg, "width");
            assert!(width <= 595.0, "{name} by {engine}: {width} pt wide");
        }
    }
}

#[test]
fn facts_read_as_sentences() {
    let run = reggraph(&[
        "export",
        "dot",
        "--timeline",
        "--since",
        "2023-06",
        "--until",
        "2023-06",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for sentence in [
        "2023-06-14: Mistral AI raises EUR 105M (secured)",
        "28 institutional investors invest in Tibi 2: EUR 7bn (secured)",
        "Emmanuel Macron calls for EU AI Act",
        "Arthur Mensch takes part in Vivatech 2023",
    ] {
        assert!(run.stdout.contains(sentence), "{sentence}\n{}", run.stdout);
    }
    for machine in ["calls-for", "invests Tibi", "participates-in"] {
        assert!(!run.stdout.contains(machine), "{machine}");
    }
}

/// The box a text or a mark covers: (x0, y0, x1, y1).
fn extent(item: &Item) -> Option<(f64, f64, f64, f64)> {
    match item {
        Item::Text {
            x,
            y,
            lines,
            size,
            anchor,
            ..
        } => {
            let width = lines
                .iter()
                .map(|l| text_width(l, *size))
                .fold(0.0, f64::max);
            let x0 = match anchor {
                Anchor::Start => *x,
                Anchor::Middle => x - width / 2.0,
                Anchor::End => x - width,
            };
            let height = (lines.len() as f64 - 1.0) * 9.5 + size;
            Some((x0, y - size * 0.8, x0 + width, y - size * 0.8 + height))
        }
        Item::Circle { x, y, radius, .. } => Some((x - radius, y - radius, x + radius, y + radius)),
        Item::Rect {
            x,
            y,
            width,
            height,
            stroke: Some(_),
            ..
        } => Some((*x, *y, x + width, y + height)),
        // Lane backgrounds and grid lines are under everything.
        _ => None,
    }
}

fn assert_readable(chart: &timeline::Chart) {
    let boxes: Vec<_> = chart.items.iter().filter_map(extent).collect();
    for (i, a) in boxes.iter().enumerate() {
        assert!(
            a.0 >= -0.5 && a.2 <= chart.width + 0.5,
            "off the page: {a:?}"
        );
        for b in &boxes[i + 1..] {
            let overlap = a.0 < b.2 - 0.5 && b.0 < a.2 - 0.5 && a.1 < b.3 - 0.5 && b.1 < a.3 - 0.5;
            assert!(!overlap, "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn nothing_is_drawn_over_anything_else_in_the_editorial_timelines() {
    let report = reggraph::workspace::Workspace::new(EDITORIAL, &reggraph::workspace::Cache::Off)
        .graph(&|_| {});
    let Ok(report) = report else {
        panic!("the editorial fixture loads")
    };
    let graph = report.output;
    for actor in [None, graph.by_id("eu-ai-act"), graph.by_id("mistral-ai")] {
        let entries = query::timeline(
            &graph,
            &TimelineQuery {
                actor,
                ..TimelineQuery::default()
            },
        );
        let chart = timeline::chart(
            &graph,
            &entries,
            "Timeline",
            View {
                actor,
                ..View::default()
            },
        );
        assert!(chart.facts > 0);
        assert_readable(&chart);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// For random graphs and windows, no text or mark is drawn over
    /// another and everything is on the page.
    #[test]
    fn random_timelines_are_readable(file in common::dataset()) {
        let dir = tempfile::tempdir().unwrap();
        reggraph::load::write_data_file(&dir.path().join("data.ron"), &file).unwrap();
        let Ok(opened) = reggraph::workspace::Workspace::new(
            dir.path(),
            &reggraph::workspace::Cache::Off,
        )
        .graph(&|_| {}) else {
            return Ok(());
        };
        let graph = opened.output;
        let entries = query::timeline(&graph, &TimelineQuery::default());
        let chart = timeline::chart(&graph, &entries, "Random", View::default());
        assert_readable(&chart);
    }
}

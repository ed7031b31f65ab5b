//! The embedded engine: lays out a [`Diagram`] and writes SVG with the
//! pure-Rust layout-rs crate, so `render` works on a machine with nothing
//! installed. It draws boxes in the kinds' colours (layout-rs has fewer
//! shapes than Graphviz), labelled edges in the kinds' colours and line
//! styles, and adds the title and a legend around layout-rs's picture.

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::diagram::Diagram;
use super::style::{Line, Shape, edge_style, node_style};
use super::xml::picture_text;

/// One font size everywhere: layout-rs keeps font styles in a hash map and
/// would print several in a varying order; with one, the bytes are stable.
const FONT: usize = 14;
const TITLE_HEIGHT: f64 = 40.0;
const LEGEND_ROW: f64 = 22.0;
const LEGEND_WIDTH: f64 = 230.0;

fn color(hex: &str) -> Color {
    Color::fast(hex)
}

/// Text for our own SVG elements: as a picture may show it
/// ([`picture_text`]), with XML's special characters escaped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in picture_text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Lays out `diagram` and returns a complete SVG document.
pub fn svg(diagram: &Diagram) -> String {
    if let Some(chart) = &diagram.timeline {
        return super::timeline::svg(chart, diagram);
    }
    let orientation = if diagram.left_to_right {
        Orientation::LeftToRight
    } else {
        Orientation::TopToBottom
    };
    let mut graph = VisualGraph::new(orientation);
    let mut handles = std::collections::HashMap::new();
    for node in &diagram.nodes {
        let look = match &node.style {
            Some(style) => StyleAttr::new(
                color(style.border),
                if node.emphasis { 3 } else { 1 },
                Some(color(style.fill)),
                if matches!(style.shape, Shape::RoundedBox | Shape::Ellipse) {
                    12
                } else {
                    0
                },
                FONT,
            ),
            None => StyleAttr::new(color("#ffffff"), 0, None, 0, FONT),
        };
        // layout-rs escapes XML's special characters, not the rest.
        let shape = ShapeKind::new_box(&picture_text(&node.label));
        let size = get_shape_size(orientation, &shape, FONT, false);
        let element = Element::create_with_properties(
            shape,
            look,
            orientation,
            size,
            format!("id=\"{}\"", escape(&format!("node-{}", node.id))),
        );
        handles.insert(node.id.clone(), graph.add_node(element));
    }
    for edge in &diagram.edges {
        let (Some(&from), Some(&to)) = (handles.get(&edge.from), handles.get(&edge.to)) else {
            continue;
        };
        let arrow = match &edge.style {
            Some(style) => {
                let line = match style.line() {
                    Line::Dashed => LineStyleKind::Dashed,
                    Line::Dotted => LineStyleKind::Dotted,
                    _ => LineStyleKind::Normal,
                };
                let look = StyleAttr::new(
                    color(style.color),
                    if style.width() >= 2.0 { 2 } else { 1 },
                    None,
                    0,
                    FONT,
                );
                Arrow::new(
                    LineEndKind::None,
                    LineEndKind::Arrow,
                    line,
                    &picture_text(&edge.label),
                    &look,
                    &None,
                    &None,
                )
            }
            None => Arrow::invisible(),
        };
        graph.add_edge(arrow, from, to);
    }
    let mut writer = SVGWriter::new();
    if !diagram.nodes.is_empty() {
        graph.do_it(false, false, false, &mut writer);
    }
    frame(&writer.finalize(), diagram)
}

/// Wraps layout-rs's SVG with the title above and the legend to the right.
fn frame(inner: &str, diagram: &Diagram) -> String {
    let (width, height, body) = split_svg(inner);
    let legend_rows = if diagram.legend {
        diagram.legend_nodes.len() + diagram.legend_edges.len()
    } else {
        0
    };
    let legend_height = if legend_rows == 0 {
        0.0
    } else {
        (legend_rows as f64 + 1.5) * LEGEND_ROW
    };
    let total_width = (width
        + if legend_rows == 0 {
            0.0
        } else {
            LEGEND_WIDTH + 20.0
        })
    .max(400.0);
    let total_height = TITLE_HEIGHT + height.max(legend_height) + 10.0;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
    out.push_str(&format!(
        "<svg width=\"{total_width:.0}\" height=\"{total_height:.0}\" viewBox=\"0 0 {total_width:.0} {total_height:.0}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    ));
    out.push_str(&format!("<title>{}</title>\n", escape(&diagram.title)));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{total_width:.0}\" height=\"{total_height:.0}\" fill=\"#ffffff\"/>\n"
    ));
    out.push_str(&format!(
        "<text x=\"{:.0}\" y=\"26\" text-anchor=\"middle\" font-size=\"16\">{}</text>\n",
        total_width / 2.0,
        escape(&diagram.title)
    ));
    out.push_str(&format!(
        "<g transform=\"translate(0,{TITLE_HEIGHT})\">\n{body}\n</g>\n"
    ));
    if legend_rows > 0 {
        let x = width + 20.0;
        let mut y = TITLE_HEIGHT + 10.0;
        out.push_str(&format!(
            "<g id=\"legend\"><rect x=\"{x:.0}\" y=\"{y:.0}\" width=\"{LEGEND_WIDTH:.0}\" height=\"{legend_height:.0}\" rx=\"6\" fill=\"#ffffff\" stroke=\"#bbbbbb\"/>\n"
        ));
        y += LEGEND_ROW;
        out.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{y:.0}\" font-size=\"13\" font-weight=\"bold\">Legend</text>\n",
            x + 10.0
        ));
        for kind in &diagram.legend_nodes {
            y += LEGEND_ROW;
            let style = node_style(*kind);
            out.push_str(&format!(
                "<rect x=\"{:.0}\" y=\"{:.0}\" width=\"28\" height=\"14\" fill=\"{}\" stroke=\"{}\"/><text x=\"{:.0}\" y=\"{y:.0}\" font-size=\"12\">{}</text>\n",
                x + 10.0,
                y - 12.0,
                style.fill,
                style.border,
                x + 48.0,
                escape(&kind.label())
            ));
        }
        for kind in &diagram.legend_edges {
            y += LEGEND_ROW;
            let style = edge_style(*kind);
            let dash = match style.line().dasharray() {
                Some(dash) => format!(" stroke-dasharray=\"{dash}\""),
                None => String::new(),
            };
            out.push_str(&format!(
                "<line x1=\"{:.0}\" y1=\"{:.0}\" x2=\"{:.0}\" y2=\"{:.0}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/><text x=\"{:.0}\" y=\"{y:.0}\" font-size=\"12\">{}</text>\n",
                x + 10.0,
                y - 5.0,
                x + 38.0,
                y - 5.0,
                style.color,
                style.width(),
                x + 48.0,
                escape(&kind.label())
            ));
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// The width, height and inner content of layout-rs's SVG document.
fn split_svg(svg: &str) -> (f64, f64, &str) {
    let attribute = |name: &str| -> f64 {
        svg.find(&format!(" {name}=\""))
            .and_then(|at| {
                let rest = &svg[at + name.len() + 3..];
                rest[..rest.find('"')?].parse().ok()
            })
            .unwrap_or(0.0)
    };
    let width = attribute("width");
    let height = attribute("height");
    let start = svg
        .find("<svg ")
        .and_then(|at| svg[at..].find('>').map(|end| at + end + 1))
        .unwrap_or(0);
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    (width, height, &svg[start..end])
}

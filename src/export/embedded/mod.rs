//! The embedded engine: lays out a [`Diagram`] with the pure-Rust
//! layout-rs crate, so `render` works on a machine with nothing installed,
//! and writes the SVG itself from where layout-rs put things
//! ([`backend`]): each node kind in its shape ([`shapes`]) and colours,
//! each edge in its family's line and arrowhead and its kind's colour, edge
//! labels beside their edges on a white halo, the title and a legend of
//! shapes and lines like the Graphviz one. Colours are plain `#rrggbb`;
//! links only where the link policy allows (`dot::tooltip_and_link`); the
//! same diagram gives the same bytes. Clusters are not drawn: layout-rs
//! cannot keep a group together.

mod backend;
mod geometry;
mod shapes;
mod text;

use std::collections::{BTreeMap, BTreeSet};

use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::{Point, Position};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::diagram::Diagram;
use super::dot::tooltip_and_link;
use super::style::{EdgeStyle, Family, Line, Mark, NodeStyle, Shape, edge_style, node_style};
use super::xml::picture_text;
use backend::{Cubic, Recorded, Xy, label_tag};
use shapes::Rect;

const NODE_FONT: f64 = 12.0;
const EDGE_FONT: f64 = 10.0;
const LEGEND_FONT: f64 = 10.0;
/// Between an edge and its label.
const LABEL_GAP: f64 = 3.0;
/// The room layout-rs keeps around a node.
const NODE_HALO: f64 = 30.0;
/// Around the drawing.
const MARGIN: f64 = 12.0;
const TITLE_HEIGHT: f64 = 40.0;
/// Each line of a title after the first.
const TITLE_LINE: f64 = 20.0;
const TEXT_COLOUR: &str = "#000000";
/// What a label's halo and a double line's middle are painted with.
const PAPER: &str = "#ffffff";

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

/// The arrowhead of a family, as an SVG marker: its name (`normal`,
/// `empty`, `vee`, `open`), and how far short of the node its line stops
/// so that the head's tip, not the line, touches the node.
fn head(family: Family) -> (&'static str, f64) {
    let name = family.arrowhead();
    HEADS
        .iter()
        .copied()
        .find(|h| h.0 == name)
        .unwrap_or(HEADS[0])
}

const HEADS: [(&str, f64); 4] = [("normal", 9.0), ("empty", 9.0), ("vee", 6.5), ("open", 1.0)];

fn marker_id(family: Family, colour: &str) -> String {
    head_id(head(family).0, colour)
}

fn head_id(name: &str, colour: &str) -> String {
    format!("head-{name}-{}", colour.trim_start_matches('#'))
}

/// One marker per arrowhead and colour, in user units so that a thick
/// line does not get a bigger head; the tip is `length` past the line's
/// end.
fn marker((name, colour): (&str, &str)) -> String {
    let length = HEADS.iter().find(|h| h.0 == name).map_or(9.0, |h| h.1);
    let shape = match name {
        "empty" => format!(
            "<polygon points=\"0.6,0.6 9.4,4 0.6,7.4\" fill=\"{PAPER}\" stroke=\"{colour}\" stroke-width=\"1.2\"/>"
        ),
        "vee" => format!("<path d=\"M 0 0 L 9.5 4 L 0 8 L 3 4 Z\" fill=\"{colour}\"/>"),
        "open" => format!(
            "<polyline points=\"0.5,0.6 9,4 0.5,7.4\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.3\"/>"
        ),
        _ => format!("<polygon points=\"0,0 9.5,4 0,8\" fill=\"{colour}\"/>"),
    };
    format!(
        "<marker id=\"{}\" viewBox=\"0 0 10 8\" markerWidth=\"10\" markerHeight=\"8\" refX=\"{:.1}\" refY=\"4\" orient=\"auto\" markerUnits=\"userSpaceOnUse\">{shape}</marker>",
        head_id(name, colour),
        9.5 - length
    )
}

fn path_data(path: &[Cubic]) -> String {
    let mut d = String::new();
    for (i, c) in path.iter().enumerate() {
        if i == 0 {
            d.push_str(&format!("M {:.1} {:.1}", c[0].x, c[0].y));
        }
        d.push_str(&format!(
            " C {:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
            c[1].x, c[1].y, c[2].x, c[2].y, c[3].x, c[3].y
        ));
    }
    d
}

/// An edge's line: its family's style and width, its kind's colour, its
/// family's head. A double line is a wide stroke with a narrow one of
/// paper on top.
fn line(path: &[Cubic], style: &EdgeStyle) -> String {
    let d = path_data(path);
    let width = style.width() as f64;
    let colour = style.color;
    let head = format!("marker-end=\"url(#{})\"", marker_id(style.family, colour));
    match style.line() {
        Line::Double => format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{:.1}\" {head}/><path d=\"{d}\" fill=\"none\" stroke=\"{PAPER}\" stroke-width=\"{:.1}\"/>",
            3.0 * width + 0.4,
            width + 0.4
        ),
        other => {
            let dash = match other.dasharray() {
                Some(dash) => format!(" stroke-dasharray=\"{dash}\""),
                None => String::new(),
            };
            format!(
                "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width:.1}\"{dash} {head}/>"
            )
        }
    }
}

/// `inner` as a link to `url` (already allowed by the link policy), in a
/// new tab.
fn linked(inner: String, url: Option<&str>) -> String {
    match url {
        Some(url) => format!(
            "<a xlink:href=\"{}\" target=\"_blank\">{inner}</a>",
            escape(url)
        ),
        None => inner,
    }
}

/// The stroke of a node's outline.
fn node_stroke(border: &str, emphasis: bool) -> String {
    format!(
        "stroke=\"{border}\" stroke-width=\"{}\"",
        if emphasis { 3 } else { 1 }
    )
}

/// A node's outline as its style says: in a diagram of changes, the
/// mark's border width, dashed for a removed node (a dashed box is dashed
/// already) and drawn twice, the second inside, for a changed one.
fn marked_outline(style: &NodeStyle, r: Rect, emphasis: bool) -> String {
    if style.mark.is_none() {
        return shapes::outline(
            style.shape,
            r,
            style.fill,
            &node_stroke(style.border, emphasis),
        );
    }
    let mut stroke = format!(
        "stroke=\"{}\" stroke-width=\"{:.1}\"",
        style.border,
        style.border_width()
    );
    if style.dashed() && style.shape != Shape::DashedBox {
        stroke.push_str(" stroke-dasharray=\"6,3\"");
    }
    let mut out = shapes::outline(style.shape, r, style.fill, &stroke);
    if style.double() {
        let inset = 4.0;
        let inner = Rect {
            x: r.x + inset,
            y: r.y + inset,
            w: (r.w - 2.0 * inset).max(1.0),
            h: (r.h - 2.0 * inset).max(1.0),
        };
        out.push_str(&shapes::outline(style.shape, inner, "none", &stroke));
    }
    out
}

/// The space layout-rs keeps for an edge label `size` big: twice its
/// height (left to right) or width (top to bottom), the edge through the
/// middle and the label on one side. As layout-rs sizes a connector by its
/// text, the placeholder is text of that many characters by that many
/// lines, at a font size of one pixel, starting with the edge's tag.
fn placeholder(edge: usize, size: (f64, f64), left_to_right: bool) -> String {
    let (w, h) = if left_to_right {
        (size.0, 2.0 * (size.1 + LABEL_GAP))
    } else {
        (2.0 * (size.0 + LABEL_GAP), size.1)
    };
    let tag = label_tag(edge);
    let columns = (w.ceil() as usize).max(tag.len());
    let rows = (h.ceil() as usize).max(1);
    let mut text = format!("{tag:<columns$}");
    for _ in 1..rows {
        text.push_str("\n.");
    }
    text
}

fn overlaps(r: Rect, points: &[Xy], margin: f64) -> bool {
    points.iter().any(|p| {
        p.x >= r.x - margin
            && p.x <= r.x + r.w + margin
            && p.y >= r.y - margin
            && p.y <= r.y + r.h + margin
    })
}

fn intersects(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Where an edge's label goes. layout-rs kept a box for it around
/// `anchor`, which the edge crosses (through a knot of its path, the
/// connector's centre); the label goes beside the point where it crosses
/// the box's middle: above it when the picture runs left to right, to its
/// right when top to bottom, else on the other side, moved out until
/// neither its own line nor a node or label in `taken` is under it.
fn place_label(
    path: &[Cubic],
    anchor: Xy,
    size: (f64, f64),
    slack: f64,
    left_to_right: bool,
    taken: &[Rect],
) -> Rect {
    let points = geometry::samples(path, 48);
    // The segments either side of the knot nearest the anchor.
    let knot = (0..path.len().saturating_sub(1))
        .min_by(|&a, &b| {
            geometry::distance(path[a][3], anchor)
                .total_cmp(&geometry::distance(path[b][3], anchor))
        })
        .unwrap_or(0);
    let near = geometry::samples(&path[knot..(knot + 2).min(path.len())], 48);
    let across = |p: &Xy| {
        if left_to_right {
            (p.x - anchor.x).abs()
        } else {
            (p.y - anchor.y).abs()
        }
    };
    let crossing = near
        .iter()
        .copied()
        .min_by(|a, b| across(a).total_cmp(&across(b)))
        .unwrap_or(anchor);
    let (w, h) = size;
    // The label's box `out` further than the gap from the crossing, on
    // one side: 0 above, 1 below, 2 right, 3 left.
    let at = |side: usize, out: f64| {
        let gap = LABEL_GAP + out;
        let (x, y) = match side {
            0 => (crossing.x - w / 2.0, crossing.y - gap - h),
            1 => (crossing.x - w / 2.0, crossing.y + gap),
            2 => (crossing.x + gap, crossing.y - h / 2.0),
            _ => (crossing.x - gap - w, crossing.y - h / 2.0),
        };
        Rect { x, y, w, h }
    };
    // Beside the line as the picture runs first, then across it (a steep
    // edge in a left-to-right picture).
    let sides = if left_to_right {
        [0, 1, 2, 3]
    } else {
        [2, 3, 0, 1]
    };
    let candidates = || (0..24).flat_map(move |step| sides.map(|side| at(side, step as f64 * 4.0)));
    // Kept off its line with `slack` more on each side: text measured
    // narrow (digits, short letters) may render wider than measured.
    let off_line = |r: &Rect| {
        let wide = Rect {
            x: r.x - slack,
            w: r.w + 2.0 * slack,
            ..*r
        };
        !overlaps(wide, &points, 2.0)
    };
    candidates()
        .find(|r| off_line(r) && !taken.iter().any(|t| intersects(*r, *t)))
        // Crowded: at least off its own line.
        .or_else(|| candidates().find(off_line))
        .unwrap_or_else(|| at(sides[0], 0.0))
}

/// The drawing of the diagram's nodes and edges, at the origin, and its
/// size.
struct Drawing {
    /// The arrowheads used, by name and colour.
    markers: BTreeSet<(&'static str, &'static str)>,
    body: String,
    width: f64,
    height: f64,
}

/// Lays out `diagram` and returns a complete SVG document.
pub fn svg(diagram: &Diagram) -> String {
    if let Some(chart) = &diagram.timeline {
        return super::timeline::svg(chart, diagram);
    }
    frame(&draw(diagram), diagram)
}

fn draw(diagram: &Diagram) -> Drawing {
    let left_to_right = diagram.left_to_right;
    let orientation = if left_to_right {
        Orientation::LeftToRight
    } else {
        Orientation::TopToBottom
    };
    let mut graph = VisualGraph::new(orientation);
    let mut handles = BTreeMap::new();
    for (i, node) in diagram.nodes.iter().enumerate() {
        let label = text::size(&node.label, NODE_FONT);
        let (w, h) = match &node.style {
            Some(style) => shapes::size(style.shape, label),
            None => (label.0 + 8.0, label.1 + 4.0),
        };
        let mut element = Element::create_with_properties(
            ShapeKind::new_box(""),
            StyleAttr::simple(),
            orientation,
            Point::new(w, h),
            format!("n{i}"),
        );
        // layout-rs keeps 60 px around every node; half is as airy as
        // Graphviz's picture.
        element.pos = Position::new(
            Point::zero(),
            Point::new(w, h),
            Point::zero(),
            Point::splat(NODE_HALO),
        );
        handles.insert(node.id.as_str(), graph.add_node(element));
    }
    let mut label_sizes = BTreeMap::new();
    for (i, edge) in diagram.edges.iter().enumerate() {
        let (Some(&from), Some(&to)) = (
            handles.get(edge.from.as_str()),
            handles.get(edge.to.as_str()),
        ) else {
            continue;
        };
        let arrow = match &edge.style {
            Some(_) => {
                let text = if edge.label.is_empty() {
                    String::new()
                } else {
                    let size = text::size(&edge.label, EDGE_FONT);
                    label_sizes.insert(i, size);
                    placeholder(i, size, left_to_right)
                };
                Arrow {
                    start: LineEndKind::None,
                    end: LineEndKind::Arrow,
                    line_style: LineStyleKind::Normal,
                    text,
                    look: StyleAttr::new(Color::fast("black"), 1, None, 0, 1),
                    properties: Some(format!("e{i}")),
                    src_port: None,
                    dst_port: None,
                }
            }
            None => Arrow::invisible(),
        };
        graph.add_edge(arrow, from, to);
    }
    let mut recorded = Recorded::default();
    if !diagram.nodes.is_empty() {
        graph.do_it(false, false, false, &mut recorded);
    }

    let rect = |i: usize| {
        recorded.nodes.get(&i).map(|(xy, size)| Rect {
            x: xy.x,
            y: xy.y,
            w: size.x,
            h: size.y,
        })
    };
    let index: BTreeMap<&str, usize> = diagram
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    // Nodes and labels placed so far: a label is not put over them.
    let mut taken: Vec<Rect> = (0..diagram.nodes.len()).filter_map(rect).collect();
    let mut extent = Extent::default();
    let mut markers = BTreeSet::new();
    let mut edges = String::new();
    let mut labels = String::new();
    for (i, edge) in diagram.edges.iter().enumerate() {
        let (Some(style), Some(path)) = (&edge.style, recorded.edges.get(&i)) else {
            continue;
        };
        let mut path = path.clone();
        if path.is_empty() {
            continue;
        }
        // End on the outlines, not on the boxes, then short of the head.
        let outline = |id: &str| {
            let i = *index.get(id)?;
            let shape = diagram.nodes[i].style.map(|s| s.shape)?;
            Some((shape, rect(i)?))
        };
        if let Some((shape, r)) = outline(&edge.from) {
            path[0] = geometry::start_at(&path[0], &|p| shapes::contains(shape, r, p));
        }
        let last = path.len() - 1;
        if let Some((shape, r)) = outline(&edge.to) {
            path[last] = geometry::end_at(&path[last], &|p| shapes::contains(shape, r, p));
        }
        path[last] = geometry::shorten(&path[last], head(style.family).1);
        for c in &path {
            for p in c {
                extent.add(p.x, p.y);
            }
        }
        markers.insert((head(style.family).0, style.color));
        let (tooltip, link) = tooltip_and_link(&edge.tooltip, edge.url.as_deref());
        edges.push_str(&format!(
            "<g id=\"edge-{i}\" class=\"edge\"><title>{}</title>{}</g>\n",
            escape(&tooltip),
            linked(line(&path, style), link.as_deref())
        ));
        if let Some(&size) = label_sizes.get(&i) {
            let middle = &path[path.len() / 2];
            let anchor = recorded
                .labels
                .get(&i)
                .copied()
                .unwrap_or_else(|| geometry::at(middle, 0.5));
            // Half an em a character, as a wide estimate of the widest line.
            let chars = edge
                .label
                .lines()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0);
            let slack = ((chars as f64 * EDGE_FONT * 0.5 - size.0) / 2.0).max(0.0);
            let r = place_label(&path, anchor, size, slack, left_to_right, &taken);
            taken.push(r);
            extent.add(r.x, r.y);
            extent.add(r.x + r.w, r.y + r.h);
            let c = r.centre();
            labels.push_str(&text::centred(
                &edge.label,
                (c.x, c.y),
                EDGE_FONT,
                &format!(
                    " id=\"edge-{i}-label\" class=\"edge-label\" fill=\"{}\" stroke=\"{PAPER}\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                    style.color
                ),
            ));
            labels.push('\n');
        }
    }
    let mut nodes = String::new();
    for (i, node) in diagram.nodes.iter().enumerate() {
        let Some(r) = rect(i) else {
            continue;
        };
        extent.add(r.x, r.y);
        extent.add(r.x + r.w, r.y + r.h);
        let (outline, centre) = match &node.style {
            Some(style) => (
                marked_outline(style, r, node.emphasis),
                shapes::label_centre(style.shape, r),
            ),
            None => (String::new(), r.centre()),
        };
        let weight = if node.style.is_none() {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let colour = node
            .style
            .and_then(|s| s.text_colour())
            .unwrap_or(TEXT_COLOUR);
        let label = text::centred(
            &node.label,
            (centre.x, centre.y),
            NODE_FONT,
            &format!(" fill=\"{colour}\"{weight}"),
        );
        let (tooltip, link) = tooltip_and_link(&node.tooltip, node.url.as_deref());
        nodes.push_str(&format!(
            "<g id=\"{}\" class=\"node\"><title>{}</title>{}</g>\n",
            escape(&format!("node-{}", node.id)),
            escape(&tooltip),
            linked(outline + &label, link.as_deref())
        ));
    }
    let (dx, dy) = (MARGIN - extent.min_x(), MARGIN - extent.min_y());
    Drawing {
        markers,
        body: format!(
            "<g class=\"graph\" transform=\"translate({dx:.1},{dy:.1})\">\n{edges}{nodes}{labels}</g>\n"
        ),
        width: extent.width() + 2.0 * MARGIN,
        height: extent.height() + 2.0 * MARGIN,
    }
}

/// The smallest box around what was drawn.
#[derive(Default)]
struct Extent(Option<(f64, f64, f64, f64)>);

impl Extent {
    fn add(&mut self, x: f64, y: f64) {
        let (a, b, c, d) = self.0.unwrap_or((x, y, x, y));
        self.0 = Some((a.min(x), b.min(y), c.max(x), d.max(y)));
    }
    fn min_x(&self) -> f64 {
        self.0.map_or(0.0, |e| e.0)
    }
    fn min_y(&self) -> f64 {
        self.0.map_or(0.0, |e| e.1)
    }
    fn width(&self) -> f64 {
        self.0.map_or(0.0, |e| e.2 - e.0)
    }
    fn height(&self) -> f64 {
        self.0.map_or(0.0, |e| e.3 - e.1)
    }
}

/// Node samples to a row of the legend, as in the Graphviz legend.
const LEGEND_ROW: usize = 3;
const LEGEND_PAD: f64 = 10.0;
/// The length of a line sample.
const LEGEND_LINE: f64 = 44.0;

/// The legend: the node kinds present as samples of their shapes, three
/// to a row, then the edge kinds present as lines in their style, by
/// family, with the family's name. Its SVG at the origin, and its size.
fn legend(diagram: &Diagram) -> Option<(String, f64, f64)> {
    if !diagram.legend
        || diagram.legend_nodes.is_empty()
            && diagram.legend_edges.is_empty()
            && diagram.legend_marks.is_empty()
    {
        return None;
    }
    let line_height = LEGEND_FONT * text::LEADING;
    let changes = !diagram.legend_marks.is_empty();
    let sample = |style: NodeStyle, label: String| {
        let size = shapes::size(style.shape, text::size(&label, LEGEND_FONT));
        (style, label, size)
    };
    // In a diagram of changes, the marks as sample nodes in a row,
    // and the kinds by their shapes alone (the fills say the marks).
    let marks: Vec<_> = diagram
        .legend_marks
        .iter()
        .map(|mark| {
            let style = NodeStyle {
                shape: Shape::Box,
                fill: PAPER,
                border: "#444444",
                mark: None,
            }
            .marked(*mark);
            sample(style, format!("{} node", mark.sign()).trim().to_string())
        })
        .collect();
    let samples: Vec<_> = diagram
        .legend_nodes
        .iter()
        .map(|kind| {
            let mut style = node_style(*kind);
            if changes {
                style.fill = PAPER;
            }
            sample(style, kind.label())
        })
        .collect();
    let column = samples.iter().map(|s| s.2.0).fold(0.0, f64::max) + LEGEND_PAD;
    let sample_height = samples.iter().map(|s| s.2.1).fold(0.0, f64::max) + 6.0;
    let mark_column = marks.iter().map(|s| s.2.0).fold(0.0, f64::max) + LEGEND_PAD;
    let mark_height = marks.iter().map(|s| s.2.1).fold(0.0, f64::max) + 8.0;
    let mut edges = diagram.legend_edges.clone();
    edges.sort_by_key(|k| (edge_style(*k).family, *k));
    // Each line sample: its style, the first words (kind, or sign) and
    // the second (family, or what the mark means).
    let mut lines: Vec<(EdgeStyle, String, &str)> = edges
        .iter()
        .map(|k| (edge_style(*k), k.label(), edge_style(*k).family.label()))
        .collect();
    lines.extend(diagram.legend_marks.iter().map(|mark| {
        let style = edge_style(crate::model::EdgeKind::Funds).marked(*mark);
        let words = format!("{} edge", mark.sign()).trim().to_string();
        (style, words, mark.label())
    }));
    let kind_width = lines
        .iter()
        .map(|l| text::line_width(&l.1, LEGEND_FONT))
        .fold(0.0, f64::max);
    let family_width = lines
        .iter()
        .map(|l| text::line_width(l.2, LEGEND_FONT))
        .fold(0.0, f64::max);
    let lines_width = if lines.is_empty() {
        0.0
    } else {
        LEGEND_LINE + 8.0 + kind_width + 10.0 + family_width
    };
    let columns = samples.len().min(LEGEND_ROW);
    let width = (columns as f64 * column)
        .max(marks.len() as f64 * mark_column)
        .max(lines_width)
        + 2.0 * LEGEND_PAD;
    let rows = samples.len().div_ceil(LEGEND_ROW);
    let mut out = String::new();
    let mut y = LEGEND_PAD + LEGEND_FONT * 1.2;
    out.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{y:.1}\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{TEXT_COLOUR}\">Legend</text>\n",
        width / 2.0
    ));
    y += 8.0;
    let mut grid = |samples: &[(NodeStyle, String, (f64, f64))],
                    per_row: usize,
                    column: f64,
                    height: f64,
                    y: f64| {
        for (i, (style, label, (w, h))) in samples.iter().enumerate() {
            let (row, col) = (i / per_row, i % per_row);
            let cx = LEGEND_PAD + (col as f64 + 0.5) * column;
            let cy = y + (row as f64 + 0.5) * height;
            let r = Rect {
                x: cx - w / 2.0,
                y: cy - h / 2.0,
                w: *w,
                h: *h,
            };
            let centre = shapes::label_centre(style.shape, r);
            let colour = style.text_colour().unwrap_or(TEXT_COLOUR);
            out.push_str(&format!(
                "<g class=\"legend-node\">{}{}</g>\n",
                marked_outline(style, r, false),
                text::centred(
                    label,
                    (centre.x, centre.y),
                    LEGEND_FONT,
                    &format!(" fill=\"{colour}\"")
                )
            ));
        }
    };
    grid(&marks, Mark::ALL.len(), mark_column, mark_height, y);
    y += marks.len().div_ceil(Mark::ALL.len()) as f64 * mark_height;
    grid(&samples, LEGEND_ROW, column, sample_height, y);
    y += rows as f64 * sample_height + 6.0;
    for (style, first, second) in &lines {
        let mid = y + line_height / 2.0;
        let path = [[
            Xy::new(LEGEND_PAD, mid),
            Xy::new(LEGEND_PAD + LEGEND_LINE / 3.0, mid),
            Xy::new(LEGEND_PAD + 2.0 * LEGEND_LINE / 3.0, mid),
            Xy::new(LEGEND_PAD + LEGEND_LINE - head(style.family).1, mid),
        ]];
        let text_y = mid + LEGEND_FONT * 0.35;
        let x = LEGEND_PAD + LEGEND_LINE + 8.0;
        out.push_str(&format!(
            "<g class=\"legend-edge\">{}<text x=\"{x:.1}\" y=\"{text_y:.1}\" font-size=\"{LEGEND_FONT}\" fill=\"{}\">{}</text><text x=\"{:.1}\" y=\"{text_y:.1}\" font-size=\"{LEGEND_FONT}\" fill=\"#666666\">{}</text></g>\n",
            line(&path, style),
            style.color,
            escape(first),
            x + kind_width + 10.0,
            escape(second)
        ));
        y += line_height + 3.0;
    }
    let height = y + LEGEND_PAD;
    let frame = format!(
        "<rect x=\"0.5\" y=\"0.5\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"{PAPER}\" stroke=\"#bbbbbb\"/>\n",
        width - 1.0,
        height - 1.0
    );
    Some((frame + &out, width, height))
}

/// The document: the title above, the drawing, the legend to its right,
/// scaled down to `diagram.max_size` if it is bigger.
fn frame(drawing: &Drawing, diagram: &Diagram) -> String {
    let legend = legend(diagram);
    let mut markers = drawing.markers.clone();
    if legend.is_some() {
        markers.extend(diagram.legend_edges.iter().map(|k| {
            let style = edge_style(*k);
            (head(style.family).0, style.color)
        }));
        markers.extend(
            diagram
                .legend_marks
                .iter()
                .map(|m| (head(Family::Money).0, m.ink())),
        );
    }
    let defs: String = markers.iter().map(|&head| marker(head) + "\n").collect();
    let legend_width = legend.as_ref().map_or(0.0, |l| l.1 + MARGIN);
    let legend_height = legend.as_ref().map_or(0.0, |l| l.2 + MARGIN);
    // A title of several lines (a diagram of changes: its counts under
    // it) takes a line height more for each line after the first.
    let title_lines: Vec<&str> = diagram.title.split('\n').collect();
    let title_height = TITLE_HEIGHT + TITLE_LINE * (title_lines.len() - 1) as f64;
    let title_width = title_lines
        .iter()
        .map(|l| text::line_width(l, 16.0))
        .fold(0.0, f64::max)
        + 2.0 * MARGIN;
    let width = (drawing.width + legend_width).max(title_width).max(400.0);
    let height = title_height + drawing.height.max(legend_height) + 10.0;
    let scale = match diagram.max_size {
        Some((max_width, max_height)) => {
            let by_height = max_height.map_or(1.0, |h| h / height);
            (max_width / width).min(by_height).min(1.0)
        }
        None => 1.0,
    };
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
    out.push_str(&format!(
        "<svg width=\"{:.0}pt\" height=\"{:.0}pt\" viewBox=\"0 0 {width:.0} {height:.0}\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" font-family=\"Helvetica, Arial, sans-serif\">\n",
        width * scale,
        height * scale
    ));
    out.push_str(&format!("<title>{}</title>\n", escape(&diagram.title)));
    out.push_str(&format!("<defs>\n{defs}</defs>\n"));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{width:.0}\" height=\"{height:.0}\" fill=\"{PAPER}\"/>\n"
    ));
    for (i, line) in title_lines.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"middle\" font-size=\"16\" fill=\"{TEXT_COLOUR}\">{}</text>\n",
            width / 2.0,
            26.0 + TITLE_LINE * i as f64,
            escape(line)
        ));
    }
    out.push_str(&format!(
        "<g transform=\"translate(0,{title_height})\">\n{}</g>\n",
        drawing.body
    ));
    if let Some((body, _, _)) = legend {
        out.push_str(&format!(
            "<g id=\"legend\"><g transform=\"translate({:.1},{:.1})\">\n{body}</g></g>\n",
            drawing.width,
            title_height + MARGIN
        ));
    }
    out.push_str("</svg>\n");
    out
}

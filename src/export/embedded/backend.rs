//! A layout-rs render backend that draws nothing: it records where
//! layout-rs put each diagram node and edge, so that the SVG is written by
//! us (shapes per kind, labels beside their edges) and not by layout-rs's
//! own writer.
//!
//! layout-rs tells a backend which element a draw call is for only through
//! the `properties` string it was given: nodes carry `n<index>`, edges
//! `e<index>` (indices into the diagram's lists). Edge labels become
//! layout-rs "connectors" drawn with `draw_text`; their text is a
//! placeholder of the label's size whose first line starts with the tag
//! [`label_tag`], so each label's place is known too.

use std::collections::BTreeMap;

use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;

/// A point, in layout-rs's coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Xy {
    pub x: f64,
    pub y: f64,
}

impl Xy {
    pub fn new(x: f64, y: f64) -> Xy {
        Xy { x, y }
    }

    fn of(point: Point) -> Xy {
        Xy::new(point.x, point.y)
    }
}

/// A cubic Bézier segment: start, two control points, end.
pub type Cubic = [Xy; 4];

/// Where layout-rs put things.
#[derive(Debug, Default)]
pub struct Recorded {
    /// Node index to its box: top-left corner and size.
    pub nodes: BTreeMap<usize, (Xy, Xy)>,
    /// Edge index to its path, as cubic segments from tail to head.
    pub edges: BTreeMap<usize, Vec<Cubic>>,
    /// Edge index to the middle of the space layout-rs kept for its label.
    pub labels: BTreeMap<usize, Xy>,
}

/// The first characters of an edge's label placeholder.
pub fn label_tag(edge: usize) -> String {
    format!("e{edge}")
}

fn index(properties: &Option<String>, prefix: char) -> Option<usize> {
    properties.as_deref()?.strip_prefix(prefix)?.parse().ok()
}

/// layout-rs's path (an exit vector, then entry vectors: `M p0 C c0, c1 p1
/// S c2 p2 ...`) as explicit cubic segments, the first control point of
/// each `S` being the reflection of the previous second one.
fn cubics(path: &[(Point, Point)]) -> Vec<Cubic> {
    let mut out: Vec<Cubic> = Vec::new();
    if path.len() < 2 {
        return out;
    }
    let start = Xy::of(path[0].0);
    let mut control = Xy::of(path[0].1);
    let mut at = start;
    for (i, (entry, point)) in path.iter().enumerate().skip(1) {
        let entry = Xy::of(*entry);
        let point = Xy::of(*point);
        if i > 1 {
            control = Xy::new(2.0 * at.x - control.x, 2.0 * at.y - control.y);
        }
        out.push([at, control, entry, point]);
        control = entry;
        at = point;
    }
    out
}

impl RenderBackend for Recorded {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(node) = index(&properties, 'n') {
            self.nodes.insert(node, (Xy::of(xy), Xy::of(size)));
        }
    }

    fn draw_line(
        &mut self,
        _start: Point,
        _stop: Point,
        _look: &StyleAttr,
        _properties: Option<String>,
    ) {
    }

    fn draw_circle(
        &mut self,
        _xy: Point,
        _size: Point,
        _look: &StyleAttr,
        _properties: Option<String>,
    ) {
    }

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        let tag = text.lines().next().unwrap_or("").trim_end();
        if let Some(edge) = tag.strip_prefix('e').and_then(|i| i.parse().ok()) {
            self.labels.insert(edge, Xy::of(xy));
        }
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        let Some(edge) = index(&properties, 'e') else {
            return;
        };
        let mut segments = cubics(path);
        // A back edge is laid out reversed, its head at the start.
        if head.0 && !head.1 {
            segments.reverse();
            for segment in &mut segments {
                segment.reverse();
            }
        }
        self.edges.insert(edge, segments);
    }

    fn create_clip(&mut self, _xy: Point, _size: Point, _rounded_px: usize) -> ClipHandle {
        0
    }
}

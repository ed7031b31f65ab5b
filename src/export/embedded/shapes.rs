//! Node outlines for the embedded engine, one per [`Shape`] of the style
//! table, drawn inside the box layout-rs gave the node: how much bigger
//! than its label each shape's box must be (so a label fits inside shapes
//! narrower at their edges), where the label goes, the outline as SVG, and
//! whether a point is inside it (to end edges on the outline, not on the
//! box around it).

use super::backend::Xy;
use crate::export::style::Shape;

/// A box: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn centre(&self) -> Xy {
        Xy::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// Room around a label inside its outline, horizontally and vertically.
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 6.0;
/// Depth of a box3d's sides, height of a folder's or tab's tab, the
/// radius of a cylinder's ends.
const DEPTH: f64 = 5.0;
/// The folded corner of a note.
const FOLD: f64 = 9.0;

/// The name written in the outline's `class` (`shape-ellipse`).
pub fn name(shape: Shape) -> &'static str {
    match shape {
        Shape::RoundedBox => "rounded-box",
        Shape::DashedBox => "dashed-box",
        other => other.graphviz(),
    }
}

/// How far the slanted sides of a shape reach in, for a box `h` high.
fn slant(shape: Shape, h: f64) -> f64 {
    match shape {
        Shape::Parallelogram => h * 0.3,
        Shape::Hexagon | Shape::Trapezium => h * 0.35,
        Shape::Cds => h * 0.35,
        Shape::Octagon => h * 0.28,
        Shape::House => h * 0.4,
        _ => 0.0,
    }
}

/// The size of a node's box for a label `text` (width, height) big.
pub fn size(shape: Shape, text: (f64, f64)) -> (f64, f64) {
    let (w, h) = (text.0 + 2.0 * PAD_X, text.1 + 2.0 * PAD_Y);
    match shape {
        // A box of the label's proportions fits in an ellipse √2 bigger.
        Shape::Ellipse => (text.0 * 1.3 + 2.0 * PAD_X, text.1 * 1.4 + 2.0 * PAD_Y),
        Shape::Parallelogram | Shape::Hexagon | Shape::Trapezium => (w + 2.0 * slant(shape, h), h),
        Shape::Cds | Shape::Octagon => (w + slant(shape, h), h),
        // The roof is above the label.
        Shape::House => (w, h / (1.0 - 0.4 * 0.7)),
        Shape::Note => (w + FOLD / 2.0, h),
        Shape::Folder | Shape::Tab => (w, h + DEPTH),
        Shape::Cylinder => (w, h + 3.0 * DEPTH),
        Shape::Box3d => (w + DEPTH, h + DEPTH),
        Shape::RoundedBox | Shape::Box | Shape::DashedBox => (w, h),
    }
}

/// Where the centre of the label goes in `r`.
pub fn label_centre(shape: Shape, r: Rect) -> Xy {
    let c = r.centre();
    match shape {
        Shape::House => Xy::new(c.x, c.y + slant(shape, r.h) * 0.7 / 2.0),
        Shape::Cds => Xy::new(c.x - slant(shape, r.h) / 2.0, c.y),
        Shape::Folder | Shape::Tab => Xy::new(c.x, c.y + DEPTH / 2.0),
        Shape::Cylinder => Xy::new(c.x, c.y + DEPTH / 2.0),
        Shape::Box3d => Xy::new(c.x - DEPTH / 2.0, c.y + DEPTH / 2.0),
        _ => c,
    }
}

/// The outline as a polygon, for the shapes that are one (a rounded box
/// and a cylinder are close enough to their polygon for containment).
fn polygon(shape: Shape, r: Rect) -> Vec<Xy> {
    let Rect { x, y, w, h } = r;
    let s = slant(shape, h);
    let p = |px: f64, py: f64| Xy::new(px, py);
    match shape {
        Shape::Parallelogram => vec![p(x + s, y), p(x + w, y), p(x + w - s, y + h), p(x, y + h)],
        Shape::Hexagon => vec![
            p(x + s, y),
            p(x + w - s, y),
            p(x + w, y + h / 2.0),
            p(x + w - s, y + h),
            p(x + s, y + h),
            p(x, y + h / 2.0),
        ],
        Shape::Trapezium => vec![p(x + s, y), p(x + w - s, y), p(x + w, y + h), p(x, y + h)],
        Shape::Cds => vec![
            p(x, y),
            p(x + w - s, y),
            p(x + w, y + h / 2.0),
            p(x + w - s, y + h),
            p(x, y + h),
        ],
        Shape::Octagon => vec![
            p(x + s, y),
            p(x + w - s, y),
            p(x + w, y + s),
            p(x + w, y + h - s),
            p(x + w - s, y + h),
            p(x + s, y + h),
            p(x, y + h - s),
            p(x, y + s),
        ],
        Shape::House => {
            let roof = s * 0.7;
            vec![
                p(x + w / 2.0, y),
                p(x + w, y + roof),
                p(x + w, y + h),
                p(x, y + h),
                p(x, y + roof),
            ]
        }
        Shape::Note => vec![
            p(x, y),
            p(x + w - FOLD, y),
            p(x + w, y + FOLD),
            p(x + w, y + h),
            p(x, y + h),
        ],
        Shape::Folder => {
            let tab = (w * 0.3).min(40.0);
            vec![
                p(x, y + DEPTH),
                p(x + w - tab - DEPTH, y + DEPTH),
                p(x + w - tab, y),
                p(x + w - DEPTH, y),
                p(x + w, y + DEPTH),
                p(x + w, y + h),
                p(x, y + h),
            ]
        }
        Shape::Tab => {
            let tab = (w * 0.25).min(24.0);
            vec![
                p(x, y),
                p(x + tab, y),
                p(x + tab, y + DEPTH),
                p(x + w, y + DEPTH),
                p(x + w, y + h),
                p(x, y + h),
            ]
        }
        Shape::Box3d => vec![
            p(x, y + DEPTH),
            p(x + DEPTH, y),
            p(x + w, y),
            p(x + w, y + h - DEPTH),
            p(x + w - DEPTH, y + h),
            p(x, y + h),
        ],
        Shape::Ellipse | Shape::RoundedBox | Shape::Box | Shape::DashedBox | Shape::Cylinder => {
            vec![p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h)]
        }
    }
}

/// Whether `point` is inside the outline of `shape` drawn in `r`.
pub fn contains(shape: Shape, r: Rect, point: Xy) -> bool {
    if shape == Shape::Ellipse {
        let c = r.centre();
        let dx = (point.x - c.x) / (r.w / 2.0);
        let dy = (point.y - c.y) / (r.h / 2.0);
        return dx * dx + dy * dy <= 1.0;
    }
    let corners = polygon(shape, r);
    // Even-odd crossings of a ray to the right.
    let mut inside = false;
    for i in 0..corners.len() {
        let a = corners[i];
        let b = corners[(i + 1) % corners.len()];
        if (a.y > point.y) != (b.y > point.y) {
            let x = a.x + (point.y - a.y) / (b.y - a.y) * (b.x - a.x);
            if point.x < x {
                inside = !inside;
            }
        }
    }
    inside
}

fn points(corners: &[Xy]) -> String {
    corners
        .iter()
        .map(|p| format!("{:.1},{:.1}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The outline of `shape` in `r` as SVG elements, the first of class
/// `shape-<name>`, filled with `fill`; `stroke` holds the stroke
/// attributes.
pub fn outline(shape: Shape, r: Rect, fill: &str, stroke: &str) -> String {
    let Rect { x, y, w, h } = r;
    let paint = format!("fill=\"{fill}\" {stroke}");
    let lines = format!("fill=\"none\" {stroke}");
    let class = format!("class=\"shape-{}\"", name(shape));
    match shape {
        Shape::Ellipse => format!(
            "<ellipse {class} cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" {paint}/>",
            x + w / 2.0,
            y + h / 2.0,
            w / 2.0,
            h / 2.0
        ),
        Shape::Box | Shape::RoundedBox | Shape::DashedBox => {
            let extra = match shape {
                Shape::RoundedBox => " rx=\"7\" ry=\"7\"",
                Shape::DashedBox => " stroke-dasharray=\"5,3\"",
                _ => "",
            };
            format!(
                "<rect {class} x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\"{extra} {paint}/>"
            )
        }
        Shape::Cylinder => {
            let (rx, ry) = (w / 2.0, DEPTH);
            format!(
                "<path {class} d=\"M {x:.1} {top:.1} A {rx:.1} {ry:.1} 0 0 1 {right:.1} {top:.1} L {right:.1} {bottom:.1} A {rx:.1} {ry:.1} 0 0 1 {x:.1} {bottom:.1} Z\" {paint}/><path d=\"M {x:.1} {top:.1} A {rx:.1} {ry:.1} 0 0 0 {right:.1} {top:.1}\" {lines}/>",
                top = y + ry,
                right = x + w,
                bottom = y + h - ry,
            )
        }
        _ => {
            let corners = polygon(shape, r);
            let mut out = format!("<polygon {class} points=\"{}\" {paint}/>", points(&corners));
            let detail = match shape {
                Shape::Note => Some(vec![
                    Xy::new(x + w - FOLD, y),
                    Xy::new(x + w - FOLD, y + FOLD),
                    Xy::new(x + w, y + FOLD),
                ]),
                Shape::Box3d => Some(vec![
                    Xy::new(x, y + DEPTH),
                    Xy::new(x + w - DEPTH, y + DEPTH),
                    Xy::new(x + w, y),
                    Xy::new(x + w - DEPTH, y + DEPTH),
                    Xy::new(x + w - DEPTH, y + h),
                ]),
                _ => None,
            };
            if let Some(detail) = detail {
                out.push_str(&format!(
                    "<polyline points=\"{}\" {lines}/>",
                    points(&detail)
                ));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_fits_inside_every_outline() {
        let text = (120.0, 30.0);
        for shape in [
            Shape::Ellipse,
            Shape::RoundedBox,
            Shape::Box,
            Shape::DashedBox,
            Shape::Parallelogram,
            Shape::House,
            Shape::Note,
            Shape::Folder,
            Shape::Cylinder,
            Shape::Box3d,
            Shape::Hexagon,
            Shape::Cds,
            Shape::Trapezium,
            Shape::Octagon,
            Shape::Tab,
        ] {
            let (w, h) = size(shape, text);
            let r = Rect {
                x: 0.0,
                y: 0.0,
                w,
                h,
            };
            let c = label_centre(shape, r);
            for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
                let corner = Xy::new(c.x + dx * text.0 / 2.0, c.y + dy * text.1 / 2.0);
                assert!(
                    contains(shape, r, corner),
                    "{shape:?}: the label's corner {corner:?} is outside {r:?}"
                );
            }
        }
    }
}

//! The one table of diagram styles: a shape and a fill per node kind, a
//! family (line style and arrowhead) and a colour per edge kind. The DOT
//! exporter, the embedded SVG engine and the timeline all read it, so every
//! engine draws the same vocabulary the same way.
//!
//! Colours are colour-blind safe: node fills come from Paul Tol's "light"
//! scheme (made for areas with black text on them; here mixed half with
//! white) and edge colours from
//! the Okabe-Ito and Tol "muted" schemes, all told apart under the common
//! colour-vision deficiencies. Colour is never the only cue: every node kind
//! has its own shape, and every edge family its own line style, so a
//! picture printed in grey still reads.

use crate::model::{EdgeKind, NodeKind};

/// A node's outline. Each kind has its own, drawn alike by Graphviz and the
/// embedded engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    Ellipse,
    RoundedBox,
    Box,
    DashedBox,
    Parallelogram,
    House,
    Note,
    Folder,
    Cylinder,
    Box3d,
    Hexagon,
    Cds,
    Trapezium,
    Octagon,
    Tab,
}

impl Shape {
    /// The Graphviz shape name.
    pub fn graphviz(self) -> &'static str {
        match self {
            Shape::Ellipse => "ellipse",
            Shape::RoundedBox | Shape::Box | Shape::DashedBox => "box",
            Shape::Parallelogram => "parallelogram",
            Shape::House => "house",
            Shape::Note => "note",
            Shape::Folder => "folder",
            Shape::Cylinder => "cylinder",
            Shape::Box3d => "box3d",
            Shape::Hexagon => "hexagon",
            Shape::Cds => "cds",
            Shape::Trapezium => "trapezium",
            Shape::Octagon => "octagon",
            Shape::Tab => "tab",
        }
    }

    /// Graphviz styles besides `filled`.
    pub fn graphviz_style(self) -> Option<&'static str> {
        match self {
            Shape::RoundedBox => Some("rounded"),
            Shape::DashedBox => Some("dashed"),
            _ => None,
        }
    }
}

/// How a node kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeStyle {
    pub shape: Shape,
    /// Fill colour, `#rrggbb`.
    pub fill: &'static str,
    /// Border colour, `#rrggbb`.
    pub border: &'static str,
}

/// The families edge kinds are grouped in: each has its own line style and
/// arrowhead, and each kind in it its own colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// funds, invests, finances, raises: thick solid lines.
    Money,
    /// founded, co-founded, leads, holds-office: thin solid lines, open
    /// arrowheads.
    Founding,
    /// announces, calls-for, participates-in, hosts, happened-at: dashed.
    Events,
    /// regulates, applies-in, negotiates, labels: double lines.
    Regulation,
    /// located-in, part-of, succeeds, competes-with: dotted.
    Place,
}

impl Family {
    pub fn of(kind: EdgeKind) -> Family {
        use EdgeKind as E;
        match kind {
            E::Funds | E::Invests | E::Finances | E::Raises => Family::Money,
            E::Founded | E::CoFounded | E::Leads | E::HoldsOffice => Family::Founding,
            E::Announces | E::CallsFor | E::ParticipatesIn | E::Hosts | E::HappenedAt => {
                Family::Events
            }
            E::Regulates | E::AppliesIn | E::Negotiates | E::Labels => Family::Regulation,
            E::LocatedIn | E::PartOf | E::Succeeds | E::CompetesWith => Family::Place,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Family::Money => "money",
            Family::Founding => "founding and leadership",
            Family::Events => "events and announcements",
            Family::Regulation => "regulation",
            Family::Place => "place and structure",
        }
    }

    pub fn line(self) -> Line {
        match self {
            Family::Money => Line::Bold,
            Family::Founding => Line::Solid,
            Family::Events => Line::Dashed,
            Family::Regulation => Line::Double,
            Family::Place => Line::Dotted,
        }
    }

    /// The line width, in points.
    pub fn width(self) -> f32 {
        match self {
            Family::Money => 2.4,
            Family::Regulation => 1.0,
            _ => 1.2,
        }
    }

    /// The Graphviz arrowhead.
    pub fn arrowhead(self) -> &'static str {
        match self {
            Family::Founding => "empty",
            Family::Events => "vee",
            Family::Place => "open",
            Family::Money | Family::Regulation => "normal",
        }
    }
}

/// A line style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Solid,
    Bold,
    Dashed,
    Dotted,
    /// Two parallel lines.
    Double,
}

impl Line {
    /// The Graphviz `style` (a double line is made by its colour list).
    pub fn graphviz(self) -> &'static str {
        match self {
            Line::Solid | Line::Bold | Line::Double => "solid",
            Line::Dashed => "dashed",
            Line::Dotted => "dotted",
        }
    }

    /// The SVG `stroke-dasharray` for a line of this style, if dashed.
    pub fn dasharray(self) -> Option<&'static str> {
        match self {
            Line::Dashed => Some("6,3"),
            Line::Dotted => Some("1.5,3"),
            _ => None,
        }
    }
}

/// How an edge kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeStyle {
    pub family: Family,
    /// Line and label colour, `#rrggbb`.
    pub color: &'static str,
}

impl EdgeStyle {
    pub fn line(&self) -> Line {
        self.family.line()
    }

    pub fn width(&self) -> f32 {
        self.family.width()
    }

    /// The Graphviz `color`: a double line is the colour, a transparent
    /// gap and the colour again.
    pub fn graphviz_color(&self) -> String {
        match self.line() {
            Line::Double => format!("{0}:invis:{0}", self.color),
            _ => self.color.to_string(),
        }
    }
}

/// Colours for lines and their labels: dark enough to read as text on
/// white, told apart with the common colour-vision deficiencies (Okabe-Ito
/// blue and vermillion, Tol muted indigo, green, wine and purple, a grey).
pub mod ink {
    pub const BLUE: &str = "#0072b2";
    pub const VERMILLION: &str = "#c0480a";
    pub const INDIGO: &str = "#332288";
    pub const GREEN: &str = "#117733";
    pub const WINE: &str = "#882255";
    pub const PURPLE: &str = "#aa4499";
    pub const GREY: &str = "#555555";
}

/// The style of a node kind: a shape of its own, and a fill shared within
/// a family of kinds (people; companies; money; public bodies; texts and
/// plans; events; places and things).
pub fn node_style(kind: NodeKind) -> NodeStyle {
    use NodeKind as N;
    // Tol's "light" scheme, each mixed half with white so that black
    // text reads on it in print.
    const ORANGE: &str = "#f7c4b3";
    const LIGHT_BLUE: &str = "#bbd5ee";
    const MINT: &str = "#a2ddcc";
    const PEAR: &str = "#dde699";
    const LIGHT_CYAN: &str = "#ccf0ff";
    const LIGHT_YELLOW: &str = "#f7eec4";
    const PINK: &str = "#ffd5dd";
    const PALE_GREY: &str = "#eeeeee";
    const WHITE: &str = "#ffffff";
    let (shape, fill) = match kind {
        N::Person => (Shape::Ellipse, ORANGE),
        N::Company => (Shape::RoundedBox, LIGHT_BLUE),
        N::Investor => (Shape::Parallelogram, MINT),
        N::Fund => (Shape::Cylinder, MINT),
        N::FundingRound => (Shape::Cds, PEAR),
        N::PublicBody => (Shape::Box, LIGHT_CYAN),
        N::EuInstitution => (Shape::House, LIGHT_CYAN),
        N::Regulation => (Shape::Note, LIGHT_YELLOW),
        N::Programme => (Shape::Folder, LIGHT_YELLOW),
        N::Conference => (Shape::Hexagon, PINK),
        N::Announcement => (Shape::Trapezium, PINK),
        N::Negotiation => (Shape::Octagon, PINK),
        N::Infrastructure => (Shape::Box3d, PALE_GREY),
        N::Jurisdiction => (Shape::Tab, PALE_GREY),
        N::Group => (Shape::DashedBox, WHITE),
    };
    NodeStyle {
        shape,
        fill,
        border: "#444444",
    }
}

/// The style of an edge kind: its family's line, its own colour within the
/// family.
pub fn edge_style(kind: EdgeKind) -> EdgeStyle {
    use EdgeKind as E;
    use ink::*;
    let color = match kind {
        E::Funds => GREEN,
        E::Invests => BLUE,
        E::Finances => WINE,
        E::Raises => VERMILLION,
        E::Founded => INDIGO,
        E::CoFounded => BLUE,
        E::Leads => GREEN,
        E::HoldsOffice => PURPLE,
        E::Announces => VERMILLION,
        E::CallsFor => WINE,
        E::ParticipatesIn => INDIGO,
        E::Hosts => GREEN,
        E::HappenedAt => PURPLE,
        E::Regulates => WINE,
        E::AppliesIn => INDIGO,
        E::Negotiates => VERMILLION,
        E::Labels => GREEN,
        E::LocatedIn => GREY,
        E::PartOf => INDIGO,
        E::Succeeds => GREEN,
        E::CompetesWith => WINE,
    };
    EdgeStyle {
        family: Family::of(kind),
        color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use strum::IntoEnumIterator;

    #[test]
    fn every_node_kind_has_its_own_shape() {
        let shapes: HashSet<_> = NodeKind::iter().map(|k| node_style(k).shape).collect();
        assert_eq!(shapes.len(), NodeKind::iter().count());
    }

    #[test]
    fn edge_kinds_of_a_family_have_their_own_colours() {
        let mut seen = HashSet::new();
        for kind in EdgeKind::iter() {
            let style = edge_style(kind);
            assert!(
                seen.insert((style.family, style.color)),
                "{kind:?} shares its family's colour {}",
                style.color
            );
        }
        let lines: HashSet<_> = EdgeKind::iter()
            .map(|k| format!("{:?}", edge_style(k).line()))
            .collect();
        assert_eq!(lines.len(), 5, "one line style per family");
    }

    /// WCAG contrast of each ink on white is at least 4.5:1, so that edge
    /// labels written in their edge's colour read as text.
    #[test]
    fn edge_colours_read_as_text_on_white() {
        fn luminance(hex: &str) -> f64 {
            let channel = |i: usize| {
                let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        }
        for kind in EdgeKind::iter() {
            let color = edge_style(kind).color;
            let contrast = 1.05 / (luminance(color) + 0.05);
            assert!(contrast >= 4.5, "{kind:?} {color}: {contrast:.2}");
        }
    }
}

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
    /// In a diagram of changes: what happened to the node, which its
    /// fill, border and text then say (see [`NodeStyle::marked`]).
    pub mark: Option<Mark>,
}

impl NodeStyle {
    /// This style in a diagram of changes: the kind's shape kept, the
    /// mark's fill and border.
    pub fn marked(self, mark: Mark) -> NodeStyle {
        NodeStyle {
            fill: mark.fill(),
            border: mark.ink(),
            mark: Some(mark),
            ..self
        }
    }

    /// The border's width, in points.
    pub fn border_width(&self) -> f32 {
        match self.mark {
            Some(Mark::Context) | None => 1.0,
            Some(_) => 2.0,
        }
    }

    /// Whether the border is dashed by the mark (a removed node).
    pub fn dashed(&self) -> bool {
        self.mark == Some(Mark::Removed)
    }

    /// Whether the border is drawn twice (a changed node).
    pub fn double(&self) -> bool {
        self.mark == Some(Mark::Changed)
    }

    /// The label's colour when it is not black (a node drawn for context).
    pub fn text_colour(&self) -> Option<&'static str> {
        (self.mark == Some(Mark::Context)).then_some(Mark::Context.ink())
    }
}

/// What happened to a node or an edge, in a diagram of changes
/// (`export dot --diff`): each mark has its colour, and, for readers who
/// do not tell the colours apart or print in black and white, its sign in
/// the label and its line (removed dashed, changed bold and, for a node,
/// a double border).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    Added,
    Removed,
    /// Some field, or for a regulation some milestone, changed.
    Changed,
    /// Unchanged, drawn muted: next to a change.
    Context,
}

impl Mark {
    pub const ALL: [Mark; 4] = [Mark::Added, Mark::Removed, Mark::Changed, Mark::Context];

    /// The sign its label starts with: `+`, `−` (U+2212), `~`; none for
    /// context.
    pub fn sign(self) -> &'static str {
        match self {
            Mark::Added => "+",
            Mark::Removed => "\u{2212}",
            Mark::Changed => "~",
            Mark::Context => "",
        }
    }

    /// The legend's words for it.
    pub fn label(self) -> &'static str {
        match self {
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Changed => "changed: old -> new",
            Mark::Context => "unchanged, for context",
        }
    }

    /// Line and text colour: Tol's green, Okabe-Ito's vermillion and a
    /// dark amber (each at least 4.5:1 on white, told apart with the
    /// common colour-vision deficiencies by lightness as well as hue),
    /// and a grey.
    pub fn ink(self) -> &'static str {
        match self {
            Mark::Added => "#117733",
            Mark::Removed => "#c0480a",
            Mark::Changed => "#a65e00",
            Mark::Context => "#767676",
        }
    }

    /// A node's fill: the ink's tint, light enough for black text.
    pub fn fill(self) -> &'static str {
        match self {
            Mark::Added => "#d4eed9",
            Mark::Removed => "#fbe1d5",
            Mark::Changed => "#fbebc9",
            Mark::Context => "#f4f4f4",
        }
    }

    /// An edge's line.
    pub fn line(self) -> Line {
        match self {
            Mark::Added | Mark::Context => Line::Solid,
            Mark::Removed => Line::Dashed,
            Mark::Changed => Line::Bold,
        }
    }

    /// An edge's width, in points.
    pub fn width(self) -> f32 {
        match self {
            Mark::Added => 2.2,
            Mark::Removed => 2.0,
            Mark::Changed => 3.2,
            Mark::Context => 1.0,
        }
    }
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
    /// In a diagram of changes: what happened to the edge, which its
    /// colour and line then say instead of its kind's (its kind is in its
    /// label, its family in its arrowhead).
    pub mark: Option<Mark>,
}

impl EdgeStyle {
    /// This style in a diagram of changes.
    pub fn marked(self, mark: Mark) -> EdgeStyle {
        EdgeStyle {
            color: mark.ink(),
            mark: Some(mark),
            ..self
        }
    }

    pub fn line(&self) -> Line {
        self.mark.map_or(self.family.line(), Mark::line)
    }

    pub fn width(&self) -> f32 {
        self.mark.map_or(self.family.width(), Mark::width)
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
        mark: None,
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
        mark: None,
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

    /// A change reads without colour: each mark has its own sign and, for
    /// an edge, added, removed and changed their own line or width.
    #[test]
    fn marks_are_told_apart_without_colour() {
        let signs: HashSet<_> = Mark::ALL.iter().map(|m| m.sign()).collect();
        assert_eq!(signs.len(), Mark::ALL.len());
        let lines: HashSet<_> = Mark::ALL
            .iter()
            .map(|m| format!("{:?} {}", m.line(), m.width()))
            .collect();
        assert_eq!(lines.len(), Mark::ALL.len());
        let removed = node_style(NodeKind::Company).marked(Mark::Removed);
        let changed = node_style(NodeKind::Company).marked(Mark::Changed);
        assert!(removed.dashed() && !removed.double());
        assert!(changed.double() && !changed.dashed());
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
        for mark in Mark::ALL {
            let color = mark.ink();
            let contrast = 1.05 / (luminance(color) + 0.05);
            assert!(contrast >= 4.5, "{mark:?} {color}: {contrast:.2}");
        }
    }
}

//! The one table of diagram styles: a shape and colours per node kind, a
//! line per edge kind. Both the DOT exporter and the embedded SVG renderer
//! read it, so the two engines draw the same vocabulary the same way.

use crate::model::{EdgeKind, NodeKind};

/// How a node kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeStyle {
    /// A Graphviz shape name.
    pub shape: &'static str,
    /// Fill colour, `#rrggbb`.
    pub fill: &'static str,
    /// Border colour, `#rrggbb`.
    pub border: &'static str,
    /// Extra Graphviz styles besides `filled` (`rounded`, `dashed`).
    pub extra: Option<&'static str>,
}

/// How an edge kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeStyle {
    /// Line colour, `#rrggbb`.
    pub color: &'static str,
    /// `solid`, `dashed`, `dotted` or `bold`.
    pub line: &'static str,
    pub penwidth: f32,
}

/// The style of a node kind. Colours are light fills with a darker border
/// of the same hue, legible in print and for the common colour-vision
/// deficiencies since the shape differs too.
pub fn node_style(kind: NodeKind) -> NodeStyle {
    use NodeKind as N;
    let (shape, fill, border, extra) = match kind {
        N::Person => ("ellipse", "#fde2c4", "#c0712b", None),
        N::Company => ("box", "#cfe3f6", "#2f6fa8", Some("rounded")),
        N::Investor => ("box", "#d5efd9", "#2e7d43", Some("rounded")),
        N::PublicBody => ("box", "#e6d8f0", "#6c3f91", None),
        N::EuInstitution => ("box", "#d6dcf5", "#2b3f9e", None),
        N::Regulation => ("note", "#fbf0b8", "#9a7d0a", None),
        N::Programme => ("folder", "#f6d5ea", "#a3386f", None),
        N::Fund => ("cylinder", "#c9efe6", "#16806a", None),
        N::Infrastructure => ("box3d", "#e1e5e8", "#566573", None),
        N::Conference => ("hexagon", "#f7cfcb", "#a93226", None),
        N::FundingRound => ("cds", "#e4f4c6", "#5b8a1e", None),
        N::Announcement => ("box", "#fdf3d0", "#b7950b", Some("diagonals")),
        N::Negotiation => ("octagon", "#eddcf3", "#7d3c98", None),
        N::Jurisdiction => ("tab", "#eceeee", "#5d6d7e", None),
        N::Group => ("box", "#ffffff", "#7f8c8d", Some("dashed")),
    };
    NodeStyle {
        shape,
        fill,
        border,
        extra,
    }
}

/// The style of an edge kind, by family: money green and thick, founding
/// and office blue, announcements orange dashed, events purple dotted,
/// regulation red, structure grey dashed, competition dark red bold.
pub fn edge_style(kind: EdgeKind) -> EdgeStyle {
    use EdgeKind as E;
    let (color, line, penwidth) = match kind {
        E::Funds | E::Invests | E::Finances | E::Raises => ("#1e8449", "solid", 2.0),
        E::Founded | E::CoFounded | E::Leads | E::HoldsOffice => ("#2f6fa8", "solid", 1.4),
        E::Announces | E::CallsFor => ("#ca6f1e", "dashed", 1.2),
        E::ParticipatesIn | E::Hosts | E::HappenedAt => ("#7d3c98", "dotted", 1.4),
        E::Regulates | E::AppliesIn | E::Negotiates | E::Labels => ("#b03a2e", "solid", 1.2),
        E::PartOf | E::Succeeds | E::LocatedIn => ("#7b8a8b", "dashed", 1.0),
        E::CompetesWith => ("#78281f", "bold", 1.2),
    };
    EdgeStyle {
        color,
        line,
        penwidth,
    }
}

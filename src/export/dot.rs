//! DOT output, built as a graphviz-rust syntax tree and printed by its
//! printer. Every id, label, tooltip and URL goes through [`quoted`], so any
//! text (quotes, backslashes, newlines, `<` `>` `&`, braces, any script)
//! yields valid DOT and cannot add attributes.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use std::borrow::Cow;

use super::diagram::{Diagram, DiagramEdge, DiagramNode};
use super::link::http_link;
use super::style::{Line, NodeStyle, Shape, edge_style, node_style};
use super::xml::picture_text;

/// A DOT double-quoted string holding `text` as a picture may show it
/// ([`picture_text`]). Backslashes and quotes are escaped, line breaks
/// become `\n` (a centred line in labels), tabs and carriage returns
/// spaces, and other control characters and noncharacters U+FFFD: Graphviz
/// would copy them into an SVG that no XML reader accepts. Because
/// backslashes are doubled, Graphviz's own escapes (`\N`, `\G`, `\l`) in a
/// name are shown as typed, not expanded.
///
/// ```
/// use reggraph::export::dot::quoted;
/// use graphviz_rust::dot_structures::Id;
/// assert_eq!(quoted("a \"b\"\\c\nd"), Id::Escaped(r#""a \"b\"\\c\nd""#.into()));
/// ```
pub fn quoted(text: &str) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in picture_text(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

/// A tooltip: Graphviz expands `\N`, `\G` and friends in tooltips even
/// after a doubled backslash, and reads `\\\\` as one backslash, so
/// backslashes are doubled once more before quoting.
pub fn tooltip(text: &str) -> Id {
    quoted(&text.replace('\\', "\\\\"))
}

/// A link, to a URL [`http_link`] allowed: characters that are not allowed
/// raw in a URL (quotes, spaces, angle brackets, backslashes, controls)
/// are percent-encoded, and `&` is written `&amp;`, which Graphviz passes
/// through to SVG as it is, so the SVG stays well-formed XML and the
/// browser reads `&`.
pub fn url(text: &str) -> Id {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' | '\'' | '<' | '>' | '\\' | ' ' | '{' | '}' | '|' | '^' | '`' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    quoted(&out)
}

fn attr(name: &str, value: &str) -> Attribute {
    let value = match name {
        "tooltip" => tooltip(value),
        "URL" => url(value),
        _ => quoted(value),
    };
    Attribute(Id::Plain(name.into()), value)
}

/// A node's or an edge's tooltip and link: its source's URL is a link only
/// if [`http_link`] allows it; any other stays in the tooltip as text, where
/// it cannot be followed.
pub(crate) fn tooltip_and_link<'a>(
    tooltip: &'a str,
    url: Option<&str>,
) -> (Cow<'a, str>, Option<String>) {
    match url.map(|url| (url, http_link(url))) {
        None => (Cow::Borrowed(tooltip), None),
        Some((_, Some(link))) => (Cow::Borrowed(tooltip), Some(link)),
        Some((url, None)) => (
            Cow::Owned(format!("{tooltip}\nsource URL (not linked): {url}")),
            None,
        ),
    }
}

fn node_id(id: &str) -> NodeId {
    NodeId(quoted(id), None)
}

fn node_stmt(node: &DiagramNode) -> Stmt {
    let (tooltip, link) = tooltip_and_link(&node.tooltip, node.url.as_deref());
    let mut attributes = vec![attr("label", &node.label), attr("tooltip", &tooltip)];
    match &node.style {
        Some(style) => {
            attributes.push(attr("shape", style.shape.graphviz()));
            let mut styles = match style.shape.graphviz_style() {
                Some(extra) => format!("filled,{extra}"),
                None => "filled".into(),
            };
            if style.dashed() && style.shape.graphviz_style() != Some("dashed") {
                styles.push_str(",dashed");
            }
            attributes.push(attr("style", &styles));
            attributes.push(attr("fillcolor", style.fill));
            attributes.push(attr("color", style.border));
            if node.emphasis {
                attributes.push(attr("penwidth", "3"));
            } else if style.border_width() != 1.0 {
                attributes.push(attr("penwidth", &style.border_width().to_string()));
            }
            if style.double() {
                attributes.push(attr("peripheries", "2"));
            }
            if let Some(colour) = style.text_colour() {
                attributes.push(attr("fontcolor", colour));
            }
        }
        None => {
            attributes.push(attr("shape", "plaintext"));
            attributes.push(attr("fontsize", "13"));
        }
    }
    if let Some(url) = link {
        attributes.push(attr("URL", &url));
        attributes.push(attr("target", "_blank"));
    }
    Stmt::Node(Node::new(node_id(&node.id), attributes))
}

/// An edge; with `outside` its label is an `xlabel`, placed after the
/// layout where it overlaps nothing, rather than in the layout (where, with
/// clusters, Graphviz draws labels of neighbouring edges over each other).
fn edge_stmt(edge: &DiagramEdge, outside: bool) -> Stmt {
    let mut attributes = Vec::new();
    match &edge.style {
        Some(style) => {
            attributes.push(attr(if outside { "xlabel" } else { "label" }, &edge.label));
            let (tooltip, link) = tooltip_and_link(&edge.tooltip, edge.url.as_deref());
            attributes.push(attr("tooltip", &tooltip));
            attributes.push(attr("color", &style.graphviz_color()));
            attributes.push(attr("fontcolor", style.color));
            attributes.push(attr("style", style.line().graphviz()));
            attributes.push(attr("penwidth", &style.width().to_string()));
            attributes.push(attr("arrowhead", style.family.arrowhead()));
            if let Some(url) = link {
                attributes.push(attr("URL", &url));
                attributes.push(attr("target", "_blank"));
            }
        }
        None => {
            attributes.push(attr("style", "invis"));
            attributes.push(attr("weight", "10"));
        }
    }
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(&edge.from)), Vertex::N(node_id(&edge.to))),
        attributes,
    })
}

/// Node kinds to a row of the legend.
const LEGEND_ROW: usize = 3;

/// The legend: a box of sample nodes, one per node kind present, drawn in
/// its kind's shape and colours, three to a row, then the edge kinds
/// present (by family) as lines in their style and colour.
fn legend(diagram: &Diagram) -> Option<Stmt> {
    if !diagram.legend
        || diagram.legend_nodes.is_empty()
            && diagram.legend_edges.is_empty()
            && diagram.legend_marks.is_empty()
    {
        return None;
    }
    let mut stmts = vec![
        Stmt::Attribute(attr("label", "Legend")),
        Stmt::Attribute(attr("fontsize", "11")),
        Stmt::Attribute(attr("color", "#bbbbbb")),
        Stmt::Attribute(attr("style", "rounded")),
        Stmt::Attribute(attr("margin", "8")),
    ];
    stmts.extend(mark_legend(diagram));
    // In a diagram of changes the fills say the marks: kinds are their
    // shapes alone.
    let changes = !diagram.legend_marks.is_empty();
    for kind in &diagram.legend_nodes {
        let mut style = node_style(*kind);
        if changes {
            style.fill = "#ffffff";
        }
        let styles = match style.shape.graphviz_style() {
            Some(extra) => format!("filled,{extra}"),
            None => "filled".into(),
        };
        stmts.push(Stmt::Node(Node::new(
            node_id(&format!("_legend_node_{}", kind.label())),
            vec![
                attr("label", &kind.label()),
                attr("tooltip", &format!("node kind: {}", kind.label())),
                attr("shape", style.shape.graphviz()),
                attr("style", &styles),
                attr("fillcolor", style.fill),
                attr("color", style.border),
                attr("fontsize", "9"),
                attr("height", "0.3"),
            ],
        )));
    }
    // Three samples to a row: each row a chain of invisible edges.
    let ids: Vec<String> = diagram
        .legend_nodes
        .iter()
        .map(|k| format!("_legend_node_{}", k.label()))
        .collect();
    for row in ids.chunks(LEGEND_ROW) {
        // The table of marks to the left of the kinds, rather than above.
        if changes {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(
                    Vertex::N(node_id("_legend_marks")),
                    Vertex::N(node_id(&row[0])),
                ),
                attributes: vec![attr("style", "invis")],
            }));
        }
        for pair in row.windows(2) {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(node_id(&pair[0])), Vertex::N(node_id(&pair[1]))),
                attributes: vec![attr("style", "invis")],
            }));
        }
    }
    // Edge kinds as lines drawn in text, by family: a table is compact
    // where sample edges would take a row of the layout each.
    let mut edges: Vec<_> = diagram.legend_edges.clone();
    edges.sort_by_key(|k| (edge_style(*k).family, *k));
    let glyph = |line: Line| match line {
        Line::Bold => "━━━▶",
        Line::Solid => "───▷",
        Line::Dashed => "╌╌╌&gt;",
        Line::Dotted => "┈┈┈&gt;",
        Line::Double => "═══▶",
    };
    let mut rows = String::new();
    for kind in &edges {
        let style = edge_style(*kind);
        rows.push_str(&format!(
            r##"<tr><td align="left"><font color="{0}">{1}</font></td><td align="left"><font color="{0}">{2}</font></td><td align="left"><font color="#666666">{3}</font></td></tr>"##,
            style.color,
            glyph(style.line()),
            kind.label(),
            style.family.label()
        ));
    }
    if !rows.is_empty() {
        stmts.push(Stmt::Node(Node::new(
            node_id("_legend_edges"),
            vec![
                Attribute(
                    Id::Plain("label".into()),
                    Id::Html(format!(
                        r#"<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{rows}</table>>"#
                    )),
                ),
                attr("shape", "plain"),
                attr("fontsize", "9"),
                attr("tooltip", "edge kinds: line style by family, colour by kind"),
            ],
        )));
        if !ids.is_empty() {
            let last_row_start = (ids.len() - 1) / LEGEND_ROW * LEGEND_ROW;
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(
                    Vertex::N(node_id(&ids[last_row_start])),
                    Vertex::N(node_id("_legend_edges")),
                ),
                attributes: vec![attr("style", "invis")],
            }));
        }
    }
    Some(Stmt::Subgraph(Subgraph {
        id: quoted("cluster__legend"),
        stmts,
    }))
}

/// In a diagram of changes, one table of the marks present: a sample
/// node drawn as marked nodes are (fill, border, dashes, a double border
/// for a change), the edge's line in its colour and sign, and the words.
fn mark_legend(diagram: &Diagram) -> Option<Stmt> {
    if diagram.legend_marks.is_empty() {
        return None;
    }
    let mut rows = String::new();
    for mark in &diagram.legend_marks {
        let style = NodeStyle {
            shape: Shape::Box,
            fill: "#ffffff",
            border: "#444444",
            mark: None,
        }
        .marked(*mark);
        let words = format!("{} node", mark.sign()).trim_start().to_string();
        let font = style.text_colour().unwrap_or("#000000");
        let line = if style.dashed() {
            r#" style="dashed""#
        } else {
            ""
        };
        let width = style.border_width();
        let sample = if style.double() {
            format!(
                r#"<td><table border="{width}" cellborder="{width}" cellspacing="2" cellpadding="3" color="{0}" bgcolor="{1}"><tr><td><font color="{font}">{words}</font></td></tr></table></td>"#,
                style.border, style.fill
            )
        } else {
            format!(
                r#"<td border="{width}"{line} color="{0}" bgcolor="{1}" cellpadding="5"><font color="{font}">{words}</font></td>"#,
                style.border, style.fill
            )
        };
        let glyph = match mark.line() {
            Line::Bold => "━━━▶",
            Line::Dashed => "╌╌╌&gt;",
            _ => "───▷",
        };
        rows.push_str(&format!(
            r##"<tr>{sample}<td align="left"><font color="{0}">{glyph} {1}</font></td><td align="left"><font color="#666666">{2}</font></td></tr>"##,
            mark.ink(),
            format!("{} edge", mark.sign()).trim_start(),
            mark.label().replace('>', "&gt;")
        ));
    }
    Some(Stmt::Node(Node::new(
        node_id("_legend_marks"),
        vec![
            Attribute(
                Id::Plain("label".into()),
                Id::Html(format!(
                    r#"<<table border="0" cellborder="0" cellspacing="4" cellpadding="1">{rows}</table>>"#
                )),
            ),
            attr("shape", "plain"),
            attr("fontsize", "9"),
            attr(
                "tooltip",
                "what changed: + added, − removed (dashed), ~ changed (bold, double border), grey: unchanged",
            ),
        ],
    )))
}

/// The diagram as a graphviz-rust syntax tree.
pub fn graph(diagram: &Diagram) -> Graph {
    let mut look = vec![];
    if let Some((width, height)) = diagram.max_size {
        // Graphviz sizes are in inches.
        let size = match height {
            Some(height) => format!("{:.2},{:.2}", width / 72.0, height / 72.0),
            None => format!("{:.2},1000", width / 72.0),
        };
        look.push(attr("size", &size));
    }
    if !diagram.clusters.is_empty() {
        look.push(attr("forcelabels", "true"));
    }
    if let Some(dpi) = diagram.dpi {
        look.push(attr("dpi", &dpi.to_string()));
    }
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", &diagram.title),
            attr("labelloc", "t"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "16"),
            attr("rankdir", if diagram.left_to_right { "LR" } else { "TB" }),
            // Measured: with clusters, 0.3 left edge labels overlapping.
            attr(
                "nodesep",
                if diagram.clusters.is_empty() {
                    "0.3"
                } else {
                    "0.4"
                },
            ),
            attr("ranksep", "0.5"),
            attr("newrank", "true"),
            attr("tooltip", &diagram.title),
            attr("bgcolor", "white"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "11"),
            attr("margin", "0.12,0.06"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "9"),
            attr("arrowsize", "0.7"),
        ])),
    ];
    if !look.is_empty() {
        stmts.insert(1, Stmt::GAttribute(GraphAttributes::Graph(look)));
    }
    let clustered: std::collections::HashSet<&str> = diagram
        .clusters
        .iter()
        .flat_map(|c| c.nodes.iter().map(String::as_str))
        .collect();
    for cluster in &diagram.clusters {
        let mut inner = vec![
            Stmt::Attribute(attr("label", &cluster.label)),
            Stmt::Attribute(attr("style", "rounded,dashed")),
            Stmt::Attribute(attr("color", "#999999")),
            Stmt::Attribute(attr("fontsize", "12")),
        ];
        for node in diagram
            .nodes
            .iter()
            .filter(|n| cluster.nodes.contains(&n.id))
        {
            inner.push(node_stmt(node));
        }
        stmts.push(Stmt::Subgraph(Subgraph {
            id: quoted(&format!("cluster_{}", cluster.key)),
            stmts: inner,
        }));
    }
    for node in diagram
        .nodes
        .iter()
        .filter(|n| !clustered.contains(n.id.as_str()))
    {
        stmts.push(node_stmt(node));
    }
    let clustered_layout = !diagram.clusters.is_empty();
    stmts.extend(diagram.edges.iter().map(|e| edge_stmt(e, clustered_layout)));
    stmts.extend(legend(diagram));
    Graph::DiGraph {
        id: quoted("reggraph"),
        strict: false,
        stmts,
    }
}

/// The diagram as DOT text, ending with a newline.
pub fn to_dot(diagram: &Diagram) -> String {
    if let Some(chart) = &diagram.timeline {
        return super::timeline::dot(chart, diagram);
    }
    let mut text = graph(diagram).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

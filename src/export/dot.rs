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
use super::style::{edge_style, node_style};
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

/// Text for an HTML-like label (the legend): `&`, `<`, `>`, `"` escaped.
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
fn tooltip_and_link<'a>(tooltip: &'a str, url: Option<&str>) -> (Cow<'a, str>, Option<String>) {
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
            attributes.push(attr("shape", style.shape));
            let styles = match style.extra {
                Some(extra) => format!("filled,{extra}"),
                None => "filled".into(),
            };
            attributes.push(attr("style", &styles));
            attributes.push(attr("fillcolor", style.fill));
            attributes.push(attr("color", style.border));
            if node.emphasis {
                attributes.push(attr("penwidth", "3"));
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

fn edge_stmt(edge: &DiagramEdge) -> Stmt {
    let mut attributes = Vec::new();
    match &edge.style {
        Some(style) => {
            attributes.push(attr("label", &edge.label));
            let (tooltip, link) = tooltip_and_link(&edge.tooltip, edge.url.as_deref());
            attributes.push(attr("tooltip", &tooltip));
            attributes.push(attr("color", style.color));
            attributes.push(attr("fontcolor", style.color));
            attributes.push(attr("style", style.line));
            attributes.push(attr("penwidth", &style.penwidth.to_string()));
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

/// The legend: one HTML-like table listing the node kinds present (in
/// their colours) and the edge kinds present (a line in their colour).
fn legend(diagram: &Diagram) -> Option<Stmt> {
    if diagram.legend_nodes.is_empty() && diagram.legend_edges.is_empty() {
        return None;
    }
    let mut rows = String::new();
    rows.push_str(r#"<tr><td colspan="2"><b>Legend</b></td></tr>"#);
    for kind in &diagram.legend_nodes {
        let style = node_style(*kind);
        rows.push_str(&format!(
            r#"<tr><td bgcolor="{}" border="1" color="{}" width="28"> </td><td align="left">{}</td></tr>"#,
            style.fill,
            style.border,
            html_text(&kind.label())
        ));
    }
    for kind in &diagram.legend_edges {
        let style = edge_style(*kind);
        let line = match style.line {
            "dashed" => "- - -",
            "dotted" => "· · ·",
            _ => "―――",
        };
        rows.push_str(&format!(
            r#"<tr><td><font color="{}">{line}&gt;</font></td><td align="left">{}</td></tr>"#,
            style.color,
            html_text(&kind.label())
        ));
    }
    let table = format!(
        r#"<<table border="0" cellborder="0" cellspacing="2" cellpadding="2">{rows}</table>>"#
    );
    let node = Node::new(
        node_id("_legend"),
        vec![
            Attribute(Id::Plain("label".into()), Id::Html(table)),
            attr("shape", "plain"),
            attr("tooltip", "Legend: the node and edge kinds in this diagram"),
        ],
    );
    Some(Stmt::Subgraph(Subgraph {
        id: quoted("cluster__legend"),
        stmts: vec![
            Stmt::Attribute(attr("label", "")),
            Stmt::Attribute(attr("color", "#bbbbbb")),
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Node(node),
        ],
    }))
}

/// The diagram as a graphviz-rust syntax tree.
pub fn graph(diagram: &Diagram) -> Graph {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", &diagram.title),
            attr("labelloc", "t"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "16"),
            attr("rankdir", if diagram.left_to_right { "LR" } else { "TB" }),
            attr("nodesep", "0.3"),
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
    for (i, rank) in diagram.same_rank.iter().enumerate() {
        let mut inner = vec![Stmt::Attribute(attr("rank", "same"))];
        inner.extend(
            rank.iter()
                .map(|id| Stmt::Node(Node::new(node_id(id), vec![]))),
        );
        stmts.push(Stmt::Subgraph(Subgraph {
            id: quoted(&format!("rank_{i}")),
            stmts: inner,
        }));
    }
    stmts.extend(diagram.edges.iter().map(edge_stmt));
    stmts.extend(legend(diagram));
    Graph::DiGraph {
        id: quoted("reggraph"),
        strict: false,
        stmts,
    }
}

/// The diagram as DOT text, ending with a newline.
pub fn to_dot(diagram: &Diagram) -> String {
    let mut text = graph(diagram).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

//! Mermaid flowchart output (<https://mermaid.js.org/syntax/flowchart.html>),
//! for Markdown reports that GitHub and GitLab render. Drawn from the same
//! [`Diagram`] as DOT, so the words, shapes and colours are the same.
//!
//! Every label is written as a `"..."` string in which nothing of the data
//! is left that Mermaid or the Markdown around it could read as syntax:
//! quotes, `#`, brackets, braces, `<` `>` `&`, backticks, `|`, `%`, `;`,
//! `*` `_` `~` `\` (every ASCII character but letters, digits and
//! `` .,-:'/+!?@``) become Mermaid's entity codes (`#quot;`,
//! `#35;`), control characters become spaces, and invisible format
//! characters (bidi overrides, zero-width spaces) are dropped. Line breaks
//! are `<br>`, the only markup written. Node ids are made from data ids
//! ([`node_ids`]), so `mistral-ai` is `n_mistral_ai`. Links and tooltips
//! are not written: GitHub renders Mermaid with its strict security level,
//! which ignores them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::diagram::{Diagram, DiagramNode};
use super::style::{Line, NodeStyle, Shape, node_style};
use crate::model::NodeKind;

/// Above this many edges Mermaid's default configuration (GitHub's among
/// them) refuses to draw a flowchart.
pub const MAX_EDGES: usize = 500;

/// `text` as the inside of a Mermaid `"..."` label: see the module's
/// documentation.
///
/// ```
/// use reggraph::export::mermaid::label;
/// assert_eq!(label("Say \"hi\" #1"), "Say #quot;hi#quot; #35;1");
/// assert_eq!(label("a\nb"), "a<br>b");
/// assert_eq!(label("<b>"), "#lt;b#gt;");
/// ```
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("<br>"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            c if c.is_ascii_alphanumeric() || " .,-:'/+!?@".contains(c) => out.push(c),
            c if c.is_ascii_control() || c.is_control() => out.push(' '),
            c if invisible(c) => {}
            c if c.is_ascii() => {
                let _ = write!(out, "#{};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters that change how text around them is shown without being
/// seen: bidi embeddings, overrides and isolates, zero-width characters,
/// the byte-order mark, and the non-characters U+FFFE and U+FFFF.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}'
        | '\u{fffe}'
        | '\u{ffff}')
}

/// A Mermaid id for every node of the diagram, from its data id: `n_`
/// (so that no id is a keyword such as `end`) and the id with every
/// character but `a-z0-9` made `_`. Ids that would then clash get `_2`,
/// `_3` in diagram order, so the same diagram always gets the same ids.
pub fn node_ids(diagram: &Diagram) -> HashMap<&str, String> {
    let mut taken = BTreeSet::new();
    let mut ids = HashMap::new();
    for node in &diagram.nodes {
        let base: String = node
            .id
            .chars()
            .map(|c| match c {
                'a'..='z' | '0'..='9' => c,
                'A'..='Z' => c.to_ascii_lowercase(),
                _ => '_',
            })
            .collect();
        let base = format!("n_{base}");
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        ids.insert(node.id.as_str(), id);
    }
    ids
}

/// The opening and closing brackets of a node's shape: Mermaid's nearest
/// to its kind's shape in the style table.
fn brackets(style: &NodeStyle) -> (&'static str, &'static str) {
    match style.shape {
        Shape::RoundedBox => ("(", ")"),
        Shape::Ellipse => ("([", "])"),
        Shape::Note | Shape::Cds => (">", "]"),
        Shape::Folder | Shape::Box3d => ("[[", "]]"),
        Shape::Cylinder => ("[(", ")]"),
        Shape::Hexagon | Shape::Octagon => ("{{", "}}"),
        Shape::Parallelogram | Shape::Tab => ("[/", "/]"),
        Shape::Trapezium => ("[/", "\\]"),
        Shape::House => ("[\\", "/]"),
        Shape::Box | Shape::DashedBox => ("[", "]"),
    }
}

/// The class name of a node kind: `kind_public_body`.
fn class_name(kind: NodeKind) -> String {
    format!("kind_{}", kind.label().replace('-', "_"))
}

fn class_def(kind: NodeKind) -> String {
    let style = node_style(kind);
    let dashed = if style.shape == Shape::DashedBox {
        ",stroke-dasharray:5 3"
    } else {
        ""
    };
    format!(
        "    classDef {} fill:{},stroke:{},color:#1a1a1a{dashed}",
        class_name(kind),
        style.fill,
        style.border
    )
}

/// The kind a node's style is the style of, if any.
fn kind_of(style: &NodeStyle) -> Option<NodeKind> {
    <NodeKind as strum::IntoEnumIterator>::iter().find(|k| node_style(*k) == *style)
}

fn node_line(out: &mut String, indent: &str, id: &str, node: &DiagramNode) {
    let (open, close) = node.style.as_ref().map_or(("[", "]"), brackets);
    let _ = write!(out, "{indent}{id}{open}\"{}\"{close}", label(&node.label));
    if let Some(kind) = node.style.as_ref().and_then(kind_of) {
        let _ = write!(out, ":::{}", class_name(kind));
    }
    out.push('\n');
}

/// A YAML double-quoted string for the front matter's title.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c if invisible(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Why a diagram is not written as Mermaid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MermaidError {
    /// A timeline is placed by rank constraints Mermaid has no way to say.
    #[error("a timeline is not drawn as Mermaid: Mermaid cannot place facts in date columns")]
    Timeline,
}

/// The diagram as a Mermaid flowchart, ending with a newline: front
/// matter with the title, the direction, the nodes (in their clusters'
/// subgraphs), the edges with their labels, a class per node kind present
/// and a line style per edge, and a legend of the node kinds present.
/// Deterministic: the same diagram gives the same bytes.
pub fn to_mermaid(diagram: &Diagram) -> Result<String, MermaidError> {
    if diagram.timeline.is_some() {
        return Err(MermaidError::Timeline);
    }
    let ids = node_ids(diagram);
    let mut out = String::new();
    let _ = writeln!(out, "---\ntitle: {}\n---", yaml_quoted(&diagram.title));
    let _ = writeln!(
        out,
        "flowchart {}",
        if diagram.left_to_right { "LR" } else { "TB" }
    );
    let by_id: BTreeMap<&str, &DiagramNode> =
        diagram.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut clustered = BTreeSet::new();
    for (i, cluster) in diagram.clusters.iter().enumerate() {
        let _ = writeln!(out, "    subgraph c{i}[\"{}\"]", label(&cluster.label));
        for id in &cluster.nodes {
            if let Some(node) = by_id.get(id.as_str()) {
                node_line(&mut out, "        ", &ids[id.as_str()], node);
                clustered.insert(id.as_str());
            }
        }
        out.push_str("    end\n");
    }
    for node in &diagram.nodes {
        if !clustered.contains(node.id.as_str()) {
            node_line(&mut out, "    ", &ids[node.id.as_str()], node);
        }
    }
    let mut link_styles = Vec::new();
    for edge in &diagram.edges {
        let (Some(style), Some(from), Some(to)) = (
            &edge.style,
            ids.get(edge.from.as_str()),
            ids.get(edge.to.as_str()),
        ) else {
            continue;
        };
        let arrow = match style.line() {
            Line::Bold | Line::Double => "==>",
            _ => "-->",
        };
        if edge.label.is_empty() {
            let _ = writeln!(out, "    {from} {arrow} {to}");
        } else {
            let _ = writeln!(out, "    {from} {arrow}|\"{}\"| {to}", label(&edge.label));
        }
        let dash = match style.line().dasharray() {
            Some(pattern) => format!(",stroke-dasharray:{}", pattern.replace(',', " ")),
            None => String::new(),
        };
        link_styles.push(format!(
            "stroke:{},stroke-width:{}px,color:{}{dash}",
            style.color,
            style.width(),
            style.color
        ));
    }
    let kinds: BTreeSet<NodeKind> = diagram
        .nodes
        .iter()
        .filter_map(|n| n.style.as_ref().and_then(kind_of))
        .chain(diagram.legend_nodes.iter().copied())
        .collect();
    if !diagram.legend_nodes.is_empty() {
        out.push_str("    subgraph legend[\"Legend\"]\n");
        for kind in &diagram.legend_nodes {
            let (open, close) = brackets(&node_style(*kind));
            let _ = writeln!(
                out,
                "        legend_{}{open}\"{}\"{close}:::{}",
                class_name(*kind),
                label(&kind.label()),
                class_name(*kind)
            );
        }
        out.push_str("    end\n");
    }
    for kind in kinds {
        out.push_str(&class_def(kind));
        out.push('\n');
    }
    for (i, style) in link_styles.iter().enumerate() {
        let _ = writeln!(out, "    linkStyle {i} {style}");
    }
    for node in diagram.nodes.iter().filter(|n| n.emphasis) {
        let _ = writeln!(out, "    style {} stroke-width:3px", ids[node.id.as_str()]);
    }
    Ok(out)
}

/// [`to_mermaid`] in a fenced ```` ```mermaid ```` block, as a Markdown
/// file that GitHub and GitLab render as the picture.
pub fn to_markdown(diagram: &Diagram) -> Result<String, MermaidError> {
    Ok(format!("```mermaid\n{}```\n", to_mermaid(diagram)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_of_the_data_is_left_as_syntax() {
        let hostile = "\"]; x[\"y\"] --> z %% `*_a_*` #quot; |pipe| {b} (c) \\ ;:\u{202e}\u{1b}[2J";
        let text = label(hostile);
        // Without its entity codes (`#35;`, `#quot;`), nothing is syntax.
        let mut plain = String::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find('#') {
            plain.push_str(&rest[..i]);
            let end = rest[i..].find(';').expect("a closed entity code") + i;
            assert!(rest[i + 1..end].chars().all(|c| c.is_ascii_alphanumeric()));
            rest = &rest[end + 1..];
        }
        plain.push_str(rest);
        for c in [
            '"', '[', ']', '`', '*', '_', '|', '{', '}', '(', ')', '\\', ';', '%',
        ] {
            assert!(!plain.contains(c), "{c:?} left in {text}");
        }
        assert!(!text.contains('\u{202e}') && !text.contains('\u{1b}'));
        assert!(
            text.contains("#35;quot#59;"),
            "an entity code in the data stays text: {text}"
        );
    }
}

//! The canonical layout, printed from the lossless tree: four-space
//! indentation, the file's structure and each record as a block of one
//! field per line, fields in the documented order, trailing commas, short
//! values (a period, an amount, a list of ids) on one line, strings with the
//! escapes RON needs and no others. Every comment is kept, in order: one on
//! its own line stays on its own line before what follows it, one after a
//! value on the same line stays after it. A blank line between the file's
//! sections, records or comments is kept (one, however many there were);
//! blank lines inside a record are not.

use super::syntax::{SyntaxElement, SyntaxError, SyntaxKind, SyntaxNode};
use SyntaxKind::*;

const INDENT: usize = 4;

/// What a structure is, for the order of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    File,
    Source,
    Node,
    Edge,
    Period,
    Money,
    Milestone,
    Citation,
    Alternative,
    Other,
}

impl Shape {
    /// The documented order of its fields (README's data format); fields
    /// not listed keep their written order after these.
    fn order(self) -> &'static [&'static str] {
        match self {
            Shape::File => &["sources", "nodes", "edges"],
            Shape::Source => &[
                "id",
                "title",
                "publisher",
                "type",
                "published",
                "url",
                "language",
                "note",
            ],
            Shape::Node => &[
                "id",
                "kind",
                "name",
                "aliases",
                "description",
                "tags",
                "date",
                "period",
                "jurisdiction",
                "status",
                "sector",
                "budget",
                "milestones",
                "sources",
                "quote",
                "citations",
                "alternatives",
            ],
            Shape::Edge => &[
                "id",
                "from",
                "kind",
                "to",
                "date",
                "period",
                "amount",
                "sources",
                "quote",
                "citations",
                "alternatives",
                "note",
            ],
            Shape::Period => &["start", "end"],
            Shape::Money => &["value", "currency", "status"],
            Shape::Milestone => &[
                "stage",
                "date",
                "actual",
                "scope",
                "note",
                "sources",
                "citations",
            ],
            Shape::Citation => &["source", "quote", "locator", "retrieved"],
            Shape::Alternative => &["date", "amount", "rank", "citations", "note"],
            Shape::Other => &[],
        }
    }

    /// The shape of the value of `field` in a structure of this shape, and
    /// whether that value is a list of records.
    fn child(self, field: &str) -> (Shape, bool) {
        match (self, field) {
            (Shape::File, "sources") => (Shape::Source, true),
            (Shape::File, "nodes") => (Shape::Node, true),
            (Shape::File, "edges") => (Shape::Edge, true),
            (Shape::Node | Shape::Edge, "period") => (Shape::Period, false),
            (Shape::Node, "milestones") => (Shape::Milestone, false),
            (Shape::Edge, "amount") | (Shape::Node, "budget") | (Shape::Alternative, "amount") => {
                (Shape::Money, false)
            }
            (Shape::Node | Shape::Edge | Shape::Milestone | Shape::Alternative, "citations") => {
                (Shape::Citation, false)
            }
            (Shape::Node | Shape::Edge, "alternatives") => (Shape::Alternative, false),
            _ => (Shape::Other, false),
        }
    }
}

/// A comment, and whether a blank line came before it.
struct Comment {
    text: String,
    blank_before: bool,
}

/// One item of a container (a field, a list element) with the comments
/// that go with it.
struct Item {
    element: SyntaxElement,
    /// Comments on their own lines before it (and any inside a field, before
    /// its value).
    leading: Vec<Comment>,
    /// Comments after it on its line.
    trailing: Vec<String>,
    blank_before: bool,
}

/// The items of a container (between its brackets, or the whole file), and
/// the comments after the last one.
fn items(children: impl Iterator<Item = SyntaxElement>) -> (Vec<Item>, Vec<Comment>) {
    let mut items: Vec<Item> = Vec::new();
    let mut pending: Vec<Comment> = Vec::new();
    // Block comments after an item on its line: they go with it if the
    // line ends after them, with the next item if it follows on the line
    // (`a, /* about b */ b`).
    let mut undecided: Vec<String> = Vec::new();
    // Newlines since the last item or comment, and since the last item.
    let mut newlines = 0usize;
    let mut since_item = 0usize;
    let mut any = false;
    for child in children {
        let kind = child.kind();
        match kind {
            NEWLINE => {
                if let Some(item) = items.last_mut() {
                    item.trailing.append(&mut undecided);
                }
                newlines += 1;
                since_item += 1;
            }
            WHITESPACE | COMMA => {}
            LINE_COMMENT | BLOCK_COMMENT => {
                let text = super::comment_text(&child.to_string());
                match items.last_mut() {
                    Some(item) if since_item == 0 && pending.is_empty() => {
                        if kind == BLOCK_COMMENT {
                            undecided.push(text);
                        } else {
                            item.trailing.append(&mut undecided);
                            item.trailing.push(text);
                        }
                    }
                    _ => pending.push(Comment {
                        text,
                        blank_before: any && newlines >= 2,
                    }),
                }
                newlines = 0;
                any = true;
            }
            _ => {
                let mut leading: Vec<Comment> = undecided
                    .drain(..)
                    .map(|text| Comment {
                        text,
                        blank_before: false,
                    })
                    .collect();
                leading.append(&mut pending);
                if let Some(node) = child.as_node()
                    && matches!(node.kind(), FIELD | NAMED)
                {
                    leading.extend(direct_comments(node));
                    // `key: Some /* here */ (...)`.
                    if let Some(SyntaxElement::Node(named)) = last_value(node)
                        && named.kind() == NAMED
                    {
                        leading.extend(direct_comments(&named));
                    }
                }
                items.push(Item {
                    element: child,
                    leading,
                    trailing: Vec::new(),
                    blank_before: any && newlines >= 2,
                });
                newlines = 0;
                since_item = 0;
                any = true;
            }
        }
    }
    if let Some(item) = items.last_mut() {
        item.trailing.append(&mut undecided);
    }
    (items, pending)
}

/// The comments directly in a field or named value (between its name and
/// its value), which go before it.
fn direct_comments(node: &SyntaxNode) -> Vec<Comment> {
    node.children_with_tokens()
        .filter(|c| c.kind().is_comment())
        .map(|c| Comment {
            text: super::comment_text(&c.to_string()),
            blank_before: false,
        })
        .collect()
}

fn has_comment(element: &SyntaxElement) -> bool {
    match element {
        SyntaxElement::Token(t) => t.kind().is_comment(),
        SyntaxElement::Node(n) => n.descendants_with_tokens().any(|c| c.kind().is_comment()),
    }
}

/// A container's children between its brackets.
fn inside(node: &SyntaxNode) -> impl Iterator<Item = SyntaxElement> {
    let count = node.children_with_tokens().count();
    node.children_with_tokens()
        .skip(1)
        .take(count.saturating_sub(2))
}

fn field_name(field: &SyntaxNode) -> String {
    field
        .children_with_tokens()
        .find(|c| c.kind() == WORD)
        .map(|c| c.to_string())
        .unwrap_or_default()
}

/// The value of a field or a named value: its last child that is not trivia
/// or punctuation.
fn last_value(node: &SyntaxNode) -> Option<SyntaxElement> {
    node.children_with_tokens()
        .filter(|c| !c.kind().is_trivia() && !matches!(c.kind(), COLON))
        .last()
}

pub(super) struct Printer;

impl Printer {
    /// The whole file, laid out.
    pub(super) fn file(root: &SyntaxNode) -> Result<String, SyntaxError> {
        let (items, after) = items(root.children_with_tokens());
        let mut out = String::with_capacity(usize::from(root.text_range().len()) + 64);
        let mut first = true;
        let mut name: Option<String> = None;
        for item in &items {
            push_comments(&mut out, &item.leading, 0, true, &mut first);
            if item.element.kind() == WORD {
                // The structure's name: it goes before its `(`, and comments
                // after it go on their own lines before.
                name = Some(item.element.to_string());
                let trailing: Vec<Comment> = item
                    .trailing
                    .iter()
                    .map(|text| Comment {
                        text: text.clone(),
                        blank_before: false,
                    })
                    .collect();
                push_comments(&mut out, &trailing, 0, true, &mut first);
                continue;
            }
            if item.blank_before && !first {
                out.push('\n');
            }
            first = false;
            if item.element.kind() == ATTRIBUTE {
                out.push_str(&item.element.to_string());
            } else {
                if let Some(name) = name.take() {
                    out.push_str(&name);
                }
                out.push_str(&value(&item.element, Shape::File, true, 0)?);
            }
            for comment in &item.trailing {
                out.push(' ');
                out.push_str(comment);
            }
            out.push('\n');
        }
        push_comments(&mut out, &after, 0, true, &mut first);
        Ok(out)
    }
}

/// Comments on their own lines at `indent`, with the blank lines written
/// between them where `blanks` allows.
fn push_comments(
    out: &mut String,
    comments: &[Comment],
    indent: usize,
    blanks: bool,
    first: &mut bool,
) {
    for comment in comments {
        if comment.blank_before && blanks && !*first {
            out.push('\n');
        }
        *first = false;
        push_indent(out, indent);
        out.push_str(&comment.text);
        out.push('\n');
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A value laid out at `indent` (the indentation of the line it starts
/// on). `block` says it is the file's structure or a record: always one
/// field per line.
fn value(
    element: &SyntaxElement,
    shape: Shape,
    block: bool,
    indent: usize,
) -> Result<String, SyntaxError> {
    let node = match element {
        SyntaxElement::Token(token) => return token_text(token),
        SyntaxElement::Node(node) => node,
    };
    match node.kind() {
        NAMED => {
            let name = node
                .children_with_tokens()
                .find(|c| c.kind() == WORD)
                .map(|c| c.to_string())
                .unwrap_or_default();
            let inner = last_value(node).expect("a named value has a value");
            Ok(format!("{name}{}", value(&inner, shape, block, indent)?))
        }
        STRUCT => container(node, '(', ')', shape, block, false, indent),
        TUPLE => container(node, '(', ')', Shape::Other, false, false, indent),
        LIST => container(node, '[', ']', shape, false, block, indent),
        _ => Ok(node.to_string()),
    }
}

/// A structure, tuple or list. `block`: one item per line whatever it
/// holds (the file, a record). `records`: a list whose items are records.
fn container(
    node: &SyntaxNode,
    open: char,
    close: char,
    shape: Shape,
    block: bool,
    records: bool,
    indent: usize,
) -> Result<String, SyntaxError> {
    let (mut items, after) = items(inside(node));
    if node.kind() == STRUCT {
        let order = shape.order();
        let rank = |item: &Item| {
            let name = item.element.as_node().map(field_name).unwrap_or_default();
            order
                .iter()
                .position(|known| *known == name)
                .unwrap_or(order.len())
        };
        // Stable: unknown fields keep their written order, after the rest.
        items.sort_by_key(|item| rank(item));
    }
    // Lay out each item first, one level in.
    let inner = indent + INDENT;
    let mut laid = Vec::with_capacity(items.len());
    for item in &items {
        laid.push(item_text(item, node.kind(), shape, records, inner)?);
    }
    let multiline = block
        || records
        || !after.is_empty()
        || items.iter().any(|item| {
            has_comment(&item.element) || !item.leading.is_empty() || !item.trailing.is_empty()
        })
        || laid.iter().any(|text| text.contains('\n'))
        || (node.kind() == LIST && items.iter().any(|item| is_container(&item.element)));
    if items.is_empty() && after.is_empty() {
        return Ok(format!("{open}{close}"));
    }
    if !multiline {
        return Ok(format!("{open}{}{close}", laid.join(", ")));
    }
    // Blank lines are kept between the file's sections and between the
    // items of a list, not between a record's fields.
    let blanks = node.kind() == LIST || shape == Shape::File;
    // Sized once: a list of 100,000 records is tens of megabytes, and
    // growing it by doubling would copy it again and again.
    let comments: usize = items
        .iter()
        .flat_map(|i| {
            i.leading
                .iter()
                .map(|c| c.text.len())
                .chain(i.trailing.iter().map(String::len))
        })
        .chain(after.iter().map(|c| c.text.len()))
        .sum();
    let size = laid.iter().map(|t| t.len() + inner + 4).sum::<usize>() + comments * 2 + indent + 4;
    let mut out = String::with_capacity(size);
    out.push(open);
    out.push('\n');
    let mut first = true;
    for (item, text) in items.iter().zip(&laid) {
        push_comments(&mut out, &item.leading, inner, blanks, &mut first);
        if item.blank_before && blanks && !first {
            out.push('\n');
        }
        first = false;
        push_indent(&mut out, inner);
        out.push_str(text);
        out.push(',');
        for comment in &item.trailing {
            out.push(' ');
            out.push_str(comment);
        }
        out.push('\n');
    }
    push_comments(&mut out, &after, inner, blanks, &mut first);
    push_indent(&mut out, indent);
    out.push(close);
    Ok(out)
}

fn is_container(element: &SyntaxElement) -> bool {
    matches!(element.kind(), STRUCT | LIST | NAMED)
        || (element.kind() == TUPLE
            && element.as_node().is_some_and(|n| {
                n.children_with_tokens()
                    .any(|c| !c.kind().is_trivia() && !matches!(c.kind(), L_PAREN | R_PAREN))
            }))
}

/// One item of a container, without its comments.
fn item_text(
    item: &Item,
    container: SyntaxKind,
    shape: Shape,
    records: bool,
    indent: usize,
) -> Result<String, SyntaxError> {
    match (&item.element, container) {
        (SyntaxElement::Node(field), STRUCT) if field.kind() == FIELD => {
            let name = field_name(field);
            let (child, child_records) = shape.child(&name);
            let value_element = last_value(field).expect("a field has a value");
            // A list of records is laid out one record per block.
            let text = value(&value_element, child, child_records, indent)?;
            Ok(format!("{name}: {text}"))
        }
        (element, LIST) => value(element, shape, records, indent),
        (element, _) => value(element, Shape::Other, false, indent),
    }
}

/// A token as canonical text: a string re-escaped, anything else as
/// written.
fn token_text(token: &super::syntax::SyntaxToken) -> Result<String, SyntaxError> {
    match token.kind() {
        STRING | RAW_STRING => {
            let decoded = super::decode_string(token.text()).map_err(|message| SyntaxError {
                at: usize::from(token.text_range().start()),
                message,
            })?;
            Ok(super::encode_string(&decoded))
        }
        _ => Ok(token.text().to_string()),
    }
}

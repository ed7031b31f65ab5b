//! What every command's printing shares: tables for people, JSON for
//! scripts, the short forms of an edge's arrow and its sources, and what
//! keeps data text from reaching a terminal raw.
//!
//! Text is for people and may reach a terminal, so every command's text
//! format shows control characters, bidirectional overrides and isolates
//! and noncharacters in data text as visible escapes (`\u{1b}`,
//! `\u{202e}`, `\r`; `reggraph::diagnostic::one_line`), always, not only
//! when stdout is a terminal: what is piped to `less -R` or a log reaches
//! one too. A field shown on one line (a name, a cell) escapes its line
//! breaks as well ([`one_line`]); [`Visible`] escapes the rest of whatever a
//! command writes, so a field no one thought of cannot slip through. JSON
//! is for programs and keeps JSON's own escaping.

use std::io::{self, Write};

use serde::Serialize;

use petgraph::stable_graph::EdgeIndex;
use reggraph::diagnostic::multi_line;
pub use reggraph::diagnostic::one_line;
use reggraph::graph::Sources;

/// `--raises EUR 105M secured (2023-06-14)-->` walked forward, or
/// `<--co-founded (2023-04)--` walked against the arrow.
pub fn arrow(graph: &reggraph::graph::KnowledgeGraph, edge: EdgeIndex, forward: bool) -> String {
    let mut text = String::new();
    arrow_into(&mut text, graph, edge, forward);
    text
}

/// [`arrow`] added to `text`.
pub fn arrow_into(
    text: &mut String,
    graph: &reggraph::graph::KnowledgeGraph,
    edge: EdgeIndex,
    forward: bool,
) {
    use std::fmt::Write as _;
    text.push_str(if forward { "--" } else { "<--" });
    let start = text.len();
    text.push_str(graph.edge_kind(edge).label_str());
    if let Some(money) = graph.edge_amount(edge) {
        // Writing to a string cannot fail.
        let _ = write!(text, " {}", reggraph::words::Amount(&money));
    }
    if let Some(when) = graph.edge_when(edge) {
        let _ = write!(text, " ({when})");
    }
    if let std::borrow::Cow::Owned(shown) = one_line(&text[start..]) {
        text.truncate(start);
        text.push_str(&shown);
    }
    text.push_str(if forward { "-->" } else { "--" });
}

/// `[alliancy-edito-2023-06, wikipedia-mistral]`
pub fn sources(list: Sources<'_>) -> String {
    let mut text = String::new();
    sources_into(&mut text, list);
    one_line(&text).into_owned()
}

/// [`sources`] added to `text` as they are, for a [`Row::cell_with`]
/// (which shows the cell on one line).
pub fn sources_into(text: &mut String, list: Sources<'_>) {
    text.push('[');
    for (i, id) in list.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        text.push_str(id);
    }
    text.push(']');
}

/// `--quotes`: under a fact, each of its citations that quotes its source,
/// one a line, after `indent`: `« levée de fonds de 105 millions d’euros »
/// (alliancy-edito-2023-06, para. 2)`. French sources get guillemets, the
/// others curly quotes. Citations without words print nothing.
pub fn quotes(
    out: &mut dyn Write,
    graph: &reggraph::graph::KnowledgeGraph,
    indent: &str,
    cited: &[reggraph::model::Citation],
) -> io::Result<()> {
    for citation in cited {
        let Some(quote) = &citation.quote else {
            continue;
        };
        let french = graph
            .source(&citation.source)
            .and_then(|s| s.language.as_deref())
            .is_some_and(|l| l == "fr" || l.starts_with("fr-"));
        let quoted = if french {
            format!("« {quote} »")
        } else {
            format!("“{quote}”")
        };
        let place = match &citation.locator {
            Some(locator) => format!("{}, {locator}", citation.source),
            None => citation.source.clone(),
        };
        writeln!(out, "{indent}{} ({})", one_line(&quoted), one_line(&place))?;
    }
    Ok(())
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A table cell as shown: see [`table`].
fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.into();
    }
    match one_line(text) {
        shown if shown.contains('\t') => shown.replace('\t', "\\t").into(),
        shown => shown,
    }
}

/// A table with a header, columns padded to their widest cell. Each cell
/// is shown on one line ([`one_line`], and a tab as `\t`, which would
/// break the columns), and measured as shown.
pub fn table<const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    rows: &[[String; N]],
) -> io::Result<()> {
    let rows: Vec<[std::borrow::Cow<'_, str>; N]> = rows
        .iter()
        .map(|row| std::array::from_fn(|i| cell(&row[i])))
        .collect();
    let rows = &rows;
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < N {
                text.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        text
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in rows {
        writeln!(
            out,
            "{}",
            line(row.iter().map(|cell| cell.as_ref()).collect())
        )?;
    }
    Ok(())
}

/// [`table`] without its header line.
pub fn table_body<const N: usize>(out: &mut dyn Write, rows: &[[String; N]]) -> io::Result<()> {
    let mut buffer = Vec::new();
    table(&mut buffer, [""; N], rows)?;
    let text = String::from_utf8(buffer).expect("table writes UTF-8");
    out.write_all(
        text.split_once('\n')
            .map_or("", |(_, rest)| rest)
            .as_bytes(),
    )
}

/// [`table`] for rows whose width is known at run time (every row as long
/// as the header); lines carry no trailing blanks when last cells are empty.
pub fn table_vec(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    table_rows(out, header, rows.len(), |i, row| {
        for text in &rows[i] {
            row.cell(text);
        }
    })
}

/// One row of [`table_rows`]: its cells as shown ([`table`]), in one
/// string.
#[derive(Default)]
pub struct Row {
    text: String,
    ends: Vec<usize>,
    measuring: bool,
}

impl Row {
    /// Whether this row is made only to measure its cells
    /// ([`table_rows_measured`]): its last cell, never padded, and the
    /// cells whose widths were given are then not measured, and may be
    /// left empty.
    pub fn measuring(&self) -> bool {
        self.measuring
    }

    /// Adds a cell.
    pub fn cell(&mut self, text: &str) {
        self.push(|row| row.push_str(text));
    }

    /// Adds a cell written by `format_args!`, without a string of its own.
    pub fn cell_fmt(&mut self, args: std::fmt::Arguments<'_>) {
        self.push(|row| {
            // Writing to a string cannot fail.
            let _ = std::fmt::Write::write_fmt(row, args);
        });
    }

    /// Adds a cell that `write` adds to the row's text.
    pub fn cell_with(&mut self, write: impl FnOnce(&mut String)) {
        self.push(write);
    }

    fn push(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        if let std::borrow::Cow::Owned(shown) = cell(&self.text[start..]) {
            self.text.truncate(start);
            self.text.push_str(&shown);
        }
        self.ends.push(self.text.len());
    }

    fn cells(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.text[a..b])
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }
}

/// [`table_vec`] for `count` rows that `fill` makes on demand (given the
/// row's place), twice: once for the column widths, once to write them.
/// A table of a million rows holds one at a time.
pub fn table_rows(
    out: &mut dyn Write,
    header: &[&str],
    count: usize,
    fill: impl FnMut(usize, &mut Row),
) -> io::Result<()> {
    table_rows_measured(out, header, count, 0..count, &[], fill)
}

/// [`table_rows`], its widths measured on the rows in the order `measure`
/// gives (each once): the order that reads a store in place, say, where
/// the table's own order reads it all over. `known` holds widths the
/// caller measured itself (0 where it did not): such a column is as wide
/// as the wider of its `known` width and what its measured cells take, so
/// a fill may leave it empty while [`Row::measuring`].
pub fn table_rows_measured(
    out: &mut dyn Write,
    header: &[&str],
    count: usize,
    measure: impl Iterator<Item = usize>,
    known: &[usize],
    mut fill: impl FnMut(usize, &mut Row),
) -> io::Result<()> {
    let mut row = Row {
        measuring: true,
        ..Row::default()
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for (width, &known) in widths.iter_mut().zip(known) {
        *width = (*width).max(known);
    }
    // The last column is never padded: its width is not needed.
    let measured = header.len().saturating_sub(1);
    for i in measure {
        row.clear();
        fill(i, &mut row);
        for (width, cell) in widths[..measured].iter_mut().zip(row.cells()) {
            *width = (*width).max(cell.chars().count());
        }
    }
    row.measuring = false;
    let mut line = String::new();
    write_line(
        out,
        &mut line,
        &widths,
        header.len(),
        header.iter().copied(),
    )?;
    for i in 0..count {
        row.clear();
        fill(i, &mut row);
        write_line(out, &mut line, &widths, row.ends.len(), row.cells())?;
    }
    Ok(())
}

/// The width of `text` as a table shows it.
pub fn shown_width(text: &str) -> usize {
    cell(text).chars().count()
}

/// One line of [`table_rows`]: its `count` cells padded to `widths`, with
/// no trailing blanks.
fn write_line<'a>(
    out: &mut dyn Write,
    line: &mut String,
    widths: &[usize],
    count: usize,
    cells: impl Iterator<Item = &'a str>,
) -> io::Result<()> {
    line.clear();
    for (i, cell) in cells.enumerate() {
        line.push_str(cell);
        if i + 1 < count {
            let pad = widths
                .get(i)
                .map_or(0, |w| w.saturating_sub(cell.chars().count()));
            line.extend(std::iter::repeat_n(' ', pad + 2));
        }
    }
    out.write_all(line.trim_end().as_bytes())?;
    out.write_all(b"\n")
}

/// Pretty JSON and a newline.
pub fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::from(kind),
        None => io::Error::other(e),
    })?;
    writeln!(out)
}

/// A writer for a command's text: what goes through it reaches `inner`
/// with every character that may not be printed as it is shown by its
/// visible escape, line feeds kept (`reggraph::diagnostic::multi_line`).
/// Bytes that are not UTF-8 become U+FFFD; a character cut between two
/// writes waits for its end.
pub struct Visible<'a> {
    inner: &'a mut dyn Write,
    /// The start of a character whose end is still to be written.
    partial: Vec<u8>,
}

impl<'a> Visible<'a> {
    pub fn new(inner: &'a mut dyn Write) -> Visible<'a> {
        Visible {
            inner,
            partial: Vec::new(),
        }
    }
}

impl Write for Visible<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Most of what is written is printable ASCII, which passes as it is.
        if self.partial.is_empty()
            && buf
                .iter()
                .all(|&b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t')
        {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        let joined;
        let mut rest: &[u8] = if self.partial.is_empty() {
            buf
        } else {
            self.partial.extend_from_slice(buf);
            joined = std::mem::take(&mut self.partial);
            &joined
        };
        let mut text = String::with_capacity(rest.len());
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    text.push_str(&multi_line(valid));
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    text.push_str(&multi_line(
                        std::str::from_utf8(valid).expect("valid up to here"),
                    ));
                    match e.error_len() {
                        None => {
                            rest = after;
                            break;
                        }
                        Some(bad) => {
                            text.push(char::REPLACEMENT_CHARACTER);
                            rest = &after[bad..];
                        }
                    }
                }
            }
        }
        self.inner.write_all(text.as_bytes())?;
        self.partial = rest.to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_visible(writes: &[&[u8]]) -> String {
        let mut out = Vec::new();
        let mut visible = Visible::new(&mut out);
        for bytes in writes {
            visible.write_all(bytes).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn visible_escapes_what_may_not_be_printed_and_keeps_line_feeds() {
        assert_eq!(
            through_visible(&[b"a\x1b]0;pwned\x07\r\n", "b\u{202e}c\u{7f}\n".as_bytes()]),
            "a\\u{1b}]0;pwned\\u{7}\\r\nb\\u{202e}c\\u{7f}\n"
        );
        // A character cut between writes, and bytes that are not UTF-8.
        let rlo = "\u{202e}".as_bytes();
        assert_eq!(
            through_visible(&[&rlo[..1], &rlo[1..2], &rlo[2..], b"\xff\xfex"]),
            "\\u{202e}\u{fffd}\u{fffd}x"
        );
    }

    #[test]
    fn table_cells_are_one_line_and_measured_as_shown() {
        let mut out = Vec::new();
        let rows = [
            ["a\nb\u{202e}".to_string(), "1".to_string()],
            ["c\td".to_string(), "2".to_string()],
        ];
        table(&mut out, ["NAME", "N"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "NAME          N\na\\nb\\u{202e}  1\nc\\td          2\n"
        );
    }

    #[test]
    fn rows_made_on_demand_are_escaped_measured_and_trimmed_as_a_held_table() {
        let mut out = Vec::new();
        let rows = [
            vec!["a\nb".to_string(), "é中".to_string(), String::new()],
            vec!["c\td".to_string(), "2".to_string(), "x ".to_string()],
        ];
        table_vec(&mut out, &["NAME", "N", ""], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "NAME  N\na\\nb  é中\nc\\td  2   x\n"
        );
    }

    proptest::proptest! {
        /// The widths do not depend on the order the rows are measured in.
        #[test]
        fn a_table_measured_in_any_order_is_the_same(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-zé\t\n ]{0,6}", 3), 0..12),
            seed in proptest::prelude::any::<u64>(),
        ) {
            let fill = |i: usize, row: &mut Row| {
                for text in &rows[i] {
                    row.cell(text);
                }
            };
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by_key(|&i| (i as u64).wrapping_mul(seed | 1).rotate_left(17));
            let (mut held, mut measured) = (Vec::new(), Vec::new());
            table_vec(&mut held, &["A", "B", "C"], &rows).unwrap();
            let header = ["A", "B", "C"];
            table_rows_measured(&mut measured, &header, rows.len(), order.into_iter(), &[], fill)
                .unwrap();
            proptest::prop_assert_eq!(&held, &measured);
            // A fill that leaves out, while measuring, the last cell and a
            // cell whose width it gives makes the same table.
            let known = [0, rows.iter().map(|r| shown_width(&r[1])).max().unwrap_or(0)];
            let lean = |i: usize, row: &mut Row| {
                let measuring = row.measuring();
                row.cell(&rows[i][0]);
                row.cell(if measuring { "" } else { &rows[i][1] });
                if !measuring {
                    row.cell(&rows[i][2]);
                }
            };
            let mut given = Vec::new();
            table_rows_measured(&mut given, &header, rows.len(), 0..rows.len(), &known, lean)
                .unwrap();
            proptest::prop_assert_eq!(held, given);
        }
    }
}

//! What every command's printing shares: tables for people, JSON for
//! scripts, and the short forms of an edge's arrow and its sources.

use std::io::{self, Write};

use serde::Serialize;

use reggraph::model::Edge;

/// `--raises EUR 105M secured (2023-06-14)-->` walked forward, or
/// `<--co-founded (2023-04)--` walked against the arrow.
pub fn arrow(edge: &Edge, forward: bool) -> String {
    let words = reggraph::words::edge(edge);
    if forward {
        format!("--{words}-->")
    } else {
        format!("<--{words}--")
    }
}

/// `[alliancy-edito-2023-06, wikipedia-mistral]`
pub fn sources(list: &[String]) -> String {
    format!("[{}]", list.join(", "))
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A table with a header, columns padded to their widest cell.
pub fn table<const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    rows: &[[String; N]],
) -> io::Result<()> {
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
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
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

/// Pretty JSON and a newline.
pub fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::from(kind),
        None => io::Error::other(e),
    })?;
    writeln!(out)
}

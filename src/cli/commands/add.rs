//! `add node|edge|source --file F ...`: one record, in fmt's layout, at the
//! end of its list in F, written only when the whole data folder checks
//! clean with it.

use std::io::{IsTerminal, Write};
use std::path::Path;

use codespan_reporting::term::termcolor::{BufferedStandardStream, WriteColor};

use reggraph::check::check_folder_with;
use reggraph::diagnostic::{Diagnostic, render_text};
use reggraph::fmt::encode_string;
use reggraph::fmt::files::read;
use reggraph::fmt::insert::{Field, append, record_text};
use reggraph::load::scan::Section;
use reggraph::load::write_atomically;
use reggraph::model::MoneyStatus;

use crate::cli::args::{AddCommand, AddTarget, CitationArgs, Cli, Format, WhenArgs};
use crate::cli::{Failure, color, io_failure, write_failure};

pub fn run(cli: &Cli, command: &AddCommand) -> Result<u8, Failure> {
    if cli.format == Format::Json {
        return Err(Failure::usage(
            "--format json does not apply to add",
            Some("leave out --format; --dry-run prints the record".into()),
        ));
    }
    let (section, what, id, fields, target) = record(command);
    let record = record_text(section, &fields)
        .map_err(|e| Failure::data(format!("cannot lay out the record: {e}"), None))?;
    let file = &target.file;
    inside_data_folder(&cli.data, file)?;
    let mut err = BufferedStandardStream::stderr(color(cli, std::io::stderr().is_terminal()));
    let name = file.display().to_string();
    if !file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return Err(Failure::usage(
            format!("{name} is not a data file: the data folder's files end in .ron"),
            Some("give a FILE ending in .ron".into()),
        ));
    }
    let old = if file.exists() {
        match read(&name, file) {
            Ok(old) => Some(old),
            Err(refusal) => {
                let closing =
                    format!("nothing was written to {name}: fix it first (`reggraph check`)");
                super::fmt::print_refusal(&mut err, &name, refusal, &closing)
                    .map_err(io_failure)?;
                return Ok(1);
            }
        }
    } else {
        None
    };
    // The file's own byte-order mark and line breaks are kept.
    // (The loader reads a byte-order mark as three blanks, to keep its
    // columns.)
    let has_bom = std::fs::read(file).is_ok_and(|b| b.starts_with(b"\xef\xbb\xbf"));
    let (bom, old) = match old {
        Some(text) if has_bom => ("\u{feff}", Some(text.get(3..).unwrap_or("").to_string())),
        other => ("", other),
    };
    let crlf = old.as_deref().is_some_and(|t| t.contains("\r\n"));
    let record = if crlf {
        record.replace('\n', "\r\n")
    } else {
        record
    };
    let (new, at) = append(old.as_deref(), section, &record, crlf)
        .map_err(|e| Failure::data(format!("cannot add to `{name}`: {}", e.message), None))?;
    let (new, at) = (format!("{bom}{new}"), at + bom.len());
    let checked = check_folder_with(&cli.data, file, &new);
    // The file's place in the table: the one holding the new text.
    let as_read = match new.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}"),
        None => new.clone(),
    };
    let here = (0..checked.files.len()).find(|&i| checked.files.text(i) == as_read);
    let inside_record = |d: &Diagnostic| {
        d.primary.as_ref().is_some_and(|l| {
            Some(l.file) == here && l.span.start >= at && l.span.start < at + record.len()
        })
    };
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !errors.is_empty() {
        render_text(&errors, &checked.files, &mut err)
            .and_then(|_| {
                let mine = errors.iter().filter(|d| inside_record(d)).count();
                let elsewhere = errors.len() - mine;
                match elsewhere {
                    0 => {}
                    1 => writeln!(err, "1 of these errors is in the data already: `reggraph check` lists it")?,
                    n => writeln!(err, "{n} of these errors are in the data already: `reggraph check` lists them")?,
                }
                if errors.iter().any(|d| d.primary.as_ref().is_some_and(|l| Some(l.file) == here)) {
                    writeln!(
                        err,
                        "nothing was written to {name} (its lines are shown as they would be with the record)"
                    )
                } else {
                    writeln!(err, "nothing was written to {name}")
                }
            })
            .and_then(|_| err.reset())
            .and_then(|_| err.flush())
            .map_err(io_failure)?;
        return Ok(1);
    }
    // Warnings about the new record (a node with no edge yet, a fact with
    // no source) are shown; the data's others are `check`'s to list.
    let warnings: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| inside_record(d))
        .cloned()
        .collect();
    render_text(&warnings, &checked.files, &mut err)
        .and_then(|_| err.reset())
        .and_then(|_| err.flush())
        .map_err(io_failure)?;
    let line = new[..at].matches('\n').count() + 1;
    let mut out = std::io::stdout().lock();
    if target.dry_run {
        writeln!(out, "{},", record.replace("\r\n", "\n")).map_err(io_failure)?;
        crate::cli::status_line(
            crate::cli::Stream::Stderr,
            format_args!(
                "dry run: this {what} would be added to {name} at line {line}; nothing was written"
            ),
        );
        return Ok(0);
    }
    let real = std::fs::canonicalize(file).unwrap_or_else(|_| file.clone());
    if std::fs::metadata(&real).is_ok_and(|m| m.permissions().readonly()) {
        return Err(Failure::data(
            format!("{name} is read-only: nothing was written"),
            Some("make it writable (chmod u+w), then add again".into()),
        ));
    }
    write_atomically(&real, new.as_bytes()).map_err(|e| write_failure(file, e))?;
    writeln!(out, "added {what} {id} to {name}:{line}").map_err(io_failure)?;
    Ok(0)
}

/// A file to add to must be in the data folder, or `check` and every query
/// would not see what was added.
fn inside_data_folder(data: &Path, file: &Path) -> Result<(), Failure> {
    let real = |p: &Path| std::fs::canonicalize(p).ok();
    let folder = file
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(real);
    match (real(data), folder) {
        (Some(data), _) if real(file).is_some_and(|f| f == data) => Err(Failure::usage(
            format!("{} is the data folder, not a file in it", file.display()),
            Some("give a FILE under it, such as graph-data/actors.ron".into()),
        )),
        (Some(data), Some(folder)) if folder.starts_with(&data) => Ok(()),
        (Some(_), Some(_)) => Err(Failure::usage(
            format!(
                "{} is not in the data folder {}",
                file.display(),
                data.display()
            ),
            Some("give a FILE under the data folder, or --data the folder it is in".into()),
        )),
        (None, _) => Err(Failure::data(
            format!("the data folder {} does not exist", data.display()),
            Some("pass --data DIR, or create the folder first".into()),
        )),
        (_, None) => Err(Failure::data(
            format!("the folder of {} does not exist", file.display()),
            Some("create the folder first (mkdir -p)".into()),
        )),
    }
}

fn text(value: &str) -> String {
    encode_string(value)
}

fn list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| text(v)).collect();
    format!("[{}]", items.join(", "))
}

fn field(name: &'static str, value: String) -> Field {
    Field { name, value }
}

fn optional(fields: &mut Vec<Field>, name: &'static str, value: &Option<String>) {
    if let Some(value) = value {
        fields.push(field(name, text(value)));
    }
}

fn when(fields: &mut Vec<Field>, when: &WhenArgs) {
    optional(fields, "date", &when.date);
    if let Some((start, end)) = &when.period {
        let value = match end {
            Some(end) => format!("(start: {}, end: {})", text(start), text(end)),
            None => format!("(start: {})", text(start)),
        };
        fields.push(field("period", value));
    }
}

fn citation(fields: &mut Vec<Field>, citation: &CitationArgs) {
    if !citation.sources.is_empty() {
        fields.push(field("sources", list(&citation.sources)));
    }
    optional(fields, "quote", &citation.quote);
}

/// The record's list, what it is, its id, its fields, and where it goes.
fn record(command: &AddCommand) -> (Section, &'static str, String, Vec<Field>, &AddTarget) {
    let mut fields = Vec::new();
    match command {
        AddCommand::Node(a) => {
            fields.push(field("id", text(&a.id)));
            fields.push(field("kind", a.kind.name().to_string()));
            fields.push(field("name", text(&a.name)));
            if !a.aliases.is_empty() {
                fields.push(field("aliases", list(&a.aliases)));
            }
            optional(&mut fields, "description", &a.description);
            if !a.tags.is_empty() {
                fields.push(field("tags", list(&a.tags)));
            }
            when(&mut fields, &a.when);
            optional(&mut fields, "jurisdiction", &a.jurisdiction);
            if let Some(status) = a.status {
                let status: &'static str = status.into();
                fields.push(field("status", status.to_string()));
            }
            citation(&mut fields, &a.citation);
            (Section::Nodes, "node", a.id.clone(), fields, &a.target)
        }
        AddCommand::Edge(a) => {
            fields.push(field("from", text(&a.from)));
            fields.push(field("kind", a.kind.name().to_string()));
            fields.push(field("to", text(&a.to)));
            when(&mut fields, &a.when);
            if let Some(value) = a.amount {
                let mut money = format!("(value: {value}");
                if let Some(currency) = &a.currency {
                    money.push_str(&format!(", currency: {}", text(currency)));
                }
                if let Some(status) = a.status {
                    let status: &'static str = MoneyStatus::from(status).into();
                    money.push_str(&format!(", status: {status}"));
                }
                money.push(')');
                fields.push(field("amount", money));
            }
            citation(&mut fields, &a.citation);
            optional(&mut fields, "note", &a.note);
            let id = format!("{} --{}--> {}", a.from, a.kind.label(), a.to);
            (Section::Edges, "edge", id, fields, &a.target)
        }
        AddCommand::Source(a) => {
            fields.push(field("id", text(&a.id)));
            fields.push(field("title", text(&a.title)));
            optional(&mut fields, "publisher", &a.publisher);
            if let Some(kind) = a.source_type {
                let kind: &'static str = kind.into();
                fields.push(field("type", kind.to_string()));
            }
            optional(&mut fields, "published", &a.published);
            optional(&mut fields, "url", &a.url);
            optional(&mut fields, "language", &a.language);
            optional(&mut fields, "note", &a.note);
            (Section::Sources, "source", a.id.clone(), fields, &a.target)
        }
    }
}

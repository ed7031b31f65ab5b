//! `sparql`: a SPARQL 1.1 query over the selection's RDF mapping
//! (`reggraph::sparql`), its answer as a table, the W3C JSON or CSV
//! results, or Turtle for CONSTRUCT and DESCRIBE.

use std::io::{IsTerminal, Read, Write};
use std::time::Duration;

use codespan_reporting::term::termcolor::{BufferedStandardStream, WriteColor};
use oxrdf::{Term, Triple};
use spargebra::Query;

use reggraph::diagnostic::{Diagnostic, SourceFiles, render_text, shown};
use reggraph::export::rdf::Base;
use reggraph::graph::KnowledgeGraph;
use reggraph::sparql::{self, Answer, EvaluationError, Limits, SyntaxError, SyntaxErrorKind};

use crate::cli::args::{Cli, Format, SparqlArgs};
use crate::cli::print::{Visible, one_line, plural};
use crate::cli::{Failure, color, io_failure};

/// A query read and parsed, before any data is.
pub struct Prepared {
    query: Query,
}

/// Reads the query (its text, `--file`, or stdin for `--file -`), parses
/// it, and checks that the format can show its kind of answer.
pub fn prepare(cli: &Cli, args: &SparqlArgs) -> Result<Prepared, Failure> {
    let (name, text) = match (&args.query, &args.file) {
        (Some(text), _) => ("<query>".to_string(), text.clone()),
        (None, Some(path)) if path.as_os_str() == "-" => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                Failure::data(
                    format!("cannot read the query from standard input: {e}"),
                    Some("pipe a UTF-8 query in, or give it as an argument".into()),
                )
            })?;
            ("<stdin>".to_string(), text)
        }
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::data(
                    format!("cannot read the query file `{}`: {e}", path.display()),
                    Some(
                        "name a readable UTF-8 file of SPARQL, or give the query as an argument"
                            .into(),
                    ),
                )
            })?;
            (path.display().to_string(), text)
        }
        (None, None) => unreachable!("clap requires QUERY or --file"),
    };
    let base = Base::default();
    let query = sparql::parse(&text, &base).map_err(|e| syntax_failure(cli, &name, &text, &e))?;
    if matches!(query, Query::Construct { .. } | Query::Describe { .. })
        && matches!(cli.format, Format::Json | Format::Csv)
    {
        return Err(Failure::usage(
            "a CONSTRUCT or DESCRIBE query answers with triples, printed as Turtle",
            Some("leave out --format (json and csv are for SELECT and ASK)".into()),
        ));
    }
    Ok(Prepared { query })
}

/// Shows where the query stops, as the data's errors are shown, and fails.
fn syntax_failure(cli: &Cli, name: &str, text: &str, error: &SyntaxError) -> Failure {
    let mut files = SourceFiles::default();
    let file = files.add(name.to_string(), text.to_string());
    let span = error.span.clone();
    let diagnostic = match &error.kind {
        SyntaxErrorKind::UnknownPrefix(prefix) => {
            let declared: Vec<String> = sparql::prefixes(&Base::default())
                .into_iter()
                .map(|(name, _)| format!("{name}:"))
                .collect();
            Diagnostic::error("syntax", format!("unknown prefix `{}:`", shown(prefix)))
                .at(file, span, "declared neither by the query nor by reggraph")
                .help(format!(
                    "declare it first (`PREFIX {}: <IRI>`), or use one of those declared for every query: {}",
                    shown(prefix),
                    declared.join(" ")
                ))
        }
        SyntaxErrorKind::Form(word) => Diagnostic::error(
            "syntax",
            format!(
                "a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not `{}`",
                shown(word)
            ),
        )
        .at(file, span, "expected a query form here")
        .help(QUERY_FORMS),
        SyntaxErrorKind::Update(word) => Diagnostic::error(
            "syntax",
            format!(
                "`{}` is a SPARQL update: reggraph only reads its data",
                shown(word)
            ),
        )
        .at(file, span, "an update")
        .help("change the data files (`reggraph add`, or by hand) and query again"),
        SyntaxErrorKind::Unexpected => Diagnostic::error("syntax", "the query cannot be read here")
            .at(file, span, "not what SPARQL allows here")
            .help(QUERY_FORMS),
        SyntaxErrorKind::Expected(expected) => {
            Diagnostic::error("syntax", "the query cannot be read here")
                .at(file, span, format!("expected {}", few(expected)))
                .help(QUERY_FORMS)
        }
        SyntaxErrorKind::Other(reason) => Diagnostic::error(
            "syntax",
            format!("the query cannot be read: {}", shown(reason)),
        )
        .at(file, span, "here")
        .help(QUERY_FORMS),
    };
    let mut err = BufferedStandardStream::stderr(color(cli, std::io::stderr().is_terminal()));
    let _ = render_text(&[diagnostic], &files, &mut err);
    let _ = err.reset();
    let _ = err.flush();
    Failure::data(
        format!(
            "the query cannot be read ({name}:{}:{})",
            error.line, error.column
        ),
        None,
    )
}

/// The parser's `one of A, B, ...` cut to its first few.
fn few(expected: &str) -> String {
    let Some(list) = expected.strip_prefix("one of ") else {
        return shown(expected);
    };
    let items: Vec<&str> = list.split(", ").collect();
    if items.len() <= 6 {
        return shown(expected);
    }
    shown(&format!("one of {}, …", items[..6].join(", ")))
}

const QUERY_FORMS: &str = "a query is `SELECT ?x WHERE { ... }`, `ASK { ... }`, \
    `CONSTRUCT { ... } WHERE { ... }` or `DESCRIBE ...`, after any `PREFIX name: <IRI>` lines \
    (SPARQL 1.1; updates are not taken)";

/// Evaluates the query over the selection's triples and prints the answer.
pub fn run(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    args: &SparqlArgs,
    prepared: Prepared,
) -> Result<(), Failure> {
    let records = super::interop::records(graph, &args.selection)?;
    let base = Base::default();
    let dataset = sparql::dataset(&records, &base);
    let limits = Limits {
        rows: args.limit,
        timeout: Duration::from_secs(args.timeout),
        memory: sparql::DEFAULT_MEMORY,
    };
    let answer = sparql::evaluate(prepared.query, dataset, limits)
        .map_err(|e| evaluation_failure(e, args))?;
    match format {
        Format::Json => json(out, &answer),
        Format::Csv => csv(out, &answer),
        Format::Text | Format::Short | Format::Github => text(&mut Visible::new(out), &answer),
    }
    .map_err(io_failure)
}

fn evaluation_failure(error: EvaluationError, args: &SparqlArgs) -> Failure {
    match error {
        EvaluationError::TooManyRows(n) => Failure::data(
            format!("the answer has more than {n} rows (--limit {})", args.limit),
            Some(format!(
                "add LIMIT to the query, or narrow its pattern, or raise --limit (default {})",
                sparql::DEFAULT_ROWS
            )),
        ),
        EvaluationError::Timeout(_) => Failure::data(
            format!(
                "the query ran longer than {} second{} (--timeout) and was stopped",
                args.timeout,
                plural(args.timeout as usize)
            ),
            Some(format!(
                "patterns that share no variable multiply their rows: join them on a variable, \
                 or raise --timeout (default {} seconds)",
                sparql::DEFAULT_TIMEOUT_SECONDS
            )),
        ),
        EvaluationError::Memory(bytes) => Failure::data(
            format!(
                "the query needed more than {} MiB of memory and was stopped",
                bytes >> 20
            ),
            Some(
                "patterns that share no variable multiply their rows, and ORDER BY or GROUP BY \
                 holds them all: join them on a variable, or add LIMIT without ORDER BY"
                    .into(),
            ),
        ),
        EvaluationError::Engine(message) => Failure::data(
            format!("the query cannot be evaluated: {message}"),
            Some("reggraph answers from its own data only (no SERVICE, no FROM <URL>)".into()),
        ),
    }
}

/// A term as the table shows it: an IRI shortened by a declared prefix
/// where the rest is a plain local name (else `<IRI>`), a literal as its
/// text, a blank node as `_:id`.
fn shown_term(term: &Term, prefixes: &[(String, String)]) -> String {
    match term {
        Term::NamedNode(iri) => short_iri(iri.as_str(), prefixes),
        Term::BlankNode(node) => node.to_string(),
        Term::Literal(literal) => literal.value().to_string(),
    }
}

fn short_iri(iri: &str, prefixes: &[(String, String)]) -> String {
    prefixes
        .iter()
        .filter_map(|(name, namespace)| {
            let local = iri.strip_prefix(namespace.as_str())?;
            plain_local(local).then(|| format!("{name}:{local}"))
        })
        .next()
        .unwrap_or_else(|| format!("<{iri}>"))
}

/// A local name that reads back as written after `prefix:` (letters,
/// digits, `_`, `-`, and `.` inside).
fn plain_local(local: &str) -> bool {
    local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        && !local.starts_with(['-', '.'])
        && !local.ends_with('.')
}

fn text(out: &mut dyn Write, answer: &Answer) -> std::io::Result<()> {
    let prefixes = sparql::prefixes(&Base::default());
    match answer {
        Answer::Boolean(value) => writeln!(out, "{value}"),
        Answer::Graph(triples) => out.write_all(&turtle(triples, &prefixes)),
        Answer::Solutions { variables, rows } => {
            let header: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|term| {
                            let text = term
                                .as_ref()
                                .map(|t| shown_term(t, &prefixes))
                                .unwrap_or_default();
                            one_line(&text).replace('\t', "\\t")
                        })
                        .collect()
                })
                .collect();
            table(out, &header, &cells)?;
            writeln!(out, "{} row{}", rows.len(), plural(rows.len()))
        }
    }
}

/// Columns padded to their widest cell, two spaces apart.
fn table(out: &mut dyn Write, header: &[String], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < cells.len() {
                text.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        text.truncate(text.trim_end().len());
        text.push('\n');
        text
    };
    out.write_all(line(header).as_bytes())?;
    for row in rows {
        out.write_all(line(row).as_bytes())?;
    }
    Ok(())
}

/// Triples as Turtle, with the declared prefixes.
fn turtle(triples: &[Triple], prefixes: &[(String, String)]) -> Vec<u8> {
    let mut serializer = oxttl::TurtleSerializer::new();
    for (name, iri) in prefixes {
        serializer = serializer
            .with_prefix(name, iri)
            .expect("the prefixes are valid IRIs");
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in triples {
        writer
            .serialize_triple(triple)
            .expect("writing into memory does not fail");
    }
    writer.finish().expect("writing into memory does not fail")
}

/// The W3C SPARQL 1.1 Query Results JSON Format, with a final newline.
fn json(out: &mut dyn Write, answer: &Answer) -> std::io::Result<()> {
    use sparesults::{QueryResultsFormat, QueryResultsSerializer};
    let serializer = QueryResultsSerializer::from_format(QueryResultsFormat::Json);
    let mut bytes = Vec::new();
    match answer {
        Answer::Boolean(value) => {
            serializer.serialize_boolean_to_writer(&mut bytes, *value)?;
        }
        Answer::Solutions { variables, rows } => {
            let mut writer =
                serializer.serialize_solutions_to_writer(&mut bytes, variables.clone())?;
            for row in rows {
                writer.serialize(
                    variables
                        .iter()
                        .zip(row)
                        .filter_map(|(v, t)| Some((v.as_ref(), t.as_ref()?.as_ref()))),
                )?;
            }
            writer.finish()?;
        }
        Answer::Graph(_) => unreachable!("refused by prepare"),
    }
    out.write_all(&bytes)?;
    writeln!(out)
}

/// The W3C SPARQL 1.1 CSV results: a header of the variables, then each
/// row; IRIs in full, literals as their text, blank nodes as `_:id`, an
/// unbound value empty; lines end in CRLF. ASK prints `true` or `false`.
fn csv(out: &mut dyn Write, answer: &Answer) -> std::io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    match answer {
        Answer::Boolean(value) => writer.write_record([value.to_string()])?,
        Answer::Solutions { variables, rows } => {
            writer.write_record(variables.iter().map(|v| v.as_str()))?;
            for row in rows {
                writer.write_record(row.iter().map(|term| match term {
                    None => String::new(),
                    Some(Term::NamedNode(iri)) => iri.as_str().to_string(),
                    Some(Term::BlankNode(node)) => node.to_string(),
                    Some(Term::Literal(literal)) => literal.value().to_string(),
                }))?;
            }
        }
        Answer::Graph(_) => unreachable!("refused by prepare"),
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
}

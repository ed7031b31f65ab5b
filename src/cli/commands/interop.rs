//! `export json|jsonl|graphml|gexf|csv|cypher|rdf|ftm|parquet`: the
//! selection as flat records ([`Interchange`]) in a format other tools
//! read, to stdout, a file, or (csv, parquet) a folder of files.

use std::io::Write;
use std::path::Path;

use reggraph::export::interchange::Interchange;
use reggraph::export::{self};
use reggraph::graph::KnowledgeGraph;
use reggraph::query;

use crate::cli::args::{DataArgs, ExportCommand, RdfSyntaxArg, SelectionArgs};
use crate::cli::{Destination, Failure, Stream, io_failure, status_line, write_output};

/// Runs a data export (not `dot` or `mermaid`, which draw).
pub fn run(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    command: &ExportCommand,
) -> Result<(), Failure> {
    type Writer<'a> = Box<dyn Fn(&Interchange) -> Vec<u8> + 'a>;
    // One file: which flags, its kind of file, and how it is written.
    let (args, extension, write): (&DataArgs, &str, Writer) = match command {
        ExportCommand::Dot(_) | ExportCommand::Mermaid(_) => {
            unreachable!("diagrams are written by commands::export")
        }
        ExportCommand::Json(args) => (args, "json", Box::new(export::json::to_json)),
        ExportCommand::Jsonl(args) => (args, "jsonl", Box::new(export::json::to_jsonl)),
        ExportCommand::Graphml(args) => (args, "graphml", Box::new(export::graphml::to_graphml)),
        ExportCommand::Gexf(args) => (args, "gexf", Box::new(export::gexf::to_gexf)),
        ExportCommand::Cypher(args) => (args, "cypher", Box::new(export::cypher::to_cypher)),
        ExportCommand::Ftm(args) => (args, "ftm.json", Box::new(export::ftm::to_ftm)),
        ExportCommand::Rdf(rdf) => match rdf.syntax {
            RdfSyntaxArg::Turtle => (
                &rdf.data,
                "ttl",
                Box::new(|r: &Interchange| export::rdf::to_turtle(r, &rdf.base)),
            ),
            RdfSyntaxArg::Ntriples => (
                &rdf.data,
                "nt",
                Box::new(|r: &Interchange| export::rdf::to_ntriples(r, &rdf.base)),
            ),
        },
        ExportCommand::Csv(args) => {
            let records = records(graph, &args.selection)?;
            let files = export::tables::files(&records).map_err(table_failure)?;
            return folder(&args.output, &files, &records);
        }
        ExportCommand::Parquet(args) => {
            let records = records(graph, &args.selection)?;
            #[cfg(feature = "parquet")]
            {
                let files = export::parquet::files(&records).map_err(table_failure)?;
                return folder(&args.output, &files, &records);
            }
            #[cfg(not(feature = "parquet"))]
            {
                let _ = (records, &args.output);
                return Err(Failure::usage(
                    "this reggraph was built without Parquet",
                    Some("build it with the `parquet` feature (on by default)".into()),
                ));
            }
        }
    };
    let records = records(graph, &args.selection)?;
    file(
        out,
        args.output.as_deref(),
        &write(&records),
        extension,
        &records,
    )
}

/// The records of the selection; every source when the selection is the
/// whole graph, else the sources its records cite.
pub fn records(graph: &KnowledgeGraph, args: &SelectionArgs) -> Result<Interchange, Failure> {
    let spec = args.spec();
    let selection = crate::cli::select(&spec, graph)?;
    let subgraph = selection.apply(graph);
    let whole = spec == query::SelectionSpec::default();
    Ok(Interchange::of(
        graph,
        &subgraph,
        selection.as_of.as_ref(),
        whole,
    ))
}

/// A record that does not fit a typed column (an amount beyond 64 bits).
fn table_failure(error: export::tables::TableError) -> Failure {
    Failure::data(
        error.to_string(),
        Some(
            "check the amount in the data; CSV and Parquet hold amounts as 64-bit integers".into(),
        ),
    )
}

fn counts(records: &Interchange) -> String {
    format!(
        "{} nodes, {} edges, {} milestones, {} sources",
        records.nodes.len(),
        records.edges.len(),
        records.milestones.len(),
        records.sources.len()
    )
}

/// Writes one file (stdout without `-o`, or with `-o -`).
fn file(
    out: &mut dyn Write,
    path: Option<&Path>,
    content: &[u8],
    extension: &str,
    records: &Interchange,
) -> Result<(), Failure> {
    match path {
        Some(path) => {
            if write_output(out, path, content, extension)? == Destination::Named {
                status_line(
                    Stream::Stderr,
                    format_args!("wrote {}: {}", path.display(), counts(records)),
                );
            }
            Ok(())
        }
        None => out.write_all(content).map_err(io_failure),
    }
}

/// Writes each file into `dir` (created if needed), each atomically;
/// files of other names in it are left alone.
fn folder(
    dir: &Path,
    files: &[(&'static str, Vec<u8>)],
    records: &Interchange,
) -> Result<(), Failure> {
    if dir.as_os_str() == "-" {
        return Err(Failure::usage(
            "this export is a folder of files and cannot go to stdout",
            Some("name a folder: -o DIR".into()),
        ));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::data(
            format!("cannot write into `{}`: it is not a folder", dir.display()),
            Some("name a folder, new or existing: -o DIR".into()),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| crate::cli::write_failure(dir, e))?;
    let mut sink = std::io::sink();
    for (name, content) in files {
        let extension = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        write_output(&mut sink, &dir.join(name), content, extension)?;
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    status_line(
        Stream::Stderr,
        format_args!(
            "wrote {} ({}): {}",
            dir.display(),
            names.join(", "),
            counts(records)
        ),
    );
    Ok(())
}

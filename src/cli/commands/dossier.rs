//! `dossier`: one actor's report, written atomically as HTML (diagram
//! inline) or Markdown (diagram in an .svg file beside it).

use std::io::Write;

use reggraph::dossier::{self, html, markdown};
use reggraph::export::render::{self, Engine, Rendered};
use reggraph::graph::KnowledgeGraph;
use reggraph::query::AsOf;

use crate::cli::args::DossierArgs;
use crate::cli::{Failure, Stream, io_failure, query_failure, resolve, status_line, write_failure};

enum Kind {
    Html,
    Markdown,
}

pub fn run(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    revision: dossier::Revision,
    args: &DossierArgs,
) -> Result<(), Failure> {
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let kind = match extension.as_deref() {
        Some("html" | "htm") => Kind::Html,
        Some("md" | "markdown") => Kind::Markdown,
        _ => {
            return Err(Failure::usage(
                format!(
                    "cannot tell the report format of `{}`",
                    args.output.display()
                ),
                Some("end the file name in .html (a page to print or share) or .md".into()),
            ));
        }
    };
    let node = resolve(graph, &args.node)?;
    let report = dossier::build(
        graph,
        node,
        args.as_of.map(AsOf::new),
        reggraph::query::today(),
        revision,
    )
    .map_err(query_failure)?;
    let drawn = draw(&report, args.timeout);
    let engine = drawn.as_ref().map(|r| match (r.engine, r.layout) {
        (Engine::Graphviz, Some(layout)) => format!("Graphviz ({} layout)", layout.name()),
        (Engine::Graphviz, None) => "Graphviz".to_string(),
        (Engine::Embedded, _) => "the embedded engine (layout-rs)".to_string(),
    });
    let picture = match (&drawn, &engine) {
        (Some(rendered), Some(engine)) => Some(html::Picture {
            svg: String::from_utf8_lossy(&rendered.bytes).into_owned(),
            engine: engine.clone(),
        }),
        _ => None,
    };
    let mut written = vec![args.output.display().to_string()];
    match kind {
        Kind::Html => {
            let text = html::write(&report, picture.as_ref());
            reggraph::load::write::write_atomically(&args.output, text.as_bytes())
                .map_err(|e| write_failure(&args.output, e))?;
        }
        Kind::Markdown => {
            let svg_path = args.output.with_extension("svg");
            let name = match &picture {
                Some(picture) => {
                    reggraph::load::write::write_atomically(&svg_path, picture.svg.as_bytes())
                        .map_err(|e| write_failure(&svg_path, e))?;
                    written.push(svg_path.display().to_string());
                    svg_path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                }
                None => None,
            };
            let text = markdown::write(&report, name.as_deref());
            reggraph::load::write::write_atomically(&args.output, text.as_bytes())
                .map_err(|e| write_failure(&args.output, e))?;
        }
    }
    writeln!(
        out,
        "wrote {}: dossier of {} ({} relations, {} sources, {}), diagram {}",
        written.join(" and "),
        report.name,
        report.outgoing.len() + report.incoming.len(),
        report.sources.len(),
        report.as_of,
        match &engine {
            Some(engine) => format!("drawn by {engine}"),
            None => "not drawn".to_string(),
        }
    )
    .map_err(io_failure)
}

/// The diagram as SVG: by Graphviz when it is installed, by the embedded
/// engine when Graphviz is not or fails; none (with a note) when neither
/// can.
fn draw(report: &dossier::Dossier, timeout: usize) -> Option<Rendered> {
    let timeout = std::time::Duration::from_secs(timeout as u64);
    match report.draw(timeout) {
        Ok(rendered) => return Some(rendered),
        Err(e) => status_line(
            Stream::Stderr,
            format_args!("note: the diagram could not be drawn: {e}; trying the embedded engine"),
        ),
    }
    let options = render::Options {
        format: render::Format::Svg,
        layout: None,
        engine: Some(Engine::Embedded),
        timeout,
        interrupt: None,
    };
    match render::render(&report.diagram, &options) {
        Ok(rendered) => Some(rendered),
        Err(e) => {
            status_line(
                Stream::Stderr,
                format_args!("note: the report has no diagram: {e}"),
            );
            None
        }
    }
}

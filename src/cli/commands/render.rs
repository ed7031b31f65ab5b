//! `render`: the diagram drawn by Graphviz or the embedded engine, written
//! atomically.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;

use crate::cli::args::{EngineArg, LayoutArg, RenderArgs};
use crate::cli::{Failure, io_failure, write_failure};

/// `render`: draw the diagram and write the picture atomically.
pub fn run(out: &mut dyn Write, graph: &KnowledgeGraph, args: &RenderArgs) -> Result<(), Failure> {
    use reggraph::export::render::{self, Engine, Format, Layout, RenderError};
    let Some(format) = Format::from_path(&args.output) else {
        return Err(Failure::usage(
            format!(
                "cannot tell the picture format of `{}`",
                args.output.display()
            ),
            Some("end the file name in .svg, .png or .pdf".into()),
        ));
    };
    let mut diagram = super::export::diagram(graph, &args.diagram)?;
    if args.dpi.is_some() && format != Format::Png {
        return Err(Failure::usage(
            "--dpi applies only to PNG pictures",
            Some(format!(
                "SVG and PDF are drawn at any size; leave out --dpi, or write .png instead of .{}",
                format.name()
            )),
        ));
    }
    diagram.dpi = args.dpi;
    diagram.max_size = args.size.map(|s| (s.width, s.height));
    let facts = diagram.timeline.as_ref().map(|chart| chart.facts);
    if diagram.nodes.is_empty() && facts.unwrap_or(0) == 0 {
        return Err(Failure::data(
            "the selection is empty: nothing to draw",
            Some("loosen --kind, --edge-kind and the date filters".into()),
        ));
    }
    if diagram.nodes.len() > render::READABLE_LIMIT && !args.force {
        return Err(Failure::data(
            format!(
                "{} nodes are too many for a readable picture (the limit is {})",
                diagram.nodes.len(),
                render::READABLE_LIMIT
            ),
            Some(
                "narrow the selection with --around ID --depth N, --kind or --edge-kind, \
                 or pass --force to draw it anyway"
                    .into(),
            ),
        ));
    }
    let options = render::Options {
        format,
        layout: args.layout.map(|l| match l {
            LayoutArg::Dot => Layout::Dot,
            LayoutArg::Neato => Layout::Neato,
            LayoutArg::Sfdp => Layout::Sfdp,
            LayoutArg::Circo => Layout::Circo,
        }),
        engine: args.engine.map(|e| match e {
            EngineArg::Graphviz => Engine::Graphviz,
            EngineArg::Embedded => Engine::Embedded,
        }),
        timeout: std::time::Duration::from_secs(args.timeout as u64),
    };
    let rendered = render::render(&diagram, &options).map_err(|e| {
        let help = match &e {
            RenderError::NeedsGraphviz(_) => Some(
                "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: \
                 `brew install graphviz`), or write .svg, which the embedded engine draws"
                    .to_string(),
            ),
            RenderError::Timeout { .. } => Some(
                "narrow the selection (--around ID --depth N, --kind), try --layout sfdp, \
                 or raise --timeout"
                    .to_string(),
            ),
            RenderError::EmbeddedLayout { .. } => {
                Some("drop --layout, or install Graphviz for other layouts".to_string())
            }
            _ => None,
        };
        Failure::data(e.to_string(), help)
    })?;
    if !rendered.warnings.trim().is_empty() {
        eprintln!("Graphviz said:\n{}", rendered.warnings.trim_end());
    }
    reggraph::load::write::write_atomically(&args.output, &rendered.bytes)
        .map_err(|e| write_failure(&args.output, e))?;
    let engine = match (rendered.engine, rendered.layout) {
        (Engine::Graphviz, Some(layout)) => format!("Graphviz ({} layout)", layout.name()),
        (Engine::Graphviz, None) => "Graphviz".to_string(),
        (Engine::Embedded, _) => "the embedded engine (layout-rs)".to_string(),
    };
    let what = match facts {
        Some(facts) => format!(
            "a timeline of {facts} fact{}",
            if facts == 1 { "" } else { "s" }
        ),
        None => format!(
            "{} nodes, {} edges",
            diagram.nodes.iter().filter(|n| n.style.is_some()).count(),
            diagram.edges.iter().filter(|e| e.style.is_some()).count()
        ),
    };
    writeln!(
        out,
        "wrote {}: {what}, drawn by {engine}",
        args.output.display(),
    )
    .map_err(io_failure)
}

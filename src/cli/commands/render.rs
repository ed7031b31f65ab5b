//! `render`: the diagram drawn by Graphviz or the embedded engine, written
//! to `-o` (atomically for a file; see `reggraph::output`).

use std::io::Write;

use reggraph::graph::KnowledgeGraph;

use crate::cli::args::{EngineArg, LayoutArg, PictureFormatArg, RenderArgs};
use crate::cli::{Destination, Failure, Stream, status_line, write_output};

/// `render`: draw the diagram and write the picture.
pub fn run(out: &mut dyn Write, graph: &KnowledgeGraph, args: &RenderArgs) -> Result<(), Failure> {
    use reggraph::export::render::{self, Engine, Format, Layout, RenderError};
    let named = Format::from_path(&args.output);
    let chosen = args.picture_format.map(|f| match f {
        PictureFormatArg::Svg => Format::Svg,
        PictureFormatArg::Png => Format::Png,
        PictureFormatArg::Pdf => Format::Pdf,
    });
    let format = match (chosen, named) {
        (Some(chosen), Some(named)) if chosen != named => {
            return Err(Failure::usage(
                format!(
                    "--picture-format {} does not match the name `{}`",
                    chosen.name(),
                    args.output.display()
                ),
                Some(format!(
                    "leave out --picture-format, or end the file name in .{}",
                    chosen.name()
                )),
            ));
        }
        (Some(format), _) | (None, Some(format)) => format,
        (None, None) => {
            return Err(Failure::usage(
                format!(
                    "cannot tell the picture format of `{}`",
                    args.output.display()
                ),
                Some(
                    "end the file name in .svg, .png or .pdf, or pass --picture-format \
                     svg|png|pdf (for -o -, a device or a pipe)"
                        .into(),
                ),
            ));
        }
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
    if diagram.nodes.is_empty() {
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
        status_line(
            Stream::Stderr,
            format_args!("Graphviz said:\n{}", rendered.warnings.trim_end()),
        );
    }
    let destination = write_output(out, &args.output, &rendered.bytes, format.name())?;
    let engine = match (rendered.engine, rendered.layout) {
        (Engine::Graphviz, Some(layout)) => format!("Graphviz ({} layout)", layout.name()),
        (Engine::Graphviz, None) => "Graphviz".to_string(),
        (Engine::Embedded, _) => "the embedded engine (layout-rs)".to_string(),
    };
    // On stdout, after the picture, unless the picture is on stdout.
    let (stream, written) = match destination {
        Destination::Named => (Stream::Stdout, args.output.display().to_string()),
        Destination::Stdout => (Stream::Stderr, "the picture to standard output".to_string()),
    };
    status_line(
        stream,
        format_args!(
            "wrote {written}: {} nodes, {} edges, drawn by {engine}",
            diagram.nodes.iter().filter(|n| n.style.is_some()).count(),
            diagram.edges.iter().filter(|e| e.style.is_some()).count()
        ),
    );
    Ok(())
}

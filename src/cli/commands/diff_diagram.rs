//! `export dot --diff BEFORE [AFTER]` and `render --diff BEFORE [AFTER]`:
//! what changed between two revisions or folders, drawn. The sides are
//! read as `diff` reads them (and refused as it refuses them); the diagram
//! is written as any other diagram is.

use std::io::{self, Write};

use reggraph::export::{ClusterBy, Diagram, changes};

use crate::cli::args::{ClusterArg, Command, DiagramArgs, ExportCommand, OrientationArg};
use crate::cli::{Cli, Failure, Stream, io_failure, status_line};

/// Whether the command line asks for a diagram of changes.
pub fn wanted(command: &Command) -> bool {
    let args = match command {
        Command::Export(ExportCommand::Dot(args) | ExportCommand::Mermaid(args)) => &args.diagram,
        Command::Render(args) => &args.diagram,
        _ => return false,
    };
    args.diff.is_some()
}

/// Runs `export dot --diff` or `render --diff` (the command [`wanted`]
/// said yes to).
pub fn run(cli: &Cli, format: crate::cli::args::QueryFormat) -> Result<(), Failure> {
    if format == crate::cli::args::QueryFormat::Json {
        return Err(Failure::usage(
            "--format json does not apply to diagrams",
            Some("`reggraph diff --format json BEFORE AFTER` gives the changes as JSON".into()),
        ));
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    match &cli.command {
        Command::Export(ExportCommand::Dot(args)) => {
            let diagram = diagram(cli, &args.diagram)?;
            super::export::write_dot(&mut out, &diagram, args)?;
        }
        Command::Render(args) => {
            super::render::draw(&mut out, args, || diagram(cli, &args.diagram))?;
        }
        _ => {
            return Err(Failure::usage(
                "--diff applies to `export dot` and `render`, not to `export mermaid`",
                Some(
                    "draw the changes with `reggraph render --diff BEFORE AFTER -o FILE.svg` \
                     and embed the picture"
                        .into(),
                ),
            ));
        }
    }
    out.flush().map_err(io_failure)
}

/// The diagram of what changed between the two sides `--diff` names.
fn diagram(cli: &Cli, args: &DiagramArgs) -> Result<Diagram, Failure> {
    let names = args.diff.as_deref().unwrap_or_default();
    let before = names.first().map(String::as_str).unwrap_or("HEAD");
    let (before, after) = super::diff::sides(cli, before, names.get(1).map(String::as_str))?;
    let differences = reggraph::diff::diff(&before, &after);
    let summary = super::diff::summary(&differences);
    let title = args.title.clone().unwrap_or_else(|| {
        let mut title = format!("Changes from {} to {}", before.label, after.label);
        if !summary.is_empty() {
            title.push_str(&format!("\n{summary}"));
        }
        title
    });
    let cluster_by = args.cluster_by.map(|c| match c {
        ClusterArg::Kind => ClusterBy::Kind,
        ClusterArg::Jurisdiction => ClusterBy::Jurisdiction,
    });
    let mut diagram = changes::of_diff(&after.checked.parts, &differences, title, cluster_by);
    if diagram.nodes.is_empty() {
        let text = if differences.is_empty() {
            "No differences".to_string()
        } else {
            format!("No node, edge or milestone changed\n({summary})")
        };
        status_line(
            Stream::Stderr,
            format_args!(
                "note: {} from {} to {}: the diagram says so",
                reggraph::diagnostic::one_line(&text.to_lowercase().replace('\n', " ")),
                reggraph::diagnostic::one_line(&before.label),
                reggraph::diagnostic::one_line(&after.label)
            ),
        );
        diagram = changes::notice(diagram.title, &text);
    }
    diagram.legend = diagram.legend && !args.no_legend;
    diagram.left_to_right = args.orientation == OrientationArg::Lr;
    Ok(diagram)
}

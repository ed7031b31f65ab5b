//! `frames`: one selection at successive as-of dates, laid out once, one
//! picture per date.

use std::collections::BTreeSet;
use std::io::Write;
use std::time::Duration;

use reggraph::export::frames::{self, MAX_FRAMES};
use reggraph::export::render::{self, Format, RenderError};
use reggraph::export::{self, ClusterBy};
use reggraph::graph::KnowledgeGraph;
use reggraph::model::PartialDate;
use reggraph::query::{SelectionSpec, Subgraph};

use crate::cli::args::{ClusterArg, FramesArgs, OrientationArg, PictureArg};
use crate::cli::{Failure, Stream, io_failure, status_line, write_failure};

pub fn run(out: &mut dyn Write, graph: &KnowledgeGraph, args: &FramesArgs) -> Result<(), Failure> {
    let (since, until) = (args.since.first_day(), args.until.last_day());
    if since > until {
        return Err(Failure::usage(
            format!(
                "--since {} is after --until {}: no frame",
                args.since, args.until
            ),
            Some(format!(
                "swap them: --since {} --until {}",
                args.until, args.since
            )),
        ));
    }
    let Some(dates) = frames::dates(since, until, args.every) else {
        return Err(Failure::usage(
            format!("that would be more than {MAX_FRAMES} frames"),
            Some("take a longer --every, or a shorter --since..--until".into()),
        ));
    };
    let Some(program) = render::graphviz() else {
        return Err(Failure::data(
            "frames need Graphviz, which is not installed (no `dot` on PATH): the embedded engine cannot keep nodes in place",
            Some(
                "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`)"
                    .into(),
            ),
        ));
    };
    // Each frame's selection; the union of what they show is laid out once.
    let mut shown: Vec<(PartialDate, Subgraph)> = Vec::new();
    let mut first_selection = None;
    for date in &dates {
        let day = PartialDate::day(date.year(), date.month() as u8, date.day() as u8)
            .expect("a calendar day");
        let spec = SelectionSpec {
            around: args.around.clone(),
            depth: args.depth,
            direction: args.direction.into(),
            node_kinds: args.kinds.node_kinds.clone(),
            edge_kinds: args.kinds.edge_kinds.clone(),
            exclude_node_kinds: args.kinds.exclude_node_kinds.clone(),
            exclude_edge_kinds: args.kinds.exclude_edge_kinds.clone(),
            as_of: Some(day),
            ..SelectionSpec::default()
        };
        let selection = crate::cli::select(&spec, graph)?;
        shown.push((day, selection.apply(graph)));
        first_selection.get_or_insert(selection);
    }
    let selection = first_selection.expect("at least the first date");
    let union = Subgraph {
        nodes: shown
            .iter()
            .flat_map(|(_, s)| s.nodes.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        edges: shown
            .iter()
            .flat_map(|(_, s)| s.edges.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    };
    if union.nodes.is_empty() {
        return Err(Failure::data(
            "nothing in the selection existed on any of the frames' dates",
            Some("widen --since..--until, or loosen --kind and --edge-kind".into()),
        ));
    }
    let base_title = args.title.clone().unwrap_or_else(|| {
        let mut timeless = selection.clone();
        timeless.as_of = None;
        export::title::of_selection(graph, &timeless)
    });
    let cluster_by = args.cluster_by.map(|c| match c {
        ClusterArg::Kind => ClusterBy::Kind,
        ClusterArg::Jurisdiction => ClusterBy::Jurisdiction,
    });
    let mut diagram = export::of_subgraph(
        graph,
        &union,
        selection.around,
        cluster_by,
        base_title.clone(),
    );
    diagram.legend = !args.no_legend;
    diagram.left_to_right = args.orientation == OrientationArg::Lr;
    let (format, extension) = match args.picture {
        PictureArg::Svg => (Format::Svg, "svg"),
        PictureArg::Png => (Format::Png, "png"),
        PictureArg::Pdf => (Format::Pdf, "pdf"),
    };
    // Graphviz is stopped with reggraph (SIGINT, SIGTERM, SIGHUP), as in
    // `render`.
    let options = render::Options {
        format,
        layout: None,
        engine: Some(render::Engine::Graphviz),
        timeout: Duration::from_secs(args.timeout as u64),
        interrupt: Some(super::render::watch_signals()),
    };
    let graphviz_failure = |e: RenderError| {
        if let RenderError::Interrupted { signal } = e {
            return super::render::interrupted_failure(signal);
        }
        let help = matches!(e, RenderError::Timeout { .. }).then(|| {
            "narrow the selection (--around ID --depth N, --kind, --exclude-kind), or raise --timeout"
                .to_string()
        });
        Failure::data(e.to_string(), help)
    };
    status_line(
        Stream::Stderr,
        format_args!(
            "laying out {} nodes and {} edges once for {} frames",
            union.nodes.len(),
            union.edges.len(),
            dates.len()
        ),
    );
    let positioned = frames::lay_out(&diagram, &program, &options).map_err(graphviz_failure)?;
    let size = render::Size {
        nodes: union.nodes.len(),
        edges: union.edges.len(),
    };
    let data_nodes: BTreeSet<String> = diagram.nodes.iter().map(|n| n.id.clone()).collect();
    std::fs::create_dir_all(&args.output).map_err(|e| write_failure(&args.output, e))?;
    for (number, (day, subgraph)) in shown.iter().enumerate() {
        let nodes: BTreeSet<String> = subgraph
            .nodes
            .iter()
            .map(|&n| graph.node(n).id.clone())
            .collect();
        let present: BTreeSet<_> = subgraph.edges.iter().collect();
        let edges: BTreeSet<usize> = union
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| present.contains(e))
            .map(|(place, _)| place)
            .collect();
        let title = format!("{base_title}, as of {day}");
        let text = frames::frame(&positioned, &data_nodes, &nodes, &edges, &title);
        let bytes = frames::draw(&text, &program, &options, size).map_err(graphviz_failure)?;
        let path = args
            .output
            .join(format!("frame-{:03}-{day}.{extension}", number + 1));
        reggraph::load::write::write_atomically(&path, &bytes)
            .map_err(|e| write_failure(&path, e))?;
        status_line(
            Stream::Stderr,
            format_args!(
                "frame {}/{}: {day}, {} nodes, {} edges",
                number + 1,
                shown.len(),
                nodes.len(),
                edges.len()
            ),
        );
    }
    writeln!(
        out,
        "wrote {} frames to {}, {} to {} every {}",
        shown.len(),
        args.output.display(),
        shown
            .first()
            .map(|(d, _)| d.to_string())
            .unwrap_or_default(),
        shown.last().map(|(d, _)| d.to_string()).unwrap_or_default(),
        step_words(args.every)
    )
    .map_err(io_failure)?;
    Ok(())
}

fn step_words(step: frames::Step) -> String {
    use frames::Step;
    let (n, unit) = match step {
        Step::Days(n) => (n, "day"),
        Step::Weeks(n) => (n, "week"),
        Step::Months(n) => (n, "month"),
        Step::Years(n) => (n, "year"),
    };
    if n == 1 {
        unit.to_string()
    } else {
        format!("{n} {unit}s")
    }
}

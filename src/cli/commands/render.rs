//! `render`: the diagram drawn by Graphviz or the embedded engine, written
//! to `-o` (atomically for a file; see `reggraph::output`).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use reggraph::graph::KnowledgeGraph;

use crate::cli::args::{EngineArg, LayoutArg, PictureFormatArg, RenderArgs};
use crate::cli::{Destination, Failure, Stream, status_line, write_output};

/// `render`: draw the diagram and write the picture.
pub fn run(out: &mut dyn Write, graph: &KnowledgeGraph, args: &RenderArgs) -> Result<(), Failure> {
    draw(out, args, || super::export::diagram(graph, &args.diagram))
}

/// Draws the diagram `make` makes (once the picture's format is known to
/// be one) and writes the picture.
pub(crate) fn draw(
    out: &mut dyn Write,
    args: &RenderArgs,
    make: impl FnOnce() -> Result<reggraph::export::Diagram, Failure>,
) -> Result<(), Failure> {
    use reggraph::export::render::{self, Engine, Format, Layout};
    // A folder is refused as such, before its name is asked for a format.
    if args.output.is_dir() {
        return Err(Failure::data(
            format!("cannot write `{}`: it is a folder", args.output.display()),
            Some(format!(
                "name a file inside it: -o {}",
                args.output.join("diagram.svg").display()
            )),
        ));
    }
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
    let mut diagram = make()?;
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
            Some(format!(
                "narrow the selection ({NARROW}), or pass --force to draw it anyway \
                 (Graphviz's sfdp draws 2,000 nodes in about 10 s)"
            )),
        ));
    }
    let mut options = render::Options {
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
        interrupt: None,
    };
    // Only while Graphviz runs: the embedded engine has nothing to stop,
    // and a signal keeps its default action (the process ends) there.
    if options.engine() == Engine::Graphviz {
        options.interrupt = Some(watch_signals());
    }
    let rendered = render::render(&diagram, &options).map_err(|e| render_failure(e, args));
    unwatch_signals();
    let rendered = rendered?;
    if let Some(signal) = interrupted(&options) {
        return Err(interrupted_failure(signal));
    }
    if !rendered.warnings.trim().is_empty() {
        let shown: Vec<String> = rendered
            .warnings
            .trim_end()
            .lines()
            .map(|line| reggraph::diagnostic::one_line(line).into_owned())
            .collect();
        status_line(
            Stream::Stderr,
            format_args!("Graphviz said:\n{}", shown.join("\n")),
        );
    }
    if rendered.warnings_cut > 0 {
        status_line(
            Stream::Stderr,
            format_args!(
                "(and {} more bytes of warnings, not shown)",
                rendered.warnings_cut
            ),
        );
    }
    let destination = write_output(out, &args.output, &rendered.bytes, format.name())?;
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
    // On stdout, after the picture, unless the picture is on stdout.
    let (stream, written) = match destination {
        Destination::Named => (Stream::Stdout, args.output.display().to_string()),
        Destination::Stdout => (Stream::Stderr, "the picture to standard output".to_string()),
    };
    status_line(
        stream,
        format_args!("wrote {written}: {what}, drawn by {engine}"),
    );
    Ok(())
}

/// The selection flags that make a picture smaller, for help texts.
const NARROW: &str = "--around ID --depth N, --kind, --edge-kind or --exclude-kind";

/// The handlers [`watch_signals`] installed, until [`unwatch_signals`],
/// and the flag that, once set, makes the signals end reggraph again.
static WATCHING: std::sync::Mutex<Vec<signal_hook::SigId>> = std::sync::Mutex::new(Vec::new());
static DEFAULT_AGAIN: std::sync::OnceLock<Arc<std::sync::atomic::AtomicBool>> =
    std::sync::OnceLock::new();

/// The signals that stop a render, and the number of the one received.
/// Handlers stay while Graphviz runs; [`unwatch_signals`] gives the
/// signals their default action back before anything is written, so that
/// a write that waits (a FIFO nobody reads yet) can still be stopped.
pub(crate) fn watch_signals() -> reggraph::export::graphviz::Interrupt {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let received = Arc::new(AtomicUsize::new(0));
    let mut watching = WATCHING.lock().unwrap_or_else(|e| e.into_inner());
    let default_again = DEFAULT_AGAIN.get_or_init(Default::default);
    default_again.store(false, Ordering::SeqCst);
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        // Removing a handler does not give a signal its default action
        // back (signal-hook keeps its own); this does, once set.
        let _ = signal_hook::flag::register_conditional_default(signal, Arc::clone(default_again));
        // A handler that cannot be installed leaves that signal's default
        // action, which ends reggraph without stopping Graphviz: the best
        // there is then.
        if let Ok(id) =
            signal_hook::flag::register_usize(signal, Arc::clone(&received), signal as usize)
        {
            watching.push(id);
        }
    }
    received
}

/// Removes the handlers of [`watch_signals`]: the signals end reggraph
/// again.
pub(crate) fn unwatch_signals() {
    let mut watching = WATCHING.lock().unwrap_or_else(|e| e.into_inner());
    for id in watching.drain(..) {
        signal_hook::low_level::unregister(id);
    }
    if let Some(default_again) = DEFAULT_AGAIN.get() {
        default_again.store(true, Ordering::SeqCst);
    }
}

fn interrupted(options: &reggraph::export::render::Options) -> Option<i32> {
    let signal = options.interrupt.as_ref()?.load(Ordering::SeqCst);
    (signal != 0).then_some(signal as i32)
}

/// Stopped by a signal: nothing written, and the exit code a shell gives a
/// process the signal ended (130 for SIGINT, 143 for SIGTERM).
pub(crate) fn interrupted_failure(signal: i32) -> Failure {
    let name = reggraph::export::graphviz::signal_name(signal).unwrap_or("a signal");
    Failure {
        message: format!("interrupted by {name}: Graphviz was stopped and nothing was written"),
        help: None,
        exit_code: 128u8.saturating_add(signal as u8),
    }
}

/// A render that failed, with the flag or step that gets past it.
fn render_failure(error: reggraph::export::render::RenderError, args: &RenderArgs) -> Failure {
    use reggraph::export::render::{Layout, RenderError};
    let unchanged = if args.output.exists() {
        format!("`{}` was left as it was", args.output.display())
    } else {
        "nothing was written".to_string()
    };
    let layouts = |failed: Layout, nodes: usize, edges: usize| -> String {
        let others = failed.others_that_fit(nodes, edges);
        if others.is_empty() {
            return String::new();
        }
        let names: Vec<String> = others
            .iter()
            .map(|l| format!("--layout {}", l.name()))
            .collect();
        format!("try {}, ", names.join(" or "))
    };
    let help = match &error {
        RenderError::Interrupted { signal } => return interrupted_failure(*signal),
        RenderError::NeedsGraphviz(_) => Some(
            "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: \
             `brew install graphviz`), or write .svg, which the embedded engine draws"
                .to_string(),
        ),
        RenderError::Timeout {
            layout,
            nodes,
            edges,
            ..
        } => Some(format!(
            "{}narrow the selection ({NARROW}), or raise --timeout",
            layouts(*layout, *nodes, *edges)
        )),
        RenderError::Crashed {
            layout,
            nodes,
            edges,
            ..
        } => Some(format!(
            "{unchanged}; this is a Graphviz bug: {}or narrow the selection ({NARROW})",
            layouts(*layout, *nodes, *edges)
        )),
        RenderError::Failed { layout, .. } => Some(format!(
            "{unchanged}; `reggraph export dot` with the same selection, piped to \
             `dot -K{} -T{}`, shows all Graphviz says",
            layout.name(),
            options_format(args)
        )),
        RenderError::NotAPicture { .. } | RenderError::OutputHeld { .. } => Some(format!(
            "{unchanged}; is the `dot` on PATH Graphviz's? (`dot -V` says), \
             or draw .svg with --engine embedded"
        )),
        RenderError::TooMuchOutput { .. } => {
            Some(format!("{unchanged}; narrow the selection ({NARROW})"))
        }
        RenderError::EmbeddedLayout { .. } => {
            Some("drop --layout, or install Graphviz for other layouts".to_string())
        }
        RenderError::Io(_) => None,
    };
    Failure::data(error.to_string(), help)
}

/// The format `-o` names (already known to be one).
fn options_format(args: &RenderArgs) -> &'static str {
    reggraph::export::render::Format::from_path(&args.output).map_or("svg", |f| f.name())
}

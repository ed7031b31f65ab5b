//! Drawing a diagram to SVG, PNG or PDF: with the system Graphviz when
//! `dot` is on PATH, otherwise (or on request) with the embedded engine,
//! which writes SVG only.
//!
//! Graphviz runs contained ([`graphviz`]): in a process group of its own,
//! killed whole at the time limit or on an interruption, its output read
//! with byte limits. graphviz-rust's `exec` waits without a limit, so the
//! process is started there with the DOT text graphviz-rust printed. What it
//! printed is a picture only if it starts like one: a `dot` that prints
//! nothing or garbage is an error here, before anything is written.
//!
//! The layout is chosen by size, from measurements (README, Diagrams):
//! `dot` only while it is fast, `sfdp` with straight edges beyond (routing
//! splines around nodes took minutes at 500 nodes and crashed Graphviz 2.43
//! at 200).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::diagram::Diagram;
use super::graphviz::{self, Interrupt, Stderr, Stopped};
use super::{dot, embedded};

/// The picture formats `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
    Pdf,
    /// DOT with the layout's positions (`-Tdot`), which `frames` reuses.
    Dot,
}

impl Format {
    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Dot => "dot",
        }
    }

    /// Whether `bytes` start like a picture of this format: for SVG `<?xml`
    /// or `<svg` after an optional byte-order mark and white space, for PNG
    /// its eight-byte signature, for PDF `%PDF-`.
    ///
    /// ```
    /// use reggraph::export::render::Format;
    /// assert!(Format::Svg.starts(b"\xef\xbb\xbf\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    /// assert!(!Format::Svg.starts(b""));
    /// assert!(!Format::Pdf.starts(b"<svg/>"));
    /// ```
    pub fn starts(self, bytes: &[u8]) -> bool {
        match self {
            Format::Svg => {
                let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                let text = text.trim_ascii_start();
                text.starts_with(b"<?xml") || text.starts_with(b"<svg")
            }
            Format::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            Format::Pdf => bytes.starts_with(b"%PDF-"),
            Format::Dot => {
                let text = bytes.trim_ascii_start();
                text.starts_with(b"digraph") || text.starts_with(b"graph")
            }
        }
    }
}

/// Graphviz layout programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Dot,
    Neato,
    Sfdp,
    Circo,
    /// Every node where the diagram placed it (`neato -n2`): a timeline.
    Pinned,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Pinned => "neato",
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Sfdp => "sfdp",
            Layout::Circo => "circo",
        }
    }

    /// `dot` for small diagrams (layered, readable labels), `sfdp` for the
    /// rest: `dot`'s time grows with the edges (generated data, 5 edges a
    /// node: 40 nodes 0.6 s, 50 nodes 6 s, 100 nodes 98 s).
    pub fn for_size(nodes: usize, edges: usize) -> Layout {
        if Layout::Dot.fits(nodes, edges) {
            Layout::Dot
        } else {
            Layout::Sfdp
        }
    }

    /// Whether this layout draws a diagram of this size in a few seconds,
    /// as measured (README, Diagrams): `dot` up to [`DOT_LIMIT`] nodes and
    /// [`DOT_EDGE_LIMIT`] edges, `neato` up to [`NEATO_LIMIT`] nodes, `sfdp`
    /// at any size; `circo` is not counted on.
    pub fn fits(self, nodes: usize, edges: usize) -> bool {
        match self {
            Layout::Dot => nodes <= DOT_LIMIT && edges <= DOT_EDGE_LIMIT,
            Layout::Neato => nodes <= NEATO_LIMIT,
            Layout::Sfdp => true,
            Layout::Circo | Layout::Pinned => false,
        }
    }

    /// The layouts other than this one that fit a diagram of this size, to
    /// suggest when this one failed (none for a timeline, which is always
    /// pinned).
    pub fn others_that_fit(self, nodes: usize, edges: usize) -> Vec<Layout> {
        if self == Layout::Pinned {
            return Vec::new();
        }
        [Layout::Sfdp, Layout::Dot, Layout::Neato]
            .into_iter()
            .filter(|&l| l != self && l.fits(nodes, edges))
            .collect()
    }

    /// The attributes given to Graphviz on its command line with this
    /// layout. Beside `dot`, nodes are spread apart rather than drawn over
    /// each other, and edges are straight: `splines=true` (edges routed
    /// around nodes) took over 60 s at 521 nodes and crashed Graphviz 2.43
    /// at 200.
    pub fn arguments(self) -> &'static [&'static str] {
        match self {
            Layout::Dot => &[],
            Layout::Pinned => &["-n2"],
            _ => &["-Goverlap=false", "-Gsplines=line"],
        }
    }
}

/// Which engine drew a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Graphviz,
    Embedded,
}

/// Up to this many nodes (and [`DOT_EDGE_LIMIT`] edges) the automatic
/// layout is `dot`; beyond, `sfdp`.
pub const DOT_LIMIT: usize = 150;
/// Up to this many edges (and [`DOT_LIMIT`] nodes) the automatic layout is
/// `dot`.
pub const DOT_EDGE_LIMIT: usize = 200;
/// Up to this many nodes `neato` is suggested when another layout failed
/// (3.3 s at 500 nodes).
pub const NEATO_LIMIT: usize = 1000;
/// Above this many nodes a picture is not readable: `render` refuses
/// unless forced, and suggests narrowing the selection.
pub const READABLE_LIMIT: usize = 500;

#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// `None`: chosen by size.
    pub layout: Option<Layout>,
    /// `None`: Graphviz when `dot` is on PATH, else embedded.
    pub engine: Option<Engine>,
    pub timeout: Duration,
    /// Set by the caller when it is asked to stop (a signal): Graphviz is
    /// then stopped and the render fails with [`RenderError::Interrupted`].
    pub interrupt: Option<Interrupt>,
}

impl Options {
    /// The engine that will draw: the one asked for, else Graphviz when
    /// `dot` is on PATH, else the embedded engine.
    pub fn engine(&self) -> Engine {
        match (self.engine, graphviz()) {
            (Some(engine), _) => engine,
            (None, Some(_)) => Engine::Graphviz,
            (None, None) => Engine::Embedded,
        }
    }
}

/// A drawn picture.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub engine: Engine,
    /// The Graphviz layout used (none for the embedded engine).
    pub layout: Option<Layout>,
    /// What Graphviz printed on stderr (warnings), if anything: its first
    /// [`graphviz::STDERR_LIMIT`] bytes, read lossily.
    pub warnings: String,
    /// How many bytes of warnings were cut after those.
    pub warnings_cut: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{} output needs Graphviz, which is not installed (no `dot` on PATH)", .0.name().to_uppercase())]
    NeedsGraphviz(Format),
    #[error("the embedded engine has no {layout} layout; it draws layered diagrams like `dot`")]
    EmbeddedLayout { layout: &'static str },
    #[error("Graphviz `{}` did not finish within {seconds} s on {nodes} nodes", .layout.name())]
    Timeout {
        layout: Layout,
        seconds: u64,
        nodes: usize,
        edges: usize,
    },
    #[error("Graphviz `{}` was killed by signal {signal} ({name}){said}", .layout.name())]
    Crashed {
        layout: Layout,
        signal: i32,
        name: &'static str,
        nodes: usize,
        edges: usize,
        /// Graphviz's stderr, quoted (see [`quote`]), or " and said nothing".
        said: String,
    },
    #[error("Graphviz `{}` failed with exit code {code}{said}", .layout.name())]
    Failed {
        layout: Layout,
        code: i32,
        said: String,
    },
    #[error("Graphviz `{}` exited successfully but printed {found}, not a picture in {}{said}", .layout.name(), .format.name().to_uppercase())]
    NotAPicture {
        layout: Layout,
        format: Format,
        /// What it printed instead: "nothing", "12 bytes starting `hello`".
        found: String,
        said: String,
    },
    #[error("Graphviz `{}` printed more than {} MB, more than any picture, and was stopped{said}", .layout.name(), graphviz::STDOUT_LIMIT >> 20)]
    TooMuchOutput { layout: Layout, said: String },
    #[error("Graphviz `{}` exited, but a process it started kept its output open", .layout.name())]
    OutputHeld { layout: Layout },
    #[error("interrupted by {}: Graphviz was stopped", graphviz::signal_name(*.signal).unwrap_or("a signal"))]
    Interrupted { signal: i32 },
    #[error("cannot run Graphviz: {0}")]
    Io(#[from] std::io::Error),
}

/// The `dot` program on PATH, if any.
pub fn graphviz() -> Option<PathBuf> {
    which::which("dot").ok()
}

/// Draws `diagram` as `options` ask.
pub fn render(diagram: &Diagram, options: &Options) -> Result<Rendered, RenderError> {
    let engine = options.engine();
    match engine {
        Engine::Embedded => {
            if options.format != Format::Svg {
                return Err(RenderError::NeedsGraphviz(options.format));
            }
            if let Some(layout) = options.layout.filter(|l| *l != Layout::Dot) {
                return Err(RenderError::EmbeddedLayout {
                    layout: layout.name(),
                });
            }
            Ok(Rendered {
                bytes: embedded::svg(diagram).into_bytes(),
                engine,
                layout: None,
                warnings: String::new(),
                warnings_cut: 0,
            })
        }
        Engine::Graphviz => {
            let program = graphviz().ok_or(RenderError::NeedsGraphviz(options.format))?;
            let (nodes, edges) = (diagram.nodes.len(), diagram.edges.len());
            let layout = match &diagram.timeline {
                Some(_) => Layout::Pinned,
                None => options
                    .layout
                    .unwrap_or_else(|| Layout::for_size(nodes, edges)),
            };
            let size = Size { nodes, edges };
            let (bytes, stderr) =
                run_graphviz(&program, &dot::to_dot(diagram), layout, options, size)?;
            Ok(Rendered {
                bytes,
                engine,
                layout: Some(layout),
                warnings: stderr.text(),
                warnings_cut: stderr.cut,
            })
        }
    }
}

/// The size of the diagram being drawn, for messages.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub nodes: usize,
    pub edges: usize,
}

/// Runs Graphviz on `dot_text` contained (see [`graphviz::run`]) and
/// returns the picture and its warnings, once it is sure the bytes are a
/// picture of the format asked for.
pub fn run_graphviz(
    program: &Path,
    dot_text: &str,
    layout: Layout,
    options: &Options,
    size: Size,
) -> Result<(Vec<u8>, Stderr), RenderError> {
    let mut args = vec![
        format!("-K{}", layout.name()),
        format!("-T{}", options.format.name()),
    ];
    args.extend(layout.arguments().iter().map(|a| a.to_string()));
    let finished = graphviz::run(&graphviz::Run {
        program,
        args,
        input: dot_text.as_bytes(),
        timeout: options.timeout,
        interrupt: options.interrupt.clone(),
    })
    .map_err(|stopped| match stopped {
        Stopped::Timeout => RenderError::Timeout {
            layout,
            seconds: options.timeout.as_secs(),
            nodes: size.nodes,
            edges: size.edges,
        },
        Stopped::TooMuchOutput { stderr } => RenderError::TooMuchOutput {
            layout,
            said: quote(&stderr),
        },
        Stopped::Interrupted { signal } => RenderError::Interrupted { signal },
        Stopped::OutputHeld => RenderError::OutputHeld { layout },
        Stopped::Io(e) => RenderError::Io(e),
    })?;
    let said = quote(&finished.stderr);
    let said_or_nothing = if said.is_empty() {
        " and said nothing".to_string()
    } else {
        said.clone()
    };
    if let Some(signal) = finished.signal() {
        return Err(RenderError::Crashed {
            layout,
            signal,
            name: graphviz::signal_name(signal).unwrap_or("unknown signal"),
            nodes: size.nodes,
            edges: size.edges,
            said: said_or_nothing,
        });
    }
    if !finished.status.success() {
        return Err(RenderError::Failed {
            layout,
            code: finished.status.code().unwrap_or(-1),
            said: said_or_nothing,
        });
    }
    if !options.format.starts(&finished.stdout) {
        return Err(RenderError::NotAPicture {
            layout,
            format: options.format,
            found: describe_bytes(&finished.stdout),
            said,
        });
    }
    Ok((finished.stdout, finished.stderr))
}

/// How many lines of Graphviz's stderr an error quotes, and how much of
/// each.
const QUOTED_LINES: usize = 5;
const QUOTED_LINE_CHARS: usize = 200;

/// Graphviz's stderr as an error quotes it: nothing when it is blank, else
/// `"; it said:"` and its first few non-blank lines, each
/// on its own indented line, cut and made printable, with what was left
/// out counted.
pub fn quote(stderr: &Stderr) -> String {
    let text = stderr.text();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut quoted = String::from("; it said:");
    for line in lines.iter().take(QUOTED_LINES) {
        quoted.push_str("\n  ");
        let cut: String = line.chars().take(QUOTED_LINE_CHARS).collect();
        quoted.push_str(&crate::diagnostic::one_line(&cut));
        if cut.len() < line.len() {
            quoted.push_str(" …");
        }
    }
    let more = lines.len().saturating_sub(QUOTED_LINES);
    match (more, stderr.cut) {
        (0, 0) => {}
        (0, cut) => quoted.push_str(&format!("\n  (then {cut} more bytes not kept)")),
        (more, 0) => quoted.push_str(&format!("\n  (and {more} more lines)")),
        (more, cut) => quoted.push_str(&format!(
            "\n  (and {more} more lines, then {cut} more bytes not kept)"
        )),
    }
    quoted
}

/// What bytes that are not a picture are, for a message: `nothing`, or
/// `12 bytes starting `hello``.
fn describe_bytes(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "nothing".to_string();
    }
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(24)]);
    format!(
        "{} bytes starting `{}`",
        bytes.len(),
        crate::diagnostic::one_line(&start)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stderr(text: &str, cut: u64) -> Stderr {
        Stderr {
            kept: text.as_bytes().to_vec(),
            cut,
        }
    }

    #[test]
    fn pictures_are_told_by_their_first_bytes() {
        assert!(Format::Svg.starts(b"<?xml version=\"1.0\"?>"));
        assert!(Format::Svg.starts(b" \n\t<svg>"));
        assert!(Format::Svg.starts(b"\xef\xbb\xbf<svg>"));
        assert!(!Format::Svg.starts(b"hello <svg>"));
        assert!(!Format::Svg.starts(b"\xef\xbb\xbf"));
        assert!(Format::Png.starts(b"\x89PNG\r\n\x1a\n\0\0"));
        assert!(!Format::Png.starts(b"\x89PNG"));
        assert!(Format::Pdf.starts(b"%PDF-1.5\n"));
        assert!(!Format::Pdf.starts(b"%PD"));
        assert_eq!(describe_bytes(b""), "nothing");
        assert_eq!(describe_bytes(b"hello\n"), "6 bytes starting `hello\\n`");
    }

    #[test]
    fn stderr_is_quoted_in_a_few_printable_lines() {
        assert_eq!(quote(&stderr("", 0)), "");
        assert_eq!(quote(&stderr(" \n", 0)), "");
        assert_eq!(
            quote(&stderr("w\n", 99)),
            "; it said:\n  w\n  (then 99 more bytes not kept)"
        );
        assert_eq!(
            quote(&stderr("Error: bad\n\nsecond\u{1b}[2J\n", 0)),
            "; it said:\n  Error: bad\n  second\\u{1b}[2J"
        );
        let many: String = (0..8).map(|i| format!("line {i}\n")).collect();
        assert!(
            quote(&stderr(&many, 10))
                .ends_with("\n  line 4\n  (and 3 more lines, then 10 more bytes not kept)")
        );
        let long = "x".repeat(300);
        assert_eq!(
            quote(&stderr(&long, 0)),
            format!("; it said:\n  {} …", "x".repeat(200))
        );
    }

    #[test]
    fn dot_only_while_it_is_fast() {
        assert_eq!(Layout::for_size(17, 19), Layout::Dot);
        assert_eq!(Layout::for_size(150, 200), Layout::Dot);
        assert_eq!(Layout::for_size(50, 250), Layout::Sfdp);
        assert_eq!(Layout::for_size(151, 160), Layout::Sfdp);
        assert_eq!(Layout::Sfdp.others_that_fit(200, 1000), vec![Layout::Neato]);
        assert_eq!(
            Layout::Dot.others_that_fit(20, 30),
            vec![Layout::Sfdp, Layout::Neato]
        );
        assert!(Layout::Sfdp.others_that_fit(2000, 10000).is_empty());
    }
}

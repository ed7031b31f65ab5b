//! Drawing a diagram to SVG, PNG or PDF: with the system Graphviz when
//! `dot` is on PATH, otherwise (or on request) with the embedded engine,
//! which writes SVG only.
//!
//! Graphviz runs as a child process with a time limit and is killed when it
//! exceeds it: its `dot` layout with edge labels takes tens of seconds at a
//! few hundred nodes. graphviz-rust's `exec` waits without a limit, so the
//! process is started here with the DOT text graphviz-rust printed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use super::diagram::Diagram;
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

    /// `dot` for small diagrams (layered, readable labels), `sfdp` beyond
    /// [`DOT_LIMIT`] nodes, where `dot` takes minutes.
    pub fn for_size(nodes: usize) -> Layout {
        if nodes <= DOT_LIMIT {
            Layout::Dot
        } else {
            Layout::Sfdp
        }
    }
}

/// Which engine drew a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Graphviz,
    Embedded,
}

/// Above this many nodes the automatic layout is `sfdp`, not `dot`.
pub const DOT_LIMIT: usize = 150;
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
}

/// A drawn picture.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub engine: Engine,
    /// The Graphviz layout used (none for the embedded engine).
    pub layout: Option<Layout>,
    /// What Graphviz printed on stderr (warnings), if anything.
    pub warnings: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{} output needs Graphviz, which is not installed (no `dot` on PATH)", .0.name().to_uppercase())]
    NeedsGraphviz(Format),
    #[error("the embedded engine has no {layout} layout; it draws layered diagrams like `dot`")]
    EmbeddedLayout { layout: &'static str },
    #[error("Graphviz `{layout}` did not finish within {seconds} s on {nodes} nodes")]
    Timeout {
        layout: &'static str,
        seconds: u64,
        nodes: usize,
    },
    #[error("Graphviz `{layout}` failed: {message}")]
    Graphviz {
        layout: &'static str,
        message: String,
    },
    #[error("cannot run Graphviz: {0}")]
    Io(#[from] std::io::Error),
}

/// The `dot` program on PATH, if any.
pub fn graphviz() -> Option<PathBuf> {
    which::which("dot").ok()
}

/// Draws `diagram` as `options` ask.
pub fn render(diagram: &Diagram, options: &Options) -> Result<Rendered, RenderError> {
    let dot_program = graphviz();
    let engine = match (options.engine, &dot_program) {
        (Some(engine), _) => engine,
        (None, Some(_)) => Engine::Graphviz,
        (None, None) => Engine::Embedded,
    };
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
            })
        }
        Engine::Graphviz => {
            let program = dot_program.ok_or(RenderError::NeedsGraphviz(options.format))?;
            let layout = match &diagram.timeline {
                Some(_) => Layout::Pinned,
                None => options
                    .layout
                    .unwrap_or_else(|| Layout::for_size(diagram.nodes.len())),
            };
            let (bytes, warnings) = run_graphviz(
                &program,
                &dot::to_dot(diagram),
                layout,
                options.format,
                options.timeout,
                diagram.nodes.len(),
            )?;
            Ok(Rendered {
                bytes,
                engine,
                layout: Some(layout),
                warnings,
            })
        }
    }
}

/// Runs Graphviz on `dot_text`, killing it after `timeout`.
pub fn run_graphviz(
    program: &Path,
    dot_text: &str,
    layout: Layout,
    format: Format,
    timeout: Duration,
    nodes: usize,
) -> Result<(Vec<u8>, String), RenderError> {
    let mut command = Command::new(program);
    command
        .arg(format!("-K{}", layout.name()))
        .arg(format!("-T{}", format.name()));
    if layout == Layout::Pinned {
        command.arg("-n2");
    } else if layout != Layout::Dot {
        // Spread nodes apart instead of drawing them on top of each other.
        command.arg("-Goverlap=false").arg("-Gsplines=true");
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Feed stdin and drain stdout and stderr on their own threads, so a
    // large picture cannot fill a pipe and stall both processes.
    let mut stdin = child.stdin.take().expect("piped");
    let input = dot_text.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let mut stderr = child.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).map(|_| text)
    });
    let status = match child.wait_timeout(timeout)? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RenderError::Timeout {
                layout: layout.name(),
                seconds: timeout.as_secs(),
                nodes,
            });
        }
    };
    let _ = writer.join();
    let bytes = reader.join().expect("reader thread")?;
    let warnings = errors.join().expect("stderr thread")?;
    if !status.success() {
        return Err(RenderError::Graphviz {
            layout: layout.name(),
            message: warnings.trim().to_string(),
        });
    }
    Ok((bytes, warnings))
}

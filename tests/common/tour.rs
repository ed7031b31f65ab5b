//! What README.md's tour and the diagrams under docs/ show, and how it is
//! made: from the frozen editorial dataset, never from the live
//! graph-data/, with a fixed today. Shared by the tests that find them
//! stale (tests/readme.rs, tests/diagrams.rs) and the command that
//! regenerates them (examples/regenerate.rs), so that the two cannot
//! disagree about what "fresh" means.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The June 2023 editorial dataset, frozen: a copy of graph-data/ that the
/// tour, the diagrams and the tests asserting exact answers read, so that
/// new facts in graph-data/ change none of them.
pub const EDITORIAL: &str = "tests/fixtures/editorial-2023-06";

/// The day every spawned command takes for today (`$REGGRAPH_TODAY`), so
/// that no output depends on the day it was made.
pub const TODAY: &str = "2026-11-30";

/// The one command that rewrites README's outputs and redraws the pictures.
pub const REGENERATE: &str = "cargo run --example regenerate";

/// A diagram committed under docs/ as `<stem>.dot` and `<stem>.svg`.
pub struct Diagram {
    pub stem: &'static str,
    /// The selection, as `export dot` and `render` take it.
    pub args: &'static [&'static str],
}

pub const DIAGRAMS: &[Diagram] = &[
    Diagram {
        stem: "mistral-ai-2-hops",
        args: &["--around", "mistral-ai", "--depth", "2"],
    },
    Diagram {
        stem: "june-2023-timeline",
        args: &[
            "--timeline",
            "--since",
            "2023-06-01",
            "--until",
            "2023-06-30",
        ],
    },
];

/// The dossier README shows: `dossier mistral-ai` on the frozen dataset,
/// committed as `docs/<stem>.md` with its diagram `docs/<stem>.svg`, and
/// the first A4 page of its HTML as `docs/<stem>.png`.
pub const DOSSIER_STEM: &str = "dossier-mistral-ai";
pub const DOSSIER_ID: &str = "mistral-ai";

/// Chromium, headless, at A4 width (794x1123 px, 96 dpi): a screenshot of
/// the page `html` into `png`.
pub fn screenshot(html: &Path, png: &Path) -> Result<(), String> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| which::which(name).ok())
        .ok_or("Chromium is not installed (Debian: `apt-get install chromium`)")?;
    let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--window-size=794,1123",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .map_err(|e| format!("chromium: {e}"))?;
    if !output.status.success() || !png.exists() {
        return Err(format!(
            "chromium took no screenshot: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

/// A dossier written by [`Runner::dossier`], in its temporary folder.
pub struct Dossier {
    pub folder: tempfile::TempDir,
    /// `<folder>/<stem>.md`, `.svg` beside it, and `.html`.
    pub markdown: PathBuf,
    pub svg: PathBuf,
    pub html: PathBuf,
}

/// Runs the `reggraph` binary as the tour and the diagrams are made: from
/// `root` (so that paths in the output are the ones a reader types), with
/// [`TODAY`], no colours, and snapshots in a temporary folder.
pub struct Runner {
    pub binary: PathBuf,
    pub root: PathBuf,
}

impl Runner {
    pub fn new(binary: impl Into<PathBuf>, root: impl Into<PathBuf>) -> Runner {
        Runner {
            binary: binary.into(),
            root: root.into(),
        }
    }

    /// The command, with `$REGGRAPH_DATA` set to `data` or, without it,
    /// removed.
    pub fn command<S: AsRef<std::ffi::OsStr>>(&self, args: &[S], data: Option<&str>) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .current_dir(&self.root)
            .env("REGGRAPH_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env_remove("REGGRAPH_DATA")
            .args(args);
        if let Some(data) = data {
            command.env("REGGRAPH_DATA", data);
        }
        command
    }

    /// What the command prints, stdout then stderr, whatever its exit code.
    pub fn output<S: AsRef<std::ffi::OsStr>>(
        &self,
        args: &[S],
        data: Option<&str>,
    ) -> Result<String, String> {
        // A snapshot folder per run, as the tests' runs have: no answer
        // comes from another run's snapshot.
        let cache = tempfile::tempdir().map_err(|e| format!("a temporary folder: {e}"))?;
        let output = self
            .command(args, data)
            .env("REGGRAPH_CACHE_DIR", cache.path())
            .output()
            .map_err(|e| format!("{}: {e}", self.binary.display()))?;
        Ok(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }

    /// README.md as it should be: every output in its console blocks
    /// replaced by what its command prints now.
    pub fn readme(&self, text: &str) -> Result<Readme, String> {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut out = String::with_capacity(text.len());
        let mut stale = Vec::new();
        let mut commands = 0;
        let mut done = 0;
        for step in steps(text)? {
            for line in &lines[done..step.output.start] {
                out.push_str(line);
            }
            let shown: String = lines[step.output.clone()].concat();
            let printed = match &step.action {
                Action::Export => String::new(),
                Action::Run { args } => {
                    commands += 1;
                    self.output(args, Some(EDITORIAL))?
                }
            };
            let printed = printed.trim_end();
            if let Some(bad) = printed
                .lines()
                .find(|l| l.starts_with("```") || l.starts_with("$ "))
            {
                return Err(format!(
                    "README.md:{}: `{}` prints a line README cannot show in its block: {bad:?}",
                    step.line, step.text
                ));
            }
            let mut fresh = String::new();
            if !printed.is_empty() {
                fresh.push_str(printed);
                fresh.push('\n');
                if step.another_follows {
                    fresh.push('\n');
                }
            }
            if fresh != shown {
                stale.push(format!(
                    "README.md:{}: `{}` now prints:\n{printed}\n",
                    step.line, step.text
                ));
            }
            out.push_str(&fresh);
            done = step.output.end;
        }
        for line in &lines[done..] {
            out.push_str(line);
        }
        Ok(Readme {
            text: out,
            commands,
            stale,
        })
    }

    /// `export dot` of a diagram on the frozen dataset.
    pub fn dot(&self, diagram: &Diagram) -> Result<String, String> {
        let mut args = vec!["--data", EDITORIAL, "export", "dot"];
        args.extend_from_slice(diagram.args);
        let output = self
            .command(&args, None)
            .output()
            .map_err(|e| format!("{}: {e}", self.binary.display()))?;
        if !output.status.success() {
            return Err(format!(
                "`reggraph {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        String::from_utf8(output.stdout).map_err(|e| e.to_string())
    }

    /// The README's dossier, as Markdown (with its SVG) and as HTML, in a
    /// temporary folder, from a copy of the frozen dataset there: outside
    /// git, its revision is the data's fingerprint, the same in every
    /// checkout and commit.
    pub fn dossier(&self) -> Result<Dossier, String> {
        let folder = tempfile::tempdir().map_err(|e| e.to_string())?;
        let data = folder.path().join("data");
        std::fs::create_dir(&data).map_err(|e| e.to_string())?;
        let frozen = self.root.join(EDITORIAL);
        for entry in std::fs::read_dir(&frozen).map_err(|e| format!("{}: {e}", frozen.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_some_and(|e| e == "ron") {
                std::fs::copy(&path, data.join(path.file_name().unwrap()))
                    .map_err(|e| e.to_string())?;
            }
        }
        let markdown = folder.path().join(format!("{DOSSIER_STEM}.md"));
        let html = folder.path().join(format!("{DOSSIER_STEM}.html"));
        for out in [&markdown, &html] {
            let args: Vec<&std::ffi::OsStr> = vec![
                "--data".as_ref(),
                data.as_os_str(),
                "dossier".as_ref(),
                DOSSIER_ID.as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
            ];
            let output = self
                .command(&args, None)
                .env("REGGRAPH_CACHE_DIR", folder.path().join("cache"))
                .output()
                .map_err(|e| format!("{}: {e}", self.binary.display()))?;
            if !output.status.success() {
                return Err(format!(
                    "`reggraph dossier` failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
        }
        Ok(Dossier {
            svg: markdown.with_extension("svg"),
            folder,
            markdown,
            html,
        })
    }

    /// Why `<root>/docs/<stem>.{md,svg,png}` no longer show the frozen
    /// dataset's dossier, if they do not: the Markdown must be byte for
    /// byte what `dossier` writes; the SVG and the screenshot (which depend
    /// on the Graphviz and Chromium that drew them) must be there, the
    /// screenshot a PNG of A4 width.
    pub fn stale_dossier(&self) -> Result<Option<String>, String> {
        let fix = format!("run `{REGENERATE}` and commit the result");
        let fresh = self.dossier()?;
        let fresh = std::fs::read(&fresh.markdown).map_err(|e| e.to_string())?;
        let docs = self.root.join("docs");
        match std::fs::read(docs.join(format!("{DOSSIER_STEM}.md"))) {
            Ok(committed) if committed == fresh => {}
            Ok(_) => return Ok(Some(format!("docs/{DOSSIER_STEM}.md is stale: {fix}"))),
            Err(e) => return Ok(Some(format!("docs/{DOSSIER_STEM}.md: {e}: {fix}"))),
        }
        if let Err(e) = std::fs::read(docs.join(format!("{DOSSIER_STEM}.svg"))) {
            return Ok(Some(format!("docs/{DOSSIER_STEM}.svg: {e}: {fix}")));
        }
        match std::fs::read(docs.join(format!("{DOSSIER_STEM}.png"))) {
            Ok(png)
                if png.len() > 24
                    && png.starts_with(b"\x89PNG\r\n\x1a\n")
                    && png[16..20] == 794u32.to_be_bytes() => {}
            Ok(_) => {
                return Ok(Some(format!(
                    "docs/{DOSSIER_STEM}.png is not an A4-wide PNG: {fix}"
                )));
            }
            Err(e) => return Ok(Some(format!("docs/{DOSSIER_STEM}.png: {e}: {fix}"))),
        }
        Ok(None)
    }

    /// Why `<root>/docs/<stem>.{dot,svg}` no longer show the frozen
    /// dataset, if they do not: the DOT must be byte for byte what `export
    /// dot` prints, and the SVG must draw its nodes (the SVG itself depends
    /// on the Graphviz version that drew it, or on the embedded engine).
    pub fn stale_diagram(&self, diagram: &Diagram) -> Result<Option<String>, String> {
        let stem = diagram.stem;
        let fix = format!("run `{REGENERATE}` and commit the result");
        let fresh = self.dot(diagram)?;
        let read =
            |ext: &str| std::fs::read_to_string(self.root.join(format!("docs/{stem}.{ext}")));
        match read("dot") {
            Ok(committed) if committed == fresh => {}
            Ok(_) => return Ok(Some(format!("docs/{stem}.dot is stale: {fix}"))),
            Err(e) => return Ok(Some(format!("docs/{stem}.dot: {e}: {fix}"))),
        }
        let svg = match read("svg") {
            Ok(svg) => svg,
            Err(e) => return Ok(Some(format!("docs/{stem}.svg: {e}: {fix}"))),
        };
        let ids = node_ids(&fresh);
        if ids.len() <= 5 {
            return Err(format!(
                "docs/{stem}: the selection has only {} nodes",
                ids.len()
            ));
        }
        for id in &ids {
            let graphviz = format!("<title>{}</title>", id.replace('-', "&#45;"));
            let embedded = format!("id=\"node-{id}\"");
            if !(svg.contains(&graphviz) || svg.contains(&embedded) || id.starts_with('_')) {
                return Ok(Some(format!("docs/{stem}.svg lacks node {id}: {fix}")));
            }
        }
        // Data nodes only: a timeline's marks and words are `_`-named nodes,
        // some of them invisible, which Graphviz does not write.
        let data_nodes = ids.iter().filter(|id| !id.starts_with('_')).count();
        let drawn_data_nodes = svg
            .split("class=\"node\">")
            .skip(1)
            .filter(|rest| !rest.trim_start().starts_with("<title>_"))
            .count();
        if svg.contains("Generated by graphviz") && drawn_data_nodes != data_nodes {
            return Ok(Some(format!(
                "docs/{stem}.svg has a different number of nodes than the data gives: {fix}"
            )));
        }
        Ok(None)
    }
}

/// README.md regenerated.
pub struct Readme {
    /// The whole text, outputs replaced.
    pub text: String,
    /// How many `reggraph` commands it ran.
    pub commands: usize,
    /// One message per output that changed.
    pub stale: Vec<String>,
}

/// What the tour exports before its first command, in this order: the
/// frozen dataset, and the day the tests take for today. The values are
/// fixed: they are what the outputs were made with.
pub const ENVIRONMENT: &[(&str, &str)] = &[("REGGRAPH_DATA", EDITORIAL), ("REGGRAPH_TODAY", TODAY)];

/// The `$ export` lines that set [`ENVIRONMENT`].
pub fn exports() -> String {
    ENVIRONMENT
        .iter()
        .map(|(name, value)| format!("$ export {name}={value}\n"))
        .collect()
}

enum Action {
    /// `$ export NAME=VALUE...`
    Export,
    /// `$ reggraph ARGS`, run with [`ENVIRONMENT`].
    Run { args: Vec<String> },
}

/// One `$ ` line of a console block and the lines that show its output.
struct Step {
    /// Its line in README.md, from 1.
    line: usize,
    /// The command as written, without `$ `.
    text: String,
    action: Action,
    /// The indexes of the lines after it, up to the next `$ ` line or the
    /// end of the block.
    output: std::ops::Range<usize>,
    /// Whether the next line after those is another `$ ` line (the output
    /// is then followed by a blank line).
    another_follows: bool,
}

/// The `$ ` lines of README's ```console blocks. The tour is a shell
/// session: it exports [`ENVIRONMENT`] before its first command (so that a
/// reader who does the same sees what it shows), names no other data
/// folder than fixtures, and runs nothing but `reggraph`.
fn steps(text: &str) -> Result<Vec<Step>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut steps: Vec<Step> = Vec::new();
    let mut exported: Vec<&str> = Vec::new();
    let mut in_console = false;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("```console") {
            in_console = true;
            continue;
        }
        if line.starts_with("```") {
            in_console = false;
            continue;
        }
        let Some(command) = line.strip_prefix("$ ").filter(|_| in_console) else {
            continue;
        };
        let at = format!("README.md:{}", i + 1);
        let words = shell_words::split(command)
            .map_err(|e| format!("{at}: `{command}` is not valid shell: {e}"))?;
        let action = match words.first().map(String::as_str) {
            Some("export") if words.len() > 1 => {
                for assignment in &words[1..] {
                    let wanted = ENVIRONMENT.iter().find(|(name, value)| {
                        assignment
                            .split_once('=')
                            .is_some_and(|(n, v)| n == *name && v == *value)
                    });
                    let Some((name, _)) = wanted else {
                        return Err(format!(
                            "{at}: the tour's outputs were made with exactly\n{}not `{command}`",
                            exports()
                        ));
                    };
                    exported.push(name);
                }
                Action::Export
            }
            Some("reggraph") => {
                let args = words[1..].to_vec();
                if let Some(live) = args
                    .iter()
                    .find(|a| *a == "graph-data" || a.starts_with("graph-data/"))
                {
                    return Err(format!(
                        "{at}: `{command}` reads the live {live}, whose answers change as facts are added: \
                         run it on {EDITORIAL} (the tour's $REGGRAPH_DATA) or on a fixture"
                    ));
                }
                if ENVIRONMENT.iter().any(|(name, _)| !exported.contains(name)) {
                    return Err(format!(
                        "{at}: `{command}` would run on the live graph-data/ and the real today: \
                         put these lines in a console block before it\n{}",
                        exports()
                    ));
                }
                Action::Run { args }
            }
            _ => {
                return Err(format!(
                    "{at}: a console block of the tour runs `reggraph` or `export`, not `{command}` \
                     (show other commands in a ```sh block)"
                ));
            }
        };
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].starts_with("$ ") || lines[j].starts_with("```"))
            .unwrap_or(lines.len());
        steps.push(Step {
            line: i + 1,
            text: command.to_string(),
            action,
            output: i + 1..end,
            another_follows: lines.get(end).is_some_and(|l| l.starts_with("$ ")),
        });
    }
    Ok(steps)
}

/// The node ids a DOT text declares with attributes.
pub fn node_ids(dot: &str) -> Vec<String> {
    dot.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line.strip_prefix('"')?;
            let (id, after) = rest.split_once('"')?;
            after.starts_with('[').then(|| id.to_string())
        })
        .collect()
}

/// Writes `text` to `path` if it differs from what is there, through a
/// temporary file in the same folder renamed over it (a reader never sees
/// half a file). Whether it wrote.
pub fn write_if_changed(path: &Path, text: &[u8]) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    std::io::Write::write_all(&mut file, text)?;
    // The temporary file is private to its owner: give the result the
    // permissions of the file it replaces, or a new file's usual ones.
    match std::fs::metadata(path) {
        Ok(old) => file.as_file().set_permissions(old.permissions())?,
        #[cfg(unix)]
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            file.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        #[cfg(not(unix))]
        Err(_) => {}
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(true)
}

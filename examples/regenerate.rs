//! Regenerates what README.md and docs/ show: the output under every
//! `$ reggraph ...` line of README's console blocks, rewritten in place, and
//! the diagrams docs/*.dot and docs/*.svg, redrawn, and the dossier of
//! Mistral AI (docs/dossier-mistral-ai.md, its .svg, and a screenshot of
//! its HTML's first A4 page taken by headless Chromium, .png). All of it comes from the
//! frozen editorial dataset (tests/fixtures/editorial-2023-06), with today
//! fixed as the tests fix it, so that tests/readme.rs and tests/diagrams.rs
//! find it fresh. A file whose content would not change is not written: on
//! a fresh checkout this changes nothing.
//!
//! The SVGs are drawn by Graphviz when `dot` is on PATH (as the committed
//! ones are), else by the embedded engine.
//!
//! Run: `cargo run --example regenerate [-- ROOT]` (ROOT: the repository,
//! by default the one this was built from). It builds the `reggraph` binary
//! it runs, or runs `$REGGRAPH_BIN` when that is set.

#[path = "../tests/common/tour.rs"]
mod tour;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tour::{DIAGRAMS, EDITORIAL, Runner};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let binary = match std::env::var_os("REGGRAPH_BIN") {
        Some(binary) => PathBuf::from(binary),
        None => build()?,
    };
    let runner = Runner::new(binary, &root);

    let path = root.join("README.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let readme = runner.readme(&text)?;
    report(
        "README.md",
        tour::write_if_changed(&path, readme.text.as_bytes())?,
    );

    let docs = root.join("docs");
    for diagram in DIAGRAMS {
        let dot = runner.dot(diagram)?;
        let name = format!("{}.dot", diagram.stem);
        report(
            &format!("docs/{name}"),
            tour::write_if_changed(&docs.join(&name), dot.as_bytes())?,
        );
        // Drawn into a temporary folder first, so that an unchanged
        // picture is left as it is.
        let scratch = tempfile::tempdir_in(&docs)?;
        let name = format!("{}.svg", diagram.stem);
        let drawn = scratch.path().join(&name);
        let mut args: Vec<&OsStr> = vec!["--data".as_ref(), EDITORIAL.as_ref(), "render".as_ref()];
        args.extend(diagram.args.iter().map(OsStr::new));
        args.extend(["-o".as_ref(), drawn.as_os_str()]);
        let output = runner.command(&args, None).output()?;
        if !output.status.success() {
            return Err(format!(
                "`reggraph render` failed for docs/{name}: {}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        report(
            &format!("docs/{name}"),
            tour::write_if_changed(&docs.join(&name), &std::fs::read(&drawn)?)?,
        );
    }

    // The dossier: its Markdown says whether it changed; its SVG and the
    // screenshot of its HTML (whose bytes depend on the Graphviz and the
    // Chromium that drew them) are redrawn only then, or when missing.
    let dossier = runner.dossier()?;
    let stem = tour::DOSSIER_STEM;
    let changed = tour::write_if_changed(
        &docs.join(format!("{stem}.md")),
        &std::fs::read(&dossier.markdown)?,
    )?;
    report(&format!("docs/{stem}.md"), changed);
    let svg = docs.join(format!("{stem}.svg"));
    let redraw = changed || !svg.exists();
    if redraw {
        tour::write_if_changed(&svg, &std::fs::read(&dossier.svg)?)?;
    }
    report(&format!("docs/{stem}.svg"), redraw);
    let png = docs.join(format!("{stem}.png"));
    let retake = changed || !png.exists();
    if retake {
        let shot = dossier.folder.path().join("shot.png");
        tour::screenshot(&dossier.html, &shot)?;
        tour::write_if_changed(&png, &std::fs::read(&shot)?)?;
    }
    report(&format!("docs/{stem}.png"), retake);
    Ok(())
}

fn report(name: &str, written: bool) {
    if written {
        println!("rewrote {name}");
    } else {
        println!("{name} is up to date");
    }
}

/// Builds the `reggraph` binary with the profile this example was built
/// with (`cargo run --example` builds examples, not the binary), and says
/// where it is.
fn build() -> Result<PathBuf, Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?;
    // <target>/<profile>/examples/regenerate
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .and_then(|p| p.to_str())
        .ok_or("cannot tell the profile this example was built with")?;
    let profile = if profile == "debug" { "dev" } else { profile };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "build",
            "--quiet",
            "--bin",
            "reggraph",
            "--profile",
            profile,
        ])
        .args(["--message-format", "json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        return Err("building reggraph failed".into());
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|message| {
            message["reason"] == "compiler-artifact"
                && message["target"]["name"] == "reggraph"
                && message["target"]["kind"][0] == "bin"
        })
        .and_then(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo did not say where it built reggraph".into())
}

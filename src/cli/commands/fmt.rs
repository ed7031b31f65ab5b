//! `fmt [--check] [PATH...]`: lay out data files, or with `--check` say
//! which would change and how, changing nothing.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::{BufferedStandardStream, WriteColor};

use reggraph::diagnostic::render_text;
use reggraph::fmt::files::{Refusal, examine};
use reggraph::load::{data_files, write_atomically};

use crate::cli::args::{Cli, FmtArgs, Format};
use crate::cli::{Failure, color, io_failure, write_failure};

/// How many lines of diff `--check` shows per file.
const DIFF_LINES: usize = 24;

pub fn run(cli: &Cli, args: &FmtArgs) -> Result<u8, Failure> {
    if cli.format == Format::Json {
        return Err(Failure::usage(
            "--format json does not apply to fmt",
            Some("leave out --format; `fmt --check` exits 1 when a file would change".into()),
        ));
    }
    let files = files(cli, args)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = BufferedStandardStream::stderr(color(cli, std::io::stderr().is_terminal()));
    let (mut changed, mut refused, mut already) = (0usize, 0usize, 0usize);
    // Files are laid out on every core, a few at a time (each holds its
    // old and new text until it is written), and reported in order.
    let batch = rayon::current_num_threads() * 2;
    let examined = files.chunks(batch).flat_map(|chunk| {
        use rayon::prelude::*;
        let done: Vec<_> = chunk
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let result = examine(&name, path);
                (path, name, result)
            })
            .collect();
        done
    });
    for (path, name, result) in examined {
        let (old, new) = match result {
            Ok(texts) => texts,
            Err(refusal) => {
                refused += 1;
                // What went before on stdout comes first.
                out.flush().map_err(io_failure)?;
                let closing = format!("not formatted: {}", shown(&name));
                print_refusal(&mut err, &name, refusal, &closing).map_err(io_failure)?;
                continue;
            }
        };
        if old == new {
            already += 1;
            continue;
        }
        if args.check {
            changed += 1;
            writeln!(out, "would reformat {}", shown(&name)).map_err(io_failure)?;
            diff(&mut out, &name, &old, &new).map_err(io_failure)?;
        } else {
            // Through a symbolic link, the file it points to is rewritten
            // and the link kept.
            let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if std::fs::metadata(&target).is_ok_and(|m| m.permissions().readonly()) {
                refused += 1;
                out.flush().map_err(io_failure)?;
                writeln!(
                    err,
                    "error: {} is read-only: not formatted\n  = help: make it writable (chmod u+w) to format it",
                    shown(&name)
                )
                .and_then(|_| err.flush())
                .map_err(io_failure)?;
                continue;
            }
            if let Err(e) = write_atomically(&target, new.as_bytes()) {
                // One file that cannot be written does not stop the others.
                refused += 1;
                let failure = write_failure(path, e);
                out.flush().map_err(io_failure)?;
                writeln!(err, "error: {}", failure.message)
                    .and_then(|_| match &failure.help {
                        Some(help) => writeln!(err, "  = help: {help}"),
                        None => Ok(()),
                    })
                    .and_then(|_| err.flush())
                    .map_err(io_failure)?;
                continue;
            }
            changed += 1;
            writeln!(out, "formatted {}", shown(&name)).map_err(io_failure)?;
        }
    }
    let total = files.len();
    let files_word = |n: usize| if n == 1 { "file" } else { "files" };
    let mut summary = if args.check {
        if changed > 0 {
            format!(
                "{changed} of {total} {} would be reformatted (run `reggraph fmt` to fix)",
                files_word(total)
            )
        } else {
            format!("{already} {} formatted already", files_word(already))
        }
    } else {
        format!(
            "{changed} {} formatted, {already} formatted already",
            files_word(changed)
        )
    };
    if refused > 0 {
        summary.push_str(&format!(
            "; {refused} {} refused (fix the errors above, then run fmt again)",
            files_word(refused)
        ));
    }
    writeln!(out, "{summary}").map_err(io_failure)?;
    out.flush().map_err(io_failure)?;
    Ok(if refused > 0 || (args.check && changed > 0) {
        1
    } else {
        0
    })
}

/// The files to format, in order, each once.
fn files(cli: &Cli, args: &FmtArgs) -> Result<Vec<PathBuf>, Failure> {
    let roots: Vec<&Path> = if args.paths.is_empty() {
        vec![cli.data.as_path()]
    } else {
        args.paths.iter().map(PathBuf::as_path).collect()
    };
    let mut files = Vec::new();
    for root in roots {
        if root.is_dir() {
            let found = data_files(root).map_err(|d| {
                Failure::data(
                    d.message.clone(),
                    d.help
                        .clone()
                        .or(Some("check the folder's permissions".into())),
                )
            })?;
            files.extend(found);
        } else if root.is_file() {
            files.push(root.to_path_buf());
        } else {
            return Err(Failure::data(
                format!("no file or folder `{}`", shown(&root.display().to_string())),
                Some("give data files or folders, or leave PATH out for the data folder".into()),
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|path| seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())));
    Ok(files)
}

/// Why a file was left as it was: the loader's diagnostics, or where
/// fmt could not read it; then `closing`.
pub(crate) fn print_refusal(
    err: &mut dyn WriteColor,
    name: &str,
    refusal: Refusal,
    closing: &str,
) -> std::io::Result<()> {
    match refusal {
        Refusal::Diagnostics(diagnostics, files) => render_text(&diagnostics, &files, err)?,
        Refusal::Unformattable {
            line,
            column,
            message,
            help,
        } => {
            writeln!(
                err,
                "error: cannot format {}: {}",
                shown(name),
                shown(&message)
            )?;
            writeln!(err, "  --> {}:{line}:{column}", shown(name))?;
            writeln!(err, "  = help: {help}")?;
        }
    }
    writeln!(err, "{closing}")?;
    err.reset()?;
    err.flush()
}

/// A unified diff of the change, cut to [`DIFF_LINES`] lines. The diff
/// is given a deadline (past it, `similar` gives a less minimal diff
/// rather than taking time quadratic in the changes), and only the hunks
/// shown are written out.
fn diff(out: &mut dyn Write, name: &str, old: &str, new: &str) -> std::io::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(200);
    let diff = similar::TextDiff::configure()
        .deadline(deadline)
        .diff_lines(old, new);
    writeln!(out, "--- {}", shown(name))?;
    writeln!(out, "+++ {} (formatted)", shown(name))?;
    let mut shown_lines = 2;
    let mut more = 0usize;
    for hunk in diff.unified_diff().context_radius(1).iter_hunks() {
        if shown_lines >= DIFF_LINES {
            more += hunk.iter_changes().count() + 1;
            continue;
        }
        for line in hunk.to_string().lines() {
            if shown_lines < DIFF_LINES {
                writeln!(out, "{}", shown(line))?;
                shown_lines += 1;
            } else {
                more += 1;
            }
        }
    }
    if more > 0 {
        writeln!(
            out,
            "... {more} more lines of diff (run `reggraph fmt {}` to apply it)",
            shown(name)
        )?;
    }
    Ok(())
}

/// Text for the terminal: what of data text may not reach it as it is
/// (control characters, bidirectional overrides) replaced.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    reggraph::diagnostic::one_line(text)
}

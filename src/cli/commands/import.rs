//! `import csv|xlsx FILE... -o DIR`: spreadsheets into data files, each
//! FILE's records at the end of the lists of DIR/<FILE's name>.ron, written
//! only when the whole data folder checks clean with them (as `add`).

use std::io::{IsTerminal, Write};
use std::path::{Component, Path, PathBuf};

use codespan_reporting::term::termcolor::{BufferedStandardStream, Color, ColorSpec, WriteColor};

use reggraph::check::{check_folder, check_folder_with_files};
use reggraph::diagnostic::{Diagnostic, multi_line, render_text};
use reggraph::fmt::files::read;
use reggraph::import::text::{Laid, lay_out};
use reggraph::import::{Columns, Finding, Imported, Sheet, plan, sheet};
use reggraph::load::write_atomically;

use crate::cli::args::{Cli, Format, ImportArgs, SheetFormat};
use crate::cli::{Failure, color, io_failure, write_failure};

pub fn run(cli: &Cli, args: &ImportArgs) -> Result<u8, Failure> {
    if cli.format == Format::Json {
        return Err(Failure::usage(
            "--format json does not apply to import",
            Some("leave out --format; --dry-run says what would be added".into()),
        ));
    }
    let targets = targets(args)?;
    inside_data_folder(&cli.data, &args.output)?;
    let mut err = BufferedStandardStream::stderr(color(cli, std::io::stderr().is_terminal()));

    let columns = match &args.columns {
        None => Columns::kumu(),
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::data(
                    format!("cannot read the header mapping file {name}: {e}"),
                    None,
                )
            })?;
            match Columns::from_mapping(&name, &text) {
                Ok(columns) => columns,
                Err(findings) => {
                    print_findings(&mut err, &findings).map_err(io_failure)?;
                    return Ok(1);
                }
            }
        }
    };
    let mut inputs: Vec<Vec<Sheet>> = Vec::new();
    let mut unread = Vec::new();
    for file in &args.files {
        let name = file.display().to_string();
        let read = match args.sheets {
            SheetFormat::Csv => sheet::read_csv(&name, file).map(|s| vec![s]),
            SheetFormat::Xlsx => sheet::read_workbook(&name, file),
        };
        match read {
            Ok(sheets) => inputs.push(sheets),
            Err(finding) => {
                unread.push(*finding);
                inputs.push(Vec::new());
            }
        }
    }
    if !unread.is_empty() {
        print_findings(&mut err, &unread).map_err(io_failure)?;
        closing(&mut err, "nothing was written").map_err(io_failure)?;
        return Ok(1);
    }

    // The data as it is: clean, or nothing is imported into it.
    let before = check_folder(&cli.data, &|_| {});
    let errors: Vec<Diagnostic> = before
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code != "no-data-files")
        .cloned()
        .collect();
    if !errors.is_empty() {
        render_text(&errors, &before.files, &mut err)
            .and_then(|_| err.reset())
            .and_then(|_| err.flush())
            .map_err(io_failure)?;
        return Err(Failure::data(
            format!("the data has errors ({})", before.summary()),
            Some("fix them first (`reggraph check` lists them), then import again".into()),
        ));
    }
    let imported = plan(&inputs, &columns, &before.dataset());
    print_findings(&mut err, &imported.findings).map_err(io_failure)?;
    if imported.error_count() > 0 {
        closing(
            &mut err,
            &format!(
                "{}; nothing was written",
                count_errors(imported.error_count())
            ),
        )
        .map_err(io_failure)?;
        return Ok(1);
    }

    // Each file's new text, checked with the whole data folder.
    let mut laid: Vec<(&PathBuf, Laid)> = Vec::new();
    for (target, planned) in targets.iter().zip(&imported.files) {
        if planned.is_empty() {
            continue;
        }
        let old = old_text(target)?;
        let new = lay_out(old.as_deref(), planned).map_err(|e| {
            Failure::data(format!("cannot add to `{}`: {e}", target.display()), None)
        })?;
        laid.push((target, new));
    }
    let files: Vec<(&Path, &str)> = laid
        .iter()
        .map(|(path, l)| (path.as_path(), l.text.as_str()))
        .collect();
    if !files.is_empty() {
        let after = check_folder_with_files(&cli.data, &files);
        let mut errors: Vec<Diagnostic> = after
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if !errors.is_empty() {
            for d in &mut errors {
                if let Some(place) = row_of(d, &after.files, &laid) {
                    d.notes.push(format!("this record comes from {place}"));
                }
            }
            render_text(&errors, &after.files, &mut err)
                .and_then(|_| err.reset())
                .map_err(io_failure)?;
            closing(
                &mut err,
                "the data would have these errors with the import: nothing was written",
            )
            .map_err(io_failure)?;
            return Ok(1);
        }
    }

    let mut out = std::io::stdout().lock();
    for (target, new) in &laid {
        if args.dry_run {
            continue;
        }
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).map_err(|e| write_failure(target, e))?;
        }
        let real = std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf());
        if std::fs::metadata(&real).is_ok_and(|m| m.permissions().readonly()) {
            return Err(Failure::data(
                format!(
                    "{} is read-only: nothing more was written",
                    target.display()
                ),
                Some("make it writable (chmod u+w), then import again".into()),
            ));
        }
        write_atomically(&real, new.text.as_bytes()).map_err(|e| write_failure(target, e))?;
    }
    summary(&mut out, args, &targets, &imported).map_err(io_failure)?;
    Ok(0)
}

/// DIR/<stem>.ron for each FILE, refusing a file of the other format and
/// two files of one name.
fn targets(args: &ImportArgs) -> Result<Vec<PathBuf>, Failure> {
    let (own, other): (&[&str], &str) = match args.sheets {
        SheetFormat::Csv => (&["csv", "tsv", "txt"], "xlsx"),
        SheetFormat::Xlsx => (&["xlsx", "xlsm", "xlsb", "xls", "ods"], "csv"),
    };
    let mut targets: Vec<PathBuf> = Vec::new();
    for file in &args.files {
        let extension = file
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !own.contains(&extension.as_str()) {
            let hint = match other {
                "xlsx" if ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&extension.as_str()) => {
                    format!(
                        "it is a workbook: `reggraph import xlsx {}`",
                        file.display()
                    )
                }
                "csv" if ["csv", "tsv", "txt"].contains(&extension.as_str()) => {
                    format!("it is a CSV file: `reggraph import csv {}`", file.display())
                }
                _ => format!("give files ending in {}", own.join(", ")),
            };
            return Err(Failure::usage(
                format!("{} is not a {} file", file.display(), own[0]),
                Some(hint),
            ));
        }
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let target = args.output.join(format!("{stem}.ron"));
        if targets.contains(&target) {
            return Err(Failure::usage(
                format!(
                    "two of the files are named {stem}: both would be written to {}",
                    target.display()
                ),
                Some("import them one at a time into different folders, or rename one".into()),
            ));
        }
        targets.push(target);
    }
    Ok(targets)
}

/// DIR must be in the data folder, or `check` and the queries would not
/// see what was imported. It may not exist yet.
fn inside_data_folder(data: &Path, dir: &Path) -> Result<(), Failure> {
    let Ok(data_real) = std::fs::canonicalize(data) else {
        return Err(Failure::data(
            format!("the data folder {} does not exist", data.display()),
            Some("create it first (mkdir -p), or pass --data DIR".into()),
        ));
    };
    // The deepest part of DIR that exists, through its links, and the rest.
    let mut existing = dir.to_path_buf();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let real = loop {
        if existing.as_os_str().is_empty() {
            existing = PathBuf::from(".");
        }
        if let Ok(real) = std::fs::canonicalize(&existing) {
            break Some(real);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break None,
        }
    };
    let inside = real.is_some_and(|real| {
        real.is_dir()
            && rest.iter().all(|part| {
                Path::new(part)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
            })
            && real.starts_with(&data_real)
    });
    if inside {
        Ok(())
    } else {
        Err(Failure::usage(
            format!(
                "{} is not a folder in the data folder {}",
                dir.display(),
                data.display()
            ),
            Some(format!(
                "write into the data folder, such as -o {}, or --data the folder to import into",
                data.join("imported").display()
            )),
        ))
    }
}

fn old_text(target: &Path) -> Result<Option<String>, Failure> {
    if !target.exists() {
        return Ok(None);
    }
    let name = target.display().to_string();
    let text = read(&name, target).map_err(|_| {
        Failure::data(
            format!("{name} cannot be read as a data file: nothing was written"),
            Some("`reggraph check` says why".into()),
        )
    })?;
    // The loader reads a byte-order mark as three blanks; the file's own
    // is kept.
    let has_bom = std::fs::read(target).is_ok_and(|b| b.starts_with(b"\xef\xbb\xbf"));
    Ok(Some(if has_bom {
        format!("\u{feff}{}", text.get(3..).unwrap_or(""))
    } else {
        text
    }))
}

/// The row a check diagnostic's record comes from, when it is in an
/// added record.
fn row_of(
    d: &Diagnostic,
    files: &reggraph::diagnostic::SourceFiles,
    laid: &[(&PathBuf, Laid)],
) -> Option<String> {
    let label = d.primary.as_ref()?;
    let text = files.text(label.file);
    laid.iter().find_map(|(_, l)| {
        let as_read = match l.text.strip_prefix('\u{feff}') {
            Some(rest) => format!("   {rest}"),
            None => l.text.clone(),
        };
        if as_read != text {
            return None;
        }
        l.records
            .iter()
            .find(|(range, _)| range.contains(&label.span.start))
            .map(|(_, place)| place.to_string())
    })
}

fn count_errors(n: usize) -> String {
    if n == 1 {
        "1 error".into()
    } else {
        format!("{n} errors")
    }
}

fn closing(err: &mut dyn WriteColor, line: &str) -> std::io::Result<()> {
    writeln!(err, "{line}")?;
    err.flush()
}

/// Findings as `check` prints diagnostics: severity and code, the
/// message, the place, then notes and help.
fn print_findings(err: &mut dyn WriteColor, findings: &[Finding]) -> std::io::Result<()> {
    for f in findings {
        let (word, colour) = if f.is_error() {
            ("error", Color::Red)
        } else {
            ("warning", Color::Yellow)
        };
        err.set_color(ColorSpec::new().set_fg(Some(colour)).set_bold(true))?;
        write!(err, "{word}[{}]", f.code)?;
        err.set_color(ColorSpec::new().set_bold(true))?;
        writeln!(err, ": {}", multi_line(&f.message))?;
        err.reset()?;
        writeln!(err, "  --> {}", multi_line(&f.place.to_string()))?;
        for place in &f.also {
            writeln!(err, "  --> {} (also)", multi_line(&place.to_string()))?;
        }
        for note in &f.notes {
            writeln!(err, "  = note: {}", multi_line(note))?;
        }
        if let Some(help) = &f.help {
            writeln!(err, "  = help: {}", multi_line(help))?;
        }
        writeln!(err)?;
    }
    err.flush()
}

fn summary(
    out: &mut dyn Write,
    args: &ImportArgs,
    targets: &[PathBuf],
    imported: &Imported,
) -> std::io::Result<()> {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let verb = if args.dry_run { "would add" } else { "added" };
    for ((file, target), planned) in args.files.iter().zip(targets).zip(&imported.files) {
        if planned.is_empty() {
            writeln!(out, "{}: nothing to add", file.display())?;
            continue;
        }
        let counts: Vec<String> = [
            (planned.nodes.len(), "node"),
            (planned.edges.len(), "edge"),
            (planned.sources.len(), "source"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| plural(n, word))
        .collect();
        writeln!(
            out,
            "{}: {verb} {} to {}",
            file.display(),
            counts.join(", "),
            target.display()
        )?;
    }
    let review = imported.findings.len();
    let mut tail = Vec::new();
    if imported.already > 0 {
        tail.push(format!(
            "{} already in the data",
            plural(imported.already, "row")
        ));
    }
    if review > 0 {
        tail.push(format!("{} to review (above)", plural(review, "warning")));
    }
    if args.dry_run {
        tail.push("dry run: nothing was written".into());
    }
    if !tail.is_empty() {
        writeln!(out, "{}", tail.join("; "))?;
    }
    out.flush()
}

//! `diff BEFORE [AFTER]`: what changed between two revisions or folders,
//! by meaning; and the words for git's errors, which `--at` and `history`
//! share.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use codespan_reporting::term::termcolor::{BufferedStandardStream, WriteColor};

use reggraph::diff::side::Named;
use reggraph::diff::{self, Diff, Entry, RecordKind, Side, SideError, Status};
use reggraph::git::{GitError, Repository};

use crate::cli::args::{DiffArgs, QueryFormat};
use crate::cli::json::DiffReport;
use crate::cli::print::{Visible, json};
use crate::cli::progress::Progress;
use crate::cli::{Cli, Failure, io_failure};

/// Runs `diff`; the exit code (1 with --exit-code when the sides differ).
pub fn run(cli: &Cli, format: QueryFormat, args: &DiffArgs) -> Result<u8, Failure> {
    let (before, after) = sides(cli, &args.before, args.after.as_deref())?;
    let changes = diff::diff(&before, &after);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        QueryFormat::Json => {
            let entries = changes.entries();
            json(
                &mut out,
                &DiffReport::new(&before, &after, &entries, changes.counts(), args.stat),
            )
        }
        QueryFormat::Text => text(
            &mut Visible::new(&mut out),
            &before,
            &after,
            &changes,
            args.stat,
        ),
    }
    .and_then(|_| out.flush())
    .map_err(io_failure)?;
    Ok(u8::from(args.exit_code && !changes.is_empty()))
}

/// The two sides `before` and `after` name (revisions or folders; no
/// `after`: the data folder on disk), read and checked; a side whose data
/// has errors is refused, its errors printed.
pub(crate) fn sides(cli: &Cli, before: &str, after: Option<&str>) -> Result<(Side, Side), Failure> {
    // `A..B`, as git diff takes it, is A and B (`A..` is A and HEAD).
    let (before, after) = match (after, before.split_once("..")) {
        (None, Some((a, b)))
            if !Path::new(before).is_dir() && !a.ends_with('.') && !b.starts_with('.') =>
        {
            let head = |r: &'static str, s: &str| if s.is_empty() { r } else { s }.to_string();
            (head("HEAD", a), Some(head("HEAD", b)))
        }
        _ => (before.to_string(), after.map(str::to_string)),
    };
    let (before, after) = (before.as_str(), after.as_deref());
    let data = cli.data.as_path();
    let mut repository: Option<Repository> = None;
    let mut repo = || -> Result<Repository, Failure> {
        if let Some(repo) = &repository {
            return Ok(repo.clone());
        }
        let found = Repository::of_folder(data).map_err(|e| git_failure(&e, data))?;
        repository = Some(found.clone());
        Ok(found)
    };
    let before = match Named::of(before) {
        Named::Folder(dir) => {
            let bar = Progress::new(&dir);
            Side::folder_with(&dir, None, &|b| bar.advance(b))
        }
        Named::Revision(rev) => {
            let repo = repo()?;
            let commit = repo.resolve(&rev).map_err(|e| git_failure(&e, data))?;
            let bar = Progress::counted(&rev);
            Side::revision_with(&repo, &commit, &|b| bar.advance(b))
        }
    }
    .map_err(|e| side_failure(e, data))?;
    let after = match after.map(Named::of) {
        Some(Named::Folder(dir)) => {
            let bar = Progress::new(&dir);
            Side::folder_with(&dir, None, &|b| bar.advance(b))
        }
        Some(Named::Revision(rev)) => {
            let repo = repo()?;
            let commit = repo.resolve(&rev).map_err(|e| git_failure(&e, data))?;
            let bar = Progress::counted(&rev);
            Side::revision_with(&repo, &commit, &|b| bar.advance(b))
        }
        // The working tree, named as the revision's files are when the
        // other side came from git.
        None => {
            let repo = match before.commit {
                Some(_) => Some(repo()?),
                None => None,
            };
            let bar = Progress::new(data);
            Side::folder_with(data, repo.as_ref(), &|b| bar.advance(b))
        }
    }
    .map_err(|e| side_failure(e, data))?;
    for side in [&before, &after] {
        refuse_errors(cli, side)?;
    }
    Ok((before, after))
}

/// A side whose data has errors is refused: the records that did not
/// pass would read as removed.
fn refuse_errors(cli: &Cli, side: &Side) -> Result<(), Failure> {
    let errors = side.error_count();
    if errors == 0 {
        return Ok(());
    }
    let shown: Vec<_> = side
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let mut err =
        BufferedStandardStream::stderr(crate::cli::color(cli, io::stderr().is_terminal()));
    let _ = reggraph::diagnostic::render_text(&shown, &side.checked.files, &mut err);
    let _ = err.reset();
    let _ = err.flush();
    let at = match &side.commit {
        Some(commit) => format!("`reggraph check --at {}`", commit.revision),
        None => "`reggraph check`".to_string(),
    };
    Err(Failure::data(
        format!(
            "the data of {} has {errors} error{}: its records that do not pass would read as removed",
            side.label,
            crate::cli::print::plural(errors)
        ),
        Some(format!(
            "{at} lists them; compare revisions whose data checks"
        )),
    ))
}

/// The text: a heading, each change on a line with its places and, for a
/// change, each field under it; then the counts. With `stat`, the counts.
fn text(
    out: &mut dyn Write,
    before: &Side,
    after: &Side,
    changes: &Diff,
    stat: bool,
) -> io::Result<()> {
    writeln!(out, "diff {} -> {}", before.label, after.label)?;
    if changes.is_empty() {
        return writeln!(out, "no differences");
    }
    if stat {
        return stat_lines(out, changes);
    }
    writeln!(out)?;
    for entry in changes.entries() {
        entry_lines(out, &entry, "")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", summary(changes))
}

/// `+ node tibi-2 "Tibi 2" (programme)  graph-data/plans.ron:12`, and each
/// field changed under a change, after `indent`.
pub fn entry_lines(out: &mut dyn Write, entry: &Entry, indent: &str) -> io::Result<()> {
    let sign = match entry.status {
        Status::Added => "+",
        Status::Removed => "-",
        _ => "~",
    };
    let what = match (entry.record, entry.status) {
        (RecordKind::Milestone, Status::Slip) => "slip",
        (RecordKind::Milestone, Status::Confirmation) => "confirmation",
        (record, _) => record.label(),
    };
    let places = match (entry.before, entry.after) {
        (Some(b), Some(a)) => format!("{b} -> {a}"),
        (Some(p), None) | (None, Some(p)) => p.to_string(),
        (None, None) => String::new(),
    };
    writeln!(
        out,
        "{indent}{sign} {what} {}  {places}",
        reggraph::diagnostic::one_line(&entry.text)
    )?;
    // A slip's or a confirmation's dates are in its headline.
    let dated = matches!(entry.status, Status::Slip | Status::Confirmation);
    for field in entry.fields {
        if dated && field.field == "date" {
            continue;
        }
        writeln!(
            out,
            "{indent}    {}: {} -> {}",
            field.field,
            reggraph::diagnostic::one_line(field.before.as_deref().unwrap_or("(none)")),
            reggraph::diagnostic::one_line(field.after.as_deref().unwrap_or("(none)"))
        )?;
    }
    Ok(())
}

const KINDS: [(&str, &str); 4] = [
    ("source", "sources"),
    ("node", "nodes"),
    ("edge", "edges"),
    ("milestone", "milestones"),
];

/// `sources: 1 added; nodes: 2 changed; milestones: 1 slip`.
pub fn summary(changes: &Diff) -> String {
    changes
        .counts()
        .iter()
        .zip(KINDS)
        .filter(|(c, _)| c.total() > 0)
        .map(|(c, (_, many))| format!("{many}: {}", c.words()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn stat_lines(out: &mut dyn Write, changes: &Diff) -> io::Result<()> {
    for (counts, (_, many)) in changes.counts().iter().zip(KINDS) {
        if counts.total() > 0 {
            writeln!(out, "{many:<11} {}", counts.words())?;
        }
    }
    Ok(())
}

/// A side that could not be read, in the user's words.
fn side_failure(error: SideError, data: &Path) -> Failure {
    match error {
        SideError::Git(e) => git_failure(&e, data),
        SideError::Folder(d) => Failure::data(d.message.clone(), d.help.clone()),
    }
}

/// git's errors in the user's words, with what to do.
pub(crate) fn git_failure(error: &GitError, data: &Path) -> Failure {
    let help = match error {
        GitError::Missing => Some(
            "install git (Debian: apt-get install git); two folders can be compared without it: `reggraph diff OLD-DIR NEW-DIR`".to_string(),
        ),
        GitError::NotInRepository { .. } => Some(format!(
            "revisions are read from the git repository the data folder (--data {}) is in; compare two folders instead: `reggraph diff OLD-DIR NEW-DIR`",
            data.display()
        )),
        GitError::NoFolder { .. } => Some("give the folder that holds the data's `*.ron` files with --data DIR".into()),
        GitError::UnknownRevision { revision, .. } => Some(format!(
            "`git log --oneline -- {}` lists the commits that changed the data; a folder named `{revision}` would be compared as a folder",
            data.display()
        )),
        GitError::NoDataAt { .. } => Some(
            "the data folder had no data files yet (or had another name) at that commit; `git log --oneline --follow -- FILE` shows where a file was"
                .into(),
        ),
        GitError::Failed { .. } => None,
    };
    Failure::data(error.to_string(), help)
}

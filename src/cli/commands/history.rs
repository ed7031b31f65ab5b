//! `history ID`: the commits that changed one node (its fields, its edges in
//! and out, its milestones), newest first, with the changes not committed
//! yet first.

use std::io::{self, Write};
use std::path::Path;

use reggraph::diff::Side;
use reggraph::diff::history::{History, history};
use reggraph::git::{GitError, Repository};
use reggraph::graph::{KnowledgeGraph, LookupError, Match};

use super::diff::{entry_lines, git_failure};
use crate::cli::args::{HistoryArgs, QueryFormat};
use crate::cli::json::{DiffChange, HistoryCommit, HistoryReport, HistoryUncommitted};
use crate::cli::print::{Visible, json, one_line, plural};
use crate::cli::progress::Steps;
use crate::cli::{Cli, Failure, Stream, io_failure, lookup_failure, status_line};

/// Runs `history`.
pub fn run(cli: &Cli, format: QueryFormat, args: &HistoryArgs) -> Result<u8, Failure> {
    let data = cli.data.as_path();
    let repository = Repository::of_folder(data).map_err(|e| failure(&e, data))?;
    // The data as it is on disk: what the node is called now, and what is
    // not committed yet.
    let working = Side::folder(data, Some(&repository)).map_err(|e| match e {
        reggraph::diff::SideError::Git(e) => failure(&e, data),
        reggraph::diff::SideError::Folder(d) => Failure::data(d.message.clone(), d.help.clone()),
    })?;
    let graph = KnowledgeGraph::build_parts(working.checked.parts.clone());
    let bar = Steps::new("searching commits");
    let search = |id: &str| {
        history(
            &repository,
            Some(&working),
            id,
            args.limit,
            &|done, total| bar.advance(done, total),
        )
        .map_err(|e| failure(&e, data))
    };
    let (id, found) = match node_id(&graph, &args.node) {
        Named::Exactly(id) => {
            let found = search(&id)?;
            (id, found)
        }
        // A word of a name is a guess: a node since removed whose id the
        // query is comes first (one more walk, only for a guess).
        Named::ByWord { id, note } => match search(&args.node)? {
            found if !found.is_empty() => (args.node.clone(), found),
            _ => {
                status_line(Stream::Stderr, format_args!("{note}"));
                let found = search(&id)?;
                (id, found)
            }
        },
        Named::Nothing(missing) => {
            let found = search(&args.node)?;
            if found.is_empty() {
                return Err(never(&args.node, missing));
            }
            (args.node.clone(), found)
        }
    };
    drop(bar);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        QueryFormat::Json => json_report(&mut out, &id, &found),
        QueryFormat::Text => text(&mut Visible::new(&mut out), &id, &found, args.limit),
    }
    .and_then(|_| out.flush())
    .map_err(io_failure)?;
    Ok(0)
}

/// What a query names in the current data.
enum Named {
    /// A node's id, name or alias.
    Exactly(String),
    /// The one node with that word in its name, or whose id starts so, and
    /// the note that says so.
    ByWord { id: String, note: String },
    /// No node, or several: the query may still be the id of a node since
    /// removed.
    Nothing(LookupError),
}

/// The node `query` names in the current data, as other commands find it.
fn node_id(graph: &KnowledgeGraph, query: &str) -> Named {
    match graph.lookup(query) {
        Ok((index, Match::Word(how))) => {
            let node = graph.node(index);
            let why = match how {
                reggraph::suggest::WordMatch::Name => "the one node with that word in its name",
                reggraph::suggest::WordMatch::IdStart => "the one node whose id starts so",
            };
            Named::ByWord {
                id: node.id.clone(),
                note: format!(
                    "note: \"{}\" taken as {} ({}), {why}",
                    one_line(query),
                    one_line(&node.name),
                    one_line(&node.id)
                ),
            }
        }
        Ok((index, _)) => Named::Exactly(graph.node(index).id.clone()),
        Err(e) => Named::Nothing(e),
    }
}

/// No node had the id, now or in any commit.
fn never(query: &str, missing: LookupError) -> Failure {
    match missing {
        // A name two nodes share: which one is meant.
        e @ LookupError::Ambiguous { .. } => lookup_failure(e),
        e => Failure::data(
            format!("no node has the id \"{query}\", in the data or in any commit of its history"),
            lookup_failure(e).help,
        ),
    }
}

/// git's errors in the user's words; history's own help where diff's
/// would speak of comparing folders.
fn failure(error: &GitError, data: &Path) -> Failure {
    let mut failure = git_failure(error, data);
    match error {
        GitError::Missing => {
            failure.help = Some(
                "install git (Debian: apt-get install git): history is read from the commits of the data folder".into(),
            );
        }
        GitError::NotInRepository { .. } => {
            failure.help = Some(format!(
                "history is read from the commits of the git repository the data folder (--data {}) is in; `git init` and commit the folder to start one",
                data.display()
            ));
        }
        _ => {}
    }
    failure
}

/// The text: the changes not committed, then each commit with its changes
/// about the node, then how many commits changed it.
fn text(out: &mut dyn Write, id: &str, found: &History, limit: Option<usize>) -> io::Result<()> {
    let mut first = true;
    let mut gap = |out: &mut dyn Write| -> io::Result<()> {
        if !std::mem::replace(&mut first, false) {
            writeln!(out)?;
        }
        Ok(())
    };
    if let Some(uncommitted) = &found.uncommitted {
        gap(out)?;
        writeln!(
            out,
            "not committed{}",
            errors(uncommitted.errors, uncommitted.parent_errors)
        )?;
        for entry in uncommitted.changes.entries() {
            entry_lines(out, &entry, "    ")?;
        }
    }
    for step in &found.commits {
        gap(out)?;
        let commit = &step.commit;
        writeln!(
            out,
            "{}  {}  {}  {}{}",
            one_line(&commit.date),
            one_line(&commit.author),
            &commit.id[..commit.id.len().min(10)],
            one_line(&commit.subject),
            errors(step.errors, step.parent_errors)
        )?;
        for entry in step.changes.entries() {
            entry_lines(out, &entry, "    ")?;
        }
    }
    gap(out)?;
    let n = found.commits.len();
    let id = one_line(id);
    match (n, found.complete()) {
        (0, _) => writeln!(out, "no commit changed {id}"),
        (n, true) => writeln!(out, "{n} commit{} changed {id}", plural(n)),
        (n, false) => writeln!(
            out,
            "{n} commit{} changed {id} (--limit {}: older commits not searched)",
            plural(n),
            limit.unwrap_or(n)
        ),
    }
}

/// `  (its data has 2 errors: records that do not pass read as removed)`,
/// and its parent's errors, whose records read as added.
fn errors(own: usize, parent: usize) -> String {
    let mut said = Vec::new();
    if own > 0 {
        said.push(format!(
            "its data has {own} error{}: records that do not pass read as removed",
            plural(own)
        ));
    }
    if parent > 0 {
        said.push(format!(
            "its parent's data has {parent} error{}: records that did not pass there read as added",
            plural(parent)
        ));
    }
    match said.is_empty() {
        true => String::new(),
        false => format!("  ({})", said.join("; ")),
    }
}

fn json_report(out: &mut dyn Write, id: &str, found: &History) -> io::Result<()> {
    let uncommitted = found.uncommitted.as_ref().map(|u| (u, u.changes.entries()));
    let commits: Vec<_> = found
        .commits
        .iter()
        .map(|step| (step, step.changes.entries()))
        .collect();
    let report = HistoryReport {
        node: id,
        uncommitted: uncommitted.as_ref().map(|(u, entries)| HistoryUncommitted {
            errors: u.errors,
            parent_errors: u.parent_errors,
            changes: entries.iter().map(DiffChange::new).collect(),
        }),
        commits: commits
            .iter()
            .map(|(step, entries)| HistoryCommit {
                commit: &step.commit.id,
                date: &step.commit.date,
                author: &step.commit.author,
                subject: &step.commit.subject,
                errors: step.errors,
                parent_errors: step.parent_errors,
                changes: entries.iter().map(DiffChange::new).collect(),
            })
            .collect(),
        searched: found.searched,
        complete: found.complete(),
    };
    json(out, &report)
}

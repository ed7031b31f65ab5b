//! `--at REV`: the data as committed at a git revision, written out as a
//! folder (`reggraph::checkout`) that the command then reads as it reads
//! any data folder; refused by the commands that write data, by `diff`
//! and `--diff` (which take revisions themselves) and by `history`.

use std::path::Path;

use reggraph::checkout::{Checkout, CheckoutError};
use reggraph::git::{GitError, Repository};
use reggraph::workspace::Cache;

use crate::cli::Failure;
use crate::cli::args::{Cli, Command};
use crate::cli::commands::diff::git_failure;

/// `--at` on a command it does not apply to: a usage error, before
/// anything is read.
pub fn refuse(command: &Command, revision: &str) -> Result<(), Failure> {
    let name = match command {
        Command::Fmt(_) => "fmt",
        Command::Add(_) => "add",
        Command::Import(_) => "import",
        #[cfg(feature = "generate")]
        Command::Generate(_) => "generate",
        Command::Diff(_) => {
            return Err(Failure::usage(
                "--at does not apply to `diff`: it takes its revisions as arguments",
                Some(format!(
                    "`reggraph diff {revision}` compares {revision} with the data on disk; \
                     `reggraph diff {revision} OTHER` compares two revisions"
                )),
            ));
        }
        Command::History(_) => {
            return Err(Failure::usage(
                "--at does not apply to `history`: it reads every commit that changed the node",
                Some(
                    "`reggraph history ID` lists them, newest first; `reggraph show ID --at REV` \
                     shows the node as it was at one of them"
                        .into(),
                ),
            ));
        }
        _ if crate::cli::commands::diff_diagram::wanted(command) => {
            return Err(Failure::usage(
                "--at does not apply to --diff: --diff takes its revisions itself",
                Some(format!(
                    "`--diff {revision}` draws what changed from {revision} to the data on disk; \
                     `--diff {revision} OTHER` between two revisions"
                )),
            ));
        }
        _ => return Ok(()),
    };
    Err(Failure::usage(
        format!(
            "--at does not apply to `{name}`: it writes data files, and what was committed \
             at a revision cannot be written"
        ),
        Some(format!(
            "leave out --at to {name} the files on disk (`git checkout {revision}` first \
             to work on that revision's files)"
        )),
    ))
}

/// The data folder (`--data`) as committed at `revision`, written out in
/// the cache folder, or in a temporary folder with no cache.
pub fn checkout(cli: &Cli, revision: &str, cache: &Cache) -> Result<Checkout, Failure> {
    let data = cli.data.as_path();
    let failed = |e: GitError| failure(&CheckoutError::Git(e), data);
    let repository = Repository::of_folder(data).map_err(failed)?;
    let commit = repository.resolve(revision).map_err(failed)?;
    let cache = match cache {
        Cache::In(dir) => Some(dir.as_path()),
        Cache::Off => None,
    };
    Checkout::new(&repository, &commit, cache).map_err(|e| failure(&e, data))
}

/// Why the data at a revision could not be read, in the user's words.
fn failure(error: &CheckoutError, data: &Path) -> Failure {
    let folder = data.display();
    let instead = "or leave out --at to read the data folder as it is on disk";
    match error {
        CheckoutError::Git(GitError::Missing) => Failure::data(
            "git is not installed (no `git` command on PATH): --at reads the data from git",
            Some(format!(
                "install git (Debian: apt-get install git), {instead}"
            )),
        ),
        CheckoutError::Git(GitError::NotInRepository { .. }) => Failure::data(
            format!("--at reads the data from git, and `{folder}` is not in a git repository"),
            Some(format!(
                "give a data folder in a git repository with --data DIR, {instead}"
            )),
        ),
        CheckoutError::Git(e @ GitError::UnknownRevision { .. }) => Failure::data(
            e.to_string(),
            Some(format!(
                "give a commit id, a branch, a tag or HEAD~N; \
                 `git log --oneline -- {folder}` lists the commits that changed the data"
            )),
        ),
        CheckoutError::Git(e) => git_failure(e, data),
        CheckoutError::Write { .. } => Failure::data(
            error.to_string(),
            Some(
                "the files are written to the cache folder ($REGGRAPH_CACHE_DIR), \
                 else to the temporary folder ($TMPDIR): make one of them writable"
                    .into(),
            ),
        ),
    }
}

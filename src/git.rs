//! The git repository a data folder is in, reached by running the `git`
//! command (no libgit2): which commit a revision names, the data files as
//! committed there (`git ls-tree`, then every blob in one `git cat-file
//! --batch`), and the commits that changed the folder (`git log`).
//!
//! A revision comes from the user: it is passed after `--end-of-options`
//! and one starting with `-` is refused, so that it is never read as an
//! option. Paths are read NUL-separated (`-z`), as git writes them.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why git could not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitError {
    /// No `git` on PATH.
    #[error("git is not installed (no `git` command on PATH)")]
    Missing,
    /// The folder is in no git repository.
    #[error("`{}` is not in a git repository", folder.display())]
    NotInRepository { folder: PathBuf },
    /// The folder does not exist (git is run from it).
    #[error("the data folder `{}` does not exist", folder.display())]
    NoFolder { folder: PathBuf },
    /// The revision names no commit.
    #[error("`{revision}` names no commit in the repository at `{}`", root.display())]
    UnknownRevision { revision: String, root: PathBuf },
    /// The data folder holds no data file at that commit.
    #[error("at {revision} ({short}), `{folder}` holds no `*.ron` file")]
    NoDataAt {
        revision: String,
        short: String,
        folder: String,
    },
    /// git ran and failed: the command and what it said.
    #[error("`git {command}` failed: {message}")]
    Failed { command: String, message: String },
}

/// The repository a data folder is in, and where in it the folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// The top of the working tree.
    pub root: PathBuf,
    /// The data folder's path in the repository, `/`-separated, with a
    /// trailing `/` (empty for the top).
    pub prefix: String,
}

/// A commit a revision named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full id.
    pub id: String,
    /// What the user wrote (`HEAD~2`, `v1.0`), or the id.
    pub revision: String,
}

impl Commit {
    /// The first 10 characters of the id.
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(10)]
    }
}

/// One data file as committed: its path in the repository and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub path: String,
    /// The blob's id (the same content has the same id in every commit).
    pub id: String,
    pub bytes: Vec<u8>,
}

/// One commit in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub id: String,
    /// The first parent, none for a root commit.
    pub parent: Option<String>,
    /// The author's date, `YYYY-MM-DD`.
    pub date: String,
    pub author: String,
    pub subject: String,
}

/// Runs git in `dir` with `args`; its standard output, or why not.
fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::Missing,
            _ => GitError::Failed {
                command: args.join(" "),
                message: e.to_string(),
            },
        })?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
    Err(GitError::Failed {
        command: args.join(" "),
        message,
    })
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_string()
}

impl Repository {
    /// The repository `folder` is in.
    pub fn of_folder(folder: &Path) -> Result<Repository, GitError> {
        if !folder.is_dir() {
            return Err(GitError::NoFolder {
                folder: folder.to_path_buf(),
            });
        }
        let out =
            run(folder, &["rev-parse", "--show-toplevel", "--show-prefix"]).map_err(
                |e| match e {
                    GitError::Failed { message, .. }
                        if message.contains("not a git repository") =>
                    {
                        GitError::NotInRepository {
                            folder: folder.to_path_buf(),
                        }
                    }
                    other => other,
                },
            )?;
        let out = text(out);
        let mut lines = out.lines();
        let root = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().to_string();
        if root.as_os_str().is_empty() {
            // Inside the `.git` folder itself: no working tree.
            return Err(GitError::NotInRepository {
                folder: folder.to_path_buf(),
            });
        }
        Ok(Repository { root, prefix })
    }

    /// The data folder's name in the repository (`graph-data`, or `.`).
    pub fn folder(&self) -> &str {
        match self.prefix.trim_end_matches('/') {
            "" => ".",
            folder => folder,
        }
    }

    /// The commit `revision` names.
    pub fn resolve(&self, revision: &str) -> Result<Commit, GitError> {
        let unknown = || GitError::UnknownRevision {
            revision: revision.to_string(),
            root: self.root.clone(),
        };
        if revision.is_empty() || revision.starts_with('-') {
            return Err(unknown());
        }
        let spec = format!("{revision}^{{commit}}");
        let id = run(
            &self.root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )
        .map_err(|e| match e {
            GitError::Failed { .. } => unknown(),
            other => other,
        })?;
        let id = text(id);
        if id.len() < 40 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(unknown());
        }
        Ok(Commit {
            id,
            revision: revision.to_string(),
        })
    }

    /// Every `*.ron` file under the data folder as committed at `commit`,
    /// sorted by path (as `load::list_folder` sorts a folder). Symbolic
    /// links and submodules are not data files here.
    pub fn files_at(&self, commit: &Commit) -> Result<Vec<Blob>, GitError> {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit.id.as_str()];
        let prefix = self.prefix.trim_end_matches('/');
        if !prefix.is_empty() {
            args.push("--");
            args.push(prefix);
        }
        let listing = run(&self.root, &args)?;
        let mut wanted = Vec::new();
        for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (mode, kind, id) = (meta.next(), meta.next(), meta.next());
            let is_ron = Path::new(path)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
            if kind == Some("blob")
                && mode != Some("120000")
                && is_ron
                && let Some(id) = id
            {
                wanted.push((path.to_string(), id.to_string()));
            }
        }
        if wanted.is_empty() {
            return Err(GitError::NoDataAt {
                revision: commit.revision.clone(),
                short: commit.short().to_string(),
                folder: self.folder().to_string(),
            });
        }
        wanted.sort();
        let ids: Vec<&str> = wanted.iter().map(|(_, id)| id.as_str()).collect();
        let contents = self.blobs(&ids)?;
        Ok(wanted
            .into_iter()
            .zip(contents)
            .map(|((path, id), bytes)| Blob { path, id, bytes })
            .collect())
    }

    /// The contents of the blobs `ids`, in order, from one `git cat-file
    /// --batch` (the ids are written from a thread of their own, so that
    /// neither side waits on a full pipe).
    fn blobs(&self, ids: &[&str]) -> Result<Vec<Vec<u8>>, GitError> {
        let failed = |message: String| GitError::Failed {
            command: "cat-file --batch".into(),
            message,
        };
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["cat-file", "--batch"])
            .env("LC_ALL", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => GitError::Missing,
                _ => failed(e.to_string()),
            })?;
        let mut stdin = child.stdin.take().expect("piped");
        let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(request.as_bytes());
        });
        let mut out = BufReader::new(child.stdout.take().expect("piped"));
        let mut contents = Vec::with_capacity(ids.len());
        let mut header = String::new();
        for id in ids {
            header.clear();
            out.read_line(&mut header)
                .map_err(|e| failed(e.to_string()))?;
            let mut words = header.split_whitespace();
            let size = match (words.next(), words.next(), words.next()) {
                (Some(_), Some("blob"), Some(size)) => size.parse::<usize>().ok(),
                _ => None,
            }
            .ok_or_else(|| failed(format!("no blob {id}: {}", header.trim())))?;
            let mut bytes = vec![0; size];
            out.read_exact(&mut bytes)
                .map_err(|e| failed(e.to_string()))?;
            let mut newline = [0u8; 1];
            out.read_exact(&mut newline)
                .map_err(|e| failed(e.to_string()))?;
            contents.push(bytes);
        }
        let _ = writer.join();
        drop(out);
        let _ = child.wait();
        Ok(contents)
    }

    /// The commits that changed the data folder, newest first, merges
    /// left out (each of their changes is in a commit of its own), each
    /// with its first parent.
    pub fn log(&self) -> Result<Vec<LogEntry>, GitError> {
        let prefix = self.prefix.trim_end_matches('/');
        let mut args = vec![
            "log",
            "--no-merges",
            "-z",
            "--format=%H%x1f%P%x1f%as%x1f%an%x1f%s",
            "HEAD",
        ];
        if !prefix.is_empty() {
            args.push("--");
            args.push(prefix);
        }
        let out = match run(&self.root, &args) {
            Ok(out) => out,
            // A repository with no commit yet has no history.
            Err(GitError::Failed { message, .. })
                if message.contains("does not have any commits")
                    || message.contains("unknown revision") =>
            {
                return Ok(Vec::new());
            }
            Err(e) => return Err(e),
        };
        Ok(out
            .split(|&b| b == 0)
            .filter(|e| !e.is_empty())
            .filter_map(|entry| {
                let entry = String::from_utf8_lossy(entry);
                let entry = entry.trim_start_matches('\n');
                let mut fields = entry.split('\x1f');
                let id = fields.next()?.to_string();
                let parent = fields
                    .next()?
                    .split(' ')
                    .next()
                    .filter(|p| !p.is_empty())
                    .map(str::to_string);
                Some(LogEntry {
                    id,
                    parent,
                    date: fields.next()?.to_string(),
                    author: fields.next()?.to_string(),
                    subject: fields.next().unwrap_or_default().to_string(),
                })
            })
            .collect())
    }
}

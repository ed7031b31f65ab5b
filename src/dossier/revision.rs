//! Which state of the data a report was built from: the git commit of the
//! data folder's repository when it is in one (and whether the folder had
//! changes not committed), and always a fingerprint of the data files'
//! paths and contents (xxh3, the hash the snapshot cache keeps of each
//! file), which names the same data on any machine, in git or not.

use std::path::Path;
use std::process::{Command, Stdio};

use xxhash_rust::xxh3::Xxh3;

/// The state of a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// `HEAD` of the git repository the folder is in, if any.
    pub git: Option<GitRevision>,
    /// `xxh3:0123456789abcdef`, over every data file's path (relative to
    /// the folder) and content, in path order.
    pub fingerprint: String,
    /// How many data files the fingerprint covers.
    pub files: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitRevision {
    /// The full commit id.
    pub commit: String,
    /// Whether files under the data folder differ from that commit.
    pub uncommitted: bool,
}

impl Revision {
    /// `git 0123abcd… (with uncommitted changes), data fingerprint xxh3:…
    /// (7 files)`.
    pub fn describe(&self) -> String {
        let files = format!(
            "data fingerprint {} ({} file{})",
            self.fingerprint,
            self.files,
            if self.files == 1 { "" } else { "s" }
        );
        match &self.git {
            Some(git) => format!(
                "git commit {}{}, {files}",
                git.commit,
                if git.uncommitted {
                    " with uncommitted changes"
                } else {
                    ""
                }
            ),
            None => files,
        }
    }
}

/// The revision of the data folder `data`.
pub fn of_folder(data: &Path) -> Revision {
    let (fingerprint, files) = fingerprint(data);
    Revision {
        git: git(data),
        fingerprint,
        files,
    }
}

/// The revision of `data`, a folder holding a data folder's files as
/// committed at `commit` (a full id): that commit, and the fingerprint of
/// those files, the same as the working tree's when it holds them.
pub fn at_commit(data: &Path, commit: &str) -> Revision {
    let (fingerprint, files) = fingerprint(data);
    Revision {
        git: Some(GitRevision {
            commit: commit.to_string(),
            uncommitted: false,
        }),
        fingerprint,
        files,
    }
}

/// `xxh3:…` over the data files' paths and contents, and how many files.
fn fingerprint(data: &Path) -> (String, usize) {
    let paths = crate::load::data_files(data).unwrap_or_default();
    let mut hash = Xxh3::new();
    for path in &paths {
        let relative = path.strip_prefix(data).unwrap_or(path);
        let name = relative.to_string_lossy();
        let content = std::fs::read(path).unwrap_or_default();
        hash.update(&(name.len() as u64).to_le_bytes());
        hash.update(name.as_bytes());
        hash.update(&(content.len() as u64).to_le_bytes());
        hash.update(&content);
    }
    (format!("xxh3:{:016x}", hash.digest()), paths.len())
}

fn git_output(data: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(data)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `HEAD` of the repository `data` is in, when git is installed and it is
/// in one.
fn git(data: &Path) -> Option<GitRevision> {
    let commit = git_output(data, &["rev-parse", "HEAD"])?;
    let commit = commit.trim();
    if !(commit.len() >= 40 && commit.bytes().all(|b| b.is_ascii_hexdigit())) {
        return None;
    }
    let status = git_output(data, &["status", "-s", "--", "."])?;
    Some(GitRevision {
        commit: commit.to_string(),
        uncommitted: !status.trim().is_empty(),
    })
}

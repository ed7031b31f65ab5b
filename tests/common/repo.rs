//! A temporary git repository with a scripted series of commits of a small
//! data folder (`data/` in the repository), for `diff`, `history` and
//! `--at`: each commit makes one kind of change, and git runs with fixed
//! names and dates and no user configuration, so the commits are the same
//! on every machine.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The commits of [`scripted`], oldest first: each one's subject and what
/// it does to the data.
pub const SERIES: [&str; 8] = [
    "start the tracker",
    "add a node",
    "change an amount",
    "move a planned milestone",
    "confirm the milestone",
    "remove an edge",
    "rename a file",
    "move, reorder and reformat records",
];

/// The repository, the data folder in it, and each commit's id in
/// [`SERIES`]' order.
pub struct Scripted {
    pub dir: tempfile::TempDir,
    pub commits: Vec<String>,
}

impl Scripted {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The data folder, `data/` in the repository.
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The id of the commit whose subject is `subject`.
    pub fn commit(&self, subject: &str) -> &str {
        let at = SERIES
            .iter()
            .position(|s| *s == subject)
            .unwrap_or_else(|| panic!("no commit {subject:?}"));
        &self.commits[at]
    }

    /// Runs `reggraph` in the repository's top folder with `--data data`
    /// (and a temporary snapshot folder, see `common::binary`).
    pub fn run(&self, args: &[&str]) -> super::Run {
        let mut command = super::binary();
        command
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(["--data", "data"])
            .args(args);
        let output = command.output().unwrap();
        super::Run {
            code: output.status.code().expect("exited by a signal"),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
            cache_dir: command.cache_dir().to_path_buf(),
        }
    }

    /// Runs git in the repository, as the series does.
    pub fn git(&self, args: &[&str]) -> String {
        git(self.root(), args)
    }
}

/// Runs git in `dir` with fixed names and dates and no user configuration.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Reviewer")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Reviewer")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

const SOURCES: &str = r#"(
    sources: [
        (id: "src", title: "Fixture source", type: Press, published: "2024"),
        (id: "law-text", title: "The law's text", type: Official, published: "2024-01-15"),
    ],
)
"#;

const ACTORS: &str = r#"(
    nodes: [
        (id: "acme", kind: Company, name: "Acme", sources: ["src"]),
        (id: "fund", kind: Fund, name: "The Fund", sources: ["src"]),
        (id: "land", kind: Jurisdiction, name: "Land", sources: ["src"]),
    ],
    edges: [
        (from: "fund", kind: Funds, to: "acme", date: "2024-03", amount: (value: 100000000, currency: "EUR", status: Pledged), sources: ["src"]),
        (from: "acme", kind: LocatedIn, to: "land", sources: ["src"]),
    ],
)
"#;

const LAW: &str = r#"(
    nodes: [
        (
            id: "law",
            kind: Regulation,
            name: "The Law",
            jurisdiction: "land",
            milestones: [
                (stage: Adopted, date: "2024-01-15", sources: ["law-text"]),
                (stage: AppliesFrom, date: "2026-08-02", actual: false, scope: "high-risk", sources: ["law-text"]),
            ],
            sources: ["law-text"],
        ),
    ],
    edges: [
        (from: "law", kind: Regulates, to: "acme", sources: ["law-text"]),
        (from: "law", kind: AppliesIn, to: "land", sources: ["law-text"]),
    ],
)
"#;

/// Commits every change of the working tree in `root` as the series'
/// author on 2025-01-`day`, with no user configuration; its id.
fn commit_on(root: &Path, subject: &str, day: usize) -> String {
    let date = format!("2025-01-{day:02}T12:00:00Z");
    let output = Command::new("git")
        .current_dir(root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Reviewer")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Reviewer")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .args(["commit", "-q", "-a", "-m", subject])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    git(root, &["rev-parse", "HEAD"]).trim().to_string()
}

/// Builds the repository of [`SERIES`].
pub fn scripted() -> Scripted {
    let dir = tempfile::Builder::new()
        .prefix("reggraph-repo-")
        .tempdir()
        .unwrap();
    let root = dir.path();
    let data = root.join("data");
    std::fs::create_dir(&data).unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    let mut commits = Vec::new();
    let mut day = 0;
    let mut commit = |subject: &str| {
        day += 1;
        commits.push(commit_on(root, subject, day));
    };
    let write = |name: &str, text: &str| std::fs::write(data.join(name), text).unwrap();
    let edit = |name: &str, from: &str, to: &str| {
        let path = data.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has no {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    };

    write("sources.ron", SOURCES);
    write("actors.ron", ACTORS);
    write("law.ron", LAW);
    git(root, &["add", "."]);
    commit(SERIES[0]);

    edit(
        "actors.ron",
        r#"        (id: "land""#,
        "        (id: \"ada\", kind: Person, name: \"Ada Founder\", sources: [\"src\"]),\n        (id: \"land\"",
    );
    commit(SERIES[1]);

    edit(
        "actors.ron",
        "amount: (value: 100000000, currency: \"EUR\", status: Pledged)",
        "amount: (value: 105000000, currency: \"EUR\", status: Secured)",
    );
    commit(SERIES[2]);

    edit(
        "law.ron",
        r#"date: "2026-08-02", actual: false"#,
        r#"date: "2027-12-02", actual: false"#,
    );
    commit(SERIES[3]);

    edit(
        "law.ron",
        r#"date: "2027-12-02", actual: false"#,
        r#"date: "2027-12-02""#,
    );
    commit(SERIES[4]);

    edit(
        "law.ron",
        "        (from: \"law\", kind: AppliesIn, to: \"land\", sources: [\"law-text\"]),\n",
        "",
    );
    commit(SERIES[5]);

    git(root, &["mv", "data/law.ron", "data/the-law.ron"]);
    commit(SERIES[6]);

    // The edge acme -> land moves to the-law.ron, the nodes of actors.ron
    // are reordered, and every file is laid out as `reggraph fmt` would.
    write(
        "actors.ron",
        r#"(
    nodes: [
        (
            id: "land",
            kind: Jurisdiction,
            name: "Land",
            sources: ["src"],
        ),
        (
            id: "ada",
            kind: Person,
            name: "Ada Founder",
            sources: ["src"],
        ),
        (
            id: "fund",
            kind: Fund,
            name: "The Fund",
            sources: ["src"],
        ),
        (
            id: "acme",
            kind: Company,
            name: "Acme",
            sources: ["src"],
        ),
    ],
    edges: [
        (
            from: "fund",
            kind: Funds,
            to: "acme",
            date: "2024-03",
            amount: (value: 105000000, currency: "EUR", status: Secured),
            sources: ["src"],
        ),
    ],
)
"#,
    );
    edit(
        "the-law.ron",
        "        (from: \"law\", kind: Regulates, to: \"acme\", sources: [\"law-text\"]),\n",
        "        (from: \"acme\", kind: LocatedIn, to: \"land\", sources: [\"src\"]),\n        (from: \"law\", kind: Regulates, to: \"acme\", sources: [\"law-text\"]),\n",
    );
    commit(SERIES[7]);

    Scripted { dir, commits }
}

impl Scripted {
    /// Commits every change of the working tree as one more commit of the
    /// series' author, dated the day after the last one (2025-01-09 for
    /// the first after [`SERIES`]), and returns its id.
    pub fn commit_more(&mut self, subject: &str) -> String {
        let id = commit_on(self.root(), subject, self.commits.len() + 1);
        self.commits.push(id.clone());
        id
    }

    /// Replaces the first `from` in the data file `name` with `to`, in the
    /// working tree.
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let path = self.data().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has no {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }
}

//! Graphviz contained: `render` with a fake `dot` first on PATH for each way
//! a Graphviz run goes wrong (it hangs, leaves a process holding its
//! output, prints garbage or nothing, crashes, prints without end, warns in
//! bytes that are not UTF-8, or reggraph itself is killed while it runs),
//! and the real Graphviz on generated selections of 200 to 2,000 nodes.
//!
//! Every run has its own deadline, so that a regression fails the test
//! instead of hanging the suite; every failing case writes over an old
//! picture and checks that its bytes are unchanged.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

mod common;

const QUERIES: &str = "tests/fixtures/queries";
/// What a failing render must leave in place.
const OLD_PICTURE: &[u8] =
    b"<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- the old picture --></svg>";
/// A picture a fake `dot` prints when it means to succeed.
const FAKE_SVG: &str = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";

/// A folder with a fake `dot` (a shell script) to put first on PATH, and
/// the file it writes process ids to.
struct FakeDot {
    dir: tempfile::TempDir,
}

impl FakeDot {
    /// `script` is the body of a `/bin/sh` script; `$PIDS` in it names a
    /// file to append process ids to.
    fn new(script: &str) -> FakeDot {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let pids = dir.path().join("pids");
        let text = format!(
            "#!/bin/sh\nPIDS='{}'\n# no core file in the working directory\nulimit -c 0\n{script}\n",
            pids.display()
        );
        let fake = dir.path().join("dot");
        std::fs::write(&fake, text).unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        FakeDot { dir }
    }

    fn path_env(&self) -> String {
        format!("{}:/usr/bin:/bin", self.dir.path().display())
    }

    /// An output file in this folder holding [`OLD_PICTURE`].
    fn old_picture(&self, name: &str) -> PathBuf {
        let out = self.dir.path().join(name);
        std::fs::write(&out, OLD_PICTURE).unwrap();
        out
    }

    /// The process ids the fake wrote, once it has written `count` of them
    /// (within a deadline).
    fn pids(&self, count: usize) -> Vec<u32> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = std::fs::read_to_string(self.dir.path().join("pids")).unwrap_or_default();
            let pids: Vec<u32> = text.lines().filter_map(|l| l.trim().parse().ok()).collect();
            if pids.len() >= count {
                return pids;
            }
            assert!(
                Instant::now() < deadline,
                "the fake dot did not start (pids so far: {pids:?})"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// `reggraph` started with these arguments and PATH, as `common::binary`
/// sets it up (today, no data folder unless given, a cache of its own).
fn spawn(args: &[&str], path_env: &str, cache: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_reggraph"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("REGGRAPH_CACHE_DIR", cache)
        .env("REGGRAPH_TODAY", common::TODAY)
        .env("REGGRAPH_DATA", common::NO_DATA)
        .env("NO_COLOR", "1")
        .env("PATH", path_env)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Waits for `child` at most `limit`, killing it (and failing) after; its
/// output is read on threads so that a large one cannot block it.
#[track_caller]
fn finish(mut child: Child, limit: Duration) -> Ran {
    let started = Instant::now();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let stdout = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let stderr = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let Some(status) = child.wait_timeout(limit).unwrap() else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("reggraph did not finish within {limit:?}");
    };
    let took = started.elapsed();
    // A stray process holding reggraph's own pipes would block these: it
    // is part of what the tests check is killed, so give it a bound too.
    let join = |handle: std::thread::JoinHandle<Vec<u8>>| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !handle.is_finished() {
            assert!(
                Instant::now() < deadline,
                "reggraph exited but its output stayed open"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        String::from_utf8_lossy(&handle.join().unwrap()).into_owned()
    };
    Ran {
        code: status.code(),
        stdout: join(stdout),
        stderr: join(stderr),
        took,
    }
}

/// `reggraph --data QUERIES render ARGS` with `fake` first on PATH.
#[track_caller]
fn render(fake: &FakeDot, args: &[&str], limit: Duration) -> Ran {
    let cache = tempfile::tempdir().unwrap();
    let mut all = vec!["--data", QUERIES, "render"];
    all.extend_from_slice(args);
    finish(spawn(&all, &fake.path_env(), cache.path()), limit)
}

/// Whether process `pid` is gone (or a zombie, which runs nothing).
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // `pid (comm) S ...`: the state follows the last `)`.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

#[track_caller]
fn assert_gone_soon(pids: &[u32]) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !pids.iter().all(|&p| gone(p)) {
        if Instant::now() > deadline {
            let left: Vec<u32> = pids.iter().copied().filter(|&p| !gone(p)).collect();
            // Leave nothing running behind a failed test.
            for &pid in &left {
                let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            }
            panic!("processes {left:?} of the fake dot are still running");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[track_caller]
fn assert_unchanged(out: &Path) {
    assert_eq!(
        std::fs::read(out).unwrap(),
        OLD_PICTURE,
        "the old picture was replaced"
    );
}

const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn a_timeout_kills_what_dot_started_and_suggests_no_layout_that_failed() {
    // A `dot` that starts a child and waits for it: the old code killed
    // only the shell, and the child ran on.
    let fake = FakeDot::new("sleep 120 & echo $! >> \"$PIDS\"\necho $$ >> \"$PIDS\"\nwait");
    let out = fake.old_picture("slow.svg");
    let out = out.to_str().unwrap();
    let ran = render(
        &fake,
        &["--layout", "sfdp", "--timeout", "1", "-o", out],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.took < Duration::from_secs(10), "took {:?}", ran.took);
    assert_eq!(
        ran.stderr,
        "error: Graphviz `sfdp` did not finish within 1 s on 12 nodes\n\
         help: try --layout dot or --layout neato, narrow the selection (--around ID --depth N, \
         --kind, --edge-kind or --exclude-kind), or raise --timeout\n"
    );
    assert_gone_soon(&fake.pids(2));
    assert_unchanged(Path::new(out));

    // With `dot` the one that failed, it is not suggested either.
    let ran = render(&fake, &["--timeout", "1", "-o", out], LIMIT);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr.starts_with(
            "error: Graphviz `dot` did not finish within 1 s on 12 nodes\n\
             help: try --layout sfdp or --layout neato, narrow the selection"
        ),
        "{}",
        ran.stderr
    );
    assert_unchanged(Path::new(out));
}

#[test]
fn a_process_left_holding_the_output_does_not_hold_reggraph() {
    // `dot` prints a picture and exits, but leaves a child holding its
    // stdout: the old code read until that child ended.
    let fake = FakeDot::new(&format!(
        "cat > /dev/null\nsleep 120 &\necho $! >> \"$PIDS\"\nprintf '%s' '{FAKE_SVG}'\nexit 0"
    ));
    let out = fake.dir.path().join("held.svg");
    let ran = render(
        &fake,
        &["--timeout", "20", "-o", out.to_str().unwrap()],
        LIMIT,
    );
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(ran.took < Duration::from_secs(10), "took {:?}", ran.took);
    assert!(
        ran.stdout.ends_with("drawn by Graphviz (dot layout)\n"),
        "{}",
        ran.stdout
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), FAKE_SVG);
    assert_gone_soon(&fake.pids(1));
}

#[test]
fn a_process_that_left_the_group_and_holds_the_output_is_given_up_on() {
    // Killing the group cannot reach a process that made a session of its
    // own: reggraph stops waiting for the pipes it holds soon after `dot`
    // exited.
    let fake = FakeDot::new(&format!(
        "cat > /dev/null\nsetsid sleep 60 &\necho $! >> \"$PIDS\"\nprintf '%s' '{FAKE_SVG}'\nexit 0"
    ));
    let out = fake.old_picture("held.svg");
    let ran = render(
        &fake,
        &["--timeout", "20", "-o", out.to_str().unwrap()],
        LIMIT,
    );
    let stray = fake.pids(1);
    let _ = Command::new("kill")
        .arg("-9")
        .arg(stray[0].to_string())
        .status();
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.took < Duration::from_secs(10), "took {:?}", ran.took);
    assert!(
        ran.stderr.starts_with(
            "error: Graphviz `dot` exited, but a process it started kept its output open\n"
        ),
        "{}",
        ran.stderr
    );
    assert_unchanged(&out);
}

#[test]
fn garbage_or_nothing_from_dot_is_an_error_and_the_old_picture_stays() {
    let cases = [
        (
            "cat > /dev/null\nprintf 'hello, this is not a picture'",
            "x.svg",
            "error: Graphviz `dot` exited successfully but printed 28 bytes starting \
             `hello, this is not a pic`, not a picture in SVG\n",
        ),
        (
            "cat > /dev/null\nexit 0",
            "x.svg",
            "error: Graphviz `dot` exited successfully but printed nothing, not a picture in SVG\n",
        ),
        (
            "cat > /dev/null\necho 'Warning: no fonts' >&2",
            "x.pdf",
            "error: Graphviz `dot` exited successfully but printed nothing, not a picture in PDF; \
             it said:\n  Warning: no fonts\n",
        ),
        (
            &format!("cat > /dev/null\nprintf '%s' '{FAKE_SVG}'"),
            "x.png",
            "error: Graphviz `dot` exited successfully but printed 62 bytes starting \
             `<?xml version=\"1.0\"?><sv`, not a picture in PNG\n",
        ),
    ];
    for (script, name, message) in cases {
        let fake = FakeDot::new(script);
        let out = fake.old_picture(name);
        let ran = render(&fake, &["-o", out.to_str().unwrap()], LIMIT);
        assert_eq!(ran.code, Some(1), "{script}: {}", ran.stderr);
        assert_eq!(ran.stdout, "", "{script}");
        let help = format!(
            "help: `{}` was left as it was; is the `dot` on PATH Graphviz's? (`dot -V` says), \
             or draw .svg with --engine embedded\n",
            out.display()
        );
        assert_eq!(ran.stderr, format!("{message}{help}"), "{script}");
        assert_unchanged(&out);
    }
}

#[test]
fn a_crash_or_a_failure_is_named_never_with_an_empty_reason() {
    let cases = [
        (
            "cat > /dev/null\necho \"sfdp: malloc assertion failure in _int_malloc\" >&2\nkill -ABRT $$",
            "error: Graphviz `dot` was killed by signal 6 (SIGABRT); it said:\n  \
             sfdp: malloc assertion failure in _int_malloc\n",
        ),
        (
            "cat > /dev/null\nkill -SEGV $$",
            "error: Graphviz `dot` was killed by signal 11 (SIGSEGV) and said nothing\n",
        ),
        (
            "cat > /dev/null\nexit 3",
            "error: Graphviz `dot` failed with exit code 3 and said nothing\n",
        ),
        (
            "cat > /dev/null\nfor i in 1 2 3 4 5 6 7; do echo \"Error: line $i\" >&2; done\nexit 1",
            "error: Graphviz `dot` failed with exit code 1; it said:\n  Error: line 1\n  \
             Error: line 2\n  Error: line 3\n  Error: line 4\n  Error: line 5\n  \
             (and 2 more lines)\n",
        ),
    ];
    for (script, message) in cases {
        let fake = FakeDot::new(script);
        let out = fake.old_picture("x.svg");
        let ran = render(&fake, &["-o", out.to_str().unwrap()], LIMIT);
        assert_eq!(ran.code, Some(1), "{script}: {}", ran.stderr);
        assert!(
            ran.stderr.starts_with(message),
            "{script}:\n{}\nexpected to start:\n{message}",
            ran.stderr
        );
        assert!(
            ran.stderr
                .contains(&format!("help: `{}` was left as it was; ", out.display())),
            "{}",
            ran.stderr
        );
        assert_unchanged(&out);
    }
}

#[test]
fn endless_output_is_cut_off() {
    // Stdout without end: stopped at 256 MB, long before the time limit.
    let fake = FakeDot::new("echo $$ >> \"$PIDS\"\nexec cat /dev/zero");
    let out = fake.old_picture("zeros.svg");
    let ran = render(
        &fake,
        &["--timeout", "60", "-o", out.to_str().unwrap()],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr.starts_with(
            "error: Graphviz `dot` printed more than 256 MB, more than any picture, and was stopped\n"
        ),
        "{}",
        ran.stderr
    );
    assert!(ran.took < Duration::from_secs(25), "took {:?}", ran.took);
    assert_gone_soon(&fake.pids(1));
    assert_unchanged(&out);

    // Stderr without end: bounded by the time limit, and not echoed.
    let fake = FakeDot::new("echo $$ >> \"$PIDS\"\nexec yes 'Warning: again' >&2");
    let out = fake.old_picture("warnings.svg");
    let ran = render(
        &fake,
        &["--timeout", "2", "-o", out.to_str().unwrap()],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr
            .starts_with("error: Graphviz `dot` did not finish within 2 s"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.len() < 1000, "{} bytes", ran.stderr.len());
    assert_gone_soon(&fake.pids(1));
    assert_unchanged(&out);
}

#[test]
fn warnings_are_cut_to_64_kb_and_read_whatever_their_encoding() {
    // 20 MB of warnings, then a picture: the first 64 KB are shown, the
    // rest counted.
    let fake = FakeDot::new(&format!(
        "cat > /dev/null\nyes 'Warning: node too wide' | head -c 20000000 >&2\nprintf '%s' '{FAKE_SVG}'"
    ));
    let out = fake.dir.path().join("warned.svg");
    let ran = render(&fake, &["-o", out.to_str().unwrap()], LIMIT);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(
        ran.stderr
            .starts_with("Graphviz said:\nWarning: node too wide\n")
    );
    assert!(
        ran.stderr.len() < 70_000,
        "{} bytes of warnings echoed",
        ran.stderr.len()
    );
    assert!(
        ran.stderr.ends_with(&format!(
            "\n(and {} more bytes of warnings, not shown)\n",
            20_000_000 - 65_536
        )),
        "{}",
        &ran.stderr[ran.stderr.len() - 200..]
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), FAKE_SVG);

    // Warnings that are not UTF-8 (Latin-1 quoting the input) are warnings,
    // not a failure to run Graphviz.
    let fake = FakeDot::new(&format!(
        "cat > /dev/null\nprintf 'Warning: label \\351t\\351 too long\\n' >&2\nprintf '%s' '{FAKE_SVG}'"
    ));
    let out = fake.dir.path().join("latin1.svg");
    let ran = render(&fake, &["-o", out.to_str().unwrap()], LIMIT);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(
        ran.stderr,
        "Graphviz said:\nWarning: label \u{fffd}t\u{fffd} too long\n"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), FAKE_SVG);
}

#[test]
fn reggraph_killed_while_dot_runs_stops_dot_and_writes_nothing() {
    for (signal, code, name) in [("TERM", 143, "SIGTERM"), ("INT", 130, "SIGINT")] {
        let fake = FakeDot::new("sleep 120 & echo $! >> \"$PIDS\"\necho $$ >> \"$PIDS\"\nwait");
        let out = fake.old_picture("x.svg");
        let cache = tempfile::tempdir().unwrap();
        let child = spawn(
            &[
                "--data",
                QUERIES,
                "render",
                "--timeout",
                "60",
                "-o",
                out.to_str().unwrap(),
            ],
            &fake.path_env(),
            cache.path(),
        );
        let pids = fake.pids(2);
        let killed = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let ran = finish(child, LIMIT);
        assert_eq!(ran.code, Some(code), "{signal}: {}", ran.stderr);
        assert!(ran.took < Duration::from_secs(5), "took {:?}", ran.took);
        assert_eq!(
            ran.stderr,
            format!("error: interrupted by {name}: Graphviz was stopped and nothing was written\n")
        );
        assert_gone_soon(&pids);
        assert_unchanged(&out);
    }
}

// ------------------------------------------------------------ sizes

/// Generated data folders of 200, 500, 1,000 and 2,000 nodes (5 edges a
/// node), made once for this test binary.
fn generated() -> &'static [(usize, PathBuf)] {
    static FOLDERS: OnceLock<(tempfile::TempDir, Vec<(usize, PathBuf)>)> = OnceLock::new();
    &FOLDERS
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let folders = [200, 500, 1000, 2000]
                .into_iter()
                .map(|nodes| {
                    let folder = dir.path().join(format!("g{nodes}"));
                    let run = common::run(
                        &[
                            "generate",
                            "--nodes",
                            &nodes.to_string(),
                            "--edges-per-node",
                            "5",
                            "--seed",
                            "7",
                            "-o",
                            folder.to_str().unwrap(),
                        ],
                        &[],
                    );
                    assert_eq!(run.code, 0, "{}", run.stderr);
                    (nodes, folder)
                })
                .collect();
            (dir, folders)
        })
        .1
}

#[test]
fn graphviz_draws_200_to_2000_nodes_in_time() {
    let Some(_) = common::graphviz() else {
        eprintln!("note: Graphviz is not installed; skipping");
        return;
    };
    let out_dir = tempfile::tempdir().unwrap();
    for (nodes, folder) in generated() {
        let out = out_dir.path().join(format!("{nodes}.svg"));
        let cache = tempfile::tempdir().unwrap();
        let path = std::env::var("PATH").unwrap();
        let child = spawn(
            &[
                "--data",
                folder.to_str().unwrap(),
                "render",
                "--force",
                "-o",
                out.to_str().unwrap(),
            ],
            &path,
            cache.path(),
        );
        // The default time limit is 60 s; a run past it fails as a timeout.
        let ran = finish(child, Duration::from_secs(120));
        assert_eq!(ran.code, Some(0), "{nodes} nodes: {}", ran.stderr);
        assert_eq!(
            ran.stdout,
            format!(
                "wrote {}: {nodes} nodes, {} edges, drawn by Graphviz (sfdp layout)\n",
                out.display(),
                nodes * 5
            )
        );
        assert_eq!(ran.stderr, "", "{nodes} nodes: Graphviz warned");
        let svg = std::fs::read_to_string(&out).unwrap();
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&svg, options)
            .unwrap_or_else(|e| panic!("{nodes} nodes: invalid SVG: {e}"));
        let drawn = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("node"))
            .count();
        // Each node, and the legend.
        assert!(drawn > *nodes, "{nodes} nodes: {drawn} drawn");
        eprintln!("{nodes} nodes: {:?}", ran.took);
    }
}

#[test]
fn a_selection_too_large_to_read_says_what_narrows_it() {
    let (_, folder) = &generated()[2];
    let out = tempfile::tempdir().unwrap().path().join("never.svg");
    let run = common::run_on(
        folder.to_str().unwrap(),
        &["render", "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    assert!(!out.exists());
    assert_eq!(
        run.stderr,
        "error: 1000 nodes are too many for a readable picture (the limit is 500)\n\
         help: narrow the selection (--around ID --depth N, --kind, --edge-kind or --exclude-kind), \
         or pass --force to draw it anyway (Graphviz's sfdp draws 2,000 nodes in about 10 s)\n"
    );
}

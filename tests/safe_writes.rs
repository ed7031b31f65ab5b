//! What `-o` does with whatever it names (`-`, a FIFO, a device, a link, a
//! read-only file, a folder), the temporary files a killed write left, and
//! exit codes when stdout or stderr is full.
//!
//! DANGER: the tests and CI run as root. A reggraph that replaced what `-o`
//! names would replace `/dev/null` or `/dev/stdout` for the whole system, so
//! the tests that name a path under /dev first prove, on a FIFO and a link
//! in a temporary folder, that the binary writes into them and keeps them
//! ([`the_fix_is_in`]), and refuse to run otherwise.

#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

const QUERIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/queries");

/// `reggraph --data QUERIES ARGS` run in `dir`, its snapshots in a folder
/// of its own; stdout and stderr captured unless the caller sets them.
fn reggraph(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reggraph"));
    command
        .current_dir(dir)
        .env("REGGRAPH_CACHE_DIR", dir.join(".cache"))
        .env("REGGRAPH_TODAY", common::TODAY)
        .env("REGGRAPH_DATA", common::NO_DATA)
        .env("NO_COLOR", "1")
        .args(["--data", QUERIES])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn output(command: &mut Command) -> Output {
    command.output().expect("reggraph runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited by a signal")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The DOT `export dot` prints on stdout.
fn dot_text() -> String {
    let dir = tempfile::tempdir().unwrap();
    let run = output(&mut reggraph(dir.path(), &["export", "dot"]));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    String::from_utf8(run.stdout).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn full() -> Stdio {
    Stdio::from(File::options().write(true).open("/dev/full").unwrap())
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

/// Runs `reggraph ARGS` with `-o` naming the FIFO `fifo`, reading what it
/// writes there. The test holds the FIFO open for reading and writing
/// meanwhile, so that neither side waits for the other to open it, even
/// when a reggraph that replaces the FIFO never opens it.
fn through_fifo(dir: &Path, fifo: &Path, args: &[&str]) -> (Output, Vec<u8>) {
    let held = File::options().read(true).write(true).open(fifo).unwrap();
    let mut reader = File::open(fifo).unwrap();
    let read = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let run = output(&mut reggraph(dir, args));
    drop(held);
    (run, read.join().unwrap())
}

fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The names in a folder, sorted, but for the snapshots' folder.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != ".cache")
        .collect();
    names.sort();
    names
}

#[test]
fn dash_is_standard_output_and_no_file_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let run = output(&mut reggraph(dir.path(), &["export", "dot", "-o", "-"]));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert_eq!(text(&run.stdout), dot_text());
    assert_eq!(stderr(&run), "", "no status line: the DOT is on stdout");
    let run = output(&mut reggraph(
        dir.path(),
        &[
            "render",
            "--engine",
            "embedded",
            "--picture-format",
            "svg",
            "-o",
            "-",
        ],
    ));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let svg = String::from_utf8(run.stdout.clone()).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    assert!(
        stderr(&run).starts_with("wrote the picture to standard output: "),
        "the status line is on stderr: {}",
        stderr(&run)
    );
    assert!(!dir.path().join("-").exists(), "a file named `-` was made");
}

#[test]
fn a_picture_whose_format_the_name_does_not_say_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = output(&mut reggraph(dir.path(), &["render", "-o", "-"]));
    assert_eq!(code(&run), 2);
    assert!(
        stderr(&run).contains("--picture-format"),
        "{}",
        stderr(&run)
    );
    let run = output(&mut reggraph(
        dir.path(),
        &["render", "--picture-format", "png", "-o", "x.svg"],
    ));
    assert_eq!(code(&run), 2);
    assert!(
        stderr(&run).contains("does not match the name `x.svg`"),
        "{}",
        stderr(&run)
    );
    assert!(!dir.path().join("x.svg").exists());
}

#[test]
fn a_fifo_is_written_into_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("diagram.dot");
    mkfifo(&fifo);
    let (run, read) = through_fifo(
        dir.path(),
        &fifo,
        &["export", "dot", "-o", fifo.to_str().unwrap()],
    );
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(is_fifo(&fifo), "the FIFO was replaced by a file");
    assert_eq!(text(&read), dot_text(), "the DOT went through the FIFO");
    assert_eq!(names_in(dir.path()), ["diagram.dot"]);
    // A picture too.
    let fifo = dir.path().join("picture.svg");
    mkfifo(&fifo);
    let (run, read) = through_fifo(
        dir.path(),
        &fifo,
        &[
            "render",
            "--engine",
            "embedded",
            "-o",
            fifo.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(is_fifo(&fifo), "the FIFO was replaced by a file");
    assert!(String::from_utf8(read).unwrap().contains("<svg"));
}

#[test]
fn a_symbolic_link_is_kept_and_the_file_it_points_to_replaced_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let links = dir.path().join("links");
    let files = dir.path().join("files");
    std::fs::create_dir(&links).unwrap();
    std::fs::create_dir(&files).unwrap();
    std::fs::write(files.join("real.dot"), "old").unwrap();
    std::os::unix::fs::symlink("../files/real.dot", links.join("x.dot")).unwrap();
    let run = output(&mut reggraph(
        dir.path(),
        &["export", "dot", "-o", "links/x.dot"],
    ));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(is_link(&links.join("x.dot")), "the link was replaced");
    assert_eq!(
        std::fs::read_to_string(files.join("real.dot")).unwrap(),
        dot_text()
    );
    assert_eq!(names_in(&links), ["x.dot"]);
    assert_eq!(names_in(&files), ["real.dot"]);
    // A link to a file that does not exist yet: the file is made.
    std::os::unix::fs::symlink("../files/new.dot", links.join("new.dot")).unwrap();
    let run = output(&mut reggraph(
        dir.path(),
        &["export", "dot", "-o", "links/new.dot"],
    ));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(is_link(&links.join("new.dot")));
    assert_eq!(
        std::fs::read_to_string(files.join("new.dot")).unwrap(),
        dot_text()
    );
    // Links in a loop: refused in our words.
    std::os::unix::fs::symlink("b", links.join("a")).unwrap();
    std::os::unix::fs::symlink("a", links.join("b")).unwrap();
    let run = output(&mut reggraph(
        dir.path(),
        &["export", "dot", "-o", "links/a"],
    ));
    assert_eq!(code(&run), 1);
    assert!(
        stderr(&run).contains("go round in a loop"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_read_only_file_is_refused_and_left_as_it_was() {
    // Root may write any file: read-only is the mode's word, not access(2)'s.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.dot");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::os::unix::fs::symlink("x.dot", dir.path().join("link.dot")).unwrap();
    for name in ["x.dot", "link.dot"] {
        let run = output(&mut reggraph(dir.path(), &["export", "dot", "-o", name]));
        assert_eq!(code(&run), 1, "{name}");
        let said = stderr(&run);
        assert!(
            said.contains("`x.dot`") && said.contains("is read-only"),
            "{said}"
        );
        assert!(
            said.contains("help: make it writable (chmod u+w x.dot)"),
            "{said}"
        );
        if name == "link.dot" {
            assert!(said.contains("where `link.dot` points"), "{said}");
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    }
    // Writable by its group but not by its owner: read-only too.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o464)).unwrap();
    let run = output(&mut reggraph(dir.path(), &["export", "dot", "-o", "x.dot"]));
    assert_eq!(code(&run), 1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    assert_eq!(names_in(dir.path()), ["link.dot", "x.dot"]);
}

#[test]
fn a_folder_is_refused_with_a_file_inside_it_suggested() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let run = output(&mut reggraph(dir.path(), &["export", "dot", "-o", "out"]));
    assert_eq!(code(&run), 1);
    assert_eq!(
        stderr(&run),
        "error: cannot write `out`: it is a folder\nhelp: name a file inside it: -o out/diagram.dot\n"
    );
    let run = output(&mut reggraph(
        dir.path(),
        &[
            "render",
            "--engine",
            "embedded",
            "--picture-format",
            "svg",
            "-o",
            "out",
        ],
    ));
    assert_eq!(code(&run), 1);
    assert!(
        stderr(&run).contains("-o out/diagram.svg"),
        "{}",
        stderr(&run)
    );
    // Without a format: still a folder, not a question of format.
    let run = output(&mut reggraph(dir.path(), &["render", "-o", "out"]));
    assert_eq!(code(&run), 1);
    assert!(stderr(&run).contains("it is a folder"), "{}", stderr(&run));
    assert!(names_in(&dir.path().join("out")).is_empty());
}

/// Sets a file's modification time `seconds` into the past.
fn age_by(path: &Path, seconds: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(seconds);
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(then)
        .unwrap();
}

/// What a killed write of `target` leaves beside it and what it does not
/// own, then whether the next write of `target` by `args` removed exactly
/// the abandoned one.
fn killed_write_is_cleaned(target: &str, args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let temporary = |random: &str| dir.path().join(format!(".{target}.{random}.tmp"));
    // A writer killed an hour ago (`kill -9`): the system released its
    // lock, and the file stays.
    let abandoned = temporary("Kill9d");
    std::fs::write(&abandoned, vec![0u8; 1 << 20]).unwrap();
    age_by(&abandoned, 3600);
    // As old, but its writer is alive and holds the lock.
    let live = temporary("Alive1");
    let held = File::create(&live).unwrap();
    held.lock().unwrap();
    age_by(&live, 3600);
    // Just made: its writer may not have locked it yet.
    let fresh = temporary("Fresh1");
    std::fs::write(&fresh, b"").unwrap();
    // Another file's, and one not of our naming.
    let other = dir.path().join(".other.dot.Other1.tmp");
    std::fs::write(&other, b"").unwrap();
    age_by(&other, 3600);
    let notes = dir.path().join(format!(".{target}.notes.txt"));
    std::fs::write(&notes, b"").unwrap();
    age_by(&notes, 3600);
    let run = output(&mut reggraph(dir.path(), args));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(
        !abandoned.exists(),
        "the abandoned temporary file is removed"
    );
    assert!(live.exists(), "a live writer's file is kept");
    assert!(fresh.exists(), "a new temporary file is kept");
    assert!(other.exists(), "another file's temporary file is kept");
    assert!(notes.exists());
    assert!(dir.path().join(target).exists());
    drop(held);
}

#[test]
fn export_removes_the_temporary_file_a_killed_export_left() {
    killed_write_is_cleaned("x.dot", &["export", "dot", "-o", "x.dot"]);
}

#[test]
fn render_removes_the_temporary_file_a_killed_render_left() {
    killed_write_is_cleaned("x.svg", &["render", "--engine", "embedded", "-o", "x.svg"]);
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x.dot");
    let failed = reggraph::load::write_atomically_with(&target, |file| {
        file.write_all(b"half")?;
        Err(std::io::Error::other("the disk is full"))
    });
    assert!(failed.is_err());
    assert!(names_in(dir.path()).is_empty());
}

/// Refuses to go on (and so to touch /dev) unless the binary writes into a
/// FIFO and through a link in a temporary folder, keeping both.
fn the_fix_is_in() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("probe.dot");
    mkfifo(&fifo);
    let _ = through_fifo(
        dir.path(),
        &fifo,
        &["export", "dot", "-o", fifo.to_str().unwrap()],
    );
    let link = dir.path().join("link.dot");
    std::os::unix::fs::symlink("probe.txt", &link).unwrap();
    let _ = output(&mut reggraph(
        dir.path(),
        &["export", "dot", "-o", "link.dot"],
    ));
    assert!(
        is_fifo(&fifo) && is_link(&link),
        "this reggraph replaces a FIFO or a link with a file: not running it on /dev, \
         where it would replace the system's files"
    );
}

#[test]
fn dev_null_is_written_into_and_stays_a_device() {
    the_fix_is_in();
    let dir = tempfile::tempdir().unwrap();
    let run = output(&mut reggraph(
        dir.path(),
        &["export", "dot", "-o", "/dev/null"],
    ));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let run = output(&mut reggraph(
        dir.path(),
        &[
            "render",
            "--engine",
            "embedded",
            "--picture-format",
            "svg",
            "-o",
            "/dev/null",
        ],
    ));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let null = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(
        null.file_type().is_char_device(),
        "/dev/null is no longer a device"
    );
    let dev: Vec<PathBuf> = std::fs::read_dir("/dev")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(dev.is_empty(), "temporary files in /dev: {dev:?}");
}

#[test]
fn dev_stdout_is_the_open_standard_output_appended_to() {
    the_fix_is_in();
    let dir = tempfile::tempdir().unwrap();
    // A pipe (what a test captures).
    let run = output(&mut reggraph(
        dir.path(),
        &["export", "dot", "-o", "/dev/stdout"],
    ));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert_eq!(text(&run.stdout), dot_text());
    // A file opened for appending (`>> log`): kept, and added to.
    let log = dir.path().join("log");
    std::fs::write(&log, "before\n").unwrap();
    let appending = File::options().append(true).open(&log).unwrap();
    let run =
        output(reggraph(dir.path(), &["export", "dot", "-o", "/dev/stdout"]).stdout(appending));
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        format!("before\n{}", dot_text())
    );
    assert!(
        is_link(Path::new("/dev/stdout")),
        "/dev/stdout is no longer a link"
    );
}

#[test]
fn a_full_stderr_does_not_panic_and_keeps_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    // An unknown id: exit 1 (101 was a panic printing the error).
    let run = output(reggraph(dir.path(), &["show", "nope"]).stderr(full()));
    assert_eq!(code(&run), 1);
    // The file is written: the lost status line does not make it a failure.
    let run = output(reggraph(dir.path(), &["export", "dot", "-o", "x.dot"]).stderr(full()));
    assert_eq!(code(&run), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("x.dot")).unwrap(),
        dot_text()
    );
    // A usage error found before any command runs: exit 2.
    let run = output(
        reggraph(dir.path(), &["list"])
            .env("REGGRAPH_TODAY", "someday")
            .stderr(full()),
    );
    assert_eq!(code(&run), 2);
}

#[test]
fn a_full_stdout_is_exit_1_with_a_message_but_a_lost_status_line_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let run = output(reggraph(dir.path(), &["list"]).stdout(full()));
    assert_eq!(code(&run), 1);
    assert!(
        stderr(&run).contains("cannot write the output: No space left on device"),
        "{}",
        stderr(&run)
    );
    // And nowhere to say so: still 1, not a panic.
    let run = output(
        reggraph(dir.path(), &["list"])
            .stdout(full())
            .stderr(full()),
    );
    assert_eq!(code(&run), 1);
    // `render`'s status line is on stdout: the picture is written all the same.
    let run = output(
        reggraph(
            dir.path(),
            &["render", "--engine", "embedded", "-o", "x.svg"],
        )
        .stdout(full()),
    );
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(dir.path().join("x.svg").exists());
    // The DOT itself on a full stdout is a failure.
    let run = output(reggraph(dir.path(), &["export", "dot", "-o", "-"]).stdout(full()));
    assert_eq!(code(&run), 1);
}

#[test]
fn no_command_panics_when_stdout_or_stderr_is_full() {
    let dir = tempfile::tempdir().unwrap();
    let commands: &[&[&str]] = &[
        &["check"],
        &["list"],
        &["--format", "json", "list"],
        &["show", "acme"],
        &["show", "nope"],
        &["neighbors", "acme"],
        &["path", "acme", "nope"],
        &["timeline"],
        &["money"],
        &["stats"],
        &["export", "dot"],
        &["export", "dot", "-o", "x.dot"],
        &["render", "--engine", "embedded", "-o", "x.svg"],
        &["generate", "--nodes", "5", "-o", "generated"],
        &["--help"],
        &["no-such-command"],
    ];
    for args in commands {
        for (out, err) in [(true, false), (false, true), (true, true)] {
            let mut command = reggraph(dir.path(), args);
            if out {
                command.stdout(full());
            }
            if err {
                command.stderr(full());
            }
            let run = output(&mut command);
            assert!(
                matches!(code(&run), 0..=2),
                "{args:?} (stdout full: {out}, stderr full: {err}) exited {}: {}",
                code(&run),
                stderr(&run)
            );
        }
    }
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = reggraph(dir.path(), &["export", "dot"]).spawn().unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// A FIFO nobody reads holds the write; SIGTERM still ends reggraph (it
/// watches signals only while Graphviz runs, and gives them their default
/// action back before writing).
#[test]
fn a_write_waiting_on_a_fifo_is_ended_by_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("waits.svg");
    mkfifo(&fifo);
    let mut child = reggraph(
        dir.path(),
        &["render", "--around", "acme", "-o", fifo.to_str().unwrap()],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // Long enough to draw and reach the FIFO's open.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let ended = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let Some(status) = ended else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("SIGTERM did not end a render waiting on a FIFO");
    };
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(15), "{status:?}");
    assert!(is_fifo(&fifo));
}

//! Running Graphviz contained: the program is started in a process group of
//! its own, which is killed whole (whatever it started too) when the time
//! is up, when the caller is interrupted, when it prints more than a picture
//! can be, and in any case once it is done with; its output is read with
//! byte limits, against one deadline that holds even when a process it left
//! behind keeps its pipes open.
//!
//! The group leader is not reaped until its group has been killed: while it
//! is a zombie its id, which is the group's, cannot be given to another
//! process, so the kill reaches only what Graphviz started.

use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

/// The most a picture may be: 256 MB of stdout (a 2,000-node SVG is a few
/// MB).
pub const STDOUT_LIMIT: usize = 256 << 20;
/// The most of Graphviz's warnings kept: the first 64 KB of stderr; the rest
/// is counted, not kept.
pub const STDERR_LIMIT: usize = 64 << 10;
/// How long the pipes may stay open once the program has exited (by a
/// process it left behind) before its group is killed.
pub const GRACE: Duration = Duration::from_millis(500);
/// How often the program's state and the interruption are looked at while
/// nothing arrives on the pipes.
const POLL: Duration = Duration::from_millis(20);

/// What stops a run from outside: the number of a signal the caller
/// received (0 while none has). The command line sets it from its signal
/// handlers; the library only reads it.
pub type Interrupt = Arc<AtomicUsize>;

/// One run of a program: what it is given and how far it may go.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    pub program: &'a Path,
    pub args: Vec<String>,
    pub input: &'a [u8],
    pub timeout: Duration,
    pub interrupt: Option<Interrupt>,
}

/// What Graphviz printed on stderr: its first [`STDERR_LIMIT`] bytes, and
/// how many more were cut.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stderr {
    pub kept: Vec<u8>,
    pub cut: u64,
}

impl Stderr {
    /// The text kept, read lossily (Graphviz's warnings quote the input in
    /// whatever encoding it was).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.kept).into_owned()
    }
}

/// A run that ended by itself.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Stderr,
}

impl Finished {
    /// The signal that killed the program, if one did.
    pub fn signal(&self) -> Option<i32> {
        self.status.signal()
    }
}

/// A run that was stopped, its process group killed.
#[derive(Debug, thiserror::Error)]
pub enum Stopped {
    #[error("it did not finish in time")]
    Timeout,
    #[error("it printed more than {} MB", STDOUT_LIMIT >> 20)]
    TooMuchOutput { stderr: Stderr },
    #[error("interrupted by signal {signal}")]
    Interrupted { signal: i32 },
    #[error("it exited, but a process it started kept its output open")]
    OutputHeld,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Runs `run.program` with `run.args`, `run.input` on its stdin, and
/// returns what it printed once it has exited and its pipes are closed;
/// stops it (its whole process group) at the deadline, on an interruption,
/// or when stdout passes [`STDOUT_LIMIT`].
pub fn run(run: &Run<'_>) -> Result<Finished, Stopped> {
    let deadline = Instant::now() + run.timeout;
    let mut command = Command::new(run.program);
    command
        .args(&run.args)
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut group = Group::spawn(&mut command)?;
    let (events, arrivals) = mpsc::channel();
    // Feed stdin and read stdout and stderr on their own threads, so that
    // a full pipe cannot stall both processes. None is joined: a thread
    // blocked on a pipe that a stray process holds open is left behind
    // rather than waited for.
    if let Some(mut stdin) = group.child.stdin.take() {
        let input = run.input.to_vec();
        std::thread::spawn(move || {
            // A program that exits without reading all of it (an error in
            // its arguments) closes the pipe: its status says why.
            let _ = stdin.write_all(&input);
        });
    }
    if let Some(stdout) = group.child.stdout.take() {
        let events = events.clone();
        std::thread::spawn(move || read_stdout(stdout, events));
    }
    if let Some(stderr) = group.child.stderr.take() {
        std::thread::spawn(move || read_stderr(stderr, events));
    }
    let (stdout, stderr) = wait(&group, &arrivals, deadline, run.interrupt.as_ref())?;
    let status = group.finish()?;
    Ok(Finished {
        status,
        stdout,
        stderr,
    })
}

/// What the reader threads send.
enum Event {
    Stdout(std::io::Result<Vec<u8>>),
    StdoutOverLimit,
    Stderr(Stderr),
}

fn read_stdout(mut pipe: ChildStdout, events: Sender<Event>) {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    let event = loop {
        match pipe.read(&mut chunk) {
            Ok(0) => break Event::Stdout(Ok(bytes)),
            Ok(n) if bytes.len() + n > STDOUT_LIMIT => break Event::StdoutOverLimit,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => break Event::Stdout(Err(e)),
        }
    };
    let _ = events.send(event);
}

fn read_stderr(mut pipe: ChildStderr, events: Sender<Event>) {
    let mut stderr = Stderr::default();
    let mut chunk = vec![0u8; 16 << 10];
    loop {
        match pipe.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                let room = STDERR_LIMIT - stderr.kept.len();
                let keep = n.min(room);
                stderr.kept.extend_from_slice(&chunk[..keep]);
                stderr.cut += (n - keep) as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // What was read so far is what there is to quote.
            Err(_) => break,
        }
    }
    let _ = events.send(Event::Stderr(stderr));
}

/// Waits for both pipes to close, the program having exited; gives up at
/// the deadline, on an interruption, on too much output, or when the pipes
/// stay open after the program exited and its group was killed.
fn wait(
    group: &Group,
    arrivals: &Receiver<Event>,
    deadline: Instant,
    interrupt: Option<&Interrupt>,
) -> Result<(Vec<u8>, Stderr), Stopped> {
    let mut stdout: Option<Vec<u8>> = None;
    let mut stderr: Option<Stderr> = None;
    let mut exited_at: Option<Instant> = None;
    let mut group_killed_at: Option<Instant> = None;
    loop {
        if let Some(signal) = interrupt
            .map(|i| i.load(Ordering::SeqCst))
            .filter(|&s| s != 0)
        {
            return Err(Stopped::Interrupted {
                signal: signal as i32,
            });
        }
        if exited_at.is_some()
            && let (Some(_), Some(_)) = (&stdout, &stderr)
        {
            return Ok((
                stdout.take().unwrap_or_default(),
                stderr.unwrap_or_default(),
            ));
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(Stopped::Timeout);
        }
        match arrivals.recv_timeout(POLL.min(deadline - now)) {
            Ok(Event::Stdout(bytes)) => stdout = Some(bytes?),
            Ok(Event::StdoutOverLimit) => {
                return Err(Stopped::TooMuchOutput {
                    stderr: stderr.unwrap_or_default(),
                });
            }
            Ok(Event::Stderr(text)) => stderr = Some(text),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {}
        }
        if exited_at.is_none() && group.exited()? {
            exited_at = Some(Instant::now());
        }
        // The program is gone but its pipes are not closed: something it
        // started holds them. Kill the group, and if even that does not
        // close them (a process that left the group), stop waiting.
        if let Some(exited) = exited_at
            && (stdout.is_none() || stderr.is_none())
            && exited.elapsed() >= GRACE
        {
            match group_killed_at {
                None => {
                    group.kill();
                    group_killed_at = Some(Instant::now());
                }
                Some(killed) if killed.elapsed() >= GRACE => return Err(Stopped::OutputHeld),
                Some(_) => {}
            }
        }
    }
}

/// A running program leading its own process group. Dropping it kills the
/// group and reaps the program, so that no early return leaves Graphviz
/// running.
struct Group {
    child: Child,
    pid: Pid,
    reaped: bool,
}

impl Group {
    fn spawn(command: &mut Command) -> std::io::Result<Group> {
        let child = command.spawn()?;
        let pid = Pid::from_child(&child);
        Ok(Group {
            child,
            pid,
            reaped: false,
        })
    }

    /// Whether the program has exited, without reaping it.
    fn exited(&self) -> std::io::Result<bool> {
        let options = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
        Ok(rustix::process::waitid(WaitId::Pid(self.pid), options)?.is_some())
    }

    /// Kills every process of the group. One already gone is not an error:
    /// there is nothing left to stop.
    fn kill(&self) {
        let _ = rustix::process::kill_process_group(self.pid, Signal::KILL);
    }

    /// Kills what the program left in its group, then reaps it.
    fn finish(mut self) -> std::io::Result<ExitStatus> {
        self.kill();
        let status = self.child.wait()?;
        self.reaped = true;
        Ok(status)
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if !self.reaped {
            self.kill();
            let _ = self.child.wait();
        }
    }
}

/// A signal's name (`SIGABRT`), for messages.
pub fn signal_name(signal: i32) -> Option<&'static str> {
    signal_hook::low_level::signal_name(signal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, timeout: Duration) -> Result<Finished, Stopped> {
        run(&Run {
            program: Path::new("/bin/sh"),
            args: vec!["-c".into(), script.into()],
            input: b"",
            timeout,
            interrupt: None,
        })
    }

    #[test]
    fn output_status_and_warnings_are_returned() {
        let done = sh(
            "printf out; printf 'warn\\377' >&2; exit 3",
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(done.stdout, b"out");
        assert_eq!(done.stderr.text(), "warn\u{fffd}");
        assert_eq!(done.status.code(), Some(3));
    }

    #[test]
    fn stderr_is_cut_and_counted() {
        let done = sh("head -c 100000 /dev/zero >&2", Duration::from_secs(10)).unwrap();
        assert_eq!(done.stderr.kept.len(), STDERR_LIMIT);
        assert_eq!(done.stderr.cut, 100_000 - STDERR_LIMIT as u64);
    }

    #[test]
    fn an_interruption_stops_the_run() {
        let interrupt: Interrupt = Arc::new(AtomicUsize::new(15));
        let started = Instant::now();
        let stopped = run(&Run {
            program: Path::new("/bin/sh"),
            args: vec!["-c".into(), "sleep 30".into()],
            input: b"",
            timeout: Duration::from_secs(30),
            interrupt: Some(interrupt),
        })
        .unwrap_err();
        assert!(matches!(stopped, Stopped::Interrupted { signal: 15 }));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn signal_names() {
        assert_eq!(signal_name(6), Some("SIGABRT"));
        assert_eq!(signal_name(11), Some("SIGSEGV"));
    }
}

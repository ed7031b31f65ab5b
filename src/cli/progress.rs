//! A progress bar on stderr for loads that take a while: it appears only
//! after half a second, and never when stdout or stderr is not a terminal
//! (pipes, files, CI logs stay clean). The library reports bytes read
//! through a callback; only the command line draws.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub struct Progress {
    bar: indicatif::ProgressBar,
    start: Instant,
    enabled: bool,
    shown: AtomicBool,
    /// The folder whose files' sizes make the total, measured only when
    /// the bar is shown; none when the total is counted as work is given
    /// ([`Progress::more`]: a diff's two sides, read from git).
    data: Option<PathBuf>,
}

impl Progress {
    pub fn new(data: &Path) -> Progress {
        use std::io::IsTerminal;
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "reading data {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta})",
        ) {
            bar.set_style(style);
        }
        Progress {
            bar,
            start: Instant::now(),
            enabled: std::io::stdout().is_terminal() && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            data: Some(data.to_path_buf()),
        }
    }

    /// A counter for work read from elsewhere than a folder (a revision
    /// from git), whose total is not known: what is read and for how long.
    pub fn counted(what: &str) -> Progress {
        let mut progress = Progress::new(std::path::Path::new(""));
        progress.data = None;
        if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
            "reading {} {{binary_bytes}} ({{elapsed}})",
            what.replace('{', "{{").replace('}', "}}")
        )) {
            progress.bar.set_style(style);
        }
        progress
    }

    /// `bytes` more were read.
    pub fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
        if self.enabled
            && self.start.elapsed() > Duration::from_millis(500)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            // The total is only worth measuring for a bar that is shown.
            if let Some(data) = &self.data {
                let total: u64 = reggraph::load::list_folder(data)
                    .map(|listing| {
                        listing
                            .paths
                            .iter()
                            .filter_map(|p| std::fs::metadata(p).ok())
                            .map(|m| m.len())
                            .sum()
                    })
                    .unwrap_or(0);
                self.bar.set_length(total);
            }
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A bar of steps (`history`'s commits) on stderr: shown after half a
/// second, and only when stderr is a terminal (stdout may be a pipe: the
/// bar does not reach it).
pub struct Steps {
    bar: indicatif::ProgressBar,
    start: Instant,
    enabled: bool,
    shown: AtomicBool,
}

impl Steps {
    /// `what` is the bar's words: `searching commits`.
    pub fn new(what: &str) -> Steps {
        use std::io::IsTerminal;
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        if let Ok(style) =
            indicatif::ProgressStyle::with_template(&format!("{what} {{wide_bar}} {{pos}}/{{len}}"))
        {
            bar.set_style(style);
        }
        Steps {
            bar,
            start: Instant::now(),
            enabled: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    /// `done` steps of `total` are done.
    pub fn advance(&self, done: usize, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
        if self.enabled
            && self.start.elapsed() > Duration::from_millis(500)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

//! `reggraph diff`: records matched by meaning between the commits of a
//! scripted repository (tests/common/repo.rs), in text, JSON and --stat.

mod common;

use common::repo::{SERIES, scripted};

#[test]
fn scratch() {
    let repo = scripted();
    for pair in repo.commits.windows(2) {
        let run = repo.run(&["diff", &pair[0], &pair[1]]);
        println!("{}{}", run.stdout, run.stderr);
    }
    let _ = SERIES;
    panic!();
}

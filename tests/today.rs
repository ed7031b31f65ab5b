//! `$REGGRAPH_TODAY` fixes what "today" means: answers that depend on it
//! change with it, an invalid value is a usage error, and every command the
//! tests spawn takes the same fixed day.

mod common;

use common::Run;

const FUTURE: &str = "tests/fixtures/future-milestone";

fn on(today: &str, args: &[&str]) -> Run {
    let mut all = vec!["--data", FUTURE];
    all.extend_from_slice(args);
    common::run(&all, &[("REGGRAPH_TODAY", today)])
}

#[test]
fn the_warning_on_a_milestone_after_today_follows_reggraph_today() {
    // The fixture has an actual milestone dated 2099-01-01.
    let before = on("2098-12-31", &["check"]);
    assert_eq!(before.code, 0);
    assert!(
        before
            .stdout
            .contains("warning: this milestone is dated 2099-01-01, after today"),
        "{}",
        before.stdout
    );
    assert!(before.stdout.ends_with("0 errors, 1 warning\n"));
    let after = on("2099-01-01", &["check"]);
    assert_eq!(after.code, 0);
    assert_eq!(
        after.stdout,
        "2 nodes, 1 edge, 1 source: 0 errors, 0 warnings\n"
    );
}

#[test]
fn a_status_follows_reggraph_today() {
    // Applicable from 2021-01, and from 2099-01-01 for the rest.
    let status = |today: &str| {
        let run = on(today, &["show", "law"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
            .lines()
            .find_map(|line| line.strip_prefix("  status"))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(status("2020-06-01"), "proposed");
    assert_eq!(status("2026-11-30"), "partly-applicable");
    assert_eq!(status("2099-06-01"), "applicable");
}

#[test]
fn a_reggraph_today_that_is_not_a_date_is_a_usage_error() {
    for value in ["tomorrow", "2026-02-30", "2026-1-01", "2026-11-30T10:00"] {
        let run = on(value, &["check"]);
        assert_eq!(run.code, 2, "{value}");
        assert_eq!(
            run.stderr,
            format!("error: REGGRAPH_TODAY is not a date (YYYY-MM-DD): \"{value}\"\n")
        );
        assert_eq!(run.stdout, "");
    }
    // Empty means unset.
    assert_eq!(on("", &["check"]).code, 0);
}

#[test]
fn every_spawned_command_takes_the_same_fixed_today() {
    // A milestone dated the day after the runner's today is after today,
    // whatever day the tests run.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{FUTURE}/data.ron"))
        .unwrap()
        .replace("2099-01-01", "2026-12-01");
    std::fs::write(dir.path().join("data.ron"), text).unwrap();
    let data = dir.path().to_str().unwrap();
    let run = common::run_on(data, &["check"]);
    assert_eq!(common::TODAY, "2026-11-30");
    assert!(
        run.stdout.ends_with("0 errors, 1 warning\n"),
        "{}",
        run.stdout
    );
    let next_day = common::run(
        &["--data", data, "check"],
        &[("REGGRAPH_TODAY", "2026-12-01")],
    );
    assert!(next_day.stdout.ends_with("0 errors, 0 warnings\n"));
}

//! `reggraph check` on files with very long lines: the quoted line is cut
//! to a window around the label, with `…` where text was left out, while
//! the `-->` location and the gutter keep the file's line and column.
//!
//! Each test writes its data folder into a temporary directory (the big
//! inputs are generated, not committed) and runs the real binary with a
//! snapshot folder of its own and no colours.

use std::path::Path;
use std::time::{Duration, Instant};

use reggraph::diagnostic::{ELLIPSIS, LINE_LIMIT, WINDOW};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// `reggraph --data <folder> check`, timed.
fn check(data: &Path) -> Run {
    let cache = tempfile::tempdir().unwrap();
    let mut command = assert_cmd::Command::cargo_bin("reggraph").unwrap();
    command
        .env("REGGRAPH_CACHE_DIR", cache.path())
        .env("NO_COLOR", "1")
        .env_remove("REGGRAPH_DATA")
        .arg("--data")
        .arg(data)
        .arg("check");
    let started = Instant::now();
    let output = command.output().unwrap();
    let took = started.elapsed();
    Run {
        code: output.status.code().expect("exited by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        took,
    }
}

/// A valid data file but for the field `tagz` of its node, all on one
/// line, with `description` for the node's description.
fn one_line(description: &str) -> String {
    format!(
        "(nodes: [ (id: \"a\", kind: Company, name: \"A\", description: \"{description}\", \
         sources: [\"s\"], tagz: []) ], sources: [(id: \"s\", title: \"t\")])"
    )
}

/// A data folder holding `text` as `data.ron`.
fn folder(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.ron");
    std::fs::write(&file, text).unwrap();
    (dir, file.display().to_string())
}

/// The 1-based column, in characters, of the field `tagz`.
fn tagz_column(text: &str) -> usize {
    text[..text.find("tagz").unwrap()].chars().count() + 1
}

/// The source line of the first snippet (`1 | ...`) and the caret line
/// under it.
fn quoted(stdout: &str) -> (&str, &str) {
    let mut lines = stdout.lines().skip_while(|line| !line.starts_with("1 | "));
    (lines.next().unwrap(), lines.next().unwrap())
}

#[test]
fn one_error_in_a_50_mb_line_prints_a_window() {
    let text = one_line(&"x".repeat(50_000_000));
    let (dir, file) = folder(&text);
    let run = check(dir.path());
    eprintln!(
        "check took {:?}, printed {} bytes",
        run.took,
        run.stdout.len()
    );

    assert_eq!(
        run.code,
        1,
        "{}\n{}",
        run.stderr,
        &run.stdout[..run.stdout.len().min(2000)]
    );
    // Before the window, 100 MB: the line and a caret line as long.
    assert!(
        run.stdout.len() < 10_000,
        "{} bytes of output",
        run.stdout.len()
    );
    let column = tagz_column(&text);
    assert_eq!(column, 50_000_080);
    assert!(
        run.stdout.contains(&format!("--> {file}:1:{column}\n")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(ELLIPSIS), "{}", run.stdout);
    let (source, carets) = quoted(&run.stdout);
    assert!(source.starts_with("1 | …xxx"), "{source}");
    assert!(
        source.ends_with("sources: [\"s\"], tagz: []) ], sources: [(id: \"s\", title: \"t\")])")
    );
    assert_eq!(source.chars().count(), "1 | ".len() + 1 + WINDOW);
    let at = source[..source.find("tagz").unwrap()].chars().count();
    assert_eq!(carets.find('^'), Some(at), "\n{source}\n{carets}");
    assert!(carets.ends_with("^^^^ unknown field"), "{carets}");
    // Measured on 2 shared cores, debug build: 8-13 s for the whole run,
    // of which rendering the diagnostic is about 8 ms (the rest is reading
    // and checking the file; `--format json` takes as long), for about 560
    // bytes of output. Before the window: 35 s, half of it rendering, and
    // 100 MB.
    assert!(run.took < Duration::from_secs(60), "took {:?}", run.took);
}

#[test]
fn a_line_of_the_limit_is_quoted_whole_as_before() {
    // Padded to exactly LINE_LIMIT characters.
    let bare = one_line("").chars().count();
    let text = one_line(&"d".repeat(LINE_LIMIT - bare));
    assert_eq!(text.chars().count(), LINE_LIMIT);
    let (dir, file) = folder(&format!("{text}\n"));
    let run = check(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let column = tagz_column(&text);
    let carets = format!("{}^^^^ unknown field", " ".repeat(column - 1));
    let expected = format!(
        "error: unknown field `tagz`\n  \
         --> {file}:1:{column}\n  \
         |\n\
         1 | {text}\n  \
         | {carets}\n  \
         |\n  \
         = this node is left out of the graph until it is fixed\n  \
         = help: did you mean `tags`? allowed fields: id, kind, name, aliases, description, tags, \
         date, period, jurisdiction, status, sector, budget, milestones, sources, quote, citations, \
         alternatives\n\
         \n\
         0 nodes, 0 edges, 1 source: 1 error, 0 warnings\n"
    );
    assert_eq!(run.stdout, expected);

    // One character more and the line is cut.
    let text = one_line(&"d".repeat(LINE_LIMIT - bare + 1));
    let (dir, file) = folder(&format!("{text}\n"));
    let run = check(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let column = tagz_column(&text);
    assert!(
        run.stdout.contains(&format!("--> {file}:1:{column}\n")),
        "{}",
        run.stdout
    );
    let (source, _) = quoted(&run.stdout);
    assert_eq!(
        source,
        format!(
            "1 | …{}",
            text.chars()
                .skip(LINE_LIMIT + 1 - WINDOW)
                .collect::<String>()
        )
    );
}

#[test]
fn a_long_line_of_multibyte_characters_is_cut_between_characters() {
    // 1 MB of two-, three- and four-byte characters, some two columns
    // wide: the window starts in the middle of them.
    let text = one_line(&"é🚀中文ü".repeat(70_001));
    let (dir, file) = folder(&text);
    let run = check(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.len() < 10_000,
        "{} bytes of output",
        run.stdout.len()
    );
    let column = tagz_column(&text);
    assert_eq!(column, 80 + 5 * 70_001);
    assert!(
        run.stdout.contains(&format!("--> {file}:1:{column}\n")),
        "{}",
        run.stdout
    );
    let (source, carets) = quoted(&run.stdout);
    assert!(source.starts_with("1 | …"), "{source}");
    assert!(
        source
            .ends_with("\", sources: [\"s\"], tagz: []) ], sources: [(id: \"s\", title: \"t\")])")
    );
    assert_eq!(source.chars().count(), "1 | ".len() + 1 + WINDOW);
    // The carets are under `tagz`, the wide characters before it counted
    // at their width.
    let before = &source[..source.find("tagz").unwrap()];
    let wide = before
        .chars()
        .filter(|c| matches!(c, '🚀' | '中' | '文'))
        .count();
    assert_eq!(
        carets.find('^'),
        Some(before.chars().count() + wide),
        "\n{source}\n{carets}"
    );
}

#[test]
fn long_lines_elsewhere_in_the_file_change_nothing() {
    // CRLF line breaks; a 1 MB description on line 4, an unknown field on
    // line 5 (short, quoted whole) and another at the end of line 6 (long).
    let long = "l".repeat(1_000_000);
    let lines = [
        "(".to_string(),
        "  nodes: [".to_string(),
        "    (id: \"a\", kind: Company, name: \"A\", sources: [\"s\"],".to_string(),
        format!("      description: \"{long}\","),
        "      tagz: []),".to_string(),
        format!(
            "    (id: \"b\", kind: Company, name: \"B\", sources: [\"s\"], aliases: [\"{long}\"], colour: 1),"
        ),
        "  ],".to_string(),
        "  sources: [(id: \"s\", title: \"t\")],".to_string(),
        ")".to_string(),
    ];
    let (dir, file) = folder(&(lines.join("\r\n") + "\r\n"));
    let run = check(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.len() < 10_000,
        "{} bytes of output",
        run.stdout.len()
    );
    assert!(!run.stdout.contains('\r'), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "--> {file}:5:7\n  |\n5 |       tagz: []),\n  |       ^^^^ unknown field\n"
        )),
        "{}",
        run.stdout
    );
    let column = "    (id: \"b\", kind: Company, name: \"B\", sources: [\"s\"], aliases: [\"".len()
        + long.len()
        + "\"], ".len()
        + 1;
    assert!(
        run.stdout.contains(&format!("--> {file}:6:{column}\n")),
        "{}",
        run.stdout
    );
    let source = run
        .stdout
        .lines()
        .find(|line| line.starts_with("6 | "))
        .unwrap();
    assert_eq!(
        source,
        format!("6 | …{}\"], colour: 1),", "l".repeat(WINDOW - 15))
    );
}

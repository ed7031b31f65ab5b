//! README's tour shows real output: every `$ reggraph ...` line in a
//! ```console block is run on the bundled data and must print exactly the
//! lines that follow it (stdout, then stderr). A change to the data or the
//! output format that makes the README stale fails here.

mod common;

struct Example {
    line: usize,
    args: Vec<String>,
    expected: String,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```console") {
            in_console = true;
            continue;
        }
        if line.starts_with("```") {
            in_console = false;
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ reggraph") {
            examples.push(Example {
                line: i + 1,
                args: shell_words::split(command).expect("README command is valid shell"),
                expected: String::new(),
            });
        } else if let Some(example) = examples.last_mut() {
            example.expected.push_str(line);
            example.expected.push('\n');
        }
    }
    examples
}

#[test]
fn readme_console_examples_print_what_they_show() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let examples = examples(&readme);
    assert!(
        examples.len() >= 10,
        "expected the tour's examples, found {}",
        examples.len()
    );
    let mut stale = Vec::new();
    for example in &examples {
        let output = common::binary()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("REGGRAPH_DATA")
            .args(&example.args)
            .output()
            .unwrap();
        let actual = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if actual.trim_end() != example.expected.trim_end() {
            stale.push(format!(
                "README.md:{}: `reggraph {}` now prints:\n{actual}",
                example.line,
                example.args.join(" ")
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "stale README examples:\n\n{}",
        stale.join("\n")
    );
}

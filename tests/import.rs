//! `reggraph import csv|xlsx`: Kumu's sheets into data files, every bad
//! cell named by sheet, row and column, nothing written on an error, a
//! second import adding nothing, possible duplicates reported and never
//! merged.

use std::path::{Path, PathBuf};

mod common;

const SHEETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

/// A temporary folder with `data/`, a copy of the frozen editorial data,
/// and the import fixtures beside it (so that messages name them by short
/// relative paths).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(common::EDITORIAL),
        &dir.path().join("data"),
    );
    std::fs::remove_file(dir.path().join("data/README.md")).ok();
    copy_tree(Path::new(SHEETS), &dir.path().join("sheets"));
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// `reggraph --data data ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> common::Run {
    let mut command = common::binary();
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["--data", "data"])
        .args(args);
    let output = command.output().unwrap();
    common::Run {
        code: output.status.code().expect("exited by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        cache_dir: command.cache_dir().to_path_buf(),
    }
}

/// Every file under `dir`, with its bytes, sorted.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    all.sort();
    all
}

const KUMU_CSV: &[&str] = &[
    "import",
    "csv",
    "sheets/kumu/sources.csv",
    "sheets/kumu/elements.csv",
    "sheets/kumu/connections.csv",
    "-o",
    "data/imported",
];

#[test]
fn kumu_csv_sheets_become_data_files_that_check_clean() {
    let dir = workspace();
    let run = run_in(dir.path(), KUMU_CSV);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "sheets/kumu/sources.csv: added 1 source to data/imported/sources.ron\n\
         sheets/kumu/elements.csv: added 3 nodes to data/imported/elements.ron\n\
         sheets/kumu/connections.csv: added 3 edges to data/imported/connections.ron\n\
         1 row already in the data\n"
    );
    // Mistral AI's row is the data's node exactly: nothing to say.
    assert_eq!(run.stderr, "");
    let imported = dir.path().join("data/imported");
    insta::assert_snapshot!(
        "kumu_elements",
        std::fs::read_to_string(imported.join("elements.ron")).unwrap()
    );
    insta::assert_snapshot!(
        "kumu_connections",
        std::fs::read_to_string(imported.join("connections.ron")).unwrap()
    );
    insta::assert_snapshot!(
        "kumu_sources",
        std::fs::read_to_string(imported.join("sources.ron")).unwrap()
    );
    let check = run_in(dir.path(), &["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(!check.stdout.contains("imported/"), "{}", check.stdout);
    // What the sheets say, the graph answers: the raise by the URL-cited
    // round, the alias in From.
    let money = run_in(dir.path(), &["show", "hugging-face-series-d"]);
    assert!(money.stdout.contains("USD 235M"), "{}", money.stdout);
    let show = run_in(dir.path(), &["show", "HF"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.stdout.contains("competes-with"), "{}", show.stdout);
}

#[test]
fn a_second_import_of_the_same_sheets_adds_nothing_and_leaves_every_byte() {
    let dir = workspace();
    assert_eq!(run_in(dir.path(), KUMU_CSV).code, 0);
    let before = files(&dir.path().join("data"));
    let again = run_in(dir.path(), KUMU_CSV);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stdout,
        "sheets/kumu/sources.csv: nothing to add\n\
         sheets/kumu/elements.csv: nothing to add\n\
         sheets/kumu/connections.csv: nothing to add\n\
         8 rows already in the data\n"
    );
    assert_eq!(files(&dir.path().join("data")), before);
}

#[test]
fn a_workbook_gives_the_same_graph_as_the_same_sheets_in_csv() {
    let from_csv = workspace();
    assert_eq!(run_in(from_csv.path(), KUMU_CSV).code, 0);
    let from_xlsx = workspace();
    let run = run_in(
        from_xlsx.path(),
        &["import", "xlsx", "sheets/kumu.xlsx", "-o", "data/imported"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "sheets/kumu.xlsx: added 3 nodes, 3 edges, 1 source to data/imported/kumu.ron\n\
         1 row already in the data; 1 warning to review (above)\n"
    );
    assert!(
        run.stderr
            .contains("warning[sheet-not-read]: sheet \"Notes\" is not read"),
        "{}",
        run.stderr
    );
    let json = |dir: &Path| {
        let run = run_in(dir, &["export", "json", "-o", "-"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    // Date cells read to the day, numbers as years and amounts.
    assert_eq!(json(from_xlsx.path()), json(from_csv.path()));
    let again = run_in(
        from_xlsx.path(),
        &["import", "xlsx", "sheets/kumu.xlsx", "-o", "data/imported"],
    );
    assert!(
        again
            .stdout
            .starts_with("sheets/kumu.xlsx: nothing to add\n"),
        "{}",
        again.stdout
    );
}

#[test]
fn every_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written() {
    let dir = workspace();
    let before = files(&dir.path().join("data"));
    let run = run_in(
        dir.path(),
        &[
            "import",
            "xlsx",
            "sheets/bad-cells.xlsx",
            "-o",
            "data/imported",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("bad_cells", run.stderr);
    assert_eq!(files(&dir.path().join("data")), before);
    // An unknown kind lists the allowed ones.
    assert!(run.stderr.contains(
        "error[unknown-kind]: \"Entreprise\" is not a node kind\n  --> sheets/bad-cells.xlsx, sheet Elements, row 2, column C (Type)"
    ));
    assert!(
        run.stderr
            .contains("allowed: person, company, investor, public-body")
    );
    // A connection naming a node whose row is refused waits on that
    // row's error: no error of its own.
    assert!(
        !run.stderr.contains("\"Salesforce\" is no node"),
        "{}",
        run.stderr
    );
    // The Sources sheet starts at B2: its places are the spreadsheet's.
    assert!(
        run.stderr.contains("sheet Sources, row 3, column B (ID)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_node_that_may_duplicate_another_is_imported_under_its_own_id_and_reported() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("elements.csv"),
        "Label,Type,Source\nMistral A.I.,Company,alliancy-edito-2023-06\n\
         Macron,Person,alliancy-edito-2023-06\n",
    )
    .unwrap();
    let actors = std::fs::read(dir.path().join("data/actors.ron")).unwrap();
    let run = run_in(dir.path(), &["import", "csv", "elements.csv", "-o", "data"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "elements.csv: added 2 nodes to data/elements.ron\n2 warnings to review (above)\n"
    );
    insta::assert_snapshot!("possible_duplicates", run.stderr);
    // Not merged: the data's nodes are as they were.
    assert_eq!(
        std::fs::read(dir.path().join("data/actors.ron")).unwrap(),
        actors
    );
    let list = run_in(dir.path(), &["list", "--match", "mistral"]);
    assert!(list.stdout.contains("mistral-a-i"), "{}", list.stdout);
    assert!(list.stdout.contains("mistral-ai "), "{}", list.stdout);
}

#[test]
fn a_row_whose_id_the_data_has_is_that_node_unless_it_says_otherwise_then_it_is_kept_out() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("elements.csv"),
        "ID,Label,Type,Source\nmistral-ai,Mistral AI,Investor,alliancy-edito-2023-06\n\
         ,OpenAI,company,alliancy-edito-2023-06\n",
    )
    .unwrap();
    let before = files(&dir.path().join("data"));
    let run = run_in(
        dir.path(),
        &["import", "csv", "elements.csv", "-o", "data/imported"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // OpenAI's row says less than the data's node, and nothing else: it
    // is that node, with no word. Mistral AI's says another kind.
    assert_eq!(
        run.stdout,
        "elements.csv: nothing to add\n1 row already in the data; 1 warning to review (above)\n"
    );
    assert!(
        run.stderr.contains(
            "warning[already-there]: the data already has node \"mistral-ai\", and its kind differs \
             from this row's: the row is not imported\n  --> elements.csv, row 2, column A (ID)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(files(&dir.path().join("data")), before);
}

#[test]
fn a_header_mapping_file_reads_other_names_and_types() {
    let dir = workspace();
    let run = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "sheets/mapped/acteurs.csv",
            "sheets/mapped/liens.csv",
            "--columns",
            "sheets/mapped/columns.ron",
            "-o",
            "data/imported",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // `Photo` is left out on purpose: no warning.
    assert_eq!(run.stderr, "");
    let show = run_in(dir.path(), &["show", "clement-delangue"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.stdout.contains("co-founded"), "{}", show.stdout);

    std::fs::write(
        dir.path().join("bad.ron"),
        "(\n    elements: {\"Nom\": \"Lable\"},\n    colums: {},\n)\n",
    )
    .unwrap();
    let bad = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "sheets/kumu/elements.csv",
            "--columns",
            "bad.ron",
            "-o",
            "data/imported",
        ],
    );
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("error[bad-header]"), "{}", bad.stderr);
    assert!(bad.stderr.contains("bad.ron:3:"), "{}", bad.stderr);
}

#[test]
fn an_error_the_checker_finds_in_an_imported_record_names_its_row() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("elements.csv"),
        "Label,Type,Start Date,End Date,Source\nPlan,Programme,2030,2018,alliancy-edito-2023-06\n",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &["import", "csv", "elements.csv", "-o", "data/imported"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("period"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("= this record comes from elements.csv, row 2"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("data/imported").exists());
}

#[test]
fn hostile_cells_are_kept_exactly_and_printed_escaped() {
    let dir = workspace();
    let name = "Evil \"Corp\" \\ <b>&amp; ]]> l'été \u{202e}txet";
    let mut sheet = csv::Writer::from_path(dir.path().join("elements.csv")).unwrap();
    sheet
        .write_record(["Label", "Type", "Description", "Source"])
        .unwrap();
    sheet
        .write_record([name, "Company", "two\nlines", "alliancy-edito-2023-06"])
        .unwrap();
    sheet
        .write_record(["Bell\u{7}", "Company", "", "alliancy-edito-2023-06"])
        .unwrap();
    sheet.flush().unwrap();
    drop(sheet);
    // A control character is refused by the checker, at its row.
    let run = run_in(
        dir.path(),
        &["import", "csv", "elements.csv", "-o", "data/imported"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("row 3"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{7}'), "{}", run.stderr);
    // Without it, the rest goes through as it is.
    let text = std::fs::read_to_string(dir.path().join("elements.csv")).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("Bell"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("elements.csv"), kept + "\n").unwrap();
    let run = run_in(
        dir.path(),
        &["import", "csv", "elements.csv", "-o", "data/imported"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run_in(dir.path(), &["list", "--format", "json", "--match", "evil"]);
    let listed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(
        json.stdout
            .contains(&serde_json::to_string(name).unwrap()[1..10])
    );
    let names: Vec<&str> = listed
        .as_array()
        .or_else(|| listed["nodes"].as_array())
        .unwrap()
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert_eq!(names, [name]);
}

#[test]
fn files_that_are_not_sheets_are_refused_without_a_panic() {
    let dir = workspace();
    for (format, file, words) in [
        ("xlsx", "sheets/not-a-workbook.xlsx", "cannot read"),
        ("xlsx", "sheets/cut-short.xlsx", "cannot read"),
        (
            "xlsx",
            "sheets/inflates-too-far.xlsx",
            "inflates to 3840 MiB, past the limit of 512 MiB",
        ),
    ] {
        let run = run_in(dir.path(), &["import", format, file, "-o", "data/imported"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(words), "{file}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{file}: {}", run.stderr);
    }
    std::fs::write(
        dir.path().join("latin1.csv"),
        b"Label,Type\nCaf\xe9,Company\n",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &["import", "csv", "latin1.csv", "-o", "data/imported"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("latin1.csv, row 2, column A") && run.stderr.contains("not UTF-8"),
        "{}",
        run.stderr
    );
    std::fs::write(dir.path().join("utf16.csv"), b"\xff\xfeL\0a\0").unwrap();
    let run = run_in(
        dir.path(),
        &["import", "csv", "utf16.csv", "-o", "data/imported"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("UTF-16"), "{}", run.stderr);
    assert!(!dir.path().join("data/imported").exists());
}

#[test]
fn usage_mistakes_exit_2() {
    let dir = workspace();
    let run = run_in(
        dir.path(),
        &["import", "csv", "sheets/kumu.xlsx", "-o", "data/imported"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("reggraph import xlsx sheets/kumu.xlsx"),
        "{}",
        run.stderr
    );
    let run = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "sheets/kumu/elements.csv",
            "-o",
            "elsewhere",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not a folder in the data folder"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("elsewhere").exists());
    let run = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "sheets/kumu/elements.csv",
            "sheets/kumu/elements.csv",
            "-o",
            "data/x",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("two of the files are named elements"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dry_run_says_what_would_be_added_and_writes_nothing() {
    let dir = workspace();
    let before = files(&dir.path().join("data"));
    let mut args = KUMU_CSV.to_vec();
    args.push("--dry-run");
    let run = run_in(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("sheets/kumu/elements.csv: would add 3 nodes to data/imported/elements.ron"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("dry run: nothing was written\n"),
        "{}",
        run.stdout
    );
    assert_eq!(files(&dir.path().join("data")), before);
}

#[test]
fn a_jurisdiction_and_a_from_may_be_named_by_name_and_a_date_cell_keeps_its_precision() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("elements.csv"),
        "Label,Type,Jurisdiction,Status,Date,Source\n\
         Loi SREN,Regulation,France,adopted,2024-05,alliancy-edito-2023-06\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("connections.csv"),
        "From,To,Type,Source\nLoi SREN,France,applies-in,alliancy-edito-2023-06\n",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "elements.csv",
            "connections.csv",
            "-o",
            "data/imported",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("data/imported/elements.ron")).unwrap();
    assert!(text.contains("jurisdiction: \"france\""), "{text}");
    assert!(text.contains("date: \"2024-05\""), "{text}");
    assert!(text.contains("status: Adopted"), "{text}");
    let edges = std::fs::read_to_string(dir.path().join("data/imported/connections.ron")).unwrap();
    assert!(edges.contains("from: \"loi-sren\""), "{edges}");
}

//! The module graph of docs/ARCHITECTURE.md holds: no module imports one it
//! may not, and no two modules import each other, directly or not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of the library and the modules it uses
/// (`crate::name` anywhere in its files).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if name == "lib" || name == "main" {
            continue;
        }
        let mut used = BTreeSet::new();
        for file in walkdir::WalkDir::new(&path) {
            let file = file.unwrap();
            if file.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(file.path()).unwrap();
                for (at, _) in text.match_indices("crate::") {
                    let rest = &text[at + "crate::".len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    if !module.is_empty() && module != name {
                        used.insert(module);
                    }
                }
            }
        }
        graph.insert(name, used);
    }
    graph
}

#[test]
fn no_module_imports_what_it_may_not() {
    let graph = imports();
    let forbidden: &[(&str, &[&str])] = &[
        (
            "diagnostic",
            &[
                "model",
                "load",
                "check",
                "graph",
                "cache",
                "workspace",
                "query",
                "export",
                "cli",
                "suggest",
            ],
        ),
        (
            "model",
            &["load", "check", "graph", "cache", "workspace", "cli"],
        ),
        ("load", &["check", "graph", "cache", "workspace", "cli"]),
        ("check", &["cache", "workspace", "cli"]),
        ("graph", &["load", "check", "cache", "workspace", "cli"]),
        ("cache", &["check", "workspace", "cli"]),
        ("workspace", &["cli"]),
        ("query", &["load", "check", "cache", "workspace", "cli"]),
        ("export", &["load", "check", "cache", "workspace", "cli"]),
        (
            "import",
            &[
                "check",
                "graph",
                "cache",
                "workspace",
                "query",
                "export",
                "cli",
            ],
        ),
        (
            "fmt",
            &[
                "check",
                "graph",
                "cache",
                "workspace",
                "query",
                "export",
                "cli",
            ],
        ),
        (
            "output",
            &[
                "check",
                "graph",
                "cache",
                "workspace",
                "query",
                "export",
                "cli",
            ],
        ),
        (
            "words",
            &[
                "load",
                "check",
                "graph",
                "cache",
                "workspace",
                "query",
                "export",
                "cli",
                "suggest",
            ],
        ),
        ("dossier", &["check", "cache", "workspace", "cli"]),
        (
            "git",
            &[
                "model",
                "load",
                "check",
                "graph",
                "cache",
                "workspace",
                "query",
                "export",
                "cli",
            ],
        ),
        (
            "diff",
            &["graph", "cache", "workspace", "query", "export", "cli"],
        ),
        (
            "checkout",
            &[
                "model",
                "load",
                "check",
                "graph",
                "cache",
                "workspace",
                "query",
                "export",
                "cli",
            ],
        ),
        (
            "suggest",
            &[
                "model",
                "load",
                "check",
                "graph",
                "cache",
                "workspace",
                "query",
                "cli",
            ],
        ),
    ];
    for (module, never) in forbidden {
        let used = &graph[*module];
        for other in *never {
            assert!(
                !used.contains(*other),
                "{module} imports {other}, which docs/ARCHITECTURE.md forbids"
            );
        }
    }
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = imports();
    // Depth-first search with colours: grey on the current path.
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        grey: &mut Vec<&'a str>,
        black: &mut BTreeSet<&'a str>,
    ) {
        if black.contains(node) {
            return;
        }
        if let Some(at) = grey.iter().position(|g| *g == node) {
            panic!("import cycle: {} -> {node}", grey[at..].join(" -> "));
        }
        grey.push(node);
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, grey, black);
        }
        grey.pop();
        black.insert(node);
    }
    let mut black = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut black);
    }
}

/// Library errors are said in the library's terms: the flags that lead to
/// them are the command line's business (it adds them to its messages).
#[test]
fn the_library_names_no_flag() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut named = Vec::new();
    for file in walkdir::WalkDir::new(&src) {
        let file = file.unwrap();
        let path = file.path();
        let inside = path.strip_prefix(&src).unwrap();
        if path.extension().is_none_or(|e| e != "rs")
            || inside.starts_with("cli")
            || inside == Path::new("main.rs")
            // The options of the `git` command it runs, not ours.
            || inside == Path::new("git.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with("#[") {
                continue;
            }
            // A string literal holding `--word`.
            let mut quoted = false;
            let bytes = line.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'"' && (i == 0 || bytes[i - 1] != b'\\') {
                    quoted = !quoted;
                } else if quoted
                    && b == b'-'
                    && bytes.get(i + 1) == Some(&b'-')
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_lowercase)
                    && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'-')
                {
                    named.push(format!("{}:{}: {}", inside.display(), n + 1, code));
                    break;
                }
            }
        }
    }
    assert!(
        named.is_empty(),
        "the library names flags:\n{}",
        named.join("\n")
    );
}

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

//! Every fixture that loads is drawn by both engines, as a graph and as a
//! timeline, and every SVG is well-formed XML.

use std::path::Path;

mod common;

fn parse(svg: &str) -> Result<(), String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(svg, options)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn every_fixture_renders_with_both_engines_as_well_formed_svg() {
    assert!(common::graphviz().is_some() || std::env::var_os("CI").is_none());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut folders: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let dir = tempfile::tempdir().unwrap();
    let mut drawn = 0;
    for folder in &folders {
        let data = folder.to_str().unwrap();
        let name = folder.file_name().unwrap().to_string_lossy();
        for engine in ["graphviz", "embedded"] {
            for timeline in [false, true] {
                let out = dir.path().join(format!("{name}-{engine}-{timeline}.svg"));
                let mut args = vec!["--data", data, "render", "--engine", engine];
                if timeline {
                    args.push("--timeline");
                }
                args.extend(["-o", out.to_str().unwrap()]);
                let run = common::run(&args, &[]);
                if run.code == 1
                    && (run.stderr.contains("the data has errors")
                        || run.stderr.contains("no data")
                        || run.stderr.contains("nothing to draw"))
                {
                    assert!(!out.exists(), "{name}: a refused render wrote {out:?}");
                    continue;
                }
                assert_eq!(
                    run.code, 0,
                    "{name} {engine} timeline={timeline}: {}",
                    run.stderr
                );
                let svg = std::fs::read_to_string(&out).unwrap();
                parse(&svg).unwrap_or_else(|e| panic!("{name} {engine} timeline={timeline}: {e}"));
                drawn += 1;
            }
        }
    }
    // Most fixtures hold errors on purpose; the ones that load are drawn.
    assert!(drawn >= 20, "only {drawn} pictures drawn");
}

//! `dossier`: snapshots of Mistral AI's report as Markdown and HTML (on a
//! copy of the editorial data outside git, with today fixed), the as-of
//! date and the data revision it states, hostile data that injects nothing,
//! and the HTML opened in headless Chromium at A4 width: a screenshot, no
//! horizontal overflow, no console message.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::Run;

/// A copy of a fixture folder in a temporary folder (outside any git
/// repository, so the revision is the content fingerprint alone).
fn copy_of(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, data.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn dossier(data: &Path, args: &[&str]) -> Run {
    let data = data.to_str().unwrap();
    let mut all = vec!["--data", data, "dossier"];
    all.extend_from_slice(args);
    common::run(&all, &[])
}

#[track_caller]
fn write_report(data: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["mistral-ai", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = dossier(data, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read_to_string(out).unwrap()
}

/// The HTML with its inline SVG (which depends on the Graphviz version
/// that drew it) replaced by a line saying how many nodes it drew.
fn without_svg(html: &str) -> String {
    let start = html.find("<svg").expect("an inline SVG");
    let end = html.find("</svg>").expect("a closed SVG") + "</svg>".len();
    let nodes = html[start..end].matches("class=\"node\"").count();
    format!("{}[svg: {nodes} nodes]{}", &html[..start], &html[end..])
}

#[test]
fn mistral_ai_as_markdown_with_its_diagram_beside_it() {
    let dir = copy_of(common::EDITORIAL);
    let data = dir.path().join("data");
    let out = dir.path().join("mistral.md");
    let text = write_report(&data, &out, &[]);
    assert!(text.contains("as of today (2026-11-30)"), "{text}");
    assert!(text.contains("![Mistral AI and its neighbourhood (2 edges)](<mistral.svg>)"));
    let svg = std::fs::read_to_string(dir.path().join("mistral.svg")).unwrap();
    roxmltree::Document::parse_with_options(
        &svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("the diagram beside it is SVG");
    insta::assert_snapshot!("dossier-mistral-ai-md", text);
    // Same data, same bytes.
    assert_eq!(write_report(&data, &out, &[]), text);
}

#[test]
fn mistral_ai_as_html() {
    let dir = copy_of(common::EDITORIAL);
    let data = dir.path().join("data");
    let out = dir.path().join("mistral.html");
    let html = write_report(&data, &out, &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("<?xml"),
        "the SVG is inline, without its prolog"
    );
    assert!(html.contains("@page { size: A4;"));
    insta::assert_snapshot!("dossier-mistral-ai-html", without_svg(&html));
    assert_eq!(write_report(&data, &out, &[]), html);
}

#[test]
fn an_as_of_date_keeps_what_held_then_and_is_said() {
    let dir = copy_of(common::EDITORIAL);
    let data = dir.path().join("data");
    let out = dir.path().join("may.md");
    let text = write_report(&data, &out, &["--as-of", "2023-05"]);
    assert!(
        text.contains("Dossier as of 2023-05 (to 2023-05-31);"),
        "{text}"
    );
    assert!(!text.contains("today"), "{text}");
    assert!(!text.contains("105M"), "the June raise is after the day");
    assert!(text.contains("Arthur Mensch co-founded Mistral AI"));
}

#[track_caller]
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git is installed");
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

#[test]
fn the_revision_is_the_data_commit_when_in_git_and_the_fingerprint_always() {
    let dir = copy_of(common::EDITORIAL);
    let data = dir.path().join("data");
    let out = dir.path().join("report.md");
    let plain = write_report(&data, &out, &[]);
    let fingerprint = plain
        .split("data fingerprint ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("a fingerprint")
        .to_string();
    assert!(fingerprint.starts_with("xxh3:"), "{fingerprint}");
    assert!(!plain.contains("git commit"));

    git(&data, &["init", "-q"]);
    git(&data, &["add", "."]);
    git(&data, &["commit", "-q", "-m", "data"]);
    let head = git(&data, &["rev-parse", "HEAD"]);
    let committed = write_report(&data, &out, &[]);
    assert!(
        committed.contains(&format!(
            "built from git commit {head}, data fingerprint {fingerprint} (7 files)."
        )),
        "{committed}"
    );
    let path = data.join("actors.ron");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("// an edit\n");
    std::fs::write(&path, text).unwrap();
    let edited = write_report(&data, &out, &[]);
    assert!(
        edited.contains(&format!("git commit {head} with uncommitted changes")),
        "{edited}"
    );
    assert!(
        !edited.contains(&fingerprint),
        "the edit changes the fingerprint"
    );
}

/// The elements the report and Graphviz's SVG write.
const ALLOWED_TAGS: &[&str] = &[
    "!doctype",
    "!--",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "p",
    "section",
    "dl",
    "dt",
    "dd",
    "table",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
    "sup",
    "a",
    "figure",
    "figcaption",
    "ol",
    "li",
    "blockquote",
    "footer",
    "svg",
    "g",
    "polygon",
    "polyline",
    "path",
    "ellipse",
    "text",
    "defs",
    "lineargradient",
    "stop",
];

/// Every tag of `html` (lowercase, `!--` for a comment) with the names of
/// its attributes: a small reading of the markup, enough to tell that no
/// element or attribute came from the data (whose `<` are all `&lt;`).
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            let end = comment.find("-->").expect("a closed comment");
            rest = &comment[end + 3..];
            found.push(("!--".to_string(), vec![]));
            continue;
        }
        let rest_tag = rest.strip_prefix('/').unwrap_or(rest);
        let name_end = rest_tag
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap();
        let name = rest_tag[..name_end].to_lowercase();
        let end = rest_tag.find('>').expect("a closed tag");
        let inside = &rest_tag[name_end..end];
        // Attribute names: what stands before each `=` outside quotes.
        let mut attributes = Vec::new();
        let mut quote = None;
        let mut word = String::new();
        for c in inside.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '=') => attributes.push(std::mem::take(&mut word).to_lowercase()),
                (None, c) if c.is_whitespace() => word.clear(),
                (None, c) => word.push(c),
            }
        }
        found.push((name, attributes));
        rest = &rest_tag[end + 1..];
    }
    found
}

/// Every `href` of `html`, as written.
fn hrefs(html: &str) -> Vec<&str> {
    html.match_indices("href=")
        .map(|(i, _)| {
            let rest = &html[i + 5..];
            let quote = rest.chars().next().unwrap();
            assert!(
                quote == '"',
                "an unquoted href: {}",
                &rest[..40.min(rest.len())]
            );
            let end = rest[1..].find('"').unwrap();
            &rest[1..1 + end]
        })
        .collect()
}

#[test]
fn hostile_data_injects_nothing_in_html() {
    let dir = copy_of("tests/fixtures/hostile-report");
    let data = dir.path().join("data");
    let out = dir.path().join("target.html");
    let run = dossier(&data, &["target", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    let lower = html.to_lowercase();
    for (tag, attributes) in tags(&html) {
        assert!(
            ALLOWED_TAGS.contains(&tag.as_str()),
            "<{tag}> is not one the report writes"
        );
        for attribute in attributes {
            assert!(!attribute.starts_with("on"), "<{tag} {attribute}=...>");
        }
    }
    assert!(!html.contains('\u{202e}'), "a bidi override was written");
    // The one <style> is ours, and the page says it runs nothing.
    assert_eq!(lower.matches("<style").count(), 1);
    assert!(html.contains("default-src 'none'"));
    for href in hrefs(&html) {
        assert!(
            href.starts_with('#') || href.starts_with("https://"),
            "a link that is neither internal nor https: {href}"
        );
    }
    // Only the https source is a link, with its URL encoded as an attribute.
    assert!(html.contains(r#"href="https://example.org/a?b=1&amp;c=%222%22%3Cx%3E#frag""#));
    // The other URLs are shown as text.
    assert!(html.contains("not a web link, not linked: javascript:alert(1)"));
    assert!(html.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"));
}

/// Every Markdown link destination `](...)` in `text`.
fn destinations(text: &str) -> Vec<&str> {
    text.match_indices("](")
        .filter(|(i, _)| !text[..*i].ends_with('\\'))
        .map(|(i, _)| {
            let rest = &text[i + 2..];
            &rest[..rest.find(')').unwrap()]
        })
        .collect()
}

#[test]
fn hostile_data_injects_nothing_in_markdown() {
    let dir = copy_of("tests/fixtures/hostile-report");
    let data = dir.path().join("data");
    let out = dir.path().join("target.md");
    let run = dossier(&data, &["target", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    // No raw HTML from the data: every < is escaped but our anchors'.
    let without_anchors = text
        .lines()
        .map(|l| match l.split_once(". <a id=\"source-") {
            Some((n, rest)) => format!("{n}. {}", &rest[rest.find("</a>").unwrap() + 4..]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    for (i, _) in without_anchors.match_indices('<') {
        let before = &without_anchors[..i];
        assert!(
            before.ends_with('\\') || before.ends_with("]("),
            "raw < in: {}",
            &without_anchors[i.saturating_sub(30)..(i + 30).min(without_anchors.len())]
        );
    }
    for destination in destinations(&text) {
        assert!(
            destination.starts_with("#source-")
                || destination.starts_with("<https://")
                || destination == "<target.svg>",
            "a link to {destination}"
        );
    }
    // Table rows keep their columns: a | from the data is escaped.
    for line in text.lines().filter(|l| l.starts_with("| ")) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells == 6 || cells == 5 || cells == 4, "{line}");
    }
    assert!(
        !text.contains("\n[^1]: fake"),
        "a quote cannot add a footnote"
    );
    assert!(text.contains("\\<script\\>alert('name')\\</script\\> \\| pipe \\|"));
}

#[test]
fn wrong_extension_and_unknown_id_say_what_to_do() {
    let dir = copy_of(common::EDITORIAL);
    let data = dir.path().join("data");
    let run = dossier(&data, &["mistral-ai", "-o", "report.pdf"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("end the file name in .html"),
        "{}",
        run.stderr
    );
    let out = dir.path().join("x.html");
    let run = dossier(&data, &["mistral-aj", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("did you mean \"mistral-ai\""),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

/// Debian's `chromium`, when installed; in CI a missing one fails.
#[track_caller]
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| which::which(name).ok());
    if found.is_none() && common::in_ci() {
        panic!(
            "Chromium is not installed but CI is set: the dossier's browser test must run \
             (.ci/run installs Debian's chromium; unset CI to skip it)"
        );
    }
    found
}

/// Chromium, headless, at A4 width (794 px at 96 dpi) on `page`, with
/// `args`; what it printed on stdout and on stderr.
fn headless(chromium: &Path, page: &Path, args: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--window-size=794,1123",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(output.status.success(), "chromium failed: {output:?}");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The page's width against the window's, measured by a script added to a
/// copy of it (the page itself runs none, and its policy would refuse one).
fn widths(chromium: &Path, html: &str, dir: &Path) -> (u32, u32) {
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp_end = csp_start + html[csp_start..].find('>').unwrap() + 1;
    let measured = format!(
        "{}{}",
        &html[..csp_start],
        html[csp_end..].replace(
            "</body>",
            "<script>var d = document.documentElement; document.body.insertAdjacentHTML(\
             'beforeend', '<pre id=\"width\">' + d.scrollWidth + ' ' + d.clientWidth + '</pre>');\
             </script></body>"
        )
    );
    let page = dir.join("measured.html");
    std::fs::write(&page, measured).unwrap();
    let (dom, _) = headless(chromium, &page, &["--dump-dom"]);
    // The last one: the first is in the script's own text.
    let at = dom.rfind("<pre id=\"width\">").expect("the measure ran") + 16;
    let text = &dom[at..at + dom[at..].find('<').unwrap()];
    let (scroll, client) = text.split_once(' ').unwrap();
    (scroll.parse().unwrap(), client.parse().unwrap())
}

#[test]
fn the_html_opens_in_chromium_at_a4_width_without_overflow_or_console_message() {
    let Some(chromium) = chromium() else {
        eprintln!("note: Chromium is not installed; the browser test did not run");
        return;
    };
    for (fixture, id) in [
        (common::EDITORIAL, "mistral-ai"),
        ("tests/fixtures/hostile-report", "target"),
    ] {
        let dir = copy_of(fixture);
        let data = dir.path().join("data");
        let page = dir.path().join("report.html");
        let run = dossier(&data, &[id, "-o", page.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let html = std::fs::read_to_string(&page).unwrap();

        let shot = dir.path().join("shot.png");
        let (_, log) = headless(
            &chromium,
            &page,
            &[&format!("--screenshot={}", shot.display())],
        );
        let png = std::fs::read(&shot).expect("a screenshot");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(
            u32::from_be_bytes(png[16..20].try_into().unwrap()),
            794,
            "the screenshot is A4 wide"
        );
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(
            console.is_empty(),
            "{fixture}: the console said {console:?}"
        );

        let (scroll, client) = widths(&chromium, &html, dir.path());
        assert!(
            scroll <= client,
            "{fixture}: the page is {scroll} px wide in a {client} px window"
        );
    }
}

#[test]
fn the_browser_checks_would_see_an_overflow_and_a_console_message() {
    let Some(chromium) = chromium() else {
        eprintln!("note: Chromium is not installed; the browser test did not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" \
                content=\"default-src 'none'\"></head><body><div style=\"width:2000px\">wide</div>\
                <img src=\"https://example.invalid/x.png\"></body></html>";
    let (scroll, client) = widths(&chromium, html, dir.path());
    assert!(scroll > client, "{scroll} {client}");
    let page = dir.path().join("blocked.html");
    std::fs::write(&page, html).unwrap();
    let (_, log) = headless(&chromium, &page, &["--dump-dom"]);
    assert!(
        log.lines().any(|l| l.contains(":CONSOLE")),
        "a refused image is a console message: {log}"
    );
}

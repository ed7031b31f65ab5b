//! Properties of `reggraph::import`: what a cell says is what the data
//! file holds once read back (quotes, backslashes, line breaks and any
//! script included), the file checks clean, and importing the same sheets
//! again adds nothing.

use proptest::prelude::*;
use reggraph::check::check_texts;
use reggraph::import::plan::Planned;
use reggraph::import::text::lay_out;
use reggraph::import::{Cell, Columns, Place, Sheet, plan};
use reggraph::model::{Dataset, EdgeKind, NodeKind, Source};
use strum::IntoEnumIterator;

mod common;

#[derive(Debug, Clone)]
struct Row {
    label: String,
    kind: NodeKind,
    description: Option<String>,
    quote: Option<String>,
    tags: Vec<String>,
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    let kinds: Vec<NodeKind> = NodeKind::iter().collect();
    proptest::collection::vec(
        (
            "[A-Za-zÀ-ÿ' ]{0,10}",
            proptest::sample::select(kinds),
            proptest::option::of(common::text()),
            proptest::option::of(common::text()),
            proptest::collection::vec("[a-z]{1,6}", 0..3),
        ),
        1..8,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            // A number in each label makes each id its own.
            .map(|(i, (label, kind, description, quote, tags))| Row {
                label: format!("{label} {i}"),
                kind,
                description,
                quote,
                tags,
            })
            .collect()
    })
}

fn text(value: &str) -> Cell {
    Cell::Text(value.to_string())
}

fn sheet(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
    Sheet {
        file: "book.xlsx".into(),
        name: Some(name.into()),
        stem: "book".into(),
        first_row: 1,
        first_column: 1,
        rows,
    }
}

fn sheets(rows: &[Row]) -> Vec<Sheet> {
    let mut elements = vec![
        ["Label", "Type", "Description", "Quote", "Tags", "Source"]
            .map(text)
            .to_vec(),
    ];
    for row in rows {
        elements.push(vec![
            text(&row.label),
            text(row.kind.name()),
            row.description.as_deref().map_or(Cell::Empty, text),
            row.quote.as_deref().map_or(Cell::Empty, text),
            text(&row.tags.join(" | ")),
            text("press"),
        ]);
    }
    // Each node part of the first (PartOf joins any two kinds).
    let mut connections = vec![["From", "To", "Type", "Source"].map(text).to_vec()];
    for row in &rows[1..] {
        connections.push(vec![
            text(&row.label),
            text(&rows[0].label),
            text(EdgeKind::PartOf.name()),
            text("press"),
        ]);
    }
    vec![
        sheet("Elements", elements),
        sheet("Connections", connections),
    ]
}

fn source() -> Dataset {
    Dataset {
        sources: vec![Source {
            id: "press".into(),
            title: "A press article".into(),
            publisher: None,
            source_type: None,
            published: None,
            url: None,
            language: None,
            note: None,
        }],
        ..Dataset::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cells_read_back_exactly_and_a_second_import_adds_nothing(rows in rows()) {
        let existing = source();
        let imported = plan(&[sheets(&rows)], &Columns::kumu(), &existing);
        prop_assert_eq!(imported.error_count(), 0, "{:?}", imported.findings);
        let planned = &imported.files[0];
        prop_assert_eq!(planned.nodes.len(), rows.len());
        for ((node, _), row) in planned.nodes.iter().zip(&rows) {
            prop_assert_eq!(&node.name, row.label.trim());
            prop_assert_eq!(node.kind, row.kind);
            prop_assert_eq!(node.description.as_deref(), row.description.as_deref().map(str::trim).filter(|d| !d.is_empty()));
            prop_assert_eq!(&node.tags, &row.tags);
        }
        let sources = Planned {
            sources: existing.sources.iter().map(|s| (s.clone(), Place::default())).collect(),
            ..Planned::default()
        };
        let texts = vec![
            ("sources.ron".to_string(), lay_out(None, &sources).unwrap().text),
            ("book.ron".to_string(), lay_out(None, planned).unwrap().text),
        ];
        let checked = check_texts(texts);
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
        let read = checked.dataset();
        let planned_nodes: Vec<_> = planned.nodes.iter().map(|(n, _)| n.clone()).collect();
        let planned_edges: Vec<_> = planned.edges.iter().map(|(e, _)| e.clone()).collect();
        prop_assert_eq!(&read.nodes, &planned_nodes);
        prop_assert_eq!(&read.edges, &planned_edges);

        let again = plan(&[sheets(&rows)], &Columns::kumu(), &read);
        prop_assert!(again.files[0].is_empty(), "{:?}", again.files[0]);
        prop_assert_eq!(again.already, rows.len() + rows.len() - 1);
        prop_assert_eq!(again.findings.len(), 0, "{:?}", again.findings);
    }
}

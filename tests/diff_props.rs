//! Properties of `diff` over random valid datasets: the same records
//! written another way (split across files, reordered, laid out on one
//! line) are no change; one field edited is one change of that field; and
//! the diff back is the same diff turned round.

mod common;

use proptest::prelude::*;
use reggraph::check::check_bytes;
use reggraph::diff::{self, Side, Status};
use reggraph::model::DataFile;

fn pretty(file: &DataFile) -> String {
    reggraph::load::write::data_file_text(file).unwrap()
}

fn one_line(file: &DataFile) -> String {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .to_string(file)
        .unwrap()
}

fn side(files: Vec<(String, String)>) -> Side {
    let checked = check_bytes(
        files
            .into_iter()
            .map(|(name, text)| (name, text.into_bytes()))
            .collect(),
    );
    assert_eq!(checked.error_count(), 0, "{:?}", checked.diagnostics);
    Side {
        label: "side".into(),
        commit: None,
        checked,
    }
}

/// The dataset in three files, every list reversed, each file on one line.
fn rewritten(data: &DataFile) -> Vec<(String, String)> {
    let mut parts = [
        DataFile::default(),
        DataFile::default(),
        DataFile::default(),
    ];
    for (i, s) in data.sources.iter().rev().enumerate() {
        parts[i % 3].sources.push(s.clone());
    }
    for (i, n) in data.nodes.iter().rev().enumerate() {
        parts[(i + 1) % 3].nodes.push(n.clone());
    }
    for (i, e) in data.edges.iter().rev().enumerate() {
        parts[(i + 2) % 3].edges.push(e.clone());
    }
    parts
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.sources.is_empty() || !p.nodes.is_empty() || !p.edges.is_empty())
        .map(|(i, p)| (format!("part-{i}.ron"), one_line(p)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_same_records_written_another_way_are_no_change(data in common::dataset()) {
        let before = side(vec![("all.ron".into(), pretty(&data))]);
        let after = side(rewritten(&data));
        let changes = diff::diff(&before, &after);
        prop_assert!(changes.is_empty(), "{:?}", changes.entries());
    }

    #[test]
    fn one_field_edited_is_one_change_of_that_field(data in common::dataset(), on_edge in any::<bool>()) {
        let mut edited = data.clone();
        let field = if on_edge && !edited.edges.is_empty() {
            edited.edges[0].note = Some("a note no generated edge has".into());
            "note"
        } else {
            edited.nodes[0].name = "A name no generated node has".into();
            "name"
        };
        let before = side(vec![("all.ron".into(), pretty(&data))]);
        let after = side(rewritten(&edited));
        let changes = diff::diff(&before, &after);
        let entries = changes.entries();
        prop_assert_eq!(entries.len(), 1, "{:?}", entries);
        prop_assert_eq!(entries[0].status, Status::Changed);
        prop_assert_eq!(entries[0].fields.len(), 1);
        prop_assert_eq!(entries[0].fields[0].field, field);
    }

    #[test]
    fn the_diff_back_is_the_diff_turned_round(a in common::dataset(), b in common::dataset()) {
        let (a, b) = (side(vec![("a.ron".into(), pretty(&a))]), side(vec![("b.ron".into(), pretty(&b))]));
        let forth = diff::diff(&a, &b).counts();
        let back = diff::diff(&b, &a).counts();
        for (f, b) in forth.iter().zip(&back) {
            prop_assert_eq!(f.added, b.removed);
            prop_assert_eq!(f.removed, b.added);
            // A confirmation read backwards is a change (actual to planned).
            prop_assert_eq!(
                f.changed + f.slips + f.confirmations,
                b.changed + b.slips + b.confirmations
            );
        }
    }
}

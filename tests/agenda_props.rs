//! Invariants of `agenda` over random valid datasets: in date order,
//! overdue exactly for the planned milestones whose date has passed, every
//! other entry in the window and every fact of the window listed, and an
//! actor's agenda a part of the whole one.

use proptest::prelude::*;
use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, AgendaQuery, Due, Fact, TimelineQuery, Window};

mod common;

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn agenda_is_ordered_complete_and_overdue_exactly_when_a_planned_date_has_passed(
        file in common::dataset(),
        today in common::date(),
        until in proptest::option::of(common::date()),
        actor in any::<prop::sample::Index>(),
    ) {
        let graph = KnowledgeGraph::build(file.clone());
        let today = today.first_day();
        let query = AgendaQuery { today, since: None, until, actor: None };
        let agenda = query::agenda(&graph, &query);
        let window = Window { since: Some(agenda.since), until };
        prop_assert!(agenda.items.windows(2).all(|w| w[0].entry.date <= w[1].entry.date));
        for item in &agenda.items {
            let overdue = match item.entry.fact {
                Fact::Milestone(n, i) => {
                    let m = &graph.node(n).milestones[i];
                    !m.actual && m.date.last_day() < today
                }
                _ => false,
            };
            prop_assert_eq!(item.due == Due::Overdue, overdue);
            prop_assert!(overdue || window.contains_date(item.entry.date));
        }
        // Every fact of the window, and every passed planned date, is there.
        for entry in query::timeline(&graph, &TimelineQuery::default()) {
            let due = match entry.fact {
                Fact::Milestone(n, i) => query::milestone_due(&graph.node(n).milestones[i], today),
                _ => Due::Dated,
            };
            if due == Due::Overdue || window.contains_date(entry.date) {
                prop_assert!(agenda.items.iter().any(|i| i.entry == entry), "{:?} missing", entry);
            }
        }
        let actor = graph.by_id(&file.nodes[actor.index(file.nodes.len())].id).unwrap();
        let part = query::agenda(&graph, &AgendaQuery { actor: Some(actor), ..query });
        for item in &part.items {
            prop_assert!(agenda.items.contains(item));
        }
    }
}

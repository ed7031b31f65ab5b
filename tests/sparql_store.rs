//! `reggraph::sparql::Triples`, our store for the evaluator, answers as
//! oxrdf's `Dataset` does (the reference store spareval ships with), for
//! any triples and patterns: the same rows, as multisets; and its own
//! order is the same every time for the same triples.

use oxrdf::{Dataset, GraphName, Literal, NamedNode, Quad, Term, Triple};
use proptest::prelude::*;
use reggraph::export::rdf::Base;
use reggraph::sparql::{self, Answer, Limits, Triples};
use spareval::{QueryEvaluator, QueryResults};

fn iri(n: u8) -> NamedNode {
    NamedNode::new(format!("https://reggraph.org/id/node/n{n}")).unwrap()
}

fn object(n: u8) -> Term {
    if n.is_multiple_of(3) {
        Literal::new_simple_literal(format!("text {n}")).into()
    } else {
        iri(n).into()
    }
}

fn triples() -> impl Strategy<Value = Vec<(u8, u8, u8)>> {
    prop::collection::vec((0u8..6, 0u8..3, 0u8..8), 0..40)
}

/// Patterns over the small vocabulary: joins, OPTIONAL, FILTER, paths.
const QUERIES: &[&str] = &[
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT ?s ?o WHERE { ?s <https://reggraph.org/id/node/n1> ?o }",
    "SELECT ?a ?c WHERE { ?a ?p ?b . ?b ?q ?c }",
    "SELECT ?s ?x WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } }",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }",
    "SELECT ?s ?o WHERE { ?s <https://reggraph.org/id/node/n0>+ ?o }",
    "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o",
    "SELECT ?s WHERE { node:n2 ?p ?s }",
];

fn rows(answer: Answer) -> Vec<String> {
    let Answer::Solutions { rows, .. } = answer else {
        panic!("a SELECT answers with rows")
    };
    rows.into_iter().map(|row| format!("{row:?}")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn our_store_answers_as_oxrdf_does(list in triples()) {
        let base = Base::default();
        let make = || {
            let mut ours = Triples::default();
            for (s, p, o) in &list {
                ours.insert(Triple::new(iri(*s), iri(*p), object(*o)));
            }
            ours
        };
        let mut reference = Dataset::new();
        for (s, p, o) in &list {
            reference.insert(&Quad::new(iri(*s), iri(*p), object(*o), GraphName::DefaultGraph));
        }
        for text in QUERIES {
            let query = sparql::parse(text, &base).unwrap();
            let ours = rows(sparql::evaluate(query.clone(), make(), Limits::default()).unwrap());
            // The same triples give the same order.
            let again = rows(sparql::evaluate(query.clone(), make(), Limits::default()).unwrap());
            prop_assert_eq!(&ours, &again, "{}", text);
            let QueryResults::Solutions(solutions) =
                QueryEvaluator::new().prepare(&query).execute(&reference).unwrap()
            else {
                panic!("a SELECT answers with rows")
            };
            let variables = solutions.variables().to_vec();
            let mut theirs: Vec<String> = solutions
                .map(|s| {
                    let s = s.unwrap();
                    let row: Vec<Option<Term>> = variables.iter().map(|v| s.get(v).cloned()).collect();
                    format!("{row:?}")
                })
                .collect();
            let mut ours = ours;
            ours.sort();
            theirs.sort();
            prop_assert_eq!(ours, theirs, "{}", text);
        }
    }
}

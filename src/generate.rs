//! A generator of realistic, valid data folders of any size, for
//! benchmarks and scale tests: every node and edge kind in plausible
//! proportions, partial dates, amounts, sources, aliases and regulation
//! milestones, split over several files like real contributions. The same
//! seed gives the same bytes. It also writes the same records as one JSON
//! file (`twin.json`), the parsing-speed baseline.

use std::io::Write;
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{
    Currency, DataFile, Edge, EdgeKind, Milestone, Money, MoneyStatus, Node, NodeKind, PartialDate,
    Period, Source, SourceType, Stage,
};

/// Bumped when the same seed would give different data (benchmarks keep
/// generated folders under a name that includes it).
pub const VERSION: u32 = 2;

/// Nodes per `nodes-NNNN.ron` file.
pub const NODES_PER_FILE: usize = 20_000;
/// Edges per `edges-NNNN.ron` file.
pub const EDGES_PER_FILE: usize = 100_000;
/// The JSON twin's file name, inside the output folder (the loader reads
/// only `*.ron`, so it is not part of the data).
pub const TWIN: &str = "twin.json";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub nodes: usize,
    pub edges_per_node: usize,
    pub seed: u64,
}

/// Kinds with their share of nodes, in thousandths.
const MIX: &[(NodeKind, u32)] = &[
    (NodeKind::Person, 300),
    (NodeKind::Company, 240),
    (NodeKind::Investor, 70),
    (NodeKind::PublicBody, 50),
    (NodeKind::EuInstitution, 5),
    (NodeKind::Regulation, 30),
    (NodeKind::Programme, 40),
    (NodeKind::Fund, 40),
    (NodeKind::Infrastructure, 20),
    (NodeKind::Conference, 30),
    (NodeKind::FundingRound, 80),
    (NodeKind::Announcement, 60),
    (NodeKind::Negotiation, 10),
    (NodeKind::Jurisdiction, 5),
    (NodeKind::Group, 20),
];

const SYLLABLES: &[&str] = &[
    "al", "ba", "cor", "da", "el", "fi", "gra", "hel", "io", "ka", "lu", "mis", "no", "or", "pa",
    "qui", "ra", "sol", "ta", "ul", "ve", "wen", "xa", "yo", "zen", "tral", "mont", "vie", "ber",
    "lin",
];

const FIRST: &[&str] = &[
    "Anne",
    "Arthur",
    "Claire",
    "David",
    "Élise",
    "François",
    "Guillaume",
    "Hélène",
    "Inès",
    "Jean",
    "Karim",
    "Léa",
    "Marc",
    "Nadia",
    "Olivier",
    "Pauline",
    "Quentin",
    "Rachid",
    "Sophie",
    "Thomas",
];

/// The kind of node `i` of `n`: blocks in [`MIX`] order, so every kind is
/// present as soon as there are enough nodes.
fn kind_of(i: usize, n: usize) -> NodeKind {
    let at = (i as u64 * 1000 / n.max(1) as u64) as u32;
    let mut edge = 0;
    for (kind, share) in MIX {
        edge += share;
        if at < edge {
            return *kind;
        }
    }
    NodeKind::Group
}

fn prefix(kind: NodeKind) -> String {
    kind.label()
}

fn word(rng: &mut ChaCha8Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(SYLLABLES[rng.random_range(0..SYLLABLES.len())]);
    }
    let mut chars = w.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => w,
    }
}

fn random_date(rng: &mut ChaCha8Rng) -> PartialDate {
    let year = rng.random_range(1995..=2026);
    match rng.random_range(0..10) {
        0..=1 => PartialDate::year(year),
        2..=4 => PartialDate::month(year, rng.random_range(1..=12)),
        _ => PartialDate::day(year, rng.random_range(1..=12), rng.random_range(1..=28)),
    }
    .expect("generated dates are valid")
}

fn period(rng: &mut ChaCha8Rng) -> Period {
    let start = random_date(rng);
    let end = rng.random_bool(0.5).then(|| {
        let year = start.year_number() + rng.random_range(1..8);
        PartialDate::year(year).expect("valid year")
    });
    Period { start, end }
}

/// Generates the records. Node `i` has id `<kind>-<i>`; edges start from
/// every node in turn and end at a node of an allowed kind, chosen with a
/// skew towards low indices so some nodes become hubs, as in real data.
pub fn generate(spec: Spec) -> DataFile {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let n = spec.nodes.max(1);
    let source_count = (n / 100).max(1);
    let sources: Vec<Source> = (0..source_count)
        .map(|i| Source {
            id: format!("source-{i}"),
            title: format!("{} report {i}", word(&mut rng, 2)),
            publisher: Some(format!("{} Press", word(&mut rng, 2))),
            // Never an encyclopedia: generated data has nothing to report.
            source_type: Some([SourceType::Official, SourceType::Press, SourceType::Other][i % 3]),
            published: Some(random_date(&mut rng)),
            url: rng
                .random_bool(0.5)
                .then(|| format!("https://example.org/reports/{i}")),
            language: Some(if rng.random_bool(0.6) { "fr" } else { "en" }.into()),
            note: None,
        })
        .collect();
    let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(); MIX.len()];
    let kind_slot = |kind: NodeKind| MIX.iter().position(|(k, _)| *k == kind).expect("in MIX");
    let mut nodes: Vec<Node> = Vec::with_capacity(n);
    for i in 0..n {
        let kind = kind_of(i, n);
        by_kind[kind_slot(kind)].push(i);
        let name = match kind {
            // Numbered, so names (and aliases) are unique as in a curated
            // registry.
            NodeKind::Person => format!(
                "{} {} {i}",
                FIRST[rng.random_range(0..FIRST.len())],
                word(&mut rng, 2)
            ),
            _ => format!("{} {} {i}", word(&mut rng, 2), word(&mut rng, 1)),
        };
        let aliases = if rng.random_bool(0.2) {
            vec![format!("{} {i}", word(&mut rng, 3))]
        } else {
            vec![]
        };
        let (date, period) = match kind {
            NodeKind::Conference | NodeKind::FundingRound | NodeKind::Announcement => {
                (Some(random_date(&mut rng)), None)
            }
            NodeKind::Company
            | NodeKind::Programme
            | NodeKind::Fund
            | NodeKind::Negotiation
            | NodeKind::Infrastructure => (None, Some(period(&mut rng))),
            _ => (None, None),
        };
        let cite = |rng: &mut ChaCha8Rng| format!("source-{}", rng.random_range(0..source_count));
        let mut node_sources = vec![cite(&mut rng)];
        if rng.random_bool(0.3) {
            let second = cite(&mut rng);
            if second != node_sources[0] {
                node_sources.push(second);
            }
        }
        let milestones = if kind == NodeKind::Regulation {
            let mut day = random_date(&mut rng);
            [
                Stage::Proposed,
                Stage::PositionAdopted,
                Stage::Adopted,
                Stage::InForce,
            ]
            .into_iter()
            .take(rng.random_range(1..=4))
            .map(|stage| {
                // Steps after the generator's horizon (2025) are planned,
                // and dated from 2100 on: a planned date that has passed
                // is a warning, and generated data has nothing to report
                // whatever the day it is checked on.
                let actual = day.year_number() <= 2025;
                let milestone = Milestone {
                    stage,
                    date: if actual {
                        day
                    } else {
                        PartialDate::year(day.year_number() - 2026 + 2100).expect("valid year")
                    },
                    actual,
                    scope: None,
                    note: None,
                    sources: vec![cite(&mut rng)],
                    citations: vec![],
                };
                day = PartialDate::year(day.year_number() + 1).expect("valid year");
                milestone
            })
            .collect()
        } else {
            vec![]
        };
        nodes.push(Node {
            id: format!("{}-{i}", prefix(kind)),
            kind,
            name,
            aliases,
            description: rng
                .random_bool(0.1)
                .then(|| format!("Generated {} number {i}.", kind.label())),
            tags: if rng.random_bool(0.3) {
                vec![["ai", "deeptech", "health", "energy", "space"][i % 5].into()]
            } else {
                vec![]
            },
            date,
            period,
            jurisdiction: None,
            status: None,
            sector: None,
            budget: None,
            milestones,
            sources: node_sources,
            quote: None,
            citations: vec![],
            alternatives: vec![],
        });
    }
    // Regulations and programmes belong to a jurisdiction.
    let jurisdictions = &by_kind[kind_slot(NodeKind::Jurisdiction)];
    if !jurisdictions.is_empty() {
        for node in nodes.iter_mut() {
            if matches!(node.kind, NodeKind::Regulation | NodeKind::Programme) {
                let j = jurisdictions[rng.random_range(0..jurisdictions.len())];
                node.jurisdiction = Some(format!("jurisdiction-{j}"));
            }
        }
    }
    let edge_kinds: Vec<EdgeKind> = <EdgeKind as strum::IntoEnumIterator>::iter().collect();
    let currencies =
        ["EUR", "EUR", "EUR", "USD", "GBP"].map(|c| Currency::from_code(c).expect("ISO code"));
    let statuses = [
        MoneyStatus::Secured,
        MoneyStatus::Secured,
        MoneyStatus::Pledged,
        MoneyStatus::Target,
    ];
    let total_edges = n * spec.edges_per_node;
    let mut edges: Vec<Edge> = Vec::with_capacity(total_edges);
    let mut attempts = 0;
    while edges.len() < total_edges && attempts < total_edges * 4 {
        attempts += 1;
        let from = edges.len() % n;
        let from_kind = nodes[from].kind;
        let usable: Vec<EdgeKind> = edge_kinds
            .iter()
            .copied()
            .filter(|k| k.domain().contains(&from_kind))
            .filter(|k| k.range().iter().any(|r| !by_kind[kind_slot(*r)].is_empty()))
            .collect();
        if usable.is_empty() {
            // A kind that starts no edge: take the next node instead.
            edges.push(Edge {
                id: None,
                from: nodes[from].id.clone(),
                kind: EdgeKind::PartOf,
                to: nodes[(from + 1) % n].id.clone(),
                date: None,
                period: None,
                amount: None,
                sources: vec![nodes[from].sources[0].clone()],
                quote: None,
                citations: vec![],
                alternatives: vec![],
                note: None,
            });
            continue;
        }
        let kind = usable[rng.random_range(0..usable.len())];
        let targets: Vec<&Vec<usize>> = kind
            .range()
            .iter()
            .map(|r| &by_kind[kind_slot(*r)])
            .filter(|list| !list.is_empty())
            .collect();
        let list = targets[rng.random_range(0..targets.len())];
        // Skewed choice: squaring a uniform number favours the first nodes.
        let u: f64 = rng.random();
        let to = list[((u * u) * list.len() as f64) as usize % list.len()];
        let (date, period) = match rng.random_range(0..10) {
            0..=4 => (Some(random_date(&mut rng)), None),
            5..=6 => (None, Some(period(&mut rng))),
            _ => (None, None),
        };
        let amount = kind.carries_money().then(|| Money {
            value: rng.random_range(1..5_000u64) * 100_000,
            currency: currencies[rng.random_range(0..currencies.len())],
            status: statuses[rng.random_range(0..statuses.len())],
        });
        edges.push(Edge {
            id: None,
            from: nodes[from].id.clone(),
            kind,
            to: nodes[to].id.clone(),
            date,
            period,
            amount,
            sources: vec![format!("source-{}", rng.random_range(0..source_count))],
            quote: None,
            citations: vec![],
            alternatives: vec![],
            note: None,
        });
    }
    DataFile {
        sources,
        nodes,
        edges,
    }
}

/// Writes `file` as a data folder: `sources.ron`, `nodes/nodes-NNNN.ron` and
/// `edges/edges-NNNN.ron`, plus the JSON twin. Every file is written
/// atomically.
pub fn write_folder(file: &DataFile, dir: &Path) -> std::io::Result<()> {
    use crate::load::write::{data_file_text, write_atomically};
    std::fs::create_dir_all(dir.join("nodes"))?;
    std::fs::create_dir_all(dir.join("edges"))?;
    let ron_error = |e: ron::Error| std::io::Error::other(e.to_string());
    let sources = DataFile {
        sources: file.sources.clone(),
        ..DataFile::default()
    };
    write_atomically(
        &dir.join("sources.ron"),
        data_file_text(&sources).map_err(ron_error)?.as_bytes(),
    )?;
    for (i, chunk) in file.nodes.chunks(NODES_PER_FILE).enumerate() {
        let part = DataFile {
            nodes: chunk.to_vec(),
            ..DataFile::default()
        };
        write_atomically(
            &dir.join(format!("nodes/nodes-{i:04}.ron")),
            data_file_text(&part).map_err(ron_error)?.as_bytes(),
        )?;
    }
    for (i, chunk) in file.edges.chunks(EDGES_PER_FILE).enumerate() {
        let part = DataFile {
            edges: chunk.to_vec(),
            ..DataFile::default()
        };
        write_atomically(
            &dir.join(format!("edges/edges-{i:04}.ron")),
            data_file_text(&part).map_err(ron_error)?.as_bytes(),
        )?;
    }
    let mut json = Vec::new();
    serde_json::to_writer(&mut json, file).map_err(std::io::Error::other)?;
    json.write_all(b"\n")?;
    write_atomically(&dir.join(TWIN), &json)
}

//! What the rules across files find, before any span is known: which
//! record ([`At`]), which of its references ([`Reference`]), and what is
//! wrong there ([`Finding`]).

use crate::model::{EdgeKind, NodeKind};

/// Which record, by file and place among the file's parsed records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum At {
    Source { file: u32, raw: u32 },
    Node { file: u32, raw: u32 },
    Edge { file: u32, raw: u32 },
}

/// Which reference of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reference {
    /// The `n`th source of a node or an edge.
    Source(usize),
    /// Source `n` of milestone `m`.
    MilestoneSource(usize, usize),
    From,
    To,
    Jurisdiction,
}

#[derive(Debug)]
pub(super) enum Finding {
    Duplicate {
        again: At,
        first: At,
        id: String,
    },
    UnknownSource {
        at: At,
        reference: Reference,
        id: String,
    },
    UnknownNode {
        at: At,
        reference: Reference,
        id: String,
    },
    NotAJurisdiction {
        at: At,
        id: String,
        kind: NodeKind,
    },
    KindMismatch {
        at: At,
        kind: EdgeKind,
        from: NodeKind,
        to: NodeKind,
    },
    /// A folded name used by several nodes: each node and which of its
    /// names (0 the name, then the aliases).
    Ambiguous {
        uses: Vec<(At, usize)>,
    },
    Isolated {
        at: At,
    },
    /// A declared source that no node, edge or milestone cites.
    UnusedSource {
        at: At,
    },
    /// A node, an edge or a node's milestone `m` whose every source is an
    /// encyclopedia.
    EncyclopediaOnly {
        at: At,
        milestone: Option<usize>,
    },
    /// References to `id`, which no record declares, while `declared_id`,
    /// close to it, is declared and referred to nowhere.
    MisspeltDeclaration {
        declared: At,
        declared_id: String,
        id: String,
        first: (At, Reference),
    },
}

/// A declared node: its file, place, kind if known, and its index among
/// the kept nodes of every file if it was kept.
#[derive(Clone, Copy)]
pub(super) struct Declared {
    pub(super) at: At,
    pub(super) kind: Option<NodeKind>,
    pub(super) kept: Option<u32>,
}

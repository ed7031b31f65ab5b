//! A snapshot with one file's records replaced ([`Edited`], a [`Store`]):
//! the first command after an edit of one file of a large folder reads
//! that file again, and nothing else of the folder, and answers from the
//! snapshot and the file's new records.
//!
//! A file's nodes and edges are a run of places in file order (the
//! snapshot's parts say how many each file gave), so the edited graph is
//! the snapshot's with that run replaced: places after it move by as many
//! as the file gained or lost, and what the file's new records touch (the
//! adjacency of their ends, the id order, the name keys) is worked out
//! from the snapshot's and merged.
//!
//! It is taken only when it is sure to be the graph a check of every
//! file would build, with no diagnostic: the snapshot has no warnings, the
//! file checks clean on its own, and the rules across files (see
//! `check::references`) are checked for what the edit can change: ids
//! stay unique, every reference is declared, edge kinds fit their ends,
//! no name is shared, no node is left without an edge, no source is left
//! uncited (the snapshot counts each source's citations), no fact rests
//! on encyclopedias alone. Where telling that would need more than the
//! snapshot gives at once (a node of another file whose only edges were
//! the file's, a changed kind, the file's sources changed), the edit is
//! not taken this way and every file is read, as before.

use std::sync::OnceLock;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use rustc_hash::{FxHashMap, FxHashSet};

use super::stored::{Finder, Stored, resolve};
use crate::graph::{Label, LookupError, Match, Sources, Store, relation_order};
use crate::load::FilePart;
use crate::model::{
    Dataset, Edge, EdgeKind, Money, Node, NodeKind, Sector, Source, SourceType, When,
};
use crate::suggest;

/// A run of places replaced by another: `old` places from `start` by
/// `new` ones.
#[derive(Debug, Clone, Copy)]
struct Splice {
    start: usize,
    old: usize,
    new: usize,
}

impl Splice {
    /// The place in the edited graph of the snapshot's place `i`, outside
    /// the run.
    fn after(self, i: usize) -> Option<usize> {
        if i < self.start {
            Some(i)
        } else if i >= self.start + self.old {
            Some(i - self.old + self.new)
        } else {
            None
        }
    }

    /// Where the edited graph's place `i` comes from: the snapshot's place,
    /// or the file's new record.
    fn before(self, i: usize) -> Result<usize, usize> {
        if i < self.start {
            Ok(i)
        } else if i >= self.start + self.new {
            Ok(i - self.new + self.old)
        } else {
            Err(i - self.start)
        }
    }

    fn in_old(self, i: usize) -> bool {
        (self.start..self.start + self.old).contains(&i)
    }
}

/// The adjacency of a block of nodes in one direction, in the edited
/// graph's places.
struct Block {
    offsets: Vec<u32>,
    entries: Vec<(EdgeIndex, NodeIndex)>,
}

const BLOCK: usize = 128;

/// The snapshot's graph with one file's records replaced.
pub struct Edited {
    base: Stored,
    nodes: Splice,
    edges: Splice,
    new_nodes: Vec<Node>,
    new_edges: Vec<Edge>,
    /// The new edges' ends, in the edited graph's places.
    new_ends: Vec<(NodeIndex, NodeIndex)>,
    /// For each of the file's old nodes, the new node of its id.
    replaced: Vec<Option<usize>>,
    /// For each new node, the old node of its id (its place in the file).
    replaces: Vec<Option<usize>>,
    /// The new nodes by id.
    new_by_id: FxHashMap<String, usize>,
    /// The old nodes' places in the snapshot's id order, sorted.
    removed_ranks: Vec<u32>,
    /// For each new node, how many of the snapshot's ids come before its
    /// id, and its place among the new nodes by id.
    new_points: Vec<(u32, u32)>,
    /// `new_points`' first halves, sorted.
    points_sorted: Vec<u32>,
    /// The new edges at each node they touch, each way (unsorted).
    new_adjacent: FxHashMap<usize, [Vec<(EdgeIndex, NodeIndex)>; 2]>,
    /// The new nodes' name keys (folded id, name, aliases), by key.
    new_keys: FxHashMap<String, Vec<usize>>,
    /// Per block of nodes, outgoing then incoming: each made when first
    /// asked for, so a walk one way (`stats`, `path`'s forward half)
    /// never makes the other.
    adjacency: Box<[[OnceLock<Block>; 2]]>,
    id_order: OnceLock<Vec<NodeIndex>>,
}

/// Where an edge's end is, in the edited graph, by id.
enum End {
    New(usize),
    Old(usize),
}

impl Edited {
    /// The snapshot's graph with file `file`'s records replaced by
    /// `dataset`, the records of its new text, which its own check found
    /// nothing to say about; `None` unless that is sure to be the graph,
    /// free of diagnostics, a check of every file would give (or a block
    /// is damaged).
    ///
    /// `citations` says how many times each source is cited in the
    /// snapshot, in id order.
    pub fn new(
        base: Stored,
        file: usize,
        parts: &[FilePart],
        citations: &[u32],
        dataset: Dataset,
    ) -> Option<Edited> {
        let part = parts.get(file)?;
        // The file's sources, unchanged: the sources of the graph are the
        // snapshot's.
        let sources = base.sources();
        let same_sources = dataset.sources.len() == part.sources.len()
            && dataset
                .sources
                .iter()
                .zip(&part.sources)
                .all(|(new, id)| &new.id == id && sources.get(id) == Some(new));
        if !same_sources || base.damaged() {
            return None;
        }
        let nodes = Splice {
            start: parts[..file].iter().map(|p| p.nodes as usize).sum(),
            old: part.nodes as usize,
            new: dataset.nodes.len(),
        };
        let edges = Splice {
            start: parts[..file].iter().map(|p| p.edges as usize).sum(),
            old: part.edges as usize,
            new: dataset.edges.len(),
        };
        if nodes.start + nodes.old > base.node_count()
            || edges.start + edges.old > base.edge_count()
        {
            return None;
        }
        let mut edited = Edited {
            adjacency: Box::default(),
            replaced: vec![None; nodes.old],
            replaces: vec![None; dataset.nodes.len()],
            new_by_id: FxHashMap::default(),
            removed_ranks: Vec::new(),
            new_points: Vec::new(),
            points_sorted: Vec::new(),
            new_adjacent: FxHashMap::default(),
            new_keys: FxHashMap::default(),
            new_ends: Vec::with_capacity(dataset.edges.len()),
            id_order: OnceLock::new(),
            nodes,
            edges,
            new_nodes: dataset.nodes,
            new_edges: dataset.edges,
            base,
        };
        edited.rules(encyclopedias(&edited), citations)?;
        let count = edited.node_count();
        edited.adjacency = (0..count.div_ceil(BLOCK))
            .map(|_| Default::default())
            .collect();
        (!edited.base.damaged()).then_some(edited)
    }

    /// Works out the edited graph's look-ups, and checks the rules across
    /// files for what the edit changes; `None` if one may find something.
    fn rules(&mut self, encyclopedias: FxHashSet<String>, citations: &[u32]) -> Option<()> {
        let base = &self.base;
        let (nodes, edges) = (self.nodes, self.edges);
        let sources = base.sources();
        // The old records.
        let old_nodes: Vec<&Node> = (nodes.start..nodes.start + nodes.old)
            .map(|i| base.node(NodeIndex::new(i)))
            .collect();
        let old_edges: Vec<&Edge> = (edges.start..edges.start + edges.old)
            .map(|i| base.edge(EdgeIndex::new(i)))
            .collect();
        // Ids the old edges name, with the snapshot's places.
        let mut known: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, edge) in old_edges.iter().enumerate() {
            let (from, to) = base.ends(EdgeIndex::new(edges.start + i));
            known.insert(edge.from.as_str(), from.index());
            known.insert(edge.to.as_str(), to.index());
        }
        for (i, node) in old_nodes.iter().enumerate() {
            known.insert(node.id.as_str(), nodes.start + i);
        }
        // New nodes: unique ids, the same kind as the old node of their id.
        for (n, node) in self.new_nodes.iter().enumerate() {
            if self.new_by_id.insert(node.id.clone(), n).is_some() {
                return None;
            }
            let old = match known.get(node.id.as_str()) {
                Some(&old) => Some(old),
                None => base.by_id(&node.id).map(NodeIndex::index),
            };
            if let Some(old) = old {
                if !nodes.in_old(old) || base.node_kind(NodeIndex::new(old)) != node.kind {
                    return None;
                }
                self.replaced[old - nodes.start] = Some(n);
                self.replaces[n] = Some(old - nodes.start);
            }
        }
        // Old nodes gone: nothing else may name them.
        for (i, replaced) in self.replaced.iter().enumerate() {
            if replaced.is_some() {
                continue;
            }
            let old = NodeIndex::new(nodes.start + i);
            if base.node_kind(old) == NodeKind::Jurisdiction {
                return None;
            }
            for direction in [Direction::Outgoing, Direction::Incoming] {
                if base
                    .adjacent(old, direction)
                    .iter()
                    .any(|(edge, _)| !edges.in_old(edge.index()))
                {
                    return None;
                }
            }
        }
        let mut removed_ranks: Vec<u32> = (nodes.start..nodes.start + nodes.old)
            .map(|i| base.id_rank(NodeIndex::new(i)))
            .collect();
        removed_ranks.sort_unstable();
        // Where an id is in the edited graph.
        let replaced = &self.replaced;
        let new_by_id = &self.new_by_id;
        let find = |id: &str| -> Option<End> {
            if let Some(&n) = new_by_id.get(id) {
                return Some(End::New(n));
            }
            let old = match known.get(id) {
                Some(&old) => old,
                None => base.by_id(id)?.index(),
            };
            match nodes.after(old) {
                Some(_) => Some(End::Old(old)),
                None => replaced[old - nodes.start].map(End::New),
            }
        };
        let kind_of = |end: &End| match *end {
            End::New(n) => self.new_nodes[n].kind,
            End::Old(old) => base.node_kind(NodeIndex::new(old)),
        };
        let place = |end: &End| match *end {
            End::New(n) => nodes.start + n,
            End::Old(old) => nodes.after(old).expect("outside the file"),
        };
        let only_encyclopedias =
            |cited: &[String]| !cited.is_empty() && cited.iter().all(|s| encyclopedias.contains(s));
        // What the new records name is declared, and fits.
        let mut connected: FxHashSet<usize> = FxHashSet::default();
        let mut cited: FxHashSet<&str> = FxHashSet::default();
        for node in &self.new_nodes {
            let lists =
                std::iter::once(&node.sources).chain(node.milestones.iter().map(|m| &m.sources));
            for list in lists {
                if only_encyclopedias(list) {
                    return None;
                }
                for source in list {
                    sources.get(source)?;
                    cited.insert(source);
                }
            }
            if let Some(j) = &node.jurisdiction {
                let end = find(j)?;
                if kind_of(&end) != NodeKind::Jurisdiction {
                    return None;
                }
                connected.insert(place(&end));
            }
        }
        let mut edge_ids: FxHashSet<&str> = FxHashSet::default();
        let old_edge_ids: FxHashSet<&str> =
            old_edges.iter().filter_map(|e| e.id.as_deref()).collect();
        for (e, edge) in self.new_edges.iter().enumerate() {
            let (from, to) = (find(&edge.from)?, find(&edge.to)?);
            if !edge.kind.allows(kind_of(&from), kind_of(&to)) || only_encyclopedias(&edge.sources)
            {
                return None;
            }
            for source in &edge.sources {
                sources.get(source)?;
                cited.insert(source);
            }
            if let Some(id) = edge.id.as_deref()
                && (!old_edge_ids.contains(id) || !edge_ids.insert(id))
            {
                return None;
            }
            let (from, to) = (place(&from), place(&to));
            connected.insert(from);
            connected.insert(to);
            let index = EdgeIndex::new(edges.start + e);
            self.new_ends
                .push((NodeIndex::new(from), NodeIndex::new(to)));
            self.new_adjacent.entry(from).or_default()[0].push((index, NodeIndex::new(to)));
            self.new_adjacent.entry(to).or_default()[1].push((index, NodeIndex::new(from)));
        }
        // No source is left uncited: of those the old records cite and the
        // new ones do not, each is cited more often in the snapshot than by
        // the old records.
        let mut by_old: FxHashMap<&str, u32> = FxHashMap::default();
        let old_citing = old_nodes
            .iter()
            .flat_map(|n| n.source_ids())
            .chain(old_edges.iter().flat_map(|e| &e.sources));
        for source in old_citing {
            *by_old.entry(source.as_str()).or_default() += 1;
        }
        let in_snapshot: FxHashMap<&str, u32> = sources
            .keys()
            .map(String::as_str)
            .zip(citations.iter().copied())
            .collect();
        for (source, old) in by_old {
            if !cited.contains(source) && in_snapshot.get(source).is_none_or(|&all| all <= old) {
                return None;
            }
        }
        // Every node keeps an edge: the new ones, and the other files'
        // nodes the old records reached.
        let kept_edge = |old: usize| {
            [Direction::Outgoing, Direction::Incoming]
                .iter()
                .any(|&direction| {
                    base.adjacent(NodeIndex::new(old), direction)
                        .iter()
                        .any(|(edge, _)| !edges.in_old(edge.index()))
                })
        };
        for (i, replaced) in self.replaced.iter().enumerate() {
            if let Some(n) = replaced
                && !connected.contains(&(nodes.start + n))
                && kept_edge(nodes.start + i)
            {
                connected.insert(nodes.start + n);
            }
        }
        if (0..self.new_nodes.len()).any(|n| !connected.contains(&(nodes.start + n))) {
            return None;
        }
        let mut reached: Vec<usize> = Vec::new();
        for i in 0..edges.old {
            let (from, to) = base.ends(EdgeIndex::new(edges.start + i));
            reached.extend([from.index(), to.index()]);
        }
        for node in &old_nodes {
            if let Some(j) = &node.jurisdiction {
                reached.push(match known.get(j.as_str()) {
                    Some(&old) => old,
                    None => base.by_id(j)?.index(),
                });
            }
        }
        reached.sort_unstable();
        reached.dedup();
        for old in reached {
            if let Some(now) = nodes.after(old)
                && !connected.contains(&now)
                && !kept_edge(old)
            {
                return None;
            }
        }
        // No name shared: each new node's name and aliases name no other
        // node, new or of another file. A node whose name and aliases did
        // not change shared none with the other files before, and shares
        // none now.
        let mut names: FxHashMap<String, usize> = FxHashMap::default();
        for (n, node) in self.new_nodes.iter().enumerate() {
            let same = self.replaces[n].is_some_and(|old| {
                let old = old_nodes[old];
                old.name == node.name && old.aliases == node.aliases
            });
            for text in std::iter::once(&node.name).chain(&node.aliases) {
                let key = suggest::fold(text);
                if names.insert(key.clone(), n).is_some_and(|other| other != n) {
                    return None;
                }
                if same {
                    continue;
                }
                for rank in base.find_key(&key)? {
                    let old = base.at_rank(rank)?.index();
                    if !nodes.in_old(old) {
                        return None;
                    }
                }
            }
        }
        // The id order and the name keys.
        let mut by_id: Vec<(&str, usize)> = self
            .new_nodes
            .iter()
            .enumerate()
            .map(|(n, node)| (node.id.as_str(), n))
            .collect();
        by_id.sort_unstable();
        let mut points = vec![(0, 0); self.new_nodes.len()];
        for (among, &(id, n)) in by_id.iter().enumerate() {
            let before = match self.replaces[n] {
                Some(old) => base.id_rank(NodeIndex::new(nodes.start + old)),
                None => base.ids_before(id)?,
            };
            points[n] = (before, among as u32);
        }
        let mut sorted: Vec<u32> = points.iter().map(|p| p.0).collect();
        sorted.sort_unstable();
        for (n, node) in self.new_nodes.iter().enumerate() {
            let keys = std::iter::once(&node.id)
                .chain(std::iter::once(&node.name))
                .chain(&node.aliases);
            for key in keys {
                let list = self.new_keys.entry(suggest::fold(key)).or_default();
                if !list.contains(&n) {
                    list.push(n);
                }
            }
        }
        self.removed_ranks = removed_ranks;
        self.new_points = points;
        self.points_sorted = sorted;
        Some(())
    }

    /// A node of the edited graph: the snapshot's (its place there) or a
    /// new one.
    fn origin(&self, index: NodeIndex) -> Result<NodeIndex, usize> {
        self.nodes.before(index.index()).map(NodeIndex::new)
    }

    fn edge_origin(&self, index: EdgeIndex) -> Result<EdgeIndex, usize> {
        self.edges.before(index.index()).map(EdgeIndex::new)
    }

    /// The edited graph's place of a node of the snapshot not of the file,
    /// or of the file's and kept under its id.
    fn node_after(&self, old: NodeIndex) -> Option<NodeIndex> {
        match self.nodes.after(old.index()) {
            Some(i) => Some(NodeIndex::new(i)),
            None => self.replaced[old.index() - self.nodes.start]
                .map(|n| NodeIndex::new(self.nodes.start + n)),
        }
    }

    /// The edited graph's rank of a node of the snapshot's rank `rank`,
    /// not of the file.
    fn rank_after(&self, rank: u32) -> u32 {
        let removed = self.removed_ranks.partition_point(|&r| r < rank) as u32;
        let new = self.points_sorted.partition_point(|&p| p <= rank) as u32;
        rank - removed + new
    }

    fn new_rank(&self, n: usize) -> u32 {
        let (before, among) = self.new_points[n];
        let removed = self.removed_ranks.partition_point(|&r| r < before) as u32;
        before - removed + among
    }

    /// The node of the snapshot whose adjacency `index` starts from: its
    /// own place before the edit, or the node a new record replaces.
    fn old_node(&self, index: NodeIndex) -> Option<NodeIndex> {
        match self.origin(index) {
            Ok(old) => Some(old),
            Err(n) => self.replaces[n].map(|i| NodeIndex::new(self.nodes.start + i)),
        }
    }

    /// At least the length of `index`'s adjacency in `direction` (the
    /// edges the edit took out are counted).
    fn node_degree(&self, index: NodeIndex, direction: Direction) -> usize {
        let old = self.old_node(index);
        let way = usize::from(direction == Direction::Incoming);
        old.map_or(0, |old| self.base.adjacent(old, direction).len())
            + self
                .new_adjacent
                .get(&index.index())
                .map_or(0, |new| new[way].len())
    }

    /// Appends `index`'s adjacency in `direction`, in the edited graph's
    /// places, to `list`.
    fn node_adjacency(
        &self,
        index: NodeIndex,
        direction: Direction,
        list: &mut Vec<(EdgeIndex, NodeIndex)>,
    ) {
        let old = self.old_node(index);
        let start = list.len();
        if let Some(old) = old {
            for &(edge, other) in self.base.adjacent(old, direction) {
                let Some(edge) = self.edges.after(edge.index()) else {
                    continue;
                };
                match self.node_after(other) {
                    Some(other) => list.push((EdgeIndex::new(edge), other)),
                    // Ruled out by `rules`: a damaged block.
                    None => self.base.damage(()),
                }
            }
        }
        let way = usize::from(direction == Direction::Incoming);
        if let Some(new) = self.new_adjacent.get(&index.index()) {
            // The old entries keep their order (places after the edit
            // shift, but never past one another), so only the new ones
            // are sorted, then each put in its place by a binary search:
            // a file of 50,000 edges touches 100,000 nodes, and looking
            // up every entry's key (kind, time, rank) was most of the
            // first `stats` after such an edit.
            let key = |&(edge, other): &(EdgeIndex, NodeIndex)| {
                (
                    self.edge_kind(edge),
                    self.edge_when(edge),
                    self.id_rank(other),
                    edge,
                )
            };
            let mut added: Vec<_> = new[way].iter().map(|e| (key(e), *e)).collect();
            added.sort_by(|a, b| relation_order(a.0, b.0));
            let old = list.split_off(start);
            list.reserve(old.len() + added.len());
            let mut rest = &old[..];
            for (at, entry) in added {
                let before = rest.partition_point(|e| relation_order(key(e), at).is_lt());
                list.extend_from_slice(&rest[..before]);
                list.push(entry);
                rest = &rest[before..];
            }
            list.extend_from_slice(rest);
        }
    }
}

/// The ids of the sources that are encyclopedias.
fn encyclopedias(edited: &Edited) -> FxHashSet<String> {
    edited
        .base
        .sources()
        .values()
        .filter(|s| s.source_type == Some(SourceType::Encyclopedia))
        .map(|s| s.id.clone())
        .collect()
}

impl Finder for Edited {
    fn find_id(&self, id: &str) -> Option<Option<NodeIndex>> {
        Some(self.by_id(id))
    }

    fn find_key(&self, key: &str) -> Option<Vec<u32>> {
        let old = self.base.find_key(key)?;
        self.merged_key(key, &old)
    }

    fn all_keys(&self) -> Option<Vec<(String, Vec<u32>)>> {
        let mut keys: Vec<(String, Vec<u32>)> = Vec::new();
        for (key, old) in self.base.all_keys()? {
            if let Some(ranks) = self.merged_key(&key, &old)
                && !ranks.is_empty()
            {
                keys.push((key, ranks));
            }
        }
        let mut fresh: Vec<&String> = self
            .new_keys
            .keys()
            .filter(|key| keys.binary_search_by(|(k, _)| k.as_str().cmp(key)).is_err())
            .collect();
        fresh.sort_unstable();
        for key in fresh {
            keys.push((key.clone(), self.merged_key(key, &[])?));
        }
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        Some(keys)
    }

    fn at(&self, rank: u32) -> Option<(NodeIndex, &Node)> {
        let node = *self.id_order().get(rank as usize)?;
        Some((node, self.node(node)))
    }
}

impl Edited {
    /// A key's ranks in the edited graph, in file order, from the
    /// snapshot's (`old`) and the new nodes'.
    fn merged_key(&self, key: &str, old: &[u32]) -> Option<Vec<u32>> {
        let mut places: Vec<(NodeIndex, u32)> = Vec::new();
        for &rank in old {
            let node = self.base.at_rank(rank)?;
            if let Some(after) = self.nodes.after(node.index()) {
                places.push((NodeIndex::new(after), self.rank_after(rank)));
            }
        }
        if let Some(new) = self.new_keys.get(key) {
            for &n in new {
                places.push((NodeIndex::new(self.nodes.start + n), self.new_rank(n)));
            }
            places.sort_unstable();
        }
        Some(places.into_iter().map(|(_, rank)| rank).collect())
    }
}

impl Store for Edited {
    fn node_count(&self) -> usize {
        self.base.node_count() - self.nodes.old + self.nodes.new
    }

    fn edge_count(&self) -> usize {
        self.base.edge_count() - self.edges.old + self.edges.new
    }

    fn node(&self, index: NodeIndex) -> &Node {
        match self.origin(index) {
            Ok(old) => self.base.node(old),
            Err(n) => &self.new_nodes[n],
        }
    }

    fn edge(&self, index: EdgeIndex) -> &Edge {
        match self.edge_origin(index) {
            Ok(old) => self.base.edge(old),
            Err(e) => &self.new_edges[e],
        }
    }

    fn ends(&self, index: EdgeIndex) -> (NodeIndex, NodeIndex) {
        match self.edge_origin(index) {
            Ok(old) => {
                let (from, to) = self.base.ends(old);
                match (self.node_after(from), self.node_after(to)) {
                    (Some(from), Some(to)) => (from, to),
                    _ => self.base.damage((NodeIndex::new(0), NodeIndex::new(0))),
                }
            }
            Err(e) => self.new_ends[e],
        }
    }

    fn adjacent(&self, index: NodeIndex, direction: Direction) -> &[(EdgeIndex, NodeIndex)] {
        let (block, i) = (index.index() / BLOCK, index.index() % BLOCK);
        let way = usize::from(direction == Direction::Incoming);
        let Some(lock) = self.adjacency.get(block).map(|both| &both[way]) else {
            return self.base.damage(&[]);
        };
        let block = lock.get_or_init(|| {
            let first = block * BLOCK;
            let last = (first + BLOCK).min(self.node_count());
            let mut offsets = Vec::with_capacity(last - first + 1);
            offsets.push(0u32);
            // Sized first (what a list grown by doubling leaves unused
            // was a tenth of the first `stats` after an edit).
            let size = (first..last)
                .map(|node| self.node_degree(NodeIndex::new(node), direction))
                .sum();
            let mut entries = Vec::with_capacity(size);
            for node in first..last {
                self.node_adjacency(NodeIndex::new(node), direction, &mut entries);
                offsets.push(entries.len() as u32);
            }
            Block { offsets, entries }
        });
        match (block.offsets.get(i), block.offsets.get(i + 1)) {
            (Some(&start), Some(&end)) => &block.entries[start as usize..end as usize],
            _ => self.base.damage(&[]),
        }
    }

    fn node_kind(&self, index: NodeIndex) -> NodeKind {
        match self.origin(index) {
            Ok(old) => self.base.node_kind(old),
            Err(n) => self.new_nodes[n].kind,
        }
    }

    fn edge_kind(&self, index: EdgeIndex) -> EdgeKind {
        match self.edge_origin(index) {
            Ok(old) => self.base.edge_kind(old),
            Err(e) => self.new_edges[e].kind,
        }
    }

    fn edge_kinds(&self, each: &mut dyn FnMut(EdgeIndex, EdgeKind)) {
        self.base.edge_kinds(&mut |old, kind| {
            if let Some(edge) = self.edges.after(old.index()) {
                each(EdgeIndex::new(edge), kind);
            }
        });
        for (i, edge) in self.new_edges.iter().enumerate() {
            each(EdgeIndex::new(self.edges.start + i), edge.kind);
        }
    }

    fn node_when(&self, index: NodeIndex) -> Option<When> {
        match self.origin(index) {
            Ok(old) => self.base.node_when(old),
            Err(n) => self.new_nodes[n].when(),
        }
    }

    fn edge_when(&self, index: EdgeIndex) -> Option<When> {
        match self.edge_origin(index) {
            Ok(old) => self.base.edge_when(old),
            Err(e) => self.new_edges[e].when(),
        }
    }

    fn prefetch(&self, nodes: &[NodeIndex], edges: &[EdgeIndex]) {
        let nodes: Vec<NodeIndex> = nodes.iter().filter_map(|&n| self.origin(n).ok()).collect();
        let edges: Vec<EdgeIndex> = edges
            .iter()
            .filter_map(|&e| self.edge_origin(e).ok())
            .collect();
        self.base.prefetch(&nodes, &edges);
    }

    fn prefetch_adjacency(&self, nodes: &[NodeIndex]) {
        let nodes: Vec<NodeIndex> = nodes.iter().filter_map(|&n| self.origin(n).ok()).collect();
        self.base.prefetch_adjacency(&nodes);
    }

    fn node_label(&self, index: NodeIndex) -> Label<'_> {
        match self.origin(index) {
            Ok(old) => self.base.node_label(old),
            Err(n) => {
                let node = &self.new_nodes[n];
                Label {
                    id: &node.id,
                    name: &node.name,
                    sources: Sources::of(&node.sources),
                }
            }
        }
    }

    fn edge_sources(&self, index: EdgeIndex) -> Sources<'_> {
        match self.edge_origin(index) {
            Ok(old) => self.base.edge_sources(old),
            Err(e) => Sources::of(&self.new_edges[e].sources),
        }
    }

    fn node_contested(&self, index: NodeIndex) -> bool {
        match self.origin(index) {
            Ok(old) => self.base.node_contested(old),
            Err(n) => self.new_nodes[n].is_contested(),
        }
    }

    fn edge_contested(&self, index: EdgeIndex) -> bool {
        match self.edge_origin(index) {
            Ok(old) => self.base.edge_contested(old),
            Err(e) => self.new_edges[e].is_contested(),
        }
    }

    fn has_milestones(&self, index: NodeIndex) -> bool {
        match self.origin(index) {
            Ok(old) => self.base.has_milestones(old),
            Err(n) => !self.new_nodes[n].milestones.is_empty(),
        }
    }

    fn has_budget(&self, index: NodeIndex) -> bool {
        match self.origin(index) {
            Ok(old) => self.base.has_budget(old),
            Err(n) => self.new_nodes[n].budget.is_some(),
        }
    }

    fn node_sector(&self, index: NodeIndex) -> Option<Sector> {
        match self.origin(index) {
            Ok(old) => self.base.node_sector(old),
            Err(n) => self.new_nodes[n].sector,
        }
    }

    fn edge_amount(&self, index: EdgeIndex) -> Option<Money> {
        match self.edge_origin(index) {
            Ok(old) => self.base.edge_amount(old),
            Err(e) => self.new_edges[e].amount,
        }
    }

    fn id_order(&self) -> &[NodeIndex] {
        self.id_order.get_or_init(|| {
            let mut new: Vec<(u32, u32, usize)> = self
                .new_points
                .iter()
                .enumerate()
                .map(|(n, &(before, among))| (before, among, n))
                .collect();
            new.sort_unstable();
            let mut new = new.into_iter().peekable();
            let mut order = Vec::with_capacity(self.node_count());
            for (rank, &old) in self.base.id_order().iter().enumerate() {
                while let Some((_, _, n)) = new.next_if(|&(before, _, _)| before as usize <= rank) {
                    order.push(NodeIndex::new(self.nodes.start + n));
                }
                if let Some(after) = self.nodes.after(old.index()) {
                    order.push(NodeIndex::new(after));
                }
            }
            order.extend(new.map(|(_, _, n)| NodeIndex::new(self.nodes.start + n)));
            order
        })
    }

    fn id_rank(&self, index: NodeIndex) -> u32 {
        match self.origin(index) {
            Ok(old) => self.rank_after(self.base.id_rank(old)),
            Err(n) => self.new_rank(n),
        }
    }

    fn by_id(&self, id: &str) -> Option<NodeIndex> {
        if let Some(&n) = self.new_by_id.get(id) {
            return Some(NodeIndex::new(self.nodes.start + n));
        }
        let old = self.base.by_id(id)?;
        self.nodes.after(old.index()).map(NodeIndex::new)
    }

    fn lookup(&self, query: &str) -> Result<(NodeIndex, Match), LookupError> {
        match resolve(self, query) {
            Some(found) => found,
            None => self.base.damage(Err(LookupError::NotFound {
                query: query.to_string(),
                suggestions: Vec::new(),
            })),
        }
    }

    fn sources(&self) -> &std::collections::BTreeMap<String, Source> {
        self.base.sources()
    }

    fn damaged(&self) -> bool {
        self.base.damaged()
    }
}

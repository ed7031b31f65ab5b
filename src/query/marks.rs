//! Visited marks for walks, reused from walk to walk.
//!
//! A walk over a large graph visits a few hundred nodes; a hash set of
//! them costs a hash and a probe per visit and an allocation per walk. A
//! mark per node, tagged with a generation number that each walk
//! increments, costs one array access per visit and nothing to clear.
//! Each thread keeps its own arrays.

use std::cell::RefCell;

use petgraph::stable_graph::NodeIndex;

/// Which nodes a walk has visited, and a number stored for each.
///
/// The arrays are allocated zeroed, so the system maps their pages only
/// when a walk first touches them: a short walk on a large graph costs no
/// more than the nodes it visits.
#[derive(Default)]
pub(crate) struct Marks {
    generation: u32,
    marks: Vec<u32>,
    values: Vec<u32>,
}

impl Marks {
    /// Forgets every mark, for nodes with indices below `bound`.
    fn start(&mut self, bound: usize) {
        self.generation = self.generation.wrapping_add(1);
        if self.marks.len() < bound || self.generation == 0 {
            self.marks = vec![0; bound.max(self.marks.len())];
            self.values = vec![0; self.marks.len()];
            self.generation = 1;
        }
    }

    /// Marks `node` with `value`; `false` (and nothing changed) if it was
    /// already marked.
    #[inline]
    pub(crate) fn insert(&mut self, node: NodeIndex, value: u32) -> bool {
        if !self.mark(node) {
            return false;
        }
        self.values[node.index()] = value;
        true
    }

    /// Marks `node` without a value (the values array is not touched);
    /// `false` if it was already marked.
    #[inline]
    pub(crate) fn mark(&mut self, node: NodeIndex) -> bool {
        let mark = &mut self.marks[node.index()];
        if *mark == self.generation {
            return false;
        }
        *mark = self.generation;
        true
    }

    #[inline]
    pub(crate) fn contains(&self, node: NodeIndex) -> bool {
        self.marks[node.index()] == self.generation
    }

    /// The value `node` was marked with.
    #[inline]
    pub(crate) fn get(&self, node: NodeIndex) -> Option<u32> {
        self.contains(node).then(|| self.values[node.index()])
    }
}

/// Runs `walk` with fresh marks for nodes below `bound`: this thread's
/// reusable arrays, or new ones if a walk on this thread already holds them.
pub(crate) fn with_marks<R>(
    store: &'static std::thread::LocalKey<RefCell<Marks>>,
    bound: usize,
    walk: impl FnOnce(&mut Marks) -> R,
) -> R {
    store.with(|cell| match cell.try_borrow_mut() {
        Ok(mut marks) => {
            marks.start(bound);
            walk(&mut marks)
        }
        Err(_) => {
            let mut marks = Marks::default();
            marks.start(bound);
            walk(&mut marks)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static TEST: RefCell<Marks> = RefCell::default();
    }

    #[test]
    fn marks_are_forgotten_between_walks_and_nested_walks_get_their_own() {
        let n = NodeIndex::new;
        with_marks(&TEST, 4, |marks| {
            assert!(marks.insert(n(1), 7));
            assert!(!marks.insert(n(1), 8));
            assert_eq!(marks.get(n(1)), Some(7));
            assert_eq!(marks.get(n(2)), None);
            with_marks(&TEST, 4, |inner| assert!(!inner.contains(n(1))));
        });
        with_marks(&TEST, 8, |marks| {
            assert!(!marks.contains(n(1)));
            assert!(marks.insert(n(7), 1));
            assert!(marks.mark(n(3)));
            assert!(!marks.mark(n(3)));
            assert!(!marks.mark(n(7)));
            assert!(marks.contains(n(3)));
        });
    }

    #[test]
    fn a_wrapped_generation_clears_old_marks() {
        let mut marks = Marks::default();
        marks.start(2);
        marks.insert(NodeIndex::new(0), 1);
        marks.generation = u32::MAX;
        marks.marks[1] = u32::MAX;
        marks.start(2);
        assert!(!marks.contains(NodeIndex::new(0)));
        assert!(!marks.contains(NodeIndex::new(1)));
    }
}

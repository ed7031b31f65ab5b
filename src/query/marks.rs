//! Visited marks for walks, reused from walk to walk.
//!
//! A walk over a large graph visits a few hundred nodes; a hash set of
//! them costs a hash and a probe per visit and an allocation per walk. A
//! mark per node, tagged with a generation number that each walk
//! increments, costs one array access per visit and nothing to clear.
//! Each thread keeps its own arrays.

use std::cell::RefCell;

use petgraph::stable_graph::NodeIndex;

/// Which nodes a walk has visited, and what it stored for each.
pub(crate) struct Marks<T: Copy + Default> {
    generation: u32,
    marks: Vec<u32>,
    values: Vec<T>,
}

impl<T: Copy + Default> Default for Marks<T> {
    fn default() -> Self {
        Marks {
            generation: 0,
            marks: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Copy + Default> Marks<T> {
    /// Forgets every mark, for nodes with indices below `bound`.
    fn start(&mut self, bound: usize) {
        if self.marks.len() < bound {
            self.marks.resize(bound, 0);
            self.values.resize(bound, T::default());
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.marks.fill(0);
            self.generation = 1;
        }
    }

    /// Marks `node` with `value`; `false` (and nothing changed) if it was
    /// already marked.
    #[inline]
    pub(crate) fn insert(&mut self, node: NodeIndex, value: T) -> bool {
        let i = node.index();
        if self.marks[i] == self.generation {
            return false;
        }
        self.marks[i] = self.generation;
        self.values[i] = value;
        true
    }

    #[inline]
    pub(crate) fn contains(&self, node: NodeIndex) -> bool {
        self.marks[node.index()] == self.generation
    }

    /// The value `node` was marked with.
    #[inline]
    pub(crate) fn get(&self, node: NodeIndex) -> Option<T> {
        self.contains(node).then(|| self.values[node.index()])
    }
}

/// Runs `walk` with fresh marks for nodes below `bound`: this thread's
/// reusable arrays, or new ones if a walk on this thread already holds them.
pub(crate) fn with_marks<T: Copy + Default + 'static, R>(
    store: &'static std::thread::LocalKey<RefCell<Marks<T>>>,
    bound: usize,
    walk: impl FnOnce(&mut Marks<T>) -> R,
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
        static TEST: RefCell<Marks<u8>> = RefCell::default();
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
        });
    }

    #[test]
    fn a_wrapped_generation_clears_old_marks() {
        let mut marks: Marks<u8> = Marks::default();
        marks.start(2);
        marks.insert(NodeIndex::new(0), 1);
        marks.generation = u32::MAX;
        marks.marks[1] = u32::MAX;
        marks.start(2);
        assert!(!marks.contains(NodeIndex::new(0)));
        assert!(!marks.contains(NodeIndex::new(1)));
    }
}

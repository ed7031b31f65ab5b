//! [`SuggestIndex`]: a fixed list of candidates prepared once for many
//! "did you mean" look-ups, its public answers and the memo of them. How a
//! look-up finds its candidates is `search.rs`.

use super::hash::{HashedIds, deletion_hashes, multiset_hash, token_key};
use super::score::symbol_counts;
use super::{DELETION_MAX_LEN, MAX_CANDIDATE_LEN, MAX_SUGGEST_LEN, SYMBOLS, fold_within};

/// At most this many distinct words are remembered by an index's memo.
const MEMO_CAP: usize = 1 << 16;

/// "Did you mean" over a fixed list of candidates, prepared once for many
/// look-ups: the same answers as [`ranked`] and [`closest`] over that list,
/// without comparing each word with every candidate.
///
/// Build it once from the candidates and share it (it is `Send + Sync`, so
/// rayon threads can query it together). It remembers its answers, so the
/// same misspelling met again costs a hash look-up. Words longer than
/// [`MAX_SUGGEST_LEN`] once folded get no suggestion.
///
/// ```
/// use reggraph::suggest::SuggestIndex;
/// let ids = ["mistral-ai", "openai", "emmanuel-macron", "mistral-ia"];
/// let index = SuggestIndex::new(ids);
/// assert_eq!(index.closest("mistral-aj"), Some("mistral-ai"));
/// assert_eq!(index.ranked("mistral-aj", 5), ["mistral-ai", "mistral-ia"]);
/// assert_eq!(index.closest("zzz"), None);
/// // The same answers as comparing with every candidate:
/// assert_eq!(index.ranked("emanuel-macron", 5), reggraph::suggest::ranked("emanuel-macron", ids, 5));
/// ```
///
/// A look-up reads only the candidates that could still make the answer
/// (see `search` in the source for why none that belongs is skipped), and
/// scores them exactly as [`ranked`] does.
///
/// [`ranked`]: super::ranked
/// [`closest`]: super::closest
pub struct SuggestIndex {
    /// The distinct candidates, sorted: ids are positions here, so ties
    /// break by id.
    pub(super) names: Vec<Box<str>>,
    /// `fold(names[id])` is `folded[starts[id]..starts[id + 1]]`, empty
    /// for candidates longer than [`MAX_CANDIDATE_LEN`].
    folded: String,
    starts: Vec<usize>,
    /// Ids of candidates whose folded form is empty (they match only an empty word).
    empty: Vec<u32>,
    /// Ids of the other kept candidates, by folded form then id.
    pub(super) by_folded: Vec<u32>,
    /// The distinct folded lengths in `by_folded`, ascending.
    pub(super) lengths: Vec<usize>,
    /// How many candidates have each of those lengths.
    pub(super) length_counts: Vec<usize>,
    /// Which symbols occur in some folded candidate.
    pub(super) present: [bool; SYMBOLS],
    /// Per id, the symbols its folded form holds, one bit each: a candidate
    /// lacking a symbol of the word cannot match its copies of it.
    pub(super) symbol_sets: Vec<u64>,
    /// Ids by the hash of their multiset of characters.
    pub(super) multisets: HashedIds,
    /// Ids by the hashes of their one-character deletions.
    pub(super) deletions: HashedIds,
    /// `token_key(len, symbol, n)` to the ids of length `len` with at least
    /// `n` copies of `symbol`, ascending.
    pub(super) tokens: rustc_hash::FxHashMap<u64, Vec<u32>>,
    /// Answers already given, by folded word.
    memo: std::sync::Mutex<rustc_hash::FxHashMap<Box<str>, Memo>>,
}

/// A remembered answer: the best `ids` when asked for `limit`. Rankings are
/// a total order, so it also answers any smaller limit, and any limit at all
/// when it holds fewer than `limit` ids.
struct Memo {
    limit: usize,
    ids: Box<[u32]>,
}

impl SuggestIndex {
    /// Prepares `candidates` (duplicates are dropped) for look-ups.
    pub fn new<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names: Vec<&str> = candidates.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        assert!(u32::try_from(names.len()).is_ok(), "too many candidates");
        let mut folded = String::new();
        let mut starts = vec![0];
        let mut empty = Vec::new();
        let mut by_folded = Vec::new();
        let mut present = [false; SYMBOLS];
        let mut multisets = Vec::new();
        let mut deletions = Vec::new();
        let mut tokens = rustc_hash::FxHashMap::<u64, Vec<u32>>::default();
        let mut per_length = vec![0usize; MAX_CANDIDATE_LEN + 1];
        for (id, name) in names.iter().enumerate() {
            let id = id as u32;
            // Too long to ever be suggested: kept as a name, with no key.
            let key = fold_within(name, MAX_CANDIDATE_LEN);
            let bytes = key.as_deref().unwrap_or_default().as_bytes();
            if key.as_deref() == Some("") {
                empty.push(id);
            } else if !bytes.is_empty() {
                by_folded.push(id);
                per_length[bytes.len()] += 1;
                let counts = symbol_counts(bytes);
                multisets.push(HashedIds::pack(multiset_hash(&counts), id));
                for (symbol, &count) in counts.iter().enumerate() {
                    present[symbol] |= count > 0;
                    for nth in 1..=count {
                        let key = token_key(bytes.len(), symbol, nth);
                        tokens.entry(key).or_default().push(id);
                    }
                }
                if (2..=DELETION_MAX_LEN).contains(&bytes.len()) {
                    deletion_hashes(bytes, |h| deletions.push(HashedIds::pack(h, id)));
                }
            }
            folded.push_str(key.as_deref().unwrap_or_default());
            starts.push(folded.len());
        }
        let key = |id: u32| &folded[starts[id as usize]..starts[id as usize + 1]];
        by_folded.sort_unstable_by(|&a, &b| key(a).cmp(key(b)).then(a.cmp(&b)));
        let lengths: Vec<usize> = (1..=MAX_CANDIDATE_LEN)
            .filter(|&l| per_length[l] > 0)
            .collect();
        let symbol_sets = (0..names.len() as u32)
            .map(|id| symbol_set(key(id).as_bytes()))
            .collect();
        SuggestIndex {
            names: names.iter().map(|&n| n.into()).collect(),
            symbol_sets,
            length_counts: lengths.iter().map(|&l| per_length[l]).collect(),
            lengths,
            folded,
            starts,
            empty,
            by_folded,
            present,
            multisets: HashedIds::new(multisets),
            deletions: HashedIds::new(deletions),
            tokens,
            memo: std::sync::Mutex::new(rustc_hash::FxHashMap::default()),
        }
    }

    /// The symbols of a folded id, one bit each.
    pub(super) fn symbols_of(&self, id: u32) -> u64 {
        self.symbol_sets[id as usize]
    }

    /// The number of distinct candidates.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no candidates.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The candidate closest to `word`, if one is close enough to be a likely
    /// typo: the same as [`closest`] over the candidates.
    ///
    /// [`closest`]: super::closest
    pub fn closest(&self, word: &str) -> Option<&str> {
        self.ranked(word, 1).into_iter().next()
    }

    /// Up to `limit` candidates close to `word`, best first (ties by name):
    /// the same as [`ranked`] over the candidates.
    ///
    /// [`ranked`]: super::ranked
    pub fn ranked(&self, word: &str, limit: usize) -> Vec<&str> {
        self.ranked_ids(word, limit)
            .into_iter()
            .map(|id| &*self.names[id as usize])
            .collect()
    }

    fn ranked_ids(&self, word: &str, limit: usize) -> Vec<u32> {
        if limit == 0 {
            return Vec::new();
        }
        let Some(folded) = fold_within(word, MAX_SUGGEST_LEN) else {
            return Vec::new();
        };
        if folded.is_empty() {
            // Two empty strings score 1, an empty and a non-empty one 0.
            return self.empty.iter().copied().take(limit).collect();
        }
        let memo = || {
            self.memo
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(known) = memo().get(folded.as_str())
            && (known.limit >= limit || known.ids.len() < known.limit)
        {
            return known.ids.iter().copied().take(limit).collect();
        }
        let ids = self.search(&folded, limit);
        let mut memo = memo();
        if memo.len() < MEMO_CAP || memo.contains_key(folded.as_str()) {
            let ids = ids.clone().into_boxed_slice();
            memo.insert(folded.into_boxed_str(), Memo { limit, ids });
        }
        ids
    }

    pub(super) fn key(&self, id: u32) -> &[u8] {
        &self.folded.as_bytes()[self.starts[id as usize]..self.starts[id as usize + 1]]
    }

    /// The kept candidates whose folded form starts with `prefix`.
    pub(super) fn with_prefix(&self, prefix: &[u8]) -> &[u32] {
        let start = self.by_folded.partition_point(|&id| self.key(id) < prefix);
        let rest = &self.by_folded[start..];
        &rest[..rest.partition_point(|&id| self.key(id).starts_with(prefix))]
    }
}

impl std::fmt::Debug for SuggestIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SuggestIndex")
            .field("candidates", &self.names.len())
            .field("remembered", &self.memo.lock().map_or(0, |m| m.len()))
            .finish_non_exhaustive()
    }
}

/// The symbols `text` holds, one bit each (bit `symbol(byte)`).
pub(super) fn symbol_set(text: &[u8]) -> u64 {
    text.iter()
        .fold(0, |set, &byte| set | 1 << super::symbol(byte))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::{closest, ranked};
    use proptest::prelude::*;

    /// Candidate-like strings, from alphabets small enough that near misses
    /// are common: very short ones (where n-gram filters break), slugs with
    /// digits and hyphens, a shared-prefix template, and case and accents
    /// that fold together.
    fn id() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-c0-1-]{0,3}",
            "[a-e0-3-]{1,10}",
            "[a-z0-9-]{1,16}",
            "(node|nade|mode)-[0-9]{2,3}-(alpha|beta|gamma|alhpa|ab)",
            "[A-Ca-cÉé' -]{0,6}",
        ]
    }

    /// One edit of a typo: which kind, where, and the character it brings.
    type Edit = (u8, prop::sample::Index, char);

    fn edits() -> impl Strategy<Value = Vec<Edit>> {
        prop::collection::vec(
            (
                0u8..6,
                any::<prop::sample::Index>(),
                prop::char::range('a', 'f'),
            ),
            0..3,
        )
    }

    /// `text` with the `edits` applied in turn: substitute, delete, insert,
    /// swap neighbours, append.
    fn misspell(text: &str, edits: &[Edit]) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for (kind, at, with) in edits {
            let n = chars.len();
            match (kind, n) {
                (0, 1..) => chars[at.index(n)] = *with,
                (1, 1..) => {
                    chars.remove(at.index(n));
                }
                (2, _) => chars.insert(at.index(n + 1), *with),
                (3, 2..) => chars.swap(at.index(n - 1), at.index(n - 1) + 1),
                _ => chars.push(*with),
            }
        }
        chars.into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// The index gives exactly the brute-force answers, for typos of
        /// candidates and for unrelated words, at every limit, and its memo
        /// answers a repeated word (with a smaller or larger limit) the same.
        #[test]
        fn index_agrees_with_brute_force(
            candidates in prop::collection::vec(id(), 0..200),
            words in prop::collection::vec((id(), any::<prop::sample::Index>(), edits()), 1..5),
        ) {
            let index = SuggestIndex::new(candidates.iter().map(String::as_str));
            for (random, pick, edits) in &words {
                let word = match candidates.len() {
                    0 => random.clone(),
                    n => misspell(&candidates[pick.index(n)], edits),
                };
                for word in [&word, random] {
                    let all = candidates.iter().map(String::as_str);
                    prop_assert_eq!(index.closest(word), closest(word, all.clone()), "closest {:?}", word);
                    for limit in [3, 1, 200, 0, 2] {
                        prop_assert_eq!(index.ranked(word, limit), ranked(word, all.clone(), limit), "{:?} limit {}", word, limit);
                    }
                }
            }
        }

        /// The same with candidates all of one length, so that no other
        /// length's bound hides a mistake in the bound for equal lengths.
        #[test]
        fn index_agrees_with_brute_force_on_one_length(
            length in 1usize..9,
            seeds in prop::collection::vec("[a-e]{8}", 1..80),
            words in prop::collection::vec((any::<prop::sample::Index>(), edits()), 1..5),
        ) {
            let candidates: Vec<&str> = seeds.iter().map(|s| &s[..length]).collect();
            let index = SuggestIndex::new(candidates.iter().copied());
            for (pick, edits) in &words {
                let word = misspell(candidates[pick.index(candidates.len())], edits);
                for limit in [1, 4] {
                    prop_assert_eq!(index.ranked(&word, limit), ranked(&word, candidates.iter().copied(), limit), "{:?} limit {}", word, limit);
                }
            }
        }
    }

    #[test]
    fn long_words_get_no_suggestion() {
        let near = "a".repeat(MAX_SUGGEST_LEN);
        let index = SuggestIndex::new([near.as_str()]);
        assert_eq!(index.closest(&near), Some(near.as_str()));
        let long = format!("{near}b");
        assert_eq!(index.closest(&long), None);
        assert_eq!(closest(&long, [near.as_str()]), None);
        let huge = "x-".repeat(500_000);
        let index = SuggestIndex::new([huge.as_str(), "x-x"]);
        assert_eq!(index.ranked(&huge, 5), Vec::<&str>::new());
        assert_eq!(index.closest("x-x-"), Some("x-x"));
    }

    #[test]
    fn names_that_fold_alike_tie_by_name() {
        let index = SuggestIndex::new(["Etat", "état", "ÉTAT", "etat", "etat", "--", ""]);
        assert_eq!(index.len(), 6);
        // Byte order: "E" < "e" < "É" < "é".
        assert_eq!(index.ranked("etats", 9), ["Etat", "etat", "ÉTAT", "état"]);
        let all = ["Etat", "état", "ÉTAT", "etat", "etat", "--", ""];
        assert_eq!(index.ranked("etats", 9), ranked("etats", all, 9));
        assert_eq!(index.ranked("-", 9), ["", "--"]);
        assert_eq!(index.closest("zz"), None);
    }

    #[test]
    fn index_is_shareable_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<SuggestIndex>();
    }
}

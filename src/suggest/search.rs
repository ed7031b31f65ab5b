//! How a [`SuggestIndex`] answers a look-up: near stages by exact hash
//! look-ups, then, if the answer may not be complete, a scan of the
//! candidates that can still make it (see `search` for why none that
//! belongs is skipped), keeping the best few in a [`Top`].

use super::hash::{WEIGHTS, deletion_hashes, multiset_hash, token_key};
use super::index::SuggestIndex;
use super::score::{
    common_prefix, jaro_winkler, least_uncovered_t, needed_matches, score_of, shares_at_least,
    symbol_counts,
};
use super::{DELETION_MAX_LEN, SYMBOLS, THRESHOLD};

/// Slack on every bound comparison, far above the few ulps by which the
/// floating-point bounds can differ from the exact real-valued ones.
const EPS: f64 = 1e-9;

/// The word being looked up.
struct Query<'q> {
    text: &'q str,
    counts: [u16; SYMBOLS],
    /// Which symbols the word holds, one bit each.
    symbols: u64,
    /// The longest prefix (at most 4) any kept candidate shares with the word.
    p_max: usize,
    multiset: u64,
}

impl Query<'_> {
    fn len(&self) -> usize {
        self.text.len()
    }
}

/// One candidate length, as a scan sees it: how many candidates have it, and
/// the word's token lists in it, shortest first.
struct Bucket<'s> {
    len: usize,
    size: usize,
    lists: Vec<&'s [u32]>,
}

/// What one look-up marks per id (scored already; how many of the word's
/// token lists hold it), kept between look-ups on each thread: a stamp says
/// which look-up wrote a mark, so a look-up starts without clearing or
/// allocating anything (20,000 misses in a 25,000-id folder used to spend a
/// fifth of their time growing and zeroing these).
#[derive(Default)]
struct Scratch {
    now: u32,
    seen: Vec<u32>,
    hit_at: Vec<u32>,
    hits: Vec<u16>,
    /// Per candidate length and common prefix (0 to 4): the fewest matches
    /// with which a candidate can still score `least_for.0` against a word
    /// of `least_for.1` bytes (`u16::MAX`: none; `0`: not worked out yet).
    least: Vec<[u16; 5]>,
    least_for: (f64, usize),
}

impl Scratch {
    fn start(&mut self, ids: usize) {
        if self.seen.len() < ids {
            self.seen.resize(ids, 0);
            self.hit_at.resize(ids, 0);
            self.hits.resize(ids, 0);
        }
        self.now = self.now.wrapping_add(1);
        if self.now == 0 {
            self.seen.fill(0);
            self.hit_at.fill(0);
            self.now = 1;
        }
    }

    /// The fewest matches `m` for which `score_of(la, lb, m, 0, p)` reaches
    /// `tau`, or `None` if none does: with fewer, a candidate cannot be kept
    /// whatever its transpositions. The same test as comparing `score_of`
    /// with `tau`, without its divisions on every candidate.
    fn least_matches(&mut self, la: usize, lb: usize, p: usize, tau: f64) -> Option<usize> {
        if self.least_for != (tau, la) {
            self.least_for = (tau, la);
            self.least.iter_mut().for_each(|row| *row = [0; 5]);
        }
        if self.least.len() <= lb {
            self.least.resize(lb + 1, [0; 5]);
        }
        let slot = &mut self.least[lb][p];
        if *slot == 0 {
            *slot = (1..=la.min(lb))
                .find(|&m| score_of(la, lb, m, 0, p) >= tau)
                .map_or(u16::MAX, |m| m as u16);
        }
        (*slot != u16::MAX).then_some(usize::from(*slot))
    }

    /// Marks `id` scored; false if it already was in this look-up.
    fn insert(&mut self, id: u32) -> bool {
        let stamp = &mut self.seen[id as usize];
        std::mem::replace(stamp, self.now) != self.now
    }

    fn hits(&self, id: u32) -> u16 {
        let id = id as usize;
        if self.hit_at[id] == self.now {
            self.hits[id]
        } else {
            0
        }
    }

    /// Counts one more list holding `id`; the count so far.
    fn bump(&mut self, id: u32) -> u16 {
        let id = id as usize;
        if self.hit_at[id] != self.now {
            self.hit_at[id] = self.now;
            self.hits[id] = 0;
        }
        self.hits[id] += 1;
        self.hits[id]
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The best `limit` (score, id) pairs seen.
struct Top {
    limit: usize,
    heap: std::collections::BinaryHeap<Ranked>,
}

/// Ordered worst first, so the heap's top is the one to drop.
struct Ranked {
    score: f64,
    id: u32,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ranked {}

impl Top {
    /// The least score a new candidate needs to be kept (ties by id decide).
    fn threshold(&self) -> f64 {
        match self.heap.peek() {
            Some(worst) if self.heap.len() >= self.limit => worst.score,
            _ => THRESHOLD,
        }
    }

    fn push(&mut self, score: f64, id: u32) {
        self.heap.push(Ranked { score, id });
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }

    fn into_ids(self) -> Vec<u32> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.id)
            .collect()
    }
}

impl SuggestIndex {
    /// The best `limit` ids for a folded, non-empty word of at most
    /// [`MAX_SUGGEST_LEN`] bytes.
    ///
    /// # Why no candidate that belongs in the answer is skipped
    ///
    /// strsim scores a word `a` of `la` characters against a candidate `b`
    /// of `lb` by matching each character of `a`, in order, to the first
    /// equal and not yet matched character of `b` within a window, giving
    /// `m` matches; `t` is half the number of places where the matched
    /// characters, read in order in `a` and in `b`, differ; `p` is their
    /// common prefix, at most 4. The score is `score_of(la, lb, m, t, p)`,
    /// which (in real numbers) grows with `m` and `p` and shrinks with `t`.
    /// Three facts about `m` and `t`:
    ///
    /// 1. Matches pair equal characters one to one, so `m` is at most the
    ///    size of the two multisets' intersection (`shares_at_least` tests it).
    /// 2. If `m = min(la, lb)`, the shorter string's multiset of characters
    ///    is contained in the longer one's.
    /// 3. The matched characters of `b` are a rearrangement of those of `a`,
    ///    so they cannot differ in exactly one place: `t = 0` means they are
    ///    the same sequence, so `a` and `b` become equal by deleting `la -
    ///    m` and `lb - m` characters.
    ///
    /// The search keeps the best `limit` scores found so far; a candidate
    /// can only enter if it scores at least `tau`, the worst kept score once
    /// `limit` are kept and 0.85 until then (equal scores still enter when
    /// their name sorts first, so nothing scoring `tau` is ever dropped).
    /// `tau` only rises, so a candidate ruled out against an earlier `tau`
    /// stays out. Every bound is compared with a slack of [`EPS`], far more
    /// than the rounding of `score_of`, which can only let more through.
    ///
    /// * **Near stages** reach, by exact look-ups, every candidate whose
    ///   `(m, t)` is "covered": multisets equal to the word's or one
    ///   character away (so by fact 2 every `m = min(la, lb)` with `|la -
    ///   lb| <= 1`), one-character deletions shared with the word (by fact
    ///   3 every `la = lb`, `m = la - 1`, `t = 0`), then multisets two
    ///   characters away (`|la - lb| <= 2`). A multiset with characters added
    ///   is found either by hash or, when shorter, by intersecting the
    ///   word's token lists (below) for that length: its candidates are in
    ///   all of them. `least_uncovered_t` says which `(m, t)` are covered.
    ///   After each stage, `uncovered_bound` is the best score any uncovered
    ///   `(m, t)` allows at any candidate length, with `p` the longest
    ///   prefix any candidate shares with the word: no candidate not yet
    ///   reached can score more, so if that is below `tau` the answer is
    ///   complete.
    /// * **Scan.** Otherwise, per candidate length `lb`, a candidate not
    ///   reached whose prefix is at most `K` needs `m >= needed_matches(la,
    ///   lb, K, tau)` (the least `m` with an uncovered `t` that can still
    ///   score `tau`), so by fact 1 it shares at least that many characters
    ///   with the word. Counting the `n`-th copy of a character as a token,
    ///   the word has `la` tokens, and a candidate holding `m` of them is in
    ///   all but at most `la - m` of the word's token lists for its length:
    ///   in at least one of the `la - m + 1` shortest, which are read, and
    ///   in `r - (la - m)` of any `r` lists, which is how further lists (read
    ///   or probed) narrow the survivors without dropping one. Candidates
    ///   whose prefix is longer than `K` are read instead from the ids sorted
    ///   by folded form; `K` is chosen to read the fewest ids. Tokens are
    ///   single characters, so this holds for words of any length, 1 to 3
    ///   characters included, where n-gram filters would not.
    ///
    /// Candidates reached are checked against the length and
    /// shared-character bounds, then scored with [`jaro_winkler`], strsim's
    /// computation step for step, so scores and ties are exactly those of
    /// [`ranked`].
    pub(super) fn search(&self, folded: &str, limit: usize) -> Vec<u32> {
        let bytes = folded.as_bytes();
        let counts = symbol_counts(bytes);
        // The sorted keys sharing the longest prefix with the word include
        // the two it falls between.
        let at = self.by_folded.partition_point(|&id| self.key(id) < bytes);
        let p_max = self.by_folded[at.saturating_sub(1)..(at + 1).min(self.by_folded.len())]
            .iter()
            .map(|&id| common_prefix(bytes, self.key(id)))
            .max()
            .unwrap_or(0);
        let query = Query {
            text: folded,
            counts,
            symbols: super::index::symbol_set(bytes),
            p_max,
            multiset: multiset_hash(&counts),
        };
        let mut top = Top {
            limit,
            heap: std::collections::BinaryHeap::new(),
        };
        SCRATCH.with_borrow_mut(|seen| {
            seen.start(self.names.len());
            self.stages(&query, &mut top, seen);
        });
        top.into_ids()
    }

    /// The near stages, then the scan if still needed.
    fn stages(&self, query: &Query, top: &mut Top, seen: &mut Scratch) {
        let bytes = query.text.as_bytes();
        // Near stage, one character away: multisets (fact 2, |la - lb| <= 1)
        // and shared deletions (fact 3).
        self.near_multisets(query, 1, top, seen);
        if query.len() <= DELETION_MAX_LEN {
            let mut hashes = Vec::new();
            deletion_hashes(bytes, |h| hashes.push(h));
            for h in hashes {
                for id in self.deletions.get(h) {
                    self.consider(query, id, top, seen);
                }
            }
        }
        if self.uncovered_bound(query, 1) + EPS < top.threshold() {
            return;
        }
        // Two characters away: fact 2 for |la - lb| <= 2.
        self.near_multisets(query, 2, top, seen);
        if self.uncovered_bound(query, 2) + EPS < top.threshold() {
            return;
        }
        self.scan(query, top, seen);
    }

    /// Scores the candidates whose multiset of characters is the word's with
    /// `distance` characters added or removed (the one-character distance
    /// includes the word's own multiset).
    fn near_multisets(&self, query: &Query, distance: usize, top: &mut Top, seen: &mut Scratch) {
        let la = query.len();
        let h = query.multiset;
        let mut hashes = Vec::new();
        if distance == 1 {
            hashes.push(h);
        }
        // Removing characters: few multisets to look up.
        if la > distance && self.lengths.binary_search(&(la - distance)).is_ok() {
            let removable: Vec<usize> = (0..SYMBOLS).filter(|&s| query.counts[s] > 0).collect();
            for (i, &s) in removable.iter().enumerate() {
                if distance == 1 {
                    hashes.push(h.wrapping_sub(WEIGHTS[s]));
                    continue;
                }
                for &r in &removable[i..] {
                    if s != r || query.counts[s] >= 2 {
                        hashes.push(h.wrapping_sub(WEIGHTS[s]).wrapping_sub(WEIGHTS[r]));
                    }
                }
            }
        }
        // Adding characters: every candidate of length la + distance that
        // holds the word's multiset is in each of the word's token lists for
        // that length (with each character's full count), so intersecting
        // the shortest few finds them all; looking up every multiset with
        // added characters is the other way, when the lists are long.
        if self.lengths.binary_search(&(la + distance)).is_ok() {
            let added: Vec<usize> = (0..SYMBOLS).filter(|&s| self.present[s]).collect();
            let multisets = match distance {
                1 => added.len(),
                _ => added.len() * (added.len() + 1) / 2,
            };
            let mut lists: Vec<&[u32]> = (0..SYMBOLS)
                .filter(|&s| query.counts[s] > 0)
                .map(|s| {
                    let list = self
                        .tokens
                        .get(&token_key(la + distance, s, query.counts[s]));
                    list.map_or(&[][..], Vec::as_slice)
                })
                .collect();
            lists.sort_unstable_by_key(|list| list.len());
            if lists[0].len() <= 4 * multisets {
                for &id in lists[0] {
                    if lists[1..]
                        .iter()
                        .take(3)
                        .all(|list| list.binary_search(&id).is_ok())
                    {
                        self.consider(query, id, top, seen);
                    }
                }
            } else {
                for (i, &s) in added.iter().enumerate() {
                    if distance == 1 {
                        hashes.push(h.wrapping_add(WEIGHTS[s]));
                        continue;
                    }
                    for &r in &added[i..] {
                        hashes.push(h.wrapping_add(WEIGHTS[s]).wrapping_add(WEIGHTS[r]));
                    }
                }
            }
        }
        for h in hashes {
            for id in self.multisets.get(h) {
                self.consider(query, id, top, seen);
            }
        }
    }

    /// The best score a candidate not reached by the near stages could get:
    /// the largest `score_of(la, lb, m, t, p_max)` over candidate lengths
    /// `lb` and the `(m, t)` the near stages do not cover (those with
    /// multisets up to `spread` characters apart having run). The score
    /// grows with `m` and shrinks with `t`, and every `m` below `min(la, lb)
    /// - 1` is uncovered at `t = 0`, so per length it is enough to try the
    /// three largest `m`, each with its least uncovered `t`.
    fn uncovered_bound(&self, query: &Query, spread: usize) -> f64 {
        let la = query.len();
        let mut best = 0.0f64;
        for i in self.lengths_near(la) {
            let lb = self.lengths[i];
            let most = la.min(lb);
            for m in most.saturating_sub(2).max(1)..=most {
                if let Some(t) = least_uncovered_t(la, lb, m, spread) {
                    best = best.max(score_of(la, lb, m, t, query.p_max.min(lb)));
                }
            }
        }
        best
    }

    /// Where in `lengths` are the candidate lengths that can score
    /// [`THRESHOLD`] against a word of `la`: within a factor 4 (see
    /// [`MAX_CANDIDATE_LEN`]).
    fn lengths_near(&self, la: usize) -> std::ops::Range<usize> {
        let start = self.lengths.partition_point(|&l| l < la / 4);
        let end = self.lengths.partition_point(|&l| l <= 4 * la);
        start..end
    }

    /// Scores every candidate the near stages did not reach that could still
    /// score the current threshold, reading the fewest ids that must hold
    /// them all.
    fn scan(&self, query: &Query, top: &mut Top, seen: &mut Scratch) {
        let la = query.len();
        let bytes = query.text.as_bytes();
        let tau = top.threshold() - EPS;
        let tokens: Vec<(usize, u16)> = (0..SYMBOLS)
            .flat_map(|s| (1..=query.counts[s]).map(move |nth| (s, nth)))
            .collect();
        let buckets: Vec<Bucket> = self
            .lengths_near(la)
            .filter(|&i| {
                let lb = self.lengths[i];
                needed_matches(la, lb, query.p_max.min(lb), tau).is_some()
            })
            .map(|i| {
                let lb = self.lengths[i];
                let mut lists: Vec<&[u32]> = tokens
                    .iter()
                    .map(|&(s, nth)| {
                        let list = self.tokens.get(&token_key(lb, s, nth));
                        list.map_or(&[][..], Vec::as_slice)
                    })
                    .collect();
                lists.sort_unstable_by_key(|l| l.len());
                Bucket {
                    len: lb,
                    size: self.length_counts[i],
                    lists,
                }
            })
            .collect();
        // Plan k: candidates sharing more than k leading characters come from
        // the prefix range; the others have p <= k, so need m_min(lb, k)
        // matches. Its cost: the ids the pigeonhole bound makes it read.
        let plan_cost = |k: usize| {
            let prefixed = if k < query.p_max {
                self.with_prefix(&bytes[..=k]).len()
            } else {
                0
            };
            let listed: usize = buckets
                .iter()
                .filter_map(|b| {
                    let m = needed_matches(la, b.len, k.min(b.len), tau)?;
                    Some(b.lists[..=la - m].iter().map(|l| l.len()).sum::<usize>())
                })
                .sum();
            prefixed + listed
        };
        let plan = (0..=query.p_max).min_by_key(|&k| plan_cost(k)).unwrap_or(0);
        if plan < query.p_max {
            for &id in self.with_prefix(&bytes[..=plan]) {
                self.consider(query, id, top, seen);
            }
        }
        // A candidate with m matches holds at least m of the word's la tokens
        // (fact 1), so it is missing from at most la - m of the lists: it is
        // in at least `read - (la - m)` of any `read` of them. So it is in one
        // of the shortest la - m + 1, and each further list read (or probed
        // for those found so far, when that is cheaper) raises the count it
        // needs by one. Counting is much cheaper than scoring, so lists are
        // added until few are left, or until the next list holds more than
        // half of the length's ids and says little.
        let mut found = Vec::new();
        for Bucket {
            len: lb,
            size,
            lists,
        } in &buckets
        {
            let tau = top.threshold() - EPS;
            let Some(m) = needed_matches(la, *lb, plan.min(*lb), tau) else {
                continue;
            };
            let mut read = la - m + 1;
            found.clear();
            for list in &lists[..read] {
                for &id in *list {
                    if seen.bump(id) == 1 {
                        found.push(id);
                    }
                }
            }
            while read < lists.len() && found.len() > 8 && 2 * lists[read].len() <= *size {
                let list = lists[read];
                if 8 * found.len() < list.len() {
                    for &id in &found {
                        if list.binary_search(&id).is_ok() {
                            seen.bump(id);
                        }
                    }
                } else {
                    for &id in list {
                        seen.bump(id);
                    }
                }
                read += 1;
                let needed = (read - (la - m)) as u16;
                found.retain(|&id| seen.hits(id) >= needed);
            }
            // At most la - read tokens were in lists not read. Those with the
            // most hits go first: they tend to score best, and as the kept
            // scores rise, fewer of the rest can reach them.
            found.sort_unstable_by_key(|&id| std::cmp::Reverse(seen.hits(id)));
            // The matches needed now, and the threshold they were worked out for.
            let mut required = (tau, Some(m));
            for &id in &found {
                let tau = top.threshold() - EPS;
                if tau != required.0 {
                    required = (tau, needed_matches(la, *lb, plan.min(*lb), tau));
                }
                let most = usize::from(seen.hits(id)) + la - read;
                if required.1.is_none_or(|m| most < m) {
                    break;
                }
                self.consider(query, id, top, seen);
            }
        }
    }

    /// Scores a candidate unless already seen or ruled out by its length or
    /// by the characters it shares with the word (fact 1).
    fn consider(&self, query: &Query, id: u32, top: &mut Top, seen: &mut Scratch) {
        if !seen.insert(id) {
            return;
        }
        let key = self.key(id);
        let (la, lb) = (query.len(), key.len());
        let p = common_prefix(query.text.as_bytes(), key);
        let tau = top.threshold() - EPS;
        let Some(least) = seen.least_matches(la, lb, p, tau) else {
            return;
        };
        // The word's characters whose symbol the candidate lacks are
        // matched by none of its characters: a bound on the shared ones
        // from one word of bits, before they are counted.
        let mut lacking = query.symbols & !self.symbols_of(id);
        let mut unmatched = 0;
        while lacking != 0 {
            unmatched += usize::from(query.counts[lacking.trailing_zeros() as usize]);
            lacking &= lacking - 1;
        }
        if la - unmatched < least || !shares_at_least(&query.counts, key, least) {
            return;
        }
        let score = jaro_winkler(query.text.as_bytes(), key);
        if score >= THRESHOLD {
            top.push(score, id);
        }
    }
}

//! How names are compared: folding for look-ups ("Etat" finds "État") and
//! "did you mean" suggestions for misspelt ids, kinds and fields.

/// The form names are indexed and looked up by: accents folded to ASCII,
/// lowercase, and every run of other characters (spaces, hyphens,
/// apostrophes) made one space, so `mistral-ai`, `Mistral AI` and
/// `MISTRAL  ai` are the same key.
///
/// ```
/// use reggraph::suggest::fold;
/// assert_eq!(fold("le chef de l’État"), "le chef de l etat");
/// assert_eq!(fold("mistral-ai"), fold("Mistral AI"));
/// ```
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The candidate closest to `word`, if one is close enough to be a likely typo.
///
/// ```
/// use reggraph::suggest::closest;
/// let ids = ["mistral-ai", "openai", "emmanuel-macron"];
/// assert_eq!(closest("mistral-aj", ids), Some("mistral-ai"));
/// assert_eq!(closest("zzz", ids), None);
/// ```
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ranked(word, candidates, 1).into_iter().next()
}

/// Up to `limit` candidates close to `word`, best first (ties by name).
///
/// This compares `word` with every candidate; for many candidates, or many
/// look-ups in the same list, build a [`SuggestIndex`] once instead. A word
/// longer than [`MAX_SUGGEST_LEN`] once folded gets no suggestion.
pub fn ranked<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let Some(folded) = fold_within(word, MAX_SUGGEST_LEN) else {
        return Vec::new();
    };
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&folded, &fold(c)), c))
        .filter(|(score, _)| *score >= THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// "a" or "an" before a word, by its first letter (good enough for our own
/// vocabulary words: "an edge kind", "a node kind").
pub fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

/// The lowest Jaro-Winkler score (of the folded forms) that counts as a
/// likely typo.
const THRESHOLD: f64 = 0.85;

/// Folded words longer than this (in bytes, which are ASCII) get no
/// suggestion at all, from [`ranked`], [`closest`] or a [`SuggestIndex`]:
/// nobody misspells a 300-character id, and comparing one costs time
/// proportional to its square.
pub const MAX_SUGGEST_LEN: usize = 256;

/// Candidates longer than this once folded can never score [`THRESHOLD`]
/// against a word of at most [`MAX_SUGGEST_LEN`]: with `m <= la` matches,
/// `jaro <= (1 + la/lb + 1)/3 < (2 + 1/4)/3 = 0.75`, and Winkler's bonus
/// lifts that to less than `0.75 + 0.4 * 0.25 = 0.85`. An index does not keep them.
const MAX_CANDIDATE_LEN: usize = 4 * MAX_SUGGEST_LEN;

/// Candidates up to this long have their one-character deletions indexed.
const DELETION_MAX_LEN: usize = 48;

/// Slack on every bound comparison, far above the few ulps by which the
/// floating-point bounds can differ from the exact real-valued ones.
const EPS: f64 = 1e-9;

/// At most this many distinct words are remembered by an index's memo.
const MEMO_CAP: usize = 1 << 16;

/// Folded text only holds `a-z`, `0-9` and the space.
const SYMBOLS: usize = 37;

fn symbol(byte: u8) -> usize {
    match byte {
        b'a'..=b'z' => usize::from(byte - b'a'),
        b'0'..=b'9' => 26 + usize::from(byte - b'0'),
        _ => 36,
    }
}

/// [`fold`], but `None` as soon as the result would be longer than `max`, so
/// a megabyte of text costs no more than its first few hundred letters.
fn fold_within(text: &str, max: usize) -> Option<String> {
    use deunicode::AsciiChars;
    // `deunicode(text)` is exactly these pieces joined (its ASCII fast path
    // maps each ASCII character to itself, as the pieces do), and the
    // lowercasing of that ASCII text is per byte.
    let mut out = String::new();
    for piece in text.ascii_chars() {
        for byte in piece.unwrap_or("[?]").bytes() {
            let byte = byte.to_ascii_lowercase();
            if byte.is_ascii_alphanumeric() {
                if out.len() + 1 > max {
                    return None;
                }
                out.push(char::from(byte));
            } else if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
    out.truncate(out.trim_end().len());
    Some(out)
}

/// The Jaro-Winkler score strsim 0.11 gives two strings of `la` and `lb`
/// characters (both at least 1) when its matching finds `m` matches and `t`
/// transpositions and they share a prefix of `p` characters: the same
/// floating-point expression as `strsim::generic_jaro` and
/// `generic_jaro_winkler`. In real numbers it grows with `m` and `p` and
/// shrinks with `t`, which is what every bound below relies on.
fn score_of(la: usize, lb: usize, m: usize, t: usize, p: usize) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let jaro =
        ((m as f64 / la as f64) + (m as f64 / lb as f64) + ((m - t) as f64 / m as f64)) / 3.0;
    if jaro > 0.7 {
        jaro + 0.1 * p as f64 * (1.0 - jaro)
    } else {
        jaro
    }
}

/// `strsim::jaro_winkler(a, b)` for folded (ASCII) strings of at most
/// [`MAX_SUGGEST_LEN`] and [`MAX_CANDIDATE_LEN`] bytes: strsim 0.11's
/// algorithm step for step (the same greedy matching within the same
/// window, the same transposition count, [`score_of`] for the same
/// floating-point expression), without its allocation and `char` decoding.
/// Tests check that the two agree bit for bit.
fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    let (la, lb) = (a.len(), b.len());
    debug_assert!(la <= MAX_SUGGEST_LEN && lb <= MAX_CANDIDATE_LEN);
    if la == 0 || lb == 0 {
        return if la == lb { 1.0 } else { 0.0 };
    }
    let mut a_used = [0u64; MAX_SUGGEST_LEN / 64];
    let mut b_used = [0u64; MAX_CANDIDATE_LEN / 64];
    let used = |bits: &[u64], i: usize| (bits[i / 64] >> (i % 64)) & 1 == 1;
    let range = (la.max(lb) / 2).saturating_sub(1);
    let mut m = 0;
    for (i, &x) in a.iter().enumerate() {
        let (lo, hi) = (i.saturating_sub(range), lb.min(i + range + 1));
        if let Some(j) = (lo..hi).find(|&j| b[j] == x && !used(&b_used, j)) {
            a_used[i / 64] |= 1 << (i % 64);
            b_used[j / 64] |= 1 << (j % 64);
            m += 1;
        }
    }
    let a_matched = (0..la).filter(|&i| used(&a_used, i)).map(|i| a[i]);
    let b_matched = (0..lb).filter(|&j| used(&b_used, j)).map(|j| b[j]);
    let t = a_matched.zip(b_matched).filter(|(x, y)| x != y).count() / 2;
    score_of(la, lb, m, t, common_prefix(a, b))
}

/// The fewest matches a candidate of `lb` characters needs to score `tau`
/// against a word of `la` when the two share at most `p` leading characters.
fn min_matches(la: usize, lb: usize, p: usize, tau: f64) -> Option<usize> {
    let most = la.min(lb);
    if score_of(la, lb, most, 0, p) < tau {
        return None;
    }
    let (mut lo, mut hi) = (1, most);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if score_of(la, lb, mid, 0, p) >= tau {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// The smallest number of transpositions a candidate of `lb` characters
/// with `m` matches can have without the near stages having reached it, or
/// `None` if they reach all such candidates. Multisets up to `spread`
/// characters from the word's reach every `m = min(la, lb)` with `|la - lb|
/// <= spread` (fact 2); shared deletions reach `la = lb`, `m = la - 1`, `t =
/// 0` (fact 3).
fn least_uncovered_t(la: usize, lb: usize, m: usize, spread: usize) -> Option<usize> {
    let most = la.min(lb);
    if m == most && la.abs_diff(lb) <= spread {
        None
    } else if m + 1 == most && la == lb && lb <= DELETION_MAX_LEN {
        // t = 1 needs two matches out of place.
        (m >= 2).then_some(1)
    } else {
        Some(0)
    }
}

/// [`min_matches`] among candidates the near stages (both of them) did not
/// reach.
fn needed_matches(la: usize, lb: usize, p: usize, tau: f64) -> Option<usize> {
    let first = min_matches(la, lb, p, tau)?;
    // Every m below min(la, lb) - 1 is uncovered at t = 0, so this looks at
    // most at three values of m.
    (first..=la.min(lb)).find(|&m| {
        least_uncovered_t(la, lb, m, 2).is_some_and(|t| score_of(la, lb, m, t, p) >= tau)
    })
}

/// Leading characters two strings share, up to Winkler's four.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count()
}

fn symbol_counts(text: &[u8]) -> [u16; SYMBOLS] {
    let mut counts = [0u16; SYMBOLS];
    for &byte in text {
        counts[symbol(byte)] += 1;
    }
    counts
}

/// How many characters of `text` can be paired with equal characters of the
/// word whose symbol counts are `word`: the size of the multiset intersection.
fn shared_chars(word: &[u16; SYMBOLS], text: &[u8]) -> usize {
    let mut left = *word;
    let mut shared = 0;
    for &byte in text {
        let slot = &mut left[symbol(byte)];
        if *slot > 0 {
            *slot -= 1;
            shared += 1;
        }
    }
    shared
}

const fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// One random-looking weight per symbol: a multiset's hash is the sum of its
/// members' weights, so adding or removing a character is one addition.
const WEIGHTS: [u64; SYMBOLS] = {
    let mut weights = [0; SYMBOLS];
    let mut i = 0;
    while i < SYMBOLS {
        weights[i] = splitmix(i as u64 + 1);
        i += 1;
    }
    weights
};

fn multiset_hash(counts: &[u16; SYMBOLS]) -> u64 {
    counts.iter().zip(WEIGHTS).fold(0u64, |h, (&c, w)| {
        h.wrapping_add(u64::from(c).wrapping_mul(w))
    })
}

/// Calls `each` with a hash of every distinct string made by deleting one
/// byte of `text` (deleting either byte of a run gives the same string, so
/// only the first of a run is deleted).
fn deletion_hashes(text: &[u8], mut each: impl FnMut(u64)) {
    const BASE: u64 = 0x100_0000_01b3;
    let n = text.len();
    // The hash of a string is sum(text[j] * BASE^(len - 1 - j)). suffix[i]
    // is that sum over j >= i, weighted as in the whole text; power[i] is
    // BASE^(n - 1 - i).
    let mut suffix = vec![0u64; n + 1];
    let mut power = vec![1u64; n];
    let mut weight = 1u64;
    for i in (0..n).rev() {
        power[i] = weight;
        suffix[i] = suffix[i + 1].wrapping_add(u64::from(text[i]).wrapping_mul(weight));
        weight = weight.wrapping_mul(BASE);
    }
    // prefix: the hash of text[..i] on its own. Deleting text[i] keeps the
    // weights after it and shifts those before it down by one power.
    let mut prefix = 0u64;
    for i in 0..n {
        if i == 0 || text[i] != text[i - 1] {
            each(splitmix(
                prefix.wrapping_mul(power[i]).wrapping_add(suffix[i + 1]),
            ));
        }
        prefix = prefix.wrapping_mul(BASE).wrapping_add(u64::from(text[i]));
    }
}

/// A multimap from hashes to ids: each entry is a hash's top half packed
/// with an id, sorted, with where each run of the top `bits` bits starts, so
/// a look-up is one table read and a look at a few entries. Only the
/// top half of a hash is compared: a collision only brings extra
/// candidates to score.
struct HashedIds {
    entries: Vec<u64>,
    starts: Vec<u32>,
    bits: u32,
}

impl HashedIds {
    fn new(mut entries: Vec<u64>) -> Self {
        entries.sort_unstable();
        entries.dedup();
        let bits = (entries.len().max(1).ilog2() + 1).min(20);
        let mut starts = vec![0u32; (1 << bits) + 1];
        for &e in &entries {
            starts[(e >> (64 - bits)) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        HashedIds {
            entries,
            starts,
            bits,
        }
    }

    fn pack(hash: u64, id: u32) -> u64 {
        (hash & !0xffff_ffff) | u64::from(id)
    }

    fn get(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let high = hash & !0xffff_ffff;
        let run = (hash >> (64 - self.bits)) as usize;
        // Runs hold about one entry each (a few at most above a million).
        let run = &self.entries[self.starts[run] as usize..self.starts[run + 1] as usize];
        run.iter()
            .filter(move |&&e| e & !0xffff_ffff == high)
            .map(|&e| e as u32)
    }
}

fn token_key(len: usize, symbol: usize, nth: u16) -> u64 {
    ((len as u64) << 24) | ((symbol as u64) << 16) | u64::from(nth)
}

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
pub struct SuggestIndex {
    /// The distinct candidates, sorted: ids are positions here, so ties
    /// break by id.
    names: Vec<Box<str>>,
    /// `fold(names[id])` is `folded[starts[id]..starts[id + 1]]`, empty
    /// for candidates longer than [`MAX_CANDIDATE_LEN`].
    folded: String,
    starts: Vec<usize>,
    /// Ids of candidates whose folded form is empty (they match only an empty word).
    empty: Vec<u32>,
    /// Ids of the other kept candidates, by folded form then id.
    by_folded: Vec<u32>,
    /// The distinct folded lengths in `by_folded`, ascending.
    lengths: Vec<usize>,
    /// How many candidates have each of those lengths.
    length_counts: Vec<usize>,
    /// Which symbols occur in some folded candidate.
    present: [bool; SYMBOLS],
    /// Ids by the hash of their multiset of characters.
    multisets: HashedIds,
    /// Ids by the hashes of their one-character deletions.
    deletions: HashedIds,
    /// `token_key(len, symbol, n)` to the ids of length `len` with at least
    /// `n` copies of `symbol`, ascending.
    tokens: rustc_hash::FxHashMap<u64, Vec<u32>>,
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

/// The word being looked up.
struct Query<'q> {
    text: &'q str,
    counts: [u16; SYMBOLS],
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
        SuggestIndex {
            names: names.iter().map(|&n| n.into()).collect(),
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
    pub fn closest(&self, word: &str) -> Option<&str> {
        self.ranked(word, 1).into_iter().next()
    }

    /// Up to `limit` candidates close to `word`, best first (ties by name):
    /// the same as [`ranked`] over the candidates.
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

    fn key(&self, id: u32) -> &[u8] {
        &self.folded.as_bytes()[self.starts[id as usize]..self.starts[id as usize + 1]]
    }

    /// The kept candidates whose folded form starts with `prefix`.
    fn with_prefix(&self, prefix: &[u8]) -> &[u32] {
        let start = self.by_folded.partition_point(|&id| self.key(id) < prefix);
        let rest = &self.by_folded[start..];
        &rest[..rest.partition_point(|&id| self.key(id).starts_with(prefix))]
    }

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
    ///    size of the two multisets' intersection (`shared_chars`).
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
    fn search(&self, folded: &str, limit: usize) -> Vec<u32> {
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
            p_max,
            multiset: multiset_hash(&counts),
        };
        let mut top = Top {
            limit,
            heap: std::collections::BinaryHeap::new(),
        };
        let mut seen = rustc_hash::FxHashSet::default();

        // Near stage, one character away: multisets (fact 2, |la - lb| <= 1)
        // and shared deletions (fact 3).
        self.near_multisets(&query, 1, &mut top, &mut seen);
        if query.len() <= DELETION_MAX_LEN {
            let mut hashes = Vec::new();
            deletion_hashes(bytes, |h| hashes.push(h));
            for h in hashes {
                for id in self.deletions.get(h) {
                    self.consider(&query, id, &mut top, &mut seen);
                }
            }
        }
        if self.uncovered_bound(&query, 1) + EPS < top.threshold() {
            return top.into_ids();
        }
        // Two characters away: fact 2 for |la - lb| <= 2.
        self.near_multisets(&query, 2, &mut top, &mut seen);
        if self.uncovered_bound(&query, 2) + EPS < top.threshold() {
            return top.into_ids();
        }
        self.scan(&query, &mut top, &mut seen);
        top.into_ids()
    }

    /// Scores the candidates whose multiset of characters is the word's with
    /// `distance` characters added or removed (the one-character distance
    /// includes the word's own multiset).
    fn near_multisets(
        &self,
        query: &Query,
        distance: usize,
        top: &mut Top,
        seen: &mut rustc_hash::FxHashSet<u32>,
    ) {
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
    fn scan(&self, query: &Query, top: &mut Top, seen: &mut rustc_hash::FxHashSet<u32>) {
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
        let mut hits = vec![0u16; self.names.len()];
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
                    let hit = &mut hits[id as usize];
                    *hit += 1;
                    if *hit == 1 {
                        found.push(id);
                    }
                }
            }
            while read < lists.len() && found.len() > 8 && 2 * lists[read].len() <= *size {
                let list = lists[read];
                if 8 * found.len() < list.len() {
                    for &id in &found {
                        if list.binary_search(&id).is_ok() {
                            hits[id as usize] += 1;
                        }
                    }
                } else {
                    for &id in list {
                        hits[id as usize] += 1;
                    }
                }
                read += 1;
                let needed = (read - (la - m)) as u16;
                found.retain(|&id| hits[id as usize] >= needed);
            }
            // At most la - read tokens were in lists not read. Those with the
            // most hits go first: they tend to score best, and as the kept
            // scores rise, fewer of the rest can reach them.
            found.sort_unstable_by_key(|&id| std::cmp::Reverse(hits[id as usize]));
            // The matches needed now, and the threshold they were worked out for.
            let mut required = (tau, Some(m));
            for &id in &found {
                let tau = top.threshold() - EPS;
                if tau != required.0 {
                    required = (tau, needed_matches(la, *lb, plan.min(*lb), tau));
                }
                let most = usize::from(hits[id as usize]) + la - read;
                if required.1.is_none_or(|m| most < m) {
                    break;
                }
                self.consider(query, id, top, seen);
            }
        }
    }

    /// Scores a candidate unless already seen or ruled out by its length or
    /// by the characters it shares with the word (fact 1).
    fn consider(
        &self,
        query: &Query,
        id: u32,
        top: &mut Top,
        seen: &mut rustc_hash::FxHashSet<u32>,
    ) {
        if !seen.insert(id) {
            return;
        }
        let key = self.key(id);
        let (la, lb) = (query.len(), key.len());
        let p = common_prefix(query.text.as_bytes(), key);
        let tau = top.threshold() - EPS;
        if score_of(la, lb, la.min(lb), 0, p) < tau
            || score_of(la, lb, shared_chars(&query.counts, key), 0, p) < tau
        {
            return;
        }
        let score = jaro_winkler(query.text.as_bytes(), key);
        if score >= THRESHOLD {
            top.push(score, id);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
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

    /// strsim's Jaro matching loop, re-run to expose its match and
    /// transposition counts.
    fn matches_and_transpositions(a: &[u8], b: &[u8]) -> (usize, usize) {
        let range = (a.len().max(b.len()) / 2).saturating_sub(1);
        let mut b_used = vec![false; b.len()];
        let mut a_used = vec![false; a.len()];
        let mut m = 0;
        for (i, &x) in a.iter().enumerate() {
            let lo = i.saturating_sub(range);
            let hi = b.len().min(i + range + 1);
            if let Some(j) = (lo..hi).find(|&j| b[j] == x && !b_used[j]) {
                b_used[j] = true;
                a_used[i] = true;
                m += 1;
            }
        }
        let a_seq = a.iter().zip(&a_used).filter(|(_, u)| **u).map(|(c, _)| c);
        let b_seq = b.iter().zip(&b_used).filter(|(_, u)| **u).map(|(c, _)| c);
        let differ = a_seq.zip(b_seq).filter(|(x, y)| x != y).count();
        (m, differ / 2)
    }

    fn deletions_of(text: &str) -> Vec<u64> {
        let mut hashes = Vec::new();
        deletion_hashes(text.as_bytes(), |h| hashes.push(h));
        hashes
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

        /// `score_of` is bit for bit the score strsim computes from its own
        /// match and transposition counts and the common prefix.
        #[test]
        fn score_of_is_strsims_formula(a in "[a-d0-1 ]{1,24}", b in "[a-d0-1 ]{1,24}") {
            let (m, t) = matches_and_transpositions(a.as_bytes(), b.as_bytes());
            let p = common_prefix(a.as_bytes(), b.as_bytes());
            let expected = strsim::jaro_winkler(&a, &b);
            prop_assert_eq!(score_of(a.len(), b.len(), m, t, p).to_bits(), expected.to_bits());
            // Fact 1: matches never exceed the shared characters.
            prop_assert!(m <= shared_chars(&symbol_counts(a.as_bytes()), b.as_bytes()));
        }

        /// The index's Jaro-Winkler is strsim's, bit for bit, at every length
        /// it is used for.
        #[test]
        fn jaro_winkler_is_strsims(a in "[a-c0 ]{0,12}|[a-z0-9 ]{0,40}|[ab]{200,256}", b in "[a-c0 ]{0,12}|[a-z0-9 ]{0,40}|[ab]{100,1024}") {
            let expected = strsim::jaro_winkler(&a, &b);
            prop_assert_eq!(jaro_winkler(a.as_bytes(), b.as_bytes()).to_bits(), expected.to_bits());
        }

        /// The bounded fold is `fold` when short enough, `None` otherwise.
        #[test]
        fn fold_within_is_fold(text in "\\PC{0,24}", max in 0usize..30) {
            let folded = fold(&text);
            let expected = (folded.len() <= max).then_some(folded.clone());
            prop_assert_eq!(fold_within(&text, max), expected);
            prop_assert_eq!(fold_within(&text, usize::MAX), Some(folded));
        }

        /// Two strings that become equal by deleting one character from each
        /// share a deletion hash.
        #[test]
        fn shared_deletions_share_a_hash(text in "[a-c ]{2,12}", at in any::<prop::sample::Index>(), to in any::<prop::sample::Index>(), with in "[a-d]") {
            let mut other: Vec<char> = text.chars().collect();
            other.remove(at.index(other.len()));
            other.insert(to.index(other.len() + 1), with.chars().next().unwrap());
            let other: String = other.into_iter().collect();
            let mine = deletions_of(&text);
            prop_assert!(deletions_of(&other).iter().any(|h| mine.contains(h)));
        }
    }

    /// The length limits the index relies on: candidates outside a factor 4
    /// of the word's length, or longer than MAX_CANDIDATE_LEN, cannot score
    /// the threshold even with every character matched and a full prefix.
    #[test]
    fn lengths_beyond_a_factor_four_cannot_score() {
        for la in 1..=MAX_SUGGEST_LEN {
            assert!(score_of(la, 4 * la + 1, la, 0, 4) < THRESHOLD, "{la}");
            let lb = (la / 4).saturating_sub(1);
            if lb > 0 {
                assert!(score_of(la, lb, lb, 0, lb.min(4)) < THRESHOLD, "{la}");
            }
        }
        assert!(
            score_of(
                MAX_SUGGEST_LEN,
                MAX_CANDIDATE_LEN + 1,
                MAX_SUGGEST_LEN,
                0,
                4
            ) < THRESHOLD
        );
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

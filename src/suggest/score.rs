//! Jaro-Winkler as strsim 0.11 computes it, for folded (ASCII) text, and
//! the bounds on it an index prunes by: the score from match, transposition
//! and prefix counts, the matches a candidate needs, and the characters two
//! strings share.

use super::{DELETION_MAX_LEN, MAX_CANDIDATE_LEN, MAX_SUGGEST_LEN, SYMBOLS, symbol};

/// The Jaro-Winkler score strsim 0.11 gives two strings of `la` and `lb`
/// characters (both at least 1) when its matching finds `m` matches and `t`
/// transpositions and they share a prefix of `p` characters: the same
/// floating-point expression as `strsim::generic_jaro` and
/// `generic_jaro_winkler`. In real numbers it grows with `m` and `p` and
/// shrinks with `t`, which is what every bound below relies on.
pub(super) fn score_of(la: usize, lb: usize, m: usize, t: usize, p: usize) -> f64 {
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
pub(super) fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
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
pub(super) fn least_uncovered_t(la: usize, lb: usize, m: usize, spread: usize) -> Option<usize> {
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
pub(super) fn needed_matches(la: usize, lb: usize, p: usize, tau: f64) -> Option<usize> {
    let first = min_matches(la, lb, p, tau)?;
    // Every m below min(la, lb) - 1 is uncovered at t = 0, so this looks at
    // most at three values of m.
    (first..=la.min(lb)).find(|&m| {
        least_uncovered_t(la, lb, m, 2).is_some_and(|t| score_of(la, lb, m, t, p) >= tau)
    })
}

/// Leading characters two strings share, up to Winkler's four.
pub(super) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count()
}

pub(super) fn symbol_counts(text: &[u8]) -> [u16; SYMBOLS] {
    let mut counts = [0u16; SYMBOLS];
    for &byte in text {
        counts[symbol(byte)] += 1;
    }
    counts
}

/// How many characters of `text` can be paired with equal characters of the
/// word whose symbol counts are `word`: the size of the multiset intersection.
/// Whether `text` shares at least `least` characters with the word
/// (`shared_chars(word, text) >= least`), stopping as soon as the answer is
/// known.
pub(super) fn shares_at_least(word: &[u16; SYMBOLS], text: &[u8], least: usize) -> bool {
    let mut left = *word;
    let mut shared = 0;
    for (i, &byte) in text.iter().enumerate() {
        let slot = &mut left[symbol(byte)];
        if *slot > 0 {
            *slot -= 1;
            shared += 1;
            if shared >= least {
                return true;
            }
        } else if shared + (text.len() - i - 1) < least {
            return false;
        }
    }
    shared >= least
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::THRESHOLD;
    use proptest::prelude::*;

    /// How many characters `text` shares with the word, counted whole: what
    /// [`shares_at_least`] decides without always counting to the end.
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

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// `score_of` is bit for bit the score strsim computes from its own
        /// match and transposition counts and the common prefix.
        #[test]
        fn score_of_is_strsims_formula(a in "[a-d0-1 ]{1,24}", b in "[a-d0-1 ]{1,24}") {
            let (m, t) = matches_and_transpositions(a.as_bytes(), b.as_bytes());
            let p = common_prefix(a.as_bytes(), b.as_bytes());
            let expected = strsim::jaro_winkler(&a, &b);
            prop_assert_eq!(score_of(a.len(), b.len(), m, t, p).to_bits(), expected.to_bits());
            // Fact 1: matches never exceed the shared characters.
            let counts = symbol_counts(a.as_bytes());
            let shared = shared_chars(&counts, b.as_bytes());
            prop_assert!(m <= shared);
            for least in 0..=b.len() + 1 {
                prop_assert_eq!(shares_at_least(&counts, b.as_bytes(), least), shared >= least);
            }
        }

        /// The index's Jaro-Winkler is strsim's, bit for bit, at every length
        /// it is used for.
        #[test]
        fn jaro_winkler_is_strsims(a in "[a-c0 ]{0,12}|[a-z0-9 ]{0,40}|[ab]{200,256}", b in "[a-c0 ]{0,12}|[a-z0-9 ]{0,40}|[ab]{100,1024}") {
            let expected = strsim::jaro_winkler(&a, &b);
            prop_assert_eq!(jaro_winkler(a.as_bytes(), b.as_bytes()).to_bits(), expected.to_bits());
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
}

//! The hashes an index finds candidates by: of a multiset of characters
//! (one addition per character added or removed), of each one-character
//! deletion, and a packed multimap from hashes to ids.

use super::SYMBOLS;

const fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// One random-looking weight per symbol: a multiset's hash is the sum of its
/// members' weights, so adding or removing a character is one addition.
pub(super) const WEIGHTS: [u64; SYMBOLS] = {
    let mut weights = [0; SYMBOLS];
    let mut i = 0;
    while i < SYMBOLS {
        weights[i] = splitmix(i as u64 + 1);
        i += 1;
    }
    weights
};

pub(super) fn multiset_hash(counts: &[u16; SYMBOLS]) -> u64 {
    counts.iter().zip(WEIGHTS).fold(0u64, |h, (&c, w)| {
        h.wrapping_add(u64::from(c).wrapping_mul(w))
    })
}

/// Calls `each` with a hash of every distinct string made by deleting one
/// byte of `text` (deleting either byte of a run gives the same string, so
/// only the first of a run is deleted).
pub(super) fn deletion_hashes(text: &[u8], mut each: impl FnMut(u64)) {
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
pub(super) struct HashedIds {
    entries: Vec<u64>,
    starts: Vec<u32>,
    bits: u32,
}

impl HashedIds {
    pub(super) fn new(mut entries: Vec<u64>) -> Self {
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

    pub(super) fn pack(hash: u64, id: u32) -> u64 {
        (hash & !0xffff_ffff) | u64::from(id)
    }

    pub(super) fn get(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let high = hash & !0xffff_ffff;
        let run = (hash >> (64 - self.bits)) as usize;
        // Runs hold about one entry each (a few at most above a million).
        let run = &self.entries[self.starts[run] as usize..self.starts[run + 1] as usize];
        run.iter()
            .filter(move |&&e| e & !0xffff_ffff == high)
            .map(|&e| e as u32)
    }
}

pub(super) fn token_key(len: usize, symbol: usize, nth: u16) -> u64 {
    ((len as u64) << 24) | ((symbol as u64) << 16) | u64::from(nth)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn deletions_of(text: &str) -> Vec<u64> {
        let mut hashes = Vec::new();
        deletion_hashes(text.as_bytes(), |h| hashes.push(h));
        hashes
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

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
}

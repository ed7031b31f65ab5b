//! How names are compared: folding for look-ups ("Etat" finds "État") and
//! "did you mean" suggestions for misspelt ids, kinds and fields.
//!
//! [`fold`], [`closest`], [`ranked`] and [`article`] are here, with the
//! limits they share. A [`SuggestIndex`] (`index.rs`) gives [`ranked`]'s
//! answers over a fixed list without comparing with every candidate: it
//! scores with strsim's Jaro-Winkler done again, with bounds on it
//! (`score.rs`), finds candidates by hashes of their characters
//! (`hash.rs`) and looks them up in stages (`search.rs`).

mod hash;
mod index;
mod score;
mod search;

pub use index::SuggestIndex;

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

/// Whether `text` is what [`fold`] gives for it: lowercase ASCII letters
/// and digits in words one space apart.
fn is_folded(text: &str) -> bool {
    !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
}

/// Whether the folded `words` are whole words of a folded name: `arthur
/// mensch` has `mensch` and `arthur mensch`, not `ensch` or `arthur m`.
///
/// ```
/// use reggraph::suggest::{fold, has_words};
/// assert!(has_words(&fold("Arthur Mensch"), &fold("Mensch")));
/// assert!(has_words(&fold("le chef de l’État"), &fold("chef de l'Etat")));
/// assert!(!has_words(&fold("Arthur Mensch"), &fold("ensch")));
/// assert!(!has_words(&fold("Arthur Mensch"), ""));
/// ```
pub fn has_words(name: &str, words: &str) -> bool {
    !words.is_empty()
        && name.match_indices(words).any(|(at, _)| {
            let end = at + words.len();
            (at == 0 || name.as_bytes()[at - 1] == b' ')
                && (end == name.len() || name.as_bytes()[end] == b' ')
        })
}

/// How a node is named by folded words no id, name or alias equals,
/// best first: by whole words of its name or an alias, else by the start
/// of its id. `None` if neither.
///
/// ```
/// use reggraph::suggest::{fold, WordMatch, word_match};
/// let none: [&str; 0] = [];
/// assert_eq!(word_match("tibi", "tibi-2", "Tibi 2", none), Some(WordMatch::Name));
/// assert_eq!(
///     word_match("tibi", "tibi-2-institutional-investors", "28 institutional investors", none),
///     Some(WordMatch::IdStart)
/// );
/// assert_eq!(word_match("mensch", "arthur-mensch", "Arthur", ["Mensch"]), Some(WordMatch::Name));
/// assert_eq!(word_match("ensch", "arthur-mensch", "Arthur Mensch", none), None);
/// ```
pub fn word_match<'a>(
    words: &str,
    id: &str,
    name: &'a str,
    aliases: impl IntoIterator<Item = &'a str>,
) -> Option<WordMatch> {
    if words.is_empty() {
        return None;
    }
    if std::iter::once(name)
        .chain(aliases)
        .any(|text| has_words(&fold(text), words))
    {
        Some(WordMatch::Name)
    } else if fold(id).starts_with(words) {
        Some(WordMatch::IdStart)
    } else {
        None
    }
}

/// See [`word_match`]; the better match sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WordMatch {
    Name,
    IdStart,
}

/// Whether a folded key (an id, name or alias) could name a node by
/// [`word_match`]: a cheap first sieve over the whole name index.
pub fn may_match(key: &str, words: &str) -> bool {
    !words.is_empty() && (key.starts_with(words) || has_words(key, words))
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
    // A candidate already folded (the keys of a name index) is compared
    // as it is: folding it again would give the same text, after an
    // allocation for each of a million keys.
    let score = |c: &'a str| {
        let score = if is_folded(c) {
            strsim::jaro_winkler(&folded, c)
        } else {
            strsim::jaro_winkler(&folded, &fold(c))
        };
        (score >= THRESHOLD).then_some((score, c))
    };
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // On every core for a large list; the sort below makes the order.
    let mut scored: Vec<(f64, &str)> = if candidates.len() > 10_000 {
        use rayon::prelude::*;
        candidates.par_iter().filter_map(|&c| score(c)).collect()
    } else {
        candidates.iter().filter_map(|&c| score(c)).collect()
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// The bounded fold is `fold` when short enough, `None` otherwise.
        #[test]
        fn fold_within_is_fold(text in "\\PC{0,24}", max in 0usize..30) {
            let folded = fold(&text);
            let expected = (folded.len() <= max).then_some(folded.clone());
            prop_assert_eq!(fold_within(&text, max), expected);
            prop_assert_eq!(fold_within(&text, usize::MAX), Some(folded));
        }

        /// What `fold` gives is folded, and a folded text folds to itself
        /// (so `ranked` may skip folding it).
        #[test]
        fn folded_texts_fold_to_themselves(text in "\\PC{0,24}", ascii in "[a-z0-9 -]{0,12}") {
            prop_assert!(is_folded(&fold(&text)));
            for text in [text.as_str(), ascii.as_str()] {
                if is_folded(text) {
                    prop_assert_eq!(fold(text), text);
                }
            }
        }
    }
}

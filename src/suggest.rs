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
pub fn ranked<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let folded = fold(word);
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&folded, &fold(c)), c))
        .filter(|(score, _)| *score >= 0.85)
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

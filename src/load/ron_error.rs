//! ron's errors in our words: what was wrong, at the value that is wrong
//! (not where ron gave up), and how to fix it.
//!
//! ron reports where its parser stopped, which is often past the mistake
//! (`value: 105.5e6` is "Expected comma" at the end of the record). So the
//! field being read at that place is found first ([`field_at`]), and the
//! message is chosen from the field's name and the text of its value.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::load::scan::previous_token_end;

/// ron's recursion limit (its default); deeper values are refused.
pub const NESTING_LIMIT: usize = 128;

/// A field of a record, as written: its name, and its value's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Field<'a> {
    name: &'a str,
    value: Range<usize>,
    text: &'a str,
}

/// Every `name: value` of `record`, at every level, in order, found by a
/// scan that skips strings and comments.
fn fields(record: &str) -> Vec<Field<'_>> {
    let bytes = record.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let mut last_word: Option<(usize, usize)> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                last_word = None;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b':' => {
                if let Some((s, e)) = last_word {
                    let mut v = i + 1;
                    while v < bytes.len() && bytes[v].is_ascii_whitespace() {
                        v += 1;
                    }
                    let end = value_end(record, v);
                    found.push(Field {
                        name: &record[s..e],
                        value: v..end,
                        text: &record[v..end],
                    });
                }
                last_word = None;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' => {
                let s = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                last_word = Some((s, i));
                continue;
            }
            b if b.is_ascii_whitespace() => {}
            _ => last_word = None,
        }
        i += 1;
    }
    found
}

/// The innermost field whose value holds byte `at` (ron may place an error
/// at the blank before the value).
fn field_at<'a>(fields: &[Field<'a>], at: usize) -> Option<Field<'a>> {
    let at = fields
        .iter()
        .map(|f| f.value.start)
        .filter(|&start| start >= at)
        .min()
        .filter(|&start| {
            fields
                .iter()
                .any(|f| f.value.start == start && f.value.start - at <= 8)
        })
        .unwrap_or(at);
    fields
        .iter()
        .rev()
        .find(|f| f.value.start <= at && at <= f.value.end)
        .cloned()
}

/// Where the value starting at `start` ends: at the `,` or closing bracket
/// of its level, blanks before it left out.
fn value_end(record: &str, start: usize) -> usize {
    let bytes = record.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => break,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => break,
            b'\n' if depth == 0 => break,
            _ => {}
        }
        i += 1;
    }
    start + record[start..i.min(record.len())].trim_end().len()
}

/// The word (identifier or other run of non-blank characters) at `at`.
fn word_at(text: &str, at: usize) -> Range<usize> {
    let rest = &text[at..];
    let len = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    at..at + len
}

/// A ron error in one record of `file`. `record` is the record's text,
/// starting at byte `base` of the file; `what` names the record ("node").
pub fn record_error(
    file: usize,
    record: &str,
    base: usize,
    what: &str,
    error: &ron::error::SpannedError,
) -> Diagnostic {
    // An error inside a structure read on its own (a period, an amount, a
    // milestone) is the one to report, at its place.
    let (code, at) = match crate::load::spanned::take_inner_error() {
        Some((code, at)) if at >= base && at <= base + record.len() => (code, at - base),
        _ => (
            error.code.clone(),
            crate::load::spanned::offset_of(record, &error.span.start),
        ),
    };
    describe(file, record, base, what, &code, at.min(record.len()))
}

fn describe(
    file: usize,
    record: &str,
    base: usize,
    what: &str,
    code: &ron::Error,
    at: usize,
) -> Diagnostic {
    use ron::Error as E;
    let all = fields(record);
    let field = field_at(&all, at);
    let place = |range: Range<usize>| base + range.start..base + range.end;
    let value_of = |f: &Field| place(f.value.clone());
    let d = |code: &'static str, message: String, span: Range<usize>, label: &str, help: String| {
        Diagnostic::error(code, message)
            .at(file, span, label)
            .help(help)
            .note(format!(
                "this {what} is left out of the graph until it is fixed"
            ))
    };
    // Mistakes seen in a value itself, whatever ron said about them: the
    // one at ron's place first, then any other.
    for f in field.iter().chain(&all) {
        let text = f.text;
        if text.starts_with('\'') {
            return d(
                "single-quotes",
                format!("`{}` is in single quotes", f.name),
                value_of(f),
                "single quotes",
                format!(
                    "text is written in double quotes: `{}: \"{}\"`",
                    f.name,
                    text.trim_matches('\'')
                ),
            );
        }
        if f.name == "value" && !text.is_empty() {
            let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
            let whole = whole_number(text);
            if text.starts_with('-') {
                return d(
                    "invalid-amount",
                    "an amount cannot be negative".into(),
                    value_of(f),
                    "negative",
                    "write the amount as a positive number; a flow the other way is an edge the other way".into(),
                );
            }
            if text.starts_with('"') {
                return d(
                    "invalid-amount",
                    format!("an amount is a number, not text: {text}"),
                    value_of(f),
                    "in quotes",
                    "write the amount in full, without quotes or units: `value: 500000000`".into(),
                );
            }
            if text.contains(['.', 'e', 'E']) && !digits.is_empty() {
                let help = match whole {
                    Some(n) => format!(
                        "amounts are whole numbers of the currency's units: `value: {n}`"
                    ),
                    None => "amounts are whole numbers of the currency's units (cents are not kept): round it".into(),
                };
                // `105.5e6` is whole, only written as a float.
                let (message, label) = match whole {
                    Some(_) => (
                        format!("an amount is written as a whole number, not as `{text}`"),
                        "written as a float",
                    ),
                    None => (
                        format!("an amount is a whole number, and `{text}` is not"),
                        "not a whole number",
                    ),
                };
                return d("invalid-amount", message, value_of(f), label, help);
            }
        }
        if matches!(f.name, "kind" | "status" | "stage" | "type") {
            let word_len = text
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(text.len());
            if word_len > 0 && text[word_len..].trim_start().starts_with('(') {
                let word = &text[..word_len];
                return d(
                    "kind-with-payload",
                    format!("`{word}` takes nothing in parentheses"),
                    value_of(f),
                    "remove the parentheses",
                    format!(
                        "write `{}: {word}`; put other details in their own fields",
                        f.name
                    ),
                );
            }
            if text.starts_with('"') {
                return d(
                    "quoted-name",
                    format!("`{}` is a name from the vocabulary, not text", f.name),
                    value_of(f),
                    "remove the quotes",
                    format!(
                        "write it without quotes: `{}: {}`",
                        f.name,
                        text.trim_matches('"')
                    ),
                );
            }
        }
    }
    let at_char = record[at..].chars().next();
    // A character that cannot start any value, where ron stopped: it is the
    // mistake, whatever ron expected instead.
    let structural = !matches!(
        code,
        E::MissingStructField { .. }
            | E::NoSuchStructField { .. }
            | E::DuplicateStructField { .. }
            | E::ExceededRecursionLimit
            | E::IntegerOutOfBounds
            | E::InvalidEscape(_)
            | E::Message(_)
    );
    if structural && let Some(c) = at_char {
        let before = record[..at].trim_end().chars().next_back();
        if c == ',' && matches!(before, Some(',' | '[' | '(')) {
            return d(
                "doubled-comma",
                "two commas in a row".into(),
                place(at..at + 1),
                "extra comma",
                "remove one of the commas".into(),
            );
        }
        if !(c.is_alphanumeric() || c.is_whitespace() || "\"'()[]{},:-+._#".contains(c)) {
            return d(
                "stray-character",
                format!("unexpected `{c}`"),
                place(at..at + c.len_utf8()),
                "not expected here",
                "remove it; fields are `name: value`, separated by commas".into(),
            );
        }
    }
    // The value ron stopped in, else the word where it stopped.
    let value_place = field
        .as_ref()
        .map_or_else(|| place(word_at(record, at)), value_of);
    match code {
        E::ExceededRecursionLimit => d(
            "too-deep",
            format!("this {what} is nested more than {NESTING_LIMIT} levels deep"),
            place(word_at(record, at)),
            "too deep",
            "records are a few levels deep at most: look for brackets opened and never closed"
                .into(),
        ),
        E::MissingStructField { field: name, .. } => d(
            "missing-field",
            format!("this {what} has no `{name}`"),
            place(0..1),
            &format!("`{name}` is missing"),
            format!("add `{name}: ...` to this {what}"),
        ),
        E::NoSuchStructField {
            expected, found, ..
        } => d(
            "unknown-field",
            format!("unknown field `{found}`"),
            place(word_at(record, at)),
            "unknown field",
            match crate::suggest::closest(found, expected.iter().copied()) {
                Some(best) => format!(
                    "did you mean `{best}`? allowed fields: {}",
                    expected.join(", ")
                ),
                None => format!("allowed fields: {}", expected.join(", ")),
            },
        ),
        E::DuplicateStructField { field: name, .. } => d(
            "duplicate-field",
            format!("field `{name}` is given twice"),
            place(word_at(record, at)),
            "given again here",
            "keep one of them".into(),
        ),
        E::ExpectedComma if at_char != Some(',') => {
            let end = previous_token_end(record, at);
            d(
                "missing-comma",
                "expected a comma".into(),
                place(end..end),
                "add a comma here",
                "add a comma".into(),
            )
        }
        E::IntegerOutOfBounds => d(
            "invalid-value",
            "this number is too large".into(),
            value_place.clone(),
            "out of range",
            "amounts go up to 18446744073709551615 units".into(),
        ),
        E::ExpectedString | E::ExpectedStringEnd => {
            let span = value_place.clone();
            d(
                "expected-text",
                field.as_ref().map_or_else(
                    || "expected text in double quotes".to_string(),
                    |f| format!("`{}` is text, written in double quotes", f.name),
                ),
                span,
                "expected \"...\"",
                "text values are written in double quotes: \"like this\"".into(),
            )
        }
        E::ExpectedBoolean => d(
            "invalid-value",
            field.as_ref().map_or_else(
                || "expected `true` or `false`".to_string(),
                |f| format!("`{}` is `true` or `false`", f.name),
            ),
            value_place.clone(),
            "expected true or false",
            "write `true` or `false`, without quotes".into(),
        ),
        E::ExpectedArray => d(
            "expected-list",
            field.as_ref().map_or_else(
                || "expected a list `[...]`".to_string(),
                |f| format!("`{}` is a list", f.name),
            ),
            value_place.clone(),
            "expected [...]",
            field.as_ref().map_or_else(
                || "write a list in brackets: `[\"a\", \"b\"]`".to_string(),
                |f| format!("write it in brackets: `{}: [{}]`", f.name, f.text),
            ),
        ),
        E::ExpectedInteger | E::InvalidIntegerDigit { .. } => d(
            "invalid-amount",
            "expected a whole number".into(),
            value_place.clone(),
            "not a whole number",
            "write the number in full, without quotes or units: `value: 500000000`".into(),
        ),
        E::InvalidEscape(what_escape) => d(
            "invalid-escape",
            format!(
                "this string has an invalid escape ({})",
                what_escape.to_lowercase()
            ),
            // ron stops at the string; the escape is its first `\` that
            // is not `\\`, `\"` or one RON knows.
            place(bad_escape(record, at).unwrap_or_else(|| word_at(record, at))),
            "invalid escape",
            "write a backslash as `\\\\`; RON knows \\n, \\t, \\\", \\\\ and \\u{...}".into(),
        ),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::Eof => d(
            "unclosed-record",
            "a bracket is not closed".into(),
            place(previous_token_end(record, at)..previous_token_end(record, at)),
            "expected a closing bracket here",
            "close every `(` with `)` and every `[` with `]`".into(),
        ),
        E::ExpectedIdentifier
        | E::UnexpectedChar(_)
        | E::ExpectedComma
        | E::TrailingCharacters
        | E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_) => match at_char {
            Some(',') => d(
                "doubled-comma",
                "two commas in a row".into(),
                place(at..at + 1),
                "extra comma",
                "remove one of the commas".into(),
            ),
            Some(c) if !c.is_alphanumeric() && c != '(' && c != '"' => d(
                "stray-character",
                format!("unexpected `{c}`"),
                place(at..at + c.len_utf8()),
                "not expected here",
                "remove it; fields are `name: value`, separated by commas".into(),
            ),
            _ => d(
                "syntax",
                format!("this {what} cannot be read here"),
                place(word_at(record, at)),
                "unexpected",
                "fields are `name: value`, separated by commas, inside `( ... )`".into(),
            )
            .note(format!("the parser said: {code}")),
        },
        E::Message(message) => d(
            "invalid-value",
            message.clone(),
            value_place.clone(),
            "here",
            "see README.md for the fields of each record".into(),
        ),
        other => d(
            "syntax",
            format!("this {what} cannot be read"),
            place(word_at(record, at)),
            "here",
            "fields are `name: value`, separated by commas, inside `( ... )`".into(),
        )
        .note(format!("the parser said: {other}")),
    }
}

/// The first escape from byte `at` of `record` that RON does not know,
/// backslash and character.
fn bad_escape(record: &str, at: usize) -> Option<Range<usize>> {
    let mut from = at;
    while let Some(found) = record.get(from..)?.find('\\') {
        let i = from + found;
        let next = record[i + 1..].chars().next()?;
        if !matches!(
            next,
            '\\' | '"' | '\'' | 'n' | 't' | 'r' | '0' | 'u' | 'x' | 'b' | 'f' | '/'
        ) {
            return Some(i..i + 1 + next.len_utf8());
        }
        from = i + 1 + next.len_utf8();
    }
    None
}

/// A number written with a fraction or an exponent, if it is whole
/// (`105.5e6` is 105500000).
fn whole_number(text: &str) -> Option<u64> {
    let value: f64 = text.replace('_', "").parse().ok()?;
    (value >= 0.0 && value.fract() == 0.0 && value < 1.8e19).then_some(value as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_at_a_place_is_the_innermost() {
        let record = "(from: \"a\", amount: (value: 105.5e6, currency: \"EUR\"), to: \"b\")";
        let at = record.find("105").unwrap() + 3;
        let all = fields(record);
        let field = field_at(&all, at).unwrap();
        assert_eq!(field.name, "value");
        assert_eq!(field.text, "105.5e6");
    }

    #[test]
    fn whole_numbers_are_read_from_exponents() {
        assert_eq!(whole_number("105.5e6"), Some(105_500_000));
        assert_eq!(whole_number("500000000.5"), None);
    }
}

//! `Spanned<T>`: a value read from a RON file together with the byte range it
//! came from, so checks that run after parsing (an unknown id, an impossible
//! date) can point at the exact text.
//!
//! ron has no spanned-value support of its own, but it hands out slices of
//! the input: a string without escapes and a bare identifier are borrowed
//! from the text, and its `RawValue` borrows the exact slice the parser
//! consumed for any value. The loader registers the file text being parsed
//! (see [`parsing`]); a slice's address within that text is the span. Spans
//! therefore come from the parser, never from searching the text.
//!
//! Strings and identifiers take the fast way (one parse, the borrowed
//! slice); structures go through `RawValue` (parsed twice). A string with
//! escapes arrives owned, without an address: it is marked [`inexact`] and
//! the loader parses that file again in [`exact`] mode, where every value
//! goes through `RawValue`.

use std::cell::Cell;
use std::ops::Range;

use ron::value::RawValue;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value and the byte range of its text in the file it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Spanned { value, span }
    }
}

thread_local! {
    /// Address and length of the text being parsed on this thread.
    static TEXT: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    /// Whether every value goes through `RawValue` (slow, always exact).
    static EXACT: Cell<bool> = const { Cell::new(false) };
    /// Set when a value was read without knowing where it was.
    static INEXACT: Cell<bool> = const { Cell::new(false) };
    /// The innermost error of a value read through `RawValue`, with its
    /// byte offset in the registered text: the outer error only says that
    /// the value as a whole could not be read.
    static INNER_ERROR: std::cell::RefCell<Option<(ron::Error, usize)>> = const { std::cell::RefCell::new(None) };
}

/// Takes the innermost error seen since the last call (see
/// [`via_raw_value`]).
pub fn take_inner_error() -> Option<(ron::Error, usize)> {
    INNER_ERROR.with(|e| e.borrow_mut().take())
}

/// Runs `f` with every spanned value read through `RawValue`, so that even
/// strings with escapes get exact spans.
pub fn exact<R>(f: impl FnOnce() -> R) -> R {
    let previous = EXACT.with(|e| e.replace(true));
    let result = f();
    EXACT.with(|e| e.set(previous));
    result
}

/// Runs `f` and says whether some value it read has no exact span.
pub fn inexact<R>(f: impl FnOnce() -> R) -> (R, bool) {
    let previous = INEXACT.with(|i| i.replace(false));
    let result = f();
    let seen = INEXACT.with(|i| i.replace(previous));
    (result, seen)
}

/// While the returned guard lives, `Spanned` values parsed on this thread
/// measure their spans from the start of `text`.
pub fn parsing(text: &str) -> ParsingGuard {
    let previous = TEXT.with(|t| t.replace((text.as_ptr() as usize, text.len())));
    ParsingGuard { previous }
}

/// Restores the previously registered text when dropped.
pub struct ParsingGuard {
    previous: (usize, usize),
}

impl Drop for ParsingGuard {
    fn drop(&mut self) {
        TEXT.with(|t| t.set(self.previous));
    }
}

/// The byte range of `slice` within the registered text, or an empty range
/// at 0 if the slice does not lie inside it.
pub fn span_of(slice: &str) -> Range<usize> {
    let (base, len) = TEXT.with(Cell::get);
    let start = slice.as_ptr() as usize;
    if start >= base && start + slice.len() <= base + len {
        let offset = start - base;
        offset..offset + slice.len()
    } else {
        0..0
    }
}

/// The ron options every data file is read with: `Some(..)` may be omitted.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// How a type is read with its span. Structures use [`via_raw_value`];
/// strings and identifiers borrow from the text.
pub trait Spannable<'de>: Sized {
    fn deserialize_spanned<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Spanned<Self>, D::Error>;
}

impl<'de, T: Spannable<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_spanned(deserializer)
    }
}

/// Reads any value through `RawValue`: exact span, but parsed twice.
pub fn via_raw_value<'de, T, D>(deserializer: D) -> Result<Spanned<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    let raw: &'de RawValue = Deserialize::deserialize(deserializer)?;
    let text: &'de str = raw.get_ron();
    let value = ron_options().from_str::<T>(text).map_err(|e| {
        INNER_ERROR.with(|inner| {
            let mut inner = inner.borrow_mut();
            if inner.is_none() {
                let at = span_of(text).start + offset_of(text, &e.span.start);
                *inner = Some((e.code.clone(), at));
            }
        });
        serde::de::Error::custom(e.code)
    })?;
    Ok(Spanned {
        value,
        span: span_of(text),
    })
}

/// The byte offset in `text` of a ron position (1-based line, column in
/// characters).
pub fn offset_of(text: &str, position: &ron::error::Position) -> usize {
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if index + 1 == position.line {
            return offset
                + line
                    .char_indices()
                    .nth(position.col.saturating_sub(1))
                    .map_or(line.len(), |(i, _)| i);
        }
        offset += line.len();
    }
    text.len()
}

/// Whether values are being read in exact mode (see [`exact`]).
pub fn exact_mode() -> bool {
    EXACT.with(Cell::get)
}

fn mark_inexact() {
    INEXACT.with(|i| i.set(true));
}

/// The span of a string whose content `inner` was borrowed from between
/// its double quotes, quotes included (ron borrows exactly the characters
/// between them when there is no escape to decode).
fn quoted_span(inner: &str) -> Option<Range<usize>> {
    let (base, len) = TEXT.with(Cell::get);
    let start = (inner.as_ptr() as usize).checked_sub(base)?;
    let end = start + inner.len();
    (start >= 1 && end < len).then(|| start - 1..end + 1)
}

impl<'de> Spannable<'de> for String {
    fn deserialize_spanned<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Spanned<Self>, D::Error> {
        if exact_mode() {
            return via_raw_value(deserializer);
        }
        struct StrVisitor;
        impl<'de> serde::de::Visitor<'de> for StrVisitor {
            type Value = Spanned<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string in double quotes")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                let span = quoted_span(v).unwrap_or_else(|| {
                    mark_inexact();
                    0..0
                });
                Ok(Spanned::new(v.to_string(), span))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                mark_inexact();
                Ok(Spanned::new(v.to_string(), 0..0))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                mark_inexact();
                Ok(Spanned::new(v, 0..0))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

impl<'de> Spannable<'de> for Ident {
    fn deserialize_spanned<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Spanned<Self>, D::Error> {
        if exact_mode() {
            return via_raw_value(deserializer);
        }
        struct IdentVisitor;
        impl<'de> serde::de::Visitor<'de> for IdentVisitor {
            type Value = Spanned<Ident>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a bare name such as `Company`, without quotes")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                let span = span_of(v);
                if span.is_empty() {
                    mark_inexact();
                }
                Ok(Spanned::new(Ident(v.to_string()), span))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                mark_inexact();
                Ok(Spanned::new(Ident(v.to_string()), 0..0))
            }
        }
        deserializer.deserialize_identifier(IdentVisitor)
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A bare RON identifier (`Company`), kept as text so that an unknown one
/// becomes a diagnostic listing the allowed values instead of a parse failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident(pub String);

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdentVisitor;
        impl<'de> serde::de::Visitor<'de> for IdentVisitor {
            type Value = Ident;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a bare name such as `Company`, without quotes")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Ident, E> {
                Ok(Ident(v.to_string()))
            }
        }
        deserializer.deserialize_identifier(IdentVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Record {
        id: Spanned<String>,
        kind: Spanned<Ident>,
        tags: Vec<Spanned<String>>,
        end: Option<Spanned<String>>,
    }

    #[test]
    fn spans_point_at_the_values() {
        let text = "(\n  id: \"mistral-ai\",\n  kind: Company,\n  tags: [ \"a\", \"bc\" ],\n  end: \"2022\",\n)";
        let _guard = parsing(text);
        let record: Record = ron_options().from_str(text).unwrap();
        assert_eq!(&text[record.id.span.clone()], "\"mistral-ai\"");
        assert_eq!(record.id.value, "mistral-ai");
        assert_eq!(&text[record.kind.span.clone()], "Company");
        assert_eq!(record.kind.value, Ident("Company".into()));
        assert_eq!(&text[record.tags[1].span.clone()], "\"bc\"");
        assert_eq!(&text[record.end.unwrap().span], "\"2022\"");
    }
}

//! Cutting a long line to windows: a quoted line longer than
//! [`LINE_LIMIT`] characters is cut to a window of [`WINDOW`] characters
//! around each label on it, with [`ELLIPSIS`] where text was left out, and
//! [`Quoted`] maps bytes between the file and the quote.

use std::ops::Range;

use super::printable::{is_printable, push_escape};

/// Lines of at most this many characters (line break left out) are quoted
/// whole, exactly as codespan quotes them.
pub const LINE_LIMIT: usize = 160;

/// How many characters of a longer line are quoted around each label on
/// it (a window; windows of labels close together are joined).
pub const WINDOW: usize = 120;

/// Characters quoted before a label's start...
const BEFORE: usize = 60;

/// ...or fewer, down to this many, for a label longer than
/// `WINDOW - BEFORE` characters to fit: one of up to `WINDOW - MIN_BEFORE`
/// fits whole, a longer one is cut at the end of the window.
pub(super) const MIN_BEFORE: usize = 20;

/// Windows at most this many characters apart are joined: an ellipsis in
/// place of so few would hide nothing.
pub(super) const JOIN: usize = 8;

/// What stands for text left out of a quoted line.
pub const ELLIPSIS: &str = "…";

/// The bytes of `line` (one line's text without its line break) quoted
/// around `label` (bytes of `line`): [`WINDOW`] characters (all of them
/// if the line has fewer), on character boundaries, from [`BEFORE`]
/// characters before the label's start, or fewer (at least [`MIN_BEFORE`])
/// for a long label to fit, shifted to stay inside the line. Always holds
/// the label's start, and its end if the label fits.
///
/// Costs the size of the window, whatever the length of the line.
fn window(line: &str, label: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(line, label.start.min(line.len()));
    let end = ceil_char_boundary(line, label.end.clamp(start, line.len()));
    let label_chars = line[start..end].chars().take(WINDOW).count();
    let before = (WINDOW - label_chars).clamp(MIN_BEFORE, BEFORE);
    let (from, got_before) = back(line, start, before);
    let (to, got_after) = forward(line, start, WINDOW - got_before);
    // The line ended early: take what is left before instead.
    let (from, _) = back(line, from, WINDOW - got_before - got_after);
    from..to
}

/// The byte `n` characters before `at` in `line` (or its start), and how
/// many characters that is.
fn back(line: &str, at: usize, n: usize) -> (usize, usize) {
    line[..at]
        .char_indices()
        .rev()
        .take(n)
        .fold((at, 0), |(_, count), (i, _)| (i, count + 1))
}

/// The byte `n` characters after `at` in `line` (or its end), and how many
/// characters that is.
fn forward(line: &str, at: usize, n: usize) -> (usize, usize) {
    line[at..]
        .chars()
        .take(n)
        .fold((at, 0), |(end, count), c| (end + c.len_utf8(), count + 1))
}

fn floor_char_boundary(text: &str, byte: usize) -> usize {
    (0..=byte.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn ceil_char_boundary(text: &str, byte: usize) -> usize {
    (byte.min(text.len())..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// What one label needs of a line it touches.
#[derive(Debug, Clone)]
pub(super) enum Focus {
    /// A label on this line only: its bytes.
    Label(Range<usize>),
    /// The first line of a label over several: where it starts.
    Top(usize),
    /// The last line of one: where it ends.
    Bottom(usize),
}

/// One line of a file as a diagnostic quotes it.
#[derive(Debug)]
pub(super) struct Quoted {
    /// Its index in the file.
    pub(super) index: usize,
    /// Its bytes in the file, line break included.
    pub(super) file_range: Range<usize>,
    /// Where its line break (if any) starts in the file.
    content_end: usize,
    /// Its bytes in `QuotedFile::text` (`text.rs`), line break included.
    pub(super) range: Range<usize>,
    /// Where its line break (if any) starts in the quote.
    quote_content_end: usize,
    /// The parts of the line quoted, in order. Between them, before the
    /// first unless it starts the line, and after the last unless it ends
    /// it, an ellipsis.
    pieces: Vec<Piece>,
}

/// A part of a quoted line: bytes of the file and the bytes of the quote
/// that show them. Either text as it is (as long in the quote as in the
/// file) or one character that may not be printed as it is, shown by its
/// visible escape (`\u{1b}`, longer in the quote).
#[derive(Debug)]
struct Piece {
    file: Range<usize>,
    quote: Range<usize>,
}

impl Piece {
    /// Whether the quote holds the file's bytes as they are, so that each
    /// byte inside maps to one.
    fn as_is(&self) -> bool {
        self.file.len() == self.quote.len()
    }
}

impl Quoted {
    /// Where byte `x` of the file (on this line) is in the quote. Text
    /// left out of the quote maps to the ellipsis standing for it: its
    /// start for a label's start, its end for a label's end, so that a cut
    /// label is underlined up to and with the ellipsis. A character shown
    /// by its escape is underlined whole.
    pub(super) fn to_quote(&self, x: usize, is_end: bool) -> usize {
        if x >= self.content_end {
            // The line break, or past the end of the file: as is.
            return self.quote_content_end + (x - self.content_end);
        }
        for piece in &self.pieces {
            if x < piece.file.start {
                return if is_end {
                    piece.quote.start
                } else {
                    piece
                        .quote
                        .start
                        .saturating_sub(ELLIPSIS.len())
                        .max(self.range.start)
                };
            }
            if x <= piece.file.end {
                return if piece.as_is() || x == piece.file.start {
                    piece.quote.start + (x - piece.file.start)
                } else if x == piece.file.end || is_end {
                    piece.quote.end
                } else {
                    piece.quote.start
                };
            }
        }
        match self.pieces.last() {
            Some(piece) => piece.quote.end + if is_end { ELLIPSIS.len() } else { 0 },
            None => self.range.start,
        }
    }

    /// The byte of the file at byte `y` of the quote (on this line).
    pub(super) fn to_file(&self, y: usize) -> usize {
        if y >= self.quote_content_end {
            return self.content_end + (y - self.quote_content_end);
        }
        for piece in &self.pieces {
            if y < piece.quote.start {
                return piece.file.start;
            }
            if y <= piece.quote.end {
                return if piece.as_is() {
                    piece.file.start + (y - piece.quote.start)
                } else if y == piece.quote.end {
                    piece.file.end
                } else {
                    piece.file.start
                };
            }
        }
        self.pieces
            .last()
            .map_or(self.content_end, |piece| piece.file.end)
    }
}

/// Appends `part` (the file's bytes from `file_start`) to `text`, with
/// every character that may not be printed as it is (see `printable.rs`)
/// shown by its visible escape (`\u{1b}`), so that data text never
/// reaches a terminal raw, and pushes the pieces that map between the
/// file and the quote.
fn push_printable(text: &mut String, part: &str, file_start: usize, pieces: &mut Vec<Piece>) {
    let mut push = |text: &mut String, file: Range<usize>, shown: &dyn Fn(&mut String)| {
        let at = text.len();
        shown(text);
        pieces.push(Piece {
            file: file_start + file.start..file_start + file.end,
            quote: at..text.len(),
        });
    };
    let mut from = 0;
    for (i, c) in part.char_indices().filter(|&(_, c)| !is_printable(c)) {
        if i > from {
            push(text, from..i, &|text| text.push_str(&part[from..i]));
        }
        from = i + c.len_utf8();
        push(text, i..from, &|text| push_escape(text, c));
    }
    // The rest, and an empty part (an empty line) as one empty piece.
    if from < part.len() || part.is_empty() {
        push(text, from..part.len(), &|text| text.push_str(&part[from..]));
    }
}

/// Appends line `index` of `source` (its bytes `range`) to `text` as it is
/// quoted: whole if it is short, else the windows `foci` need (the line's
/// first [`WINDOW`] characters if none) with ellipses between; its line
/// break kept as is.
pub(super) fn quote_line(
    source: &str,
    index: usize,
    range: Range<usize>,
    foci: &[Focus],
    text: &mut String,
) -> Quoted {
    let line = &source[range.clone()];
    let content = line
        .strip_suffix('\n')
        .map_or(line, |line| line.strip_suffix('\r').unwrap_or(line));
    let short = content.len() <= LINE_LIMIT || content.chars().nth(LINE_LIMIT).is_none();
    let whole = 0..content.len();
    let mut windows: Vec<Range<usize>> = if short {
        vec![whole]
    } else if foci.is_empty() {
        vec![window(content, 0..0)]
    } else {
        foci.iter()
            .map(|focus| match focus {
                Focus::Label(label) => window(content, label.clone()),
                Focus::Top(start) => window(content, *start..content.len()),
                Focus::Bottom(end) => window(content, *end..*end),
            })
            .collect()
    };
    windows.sort_by_key(|window| (window.start, window.end));
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for window in windows {
        match joined.last_mut() {
            Some(last)
                if window.start <= last.end
                    || content[last.end..window.start].chars().nth(JOIN).is_none() =>
            {
                last.end = last.end.max(window.end);
            }
            _ => joined.push(window),
        }
    }

    let start = text.len();
    let mut pieces = Vec::with_capacity(joined.len());
    let mut quoted_to = 0;
    for piece in joined {
        if piece.start > quoted_to {
            text.push_str(ELLIPSIS);
        }
        push_printable(
            text,
            &content[piece.clone()],
            range.start + piece.start,
            &mut pieces,
        );
        quoted_to = piece.end;
    }
    if quoted_to < content.len() {
        text.push_str(ELLIPSIS);
    }
    let quote_content_end = text.len();
    text.push_str(&line[content.len()..]);
    Quoted {
        index,
        file_range: range.clone(),
        content_end: range.start + content.len(),
        range: start..text.len(),
        quote_content_end,
        pieces,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str, range: Range<usize>) -> usize {
        text[range].chars().count()
    }

    /// A line of `n` characters, each telling its place.
    fn digits(n: usize) -> String {
        (0..n).map(|i| char::from(b'0' + (i % 10) as u8)).collect()
    }

    #[test]
    fn window_edges() {
        let line = digits(1000);
        // A label at column 1: the window starts the line.
        assert_eq!(window(&line, 0..3), 0..WINDOW);
        assert_eq!(window(&line, 0..0), 0..WINDOW);
        // In the middle: BEFORE characters before, the rest after.
        assert_eq!(window(&line, 500..504), 440..560);
        // Near the start: what cannot be shown before is shown after.
        assert_eq!(window(&line, 10..14), 0..WINDOW);
        // At the end, and an empty label at the end of the line: shifted
        // back to stay inside the line.
        assert_eq!(window(&line, 997..1000), 880..1000);
        assert_eq!(window(&line, 1000..1000), 880..1000);
        // Past the end (the line break): the same.
        assert_eq!(window(&line, 1001..1002), 880..1000);
        // Longer labels take from what is before them, down to MIN_BEFORE.
        assert_eq!(window(&line, 500..580), 460..580);
        assert_eq!(window(&line, 500..600), 480..600);
        // Longer than the window: its start, cut at the window's end.
        assert_eq!(window(&line, 300..700), 280..400);
        assert_eq!(window(&line, 5..900), 0..WINDOW);
        // A reversed span counts as empty.
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 500..400;
        assert_eq!(window(&line, reversed), 440..560);
        // A line shorter than the window is all shown.
        assert_eq!(window("short", 2..3), 0..5);
        assert_eq!(window("", 0..0), 0..0);
    }

    #[test]
    fn windows_cut_on_character_boundaries() {
        for unit in ["é", "🚀", "中文", "aé🚀"] {
            let line = unit.repeat(500);
            let len = line.len();
            for start in (0..len).step_by(7).chain([len - 1, len]) {
                for width in [0, 1, 5, 100, 130, 2000] {
                    let got = window(&line, start..(start + width).min(len));
                    assert!(line.is_char_boundary(got.start) && line.is_char_boundary(got.end));
                    assert_eq!(chars(&line, got.clone()), WINDOW, "{unit} {start}");
                    // The label's start (its character) is in the window.
                    let first = floor_char_boundary(&line, start.min(len));
                    assert!(got.start <= first && (first < got.end || first == len));
                }
            }
        }
        // A label starting inside a character starts with that character.
        let line = "é".repeat(500);
        assert_eq!(window(&line, 501..503), 380..620);
    }
}

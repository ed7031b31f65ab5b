//! Text in the embedded engine's pictures: how wide a line is (Helvetica's
//! advance widths, with a margin for the wider fonts a viewer may put in
//! its place) and a label written as one `<text>` with a `<tspan>` per
//! line, every line escaped.

use super::escape;

/// Helvetica's advance widths of the printable ASCII characters (space to
/// `~`), in thousandths of an em.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, // '0'..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
    778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, // 'P'..'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
    556, // '`'..'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p'..'~'
];

/// DejaVu Sans, often drawn for Helvetica on Linux, is about a tenth wider.
const MARGIN: f64 = 1.1;

/// Line height as a multiple of the font size.
pub const LEADING: f64 = 1.2;

fn advance(c: char) -> f64 {
    let thousandths = match c {
        ' '..='~' => HELVETICA[c as usize - 32] as f64,
        // Wide scripts (CJK, emoji) take about an em.
        c if c as u32 >= 0x2E80 => 1000.0,
        _ => 600.0,
    };
    thousandths / 1000.0
}

/// The width of one line of `text` at `font_size`.
pub fn line_width(text: &str, font_size: f64) -> f64 {
    text.chars().map(advance).sum::<f64>() * font_size * MARGIN
}

/// The width and height of `text` (lines split at `\n`) at `font_size`.
pub fn size(text: &str, font_size: f64) -> (f64, f64) {
    let lines: Vec<&str> = text.split('\n').collect();
    let width = lines
        .iter()
        .map(|line| line_width(line, font_size))
        .fold(0.0, f64::max);
    (width, lines.len() as f64 * font_size * LEADING)
}

/// `text` centred on `centre`, a `<tspan>` per line; `attributes` are
/// added to the `<text>` element.
pub fn centred(text: &str, centre: (f64, f64), font_size: f64, attributes: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = font_size * LEADING;
    // The baseline of the first line: the block is centred, and a line's
    // letters sit about 0.35 em below its middle.
    let first = centre.1 - (lines.len() as f64 - 1.0) * line / 2.0 + font_size * 0.35;
    let mut out = format!(
        "<text x=\"{:.1}\" y=\"{first:.1}\" font-size=\"{font_size}\" text-anchor=\"middle\"{attributes}>",
        centre.0
    );
    for (i, content) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("<tspan x=\"{:.1}\">", centre.0));
        } else {
            out.push_str(&format!("<tspan x=\"{:.1}\" dy=\"{line:.1}\">", centre.0));
        }
        out.push_str(&escape(content));
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
    out
}

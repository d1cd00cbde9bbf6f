//! One module per subcommand. Each prints to the writer it is given and returns whether it
//! succeeded; errors a user can act on come back as [`crate::error::Error`].

pub mod cards;
pub mod check;
pub mod completions;
pub mod due;
pub mod exam;
pub mod export;
pub mod import;
pub mod import_anki;
pub mod list;
pub mod optimize;
pub mod paths;
pub mod review_log;
pub mod stats;

use std::io::Write;

use crate::deck::SectionCount;
use crate::text::width;

/// A section tree with its counts in a right-aligned column, each line starting with `indent`.
pub(crate) fn print_tree(out: &mut dyn Write, indent: &str, tree: &[SectionCount]) {
    let w = tree
        .iter()
        .map(|s| 2 * s.depth + width(&s.name))
        .max()
        .unwrap_or(0)
        .min(72);
    for s in tree {
        let label = format!("{}{}", "  ".repeat(s.depth), s.name);
        let _ = writeln!(out, "{indent}{} {:>5}", pad(&label, w), s.sum);
    }
}

/// `s` padded with spaces to `w` terminal columns (wide characters count 2).
pub(crate) fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// One line of card text for a listing: first line only, cut to `max` columns.
pub(crate) fn one_line(s: &str, max: usize) -> String {
    let first = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let mut out = String::new();
    let mut w = 0;
    for c in first.chars() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if w + cw > max.saturating_sub(1) {
            out.push('…');
            return out;
        }
        w += cw;
        out.push(c);
    }
    out
}

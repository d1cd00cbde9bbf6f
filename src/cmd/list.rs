//! `kioku list`: each deck and its section tree with card counts.

use std::io::Write;
use std::path::PathBuf;

use super::pad;
use crate::deck::section_tree;
use crate::deck::store::{deck_files, display, load};
use crate::error::Result;
use crate::text::width;

pub fn run(decks: &[PathBuf], out: &mut dyn Write) -> Result<bool> {
    let files = deck_files(decks)?;
    let mut loaded = Vec::with_capacity(files.len());
    for f in &files {
        loaded.push((f, load(f)?));
    }
    for (i, (file, deck)) in loaded.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out);
        }
        let from = match &deck.source {
            Some(src) => format!("from {src}"),
            None => "hand-written".to_string(),
        };
        let title = deck
            .title
            .as_ref()
            .map(|t| format!(" — {t}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}{title}  ({} cards, {}, {from})",
            deck.name,
            deck.cards.len(),
            display(file)
        );
        let tree = section_tree(&deck.cards);
        let name_w = tree
            .iter()
            .map(|s| 2 * s.depth + width(&s.name))
            .max()
            .unwrap_or(0)
            .min(72);
        for s in &tree {
            let label = format!("{}{}", "  ".repeat(s.depth), s.name);
            let _ = writeln!(out, "  {} {:>5}", pad(&label, name_w), s.sum);
        }
    }
    Ok(true)
}

//! `kioku list`: each deck and its section tree with card counts.

use std::io::Write;
use std::path::PathBuf;

use super::print_tree;
use crate::deck::section_tree;
use crate::deck::store::{deck_files, display, load};
use crate::error::Result;

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
        print_tree(out, "  ", &section_tree(&deck.cards));
    }
    Ok(true)
}

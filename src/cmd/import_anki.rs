//! `kioku import --anki FILE.txt`: Anki's "Notes in Plain Text" → a deck of its own.

use std::io::Write;
use std::path::Path;

use crate::deck::{Card, Deck, link_ids, parse_deck, to_toml};
use crate::error::{Error, Result};
use crate::fsutil::{display, read_text, write_atomic};
use crate::interop::anki_text::parse;

/// Written into the deck's header: a deck with it may be rewritten by the next `--anki` import.
pub const GENERATOR: &str = concat!("kioku ", env!("CARGO_PKG_VERSION"), " (import --anki)");

pub fn run(file: &Path, deck: Option<&str>, out_dir: &Path, out: &mut dyn Write) -> Result<bool> {
    let text = read_text(file, "Anki text export")?;
    let shown = display(file);
    let parsed = parse(&shown, &text)?;
    let name: String = deck
        .map(str::to_string)
        .unwrap_or_else(|| {
            file.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "anki".into())
        })
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    let deck_path = out_dir.join(format!("{name}.toml"));
    let (previous, previous_text) = if deck_path.exists() {
        let (prev, text) = crate::deck::store::load_with_text(&deck_path)?;
        if prev.generator.as_deref() != Some(GENERATOR) {
            return Err(Error::NotFromAnki {
                path: deck_path,
                from: file.to_path_buf(),
            });
        }
        (prev.cards, Some(text))
    } else {
        (Vec::new(), None)
    };

    // Cards with a guid keep it as their id; the others are linked to the previous deck's
    // cards by their text, as notes cards are.
    let mut cards: Vec<Card> = Vec::with_capacity(parsed.cards.len());
    let mut loose: Vec<usize> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for imported in parsed.cards {
        let mut c = imported.card;
        if imported.from_guid {
            let base = c.id.clone();
            let mut n = 1;
            while !taken.insert(c.id.clone()) {
                n += 1;
                c.id = format!("{base}-{n}");
            }
        } else {
            loose.push(cards.len());
        }
        cards.push(c);
    }
    if !loose.is_empty() {
        let mut to_link: Vec<Card> = loose.iter().map(|&i| cards[i].clone()).collect();
        let prev: Vec<Card> = previous
            .iter()
            .filter(|p| !taken.contains(&p.id))
            .cloned()
            .collect();
        link_ids(&name, &mut to_link, &prev);
        for (i, c) in loose.into_iter().zip(to_link) {
            cards[i].id = c.id;
        }
    }
    let n_cards = cards.len();
    let clozes = cards
        .iter()
        .filter(|c| c.kind == crate::deck::Kind::Cloze)
        .count();
    let deck = Deck {
        name: name.clone(),
        title: None,
        source: Some(shown.clone()),
        generator: Some(GENERATOR.to_string()),
        cards,
    };
    let toml = to_toml(&deck);
    // What `kioku check` will read: a deck that would not load is never written.
    parse_deck(&display(&deck_path), &name, &toml)?;
    let state = match &previous_text {
        Some(t) if *t == toml => "up to date",
        Some(_) => "updated",
        None => "created",
    };
    if n_cards == 0 && previous_text.is_none() {
        let _ = writeln!(
            out,
            "{shown}: no cards, no deck written ({} skipped)",
            plural(parsed.skipped.len(), "note")
        );
    } else if state != "up to date" {
        write_atomic(&deck_path, toml.as_bytes())?;
    }
    if n_cards > 0 || previous_text.is_some() {
        let _ = writeln!(
            out,
            "{shown} → {}: {} ({clozes} cloze) from {}, {state}; {} skipped",
            display(&deck_path),
            plural(n_cards, "card"),
            plural(parsed.notes, "note"),
            plural(parsed.skipped.len(), "note"),
        );
    }
    for (line, why) in &parsed.skipped {
        let _ = writeln!(out, "  {shown}:{line}: skipped: {why}");
    }
    Ok(true)
}

/// `1 card`, `3 cards`.
fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

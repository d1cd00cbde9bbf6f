//! `kioku check`: validate decks; every problem as `file:line:col: message`.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use crate::deck::store::{deck_files, display, load_with_text};
use crate::error::{Error, Result};
use crate::text::line_col;

/// Prints each problem; returns false when there was any.
pub fn run(decks: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> Result<bool> {
    let files = deck_files(decks)?;
    let mut problems = 0;
    let mut cards = 0;
    let mut owner: HashMap<String, String> = HashMap::new();
    for f in &files {
        let (deck, text) = match load_with_text(f) {
            Ok(d) => d,
            Err(Error::Deck(e)) => {
                for line in &e.errors {
                    let _ = writeln!(err, "{line}");
                }
                problems += e.errors.len();
                continue;
            }
            Err(e) => return Err(e),
        };
        cards += deck.cards.len();
        for c in &deck.cards {
            if let Some(first) = owner.get(&c.id) {
                let at = text
                    .find(&format!("id = \"{}\"", c.id))
                    .map_or((1, 1), |o| line_col(&text, o + 5));
                let _ = writeln!(
                    err,
                    "{}:{}:{}: card id `{}` is also used in {first}: ids must be unique across decks",
                    display(f),
                    at.0,
                    at.1,
                    c.id
                );
                problems += 1;
            } else {
                owner.insert(c.id.clone(), display(f));
            }
        }
    }
    if problems > 0 {
        let _ = writeln!(err, "{problems} problem(s) in {} deck file(s)", files.len());
        return Ok(false);
    }
    let _ = writeln!(out, "ok: {} deck(s), {cards} cards", files.len());
    Ok(true)
}

/// `--deep`: prove the history snapshot against every byte of the log it covers. A mismatch
/// is not an error in the decks or the log, only a cache to rebuild: it is removed and said.
pub fn deep(places: &crate::collection::Places, out: &mut dyn Write) -> Result<bool> {
    use crate::review::snapshot::{Deep, check_deep};
    match check_deep(&places.data_dir, &places.cache_dir)? {
        Deep::NoSnapshot => {
            let _ = writeln!(out, "ok: no history snapshot to check");
        }
        Deep::Matches { files, bytes } => {
            let _ = writeln!(
                out,
                "ok: the history snapshot matches all {bytes} bytes of the review log it covers ({files} file(s))"
            );
        }
        Deep::Removed { files } => {
            let _ = writeln!(
                out,
                "the history snapshot no longer matches {}: removed; the next start replays the whole log",
                files.join(", ")
            );
        }
    }
    Ok(true)
}

//! `kioku import`: notes files → decks, ids linked to the previous decks, nothing written on error.

use std::path::{Path, PathBuf};

use crate::deck::store::{self, display, files_with_extension};
use crate::deck::{Card, Deck, Relink, link_ids, to_toml};
use crate::error::{Error, Result, read_text};
use crate::notes::{Skip, cards_from_markdown};

/// Written into each generated deck's header.
pub const GENERATOR: &str = concat!("kioku ", env!("CARGO_PKG_VERSION"));

/// One notes file's import, computed before anything is written.
#[derive(Debug)]
pub struct DeckImport {
    pub notes: PathBuf,
    pub deck_path: PathBuf,
    pub deck: Deck,
    /// The deck's new TOML text.
    pub toml: String,
    /// The deck file's current text, if it exists.
    pub previous_toml: Option<String>,
    /// How each card got its id (same order as `deck.cards`).
    pub links: Vec<Relink>,
    pub removed: Vec<Card>,
    /// Notes lines in no card, with the line's text.
    pub skipped: Vec<(Skip, String)>,
}

impl DeckImport {
    pub fn is_up_to_date(&self) -> bool {
        self.previous_toml.as_deref() == Some(self.toml.as_str())
    }
}

/// The notes files for `paths`: files as given, directories' `*.md` files in name order.
pub fn notes_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    files_with_extension(
        paths,
        &["md", "markdown"],
        |p| Error::NoNotes { path: p.into() },
        "notes folder",
    )
}

/// Work out every deck an import would write. Reads only; any error stops everything.
pub fn plan(notes: &[PathBuf], out: &Path) -> Result<Vec<DeckImport>> {
    let files = notes_files(notes)?;
    let mut plans: Vec<DeckImport> = Vec::with_capacity(files.len());
    for file in files {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let deck_path = out.join(format!("{name}.toml"));
        if let Some(other) = plans.iter().find(|p| p.deck_path == deck_path) {
            return Err(Error::SameDeck {
                deck: deck_path,
                a: other.notes.clone(),
                b: file,
            });
        }
        plans.push(import_one(&file, &name, deck_path)?);
    }
    Ok(plans)
}

fn import_one(file: &Path, name: &str, deck_path: PathBuf) -> Result<DeckImport> {
    let src = read_text(file, "notes folder")?;
    let (title, extraction) = cards_from_markdown(&src);
    let (previous_toml, previous) = if deck_path.exists() {
        let (prev, text) = store::load_with_text(&deck_path)?;
        if !prev.is_generated() {
            return Err(Error::HandWritten {
                path: deck_path,
                notes: file.into(),
            });
        }
        (Some(text), prev.cards)
    } else {
        (None, Vec::new())
    };
    let mut cards = extraction.cards;
    let outcome = link_ids(name, &mut cards, &previous);
    let deck = Deck {
        name: name.to_string(),
        title: title.map(|(t, _)| t),
        source: Some(source_path(file)),
        generator: Some(GENERATOR.to_string()),
        cards,
    };
    let lines: Vec<&str> = src.lines().collect();
    let skipped = extraction
        .skipped
        .into_iter()
        .map(|s| {
            let text = lines
                .get(s.line as usize - 1)
                .map_or("", |l| l.trim())
                .to_string();
            (s, text)
        })
        .collect();
    Ok(DeckImport {
        notes: file.into(),
        deck_path,
        toml: to_toml(&deck),
        deck,
        previous_toml,
        links: outcome.links,
        removed: outcome.removed,
        skipped,
    })
}

/// The notes path as recorded in the deck: relative to the working directory when it can be,
/// so the same notes give the same deck wherever the decks are written.
fn source_path(file: &Path) -> String {
    if file.is_absolute()
        && let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = file.strip_prefix(&cwd)
    {
        return display(rel);
    }
    display(file)
}

/// Write every deck that changed. Each write is atomic.
pub fn write(plans: &[DeckImport]) -> Result<usize> {
    let mut written = 0;
    for p in plans.iter().filter(|p| !p.is_up_to_date()) {
        store::write_atomic(&p.deck_path, p.toml.as_bytes())?;
        written += 1;
    }
    Ok(written)
}

//! Errors a user can act on: each names the file (and line:col where there is one) and comes
//! with a hint of what to do.

use std::path::PathBuf;

use crate::deck::LoadError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot write the data directory: {source}", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: no such file or directory", path.display())]
    Missing { path: PathBuf, what: &'static str },
    #[error("{}:{line}:{col}: not valid UTF-8", path.display())]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        col: usize,
    },
    #[error("{}: the file is empty", path.display())]
    Empty { path: PathBuf },
    #[error("{}:{line}: looks like a binary file (it contains a NUL byte)", path.display())]
    Binary { path: PathBuf, line: usize },
    #[error("{}: no Markdown notes (*.md) in this directory", path.display())]
    NoNotes { path: PathBuf },
    #[error("{}: no decks (*.toml) in this directory", path.display())]
    NoDecks { path: PathBuf },
    #[error("{0}")]
    Deck(#[from] LoadError),
    #[error("{0}")]
    Catalog(#[from] crate::catalog::CatalogError),
    #[error("{}: is a hand-written deck (its [deck] header has no `source`), so import will not overwrite it", path.display())]
    HandWritten { path: PathBuf, notes: PathBuf },
    #[error("{}{}: {message}", path.display(), if *line > 0 { format!(":{line}:{col}") } else { String::new() })]
    Config {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("optimizing failed: {message}")]
    Optimize { message: String },
    #[error("two notes files would write the same deck {}: {} and {}", deck.display(), a.display(), b.display())]
    SameDeck {
        deck: PathBuf,
        a: PathBuf,
        b: PathBuf,
    },
}

impl Error {
    /// What the user can do about it.
    pub fn hint(&self) -> String {
        match self {
            Error::Io { .. } => {
                "check that the path exists and that you may read and write it".into()
            }
            Error::DataDir { .. } => {
                "choose a writable data directory with --data-dir or KIOKU_DATA_DIR; your reviews so far are untouched".into()
            }
            Error::Missing { what, .. } => {
                format!("pass the {what}, or run kioku from the folder that has it")
            }
            Error::NotUtf8 { .. } => {
                "save the file as UTF-8 (kioku reads notes and decks as UTF-8 only)".into()
            }
            Error::Empty { .. } => {
                "write some notes in it, or move it out of the notes folder".into()
            }
            Error::Binary { .. } => {
                "only Markdown text files belong in the notes folder; move this one out".into()
            }
            Error::NoNotes { .. } => {
                "put your Markdown notes (*.md) there, or pass the files to import".into()
            }
            Error::NoDecks { .. } => {
                "run `kioku import` to make decks from your notes, or pass a deck file".into()
            }
            Error::Deck(_) => {
                "fix the deck at the position shown (see the README's \"Deck format\")".into()
            }
            Error::HandWritten { notes, .. } => format!(
                "rename {} or the deck file, or import into another folder with --out",
                notes.display()
            ),
            Error::Config { .. } => "fix the setting shown (see the README's \"Configuration\"), or delete the file for the defaults".into(),
            Error::Optimize { .. } => "your parameters are unchanged; review some more and try again".into(),
            Error::Catalog(_) => "fix the entry shown: each `[[topic]]` needs a `name` (see the README's \"Services and topics\")".into(),
            Error::SameDeck { .. } => {
                "rename one of the notes files: a deck is named after its notes file".into()
            }
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Read a text file that must be UTF-8, non-empty and not binary.
pub fn read_text(path: &std::path::Path, what: &'static str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Missing {
            path: path.into(),
            what,
        },
        _ => Error::Io {
            path: path.into(),
            source: e,
        },
    })?;
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..nul].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(Error::Binary {
            path: path.into(),
            line,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let ok = String::from_utf8_lossy(&e.as_bytes()[..bad]).into_owned();
        let (line, col) = crate::text::line_col(&ok, ok.len());
        Error::NotUtf8 {
            path: path.into(),
            line,
            col,
        }
    })?;
    if text.trim().is_empty() {
        return Err(Error::Empty { path: path.into() });
    }
    Ok(text)
}

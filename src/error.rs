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
    #[error("{name}: {message}")]
    Env {
        name: &'static str,
        message: String,
        hint: String,
    },
    #[error("optimizing failed: {message}")]
    Optimize { message: String },
    #[error("no {what} matches `{given}`; {}", if nearest.is_empty() { format!("no {what} has a similar name") } else { format!("the nearest: {}", nearest.join(", ")) })]
    UnknownName {
        what: &'static str,
        given: String,
        nearest: Vec<String>,
    },
    #[error("no card has the id `{id}`")]
    UnknownCard { id: String },
    #[error(
        "the {screen} needs a terminal, and {what} is not one (`kioku due` shows what is due without one)"
    )]
    NoTerminal {
        screen: &'static str,
        what: &'static str,
    },
    #[error("no card in {scope} can be asked as multiple choice, so there is no exam to sit")]
    NoExam { scope: String },
    #[error("two notes files would write the same deck {}: {} and {}", deck.display(), a.display(), b.display())]
    SameDeck {
        deck: PathBuf,
        a: PathBuf,
        b: PathBuf,
    },
    #[error("{}: {source}", path.display())]
    Package {
        path: PathBuf,
        source: crate::interop::apkg::PackageError,
    },
    #[error("{0}")]
    AnkiText(#[from] crate::interop::anki_text::TextError),
    #[error("{}: is not a deck imported from {}, so `kioku import --anki` will not overwrite it", path.display(), from.display())]
    NotFromAnki { path: PathBuf, from: PathBuf },
    #[error("no cards to export{}", if *filtered { " (none match --deck and --section)" } else { "" })]
    NothingToExport { filtered: bool },
}

impl Error {
    /// What the user can do about it; empty when the message says it already.
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
            Error::Env { hint, .. } => hint.clone(),
            Error::Optimize { .. } => "your parameters are unchanged; review some more and try again".into(),
            Error::Catalog(_) => "fix the entry shown: each `[[topic]]` needs a `name` (see the README's \"Services and topics\")".into(),
            // Said in one line: the nearest names are the hint.
            Error::UnknownName { .. } | Error::NoTerminal { .. } => String::new(),
            Error::UnknownCard { .. } => {
                "`kioku cards` lists the cards with their ids (`--search TEXT` finds one)".into()
            }
            Error::NoExam { .. } => "a card can be asked as multiple choice when it has a short answer and its deck three others like it: widen --deck or --section".into(),
            Error::SameDeck { .. } => {
                "rename one of the notes files: a deck is named after its notes file".into()
            }
            Error::Package { .. } => {
                "check that the folder of the package may be written and has room".into()
            }
            Error::AnkiText(e) => e.hint.clone(),
            Error::NotFromAnki { .. } => {
                "name another deck with --deck, or another folder with --out".into()
            }
            Error::NothingToExport { .. } => {
                "`kioku list` shows the decks and sections there are".into()
            }
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

// Moved to `crate::fsutil`; re-exported so existing callers keep compiling.
pub use crate::fsutil::read_text;

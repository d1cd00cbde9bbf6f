//! Cards and decks: the model, the TOML format, and card identity across edits.

pub mod cache;
mod format;
mod link;
pub mod store;
mod tree;

pub use format::{DeckError, LoadError, parse_deck, to_toml};
pub use link::{FRONT_THRESHOLD, LinkOutcome, Relink, SIMILARITY_THRESHOLD, link_ids, mint_id};
pub use tree::{NO_SECTION, SectionCount, SectionSum, section_tree, section_tree_by};

use std::fmt;
use std::sync::Arc;

/// What a card asks, and so how the quiz presents it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A hand-written question and answer.
    #[default]
    Basic,
    /// A short term from the notes → its explanation.
    Term,
    /// `key: value` → the value.
    KeyValue,
    /// A section heading → the list under it.
    Section,
    /// A fact → the service it is about.
    Service,
    /// A fact with a number hidden.
    Cloze,
    /// A long prompt (an exam question, a how-to) → the items under it.
    Qa,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Basic,
        Kind::Term,
        Kind::KeyValue,
        Kind::Section,
        Kind::Service,
        Kind::Cloze,
        Kind::Qa,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Basic => "basic",
            Kind::Term => "term",
            Kind::KeyValue => "keyvalue",
            Kind::Section => "section",
            Kind::Service => "service",
            Kind::Cloze => "cloze",
            Kind::Qa => "qa",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One flashcard. Text fields hold Markdown exactly as written in the notes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    /// Minted once, kept across edits; the review log refers to cards by it.
    pub id: String,
    pub kind: Kind,
    /// Headings from the top of the notes down to the card's section. Shared: every card of a
    /// section holds the same path.
    pub section: Arc<[String]>,
    /// The list items above the card's item, for cards made from nested items.
    pub context: Option<String>,
    pub front: String,
    pub back: String,
    /// For cloze cards: the part of `front` that is hidden.
    pub cloze: Option<String>,
    /// Other answers a typed answer may give (a service's short name, abbreviation, aliases);
    /// the back is always accepted.
    pub answers: Vec<String>,
    /// Line of the notes file the card comes from.
    pub line: Option<u32>,
    pub tags: Vec<String>,
}

impl Card {
    /// `Amazon S3 › 特徴`
    pub fn section_path(&self) -> String {
        self.section.join(" › ")
    }
}

/// A deck file: generated from a notes file (`source` is set) or written by hand.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Deck {
    pub name: String,
    pub title: Option<String>,
    /// The notes file this deck was generated from; `None` for a hand-written deck.
    pub source: Option<String>,
    pub generator: Option<String>,
    pub cards: Vec<Card>,
}

impl Deck {
    pub fn is_generated(&self) -> bool {
        self.source.is_some()
    }
}

/// What counting and filtering need of a card: its id and its section, none of its text. The
/// start-up reads only these (see [`cache`]); the text comes when something shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardKey {
    pub id: Box<str>,
    pub section: Arc<[String]>,
    /// Where the card was in the history it was loaded with (`u32::MAX`: not there), so that
    /// counting finds it without a look-up by id. Only a hint: see [`CardRef::slot`].
    pub slot: u32,
}

/// A deck's name and title and its cards' keys, in note order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DeckIndex {
    pub name: String,
    pub title: Option<String>,
    pub cards: Vec<CardKey>,
}

impl DeckIndex {
    pub fn of(deck: &Deck) -> DeckIndex {
        DeckIndex {
            name: deck.name.clone(),
            title: deck.title.clone(),
            cards: deck
                .cards
                .iter()
                .map(|c| CardKey {
                    id: c.id.as_str().into(),
                    section: Arc::clone(&c.section),
                    slot: u32::MAX,
                })
                .collect(),
        }
    }
}

/// A card as counting and filtering see it: a [`Card`] or only its [`CardKey`].
pub trait CardRef {
    fn id(&self) -> &str;
    fn section(&self) -> &Arc<[String]>;
    /// Where the card may be in the history's per-card arrays: a hint the history checks
    /// (the id there must be this card's) before it believes it.
    fn slot(&self) -> Option<u32> {
        None
    }
}

impl CardRef for Card {
    fn id(&self) -> &str {
        &self.id
    }
    fn section(&self) -> &Arc<[String]> {
        &self.section
    }
}

impl CardRef for CardKey {
    fn id(&self) -> &str {
        &self.id
    }
    fn section(&self) -> &Arc<[String]> {
        &self.section
    }
    fn slot(&self) -> Option<u32> {
        (self.slot != u32::MAX).then_some(self.slot)
    }
}

impl<T: CardRef + ?Sized> CardRef for &T {
    fn id(&self) -> &str {
        (**self).id()
    }
    fn section(&self) -> &Arc<[String]> {
        (**self).section()
    }
    fn slot(&self) -> Option<u32> {
        (**self).slot()
    }
}

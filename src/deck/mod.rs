//! Cards and decks: the model, the TOML format, and card identity across edits.

pub mod cache;
mod canonical;
mod format;
mod link;
pub mod store;
mod tree;

pub use format::{DeckError, LoadError, parse_deck, to_toml};
pub use link::{FRONT_THRESHOLD, LinkOutcome, Relink, SIMILARITY_THRESHOLD, link_ids, mint_id};
pub use tree::{
    NO_SECTION, NodeSum, SectionCount, SectionSum, Sections, number_paths, section_tree,
    section_tree_by,
};

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

    /// The section as a question shows it over the front: without its last heading when the
    /// front is that heading (a heading's own card, `Auto Scaling › Scaling Plan` asking
    /// `Scaling Plan`), which would show the term twice.
    pub fn shown_section(&self) -> &[String] {
        match self.section.split_last() {
            Some((last, rest)) if last.trim() == self.front.trim() => rest,
            _ => &self.section,
        }
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
#[derive(Clone)]
pub struct CardKey {
    /// Every id of the card's deck, one after another (one allocation per deck, not per
    /// card); this card's is `ids[id.0..id.1]`.
    ids: Arc<str>,
    id: (u32, u32),
    pub section: Arc<[String]>,
    /// The number of its section path in its deck's [`DeckIndex::sections`].
    pub sec: u32,
    /// Where the card was in the history it was loaded with (`u32::MAX`: not there), so that
    /// counting finds it without a look-up by id. Only a hint: see [`CardRef::slot_hint`].
    slot: u32,
    /// Which set of history ids `slot` was found in (0: none, a hint to check).
    found_in: u64,
}

impl CardKey {
    /// The keys of cards with these ids (in this order), sections and path numbers.
    pub fn all<'a>(
        cards: impl Iterator<Item = (&'a str, Arc<[String]>, u32)> + Clone,
    ) -> Vec<CardKey> {
        let ids: Arc<str> = cards
            .clone()
            .map(|(id, _, _)| id)
            .collect::<String>()
            .into();
        let mut at = 0u32;
        cards
            .map(|(id, section, sec)| {
                let start = at;
                at += id.len() as u32;
                CardKey::at(&ids, (start, at), section, sec)
            })
            .collect()
    }

    /// The key of the id at `id` (start and end bytes) in `ids`, with no place in a history
    /// found yet.
    fn at(ids: &Arc<str>, id: (u32, u32), section: Arc<[String]>, sec: u32) -> CardKey {
        CardKey {
            ids: Arc::clone(ids),
            id,
            section,
            sec,
            slot: u32::MAX,
            found_in: 0,
        }
    }

    /// Keys over an id block already made: `ends` are where each id ends in `ids`.
    /// `None` if an end goes back, past the block or into a character.
    pub(crate) fn over(
        ids: Arc<str>,
        cards: impl ExactSizeIterator<Item = (u32, Arc<[String]>, u32)>,
    ) -> Option<Vec<CardKey>> {
        // Sized once: collecting through `Option` would grow the vector by doubling.
        let mut keys = Vec::with_capacity(cards.len());
        let mut at = 0u32;
        for (end, section, sec) in cards {
            if end < at || !ids.is_char_boundary(end as usize) {
                return None;
            }
            let start = std::mem::replace(&mut at, end);
            keys.push(CardKey::at(&ids, (start, end), section, sec));
        }
        Some(keys)
    }

    #[inline]
    pub fn id(&self) -> &str {
        &self.ids[self.id.0 as usize..self.id.1 as usize]
    }

    /// Where the card was in a history, if anywhere (`u32::MAX`: nowhere).
    pub fn slot(&self) -> u32 {
        self.slot
    }

    /// A place to try first in a history, checked there before it is believed.
    pub fn set_slot(&mut self, slot: u32) {
        self.slot = slot;
        self.found_in = 0;
    }

    /// The card's place as found in the set of history ids `found_in` (see
    /// [`CardRef::slot_hint`]).
    pub(crate) fn set_found(&mut self, slot: u32, found_in: u64) {
        self.slot = slot;
        self.found_in = found_in;
    }
}

impl PartialEq for CardKey {
    fn eq(&self, o: &CardKey) -> bool {
        self.id() == o.id() && self.section == o.section && self.sec == o.sec && self.slot == o.slot
    }
}

impl Eq for CardKey {}

impl fmt::Debug for CardKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardKey")
            .field("id", &self.id())
            .field("section", &self.section)
            .field("sec", &self.sec)
            .field("slot", &self.slot)
            .finish()
    }
}

/// A deck's name and title and its cards' keys, in note order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DeckIndex {
    pub name: String,
    pub title: Option<String>,
    pub cards: Vec<CardKey>,
    /// The tree of the cards' section paths, built once, for counts per section.
    pub sections: Sections,
}

impl DeckIndex {
    pub fn of(deck: &Deck) -> DeckIndex {
        let (paths, numbers) = number_paths(deck.cards.iter().map(|c| &c.section));
        DeckIndex {
            name: deck.name.clone(),
            title: deck.title.clone(),
            cards: CardKey::all(
                deck.cards
                    .iter()
                    .zip(numbers)
                    .map(|(c, sec)| (c.id.as_str(), Arc::clone(&c.section), sec)),
            ),
            sections: Sections::of(paths.iter().map(|p| &p[..])),
        }
    }

    /// The deck's sections depth first, each with the sum of `value` over the cards in its
    /// subtree that `keep` lets through (sections with none of them left out), and the sum
    /// over all of those cards. One pass over the cards.
    pub fn section_sums<T>(
        &self,
        keep: impl Fn(&CardKey) -> bool,
        value: impl Fn(&CardKey) -> T,
    ) -> (T, Vec<NodeSum<'_, T>>)
    where
        T: Default + Clone + std::ops::AddAssign,
    {
        let mut total = T::default();
        let sums = self
            .sections
            .sums(self.cards.iter().filter(|c| keep(c)).map(|c| {
                let v = value(c);
                total += v.clone();
                (c.sec, v)
            }));
        (total, sums)
    }
}

/// A card id found again in a later deck (or twice in one): the id, and the decks as
/// positions in the index, the one it was last seen in and the one it is in again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub id: String,
    pub first: usize,
    pub again: usize,
}

/// Every card id found in a second deck (or a second time in one).
pub fn duplicate_ids<'a>(index: impl Iterator<Item = &'a DeckIndex> + Clone) -> Vec<Duplicate> {
    let mut out = Vec::new();
    let mut seen: crate::cache::FastMap<&str, usize> =
        crate::cache::FastMap::with_capacity_and_hasher(
            index.clone().map(|d| d.cards.len()).sum(),
            Default::default(),
        );
    for (d, deck) in index.enumerate() {
        for card in &deck.cards {
            if let Some(first) = seen.insert(card.id(), d) {
                out.push(Duplicate {
                    id: card.id().to_string(),
                    first,
                    again: d,
                });
            }
        }
    }
    out
}

/// A card as counting and filtering see it: a [`Card`] or only its [`CardKey`].
pub trait CardRef {
    fn id(&self) -> &str;
    fn section(&self) -> &Arc<[String]>;
    /// Where the card may be in the history's per-card arrays, and which set of history ids
    /// it was found in (0: none). The history believes it without comparing the id only in
    /// that same set of ids (which only ever grows); anywhere else the id there must be this
    /// card's.
    fn slot_hint(&self) -> Option<(u32, u64)> {
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

// Inline: these run for every card at every count, from other crates (the binary, benches).
impl CardRef for CardKey {
    #[inline]
    fn id(&self) -> &str {
        CardKey::id(self)
    }
    #[inline]
    fn section(&self) -> &Arc<[String]> {
        &self.section
    }
    #[inline]
    fn slot_hint(&self) -> Option<(u32, u64)> {
        (self.slot != u32::MAX).then_some((self.slot, self.found_in))
    }
}

impl<T: CardRef + ?Sized> CardRef for &T {
    fn id(&self) -> &str {
        (**self).id()
    }
    fn section(&self) -> &Arc<[String]> {
        (**self).section()
    }
    fn slot_hint(&self) -> Option<(u32, u64)> {
        (**self).slot_hint()
    }
}

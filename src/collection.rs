//! Everything a study command needs, loaded once: the decks, the settings, and the history
//! replayed from the review log.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use crate::cache::FastMap;
use crate::config::{self, Config};
use crate::deck::cache::Texts;
use crate::deck::{Card, CardKey, Deck, DeckIndex};
use crate::error::{Error, Result};
use crate::review::log::LogWriter;
use crate::review::{History, Scheduler, StudyCard};

/// Where things are.
#[derive(Clone, Debug)]
pub struct Places {
    pub data_dir: PathBuf,
    pub config_dir: PathBuf,
    /// This machine's own state (the device id); never synced.
    pub state_dir: PathBuf,
    /// Caches for this data directory; derived, rebuilt at will.
    pub cache_dir: PathBuf,
    pub decks: PathBuf,
    /// `--decks` was given: a missing folder is an error rather than a reason to use the
    /// bundled decks.
    pub decks_given: bool,
}

/// The AWS decks made from the bundled notes, compiled in, so an installed binary works with no
/// folder of decks at all.
pub const BUNDLED: [(&str, &str); 2] = [
    ("aws-services", include_str!("../decks/aws-services.toml")),
    ("techstock", include_str!("../decks/techstock.toml")),
];

impl Places {
    /// From the command line's flags: `--decks`, else `./decks` when present, else the data
    /// directory's `decks/`.
    pub fn resolve(
        data_dir: Option<PathBuf>,
        config_dir: Option<PathBuf>,
        decks: Option<PathBuf>,
        state_dir: Option<PathBuf>,
        cache_dir: Option<PathBuf>,
    ) -> Places {
        let data_dir = crate::paths::data_dir(data_dir);
        let cache_dir = crate::paths::cache_dir(cache_dir, &data_dir);
        let decks_given = decks.is_some();
        let decks = decks.unwrap_or_else(|| {
            let here = PathBuf::from("decks");
            if here.is_dir() {
                here
            } else {
                data_dir.join("decks")
            }
        });
        Places {
            config_dir: crate::paths::config_dir(config_dir),
            state_dir: crate::paths::state_dir(state_dir),
            cache_dir,
            data_dir,
            decks,
            decks_given,
        }
    }

    /// Where this data directory's review logs are (each device's file is in it).
    pub fn logs(&self) -> PathBuf {
        self.data_dir.join(crate::review::log::LOG_DIR)
    }

    pub fn config(&self) -> PathBuf {
        config::path(&self.config_dir)
    }

    /// Whether the bundled decks stand in for a missing folder of decks.
    pub fn uses_bundled(&self) -> bool {
        !self.decks_given && !self.decks.exists()
    }

    /// Where the decks come from, for titles.
    pub fn describe_decks(&self) -> String {
        if self.uses_bundled() {
            "bundled AWS decks (built in)".into()
        } else {
            format!(
                "decks from {}/",
                crate::fsutil::display(&self.decks).trim_end_matches('/')
            )
        }
    }
}

pub struct Collection {
    pub places: Places,
    /// Every deck's name and title and its cards' keys: what counting needs, read at start-up.
    index: Vec<DeckIndex>,
    /// The decks whole, text and all, read on first use ([`Collection::decks`]).
    decks: std::sync::OnceLock<Vec<Deck>>,
    texts: std::sync::Mutex<Option<Texts>>,
    pub sched: Scheduler,
    pub history: History,
    /// Damaged log lines, duplicate ids: things to tell the user, which stop nothing.
    pub warnings: Vec<String>,
    /// Card id → (deck, card), built on first use.
    by_id: std::sync::OnceLock<FastMap<String, (usize, usize)>>,
}

impl Collection {
    pub fn load(places: Places, tz: TimeZone) -> Result<Collection> {
        // Caches this process is still writing (an earlier load's) are read once written.
        crate::fsutil::finish_writes();
        let settings = Config::load(&places.config())?;
        let sched = Scheduler::new(settings, tz)?;
        // The decks and the history do not depend on each other: load them side by side.
        let deck_cache = places.cache_dir.join(crate::deck::cache::DECK_CACHE_FILE);
        // The history takes longer: the decks' side also looks for ids in two decks.
        let (decks, loaded) = rayon::join(
            || {
                load_decks(&places, &deck_cache).map(|d| {
                    let twice = duplicate_warnings(&d.index, &d.duplicates);
                    (d, twice)
                })
            },
            || {
                crate::review::snapshot::load_history_with(
                    &places.data_dir,
                    &places.cache_dir,
                    &sched,
                    true,
                )
            },
        );
        let (decks, twice) = decks?;
        let loaded = loaded?;
        let history = loaded.history;
        let mut warnings = loaded.warnings;
        warnings.extend(twice);
        let mut index = decks.index;
        // Each card's place in the history, found once here rather than by id at every count.
        {
            use rayon::prelude::*;
            index
                .par_iter_mut()
                .for_each(|d| history.find_slots(&mut d.cards));
        }
        Ok(Collection {
            places,
            index,
            decks: std::sync::OnceLock::new(),
            texts: std::sync::Mutex::new(Some(decks.texts)),
            sched,
            history,
            warnings,
            by_id: std::sync::OnceLock::new(),
        })
    }

    /// Every deck's name, title and cards' keys: all that counts and filters need.
    pub fn index(&self) -> &[DeckIndex] {
        &self.index
    }

    /// Every deck whole, text and all. The text is read on the first call (see
    /// [`crate::deck::cache`]); counting needs only [`Collection::index`].
    pub fn decks(&self) -> &[Deck] {
        self.decks.get_or_init(|| {
            let texts = self
                .texts
                .lock()
                .map(|mut t| t.take())
                .unwrap_or_else(|p| p.into_inner().take());
            texts.map_or_else(Vec::new, |t| t.decks(&self.index))
        })
    }

    /// Every card's key, in deck and note order, as [`Collection::study_cards`] has them.
    pub fn keys(&self) -> Vec<StudyCard<'_, CardKey>> {
        self.index
            .iter()
            .flat_map(|d| {
                d.cards.iter().map(move |card| StudyCard {
                    deck: &d.name,
                    card,
                })
            })
            .collect()
    }

    /// Every card of every deck, in deck and note order.
    pub fn study_cards(&self) -> Vec<StudyCard<'_>> {
        self.decks()
            .iter()
            .flat_map(|d| {
                d.cards.iter().map(move |card| StudyCard {
                    deck: &d.name,
                    card,
                })
            })
            .collect()
    }

    pub fn find(&self, id: &str) -> Option<(&Deck, &Card)> {
        let by_id = self.by_id.get_or_init(|| {
            let mut m = FastMap::default();
            for (d, deck) in self.decks().iter().enumerate() {
                for (c, card) in deck.cards.iter().enumerate() {
                    m.entry(card.id.clone()).or_insert((d, c));
                }
            }
            m
        });
        by_id
            .get(id)
            .map(|&(d, c)| (&self.decks()[d], &self.decks()[d].cards[c]))
    }

    /// Append one entry to this device's log (on disk when this returns), then apply it to
    /// the history. For entries written outside a session (`kioku quiz --more-new`).
    pub fn record(&mut self, entry: &crate::review::Entry) -> Result<()> {
        self.log_writer()?.append(entry)?;
        self.history.apply(entry, &self.sched);
        Ok(())
    }

    pub fn log_writer(&self) -> Result<LogWriter> {
        let device = crate::paths::device_id(&self.places.state_dir)?;
        LogWriter::open(&self.places.data_dir, &device)
    }
}

/// A warning for every card id found in a second deck.
fn duplicate_warnings(index: &[DeckIndex], twice: &[crate::deck::Duplicate]) -> Vec<String> {
    twice
        .iter()
        .map(|t| {
            format!(
                "card id `{}` is in both {} and {}: run `kioku check`",
                t.id, index[t.first].name, index[t.again].name
            )
        })
        .collect()
}

fn load_decks(places: &Places, cache: &Path) -> Result<crate::deck::cache::Loaded> {
    if places.uses_bundled() {
        let decks = BUNDLED
            .iter()
            .map(|(name, text)| {
                Ok(crate::deck::parse_deck(
                    &format!("(built in) {name}.toml"),
                    name,
                    text,
                )?)
            })
            .collect::<Result<Vec<Deck>>>()?;
        let index: Vec<DeckIndex> = decks.iter().map(DeckIndex::of).collect();
        return Ok(crate::deck::cache::Loaded {
            duplicates: crate::deck::duplicate_ids(index.iter()),
            index,
            texts: Texts::whole(decks),
        });
    }
    if !places.decks.exists() {
        return Err(Error::Missing {
            path: places.decks.clone(),
            what: "folder of decks with --decks",
        });
    }
    crate::deck::cache::load_dir_with(&places.decks, cache, true)
}

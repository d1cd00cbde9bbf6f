//! The quiz UI's state and its update function (the Elm architecture): `update(app, msg, now)`
//! changes the state, `view` draws it. Nothing here knows a terminal exists: the keymap turns
//! key presses into [`Msg`]s, and effects that need the terminal (an editor, a browser) come
//! back as [`Effect`]s for the run loop.

use crate::cache::hash;
use crate::collection::Collection;
use crate::deck::section_tree_by;
use crate::error::Result;
use crate::review::log::{Entry, LogWriter, Mode, Rating};
use crate::review::queue::{self, count_card};
use crate::review::{Counts, Filter, Limits};
use crate::study::{
    Checked, Choice, Prompt, Session, SessionCard, Summary, choices, prompt, summarize,
};
use crate::text::fold;

/// Where answers go: the review log, or a test's stand-in.
pub trait Journal {
    fn append(&mut self, entry: &Entry) -> Result<()>;
}

impl Journal for LogWriter {
    fn append(&mut self, entry: &Entry) -> Result<()> {
        LogWriter::append(self, entry)
    }
}

/// Everything the user can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: study the highlighted node; in a quiz, reveal, check or accept.
    Open,
    /// Review the highlighted node's missed cards.
    Missed,
    /// Study everything due.
    AllDue,
    NextMode,
    StartFilter,
    Input(char),
    Erase,
    /// Space: show the answer.
    Reveal,
    Rate(Rating),
    /// A multiple-choice option, 0-based.
    Pick(usize),
    Undo,
    Bury,
    OpenImage,
    Edit,
    Help,
    /// q or Esc: leave the current screen (ends a session with its summary).
    Back,
    /// Ctrl-C: quit from anywhere.
    Quit,
}

/// Work for the run loop, which owns the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    OpenUrl(String),
    /// Edit the notes file at this line, then re-import and reload.
    Edit {
        path: String,
        line: u32,
    },
}

/// A line of the home screen's tree: a deck or a section, with its counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub depth: usize,
    pub label: String,
    /// The deck; empty for a folder's row.
    pub deck: String,
    /// For a folder of decks (`a/b` for decks `a/b/…`): the folder.
    pub folder: Option<String>,
    /// Section path; empty for the deck itself.
    pub path: Vec<String>,
    pub counts: Counts,
    /// The label folded (NFKC, case) once, for the filter.
    pub folded: String,
}

pub struct Quiz {
    pub session: Session,
    /// What is being studied: `aws-services › Amazon S3`.
    pub scope: String,
    pub revealed: bool,
    /// The card's short-answer form, when the mode needs one and the card has one.
    pub prompt: Option<Prompt>,
    pub typed: String,
    pub checked: Option<Checked>,
    pub choice: Option<Choice>,
    pub picked: Option<usize>,
    /// Lines scrolled down in a card too long for the screen.
    pub scroll: usize,
}

impl Quiz {
    /// The mode the current card is asked in: type and choice fall back to flip for cards
    /// without a short answer (lists, sections).
    pub fn card_mode(&self) -> Mode {
        match self.session.mode {
            Mode::Type if self.prompt.is_some() => Mode::Type,
            Mode::Choice if self.choice.is_some() => Mode::Choice,
            _ => Mode::Flip,
        }
    }

    /// The rating proposed by a typed answer or a pick.
    pub fn proposed(&self) -> Option<Rating> {
        if let Some(c) = &self.checked {
            return Some(c.proposed);
        }
        let (choice, picked) = (self.choice.as_ref()?, self.picked?);
        Some(if picked == choice.correct {
            Rating::Good
        } else {
            Rating::Again
        })
    }
}

pub struct Done {
    pub summary: Summary,
    pub scope: String,
    /// The missed cards' ids, for "review the misses now".
    pub missed: Vec<String>,
}

pub enum Screen {
    Home,
    Quiz(Box<Quiz>),
    Summary(Box<Done>),
}

pub struct App<J: Journal> {
    pub collection: Collection,
    journal: J,
    pub screen: Screen,
    pub rows: Vec<Row>,
    /// Index into [`App::visible`].
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    pub mode: Mode,
    pub help: bool,
    /// A message for the user (nothing to study, a failed save…).
    pub notice: Option<String>,
    pub quit: bool,
    /// Where the decks were loaded from, for the title.
    pub source: String,
    pub now: i64,
    /// Per-session limits from `kioku quiz --limit/--new`.
    pub limits: Limits,
}

impl<J: Journal> App<J> {
    pub fn new(collection: Collection, journal: J, source: String, now: i64) -> App<J> {
        // The first thing loading had to say (notes re-imported, a damaged log line).
        let notice = collection.warnings.first().cloned();
        let mut app = App {
            collection,
            journal,
            screen: Screen::Home,
            rows: Vec::new(),
            selected: 0,
            filter: String::new(),
            filtering: false,
            mode: Mode::Flip,
            help: false,
            notice,
            quit: false,
            source,
            now,
            limits: Limits::default(),
        };
        app.rebuild_rows();
        app
    }

    /// Decks and their sections with counts, in note order.
    pub fn rebuild_rows(&mut self) {
        let c = &self.collection;
        let mut rows: Vec<Row> = Vec::new();
        // Decks from notes in folders (`a/b`) sit under a row per folder, like the notes.
        // The folders above the current deck: (name, index of its row).
        let mut open: Vec<(String, usize)> = Vec::new();
        for deck in &c.decks {
            let counts: Vec<(&crate::deck::Card, Counts)> = deck
                .cards
                .iter()
                .map(|card| (card, count_card(card, &c.history, &c.sched, self.now)))
                .collect();
            let mut total = Counts::default();
            for (_, n) in &counts {
                total += *n;
            }
            let parts: Vec<&str> = deck.name.split('/').collect();
            let folders = &parts[..parts.len() - 1];
            let common = open
                .iter()
                .zip(folders)
                .take_while(|((a, _), b)| a.as_str() == **b)
                .count();
            open.truncate(common);
            for (depth, f) in folders.iter().enumerate().skip(common) {
                let label = format!("{f}/");
                rows.push(Row {
                    depth,
                    folded: fold(&label),
                    label,
                    deck: String::new(),
                    folder: Some(folders[..=depth].join("/")),
                    path: vec![],
                    counts: Counts::default(),
                });
                open.push((f.to_string(), rows.len() - 1));
            }
            // The folder rows above this deck count its cards too.
            for &(_, at) in &open {
                rows[at].counts += total;
            }
            let base = folders.len();
            let short = parts[parts.len() - 1];
            let label = match &deck.title {
                Some(t) => format!("{short} · {t}"),
                None => short.to_string(),
            };
            rows.push(Row {
                depth: base,
                folded: fold(&label),
                label,
                deck: deck.name.clone(),
                folder: None,
                path: vec![],
                counts: total,
            });
            let mut path: Vec<String> = Vec::new();
            for s in section_tree_by(counts.iter().map(|(c, n)| (*c, *n))) {
                path.truncate(s.depth);
                path.push(s.name.clone());
                rows.push(Row {
                    depth: base + s.depth + 1,
                    folded: fold(&s.name),
                    label: s.name,
                    deck: deck.name.clone(),
                    folder: None,
                    path: path.clone(),
                    counts: s.sum,
                });
            }
        }
        self.rows = rows;
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    /// The journal answers go to.
    pub fn journal_mut(&mut self) -> &mut J {
        &mut self.journal
    }

    /// The rows shown: all, or those matching the filter (NFKC, case-insensitive).
    pub fn visible(&self) -> Vec<&Row> {
        let f = fold(&self.filter);
        self.rows
            .iter()
            .filter(|r| f.is_empty() || r.folded.contains(&f))
            .collect()
    }

    pub fn update(&mut self, msg: Msg, now: i64) -> Option<Effect> {
        self.now = now;
        if msg == Msg::Quit {
            self.quit = true;
            return None;
        }
        if self.help {
            if matches!(msg, Msg::Help | Msg::Back) {
                self.help = false;
            }
            return None;
        }
        match &self.screen {
            Screen::Home => self.home(msg, now),
            Screen::Quiz(_) => return self.quiz(msg, now),
            Screen::Summary(_) => self.summary(msg, now),
        }
        None
    }

    fn home(&mut self, msg: Msg, now: i64) {
        if self.filtering {
            match msg {
                Msg::Input(c) => self.filter.push(c),
                Msg::Erase => {
                    self.filter.pop();
                }
                Msg::Back => {
                    self.filtering = false;
                    self.filter.clear();
                }
                Msg::Open => self.filtering = false,
                Msg::Up | Msg::Down => {}
                _ => return,
            }
            if matches!(msg, Msg::Input(_) | Msg::Erase | Msg::Back) {
                self.selected = 0;
            }
            if !matches!(msg, Msg::Up | Msg::Down) {
                return;
            }
        }
        let n = self.visible().len();
        self.notice = None;
        match msg {
            Msg::Up => self.selected = self.selected.saturating_sub(1),
            Msg::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Msg::PageUp => self.selected = self.selected.saturating_sub(10),
            Msg::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            Msg::Top => self.selected = 0,
            Msg::Bottom => self.selected = n.saturating_sub(1),
            Msg::StartFilter => self.filtering = true,
            Msg::NextMode => {
                self.mode = match self.mode {
                    Mode::Flip => Mode::Type,
                    Mode::Type => Mode::Choice,
                    Mode::Choice | Mode::Cram => Mode::Flip,
                }
            }
            Msg::Help => self.help = true,
            Msg::Back => {
                if self.filter.is_empty() {
                    self.quit = true;
                } else {
                    self.filter.clear();
                }
            }
            Msg::Open | Msg::Missed => {
                if let Some(row) = self.visible().get(self.selected).map(|r| (*r).clone()) {
                    let filter = match &row.folder {
                        Some(f) => Filter {
                            folder: Some(f.clone()),
                            ..Filter::default()
                        },
                        None => Filter {
                            deck: Some(row.deck.clone()),
                            path: Some(row.path.clone()),
                            ..Filter::default()
                        },
                    };
                    let scope = std::iter::once(row.folder.as_deref().unwrap_or(&row.deck))
                        .chain(row.path.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(" › ");
                    self.start(&filter, msg == Msg::Missed, scope, now);
                }
            }
            Msg::AllDue => self.start(&Filter::default(), false, "everything due".into(), now),
            _ => {}
        }
    }

    /// Start a session on the cards `filter` selects (the due queue, or the missed cards).
    pub fn start(&mut self, filter: &Filter, missed: bool, scope: String, now: i64) {
        let c = &self.collection;
        let all = c.study_cards();
        let picked: Vec<usize> = if missed {
            queue::missed(&all, &c.history, &c.sched, now, filter)
        } else {
            queue::build(&all, &c.history, &c.sched, now, filter, self.limits)
                .cards()
                .collect()
        };
        self.start_with(
            picked
                .iter()
                .map(|&i| SessionCard {
                    deck: all[i].deck.to_string(),
                    card: all[i].card.clone(),
                })
                .collect(),
            scope,
            missed,
            now,
        );
    }

    fn start_with(&mut self, cards: Vec<SessionCard>, scope: String, missed: bool, now: i64) {
        if cards.is_empty() {
            self.notice = Some(if missed {
                format!("No missed cards in {scope}.")
            } else {
                format!(
                    "Nothing to study in {scope} right now: no new cards left today and nothing due."
                )
            });
            return;
        }
        let mut session = Session::new(cards, self.mode, now);
        session.advance(&self.collection.history, now);
        self.screen = Screen::Quiz(Box::new(Quiz {
            session,
            scope,
            revealed: false,
            prompt: None,
            typed: String::new(),
            checked: None,
            choice: None,
            picked: None,
            scroll: 0,
        }));
        self.prepare_card();
    }

    /// Set up the current card's short answer and choices for the session's mode.
    fn prepare_card(&mut self) {
        let Screen::Quiz(q) = &mut self.screen else {
            return;
        };
        q.revealed = false;
        q.scroll = 0;
        q.typed.clear();
        q.checked = None;
        q.picked = None;
        q.prompt = None;
        q.choice = None;
        let Some(sc) = q.session.current() else {
            return;
        };
        match q.session.mode {
            Mode::Flip | Mode::Cram => {}
            Mode::Type => q.prompt = prompt(&sc.card),
            Mode::Choice => {
                let reps = self
                    .collection
                    .history
                    .state(&sc.card.id)
                    .map_or(0, |s| s.reps);
                let seed = hash(format!("{}#{reps}", sc.card.id).as_bytes());
                // Distractors come from the card's own deck: no need to walk the collection.
                let pool: Vec<crate::review::StudyCard> = self
                    .collection
                    .decks
                    .iter()
                    .filter(|d| d.name == sc.deck)
                    .flat_map(|d| {
                        d.cards.iter().map(|card| crate::review::StudyCard {
                            deck: &d.name,
                            card,
                        })
                    })
                    .collect();
                q.choice = choices(&sc.card, &sc.deck, &pool, seed);
            }
        }
    }

    fn quiz(&mut self, msg: Msg, now: i64) -> Option<Effect> {
        let Screen::Quiz(q) = &mut self.screen else {
            return None;
        };
        let mode = q.card_mode();
        match msg {
            Msg::Help => self.help = true,
            Msg::Back => self.finish(now),
            Msg::Up => q.scroll = q.scroll.saturating_sub(1),
            Msg::Down => q.scroll += 1,
            Msg::PageUp => q.scroll = q.scroll.saturating_sub(10),
            Msg::PageDown => q.scroll += 10,
            Msg::Input(c) if mode == Mode::Type && !q.revealed => q.typed.push(c),
            Msg::Erase if mode == Mode::Type && !q.revealed => {
                q.typed.pop();
            }
            Msg::Open | Msg::Reveal if !q.revealed => {
                if mode == Mode::Type {
                    if msg == Msg::Reveal {
                        q.typed.push(' ');
                        return None;
                    }
                    if let Some(p) = &q.prompt {
                        q.checked = Some(p.check(&q.typed));
                    }
                }
                if mode != Mode::Choice {
                    q.revealed = true;
                }
            }
            Msg::Open if q.revealed => {
                if let Some(r) = q.proposed() {
                    self.answer(r, now);
                }
            }
            Msg::Rate(r) if q.revealed => self.answer(r, now),
            Msg::Rate(r) if mode == Mode::Choice => self.pick(r as usize - 1, now),
            Msg::Pick(i) if mode == Mode::Choice && !q.revealed => self.pick(i, now),
            Msg::Undo => self.undo(now),
            Msg::Bury => self.bury(now),
            Msg::OpenImage => {
                let url = q.session.current().and_then(|c| {
                    first_image_url(&c.card.front).or_else(|| first_image_url(&c.card.back))
                });
                return url.map(Effect::OpenUrl);
            }
            Msg::Edit => {
                let card = &q.session.current()?.card;
                let deck = self
                    .collection
                    .decks
                    .iter()
                    .find(|d| d.cards.iter().any(|c| c.id == card.id))?;
                return Some(Effect::Edit {
                    path: deck.source.clone()?,
                    line: card.line.unwrap_or(1),
                });
            }
            _ => {}
        }
        None
    }

    fn pick(&mut self, i: usize, _now: i64) {
        let Screen::Quiz(q) = &mut self.screen else {
            return;
        };
        if q.choice.as_ref().is_some_and(|c| i < c.options.len()) {
            q.picked = Some(i);
            q.revealed = true;
        }
    }

    /// Record an answer: on disk first, then in memory, then the next card.
    fn answer(&mut self, rating: Rating, now: i64) {
        let Screen::Quiz(q) = &mut self.screen else {
            return;
        };
        // A wrong pick is a miss, whatever key confirms it.
        let rating = match (q.card_mode(), q.proposed()) {
            (Mode::Choice, Some(Rating::Again)) => Rating::Again,
            _ => rating,
        };
        let Some(mut entry) = q.session.answer(rating, now) else {
            return;
        };
        // What this machine schedules goes into the entry, so every machine replays the same.
        self.collection
            .history
            .stamp(&mut entry, &self.collection.sched);
        if let Err(e) = self.journal.append(&entry) {
            q.session.undo(now);
            q.revealed = true;
            self.notice = Some(format!(
                "Your answer was not saved ({e}). Nothing was recorded: try again."
            ));
            return;
        }
        self.notice = None;
        self.recorded(&entry, true, now);
    }

    /// Take back the latest answer of the session. The undo is written first; the session
    /// changes only once it is on disk.
    fn undo(&mut self, now: i64) {
        let Screen::Quiz(q) = &mut self.screen else {
            return;
        };
        let Some(entry) = q.session.undo_entry(now) else {
            self.notice = Some("Nothing to undo in this session.".into());
            return;
        };
        if let Err(e) = self.journal.append(&entry) {
            self.notice = Some(format!(
                "The undo was not saved ({e}); your answer still counts."
            ));
            return;
        }
        q.session.undo(now);
        self.recorded(&entry, false, now);
    }

    /// Hide the current card until tomorrow: written first, then taken out of the session.
    fn bury(&mut self, now: i64) {
        let Screen::Quiz(q) = &mut self.screen else {
            return;
        };
        let Some(card) = q.session.current().map(|c| c.card.id.clone()) else {
            return;
        };
        let entry = Entry::new(now, crate::review::log::Event::Bury { card });
        if let Err(e) = self.journal.append(&entry) {
            self.notice = Some(format!("The card was not buried ({e})."));
            return;
        }
        q.session.bury(now);
        self.recorded(&entry, true, now);
    }

    /// The folder of the notes file the current card comes from (where its images may be).
    pub fn current_notes_dir(&self) -> Option<std::path::PathBuf> {
        let Screen::Quiz(q) = &self.screen else {
            return None;
        };
        let card = &q.session.current()?.card;
        let deck = self
            .collection
            .decks
            .iter()
            .find(|d| d.cards.iter().any(|c| c.id == card.id))?;
        let source = std::path::Path::new(deck.source.as_deref()?);
        Some(match source.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        })
    }

    /// An entry is on disk: apply it to the history, then show the next card (`advance`) or the
    /// same one again.
    fn recorded(&mut self, entry: &Entry, advance: bool, now: i64) {
        self.collection.history.apply(entry, &self.collection.sched);
        let Screen::Quiz(q) = &mut self.screen else {
            return;
        };
        if advance {
            q.session.advance(&self.collection.history, now);
            if q.session.is_finished() {
                self.finish(now);
                return;
            }
        }
        self.prepare_card();
    }

    /// End the session: its summary (or home, if nothing was answered).
    fn finish(&mut self, now: i64) {
        let Screen::Quiz(q) = &self.screen else {
            return;
        };
        if q.session.given().is_empty() {
            self.screen = Screen::Home;
            self.rebuild_rows();
            return;
        }
        let all = self.collection.study_cards();
        let summary = summarize(
            &q.session,
            &all,
            &self.collection.history,
            &self.collection.sched,
            now,
        );
        let missed = q
            .session
            .missed_cards()
            .into_iter()
            .map(|i| q.session.cards()[i].card.id.clone())
            .collect();
        let scope = q.scope.clone();
        self.screen = Screen::Summary(Box::new(Done {
            summary,
            scope,
            missed,
        }));
        self.rebuild_rows();
    }

    fn summary(&mut self, msg: Msg, now: i64) {
        let Screen::Summary(done) = &self.screen else {
            return;
        };
        match msg {
            Msg::Missed if !done.missed.is_empty() => {
                let ids = done.missed.clone();
                let scope = format!("missed in {}", done.scope);
                let cards = ids
                    .iter()
                    .filter_map(|id| {
                        self.collection.find(id).map(|(d, c)| SessionCard {
                            deck: d.name.clone(),
                            card: c.clone(),
                        })
                    })
                    .collect();
                self.start_with(cards, scope, true, now);
            }
            Msg::Help => self.help = true,
            Msg::Back | Msg::Open => self.screen = Screen::Home,
            _ => {}
        }
    }
}

/// The URL of the first `![alt](url)` in a text.
pub fn first_image_url(text: &str) -> Option<String> {
    let start = text.find("![")?;
    let rest = &text[start..];
    let open = rest.find("](")? + 2;
    let close = rest[open..].find(')')? + open;
    Some(rest[open..close].to_string())
}

//! The UI's state and its update function (the Elm architecture): `update(app, msg, now)`
//! changes the state, `view` draws it. Nothing here knows a terminal exists: the keymap turns
//! key presses into [`Msg`]s, and effects that need the terminal (an editor, a browser) come
//! back as [`Effect`]s for the run loop. Each screen's handling is in its own file (`home`,
//! `quiz`, `custom`, `browser`); this one dispatches.

use super::browser::Browser;
use super::custom::CustomMenu;
use super::home::Row;
use super::input::Edit;
use super::quiz::Quiz;
use crate::collection::Collection;
use crate::review::Limits;
use crate::review::log::{Mode, Rating};
use crate::study::{Journal, Recorder, Summary};

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
    /// Start typing a filter (home) or a search (browser).
    StartFilter,
    /// The custom-study menu for the highlighted node.
    Custom,
    /// The card browser.
    Browse,
    /// The stats screen.
    Stats,
    /// The stats screen's next and previous panel.
    NextPanel,
    PrevPanel,
    /// A character typed into a text input.
    Input(char),
    /// A line-editing key in a text input.
    Edit(Edit),
    /// Space: show the answer.
    Reveal,
    Rate(Rating),
    /// A multiple-choice option, 0-based.
    Pick(usize),
    /// Back into the answer box (type mode).
    Resume,
    Undo,
    Bury,
    Suspend,
    Flag,
    /// Mark a row of the browser.
    Mark,
    /// Sort the browser by the next column; reverse its order.
    Sort,
    Reverse,
    OpenImage,
    EditNotes,
    Help,
    /// q or Esc: leave the current screen (ends a session with its summary).
    Back,
    /// A practice exam on the highlighted node.
    Exam,
    /// The next or the previous question of an exam.
    Next,
    Prev,
    /// An exam's review grid.
    Grid,
    /// Hand an exam in.
    Submit,
    /// The terminal's new size, in columns and rows.
    Resize(u16, u16),
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

/// A one-line message: information, or a problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub problem: bool,
}

/// A finished session.
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
    Custom(Box<CustomMenu>),
    Browser(Box<Browser>),
    Stats(Box<super::stats::StatsScreen>),
    Exam(Box<super::exam::ExamScreen>),
}

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

pub struct App<J: Journal> {
    pub collection: Collection,
    journal: J,
    pub screen: Screen,
    pub rows: Vec<Row>,
    /// Index into [`App::visible`].
    pub selected: usize,
    pub filter: super::input::LineEdit,
    pub filtering: bool,
    pub mode: Mode,
    pub help: bool,
    pub notice: Option<Notice>,
    pub quit: bool,
    /// Where the decks were loaded from, for the title.
    pub source: String,
    pub now: i64,
    /// Per-session limits from `kioku quiz --limit/--new`.
    pub limits: Limits,
    /// The terminal's size, once the run loop has told it.
    pub size: Option<(u16, u16)>,
    /// When the next card becomes due (a learning step ending, the next day), for the status
    /// line and for the run loop to wake up.
    pub next_due: Option<i64>,
    /// When any count changes next: the run loop wakes then.
    pub wake: Option<i64>,
    /// New cards today's limit still lets in (with today's extra ones).
    pub new_left: usize,
    /// Cards that can be studied right now, in all decks.
    pub ready: usize,
}

impl<J: Journal> App<J> {
    pub fn new(collection: Collection, journal: J, source: String, now: i64) -> App<J> {
        // The first thing loading had to say (notes re-imported, a damaged log line).
        let notice = collection.warnings.first().map(|w| Notice {
            text: w.clone(),
            problem: true,
        });
        let mut app = App {
            collection,
            journal,
            screen: Screen::Home,
            rows: Vec::new(),
            selected: 0,
            filter: Default::default(),
            filtering: false,
            mode: Mode::Flip,
            help: false,
            notice,
            quit: false,
            source,
            now,
            limits: Limits::default(),
            size: None,
            next_due: None,
            wake: None,
            new_left: 0,
            ready: 0,
        };
        app.rebuild_rows();
        app
    }

    /// The journal answers go to.
    pub fn journal_mut(&mut self) -> &mut J {
        &mut self.journal
    }

    /// The journal and the history, borrowed together to record one action, and the screen.
    pub(super) fn parts(&mut self) -> (Recorder<'_, J>, &mut Screen) {
        (
            Recorder {
                journal: &mut self.journal,
                history: &mut self.collection.history,
                sched: &self.collection.sched,
            },
            &mut self.screen,
        )
    }

    pub fn inform(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            problem: false,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            problem: true,
        });
    }

    /// Whether the terminal is too small for the screens: then no key changes anything but
    /// quit and resize.
    pub fn too_small(&self) -> bool {
        self.size
            .is_some_and(|(w, h)| w < MIN_WIDTH || h < MIN_HEIGHT)
    }

    pub fn update(&mut self, msg: Msg, now: i64) -> Option<Effect> {
        self.now = now;
        match msg {
            Msg::Quit => {
                self.exam_interrupted(now);
                self.quit = true;
                return None;
            }
            Msg::Resize(w, h) => {
                self.size = Some((w, h));
                return None;
            }
            _ if self.too_small() => return None,
            _ => {}
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
            Screen::Custom(_) => self.custom(msg, now),
            Screen::Browser(_) => return self.browser(msg, now),
            Screen::Stats(_) => self.stats(msg, now),
            Screen::Exam(_) => self.exam(msg, now),
        }
        None
    }

    /// The clock moved without a key (the run loop woke up): counts may have changed.
    pub fn tick(&mut self, now: i64) {
        let crossed = self.wake.is_some_and(|t| t <= now);
        self.now = now;
        if crossed && matches!(self.screen, Screen::Home) {
            self.rebuild_rows();
        }
        if matches!(self.screen, Screen::Exam(_)) {
            self.exam_tick(now);
        }
    }

    fn summary(&mut self, msg: Msg, now: i64) {
        let Screen::Summary(done) = &self.screen else {
            return;
        };
        match msg {
            Msg::Missed if !done.missed.is_empty() => {
                let scope = format!("missed in {}", done.scope);
                let cards = done
                    .missed
                    .iter()
                    .filter_map(|id| {
                        self.collection
                            .find(id)
                            .map(|(d, c)| crate::study::SessionCard {
                                deck: d.name.clone(),
                                card: c.clone(),
                            })
                    })
                    .collect();
                self.start_with(cards, scope, false, now);
            }
            Msg::Help => self.help = true,
            Msg::Back | Msg::Open => self.go_home(),
            _ => {}
        }
    }

    pub(super) fn go_home(&mut self) {
        self.screen = Screen::Home;
        self.rebuild_rows();
    }

    /// The deck and card with this id, for edits and image folders.
    pub(super) fn source_of(&self, id: &str) -> Option<(String, u32)> {
        let (deck, card) = self.collection.find(id)?;
        Some((deck.source.clone()?, card.line.unwrap_or(1)))
    }

    /// The folder of the notes file the current card comes from (where its images may be).
    pub fn current_notes_dir(&self) -> Option<std::path::PathBuf> {
        let id = match &self.screen {
            Screen::Quiz(q) => q.session.current()?.card.id.clone(),
            Screen::Browser(b) => b.current_id()?,
            _ => return None,
        };
        let (source, _) = self.source_of(&id)?;
        let source = std::path::Path::new(&source);
        Some(match source.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        })
    }
}

/// `n thing` or `n things`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

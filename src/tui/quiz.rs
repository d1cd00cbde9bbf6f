//! A study session on screen: the card asked in its mode, the answer box, the choices, the
//! rating, and the card actions (undo, bury, suspend, flag, leech). Every action is recorded
//! through the session (on disk first); a failed write leaves the screen as it was.

use super::app::{App, Done, Effect, Msg, Screen, plural};
use super::input::{Edit, LineEdit};
use crate::cache::hash;
use crate::collection::Collection;
use crate::review::log::{Mode, Rating};
use crate::study::{Action, Checked, Choice, Journal, Prompt, Session, choices, prompt, summarize};

/// How the current card is asked: each mode with only the state it needs.
#[derive(Clone, Debug)]
pub enum Ask {
    Flip {
        revealed: bool,
    },
    Type {
        prompt: Prompt,
        input: LineEdit,
        /// Typing goes to the box; after Esc the keys work again.
        editing: bool,
        checked: Option<Checked>,
    },
    Choice {
        choice: Choice,
        picked: Option<usize>,
    },
}

impl Ask {
    /// Whether the answer is shown (and the card can be rated).
    pub fn revealed(&self) -> bool {
        match self {
            Ask::Flip { revealed } => *revealed,
            Ask::Type { checked, .. } => checked.is_some(),
            Ask::Choice { picked, .. } => picked.is_some(),
        }
    }

    /// The mode the card is asked in (a card without a short answer is flipped).
    pub fn mode(&self) -> Mode {
        match self {
            Ask::Flip { .. } => Mode::Flip,
            Ask::Type { .. } => Mode::Type,
            Ask::Choice { .. } => Mode::Choice,
        }
    }

    /// The rating Enter takes once the answer is shown: the typed verdict, right or wrong
    /// for a pick, Good for a flip.
    pub fn proposed(&self) -> Option<Rating> {
        if !self.revealed() {
            return None;
        }
        Some(match self {
            Ask::Flip { .. } => Rating::Good,
            Ask::Type { checked, .. } => checked.as_ref()?.proposed,
            Ask::Choice { choice, picked } => {
                if *picked == Some(choice.correct) {
                    Rating::Good
                } else {
                    Rating::Again
                }
            }
        })
    }
}

/// A prompt over the card: typing a flag's note, or a card that just became a leech.
#[derive(Clone, Debug)]
pub enum Overlay {
    FlagNote(LineEdit),
    /// The session's index of the card, and its lapses.
    Leech {
        card: usize,
        lapses: u32,
    },
}

pub struct Quiz {
    pub session: Session,
    /// What is being studied: `aws-services › Amazon S3`.
    pub scope: String,
    pub ask: Ask,
    pub overlay: Option<Overlay>,
    /// Lines scrolled down in a card too long for the screen.
    pub scroll: usize,
}

impl Quiz {
    pub fn new(session: Session, scope: String) -> Quiz {
        Quiz {
            session,
            scope,
            ask: Ask::Flip { revealed: false },
            overlay: None,
            scroll: 0,
        }
    }

    /// Ask the current card in the session's mode: type and choice fall back to flip for
    /// cards without a short answer (lists, sections).
    pub fn prepare(&mut self, c: &Collection) {
        self.scroll = 0;
        self.ask = Ask::Flip { revealed: false };
        let Some(sc) = self.session.current() else {
            return;
        };
        match self.session.mode {
            Mode::Type => {
                if let Some(p) = prompt(&sc.card) {
                    self.ask = Ask::Type {
                        prompt: p,
                        input: LineEdit::default(),
                        editing: true,
                        checked: None,
                    };
                }
            }
            Mode::Choice => {
                let reps = c.history.state(&sc.card.id).map_or(0, |s| s.reps);
                let seed = hash(format!("{}#{reps}", sc.card.id).as_bytes());
                // Distractors come from the card's own deck: no need to walk the collection.
                let pool: Vec<crate::review::StudyCard> = c
                    .decks()
                    .iter()
                    .filter(|d| d.name == sc.deck)
                    .flat_map(|d| {
                        d.cards.iter().map(|card| crate::review::StudyCard {
                            deck: &d.name,
                            card,
                        })
                    })
                    .collect();
                if let Some(choice) = choices(&sc.card, &sc.deck, &pool, seed) {
                    self.ask = Ask::Choice {
                        choice,
                        picked: None,
                    };
                }
            }
            _ => {}
        }
    }
}

impl<J: Journal> App<J> {
    pub(super) fn quiz(&mut self, msg: Msg, now: i64) -> Option<Effect> {
        let Screen::Quiz(q) = &mut self.screen else {
            return None;
        };
        match &mut q.overlay {
            Some(Overlay::FlagNote(note)) => {
                match msg {
                    Msg::Input(c) => {
                        note.apply(Edit::Insert(c));
                    }
                    Msg::Edit(e) => {
                        note.apply(e);
                    }
                    Msg::Back => q.overlay = None,
                    Msg::Open => {
                        let text = note.text().trim().to_string();
                        q.overlay = None;
                        self.flag((!text.is_empty()).then_some(text), now);
                    }
                    _ => {}
                }
                return None;
            }
            Some(Overlay::Leech { card, .. }) => {
                let card = *card;
                match msg {
                    Msg::Suspend => {
                        q.overlay = None;
                        self.suspend(Some(card), now);
                    }
                    Msg::EditNotes => {
                        q.overlay = None;
                        let id = q.session.cards()[card].card.id.clone();
                        return self.edit_effect(&id);
                    }
                    Msg::Open | Msg::Back => q.overlay = None,
                    Msg::Help => self.help = true,
                    _ => {}
                }
                return None;
            }
            None => {}
        }
        let revealed = q.ask.revealed();
        // The answer box takes the keys while it is being typed into.
        if let Ask::Type {
            input,
            editing: editing @ true,
            checked: None,
            ..
        } = &mut q.ask
        {
            match msg {
                Msg::Input(c) => {
                    input.apply(Edit::Insert(c));
                }
                Msg::Edit(e) => {
                    input.apply(e);
                }
                Msg::Back => *editing = false,
                Msg::Open => self.check(),
                _ => {}
            }
            return None;
        }
        match msg {
            Msg::Help => self.help = true,
            Msg::Back => self.finish(now),
            Msg::Up => q.scroll = q.scroll.saturating_sub(1),
            Msg::Down => q.scroll += 1,
            Msg::PageUp => q.scroll = q.scroll.saturating_sub(10),
            Msg::PageDown => q.scroll += 10,
            Msg::Resume => {
                if let Ask::Type { editing, .. } = &mut q.ask {
                    *editing = true;
                }
            }
            Msg::Reveal | Msg::Open if !revealed => match &mut q.ask {
                Ask::Flip { revealed } => *revealed = true,
                Ask::Type { .. } => self.check(),
                Ask::Choice { .. } => {}
            },
            Msg::Open if revealed => {
                if let Some(r) = q.ask.proposed() {
                    self.answer(r, now);
                }
            }
            Msg::Rate(r) if revealed => self.answer(r, now),
            Msg::Pick(i) => {
                if let Ask::Choice { choice, picked } = &mut q.ask
                    && picked.is_none()
                    && i < choice.options.len()
                {
                    *picked = Some(i);
                }
            }
            Msg::Undo => self.undo(now),
            Msg::Bury => self.bury(now),
            Msg::Suspend => self.suspend(None, now),
            Msg::Flag if q.session.current().is_some() => {
                q.overlay = Some(Overlay::FlagNote(LineEdit::default()));
            }
            Msg::OpenImage => {
                let url = q.session.current().and_then(|c| {
                    super::view::markdown::first_image(&c.card.front)
                        .or_else(|| super::view::markdown::first_image(&c.card.back))
                });
                return match url {
                    Some(u) => Some(Effect::OpenUrl(u)),
                    None => {
                        self.inform("This card has no image or link to open.");
                        None
                    }
                };
            }
            Msg::EditNotes => {
                let id = q.session.current()?.card.id.clone();
                return self.edit_effect(&id);
            }
            _ => {}
        }
        None
    }

    /// Edit the notes at a card's line, or say why not.
    pub(super) fn edit_effect(&mut self, id: &str) -> Option<Effect> {
        match self.source_of(id) {
            Some((path, line)) => Some(Effect::Edit { path, line }),
            None => {
                self.warn("This card's deck names no notes file to edit (a hand-written deck?).");
                None
            }
        }
    }

    /// Judge the typed answer.
    fn check(&mut self) {
        let Screen::Quiz(q) = &mut self.screen else {
            return;
        };
        if let Ask::Type {
            prompt,
            input,
            editing,
            checked,
        } = &mut q.ask
        {
            *checked = Some(prompt.check(input.text()));
            *editing = false;
        }
    }

    /// Record an answer: on disk first, then in memory, then the next card. A card that has
    /// just lapsed into a leech says so.
    fn answer(&mut self, rating: Rating, now: i64) {
        let threshold = self.collection.sched.settings.config.leech_lapses;
        let (mut rec, screen) = self.parts();
        let Screen::Quiz(q) = screen else {
            return;
        };
        let card = q.session.current_index();
        let lapses_before = card
            .and_then(|i| rec.history.state(&q.session.cards()[i].card.id))
            .map_or(0, |s| s.lapses);
        if let Err(e) = q.session.answer(rating, now, &mut rec) {
            self.warn(format!(
                "Your answer was not saved ({e}). Nothing was recorded: try again."
            ));
            return;
        }
        let leech = card.and_then(|i| {
            let st = rec.history.state(&q.session.cards()[i].card.id)?;
            (st.lapses > lapses_before && crate::review::leech::is_leech(st, threshold))
                .then_some((i, st.lapses))
        });
        self.notice = None;
        self.after_action(now);
        if let (Some((card, lapses)), Screen::Quiz(q)) = (leech, &mut self.screen) {
            q.overlay = Some(Overlay::Leech { card, lapses });
        }
    }

    fn undo(&mut self, now: i64) {
        let (mut rec, screen) = self.parts();
        let Screen::Quiz(q) = screen else {
            return;
        };
        match q.session.undo(now, &mut rec) {
            Ok(None) => self.inform("Nothing to undo in this session."),
            Ok(Some(a)) => {
                let what = match a {
                    Action::Answer => "Answer taken back",
                    Action::Bury => "Unburied",
                    Action::Suspend => "Unsuspended",
                    Action::Flag => "Flag taken back",
                };
                if a == Action::Flag {
                    self.inform(format!("{what}."));
                } else {
                    self.after_action(now);
                    self.inform(format!("{what}: the card is shown again."));
                }
            }
            Err(e) => self.warn(format!("The undo was not saved ({e}); nothing changed.")),
        }
    }

    /// Hide the current card until tomorrow.
    fn bury(&mut self, now: i64) {
        let (mut rec, screen) = self.parts();
        let Screen::Quiz(q) = screen else {
            return;
        };
        match q.session.bury(now, &mut rec) {
            Ok(()) => {
                self.after_action(now);
                self.inform("Buried until tomorrow. u undoes.");
            }
            Err(e) => self.warn(format!("The card was not buried ({e}).")),
        }
    }

    /// Suspend the current card, or a given card of the session (a leech just answered).
    fn suspend(&mut self, card: Option<usize>, now: i64) {
        let (mut rec, screen) = self.parts();
        let Screen::Quiz(q) = screen else {
            return;
        };
        let Some(card) = card.or(q.session.current_index()) else {
            return;
        };
        let shown = q.session.current_index() == Some(card);
        match q.session.suspend(card, now, &mut rec) {
            Ok(()) => {
                if shown {
                    self.after_action(now);
                }
                self.inform(
                    "Suspended: it will not be shown until unsuspended (b browses). u undoes.",
                );
            }
            Err(e) => self.warn(format!("The card was not suspended ({e}).")),
        }
    }

    fn flag(&mut self, note: Option<String>, now: i64) {
        let (mut rec, screen) = self.parts();
        let Screen::Quiz(q) = screen else {
            return;
        };
        match q.session.flag(note, now, &mut rec) {
            Ok(()) => self.inform("Flagged: find it with b, then f. u undoes."),
            Err(e) => self.warn(format!("The card was not flagged ({e}).")),
        }
    }

    /// After an action moved the session: the next card, or the summary.
    fn after_action(&mut self, now: i64) {
        let Screen::Quiz(q) = &mut self.screen else {
            return;
        };
        if q.session.is_finished() {
            self.finish(now);
        } else {
            q.prepare(&self.collection);
        }
    }

    /// End the session: its summary (or home, if nothing was answered).
    pub(super) fn finish(&mut self, now: i64) {
        let Screen::Quiz(q) = &self.screen else {
            return;
        };
        if q.session.given().is_empty() {
            self.go_home();
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
}

/// "3 cards" for a notice.
pub fn cards(n: usize) -> String {
    plural(n, "card", "cards")
}

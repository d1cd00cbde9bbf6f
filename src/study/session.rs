//! One study session: which card comes next, answers, undo, bury, suspend, progress. UI-free;
//! every action goes through a [`Recorder`], so it is on disk before the session moves on.
//!
//! Order: cards of the session in (re)learning that are due come first (a missed card comes back
//! after its learning step), then the queue. When the queue is empty, every card missed in the
//! session whose latest answer is still Again is drilled again, earliest due first, until each
//! has been answered right once.

use std::collections::{HashSet, VecDeque};

use super::record::{Journal, Recorder};
use crate::deck::Card;
use crate::error::Result;
use crate::review::log::{Entry, Event, Mode, Rating};
use crate::review::{Due, History};

/// A card in a session, with the deck it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionCard {
    pub deck: String,
    pub card: Card,
}

/// One answer given in this session.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub card: usize,
    pub rating: Rating,
    pub at: i64,
    pub secs: f32,
    /// The id of the log entry that recorded it (an undo names it).
    pub entry: String,
    /// Whether the card had been taken from the queue when it was shown (for undo).
    from_queue: bool,
}

/// What a session can take back with undo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Answer,
    Bury,
    Suspend,
    Flag,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Aside {
    Buried,
    Suspended,
}

/// An action done in the session, latest last, for undo.
#[derive(Clone, Copy, Debug)]
enum Done {
    /// The latest of `given`.
    Answer,
    Aside {
        card: usize,
        how: Aside,
        from_queue: bool,
        /// Whether it was the card on screen (else it was set aside after its answer).
        shown: bool,
    },
    Flag {
        card: usize,
    },
}

#[derive(Clone, Debug)]
pub struct Session {
    pub mode: Mode,
    cards: Vec<SessionCard>,
    pending: VecDeque<usize>,
    current: Option<usize>,
    /// Whether the current card was taken from the queue (so undo can put it back).
    current_from_queue: bool,
    shown_at: i64,
    given: Vec<Answer>,
    /// Every action, for undo.
    done: Vec<Done>,
    /// Cards buried or suspended in this session.
    buried: HashSet<usize>,
    pub started_at: i64,
    /// Cram (custom study): answers are logged but move no due date.
    pub cram: bool,
}

impl Session {
    pub fn new(cards: Vec<SessionCard>, mode: Mode, now: i64) -> Session {
        let pending = (0..cards.len()).collect();
        Session {
            mode,
            cards,
            pending,
            current: None,
            current_from_queue: false,
            shown_at: now,
            given: Vec::new(),
            done: Vec::new(),
            buried: HashSet::new(),
            started_at: now,
            cram: false,
        }
    }

    pub fn cards(&self) -> &[SessionCard] {
        &self.cards
    }

    pub fn given(&self) -> &[Answer] {
        &self.given
    }

    pub fn current(&self) -> Option<&SessionCard> {
        self.current.map(|i| &self.cards[i])
    }

    /// Show the next card (if any) at `now`.
    pub fn advance(&mut self, h: &History, now: i64) {
        let (next, from_queue) = self.pick(h, now);
        self.current = next;
        self.current_from_queue = from_queue;
        self.shown_at = now;
    }

    fn pick(&mut self, h: &History, now: i64) -> (Option<usize>, bool) {
        let answered: HashSet<usize> = self.given.iter().map(|g| g.card).collect();
        let learning_due = |i: &usize| -> Option<i64> {
            match h.state(&self.cards[*i].card.id)?.due {
                Due::At(t) => Some(t),
                _ => None,
            }
        };
        // 1. Cards of this session back from a learning step.
        let mut back: Vec<(i64, usize)> = answered
            .iter()
            .filter(|i| !self.buried.contains(i))
            .filter_map(|&i| learning_due(&i).filter(|&t| t <= now).map(|t| (t, i)))
            .collect();
        back.sort();
        // Cram answers move no due date: a card back from a step would come back for ever.
        if let Some(&(_, i)) = back.first().filter(|_| !self.cram) {
            return (Some(i), false);
        }
        // 2. The queue.
        if let Some(i) = self.pending.pop_front() {
            return (Some(i), true);
        }
        // 3. The re-drill: missed cards whose latest answer is still Again, earliest due first.
        let mut drill: Vec<(i64, usize)> = self
            .missed_cards()
            .into_iter()
            .filter(|i| !self.buried.contains(i) && self.latest(*i) == Some(Rating::Again))
            .map(|i| (learning_due(&i).unwrap_or(now), i))
            .collect();
        drill.sort();
        (drill.first().map(|&(_, i)| i), false)
    }

    /// The latest rating this session gave the card.
    fn latest(&self, card: usize) -> Option<Rating> {
        self.given
            .iter()
            .rev()
            .find(|g| g.card == card)
            .map(|g| g.rating)
    }

    /// Cards answered Again at least once in this session, in the order first missed.
    pub fn missed_cards(&self) -> Vec<usize> {
        let mut seen = HashSet::new();
        self.given
            .iter()
            .filter(|g| g.rating == Rating::Again && seen.insert(g.card))
            .map(|g| g.card)
            .collect()
    }

    /// Answer the current card: the answer is written (through `rec`) before the session moves
    /// on to the next card. On a failed write nothing changes and the card stays.
    pub fn answer<J: Journal>(
        &mut self,
        rating: Rating,
        now: i64,
        rec: &mut Recorder<J>,
    ) -> Result<()> {
        let Some(card) = self.current else {
            return Ok(());
        };
        let secs = ((now - self.shown_at).max(0) as f32 / 1000.0).min(3600.0);
        let entry = rec.write(Entry::new(
            now,
            Event::Answer {
                card: self.cards[card].card.id.clone(),
                rating,
                secs,
                mode: if self.cram { Mode::Cram } else { self.mode },
                after: None,
            },
        ))?;
        self.given.push(Answer {
            card,
            rating,
            at: now,
            secs,
            entry: entry.id,
            from_queue: self.current_from_queue,
        });
        self.done.push(Done::Answer);
        self.current = None;
        self.advance(rec.history, now);
        Ok(())
    }

    /// Hide the current card until tomorrow, and go on.
    pub fn bury<J: Journal>(&mut self, now: i64, rec: &mut Recorder<J>) -> Result<()> {
        match self.current {
            Some(card) => self.set_aside(card, now, rec, Aside::Buried),
            None => Ok(()),
        }
    }

    /// Suspend a card of the session (the current one, or one just answered, such as a
    /// leech) until it is unsuspended; it leaves the session.
    pub fn suspend<J: Journal>(
        &mut self,
        card: usize,
        now: i64,
        rec: &mut Recorder<J>,
    ) -> Result<()> {
        self.set_aside(card, now, rec, Aside::Suspended)
    }

    /// The index of the card shown.
    pub fn current_index(&self) -> Option<usize> {
        self.current
    }

    /// Flag the current card for attention, with an optional note; it stays on screen.
    pub fn flag<J: Journal>(
        &mut self,
        note: Option<String>,
        now: i64,
        rec: &mut Recorder<J>,
    ) -> Result<()> {
        let Some(card) = self.current else {
            return Ok(());
        };
        let id = self.cards[card].card.id.clone();
        rec.write(Entry::new(now, Event::Flag { card: id, note }))?;
        self.done.push(Done::Flag { card });
        Ok(())
    }

    fn set_aside<J: Journal>(
        &mut self,
        card: usize,
        now: i64,
        rec: &mut Recorder<J>,
        how: Aside,
    ) -> Result<()> {
        let id = self.cards[card].card.id.clone();
        rec.write(Entry::new(
            now,
            match how {
                Aside::Buried => Event::Bury { card: id },
                Aside::Suspended => Event::Suspend { card: id },
            },
        ))?;
        self.buried.insert(card);
        let shown = self.current == Some(card);
        self.done.push(Done::Aside {
            card,
            how,
            from_queue: shown && self.current_from_queue,
            shown,
        });
        if shown {
            self.current = None;
            self.advance(rec.history, now);
        }
        Ok(())
    }

    /// What `u` would take back, if anything.
    pub fn last_action(&self) -> Option<Action> {
        Some(match self.done.last()? {
            Done::Answer => Action::Answer,
            Done::Aside {
                how: Aside::Buried, ..
            } => Action::Bury,
            Done::Aside {
                how: Aside::Suspended,
                ..
            } => Action::Suspend,
            Done::Flag { .. } => Action::Flag,
        })
    }

    /// Take back the latest action of the session (an answer, a bury, a suspend): the inverse
    /// is written first, then the card is shown again. Returns what was taken back.
    pub fn undo<J: Journal>(&mut self, now: i64, rec: &mut Recorder<J>) -> Result<Option<Action>> {
        let Some(action) = self.last_action() else {
            return Ok(None);
        };
        let (card, from_queue) = match self.done.last() {
            Some(Done::Answer) => {
                // Every Done::Answer has its answer in `given`.
                let Some(last) = self.given.last() else {
                    return Ok(None);
                };
                rec.write(Entry::new(
                    now,
                    Event::Undo {
                        entry: Some(last.entry.clone()),
                    },
                ))?;
                let (card, from_queue) = (last.card, last.from_queue);
                self.given.pop();
                (card, from_queue)
            }
            Some(&Done::Flag { card }) => {
                let id = self.cards[card].card.id.clone();
                rec.write(Entry::new(now, Event::Unflag { card: id }))?;
                self.done.pop();
                return Ok(Some(action));
            }
            Some(&Done::Aside {
                card, how, shown, ..
            }) if !shown => {
                let id = self.cards[card].card.id.clone();
                rec.write(Entry::new(now, Event::Unsuspend { card: id }))?;
                debug_assert_eq!(how, Aside::Suspended);
                self.buried.remove(&card);
                self.done.pop();
                return Ok(Some(action));
            }
            Some(&Done::Aside {
                card,
                how,
                from_queue,
                ..
            }) => {
                let id = self.cards[card].card.id.clone();
                rec.write(Entry::new(
                    now,
                    match how {
                        Aside::Buried => Event::Unbury { card: id },
                        Aside::Suspended => Event::Unsuspend { card: id },
                    },
                ))?;
                self.buried.remove(&card);
                (card, from_queue)
            }
            None => return Ok(None),
        };
        self.done.pop();
        // The card shown after it goes back where it came from.
        if let Some(cur) = self.current.take()
            && self.current_from_queue
        {
            self.pending.push_front(cur);
        }
        self.current = Some(card);
        self.current_from_queue = from_queue;
        self.shown_at = now;
        Ok(Some(action))
    }

    /// (cards done, cards left): a card is done once answered and not waiting to come back.
    pub fn progress(&self, h: &History, now: i64) -> (usize, usize) {
        let answered: HashSet<usize> = self.given.iter().map(|g| g.card).collect();
        let waiting = answered
            .iter()
            .filter(|&&i| {
                !self.buried.contains(&i)
                    && (self.latest(i) == Some(Rating::Again)
                        || !self.cram && matches!(h.state(&self.cards[i].card.id).map(|s| s.due), Some(Due::At(t)) if t <= now))
            })
            .count();
        let left = self.pending.len()
            + waiting
            + usize::from(self.current.is_some_and(|c| !answered.contains(&c)));
        (answered.len() - waiting, left)
    }

    /// Share of answers that were not Again.
    pub fn accuracy(&self) -> Option<f64> {
        (!self.given.is_empty()).then(|| {
            self.given
                .iter()
                .filter(|g| g.rating != Rating::Again)
                .count() as f64
                / self.given.len() as f64
        })
    }

    pub fn is_finished(&self) -> bool {
        self.current.is_none()
    }
}

//! One study session: which card comes next, answers, undo, bury, progress. UI-free; the caller
//! writes each returned log entry (and fsyncs it) before asking for the next card.
//!
//! Order: cards of the session in (re)learning that are due come first (a missed card comes back
//! after its learning step), then the queue. When the queue is empty, every card missed in the
//! session whose latest answer is still Again is drilled again, earliest due first, until each
//! has been answered right once.

use std::collections::{HashSet, VecDeque};

use crate::deck::Card;
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
pub struct Given {
    pub card: usize,
    pub rating: Rating,
    pub at: i64,
    pub secs: f32,
    /// The id of the log entry that recorded it (an undo names it).
    pub entry: String,
    /// Whether the card had been taken from the queue when it was shown (for undo).
    from_queue: bool,
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
    given: Vec<Given>,
    buried: HashSet<usize>,
    pub started_at: i64,
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
            buried: HashSet::new(),
            started_at: now,
        }
    }

    pub fn cards(&self) -> &[SessionCard] {
        &self.cards
    }

    pub fn given(&self) -> &[Given] {
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
        if let Some(&(_, i)) = back.first() {
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

    /// Answer the current card. Returns the entry to write to the log (then apply it to the
    /// history and call [`Session::advance`]).
    pub fn answer(&mut self, rating: Rating, now: i64) -> Option<Entry> {
        let card = self.current?;
        let secs = ((now - self.shown_at).max(0) as f32 / 1000.0).min(3600.0);
        let id = self.cards[card].card.id.clone();
        let entry = Entry::new(
            now,
            Event::Review {
                card: id,
                rating,
                secs,
                mode: self.mode,
                after: None,
            },
        );
        self.given.push(Given {
            card,
            rating,
            at: now,
            secs,
            entry: entry.id.clone(),
            from_queue: self.current_from_queue,
        });
        self.current = None;
        Some(entry)
    }

    /// The undo entry that would take back the latest answer of the session (naming it, so it
    /// never takes back another process's answer), if there is one.
    pub fn undo_entry(&self, now: i64) -> Option<Entry> {
        let last = self.given.last()?;
        Some(Entry::new(
            now,
            Event::Undo {
                entry: Some(last.entry.clone()),
            },
        ))
    }

    /// Take back the latest answer: its card is shown again. Returns the entry to log.
    pub fn undo(&mut self, now: i64) -> Option<Entry> {
        let last = self.given.pop()?;
        // The card shown after it goes back where it came from.
        if let Some(cur) = self.current.take()
            && self.current_from_queue
        {
            self.pending.push_front(cur);
        }
        self.current = Some(last.card);
        self.current_from_queue = last.from_queue;
        self.shown_at = now;
        Some(Entry::new(
            now,
            Event::Undo {
                entry: Some(last.entry),
            },
        ))
    }

    /// Hide the current card until tomorrow. Returns the entry to log.
    pub fn bury(&mut self, now: i64) -> Option<Entry> {
        let card = self.current.take()?;
        self.buried.insert(card);
        Some(Entry::new(
            now,
            Event::Bury {
                card: self.cards[card].card.id.clone(),
            },
        ))
    }

    /// (cards done, cards left): a card is done once answered and not waiting to come back.
    pub fn progress(&self, h: &History, now: i64) -> (usize, usize) {
        let answered: HashSet<usize> = self.given.iter().map(|g| g.card).collect();
        let waiting = answered
            .iter()
            .filter(|&&i| {
                !self.buried.contains(&i)
                    && (self.latest(i) == Some(Rating::Again)
                        || matches!(h.state(&self.cards[i].card.id).map(|s| s.due), Some(Due::At(t)) if t <= now))
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

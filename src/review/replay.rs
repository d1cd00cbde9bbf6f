//! Card states derived from the log: every answer replayed in order, undone ones left out.
//! New parameters or settings reschedule everything consistently, because nothing but the log
//! is stored.

use std::collections::{HashMap, HashSet};

use super::log::{Entry, Event, Mode, Rating};
use super::schedule::{CardState, Scheduler};

/// One answer that counts (not undone).
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub at: i64,
    pub card: String,
    pub rating: Rating,
    pub secs: f32,
    pub mode: Mode,
    /// The card's phase before the answer (new, learning, review, relearning).
    pub phase: super::schedule::Phase,
}

/// Everything the log says, as of its last line.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Cards answered at least once. A card of a deck that is missing here is new.
    pub states: HashMap<String, CardState>,
    /// Buried cards and the scheduler day they were buried on (hidden for that day).
    pub buried: HashMap<String, i32>,
    pub suspended: HashSet<String>,
    /// Answers in log order, undone ones left out.
    pub answers: Vec<Answer>,
}

impl History {
    pub fn state(&self, card: &str) -> CardState {
        self.states
            .get(card)
            .cloned()
            .unwrap_or_else(CardState::new_card)
    }

    pub fn is_buried(&self, card: &str, today: i32) -> bool {
        self.buried.get(card).is_some_and(|&d| d == today)
    }
}

/// Replay the log. An undo takes back the latest answer not yet undone, so undo is repeatable.
pub fn replay(entries: &[Entry], sched: &Scheduler) -> History {
    // Pass 1: which answers were undone.
    let mut undone = vec![false; entries.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match e.event {
            Event::Review { .. } => stack.push(i),
            Event::Undo => {
                if let Some(j) = stack.pop() {
                    undone[j] = true;
                }
            }
            _ => {}
        }
    }
    // Pass 2: apply what counts, in order.
    let mut h = History::default();
    for (e, undone) in entries.iter().zip(undone) {
        match &e.event {
            Event::Review {
                card,
                rating,
                secs,
                mode,
            } if !undone => {
                let state = h
                    .states
                    .remove(card.as_str())
                    .unwrap_or_else(CardState::new_card);
                let next = sched.answer(card, &state, *rating, e.at);
                h.answers.push(Answer {
                    at: e.at,
                    card: card.clone(),
                    rating: *rating,
                    secs: *secs,
                    mode: *mode,
                    phase: state.phase,
                });
                h.states.insert(card.clone(), next);
            }
            Event::Bury { card } => {
                h.buried.insert(card.clone(), sched.day(e.at));
            }
            Event::Suspend { card } => {
                h.suspended.insert(card.clone());
            }
            Event::Unsuspend { card } => {
                h.suspended.remove(card.as_str());
            }
            _ => {}
        }
    }
    h
}

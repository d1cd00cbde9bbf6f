//! The end of a session: what was studied, how well, what was missed, what comes tomorrow.

use std::collections::BTreeMap;

use super::session::Session;
use crate::review::log::Rating;
use crate::review::queue::count_card;
use crate::review::{History, Scheduler, StudyCard};

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Different cards answered.
    pub cards: usize,
    pub answers: usize,
    /// Share of answers that were not Again.
    pub accuracy: Option<f64>,
    pub seconds: i64,
    /// Per top-level section: (name, answers not Again, answers).
    pub sections: Vec<(String, usize, usize)>,
    /// Cards missed in the session: (section path, front, back).
    pub missed: Vec<(String, String, String)>,
    /// Cards of the whole collection due when tomorrow starts (reviews and learning).
    pub due_tomorrow: usize,
}

pub fn summarize(
    session: &Session,
    all: &[StudyCard],
    h: &History,
    s: &Scheduler,
    now: i64,
) -> Summary {
    let given = session.given();
    let cards = session.cards();
    let mut sections: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for g in given {
        let name = cards[g.card]
            .card
            .section
            .first()
            .cloned()
            .unwrap_or_else(|| cards[g.card].deck.clone());
        let e = sections.entry(name).or_default();
        e.0 += usize::from(g.rating != Rating::Again);
        e.1 += 1;
    }
    let distinct: std::collections::HashSet<usize> = given.iter().map(|g| g.card).collect();
    let tomorrow = s.day_start(s.day(now) + 1);
    let due_tomorrow = all
        .iter()
        .map(|sc| count_card(sc.card, h, s, tomorrow))
        .filter(|c| c.learning_due + c.due > 0)
        .count();
    Summary {
        cards: distinct.len(),
        answers: given.len(),
        accuracy: session.accuracy(),
        seconds: (now - session.started_at).max(0) / 1000,
        sections: sections
            .into_iter()
            .map(|(k, (ok, n))| (k, ok, n))
            .collect(),
        missed: session
            .missed_cards()
            .into_iter()
            .map(|i| {
                let c = &cards[i].card;
                (c.section_path(), c.front.clone(), c.back.clone())
            })
            .collect(),
        due_tomorrow,
    }
}

//! Which cards a session holds: the due queue, the missed cards, or a custom study (what Anki
//! users reach for before an exam): study ahead, cram a whole node, the cards failed lately.
//! One function, [`select`], that the quiz screen and `kioku quiz` both call; siblings are then
//! spread apart ([`spread_siblings`]).
//!
//! "More new cards today" is not a selection: it is a [`more_new`] log entry (so every count
//! agrees for the rest of the day) followed by a normal [`What::Due`] selection.

use std::collections::HashMap;

use super::session::SessionCard;
use crate::deck::Card;
use crate::review::log::{Entry, Event, Mode, Rating};
use crate::review::queue::{self, Filter, Limits, StudyCard};
use crate::review::schedule::{Due, MS_PER_DAY};
use crate::review::{History, Scheduler};

/// What kind of session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum What {
    /// What is due: learning cards due now, due reviews, new cards within today's limit.
    #[default]
    Due,
    /// The missed cards (`queue::is_missed`), whatever their due date.
    Missed,
    /// Cards due within this many days (those due already included), answered as normal
    /// reviews; no new cards.
    Ahead { days: u32 },
    /// Every card of the node (suspended and buried ones excepted) in note order, whatever
    /// its due date. Answers are logged in [`Mode::Cram`]: they count for the missed queue and
    /// stats but change no schedule.
    Cram,
    /// Cards answered Again (in any mode) within the last this many days, most recent first.
    Failed { days: u32 },
}

impl What {
    /// The mode answers are logged in: a cram session's are [`Mode::Cram`] whatever the way
    /// the cards are asked.
    pub fn logged_mode(self, asked: Mode) -> Mode {
        match self {
            What::Cram => Mode::Cram,
            _ => asked,
        }
    }

    /// What the session is, for its title: `due`, `missed`, `ahead 2 days`, `cram`,
    /// `failed in the last 3 days`.
    pub fn label(self) -> String {
        match self {
            What::Due => "due".into(),
            What::Missed => "missed".into(),
            What::Ahead { days } => format!("ahead {}", days_text(days)),
            What::Cram => "cram".into(),
            What::Failed { days: 1 } => "failed today or yesterday".into(),
            What::Failed { days } => format!("failed in the last {}", days_text(days)),
        }
    }

    /// What to say when the selection is empty.
    pub fn nothing(self, scope: &str) -> String {
        match self {
            What::Due => format!("Nothing to study in {scope} right now."),
            What::Missed => format!("No missed cards in {scope}."),
            What::Ahead { days } => {
                format!("No cards in {scope} are due within {}.", days_text(days))
            }
            What::Cram => format!("No cards to cram in {scope} (all suspended or buried)."),
            What::Failed { days } => format!(
                "No card in {scope} was answered Again in the last {}.",
                days_text(days)
            ),
        }
    }
}

fn days_text(days: u32) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}

/// A session to select.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub filter: Filter,
    pub what: What,
    /// `new` applies to [`What::Due`]; `total` to every kind.
    pub limits: Limits,
}

/// The cards of the session `req` asks for at `now`, in the order to show them, siblings
/// spread apart.
pub fn select(
    cards: &[StudyCard],
    h: &History,
    s: &Scheduler,
    req: &Request,
    now: i64,
) -> Vec<SessionCard> {
    select_indices(cards, h, s, req, now)
        .into_iter()
        .map(|i| SessionCard {
            deck: cards[i].deck.to_string(),
            card: cards[i].card.clone(),
        })
        .collect()
}

/// [`select`] as indices into `cards`.
pub fn select_indices(
    cards: &[StudyCard],
    h: &History,
    s: &Scheduler,
    req: &Request,
    now: i64,
) -> Vec<usize> {
    let f = &req.filter;
    let today = s.day(now);
    let in_play = |sc: &StudyCard| {
        f.matches(sc.deck, sc.card)
            && !h.is_suspended(&sc.card.id)
            && !h.is_buried(&sc.card.id, today)
    };
    let mut picked: Vec<usize> = match req.what {
        What::Due => queue::build(cards, h, s, now, f, req.limits)
            .cards()
            .collect(),
        What::Missed => queue::missed(cards, h, s, now, f),
        What::Ahead { days } => {
            let until_day = today.saturating_add(days as i32);
            let until = now.saturating_add(i64::from(days) * MS_PER_DAY);
            // Soonest due first; among reviews due the same day, lowest recall first.
            let mut due: Vec<(i64, f32, usize)> = cards
                .iter()
                .enumerate()
                .filter(|(_, sc)| in_play(sc))
                .filter_map(|(i, sc)| {
                    let st = h.state(&sc.card.id)?;
                    let key = match st.due {
                        Due::At(t) if t <= until => t,
                        Due::Day(d) if d <= until_day => s.day_start(d),
                        _ => return None,
                    };
                    Some((key, s.retrievability(st, now).unwrap_or(0.0), i))
                })
                .collect();
            due.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            due.into_iter().map(|(_, _, i)| i).collect()
        }
        What::Cram => (0..cards.len()).filter(|&i| in_play(&cards[i])).collect(),
        What::Failed { days } => {
            let since = now.saturating_sub(i64::from(days) * MS_PER_DAY);
            let at: HashMap<&str, usize> = cards
                .iter()
                .enumerate()
                .filter(|(_, sc)| in_play(sc))
                .map(|(i, sc)| (sc.card.id.as_str(), i))
                .collect();
            let mut seen = std::collections::HashSet::new();
            // Newest first, each card once.
            h.answers
                .since(since)
                .filter(|a| a.rating == Rating::Again && a.at <= now)
                .filter_map(|a| at.get(h.card_id(a.card)).copied())
                .filter(|&i| seen.insert(i))
                .collect()
        }
    };
    if let Some(total) = req.limits.total {
        picked.truncate(total);
    }
    spread_siblings(picked, |i| sibling_keys(cards[i].deck, cards[i].card))
}

/// The log entry that lets `n` more new cards in today.
pub fn more_new(n: u32, now: i64) -> Entry {
    Entry::new(now, Event::MoreNew { n })
}

/// Siblings are cards that come from one place in the notes: the same deck and notes line
/// (the parts of a long list or answer, the clozes of one fact), or the items under one list
/// item (the same context). A card's keys; two cards sharing one are siblings.
pub fn sibling_keys(deck: &str, card: &Card) -> Vec<u64> {
    let mut keys = Vec::with_capacity(2);
    if let Some(line) = card.line {
        keys.push(crate::text::fnv1a(&[deck, "line", &line.to_string()]));
    }
    if let Some(ctx) = &card.context {
        keys.push(crate::text::fnv1a(&[
            deck,
            "list",
            &card.section.join("\u{1f}"),
            ctx,
        ]));
    }
    keys
}

/// How many cards before it a sibling must not be among, where possible.
pub const SIBLING_GAP: usize = 3;

/// `order` with siblings (cards sharing a key) spread apart, like Anki's sibling burying but
/// spacing instead of hiding: each place takes the first card left that has no sibling among
/// the last [`SIBLING_GAP`] placed, and the first card left when every one has. So the order is
/// kept wherever siblings allow, and nothing is dropped.
pub fn spread_siblings(order: Vec<usize>, keys: impl Fn(usize) -> Vec<u64>) -> Vec<usize> {
    let mut left: Vec<(usize, Vec<u64>)> = order.into_iter().map(|i| (i, keys(i))).collect();
    if left.iter().all(|(_, k)| k.is_empty()) {
        return left.into_iter().map(|(i, _)| i).collect();
    }
    let mut out: Vec<usize> = Vec::with_capacity(left.len());
    let mut recent: std::collections::VecDeque<Vec<u64>> = Default::default();
    while !left.is_empty() {
        let clashes = |k: &[u64]| recent.iter().any(|r| r.iter().any(|x| k.contains(x)));
        let at = left.iter().position(|(_, k)| !clashes(k)).unwrap_or(0);
        let (i, k) = left.remove(at);
        out.push(i);
        recent.push_back(k);
        if recent.len() > SIBLING_GAP {
            recent.pop_front();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_are_spread_apart_keeping_the_order_where_they_allow() {
        // Cards 0–2 are parts of one list (key 1), 3–4 clozes of one fact (key 2), 5–7 alone.
        let key = |i: usize| match i {
            0..=2 => vec![1],
            3 | 4 => vec![2],
            _ => vec![],
        };
        assert_eq!(
            spread_siblings((0..8).collect(), key),
            [0, 3, 5, 6, 1, 4, 7, 2]
        );
        // Nothing else left: the siblings come together rather than not at all.
        assert_eq!(spread_siblings(vec![0, 1, 2], key), [0, 1, 2]);
        assert_eq!(spread_siblings(vec![0, 5, 1, 2], key), [0, 5, 1, 2]);
        // No siblings: the order is unchanged.
        assert_eq!(spread_siblings(vec![7, 5, 6], key), [7, 5, 6]);
        // A card in two groups clashes with both.
        let two = |i: usize| match i {
            0 => vec![1],
            1 => vec![1, 2],
            2 => vec![2],
            _ => vec![],
        };
        assert_eq!(
            spread_siblings(vec![0, 1, 2, 3, 4, 5, 6], two),
            [0, 2, 3, 4, 5, 1, 6]
        );
    }

    #[test]
    fn siblings_share_a_deck_and_line_or_a_list_item() {
        let card = |line: Option<u32>, ctx: Option<&str>| Card {
            line,
            context: ctx.map(str::to_string),
            section: vec!["ELB".to_string()].into(),
            ..Card::default()
        };
        let k = |deck: &str, c: &Card| sibling_keys(deck, c);
        let a = card(Some(10), None);
        let b = card(Some(10), None);
        assert_eq!(k("aws", &a), k("aws", &b));
        assert_ne!(k("aws", &a), k("other", &b), "another deck's line 10");
        assert_ne!(k("aws", &a), k("aws", &card(Some(11), None)));
        let under = card(Some(12), Some("ALB"));
        let under2 = card(Some(13), Some("ALB"));
        assert_eq!(k("aws", &under)[1], k("aws", &under2)[1]);
        assert_ne!(k("aws", &under)[0], k("aws", &under2)[0]);
        assert!(k("aws", &card(None, None)).is_empty());
    }

    #[test]
    fn labels_and_empty_messages() {
        assert_eq!(What::Ahead { days: 2 }.label(), "ahead 2 days");
        assert_eq!(
            What::Failed { days: 3 }.label(),
            "failed in the last 3 days"
        );
        assert_eq!(
            What::Ahead { days: 1 }.nothing("ELB"),
            "No cards in ELB are due within 1 day."
        );
        assert_eq!(What::Cram.logged_mode(Mode::Type), Mode::Cram);
        assert_eq!(What::Ahead { days: 1 }.logged_mode(Mode::Type), Mode::Type);
    }
}

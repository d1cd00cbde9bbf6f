//! The card browser's data, UI-free: every card with its state from the log, searched and
//! sorted, and one card's review history. The browser screen and `kioku cards` / `kioku show`
//! both use it.

use crate::deck::{Card, Kind};
use crate::review::leech::is_leech;
use crate::review::log::{Entry, Event, Mode, Rating};
use crate::review::queue::{Filter, StudyCard};
use crate::review::schedule::{Due, Phase, days_label, short_duration};
use crate::review::{History, Scheduler};
use crate::text::fold;

/// Where a card is in its life, as the browser shows it. Suspended and buried win over the
/// phase: they say why a due card is not studied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    New,
    Learning,
    Relearning,
    Review,
    Suspended,
    /// Buried today.
    Buried,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Learning,
        Status::Relearning,
        Status::Review,
        Status::Suspended,
        Status::Buried,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Learning => "learning",
            Status::Relearning => "relearning",
            Status::Review => "review",
            Status::Suspended => "suspended",
            Status::Buried => "buried",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        let s = fold(s);
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A column of the browser, to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Deck,
    Section,
    Kind,
    Front,
    State,
    Due,
    Stability,
    Lapses,
    Flagged,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Id,
        Column::Deck,
        Column::Section,
        Column::Kind,
        Column::Front,
        Column::State,
        Column::Due,
        Column::Stability,
        Column::Lapses,
        Column::Flagged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Deck => "deck",
            Column::Section => "section",
            Column::Kind => "kind",
            Column::Front => "front",
            Column::State => "state",
            Column::Due => "due",
            Column::Stability => "stability",
            Column::Lapses => "lapses",
            Column::Flagged => "flagged",
        }
    }

    pub fn parse(s: &str) -> Option<Column> {
        let s = fold(s);
        Column::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// An order: a column, either way. Ties keep note order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Sort {
    /// `lapses` or `-lapses` (descending).
    pub fn parse(s: &str) -> Option<Sort> {
        let (descending, name) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        Some(Sort {
            column: Column::parse(name)?,
            descending,
        })
    }
}

/// Which cards to list.
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// Words that must all be found in the card's front or back (folded: NFKC, case, width).
    pub search: Option<String>,
    /// Deck and section, matched as everywhere else.
    pub filter: Filter,
    pub state: Option<Status>,
    pub flagged: bool,
    pub leeches: bool,
    /// `None`: note order.
    pub sort: Option<Sort>,
}

/// One card as the browser lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    pub deck: String,
    /// `Amazon S3 › 特徴`
    pub section: String,
    pub kind: Kind,
    /// The first non-blank line of the front, as written (the screen cuts it to its width).
    pub front: String,
    pub state: Status,
    /// When the card is due by the schedule (`Due::New` for a new card).
    pub due: Due,
    /// The same as an instant, for sorting: a learning step's, a review day's start.
    pub due_at: Option<i64>,
    /// FSRS stability in days, once answered.
    pub stability: Option<f32>,
    pub lapses: u32,
    pub flagged: bool,
    pub leech: bool,
    /// Index into the cards the rows were made from.
    pub index: usize,
}

/// The status of one card at `now`.
pub fn status(h: &History, id: &str, s: &Scheduler, now: i64) -> Status {
    if h.is_suspended(id) {
        return Status::Suspended;
    }
    if h.is_buried(id, s.day(now)) {
        return Status::Buried;
    }
    match h.state(id).map(|st| st.phase) {
        None | Some(Phase::New) => Status::New,
        Some(Phase::Learning) => Status::Learning,
        Some(Phase::Relearning) => Status::Relearning,
        Some(Phase::Review) => Status::Review,
    }
}

/// The rows `q` selects among `cards`, in its order.
pub fn rows(cards: &[StudyCard], h: &History, s: &Scheduler, q: &Query, now: i64) -> Vec<Row> {
    let words: Vec<String> = q
        .search
        .as_deref()
        .map(|t| fold(t).split(' ').map(str::to_string).collect())
        .unwrap_or_default();
    let threshold = s.settings.config.leech_lapses;
    let mut out: Vec<Row> = cards
        .iter()
        .enumerate()
        .filter(|(_, sc)| q.filter.matches(sc.deck, sc.card))
        .filter(|(_, sc)| matches_words(sc.card, &words))
        .map(|(i, sc)| row(i, sc, h, s, threshold, now))
        .filter(|r| q.state.is_none_or(|st| r.state == st))
        .filter(|r| !q.flagged || r.flagged)
        .filter(|r| !q.leeches || r.leech)
        .collect();
    if let Some(sort) = q.sort {
        sort_rows(&mut out, sort);
    }
    out
}

fn matches_words(card: &Card, words: &[String]) -> bool {
    if words.iter().all(|w| w.is_empty()) {
        return true;
    }
    let text = fold(&format!("{}\n{}", card.front, card.back));
    words.iter().all(|w| text.contains(w.as_str()))
}

fn row(i: usize, sc: &StudyCard, h: &History, s: &Scheduler, threshold: u32, now: i64) -> Row {
    let id = &sc.card.id;
    let st = h.state(id);
    Row {
        id: id.clone(),
        deck: sc.deck.to_string(),
        section: sc.card.section_path(),
        kind: sc.card.kind,
        front: sc
            .card
            .front
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string(),
        state: status(h, id, s, now),
        due: st.map_or(Due::New, |st| st.due),
        due_at: st.and_then(|st| match st.due {
            Due::New => None,
            Due::At(t) => Some(t),
            Due::Day(d) => Some(s.day_start(d)),
        }),
        stability: st.and_then(|st| st.memory).map(|m| m.stability),
        lapses: st.map_or(0, |st| st.lapses),
        flagged: h.is_flagged(id),
        leech: st.is_some_and(|st| is_leech(st, threshold)),
        index: i,
    }
}

/// Sort by one column; ties keep the order the rows are in (note order). Empty values (no due
/// date, no stability) come last either way.
pub fn sort_rows(rows: &mut [Row], sort: Sort) {
    use std::cmp::Ordering;
    let by = |a: &Row, b: &Row| -> Ordering {
        let text = |x: &str, y: &str| fold(x).cmp(&fold(y));
        match sort.column {
            Column::Id => a.id.cmp(&b.id),
            Column::Deck => text(&a.deck, &b.deck),
            Column::Section => text(&a.section, &b.section),
            Column::Kind => a.kind.as_str().cmp(b.kind.as_str()),
            Column::Front => text(&a.front, &b.front),
            Column::State => a.state.cmp(&b.state),
            Column::Due | Column::Stability => Ordering::Equal,
            Column::Lapses => a.lapses.cmp(&b.lapses),
            Column::Flagged => b.flagged.cmp(&a.flagged),
        }
    };
    // Optional values: present ones in order, absent ones last, whichever way.
    let optional = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if sort.descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    rows.sort_by(|a, b| match sort.column {
        Column::Due => optional(a.due_at.map(|t| t as f64), b.due_at.map(|t| t as f64)),
        Column::Stability => optional(a.stability.map(f64::from), b.stability.map(f64::from)),
        _ if sort.descending => by(b, a),
        _ => by(a, b),
    });
}

/// The due column's text at `now`: `now` once due, `4m` for a learning step, `today`, `3d`,
/// `1.5mo` for a review day, `2d late` for an overdue review; empty for a new card.
pub fn due_text(r: &Row, s: &Scheduler, now: i64) -> String {
    match r.due {
        Due::New => String::new(),
        Due::At(t) if t <= now => "now".into(),
        Due::At(t) => short_duration(t.saturating_sub(now) / 1000),
        Due::Day(d) => match d.saturating_sub(s.day(now)) {
            0 => "today".into(),
            n if n > 0 => days_label(n),
            n => format!("{}d late", -n),
        },
    }
}

/// The stability column's text: `4.2d`; empty before the first answer.
pub fn stability_text(r: &Row) -> String {
    r.stability.map_or(String::new(), |st| format!("{st:.1}d"))
}

/// What an answer scheduled: the time until a learning step, or a review interval in days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Interval {
    Step { secs: i64 },
    Days(u32),
}

impl Interval {
    /// `10m`, `3d`, `1.5mo`.
    pub fn label(self) -> String {
        match self {
            Interval::Step { secs } => short_duration(secs),
            Interval::Days(d) => days_label(d as i32),
        }
    }
}

/// One answer in a card's history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryLine {
    pub at: i64,
    pub rating: Rating,
    pub mode: Mode,
    /// What it scheduled; `None` for a cram answer (it changes no schedule).
    pub interval: Option<Interval>,
}

/// The card's answers that count (undone ones left out), oldest first, each with the
/// interval it scheduled, derived as replay derives it.
pub fn card_history(h: &History, s: &Scheduler, id: &str) -> Vec<HistoryLine> {
    let mut alone = History::default();
    let mut out = Vec::new();
    for (n, a) in h.answers_of(id).enumerate() {
        let e = Entry {
            id: format!("{n}"),
            at: a.at,
            event: Event::Answer {
                card: id.to_string(),
                rating: a.rating,
                secs: a.secs,
                mode: a.mode,
                after: a.after,
            },
        };
        alone.apply(&e, s);
        let interval = if a.mode.schedules() {
            alone.state(id).map(|st| match st.due {
                Due::At(t) => Interval::Step {
                    secs: t.saturating_sub(a.at) / 1000,
                },
                Due::Day(_) | Due::New => Interval::Days(st.interval),
            })
        } else {
            None
        };
        out.push(HistoryLine {
            at: a.at,
            rating: a.rating,
            mode: a.mode,
            interval,
        });
    }
    out
}

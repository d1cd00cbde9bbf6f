//! Where the user stands: reviews per day (a year's heatmap, streaks), the reviews due in the
//! next 30 days, true retention per week against the target, every section's strength weakest
//! first, and the leeches. Pure functions of the cards, the history and `now`; the stats
//! screen, `kioku stats` and `kioku stats --json` all print this one value.

use std::collections::HashMap;

use serde::Serialize;

use super::leech::is_leech;
use super::queue::StudyCard;
use super::replay::History;
use super::schedule::{Due, Phase, Scheduler};
use crate::review::Rating;

/// Days in the heatmap (a year, ending today).
pub const HEATMAP_DAYS: i32 = 364;
/// Days in the forecast, today first.
pub const FORECAST_DAYS: i32 = 30;
/// Weeks of retention, the current one last.
pub const RETENTION_WEEKS: i32 = 12;
/// A review interval this long or longer makes a card mature (Anki's line).
pub const MATURE_DAYS: u32 = 21;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// The local date today, `YYYY-MM-DD`.
    pub today: String,
    /// Answers per day, oldest first, the last one today (`HEATMAP_DAYS + 1` days;
    /// `first_weekday` says which weekday the first is).
    pub heatmap: Vec<usize>,
    /// Weekday of `heatmap[0]`, 0 = Monday.
    pub first_weekday: u8,
    pub streak: Streak,
    pub reviews: Totals,
    pub forecast: Forecast,
    pub retention: Retention,
    pub cards: ByState,
    /// Weakest first.
    pub sections: Vec<Section>,
    pub leeches: Vec<Leech>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Streak {
    /// Days in a row with an answer, ending today (or yesterday, if today has none yet).
    pub current: usize,
    pub longest: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub today: usize,
    pub week: usize,
    pub month: usize,
    pub all: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// Cards due before today and not answered since: today's backlog.
    pub backlog: usize,
    /// Cards falling due on each day, today first (today's without the backlog).
    pub days: Vec<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Retention {
    /// The configured desired retention (0–1).
    pub desired: f64,
    /// Per week, oldest first: answers to cards in review (cram answers left out), and how
    /// many were not Again.
    pub weeks: Vec<Week>,
    /// The same over the last 30 days.
    pub month: Week,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Week {
    /// The week's first day, `YYYY-MM-DD`.
    pub start: String,
    pub reviews: usize,
    pub passed: usize,
}

impl Week {
    /// The share not Again, if there were reviews.
    pub fn rate(&self) -> Option<f64> {
        (self.reviews > 0).then(|| self.passed as f64 / self.reviews as f64)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ByState {
    pub new: usize,
    pub learning: usize,
    /// In review with an interval under [`MATURE_DAYS`].
    pub young: usize,
    pub mature: usize,
    pub suspended: usize,
}

impl std::ops::AddAssign for ByState {
    fn add_assign(&mut self, o: ByState) {
        self.new += o.new;
        self.learning += o.learning;
        self.young += o.young;
        self.mature += o.mature;
        self.suspended += o.suspended;
    }
}

/// One section (a deck's top-level heading: a service) and how strong it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Section {
    pub deck: String,
    /// The section path studied from it (one level).
    pub path: Vec<String>,
    pub cards: ByState,
    /// Answers to its cards in review in the last 90 days, and how many were not Again.
    pub reviews: usize,
    pub passed: usize,
    pub lapses: u32,
    /// Mean FSRS stability of its answered cards, days.
    pub stability: Option<f64>,
}

impl Section {
    pub fn retention(&self) -> Option<f64> {
        (self.reviews > 0).then(|| self.passed as f64 / self.reviews as f64)
    }

    pub fn name(&self) -> String {
        std::iter::once(self.deck.as_str())
            .chain(self.path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" › ")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Leech {
    pub id: String,
    pub deck: String,
    pub section: String,
    pub front: String,
    pub lapses: u32,
    pub suspended: bool,
}

/// Days of retention per section.
const SECTION_DAYS: i64 = 90;

fn date(s: &Scheduler, day: i32) -> String {
    jiff::Timestamp::from_millisecond(s.day_start(day))
        .map(|t| {
            t.to_zoned(s.time_zone().clone())
                .strftime("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default()
}

fn weekday(s: &Scheduler, day: i32) -> u8 {
    jiff::Timestamp::from_millisecond(s.day_start(day))
        .map(|t| {
            t.to_zoned(s.time_zone().clone())
                .weekday()
                .to_monday_zero_offset() as u8
        })
        .unwrap_or(0)
}

/// Everything the stats screen shows, at `now`.
pub fn compute(
    cards: &[StudyCard],
    h: &History,
    s: &Scheduler,
    now: i64,
    leech_lapses: u32,
) -> Stats {
    let today = s.day(now);
    let first = today - HEATMAP_DAYS;
    let mut per_day: HashMap<i32, usize> = HashMap::new();
    for a in h.answers.iter().filter(|a| a.at <= now) {
        *per_day.entry(s.day(a.at)).or_default() += 1;
    }
    let heatmap: Vec<usize> = (first..=today)
        .map(|d| per_day.get(&d).copied().unwrap_or(0))
        .collect();

    // Streaks over every day with an answer, not only the heatmap's year.
    let mut days: Vec<i32> = per_day.keys().copied().filter(|&d| d <= today).collect();
    days.sort_unstable();
    let (mut longest, mut run, mut prev) = (0usize, 0usize, None::<i32>);
    for &d in &days {
        run = if prev == Some(d - 1) { run + 1 } else { 1 };
        longest = longest.max(run);
        prev = Some(d);
    }
    let from = if per_day.contains_key(&today) {
        today
    } else {
        today - 1
    };
    let current = (0..)
        .take_while(|k| per_day.contains_key(&(from - k)))
        .count();

    let since = |days: i32| s.day_start(today - days + 1);
    let count_since = |start: i64| {
        h.answers
            .iter()
            .filter(|a| a.at >= start && a.at <= now)
            .count()
    };
    let reviews = Totals {
        today: count_since(since(1)),
        week: count_since(since(7)),
        month: count_since(since(30)),
        all: h.answers.iter().filter(|a| a.at <= now).count(),
    };

    // Retention per week, the current week (ending today) last.
    let week_of = |day: i32| (today - day) / 7;
    let mut weeks: Vec<Week> = (0..RETENTION_WEEKS)
        .rev()
        .map(|k| Week {
            start: date(s, today - 7 * k - 6),
            reviews: 0,
            passed: 0,
        })
        .collect();
    let since_sections = now - SECTION_DAYS * super::schedule::MS_PER_DAY;
    let mut month = Week {
        start: date(s, today - 29),
        reviews: 0,
        passed: 0,
    };
    let mut by_card: HashMap<u32, (usize, usize)> = HashMap::new();
    for a in h
        .answers
        .iter()
        .filter(|a| a.at <= now && a.phase == Phase::Review && a.mode.schedules())
    {
        let ok = usize::from(a.rating != Rating::Again);
        let k = week_of(s.day(a.at));
        if (0..RETENTION_WEEKS).contains(&k) {
            let w = &mut weeks[(RETENTION_WEEKS - 1 - k) as usize];
            w.reviews += 1;
            w.passed += ok;
        }
        if a.at >= since(30) {
            month.reviews += 1;
            month.passed += ok;
        }
        if a.at >= since_sections {
            let e = by_card.entry(a.card).or_default();
            e.0 += 1;
            e.1 += ok;
        }
    }
    let card_reviews = |id: &str| -> (usize, usize) {
        h.ids
            .get(id)
            .and_then(|i| by_card.get(&i))
            .copied()
            .unwrap_or_default()
    };

    let mut forecast = Forecast {
        backlog: 0,
        days: vec![0; FORECAST_DAYS as usize],
    };
    let mut all = ByState::default();
    let mut sections: Vec<Section> = Vec::new();
    let mut at: HashMap<(&str, &str), usize> = HashMap::new();
    let mut stab: HashMap<usize, (f64, usize)> = HashMap::new();
    let mut leeches = Vec::new();
    for sc in cards {
        let id = sc.card.id.as_str();
        let top = sc.card.section.first().map_or("", String::as_str);
        let si = *at.entry((sc.deck, top)).or_insert_with(|| {
            sections.push(Section {
                deck: sc.deck.to_string(),
                path: sc.card.section.first().cloned().into_iter().collect(),
                ..Section::default()
            });
            sections.len() - 1
        });
        let st = h.state(id);
        let suspended = h.is_suspended(id);
        let mut one = ByState::default();
        match st.map(|st| st.phase) {
            _ if suspended => one.suspended = 1,
            None | Some(Phase::New) => one.new = 1,
            Some(Phase::Learning | Phase::Relearning) => one.learning = 1,
            Some(Phase::Review) => {
                if st.is_some_and(|st| st.interval >= MATURE_DAYS) {
                    one.mature = 1;
                } else {
                    one.young = 1;
                }
            }
        }
        all += one;
        let sec = &mut sections[si];
        sec.cards += one;
        let Some(st) = st else { continue };
        sec.lapses += st.lapses;
        let (n, ok) = card_reviews(id);
        sec.reviews += n;
        sec.passed += ok;
        if let Some(m) = st.memory {
            let e = stab.entry(si).or_default();
            e.0 += f64::from(m.stability);
            e.1 += 1;
        }
        if !suspended {
            let due_day = match st.due {
                Due::Day(d) => Some(d),
                Due::At(t) => Some(s.day(t)),
                Due::New => None,
            };
            if let Some(d) = due_day {
                if d < today {
                    forecast.backlog += 1;
                } else if d - today < FORECAST_DAYS {
                    forecast.days[(d - today) as usize] += 1;
                }
            }
        }
        if is_leech(st, leech_lapses) {
            leeches.push(Leech {
                id: id.to_string(),
                deck: sc.deck.to_string(),
                section: sc.card.section_path(),
                front: crate::text::join_lines(&sc.card.front),
                lapses: st.lapses,
                suspended,
            });
        }
    }
    for (si, (sum, n)) in stab {
        sections[si].stability = Some(sum / n as f64);
    }
    // Weakest first: the lowest retention, then the most lapses; sections never reviewed come
    // after, those with the fewest cards learned first.
    sections.sort_by(|a, b| {
        let key = |x: &Section| x.retention().unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then(b.lapses.cmp(&a.lapses))
            .then((a.cards.young + a.cards.mature).cmp(&(b.cards.young + b.cards.mature)))
    });
    leeches.sort_by(|a, b| b.lapses.cmp(&a.lapses).then(a.id.cmp(&b.id)));
    Stats {
        today: date(s, today),
        heatmap,
        first_weekday: weekday(s, first),
        streak: Streak { current, longest },
        reviews,
        forecast,
        retention: Retention {
            // As configured (0.9), not as the f32 it is stored in (0.8999…).
            desired: (f64::from(s.settings.config.desired_retention) * 1000.0).round() / 1000.0,
            weeks,
            month,
        },
        cards: all,
        sections,
        leeches,
    }
}

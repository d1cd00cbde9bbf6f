//! What to study now: learning cards when due, then due reviews (lowest probability of recall
//! first), then new cards up to the daily limit in note order. Also the "missed" view and the
//! counts per deck and section.

use super::log::Rating;
use super::replay::History;
use super::schedule::{CardState, Due, Phase, Scheduler};
use crate::deck::{Card, CardRef};
use crate::text::fold;

/// A card of a loaded deck, in note order: the whole card, or for counting only its
/// [`crate::deck::CardKey`].
#[derive(Debug)]
pub struct StudyCard<'a, C = Card> {
    pub deck: &'a str,
    pub card: &'a C,
}

impl<C> Clone for StudyCard<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for StudyCard<'_, C> {}

/// Which cards a session or a count is about. Matching is on folded text (NFKC, case), so
/// `elb` finds `Elastic Load Balancing（ELB）` and `ＥＬＢ` finds it too.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Deck name, or part of it.
    pub deck: Option<String>,
    /// Section path (`Amazon S3 › 特徴`, or `S3 > 特徴`), or part of it.
    pub section: Option<String>,
    /// Exactly this section and those below it (a node of the home screen's tree).
    pub path: Option<Vec<String>>,
    /// Every deck in this folder of decks (`aws` for `aws/s3`, `aws/ec2`).
    pub folder: Option<String>,
}

impl Filter {
    #[inline]
    pub fn matches(&self, deck: &str, card: &impl CardRef) -> bool {
        self.matches_deck(deck)
            && self
                .section
                .as_deref()
                .is_none_or(|s| section_matches(card.section(), s))
            && self
                .path
                .as_deref()
                .is_none_or(|p| card.section().starts_with(p))
    }

    #[inline]
    pub fn matches_deck(&self, deck: &str) -> bool {
        self.deck
            .as_deref()
            .is_none_or(|d| fold(deck).contains(&fold(d)))
            && self.folder.as_deref().is_none_or(|f| {
                deck.strip_prefix(f)
                    .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// `query` matches a section path when its levels (separated by `›`, `>` or `/`) are found,
/// after folding, in consecutive levels of the path: `Amazon S3` and `s3` match
/// `Amazon S3 › 特徴`, and so does `S3 > 特徴`.
pub fn section_matches(path: &[String], query: &str) -> bool {
    let q = fold(&query.replace(['>', '/'], "›"));
    let q: Vec<&str> = q
        .split('›')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if q.is_empty() {
        return true;
    }
    let p: Vec<String> = path.iter().map(|l| fold(l)).collect();
    (0..p.len()).any(|start| {
        q.len() <= p.len() - start
            && q.iter()
                .zip(&p[start..])
                .all(|(q, level)| level.contains(q))
    })
}

/// Per-session limits on top of the daily new-card limit.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    /// At most this many new cards (still within the daily limit).
    pub new: Option<usize>,
    /// At most this many cards in all.
    pub total: Option<usize>,
}

/// Indices into the study cards, in the order they are to be shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Queue {
    pub learning: Vec<usize>,
    pub review: Vec<usize>,
    pub new: Vec<usize>,
}

impl Queue {
    pub fn cards(&self) -> impl Iterator<Item = usize> + '_ {
        self.learning
            .iter()
            .chain(&self.review)
            .chain(&self.new)
            .copied()
    }

    pub fn len(&self) -> usize {
        self.learning.len() + self.review.len() + self.new.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// New cards that may still be introduced today: `new_per_day`, plus today's `MoreNew`
/// extras, minus the new cards answered (outside cram) since the day started.
pub fn new_left_today(h: &History, s: &Scheduler, now: i64) -> usize {
    let today = s.day(now);
    let start = s.day_start(today);
    let introduced = h
        .answers
        .since(start)
        .filter(|a| a.phase == Phase::New && a.mode.schedules())
        .count();
    new_per_day(h, s, today).saturating_sub(introduced)
}

/// The day's limit of new cards before any is introduced: the setting plus that day's extras.
fn new_per_day(h: &History, s: &Scheduler, day: i32) -> usize {
    s.settings.config.new_per_day as usize + h.extra_new(day) as usize
}

/// The one "missed" rule: the card's latest answer (in any mode, cram included) was Again, or
/// it lapsed within the configured number of days.
pub fn is_missed(h: &History, card: &str, s: &Scheduler, now: i64) -> bool {
    let again = h.last_answer(card).is_some_and(|(_, r)| r == Rating::Again);
    again
        || h.state(card)
            .and_then(|st| st.last_lapse)
            .is_some_and(|t| t >= missed_since(s, now))
}

fn missed_since(s: &Scheduler, now: i64) -> i64 {
    now.saturating_sub(i64::from(s.settings.config.missed_days) * super::schedule::MS_PER_DAY)
}

/// Whether a card can be studied today at all (not suspended, not buried).
fn available(h: &History, id: &str, today: i32) -> bool {
    !h.is_suspended(id) && !h.is_buried(id, today)
}

/// The study queue for `filter` at `now`.
pub fn build<C: CardRef + Sync>(
    cards: &[StudyCard<C>],
    h: &History,
    s: &Scheduler,
    now: i64,
    filter: &Filter,
    limits: Limits,
) -> Queue {
    use rayon::prelude::*;
    let today = s.day(now);
    let new_limit = limits
        .new
        .unwrap_or(usize::MAX)
        .min(new_left_today(h, s, now));
    // In chunks spread over the cores, each sorting its cards into the three parts; the
    // parts are joined in card order, so the first new cards are still the first in note order.
    const CHUNK: usize = 8192;
    type Parts = (Vec<(i64, usize)>, Vec<(f32, i32, usize)>, Vec<usize>);
    let parts: Vec<Parts> = cards
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(k, chunk)| {
            let mut learning = Vec::new();
            let mut review = Vec::new();
            let mut new = Vec::new();
            for (j, sc) in chunk.iter().enumerate() {
                let i = k * CHUNK + j;
                if !filter.matches(sc.deck, sc.card) {
                    continue;
                }
                let (state, out) = h.status_of(sc.card, today);
                if out {
                    continue;
                }
                match state {
                    // A state still in Due::New is new too, as `count_card` counts it.
                    None | Some(super::schedule::CardState { due: Due::New, .. }) => {
                        if new.len() < new_limit {
                            new.push(i);
                        }
                    }
                    Some(st) => match st.due {
                        Due::At(t) if t <= now => learning.push((t, i)),
                        Due::Day(d) if d <= today => {
                            let r = s.retrievability(st, now).unwrap_or(0.0);
                            review.push((r, d, i));
                        }
                        _ => {}
                    },
                }
            }
            (learning, review, new)
        })
        .collect();
    let (mut learning, mut review, mut new) = (Vec::new(), Vec::new(), Vec::new());
    for (l, r, n) in parts {
        learning.extend(l);
        review.extend(r);
        new.extend(n);
    }
    new.truncate(new_limit);
    // Every key ends in the card's index, so no two are equal: an unstable sort is exact.
    learning.par_sort_unstable_by_key(|&(t, i)| (t, i));
    review.par_sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut q = Queue {
        learning: learning.into_iter().map(|(_, i)| i).collect(),
        review: review.into_iter().map(|(_, _, i)| i).collect(),
        new,
    };
    if let Some(total) = limits.total {
        let mut left = total;
        for part in [&mut q.learning, &mut q.review, &mut q.new] {
            part.truncate(left);
            left -= part.len();
        }
    }
    q
}

/// Missed cards ([`is_missed`]), whatever their due date. Most recently answered first.
pub fn missed(
    cards: &[StudyCard],
    h: &History,
    s: &Scheduler,
    now: i64,
    filter: &Filter,
) -> Vec<usize> {
    let today = s.day(now);
    let mut out: Vec<(i64, usize)> = cards
        .iter()
        .enumerate()
        .filter(|(_, sc)| filter.matches(sc.deck, sc.card) && available(h, &sc.card.id, today))
        .filter(|(_, sc)| is_missed(h, &sc.card.id, s, now))
        .map(|(i, sc)| (h.last_answer(&sc.card.id).map_or(0, |(t, _)| t), i))
        .collect();
    out.sort_by_key(|&(t, i)| (std::cmp::Reverse(t), i));
    out.into_iter().map(|(_, i)| i).collect()
}

/// Cards in each state, for the counts shown per deck and section: the same numbers on the
/// home screen, in the summary and in `kioku due`. Suspended cards and cards buried today are
/// in none of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// New cards, all of them (the daily limit is applied when shown: [`Counts::new_allowed`]).
    pub new: usize,
    /// Every card in learning or relearning, due or not.
    pub learning: usize,
    /// Of those, the ones due now.
    pub learning_due: usize,
    /// Review cards due today.
    pub due: usize,
    pub missed: usize,
}

/// The column names, in the order of [`Counts::columns`].
pub const COLUMNS: [&str; 4] = ["new", "learn", "due", "missed"];

impl Counts {
    /// How many of the new cards today's limit still lets in (`new_left`: [`new_left_today`]).
    /// `queue::build` takes exactly this many.
    pub fn new_allowed(&self, new_left: usize) -> usize {
        self.new.min(new_left)
    }

    /// The columns as shown, everywhere: a count is what can be studied now, followed by the
    /// total in brackets only when that differs. New: `20 (24)` when the daily limit lets 20 of
    /// 24 in, `24` when all may come. Learn: `12 (75)` when 12 of the 75 cards in (re)learning
    /// are due now, `75` when all are. Due and missed: the number.
    pub fn columns(&self, new_left: usize) -> [String; 4] {
        self.cells(new_left).map(|cell| match cell {
            (now, Some(total)) => format!("{now} ({total})"),
            (n, None) => n.to_string(),
        })
    }

    /// The widths of [`Counts::columns`] (digits, a space and brackets), without writing them:
    /// a screen sizes its columns to every row, and draws only the rows it shows.
    pub fn column_widths(&self, new_left: usize) -> [usize; 4] {
        let digits = |n: usize| n.checked_ilog10().map_or(1, |d| d as usize + 1);
        self.cells(new_left).map(|cell| match cell {
            (now, Some(total)) => digits(now) + 3 + digits(total),
            (n, None) => digits(n),
        })
    }

    /// Each column's number, and the total to show in brackets beside it when it differs.
    fn cells(&self, new_left: usize) -> [(usize, Option<usize>); 4] {
        let both = |now: usize, total: usize| {
            if now < total {
                (now, Some(total))
            } else {
                (total, None)
            }
        };
        [
            both(self.new_allowed(new_left), self.new),
            both(self.learning_due, self.learning),
            (self.due, None),
            (self.missed, None),
        ]
    }

    /// Cards that can be studied right now (new within the limit, learning due, reviews due).
    pub fn studiable(&self, new_left: usize) -> usize {
        self.new_allowed(new_left) + self.learning_due + self.due
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.new += o.new;
        self.learning += o.learning;
        self.learning_due += o.learning_due;
        self.due += o.due;
        self.missed += o.missed;
    }
}

/// What counting needs of `now`, worked out once for all the cards rather than per card
/// (the scheduler day takes a time-zone conversion).
#[derive(Clone, Copy, Debug)]
pub struct CountAt {
    now: i64,
    today: i32,
    missed_since: i64,
}

impl CountAt {
    pub fn new(s: &Scheduler, now: i64) -> CountAt {
        CountAt {
            now,
            today: s.day(now),
            missed_since: missed_since(s, now),
        }
    }
}

/// The counts of one card at `now`.
pub fn count_card(card: &Card, h: &History, s: &Scheduler, now: i64) -> Counts {
    count_card_at(card, h, CountAt::new(s, now))
}

/// The counts of one card at `at`, with one look-up of the card in the history.
pub fn count_card_at(card: &impl CardRef, h: &History, at: CountAt) -> Counts {
    let mut c = Counts::default();
    let Some(v) = h.view_of(card) else {
        c.new = 1;
        return c;
    };
    if v.suspended || v.buried == Some(at.today) {
        return c;
    }
    let is_due = |st: &CardState| match st.due {
        Due::New => false,
        Due::At(t) => t <= at.now,
        Due::Day(d) => d <= at.today,
    };
    match v.state {
        None => c.new = 1,
        Some(st) => match st.phase {
            Phase::New => c.new = 1,
            Phase::Learning | Phase::Relearning => {
                c.learning = 1;
                c.learning_due = usize::from(is_due(st));
            }
            Phase::Review => c.due = usize::from(is_due(st)),
        },
    }
    // As `is_missed`: the latest answer was Again, or a lapse within the missed window.
    c.missed = usize::from(
        v.last.is_some_and(|(_, r)| r == Rating::Again)
            || v.state
                .and_then(|st| st.last_lapse)
                .is_some_and(|t| t >= at.missed_since),
    );
    c
}

/// The counts of every card `filter` selects, summed.
pub fn count<C: CardRef>(
    cards: &[StudyCard<C>],
    h: &History,
    s: &Scheduler,
    now: i64,
    filter: &Filter,
) -> Counts {
    let mut total = Counts::default();
    let at = CountAt::new(s, now);
    for sc in cards.iter().filter(|sc| filter.matches(sc.deck, sc.card)) {
        total += count_card_at(sc.card, h, at);
    }
    total
}

/// The soonest instant after `now` at which a card of `filter` becomes studiable: a learning
/// step ends, or a day starts (`day_starts_at`) on which a review comes due, buried cards come
/// back or the new-card limit lets more in. `None`: nothing is scheduled.
pub fn next_due<C: CardRef>(
    cards: &[StudyCard<C>],
    h: &History,
    s: &Scheduler,
    now: i64,
    filter: &Filter,
) -> Option<i64> {
    next_times(cards, h, s, now, filter).0
}

/// The soonest instant after `now` at which any count of `filter` changes: [`next_due`], or a
/// recent lapse growing old enough to leave the missed count. The screen wakes then.
pub fn next_change<C: CardRef>(
    cards: &[StudyCard<C>],
    h: &History,
    s: &Scheduler,
    now: i64,
    filter: &Filter,
) -> Option<i64> {
    next_times(cards, h, s, now, filter).1
}

/// [`next_due`] and [`next_change`] together, in one pass over the cards.
pub fn next_times<C: CardRef>(
    cards: &[StudyCard<C>],
    h: &History,
    s: &Scheduler,
    now: i64,
    filter: &Filter,
) -> (Option<i64>, Option<i64>) {
    let today = s.day(now);
    let tomorrow = s.day_start(today + 1);
    let mut due: Option<i64> = None;
    let mut change: Option<i64> = None;
    let later = |best: &mut Option<i64>, t: i64| {
        if t > now {
            *best = Some(best.map_or(t, |b| b.min(t)));
        }
    };
    let window = i64::from(s.settings.config.missed_days) * super::schedule::MS_PER_DAY;
    let mut new_total = 0usize;
    // The soonest later day a review comes due: day starts grow with the day, so one
    // time-zone conversion at the end rather than one per card.
    let mut next_day: Option<i32> = None;
    for sc in cards.iter().filter(|sc| filter.matches(sc.deck, sc.card)) {
        let Some(v) = h.view_of(sc.card) else {
            new_total += 1;
            continue;
        };
        if v.suspended {
            continue;
        }
        if v.buried == Some(today) {
            later(&mut due, tomorrow);
            continue;
        }
        match v.state {
            None => new_total += 1,
            Some(st) => {
                match st.due {
                    Due::New => new_total += 1,
                    Due::At(t) => later(&mut due, t),
                    Due::Day(d) if d > today => {
                        next_day = Some(next_day.map_or(d, |n| n.min(d)));
                    }
                    Due::Day(_) => {}
                }
                let again = v.last.is_some_and(|(_, r)| r == Rating::Again);
                if let Some(lapse) = st.last_lapse
                    && !again
                {
                    // Missed while `lapse >= now - window`: out one millisecond later.
                    later(&mut change, lapse.saturating_add(window + 1));
                }
            }
        }
    }
    if let Some(d) = next_day {
        later(&mut due, s.day_start(d));
    }
    let allowed = |left: usize| new_total.min(left);
    if allowed(new_left_today(h, s, now)) != allowed(new_per_day(h, s, today + 1)) {
        later(&mut due, tomorrow);
    }
    (due, [due, change].into_iter().flatten().min())
}

/// The status line's word on [`next_due`]: `next card in 4 min`, `next card in 3 h`,
/// `next card tomorrow`, `next card in 5 days`, `cards due now`, or `nothing scheduled`.
pub fn next_text(next: Option<i64>, now: i64, s: &Scheduler) -> String {
    const MIN: i64 = 60_000;
    let Some(t) = next else {
        return "nothing scheduled".into();
    };
    if t <= now {
        return "cards due now".into();
    }
    let wait = t - now;
    let days = s.day(t) - s.day(now);
    if wait < 60 * MIN {
        // Rounded up: "in 0 min" would be a lie for the next 59 seconds.
        format!("next card in {} min", (wait + MIN - 1) / MIN)
    } else if days == 0 || wait < 6 * 60 * MIN {
        format!("next card in {} h", (wait + 30 * MIN) / (60 * MIN))
    } else if days == 1 {
        "next card tomorrow".into()
    } else {
        format!("next card in {days} days")
    }
}

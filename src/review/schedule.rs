//! The card state machine around FSRS: new → learning steps → review; a lapse → relearning
//! steps → review. FSRS (the `fsrs` crate) updates stability and difficulty on every answer,
//! steps included; on graduation and in review the interval is FSRS's for the desired retention,
//! rounded, at least a day, fuzzed and capped. Pure: the time is always a parameter.

use std::cell::OnceCell;

use fsrs::{FSRS, ItemState, MemoryState};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::log::Rating;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::text::Fnv1a;

pub const MS_PER_DAY: i64 = 86_400_000;
/// The furthest scheduler day from 1970 that [`Scheduler::day`] gives, either way.
const MAX_DAY: i64 = 4_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    New,
    Learning,
    Review,
    Relearning,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }
}

/// When a card is next due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// A new card: due when the daily limit lets it in.
    New,
    /// (Re)learning: due at this instant (Unix ms).
    At(i64),
    /// Review: due from the start of this scheduler day on.
    Day(i32),
}

/// Everything the scheduler knows about one card, derived from its answers.
#[derive(Clone, Debug, PartialEq)]
pub struct CardState {
    pub phase: Phase,
    /// Index of the current (re)learning step.
    pub step: usize,
    pub memory: Option<MemoryState>,
    pub due: Due,
    /// Days of the current review interval (0 before graduation).
    pub interval: u32,
    pub last_review: Option<i64>,
    pub last_rating: Option<Rating>,
    /// When the card last lapsed (Again in review), Unix ms.
    pub last_lapse: Option<i64>,
    pub reps: u32,
    pub lapses: u32,
}

impl CardState {
    pub fn new_card() -> CardState {
        CardState {
            phase: Phase::New,
            step: 0,
            memory: None,
            due: Due::New,
            interval: 0,
            last_review: None,
            last_rating: None,
            last_lapse: None,
            reps: 0,
            lapses: 0,
        }
    }
}

/// What one rating would do, for the answer buttons.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub rating: Rating,
    pub state: CardState,
    /// `<1m`, `10m`, `2d`, `8d`, `1.5mo`, `2.1y`.
    pub label: String,
}

/// Schedules answers for one configuration, time zone and set of FSRS parameters.
#[derive(Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    /// The crate's one-review step, only the branch taken (`None`: the crate's is used). Made
    /// on first use: it checks itself against the crate, which a warm start need not wait for.
    one: std::sync::OnceLock<Option<super::memory::OneReview>>,
    pub settings: Settings,
    tz: TimeZone,
}

impl Scheduler {
    pub fn new(settings: Settings, tz: TimeZone) -> Result<Scheduler> {
        let fsrs = FSRS::new(&settings.config.parameters).map_err(|e| Error::Config {
            path: "config.toml".into(),
            line: 0,
            col: 0,
            message: format!("parameters are not valid FSRS parameters: {e}"),
        })?;
        Ok(Scheduler {
            fsrs,
            one: std::sync::OnceLock::new(),
            settings,
            tz,
        })
    }

    pub fn fsrs(&self) -> &FSRS {
        &self.fsrs
    }

    fn one(&self) -> Option<&super::memory::OneReview> {
        self.one
            .get_or_init(|| {
                super::memory::OneReview::new(&self.fsrs, self.settings.config.desired_retention)
            })
            .as_ref()
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The scheduler day of an instant: the local date, with the day starting at
    /// `day_starts_at` instead of midnight. Counted from 1970-01-01.
    pub fn day(&self, at_ms: i64) -> i32 {
        // Local time is UTC plus the zone's offset at that instant; shifting by the day-start hour
        // and dividing by a day gives the date without building a calendar value.
        let ts = Timestamp::from_millisecond(at_ms).unwrap_or(Timestamp::UNIX_EPOCH);
        let offset_ms = i64::from(self.tz.to_offset(ts).seconds()) * 1000;
        let start_ms = i64::from(self.settings.config.day_starts_at) * 3_600_000;
        // Saturating and clamped: a log line from a broken clock (`at` near i64's ends) must
        // give some far-off day, never an overflow. ±4 million days is beyond any calendar
        // date, and leaves room for intervals to be added.
        let day = at_ms
            .saturating_add(offset_ms)
            .saturating_sub(start_ms)
            .div_euclid(MS_PER_DAY);
        day.clamp(-MAX_DAY, MAX_DAY) as i32
    }

    /// The instant the scheduler day `day` starts.
    pub fn day_start(&self, day: i32) -> i64 {
        let date = jiff::civil::date(1970, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(day)))
            .unwrap_or(jiff::civil::date(1970, 1, 1));
        let start = date.at(self.settings.config.day_starts_at as i8, 0, 0, 0);
        start
            .to_zoned(self.tz.clone())
            .map_or(0, |z| z.timestamp().as_millisecond())
    }

    /// Whether a card is due at `now`.
    pub fn is_due(&self, state: &CardState, now: i64) -> bool {
        match state.due {
            Due::New => false,
            Due::At(t) => t <= now,
            Due::Day(d) => d <= self.day(now),
        }
    }

    /// The card's state after answering `rating` at `now`.
    pub fn answer(&self, card_id: &str, state: &CardState, rating: Rating, now: i64) -> CardState {
        let today = self.day(now);
        let next = Outcomes::new(
            &self.fsrs,
            self.one(),
            state.memory,
            self.retention(),
            self.elapsed(state, today),
        );
        self.answer_with(card_id, state, rating, now, today, &|r| next.get(r))
    }

    fn retention(&self) -> f32 {
        self.settings.config.desired_retention
    }

    /// Whole days since the card's last review, as FSRS counts them.
    fn elapsed(&self, state: &CardState, today: i32) -> u32 {
        state
            .last_review
            .map_or(0, |t| today.saturating_sub(self.day(t)).max(0) as u32)
    }

    /// [`Scheduler::answer`] with FSRS's outcome of each rating given by `pick`.
    fn answer_with(
        &self,
        card_id: &str,
        state: &CardState,
        rating: Rating,
        now: i64,
        today: i32,
        pick: &dyn Fn(Rating) -> Option<ItemState>,
    ) -> CardState {
        let memory = pick(rating).map(|s| s.memory).or(state.memory);
        let mut out = CardState {
            memory,
            last_review: Some(now),
            last_rating: Some(rating),
            reps: state.reps + 1,
            ..state.clone()
        };
        let graduate = |out: &mut CardState| {
            let days = self.review_interval(card_id, state, rating, pick, today);
            out.phase = Phase::Review;
            out.step = 0;
            out.interval = days;
            out.due = Due::Day(today.saturating_add(days as i32));
        };
        let steps: &[u32] = match state.phase {
            Phase::New | Phase::Learning => &self.settings.learning_steps,
            Phase::Review | Phase::Relearning => &self.settings.relearning_steps,
        };
        let at = |secs: u32| Due::At(now.saturating_add(i64::from(secs) * 1000));
        match (state.phase, rating) {
            (Phase::Review, Rating::Again) => {
                out.lapses += 1;
                out.last_lapse = Some(now);
                if steps.is_empty() {
                    graduate(&mut out);
                } else {
                    out.phase = Phase::Relearning;
                    out.step = 0;
                    out.due = at(steps[0]);
                }
            }
            (Phase::Review, _) => graduate(&mut out),
            (_, Rating::Easy) => graduate(&mut out),
            _ if steps.is_empty() => graduate(&mut out),
            (phase, Rating::Again) => {
                out.phase = if phase == Phase::New {
                    Phase::Learning
                } else {
                    phase
                };
                out.step = 0;
                out.due = at(steps[0]);
            }
            (phase, Rating::Hard) => {
                let step = if phase == Phase::New {
                    0
                } else {
                    state.step.min(steps.len() - 1)
                };
                out.phase = if phase == Phase::New {
                    Phase::Learning
                } else {
                    phase
                };
                out.step = step;
                out.due = at(hard_delay(steps, step));
            }
            (phase, Rating::Good) => {
                // A new card stands at step 0: Good moves it on to the next step.
                let step = state.step + 1;
                if step >= steps.len() {
                    graduate(&mut out);
                } else {
                    out.phase = if phase == Phase::New {
                        Phase::Learning
                    } else {
                        phase
                    };
                    out.step = step;
                    out.due = at(steps[step]);
                }
            }
        }
        out
    }

    /// Days until the next review after `rating`: FSRS's interval, rounded, at least one day,
    /// fuzzed, capped, and kept in order (Hard < Good < Easy) as the buttons show them.
    fn review_interval(
        &self,
        card_id: &str,
        state: &CardState,
        rating: Rating,
        pick: &dyn Fn(Rating) -> Option<ItemState>,
        today: i32,
    ) -> u32 {
        let max = self.settings.config.maximum_interval;
        let base = |r: Rating| {
            pick(r)
                .map_or(1.0, |s| f64::from(s.interval))
                .round()
                .clamp(1.0, f64::from(max)) as u32
        };
        // fnv1a(&[card_id, reps, rating, today]), the first two parts hashed once.
        let card = Fnv1a::new()
            .part(card_id.as_bytes())
            .number(i64::from(state.reps));
        let fuzzed = |r: Rating, floor: u32| {
            let days = base(r).max(floor).min(max);
            let seed = card
                .part(r.as_str().as_bytes())
                .number(i64::from(today))
                .finish();
            fuzz(days, max, floor, (seed >> 11) as f64 / (1u64 << 53) as f64)
        };
        let in_review = state.phase == Phase::Review;
        let hard = fuzzed(Rating::Hard, 1);
        let good = fuzzed(Rating::Good, if in_review { hard + 1 } else { 1 });
        match rating {
            Rating::Again => fuzzed(Rating::Again, 1),
            Rating::Hard => hard,
            Rating::Good => good,
            Rating::Easy => fuzzed(Rating::Easy, good + 1),
        }
    }

    /// What each rating would do, with the interval label for its button.
    pub fn preview(&self, card_id: &str, state: &CardState, now: i64) -> [Preview; 4] {
        let today = self.day(now);
        Rating::ALL.map(|rating| {
            let next = self.answer(card_id, state, rating, now);
            let label = match next.due {
                Due::At(t) => short_duration(t.saturating_sub(now) / 1000),
                Due::Day(d) => days_label(d.saturating_sub(today)),
                Due::New => String::new(),
            };
            Preview {
                rating,
                state: next,
                label,
            }
        })
    }

    /// FSRS's probability of recall now, for review cards.
    pub fn retrievability(&self, state: &CardState, now: i64) -> Option<f32> {
        let memory = state.memory?;
        let last = state.last_review?;
        let days = self.day(now).saturating_sub(self.day(last)).max(0);
        Some(fsrs::current_retrievability(
            memory,
            days as f32,
            self.decay(),
        ))
    }

    fn decay(&self) -> f32 {
        self.settings
            .config
            .parameters
            .get(20)
            .copied()
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY)
    }
}

/// FSRS's outcome (memory state and interval) of each rating after one review, each worked
/// out when first asked for: an answer needs its own rating's, and a graduation the intervals
/// of the ratings up to it, rarely all four (replaying a long log spends most of its time here).
/// The same numbers as [`FSRS::next_states`], which computes all four: one review from the
/// same starting state goes through the same step of the crate.
struct Outcomes<'a> {
    fsrs: &'a FSRS,
    one: Option<&'a super::memory::OneReview>,
    memory: Option<MemoryState>,
    retention: f32,
    elapsed: u32,
    /// All four at once, for a state the one-rating path would not treat alike (see `new`).
    all: Option<Option<fsrs::NextStates>>,
    each: [OnceCell<Option<ItemState>>; 4],
}

impl<'a> Outcomes<'a> {
    fn new(
        fsrs: &'a FSRS,
        one: Option<&'a super::memory::OneReview>,
        memory: Option<MemoryState>,
        retention: f32,
        elapsed: u32,
    ) -> Self {
        // One review from a stored stability of zero is a new card's first to the crate's
        // one-review path, not to `next_states`. And `next_states` fails all four when one
        // fails: from finite numbers none does (the crate clamps the state, and the
        // parameters to bounds where every formula stays finite), from NaN every one does;
        // anything else goes through `next_states` itself.
        let alike = memory.is_none_or(|m| {
            m.stability != 0.0 && m.stability.is_finite() && m.difficulty.is_finite()
        });
        Outcomes {
            fsrs,
            one,
            memory,
            retention,
            elapsed,
            all: (!alike).then(|| fsrs.next_states(memory, retention, elapsed).ok()),
            each: Default::default(),
        }
    }

    fn get(&self, rating: Rating) -> Option<ItemState> {
        if let Some(all) = &self.all {
            return all.as_ref().map(|n| pick(n, rating).clone());
        }
        self.each[rating as usize - 1]
            .get_or_init(|| {
                // A new card starts from the zero state, as in `next_states`.
                let start = self.memory.unwrap_or(MemoryState {
                    stability: 0.0,
                    difficulty: 0.0,
                });
                if let Some(one) = self.one {
                    let memory = one.memory(start, rating, self.elapsed)?;
                    let interval = one.interval(memory.stability, self.retention);
                    return Some(ItemState { memory, interval });
                }
                let memory = super::memory::crate_memory(self.fsrs, start, rating, self.elapsed)?;
                let interval =
                    self.fsrs
                        .next_interval(Some(memory.stability), self.retention, rating as u32);
                Some(ItemState { memory, interval })
            })
            .clone()
    }
}

fn pick(n: &fsrs::NextStates, rating: Rating) -> &ItemState {
    match rating {
        Rating::Again => &n.again,
        Rating::Hard => &n.hard,
        Rating::Good => &n.good,
        Rating::Easy => &n.easy,
    }
}

/// The delay for Hard on a (re)learning step: between this step and the next for the first
/// step, the step itself later (as Anki does).
fn hard_delay(steps: &[u32], step: usize) -> u32 {
    match (step, steps.len()) {
        (0, 1) => (steps[0] as f64 * 1.5).min(steps[0] as f64 + 86_400.0) as u32,
        (0, _) => (steps[0] + steps[1]) / 2,
        _ => steps[step],
    }
}

/// Spread intervals of 3 days and more a little (±15% up to a week, ±10% up to 20 days, ±5%
/// beyond, at least a day), so cards learned together do not stay together. `unit` in [0, 1)
/// picks the day within the range; it comes from the card's id, so replay gives the same.
pub fn fuzz(days: u32, max: u32, floor: u32, unit: f64) -> u32 {
    if days < 3 {
        return days;
    }
    let d = f64::from(days);
    let spread = 1.0
        + [(2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, f64::MAX, 0.05)]
            .iter()
            .map(|&(start, end, factor)| factor * (d.min(end) - start).max(0.0))
            .sum::<f64>();
    let lo = ((d - spread).round() as u32).max(2).max(floor);
    let hi = ((d + spread).round() as u32).min(max).max(lo);
    lo + ((unit * f64::from(hi - lo + 1)) as u32).min(hi - lo)
}

/// `<1m`, `10m`, `2h`, `1d`.
pub fn short_duration(secs: i64) -> String {
    match secs {
        s if s < 60 => "<1m".into(),
        s if s < 3600 => format!("{}m", (s + 30) / 60),
        s if s < 86_400 => format!("{}h", (s + 1800) / 3600),
        s => days_label(((s + 43_200) / 86_400) as i32),
    }
}

/// `1d`, `8d`, `1.5mo`, `2.1y`.
pub fn days_label(days: i32) -> String {
    let d = f64::from(days);
    if days < 30 {
        format!("{days}d")
    } else if days < 365 {
        format!("{:.1}mo", d / 30.0)
    } else {
        format!("{:.1}y", d / 365.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scheduler(retention: f32, parameters: Vec<f32>, steps: bool) -> Scheduler {
        let mut c = crate::config::Config {
            desired_retention: retention,
            parameters,
            ..Default::default()
        };
        if !steps {
            c.learning_steps.clear();
            c.relearning_steps.clear();
        }
        let settings = c.settings(std::path::Path::new("config.toml")).unwrap();
        Scheduler::new(settings, TimeZone::UTC).unwrap()
    }

    /// The answer as it was worked out before `Outcomes`: all four ratings from
    /// `FSRS::next_states`, whichever was given.
    fn answer_from_all_four(
        s: &Scheduler,
        card: &str,
        state: &CardState,
        rating: Rating,
        now: i64,
    ) -> CardState {
        let today = s.day(now);
        let next = s
            .fsrs
            .next_states(state.memory, s.retention(), s.elapsed(state, today))
            .ok();
        s.answer_with(card, state, rating, now, today, &|r| {
            next.as_ref().map(|n| pick(n, r).clone())
        })
    }

    /// Exact, NaN included (`CardState`'s `==` has NaN unequal to itself).
    fn bits(s: &CardState) -> String {
        let m = s
            .memory
            .map(|m| (m.stability.to_bits(), m.difficulty.to_bits()));
        format!("{s:?} {m:?}")
    }

    fn memory() -> impl Strategy<Value = Option<MemoryState>> {
        let number = prop_oneof![
            4 => 0.0f32..40_000.0,
            1 => Just(0.0f32),
            1 => Just(f32::NAN),
            1 => Just(f32::INFINITY),
            1 => Just(f32::NEG_INFINITY),
            1 => Just(-1.0f32),
            1 => Just(1e-9f32),
            1 => Just(1e30f32),
        ];
        proptest::option::of(
            (number.clone(), number).prop_map(|(stability, difficulty)| MemoryState {
                stability,
                difficulty,
            }),
        )
    }

    fn rating() -> impl Strategy<Value = Rating> {
        prop::sample::select(Rating::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Replay of a varied history (gaps from seconds to years, every rating, odd stored
        /// memory states to start from, other parameters and retentions, with and without
        /// steps) gives bit for bit the states that computing all four ratings gave.
        #[test]
        fn one_rating_at_a_time_gives_the_states_all_four_gave(
            start in memory(),
            phase in prop::sample::select(vec![Phase::New, Phase::Learning, Phase::Review, Phase::Relearning]),
            answers in prop::collection::vec((rating(), 0i64..400 * MS_PER_DAY), 1..25),
            retention in 0.7f32..0.99,
            custom in proptest::option::of(prop::collection::vec(0.0f32..5.0, 21)),
            steps in any::<bool>(),
        ) {
            let s = scheduler(retention, custom.unwrap_or_default(), steps);
            let mut now = 1_763_726_400_000i64;
            let mut state = CardState {
                memory: start,
                phase: if start.is_some() { phase } else { Phase::New },
                last_review: start.map(|_| now - 3 * MS_PER_DAY),
                ..CardState::new_card()
            };
            for (i, (rating, gap)) in answers.into_iter().enumerate() {
                // Some answers at once (no day passes), most after a gap.
                now += if i % 3 == 1 { 1000 } else { gap };
                let fast = s.answer("c1", &state, rating, now);
                let all = answer_from_all_four(&s, "c1", &state, rating, now);
                prop_assert_eq!(bits(&fast), bits(&all));
                state = fast;
            }
        }
    }

    #[test]
    fn the_previews_are_those_all_four_gave() {
        let s = scheduler(0.9, vec![], true);
        let now = 1_763_726_400_000i64;
        let mut state = CardState::new_card();
        for (k, r) in [
            Rating::Good,
            Rating::Good,
            Rating::Hard,
            Rating::Again,
            Rating::Easy,
        ]
        .into_iter()
        .enumerate()
        {
            let at = now + k as i64 * 5 * MS_PER_DAY;
            for p in s.preview("c1", &state, at) {
                let all = answer_from_all_four(&s, "c1", &state, p.rating, at);
                assert_eq!(bits(&p.state), bits(&all));
            }
            state = s.answer("c1", &state, r, at);
        }
    }
}

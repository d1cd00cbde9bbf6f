//! Card states derived from the log: every answer applied in order, undone ones taken back.
//! New parameters or settings reschedule everything consistently, because nothing but the log
//! is stored (the snapshot in `snapshot.rs` is only a faster way to the same result).

use std::sync::Arc;

use crate::deck::CardRef;

use super::log::{Entry, Event, Mode, Rating, Recorded};
use super::schedule::{CardState, Phase, Scheduler};

/// One answer that counts (not undone), compactly: the card is an index into the history's ids.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Answer {
    pub at: i64,
    pub card: u32,
    pub rating: Rating,
    pub secs: f32,
    pub mode: Mode,
    /// The card's phase before the answer (new, learning, review, relearning).
    pub phase: Phase,
    /// A hash of the entry's id, for an undo that names it.
    pub id: u64,
    /// The schedule recorded with the answer, if any.
    pub after: Option<Recorded>,
}

impl Answer {
    /// The answer an entry records (none for other events), its card at index `card`, which
    /// was in `phase` before it.
    fn of(e: &Entry, card: u32, phase: Phase) -> Option<Answer> {
        match &e.event {
            Event::Answer {
                rating,
                secs,
                mode,
                after,
                ..
            } => Some(Answer {
                at: e.at,
                card,
                rating: *rating,
                secs: *secs,
                mode: *mode,
                phase,
                id: id_hash(&e.id),
                after: *after,
            }),
            _ => None,
        }
    }
}

/// The hash an answer keeps of its entry's id.
pub fn id_hash(id: &str) -> u64 {
    crate::cache::hash(id.as_bytes())
}

/// Produces the answers a snapshot restored, when first needed (reading and checking them
/// from the snapshot file, or decoding bytes already checked).
pub(crate) type Restore = Arc<dyn Fn() -> Vec<Answer> + Send + Sync>;

/// The answers that count, in log order. Those restored from a snapshot stay where they are
/// until something needs them: start-up only needs today's, and the time of the last restored
/// answer says whether that is any of them.
#[derive(Clone, Default)]
pub struct Answers {
    raw: Option<Restore>,
    raw_count: usize,
    raw_last_at: i64,
    head: std::sync::OnceLock<Vec<Answer>>,
    /// Answers applied since (or all of them, once the records were needed for an undo).
    tail: Vec<Answer>,
}

impl Answers {
    /// `count` restored answers, the latest at `last_at`, which `restore` gives when needed.
    pub(crate) fn restored(restore: Restore, count: usize, last_at: i64) -> Answers {
        Answers {
            raw: Some(restore),
            raw_count: count,
            raw_last_at: last_at,
            head: Default::default(),
            tail: Vec::new(),
        }
    }

    fn head(&self) -> &[Answer] {
        match &self.raw {
            None => &[],
            Some(restore) => self.head.get_or_init(|| restore()),
        }
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Answer> {
        self.head().iter().chain(&self.tail)
    }

    pub fn len(&self) -> usize {
        self.head.get().map_or(self.raw_count, Vec::len) + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push(&mut self, a: Answer) {
        self.tail.push(a);
    }

    /// All the answers for a snapshot's writer on another thread, given there, decoded or
    /// copied by neither this thread nor the writer beforehand: restored ones are restored by
    /// the writer (this history keeps restoring its own only if something needs them); those
    /// applied here (all of them after a full replay) go into one list both share, which this
    /// history copies only if something needs them (start-up does not, unless some are from
    /// today).
    pub(crate) fn for_writer(&mut self) -> Box<dyn FnOnce() -> Arc<Vec<Answer>> + Send> {
        match &self.raw {
            Some(restore) => {
                let (restore, tail) = (Arc::clone(restore), self.tail.clone());
                let restored = self.head.get().cloned();
                Box::new(move || {
                    let mut all = restored.unwrap_or_else(|| restore());
                    all.extend(tail);
                    Arc::new(all)
                })
            }
            None => {
                let all = Arc::new(std::mem::take(&mut self.tail));
                let last_at = all.last().map_or(i64::MIN, |a| a.at);
                let again = Arc::clone(&all);
                *self = Answers::restored(Arc::new(move || again.to_vec()), all.len(), last_at);
                Box::new(move || all)
            }
        }
    }

    /// Put these after the others (without a copy when there are none since).
    fn append(&mut self, mut more: Vec<Answer>) {
        if self.tail.is_empty() {
            self.tail = more;
        } else {
            self.tail.append(&mut more);
        }
    }

    /// Push the answer, if there is one.
    fn extend(&mut self, a: Option<Answer>) {
        self.tail.extend(a);
    }

    /// Bring restored answers in (an undo reaches into them).
    fn materialize(&mut self) {
        if self.raw.is_some() {
            let mut all = self.head().to_vec();
            all.append(&mut self.tail);
            *self = Answers {
                tail: all,
                ..Answers::default()
            };
        }
    }

    pub fn pop(&mut self) -> Option<Answer> {
        if self.tail.is_empty() {
            self.materialize();
        }
        self.tail.pop()
    }

    /// Take out the answer whose entry id hashes to `id` (searching from the newest).
    pub fn remove(&mut self, id: u64) -> Option<Answer> {
        let find = |t: &[Answer]| t.iter().rposition(|a| a.id == id);
        let i = match find(&self.tail) {
            Some(i) => i,
            None => {
                self.materialize();
                find(&self.tail)?
            }
        };
        Some(self.tail.remove(i))
    }

    /// The answers given at or after `start` (newest first), decoding restored ones only if
    /// some of them are that recent.
    pub fn since(&self, start: i64) -> impl Iterator<Item = &Answer> {
        let head: &[Answer] = if self.raw.is_some() && self.raw_last_at < start {
            &[]
        } else {
            self.head()
        };
        self.tail
            .iter()
            .rev()
            .chain(head.iter().rev())
            .take_while(move |a| a.at >= start)
    }
}

impl PartialEq for Answers {
    fn eq(&self, other: &Answers) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Answers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Answers({} restored, {} since)",
            self.raw_count,
            self.tail.len()
        )
    }
}

/// One card's part of the history ([`History::view`]).
#[derive(Clone, Copy, Debug)]
pub struct CardView<'a> {
    pub state: Option<&'a CardState>,
    pub suspended: bool,
    /// The scheduler day it was buried on.
    pub buried: Option<i32>,
    /// The latest answer that counts, in any mode: its time and rating.
    pub last: Option<(i64, Rating)>,
}

/// Everything the log says, as of the last entry applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Card ids seen in the log, interned: answers and the per-card vectors use their index.
    pub(crate) ids: super::ids::Ids,
    /// By id index; `None` for a card never answered (or whose answers were all undone).
    pub(crate) states: Vec<Option<CardState>>,
    /// By id index: the scheduler day the card was buried on (hidden for that day).
    pub(crate) buried: Vec<Option<i32>>,
    /// By id index.
    pub(crate) suspended: Vec<bool>,
    /// By id index: the latest answer that counts, in any mode (a cram answer included, which
    /// the state leaves out): its time and rating.
    pub(crate) last: Vec<Option<(i64, Rating)>>,
    /// Flagged cards by id index (few, so a map).
    pub(crate) flags: std::collections::BTreeMap<u32, FlagInfo>,
    /// Extra new cards per scheduler day, from `MoreNew` entries.
    pub(crate) extra_new: std::collections::BTreeMap<i32, u32>,
    /// Answers in log order, undone ones left out.
    pub answers: Answers,
}

/// Why and since when a card is flagged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagInfo {
    /// Unix ms of the flag entry.
    pub at: i64,
    pub note: Option<String>,
}

impl History {
    /// The card's state, if it was ever answered. A card of a deck that is missing here is new.
    pub fn state(&self, card: &str) -> Option<&CardState> {
        self.ids
            .get(card)
            .and_then(|i| self.states[i as usize].as_ref())
    }

    /// Every answered card and its state.
    pub fn states(&self) -> impl Iterator<Item = (&str, &CardState)> {
        self.ids
            .iter()
            .zip(&self.states)
            .filter_map(|(id, s)| s.as_ref().map(|s| (id, s)))
    }

    /// How many cards have been answered (including cards no longer in any deck).
    pub fn answered_cards(&self) -> usize {
        self.states.iter().filter(|s| s.is_some()).count()
    }

    /// The id of an answer's card.
    pub fn card_id(&self, index: u32) -> &str {
        self.ids.at(index).unwrap_or("")
    }

    pub fn is_buried(&self, card: &str, today: i32) -> bool {
        self.ids
            .get(card)
            .is_some_and(|i| self.buried[i as usize] == Some(today))
    }

    pub fn is_suspended(&self, card: &str) -> bool {
        self.ids
            .get(card)
            .is_some_and(|i| self.suspended[i as usize])
    }

    /// Everything start-up counts of one card, with one look-up; `None` for a card the log
    /// never names.
    pub fn view(&self, card: &str) -> Option<CardView<'_>> {
        self.view_at(self.ids.get(card)? as usize)
    }

    /// The card's place in the per-card arrays: its [`CardRef::slot_hint`] when it was
    /// found in these very ids (which are never moved or removed, so a slot found once stays
    /// right) or when the id there is this card's, else a look-up by id.
    #[inline]
    pub fn slot_of(&self, card: &impl CardRef) -> Option<usize> {
        if let Some((s, found_in)) = card.slot_hint()
            && ((found_in == self.ids.token() && (s as usize) < self.ids.len())
                || self.ids.is(s, card.id()))
        {
            return Some(s as usize);
        }
        self.ids.get(card.id()).map(|i| i as usize)
    }

    /// Keep in `key` where its card is here, so that counting against this history finds
    /// it with no look-up and no comparison.
    pub fn find_slot(&self, key: &mut crate::deck::CardKey) {
        let slot = self.slot_of(&*key).map_or(u32::MAX, |s| s as u32);
        key.set_found(slot, self.ids.token());
    }

    /// [`History::find_slot`] for a deck's keys in note order. Cards are first answered in
    /// note order (new cards come in it), so each card's id is tried first in the place
    /// after the previous card's: one comparison instead of a look-up by hash.
    pub fn find_slots(&self, keys: &mut [crate::deck::CardKey]) {
        let token = self.ids.token();
        let mut next: Option<u32> = None;
        for key in keys {
            let slot = match next {
                Some(s) if self.ids.is(s, key.id()) => Some(s),
                _ => self.ids.get(key.id()),
            };
            key.set_found(slot.unwrap_or(u32::MAX), token);
            next = slot.map(|s| s + 1);
        }
    }

    /// [`History::view`] through [`History::slot_of`].
    #[inline]
    pub fn view_of(&self, card: &impl CardRef) -> Option<CardView<'_>> {
        self.view_at(self.slot_of(card)?)
    }

    #[inline]
    fn view_at(&self, i: usize) -> Option<CardView<'_>> {
        Some(CardView {
            state: self.states[i].as_ref(),
            suspended: self.suspended[i],
            buried: self.buried[i],
            last: self.last[i],
        })
    }

    /// The card's state, and whether it is out of today's study (suspended, or buried today),
    /// with one lookup.
    pub fn status(&self, card: &str, today: i32) -> (Option<&CardState>, bool) {
        self.status_at(self.ids.get(card).map(|i| i as usize), today)
    }

    /// [`History::status`] through [`History::slot_of`].
    #[inline]
    pub fn status_of(&self, card: &impl CardRef, today: i32) -> (Option<&CardState>, bool) {
        self.status_at(self.slot_of(card), today)
    }

    #[inline]
    fn status_at(&self, i: Option<usize>, today: i32) -> (Option<&CardState>, bool) {
        match i {
            None => (None, false),
            Some(i) => (
                self.states[i].as_ref(),
                self.suspended[i] || self.buried[i] == Some(today),
            ),
        }
    }

    /// The card's answers that count (undone ones left out), oldest first.
    pub fn answers_of(&self, card: &str) -> impl Iterator<Item = &Answer> {
        let i = self.ids.get(card);
        self.answers.iter().filter(move |a| Some(a.card) == i)
    }

    /// The latest answer to the card that counts, in any mode (cram included): when, and
    /// the rating. The missed rule uses it, so a card missed while cramming is missed.
    pub fn last_answer(&self, card: &str) -> Option<(i64, Rating)> {
        self.ids.get(card).and_then(|i| self.last[i as usize])
    }

    pub fn is_flagged(&self, card: &str) -> bool {
        self.flag(card).is_some()
    }

    /// The card's flag, if it is flagged.
    pub fn flag(&self, card: &str) -> Option<&FlagInfo> {
        self.ids.get(card).and_then(|i| self.flags.get(&i))
    }

    /// Every flagged card, in the order first seen in the log.
    pub fn flagged(&self) -> impl Iterator<Item = (&str, &FlagInfo)> {
        self.flags
            .iter()
            .map(|(&i, f)| (self.ids.at(i).unwrap_or(""), f))
    }

    /// New cards added to the daily limit for scheduler day `day` (`MoreNew` entries).
    pub fn extra_new(&self, day: i32) -> u32 {
        self.extra_new.get(&day).copied().unwrap_or(0)
    }

    /// Times the card lapsed (Again in review); 0 for a card never answered.
    pub fn lapses(&self, card: &str) -> u32 {
        self.state(card).map_or(0, |s| s.lapses)
    }

    fn intern(&mut self, card: &str) -> u32 {
        let (i, new) = self.ids.intern(card);
        if !new {
            return i;
        }
        self.states.push(None);
        self.buried.push(None);
        self.suspended.push(false);
        self.last.push(None);
        i
    }

    /// Record in a review entry the schedule this machine gives it, so that every machine
    /// replaying the entry gets the same (call before writing it).
    pub fn stamp(&self, e: &mut Entry, sched: &Scheduler) {
        if let Event::Answer {
            card,
            rating,
            after,
            mode,
            ..
        } = &mut e.event
            && mode.schedules()
        {
            let new = CardState::new_card();
            let state = self.state(card).unwrap_or(&new);
            *after = Some(Recorded::of(&sched.answer(card, state, *rating, e.at)));
        }
    }

    /// Apply one log entry. A review uses the schedule recorded with it (format-1 entries have
    /// none and are scheduled here). An undo takes back the answer it names (a format-1 undo:
    /// the latest answer not yet undone), so undo is repeatable and never takes back another
    /// process's answer; the card's state is derived again from its remaining answers.
    /// A cram answer is kept with the others but leaves the state as it was.
    pub fn apply(&mut self, e: &Entry, sched: &Scheduler) {
        match &e.event {
            Event::Answer {
                card, rating, mode, ..
            } if !mode.schedules() => {
                let i = self.intern(card);
                let phase = self.states[i as usize]
                    .as_ref()
                    .map_or(Phase::New, |s| s.phase);
                self.answers.extend(Answer::of(e, i, phase));
                self.last[i as usize] = Some((e.at, *rating));
            }
            Event::Answer {
                card,
                rating,
                after,
                ..
            } => {
                let i = self.intern(card);
                let state = self.states[i as usize]
                    .take()
                    .unwrap_or_else(CardState::new_card);
                let next = next_state(sched, card, &state, *rating, e.at, after.as_ref());
                self.answers.extend(Answer::of(e, i, state.phase));
                self.states[i as usize] = Some(next);
                self.last[i as usize] = Some((e.at, *rating));
            }
            Event::Undo { entry: None } => {
                if let Some(undone) = self.answers.pop() {
                    self.rederive(undone.card, sched);
                }
            }
            Event::Undo { entry: Some(id) } => {
                if let Some(undone) = self.answers.remove(id_hash(id)) {
                    self.rederive(undone.card, sched);
                }
            }
            Event::Bury { card } => {
                let i = self.intern(card) as usize;
                self.buried[i] = Some(sched.day(e.at));
            }
            Event::Suspend { card } => {
                let i = self.intern(card) as usize;
                self.suspended[i] = true;
            }
            Event::Unsuspend { card } => {
                let i = self.intern(card) as usize;
                self.suspended[i] = false;
            }
            Event::Unbury { card } => {
                let i = self.intern(card) as usize;
                self.buried[i] = None;
            }
            Event::Flag { card, note } => {
                let i = self.intern(card);
                self.flags.insert(
                    i,
                    FlagInfo {
                        at: e.at,
                        note: note.clone(),
                    },
                );
            }
            Event::Unflag { card } => {
                let i = self.intern(card);
                self.flags.remove(&i);
            }
            Event::MoreNew { n } => {
                let day = sched.day(e.at);
                let extra = self.extra_new.entry(day).or_insert(0);
                *extra = extra.saturating_add(*n);
            }
        }
    }

    /// [`History::apply`] for each entry in turn, the cards side by side when that gives the
    /// same: with no undo in the entries, a card's state and latest answer depend on its own
    /// answers alone (a long log at a cold start-up).
    pub fn apply_all(&mut self, entries: &[Entry], sched: &Scheduler) {
        let undo = entries
            .iter()
            .any(|e| matches!(e.event, Event::Undo { .. }));
        if undo || entries.len() < PER_CARD_FROM {
            for e in entries {
                self.apply(e, sched);
            }
        } else {
            self.apply_per_card(entries, sched);
        }
    }

    /// [`History::apply_all`] for entries with no undo: ids interned and the other events
    /// applied in log order, each card's answers on its own (in parallel), then the answers
    /// recorded in log order.
    fn apply_per_card(&mut self, entries: &[Entry], sched: &Scheduler) {
        use rayon::prelude::*;
        const NONE: u32 = u32::MAX;
        let mut card_of: Vec<u32> = Vec::with_capacity(entries.len());
        for e in entries {
            card_of.push(match &e.event {
                Event::Answer { card, .. } => self.intern(card),
                _ => {
                    self.apply(e, sched);
                    NONE
                }
            });
        }
        // Each card's answers in log order (a counting sort): `order[start[c]..start[c + 1]]`.
        let cards = self.states.len();
        let mut start = vec![0usize; cards + 1];
        for &c in card_of.iter().filter(|&&c| c != NONE) {
            start[c as usize + 1] += 1;
        }
        for c in 0..cards {
            start[c + 1] += start[c];
        }
        let mut order = vec![0u32; start[cards]];
        let mut fill = start.clone();
        for (k, &c) in card_of.iter().enumerate().filter(|(_, c)| **c != NONE) {
            order[fill[c as usize]] = k as u32;
            fill[c as usize] += 1;
        }
        // The card's phase before each answer, in `order`'s order.
        let mut phases = vec![Phase::New; order.len()];
        let mut segments: Vec<&mut [Phase]> = Vec::with_capacity(cards);
        let mut rest = phases.as_mut_slice();
        for c in 0..cards {
            let (mine, after) = rest.split_at_mut(start[c + 1] - start[c]);
            segments.push(mine);
            rest = after;
        }
        self.states
            .par_iter_mut()
            .zip(self.last.par_iter_mut())
            .zip(segments)
            .enumerate()
            .for_each(|(c, ((state, last), phases))| {
                for (&k, phase) in order[start[c]..start[c + 1]].iter().zip(phases) {
                    let e = &entries[k as usize];
                    let Event::Answer {
                        card,
                        rating,
                        mode,
                        after,
                        ..
                    } = &e.event
                    else {
                        continue;
                    };
                    *phase = state.as_ref().map_or(Phase::New, |s| s.phase);
                    if mode.schedules() {
                        let before = state.take().unwrap_or_else(CardState::new_card);
                        *state = Some(next_state(
                            sched,
                            card,
                            &before,
                            *rating,
                            e.at,
                            after.as_ref(),
                        ));
                    }
                    *last = Some((e.at, *rating));
                }
            });
        let mut phase_of = vec![Phase::New; entries.len()];
        for (&k, &phase) in order.iter().zip(&phases) {
            phase_of[k as usize] = phase;
        }
        // The answers in log order, made side by side (each hashes its entry's id).
        let answers: Vec<Answer> = entries
            .par_iter()
            .zip(card_of.par_iter())
            .zip(phase_of.par_iter())
            .filter_map(|((e, &card), &phase)| Answer::of(e, card, phase))
            .collect();
        self.answers.append(answers);
    }

    /// The card's state from its answers alone (cram answers only count as its latest).
    fn rederive(&mut self, card: u32, sched: &Scheduler) {
        let id = self.ids.at(card).unwrap_or("").to_string();
        let mut state: Option<CardState> = None;
        let answers: Vec<Answer> = self
            .answers
            .iter()
            .filter(|a| a.card == card)
            .copied()
            .collect();
        self.last[card as usize] = answers.last().map(|a| (a.at, a.rating));
        for a in answers.into_iter().filter(|a| a.mode.schedules()) {
            let before = state.take().unwrap_or_else(CardState::new_card);
            state = Some(next_state(
                sched,
                &id,
                &before,
                a.rating,
                a.at,
                a.after.as_ref(),
            ));
        }
        self.states[card as usize] = state;
    }
}

/// The state after an answer: the recorded schedule if there is one, counted on from `state`
/// as the scheduler would; else the scheduler's.
fn next_state(
    sched: &Scheduler,
    card: &str,
    state: &CardState,
    rating: Rating,
    at: i64,
    after: Option<&Recorded>,
) -> CardState {
    let Some(r) = after else {
        return sched.answer(card, state, rating, at);
    };
    let lapse = state.phase == super::schedule::Phase::Review && rating == Rating::Again;
    CardState {
        phase: r.phase,
        step: r.step as usize,
        memory: r.memory,
        due: r.due,
        interval: r.interval,
        last_review: Some(at),
        last_rating: Some(rating),
        last_lapse: if lapse { Some(at) } else { state.last_lapse },
        reps: state.reps + 1,
        lapses: state.lapses + u32::from(lapse),
    }
}

/// From this many entries on, [`History::apply_all`] replays the cards side by side.
const PER_CARD_FROM: usize = 4096;

/// Replay a whole log.
pub fn replay(entries: &[Entry], sched: &Scheduler) -> History {
    let mut h = History::default();
    h.apply_all(entries, sched);
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sched() -> Scheduler {
        let settings = crate::config::Config::default()
            .settings(std::path::Path::new("config.toml"))
            .unwrap();
        Scheduler::new(settings, jiff::tz::TimeZone::UTC).unwrap()
    }

    /// An entry of any kind but undo, for one of a few cards.
    fn entry() -> impl Strategy<Value = (u8, u8, usize, usize, bool, i64)> {
        (
            0u8..12,
            0u8..6,
            0usize..4,
            0usize..4,
            any::<bool>(),
            0i64..20 * 86_400_000,
        )
    }

    fn log(raw: &[(u8, u8, usize, usize, bool, i64)], sched: &Scheduler) -> Vec<Entry> {
        let mut at = 1_763_726_400_000i64;
        raw.iter()
            .enumerate()
            .map(|(k, &(kind, card, rating, mode, recorded, gap))| {
                at += gap;
                let card = format!("c{card}");
                let rating = Rating::ALL[rating];
                let event = match kind {
                    0 => Event::Bury { card },
                    1 => Event::Suspend { card },
                    2 => Event::Unsuspend { card },
                    3 => Event::Flag {
                        card,
                        note: Some("n".into()),
                    },
                    4 => Event::Unflag { card },
                    5 => Event::Unbury { card },
                    6 => Event::MoreNew { n: 3 },
                    _ => Event::Answer {
                        // A schedule recorded by another machine, unlike this one's.
                        after: recorded.then(|| {
                            let other = sched.answer(&card, &CardState::new_card(), rating, at);
                            Recorded::of(&other)
                        }),
                        card,
                        rating,
                        secs: k as f32,
                        mode: Mode::ALL[mode],
                    },
                };
                Entry {
                    id: format!("e{k}"),
                    at,
                    event,
                }
            })
            .collect()
    }

    proptest! {
        /// Every card's state, latest answer, the answers with their phases, flags, burials
        /// and extra new cards: the same replayed card by card as one entry at a time, from an
        /// empty history and from one with answers already.
        #[test]
        fn card_by_card_replays_as_entry_by_entry(
            before in prop::collection::vec(entry(), 0..20),
            raw in prop::collection::vec(entry(), 0..120),
        ) {
            let s = sched();
            let before = log(&before, &s);
            let entries = log(&raw, &s);
            let mut start = History::default();
            for e in &before {
                start.apply(e, &s);
            }
            let mut one_by_one = start.clone();
            for e in &entries {
                one_by_one.apply(e, &s);
            }
            let mut per_card = start;
            per_card.apply_per_card(&entries, &s);
            prop_assert_eq!(&per_card, &one_by_one);
            prop_assert_eq!(format!("{per_card:?}"), format!("{one_by_one:?}"));
            let answers = |h: &History| h.answers.iter().copied().collect::<Vec<_>>();
            prop_assert_eq!(answers(&per_card), answers(&one_by_one));
        }
    }
}

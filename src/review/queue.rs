//! What to study now: learning cards when due, then due reviews (lowest probability of recall
//! first), then new cards up to the daily limit in note order. Also the "missed" view and the
//! counts per deck and section.

use super::log::Rating;
use super::replay::History;
use super::schedule::{Due, Phase, Scheduler};
use crate::deck::Card;
use crate::text::fold;

/// A card of a loaded deck, in note order.
#[derive(Clone, Copy, Debug)]
pub struct StudyCard<'a> {
    pub deck: &'a str,
    pub card: &'a Card,
}

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
    pub fn matches(&self, deck: &str, card: &Card) -> bool {
        self.matches_deck(deck)
            && self
                .section
                .as_deref()
                .is_none_or(|s| section_matches(&card.section, s))
            && self
                .path
                .as_deref()
                .is_none_or(|p| card.section.starts_with(p))
    }

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

/// New cards that may still be introduced today.
pub fn new_left_today(h: &History, s: &Scheduler, now: i64) -> usize {
    let today = s.day(now);
    let start = s.day_start(today);
    let introduced = h
        .answers
        .since(start)
        .filter(|a| a.phase == Phase::New)
        .count();
    (s.settings.config.new_per_day as usize).saturating_sub(introduced)
}

/// Whether a card can be studied today at all (not suspended, not buried).
fn available(h: &History, id: &str, today: i32) -> bool {
    !h.is_suspended(id) && !h.is_buried(id, today)
}

/// The study queue for `filter` at `now`.
pub fn build(
    cards: &[StudyCard],
    h: &History,
    s: &Scheduler,
    now: i64,
    filter: &Filter,
    limits: Limits,
) -> Queue {
    let today = s.day(now);
    let mut learning: Vec<(i64, usize)> = Vec::new();
    let mut review: Vec<(f32, i32, usize)> = Vec::new();
    let mut new = Vec::new();
    let new_limit = limits
        .new
        .unwrap_or(usize::MAX)
        .min(new_left_today(h, s, now));
    for (i, sc) in cards.iter().enumerate() {
        if !filter.matches(sc.deck, sc.card) {
            continue;
        }
        let (state, out) = h.status(&sc.card.id, today);
        if out {
            continue;
        }
        match state {
            None => {
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
    learning.sort_by_key(|&(t, i)| (t, i));
    review.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
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

/// Missed cards: the latest answer was Again, or the card lapsed within the configured number
/// of days, whatever their due date. Most recently missed first.
pub fn missed(
    cards: &[StudyCard],
    h: &History,
    s: &Scheduler,
    now: i64,
    filter: &Filter,
) -> Vec<usize> {
    let today = s.day(now);
    let since = now - i64::from(s.settings.config.missed_days) * super::schedule::MS_PER_DAY;
    let mut out: Vec<(i64, usize)> = cards
        .iter()
        .enumerate()
        .filter(|(_, sc)| filter.matches(sc.deck, sc.card) && available(h, &sc.card.id, today))
        .filter_map(|(i, sc)| {
            let st = h.state(&sc.card.id)?;
            let again = st.last_rating == Some(Rating::Again);
            let lapsed = st.last_lapse.is_some_and(|t| t >= since);
            (again || lapsed).then(|| (st.last_review.unwrap_or(0), i))
        })
        .collect();
    out.sort_by_key(|&(t, i)| (std::cmp::Reverse(t), i));
    out.into_iter().map(|(_, i)| i).collect()
}

/// Cards in each state, for the counts shown per deck and section.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// New cards (not limited by the daily limit).
    pub new: usize,
    /// In (re)learning and due now.
    pub learning: usize,
    /// Reviews due today.
    pub due: usize,
    pub missed: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.new += o.new;
        self.learning += o.learning;
        self.due += o.due;
        self.missed += o.missed;
    }
}

/// The counts of one card at `now`.
pub fn count_card(card: &Card, h: &History, s: &Scheduler, now: i64) -> Counts {
    let today = s.day(now);
    let mut c = Counts::default();
    let (state, out) = h.status(&card.id, today);
    if out {
        return c;
    }
    let since = now - i64::from(s.settings.config.missed_days) * super::schedule::MS_PER_DAY;
    match state {
        None => c.new = 1,
        Some(st) => {
            match st.due {
                Due::At(t) if t <= now => c.learning = 1,
                Due::Day(d) if d <= today => c.due = 1,
                _ => {}
            }
            if st.last_rating == Some(Rating::Again) || st.last_lapse.is_some_and(|t| t >= since) {
                c.missed = 1;
            }
        }
    }
    c
}

//! Which cards an exam can ask (those `study::choices` makes a four-option question of), and
//! drawing N of them across sections in proportion to how many each section has, the same
//! questions and option order for the same seed and decks.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rayon::prelude::*;

use crate::deck::{Deck, Kind};
use crate::review::{Filter, StudyCard};
use crate::study::{Choice, choices};

/// One exam question: a card asked as multiple choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub card: String,
    pub deck: String,
    pub kind: Kind,
    /// The card's section path, for grouping into exam sections.
    pub path: Vec<String>,
    /// The list items above the card's item, shown above the question.
    pub context: Option<String>,
    pub choice: Choice,
    /// Where the card comes from in the notes, `notes/aws-services.md:52`; `None` for a
    /// hand-written deck.
    pub source: Option<String>,
    /// The exam section this question counts toward (set by [`askable`]).
    pub section: String,
    /// Its place among the askable cards, in deck and note order.
    pub order: usize,
}

impl Question {
    /// The right option's text.
    pub fn answer(&self) -> &str {
        &self.choice.options[self.choice.correct]
    }
}

/// The seed of the options' order for one card in an exam of seed `seed`.
fn card_seed(seed: u64, card: &str) -> u64 {
    crate::cache::hash(format!("exam#{seed}#{card}").as_bytes())
}

/// A seed for an exam started at `now` (Unix ms) without `--seed`: six digits, easy to type
/// to sit the same exam again.
pub fn seed_from(now: i64) -> u64 {
    crate::cache::hash(&now.to_le_bytes()) % 1_000_000
}

/// Every card `filter` selects that can be asked as multiple choice, in deck and note order,
/// each with its options (in the order `seed` gives) and its exam section. `skip` leaves
/// cards out (suspended ones). Distractors come from the card's own deck, as in a session.
pub fn askable(
    decks: &[Deck],
    filter: &Filter,
    skip: impl Fn(&str) -> bool + Sync,
    seed: u64,
) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    for deck in decks.iter().filter(|d| filter.matches_deck(&d.name)) {
        let pool: Vec<StudyCard> = deck
            .cards
            .iter()
            .map(|card| StudyCard {
                deck: &deck.name,
                card,
            })
            .collect();
        // A choice walks the whole deck for distractors: the cards side by side.
        let found: Vec<Question> = deck
            .cards
            .par_iter()
            .filter(|c| filter.matches(&deck.name, c) && !skip(&c.id))
            .filter_map(|c| {
                let choice = choices(c, &deck.name, &pool, card_seed(seed, &c.id))?;
                Some(Question {
                    card: c.id.clone(),
                    deck: deck.name.clone(),
                    kind: c.kind,
                    path: c.section.to_vec(),
                    context: c.context.clone(),
                    choice,
                    source: deck.source.as_ref().map(|s| match c.line {
                        Some(l) => format!("{s}:{l}"),
                        None => s.clone(),
                    }),
                    section: String::new(),
                    order: 0,
                })
            })
            .collect();
        out.extend(found);
    }
    for (i, q) in out.iter_mut().enumerate() {
        q.order = i;
    }
    name_sections(&mut out);
    out
}

/// Exam sections: the first level of the section tree below what every question shares (the
/// top-level sections of a deck; a section's subsections when the exam is on one section),
/// with the deck's name in front when the exam spans several decks.
fn name_sections(qs: &mut [Question]) {
    let several_decks = qs.iter().any(|q| q.deck != qs[0].deck);
    let shared = if several_decks {
        0
    } else {
        qs.iter()
            .skip(1)
            .fold(qs.first().map_or(0, |q| q.path.len()), |n, q| {
                n.min(
                    q.path
                        .iter()
                        .zip(&qs[0].path)
                        .take_while(|(a, b)| a == b)
                        .count(),
                )
            })
    };
    for q in qs.iter_mut() {
        let own = match q.path.get(shared) {
            Some(s) => s.clone(),
            // A card right at the shared level: that level's name, else the deck's.
            None => q.path.last().cloned().unwrap_or_else(|| q.deck.clone()),
        };
        q.section = if several_decks {
            format!("{} › {own}", q.deck)
        } else {
            own
        };
    }
}

/// How many of `n` questions each group of `sizes` gets: in proportion to its size, rounded by
/// the largest remainder (Hamilton's method), so the counts add up to `n` (or to every card,
/// if there are fewer) and none is more than one off its exact share. Ties go by `seed`.
pub fn allocate(sizes: &[usize], n: usize, seed: u64) -> Vec<usize> {
    let total: usize = sizes.iter().sum();
    let n = n.min(total);
    if total == 0 {
        return vec![0; sizes.len()];
    }
    let mut out: Vec<usize> = sizes.iter().map(|s| n * s / total).collect();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
    // Largest remainder first; the shuffle breaks ties.
    order.sort_by_key(|&i| std::cmp::Reverse(n * sizes[i] % total));
    let short = n - out.iter().sum::<usize>();
    for &i in order.iter().take(short) {
        out[i] += 1;
    }
    out
}

/// `n` of the askable questions (all of them if there are fewer), each section getting its
/// share ([`allocate`]), chosen within a section and then put in an order by `seed`.
pub fn draw(askable: Vec<Question>, n: usize, seed: u64) -> Vec<Question> {
    let mut names: Vec<String> = Vec::new();
    let mut groups: Vec<Vec<Question>> = Vec::new();
    for q in askable {
        match names.iter().position(|s| *s == q.section) {
            Some(i) => groups[i].push(q),
            None => {
                names.push(q.section.clone());
                groups.push(vec![q]);
            }
        }
    }
    let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    let shares = allocate(&sizes, n, seed);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut out = Vec::new();
    for (mut g, k) in groups.into_iter().zip(shares) {
        g.shuffle(&mut rng);
        g.truncate(k);
        out.extend(g);
    }
    out.shuffle(&mut rng);
    // Drawn from one deck after all: its name in front of every section says nothing.
    if let Some(first) = out.first().map(|q| format!("{} › ", q.deck))
        && out.iter().all(|q| q.section.starts_with(&first))
    {
        for q in &mut out {
            q.section = q.section[first.len()..].to_string();
        }
    }
    out
}

/// The time for `count` questions: the SAA exam's 130 minutes for 65, two minutes a question.
pub fn default_minutes(count: usize) -> u32 {
    (count.max(1) * 2).min(u32::MAX as usize) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_follow_the_sizes_and_add_up() {
        assert_eq!(allocate(&[30, 20, 10], 6, 1), [3, 2, 1]);
        assert_eq!(allocate(&[30, 20, 10], 60, 1), [30, 20, 10]);
        assert_eq!(
            allocate(&[30, 20, 10], 100, 1),
            [30, 20, 10],
            "no more than there is"
        );
        assert_eq!(allocate(&[1, 1, 98], 10, 1), [0, 0, 10]);
        assert_eq!(allocate(&[], 10, 1), Vec::<usize>::new());
        // 2.5, 1.5 and 1: one of the two halves gets the fifth question, by the seed.
        for seed in 0..20 {
            let s = allocate(&[5, 3, 2], 5, seed);
            assert_eq!(s.iter().sum::<usize>(), 5);
            assert!(s == [3, 1, 1] || s == [2, 2, 1], "{s:?}");
        }
        let seen: std::collections::HashSet<Vec<usize>> =
            (0..20).map(|seed| allocate(&[5, 3, 2], 5, seed)).collect();
        assert_eq!(seen.len(), 2, "ties do not always go the same way");
    }

    #[test]
    fn minutes_are_two_a_question() {
        assert_eq!(default_minutes(65), 130);
        assert_eq!(default_minutes(10), 20);
    }
}

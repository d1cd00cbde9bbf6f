//! Which cards an exam can ask (those `study::choices` makes a four-option question of), and
//! drawing N of them across sections in proportion to how many each section has, the same
//! questions and option order for the same seed and decks.

use std::collections::{HashMap, HashSet};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rayon::prelude::*;

use crate::deck::{Deck, Kind};
use crate::review::{Filter, StudyCard};
use crate::study::{Choice, choices, prompt};
use crate::text::fold;

/// A card an exam can ask: it has a short answer and enough others like it in its deck for
/// four options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Askable {
    pub card: String,
    pub deck: String,
    /// Where the card is in the decks it was found in (deck, card), to ask it.
    pub at: (usize, usize),
    pub kind: Kind,
    /// The card's section path, for grouping into exam sections.
    pub path: Vec<String>,
    /// The list items above the card's item, shown above the question.
    pub context: Option<String>,
    /// Where the card comes from in the notes, `notes/aws-services.md:52`; `None` for a
    /// hand-written deck.
    pub source: Option<String>,
    /// The exam section this card counts toward (set by [`askable`]).
    pub section: String,
    /// Its place among the askable cards, in deck and note order.
    pub order: usize,
}

/// One exam question: an askable card with its four options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub card: String,
    pub deck: String,
    pub kind: Kind,
    pub path: Vec<String>,
    pub context: Option<String>,
    pub source: Option<String>,
    pub section: String,
    pub order: usize,
    pub choice: Choice,
}

impl Question {
    pub fn new(a: &Askable, choice: Choice) -> Question {
        Question {
            card: a.card.clone(),
            deck: a.deck.clone(),
            kind: a.kind,
            path: a.path.clone(),
            context: a.context.clone(),
            source: a.source.clone(),
            section: a.section.clone(),
            order: a.order,
            choice,
        }
    }

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

/// Which cards of `deck` [`choices`] can ask with four options, without building every
/// card's options (that walks the deck once per card, too slow for a deck of thousands). A
/// card needs a short answer and three other answers of its kind in the deck, told apart after
/// folding, as `choices` counts them; a service card short of those may still get services
/// from the catalog, so `choices` itself decides for it. A test checks this against
/// `choices` for every bundled card.
pub fn can_choose(deck: &Deck) -> Vec<bool> {
    let answers: Vec<Option<String>> = deck
        .cards
        .par_iter()
        .map(|c| prompt(c).map(|p| fold(&p.answer)))
        .collect();
    let mut distinct: HashMap<Kind, HashSet<&str>> = HashMap::new();
    for (c, a) in deck.cards.iter().zip(&answers) {
        if let Some(a) = a {
            distinct.entry(c.kind).or_default().insert(a);
        }
    }
    let pool: Vec<StudyCard> = deck
        .cards
        .iter()
        .map(|card| StudyCard {
            deck: &deck.name,
            card,
        })
        .collect();
    deck.cards
        .par_iter()
        .zip(&answers)
        .map(|(c, a)| {
            // Its own answer is among the distinct ones.
            let others = a.as_ref().map_or(0, |_| distinct[&c.kind].len() - 1);
            match a {
                None => false,
                Some(_) if others >= 3 => true,
                Some(_) if c.kind == Kind::Service => choices(c, &deck.name, &pool, 0).is_some(),
                Some(_) => false,
            }
        })
        .collect()
}

/// Every card `filter` selects that can be asked as multiple choice, in deck and note order,
/// with its exam section. `skip` leaves cards out (suspended ones).
pub fn askable(decks: &[Deck], filter: &Filter, skip: impl Fn(&str) -> bool) -> Vec<Askable> {
    let mut out: Vec<Askable> = Vec::new();
    for (d, deck) in decks.iter().enumerate() {
        if !filter.matches_deck(&deck.name)
            || !deck.cards.iter().any(|c| filter.matches(&deck.name, c))
        {
            continue;
        }
        let ok = can_choose(deck);
        for (i, c) in deck.cards.iter().enumerate() {
            if !ok[i] || !filter.matches(&deck.name, c) || skip(&c.id) {
                continue;
            }
            out.push(Askable {
                card: c.id.clone(),
                deck: deck.name.clone(),
                at: (d, i),
                kind: c.kind,
                path: c.section.to_vec(),
                context: c.context.clone(),
                source: deck.source.as_ref().map(|s| match c.line {
                    Some(l) => format!("{s}:{l}"),
                    None => s.clone(),
                }),
                section: String::new(),
                order: out.len(),
            });
        }
    }
    name_sections(&mut out);
    out
}

/// Exam sections: the first level of the section tree below what every question shares (the
/// top-level sections of a deck; a section's subsections when the exam is on one section),
/// with the deck's name in front when the exam spans several decks.
fn name_sections(qs: &mut [Askable]) {
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

/// `n` of the askable cards (all of them if there are fewer), each section getting its share
/// ([`allocate`]), chosen within a section and then put in an order by `seed`, each asked with
/// its options in the order `seed` gives. `decks` are the ones `askable` looked in.
pub fn draw(decks: &[Deck], askable: &[Askable], n: usize, seed: u64) -> Vec<Question> {
    let mut names: Vec<&str> = Vec::new();
    let mut groups: Vec<Vec<&Askable>> = Vec::new();
    for a in askable {
        match names.iter().position(|s| *s == a.section) {
            Some(i) => groups[i].push(a),
            None => {
                names.push(&a.section);
                groups.push(vec![a]);
            }
        }
    }
    let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    let shares = allocate(&sizes, n, seed);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut picked: Vec<&Askable> = Vec::new();
    for (mut g, k) in groups.into_iter().zip(shares) {
        g.shuffle(&mut rng);
        g.truncate(k);
        picked.extend(g);
    }
    picked.shuffle(&mut rng);
    // Options walk the card's deck for distractors: the questions side by side.
    let mut pools: HashMap<usize, Vec<StudyCard>> = HashMap::new();
    for a in &picked {
        if let Some(deck) = decks.get(a.at.0) {
            pools.entry(a.at.0).or_insert_with(|| {
                deck.cards
                    .iter()
                    .map(|card| StudyCard {
                        deck: &deck.name,
                        card,
                    })
                    .collect()
            });
        }
    }
    let mut out: Vec<Question> = picked
        .par_iter()
        .filter_map(|a| {
            let deck = decks.get(a.at.0)?;
            let card = deck.cards.get(a.at.1).filter(|c| c.id == a.card)?;
            let choice = choices(card, &deck.name, &pools[&a.at.0], card_seed(seed, &card.id))?;
            Some(Question::new(a, choice))
        })
        .collect();
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

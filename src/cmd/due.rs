//! `kioku due`: per deck and section, the cards that are new, learning, due and missed.

use std::io::Write;

use super::pad;
use crate::collection::Collection;
use crate::deck::section_tree_by;
use crate::review::queue::{count_card, new_left_today};
use crate::review::{Counts, Filter};
use crate::text::width;

pub fn run(c: &Collection, filter: &Filter, now: i64, out: &mut dyn Write) -> bool {
    let rows: Vec<(String, Counts)> = c
        .decks
        .iter()
        .filter(|d| filter.matches_deck(&d.name))
        .flat_map(|d| {
            let cards: Vec<_> = d
                .cards
                .iter()
                .filter(|card| filter.matches(&d.name, card))
                .map(|card| (card, count_card(card, &c.history, &c.sched, now)))
                .collect();
            let mut total = Counts::default();
            for (_, n) in &cards {
                total += *n;
            }
            let head = (d.name.clone(), total);
            let tree = section_tree_by(cards.iter().map(|(card, n)| (*card, *n)));
            std::iter::once(head).chain(
                tree.into_iter()
                    .map(|s| (format!("{}{}", "  ".repeat(s.depth + 1), s.name), s.sum)),
            )
        })
        .collect();
    let w = rows
        .iter()
        .map(|(n, _)| width(n))
        .max()
        .unwrap_or(0)
        .clamp(10, 72);
    let _ = writeln!(out, "{}   new  learn    due  missed", pad("", w));
    for (name, n) in &rows {
        let _ = writeln!(
            out,
            "{} {:>5}  {:>5}  {:>5}  {:>6}",
            pad(name, w),
            n.new,
            n.learning,
            n.due,
            n.missed
        );
    }
    let left = new_left_today(&c.history, &c.sched, now);
    let _ = writeln!(
        out,
        "new cards left today: {left} of {} (new_per_day in {})",
        c.sched.settings.config.new_per_day,
        crate::fsutil::display(&c.places.config())
    );
    true
}

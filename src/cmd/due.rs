//! `kioku due`: per deck and section, the cards that are new, learning, due and missed, with the
//! same definitions and texts as the home screen (`review::queue::Counts`).

use std::io::Write;

use super::pad;
use crate::collection::Collection;
use crate::review::queue::{COLUMNS, CountAt, count_card_at, new_left_today};
use crate::review::{Counts, Filter};
use crate::text::width;

pub fn run(c: &Collection, filter: &Filter, now: i64, out: &mut dyn Write) -> bool {
    use rayon::prelude::*;
    let at = CountAt::new(&c.sched, now);
    let all = c.keys();
    // Each deck is counted on its own, so the work spreads over the cores; the status line's
    // next due time beside them.
    let (decks, next) = rayon::join(
        || {
            c.index()
                .par_iter()
                .filter(|d| filter.matches_deck(&d.name))
                .map(|d| {
                    let (total, tree) = d.section_sums(
                        |card| filter.matches(&d.name, card),
                        |card| count_card_at(card, &c.history, at),
                    );
                    let rows =
                        std::iter::once((d.name.clone(), total))
                            .chain(tree.into_iter().map(|s| {
                                (format!("{}{}", "  ".repeat(s.depth + 1), s.name), s.sum)
                            }))
                            .collect::<Vec<_>>();
                    (total, rows)
                })
                .collect::<Vec<_>>()
        },
        || crate::review::queue::next_due(&all, &c.history, &c.sched, now, filter),
    );
    // The decks' totals are the count of every card the filter selects (a card is in one
    // deck): no second pass over the cards for the status line.
    let mut ready = Counts::default();
    let mut rows: Vec<(String, Counts)> = Vec::new();
    for (total, deck_rows) in decks {
        ready += total;
        rows.extend(deck_rows);
    }
    let w = rows
        .iter()
        .map(|(n, _)| width(n))
        .max()
        .unwrap_or(0)
        .clamp(10, 72);
    // The same column texts as the home screen (see `Counts::columns`).
    let left = new_left_today(&c.history, &c.sched, now);
    let cells: Vec<[String; 4]> = rows.iter().map(|(_, n)| n.columns(left)).collect();
    let col_w: Vec<usize> = (0..4)
        .map(|i| {
            cells
                .iter()
                .map(|r| width(&r[i]))
                .chain([width(COLUMNS[i]), 5])
                .max()
                .unwrap_or(5)
        })
        .collect();
    let line = |name: &str, cols: [&str; 4]| {
        let mut l = pad(name, w);
        for (cell, &cw) in cols.iter().zip(&col_w) {
            l.push_str("  ");
            l.push_str(&" ".repeat(cw.saturating_sub(width(cell))));
            l.push_str(cell);
        }
        l
    };
    let _ = writeln!(out, "{}", line("", COLUMNS).trim_end());
    for ((name, _), cell) in rows.iter().zip(&cells) {
        let _ = writeln!(out, "{}", line(name, cell.each_ref().map(String::as_str)));
    }
    let today = c.sched.day(now);
    let extra = c.history.extra_new(today);
    let limit = c.sched.settings.config.new_per_day;
    let _ = writeln!(
        out,
        "new cards left today: {left} of {}{} (new_per_day in {})",
        limit + extra,
        if extra > 0 {
            format!(", {extra} of them added for today")
        } else {
            String::new()
        },
        crate::fsutil::display(&c.places.config())
    );
    // The home screen's status line says the same.
    if ready.studiable(left) == 0 {
        let _ = writeln!(
            out,
            "{}",
            crate::review::queue::next_text(next, now, &c.sched)
        );
    }
    true
}

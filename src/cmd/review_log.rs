//! `kioku review-log --tail N`: the log in readable form.

use std::io::Write;

use super::one_line;
use crate::collection::Collection;
use crate::error::Result;
use crate::review::log::{self, Event};

pub fn run(c: &Collection, tail: usize, out: &mut dyn Write) -> Result<bool> {
    let read = log::read_all(&c.places.data_dir)?;
    let skip = read.entries.len().saturating_sub(tail);
    // Which card each answer was about, so an undo can say what it took back.
    let answered: std::collections::HashMap<&str, &str> = read
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            Event::Answer { card, .. } => Some((e.id.as_str(), card.as_str())),
            _ => None,
        })
        .collect();
    let tz = c.sched.time_zone().clone();
    for e in &read.entries[skip..] {
        let when = jiff::Timestamp::from_millisecond(e.at)
            .map(|t| {
                t.to_zoned(tz.clone())
                    .strftime("%Y-%m-%d %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|_| e.at.to_string());
        let about = |id: &str| match c.find(id) {
            Some((deck, card)) => format!(
                "{id}  {} › {}: {}",
                deck.name,
                card.section_path(),
                one_line(&card.front, 40)
            ),
            None => format!("{id}  (not in any deck)"),
        };
        let line = match &e.event {
            Event::Answer {
                card,
                rating,
                secs,
                mode,
                ..
            } => {
                format!(
                    "review     {:<5} {:>6.1}s  {:<6} {}",
                    rating.as_str(),
                    secs,
                    mode.as_str(),
                    about(card)
                )
            }
            Event::Undo { entry: None } => {
                "undo       (the latest answer not yet undone)".to_string()
            }
            Event::Undo { entry: Some(id) } => match answered.get(id.as_str()) {
                Some(card) => format!("undo       the answer to {}", about(card)),
                None => format!("undo       (the answer {id}, not in the log)"),
            },
            Event::Bury { card } => format!("bury       {}", about(card)),
            Event::Suspend { card } => format!("suspend    {}", about(card)),
            Event::Unsuspend { card } => format!("unsuspend  {}", about(card)),
            Event::Flag { card, note: None } => format!("flag       {}", about(card)),
            Event::Flag {
                card,
                note: Some(n),
            } => format!("flag       {}  ({})", about(card), one_line(n, 40)),
            Event::Unflag { card } => format!("unflag     {}", about(card)),
            Event::Unbury { card } => format!("unbury     {}", about(card)),
            Event::MoreNew { n } => format!("more new   +{n} new cards for the day"),
        };
        let _ = writeln!(out, "{when}  {line}");
    }
    if read.entries.is_empty() {
        let _ = writeln!(
            out,
            "no reviews yet in {}",
            crate::fsutil::display(&c.places.logs())
        );
    }
    Ok(true)
}

//! `kioku cards`: the card browser's rows as a table; `kioku show ID`: one card with its
//! review history.

use std::io::Write;

use super::{one_line, pad};
use crate::collection::Collection;
use crate::error::{Error, Result};
use crate::study::browse::{self, Query, card_history, due_text, stability_text};
use crate::text::{sanitize, width};

/// Longest section path and front shown in the table, in columns.
const SECTION_MAX: usize = 32;
const FRONT_MAX: usize = 40;

pub fn run(c: &Collection, q: &Query, now: i64, out: &mut dyn Write) -> bool {
    let cards = c.study_cards();
    let rows = browse::rows(&cards, &c.history, &c.sched, q, now);
    if rows.is_empty() {
        let _ = writeln!(out, "no card matches");
        return true;
    }
    let header = [
        "id", "deck", "section", "kind", "state", "due", "stab", "lapses", "marks", "front",
    ];
    // Right-aligned: the numbers.
    let right = [
        false, false, false, false, false, true, true, true, false, false,
    ];
    let table: Vec<[String; 10]> = rows
        .iter()
        .map(|r| {
            let marks: Vec<&str> = [(r.flagged, "flag"), (r.leech, "leech")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, m)| *m)
                .collect();
            [
                r.id.clone(),
                r.deck.clone(),
                one_line(&sanitize(&r.section), SECTION_MAX),
                r.kind.as_str().to_string(),
                r.state.as_str().to_string(),
                due_text(r, &c.sched, now),
                stability_text(r),
                r.lapses.to_string(),
                marks.join(","),
                one_line(&sanitize(&r.front), FRONT_MAX),
            ]
            .map(|cell| sanitize(&cell).into_owned())
        })
        .collect();
    let widths: Vec<usize> = (0..10)
        .map(|i| {
            table
                .iter()
                .map(|r| width(&r[i]))
                .chain([width(header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 10]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            if right[i] {
                l.push_str(&" ".repeat(widths[i].saturating_sub(width(cell))));
                l.push_str(cell);
            } else if i == 9 {
                l.push_str(cell);
            } else {
                l.push_str(&pad(cell, widths[i]));
            }
        }
        l.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(header));
    for r in &table {
        let _ = writeln!(out, "{}", line(r.each_ref().map(String::as_str)));
    }
    let n = rows.len();
    let _ = writeln!(out, "{n} card{}", if n == 1 { "" } else { "s" });
    true
}

/// `kioku show ID`.
pub fn show(c: &Collection, id: &str, now: i64, out: &mut dyn Write) -> Result<bool> {
    let Some((deck, card)) = c.find(id) else {
        return Err(Error::UnknownCard { id: id.to_string() });
    };
    let h = &c.history;
    let s = &c.sched;
    let state = browse::status(h, id, s, now);
    let _ = writeln!(out, "id:       {}", card.id);
    let _ = writeln!(out, "deck:     {}", deck.name);
    let _ = writeln!(out, "section:  {}", card.section_path());
    let _ = writeln!(out, "kind:     {}", card.kind);
    let source = match (&deck.source, card.line) {
        (Some(src), Some(line)) => format!("{src}:{line}"),
        (Some(src), None) => src.clone(),
        (None, _) => "hand-written deck".into(),
    };
    let _ = writeln!(out, "source:   {source}");
    let mut about = vec![state.as_str().to_string()];
    if let Some(st) = h.state(id) {
        let row = browse::rows(
            &[crate::review::StudyCard {
                deck: &deck.name,
                card,
            }],
            h,
            s,
            &Query::default(),
            now,
        );
        if let Some(r) = row.first() {
            let due = due_text(r, s, now);
            if !due.is_empty() {
                about.push(format!("due {due}"));
            }
            if let Some(stab) = r.stability {
                about.push(format!("stability {stab:.1}d"));
            }
            if r.leech {
                about.push("leech".into());
            }
        }
        about.push(match st.lapses {
            1 => "1 lapse".into(),
            n => format!("{n} lapses"),
        });
    }
    if let Some(f) = h.flag(id) {
        about.push(match &f.note {
            Some(n) => format!("flagged: {}", one_line(n, 60)),
            None => "flagged".into(),
        });
    }
    let _ = writeln!(out, "state:    {}", about.join(", "));
    let block = |out: &mut dyn Write, title: &str, text: &str| {
        let _ = writeln!(out, "{title}:");
        for l in text.trim_end().lines() {
            let _ = writeln!(out, "  {l}");
        }
    };
    if let Some(ctx) = &card.context {
        block(out, "context", ctx);
    }
    block(out, "front", &card.front);
    block(out, "back", &card.back);
    let history = card_history(h, s, id);
    if history.is_empty() {
        let _ = writeln!(out, "history:  no answers yet");
        return Ok(true);
    }
    let n = history.len();
    let _ = writeln!(
        out,
        "history ({n} answer{}):",
        if n == 1 { "" } else { "s" }
    );
    let tz = s.time_zone().clone();
    for a in &history {
        let when = jiff::Timestamp::from_millisecond(a.at)
            .map(|t| {
                t.to_zoned(tz.clone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| a.at.to_string());
        let ivl = a.interval.map_or("(no schedule change)".to_string(), |i| {
            format!("→ {}", i.label())
        });
        let _ = writeln!(
            out,
            "  {when}  {:<5}  {:<6}  {ivl}",
            a.rating.as_str(),
            a.mode.as_str()
        );
    }
    Ok(true)
}

//! `kioku stats`: the stats screen's figures as text (`--json` for scripts): reviews and
//! streaks, a heatmap of the last weeks, the 30-day forecast, true retention per week, every
//! section's strength weakest first, and the leeches.

use std::io::Write;

use super::pad;
use crate::collection::Collection;
use crate::review::stats::{self, Stats};
use crate::text::{sanitize, width};

/// Shades for a count, from none to the busiest day: characters, so they read without colour.
pub const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];

/// The shade of `n` when the busiest day had `max`.
pub fn shade(n: usize, max: usize) -> char {
    if n == 0 || max == 0 {
        return SHADES[0];
    }
    let step = (n * 4).div_ceil(max).clamp(1, 4);
    SHADES[step]
}

/// Japanese day labels, Monday first.
pub const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// The heatmap as 7 rows (Monday first) of the last `weeks` weeks, one character per day:
/// whole weeks from a Monday, so every row starts in the same column; the days of this week
/// still to come are blank.
pub fn heatmap_rows(st: &Stats, weeks: usize) -> Vec<String> {
    let max = st.heatmap.iter().copied().max().unwrap_or(0);
    // The first Monday in the heatmap: day `start` of it.
    let start = (7 - st.first_weekday as usize) % 7;
    let days = &st.heatmap[start.min(st.heatmap.len())..];
    let columns = days.len().div_ceil(7);
    let skip = columns.saturating_sub(weeks);
    let mut rows = vec![String::new(); 7];
    for (r, row) in rows.iter_mut().enumerate() {
        row.push_str(WEEKDAYS[r]);
        row.push(' ');
        for col in skip..columns {
            row.push(match days.get(col * 7 + r) {
                Some(&n) => shade(n, max),
                None => ' ',
            });
        }
    }
    rows
}

pub fn run(c: &Collection, now: i64, json: bool, out: &mut dyn Write) -> bool {
    let cards = c.study_cards();
    let st = stats::compute(
        &cards,
        &c.history,
        &c.sched,
        now,
        c.sched.settings.config.leech_lapses,
    );
    if json {
        let text = serde_json::to_string_pretty(&st).unwrap_or_default();
        let _ = writeln!(out, "{text}");
        return true;
    }
    let r = &st.reviews;
    let _ = writeln!(
        out,
        "reviews: {} today, {} in 7 days, {} in 30 days, {} in all",
        r.today, r.week, r.month, r.all
    );
    let _ = writeln!(
        out,
        "streak: {} (longest {})",
        days(st.streak.current),
        days(st.streak.longest)
    );
    let m = &st.retention.month;
    let _ = match m.rate() {
        None => writeln!(
            out,
            "true retention (30 days): no reviews of learned cards yet"
        ),
        Some(r) => writeln!(
            out,
            "true retention (30 days): {:.1}% ({} of {} reviews of learned cards were not Again; target {:.0}%)",
            r * 100.0,
            m.passed,
            m.reviews,
            st.retention.desired * 100.0
        ),
    };
    let k = &st.cards;
    let _ = writeln!(
        out,
        "cards: {} new, {} learning, {} young, {} mature (interval ≥ {} days), {} suspended",
        k.new,
        k.learning,
        k.young,
        k.mature,
        stats::MATURE_DAYS,
        k.suspended
    );
    let _ = writeln!(
        out,
        "\nreviews per day, the last 26 weeks (· none … █ the busiest day):"
    );
    for row in heatmap_rows(&st, 26) {
        let _ = writeln!(out, "  {row}");
    }
    let f = &st.forecast;
    let _ = writeln!(
        out,
        "\ndue in the next 30 days (today first; backlog {}):",
        f.backlog
    );
    let max = f.days.iter().copied().max().unwrap_or(0);
    let bars: String = f.days.iter().map(|&n| bar(n, max)).collect();
    let _ = writeln!(out, "  {bars}  max {max}/day");
    let week: Vec<String> = f.days.iter().take(7).map(usize::to_string).collect();
    let _ = writeln!(out, "  next 7 days: {}", week.join(" "));
    let _ = writeln!(
        out,
        "\ntrue retention per week (reviews of learned cards not Again; target {:.0}%):",
        st.retention.desired * 100.0
    );
    for w in &st.retention.weeks {
        let _ = writeln!(
            out,
            "  {}  {}",
            w.start,
            match w.rate() {
                Some(r) => format!("{:>4.0}%  ({} of {})", r * 100.0, w.passed, w.reviews),
                None => "    –".into(),
            }
        );
    }
    let _ = writeln!(out, "\nsections, weakest first:");
    let name_w = st
        .sections
        .iter()
        .map(|s| width(&s.name()))
        .max()
        .unwrap_or(0)
        .clamp(10, 48);
    let _ = writeln!(
        out,
        "  {}  retention  lapses   new learn young mature  stability",
        pad("section", name_w)
    );
    for s in &st.sections {
        let _ = writeln!(
            out,
            "  {}  {:>9}  {:>6}  {:>4} {:>5} {:>5} {:>6}  {:>9}",
            pad(&sanitize(&s.name()), name_w),
            s.retention()
                .map_or("–".into(), |r| format!("{:.0}%", r * 100.0)),
            s.lapses,
            s.cards.new,
            s.cards.learning,
            s.cards.young,
            s.cards.mature,
            s.stability.map_or("–".into(), |d| format!("{d:.1}d"))
        );
    }
    if st.leeches.is_empty() {
        let _ = writeln!(out, "\nleeches: none");
    } else {
        let _ = writeln!(out, "\nleeches ({}):", st.leeches.len());
        for l in &st.leeches {
            let _ = writeln!(
                out,
                "  {}  {} lapses{}  {} › {}  {}",
                l.id,
                l.lapses,
                if l.suspended { ", suspended" } else { "" },
                sanitize(&l.deck),
                sanitize(&l.section),
                super::one_line(&sanitize(&l.front), 40)
            );
        }
    }
    true
}

fn days(n: usize) -> String {
    format!("{n} day{}", if n == 1 { "" } else { "s" })
}

/// One column of a text bar chart.
fn bar(n: usize, max: usize) -> char {
    const BARS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if n == 0 || max == 0 {
        return '·';
    }
    BARS[(n * 8).div_ceil(max).clamp(1, 8)]
}

//! `kioku stats`: reviews over time, true retention, cards by state, streak.

use std::io::Write;

use crate::collection::Collection;
use crate::review::{Phase, Rating};

pub fn run(c: &Collection, now: i64, out: &mut dyn Write) -> bool {
    let s = &c.sched;
    let today = s.day(now);
    let answers = &c.history.answers;
    let since = |days: i32| s.day_start(today - days + 1);
    let count_since = |start: i64| {
        answers
            .iter()
            .filter(|a| a.at >= start && a.at <= now)
            .count()
    };
    let _ = writeln!(
        out,
        "reviews: {} today, {} in 7 days, {} in 30 days, {} in all",
        count_since(since(1)),
        count_since(since(7)),
        count_since(since(30)),
        answers.len()
    );

    // True retention: answers to cards in review, how many were not Again.
    let reviews: Vec<_> = answers
        .iter()
        // An answer dated in the future (a clock set wrong) is not a retention data point yet.
        .filter(|a| a.at >= since(30) && a.at <= now && a.phase == Phase::Review)
        .collect();
    let passed = reviews.iter().filter(|a| a.rating != Rating::Again).count();
    if reviews.is_empty() {
        let _ = writeln!(
            out,
            "true retention (30 days): no reviews of learned cards yet"
        );
    } else {
        let _ = writeln!(
            out,
            "true retention (30 days): {:.1}% ({passed} of {} reviews of learned cards were not Again; target {:.0}%)",
            100.0 * passed as f64 / reviews.len() as f64,
            reviews.len(),
            100.0 * s.settings.config.desired_retention
        );
    }

    let mut by = [0usize; 6];
    for sc in c.study_cards() {
        let id = &sc.card.id;
        let i = if c.history.is_suspended(id) {
            4
        } else if c.history.is_buried(id, today) {
            5
        } else {
            match c.history.state(id).map(|st| st.phase) {
                None | Some(Phase::New) => 0,
                Some(Phase::Learning) => 1,
                Some(Phase::Review) => 2,
                Some(Phase::Relearning) => 3,
            }
        };
        by[i] += 1;
    }
    let _ = writeln!(
        out,
        "cards: {} new, {} learning, {} review, {} relearning, {} suspended, {} buried",
        by[0], by[1], by[2], by[3], by[4], by[5]
    );

    let days: std::collections::HashSet<i32> = answers.iter().map(|a| s.day(a.at)).collect();
    let start = if days.contains(&today) {
        today
    } else {
        today - 1
    };
    let streak = (0..).take_while(|k| days.contains(&(start - k))).count();
    let _ = writeln!(
        out,
        "streak: {streak} day{}",
        if streak == 1 { "" } else { "s" }
    );
    true
}

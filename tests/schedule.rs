//! The scheduler with an injected clock: exact due times through every phase, FSRS numbers equal
//! to the crate's, replay equal to answering, day boundaries, limits, filters, missed, undo,
//! bury and suspend.

use fsrs::{FSRS, FSRSItem, FSRSReview};
use jiff::tz::{Offset, TimeZone};
use kioku::config::{Config, Settings};
use kioku::deck::{Card, Kind};
use kioku::review::queue::{self, missed, new_left_today};
use kioku::review::{
    CardState, Due, Entry, Event, Filter, Limits, Mode, Phase, Rating, Scheduler, StudyCard, replay,
};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

/// 2026-11-21 10:00 in Tokyo (UTC+9) = 01:00 UTC.
fn t0() -> i64 {
    jiff::Timestamp::from_second(1_763_686_800)
        .unwrap()
        .as_millisecond()
}

fn tokyo() -> TimeZone {
    TimeZone::fixed(Offset::constant(9))
}

fn sched_with(f: impl FnOnce(&mut Config)) -> Scheduler {
    let mut c = Config::default();
    f(&mut c);
    let settings: Settings = c.settings(std::path::Path::new("config.toml")).unwrap();
    Scheduler::new(settings, tokyo()).unwrap()
}

fn sched() -> Scheduler {
    sched_with(|_| {})
}

fn card(id: &str, section: &[&str]) -> Card {
    Card {
        id: id.into(),
        kind: Kind::Basic,
        section: section
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into(),
        context: None,
        front: format!("front {id}"),
        back: format!("back {id}"),
        cloze: None,
        answers: Vec::new(),
        line: None,
        tags: vec![],
    }
}

fn review(at: i64, card: &str, rating: Rating) -> Entry {
    Entry {
        id: format!("{card}@{at}"),
        at,
        event: Event::Answer {
            card: card.into(),
            rating,
            secs: 3.0,
            mode: Mode::Flip,
            after: None,
        },
    }
}

#[test]
fn new_learning_graduation_lapse_relearning_with_exact_due_times() {
    let s = sched();
    let t = t0();
    let new = CardState::new_card();

    // The first answers walk the learning steps (1m 10m).
    assert_eq!(s.answer("c", &new, Rating::Again, t).due, Due::At(t + MIN));
    assert_eq!(
        s.answer("c", &new, Rating::Hard, t).due,
        Due::At(t + 330_000),
        "between 1m and 10m"
    );
    let a = s.answer("c", &new, Rating::Good, t);
    assert_eq!(
        (a.phase, a.step, a.due),
        (Phase::Learning, 1, Due::At(t + 10 * MIN))
    );

    // Good on the last step graduates with FSRS's interval for 90% retention.
    let b = s.answer("c", &a, Rating::Good, t + 10 * MIN);
    assert_eq!(b.phase, Phase::Review);
    let fsrs = FSRS::default();
    let m1 = fsrs.next_states(None, 0.9, 0).unwrap().good.memory;
    let n2 = fsrs.next_states(Some(m1), 0.9, 0).unwrap().good;
    assert_eq!(
        b.memory,
        Some(n2.memory),
        "FSRS updates the memory on learning steps too"
    );
    let base = n2.interval.round().max(1.0) as u32;
    assert!(
        b.interval.abs_diff(base) <= 1 + base / 6,
        "{} vs FSRS {}",
        b.interval,
        n2.interval
    );
    let today = s.day(t);
    assert_eq!(b.due, Due::Day(today + b.interval as i32));

    // A lapse goes to relearning (10m), then back to review.
    let due_at = s.day_start(today + b.interval as i32) + 2 * HOUR;
    let c = s.answer("c", &b, Rating::Again, due_at);
    assert_eq!(
        (c.phase, c.due, c.lapses, c.last_lapse),
        (
            Phase::Relearning,
            Due::At(due_at + 10 * MIN),
            1,
            Some(due_at)
        )
    );
    let d = s.answer("c", &c, Rating::Good, due_at + 10 * MIN);
    assert_eq!(d.phase, Phase::Review);
    assert!(d.interval >= 1);
    assert_eq!(d.reps, 4);

    // Easy on a new card graduates at once, further out than Good would.
    let e = s.answer("c", &new, Rating::Easy, t);
    assert_eq!(e.phase, Phase::Review);
    assert!(e.interval > b.interval.min(3));
}

#[test]
fn previews_label_each_button() {
    let s = sched();
    let labels: Vec<String> = s
        .preview("c", &CardState::new_card(), t0())
        .iter()
        .map(|p| p.label.clone())
        .collect();
    assert_eq!(&labels[..3], ["1m", "6m", "10m"]);
    assert!(labels[3].ends_with('d'), "{labels:?}");
    // In review the buttons are in increasing order.
    let mut st = s.answer("c", &CardState::new_card(), Rating::Easy, t0());
    let later = match st.due {
        Due::Day(d) => s.day_start(d) + HOUR,
        _ => unreachable!(),
    };
    st = s.answer("c", &st, Rating::Good, later);
    let p = s.preview(
        "c",
        &st,
        s.day_start(s.day(later) + st.interval as i32) + HOUR,
    );
    let days: Vec<u32> = p[1..].iter().map(|p| p.state.interval).collect();
    assert!(days[0] < days[1] && days[1] < days[2], "{days:?}");
}

#[test]
fn fsrs_numbers_equal_the_crates_for_the_same_history() {
    let s = sched();
    let answers = [
        (0, Rating::Good),
        (0, Rating::Good),
        (3, Rating::Hard),
        (10, Rating::Again),
        (10, Rating::Good),
        (25, Rating::Easy),
    ];
    let mut st = CardState::new_card();
    let mut reviews = Vec::new();
    let mut last_day = None;
    for (day, r) in answers {
        let at = t0() + day * DAY + 5 * MIN * reviews.len() as i64;
        st = s.answer("c", &st, r, at);
        let d = s.day(at);
        reviews.push(FSRSReview {
            rating: r as u32,
            delta_t: last_day.map_or(0, |l| (d - l) as u32),
        });
        last_day = Some(d);
    }
    let expected = FSRS::default()
        .memory_state(FSRSItem { reviews }, None)
        .unwrap();
    let got = st.memory.unwrap();
    assert!(
        (got.stability - expected.stability).abs() < 1e-4,
        "{got:?} vs {expected:?}"
    );
    assert!(
        (got.difficulty - expected.difficulty).abs() < 1e-4,
        "{got:?} vs {expected:?}"
    );
}

#[test]
fn replay_equals_answering_one_by_one() {
    let s = sched();
    let plan = [
        ("a", 0, Rating::Good),
        ("b", 1, Rating::Again),
        ("a", 12, Rating::Good),
        ("b", 14, Rating::Good),
        ("a", 3000, Rating::Hard),
        ("b", 4000, Rating::Easy),
    ];
    let mut by_hand = std::collections::HashMap::new();
    let mut log = Vec::new();
    for (id, minutes, r) in plan {
        let at = t0() + minutes * MIN;
        let st = by_hand.remove(id).unwrap_or_else(CardState::new_card);
        by_hand.insert(id.to_string(), s.answer(id, &st, r, at));
        log.push(review(at, id, r));
    }
    let h = replay(&log, &s);
    let replayed: std::collections::HashMap<String, CardState> = h
        .states()
        .map(|(id, st)| (id.to_string(), st.clone()))
        .collect();
    assert_eq!(replayed, by_hand);
}

#[test]
fn the_day_starts_at_four_in_the_morning_local_time() {
    let s = sched();
    // 2026-11-22 03:59 and 04:00 in Tokyo.
    let before = t0() + 17 * HOUR + 59 * MIN;
    let at = t0() + 18 * HOUR;
    assert_eq!(
        s.day(before),
        s.day(t0()),
        "03:59 still belongs to the 21st"
    );
    assert_eq!(s.day(at), s.day(t0()) + 1);
    assert_eq!(s.day_start(s.day(at)), at);
    let st = CardState {
        due: Due::Day(s.day(at)),
        phase: Phase::Review,
        ..CardState::new_card()
    };
    assert!(!s.is_due(&st, before));
    assert!(s.is_due(&st, at));
    // Another boundary hour moves it.
    let s0 = sched_with(|c| c.day_starts_at = 0);
    assert_eq!(
        s0.day(t0() + 14 * HOUR),
        s0.day(t0()) + 1,
        "midnight in Tokyo"
    );
}

fn deck(n: usize) -> Vec<Card> {
    (0..n)
        .map(|i| {
            card(
                &format!("c{i}"),
                &[
                    "Elastic Load Balancing（ELB）",
                    if i % 2 == 0 {
                        "Application Load Balancer (ALB)"
                    } else {
                        "Classic"
                    },
                ],
            )
        })
        .collect()
}

fn study(cards: &[Card]) -> Vec<StudyCard<'_>> {
    cards
        .iter()
        .map(|card| StudyCard {
            deck: "aws-services",
            card,
        })
        .collect()
}

#[test]
fn daily_new_limit_and_session_limits() {
    let s = sched_with(|c| c.new_per_day = 3);
    let cards = deck(10);
    let sc = study(&cards);
    let q = queue::build(
        &sc,
        &replay(&[], &s),
        &s,
        t0(),
        &Filter::default(),
        Limits::default(),
    );
    assert_eq!(q.new, [0, 1, 2], "note order, up to the daily limit");
    let log = [
        review(t0(), "c0", Rating::Good),
        review(t0() + MIN, "c1", Rating::Easy),
    ];
    let h = replay(&log, &s);
    assert_eq!(new_left_today(&h, &s, t0() + 2 * MIN), 1);
    let q = queue::build(
        &sc,
        &h,
        &s,
        t0() + 11 * MIN,
        &Filter::default(),
        Limits::default(),
    );
    assert_eq!(
        (q.learning.as_slice(), q.new.as_slice()),
        (&[0][..], &[2][..])
    );
    // The next day (after 04:00) the limit is back.
    let tomorrow = s.day_start(s.day(t0()) + 1);
    assert_eq!(new_left_today(&h, &s, tomorrow), 3);
    let q = queue::build(
        &sc,
        &h,
        &s,
        tomorrow,
        &Filter::default(),
        Limits {
            new: Some(2),
            total: None,
        },
    );
    assert_eq!(q.new, [2, 3]);
    let q = queue::build(
        &sc,
        &h,
        &s,
        tomorrow,
        &Filter::default(),
        Limits {
            new: None,
            total: Some(2),
        },
    );
    assert_eq!(q.len(), 2);
}

#[test]
fn learning_first_then_reviews_by_lowest_recall_then_new() {
    let s = sched();
    let cards = deck(6);
    let sc = study(&cards);
    let mut log = vec![
        review(t0() - 30 * DAY, "c3", Rating::Good),
        review(t0() - 30 * DAY + 10 * MIN, "c3", Rating::Good),
        review(t0() - 20 * DAY, "c4", Rating::Easy),
    ];
    log.push(review(t0() - 5 * MIN, "c5", Rating::Again));
    let h = replay(&log, &s);
    let q = queue::build(&sc, &h, &s, t0(), &Filter::default(), Limits::default());
    assert_eq!(q.learning, [5]);
    assert_eq!(q.review.len(), 2);
    let r = |i: usize| {
        s.retrievability(h.state(&cards[i].id).unwrap(), t0())
            .unwrap()
    };
    assert!(r(q.review[0]) <= r(q.review[1]));
    assert_eq!(q.new, [0, 1, 2]);
    assert_eq!(q.cards().collect::<Vec<_>>()[0], 5);
}

#[test]
fn filters_match_decks_and_section_prefixes_width_and_case_insensitively() {
    let cards = deck(4);
    let c = &cards[0];
    for q in [
        "Elastic Load Balancing（ELB）",
        "elb",
        "ＥＬＢ",
        "elastic load balancing(elb) › application",
        "ELB > Application Load",
        "Application Load Balancer",
    ] {
        assert!(
            Filter {
                section: Some(q.into()),
                deck: None,
                ..Filter::default()
            }
            .matches("aws-services", c),
            "{q}"
        );
    }
    assert!(
        !Filter {
            section: Some("Classic".into()),
            deck: None,
            ..Filter::default()
        }
        .matches("aws-services", c)
    );
    assert!(
        Filter {
            deck: Some("AWS".into()),
            section: None,
            ..Filter::default()
        }
        .matches("aws-services", c)
    );
    assert!(
        !Filter {
            deck: Some("techstock".into()),
            section: None,
            ..Filter::default()
        }
        .matches("aws-services", c)
    );
    let s = sched();
    let q = queue::build(
        &study(&cards),
        &replay(&[], &s),
        &s,
        t0(),
        &Filter {
            section: Some("classic".into()),
            deck: None,
            ..Filter::default()
        },
        Limits::default(),
    );
    assert_eq!(q.new, [1, 3]);
}

#[test]
fn missed_cards_are_the_latest_agains_and_recent_lapses() {
    let s = sched();
    let cards = deck(4);
    let sc = study(&cards);
    let mut log = vec![
        review(t0(), "c0", Rating::Again),
        review(t0(), "c1", Rating::Good),
    ];
    // c2 graduates, then lapses, then is relearned: still missed for 7 days.
    log.push(review(t0() - 20 * DAY, "c2", Rating::Easy));
    let h = replay(&log, &s);
    let due = match h.state("c2").unwrap().due {
        Due::Day(d) => s.day_start(d) + HOUR,
        _ => unreachable!(),
    };
    log.push(review(due, "c2", Rating::Again));
    log.push(review(due + 10 * MIN, "c2", Rating::Good));
    let h = replay(&log, &s);
    let now = due + 20 * MIN;
    let m = missed(&sc, &h, &s, now, &Filter::default());
    // c0's latest answer is Again, c2 lapsed recently (and was relearned since); c1 was answered
    // Good and c3 never: newest answer first.
    assert_eq!(h.state("c0").unwrap().last_rating, Some(Rating::Again));
    assert_eq!(h.state("c2").unwrap().last_rating, Some(Rating::Good));
    assert_eq!(m, [0, 2], "missed: the latest Again, then the recent lapse");
    let later = due + 8 * DAY;
    assert!(
        !missed(&sc, &h, &s, later, &Filter::default()).contains(&2),
        "the lapse is 8 days old"
    );
}

#[test]
fn undo_takes_back_the_latest_answers_repeatably() {
    let s = sched();
    let a = review(t0(), "a", Rating::Good);
    let b = review(t0() + MIN, "b", Rating::Again);
    let undo = |at| Entry::new(at, Event::Undo { entry: None });
    let h = replay(&[a.clone(), b.clone(), undo(t0() + 2 * MIN)], &s);
    assert_eq!(h.state("b"), None, "b is new again");
    assert_eq!(
        h.state("a").unwrap(),
        replay(std::slice::from_ref(&a), &s).state("a").unwrap()
    );
    let h = replay(
        &[
            a.clone(),
            b.clone(),
            undo(t0() + 2 * MIN),
            undo(t0() + 3 * MIN),
        ],
        &s,
    );
    assert!(h.answered_cards() == 0 && h.answers.is_empty());
    // Undo, then answer again: only the new answer counts.
    let b2 = review(t0() + 4 * MIN, "b", Rating::Easy);
    let h = replay(&[a, b, undo(t0() + 2 * MIN), b2], &s);
    assert_eq!(h.state("b").unwrap().phase, Phase::Review);
    assert_eq!(h.answers.len(), 2);
    // An undo with nothing to undo is harmless.
    assert_eq!(replay(&[undo(t0())], &s).answered_cards(), 0);
}

#[test]
fn buried_until_tomorrow_and_suspended_until_unsuspended() {
    let s = sched();
    let cards = deck(3);
    let sc = study(&cards);
    let log = vec![
        Entry::new(t0(), Event::Bury { card: "c0".into() }),
        Entry::new(t0(), Event::Suspend { card: "c1".into() }),
    ];
    let h = replay(&log, &s);
    let q = queue::build(
        &sc,
        &h,
        &s,
        t0() + HOUR,
        &Filter::default(),
        Limits::default(),
    );
    assert_eq!(q.new, [2]);
    let tomorrow = s.day_start(s.day(t0()) + 1);
    let q = queue::build(&sc, &h, &s, tomorrow, &Filter::default(), Limits::default());
    assert_eq!(q.new, [0, 2], "the bury ends when the next day starts");
    let mut log = log;
    log.push(Entry::new(tomorrow, Event::Unsuspend { card: "c1".into() }));
    let h = replay(&log, &s);
    let q = queue::build(&sc, &h, &s, tomorrow, &Filter::default(), Limits::default());
    assert_eq!(q.new, [0, 1, 2]);
}

#[test]
fn reviews_of_cards_no_longer_in_any_deck_are_kept_but_not_queued() {
    let s = sched();
    let cards = deck(1);
    let h = replay(&[review(t0() - 10 * DAY, "gone", Rating::Good)], &s);
    assert!(h.state("gone").is_some(), "the card may come back");
    let q = queue::build(
        &study(&cards),
        &h,
        &s,
        t0(),
        &Filter::default(),
        Limits::default(),
    );
    assert_eq!(q.cards().collect::<Vec<_>>(), [0]);
}

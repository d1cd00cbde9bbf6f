//! Custom study through the one selection function: due, missed, ahead, cram, failed, more new
//! cards, limits, and siblings spread apart. Time is injected.

use jiff::tz::{Offset, TimeZone};
use kioku::config::Config;
use kioku::deck::{Card, Kind};
use kioku::review::queue::{count, new_left_today};
use kioku::review::{
    Due, Entry, Event, Filter, Limits, Mode, Rating, Scheduler, StudyCard, replay,
};
use kioku::study::select::{Request, What, more_new, select, select_indices};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

/// 2026-11-21 10:00 in Tokyo (UTC+9).
fn t0() -> i64 {
    1_763_686_800_000
}

fn sched_with(f: impl FnOnce(&mut Config)) -> Scheduler {
    let mut c = Config::default();
    f(&mut c);
    let settings = c.settings(std::path::Path::new("config.toml")).unwrap();
    Scheduler::new(settings, TimeZone::fixed(Offset::constant(9))).unwrap()
}

/// Cards c0…c{n-1}, each on its own notes line, half under `A`, half under `B`.
fn cards(n: usize) -> Vec<Card> {
    (0..n)
        .map(|i| Card {
            id: format!("c{i}"),
            kind: Kind::Basic,
            section: vec![if i < n / 2 { "A" } else { "B" }.to_string()].into(),
            front: format!("front {i}"),
            back: format!("back {i}"),
            line: Some(i as u32 + 1),
            ..Card::default()
        })
        .collect()
}

fn study(cards: &[Card]) -> Vec<StudyCard<'_>> {
    cards
        .iter()
        .map(|card| StudyCard { deck: "d", card })
        .collect()
}

fn answer(at: i64, card: &str, rating: Rating, mode: Mode) -> Entry {
    Entry {
        id: format!("{card}@{at}"),
        at,
        event: Event::Answer {
            card: card.into(),
            rating,
            secs: 2.0,
            mode,
            after: None,
        },
    }
}

fn flip(at: i64, card: &str, rating: Rating) -> Entry {
    answer(at, card, rating, Mode::Flip)
}

fn req(what: What) -> Request {
    Request {
        what,
        ..Request::default()
    }
}

fn ids(cards: &[Card], picked: &[usize]) -> Vec<String> {
    picked.iter().map(|&i| cards[i].id.clone()).collect()
}

/// The day (days after t0's) on which a card answered Easy at t0 is due.
fn due_day(h: &kioku::review::History, s: &Scheduler, id: &str) -> i32 {
    match h.state(id).unwrap().due {
        Due::Day(d) => d - s.day(t0()),
        other => panic!("{id} is {other:?}"),
    }
}

#[test]
fn due_is_the_normal_queue_and_cram_is_every_card_in_note_order() {
    let s = sched_with(|c| c.new_per_day = 2);
    let cs = cards(6);
    let sc = study(&cs);
    let log = [
        flip(t0() - 3 * DAY, "c1", Rating::Easy),
        Entry::new(t0(), Event::Suspend { card: "c2".into() }),
        Entry::new(t0(), Event::Bury { card: "c3".into() }),
    ];
    let h = replay(&log, &s);
    let now = t0() + HOUR;
    let got = |r: &Request| ids(&cs, &select_indices(&sc, &h, &s, r, now));
    assert_eq!(got(&req(What::Due)), ["c0", "c4"], "two new cards today");
    assert_eq!(
        got(&req(What::Cram)),
        ["c0", "c1", "c4", "c5"],
        "all but the suspended and the buried card, due or not"
    );
    let only_b = Request {
        filter: Filter {
            section: Some("B".into()),
            ..Filter::default()
        },
        what: What::Cram,
        limits: Limits {
            new: None,
            total: Some(1),
        },
    };
    assert_eq!(got(&only_b), ["c4"]);
    // The session cards carry their deck.
    let full = select(&sc, &h, &s, &req(What::Cram), now);
    assert_eq!(
        (full[0].deck.as_str(), full[0].card.id.as_str()),
        ("d", "c0")
    );
}

#[test]
fn ahead_takes_cards_due_within_the_days_soonest_first_and_no_new_ones() {
    let s = sched_with(|_| {});
    let cs = cards(5);
    let sc = study(&cs);
    // c0, c1, c2 graduate at different times; c3 is in learning; c4 is new.
    let log = [
        flip(t0() - 20 * DAY, "c0", Rating::Easy),
        flip(t0() - 20 * DAY + 1, "c0", Rating::Easy),
        flip(t0(), "c1", Rating::Easy),
        flip(t0(), "c2", Rating::Easy),
        flip(t0() + 1000, "c2", Rating::Easy),
        flip(t0(), "c3", Rating::Again),
    ];
    let h = replay(&log, &s);
    let now = t0() + HOUR;
    let (d0, d1, d2) = (
        due_day(&h, &s, "c0"),
        due_day(&h, &s, "c1"),
        due_day(&h, &s, "c2"),
    );
    assert!(d1 < d2, "c1 {d1} before c2 {d2}");
    let ahead = |days: u32| {
        ids(
            &cs,
            &select_indices(&sc, &h, &s, &req(What::Ahead { days }), now),
        )
    };
    let expect = |days: i32| {
        let mut e: Vec<(i32, &str)> = vec![(-1, "c3")];
        for (d, id) in [(d0, "c0"), (d1, "c1"), (d2, "c2")] {
            if d <= days {
                e.push((d, id));
            }
        }
        e.sort();
        e.into_iter()
            .map(|(_, id)| id.to_string())
            .collect::<Vec<_>>()
    };
    for days in [1, d1 as u32, d2 as u32, 400] {
        assert_eq!(ahead(days), expect(days as i32), "{days} days");
    }
    assert_eq!(ahead(d2 as u32).len(), 4, "c4 (new) never comes");
}

#[test]
fn failed_takes_the_cards_answered_again_lately_in_any_mode_newest_first() {
    let s = sched_with(|_| {});
    let cs = cards(4);
    let sc = study(&cs);
    let now = t0();
    let log = [
        flip(now - 5 * DAY, "c0", Rating::Again),
        flip(now - 2 * DAY, "c1", Rating::Again),
        flip(now - 2 * DAY + MIN, "c1", Rating::Good),
        answer(now - HOUR, "c2", Rating::Again, Mode::Cram),
        flip(now - HOUR, "c3", Rating::Good),
    ];
    let h = replay(&log, &s);
    let failed = |days| {
        ids(
            &cs,
            &select_indices(&sc, &h, &s, &req(What::Failed { days }), now),
        )
    };
    assert_eq!(failed(1), ["c2"]);
    assert_eq!(
        failed(3),
        ["c2", "c1"],
        "c1 was failed, though answered Good since"
    );
    assert_eq!(failed(7), ["c2", "c1", "c0"]);
    // Missed is the other question: the latest answer is Again (c0, c2), whenever it was.
    assert_eq!(
        ids(&cs, &select_indices(&sc, &h, &s, &req(What::Missed), now)),
        ["c2", "c0"]
    );
}

#[test]
fn more_new_cards_are_a_log_entry_then_a_normal_due_session() {
    let s = sched_with(|c| c.new_per_day = 2);
    let cs = cards(8);
    let sc = study(&cs);
    let mut log = vec![
        flip(t0(), "c0", Rating::Good),
        flip(t0() + MIN, "c1", Rating::Good),
    ];
    let now = t0() + 20 * MIN;
    let h = replay(&log, &s);
    assert_eq!(new_left_today(&h, &s, now), 0);
    let due = select_indices(&sc, &h, &s, &req(What::Due), now);
    assert!(
        due.iter().all(|&i| i < 2),
        "no new card left today: {due:?}"
    );
    let more = more_new(3, now);
    assert_eq!(more.event, Event::MoreNew { n: 3 });
    log.push(more);
    let h = replay(&log, &s);
    assert_eq!(new_left_today(&h, &s, now), 3);
    let new_in_session: Vec<usize> = select_indices(&sc, &h, &s, &req(What::Due), now)
        .into_iter()
        .filter(|&i| i >= 2)
        .collect();
    assert_eq!(new_in_session.len(), 3);
    let c = count(&sc, &h, &s, now, &Filter::default());
    assert_eq!(
        c.new_allowed(new_left_today(&h, &s, now)),
        3,
        "the count agrees"
    );
}

#[test]
fn a_selection_spreads_the_parts_of_one_list_apart() {
    let s = sched_with(|_| {});
    // c0–c2: three parts of one long list (one notes line); c3–c5 other lines.
    let mut cs = cards(6);
    for c in &mut cs[..3] {
        c.line = Some(7);
    }
    let sc = study(&cs);
    let h = replay(&[], &s);
    let got = ids(&cs, &select_indices(&sc, &h, &s, &req(What::Cram), t0()));
    assert_eq!(got, ["c0", "c3", "c4", "c5", "c1", "c2"]);
}

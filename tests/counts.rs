//! The counts shown everywhere (home, summary, `kioku due`): one definition, its texts, the
//! daily new-card limit with extra cards, the missed rule with cram answers, and when the next
//! card is due. Time is injected.

use jiff::tz::{Offset, TimeZone};
use kioku::config::Config;
use kioku::deck::{Card, Kind};
use kioku::review::queue::{
    self, COLUMNS, count, count_card, is_missed, new_left_today, next_change, next_due, next_text,
};
use kioku::review::{
    Counts, Due, Entry, Event, Filter, Limits, Mode, Rating, Scheduler, StudyCard, replay,
};

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

fn cards(n: usize) -> Vec<Card> {
    (0..n)
        .map(|i| Card {
            id: format!("c{i}"),
            kind: Kind::Basic,
            section: vec!["S".to_string()].into(),
            front: format!("front {i}"),
            back: format!("back {i}"),
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

#[test]
fn learn_counts_every_card_in_learning_and_how_many_are_due() {
    let s = sched_with(|_| {});
    let cs = cards(6);
    let sc = study(&cs);
    // c0: Again at t0 (1m step) → due from t0+1m. c1: Good at t0 → second step, 10m.
    // c2: Easy → review in days. c3: suspended. c4, c5: new.
    let log = [
        flip(t0(), "c0", Rating::Again),
        flip(t0(), "c1", Rating::Good),
        flip(t0(), "c2", Rating::Easy),
        Entry::new(t0(), Event::Suspend { card: "c3".into() }),
    ];
    let h = replay(&log, &s);
    let at = |now| count(&sc, &h, &s, now, &Filter::default());
    assert_eq!(
        at(t0() + 30_000),
        Counts {
            new: 2,
            learning: 2,
            learning_due: 0,
            due: 0,
            missed: 1,
        }
    );
    assert_eq!(at(t0() + 2 * MIN).learning_due, 1);
    assert_eq!(at(t0() + 11 * MIN).learning_due, 2);
    let Due::Day(d) = h.state("c2").unwrap().due else {
        panic!("c2 graduated")
    };
    let c = at(s.day_start(d));
    assert_eq!((c.due, c.learning, c.learning_due), (1, 2, 2));
    assert_eq!(
        at(s.day_start(d) - 1).due,
        0,
        "due from the start of its day"
    );
}

#[test]
fn columns_show_what_can_be_studied_now_and_the_total_in_brackets() {
    let c = Counts {
        new: 24,
        learning: 75,
        learning_due: 12,
        due: 3,
        missed: 4,
    };
    assert_eq!(COLUMNS, ["new", "learn", "due", "missed"]);
    assert_eq!(c.columns(20), ["20 (24)", "12 (75)", "3", "4"]);
    assert_eq!(c.columns(24), ["24", "12 (75)", "3", "4"]);
    assert_eq!(c.columns(0), ["0 (24)", "12 (75)", "3", "4"]);
    let all_due = Counts {
        learning_due: 75,
        ..c
    };
    assert_eq!(all_due.columns(99)[..2], ["24", "75"]);
    assert_eq!(Counts::default().columns(20), ["0", "0", "0", "0"]);
    assert_eq!(c.new_allowed(20), 20);
    assert_eq!(c.studiable(20), 20 + 12 + 3);
}

#[test]
fn column_widths_are_the_widths_of_the_columns() {
    for n in [0, 1, 9, 10, 99, 100, 12_345, 1_000_000] {
        for left in [0, 1, 9, 10, 100, usize::MAX] {
            let c = Counts {
                new: n,
                learning: n + 1,
                learning_due: n / 2,
                due: n,
                missed: n * 10,
            };
            let shown = c.columns(left).map(|x| x.len());
            assert_eq!(c.column_widths(left), shown, "{c:?} with {left} new left");
        }
    }
}

#[test]
fn the_queue_takes_exactly_the_new_cards_the_count_allows() {
    let s = sched_with(|c| c.new_per_day = 3);
    let cs = cards(5);
    let sc = study(&cs);
    let check = |log: &[Entry], now: i64, want: usize| {
        let h = replay(log, &s);
        let left = new_left_today(&h, &s, now);
        let counted = count(&sc, &h, &s, now, &Filter::default()).new_allowed(left);
        let q = queue::build(&sc, &h, &s, now, &Filter::default(), Limits::default());
        assert_eq!((counted, q.new.len()), (want, want), "{log:?}");
    };
    check(&[], t0(), 3);
    let mut log = vec![flip(t0(), "c0", Rating::Good)];
    check(&log, t0() + MIN, 2);
    // A cram answer to a new card does not introduce it.
    log.push(answer(t0() + MIN, "c1", Rating::Good, Mode::Cram));
    check(&log, t0() + 2 * MIN, 2);
    // Two more for today: the rest of the 4 new cards fit.
    log.push(Entry::new(t0() + 3 * MIN, Event::MoreNew { n: 2 }));
    check(&log, t0() + 4 * MIN, 4);
    // Yesterday's extras do not count today; the limit is back to 3.
    let tomorrow = s.day_start(s.day(t0()) + 1);
    check(&log, tomorrow, 3);
}

#[test]
fn a_card_whose_latest_answer_is_again_is_missed_even_when_crammed() {
    let s = sched_with(|_| {});
    let cs = cards(3);
    let sc = study(&cs);
    let log = [
        // c0: Good, then Again while cramming → missed, though its schedule says Good.
        flip(t0(), "c0", Rating::Good),
        answer(t0() + MIN, "c0", Rating::Again, Mode::Cram),
        // c1: Again, then Good while cramming → no longer missed.
        flip(t0(), "c1", Rating::Again),
        answer(t0() + 2 * MIN, "c1", Rating::Good, Mode::Cram),
        // c2: never answered outside cram, missed there.
        answer(t0() + 3 * MIN, "c2", Rating::Again, Mode::Cram),
    ];
    let h = replay(&log, &s);
    let now = t0() + 5 * MIN;
    assert_eq!(
        [0, 1, 2].map(|i| is_missed(&h, &format!("c{i}"), &s, now)),
        [true, false, true]
    );
    assert_eq!(
        queue::missed(&sc, &h, &s, now, &Filter::default()),
        [2, 0],
        "most recently answered first"
    );
    assert_eq!(
        [0, 1, 2].map(|i| count_card(&cs[i], &h, &s, now).missed),
        [1, 0, 1]
    );
    assert_eq!(count_card(&cs[2], &h, &s, now).new, 1, "c2 is still new");
}

#[test]
fn the_next_due_time_is_a_learning_step_or_a_day_start() {
    let s = sched_with(|c| c.new_per_day = 1);
    let cs = cards(3);
    let sc = study(&cs);
    let f = Filter::default();
    let next = |log: &[Entry], now| next_due(&sc[..1], &replay(log, &s), &s, now, &f);
    // Nothing answered and the limit not used: nothing is waiting for a time.
    assert_eq!(next(&[], t0()), None);
    // c0 in learning: its 1m step.
    let log = [flip(t0(), "c0", Rating::Again)];
    assert_eq!(next(&log, t0()), Some(t0() + MIN));
    // Once due, nothing else is scheduled.
    assert_eq!(next(&log, t0() + 2 * MIN), None);
    // Graduated: the start (04:00 Tokyo) of its due day.
    let log = [flip(t0(), "c0", Rating::Easy)];
    let h = replay(&log, &s);
    let Due::Day(d) = h.state("c0").unwrap().due else {
        panic!("graduated")
    };
    assert_eq!(next(&log, t0()), Some(s.day_start(d)));
    let tomorrow = s.day_start(s.day(t0()) + 1);
    assert_eq!(tomorrow, t0() + 18 * HOUR, "04:00 the next morning");

    // Buried today: back tomorrow.
    let log = [Entry::new(t0(), Event::Bury { card: "c0".into() })];
    assert_eq!(next(&log, t0()), Some(tomorrow));
    // The new-card limit used up with new cards waiting: more are let in tomorrow.
    let log = [flip(t0(), "c0", Rating::Easy)];
    let h = replay(&log, &s);
    assert_eq!(next_due(&sc, &h, &s, t0(), &f), Some(tomorrow));
    // The filter decides which cards count.
    let only_c2 = Filter {
        section: Some("nothing here".into()),
        ..Filter::default()
    };
    assert_eq!(next_due(&sc, &h, &s, t0(), &only_c2), None);
}

#[test]
fn a_recent_lapse_leaving_the_missed_count_wakes_the_screen_too() {
    // A long second relearning step keeps the card away for days after the lapse.
    let s = sched_with(|c| {
        c.missed_days = 1;
        c.relearning_steps = vec!["10m".into(), "5d".into()];
    });
    let cs = cards(1);
    let sc = study(&cs);
    let f = Filter::default();
    let graduated = replay(&[flip(t0() - 30 * DAY, "c0", Rating::Easy)], &s);
    let Due::Day(d) = graduated.state("c0").unwrap().due else {
        panic!("graduated")
    };
    let lapse = s.day_start(d) + HOUR;
    let log = [
        flip(t0() - 30 * DAY, "c0", Rating::Easy),
        flip(lapse, "c0", Rating::Again),
        flip(lapse + 10 * MIN, "c0", Rating::Good),
    ];
    let h = replay(&log, &s);
    let now = lapse + 11 * MIN;
    assert!(is_missed(&h, "c0", &s, now));
    let due = next_due(&sc, &h, &s, now, &f).unwrap();
    let out = lapse + DAY + 1;
    assert!(
        due > out,
        "the relearned card is due after the lapse leaves the count"
    );
    assert_eq!(next_change(&sc, &h, &s, now, &f), Some(out));
    assert!(is_missed(&h, "c0", &s, out - 1));
    assert!(!is_missed(&h, "c0", &s, out));
}

#[test]
fn the_next_card_text() {
    let s = sched_with(|_| {});
    let now = t0();
    let t = |next| next_text(next, now, &s);
    assert_eq!(t(None), "nothing scheduled");
    assert_eq!(t(Some(now)), "cards due now");
    assert_eq!(t(Some(now + 1000)), "next card in 1 min");
    assert_eq!(t(Some(now + 4 * MIN)), "next card in 4 min");
    assert_eq!(t(Some(now + 4 * MIN + 1)), "next card in 5 min");
    assert_eq!(t(Some(now + 59 * MIN)), "next card in 59 min");
    assert_eq!(t(Some(now + 2 * HOUR + 20 * MIN)), "next card in 2 h");
    // 10:00 now; 04:00 tomorrow starts the next day.
    assert_eq!(t(Some(now + 18 * HOUR)), "next card tomorrow");
    assert_eq!(t(Some(now + 17 * HOUR)), "next card in 17 h");
    assert_eq!(t(Some(now + 18 * HOUR + 3 * DAY)), "next card in 4 days");
}

#[test]
fn counting_by_keys_with_any_slot_hint_counts_as_by_cards() {
    use kioku::deck::{CardKey, DeckIndex};
    let s = sched_with(|_| {});
    let cs = cards(6);
    let log = [
        flip(t0() - 3 * DAY, "c1", Rating::Good),
        flip(t0() - 2 * DAY, "c3", Rating::Again),
        flip(t0() - DAY, "c4", Rating::Easy),
        flip(t0() - 10 * MIN, "c5", Rating::Again),
    ];
    let h = replay(&log, &s);
    let deck = kioku::deck::Deck {
        name: "d".into(),
        cards: cs.clone(),
        ..Default::default()
    };
    let keys = DeckIndex::of(&deck).cards;
    // Hints as found (the history's own places), wrong ones and none: the same counts.
    let found: Vec<CardKey> = keys
        .iter()
        .map(|k| {
            let mut k = k.clone();
            h.find_slot(&mut k);
            k
        })
        .collect();
    let wrong: Vec<CardKey> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let mut k = k.clone();
            k.set_slot((i as u32 + 1) % 4);
            k
        })
        .collect();
    let f = Filter::default();
    let now = t0();
    let by_cards = count(&study(&cs), &h, &s, now, &f);
    assert_ne!(by_cards, Counts::default());
    for ks in [&keys, &found, &wrong] {
        let study_keys: Vec<StudyCard<'_, CardKey>> = ks
            .iter()
            .map(|card| StudyCard { deck: "d", card })
            .collect();
        assert_eq!(count(&study_keys, &h, &s, now, &f), by_cards);
        assert_eq!(
            next_change(&study_keys, &h, &s, now, &f),
            next_change(&study(&cs), &h, &s, now, &f)
        );
        assert_eq!(
            queue::build(&study_keys, &h, &s, now, &f, Limits::default()),
            queue::build(&study(&cs), &h, &s, now, &f, Limits::default())
        );
        for (k, c) in ks.iter().zip(&cs) {
            assert_eq!(
                queue::count_card_at(k, &h, queue::CountAt::new(&s, now)),
                count_card(c, &h, &s, now)
            );
        }
    }
    assert!(found.iter().any(|k| k.slot() != u32::MAX));
    // Found for the whole deck at once (each id tried first after the previous card's
    // place): the same places.
    let mut at_once = keys.clone();
    h.find_slots(&mut at_once);
    assert_eq!(at_once, found);
    // Slots found in one history, counted against another (other ids in other places) and
    // against a clone that went on to add ids: the same counts as by the cards.
    let other_log = [
        flip(t0() - 5 * DAY, "c5", Rating::Easy),
        flip(t0() - 4 * DAY, "c0", Rating::Again),
        flip(t0() - 3 * DAY, "c4", Rating::Good),
    ];
    let other = replay(&other_log, &s);
    let mut grown = h.clone();
    grown.apply(&flip(t0() - MIN, "c0", Rating::Again), &s);
    // Two clones that went on to add different ids in the same place (c0 and c2): a slot
    // found in one is not believed in the other.
    let mut apart = h.clone();
    apart.apply(&flip(t0() - MIN, "c2", Rating::Again), &s);
    let found_grown: Vec<CardKey> = keys
        .iter()
        .map(|k| {
            let mut k = k.clone();
            grown.find_slot(&mut k);
            k
        })
        .collect();
    assert_eq!(
        found_grown[0].slot(),
        4,
        "c0 after the four cards of the log"
    );
    for (h, found) in [(&other, &found), (&grown, &found), (&apart, &found_grown)] {
        let study_keys: Vec<StudyCard<'_, CardKey>> = found
            .iter()
            .map(|card| StudyCard { deck: "d", card })
            .collect();
        let by_cards = count(&study(&cs), h, &s, now, &f);
        assert_eq!(count(&study_keys, h, &s, now, &f), by_cards);
        for (k, c) in found.iter().zip(&cs) {
            assert_eq!(
                queue::count_card_at(k, h, queue::CountAt::new(&s, now)),
                count_card(c, h, &s, now)
            );
        }
    }
}

#[test]
fn a_queue_over_more_cards_than_one_part_keeps_note_order_and_recall_order() {
    // The queue is built in parts of 8192 cards spread over the cores: joined in card order,
    // new cards are still the first in note order, learning and reviews still sorted over all.
    let s = sched_with(|c| c.new_per_day = 20);
    let cs = cards(20_000);
    let sc = study(&cs);
    let start = t0() - 200 * DAY;
    let log: Vec<Entry> = (0..9000)
        .map(|i| {
            let rating = if i % 1000 == 7 {
                Rating::Again
            } else {
                Rating::Easy
            };
            flip(start + i as i64 * MIN, &format!("c{i}"), rating)
        })
        .collect();
    let h = replay(&log, &s);
    let now = t0();
    let q = queue::build(&sc, &h, &s, now, &Filter::default(), Limits::default());
    assert_eq!(q.new, (9000..9020).collect::<Vec<_>>());
    assert_eq!(q.learning, (0..9).map(|k| k * 1000 + 7).collect::<Vec<_>>());
    assert_eq!(q.review.len(), 9000 - 9);
    let key = |i: usize| {
        let st = h.state(&cs[i].id).unwrap();
        let Due::Day(d) = st.due else {
            panic!("c{i} is a review")
        };
        (s.retrievability(st, now).unwrap(), d, i)
    };
    for pair in q.review.windows(2) {
        let (a, b) = (key(pair[0]), key(pair[1]));
        assert!(
            a.0.total_cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
                .is_lt(),
            "{a:?} before {b:?}"
        );
    }
}

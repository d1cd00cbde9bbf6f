//! The log's newer entry kinds replayed: cram answers (kept, but out of the schedule), flags,
//! unbury, and extra new cards for a day.

use jiff::tz::{Offset, TimeZone};
use kioku::config::Config;
use kioku::review::replay::FlagInfo;
use kioku::review::{Entry, Event, Mode, Phase, Rating, Scheduler, replay};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;

/// 2026-11-21 10:00 in Tokyo (UTC+9).
fn t0() -> i64 {
    1_763_686_800_000
}

fn sched() -> Scheduler {
    let settings = Config::default()
        .settings(std::path::Path::new("config.toml"))
        .unwrap();
    Scheduler::new(settings, TimeZone::fixed(Offset::constant(9))).unwrap()
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

#[test]
fn a_cram_answer_is_kept_but_changes_no_schedule() {
    let s = sched();
    let normal = [answer(t0(), "a", Rating::Good, Mode::Flip)];
    let before = replay(&normal, &s);
    let mut log = normal.to_vec();
    log.push(answer(t0() + MIN, "a", Rating::Again, Mode::Cram));
    log.push(answer(t0() + 2 * MIN, "b", Rating::Good, Mode::Cram));
    let h = replay(&log, &s);
    assert_eq!(h.state("a"), before.state("a"), "the schedule is as before");
    assert_eq!(h.state("b"), None, "a crammed new card stays new");
    assert_eq!(h.answers.len(), 3, "yet every answer is kept");
    let modes: Vec<(Mode, Phase)> = h.answers.iter().map(|a| (a.mode, a.phase)).collect();
    assert_eq!(
        modes,
        [
            (Mode::Flip, Phase::New),
            (Mode::Cram, Phase::Learning),
            (Mode::Cram, Phase::New)
        ]
    );
    assert_eq!(h.last_answer("a"), Some((t0() + MIN, Rating::Again)));
    assert_eq!(h.last_answer("b"), Some((t0() + 2 * MIN, Rating::Good)));

    // The schedule is stamped only on answers that schedule.
    let mut e = answer(t0() + 3 * MIN, "a", Rating::Good, Mode::Cram);
    h.stamp(&mut e, &s);
    assert!(matches!(e.event, Event::Answer { after: None, .. }));
    let mut e = answer(t0() + 3 * MIN, "a", Rating::Good, Mode::Type);
    h.stamp(&mut e, &s);
    assert!(matches!(e.event, Event::Answer { after: Some(_), .. }));
}

#[test]
fn undo_by_id_takes_back_a_cram_answer_and_rederiving_skips_cram_answers() {
    let s = sched();
    let a1 = answer(t0(), "a", Rating::Good, Mode::Flip);
    let cram = answer(t0() + MIN, "a", Rating::Again, Mode::Cram);
    let a2 = answer(t0() + 20 * MIN, "a", Rating::Good, Mode::Flip);
    let undo = |id: &str, at| {
        Entry::new(
            at,
            Event::Undo {
                entry: Some(id.into()),
            },
        )
    };
    // Undo the cram answer: the latest answer is Good again, the schedule unchanged.
    let h = replay(
        &[a1.clone(), cram.clone(), undo(&cram.id, t0() + 2 * MIN)],
        &s,
    );
    assert_eq!(h.answers.len(), 1);
    assert_eq!(h.last_answer("a"), Some((t0(), Rating::Good)));
    assert_eq!(
        h.state("a"),
        replay(std::slice::from_ref(&a1), &s).state("a")
    );

    // Undo the last normal answer: the state is derived again from a1 alone (the cram answer
    // between them does not count for the schedule), and the cram answer is now the latest.
    let h = replay(
        &[
            a1.clone(),
            cram.clone(),
            a2.clone(),
            undo(&a2.id, t0() + 21 * MIN),
        ],
        &s,
    );
    assert_eq!(
        h.state("a"),
        replay(std::slice::from_ref(&a1), &s).state("a")
    );
    assert_eq!(h.last_answer("a"), Some((t0() + MIN, Rating::Again)));
    assert_eq!(h.answers.len(), 2);
}

#[test]
fn flags_with_notes_and_unflag() {
    let s = sched();
    let flag = |at, note: Option<&str>| {
        Entry::new(
            at,
            Event::Flag {
                card: "a".into(),
                note: note.map(str::to_string),
            },
        )
    };
    let h = replay(&[flag(t0(), Some("answer is wrong"))], &s);
    assert!(h.is_flagged("a") && !h.is_flagged("b"));
    assert_eq!(
        h.flag("a"),
        Some(&FlagInfo {
            at: t0(),
            note: Some("answer is wrong".into())
        })
    );
    // Flagged again: the latest flag says why.
    let h = replay(&[flag(t0(), Some("x")), flag(t0() + MIN, None)], &s);
    assert_eq!(h.flag("a").unwrap().note, None);
    assert_eq!(h.flagged().map(|(id, _)| id).collect::<Vec<_>>(), ["a"]);
    let h = replay(
        &[
            flag(t0(), None),
            Entry::new(t0() + MIN, Event::Unflag { card: "a".into() }),
        ],
        &s,
    );
    assert!(!h.is_flagged("a"));
    assert_eq!(h.flagged().count(), 0);
}

#[test]
fn unbury_takes_a_bury_back_and_more_new_adds_up_per_day() {
    let s = sched();
    let today = s.day(t0());
    let bury = Entry::new(t0(), Event::Bury { card: "a".into() });
    assert!(replay(std::slice::from_ref(&bury), &s).is_buried("a", today));
    let h = replay(
        &[
            bury,
            Entry::new(t0() + MIN, Event::Unbury { card: "a".into() }),
        ],
        &s,
    );
    assert!(!h.is_buried("a", today));

    let more = |at, n| Entry::new(at, Event::MoreNew { n });
    // 10:00 and 23:00 are the same scheduler day; 05:00 the next morning is the next day
    // (days start at 04:00); 03:00 the next morning is still today.
    let h = replay(
        &[
            more(t0(), 5),
            more(t0() + 13 * HOUR, 10),
            more(t0() + 17 * HOUR, 1),
            more(t0() + 19 * HOUR, 7),
        ],
        &s,
    );
    assert_eq!(h.extra_new(today), 16);
    assert_eq!(h.extra_new(today + 1), 7);
    assert_eq!(h.extra_new(today - 1), 0);
}

#[test]
fn a_leech_is_a_card_that_lapsed_the_configured_times() {
    use kioku::deck::Card;
    use kioku::review::leech::leeches;
    use kioku::review::{Due, StudyCard};
    let s = sched();
    // Graduate each card, then lapse it (Again in review) and relearn it, `n` times.
    let mut log = Vec::new();
    for (card, n) in [("a", 2), ("b", 1), ("c", 0)] {
        log.push(answer(t0(), card, Rating::Easy, Mode::Flip));
        for _ in 0..n {
            let Due::Day(d) = replay(&log, &s).state(card).unwrap().due else {
                panic!("in review")
            };
            let at = s.day_start(d) + HOUR;
            log.push(answer(at, card, Rating::Again, Mode::Flip));
            log.push(answer(at + 11 * MIN, card, Rating::Good, Mode::Flip));
        }
        log.sort_by_key(|e| e.at);
    }
    let h = replay(&log, &s);
    assert_eq!(["a", "b", "c"].map(|c| h.lapses(c)), [2, 1, 0]);
    let cards: Vec<Card> = ["c", "b", "a", "new"]
        .iter()
        .map(|id| Card {
            id: id.to_string(),
            ..Card::default()
        })
        .collect();
    let sc: Vec<StudyCard> = cards
        .iter()
        .map(|card| StudyCard { deck: "d", card })
        .collect();
    assert_eq!(leeches(&sc, &h, 2), ["a"]);
    assert_eq!(leeches(&sc, &h, 1), ["b", "a"], "note order");
    assert!(leeches(&sc, &h, 0).is_empty(), "0 = off");
    assert_eq!(Config::default().leech_lapses, 8);
}

#[test]
fn cram_answers_are_not_fsrs_training_data() {
    use kioku::cmd::optimize::training_items;
    let s = sched();
    const DAY: i64 = 24 * HOUR;
    let with = |mode| {
        let log = [
            answer(t0(), "a", Rating::Good, Mode::Flip),
            answer(t0() + DAY, "a", Rating::Again, mode),
            answer(t0() + 3 * DAY, "a", Rating::Good, Mode::Flip),
        ];
        training_items(&replay(&log, &s), &s)
            .into_iter()
            .map(|i| i.reviews.iter().map(|r| (r.rating, r.delta_t)).collect())
            .collect::<Vec<Vec<(u32, u32)>>>()
    };
    assert_eq!(
        with(Mode::Flip),
        [vec![(3, 0), (1, 1)], vec![(3, 0), (1, 1), (3, 2)]]
    );
    assert_eq!(with(Mode::Cram), [vec![(3, 0), (3, 3)]]);
}

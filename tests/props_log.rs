//! Properties of the review log: every entry kind survives a line round trip whatever its
//! text, and any log replayed gives the same history through a snapshot as without.

use std::path::Path;

use jiff::tz::TimeZone;
use kioku::config::Config;
use kioku::review::snapshot::{Snapshot, decode, encode};
use kioku::review::{Entry, Event, Mode, Rating, Scheduler, replay};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]{1,10}",
        "[ぁ-ん一-龯 \"\\\\\n\t\u{1b}]{0,12}",
        Just(String::new()),
    ]
}

fn event(cards: usize) -> impl Strategy<Value = Event> {
    let card = (0..cards).prop_map(|i| format!("c{i}"));
    prop_oneof![
        4 => (card.clone(), 0usize..4, 0usize..4).prop_map(|(card, r, m)| Event::Answer {
            card,
            rating: Rating::ALL[r],
            secs: 1.5,
            mode: Mode::ALL[m],
            after: None,
        }),
        1 => Just(Event::Undo { entry: None }),
        1 => card.clone().prop_map(|card| Event::Bury { card }),
        1 => card.clone().prop_map(|card| Event::Unbury { card }),
        1 => card.clone().prop_map(|card| Event::Suspend { card }),
        1 => card.clone().prop_map(|card| Event::Unsuspend { card }),
        1 => (card.clone(), proptest::option::of(text()))
            .prop_map(|(card, note)| Event::Flag { card, note }),
        1 => card.prop_map(|card| Event::Unflag { card }),
        1 => (0u32..50).prop_map(|n| Event::MoreNew { n }),
    ]
}

fn sched() -> Scheduler {
    Scheduler::new(
        Config::default()
            .settings(Path::new("config.toml"))
            .unwrap(),
        TimeZone::UTC,
    )
    .unwrap()
}

proptest! {
    #[test]
    fn every_entry_survives_a_line_round_trip(e in event(3), card in text(), at in any::<i64>()) {
        let mut e = Entry::new(at, e);
        if let Event::Flag { card: c, .. } = &mut e.event {
            *c = card;
        }
        let line = e.to_line();
        prop_assert_eq!(line.matches('\n').count(), 1);
        prop_assert_eq!(Entry::parse(line.trim_end().as_bytes()).unwrap(), e);
    }

    #[test]
    fn a_snapshot_of_any_log_is_the_same_history(
        events in prop::collection::vec(event(5), 0..60),
    ) {
        let s = sched();
        let t0 = 1_763_686_800_000;
        let log: Vec<Entry> = events
            .into_iter()
            .enumerate()
            .map(|(i, e)| Entry::new(t0 + i as i64 * 3_600_000, e))
            .collect();
        let h = replay(&log, &s);
        let snap = Snapshot {
            fingerprint: 1,
            sources: vec![],
            last_at: 0,
            history: h,
            warnings: vec![],
        };
        prop_assert_eq!(decode(encode(&snap)), Some(snap));
    }
}

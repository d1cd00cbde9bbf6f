//! Whole study sessions driven answer by answer with an injected clock.

use std::path::Path;

use jiff::tz::TimeZone;
use kioku::config::Config;
use kioku::deck::{Card, Kind};
use kioku::review::log::{Entry, Mode, Rating};
use kioku::review::{History, Scheduler, StudyCard};
use kioku::study::{Action, Journal, Recorder, Session, SessionCard, summarize};

const T0: i64 = 1_763_686_800_000;
const SEC: i64 = 1000;

fn sched() -> Scheduler {
    Scheduler::new(
        Config::default().settings(Path::new("c")).unwrap(),
        TimeZone::UTC,
    )
    .unwrap()
}

fn card(id: &str, section: &str) -> Card {
    Card {
        id: id.into(),
        kind: Kind::Basic,
        section: vec![section.to_string()].into(),
        context: None,
        front: format!("q {id}"),
        back: format!("a {id}"),
        cloze: None,
        answers: Vec::new(),
        line: None,
        tags: vec![],
    }
}

/// A journal in memory that can be made to fail.
#[derive(Default)]
struct Log {
    entries: Vec<Entry>,
    fail: bool,
}

impl Journal for Log {
    fn append(&mut self, e: &Entry) -> kioku::error::Result<()> {
        if self.fail {
            return Err(kioku::error::Error::Io {
                path: "log".into(),
                source: std::io::Error::other("disk full"),
            });
        }
        self.entries.push(e.clone());
        Ok(())
    }
}

struct Run {
    s: Scheduler,
    h: History,
    session: Session,
    log: Log,
}

impl Run {
    fn new(ids: &[&str]) -> Run {
        let cards = ids
            .iter()
            .map(|id| SessionCard {
                deck: "d".into(),
                card: card(id, if id.starts_with('x') { "X" } else { "Y" }),
            })
            .collect();
        let mut r = Run {
            s: sched(),
            h: History::default(),
            session: Session::new(cards, Mode::Flip, T0),
            log: Log::default(),
        };
        r.session.advance(&r.h, T0);
        r
    }

    fn current(&self) -> Option<&str> {
        self.session.current().map(|c| c.card.id.as_str())
    }

    fn rec(&mut self) -> (&mut Session, Recorder<'_, Log>) {
        (
            &mut self.session,
            Recorder {
                journal: &mut self.log,
                history: &mut self.h,
                sched: &self.s,
            },
        )
    }

    fn answer(&mut self, r: Rating, now: i64) {
        let (session, mut rec) = self.rec();
        session.answer(r, now, &mut rec).unwrap();
    }

    fn undo(&mut self, now: i64) -> Option<Action> {
        let (session, mut rec) = self.rec();
        session.undo(now, &mut rec).unwrap()
    }
}

#[test]
fn a_missed_card_comes_back_after_its_learning_step() {
    let mut r = Run::new(&["a", "b", "c"]);
    assert_eq!(r.current(), Some("a"));
    r.answer(Rating::Again, T0 + 5 * SEC);
    assert_eq!(r.current(), Some("b"), "a waits for its 1m step");
    r.answer(Rating::Good, T0 + 30 * SEC);
    assert_eq!(r.current(), Some("c"));
    r.answer(Rating::Good, T0 + 70 * SEC);
    assert_eq!(
        r.current(),
        Some("a"),
        "a's step is over: it is back before anything else"
    );
    assert_eq!(r.session.given()[0].secs, 5.0, "time on the card");
}

#[test]
fn at_the_end_the_missed_cards_are_drilled_until_answered_right() {
    let mut r = Run::new(&["a", "b"]);
    r.answer(Rating::Again, T0 + SEC);
    r.answer(Rating::Again, T0 + 2 * SEC);
    // The queue is empty and no step is over: the re-drill starts, earliest due first.
    assert_eq!(r.current(), Some("a"));
    r.answer(Rating::Again, T0 + 3 * SEC);
    assert_eq!(r.current(), Some("b"));
    r.answer(Rating::Good, T0 + 4 * SEC);
    assert_eq!(r.current(), Some("a"));
    r.answer(Rating::Hard, T0 + 5 * SEC);
    assert_eq!(
        r.current(),
        None,
        "every missed card has been answered right once"
    );
    assert!(r.session.is_finished());
    assert_eq!(r.session.missed_cards(), [0, 1]);
}

#[test]
fn undo_is_repeatable_and_puts_the_queue_back() {
    let mut r = Run::new(&["a", "b", "c"]);
    r.answer(Rating::Good, T0 + SEC);
    r.answer(Rating::Again, T0 + 2 * SEC);
    assert_eq!(r.current(), Some("c"));
    assert_eq!(r.undo(T0 + 3 * SEC), Some(Action::Answer));
    assert_eq!(r.current(), Some("b"));
    assert_eq!(r.undo(T0 + 4 * SEC), Some(Action::Answer));
    assert_eq!(r.current(), Some("a"));
    assert!(r.session.given().is_empty());
    assert_eq!(
        r.h.answered_cards(),
        0,
        "the log's undo entries took both answers back"
    );
    r.answer(Rating::Easy, T0 + 5 * SEC);
    assert_eq!(
        r.current(),
        Some("b"),
        "b and c are still to come, in order"
    );
    r.answer(Rating::Good, T0 + 6 * SEC);
    assert_eq!(r.current(), Some("c"));
    assert!(r.undo(T0).is_some());
}

#[test]
fn bury_hides_the_card_and_the_session_goes_on() {
    let mut r = Run::new(&["a", "b"]);
    let (session, mut rec) = r.rec();
    session.bury(T0 + SEC, &mut rec).unwrap();
    assert_eq!(r.current(), Some("b"));
    assert!(r.h.is_buried("a", r.s.day(T0)));
    r.answer(Rating::Good, T0 + 2 * SEC);
    assert_eq!(r.current(), None);
}

#[test]
fn bury_suspend_and_flag_are_undone_by_their_inverse_entries() {
    let mut r = Run::new(&["a", "b", "c"]);
    let (session, mut rec) = r.rec();
    session.bury(T0 + SEC, &mut rec).unwrap();
    assert_eq!(r.current(), Some("b"));
    assert_eq!(r.undo(T0 + 2 * SEC), Some(Action::Bury));
    assert_eq!(r.current(), Some("a"), "the buried card is back");
    assert!(!r.h.is_buried("a", r.s.day(T0)));
    let (session, mut rec) = r.rec();
    session.suspend(0, T0 + 3 * SEC, &mut rec).unwrap();
    assert!(r.h.is_suspended("a"));
    assert_eq!(r.current(), Some("b"));
    assert_eq!(r.undo(T0 + 4 * SEC), Some(Action::Suspend));
    assert!(!r.h.is_suspended("a"));
    assert_eq!(r.current(), Some("a"));
    let (session, mut rec) = r.rec();
    session
        .flag(Some("答えが古い".into()), T0 + 5 * SEC, &mut rec)
        .unwrap();
    assert!(r.h.is_flagged("a"));
    assert_eq!(r.current(), Some("a"), "a flagged card stays on screen");
    assert_eq!(r.undo(T0 + 6 * SEC), Some(Action::Flag));
    assert!(!r.h.is_flagged("a"));
    let events: Vec<&str> = r
        .log
        .entries
        .iter()
        .map(|e| e.to_line())
        .map(|l| {
            [
                "\"unbury\"",
                "\"bury\"",
                "\"unsuspend\"",
                "\"suspend\"",
                "\"unflag\"",
                "\"flag\"",
            ]
            .into_iter()
            .find(|k| l.contains(&format!("\"event\":{k}")))
            .unwrap_or("?")
        })
        .collect();
    assert_eq!(
        events,
        [
            "\"bury\"",
            "\"unbury\"",
            "\"suspend\"",
            "\"unsuspend\"",
            "\"flag\"",
            "\"unflag\""
        ]
    );
}

#[test]
fn a_failed_write_changes_nothing_in_the_session() {
    let mut r = Run::new(&["a", "b"]);
    r.log.fail = true;
    let (session, mut rec) = r.rec();
    assert!(session.answer(Rating::Good, T0 + SEC, &mut rec).is_err());
    assert!(session.bury(T0 + SEC, &mut rec).is_err());
    assert_eq!(r.current(), Some("a"));
    assert!(r.session.given().is_empty());
    assert_eq!(r.h.answered_cards(), 0);
    r.log.fail = false;
    r.answer(Rating::Good, T0 + 2 * SEC);
    r.log.fail = true;
    let (session, mut rec) = r.rec();
    assert!(session.undo(T0 + 3 * SEC, &mut rec).is_err());
    assert_eq!(r.current(), Some("b"), "the undo did not happen");
    assert_eq!(r.h.answered_cards(), 1);
}

#[test]
fn progress_and_summary() {
    let mut r = Run::new(&["x1", "x2", "y1"]);
    assert_eq!(r.session.progress(&r.h, T0), (0, 3));
    r.answer(Rating::Good, T0 + SEC);
    r.answer(Rating::Again, T0 + 2 * SEC);
    assert_eq!(
        r.session.progress(&r.h, T0 + 2 * SEC),
        (1, 2),
        "x2 waits to come back"
    );
    r.answer(Rating::Good, T0 + 3 * SEC);
    r.answer(Rating::Good, T0 + 4 * SEC);
    assert_eq!(r.current(), None);
    let cards: Vec<Card> = ["x1", "x2", "y1", "z"]
        .iter()
        .map(|id| card(id, "X"))
        .collect();
    let all: Vec<StudyCard> = cards
        .iter()
        .map(|card| StudyCard { deck: "d", card })
        .collect();
    let s = summarize(&r.session, &all, &r.h, &r.s, T0 + 60 * SEC);
    assert_eq!((s.cards, s.answers, s.seconds), (3, 4, 60));
    assert_eq!(s.accuracy, Some(0.75));
    assert_eq!(
        s.sections,
        [("X".to_string(), 2, 3), ("Y".to_string(), 1, 1)]
    );
    assert_eq!(
        s.missed,
        [("X".to_string(), "q x2".to_string(), "a x2".to_string())]
    );
    assert_eq!(
        s.due_tomorrow, 3,
        "the three learning cards are due by tomorrow; z is new"
    );
}

#[test]
fn a_cram_session_ends_although_its_answers_move_no_due_date() {
    let mut r = Run::new(&["a", "b"]);
    r.answer(Rating::Again, T0 + SEC);
    r.answer(Rating::Again, T0 + 2 * SEC);
    // Both are in learning, due a minute later. Cram them then.
    let later = T0 + 5 * 60 * SEC;
    let cards = r.session.cards().to_vec();
    r.session = Session::new(cards, Mode::Flip, later);
    r.session.cram = true;
    r.session.advance(&r.h, later);
    let due_before = r.h.state("a").unwrap().due;
    r.answer(Rating::Good, later + SEC);
    assert_eq!(
        r.h.state("a").unwrap().due,
        due_before,
        "cram moved nothing"
    );
    assert_eq!(r.current(), Some("b"));
    r.answer(Rating::Again, later + 2 * SEC);
    assert_eq!(r.current(), Some("b"), "a cram miss is drilled again");
    r.answer(Rating::Good, later + 3 * SEC);
    assert_eq!(r.current(), None, "and then the session is over");
    assert_eq!(r.session.progress(&r.h, later + 3 * SEC), (2, 0));
    let modes: Vec<String> = r.log.entries[2..]
        .iter()
        .map(|e| match &e.event {
            kioku::review::Event::Answer { mode, .. } => mode.as_str().to_string(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(modes, ["cram", "cram", "cram"]);
}

//! The stats screen's figures from a fixture log, with exact expectations: the heatmap, the
//! streaks, the forecast, retention per week, the order of sections and the leeches.

use jiff::tz::{Offset, TimeZone};
use kioku::config::Config;
use kioku::deck::{Card, Kind};
use kioku::review::stats::{HEATMAP_DAYS, compute};
use kioku::review::{Entry, Event, History, Mode, Rating, Scheduler, StudyCard};

const MIN: i64 = 60_000;
const DAY: i64 = 24 * 60 * MIN;
/// 2026-11-21 (a Saturday) 12:00 in Tokyo.
const NOW: i64 = 1_795_230_000_000;

fn sched() -> Scheduler {
    let settings = Config::default()
        .settings(std::path::Path::new("config.toml"))
        .unwrap();
    Scheduler::new(settings, TimeZone::fixed(Offset::constant(9))).unwrap()
}

fn card(id: &str, section: &str) -> Card {
    Card {
        id: id.into(),
        kind: Kind::Basic,
        section: vec![section.to_string(), "特徴".into()].into(),
        front: format!("q {id}"),
        back: format!("a {id}"),
        ..Card::default()
    }
}

struct Log {
    s: Scheduler,
    h: History,
    n: usize,
}

impl Log {
    fn answer(&mut self, at: i64, card: &str, rating: Rating, mode: Mode) {
        self.n += 1;
        let mut e = Entry {
            id: format!("e{}", self.n),
            at,
            event: Event::Answer {
                card: card.into(),
                rating,
                secs: 3.0,
                mode,
                after: None,
            },
        };
        self.h.stamp(&mut e, &self.s);
        self.h.apply(&e, &self.s);
    }

    /// Learn a card until it is in review: Good, Good.
    fn learn(&mut self, at: i64, card: &str) {
        self.answer(at, card, Rating::Good, Mode::Flip);
        self.answer(at + 10 * MIN, card, Rating::Good, Mode::Flip);
    }
}

#[test]
fn a_fixture_log_gives_these_figures() {
    let cards = [
        card("s3a", "Amazon S3"),
        card("s3b", "Amazon S3"),
        card("ebs", "EBS"),
        card("elb", "ELB"),
        card("new", "ELB"),
    ];
    let study: Vec<StudyCard> = cards
        .iter()
        .map(|card| StudyCard { deck: "aws", card })
        .collect();
    let mut log = Log {
        s: sched(),
        h: History::default(),
        n: 0,
    };
    // Ten days ago: three cards learned (6 answers that day).
    let t = NOW - 10 * DAY;
    for id in ["s3a", "s3b", "ebs"] {
        log.learn(t, id);
    }
    // Nine and eight days ago, one answer each (a 3-day run with the tenth).
    log.learn(NOW - 20 * DAY, "elb");
    log.answer(NOW - 9 * DAY, "s3a", Rating::Again, Mode::Flip);
    log.answer(NOW - 8 * DAY, "s3a", Rating::Good, Mode::Flip);
    // Today: s3b is forgotten, ebs remembered; a cram answer counts for the heatmap only.
    log.answer(NOW - 2 * MIN, "s3b", Rating::Again, Mode::Flip);
    log.answer(NOW - MIN, "ebs", Rating::Good, Mode::Flip);
    log.answer(NOW - 30_000, "elb", Rating::Again, Mode::Cram);
    let s = &log.s;
    let st = compute(&study, &log.h, s, NOW, 8);

    assert_eq!(st.today, "2026-11-21");
    assert_eq!(st.heatmap.len(), HEATMAP_DAYS as usize + 1);
    let last: Vec<usize> = st.heatmap[st.heatmap.len() - 11..].to_vec();
    assert_eq!(
        last,
        [6, 1, 1, 0, 0, 0, 0, 0, 0, 0, 3],
        "ten days ago … today"
    );
    assert_eq!(st.heatmap[st.heatmap.len() - 21], 2, "elb, twenty days ago");
    assert_eq!(
        st.first_weekday, 5,
        "364 days before a Saturday: a Saturday"
    );
    assert_eq!((st.streak.current, st.streak.longest), (1, 3));
    assert_eq!(
        (
            st.reviews.today,
            st.reviews.week,
            st.reviews.month,
            st.reviews.all
        ),
        (3, 3, 13, 13)
    );
    assert_eq!(st.cards.new, 1);
    assert_eq!(st.cards.learning, 1, "s3b relearns");
    assert_eq!(st.cards.young + st.cards.mature, 3);

    // Retention: reviews of cards in review, cram left out. This week: s3b Again, ebs Good.
    let this = st.retention.weeks.last().unwrap();
    assert_eq!((this.reviews, this.passed), (2, 1));
    assert_eq!(this.start, "2026-11-15");
    let before = &st.retention.weeks[st.retention.weeks.len() - 2];
    assert_eq!(
        (before.reviews, before.passed),
        (1, 0),
        "s3a's Again; its Good after that was a relearning step"
    );
    assert_eq!(st.retention.desired, 0.9);
    assert_eq!(
        (st.retention.month.reviews, st.retention.month.passed),
        (3, 1)
    );

    // Forecast: s3b's relearning step is today; nothing is overdue.
    assert_eq!(
        st.forecast.backlog + st.forecast.days.iter().sum::<usize>(),
        4
    );
    assert_eq!(st.forecast.days.len(), 30);
    assert_eq!(st.forecast.backlog, 2, "s3a and elb are overdue");
    assert_eq!(st.forecast.days[0], 1, "s3b's relearning step ends today");
    let ebs = st.forecast.days.iter().rposition(|&n| n > 0).unwrap();
    assert_eq!(ebs, 24, "ebs, remembered today, comes back in 24 days");

    // Sections, weakest first: S3 (both reviews Again), EBS (1 of 1), ELB (never reviewed).
    let order: Vec<String> = st.sections.iter().map(|x| x.name()).collect();
    assert_eq!(order, ["aws › Amazon S3", "aws › EBS", "aws › ELB"]);
    assert_eq!(st.sections[0].retention(), Some(0.0));
    assert_eq!(st.sections[1].retention(), Some(1.0));
    assert_eq!(
        st.sections[2].retention(),
        None,
        "a cram answer is not a review"
    );
    assert_eq!(st.sections[0].lapses, 2);
    assert_eq!(st.sections[2].cards.new, 1);
    assert!(st.sections[0].stability.is_some());
    assert!(st.leeches.is_empty());
    // With a threshold of 1 the two cards that lapsed are leeches, the most lapses first.
    let st = compute(&study, &log.h, s, NOW, 1);
    let ids: Vec<&str> = st.leeches.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["s3a", "s3b"]);
    assert_eq!(st.leeches[0].section, "Amazon S3 › 特徴");
}

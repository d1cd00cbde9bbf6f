//! The card browser's data (search, filters, sort, one card's history) and `kioku cards` /
//! `kioku show` on the real binary.

use std::path::Path;

mod common;

use jiff::tz::{Offset, TimeZone};
use kioku::config::Config;
use kioku::deck::{Card, Kind};
use kioku::review::{Entry, Event, Mode, Rating, Scheduler, StudyCard, replay};
use kioku::study::browse::{
    Column, HistoryLine, Interval, Query, Sort, Status, card_history, due_text, rows,
};

const MIN: i64 = 60_000;
const DAY: i64 = 24 * 60 * MIN;

/// 2026-11-21 12:00 in Tokyo (UTC+9), the `KIOKU_NOW` of the binary's runs.
fn now() -> i64 {
    "2026-11-21T12:00:00+09:00"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond()
}

fn sched() -> Scheduler {
    let settings = Config {
        leech_lapses: 1,
        ..Config::default()
    }
    .settings(Path::new("config.toml"))
    .unwrap();
    Scheduler::new(settings, TimeZone::fixed(Offset::constant(9))).unwrap()
}

fn card(id: &str, section: &[&str], front: &str, back: &str) -> Card {
    Card {
        id: id.into(),
        kind: Kind::Term,
        section: section
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into(),
        front: front.into(),
        back: back.into(),
        ..Card::default()
    }
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

fn cards() -> Vec<Card> {
    vec![
        card(
            "s3",
            &["Amazon S3", "特徴"],
            "容量無制限\nsecond line",
            "Amazon S3",
        ),
        card(
            "elb",
            &["Elastic Load Balancing（ELB）"],
            "Connection Draining",
            "登録解除の前に待つ",
        ),
        card("alb", &["ELB", "ALB"], "レイヤー７", "ＡＬＢ"),
        card("sqs", &["SQS"], "キュー", "Amazon SQS"),
    ]
}

/// elb: graduated, then lapsed (a leech at threshold 1), relearned; flagged.
/// alb: Again today (learning). sqs: suspended. s3: new.
fn log() -> Vec<Entry> {
    let s = sched();
    let mut log = vec![answer(now() - 30 * DAY, "elb", Rating::Easy, Mode::Flip)];
    let kioku::review::Due::Day(d) = replay(&log, &s).state("elb").unwrap().due else {
        panic!("graduated")
    };
    let lapse = s.day_start(d) + 60 * MIN;
    log.push(answer(lapse, "elb", Rating::Again, Mode::Type));
    log.push(answer(lapse + 10 * MIN, "elb", Rating::Good, Mode::Flip));
    log.push(answer(lapse + 11 * MIN, "elb", Rating::Again, Mode::Cram));
    log.push(Entry::new(
        lapse + 12 * MIN,
        Event::Flag {
            card: "elb".into(),
            note: Some("back is vague".into()),
        },
    ));
    log.push(answer(now() - 5 * MIN, "alb", Rating::Again, Mode::Flip));
    log.push(Entry::new(
        now() - 4 * MIN,
        Event::Suspend { card: "sqs".into() },
    ));
    log
}

fn ids(q: &Query) -> Vec<String> {
    let s = sched();
    let cs = cards();
    let sc: Vec<StudyCard> = cs
        .iter()
        .map(|card| StudyCard { deck: "aws", card })
        .collect();
    rows(&sc, &replay(&log(), &s), &s, q, now())
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn search_folds_case_width_and_nfkc_over_fronts_and_backs() {
    let q = |t: &str| Query {
        search: Some(t.into()),
        ..Query::default()
    };
    assert_eq!(ids(&Query::default()), ["s3", "elb", "alb", "sqs"]);
    assert_eq!(ids(&q("amazon")), ["s3", "sqs"], "fronts and backs");
    assert_eq!(ids(&q("ALB")), ["alb"], "full-width ＡＬＢ in the back");
    assert_eq!(ids(&q("レイヤー7")), ["alb"], "７ is 7");
    assert_eq!(ids(&q("connection  DRAINING")), ["elb"]);
    assert_eq!(ids(&q("draining 待つ")), ["elb"], "every word, anywhere");
    assert!(ids(&q("draining キュー")).is_empty());
    assert_eq!(ids(&q("second line")), ["s3"], "the whole front");
}

#[test]
fn filters_by_section_state_flag_and_leech() {
    let q = Query {
        filter: kioku::review::Filter {
            section: Some("elb".into()),
            ..Default::default()
        },
        ..Query::default()
    };
    assert_eq!(ids(&q), ["elb", "alb"]);
    let state = |st| Query {
        state: Some(st),
        ..Query::default()
    };
    assert_eq!(ids(&state(Status::New)), ["s3"]);
    assert_eq!(ids(&state(Status::Learning)), ["alb"]);
    assert_eq!(ids(&state(Status::Review)), ["elb"]);
    assert_eq!(ids(&state(Status::Suspended)), ["sqs"]);
    assert!(ids(&state(Status::Relearning)).is_empty());
    let flagged = Query {
        flagged: true,
        ..Query::default()
    };
    assert_eq!(ids(&flagged), ["elb"]);
    let leeches = Query {
        leeches: true,
        ..Query::default()
    };
    assert_eq!(ids(&leeches), ["elb"]);
    assert_eq!(Status::parse("Suspended"), Some(Status::Suspended));
    assert_eq!(Status::parse("learn"), None);
}

#[test]
fn sorts_by_any_column_either_way_with_empty_values_last() {
    let by = |s: &str| {
        ids(&Query {
            sort: Some(Sort::parse(s).unwrap()),
            ..Query::default()
        })
    };
    assert_eq!(by("id"), ["alb", "elb", "s3", "sqs"]);
    assert_eq!(by("-id"), ["sqs", "s3", "elb", "alb"]);
    assert_eq!(by("-lapses")[0], "elb");
    assert_eq!(
        by("lapses"),
        ["s3", "alb", "sqs", "elb"],
        "ties in note order"
    );
    // elb's review was due weeks ago, alb's step minutes ago; s3 and sqs were never answered.
    assert_eq!(by("due"), ["elb", "alb", "s3", "sqs"]);
    assert_eq!(by("-due"), ["alb", "elb", "s3", "sqs"]);
    assert_eq!(by("stability")[2..], ["s3", "sqs"]);
    assert_eq!(by("flagged")[0], "elb");
    assert_eq!(by("state"), ["s3", "alb", "elb", "sqs"]);
    assert_eq!(
        by("section"),
        ["s3", "elb", "alb", "sqs"],
        "Elastic… before ELB › ALB"
    );
    assert_eq!(Sort::parse("nope"), None);
    for c in Column::ALL {
        assert_eq!(Column::parse(c.as_str()), Some(c));
    }
}

#[test]
fn one_cards_history_leaves_out_undone_answers_and_says_what_each_scheduled() {
    let s = sched();
    let mut log = log();
    let undone = answer(now() - 3 * MIN, "alb", Rating::Good, Mode::Flip);
    log.push(undone.clone());
    log.push(Entry::new(
        now() - 2 * MIN,
        Event::Undo {
            entry: Some(undone.id.clone()),
        },
    ));
    let h = replay(&log, &s);
    assert_eq!(
        card_history(&h, &s, "alb"),
        [HistoryLine {
            at: now() - 5 * MIN,
            rating: Rating::Again,
            mode: Mode::Flip,
            interval: Some(Interval::Step { secs: 60 }),
        }]
    );
    let elb = card_history(&h, &s, "elb");
    let got: Vec<(Rating, Mode, Option<String>)> = elb
        .iter()
        .map(|a| (a.rating, a.mode, a.interval.map(|i| i.label())))
        .collect();
    let first = got[0].2.clone().unwrap();
    assert!(first.ends_with('d'), "{first}");
    assert_eq!(
        got[1..],
        [
            (Rating::Again, Mode::Type, Some("10m".to_string())),
            (Rating::Good, Mode::Flip, Some("1d".to_string())),
            (Rating::Again, Mode::Cram, None),
        ]
    );
    assert!(card_history(&h, &s, "s3").is_empty());
    let cs = cards();
    let sc = [StudyCard {
        deck: "aws",
        card: &cs[2],
    }];
    let r = &rows(&sc, &h, &s, &Query::default(), now())[0];
    assert_eq!(due_text(r, &s, now()), "now", "alb's 1m step is over");
    assert_eq!(due_text(r, &s, now() - 5 * MIN), "1m");
}

// The real binary.

fn kioku(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let r = common::kioku(dir, args);
    (r.code, r.stdout, r.stderr)
}

const DECK: &str = "[deck]\nname = \"aws\"\nsource = \"notes/aws.md\"\n\n\
[[card]]\nid = \"s3\"\nkind = \"term\"\nsection = [\"Amazon S3\", \"特徴\"]\nfront = \"容量無制限\"\nback = \"Amazon S3\"\nline = 12\n\n\
[[card]]\nid = \"elb\"\nkind = \"term\"\nsection = [\"Elastic Load Balancing（ELB）\"]\nfront = \"Connection Draining\\u001b[2J\"\nback = \"登録解除の前に\\n待つ\"\nline = 30\n";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("decks/aws.toml"), DECK).unwrap();
    let log = [
        answer(now() - 2 * DAY, "elb", Rating::Easy, Mode::Flip),
        answer(now() - DAY, "elb", Rating::Again, Mode::Cram),
        Entry::new(
            now() - DAY + MIN,
            Event::Flag {
                card: "elb".into(),
                note: Some("vague".into()),
            },
        ),
    ];
    let text: String = log.iter().map(Entry::to_line).collect();
    std::fs::write(dir.path().join("data/reviews.jsonl"), text).unwrap();
    dir
}

#[test]
fn kioku_cards_prints_a_table_with_its_text_escaped() {
    let w = workspace();
    let (code, out, err) = kioku(w.path(), &["cards"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "id   deck  section                        kind  state   due  stab  lapses  marks  front"
    );
    assert_eq!(
        lines[1],
        "s3   aws   Amazon S3 › 特徴               term  new                     0".to_string()
            + "         容量無制限"
    );
    assert!(lines[2].starts_with("elb  aws   Elastic Load Balancing（ELB）  term  review  "));
    assert!(
        lines[2].ends_with("  0  flag   Connection Draining\\e[2J"),
        "{out}"
    );
    assert_eq!(lines[3], "2 cards");
    let (_, out, _) = kioku(w.path(), &["cards", "--flagged", "--search", "draining"]);
    assert!(out.ends_with("\n1 card\n"), "{out}");
    let (_, out, _) = kioku(w.path(), &["cards", "--search", "nothing like it"]);
    assert_eq!(out, "no card matches\n");
    let (code, _, err) = kioku(w.path(), &["cards", "--section", "Amazon S4"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("kioku: no section matches `Amazon S4`; the nearest: Amazon S3"),
        "{err}"
    );
    let (code, _, err) = kioku(w.path(), &["cards", "--sort", "size"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`size` is not a column; one of id, deck"),
        "{err}"
    );
}

#[test]
fn kioku_show_prints_one_card_with_its_history() {
    let w = workspace();
    let (code, out, err) = kioku(w.path(), &["show", "elb"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..10],
        [
            "id:       elb",
            "deck:     aws",
            "section:  Elastic Load Balancing（ELB）",
            "kind:     term",
            "source:   notes/aws.md:30",
            lines[5],
            "front:",
            "  Connection Draining\\e[2J",
            "back:",
            "  登録解除の前に",
        ]
    );
    assert!(
        lines[5].starts_with("state:    review, due ")
            && lines[5].ends_with(", 0 lapses, flagged: vague"),
        "{out}"
    );
    assert_eq!(lines[10], "  待つ");
    assert_eq!(lines[11], "history (2 answers):");
    assert!(
        lines[12].starts_with("  2026-11-19 12:00  easy   flip    → "),
        "{out}"
    );
    assert_eq!(
        lines[13],
        "  2026-11-20 12:00  again  cram    (no schedule change)"
    );
    let (code, out, _) = kioku(w.path(), &["show", "s3"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("source:   notes/aws.md:12\nstate:    new\n"),
        "{out}"
    );
    assert!(out.ends_with("history:  no answers yet\n"), "{out}");
    let (code, out, err) = kioku(w.path(), &["show", "nope"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "kioku: no card has the id `nope`\nhint: `kioku cards` lists the cards with their ids (`--search TEXT` finds one)\n"
    );
}

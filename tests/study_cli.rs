//! The study commands of the real binary on a temporary data directory: due, stats,
//! review-log, optimize, and what they say about a damaged log.

use kioku::review::log::{Entry, Event, LOG_FILE, Mode, Rating};

mod common;
use common::kioku;

const DECK: &str = "[deck]\nname = \"aws\"\n\n\
[[card]]\nid = \"s3\"\nsection = [\"Amazon S3\", \"特徴\"]\nfront = \"容量無制限\"\nback = \"Amazon S3\"\n\n\
[[card]]\nid = \"elb\"\nsection = [\"Elastic Load Balancing（ELB）\"]\nfront = \"Connection Draining\"\nback = \"待つ機能\"\n\n\
[[card]]\nid = \"alb\"\nsection = [\"Elastic Load Balancing（ELB）\", \"Application Load Balancer (ALB)\"]\nfront = \"レイヤー７\"\nback = \"ALB\"\n";

fn workspace(log: &[Entry]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("decks/aws.toml"), DECK).unwrap();
    let text: String = log.iter().map(Entry::to_line).collect();
    std::fs::write(dir.path().join("data").join(LOG_FILE), text).unwrap();
    dir
}

/// The `KIOKU_NOW` the binary runs at: noon in Tokyo, far from the 04:00 day boundary.
fn now_ms() -> i64 {
    "2026-11-21T12:00:00+09:00"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond()
}

fn review(at: i64, card: &str, rating: Rating) -> Entry {
    Entry {
        id: format!("{card}-{at}"),
        at,
        event: Event::Answer {
            after: None,
            card: card.into(),
            rating,
            secs: 2.5,
            mode: Mode::Flip,
        },
    }
}

#[test]
fn due_counts_per_deck_and_section_and_filters() {
    let now = now_ms();
    let w = workspace(&[review(now - 60_000, "elb", Rating::Again)]);
    let r = kioku(w.path(), &["due"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // aws: 2 new, elb in learning (due: its 1m step has passed) and missed.
    let config = w.path().join("config/config.toml");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "                                       new  learn    due  missed",
            "aws                                      2      1      0       1",
            "  Amazon S3                              1      0      0       0",
            "    特徴                                 1      0      0       0",
            "  Elastic Load Balancing（ELB）          1      1      0       1",
            "    Application Load Balancer (ALB)      1      0      0       0",
            &format!(
                "new cards left today: 19 of 20 (new_per_day in {})",
                config.display()
            ),
        ]
    );

    // One new card a day, two introduced today: the limit shows in brackets; alb's 1m step
    // is not over yet, so 1 of the 2 cards in learning is due. Then 1 more new card for today.
    std::fs::create_dir_all(w.path().join("config")).unwrap();
    std::fs::write(&config, "new_per_day = 1\n").unwrap();
    let log = [
        review(now - 60_000, "elb", Rating::Again),
        review(now - 10_000, "alb", Rating::Again),
    ];
    let text: String = log.iter().map(Entry::to_line).collect();
    std::fs::write(w.path().join("data").join(LOG_FILE), text).unwrap();
    let r = kioku(w.path(), &["due"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[1],
        "aws                                  0 (1)  1 (2)      0       2"
    );
    assert_eq!(
        lines[5],
        "    Application Load Balancer (ALB)      0  0 (1)      0       1"
    );
    assert!(
        lines[6].starts_with("new cards left today: 0 of 1 "),
        "{}",
        r.stdout
    );
    let more = Entry::new(now - 5_000, Event::MoreNew { n: 2 });
    std::fs::write(
        w.path().join("data").join(LOG_FILE),
        log.iter()
            .chain([&more])
            .map(Entry::to_line)
            .collect::<String>(),
    )
    .unwrap();
    let r = kioku(w.path(), &["due"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[1], "aws                                      1  1 (2)      0       2",
        "{}",
        r.stdout
    );
    assert!(
        lines[6].starts_with("new cards left today: 1 of 3, 2 of them added for today "),
        "{}",
        r.stdout
    );

    let r = kioku(w.path(), &["due", "--section", "ｓ３"]);
    assert!(
        r.stdout.contains("Amazon S3") && !r.stdout.contains("Elastic"),
        "{}",
        r.stdout
    );
    // A deck that is not there is an error, not a table of zeros.
    let r = kioku(w.path(), &["due", "--deck", "nothing"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert_eq!(
        r.stderr,
        "kioku: no deck matches `nothing`; no deck has a similar name\n"
    );
}

#[test]
fn stats_report_reviews_retention_states_and_streak() {
    let now = now_ms();
    let day = 86_400_000;
    let w = workspace(&[
        review(now - 3 * day, "s3", Rating::Easy),
        review(now - 2 * day, "elb", Rating::Good),
        review(now - 2 * day + 600_000, "elb", Rating::Good),
        review(now - 60_000, "s3", Rating::Good),
        Entry::new(now - 1000, Event::Suspend { card: "alb".into() }),
    ]);
    let r = kioku(w.path(), &["stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("reviews: 1 today, 4 in 7 days, 4 in 30 days, 4 in all"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("true retention (30 days): 100.0% (1 of 1 reviews of learned cards were not Again; target 90%)"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "cards: 0 new, 0 learning, 1 young, 1 mature (interval ≥ 21 days), 1 suspended"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("streak: 1 day (longest 2 days)\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn review_log_shows_the_tail_readably_and_damage_is_warned_about() {
    let now = now_ms();
    let w = workspace(&[
        review(now - 5000, "s3", Rating::Hard),
        Entry::new(now - 4000, Event::Undo { entry: None }),
        review(now - 3000, "gone", Rating::Good),
    ]);
    let log = w.path().join("data").join(LOG_FILE);
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.insert_str(0, "garbage\n");
    text.push_str("{\"at\":1,\"ev");
    std::fs::write(&log, text).unwrap();
    let r = kioku(w.path(), &["review-log", "--tail", "2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].ends_with("undo       (the latest answer not yet undone)"),
        "{}",
        r.stdout
    );
    assert!(
        lines[1].contains("review     good     2.5s  flip   gone  (not in any deck)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("reviews.jsonl:1: damaged line skipped"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("reviews.jsonl:5: the last line is incomplete"),
        "{}",
        r.stderr
    );
    let r = kioku(w.path(), &["review-log"]);
    assert!(
        r.stdout.contains("s3  aws › Amazon S3 › 特徴: 容量無制限"),
        "{}",
        r.stdout
    );
}

#[test]
fn optimize_needs_enough_reviews_and_keeps_the_defaults_until_then() {
    let w = workspace(&[review(now_ms(), "s3", Rating::Good)]);
    let r = kioku(w.path(), &["optimize"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "not enough reviews to optimize yet: 0 reviews of learned cards, 400 more needed"
        ),
        "{}",
        r.stdout
    );
    assert!(
        !w.path().join("config/config.toml").exists(),
        "nothing written"
    );
}

#[test]
fn a_bad_config_names_the_file_and_the_setting() {
    let w = workspace(&[]);
    std::fs::create_dir_all(w.path().join("config")).unwrap();
    std::fs::write(
        w.path().join("config/config.toml"),
        "desired_retention = 1.5\n",
    )
    .unwrap();
    let r = kioku(w.path(), &["due"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("kioku: "), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "config/config.toml: desired_retention must be between 0.70 and 0.99, not 1.5\nhint: "
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn optimize_fits_parameters_to_the_reviews_and_saves_them() {
    let day = 86_400_000;
    let start = now_ms() - 60 * day;
    let mut log = Vec::new();
    // 120 cards reviewed on days 0, 1, 3, 8 and 20; every seventh answer forgotten.
    let mut n = 0;
    for card in 0..120 {
        for (k, d) in [0, 1, 3, 8, 20].into_iter().enumerate() {
            n += 1;
            let rating = if k > 0 && n % 7 == 0 {
                Rating::Again
            } else {
                Rating::Good
            };
            log.push(review(
                start + d * day + card * 1000,
                &format!("c{card}"),
                rating,
            ));
        }
    }
    log.sort_by_key(|e| e.at);
    let w = workspace(&log);
    let r = kioku(w.path(), &["optimize"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "training on 480 reviews of 120 cards…
before: log loss "
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("\nafter:  log loss "), "{}", r.stdout);
    let cfg = std::fs::read_to_string(w.path().join("config/config.toml")).unwrap_or_default();
    if r.stdout.contains("saved 21 parameters") {
        assert!(cfg.contains("parameters = ["), "{cfg}");
        // The saved parameters are used from now on.
        assert_eq!(kioku(w.path(), &["due"]).code, 0);
    } else {
        assert!(
            r.stdout.contains("keeping the current ones"),
            "{}",
            r.stdout
        );
        assert!(cfg.is_empty());
    }
}

#[test]
fn answers_dated_in_the_future_do_not_count_in_retention() {
    let now = now_ms();
    let day = 86_400_000;
    let w = workspace(&[
        review(now - 3 * day, "s3", Rating::Easy),
        review(now - 60_000, "s3", Rating::Good),
        // A machine whose clock ran ahead wrote this one.
        review(now + 2 * day, "s3", Rating::Again),
    ]);
    let r = kioku(w.path(), &["stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("true retention (30 days): 100.0% (1 of 1 reviews"),
        "{}",
        r.stdout
    );
}

#[test]
fn review_log_says_which_answer_an_undo_took_back() {
    let now = now_ms();
    let answer = review(now - 5000, "s3", Rating::Hard);
    let undo = Entry::new(
        now - 4000,
        Event::Undo {
            entry: Some(answer.id.clone()),
        },
    );
    let w = workspace(&[answer, review(now - 4500, "elb", Rating::Good), undo]);
    let r = kioku(w.path(), &["review-log"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = r.stdout.lines().last().unwrap_or_default();
    assert!(
        last.ends_with("undo       the answer to s3  aws › Amazon S3 › 特徴: 容量無制限"),
        "{}",
        r.stdout
    );
    let r = kioku(w.path(), &["due"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

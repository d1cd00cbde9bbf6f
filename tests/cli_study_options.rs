//! The real binary's custom-study options and its answers to bad input: a quiz without a
//! terminal, an unknown deck or section, a bad number of days, `--more-new` written to the log.

mod common;
use common::{kioku, kioku_at};

const DECK: &str = "[deck]\nname = \"aws\"\n\n\
[[card]]\nid = \"s3\"\nsection = [\"Amazon S3\", \"特徴\"]\nfront = \"容量無制限\"\nback = \"Amazon S3\"\n\n\
[[card]]\nid = \"elb\"\nsection = [\"Elastic Load Balancing（ELB）\"]\nfront = \"Connection Draining\"\nback = \"待つ機能\"\n";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/aws.toml"), DECK).unwrap();
    dir
}

#[test]
fn a_quiz_without_a_terminal_says_so_in_one_line() {
    let w = workspace();
    // `output()` gives the child no terminal: stdin is /dev/null, stdout a pipe.
    let r = kioku(w.path(), &["quiz"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "kioku: the quiz needs a terminal, and stdin is not one (`kioku due` shows what is due without one)\n"
    );
    assert!(r.stdout.is_empty());
    // And nothing was written, not even with --more-new.
    let r = kioku(w.path(), &["quiz", "--more-new", "5"]);
    assert_eq!(r.code, 1);
    assert!(!w.path().join("data/reviews").exists());
}

#[test]
fn an_unknown_deck_or_section_names_the_nearest_ones() {
    let w = workspace();
    for cmd in ["due", "quiz"] {
        let r = kioku(w.path(), &[cmd, "--section", "Amazon S4"]);
        assert_eq!(r.code, 1, "{cmd}");
        assert_eq!(
            r.stderr,
            "kioku: no section matches `Amazon S4`; the nearest: Amazon S3, Amazon S3 › 特徴\n",
            "{cmd}"
        );
        let r = kioku(w.path(), &[cmd, "--deck", "nope"]);
        assert_eq!(r.code, 1, "{cmd}");
        assert_eq!(
            r.stderr, "kioku: no deck matches `nope`; no deck has a similar name\n",
            "{cmd}"
        );
        let r = kioku(w.path(), &[cmd, "--deck", "asw"]);
        assert_eq!(
            r.stderr, "kioku: no deck matches `asw`; the nearest: aws\n",
            "{cmd}"
        );
    }
    // Names from the data are escaped like everything else printed.
    let r = kioku(w.path(), &["due", "--deck", "\u{1b}[2J"]);
    assert_eq!(
        r.stderr,
        "kioku: no deck matches `\\e[2J`; no deck has a similar name\n"
    );
}

#[test]
fn days_are_written_2d_or_2_and_anything_else_is_a_usage_error() {
    let w = workspace();
    for bad in ["2w", "d", "-1", "0"] {
        let r = kioku(w.path(), &["quiz", &format!("--ahead={bad}")]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("--ahead <DAYS>"), "{bad}: {}", r.stderr);
    }
    let r = kioku(w.path(), &["quiz", "--failed", "2w"]);
    assert!(
        r.stderr
            .contains("`2w` is not a number of days: write it like `2d` or `2`"),
        "{}",
        r.stderr
    );
    let r = kioku(w.path(), &["quiz", "--more-new", "0"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = kioku(w.path(), &["quiz", "--cram", "--missed"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    // Good values get as far as the terminal check.
    for ok in [
        &["--ahead", "2d"][..],
        &["--ahead", "2"],
        &["--failed", "3d"],
        &["--cram"],
    ] {
        let mut args = vec!["quiz"];
        args.extend(ok);
        let r = kioku(w.path(), &args);
        assert!(
            r.stderr.contains("needs a terminal"),
            "{ok:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn more_new_is_in_the_log_before_the_session_starts() {
    let dir = workspace();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let decks = dir.path().join("decks");
    let mut pty = common::Pty::spawn(
        dir.path(),
        &format!(
            "stty cols 80 rows 24; '{bin}' --decks '{}' quiz --more-new 5",
            decks.display()
        ),
        &[
            ("KIOKU_NOW", "2026-11-21T12:00:00+09:00".into()),
            ("TZ", "Asia/Tokyo".into()),
        ],
    );
    pty.wait_for("space show the answer");
    pty.keys("\u{3}");
    assert!(pty.child.wait().unwrap().success());
    let r = kioku(dir.path(), &["due"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("new cards left today: 25 of 25, 5 of them added for today"),
        "{}",
        r.stdout
    );
    let log = kioku(dir.path(), &["review-log"]);
    assert!(
        log.stdout
            .ends_with("more new   +5 new cards for the day\n"),
        "{}",
        log.stdout
    );
}

#[test]
fn due_counts_move_as_time_passes() {
    use kioku::review::log::{Entry, Event, LOG_FILE, Mode, Rating};
    let w = workspace();
    let now = "2026-11-21T12:00:00+09:00"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    // elb answered Again 10 s ago: its 1m step ends 50 s from now.
    let again = Entry::new(
        now - 10_000,
        Event::Answer {
            card: "elb".into(),
            rating: Rating::Again,
            secs: 1.0,
            mode: Mode::Flip,
            after: None,
        },
    );
    std::fs::create_dir_all(w.path().join("data")).unwrap();
    std::fs::write(w.path().join("data").join(LOG_FILE), again.to_line()).unwrap();
    let aws_row = |at: &str| {
        let r = kioku_at(w.path(), &["due"], at);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // The cells, whatever the column widths.
        let row = r.stdout.lines().nth(1).unwrap().to_string();
        row.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(aws_row("2026-11-21T12:00:00+09:00"), "aws 1 0 (1) 0 1");
    assert_eq!(aws_row("2026-11-21T12:00:49+09:00"), "aws 1 0 (1) 0 1");
    assert_eq!(aws_row("2026-11-21T12:00:50+09:00"), "aws 1 1 0 1");
}

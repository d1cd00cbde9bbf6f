//! Progress is sacred: a review is on disk before the next card is shown, a kill -9 loses at
//! most the answer in flight, and two writers on one log never corrupt it.

mod common;

use std::path::Path;
use std::process::Command;

use common::Pty;
use kioku::review::log::{self, Entry, Event, LogWriter, Mode, Rating};

fn review(at: i64, card: String) -> Entry {
    Entry::new(
        at,
        Event::Answer {
            card,
            rating: Rating::Good,
            secs: 1.0,
            mode: Mode::Flip,
            after: None,
        },
    )
}

/// Reviews in the data directory's logs, and the warnings reading them gave.
fn reviews(data: &Path) -> (usize, Vec<String>) {
    let read = log::read_all(data).unwrap();
    let n = read
        .entries
        .iter()
        .filter(|e| matches!(e.event, Event::Answer { .. }))
        .count();
    (n, read.warnings)
}

/// The real binary on the quiz screen, killed with SIGKILL at 50 moments: after 1–3 answers the
/// screen acknowledged (it moved on to the next card, which it does only once the answer is
/// fsynced), with one more answer in flight. Every acknowledged answer must be in the log.
#[test]
fn kill_dash_nine_on_the_quiz_screen_loses_no_acknowledged_answer() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let pid_file = dir.path().join("pid");
    // A small deterministic generator for how many answers and when to kill.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let day = 86_400_000;
    let start: i64 = 1_763_690_400_000; // 2025-11-21 11:00 JST
    let mut acknowledged = 0;
    let rounds = 50;
    for round in 0..rounds {
        // A day per round, so the daily limit of new cards never runs out.
        let now = jiff::Timestamp::from_millisecond(start + round as i64 * day)
            .unwrap()
            .to_string();
        let cmd = format!(
            "stty cols 80 rows 24; echo $$ > '{}'; exec '{bin}'",
            pid_file.display()
        );
        let mut pty = Pty::spawn(dir.path(), &cmd, &[("KIOKU_NOW", now)]);
        pty.wait_for("enter study");
        pty.keys("a");
        let answers = 1 + next() % 3;
        for _ in 0..answers {
            pty.wait_for("space show the answer");
            pty.keys(" ");
            pty.wait_for("3 Good");
            pty.keys("3");
            // The next card's front: the answer was written and fsynced.
            pty.wait_for("space show the answer");
            acknowledged += 1;
        }
        // One more answer in flight, killed at a moment between 0 and ~2 ms after the key.
        pty.keys(" ");
        pty.wait_for("3 Good");
        pty.keys("3");
        let spin = next() % 200_000;
        for i in 0..spin {
            std::hint::black_box(i);
        }
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let killed = Command::new("kill")
            .args(["-9", pid.trim()])
            .status()
            .unwrap();
        assert!(killed.success(), "round {round}: kill -9 {pid}");
        let _ = pty.child.kill();
        let _ = pty.child.wait();

        let (n, warnings) = reviews(&dir.path().join("data"));
        assert!(
            n >= acknowledged,
            "round {round}: {acknowledged} answers acknowledged, {n} in the log"
        );
        assert!(
            n <= acknowledged + round + 1,
            "round {round}: at most one answer per round in flight, {n} in the log"
        );
        // Only a line torn by the kill may be damaged (the next writer starts a fresh line).
        assert!(
            warnings
                .iter()
                .all(|w| w.contains("incomplete") || w.contains("damaged line")),
            "{warnings:?}"
        );
        assert!(warnings.len() <= round + 1, "{warnings:?}");
    }
    assert!(acknowledged >= rounds, "every round acknowledged an answer");
}

/// Two writers on one log file, each with its own open file (as two processes have: the lock
/// is per open file, so threads with their own handles contend exactly as processes do).
#[test]
fn two_writers_appending_at_once_keep_every_line_intact() {
    let dir = tempfile::tempdir().unwrap();
    let n = 150;
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|role| {
            let data = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut w = LogWriter::open(&data, "dev").unwrap();
                for i in 0..n {
                    w.append(&review(i as i64, format!("{role}-{i}"))).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let read = log::read(&log::device_log(dir.path(), "dev")).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(read.entries.len(), 2 * n);
    for role in ["a", "b"] {
        let ids: Vec<&str> = read
            .entries
            .iter()
            .filter_map(|e| e.card())
            .filter(|c| c.starts_with(role))
            .collect();
        let expected: Vec<String> = (0..n).map(|i| format!("{role}-{i}")).collect();
        assert_eq!(ids, expected, "each writer's lines are whole and in order");
    }
}

#[test]
fn an_unwritable_data_directory_is_a_clear_error_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // The data directory's path is taken by a file.
    let blocked = dir.path().join("data");
    std::fs::write(&blocked, "not a directory").unwrap();
    let Err(e) = LogWriter::open(&blocked, "dev") else {
        panic!("opened a log inside a file")
    };
    assert!(
        e.to_string().contains("cannot write the data directory"),
        "{e}"
    );
    assert!(e.hint().contains("--data-dir"), "{}", e.hint());
    assert_eq!(
        std::fs::read_to_string(&blocked).unwrap(),
        "not a directory"
    );

    // The log's path is taken by a directory: the existing reviews elsewhere stay as they are.
    let data = dir.path().join("d");
    let taken = log::device_log(&data, "dev");
    std::fs::create_dir_all(&taken).unwrap();
    assert!(LogWriter::open(&data, "dev").is_err());
    assert!(
        log::read(&taken).is_err(),
        "reading a directory as the log is an error, not an empty log"
    );
}

#[test]
fn a_read_only_log_is_refused_for_writing_but_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = LogWriter::open(dir.path(), "dev").unwrap();
    w.append(&review(1, "x".into())).unwrap();
    drop(w);
    let path = log::device_log(dir.path(), "dev");
    let before = std::fs::read(&path).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    match LogWriter::open(dir.path(), "dev") {
        // root may write to a read-only file; nothing to check then but that nothing broke.
        Ok(_) if is_root() => {}
        Ok(_) => panic!("opened a read-only log for writing"),
        Err(e) => assert!(
            e.to_string().contains("cannot write the data directory"),
            "{e}"
        ),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing lost");
    assert_eq!(log::read(&path).unwrap().entries.len(), 1);
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

//! Progress is sacred: a review is on disk before the next card is shown, a kill -9 loses at
//! most the answer in flight, and two processes on one data directory never corrupt the log.
//!
//! The child processes are this test binary run again with an environment variable naming
//! their role (see `child`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kioku::review::log::{self, Entry, Event, LogWriter, Mode, Rating};

const ROLE: &str = "KIOKU_TEST_CHILD";
const DIR: &str = "KIOKU_TEST_DIR";

fn review(at: i64, card: String) -> Entry {
    Entry::new(
        at,
        Event::Review {
            card,
            rating: Rating::Good,
            secs: 1.0,
            mode: Mode::Flip,
            after: None,
        },
    )
}

/// The child side: answers cards in a loop, printing each card's id once its append returned.
#[test]
fn child() {
    let (Ok(role), Ok(dir)) = (std::env::var(ROLE), std::env::var(DIR)) else {
        return;
    };
    let mut w = LogWriter::open(Path::new(&dir), "dev").unwrap();
    let count: usize = std::env::var("KIOKU_TEST_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(usize::MAX);
    for i in 0..count {
        let id = format!("{role}-{i}");
        w.append(&review(i as i64, id.clone())).unwrap();
        println!("{id}");
    }
}

fn spawn_child(role: &str, dir: &Path, count: Option<usize>) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["child", "--exact", "--nocapture", "--test-threads=1", "-q"])
        .env(ROLE, role)
        .env(DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(n) = count {
        cmd.env("KIOKU_TEST_COUNT", n.to_string());
    }
    cmd.spawn().unwrap()
}

/// Card ids the child reported as written (lines it printed that look like ids).
fn reported(role: &str, out: impl std::io::Read) -> Vec<String> {
    BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .filter(|l| l.starts_with(&format!("{role}-")))
        .collect()
}

#[test]
fn kill_dash_nine_at_random_moments_loses_no_reported_review() {
    let dir = tempfile::tempdir().unwrap();
    // A small deterministic generator for the moments to kill at.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut all_reported = Vec::new();
    let rounds = 24;
    for round in 0..rounds {
        let role = format!("r{round}");
        let mut child = spawn_child(&role, dir.path(), None);
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn({
            let role = role.clone();
            move || reported(&role, stdout)
        });
        // Let it write for 5–60 ms, then kill it without warning.
        std::thread::sleep(Duration::from_millis(5 + next() % 56));
        child.kill().unwrap();
        child.wait().unwrap();
        all_reported.extend(reader.join().unwrap());

        let read = log::read_all(dir.path()).unwrap();
        let cards: std::collections::HashSet<String> = read
            .entries
            .iter()
            .filter_map(|e| e.card().map(str::to_string))
            .collect();
        for id in &all_reported {
            assert!(
                cards.contains(id),
                "round {round}: reported review {id} is not in the log"
            );
        }
        // Only a torn last line may be damaged, and the next writer repairs the line break.
        assert!(read.warnings.len() <= round + 1, "{:?}", read.warnings);
        assert!(
            read.warnings
                .iter()
                .all(|w| w.contains("incomplete") || w.contains("damaged line")),
            "{:?}",
            read.warnings
        );
    }
    assert!(
        all_reported.len() >= rounds,
        "the children wrote something: {}",
        all_reported.len()
    );
}

#[test]
fn two_processes_appending_at_once_keep_every_line_intact() {
    let dir = tempfile::tempdir().unwrap();
    let n = 150;
    let a = spawn_child("a", dir.path(), Some(n));
    let b = spawn_child("b", dir.path(), Some(n));
    for c in [a, b] {
        assert!(c.wait_with_output().unwrap().status.success());
    }
    let read = log::read_all(dir.path()).unwrap();
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
    let started = Instant::now();
    match LogWriter::open(dir.path(), "dev") {
        // root may write to a read-only file; nothing to check then but that nothing broke.
        Ok(_) if is_root() => {}
        Ok(_) => panic!("opened a read-only log for writing"),
        Err(e) => assert!(
            e.to_string().contains("cannot write the data directory"),
            "{e}"
        ),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing lost");
    assert_eq!(log::read(&path).unwrap().entries.len(), 1);
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

//! The real binary in a pseudo-terminal (util-linux `script` provides it): open the quiz
//! screen, answer three cards, quit; the review log holds three reviews and the terminal is
//! back to normal (alternate screen left, cursor shown, raw mode off).

mod common;

use common::Pty;

#[test]
fn answer_three_cards_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let mut pty = Pty::spawn(
        dir.path(),
        &format!("stty cols 80 rows 24; '{bin}'; stty -a"),
        &[],
    );
    pty.wait_for("kioku 記憶");
    pty.wait_for("aws-services");
    pty.keys("a");
    for n in 1..=3 {
        pty.wait_for("space show the answer");
        pty.keys(" ");
        pty.wait_for("3 Good");
        pty.keys("3");
        pty.wait_for(&format!("{n}/"));
    }
    pty.keys("q");
    pty.wait_for("Session done");
    pty.keys("q");
    pty.wait_for("enter study");
    pty.keys("q");
    let status = pty.child.wait().unwrap();
    assert!(status.success());

    let log: String = kioku::review::log::sources(&dir.path().join("data"))
        .unwrap()
        .iter()
        .map(|s| std::fs::read_to_string(&s.path).unwrap())
        .collect();
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("\"event\":\"review\""))
            .count(),
        3,
        "{log}"
    );
    assert!(
        log.lines().all(|l| l.contains("\"rating\":\"good\"")),
        "{log}"
    );

    let raw = String::from_utf8_lossy(&pty.raw()).to_string();
    let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    let shown = raw.rfind("\x1b[?25h").expect("showed the cursor");
    assert!(left > raw.rfind("\x1b[?1049h").unwrap() && shown > 0);
    // `stty -a` ran after kioku, in the same terminal: canonical mode and echo are back on.
    let after = &raw[left..];
    assert!(
        after.contains(" icanon") && after.contains(" echo "),
        "raw mode still on:\n{after}"
    );
}

/// A backup restore or a sync tool replaces the log while the quiz screen is open (`cp` then
/// `mv` over it): the answers after it go to the file now at the path, not the unlinked one.
#[test]
fn answers_after_the_log_was_replaced_mid_session_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let mut pty = Pty::spawn(
        dir.path(),
        &format!("stty cols 80 rows 24; exec '{bin}'"),
        &[],
    );
    pty.wait_for("enter study");
    pty.keys("a");
    pty.wait_for("space show the answer");
    pty.keys(" ");
    pty.wait_for("3 Good");
    pty.keys("3");
    pty.wait_for("space show the answer");
    let logs = kioku::review::log::sources(&dir.path().join("data")).unwrap();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let path = &logs[0].path;
    let copy = path.with_extension("restored");
    std::fs::copy(path, &copy).unwrap();
    std::fs::rename(&copy, path).unwrap();
    pty.keys(" ");
    pty.wait_for("3 Good");
    pty.keys("3");
    pty.wait_for("space show the answer");
    pty.keys("q");
    pty.wait_for("Session done");
    pty.keys("q");
    pty.wait_for("enter study");
    pty.keys("q");
    assert!(pty.child.wait().unwrap().success());
    let read = kioku::review::log::read(path).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(
        read.entries.len(),
        2,
        "both answers in the file at the path"
    );
}

/// Type mode in the real terminal: a typed answer checked and rated, Esc out of the answer
/// box, and a suspend; the log holds both, and the mode is remembered for the next launch.
#[test]
fn a_typed_answer_and_a_suspend() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let mut pty = Pty::spawn(
        dir.path(),
        &format!("stty cols 80 rows 24; exec '{bin}'"),
        &[],
    );
    pty.wait_for("enter study");
    pty.keys("t");
    pty.wait_for("mode: type");
    pty.keys("a");
    // The session's clock is on screen whatever the card's mode.
    pty.wait_for(" 0:0");
    if pty.screen().contains("type the answer") {
        pty.keys("zzz");
        pty.wait_for("> zzz");
        pty.keys("\r");
        pty.wait_for("not quite");
        pty.keys("\r");
    } else {
        pty.keys(" ");
        pty.wait_for("3 Good");
        pty.keys("1");
    }
    pty.wait_for("0% right");
    if pty.screen().contains("type the answer") {
        pty.keys("\x1b");
        pty.wait_for("i type");
    }
    pty.keys("!");
    pty.wait_for("Suspended");
    if pty.screen().contains("type the answer") {
        pty.keys("\x1b");
        pty.wait_for("i type");
    }
    pty.keys("q");
    pty.wait_for("Session done");
    pty.keys("q");
    pty.wait_for("enter study");
    pty.keys("q");
    assert!(pty.child.wait().unwrap().success());
    let log: String = kioku::review::log::sources(&dir.path().join("data"))
        .unwrap()
        .iter()
        .map(|s| std::fs::read_to_string(&s.path).unwrap())
        .collect();
    let events: Vec<&str> = log
        .lines()
        .filter_map(|l| l.split("\"event\":\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(events, ["review", "suspend"], "{log}");
    assert!(log.contains("\"rating\":\"again\""), "{log}");
    // The next launch starts in type mode.
    let mut pty = Pty::spawn(
        dir.path(),
        &format!("stty cols 80 rows 24; exec '{bin}'"),
        &[],
    );
    pty.wait_for("mode: type");
    pty.keys("q");
    assert!(pty.child.wait().unwrap().success());
}

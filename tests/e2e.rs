//! The real binary in a pseudo-terminal (util-linux `script` provides it): open the quiz
//! screen, answer three cards, quit; the review log holds three reviews and the terminal is
//! back to normal (alternate screen left, cursor shown, raw mode off).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Pty {
    child: std::process::Child,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    fn spawn(dir: &std::path::Path, cmd: &str) -> Pty {
        let mut child = Command::new("script")
            .args(["-qfec", cmd, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("KIOKU_DATA_DIR", dir.join("data"))
            .env("KIOKU_CONFIG_DIR", dir.join("config"))
            .env("KIOKU_STATE_DIR", dir.join("state"))
            .env("KIOKU_CACHE_DIR", dir.join("cache"))
            .env("TERM", "xterm-256color")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "util-linux `script` runs the binary in a pseudo-terminal (.ci/run installs it)",
            );
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = child.stdout.take().unwrap();
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty { child, output }
    }

    fn screen(&self) -> String {
        let mut p = vt100::Parser::new(24, 80, 0);
        p.process(&self.output.lock().unwrap());
        p.screen().contents()
    }

    /// Wait until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {text:?}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn keys(&mut self, keys: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }
}

#[test]
fn answer_three_cards_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let mut pty = Pty::spawn(
        dir.path(),
        &format!("stty cols 80 rows 24; '{bin}'; stty -a"),
    );
    pty.wait_for("kioku 記憶");
    pty.wait_for("aws-services");
    pty.keys("a");
    for n in 1..=3 {
        pty.wait_for("space show answer");
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

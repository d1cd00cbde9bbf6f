//! The real binary in a pseudo-terminal (util-linux `script` provides it), for the tests that
//! drive the quiz screen as a user would.

#![allow(dead_code)] // each test binary uses a part of it

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Pty {
    pub child: std::process::Child,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    /// Run `cmd` (a shell command line) in a pseudo-terminal, with the data, config, state and
    /// cache directories under `dir` and `extra` environment variables.
    pub fn spawn(dir: &Path, cmd: &str, extra: &[(&str, String)]) -> Pty {
        let mut command = Command::new("script");
        command
            .args(["-qfec", cmd, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("KIOKU_DATA_DIR", dir.join("data"))
            .env("KIOKU_CONFIG_DIR", dir.join("config"))
            .env("KIOKU_STATE_DIR", dir.join("state"))
            .env("KIOKU_CACHE_DIR", dir.join("cache"))
            .env("TERM", "xterm-256color")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in extra {
            command.env(k, v);
        }
        let mut child = command.spawn().expect(
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

    pub fn screen(&self) -> String {
        let mut p = vt100::Parser::new(24, 80, 0);
        p.process(&self.output.lock().unwrap());
        p.screen().contents()
    }

    /// Wait until the screen shows `text`. The deadline only stops a hung test; it measures
    /// nothing.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "never saw {text:?}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn keys(&mut self, keys: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }
}

/// What one run of the binary printed.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the binary with the data, config, state and cache directories under `dir`, in Tokyo,
/// at the fixed moment `now` (`KIOKU_NOW`).
pub fn kioku_at(dir: &Path, args: &[&str], now: &str) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kioku"))
        .args(args)
        .current_dir(dir)
        .env("KIOKU_DATA_DIR", dir.join("data"))
        .env("KIOKU_CONFIG_DIR", dir.join("config"))
        .env("KIOKU_STATE_DIR", dir.join("state"))
        .env("KIOKU_CACHE_DIR", dir.join("cache"))
        .env("TZ", "Asia/Tokyo")
        .env("KIOKU_NOW", now)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// [`kioku_at`] on 2026-11-21 12:00 in Tokyo.
pub fn kioku(dir: &Path, args: &[&str]) -> Run {
    kioku_at(dir, args, "2026-11-21T12:00:00+09:00")
}

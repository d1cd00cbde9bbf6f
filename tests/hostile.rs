//! Text from notes, file names and the log reaches the terminal only through the sanitizer:
//! every command prints escape sequences and bidi controls escaped and visible.

use std::path::Path;
use std::process::Command;

mod common;

/// Characters that must never reach a terminal as they are.
fn has_unsafe(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

fn kioku(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let r = common::kioku(dir, args);
    (r.code, r.stdout, r.stderr)
}

const NOTES: &str = "# T\n\n## Amazon S3\u{1b}]52;c;aGk=\u{7}\n- 容量\u{1b}[2J無制限(1ファイル5TBまで)\n- Connection \u{202E}Draining\n    - 待つ\u{9b}31m機能\n\n### 特徴\n- 最大容量は16TB\n- AZ毎に独立\n";

#[test]
fn every_command_prints_escape_sequences_from_the_notes_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("notes")).unwrap();
    std::fs::create_dir_all(d.join("data")).unwrap();
    std::fs::write(d.join("notes/aws.md"), NOTES).unwrap();
    // A log line naming a card id with an escape sequence (not in any deck).
    std::fs::write(
        d.join("data/reviews.jsonl"),
        "{\"at\":1763694000000,\"event\":\"review\",\"card\":\"x\\u001b[2J\",\"rating\":\"good\",\"secs\":1.0,\"mode\":\"flip\"}\n",
    )
    .unwrap();
    let runs: Vec<(&[&str], bool)> = vec![
        (&["import", "--report"], true),
        (&["list"], true),
        (&["check"], false),
        (&["due"], true),
        (&["stats"], false),
        (&["review-log"], true),
    ];
    for (args, shows_text) in runs {
        let (code, out, err) = kioku(d, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!has_unsafe(&out), "{args:?} printed {out:?}");
        assert!(!has_unsafe(&err), "{args:?} printed {err:?}");
        if shows_text {
            assert!(
                out.contains("\\e[2J") || out.contains("\\e]52;c;aGk=\\u{7}"),
                "{args:?} shows the escape visibly: {out}"
            );
        }
    }
    let (_, out, _) = kioku(d, &["review-log"]);
    assert!(out.contains("x\\e[2J  (not in any deck)"), "{out}");
    let (_, out, _) = kioku(d, &["list"]);
    assert!(out.contains("Amazon S3\\e]52;c;aGk=\\u{7}"), "{out}");
}

#[test]
fn error_messages_show_hostile_paths_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = kioku(dir.path(), &["list", "gone\u{1b}[2J\u{202E}.toml"]);
    assert_eq!(code, 1);
    assert!(!has_unsafe(&out) && !has_unsafe(&err), "{err:?}");
    assert!(err.contains("gone\\e[2J\\u{202E}.toml"), "{err}");
}

#[test]
fn an_invalid_kioku_now_is_an_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kioku"))
        .args(["due"])
        .current_dir(dir.path())
        .env("KIOKU_DATA_DIR", dir.path().join("data"))
        .env("KIOKU_STATE_DIR", dir.path().join("state"))
        .env("KIOKU_CACHE_DIR", dir.path().join("cache"))
        .env("KIOKU_NOW", "tomorrow-ish")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("kioku: KIOKU_NOW: `tomorrow-ish` is not a time kioku can read"),
        "{err}"
    );
    assert!(
        err.contains("hint: set it like 2026-11-21T12:00:00+09:00"),
        "{err}"
    );
}

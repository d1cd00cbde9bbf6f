//! The real binary: exit codes (0 ok, 1 user error, 2 usage) and the messages a user sees.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn kioku(dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_kioku"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// A folder with `notes/` holding the given files.
fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join("notes").join(name), bytes).unwrap();
    }
    dir
}

const NOTES: &[u8] =
    "# T\n\n## Amazon S3\n- 容量無制限(1ファイル50TBまで)\n- Connection Draining\n    - 待つ機能\n"
        .as_bytes();

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(dir);
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .flat_map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        vec![e.path()]
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn import_writes_decks_and_check_sees_when_they_are_stale() {
    let w = workspace(&[("aws.md", NOTES)]);
    let r = kioku(w.path(), &["import"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("notes/aws.md → decks/aws.toml: 3 cards, created"),
        "{}",
        r.stdout
    );
    assert!(w.path().join("decks/aws.toml").is_file());

    let r = kioku(w.path(), &["import", "--check"]);
    assert_eq!(
        (r.code, r.stdout.contains("up to date")),
        (0, true),
        "{}",
        r.stdout
    );

    std::fs::write(
        w.path().join("notes/aws.md"),
        [
            NOTES,
            "- バージョニングで過去のオブジェクトを復元できる\n".as_bytes(),
        ]
        .concat(),
    )
    .unwrap();
    let before = std::fs::read(w.path().join("decks/aws.toml")).unwrap();
    let r = kioku(w.path(), &["import", "--check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("out of date: decks/aws.toml — run `kioku import` to update"),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::read(w.path().join("decks/aws.toml")).unwrap(),
        before,
        "--check writes nothing"
    );
}

#[test]
fn import_report_lists_kinds_sections_skips_and_id_changes() {
    let w = workspace(&[("aws.md", NOTES)]);
    kioku(w.path(), &["import"]);
    std::fs::write(
        w.path().join("notes/aws.md"),
        String::from_utf8(NOTES.to_vec())
            .unwrap()
            .replace("Connection Draining", "Connection Drainin"),
    )
    .unwrap();
    let r = kioku(w.path(), &["import", "--report"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout;
    assert!(
        out.contains("  cards by kind: term 1, service 1, cloze 1\n"),
        "{out}"
    );
    assert!(out.contains("    Amazon S3     3\n"), "{out}");
    assert!(
        out.contains("    notes/aws.md:1: # T\n      why: document title: it names the deck\n"),
        "{out}"
    );
    assert!(out.contains("    re-linked  "), "{out}");
    assert!(
        out.contains(
            "Amazon S3 › Connection Drainin  (was Amazon S3 › Connection Draining; similarity 0.9"
        ),
        "{out}"
    );
}

#[test]
fn bad_notes_files_get_a_clear_message_and_nothing_is_written() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "bad.md",
            b"## A\n- ok\n- caf\xe9 latin-1\n",
            "kioku: notes/bad.md:3:6: not valid UTF-8\nhint: save the file as UTF-8",
        ),
        (
            "bin.md",
            b"## A\n\x00\x01\x02",
            "kioku: notes/bin.md:2: looks like a binary file (it contains a NUL byte)\nhint: ",
        ),
    ];
    for (name, bytes, message) in cases {
        // A good notes file sorts first: it must not be written either.
        let w = workspace(&[("a-good.md", NOTES), (name, bytes)]);
        let r = kioku(w.path(), &["import"]);
        assert_eq!(r.code, 1, "{name}");
        assert!(r.stderr.starts_with(message), "{name}: {}", r.stderr);
        assert_eq!(
            r.stderr.lines().count(),
            2,
            "one line of cause, one of hint: {}",
            r.stderr
        );
        assert!(!w.path().join("decks").exists(), "{name}: nothing written");
    }
}

#[test]
fn an_empty_notes_file_in_a_folder_is_reported_not_written_but_named_alone_is_an_error() {
    let w = workspace(&[("a-good.md", NOTES), ("empty.md", b"  \n\n")]);
    let r = kioku(w.path(), &["import"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "notes/empty.md: no cards, no deck written (0 lines skipped; --report says why)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(w.path().join("decks/a-good.toml").is_file());
    assert!(!w.path().join("decks/empty.toml").exists());
    let r = kioku(w.path(), &["import", "notes/empty.md"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("kioku: notes/empty.md: the file is empty\nhint: "),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_folders_are_named() {
    let w = tempfile::tempdir().unwrap();
    let r = kioku(w.path(), &["import"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "kioku: notes: no such file or directory\nhint: pass the notes folder, or run kioku from the folder that has it\n"
    );
    let r = kioku(w.path(), &["list", "nowhere"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("kioku: nowhere: no such file or directory\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_malformed_deck_is_reported_at_its_position_and_import_writes_nothing() {
    let w = workspace(&[("aws.md", NOTES)]);
    kioku(w.path(), &["import"]);
    let deck = w.path().join("decks/aws.toml");
    let text = std::fs::read_to_string(&deck).unwrap();
    let broken = text.replacen("kind = \"term\"", "kind = \"trem\"", 1);
    std::fs::write(&deck, &broken).unwrap();
    let line = broken.lines().position(|l| l == "kind = \"trem\"").unwrap() + 1;

    let r = kioku(w.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(&format!(
            "decks/aws.toml:{line}:8: unknown card kind `trem` (known: basic, term, keyvalue, section, service, cloze, qa)\n"
        )),
        "{}",
        r.stderr
    );

    std::fs::write(w.path().join("notes/aws.md"), [NOTES, b"- more\n"].concat()).unwrap();
    let r = kioku(w.path(), &["import"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(&format!(
            "kioku: decks/aws.toml:{line}:8: unknown card kind `trem`"
        )),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&deck).unwrap(),
        broken,
        "the broken deck is left for the user to fix"
    );

    std::fs::write(&deck, "[deck\nname = 1").unwrap();
    let r = kioku(w.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("decks/aws.toml:1:6: "), "{}", r.stderr);
}

#[test]
fn check_finds_duplicate_ids_across_decks_and_empty_fields() {
    let w = tempfile::tempdir().unwrap();
    std::fs::create_dir(w.path().join("decks")).unwrap();
    std::fs::write(
        w.path().join("decks/a.toml"),
        "[[card]]\nid = \"x1\"\nfront = \"q\"\nback = \"a\"\n",
    )
    .unwrap();
    std::fs::write(w.path().join("decks/b.toml"), "[[card]]\nid = \"x1\"\nfront = \"q\"\nback = \"a\"\n\n[[card]]\nfront = \"q2\"\nback = \"\"\n").unwrap();
    let r = kioku(w.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "decks/b.toml:8:8: `back` is empty\n1 problem(s) in 2 deck file(s)\n"
    );
    std::fs::write(
        w.path().join("decks/b.toml"),
        "[[card]]\nid = \"x1\"\nfront = \"q\"\nback = \"a\"\n",
    )
    .unwrap();
    let r = kioku(w.path(), &["check"]);
    assert_eq!(
        r.stderr,
        "decks/b.toml:2:6: card id `x1` is also used in decks/a.toml: ids must be unique across decks\n1 problem(s) in 2 deck file(s)\n"
    );
    std::fs::remove_file(w.path().join("decks/b.toml")).unwrap();
    let r = kioku(w.path(), &["check"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "ok: 1 deck(s), 1 cards\n"));
}

#[test]
fn hand_written_decks_load_and_are_never_touched_by_import() {
    let w = workspace(&[("aws.md", NOTES)]);
    std::fs::create_dir(w.path().join("decks")).unwrap();
    let mine = "[deck]\nname = \"mine\"\n\n[[card]]\nfront = \"記憶\"\nback = \"memory\"\n";
    std::fs::write(w.path().join("decks/mine.toml"), mine).unwrap();
    let r = kioku(w.path(), &["import"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(w.path().join("decks/mine.toml")).unwrap(),
        mine
    );
    let r = kioku(w.path(), &["list"]);
    assert!(
        r.stdout
            .contains("mine  (1 cards, decks/mine.toml, hand-written)"),
        "{}",
        r.stdout
    );

    // A hand-written deck with a notes file's name is not overwritten.
    std::fs::write(w.path().join("decks/aws.toml"), mine).unwrap();
    let r = kioku(w.path(), &["import"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("kioku: decks/aws.toml: is a hand-written deck"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(w.path().join("decks/aws.toml")).unwrap(),
        mine
    );
}

#[test]
fn no_arguments_lists_the_bundled_decks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = kioku(root, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("aws-services — サービス一覧  ("),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\n  Elastic Load Balancing（ELB）"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\n    Application Load Balancer (ALB)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("techstock — Techstock  ("),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout, kioku(root, &["list"]).stdout);
}

#[test]
fn usage_errors_exit_2() {
    let w = tempfile::tempdir().unwrap();
    let r = kioku(w.path(), &["import", "--frobnicate"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--frobnicate"), "{}", r.stderr);
    assert_eq!(kioku(w.path(), &["nonsense"]).code, 2);
}

#[test]
fn temp_files_never_stay_behind() {
    let w = workspace(&[("aws.md", NOTES)]);
    kioku(w.path(), &["import"]);
    let names: Vec<String> = files(w.path())
        .iter()
        .map(|p| p.strip_prefix(w.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["decks/aws.toml", "notes/aws.md"]);
}

#[test]
fn check_deep_also_proves_the_history_snapshot() {
    let w = workspace(&[("aws.md", NOTES)]);
    assert_eq!(kioku(w.path(), &["import"]).code, 0);
    let r = kioku(
        w.path(),
        &[
            "check",
            "--deep",
            "--data-dir",
            "data",
            "--cache-dir",
            "cache",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.ends_with("ok: no history snapshot to check\n"),
        "{}",
        r.stdout
    );
}

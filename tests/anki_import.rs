//! The Anki package as Anki itself reads it: `kioku export --format apkg` imported with Anki's
//! own Python package (PyPI `anki`, the version `.ci/run` pins) into a fresh collection, then a
//! re-export imported again into the same collection.
//!
//! `.ci/run` makes a venv with `anki` and sets `KIOKU_ANKI_PYTHON` to its python. Without that
//! variable (a plain `cargo test`), the test says it was skipped and why, and passes.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

/// Straight to stderr, past the test harness's capture, so `cargo test` shows it.
macro_rules! say {
    ($($t:tt)*) => {
        let _ = writeln!(std::io::stderr(), $($t)*);
    };
}

const PYTHON_VAR: &str = "KIOKU_ANKI_PYTHON";

fn python() -> Option<String> {
    match std::env::var(PYTHON_VAR) {
        Ok(p) if !p.is_empty() => {
            assert!(
                Path::new(&p).exists(),
                "{PYTHON_VAR}={p} does not exist: run .ci/run, which makes the venv"
            );
            Some(p)
        }
        _ => None,
    }
}

fn kioku(dir: &Path, now: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kioku"))
        .args(args)
        .current_dir(dir)
        .env("KIOKU_DATA_DIR", dir.join("data"))
        .env("KIOKU_CONFIG_DIR", dir.join("config"))
        .env("KIOKU_STATE_DIR", dir.join("state"))
        .env("KIOKU_CACHE_DIR", dir.join("cache"))
        .env("KIOKU_NOW", now)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "kioku {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn anki_import(python: &str, collection: &Path, package: &Path) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/anki/import_apkg.py");
    let result = collection.with_extension("result.json");
    let out = Command::new(python)
        .arg(script)
        .arg(collection)
        .arg(package)
        .arg(&result)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "Anki's import failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&result).unwrap();
    std::fs::remove_file(&result).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

const DECK: &str = r#"[deck]
name = "aws"
title = "AWS の基本"
source = "src-notes/aws.md"

[[card]]
id = "s3-durability"
kind = "basic"
section = ["Amazon S3", "特徴"]
front = """
S3 の**耐久性**は？

![構成図](img/s3.png)
"""
back = "BACK"
line = 5

[[card]]
id = "s3-max-size"
kind = "cloze"
section = ["Amazon S3", "特徴"]
front = "1 オブジェクトの最大サイズは 5TB"
cloze = "5TB"
line = 6
"#;

const SUB_DECK: &str = r#"[deck]
name = "aws/saa"

[[card]]
id = "elb-alb"
kind = "term"
section = ["Elastic Load Balancing", "ALB"]
front = "ALB"
back = """
- L7
- パスベース ![remote](https://example.com/alb.png)
"""
"#;

fn write_decks(dir: &Path, back: &str) {
    std::fs::create_dir_all(dir.join("decks/aws")).unwrap();
    std::fs::write(dir.join("decks/aws.toml"), DECK.replace("BACK", back)).unwrap();
    std::fs::write(dir.join("decks/aws/saa.toml"), SUB_DECK).unwrap();
}

#[test]
fn anki_imports_the_package_and_a_re_export_updates_it() {
    let Some(python) = python() else {
        say!(
            "anki_import: skipped: {PYTHON_VAR} is not set, so Anki's Python package is not at hand \
             (.ci/run makes a venv with it and sets the variable)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("src-notes/img")).unwrap();
    std::fs::write(
        d.join("src-notes/img/s3.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    write_decks(d, "99.999999999%");
    let said = kioku(
        d,
        "2026-11-21T12:00:00+09:00",
        &["export", "--format", "apkg", "-o", "out/kioku.apkg"],
    );
    assert_eq!(
        said,
        "wrote out/kioku.apkg: 3 notes in 2 decks, 1 image (note types \"kioku Basic\" and \"kioku Cloze\")\n"
    );
    let collection = d.join("anki/collection.anki2");
    std::fs::create_dir_all(d.join("anki")).unwrap();
    let first = anki_import(&python, &collection, &d.join("out/kioku.apkg"));
    say!(
        "anki_import: anki {}: first import: {} new, {} updated; {} notes, {} cards",
        first["anki"],
        first["new"],
        first["updated"],
        first["note_count"],
        first["card_count"]
    );
    assert_eq!(first["new"], 3);
    assert_eq!(first["note_count"], 3);
    assert_eq!(first["card_count"], 3);
    let notetypes: Vec<&str> = first["notetypes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|n| n.starts_with("kioku"))
        .collect();
    assert_eq!(notetypes, ["kioku Basic", "kioku Cloze"]);
    let decks: Vec<&str> = first["decks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(decks, ["Default", "aws", "aws::saa"]);
    assert_eq!(first["media_files"], serde_json::json!(["s3.png"]));

    let notes = &first["notes"];
    let basic = &notes["s3-durability"];
    assert_eq!(basic["notetype"], "kioku Basic");
    assert_eq!(basic["deck"], "aws");
    assert_eq!(basic["tags"], serde_json::json!(["aws::Amazon_S3::特徴"]));
    assert_eq!(
        basic["question"],
        "<div class=\"section\">Amazon S3 › 特徴</div><p>S3 の<strong>耐久性</strong>は？</p>\n<p><img src=\"s3.png\" alt=\"構成図\" /></p>"
    );
    assert_eq!(basic["fields"]["Back"], "99.999999999%");
    let cloze = &notes["s3-max-size"];
    assert_eq!(cloze["notetype"], "kioku Cloze");
    assert_eq!(
        cloze["fields"]["Text"],
        "1 オブジェクトの最大サイズは {{c1::5TB}}"
    );
    assert_eq!(
        cloze["question"],
        "<div class=\"section\">Amazon S3 › 特徴</div>1 オブジェクトの最大サイズは <span class=\"cloze\" data-cloze=\"5TB\" data-ordinal=\"1\">[...]</span>"
    );
    let term = &notes["elb-alb"];
    assert_eq!(term["deck"], "aws::saa");
    assert_eq!(
        term["tags"],
        serde_json::json!(["aws::saa::Elastic_Load_Balancing::ALB"])
    );
    assert_eq!(
        term["fields"]["Back"],
        "<ul>\n<li>L7</li>\n<li>パスベース <img src=\"https://example.com/alb.png\" alt=\"remote\" /></li>\n</ul>",
        "a remote image stays a link"
    );

    // The notes change and are exported again a day later: the same notes are updated.
    write_decks(d, "11 nines (99.999999999%)");
    kioku(
        d,
        "2026-11-22T12:00:00+09:00",
        &["export", "--format", "apkg", "-o", "out/kioku.apkg"],
    );
    let second = anki_import(&python, &collection, &d.join("out/kioku.apkg"));
    say!(
        "anki_import: second import: {} new, {} updated; {} notes, {} cards",
        second["new"],
        second["updated"],
        second["note_count"],
        second["card_count"]
    );
    assert_eq!(second["new"], 0);
    assert_eq!(second["duplicate"], 0);
    assert_eq!(second["note_count"], 3, "updated, not duplicated");
    assert_eq!(second["card_count"], 3);
    assert_eq!(
        second["notes"]["s3-durability"]["fields"]["Back"],
        "11 nines (99.999999999%)"
    );
}

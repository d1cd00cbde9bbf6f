//! The real binary: `kioku export --format csv|json` parsed back.

use std::path::Path;
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
        .env("KIOKU_DATA_DIR", dir.join("data"))
        .env("KIOKU_CONFIG_DIR", dir.join("config"))
        .env("KIOKU_STATE_DIR", dir.join("state"))
        .env("KIOKU_CACHE_DIR", dir.join("cache"))
        // 2026-11-21T03:01:00Z: a minute after the review in the log below.
        .env("KIOKU_NOW", "2026-11-21T12:01:00+09:00")
        .output()
        .unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

const DECK: &str = r#"[deck]
name = "aws"

[[card]]
id = "c1"
kind = "basic"
section = ["Amazon S3", "特徴"]
front = "S3, \"simple\" storage"
back = """
- 耐久性, 99.999999999%
- 二行目
"""

[[card]]
id = "c2"
kind = "cloze"
section = ["EC2"]
front = "最大 16TB"
cloze = "16TB"
"#;

/// A deck, and a log where `c1` was answered Good at 2026-11-21T12:00:00+09:00.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/aws.toml"), DECK).unwrap();
    std::fs::create_dir_all(dir.path().join("data/reviews")).unwrap();
    std::fs::write(
        dir.path().join("data/reviews/test.jsonl"),
        "{\"v\":2,\"id\":\"e1\",\"at\":1795230000000,\"event\":\"review\",\"card\":\"c1\",\"rating\":\"good\",\"secs\":3,\"mode\":\"flip\"}\n",
    )
    .unwrap();
    dir
}

const EXPECTED: [[&str; 8]; 2] = [
    [
        "c1",
        "aws",
        "Amazon S3 › 特徴",
        "basic",
        "S3, \"simple\" storage",
        "- 耐久性, 99.999999999%\n- 二行目\n",
        "learning",
        "9m",
    ],
    ["c2", "aws", "EC2", "cloze", "最大 16TB", "16TB", "new", ""],
];

#[test]
fn csv_export_parses_back_to_every_field() {
    let dir = workspace();
    let r = kioku(dir.path(), &["export", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "id", "deck", "section", "kind", "front", "back", "state", "due"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows, EXPECTED.map(|r| r.map(str::to_string)).to_vec());
    assert!(
        r.stdout
            .contains("\"S3, \"\"simple\"\" storage\",\"- 耐久性, 99.999999999%\n- 二行目\n\""),
        "quoted as CSV quotes: {}",
        r.stdout
    );

    // To a file, one deck, one section.
    let r = kioku(
        dir.path(),
        &[
            "export",
            "--format",
            "csv",
            "--section",
            "ec2",
            "-o",
            "out/c.csv",
        ],
    );
    assert_eq!(r.stdout, "wrote out/c.csv: 1 cards\n");
    let text = std::fs::read_to_string(dir.path().join("out/c.csv")).unwrap();
    assert_eq!(
        text,
        "id,deck,section,kind,front,back,state,due\nc2,aws,EC2,cloze,最大 16TB,16TB,new,\n"
    );
}

#[test]
fn json_export_parses_back() {
    let dir = workspace();
    let r = kioku(dir.path(), &["export", "--format", "json", "--deck", "aws"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&r.stdout).unwrap();
    let got: Vec<Vec<String>> = v
        .iter()
        .map(|o| {
            [
                "id", "deck", "section", "kind", "front", "back", "state", "due",
            ]
            .iter()
            .map(|k| o[*k].as_str().unwrap().to_string())
            .collect()
        })
        .collect();
    assert_eq!(got, EXPECTED.map(|r| r.map(str::to_string)).to_vec());
}

#[test]
fn export_says_what_is_wrong() {
    let dir = workspace();
    let r = kioku(dir.path(), &["export", "--format", "apkg"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "kioku: --format apkg: an Anki package is a file: name it with -o FILE.apkg\nhint: kioku export --format apkg -o kioku.apkg\n"
    );
    let r = kioku(dir.path(), &["export", "--format", "csv", "--deck", "gcp"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("kioku: no deck matches `gcp`"),
        "{}",
        r.stderr
    );
    let r = kioku(dir.path(), &["export", "--format", "xml"]);
    assert_eq!(r.code, 2, "a usage error");
}

//! The real binary: `kioku export --format csv|json` parsed back, `kioku import --anki` into a
//! deck `kioku check` accepts, `kioku completions` and `kioku paths`.

use std::path::Path;

mod common;

/// The binary a minute after the review in the log below (2026-11-21T03:01:00Z).
fn kioku(dir: &Path, args: &[&str]) -> common::Run {
    common::kioku_at(dir, args, "2026-11-21T12:01:00+09:00")
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
    assert_eq!(r.stdout, "wrote out/c.csv: 1 card\n");
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

const ANKI_TXT: &str = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n\
Ab1\"x\tBasic\tAWS::S3\t<b>S3</b> の耐久性は？\t<ul><li>99.999999999%</li><li>イレブンナイン</li></ul>\taws\n\
Cl2\tCloze\tAWS\t{{c1::東京}}は{{c2::日本}}の首都\t\t\n";

#[test]
fn anki_text_becomes_a_deck_kioku_check_accepts_and_a_reimport_keeps_ids() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("from-anki.txt"), ANKI_TXT).unwrap();
    let r = kioku(dir.path(), &["import", "--anki", "from-anki.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "from-anki.txt → decks/from-anki.toml: 3 cards (2 cloze) from 2 notes, created; 0 notes skipped\n"
    );
    let toml = std::fs::read_to_string(dir.path().join("decks/from-anki.toml")).unwrap();
    let deck = kioku::deck::parse_deck("d.toml", "d", &toml).unwrap();
    let cards: Vec<(&str, &str, &str, Option<&str>)> = deck
        .cards
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.front.as_str(),
                c.back.as_str(),
                c.cloze.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        cards,
        vec![
            (
                "Ab1\"x",
                "**S3** の耐久性は？",
                "- 99.999999999%\n- イレブンナイン",
                None
            ),
            ("Cl2-c1", "東京は日本の首都", "東京", Some("東京")),
            ("Cl2-c2", "東京は日本の首都", "日本", Some("日本")),
        ]
    );
    assert_eq!(&*deck.cards[0].section, ["AWS", "S3"]);
    assert_eq!(deck.cards[0].line, Some(7));
    let r = kioku(dir.path(), &["check", "decks"]);
    assert_eq!(
        r.code, 0,
        "kioku check accepts it: {}{}",
        r.stdout, r.stderr
    );

    // Again, unchanged: nothing to write. Changed: the same ids.
    let r = kioku(dir.path(), &["import", "--anki", "from-anki.txt"]);
    assert!(r.stdout.contains(", up to date;"), "{}", r.stdout);
    std::fs::write(
        dir.path().join("from-anki.txt"),
        ANKI_TXT.replace("イレブンナイン", "11 nines"),
    )
    .unwrap();
    let r = kioku(dir.path(), &["import", "--anki", "from-anki.txt"]);
    assert!(r.stdout.contains(", updated;"), "{}", r.stdout);
    let again = kioku::deck::parse_deck(
        "d.toml",
        "d",
        &std::fs::read_to_string(dir.path().join("decks/from-anki.toml")).unwrap(),
    )
    .unwrap();
    assert_eq!(again.cards[0].id, "Ab1\"x");
    assert_eq!(again.cards[0].back, "- 99.999999999%\n- 11 nines");
}

#[test]
fn bad_anki_text_names_file_and_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.txt"),
        "#separator:tab\n#html:true\n#tags column:3\nq\ta\tt\n\"unterminated\tx\n",
    )
    .unwrap();
    let r = kioku(dir.path(), &["import", "--anki", "bad.txt"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "kioku: bad.txt:5: the header puts the tags in column 3, but this note has 1 column\nhint: check the separator: fields must be separated by the one `#separator:` names\n"
    );
    assert!(!dir.path().join("decks").exists(), "nothing written");

    // Notes that make no card are said, each at its line; no empty deck is written.
    std::fs::write(
        dir.path().join("one.txt"),
        "#separator:tab\nonly a front\t\n",
    )
    .unwrap();
    let r = kioku(dir.path(), &["import", "--anki", "one.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "one.txt: no cards, no deck written (1 note skipped)\n  one.txt:2: skipped: one field has text, and a card needs a front and a back\n"
    );
    assert!(!dir.path().join("decks").exists());

    // A deck that did not come from an Anki import is never overwritten.
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/mine.toml"), DECK).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "#separator:tab\nq\ta\n").unwrap();
    let r = kioku(
        dir.path(),
        &["import", "--anki", "ok.txt", "--deck", "mine"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "kioku: decks/mine.toml: is not a deck imported from ok.txt, so `kioku import --anki` will not overwrite it\nhint: name another deck with --deck, or another folder with --out\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("decks/mine.toml")).unwrap(),
        DECK
    );
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F _kioku"),
        ("zsh", "#compdef kioku"),
        ("fish", "complete -c kioku"),
    ] {
        let r = kioku(dir.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}: {}", r.stdout);
        assert!(r.stdout.contains("export"), "{shell} knows the subcommands");
    }
}

#[test]
fn paths_lists_every_place() {
    let dir = workspace();
    let r = kioku(dir.path(), &["paths"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let root = root.display();
    let abs = std::path::absolute(dir.path()).unwrap();
    let shown = r.stdout.replace(&abs.display().to_string(), "ROOT");
    let shown = shown.replace(&root.to_string(), "ROOT");
    assert_eq!(
        shown,
        "config   ROOT/config/config.toml (not there: the defaults apply)\n\
         data     ROOT/data\n\
         reviews  ROOT/data/reviews\n\
         state    ROOT/state (this machine's device id, made on first use; never sync it)\n\
         cache    ROOT/cache (derived; safe to delete)\n\
         decks    ROOT/decks\n"
    );
}

#[test]
fn every_subcommand_s_help_has_an_example() {
    use clap::CommandFactory;
    let cmd = kioku::cli::Cli::command();
    for sub in cmd.get_subcommands() {
        let help = sub
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(
            help.starts_with("Example") && help.contains("kioku "),
            "`kioku {} --help` shows no example",
            sub.get_name()
        );
    }
}

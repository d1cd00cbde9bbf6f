//! The package's own structure, read back without Anki: the zip's entries, the media map, and
//! the collection's rows (tests/anki_import.rs has Anki itself read it, where Anki is at hand).

use std::io::Read;

use kioku::deck::{Card, Deck, Kind};
use kioku::interop::apkg;

fn card(id: &str, kind: Kind, section: &[&str], front: &str, back: &str) -> Card {
    Card {
        id: id.into(),
        kind,
        section: section
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into(),
        front: front.into(),
        back: back.into(),
        cloze: (kind == Kind::Cloze).then(|| back.to_string()),
        ..Card::default()
    }
}

#[test]
fn the_package_holds_the_collection_the_media_and_one_note_per_card() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("notes/img")).unwrap();
    std::fs::write(dir.path().join("notes/img/a.png"), b"png bytes").unwrap();
    std::fs::create_dir_all(dir.path().join("notes/other")).unwrap();
    std::fs::write(dir.path().join("notes/other/a.png"), b"other bytes").unwrap();
    let source = dir.path().join("notes/aws.md").display().to_string();
    let deck = Deck {
        name: "aws/saa".into(),
        title: Some("SAA".into()),
        source: Some(source),
        cards: vec![
            card(
                "k1",
                Kind::Term,
                &["Amazon S3", "特徴"],
                "![one](img/a.png) ![two](other/a.png) ![web](https://e.com/x.png) ![gone](img/none.png)",
                "- a\n- b",
            ),
            card("k2", Kind::Cloze, &["EC2"], "最大 16TB", "16TB"),
        ],
        ..Deck::default()
    };
    let cards: Vec<(&Deck, &Card)> = deck.cards.iter().map(|c| (&deck, c)).collect();
    let now = 1_795_230_000_000;
    let p = apkg::build(&cards, now).unwrap();
    assert_eq!((p.notes, p.decks, p.media), (2, 2, 2));
    assert_eq!(p.missing.len(), 1);
    assert!(
        p.missing[0].starts_with("not opened: img/none.png (no such file"),
        "{:?}",
        p.missing
    );

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(p.bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["0", "1", "collection.anki2", "media"]);
    let read = |zip: &mut zip::ZipArchive<_>, name: &str| {
        let mut v = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut v).unwrap();
        v
    };
    let media: serde_json::Value = serde_json::from_slice(&read(&mut zip, "media")).unwrap();
    assert_eq!(media, serde_json::json!({"0": "a.png", "1": "a-2.png"}));
    assert_eq!(read(&mut zip, "0"), b"png bytes");
    assert_eq!(read(&mut zip, "1"), b"other bytes");

    let db = dir.path().join("c.anki2");
    std::fs::write(&db, read(&mut zip, "collection.anki2")).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ver: i64 = conn
        .query_row("SELECT ver FROM col", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ver, 11);
    let decks: String = conn
        .query_row("SELECT decks FROM col", [], |r| r.get(0))
        .unwrap();
    let decks: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&decks).unwrap();
    let mut names: Vec<&str> = decks
        .values()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Default", "aws", "aws::saa"]);
    let models: String = conn
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .unwrap();
    let models: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&models).unwrap();
    assert_eq!(
        models[&apkg::BASIC_ID.to_string()]["name"],
        apkg::BASIC_NAME
    );
    assert_eq!(models[&apkg::CLOZE_ID.to_string()]["type"], 1);

    let mut stmt = conn
        .prepare("SELECT guid, mid, mod, tags, flds, sfld FROM notes ORDER BY guid")
        .unwrap();
    let notes: Vec<(String, i64, i64, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        notes,
        vec![
            (
                "k1".to_string(),
                apkg::BASIC_ID,
                now / 1000,
                " aws::saa::Amazon_S3::特徴 ".to_string(),
                [
                    "<img src=\"a.png\" alt=\"one\" /> <img src=\"a-2.png\" alt=\"two\" /> <img src=\"https://e.com/x.png\" alt=\"web\" /> <img src=\"img/none.png\" alt=\"gone\" />",
                    "<ul>\n<li>a</li>\n<li>b</li>\n</ul>",
                    "",
                    "Amazon S3 › 特徴",
                ]
                .join("\u{1f}"),
                "a.png   a-2.png   https://e.com/x.png   img/none.png".to_string(),
            ),
            (
                "k2".to_string(),
                apkg::CLOZE_ID,
                now / 1000,
                " aws::saa::EC2 ".to_string(),
                ["最大 {{c1::16TB}}", "", "EC2"].join("\u{1f}"),
                "最大 {{c1::16TB}}".to_string(),
            ),
        ]
    );
    let cards: i64 = conn
        .query_row(
            "SELECT count(*) FROM cards JOIN notes ON cards.nid = notes.id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cards, 2, "one card per note, each joined to its note");
}

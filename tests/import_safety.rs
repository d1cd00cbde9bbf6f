//! Hostile and careless input to `kioku import`: deep nesting, file names with control
//! characters, and what an update does to the files already there.

use std::path::Path;

use kioku::import::{plan, write};

fn notes_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("notes").join(name), text).unwrap();
    }
    dir
}

#[test]
fn ten_thousand_nested_lists_and_quotes_give_a_deck_linear_in_the_input() {
    // `- - - … x`: a list inside a list on one line, 10,000 deep (20 kB of notes).
    let deep = format!("## Amazon S3\n{}x\n", "- ".repeat(10_000));
    // And nesting by indentation, 300 deep, where every level once carried all the levels
    // below it in its card.
    let mut indented = String::from("## Amazon EBS\n");
    for i in 0..300 {
        indented.push_str(&format!(
            "{}- level {i} of the volume notes\n",
            "  ".repeat(i)
        ));
    }
    // And callouts in callouts, 300 deep, each with a title (each a term over all the
    // callouts inside it, once: a 9 GB deck from 9 MB of notes at 3,000 deep).
    let mut quotes = String::from("## Amazon SQS\n");
    for k in 1..=300 {
        quotes.push_str(&format!("{}[!note] level {k}\n", "> ".repeat(k)));
    }
    let dir = notes_dir(&[
        ("deep.md", &deep),
        ("indented.md", &indented),
        ("quotes.md", &quotes),
    ]);
    let plans = plan(&[dir.path().join("notes")], &dir.path().join("decks")).unwrap();
    let sizes = [deep.len(), indented.len(), quotes.len()];
    for (p, input) in plans.iter().zip(sizes) {
        assert!(
            p.toml.len() < 20 * input + 4096,
            "{}: {} bytes of deck from {input} bytes of notes",
            p.notes.display(),
            p.toml.len()
        );
    }
}

#[test]
fn control_characters_in_file_names_reach_neither_deck_names_nor_the_header() {
    let dir = notes_dir(&[
        (
            "a\n[[card]]\nfront = \"x\".md",
            "## Amazon S3\n- バージョニングで過去のオブジェクトを復元できる\n",
        ),
        (
            "b\u{1b}[2J.md",
            "## Amazon EBS\n- EC2インスタンスにアタッチして使うブロックストレージ\n",
        ),
    ]);
    let out = dir.path().join("decks");
    let plans = plan(&[dir.path().join("notes")], &out).unwrap();
    write(&plans).unwrap();
    for p in &plans {
        assert!(
            !p.deck.name.chars().any(char::is_control),
            "{:?}",
            p.deck.name
        );
        // The header comment is two lines whatever the file is called, and the deck reads back
        // with exactly the cards it was written with.
        let text = std::fs::read_to_string(&p.deck_path).unwrap();
        assert_eq!(
            text.lines().take_while(|l| l.starts_with('#')).count(),
            2,
            "{text}"
        );
        let back = kioku::deck::store::load(&p.deck_path).unwrap();
        assert_eq!(back.cards, p.deck.cards);
    }
}

#[cfg(unix)]
#[test]
fn an_update_keeps_a_deck_s_permissions_and_clears_old_temporary_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = notes_dir(&[(
        "s3.md",
        "## Amazon S3\n- バージョニングで過去のオブジェクトを復元できる\n",
    )]);
    let notes = dir.path().join("notes");
    let out = dir.path().join("decks");
    write(&plan(std::slice::from_ref(&notes), &out).unwrap()).unwrap();
    let deck = out.join("s3.toml");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&deck), 0o644, "a new deck is readable by all");
    std::fs::set_permissions(&deck, std::fs::Permissions::from_mode(0o640)).unwrap();
    // A temporary file left by an import killed an hour ago.
    let stale = out.join(".kioku-killed.tmp");
    std::fs::write(&stale, "half a deck").unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    std::fs::write(
        notes.join("s3.md"),
        "## Amazon S3\n- バージョニングで過去のオブジェクトを復元できる\n- オブジェクトロックでWORMモデルの保存ができる\n",
    )
    .unwrap();
    let plans = plan(std::slice::from_ref(&notes), &out).unwrap();
    assert_eq!(write(&plans).unwrap(), 1);
    assert_eq!(mode(&deck), 0o640, "an updated deck keeps its mode");
    assert!(
        !stale.exists(),
        "the killed import's temporary file is gone"
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".kioku-"))
        .collect();
    assert!(left.is_empty(), "no temporary file stays behind");
}

//! Card identity across edits of the notes: ids are kept for edited, fixed and moved cards.

use std::collections::HashMap;
use std::path::Path;

use kioku::deck::{Card, Relink};
use kioku::import::{DeckImport, plan, write};

const NOTES: &str = "\
# Notes

## Elastic Load Balancing（ELB）
- Connection Draining
    - 処理中リクエストは終わるように一定時間待つ機能
- スティッキー セッション
    - 同じユーザから来たリクエストを全て同じEC2インスタンスに送信
- ELB自体がスケーラブル、急な負荷に合わせて処理能力を自動で増やす

## Amazon S3
- 容量無制限(1ファイル50TBまで)
- バケットポリシー: S3バケット毎に、アクセス権限を指定
";

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let w = Workspace {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(w.dir.path().join("notes")).unwrap();
        w
    }

    /// Write the notes and import them, like `kioku import notes --out decks`.
    fn import(&self, notes: &str) -> DeckImport {
        let root = self.dir.path();
        std::fs::write(root.join("notes/aws.md"), notes).unwrap();
        let plans = plan(&[root.join("notes")], &root.join("decks")).unwrap();
        write(&plans).unwrap();
        plans.into_iter().next().unwrap()
    }

    fn deck_bytes(&self) -> Vec<u8> {
        std::fs::read(self.dir.path().join("decks/aws.toml")).unwrap()
    }
}

/// id of the card with this front (first match).
fn id(d: &DeckImport, front: &str) -> String {
    card(d, front).id.clone()
}

fn card<'a>(d: &'a DeckImport, front: &str) -> &'a Card {
    d.deck
        .cards
        .iter()
        .find(|c| c.front == front)
        .unwrap_or_else(|| panic!("no card {front:?}"))
}

fn link<'a>(d: &'a DeckImport, front: &str) -> &'a Relink {
    let i = d.deck.cards.iter().position(|c| c.front == front).unwrap();
    &d.links[i]
}

#[test]
fn editing_an_answer_keeps_the_id() {
    let w = Workspace::new();
    let before = w.import(NOTES);
    let after = w.import(&NOTES.replace("一定時間待つ機能", "最大3600秒待つ機能"));
    assert_eq!(
        id(&after, "Connection Draining"),
        id(&before, "Connection Draining")
    );
    assert_eq!(*link(&after, "Connection Draining"), Relink::Updated);
    assert!(
        card(&after, "Connection Draining")
            .back
            .contains("最大3600秒")
    );
}

#[test]
fn fixing_a_typo_in_a_front_keeps_the_id() {
    let w = Workspace::new();
    let before = w.import(&NOTES.replace("Connection Draining", "Conection Draning"));
    let after = w.import(NOTES);
    assert_eq!(
        id(&after, "Connection Draining"),
        id(&before, "Conection Draning")
    );
    assert!(
        matches!(link(&after, "Connection Draining"), Relink::Relinked { score, .. } if *score > 0.8)
    );
    // The key of a key-value card too.
    let before = w.import(&NOTES.replace("バケットポリシー:", "バケトポリシー:"));
    let after = w.import(NOTES);
    assert_eq!(
        id(&after, "バケットポリシー"),
        id(&before, "バケトポリシー")
    );
}

#[test]
fn moving_bullets_keeps_ids() {
    let w = Workspace::new();
    let before = w.import(NOTES);
    // Reorder within the section, and move a fact to another section.
    let moved = NOTES
        .replace(
            "- Connection Draining\n    - 処理中リクエストは終わるように一定時間待つ機能\n- スティッキー セッション\n    - 同じユーザから来たリクエストを全て同じEC2インスタンスに送信\n",
            "- スティッキー セッション\n    - 同じユーザから来たリクエストを全て同じEC2インスタンスに送信\n- Connection Draining\n    - 処理中リクエストは終わるように一定時間待つ機能\n",
        )
        .replace("- 容量無制限(1ファイル50TBまで)\n", "")
        .replace("## Amazon S3\n", "## Amazon S3\n\n### 特徴\n- 容量無制限(1ファイル50TBまで)\n");
    assert_ne!(moved, NOTES);
    let after = w.import(&moved);
    for front in ["Connection Draining", "スティッキー セッション"] {
        assert_eq!(id(&after, front), id(&before, front), "{front}");
    }
    let cloze = |d: &DeckImport| {
        d.deck
            .cards
            .iter()
            .find(|c| c.cloze.as_deref() == Some("50TB"))
            .map(|c| (c.id.clone(), c.section.clone()))
            .unwrap()
    };
    let (old_id, old_section) = cloze(&before);
    let (new_id, new_section) = cloze(&after);
    assert_ne!(old_section, new_section);
    assert_eq!(
        new_id, old_id,
        "a bullet moved to another section keeps its id"
    );
}

#[test]
fn a_new_bullet_gets_a_new_id_and_the_others_keep_theirs() {
    let w = Workspace::new();
    let before = w.import(NOTES);
    let after = w.import(&NOTES.replace(
        "- ELB自体が",
        "- Internal ELB\n    - VPC内からのみアクセスできればよいELB\n- ELB自体が",
    ));
    let old: HashMap<&str, &str> = before
        .deck
        .cards
        .iter()
        .map(|c| (c.id.as_str(), c.front.as_str()))
        .collect();
    let new_card = card(&after, "Internal ELB");
    assert!(!old.contains_key(new_card.id.as_str()));
    assert_eq!(*link(&after, "Internal ELB"), Relink::New);
    for c in &before.deck.cards {
        assert!(
            after.deck.cards.iter().any(|a| a.id == c.id),
            "lost the id of {:?}",
            c.front
        );
    }
    assert!(after.removed.is_empty());
}

#[test]
fn removed_cards_are_reported() {
    let w = Workspace::new();
    let before = w.import(NOTES);
    let after = w.import(&NOTES.replace(
        "- ELB自体がスケーラブル、急な負荷に合わせて処理能力を自動で増やす\n",
        "",
    ));
    assert_eq!(after.removed.len(), 1);
    assert_eq!(
        after.removed[0].0.id,
        before
            .deck
            .cards
            .iter()
            .find(|c| c.line == Some(8))
            .unwrap()
            .id
    );
}

#[test]
fn reimporting_the_same_notes_is_byte_identical() {
    let w = Workspace::new();
    w.import(NOTES);
    let first = w.deck_bytes();
    let again = w.import(NOTES);
    assert!(again.is_up_to_date());
    assert!(again.links.iter().all(|l| *l == Relink::Unchanged));
    assert_eq!(w.deck_bytes(), first);
    // After an edit and its undo, the deck is byte-identical to the first one again.
    w.import(&NOTES.replace("Connection Draining", "Conection Draining"));
    w.import(NOTES);
    assert_eq!(w.deck_bytes(), first);
}

#[test]
fn ids_do_not_depend_on_where_the_deck_is_written() {
    let a = Workspace::new().import(NOTES);
    let b = Workspace::new().import(NOTES);
    let ids = |d: &DeckImport| {
        d.deck
            .cards
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    assert!(Path::new(&a.deck.source.clone().unwrap()).ends_with("notes/aws.md"));
}

//! Exact expectations on the user's real notes (notes/aws-services.md, notes/techstock.md).

use std::path::{Path, PathBuf};

use kioku::deck::{Card, Kind};
use kioku::import::{DeckImport, plan};
use kioku::notes::extract::{IMAGE_ANSWER_TAG, WHY_UNKNOWN};
use kioku::text::fold;

fn notes(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("notes")
        .join(name)
}

/// Import one notes file into an empty folder (ids minted from scratch).
fn import(name: &str) -> DeckImport {
    let out = tempfile::tempdir().unwrap();
    plan(&[notes(name)], out.path()).unwrap().remove(0)
}

/// The card of that kind, section and front. Compared folded (NFKC), as search does: the notes
/// write some kana decomposed (`て` + U+3099 for `で`), and a test typed by hand has them composed.
fn find<'a>(d: &'a DeckImport, kind: Kind, section: &str, front: &str) -> &'a Card {
    d.deck
        .cards
        .iter()
        .find(|c| {
            c.kind == kind
                && fold(&c.section_path()) == fold(section)
                && fold(&c.front) == fold(front)
        })
        .unwrap_or_else(|| panic!("no {kind} card {section:?} / {front:?}"))
}

#[test]
fn elb_connection_draining_is_a_term_card() {
    let d = import("aws-services.md");
    let c = find(
        &d,
        Kind::Term,
        "Elastic Load Balancing（ELB）",
        "Connection Draining",
    );
    assert!(c.back.contains("処理中リクエスト"), "{}", c.back);
    assert_eq!(c.line, Some(33));
}

#[test]
fn lambda_event_sources_written_with_en_dashes_are_in_a_card() {
    let d = import("aws-services.md");
    let c = find(&d, Kind::Term, "AWS Lambda", "イベントソース");
    assert!(
        c.back.starts_with(
            "- イベントの発生元となるAWSリソース\n  - Amazon S3\n  - Amazon Kinesis\n  - Amazon DynamoDB Streams\n  \
             - Amazon Cognito(Sync)\n  - Amazon SNS\n  - Alexa Skills Kit\n  - Amazon SWF\n- Pushモデル(S3, Cognito, SNS)\n"
        ),
        "{}",
        c.back
    );
}

#[test]
fn s3_durability_cloze_hides_the_eleven_nines() {
    let d = import("aws-services.md");
    let c = find(
        &d,
        Kind::Cloze,
        "Amazon S3 › 特徴",
        "高い耐久性(99.999999999%)",
    );
    assert_eq!(c.cloze.as_deref(), Some("99.999999999%"));
    assert_eq!(c.back, "99.999999999%");
    let c = find(
        &d,
        Kind::Cloze,
        "Amazon CloudFront",
        "同時に最大 3,000 個までのパス指定が可能",
    );
    assert_eq!(c.cloze.as_deref(), Some("3,000 個"));
    assert_eq!(
        c.context.as_deref(),
        Some("キャッシュの Invalidation(無効化)")
    );
    let c = find(&d, Kind::Cloze, "EBS › 特徴", "最大容量は16TB");
    assert_eq!(c.cloze.as_deref(), Some("16TB"));
}

#[test]
fn key_value_section_and_service_cards() {
    let d = import("aws-services.md");
    let path = "EC2 Container Service › Container技術について › The Twelve-Factor App";
    let c = find(&d, Kind::KeyValue, path, "コードベース");
    assert_eq!(
        c.back,
        "バージョン管理される1つのコードベースと複数デプロイ"
    );
    let c = find(&d, Kind::KeyValue, "AWS Direct Connect", "帯域");
    assert_eq!(c.back, "暗号化のオーバーヘッドにより制限あり");
    assert_eq!(
        c.context.as_deref(),
        Some("インターネットVPN vs 専用線 › VPN")
    );

    let c = find(&d, Kind::Section, "EBS › 特徴", "EBS › 特徴");
    assert!(
        c.back
            .starts_with("- 最大容量は16TB\n- AZ毎に独立しているため"),
        "{}",
        c.back
    );
    let c = find(
        &d,
        Kind::Section,
        "AWS Lambda › ユースケース",
        "AWS Lambda › ユースケース",
    );
    assert!(c.back.contains("- 監査と通知\n"), "{}", c.back);

    let c = find(
        &d,
        Kind::Service,
        "Amazon S3 › 特徴",
        "容量無制限(1ファイル5TBまで)",
    );
    assert_eq!(c.back, "Amazon S3");
    // The service's own name is masked, or the card would answer itself.
    let c = find(
        &d,
        Kind::Service,
        "Elastic Load Balancing（ELB）",
        "＿＿自体がスケーラブル、従量課金",
    );
    assert_eq!(c.back, "Elastic Load Balancing（ELB）");
}

#[test]
fn bullet_quirks_come_out_as_cards() {
    let d = import("aws-services.md");
    // `-` glued to the text.
    let c = find(
        &d,
        Kind::Service,
        "Amazon Redshift",
        "フルマネージドなDWH特化の高速RDB",
    );
    assert_eq!(c.back, "Amazon Redshift");
    // A `−` (U+2212) bullet inside a `-` list, with its own nested item.
    let c = find(
        &d,
        Kind::Term,
        "AWS Storage Gateway › ファイルゲートウェイ",
        "NFSロックは利用できない",
    );
    assert!(
        fold(&c.back).starts_with(&fold("- バックエンドのS3はEventualConsistency\n")),
        "{}",
        c.back
    );
    assert!(
        c.front.contains('\u{3099}'),
        "decomposed kana are kept as written"
    );
    // `–` items indented under `- 構築` are its children.
    let c = find(&d, Kind::Term, "Amazon ElastiCache", "構築");
    assert_eq!(
        c.back,
        "- キャッシュクラスタを数クリックで起動\n- 初期費⽤無し、時間単位の従量課⾦\n"
    );
    // A `–` paragraph whose sentence continues on the next line is one item.
    let c = find(
        &d,
        Kind::Section,
        "Amazon S3 › Data Consistency モデル",
        "Amazon S3 › Data Consistency モデル",
    );
    assert!(
        c.back.contains("実現するため、データの更新・削除には"),
        "{}",
        c.back
    );
    // `- – Core Node…`: the stray dash is dropped.
    let c = find(&d, Kind::Term, "Amazon EMR › 分散処理基盤", "Master Node");
    assert_eq!(
        c.back,
        "- いわゆるマスターの役割を担う\n  - Core NodeやTaskNodeの監視\n"
    );
}

#[test]
fn compatibility_ideographs_are_kept_as_written_and_match_when_folded() {
    let d = import("aws-services.md");
    let c = find(&d, Kind::Term, "Amazon ElastiCache", "運⽤");
    assert!(
        c.back.contains("可\u{2F64}性を向上させる機能"),
        "display text is exactly as written"
    );
    assert!(
        fold(&c.back).contains(&fold("可用性")),
        "search matches the normal form"
    );
}

#[test]
fn techstock_images_numbered_headings_and_exam_questions() {
    let d = import("techstock.md");
    assert_eq!(d.deck.title.as_deref(), Some("Techstock"));
    // The screenshot opening section 61 is the front of its section card.
    let c = d
        .deck
        .cards
        .iter()
        .find(|c| c.kind == Kind::Section && c.section_path() == "61.")
        .unwrap();
    assert!(
        c.front
            .contains("![Screenshot 2023-07-23 at 21 39 55](https://github.com/"),
        "{}",
        c.front
    );
    assert!(c.back.contains("- DRAINING\n"), "{}", c.back);
    // Loose list with a blank line between the term and its items.
    let c = find(&d, Kind::Term, "61.", "DRAINING");
    assert!(
        c.back.contains("既存の進行中リクエストを完了する"),
        "{}",
        c.back
    );
    // An answer that is only images says so.
    let c = find(&d, Kind::Term, "63.", "RPO, RTO の要件の明確化");
    assert_eq!(c.tags, [IMAGE_ANSWER_TAG]);
    assert_eq!(c.back.matches("](https://github.com/").count(), 6);
    // A long exam question followed by an image answer.
    let c = d
        .deck
        .cards
        .iter()
        .find(|c| c.kind == Kind::Qa && c.front.starts_with("ある会社が 10 個の新しいドメイン名"))
        .unwrap();
    assert_eq!(c.tags, [IMAGE_ANSWER_TAG]);
    assert!(c.back.contains("![Screenshot 2023-07-26 at 7 58 20]"));
    let c = find(&d, Kind::KeyValue, "61.", "Amazon S3 Transfer Acceleration");
    assert!(c.back.starts_with("CloudFront のエッジロケーション"));
}

#[test]
fn every_section_with_notes_has_cards_and_no_card_is_empty() {
    for (file, cardless) in [
        ("aws-services.md", vec!["Amazon EC2 Container Registry"]),
        ("techstock.md", vec![]),
    ] {
        let d = import(file);
        let src = std::fs::read_to_string(notes(file)).unwrap();
        let h2: Vec<&str> = src
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .map(str::trim)
            .collect();
        assert!(h2.len() >= 5, "{file}");
        let without: Vec<&str> = h2
            .iter()
            .copied()
            .filter(|h| {
                !d.deck
                    .cards
                    .iter()
                    .any(|c| c.section.first().map(String::as_str) == Some(*h))
            })
            .collect();
        assert_eq!(without, cardless, "{file}: `##` sections without cards");
        for c in &d.deck.cards {
            assert!(
                !c.front.trim().is_empty() && !c.back.trim().is_empty(),
                "{file}: empty card {c:?}"
            );
        }
    }
}

#[test]
fn every_skipped_line_is_explained() {
    let skipped = |file: &str| -> Vec<(u32, &'static str)> {
        import(file)
            .skipped
            .iter()
            .map(|(s, _)| (s.line, s.reason))
            .collect()
    };
    use kioku::notes::extract::{WHY_EMPTY_SECTION, WHY_OUTSIDE, WHY_TITLE};
    assert_eq!(
        skipped("aws-services.md"),
        [(1, WHY_TITLE), (3, WHY_OUTSIDE), (5, WHY_EMPTY_SECTION)]
    );
    assert_eq!(
        skipped("techstock.md"),
        [
            (1, WHY_OUTSIDE),
            (2, WHY_OUTSIDE),
            (3, WHY_OUTSIDE),
            (4, WHY_OUTSIDE),
            (6, WHY_TITLE)
        ]
    );
    for file in ["aws-services.md", "techstock.md"] {
        assert!(
            import(file)
                .skipped
                .iter()
                .all(|(s, _)| s.reason != WHY_UNKNOWN)
        );
    }
}

#[test]
fn generated_decks_snapshot() {
    insta::assert_snapshot!("aws-services.toml", import("aws-services.md").toml);
    insta::assert_snapshot!("techstock.toml", import("techstock.md").toml);
}

#[test]
fn bundled_decks_are_up_to_date_with_the_notes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).unwrap();
    let plans = plan(&[PathBuf::from("notes")], Path::new("decks")).unwrap();
    for p in &plans {
        assert!(
            p.is_up_to_date(),
            "{} is stale: run `cargo run -- import`",
            p.deck_path.display()
        );
    }
}

#[test]
fn import_is_deterministic() {
    let a = import("aws-services.md");
    let b = import("aws-services.md");
    assert_eq!(a.toml, b.toml);
    let ids: std::collections::HashSet<&str> = a.deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), a.deck.cards.len(), "ids are unique");
}

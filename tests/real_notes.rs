//! Exact expectations on the user's real notes (notes/aws-services.md, notes/techstock.md), and
//! on the upgrade of their decks from the first importer (tests/corpus/upgrade/).

use std::collections::HashMap;
use std::path::Path;

use kioku::deck::{Card, Kind};
use kioku::import::{DeckImport, plan};
use kioku::notes::extract::{
    IMAGE_ANSWER_TAG, WHY_EMPTY_SECTION, WHY_LONE_IMAGE, WHY_PAST_ANSWER, WHY_STATEMENT, WHY_TITLE,
    WHY_UNKNOWN,
};
use kioku::text::fold;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Import the bundled notes (read together, as `kioku import` does) into an empty folder.
fn import_all() -> Vec<DeckImport> {
    let out = tempfile::tempdir().unwrap();
    plan(&[root().join("notes")], out.path()).unwrap()
}

fn import(name: &str) -> DeckImport {
    import_all()
        .into_iter()
        .find(|p| p.notes.ends_with(name))
        .unwrap()
}

/// The card of that kind, section and front (or its fact: a "which service?" card shows the
/// details under the fact after a blank line). Compared folded (NFKC), as search does: the
/// notes write some kana decomposed (`て` + U+3099 for `で`), and a test typed by hand has them
/// composed.
fn find<'a>(d: &'a DeckImport, kind: Kind, section: &str, front: &str) -> &'a Card {
    d.deck
        .cards
        .iter()
        .find(|c| {
            let fact = c.front.split("\n\n").next().unwrap_or_default();
            c.kind == kind
                && fold(&c.section_path()) == fold(section)
                && (fold(&c.front) == fold(front) || fold(fact) == fold(front))
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
    let c = find(
        &d,
        Kind::Term,
        "AWS Lambda",
        "イベントの発生元となるAWSリソース",
    );
    assert_eq!(
        c.back,
        "- Amazon S3\n- Amazon Kinesis\n- Amazon DynamoDB Streams\n- Amazon Cognito(Sync)\n\
         - Amazon SNS\n- Alexa Skills Kit\n- Amazon SWF\n"
    );
    assert_eq!(c.context.as_deref(), Some("イベントソース"));
    // `イベントソース`'s answer is its three children's cards: it makes none of its own.
    assert!(
        !d.deck.cards.iter().any(|c| c.front == "イベントソース"),
        "a parent whose answer is its children's cards"
    );
}

#[test]
fn clozes_hide_values_never_the_count_of_what_is_listed() {
    let d = import("aws-services.md");
    let c = find(
        &d,
        Kind::Cloze,
        "Amazon S3 › 特徴",
        "高い耐久性(99.999999999%)",
    );
    assert_eq!(c.cloze.as_deref(), Some("99.999999999%"));
    let c = find(
        &d,
        Kind::Cloze,
        "Amazon CloudFront",
        "同時に最大 3,000 個までのパス指定が可能",
    );
    assert_eq!(c.cloze.as_deref(), Some("3,000 個"));
    // The notes write each limit flat under the phrase it belongs to (`コンテンツ毎の無効化パス
    // 指定`, with a decomposed `パ`): the context says which.
    assert_eq!(
        c.context.as_deref(),
        Some("キャッシュの Invalidation(無効化) › コンテンツ毎の無効化ハ\u{309a}ス指定")
    );
    // `2種類のエンジン(memcached, redis)` lists its two kinds: hiding `2種類` hides nothing.
    for c in &d.deck.cards {
        if c.kind == Kind::Cloze {
            assert!(
                ![
                    "2種類のエンジン",
                    "4つのキーワード",
                    "Invocationパーミッションの2種類"
                ]
                .iter()
                .any(|f| c.front.contains(f)),
                "{c:?}"
            );
        }
    }
}

#[test]
fn key_value_list_and_service_cards() {
    let d = import("aws-services.md");
    let path = "EC2 Container Service › Container技術について › The Twelve-Factor App";
    let c = find(&d, Kind::KeyValue, path, "コードベース");
    assert_eq!(
        c.back,
        "バージョン管理される1つのコードベースと複数デプロイ"
    );
    let c = find(&d, Kind::KeyValue, "AWS Direct Connect", "帯域");
    assert_eq!(
        c.context.as_deref(),
        Some("インターネットVPN vs 専用線 › VPN")
    );

    // A list card says how many items it asks for.
    let c = find(
        &d,
        Kind::Section,
        "EBS › ボリュームタイプ",
        "EBS › ボリュームタイプ (5)",
    );
    assert_eq!(
        c.back,
        "- 汎用SSD(General Purpose(SSD))\n- プロビジョンドIOPS(SSD)\n- スループット最適化HDD\n\
         - コールドHDD\n- マグネティック(Magnetic)\n"
    );
    // The list's long item is not one of its items (it would be a fact of its own, but AWS
    // has changed it since: Elastic Volumes changes a volume in place).
    let line = d
        .skipped
        .iter()
        .find(|(s, _)| s.line == 291)
        .map(|(s, _)| s.reason);
    assert!(
        line.is_some_and(|r| r.starts_with("outdated since 2017-02")),
        "{line:?}"
    );
    // Two items are no list: `## VM Import` makes "which service?" cards instead.
    assert!(
        !d.deck
            .cards
            .iter()
            .any(|c| c.kind == Kind::Section && c.section_path().starts_with("VM ")),
    );

    // A service card answers with the catalog's name, accepts every spelling, and hides them
    // all in the fact.
    let c = find(
        &d,
        Kind::Service,
        "Elastic Load Balancing（ELB） › Application Load Balancer (ALB)",
        "レイヤー７のコンテントベースのロードバランサー",
    );
    assert_eq!(c.back, "Application Load Balancer (ALB)");
    assert!(c.answers.contains(&"ALB".to_string()), "{:?}", c.answers);
    let c = find(
        &d,
        Kind::Service,
        "VM Import",
        "既存のVMイメージをデータセンターからAmazon EC2に移行できる",
    );
    assert_eq!(c.back, "VM Import/Export");
    assert!(
        c.answers.contains(&"VM Export".to_string()),
        "{:?}",
        c.answers
    );
    // A statement with details under it: the details are part of the clue, masked like it;
    // the back is the service alone.
    let c = find(
        &d,
        Kind::Service,
        "AWS Batch",
        "システム利用者が使用するジョブ管理システム",
    );
    assert_eq!(
        c.front,
        "システム利用者が使用するジョブ管理システム\n\n- システム管理者が使用するジョブ管理システムのほうではない\n- ＿＿は負荷の高いコンピューティングを効率的に行うためのサービス\n"
    );
    assert_eq!(c.back, "AWS Batch");
    // `EFSへのアクセスはファイル単位` (over `EBSはブロック単位`) names a feature EFS shares with
    // FSx and File Gateway: no card, and no question the details would answer.
    assert!(
        !d.deck
            .cards
            .iter()
            .any(|c| c.line == Some(413) && c.section_path() == "Amazon Elastic File System")
    );
}

#[test]
fn which_service_cards_answer_with_a_service_and_point_to_it() {
    let d = import("aws-services.md");
    let catalog = kioku::catalog::Catalog::aws();
    for c in d.deck.cards.iter().filter(|c| c.kind == Kind::Service) {
        let answer = c.back.lines().next().unwrap();
        assert!(
            matches!(catalog.heading(answer), kioku::catalog::Heading::Names(_)),
            "{answer:?} is no service"
        );
        for a in std::iter::once(answer).chain(c.answers.iter().map(String::as_str)) {
            let name = fold(a);
            let front = fold(&c.front);
            let leak = front.match_indices(&name).any(|(i, _)| {
                let before = front[..i].chars().next_back();
                let after = front[i + name.len()..].chars().next();
                !before.is_some_and(|b| b.is_ascii_alphanumeric())
                    && !after.is_some_and(|b| b.is_ascii_alphanumeric())
            });
            assert!(!leak, "{:?} gives away {a:?}", c.front);
        }
        assert!(!c.front.trim_end().ends_with(['?', '？']), "{:?}", c.front);
    }
    // `Amazon Redis` is no service kioku knows: its facts are not taken for ElastiCache's.
    assert!(
        !d.deck
            .cards
            .iter()
            .any(|c| c.kind == Kind::Service && c.section_path().ends_with("Amazon Redis"))
    );
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
    // A `−` (U+2212) bullet inside a `-` list, with its own nested item: a statement with a
    // detail under it, which asks nothing (the detail says so; the statement, that AWS has
    // changed it since).
    let why = |line: u32| {
        d.skipped
            .iter()
            .find(|(s, _)| s.line == line)
            .map(|(s, _)| s.reason)
    };
    assert!(why(465).is_some_and(|w| w.starts_with("outdated since 2020-12")));
    assert_eq!(why(466), Some(WHY_STATEMENT));
    let c = find(
        &d,
        Kind::Cloze,
        "Amazon CloudFront",
        "同時に最大 3,000 個までのパス指定が可能",
    );
    assert!(
        c.front.contains('\u{3099}'),
        "decomposed kana are kept as written"
    );
    // `–` items after a `-` one under `- イベントの発生元となるAWSリソース` are its children.
    let c = find(
        &d,
        Kind::Term,
        "AWS Lambda",
        "イベントの発生元となるAWSリソース",
    );
    assert_eq!(
        c.back,
        "- Amazon S3\n- Amazon Kinesis\n- Amazon DynamoDB Streams\n- Amazon Cognito(Sync)\n\
         - Amazon SNS\n- Alexa Skills Kit\n- Amazon SWF\n"
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
    let c = find(&d, Kind::Term, "AWS Key Management Service", "HSA");
    assert!(
        c.back.contains("鍵の\u{2F63}成、利\u{2F64}"),
        "display text is exactly as written"
    );
    assert!(
        fold(&c.back).contains(&fold("鍵の生成、利用")),
        "search matches the normal form"
    );
}

#[test]
fn techstock_images_numbered_headings_and_exam_questions() {
    let d = import("techstock.md");
    assert_eq!(d.deck.title.as_deref(), Some("Techstock"));
    // The screenshot opening section 61 heads no list: the section's four notes are no list
    // to recall, and `61.` names no topic. Each note makes its own cards.
    assert!(
        !d.deck
            .cards
            .iter()
            .any(|c| c.kind == Kind::Section && c.section_path() == "61."),
    );
    assert!(
        d.skipped
            .iter()
            .any(|(s, _)| s.line == 10 && s.reason == WHY_LONE_IMAGE)
    );
    // Loose list with a blank line between the term and its items.
    let c = find(&d, Kind::Term, "61.", "DRAINING");
    assert!(
        c.back.contains("既存の進行中リクエストを完了する"),
        "{}",
        c.back
    );
    // An answer that is only images says so, and is not split however many there are.
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
    // A long answer: its first 250 characters are the term's card; past them, only sentences
    // with a condition of their own ask, the condition on the front.
    let term = find(
        &d,
        Kind::Term,
        "61.",
        "Amazon ECS のスポットインスタンス自動ドレイン",
    );
    assert!(term.back.chars().count() <= 250, "{}", term.back);
    let more: Vec<&Card> = d
        .deck
        .cards
        .iter()
        .filter(|c| {
            c.kind == Kind::Qa
                && c.context.as_deref() == Some("Amazon ECS のスポットインスタンス自動ドレイン")
        })
        .collect();
    assert!(more.len() >= 3, "{}", more.len());
    let c = more
        .iter()
        .find(|c| c.front == "コンテナインスタンスを DRAINING に設定すると、…")
        .unwrap();
    assert_eq!(
        c.back,
        "Amazon ECS によって新規タスクがそのコンテナインスタンスに配置されなくなります。"
    );
    let c = find(&d, Kind::KeyValue, "61.", "Amazon S3 Transfer Acceleration");
    assert!(c.back.starts_with("CloudFront のエッジロケーション"));
}

#[test]
fn every_section_with_notes_has_cards_and_no_card_is_empty() {
    for (file, cardless) in [
        // Empty; a section whose facts use the name as a verb (`VM Importした…`) or hide a
        // name the notes give under many services (`EC2`); and retired services, every fact
        // of which is outdated.
        (
            "aws-services.md",
            vec![
                "Amazon EC2 Container Registry",
                "VM Export",
                "AWS Snowball",
                "AWS Data Pipeline",
                "AWS OpsWorks",
            ],
        ),
        ("techstock.md", vec![]),
    ] {
        let d = import(file);
        let src = std::fs::read_to_string(root().join("notes").join(file)).unwrap();
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
fn nearly_every_line_is_in_a_card_and_every_skipped_line_is_explained() {
    for file in ["aws-services.md", "techstock.md"] {
        let d = import(file);
        let src = std::fs::read_to_string(root().join("notes").join(file)).unwrap();
        let content = src.lines().filter(|l| !l.trim().is_empty()).count();
        let share = 1.0 - d.skipped.len() as f64 / content as f64;
        // Facts AWS has changed since, and common mistakes, are left out on purpose: a card
        // would teach them.
        let false_now = |r: &str| r.starts_with("outdated") || r.starts_with("a common mistake");
        let outdated = d
            .skipped
            .iter()
            .filter(|(s, _)| false_now(s.reason))
            .count();
        let current = 1.0 - (d.skipped.len() - outdated) as f64 / (content - outdated) as f64;
        // The floor for other people's notes is 85% (notes written for the examiners
        // measure 90%). The bundled notes, written in 2017 from product slides, state facts AWS
        // has changed since and name five retired services: with those, 62.0% of their lines
        // are in cards; of the lines still true, 68.7%. The rest are slide lines that point to no
        // one service (claims of a product page, selling points under `利点` or `Simple`, a
        // concept's definition, features several services share), dated facts,
        // statements, keys and terms that say their own words again, examples and lines that
        // point at others (`上記以外の場合`): cards of them were the ones strict examiners dropped.
        assert!(
            share >= 0.615 && current >= 0.685,
            "{file}: {share:.3} of its lines are in cards, {current:.3} of those still true"
        );
        assert!(d.skipped.iter().all(|(s, _)| s.reason != WHY_UNKNOWN));
    }
    let d = import("aws-services.md");
    let reason = |line: u32| {
        d.skipped
            .iter()
            .find(|(s, _)| s.line == line)
            .map(|(s, _)| s.reason)
    };
    assert_eq!(reason(1), Some(WHY_TITLE));
    assert_eq!(reason(5), Some(WHY_EMPTY_SECTION));
    // Facts that point to no one service and statements that ask nothing are left out on
    // purpose (each with its reason).
    let left_out = d
        .skipped
        .iter()
        .filter(|(s, _)| {
            !s.reason.starts_with("outdated") && !s.reason.starts_with("a common mistake")
        })
        .count();
    assert!(left_out <= 176, "{left_out}");
    // techstock.md: the four screenshots above its title, the title, the screenshot opening
    // `## 61.`, two items past a long answer's first 250 characters, one among the facts of `AWS Global Accelerator:` (each fact asks for the
    // service; it is none), and the fact there made of words every networking service's notes
    // use (`可用性とパフォーマンスを改善するネットワーキングサービス`: CloudFront fits too).
    let d = import("techstock.md");
    let skipped: Vec<(u32, &str)> = d.skipped.iter().map(|(s, _)| (s.line, s.reason)).collect();
    assert_eq!(
        skipped,
        [
            (1, WHY_LONE_IMAGE),
            (2, WHY_LONE_IMAGE),
            (3, WHY_LONE_IMAGE),
            (4, WHY_LONE_IMAGE),
            (6, WHY_TITLE),
            (10, WHY_LONE_IMAGE),
            // The stored-procedure definition's last two items, past the first 250 characters
            // of its answer: on no card, so said (they used to count as covered).
            (34, WHY_PAST_ANSWER),
            (35, WHY_PAST_ANSWER),
            (92, kioku::notes::service::WHY_COMMON),
            // `…IP リストが長くなり…あいまいになります。`: the problem the next item solves
            // (`…これを解決し`); its first sentence names features other services share.
            (97, kioku::notes::service::WHY_PROBLEM),
            (99, WHY_LONE_IMAGE)
        ]
    );
}

#[test]
fn bundled_decks_are_up_to_date_with_the_notes() {
    // decks/ is the one golden copy: reviewed in its diffs, compared with a fresh import here.
    let plans = plan(&[root().join("notes")], &root().join("decks")).unwrap();
    assert_eq!(plans.len(), 2);
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

/// The first importer's decks of the bundled notes, re-imported with this one: each deck's old
/// cards with its new import.
fn upgrade() -> Vec<(Vec<Card>, DeckImport)> {
    let out = tempfile::tempdir().unwrap();
    for name in ["aws-services.toml", "techstock.toml"] {
        let from = root().join("tests/corpus/upgrade").join(name);
        std::fs::copy(&from, out.path().join(name)).unwrap();
    }
    plan(&[root().join("notes")], out.path())
        .unwrap()
        .into_iter()
        .map(|p| {
            let name = p.deck_path.file_name().unwrap().to_owned();
            let old = kioku::deck::store::load(&root().join("tests/corpus/upgrade").join(name))
                .unwrap()
                .cards;
            (old, p)
        })
        .collect()
}

#[test]
fn an_importer_upgrade_keeps_history_wherever_the_line_still_makes_a_card() {
    for (old, p) in upgrade() {
        let new_ids: std::collections::HashSet<&str> =
            p.deck.cards.iter().map(|c| c.id.as_str()).collect();
        // Notes line → whether any of its old cards kept its id.
        let mut kept: HashMap<u32, bool> = HashMap::new();
        for c in &old {
            *kept.entry(c.line.unwrap()).or_default() |= new_ids.contains(c.id.as_str());
        }
        let orphaned: Vec<u32> = kept
            .iter()
            .filter(|(line, k)| !**k && p.deck.cards.iter().any(|n| n.line == Some(**line)))
            .map(|(l, _)| *l)
            .collect();
        assert!(
            orphaned.is_empty(),
            "{}: lines that still make cards but lost their history: {orphaned:?}",
            p.deck.name
        );
        // Every id that went is accounted for, with why.
        let kept = old
            .iter()
            .filter(|c| new_ids.contains(c.id.as_str()))
            .count();
        assert_eq!(kept + p.removed.len(), old.len());
        for (_, why) in &p.removed {
            assert!(
                why.starts_with("line ") || why.starts_with("its notes line"),
                "{why}"
            );
        }
    }
}

#[test]
fn the_upgrade_id_map_is_reviewed() {
    // old id → what it is now: kept (with the new card's kind and front) or gone (and why).
    let mut map = String::new();
    for (old, p) in upgrade() {
        let by_id: HashMap<&str, &Card> = p.deck.cards.iter().map(|c| (c.id.as_str(), c)).collect();
        let gone: HashMap<&str, &str> = p
            .removed
            .iter()
            .map(|(c, why)| (c.id.as_str(), why.as_str()))
            .collect();
        map.push_str(&format!("# {}\n", p.deck.name));
        for c in &old {
            let now = match by_id.get(c.id.as_str()) {
                Some(n) if n.kind == c.kind && n.front == c.front => "same".to_string(),
                Some(n) => format!("→ {} {}", n.kind, one_line(&n.front)),
                None => format!("gone: {}", gone[c.id.as_str()]),
            };
            map.push_str(&format!(
                "{} {} {}\n    {now}\n",
                c.id,
                c.kind,
                one_line(&c.front)
            ));
        }
    }
    insta::assert_snapshot!("upgrade_id_map", map);
}

fn one_line(s: &str) -> String {
    let s = s.replace('\n', " ⏎ ");
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

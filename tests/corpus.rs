//! The note styles people write, one snippet per Markdown construct (tests/corpus/*.md), with
//! the exact cards each must give. A line reads `kind section (context) | front => back [cloze]`,
//! with `⏎` for a line break.

use std::path::{Path, PathBuf};

use kioku::deck::Card;
use kioku::import::{DeckImport, plan};
use kioku::notes::extract::{
    WHY_CLAIM, WHY_COMMENT, WHY_EXAMPLE, WHY_FRONT_MATTER, WHY_IMPRESSION, WHY_LONE_DETAIL,
    WHY_LONE_FACT, WHY_LONE_IMAGE, WHY_NO_CARDS, WHY_POINTER, WHY_QUESTIONS, WHY_REFERENCE,
    WHY_RESTATES, WHY_SKIP, WHY_STATEMENT, WHY_TABLE_ROW, WHY_TITLE, WHY_TODO, WHY_VERBATIM,
    WHY_YAML_VALUE,
};
use kioku::notes::service::{
    WHY_ANAPHORA, WHY_BENEFIT, WHY_COMMON, WHY_COMPARISON, WHY_CONDITION, WHY_DATED, WHY_FEATURE,
    WHY_INTRO, WHY_NEGATIVE, WHY_PROBLEM, WHY_QUESTION, WHY_SHARED, WHY_SHORT, WHY_USE_CASE,
    WHY_VERSUS,
};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

fn import(name: &str) -> DeckImport {
    let out = tempfile::tempdir().unwrap();
    plan(&[corpus(name)], out.path()).unwrap().remove(0)
}

fn line(c: &Card) -> String {
    let ctx = c
        .context
        .as_ref()
        .map(|x| format!(" ({x})"))
        .unwrap_or_default();
    let cloze = c
        .cloze
        .as_ref()
        .map(|x| format!(" [{x}]"))
        .unwrap_or_default();
    format!(
        "{} {}{ctx} | {} => {}{cloze}",
        c.kind,
        c.section_path(),
        c.front,
        c.back
    )
    .replace('\n', "⏎")
}

fn cards(name: &str) -> Vec<String> {
    import(name).deck.cards.iter().map(line).collect()
}

fn skipped(name: &str) -> Vec<(u32, &'static str)> {
    import(name)
        .skipped
        .iter()
        .map(|(s, _)| (s.line, s.reason))
        .collect()
}

#[test]
fn a_file_with_no_headings_and_no_title_is_named_by_its_file() {
    assert_eq!(
        cards("Amazon Kinesis.md"),
        [
            "service Amazon Kinesis | Shards are the unit of capacity: each takes 1 MB/s of writes => Amazon Kinesis",
            "cloze Amazon Kinesis | Shards are the unit of capacity: each takes 1 MB/s of writes => 1 MB/s [1 MB/s]",
            "service Amazon Kinesis | Records stay in the stream for 24 hours by default, up to 365 days => Amazon Kinesis",
            "cloze Amazon Kinesis | Records stay in the stream for 24 hours by default, up to 365 days => 24 hours [24 hours]",
            "cloze Amazon Kinesis | Records stay in the stream for 24 hours by default, up to 365 days => 365 days [365 days]"
        ]
    );
}

#[test]
fn obsidian_callouts_and_quotes() {
    assert_eq!(
        cards("callouts.md"),
        [
            "term Amazon SQS | Visibility timeout => A message received by one consumer is hidden from the others for 30 seconds by default.⏎- It can be raised to 12 hours.⏎",
            "cloze Amazon SQS (Visibility timeout) | A message received by one consumer is hidden from the others for 30 seconds by default. => 30 seconds [30 seconds]",
            "cloze Amazon SQS (Visibility timeout) | It can be raised to 12 hours. => 12 hours [12 hours]",
            "service Amazon SQS | Long polling waits up to 20 seconds for a message and cuts empty responses. => Amazon Simple Queue Service (SQS)",
            "cloze Amazon SQS | Long polling waits up to 20 seconds for a message and cuts empty responses. => 20 seconds [20 seconds]",
            "service Amazon SQS | A plain quote. ＿＿ keeps messages for four days unless told otherwise. => Amazon Simple Queue Service (SQS)"
        ]
    );
}

#[test]
fn deep_headings_numbered_lists_and_code_under_a_term() {
    assert_eq!(
        cards("deep.md"),
        [
            "section AWS CloudFormation › Templates › Sections › Resources › Required | AWS CloudFormation › Templates › Sections › Resources › Required (3) => - Write the template⏎- Create the stack⏎- Review the change set⏎",
            "service AWS CloudFormation › Templates › Sections › Resources › Required (Templates › Sections › Resources › Required) | The only section every template must have => AWS CloudFormation",
            "term AWS CloudFormation › Templates › Sections › Resources › Required | Intrinsic functions => ```yaml⏎!Ref MyBucket⏎```⏎- `!Ref` returns the resource's id⏎"
        ]
    );
}

#[test]
fn explicit_cards_win_and_skip_markers_drop_cards() {
    assert_eq!(
        cards("explicit.md"),
        [
            "basic IAM | What does IAM stand for? => Identity and Access Management",
            "basic IAM | Which policy type is attached to a resource? => A resource-based policy",
            "cloze IAM | IAM roles give temporary credentials through AWS STS => IAM roles [IAM roles]",
            "cloze IAM | IAM roles give temporary credentials through AWS STS => AWS STS [AWS STS]",
            "basic IAM | Principal => who makes a request",
            "basic IAM | SCP => service control policy",
            "basic IAM | service control policy => SCP",
            "cloze IAM | Permissions boundaries set the maximum permissions an identity can have => maximum [maximum]"
        ]
    );
}

#[test]
fn labels_bold_keys_and_separators() {
    assert_eq!(
        cards("labels.md"),
        [
            "term Amazon EBS | Volume types => - gp3⏎- io2⏎- st1⏎- sc1⏎",
            "keyvalue Amazon EBS › Limits | Max size => 64 TiB for io2 Block Express",
            "cloze Amazon EBS › Limits | **Max size:** 64 TiB for io2 Block Express => 64 TiB [64 TiB]",
            "keyvalue Amazon EBS › Limits | Throughput => up to 4,000 MB/s per volume",
            "cloze Amazon EBS › Limits | **Throughput**: up to 4,000 MB/s per volume => 4,000 MB/s [4,000 MB/s]",
            "keyvalue Amazon EBS › Limits | Snapshot => a point-in-time copy stored in Amazon S3",
            "keyvalue Amazon EBS › Limits | Multi-Attach => one io2 volume attached to up to 16 Nitro instances",
            "service Amazon EBS › Limits (Limits) | Block storage survives an instance stop => Amazon Elastic Block Store (EBS)",
            "service Amazon EBS › Limits (Limits) | Volumes live in one Availability Zone => Amazon Elastic Block Store (EBS)",
            // One arrow from a short key maps it, however wide its value, line by line; several
            // arrows are a flow.
            "keyvalue Amazon Cognito | ユーザープール => IDトークン / アクセストークン / リフレッシュトークン",
            "keyvalue Amazon Cognito | IDプール => AWS の一時的な認証情報 (STS)",
            "service Amazon Cognito | ログイン → トークン検証 → API 呼び出し => Amazon Cognito",
        ]
    );
}

#[test]
fn headings_inside_items_and_callouts_are_local_labels() {
    assert_eq!(
        cards("local-headings.md"),
        [
            "term AWS Lambda | Limits => - 15 minutes is the longest a function may run⏎",
            "cloze AWS Lambda (Limits) | 15 minutes is the longest a function may run => 15 minutes [15 minutes]",
            "term AWS Lambda | Concurrency => - 1,000 concurrent executions per Region by default⏎",
            "term AWS Lambda | Cold starts => - A new execution environment adds latency to the first request⏎",
            "service AWS Lambda | ＿＿ functions can run inside a VPC to reach private resources => AWS Lambda"
        ]
    );
}

#[test]
fn a_file_with_only_a_title_is_one_section() {
    assert_eq!(
        cards("no-headings.md"),
        [
            "cloze Route 53 notes | Alias records can point at an ELB or a CloudFront distribution => ELB [ELB]",
            "term Route 53 notes | Health checks => - Failover routing sends traffic to a standby when the primary fails its health check⏎" // `0.50 USD per month`: a price goes stale, no cloze.
        ]
    );
}

#[test]
fn front_matter_wiki_links_embeds_and_comments() {
    assert_eq!(
        cards("obsidian.md"),
        [
            "service Amazon S3 | Versioning keeps every version of an object, see versioning => Amazon Simple Storage Service (S3)",
            "service Amazon S3 | Object Lock stores objects in a write-once-read-many (WORM) model => Amazon Simple Storage Service (S3)"
        ]
    );
}

#[test]
fn which_service_cards_point_to_one_service() {
    assert_eq!(
        cards("services.md"),
        [
            "service 2.1. Amazon Elastic File System（EFS） | A regional NFS file system that thousands of EC2 instances can mount at once => Amazon Elastic File System (EFS)",
            "service 2.1. Amazon Elastic File System（EFS） | ＿＿ Infrequent Access lowers the storage price for files not read every day => Amazon Elastic File System (EFS)",
            "service 2.1. Amazon Elastic File System（EFS） › 2.1.1. memo | ＿＿ One Zone stores data in a single Availability Zone at a lower price => Amazon Elastic File System (EFS)"
        ]
    );
}

#[test]
fn facts_that_say_nothing_of_one_service_ask_nothing() {
    // A bare feature name, a how-to (`…するには、`) and a statement with details under it make
    // no card; a heading naming another catalog entry (instance store inside EBS notes) is
    // answered by it, not by the service above.
    assert_eq!(
        cards("facts.md"),
        [
            "service Amazon EBS | Snapshotから任意のAZにボリュームを復元できる => Amazon Elastic Block Store (EBS)",
            "term Amazon EBS | 対応するボリュームの種類 => - 汎用SSD⏎- スループット最適化HDD⏎",
            "service Amazon EBS › インスタンスストア | ホストに直接つながった揮発性のブロックストレージ => Amazon EC2 instance store",
            // Advice under `…の注意事項` asks no "which service?"; its heading asks for it.
            "term Amazon EBS › 運用時の注意事項 | 運用時の注意事項 => - スナップショットの取得前に書き込みを止める⏎- 暗号化の有無はあとから変えられない⏎"
        ]
    );
    assert_eq!(
        skipped("facts.md"),
        [
            (1, WHY_TITLE),
            // What it cannot do (`…できない`), and AWS has changed since: the change is what
            // the notes need fixing for.
            (
                4,
                "outdated since 2020-02: With EBS Multi-Attach (io1 and io2 volumes), one volume can be attached to up to 16 Nitro-based instances in the same Availability Zone, since February 2020."
            ),
            (5, WHY_FEATURE),
            // `ではない` written with a combining mark (`て` + U+3099) is still a negative.
            (6, WHY_NEGATIVE),
            (8, WHY_CONDITION),
            (9, WHY_STATEMENT),
            (10, WHY_STATEMENT),
            // True when written; the notes speaking of themselves.
            (17, WHY_DATED),
            (18, WHY_ANAPHORA),
            // Nothing but words every service's notes use, and other services' names.
            (19, WHY_COMMON),
            (20, WHY_COMMON)
        ]
    );
}

#[test]
fn long_answers_ask_by_their_conditions_and_labels_name_services() {
    // `AWS Global Accelerator:` heads facts about it (the one leaning on the sentence before
    // is no fact of its own); the part of a long answer past the first asks only where a
    // sentence carries its own condition; a name written twice in a line is not blanked.
    assert_eq!(
        cards("long-answers.md"),
        [
            "term Exam notes | AWS Global Accelerator => - Gives two static anycast IP addresses that front endpoints in one or more Regions.⏎- This keeps the entry point fixed while endpoints change.⏎",
            "service Exam notes | Gives two static anycast IP addresses that front endpoints in one or more Regions. => AWS Global Accelerator",
            "term Exam notes | Connection draining => - A deregistered target stops receiving new requests while the requests it is serving finish, for up to the deregistration delay that the target group sets.⏎- The delay is 300 seconds by default and can be set from 0 to 3600 seconds.⏎",
            "qa Exam notes (Connection draining) | When the delay ends,… => the load balancer closes the connections that are still open.",
            "cloze Exam notes (Connection draining) | The delay is 300 seconds by default and can be set from 0 to 3600 seconds. => 300 seconds [300 seconds]",
            "cloze Exam notes (Connection draining) | The delay is 300 seconds by default and can be set from 0 to 3600 seconds. => 3600 seconds [3600 seconds]",
            "cloze Exam notes | Lambda@Edge は AWS Lambda の拡張で、エッジロケーションでコードを実行できる => Lambda@Edge [Lambda@Edge]",
            // A long answer that is a list of items is asked in parts, each front saying which
            // items it holds, as a long list card does: none is left out.
            "term Exam notes | Standard Workflows の特徴 (1–3 of 6) => - 1回の実行は最大で1年間続けることができ、人の承認を待つ長い処理にも向いている⏎- 各ステップは exactly-once で実行され、同じステップが二重に動くことはない⏎- 実行の履歴はコンソールと API から 90 日間さかのぼって参照できる⏎",
            "term Exam notes | Standard Workflows の特徴 (4–6 of 6) => - 料金は実行時間ではなく状態遷移の回数で決まり、遷移が多いと高くなる⏎- 実行開始のレートの上限は Express Workflows より低く、大量のイベントには向かない⏎- 開始は非同期で、結果はポーリングするか EventBridge のイベントで受け取る⏎",
            "cloze Exam notes (Standard Workflows の特徴) | 実行の履歴はコンソールと API から 90 日間さかのぼって参照できる => 90 日間 [90 日間]",
        ]
    );
}

#[test]
fn a_title_naming_a_service_names_it_for_every_section() {
    // `# Amazon Aurora basics` is notes on Aurora: `## Storage` holds facts about it. A `TODO:`
    // and a task are notes to self.
    assert_eq!(
        cards("titled.md"),
        [
            "service Storage (Storage) | Six copies of the data are kept across three Availability Zones. => Amazon Aurora",
            "service Storage (Storage) | Storage grows on its own up to 128 TiB. => Amazon Aurora",
            "cloze Storage | Storage grows on its own up to 128 TiB. => 128 TiB [128 TiB]"
        ]
    );
    let s = skipped("titled.md");
    assert_eq!(&s[2..], [(8, WHY_TODO), (9, WHY_TODO)]);
}

#[test]
fn bold_words_inside_a_fact_are_its_blanks_and_shown_names_are_not() {
    // A bold label at the start is no blank; a service the section's heading names
    // (`DNS and Route 53`) is not hidden in its facts.
    assert_eq!(
        cards("bold.md"),
        [
            "cloze Subnets | A subnet is **public** when its route table sends 0.0.0.0/0 to an **internet gateway**. => public [public]",
            "cloze Subnets | A subnet is **public** when its route table sends 0.0.0.0/0 to an **internet gateway**. => internet gateway [internet gateway]",
            // With no card of their own, the two facts are the answer to their heading.
            "term DNS and Route 53 | DNS and Route 53 => - Route 53 answers DNS queries from edge locations around the world⏎- Alias records can point at the zone apex, unlike a CNAME, and cost nothing to query⏎"
        ]
    );
}

#[test]
fn exam_memos_explanations_memo_items_and_impressions() {
    // `解説:` after the answer joins its back; `- memo` heads nothing (its items are the
    // service's facts); `- 所感`, `- 所感：…` and `### 所感` hold impressions, which ask nothing
    // (not even a cloze of the number in one); a fact whose
    // subject is another service (`EBS volumes…` under EC2) hides that one instead; a callout
    // titled `Remember` adds its body to the section.
    assert_eq!(
        cards("memo.md"),
        [
            "basic Q1 | 複数のEC2インスタンスから同時にNFSでマウントできるストレージはどれか。⏎⏎- A. Amazon EBS⏎⏎- B. Amazon EFS => B. Amazon EFS⏎⏎解説: EFSはNFSv4で複数のインスタンスから同時にマウントできる。",
            "service Amazon EC2 | プレイスメントグループでインスタンス間のレイテンシを下げる => Amazon Elastic Compute Cloud (EC2)",
            "cloze Amazon EC2 | EBS volumes persist independently of the instance they are attached to. => EBS [EBS]",
            "service Amazon EC2 | Spot Instances get a two-minute warning before they are reclaimed. => Amazon Elastic Compute Cloud (EC2)"
        ]
    );
    let s = skipped("memo.md");
    assert!(s.contains(&(16, WHY_IMPRESSION)), "{s:?}");
    assert!(s.contains(&(17, WHY_IMPRESSION)), "{s:?}");
    assert!(s.contains(&(18, WHY_IMPRESSION)), "{s:?}");
}

#[test]
fn marks_and_chapter_numbers_before_a_name_are_decoration() {
    // `🪣 Amazon DynamoDB`, `第2章 Amazon RDS` name their services; `★ まとめ` is still a
    // plain section.
    assert_eq!(
        cards("decorated-headings.md"),
        [
            "service 🪣 Amazon DynamoDB | ミリ秒単位のレイテンシで読み書きできるキーバリュー型のNoSQLデータベース => Amazon DynamoDB",
            "service 第2章 Amazon RDS | パッチ適用やバックアップを任せられるマネージドなリレーショナルデータベース => Amazon Relational Database Service (RDS)"
        ]
    );
}

#[test]
fn bold_terms_with_a_dash_and_question_headings() {
    // `**Term** — definition` is a key–value card; a heading that asks (`How do I …?`) heads
    // its steps and a callout titled with a question asks it; only a bare `Why?` is a label.
    assert_eq!(
        cards("english-vault.md"),
        [
            "keyvalue Amazon S3 | Versioning => keeps every version of every object; once on, it can only be suspended.",
            "keyvalue Amazon S3 | Lifecycle rules => move objects to cheaper classes or expire them after N days.",
            "section Amazon S3 › How do I host a static website? | Amazon S3 › How do I host a static website? (3) => - Create a bucket named after the domain.⏎- Enable static website hosting.⏎- Add a bucket policy allowing public reads.⏎",
            "qa Amazon S3 › How do I host a static website? | When would you pick Kinesis over SQS? => When you need ordered, replayable streams that many consumers read.⏎",
            "service Amazon S3 › How do I host a static website? (How do I host a static website?) | Objects are stored redundantly across at least three Availability Zones. => Amazon Simple Storage Service (S3)"
        ]
    );
}

#[test]
fn screenshots_join_a_real_list_and_make_none_of_their_own() {
    assert_eq!(
        cards("screenshots.md"),
        [
            "keyvalue 12. | Amazon S3 Transfer Acceleration => CloudFront のエッジロケーションで転送を速くする",
            "keyvalue 12. | DRAINING => 登録解除されたターゲットへの新しいリクエストを止める",
            "section Storage classes | Storage classes (3)⏎⏎![Classes](classes.png) => - S3 Standard⏎- S3 Standard-IA⏎- S3 Glacier Deep Archive⏎"
        ]
    );
    assert!(skipped("screenshots.md").contains(&(4, WHY_LONE_IMAGE)));
}

#[test]
fn links_tags_footnotes_and_dataview_fields() {
    // A line of tags, a link and a footnote's text are where to read more: no card (the link
    // was a "which service?" card with the service masked inside its URL). Dataview's
    // `key:: value` is a key and its value.
    assert_eq!(
        cards("references.md"),
        [
            "keyvalue Keys | partition-key => the attribute DynamoDB hashes to pick a partition",
            "service Keys (Keys) | Items with the same partition key are stored together, ordered by sort key. => Amazon DynamoDB"
        ]
    );
    assert_eq!(
        skipped("references.md"),
        [
            (1, WHY_TITLE),
            (2, WHY_REFERENCE),
            (8, WHY_REFERENCE),
            (10, WHY_REFERENCE)
        ]
    );
}

#[test]
fn a_plain_heading_over_a_short_body_with_no_card_asks_for_it() {
    // `## TTL` over one paragraph and `## Encryption at rest` over two items made no card;
    // `## Links` and `## まとめ` name nothing to ask.
    assert_eq!(
        cards("heading-terms.md"),
        [
            "term TTL | TTL => Lower TTLs make changes propagate faster but raise query volume and cost.⏎",
            "term Encryption at rest | Encryption at rest => - Server-side encryption⏎- Client-side encryption⏎"
        ]
    );
}

#[test]
fn a_paragraph_under_a_service_asks_sentence_by_sentence() {
    // Whole, the SQS paragraph was one page-long "which service?" card and the SNS one was
    // refused for the one sentence naming SQS. `4日` is no blank: the quiz would hide the `4日`
    // inside `14日`.
    assert_eq!(
        cards("paragraphs.md"),
        [
            "service Amazon SQS | 標準キューは少なくとも1回の配信を保証し、順序はベストエフォートである。 => Amazon Simple Queue Service (SQS)",
            "service Amazon SQS | FIFOキューは順序を保証し、重複を排除する。 => Amazon Simple Queue Service (SQS)",
            "service Amazon SQS | メッセージは最大14日、デフォルトで4日保持される。 => Amazon Simple Queue Service (SQS)",
            "cloze Amazon SQS | メッセージは最大14日、デフォルトで4日保持される。 => 14日 [14日]",
            "service Amazon SNS | ＿＿ is a fully managed pub/sub service. => Amazon Simple Notification Service (SNS)",
            "service Amazon SNS | Message filtering lets each subscriber receive only the messages it wants. => Amazon Simple Notification Service (SNS)",
            // `It …` stands for the heading's service; `This …` for the line before.
            "service Amazon Kinesis Data Streams | It keeps records for 24 hours by default, up to 365 days. => Amazon Kinesis Data Streams (KDS)",
            "cloze Amazon Kinesis Data Streams | It keeps records for 24 hours by default, up to 365 days. => 24 hours [24 hours]",
            "cloze Amazon Kinesis Data Streams | It keeps records for 24 hours by default, up to 365 days. => 365 days [365 days]"
        ]
    );
    assert!(skipped("paragraphs.md").contains(&(11, WHY_ANAPHORA)));
}

#[test]
fn bullets_typed_as_characters_are_list_items() {
    // `・…` and `● …` lines were one paragraph (soft line breaks), so one card held them all.
    assert_eq!(
        cards("char-bullets.md"),
        [
            "service Amazon EFS | 複数のEC2から同時にNFSでマウントできる => Amazon Elastic File System (EFS)",
            "service Amazon EFS | Linuxのみ対応でWindowsからは使えない => Amazon Elastic File System (EFS)",
            // Infrequent Access (S3 has it too) and dead-letter queues (SNS, Lambda,
            // EventBridge) are features several services share.
            "service Amazon EBS | 1つのAZ内でレプリケートされる => Amazon Elastic Block Store (EBS)",
            "cloze Amazon EBS | スナップショットはS3に保存される => S3 [S3]",
            // `①`, `（3）`: numbers Japanese notes open points with.
            "service Amazon SQS | 標準キューは少なくとも1回の配信を保証する => Amazon Simple Queue Service (SQS)",
            "service Amazon SQS | FIFOキューは送信された順序で1回だけ処理する => Amazon Simple Queue Service (SQS)",
        ]
    );
}

#[test]
fn a_label_at_the_margin_right_after_a_list_heads_the_items_after_it() {
    // CommonMark reads `Cons:` as the lazy continuation of the item above it.
    assert_eq!(
        cards("lazy-labels.md"),
        [
            "term Amazon EC2 | Pros => - Full control over the operating system⏎- Many instance families to choose from⏎",
            "term Amazon EC2 | Cons => - You patch and harden the operating system yourself⏎- You pay while the instance runs, idle or not⏎"
        ]
    );
}

#[test]
fn pipe_tables_make_a_card_per_row() {
    assert_eq!(
        cards("tables.md"),
        [
            "keyvalue Storage classes (Class) | S3 Standard => - **Retrieval**: milliseconds⏎- **Minimum duration**: none⏎",
            "keyvalue Storage classes (Class) | S3 Glacier Flexible Retrieval => - **Retrieval**: minutes to hours⏎- **Minimum duration**: 90 days⏎",
            // A first header that names nothing (`項目`, or blank) heads a comparison of the
            // columns: that is what each row is about (`上限` alone says nothing of indexes).
            "keyvalue DynamoDB indexes (LSI vs GSI) | 作成タイミング => - **LSI**: テーブル作成時のみ⏎- **GSI**: いつでも⏎",
            "keyvalue DynamoDB indexes (LSI vs GSI) | 上限 => - **LSI**: 5個⏎- **GSI**: 20個(デフォルト)⏎",
        ]
    );
}
#[test]
fn lines_that_make_no_card_say_why() {
    // Bare `>` lines and an untitled callout's marker carry no notes: never reported.
    assert_eq!(skipped("callouts.md"), [(1, WHY_TITLE)]);
    assert_eq!(
        skipped("explicit.md"),
        [
            (1, WHY_FRONT_MATTER),
            (2, WHY_FRONT_MATTER),
            (3, WHY_FRONT_MATTER),
            (4, WHY_TITLE),
            (17, WHY_COMMENT),
            (18, WHY_SKIP),
            (20, WHY_COMMENT),
            (21, WHY_SKIP),
            (22, WHY_SKIP),
        ]
    );
    assert_eq!(
        skipped("obsidian.md"),
        [
            (1, WHY_FRONT_MATTER),
            (2, WHY_FRONT_MATTER),
            (3, WHY_FRONT_MATTER),
            (4, WHY_FRONT_MATTER),
            (5, WHY_TITLE),
            (8, WHY_COMMENT),
            (10, WHY_LONE_IMAGE),
        ]
    );
    let s = skipped("services.md");
    assert!(s.contains(&(5, WHY_SHORT)), "{s:?}");
    assert!(s.contains(&(6, WHY_VERSUS)), "{s:?}");
    assert!(s.contains(&(7, WHY_QUESTION)), "{s:?}");
    assert!(skipped("tables.md").contains(&(9, WHY_TABLE_ROW)));
}

#[test]
fn front_matter_titles_the_deck_and_embeds_become_images() {
    let d = import("obsidian.md");
    assert_eq!(d.deck.title.as_deref(), Some("Obsidian notes"));
    let text = std::fs::read_to_string(corpus("obsidian.md")).unwrap();
    let normal = kioku::notes::normalize(&text);
    assert!(
        normal.contains("- ![bucket-diagram.png](bucket-diagram.png)\n"),
        "{normal}"
    );
    assert!(normal.contains("see versioning\n"), "{normal}");
    assert_eq!(
        normal.lines().count(),
        text.lines().count(),
        "every line stays on its line"
    );
}

#[test]
fn service_cards_accept_every_spelling_as_a_typed_answer() {
    let d = import("services.md");
    let c = &d.deck.cards[0];
    let p = kioku::study::typing::prompt(c).unwrap();
    assert_eq!(p.answer, "Amazon Elastic File System (EFS)");
    for typed in ["efs", "Amazon EFS", "elastic file system", "ＥＦＳ"] {
        assert!(p.check(typed).correct, "{typed}");
    }
    assert!(!p.check("EBS").correct);
}

#[test]
fn a_folder_is_read_recursively_with_its_glossary_and_decks_mirror_it() {
    let out = tempfile::tempdir().unwrap();
    let plans = plan(&[corpus("folder")], out.path()).unwrap();
    let decks: Vec<(String, PathBuf, usize)> = plans
        .iter()
        .map(|p| {
            let rel = p.deck_path.strip_prefix(out.path()).unwrap().to_path_buf();
            (p.deck.name.clone(), rel, p.deck.cards.len())
        })
        .collect();
    // `.obsidian/` is hidden: skipped. `empty.md` gives no cards and is not written.
    assert_eq!(
        decks,
        [
            ("aws/s3".to_string(), PathBuf::from("aws/s3.toml"), 3),
            (
                "biology/cells".to_string(),
                PathBuf::from("biology/cells.toml"),
                2
            ),
            ("empty".to_string(), PathBuf::from("empty.toml"), 0),
        ]
    );
    assert!(!plans[2].is_written());
    // The glossary's topic answers "which topic?" cards in a subject that is not AWS.
    let cells: Vec<String> = plans[1].deck.cards.iter().map(line).collect();
    assert_eq!(
        cells,
        [
            "service 光合成（PS） | 葉緑体で光のエネルギーを化学エネルギーに変える過程 => 光合成 (PS)",
            "service 光合成（PS） | 二酸化炭素と水からブドウ糖と酸素をつくる => 光合成 (PS)",
        ]
    );
    kioku::import::write(&plans).unwrap();
    assert!(out.path().join("aws/s3.toml").is_file());
    assert!(!out.path().join("empty.toml").exists());
    // Loaded back, the nested decks keep their names.
    let loaded = kioku::deck::store::load(&out.path().join("aws/s3.toml")).unwrap();
    assert_eq!(loaded.name, "aws/s3");
}

#[test]
fn which_service_needs_words_of_that_service_alone() {
    // Generic words and compounds of them (`トラフィックルーティング`), a counter after a number
    // (`2日程度`, which still makes a cloze) tell no service; `特に、…` leans on the line
    // before; `…できない` is what most services cannot do. Decomposed kana (`テ` + U+3099)
    // count as the composed word, so their noun phrase reads as one too.
    assert_eq!(
        cards("telling.md"),
        [
            "service Amazon Route 53 | 権威DNSサービスとしてホストゾーンのレコードを返す => Amazon Route 53",
            "service AWS DataSync | エージェント経由でオンプレミスのNFS共有からペタバイト級のデータを転送する => AWS DataSync",
            // `2日程度`: a rough figure has no one answer to blank.
            // Other services' names, once taken out, leave only `データ連携`: no "which
            // service?"; nor a name cloze, as the two names are joined as equals (`A や B`).
        ]
    );
    assert_eq!(
        skipped("telling.md"),
        [
            (1, WHY_TITLE),
            (5, WHY_COMMON),
            (6, WHY_ANAPHORA),
            (7, WHY_NEGATIVE),
            // What it is not good for (`…には向いていない`): most services are not.
            (8, WHY_NEGATIVE),
            (12, WHY_COMMON),
            (13, WHY_COMMON),
            (14, WHY_FEATURE),
            (15, WHY_COMMON),
            // Product-page qualities (`高度`, `柔軟性`, `ユースケース`) tell of no service, nor do
            // capacity and its limits (`容量制限`), `包括的なアプローチ` or cloud computing.
            (16, WHY_COMMON),
            (17, WHY_COMMON),
            (18, WHY_COMMON)
        ]
    );
}

#[test]
fn a_list_of_pairs_is_listed_whole() {
    // `X → Y` items are one list however long a pair (the third is wider than a list item may
    // be): the count in the front is every item's. Each pair asks its own card too.
    assert_eq!(
        cards("pair-list.md"),
        [
            "section Patterns | Patterns (4) => - Heavy reads → read replicas⏎- Higher availability → Multi-AZ⏎- Millisecond reads and writes at any scale with a flexible schema → DynamoDB⏎- Microsecond reads → DAX⏎",
            "keyvalue Patterns | Heavy reads => read replicas",
            "keyvalue Patterns | Higher availability => Multi-AZ",
            "cloze Patterns | Millisecond reads and writes at any scale with a flexible schema → DynamoDB => DynamoDB [DynamoDB]",
            "keyvalue Patterns | Microsecond reads => DAX"
        ]
    );
}

#[test]
fn a_q_a_pair_after_facts_asks_only_its_question() {
    // `Q:` right before `A:` is the whole question: the table and the item above it make their
    // own cards, not a front that swallows them.
    assert_eq!(
        cards("qa-after-facts.md"),
        [
            "keyvalue Amazon VPC (Security Group vs Network ACL) | State => - **Security Group**: Stateful⏎- **Network ACL**: Stateless⏎",
            "service Amazon VPC | A NACL is evaluated in rule-number order, first match wins. => Amazon Virtual Private Cloud (VPC)",
            "basic Amazon VPC | Can a security group reference another security group? => Yes, as the source of an inbound rule."
        ]
    );
}

#[test]
fn a_dash_inside_a_name_does_not_split_it_from_its_description() {
    // `Name – description` asks for the named service; `CloudWatch Events – Scheduleを使用する`
    // is one name (`CloudWatch Events – Schedule`) in a sentence, and stays in its list.
    assert_eq!(
        cards("dash-names.md"),
        [
            "term AWS Lambda | 定期実行 => - CloudWatch Events – Scheduleを使用する⏎- cron 形式の式も書ける⏎",
            "service AWS Lambda | 完全マネージド型のメッセージキューで、Lambda 関数のイベントソースになる => Amazon Simple Queue Service (SQS)",
            "service AWS Lambda | Shard ごとに順序を保ってレコードを読み出す => Amazon Kinesis Data Streams (KDS)",
            // Push notifications and fan-out are features several services share: no "which
            // service?", the name asks for its description instead.
            "keyvalue AWS Lambda | Amazon SNS => Lambda と組み合わせてプッシュ通知をファンアウトする"
        ]
    );
}

#[test]
fn a_fact_written_twice_for_one_service_asks_once() {
    // Notes pasted from two sources restate a fact: the second "which service?" card, nearly
    // the same as the first with the same answer, is left out.
    assert_eq!(
        cards("restated.md"),
        [
            "service Amazon CloudFront | 世界中のエッジロケーションからコンテンツをキャッシュして配信する => Amazon CloudFront",
            "service Amazon CloudFront | 署名付き URL で有料コンテンツへのアクセスを限定できる => Amazon CloudFront"
        ]
    );
}

#[test]
fn a_sub_heading_over_one_short_fact_is_a_term_it_defines() {
    // `### State Machine` over one fact: asked "which service?", the heading shown as context
    // would give the answer away; the heading asks instead. Two facts under `### Activity`
    // are facts of the service.
    assert_eq!(
        cards("definitions.md"),
        [
            "service AWS Step Functions | サーバーレスなワークフローを JSON の状態マシンで定義して実行する => AWS Step Functions",
            "term AWS Step Functions › State Machine (ステートマシン) | State Machine (ステートマシン) => - ワークフローの各ステップと遷移を Amazon States Language で書いたもの⏎",
            "service AWS Step Functions › Activity (Activity) | ワーカーがポーリングして処理するタスク => AWS Step Functions",
            "service AWS Step Functions › Activity (Activity) | 1 年までの長時間処理を待てる => AWS Step Functions",
            // `…とは(https://…)`: the link says where it is explained, not what it is.
            "term AWS Step Functions › Express Workflows | 高スループットのワークフロー => - 1 秒あたり 10 万回の実行開始に耐える⏎- 実行履歴は CloudWatch Logs に送る⏎",
        ]
    );
}

#[test]
fn a_label_of_generic_words_heads_nothing() {
    // `- 運用`, `- 高い信頼性` over facts: no term a student could recall; the facts are the
    // section's, asked for themselves. A sentence of generic words is no label, and a lone
    // loanword (`アプリケーション`) may name a concept of the service: a term.
    assert_eq!(
        cards("generic-labels.md"),
        [
            // Point-in-time recovery is a feature several services share (RDS, Aurora, …).
            "cloze Amazon DynamoDB | ポイントインタイムリカバリで 35 日前まで復元できる => 35 日 [35 日]",
            "service Amazon DynamoDB | 3 つの AZ にデータを同期レプリケーション => Amazon DynamoDB",
            "cloze Amazon DynamoDB | 3 つの AZ にデータを同期レプリケーション => 3 つ [3 つ]",
            "term AWS Elastic Beanstalk | アプリケーション => - 環境とバージョンをまとめる最上位の単位⏎"
        ]
    );
}

#[test]
fn facts_aws_has_changed_since_make_no_card() {
    // `catalog/changes.toml`: S3 is strongly consistent since 2020, Lambda runs 15 minutes and
    // takes 10 GB of memory. A fact stating the old side is left out, with what is true now;
    // in a term's answer only its item (and what is under it) goes. The current truth asks.
    assert_eq!(
        cards("outdated.md"),
        [
            "service Amazon S3 | All requests are strongly consistent since late 2020 => Amazon Simple Storage Service (S3)",
            "service Amazon S3 | Objects are stored across at least three Availability Zones in a Region => Amazon Simple Storage Service (S3)",
            "service AWS Lambda | 関数のタイムアウトは最大 900 秒 => AWS Lambda",
            "cloze AWS Lambda | 関数のタイムアウトは最大 900 秒 => 900 秒 [900 秒]",
            "term AWS Lambda | クォータ => - 同時実行数はリージョンごとに 1,000⏎- 圧縮したデプロイパッケージは 50 MB まで⏎",
            "cloze AWS Lambda (クォータ) | 圧縮したデプロイパッケージは 50 MB まで => 50 MB [50 MB]",
            // A list whose items' details are outdated makes no list card: it names the cases
            // of a model that is gone. What is still true asks.
            "term Amazon Simple Storage Service › Read models | New objects => - readable right after the PUT⏎",
        ]
    );
    let outdated: Vec<u32> = import("outdated.md")
        .skipped
        .iter()
        .filter(|(s, _)| s.reason.starts_with("outdated"))
        .map(|(s, _)| s.line)
        .collect();
    assert_eq!(outdated, [4, 9, 13, 14, 21, 22, 23, 24]);
}

#[test]
fn a_service_name_used_as_a_verb_asks_no_which_service() {
    // `VM Importした…` masked reads `＿＿した…`: no "which service?"; the other service it
    // names is hidden instead.
    assert_eq!(
        cards("name-as-verb.md"),
        [
            "cloze VM Import/Export | VM Importしたイメージから EC2 インスタンスを起動できる => EC2 [EC2]",
            "service VM Import/Export | 仮想マシンのディスクイメージを OVA 形式で取り込んで AMI にする => VM Import/Export"
        ]
    );
}

#[test]
fn a_list_of_questions_answers_nothing() {
    // `Open questions` over questions: no term whose answer is more questions.
    assert_eq!(
        cards("question-list.md"),
        [
            "service AWS Key Management Service | カスタマーマネージドキーは年次の自動ローテーションを有効にできる => AWS Key Management Service (KMS)"
        ]
    );
    assert!(skipped("question-list.md").contains(&(7, WHY_QUESTIONS)));
}

#[test]
fn a_comparison_over_its_sides_is_no_term() {
    // `X vs Y` with each side's items under it: no "what is it?" on the comparison; each side
    // is a term with the comparison as its context. A list keeps its short items; the long
    // one is a fact of its own.
    assert_eq!(
        cards("comparisons.md"),
        [
            "section Amazon EFS › Storage classes | Amazon EFS › Storage classes (3) => - Standard⏎- Infrequent Access⏎- Archive⏎",
            "section Amazon EFS › Throughput modes | Amazon EFS › Throughput modes (3) => - Bursting⏎- Provisioned⏎- Elastic⏎",
            "service Amazon EFS › Throughput modes (Throughput modes) | A file system can switch between the provisioned and bursting modes once every 24 hours => Amazon Elastic File System (EFS)",
            "cloze Amazon EFS › Throughput modes | A file system can switch between the provisioned and bursting modes once every 24 hours => 24 hours [24 hours]",
            "term Connectivity (Site-to-Site VPN vs Direct Connect) | VPN => - runs over the internet, encrypted with IPsec⏎",
            "term Connectivity (Site-to-Site VPN vs Direct Connect) | Direct Connect => - a dedicated line with consistent latency⏎",
            "service Connectivity | a dedicated line with consistent latency => AWS Direct Connect (DX)"
        ]
    );
}

#[test]
fn lists_of_claims_make_no_list_card_and_no_which_service_cards() {
    // `利点` over three claims of a product page: each fits many services, and the three are
    // no set to recall. Names (`オンデマンドモード`) and items that end alike (`… reads`) are.
    assert_eq!(
        cards("claim-lists.md"),
        [
            "section Amazon DynamoDB › キャパシティモード | Amazon DynamoDB › キャパシティモード (3) => - オンデマンドモード⏎- プロビジョンドモード⏎- Reserved Capacity⏎",
            "section Amazon DynamoDB › Consistency | Amazon DynamoDB › Consistency (3) => - Eventually consistent reads⏎- Strongly consistent reads⏎- Transactional reads⏎",
            "cloze Amazon Aurora › 特徴 | ストレージは 10GB 単位で自動拡張 => 10GB [10GB]",
            "cloze Amazon Aurora › 特徴 | 6 つのコピーを 3 つの AZ に保持 => 6 つ [6 つ]",
            "cloze Amazon Aurora › 特徴 | 6 つのコピーを 3 つの AZ に保持 => 3 つ [3 つ]",
            // A claim under a quality (`高い信頼性: …`, `スケーラブル: …`) asks nothing; a generic
            // key that is no quality (`設定`) still does.
            "keyvalue Amazon SQS | 設定 => 可視性タイムアウトはキューごとに設定できる",
        ]
    );
    let why = skipped("claim-lists.md");
    let n = why.len();
    assert_eq!(why[n - 2..], [(28, WHY_CLAIM), (29, WHY_CLAIM)]);
}

#[test]
fn name_clozes_hide_no_name_a_student_would_guess() {
    // `Amazon S3` is named under three services: the guess without knowing the fact. A name
    // whose clue word the rest shows (`AWS Lambda` beside `Lambda@Edge`) is read off the card;
    // `Lambda@Edge` beside `AWS Lambda` is not.
    assert_eq!(
        cards("name-clozes.md"),
        [
            "service Amazon Athena | Amazon S3 上のデータを SQL で直接検索する => Amazon Athena",
            "service AWS Glue | Amazon S3 のデータをクロールしてカタログを作る => AWS Glue",
            "service Amazon QuickSight | Amazon S3 のデータを可視化する => Amazon QuickSight",
            "cloze Amazon CloudFront | Lambda@Edge は AWS Lambda の拡張で、ビューワーリクエストを書き換えられる => Lambda@Edge [Lambda@Edge]",
            "term スケーリングの対象 | スケーリングの対象 => - 自動スケーリングの対象はAmazon ECS、Amazon DynamoDB、Amazon Auroraなど⏎",
            // Not `[Aurora] Global Database`: the blank would cover part of a longer name.
            "cloze リージョン障害 | 読み取りを別リージョンに広げるなら Amazon Aurora のクロスリージョンリードレプリカ => Amazon Aurora [Amazon Aurora]",
            // `Lambda@Edge は [AWS Lambda] の機能で動く`: no cloze. Nor one of a list of names
            // (`Amazon ECS、Amazon DynamoDB、…`), nor one of names joined as equals
            // (`Amazon S3にもAmazon Redshiftにも`, `Amazon S3 およびAmazon Glacier` written with a
            // decomposed `び`, `Amazon Redshift or Amazon OpenSearch Service`, `Amazon DynamoDB
            // vs Amazon Aurora`): any of them fits the blank.
        ]
    );
}

#[test]
fn which_service_cards_show_the_details_under_the_fact() {
    // The items under a fact are part of the clue (masked like it); the back is the service.
    assert_eq!(
        cards("service-details.md"),
        [
            "service Amazon FSx for Lustre | 高性能コンピューティング向けの並列ファイルシステムを提供する⏎⏎- S3 バケットと連携して遅延読み込みできる⏎- ＿＿ はミリ秒未満のレイテンシ⏎ => Amazon FSx for Lustre",
        ]
    );
}

#[test]
fn facts_naming_only_features_several_services_share_ask_no_which_service() {
    // Health checks (ELB, Route 53, Global Accelerator, …) and TCP/TLS load balancing (NLB,
    // CLB): `catalog/features.toml` knows other services have them. Features named together
    // narrow it (`WebSocket`, `HTTP/2`, Multi-AZ: ALB alone; key-value and NoSQL: DynamoDB),
    // and a fact with clues of its own (`数百万リクエスト毎秒`) still asks.
    assert_eq!(
        cards("shared-features.md"),
        [
            "service Network Load Balancer | 静的IPアドレスをAZごとに1つ割り当てられ、数百万リクエスト毎秒を超低レイテンシで捌く => Network Load Balancer (NLB)",
            "service Application Load Balancer | WebSocketとHTTP/2をサポートし、Multi-AZで冗長化される => Application Load Balancer (ALB)",
            "service Amazon DynamoDB | キーバリュー型のNoSQLデータベースで、1桁ミリ秒の応答を返す => Amazon DynamoDB",
        ]
    );
    let why: Vec<(u32, &str)> = skipped("shared-features.md");
    assert_eq!(why[1..], [(4, WHY_SHARED), (5, WHY_SHARED)]);
}

#[test]
fn a_value_in_a_negated_sentence_is_no_blank() {
    // `…2 分前の通知は届きません`, `… does not get the 2-minute notice`: what is not so has no
    // one value to recall. The sentence beside a negation still asks.
    assert_eq!(
        cards("negated-values.md"),
        [
            "cloze Spot notices | スポットインスタンスには 2 分前に中断通知が届く => 2 分 [2 分]",
            "cloze Spot notices | The notice comes 2 minutes ahead. A stop does not wait for it. => 2 minutes [2 minutes]",
        ]
    );
}

#[test]
fn a_use_case_label_heads_no_term_and_its_items_ask_nothing() {
    // `- ユースケース`, `- **Use cases:**` over items, as a heading of that name: each use case
    // is served by many services, and the label is no term to recall.
    assert_eq!(
        cards("use-cases.md"),
        [
            "service Amazon Redshift | 列指向のストレージで大量データの集計クエリを高速に実行する => Amazon Redshift",
            "service Amazon Kinesis Data Streams | シャード単位でスループットを増やせる => Amazon Kinesis Data Streams (KDS)",
        ]
    );
    let why: Vec<(u32, &str)> = skipped("use-cases.md");
    assert_eq!(why[1..], [5, 6, 7, 11, 12, 13].map(|l| (l, WHY_USE_CASE)));
}

#[test]
fn a_term_whose_one_answer_says_its_own_words_again_is_no_card() {
    // `クロスアカウント送信` → `別アカウントからの送信`, `### Message Groups (メッセージグループ)`
    // → `メッセージをグループにまとめたもの`: nothing to recall that the front does not show (nor
    // a "which service?" whose context, the heading, says it). A definition sharing a word
    // (`キュー`) and an answer of several facts still ask.
    assert_eq!(
        cards("circular-terms.md"),
        [
            "term Amazon SQS | デッドレターキュー => - 処理できなかったメッセージを移す別のキュー⏎",
            "term Amazon SQS | 可視性タイムアウト => - 受信したメッセージが他のコンシューマーから見えなくなる時間⏎",
            "term Amazon SQS | ロングポーリング => - ロングポーリングでポーリングする⏎- 空の応答を減らせる⏎",
            // A key whose one-line value says the key again is the same card; a value that
            // says something else asks.
            "keyvalue Twelve-Factor: processes | 設定 => 環境変数に格納する",
            "keyvalue Twelve-Factor: processes | Disposability => fast startup and graceful shutdown",
            // `Command Line Tool` → `コマンドラインで操作するツール` says its words again in
            // katakana; `グループ` alone in a longer definition does not make it circular.
            "term Amazon EC2 | Placement Group => - インスタンスを同じラックや近くのハードウェアに配置するための論理グループ⏎",
        ]
    );
    let why: Vec<(u32, &str)> = skipped("circular-terms.md");
    assert_eq!(why[1..5], [8, 9, 14, 15].map(|l| (l, WHY_RESTATES)));
    // Nor does their heading ask them back as its answer.
    assert_eq!(
        why[5..],
        [
            (17, WHY_NO_CARDS),
            (18, WHY_RESTATES),
            (19, WHY_RESTATES),
            (26, WHY_RESTATES),
            (27, WHY_RESTATES)
        ]
    );
}

#[test]
fn a_card_does_not_point_at_lines_it_does_not_show() {
    // `上記以外の場合` as a key's value is left out, and its items answer; `前述のとおり` alone
    // asks nothing. A term's first fact pointing back, or its last pointing ahead (`下記の`
    // with nothing after it), is left out, and the term goes when nothing is left. A fact that
    // points elsewhere (`The following …`, `See above …`) makes no card; `128 KB 以下の` is
    // `or less`, no pointer.
    assert_eq!(
        cards("pointers.md"),
        [
            "keyvalue Amazon MQ と Amazon SQS | Amazon MQ => 既存の ActiveMQ から移行する場合⏎⏎- ブローカーのインスタンスを立ち上げる⏎",
            "keyvalue Amazon MQ と Amazon SQS | Amazon SQS => - フルマネージドのキュー⏎- 従量課金⏎",
            "term Amazon API Gateway | WebSocket API のルート => - $connect と $disconnect は予約済み⏎",
            "service Amazon S3 | 1 つのオブジェクトは最大 50 TB => Amazon Simple Storage Service (S3)",
            "cloze Amazon S3 | 1 つのオブジェクトは最大 50 TB => 50 TB [50 TB]",
            "service Amazon S3 | 128 KB 以下のオブジェクトは自動階層化の監視対象にならない => Amazon Simple Storage Service (S3)",
        ]
    );
    let why: Vec<(u32, &str)> = skipped("pointers.md");
    assert_eq!(why[1..], [9, 12, 13, 21, 22].map(|l| (l, WHY_POINTER)));
}

#[test]
fn a_term_answered_by_examples_only_is_no_card() {
    // `監査と通知` → `ex. …`, `Scheduled rules` → `e.g. …`, `For example, …`: one example of
    // many. A term with a fact besides its example still asks.
    assert_eq!(
        cards("examples.md"),
        [
            "term AWS Lambda | イベントソースマッピング => - ストリームやキューからレコードを読み取って関数を呼び出す⏎- 例：Kinesis、DynamoDB Streams、SQS⏎",
        ]
    );
    let why: Vec<(u32, &str)> = skipped("examples.md");
    assert_eq!(why[1..6], [4, 5, 6, 7, 8].map(|l| (l, WHY_EXAMPLE)));
    assert_eq!(why[6], (13, WHY_NO_CARDS));
    assert_eq!(why[7..], [14, 15, 16].map(|l| (l, WHY_EXAMPLE)));
}

#[test]
fn a_paragraph_that_announces_a_list_asks_for_it() {
    // `内訳は以下の通り。`, `次の4つに分かれている。`, `…, as follows.` over the list right after
    // it: one card, the paragraph asking and the items (numbered ones too) answering. The
    // count it announces (`5つ`, `4つ`) is no blank, and under a service it is no "which
    // service?" card: the items are what it asks for.
    assert_eq!(
        cards("lead-ins.md"),
        [
            "qa Amazon VPC | サブネットでは、各CIDRブロックの先頭4つと最後の1つ、合計5つのIPアドレスが予約されている。内訳は以下の通り。 => - ネットワークアドレス（.0）⏎- VPCルーター（.1）⏎- DNSサーバー（.2）⏎- 将来の利用のための予約（.3）⏎- ブロードキャストアドレス（最後のアドレス）⏎",
            "qa Kinesis の整理 | Kinesisはストリーミングデータを扱うサービス群で、次の4つに分かれている。 => - Kinesis Data Streams⏎- Amazon Data Firehose⏎- Amazon Managed Service for Apache Flink⏎- Amazon Kinesis Video Streams⏎",
            "qa Scaling policies | A scaling policy tells an Auto Scaling group how to react to load, and there are three kinds of it, as follows. => - Target tracking keeps a metric at a target value⏎- Step scaling adds capacity in steps sized by the alarm breach⏎- Simple scaling waits for the cooldown after each activity⏎",
        ]
    );
    assert_eq!(skipped("lead-ins.md"), [(1, WHY_TITLE)]);
}

#[test]
fn lines_written_a_fact_per_line_are_a_card_each() {
    // No blank lines between them: exam options (`A. …`), `**Key:** value` and `Key: value`
    // lines after a first line each open a fact of their own, and a plain line among them
    // (`トランザクションは2倍消費`) is its own fact, not glued to the one above.
    assert_eq!(
        cards("fact-lines.md"),
        [
            "basic 問3 | 同じ注文IDで2回書き込まれることがあり、既存の項目を上書きしたくない。最も適切な方法は？⏎⏎A. `UpdateItem` で `ReturnValues` を指定する⏎⏎B. `PutItem` で条件式 `attribute_not_exists(OrderId)` を指定する⏎⏎C. DynamoDB Streams で重複を検出して削除する => B. `PutItem` で条件式 `attribute_not_exists(OrderId)` を指定する",
            "service Step Functions errors (＿＿ errors) | Error handling is per state with `Retry` and `Catch`. => AWS Step Functions",
            "keyvalue Step Functions errors | States.ALL => wildcard that matches any error name",
            "keyvalue Step Functions errors | States.Timeout => raised when a state runs longer than TimeoutSeconds",
            "keyvalue Capacity units | RCU => 1RCU = 4KBまでの強い整合性読み込み1回/秒",
            "cloze Capacity units | RCU: 1RCU = 4KBまでの強い整合性読み込み1回/秒 => 4KB [4KB]",
            "keyvalue Capacity units | WCU => 1WCU = 1KBまでの書き込み1回/秒",
            "cloze Capacity units | WCU: 1WCU = 1KBまでの書き込み1回/秒 => 1KB [1KB]",
            "cloze Capacity units | トランザクションは2倍消費 => 2倍 [2倍]",
        ]
    );
}

#[test]
fn the_author_speaking_makes_no_card() {
    // A score, hearsay (`…らしいが…と思う`), `ugh I got it wrong`, a sign-off (`以上、…次回は…`)
    // are not facts; `not sure if …` is left out of the answer it ends. `※注意：`, `ポイント：`
    // set a fact apart and are no part of it (nor a key).
    assert_eq!(
        cards("remarks.md"),
        [
            "service Amazon VPC | NATゲートウェイはパブリックサブネットに配置し、Elastic IP を割り当てる => Amazon Virtual Private Cloud (VPC)",
            "service Amazon VPC | NATゲートウェイにはセキュリティグループを関連付けられない => Amazon Virtual Private Cloud (VPC)",
            "service Amazon VPC | ゲートウェイエンドポイントは 2 種類のサービスにだけ対応する => Amazon Virtual Private Cloud (VPC)",
            "cloze Amazon VPC | ゲートウェイエンドポイントは 2 種類のサービスにだけ対応する => 2 種類 [2 種類]",
            "keyvalue Amazon CloudWatch | Synthetics canaries => scripts that check your endpoints every 5 minutes.",
        ]
    );
    let why: Vec<(u32, &str)> = skipped("remarks.md");
    assert_eq!(why[1..], [3, 7, 14, 16].map(|l| (l, WHY_IMPRESSION)));
}

#[test]
fn a_heading_that_names_another_service_is_not_the_service_above_it() {
    // `#### VPC Flow Logs` written under `### Transit Gateway`: a feature of VPC, so its facts
    // answer VPC. `### Amazon S3 との連携` under `## AWS Lambda` names S3 in passing: both fit,
    // so no "which service?" card (a term instead). `…について。` opens a topic and says nothing.
    assert_eq!(
        cards("feature-headings.md"),
        [
            "service Amazon VPC › Transit Gateway › VPC Flow Logs (＿＿ Flow Logs) | IPトラフィックのメタデータを ENI 単位でキャプチャし、パケットの中身は記録しない => Amazon Virtual Private Cloud (VPC)",
            "term AWS Lambda › Amazon S3 との連携 | Amazon S3 との連携 => - バケットへのアップロードをトリガーに関数を非同期で呼び出す⏎",
            // `## 🔐 KMS quick hits`: marks, the name, then other words: about KMS.
            "service 🔐 KMS quick hits ( ＿＿ quick hits) | A key policy is the primary access control of every key => AWS Key Management Service (KMS)",
            "service 🔐 KMS quick hits ( ＿＿ quick hits) | Automatic rotation of a customer managed key is off until you turn it on => AWS Key Management Service (KMS)",
        ]
    );
    assert!(skipped("feature-headings.md").contains(&(9, WHY_INTRO)));
}

#[test]
fn years_and_old_values_are_no_blanks() {
    // When something changed (`2021年〜`, `in 2024`) is trivia; the old value beside the new
    // (`（昔は50Gbps）`) is what is no longer so: neither is hidden. The new value is.
    assert_eq!(
        cards("old-values.md"),
        [
            "service Amazon VPC | 同一AZ内のピアリング通信はデータ転送無料になった（2021年〜） => Amazon Virtual Private Cloud (VPC)",
            "cloze Amazon VPC | Transit Gatewayのアタッチメントあたりの帯域は最大100Gbps（昔は50Gbps） => 100Gbps [100Gbps]",
            "service Amazon VPC | Flow Logs can be published in 2024 to Amazon Data Firehose as well => Amazon Virtual Private Cloud (VPC)",
        ]
    );
}

#[test]
fn a_short_line_above_a_list_is_its_title() {
    // `Transit Gatewayのポイント` and `メモ: AWS Backup` over items, with no blank line and no
    // colon: each titles its list, so its items are asked with it (as context, or as the
    // service their facts are about). Hearsay (`…で出るらしい`) is left out.
    assert_eq!(
        cards("list-titles.md"),
        [
            "basic 問1 | 50個のVPCを相互に接続したい。最も運用負荷が低いのは？⏎⏎- A. VPCピアリングをフルメッシュで張る⏎⏎- B. Transit Gatewayをハブにする => B. Transit Gatewayをハブにする",
            "term 問1 | Transit Gatewayのポイント => - 帯域: VPCアタッチメントあたり最大100Gbps⏎- ルートテーブルを複数持てる → 本番と開発を分離できる⏎",
            "keyvalue 問1 (Transit Gatewayのポイント) | 帯域 => VPCアタッチメントあたり最大100Gbps",
            "cloze 問1 (Transit Gatewayのポイント) | 帯域: VPCアタッチメントあたり最大100Gbps => 100Gbps [100Gbps]",
            "term 問1 | AWS Backup => - Backup Vault Lock はコンプライアンスモードだと管理者でも消せない⏎",
            "service 問1 | ＿＿ Vault Lock はコンプライアンスモードだと管理者でも消せない => AWS Backup",
        ]
    );
}

#[test]
fn a_step_of_a_numbered_list_is_never_left_out_of_it() {
    // The third step is longer than a list item may be, but left out it would leave a
    // sequence that teaches half of it.
    assert_eq!(
        cards("sequences.md"),
        [
            "section Policy evaluation | Policy evaluation (3) => - By default everything is implicitly denied⏎- An explicit Deny in any policy wins over every Allow⏎- Then an Allow is needed somewhere (identity or resource policy)⏎",
        ]
    );
}

#[test]
fn a_list_of_phrases_each_followed_by_its_detail_nests_them() {
    // Written flat, `ワイルドカードを使った無効化パス指定` then `同時に最大 15 個まで…`: the detail
    // is the phrase's, so its cloze says so (15 is the wildcard limit, not the path limit).
    assert_eq!(
        cards("flat-pairs.md"),
        [
            "term Amazon CloudFront | キャッシュの無効化 => - ファイルごとの無効化パス指定⏎  - 同時に最大 3,000 個までのパスを指定できる⏎- ワイルドカードを使った無効化パス指定⏎  - 同時に最大 15 個までの無効化リクエストを指定できる⏎",
            "term Amazon CloudFront (キャッシュの無効化) | ファイルごとの無効化パス指定 => - 同時に最大 3,000 個までのパスを指定できる⏎",
            "cloze Amazon CloudFront (キャッシュの無効化 › ファイルごとの無効化パス指定) | 同時に最大 3,000 個までのパスを指定できる => 3,000 個 [3,000 個]",
            "cloze Amazon CloudFront (キャッシュの無効化 › ワイルドカードを使った無効化パス指定) | 同時に最大 15 個までの無効化リクエストを指定できる => 15 個 [15 個]",
        ]
    );
}

#[test]
fn details_left_off_a_card_make_their_own_or_are_reported() {
    // Over 200 characters, the details under a "which service?" fact are left off it: each
    // line is then on a card of its own, or in the report. None counts as covered unseen.
    let d = import("long-details.md");
    let skipped: Vec<u32> = d.skipped.iter().map(|(s, _)| s.line).collect();
    for line in 4..=9 {
        let on_card = d.deck.cards.iter().any(|c| c.line == Some(line));
        assert!(on_card || skipped.contains(&line), "line {line}");
    }
    assert!(
        d.deck
            .cards
            .iter()
            .any(|c| c.front == "Malware Protection for EC2"),
        "{:?}",
        d.deck.cards
    );
}

#[test]
fn a_self_quiz_asks_its_own_questions() {
    // A heading that asks, over the paragraph that answers it; `Q:` with its answer on the
    // next line (no `A:`); `NG:` then `OK:`; a glossary's `Term — definition` lines; `★`
    // marks are no part of the fact.
    assert_eq!(
        cards("self-quiz.md"),
        [
            "qa Messaging › How do I stop two consumers processing the same message? | How do I stop two consumers processing the same message? => The visibility timeout. A received message stays hidden from other consumers until it is deleted or the timeout ends.⏎",
            "basic Messaging › How do I stop two consumers processing the same message? | max SQS message size? => 1 MiB. Bigger payloads go to S3 with the Extended Client Library.",
            "qa Messaging › How do I stop two consumers processing the same message? | NG: VGWでECMP => TGWでECMP（BGP必須）",
            "keyvalue Messaging › How do I stop two consumers processing the same message? | Accelerated VPN => Global Accelerator経由のVPN",
            "keyvalue Glossary | DLQ => dead-letter queue, where messages go after failing maxReceiveCount times",
            "keyvalue Glossary | Visibility timeout => how long a received message stays hidden from other consumers",
        ]
    );
    assert_eq!(skipped("self-quiz.md"), [(1, WHY_TITLE)]);
}

#[test]
fn a_pages_properties_under_its_title_are_no_cards() {
    // Notion exports a page's properties as `Key: value` lines under its title: settings of
    // the page, as front matter is.
    assert_eq!(
        cards("page-properties.md"),
        [
            "service Amazon GuardDuty | Findings are kept for 90 days in the console => Amazon GuardDuty",
            "cloze Amazon GuardDuty | Findings are kept for 90 days in the console => 90 days [90 days]",
        ]
    );
    assert_eq!(
        skipped("page-properties.md"),
        [
            (1, WHY_TITLE),
            (3, WHY_FRONT_MATTER),
            (4, WHY_FRONT_MATTER),
            (5, WHY_FRONT_MATTER)
        ]
    );
}

#[test]
fn notes_typed_during_a_video_are_a_card_each() {
    // `[35:20] …` lines right after an item, with no blank line, are the item's lazy
    // continuation to CommonMark; each is a note of its own, and its timestamp no part of it.
    assert_eq!(
        cards("lecture-notes.md"),
        [
            "keyvalue SageMaker inference | real-time endpoint => persistent, low latency",
            "keyvalue SageMaker inference | batch transform => whole dataset offline, no endpoint kept",
            "keyvalue SageMaker inference | multi-model endpoint => many models in one container, loaded from S3 on demand",
            "keyvalue SageMaker inference | multi-container endpoint => up to 15 containers behind one endpoint",
        ]
    );
}

#[test]
fn a_details_summary_titles_what_it_folds() {
    // `<details><summary>Glue bits</summary>` over a list: the items are Glue's (`DPU`), not
    // the Redshift heading's above them.
    assert_eq!(
        cards("details.md"),
        [
            "keyvalue Redshift notes | RPU => the billing unit of Redshift Serverless",
            "keyvalue Redshift notes (Glue bits) | DPU => billing unit",
            "keyvalue Redshift notes (Glue bits) | Job bookmarks => do not reprocess old data",
        ]
    );
}

#[test]
fn selling_points_concepts_problems_scales_and_mistakes_ask_nothing_alone() {
    // Under `メリット` or a quality (`Scalable`), facts are a product page's selling points;
    // under `…の役割`, facts hold for any such thing; a problem the next line solves
    // (`…これを解決し`) describes no service; a claim that was never true (`3回リトライ`) is
    // no card at all.
    assert_eq!(
        cards("selling-points.md"),
        [
            "service Amazon EFS | 複数のEC2インスタンスから同時にNFSでマウントできる共有ファイルシステム => Amazon Elastic File System (EFS)",
            "service AWS Step Functions | 複数のLambda関数をステートマシンとしてつなぎ、ワークフローを組み立てるサービス => AWS Step Functions",
            // The concept's roles are asked under its heading, not as "which service?".
            "term AWS Step Functions › ワークフローエンジンの役割 | ワークフローエンジンの役割 => - 各ステップの実行順序を管理する⏎- 失敗したステップを再実行する⏎",
            "service Amazon CloudFront | 世界中のエッジロケーションからコンテンツを配信するCDNサービス => Amazon CloudFront",
            "service AWS Lambda | イベントソースマッピングはキューやストリームからレコードを読み取って関数を呼び出す => AWS Lambda",
            "service AWS Site-to-Site VPN | 仮想プライベートゲートウェイとカスタマーゲートウェイの間にIPsecトンネルを2本張る => AWS Site-to-Site VPN",
            "service AWS CloudTrail | API呼び出しを記録し、誰がいつ何をしたかを追跡できる => AWS CloudTrail",
            // Keys that are steps of one scale (`短期的視点`…`長期的視点`) are asked together, by
            // the list card only; two keys sharing a word (`…保存`) are terms of their own.
            "section AWS CloudTrail › ログの使い道 | AWS CloudTrail › ログの使い道 (3) => - 短期的視点: 異常な操作のアラート⏎- 中期的視点: 特定ユーザーの操作の検索⏎- 長期的視点: 利用傾向の可視化⏎",
            "keyvalue AWS CloudTrail › 保存先 | オンデマンド保存 => 90日分のイベント履歴を無料で保持",
            "cloze AWS CloudTrail › 保存先 | オンデマンド保存: 90日分のイベント履歴を無料で保持 => 90日 [90日]",
            "keyvalue AWS CloudTrail › 保存先 | 証跡保存 => S3バケットに無期限で保存",
        ]
    );
    let why = skipped("selling-points.md");
    assert!(why.contains(&(7, WHY_BENEFIT)), "{why:?}");
    assert!(why.contains(&(11, WHY_BENEFIT)), "{why:?}");
    assert!(why.contains(&(22, WHY_PROBLEM)), "{why:?}");
    // `専用線よりも安価`, `Cheaper than a dedicated line`: better than another way, and no more.
    assert!(why.contains(&(30, WHY_COMPARISON)), "{why:?}");
    assert!(why.contains(&(32, WHY_COMPARISON)), "{why:?}");
}

#[test]
fn a_service_name_written_in_katakana_is_hidden_in_the_context() {
    // `ラムダ関数の同時実行` under `AWS Lambda`, `クラウドフロントのオリジン` under CloudFront:
    // the heading shown as context writes the answer again, by sound. A name known by its
    // abbreviation (VPC) keeps its everyday words (`プライベート`). The catalog's katakana
    // spellings are hidden too (`ゲートウェイ`, `バッチ`), with a decomposed voiced mark
    // (`ケ` + U+3099) read as the composed kana.
    assert_eq!(
        cards("katakana-names.md"),
        [
            "service AWS Lambda › ラムダ関数の同時実行 (＿＿関数の同時実行) | 予約済み同時実行数を設定すると、その関数専用に同時実行の枠を確保できる => AWS Lambda",
            "service AWS Lambda › ラムダ関数の同時実行 (＿＿関数の同時実行) | プロビジョニングされた同時実行で、コールドスタートなしに応答できる実行環境を用意しておける => AWS Lambda",
            "service Amazon CloudFront › クラウドフロントのオリジン (＿＿のオリジン) | オリジンアクセスコントロールでS3バケットへの直接アクセスを防ぎ、エッジ経由のみにできる => Amazon CloudFront",
            "service Amazon CloudFront › クラウドフロントのオリジン (＿＿のオリジン) | オリジングループでプライマリが失敗したときにセカンダリのオリジンへフェイルオーバーする => Amazon CloudFront",
            "service Amazon VPC › プライベートサブネット (プライベートサブネット) | NATゲートウェイを経由して、インバウンドを受けずにアウトバウンド通信だけを許可する => Amazon Virtual Private Cloud (VPC)",
            "service Amazon VPC › プライベートサブネット (プライベートサブネット) | ルートテーブルにインターネットゲートウェイへのルートを持たないサブネット => Amazon Virtual Private Cloud (VPC)",
            "service AWS Storage Gateway › ファイルゲートウェイ (ファイル＿＿) | 最近使ったファイルをローカルにキャッシュして、低レイテンシで読み出せる => AWS Storage Gateway",
            "service AWS Storage Gateway › テフ\u{309a}ケ\u{3099}ートウェイ (テフ\u{309a}＿＿) | 物理テープの代わりに仮想テープライブラリとしてバックアップソフトから使う => AWS Storage Gateway",
            "service AWS Batch | ＿＿処理のジョブ定義にvCPUとメモリを指定し、ジョブキューに投入する => AWS Batch",
        ]
    );
}

#[test]
fn a_label_over_code_and_commented_commands_ask_for_the_code() {
    // `…コマンド:` over a code block asks for the code; a block of commented commands asks each
    // comment for the lines under it. A bare block with nothing to ask it is reported.
    assert_eq!(
        cards("code-blocks.md"),
        [
            "keyvalue AWS Systems Manager | Session Manager => SSHポートを開けずにインスタンスへ接続",
            "qa AWS Systems Manager | Session Manager で接続するコマンド => ```bash⏎aws ssm start-session --target i-0123456789abcdef0⏎```",
            "qa AWS Systems Manager | ポートを開けずに接続 => ```bash⏎aws ssm start-session --target i-0123456789abcdef0⏎```",
            "qa AWS Systems Manager | RDSへのポートフォワード => ```bash⏎aws ssm start-session --target i-0123456789abcdef0 \\⏎  --document-name AWS-StartPortForwardingSessionToRemoteHost⏎```",
            "keyvalue Amazon CloudWatch | Logs Insights => ログにクエリを投げる",
        ]
    );
    let why = skipped("code-blocks.md");
    assert!(why.contains(&(23, WHY_VERBATIM)), "{why:?}");
}

#[test]
fn a_sentence_naming_one_api_or_setting_in_code_hides_it() {
    // One code span in a sentence with more to it: the span is the fact (`.fifo`). Two spans
    // leave no one answer; a span alone leaves no sentence to recall it by.
    assert_eq!(
        cards("code-spans.md"),
        [
            "qa Message queues › How do I keep a slow consumer's message hidden? | How do I keep a slow consumer's message hidden? => The visibility timeout hides a received message from other consumers for a while.⏎⏎when processing runs long, call `ChangeMessageVisibility` instead of raising the timeout.⏎⏎Queue names for ordered delivery must end in `.fifo`.⏎",
            "cloze Message queues › How do I keep a slow consumer's message hidden? | when processing runs long, call `ChangeMessageVisibility` instead of raising the timeout. => ChangeMessageVisibility [ChangeMessageVisibility]",
            "cloze Message queues › How do I keep a slow consumer's message hidden? | Queue names for ordered delivery must end in `.fifo`. => .fifo [.fifo]",
        ]
    );
    let why = skipped("code-spans.md");
    assert_eq!(why[1..], [(13, WHY_LONE_FACT), (14, WHY_LONE_FACT)]);
}

#[test]
fn a_detail_under_a_comparison_that_asks_nothing_is_said_why() {
    // `**Security Group** vs **Network ACL**:` over its sides: each `side → …` line is a
    // key–value card; a side's sentence with nothing to ask gets a reason, never "please
    // report this".
    let why = skipped("versus-labels.md");
    assert_eq!(why[2..], [(8, WHY_LONE_DETAIL)]);
}

#[test]
fn aside_labels_long_arrow_values_and_counts_over_tables() {
    // `Gotcha:` and a bold `**Key:**` set a fact apart and are no key (`前提`, a
    // prerequisite, is one); one arrow from a short key maps it to a sentence-long value;
    // `…は2種類あります。` over a table heads its rows and asks nothing itself.
    assert_eq!(
        cards("asides-and-counts.md"),
        [
            "service AWS CodeBuild | a failing build phase still runs post_build, so clean-up commands there always run. => AWS CodeBuild",
            "keyvalue AWS CodeBuild | ビルド環境の変数 => Parameter Store と Secrets Manager から実行時に取り出せる。",
            "keyvalue AWS CodeBuild | 前提 => ビルドには CodeBuild のサービスロールが必要。",
            "keyvalue Amazon VPC | NACL => stateless、サブネット単位、allow と deny の両方のルールを番号の小さい順に評価する",
            "keyvalue Amazon VPC (種類) | ゲートウェイエンドポイント => - **対応サービス**: S3とDynamoDBのみ⏎",
            "keyvalue Amazon VPC (種類) | インターフェイスエンドポイント => - **対応サービス**: 多くのAWSサービス⏎",
            // The name inside an identifier would show the answer: no "which service?", and
            // the identifier is the blank.
            "cloze AWS CodeDeploy | デプロイ設定 `CodeDeployDefault.OneAtATime` を選ぶとインスタンスを順番に更新していく => CodeDeployDefault.OneAtATime [CodeDeployDefault.OneAtATime]",
            "service Amazon S3 | 1回のPUTでアップロードできるオブジェクトは5GBまでです。 => Amazon Simple Storage Service (S3)",
            "cloze Amazon S3 | 1回のPUTでアップロードできるオブジェクトは5GBまでです。 => 5GB [5GB]",
            // `それより大きい…` points back: its cloze shows the sentence it needs.
            "cloze Amazon S3 | 1回のPUTでアップロードできるオブジェクトは5GBまでです。 それより大きいファイルはマルチパートアップロードを使い、100MBを超えたら使うのが推奨です。 => 100MB [100MB]",
        ]
    );
    assert_eq!(skipped("asides-and-counts.md"), [(1, WHY_TITLE)]);
}

#[test]
fn comparison_lines_of_one_paragraph_are_a_card_each() {
    // `GuardDuty vs Inspector: …` then `Detective vs Security Hub: …` with no blank line
    // between: a fact per line, each comparison its own key–value card, whose answer names
    // its sides (no restatement).
    let cards = cards("versus-labels.md");
    let vs: Vec<&String> = cards
        .iter()
        .filter(|c| c.contains(" vs Inspector") || c.contains(" vs Security Hub"))
        .collect();
    assert_eq!(
        vs,
        [
            "keyvalue Infrastructure Security | GuardDuty vs Inspector => GuardDuty = 実行中の脅威の検知、Inspector = ソフトウェアの脆弱性の検出。",
            "keyvalue Infrastructure Security | Detective vs Security Hub => Detective = 調査、Security Hub = 集約とコンプライアンスチェック。",
        ]
    );
}

#[test]
fn a_yaml_block_asks_for_the_keys_of_its_mappings() {
    // `buildspec.yml`'s top keys and its phases are lists to recall; a mapping of two keys is
    // too short to ask, and JSON is not read as YAML. Values and list items say why they
    // are on no card.
    assert_eq!(
        cards("yaml-blocks.md"),
        [
            "section CodeBuild › buildspec.yml | buildspec.yml (3) => - version⏎- phases⏎- artifacts⏎",
            "section CodeBuild › buildspec.yml | buildspec.yml › phases (4) => - install⏎- pre_build⏎- build⏎- post_build⏎",
        ]
    );
    let why = skipped("yaml-blocks.md");
    assert!(why.contains(&(12, WHY_YAML_VALUE)), "{why:?}");
    assert!(why.contains(&(29, WHY_VERBATIM)), "{why:?}");
    assert!(
        why.iter().all(|(_, r)| !r.contains("please report")),
        "{why:?}"
    );
}

#[test]
fn numbered_rules_ask_one_by_one_and_hide_the_bold_name() {
    // A numbered list of rules, each a long sentence, is no set to recall whole (no list
    // card); each rule hides the service the author set in bold, not a plain one (`S3`).
    assert_eq!(
        cards("rule-lists.md"),
        [
            "cloze Ingestion | If the question says **real-time** and **custom consumers**, pick **Kinesis Data Streams** for it. => Kinesis Data Streams [Kinesis Data Streams]",
            "cloze Ingestion | If it says **near real-time** delivery to S3 with no code at all, pick **Amazon Data Firehose**. => Amazon Data Firehose [Amazon Data Firehose]",
            "cloze Ingestion | If a Kafka cluster already runs on premises, move it to **Amazon MSK** rather than rewriting it. => Amazon MSK [Amazon MSK]",
        ]
    );
}

//! Outline → cards, one function per card kind, plus the account of every line that made no card.

use super::cloze;
use super::outline::{Node, NodeKind, Outline, Section, strip_images};
use crate::deck::{Card, Kind};
use crate::text::{is_wide, width};

/// A card before it has an id, with the notes lines it covers.
#[derive(Debug, Clone)]
pub struct Draft {
    pub card: Card,
    pub lines: Vec<(u32, u32)>,
}

/// A non-empty notes line that is in no card, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub line: u32,
    pub reason: &'static str,
}

#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub drafts: Vec<Draft>,
    pub skipped: Vec<Skip>,
}

/// Display width up to which an item with nested items is a term; longer ones are prompts
/// (exam questions, how-tos) and become `qa` cards.
pub const TERM_MAX_WIDTH: usize = 60;
/// Widest key of a `key: value` line.
pub const KEY_MAX_WIDTH: usize = 40;
/// A top-level item with nested items whose head is wider than this is a fact, not a term, and
/// also gets a service card.
pub const FACT_MIN_WIDTH: usize = 24;
/// Clozes are made from facts up to this width; hiding a number in a paragraph is no flashcard.
pub const CLOZE_MAX_WIDTH: usize = 120;
/// Section cards list at most this many items; a longer list is no flashcard.
pub const SECTION_MAX_ITEMS: usize = 10;

/// Tag on cards whose answer is nothing but images: the quiz says so and offers to open them.
pub const IMAGE_ANSWER_TAG: &str = "image-answer";

pub const WHY_TITLE: &str = "document title: it names the deck";
pub const WHY_OUTSIDE: &str =
    "outside any section (before the first `##` heading): cards are made from sections";
pub const WHY_EMPTY_SECTION: &str =
    "heading with nothing under it: add notes under it to get cards";
pub const WHY_VERBATIM: &str =
    "code or HTML block outside a list item: nothing to ask about it on its own";
pub const WHY_LONE_FACT: &str = "a fact with no service heading, `key: value`, or number to ask about, in a section too long for a list card";
pub const WHY_LONE_IMAGE: &str = "an image with no text, in a section too long for a list card";
pub const WHY_RULE: &str = "thematic break (`---`): no text";
pub const WHY_UNKNOWN: &str =
    "not part of any card (kioku could not make a card of it: please report this)";

/// Make the cards of one notes file. `src` is the notes text, for the account of skipped lines.
pub fn extract(outline: &Outline, src: &str) -> Extraction {
    let mut x = Extractor {
        drafts: Vec::new(),
        reasons: Vec::new(),
    };
    let mut has_cards = vec![false; outline.sections.len()];
    for (i, section) in outline.sections.iter().enumerate() {
        let before = x.drafts.len();
        if section.path.is_empty() {
            for node in &section.blocks {
                x.why(node, WHY_OUTSIDE, true);
            }
        } else {
            x.section(section);
        }
        has_cards[i] = x.drafts.len() > before;
    }

    let line_count = src.lines().count();
    let mut covered = vec![false; line_count + 2];
    for d in &x.drafts {
        for &(a, b) in &d.lines {
            for l in a..=b {
                if let Some(c) = covered.get_mut(l as usize) {
                    *c = true;
                }
            }
        }
    }
    let mut reason: Vec<Option<&'static str>> = vec![None; line_count + 2];
    for &(a, b, why) in &x.reasons {
        for l in a..=b {
            if let Some(r) = reason.get_mut(l as usize) {
                r.get_or_insert(why);
            }
        }
    }
    // A heading is in a card when any card is in its section or below it.
    for (j, s) in outline.sections.iter().enumerate() {
        if s.level == 0 || s.path.is_empty() {
            continue;
        }
        let subtree = outline.sections[j..]
            .iter()
            .take_while(|t| t.path.starts_with(&s.path))
            .count();
        if has_cards[j..j + subtree].iter().any(|h| *h) {
            covered[s.line as usize] = true;
        } else {
            reason[s.line as usize].get_or_insert(WHY_EMPTY_SECTION);
        }
    }
    if let Some((_, line)) = &outline.title {
        reason[*line as usize] = Some(WHY_TITLE);
    }
    for &l in &outline.rules {
        reason[l as usize].get_or_insert(WHY_RULE);
    }
    let mut skipped = Vec::new();
    for (i, text) in src.lines().enumerate() {
        let l = i + 1;
        if !text.trim().is_empty() && !covered[l] {
            skipped.push(Skip {
                line: l as u32,
                reason: reason[l].unwrap_or(WHY_UNKNOWN),
            });
        }
    }
    Extraction {
        drafts: x.drafts,
        skipped,
    }
}

struct Extractor {
    drafts: Vec<Draft>,
    /// (first line, last line, why) for nodes that made no card.
    reasons: Vec<(u32, u32, &'static str)>,
}

impl Extractor {
    fn section(&mut self, s: &Section) {
        let service = service_name(&s.path);
        let list_card = self.section_card(s);
        for node in &s.blocks {
            self.top_level(s, node, service.as_deref(), list_card);
        }
    }

    /// **section**: a heading whose body is a list → the list's items (the heads only).
    /// Image-only items at the top of the section (an exam question's screenshot) join the front.
    fn section_card(&mut self, s: &Section) -> bool {
        let items: Vec<&Node> = s
            .blocks
            .iter()
            .filter(|n| n.kind == NodeKind::Item)
            .collect();
        let (images, texts): (Vec<&Node>, Vec<&Node>) = items
            .iter()
            .partition(|n| n.is_image_only() && n.children.is_empty());
        let heading = s.path.last().map(String::as_str).unwrap_or_default();
        let min = if images.is_empty() { 2 } else { 0 };
        if texts.len() < min
            || texts.len() > SECTION_MAX_ITEMS
            || (images.is_empty() && is_numbered(heading))
            || items.is_empty()
        {
            return false;
        }
        let mut front = s.path.join(" › ");
        for img in &images {
            front.push_str("\n\n");
            front.push_str(&img.text);
        }
        let back = if texts.is_empty() {
            images.iter().map(|n| format!("- {}\n", n.text)).collect()
        } else {
            texts
                .iter()
                .map(|n| format!("- {}\n", head(n)))
                .collect::<String>()
        };
        let mut lines = vec![(s.line, s.line)];
        lines.extend(images.iter().map(|n| (n.line, n.end_line)));
        lines.extend(texts.iter().map(|n| (n.line, n.end_line)));
        let line = s.line;
        self.push(Kind::Section, s, None, front, back, None, line, lines);
        true
    }

    fn top_level(&mut self, s: &Section, node: &Node, service: Option<&str>, list_card: bool) {
        if matches!(node.kind, NodeKind::Code | NodeKind::Html) {
            self.why(node, WHY_VERBATIM, false);
            return;
        }
        let made = self.primary(s, node, &[]);
        let fact_with_details = made
            && !node.children.is_empty()
            && !node.is_image_only()
            && split_key_value(&node.text).is_none()
            && width(&head(node)) > FACT_MIN_WIDTH;
        if fact_with_details && let Some(service) = service {
            self.service_card(s, node, service);
        }
        if !made && node.children.is_empty() {
            if node.is_image_only() {
                if !list_card {
                    self.why(node, WHY_LONE_IMAGE, false);
                }
            } else if let Some(service) = service {
                self.service_card(s, node, service);
            } else if !(list_card && node.kind == NodeKind::Item)
                && cloze::values(&node.text).is_empty()
            {
                self.why(node, WHY_LONE_FACT, false);
            }
        }
        self.clozes(s, node, &[]);
        let ctx = vec![head(node)];
        for child in &node.children {
            self.nested(s, child, &ctx);
        }
    }

    fn nested(&mut self, s: &Section, node: &Node, ctx: &[String]) {
        if matches!(node.kind, NodeKind::Code | NodeKind::Html) {
            return;
        }
        self.primary(s, node, ctx);
        self.clozes(s, node, ctx);
        let mut ctx = ctx.to_vec();
        ctx.push(head(node));
        for child in &node.children {
            self.nested(s, child, &ctx);
        }
    }

    /// **key–value**, **term** and **qa** cards. Nested items only make key–value and term cards:
    /// a long nested item is already on the back of the card above it.
    fn primary(&mut self, s: &Section, node: &Node, ctx: &[String]) -> bool {
        if node.is_image_only() {
            if node.children.is_empty() {
                return false;
            }
        } else if let Some((key, value)) = split_key_value(&node.text)
            && !value.is_empty()
        {
            let mut back = value.to_string();
            if !node.children.is_empty() {
                back.push_str("\n\n");
                back.push_str(&render(&node.children));
            }
            self.push(
                Kind::KeyValue,
                s,
                context(ctx),
                key.to_string(),
                back,
                None,
                node.line,
                subtree(node),
            );
            return true;
        }
        if node.children.is_empty() {
            return false;
        }
        let front = head(node);
        let kind = if width(&front) <= TERM_MAX_WIDTH && !front.ends_with(['。', '？', '?']) {
            Kind::Term
        } else if ctx.is_empty() {
            Kind::Qa
        } else {
            return false;
        };
        self.push(
            kind,
            s,
            context(ctx),
            front,
            render(&node.children),
            None,
            node.line,
            subtree(node),
        );
        true
    }

    /// **service identification**: a fact directly under a service's heading → the service.
    /// The service's own name is masked in the fact, or the card would answer itself.
    fn service_card(&mut self, s: &Section, node: &Node, service: &str) {
        let front = mask(&node.text, &name_variants(service));
        self.push(
            Kind::Service,
            s,
            None,
            front,
            service.to_string(),
            None,
            node.line,
            vec![(node.line, node.end_line)],
        );
    }

    /// **cloze**: every value (number with unit, percentage, count) of the node's text, hidden.
    fn clozes(&mut self, s: &Section, node: &Node, ctx: &[String]) {
        if node.kind == NodeKind::Code
            || node.is_image_only()
            || width(&node.text) > CLOZE_MAX_WIDTH
            || node
                .text
                .trim_end_matches([':', '：'])
                .ends_with(['？', '?'])
        {
            return;
        }
        for r in cloze::values(&node.text) {
            let value = node.text[r].to_string();
            let lines = vec![(node.line, node.end_line)];
            self.push(
                Kind::Cloze,
                s,
                context(ctx),
                node.text.clone(),
                value.clone(),
                Some(value),
                node.line,
                lines,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: Kind,
        s: &Section,
        context: Option<String>,
        front: String,
        back: String,
        cloze: Option<String>,
        line: u32,
        lines: Vec<(u32, u32)>,
    ) {
        let mut tags = Vec::new();
        if kind != Kind::Cloze && answer_is_only_images(&back) {
            tags.push(IMAGE_ANSWER_TAG.to_string());
        }
        let card = Card {
            id: String::new(),
            kind,
            section: s.path.clone(),
            context,
            front,
            back,
            cloze,
            line: Some(line),
            tags,
        };
        self.drafts.push(Draft { card, lines });
    }

    fn why(&mut self, node: &Node, why: &'static str, deep: bool) {
        if deep {
            for (a, b) in subtree(node) {
                self.reasons.push((a, b, why));
            }
        } else {
            self.reasons.push((node.line, node.end_line, why));
        }
    }
}

fn context(ctx: &[String]) -> Option<String> {
    (!ctx.is_empty()).then(|| ctx.join(" › "))
}

/// The line ranges of a node and everything nested under it.
fn subtree(node: &Node) -> Vec<(u32, u32)> {
    let mut v = vec![(node.line, node.end_line)];
    for c in &node.children {
        v.extend(subtree(c));
    }
    v
}

/// What an item is about: the key of `key: value`, the term without its trailing colon,
/// or the whole text.
fn head(node: &Node) -> String {
    if let Some((key, _)) = split_key_value(&node.text) {
        return key.to_string();
    }
    node.text.trim_end_matches([':', '：', ' ']).to_string()
}

/// Split `key: value` / `key：value` (value may be empty: `DRAINING:`), or `key -> short value`.
/// Colons inside URLs, parentheses, brackets and code do not count, nor notes like `注意:`.
pub fn split_key_value(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '(' | '（' | '[' | '「' | '【' => depth += 1,
            ')' | '）' | ']' | '」' | '】' => depth -= 1,
            ':' | '：' if depth <= 0 && !in_code => {
                if text[i..].starts_with("://") {
                    return None;
                }
                let key = text[..i].trim();
                let value = text[i + c.len_utf8()..].trim();
                return usable_key(key).then_some((key, value));
            }
            _ => {}
        }
    }
    // `マイグレーションとは、…`: a definition.
    if let Some(i) = text.find("とは") {
        let (key, rest) = (text[..i].trim(), &text[i + "とは".len()..]);
        let joined =
            rest.is_empty() || rest.starts_with(['、', '，', ',', ' ', '(', '（', '：', ':']);
        if joined && usable_key(key) {
            return Some((
                key,
                rest.trim_start_matches(['、', '，', ',', '：', ':']).trim(),
            ));
        }
    }
    for arrow in [" -> ", " → "] {
        if let Some(i) = text.find(arrow) {
            let (key, value) = (text[..i].trim(), text[i + arrow.len()..].trim());
            if usable_key(key) && !value.is_empty() && width(value) <= 16 {
                return Some((key, value));
            }
        }
    }
    None
}

fn usable_key(key: &str) -> bool {
    const NOT_KEYS: [&str; 6] = ["注", "注意", "例", "Note", "NB", "ex"];
    !key.is_empty()
        && width(key) <= KEY_MAX_WIDTH
        && !NOT_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k))
        && !key.contains("](")
        && !key.starts_with(['-', '*', '#', '>'])
}

/// Markdown for nested nodes: a list with two-space indents, code kept verbatim.
fn render(nodes: &[Node]) -> String {
    let mut out = String::new();
    render_into(nodes, 0, &mut out);
    out
}

fn render_into(nodes: &[Node], depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for n in nodes {
        match n.kind {
            NodeKind::Item => {
                out.push_str(&pad);
                out.push_str("- ");
                out.push_str(&n.text);
                out.push('\n');
                render_into(&n.children, depth + 1, out);
            }
            NodeKind::Paragraph | NodeKind::Html | NodeKind::Code => {
                if !out.is_empty() {
                    out.push('\n');
                }
                for line in n.text.lines() {
                    out.push_str(&pad);
                    out.push_str(line);
                    out.push('\n');
                }
                render_into(&n.children, depth, out);
            }
        }
    }
}

fn answer_is_only_images(back: &str) -> bool {
    back.contains("![")
        && strip_images(back)
            .chars()
            .all(|c| c.is_whitespace() || c == '-')
}

/// `61.`, `12`: a numbered heading names no subject.
fn is_numbered(heading: &str) -> bool {
    let t = heading.trim().trim_end_matches(['.', '．']);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

/// The heading text without its parenthesised parts: `AWS Elastic Beanstalk(ビーンストーク)` →
/// `AWS Elastic Beanstalk`.
fn outside_parens(s: &str) -> String {
    let mut depth = 0;
    s.chars()
        .filter(|&c| match c {
            '(' | '（' => {
                depth += 1;
                false
            }
            ')' | '）' => {
                depth -= 1;
                false
            }
            _ => depth == 0,
        })
        .collect()
}

/// The service a section is about: the nearest sub-heading that names one (`AWS Lambda@Edge`,
/// `Application Load Balancer (ALB)`), else the top heading if it names one. Topic headings
/// (`特徴`, `AWSの移行(Migration)`) and numbered ones (`61.`) name none.
pub fn service_name(path: &[String]) -> Option<String> {
    for (i, h) in path.iter().enumerate().rev() {
        let plain = outside_parens(h);
        let latin = !plain.chars().any(is_wide) && plain.chars().any(|c| c.is_ascii_alphabetic());
        if i == 0 {
            return (latin && !is_numbered(h)).then(|| h.clone());
        }
        let acronym = plain.len() < h.len()
            && h.split(['(', '（', ')', '）']).nth(1).is_some_and(|a| {
                a.len() >= 2
                    && a.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            });
        if latin && (h.starts_with("Amazon ") || h.starts_with("AWS ") || acronym) {
            return Some(h.clone());
        }
    }
    None
}

/// The ways a service is written: `Amazon Simple Queue Service(SQS)` → the full name, `Simple
/// Queue Service`, `SQS`. Longest first, so the longest match is masked.
fn name_variants(service: &str) -> Vec<String> {
    let base = outside_parens(service).trim().to_string();
    let inner: Vec<String> = service
        .split(['(', '（', ')', '）'])
        .skip(1)
        .step_by(2)
        .map(|s| s.trim().to_string())
        .collect();
    let mut v: Vec<String> = Vec::new();
    for name in std::iter::once(service.to_string())
        .chain(std::iter::once(base))
        .chain(inner)
    {
        let short = name
            .strip_prefix("Amazon ")
            .or_else(|| name.strip_prefix("AWS "))
            .map(str::to_string);
        for n in std::iter::once(name).chain(short) {
            if n.chars().count() >= 2 && !v.contains(&n) {
                v.push(n);
            }
        }
    }
    v.sort_by_key(|n| std::cmp::Reverse(n.len()));
    v
}

/// Replace every (ASCII case-insensitive) occurrence of the names with `＿＿`.
fn mask(text: &str, names: &[String]) -> String {
    const BLANK: &str = "＿＿";
    let mut out = text.to_string();
    for name in names {
        let lower_name = name.to_ascii_lowercase();
        let mut from = 0;
        loop {
            let lower = out.to_ascii_lowercase();
            let Some(p) = lower[from..].find(&lower_name) else {
                break;
            };
            let start = from + p;
            out.replace_range(start..start + name.len(), BLANK);
            from = start + BLANK.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_splits() {
        assert_eq!(
            split_key_value("コードベース: バージョン管理される1つ"),
            Some(("コードベース", "バージョン管理される1つ"))
        );
        assert_eq!(
            split_key_value("帯域:暗号化のオーバーヘッド"),
            Some(("帯域", "暗号化のオーバーヘッド"))
        );
        assert_eq!(
            split_key_value("高い信頼性： 複数のサーバー"),
            Some(("高い信頼性", "複数のサーバー"))
        );
        assert_eq!(split_key_value("DRAINING:"), Some(("DRAINING", "")));
        assert_eq!(
            split_key_value("バケットに対するストレージメトリクス -> 日単位"),
            Some(("バケットに対するストレージメトリクス", "日単位"))
        );
        assert_eq!(split_key_value("ルーティングとは(http://x.jp/a)"), None);
        assert_eq!(
            split_key_value("例えば「http://x.jp/AAA/」というリクエスト"),
            None
        );
        assert_eq!(split_key_value("注意: 各 AWS リージョン"), None);
        assert_eq!(
            split_key_value("マイグレーションとは、現行システムと将来システムのギャップ"),
            Some(("マイグレーション", "現行システムと将来システムのギャップ"))
        );
        assert_eq!(
            split_key_value("クラウドネイティブとは"),
            Some(("クラウドネイティブ", ""))
        );
        assert_eq!(split_key_value("Amazon S3とは異なり"), None);
        assert_eq!(
            split_key_value(
                "デフォルトはOldestLaunchConfiguration -> ClosestToNextInstanceHourの順に適用"
            ),
            None
        );
    }

    #[test]
    fn service_names() {
        let p = |v: &[&str]| service_name(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&["Amazon S3", "特徴"]).as_deref(), Some("Amazon S3"));
        assert_eq!(
            p(&[
                "Elastic Load Balancing（ELB）",
                "Application Load Balancer (ALB)"
            ])
            .as_deref(),
            Some("Application Load Balancer (ALB)")
        );
        assert_eq!(
            p(&["AWS OpsWorks", "AWS OpsWorks スタック"]).as_deref(),
            Some("AWS OpsWorks")
        );
        assert_eq!(
            p(&["Amazon S3", "Amazon CloudWatchによるメトリクス管理"]).as_deref(),
            Some("Amazon S3")
        );
        assert_eq!(p(&["AWSの移行(Migration)"]), None);
        assert_eq!(p(&["61."]), None);
    }

    #[test]
    fn masking_hides_every_spelling_of_the_service() {
        let v = name_variants("Elastic Load Balancing（ELB）");
        assert_eq!(
            mask("ELB自体がスケーラブル、従量課金", &v),
            "＿＿自体がスケーラブル、従量課金"
        );
        let v = name_variants("AWS Lambda");
        assert_eq!(mask("lambdaファンクション", &v), "＿＿ファンクション");
    }
}

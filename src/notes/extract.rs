//! Outline → cards, one function per card kind, plus the account of every line that made no card.

use std::sync::Arc;

use super::cloze;
use super::outline::{Node, NodeKind, Outline, Section, strip_images};
use crate::deck::{Card, Kind};
use crate::text::{is_wide, width};

/// A non-empty notes line that is in no card, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub line: u32,
    pub reason: &'static str,
}

/// The cards of a notes file (ids not yet assigned) and the lines that made no card.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub cards: Vec<Card>,
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
    let line_count = src.lines().count();
    let mut x = Extractor {
        // About one card for every two lines of notes.
        cards: Vec::with_capacity(line_count / 2 + 16),
        reasons: Vec::new(),
        covered: vec![false; line_count + 2],
        path: Arc::from(Vec::new()),
    };
    let mut has_cards = vec![false; outline.sections.len()];
    for (i, section) in outline.sections.iter().enumerate() {
        let before = x.cards.len();
        x.path = Arc::from(section.path.as_slice());
        if section.path.is_empty() {
            for node in &section.blocks {
                x.why(node, WHY_OUTSIDE, true);
            }
        } else {
            x.section(section);
        }
        has_cards[i] = x.cards.len() > before;
    }
    let mut covered = std::mem::take(&mut x.covered);
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
        cards: x.cards,
        skipped,
    }
}

struct Extractor {
    cards: Vec<Card>,
    /// (first line, last line, why) for nodes that made no card.
    reasons: Vec<(u32, u32, &'static str)>,
    /// Lines that are in some card.
    covered: Vec<bool>,
    /// The current section's path, shared by its cards.
    path: Arc<[String]>,
}

impl Extractor {
    fn section(&mut self, s: &Section) {
        let service = service_name(&s.path).map(|name| {
            let variants = name_variants(&name);
            (name, variants)
        });
        // Each top-level node is classified once, for the section card and for its own cards.
        let heads: Vec<Head> = s
            .blocks
            .iter()
            .map(|n| {
                let kv = split_key_value(&n.text);
                (kv, head_of(n, kv))
            })
            .collect();
        let list_card = self.section_card(s, &heads);
        let mut ctx = Vec::new();
        for (node, head) in s.blocks.iter().zip(heads) {
            self.top_level(node, head, service.as_ref(), list_card, &mut ctx);
        }
    }

    /// **section**: a heading whose body is a list → the list's items (the heads only).
    /// Image-only items at the top of the section (an exam question's screenshot) join the front.
    fn section_card(&mut self, s: &Section, heads: &[Head]) -> bool {
        let items: Vec<(&Node, &str)> = s
            .blocks
            .iter()
            .zip(heads)
            .filter(|(n, _)| n.kind == NodeKind::Item)
            .map(|(n, (_, head))| (n, *head))
            .collect();
        let (images, texts): (Vec<Listed>, Vec<Listed>) = items
            .iter()
            .partition(|(n, _)| n.is_image_only() && n.children.is_empty());
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
        if front.trim().is_empty() {
            return false; // `## ` with no text names nothing to ask about
        }
        for (img, _) in &images {
            front.push_str("\n\n");
            front.push_str(&img.text);
        }
        let mut back = String::new();
        for (n, head) in if texts.is_empty() { &images } else { &texts } {
            back.push_str("- ");
            back.push_str(if texts.is_empty() { &n.text } else { head });
            back.push('\n');
        }
        let covers: Vec<&Node> = images.iter().chain(&texts).map(|(n, _)| *n).collect();
        self.push(
            Kind::Section,
            None,
            front,
            back,
            None,
            s.line,
            Covers::Section(s, &covers),
        );
        true
    }

    fn top_level<'o>(
        &mut self,
        node: &'o Node,
        (kv, head): Head<'o>,
        service: Option<&(String, Vec<String>)>,
        list_card: bool,
        ctx: &mut Vec<&'o str>,
    ) {
        if matches!(node.kind, NodeKind::Code | NodeKind::Html) {
            self.why(node, WHY_VERBATIM, false);
            return;
        }
        let made = self.primary(node, kv, head, ctx);
        let fact_with_details = made
            && kv.is_none()
            && !node.children.is_empty()
            && !node.is_image_only()
            && head.len() > FACT_MIN_WIDTH
            && width(head) > FACT_MIN_WIDTH;
        if fact_with_details && let Some((name, variants)) = service {
            self.service_card(node, name, variants);
        }
        let mut clozes = false;
        if !made && node.children.is_empty() {
            if node.is_image_only() {
                if !list_card {
                    self.why(node, WHY_LONE_IMAGE, false);
                }
            } else if let Some((name, variants)) = service {
                self.service_card(node, name, variants);
            } else {
                clozes = self.clozes(node, ctx);
                if !(clozes || list_card && node.kind == NodeKind::Item) {
                    self.why(node, WHY_LONE_FACT, false);
                }
            }
        }
        if !clozes {
            self.clozes(node, ctx);
        }
        self.children(node, head, ctx);
    }

    fn children<'o>(&mut self, node: &'o Node, head: &'o str, ctx: &mut Vec<&'o str>) {
        if node.children.is_empty() {
            return;
        }
        ctx.push(head);
        for child in &node.children {
            self.nested(child, ctx);
        }
        ctx.pop();
    }

    fn nested<'o>(&mut self, node: &'o Node, ctx: &mut Vec<&'o str>) {
        if matches!(node.kind, NodeKind::Code | NodeKind::Html) {
            return;
        }
        let kv = split_key_value(&node.text);
        let head = head_of(node, kv);
        self.primary(node, kv, head, ctx);
        self.clozes(node, ctx);
        self.children(node, head, ctx);
    }

    /// **key–value**, **term** and **qa** cards. Nested items only make key–value and term cards:
    /// a long nested item is already on the back of the card above it.
    fn primary(&mut self, node: &Node, kv: Option<(&str, &str)>, head: &str, ctx: &[&str]) -> bool {
        if node.is_image_only() {
            if node.children.is_empty() {
                return false;
            }
        } else if let Some((key, value)) = kv
            && !value.is_empty()
        {
            let mut back = value.to_string();
            if !node.children.is_empty() {
                back.push_str("\n\n");
                back.push_str(&render(&node.children));
            }
            self.push(
                Kind::KeyValue,
                context(ctx),
                key.to_string(),
                back,
                None,
                node.line,
                Covers::Subtree(node),
            );
            return true;
        }
        if node.children.is_empty() {
            return false;
        }
        let kind = if width(head) <= TERM_MAX_WIDTH && !head.ends_with(['。', '？', '?']) {
            Kind::Term
        } else if ctx.is_empty() {
            Kind::Qa
        } else {
            return false;
        };
        self.push(
            kind,
            context(ctx),
            head.to_string(),
            render(&node.children),
            None,
            node.line,
            Covers::Subtree(node),
        );
        true
    }

    /// **service identification**: a fact directly under a service's heading → the service.
    /// The service's own name is masked in the fact, or the card would answer itself.
    fn service_card(&mut self, node: &Node, service: &str, variants: &[String]) {
        let front = mask(&node.text, variants);
        self.push(
            Kind::Service,
            None,
            front,
            service.to_string(),
            None,
            node.line,
            Covers::Node(node),
        );
    }

    /// **cloze**: every value (number with unit, percentage, count) of the node's text, hidden.
    /// Returns whether any card was made.
    fn clozes(&mut self, node: &Node, ctx: &[&str]) -> bool {
        if node.kind == NodeKind::Code || node.is_image_only() {
            return false;
        }
        let values = cloze::values(&node.text);
        if values.is_empty()
            || width(&node.text) > CLOZE_MAX_WIDTH
            || node
                .text
                .trim_end_matches([':', '：'])
                .ends_with(['？', '?'])
        {
            return false;
        }
        for r in values {
            let value = node.text[r].to_string();
            self.push(
                Kind::Cloze,
                context(ctx),
                node.text.to_string(),
                value.clone(),
                Some(value),
                node.line,
                Covers::Node(node),
            );
        }
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: Kind,
        context: Option<String>,
        front: String,
        back: String,
        cloze: Option<String>,
        line: u32,
        covers: Covers<'_>,
    ) {
        match covers {
            Covers::Node(n) => self.cover(n.line, n.end_line),
            Covers::Subtree(n) => self.cover_subtree(n),
            Covers::Section(s, nodes) => {
                self.cover(s.line, s.line);
                for n in nodes {
                    self.cover(n.line, n.end_line);
                }
            }
        }
        let mut tags = Vec::new();
        if kind != Kind::Cloze && answer_is_only_images(&back) {
            tags.push(IMAGE_ANSWER_TAG.to_string());
        }
        let card = Card {
            id: String::new(),
            kind,
            section: Arc::clone(&self.path),
            context,
            front,
            back,
            cloze,
            answers: Vec::new(),
            line: Some(line),
            tags,
        };
        self.cards.push(card);
    }

    fn cover(&mut self, a: u32, b: u32) {
        for l in a..=b {
            if let Some(c) = self.covered.get_mut(l as usize) {
                *c = true;
            }
        }
    }

    fn cover_subtree(&mut self, node: &Node) {
        self.cover(node.line, node.end_line);
        for c in &node.children {
            self.cover_subtree(c);
        }
    }

    fn why(&mut self, node: &Node, why: &'static str, deep: bool) {
        if deep {
            self.reasons.push((node.line, node.end_line, why));
            for c in &node.children {
                self.why(c, why, true);
            }
        } else {
            self.reasons.push((node.line, node.end_line, why));
        }
    }
}

/// A top-level item of a section card, with its head.
type Listed<'t> = (&'t Node<'t>, &'t str);

/// A node's `key: value` split (if any) and its head: what it is about.
type Head<'t> = (Option<(&'t str, &'t str)>, &'t str);

/// The notes lines a card is made from.
enum Covers<'a> {
    Node(&'a Node<'a>),
    Subtree(&'a Node<'a>),
    Section(&'a Section<'a>, &'a [&'a Node<'a>]),
}

fn context(ctx: &[&str]) -> Option<String> {
    (!ctx.is_empty()).then(|| ctx.join(" › "))
}

/// What an item is about: the key of `key: value`, the term without its trailing colon,
/// or the whole text.
fn head_of<'t>(node: &'t Node, kv: Option<(&'t str, &'t str)>) -> &'t str {
    let head = match kv {
        Some((key, _)) => key,
        None => node.text.trim_end_matches([':', '：', ' ']),
    };
    // `：` alone is still something the user wrote; never an empty head.
    if head.trim().is_empty() {
        node.text.trim()
    } else {
        head
    }
}

/// Split `key: value` / `key：value` (value may be empty: `DRAINING:`), or `key -> short value`.
/// Colons inside URLs, parentheses, brackets and code do not count, nor notes like `注意:`.
pub fn split_key_value(text: &str) -> Option<(&str, &str)> {
    // A byte scan: every character it looks for is ASCII or a three-byte sequence, and
    // continuation bytes never look like either, so no UTF-8 decoding is needed.
    let b = text.as_bytes();
    let mut depth = 0i32;
    let mut in_code = false;
    // Most lines have no colon at all: find that out with fast searches before scanning.
    let has_colon = b.contains(&b':') || text.contains('：');
    for i in 0..if has_colon { b.len() } else { 0 } {
        let open = depth <= 0 && !in_code;
        match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'`', ..) => in_code = !in_code,
            (b'(' | b'[', ..) => depth += 1,
            (b')' | b']', ..) => depth -= 1,
            (b':', ..) if open => return at_colon(text, i, 1),
            // `（` `）` `：`
            (0xEF, Some(0xBC), Some(0x88)) => depth += 1,
            (0xEF, Some(0xBC), Some(0x89)) => depth -= 1,
            (0xEF, Some(0xBC), Some(0x9A)) if open => return at_colon(text, i, 3),
            // `「` `【`, `」` `】`
            (0xE3, Some(0x80), Some(0x8C | 0x90)) => depth += 1,
            (0xE3, Some(0x80), Some(0x8D | 0x91)) => depth -= 1,
            _ => {}
        }
    }
    // `マイグレーションとは、…`: a definition.
    if let Some((i, _)) = text
        .match_indices('と')
        .find(|(i, _)| text[i + 3..].starts_with('は'))
    {
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
    if !b.contains(&b'>') && !text.contains('→') {
        return None;
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

/// `key: value` split at the colon at byte `i` (`len` bytes long), unless it is a URL's.
fn at_colon(text: &str, i: usize, len: usize) -> Option<(&str, &str)> {
    if text[i..].starts_with("://") {
        return None;
    }
    let (key, value) = (text[..i].trim(), text[i + len..].trim());
    usable_key(key).then_some((key, value))
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
    fn size(nodes: &[Node], depth: usize) -> usize {
        nodes
            .iter()
            .map(|n| n.text.len() + 2 * depth + 4 + size(&n.children, depth + 1))
            .sum()
    }
    let mut out = String::with_capacity(size(nodes, 0));
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
    outside_parens_chars(s).collect()
}

fn outside_parens_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut depth = 0;
    s.chars().filter(move |&c| match c {
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
}

/// The service a section is about: the nearest sub-heading that names one (`AWS Lambda@Edge`,
/// `Application Load Balancer (ALB)`), else the top heading if it names one. Topic headings
/// (`特徴`, `AWSの移行(Migration)`) and numbered ones (`61.`) name none.
pub fn service_name(path: &[String]) -> Option<String> {
    for (i, h) in path.iter().enumerate().rev() {
        let latin = !outside_parens_chars(h).any(is_wide)
            && outside_parens_chars(h).any(|c| c.is_ascii_alphabetic());
        if i == 0 {
            return (latin && !is_numbered(h)).then(|| h.clone());
        }
        let acronym = h.contains(['(', '（'])
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
/// Queue Service`, `SQS`. Longest first, so the longest match is masked; ASCII lower-cased
/// for [`mask`].
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
    v.iter().map(|n| n.to_ascii_lowercase()).collect()
}

/// Replace every (ASCII case-insensitive) occurrence of the names with `＿＿`, longest names
/// first. `names` are ASCII lower-cased already (see [`name_variants`]).
fn mask(text: &str, names: &[String]) -> String {
    const BLANK: &str = "＿＿";
    // ASCII lower-casing keeps byte offsets, so matches in `lower` are matches in `text`.
    let lower = text.to_ascii_lowercase();
    let mut hits: Vec<std::ops::Range<usize>> = Vec::new();
    for name in names {
        for (at, _) in lower.match_indices(name.as_str()) {
            let r = at..at + name.len();
            if !hits.iter().any(|h| h.start < r.end && r.start < h.end) {
                hits.push(r);
            }
        }
    }
    if hits.is_empty() {
        return text.to_string();
    }
    hits.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for r in hits {
        out.push_str(&text[from..r.start]);
        out.push_str(BLANK);
        from = r.end;
    }
    out.push_str(&text[from..]);
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
        assert_eq!(
            split_key_value("ルーティングとは(http://x.jp/a)"),
            Some(("ルーティング", "(http://x.jp/a)"))
        );
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

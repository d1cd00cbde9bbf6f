//! Outline → cards, one function per card kind, plus the account of every line that made no card.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use super::cloze;
use super::explicit::{self, Explicit};
use super::outline::{Node, NodeKind, Outline, Section, is_label, strip_images};
use super::service::{self, Service, ServiceWords};
use crate::cache::{FastHash, FastMap};
use crate::catalog::{Catalog, Heading};
use crate::deck::{Card, Kind};
use crate::text::{Grams, Phrases, is_wide, similarity, similarity_of, wider_than, width};

/// A non-empty notes line that is in no card, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub line: u32,
    pub reason: &'static str,
}

/// A card worth a second look, and why (`kioku import --report` lists them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    /// Index into [`Extraction::cards`].
    pub card: usize,
    pub reason: &'static str,
}

/// The cards of a notes file (ids not yet assigned) and the lines that made no card.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub cards: Vec<Card>,
    pub skipped: Vec<Skip>,
}

/// How to read one notes file.
#[derive(Clone, Copy, Debug)]
pub struct Settings<'c> {
    /// Services and topics: what a "which service?" card may answer.
    pub catalog: &'c Catalog,
    /// `front :: back` cards and `==highlight==` clozes (off unless the notes folder or the
    /// file's front matter turns them on: Dataview and everyday highlighting use the same marks).
    pub inline_cards: bool,
}

/// Display width up to which an item with nested items is a term; longer ones are prompts
/// (exam questions, how-tos) and become `qa` cards.
pub const TERM_MAX_WIDTH: usize = 60;
/// Widest key of a `key: value` line.
pub const KEY_MAX_WIDTH: usize = 40;
/// Clozes are made from facts (or sentences of them) up to this width.
pub const CLOZE_MAX_WIDTH: usize = 120;
/// Fewest items a list card asks for: two is a pair, not a list worth recalling.
pub const LIST_MIN_ITEMS: usize = 3;
/// Most items one list card asks for; a longer list is split.
pub const LIST_MAX_ITEMS: usize = 7;
/// A list longer than this is no list card at all, even split.
pub const LIST_MAX_TOTAL: usize = 21;
/// A list item wider than this is a paragraph, not an item to recall in a list.
pub const LIST_ITEM_MAX_WIDTH: usize = 50;
/// Items this narrow make a list whatever their shape (`特徴`: a few words each, some with a
/// detail under them).
pub const LIST_SHORT_ITEM: usize = 40;
/// Answers longer than this (in characters) are split into several cards.
pub const ANSWER_MAX_CHARS: usize = 250;

/// The longest details a "which service?" card shows under its fact, in characters.
pub const SERVICE_DETAILS_MAX_CHARS: usize = 200;

/// Notes with at least this many sections are read in parallel parts.
const PARALLEL_SECTIONS: usize = 256;

/// Tag on cards whose answer is nothing but images: the quiz says so and offers to open them.
pub const IMAGE_ANSWER_TAG: &str = "image-answer";

pub const WHY_TITLE: &str = "document title: it names the deck";
pub const WHY_FRONT_MATTER: &str = "front matter: settings for the file, not notes";
pub const WHY_EMPTY_SECTION: &str =
    "heading with nothing under it: add notes under it to get cards";
pub const WHY_VERBATIM: &str =
    "code or HTML block outside a list item: nothing to ask about it on its own";
pub const WHY_COMMENT: &str = "HTML comment: not shown";
pub const WHY_SKIP: &str = "marked `<!-- kioku: skip -->`";
pub const WHY_CLAIM: &str = "one of a list of a product page's claims: they are no set to recall, and each fits many services";
pub const WHY_RESTATES: &str = "a term or key whose one answer says its own words again: nothing to recall that the front does not show";
pub const WHY_POINTER: &str = "points at lines the card does not show (`上記以外の場合`, `see above`, `the following` with nothing after it)";
pub const WHY_EXAMPLE: &str = "a term answered by examples only (`ex.`, `例えば`, `e.g.`): one example of many does not say what it is";
pub const WHY_PAST_ANSWER: &str =
    "past the first 250 characters of a long answer, with no condition of its own to ask";
pub const WHY_LONE_FACT: &str = "a fact with no service heading, `key: value`, or number to ask about, in a section too long for a list card";
pub const WHY_LONE_IMAGE: &str = "an image with no text, in a section too long for a list card";
pub const WHY_RULE: &str = "thematic break (`---`): no text";
pub const WHY_LABEL: &str = "a label for what follows it, not a fact";
pub const WHY_YAML_VALUE: &str =
    "a value or list item of a YAML block, whose cards list the keys of its mappings";
pub const WHY_LONE_DETAIL: &str =
    "a detail under an item, with no `key: value`, term or number of its own to ask about";
pub const WHY_QUESTIONS: &str = "a list of questions: nothing in it answers";
pub const WHY_COMPARISON: &str =
    "a comparison (`X vs Y`) over its sides: no term to define; each side asks for itself";

pub const WHY_NO_CARDS: &str = "heading whose notes made no card (see their lines)";
pub const WHY_IMPRESSION: &str =
    "the author speaking (`所感`, `Thoughts`, `…と思う`, `I think …`, `次回は…`), not facts";
pub const WHY_REFERENCE: &str = "a link, tags or a footnote: where to read more, not a fact";
pub const WHY_TODO: &str = "a note to self (`TODO`, a task): not a fact";
pub const WHY_STATEMENT: &str =
    "a statement with details under it: it asks nothing the details answer";
pub const WHY_TABLE_ROW: &str = "table row with an empty first cell or nothing else in it";
pub const WHY_UNKNOWN: &str =
    "not part of any card (kioku could not make a card of it: please report this)";

pub const SUSPECT_GENERIC: &str = "generic front: a label that does not say what is asked";
pub const SUSPECT_LONG: &str = "very long answer";
pub const SUSPECT_NEAR_DUPLICATE: &str = "nearly the same front as another card of its section";

/// Make the cards of one notes file. `src` is the notes text, for the account of skipped
/// lines; `name` names the content outside any heading (the file name when there is no
/// title); `words` counts words per service across everything being imported.
pub fn extract(
    outline: &Outline,
    src: &str,
    name: &str,
    settings: &Settings,
    words: &ServiceWords,
) -> Extraction {
    // As `src.lines().count()`, with the newlines found by memchr: the notes are read whole.
    let line_count = memchr::memchr_iter(b'\n', src.as_bytes()).count()
        + usize::from(!src.is_empty() && !src.ends_with('\n'));
    let inline_cards = settings.inline_cards
        || outline
            .front_matter
            .as_ref()
            .is_some_and(|f| f.inline_cards);
    let doc = doc_name(outline, name);
    // Sections make their cards independently: long notes are read in parts, one per core,
    // and the parts joined in order.
    let n = outline.sections.len();
    let parts = if n >= PARALLEL_SECTIONS {
        rayon::current_num_threads().clamp(1, 8)
    } else {
        1
    };
    let per = n.div_ceil(parts).max(1);
    let extract_part = |sections: &[Section]| {
        let mut x = Extractor {
            cards: Vec::with_capacity(line_count / (2 * parts) + 16),
            reasons: Vec::new(),
            covered: vec![false; line_count + 2],
            path: Arc::from(Vec::new()),
            catalog: settings.catalog,
            words,
            inline_cards,
            service: None,
            claims: false,
            restated: 0,
            solved_next: false,
            scale: false,
            changed: false,
        };
        let mut has = Vec::with_capacity(sections.len());
        for section in sections {
            let before = x.cards.len();
            x.section(section, &doc);
            has.push(x.cards.len() > before);
        }
        (x, has)
    };
    let done: Vec<(Extractor, Vec<bool>)> = if parts == 1 {
        vec![extract_part(&outline.sections)]
    } else {
        use rayon::prelude::*;
        outline.sections.par_chunks(per).map(extract_part).collect()
    };
    let mut cards = Vec::with_capacity(line_count / 2 + 16);
    let mut reasons = Vec::new();
    let mut covered = vec![false; line_count + 2];
    let mut has_cards = Vec::with_capacity(n);
    for (x, has) in done {
        cards.extend(x.cards);
        reasons.extend(x.reasons);
        for (c, x) in covered.iter_mut().zip(x.covered) {
            *c |= x;
        }
        has_cards.extend(has);
    }
    let mut reason: Vec<Option<&'static str>> = vec![None; line_count + 2];
    for &(a, b, why) in &reasons {
        // That a fact is outdated says more than why it would make no card anyway.
        let outdated = super::outdated::is_reason(why);
        for l in a..=b {
            if let Some(r) = reason.get_mut(l as usize) {
                if outdated {
                    *r = Some(why);
                } else {
                    r.get_or_insert(why);
                }
            }
        }
    }
    // A heading is in a card when any card is in its section or below it.
    for (j, s) in outline.sections.iter().enumerate() {
        if s.level == 0 {
            continue;
        }
        let subtree = outline.sections[j..]
            .iter()
            .take_while(|t| t.path.starts_with(&s.path))
            .count();
        let slot = s.line as usize;
        if s.skip {
            reason[slot].get_or_insert(WHY_SKIP);
        } else if has_cards[j..j + subtree].iter().any(|h| *h) {
            covered[slot] = true;
        } else if outline.sections[j..j + subtree]
            .iter()
            .any(|t| !t.blocks.is_empty())
        {
            reason[slot].get_or_insert(WHY_NO_CARDS);
        } else {
            reason[slot].get_or_insert(WHY_EMPTY_SECTION);
        }
    }
    if let Some((_, line)) = &outline.title {
        reason[*line as usize] = Some(WHY_TITLE);
        covered[*line as usize] = false;
    }
    if let Some(f) = &outline.front_matter {
        for l in f.line..=f.end_line {
            if let Some(r) = reason.get_mut(l as usize) {
                *r = Some(WHY_FRONT_MATTER);
            }
        }
    }
    for &l in &outline.rules {
        reason[l as usize].get_or_insert(WHY_RULE);
    }
    let mut skipped = Vec::new();
    // Line by line, as `src.lines()` cuts them (a `\r` before the newline is blank to
    // `is_blank`); a covered line, as most are, is not read again.
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', src.as_bytes()).chain([src.len()]);
    for (i, end) in ends.enumerate().take(line_count) {
        let l = i + 1;
        let text = &src[start..end];
        start = end + 1;
        if !covered[l] && !is_blank(text) {
            skipped.push(Skip {
                line: l as u32,
                reason: reason[l].unwrap_or(WHY_UNKNOWN),
            });
        }
    }
    Extraction {
        cards: dedup(cards),
        skipped,
    }
}

/// What names the file's content: its `#` title, else its front matter's `title:`, else the
/// file name.
pub fn doc_name(outline: &Outline, name: &str) -> String {
    outline
        .title
        .as_ref()
        .map(|(t, _)| t.clone())
        .or_else(|| outline.front_matter.as_ref().and_then(|f| f.title.clone()))
        .unwrap_or_else(|| name.to_string())
}

/// The headings a section's service is looked for in: the document's name above its own
/// headings, so `# Amazon Aurora` (or `Amazon Aurora.md`) names the service of its `## Storage`.
pub fn service_path(doc: &str, path: &[String]) -> Vec<String> {
    std::iter::once(doc.to_string())
        .chain(path.iter().cloned())
        .collect()
}

/// A line with no notes on it: blank, a bare `>` of a quote, or an untitled callout's marker.
fn is_blank(line: &str) -> bool {
    let t = line.trim().trim_start_matches(['>', ' ', '\t']);
    let marker = t
        .strip_prefix("[!")
        .and_then(|r| r.split_once(']'))
        .is_some_and(|(kind, rest)| {
            !kind.contains(' ') && rest.trim_start_matches(['+', '-']).trim().is_empty()
        });
    t.is_empty() || marker
}

/// The same question twice in one section makes one card: the first. So does the same fact
/// written twice for one service (notes pasted from two sources often restate it): a
/// "which service?" card nearly the same as an earlier one with the same answer
/// ([`RESTATED_SIMILARITY`]) asks nothing new.
fn dedup(cards: Vec<Card>) -> Vec<Card> {
    use rayon::prelude::*;
    type Group<'c> = (Kind, &'c [String], Option<&'c str>);
    fn group(c: &Card) -> Group<'_> {
        (c.kind, &c.section, c.cloze.as_deref())
    }
    // Whether each card is the first with its (kind, section, folded front, cloze). Fronts
    // are compared within a group of one kind, section and cloze, and folded (in parallel)
    // only in a group of two cards or more: most groups (clozes above all) have one card.
    let first: Vec<bool> = {
        let mut size: FastMap<Group, usize> =
            FastMap::with_capacity_and_hasher(cards.len(), Default::default());
        for c in &cards {
            *size.entry(group(c)).or_insert(0) += 1;
        }
        let folded: Vec<Option<String>> = cards
            .par_iter()
            .map(|c| (size[&group(c)] > 1).then(|| crate::text::fold(&c.front)))
            .collect();
        let mut seen: HashSet<(Group, String), BuildHasherDefault<FastHash>> = HashSet::default();
        cards
            .iter()
            .zip(folded)
            .map(|(c, f)| f.is_none_or(|f| seen.insert((group(c), f))))
            .collect()
    };
    // The fronts of the "which service?" cards kept so far, folded and cut into bigrams (in
    // parallel), and each answer's so far.
    let grams: Vec<Option<Grams>> = cards
        .par_iter()
        .zip(&first)
        .map(|(c, &first)| {
            (first && c.kind == Kind::Service)
                .then(|| Grams::new(&c.front.replace(service::BLANK, "")))
        })
        .collect();
    let mut asked: FastMap<String, Vec<Grams>> = FastMap::default();
    cards
        .into_iter()
        .zip(first)
        .zip(grams)
        .filter_map(|((c, first), front)| first.then_some((c, front)))
        .filter_map(|(c, front)| {
            let Some(front) = front else {
                return Some(c);
            };
            let Some(earlier) = asked.get_mut(&c.back) else {
                asked.insert(c.back.clone(), vec![front]);
                return Some(c);
            };
            if earlier
                .iter()
                .any(|e| similarity_of(e, &front) >= RESTATED_SIMILARITY)
            {
                return None;
            }
            earlier.push(front);
            Some(c)
        })
        .collect()
}

/// How alike (character bigrams, [`crate::text::similarity`]) two facts about one service are
/// when one restates the other: `2 つの静的 public ip が提供され…向上する` and `＿＿ では、2 つの静的
/// パブリック IP が提供され…向上します` are 0.82; in the bundled notes, two different facts of one
/// service stay below 0.5.
const RESTATED_SIMILARITY: f64 = 0.7;

/// Cards worth a second look (`kioku import --report`): a generic front, a very long answer, a
/// near-duplicate of a card just before it in its section.
pub fn suspects(cards: &[Card]) -> Vec<Suspect> {
    let mut out = Vec::new();
    for (i, c) in cards.iter().enumerate() {
        let reason = if matches!(c.kind, Kind::Term | Kind::KeyValue) && is_generic_label(&c.front)
        {
            Some(SUSPECT_GENERIC)
        } else if c.back.chars().count() > 2 * ANSWER_MAX_CHARS {
            Some(SUSPECT_LONG)
        } else if cards[..i].iter().rev().take(12).any(|o| {
            o.kind == c.kind
                && Arc::ptr_eq(&o.section, &c.section)
                && o.front != c.front
                && similarity(&o.front, &c.front) >= 0.9
        }) {
            Some(SUSPECT_NEAR_DUPLICATE)
        } else {
            None
        };
        if let Some(reason) = reason {
            out.push(Suspect { card: i, reason });
        }
    }
    out
}

struct Extractor<'s> {
    cards: Vec<Card>,
    /// (first line, last line, why) for nodes that made no card.
    reasons: Vec<(u32, u32, &'static str)>,
    /// Lines that are in some card.
    covered: Vec<bool>,
    /// The current section's path, shared by its cards.
    path: Arc<[String]>,
    catalog: &'s Catalog,
    words: &'s ServiceWords,
    inline_cards: bool,
    /// The catalog name of the service the current section is about, for the facts AWS has
    /// changed since ([`super::outdated`]).
    service: Option<String>,
    /// AWS changed something about the current section's service ([`super::outdated::has_changes`]).
    changed: bool,
    /// The current section's body is a list of a product page's claims (see [`items_are_parallel`]).
    claims: bool,
    /// Cards refused so far because their answer says their front again ([`restates`]).
    restated: usize,
    /// The current section's items are key–value lines whose keys are steps of one scale
    /// ([`keys_form_a_scale`]).
    scale: bool,
    /// The block after the current one opens by solving what this one says (`…これを解決し`):
    /// this one's last sentence states a problem, not a fact about the service.
    solved_next: bool,
}

/// A kind of heading (a test of its text) and why facts under it ask no service.
type HeadingKind = (fn(&str) -> bool, &'static str);

/// A card about to be pushed: what it asks and shows, without the section and covering.
struct Draft {
    kind: Kind,
    context: Option<String>,
    front: String,
    back: String,
    cloze: Option<String>,
    answers: Vec<String>,
    line: u32,
    /// Written as a card by hand (`Q:`/`A:`, `{{c1::…}}`): never second-guessed.
    explicit: bool,
}

impl Draft {
    fn new(kind: Kind, front: String, back: String, line: u32) -> Draft {
        Draft {
            kind,
            context: None,
            front,
            back,
            cloze: None,
            answers: Vec::new(),
            line,
            explicit: kind == Kind::Basic,
        }
    }

    fn context(mut self, ctx: &[&str]) -> Draft {
        self.context = context(ctx);
        self
    }
}

impl Extractor<'_> {
    fn section(&mut self, s: &Section, doc: &str) {
        let path: Vec<String> = if s.path.is_empty() {
            vec![doc.to_string()]
        } else {
            s.path.clone()
        };
        if s.blocks.is_empty() {
            return;
        }
        self.path = Arc::from(path.as_slice());
        let before = self.cards.len();
        let restated = self.restated;
        if s.skip {
            for node in &s.blocks {
                self.why(node, WHY_SKIP, true);
            }
            return;
        }
        // The path's last heading is the section's own (the document's name for content
        // outside any heading).
        let (svc, last) = self
            .words
            .section(self.catalog, &service_path(doc, &s.path));
        self.service = svc
            .as_ref()
            .map(|v| self.catalog.entry(v.index).name.clone());
        self.changed = super::outdated::has_changes(self.service.as_deref());
        // A retired service's heading: why its section makes no card.
        if let Some(change) = super::outdated::retired(self.service.as_deref())
            && s.level > 0
        {
            self.reasons.push((s.line, s.line, &change.reason));
        }
        let names_one = matches!(last, Heading::Names(_) | Heading::Unknown);
        let mut blocks = Vec::with_capacity(s.blocks.len());
        self.expand(&s.blocks, &mut blocks);
        // Each top-level node is classified once, for the list card and for its own cards.
        let heads: Vec<Head> = blocks
            .iter()
            .map(|n| {
                let kv = split_key_value(&n.text);
                (kv, head_of(n, kv))
            })
            .collect();
        // A page's properties under its title (`Tags: …`, `Status: In progress`, `Last edited:
        // …`, as Notion exports them): settings of the page, like front matter.
        let properties = if s.level <= 1 {
            heads
                .iter()
                .zip(&blocks)
                .take_while(|((kv, _), n)| {
                    n.children.is_empty() && kv.is_some_and(|(k, _)| is_page_property(k))
                })
                .count()
        } else {
            0
        };
        for n in &blocks[..properties] {
            self.why(n, WHY_FRONT_MATTER, false);
        }
        let (blocks, heads) = (&blocks[properties..], &heads[properties..]);
        // An exam memo's question: the blocks up to `正解: …` ask, the answer answers.
        let start = self.exam_question(blocks);
        let (blocks, heads) = (&blocks[start..], &heads[start..]);
        // `### Job Queues` under a service, over one short fact: the fact defines the heading.
        // Asked "which service?", the heading shown as its context gives the answer away; asked
        // as a term, the heading is what a student recalls the fact by.
        if svc.as_ref().is_some_and(|v| v.below.is_some()) && !names_one && defines(blocks) {
            // From the fact's line: a card asked from it before keeps its id.
            self.heading_card(s, blocks, blocks[0].line);
            // A fact that only says the heading again asks nothing as "which service?" either:
            // the heading, shown as its context, is what it would say.
            let restated = self.reasons.last().is_some_and(|r| r.2 == WHY_RESTATES);
            if self.cards.len() > before || restated {
                return;
            }
        }
        self.question_heading(s, blocks);
        let list_card = self.list_card(s, &path, blocks, heads, names_one);
        self.scale = keys_form_a_scale(blocks, heads);
        let mut ctx = Vec::new();
        let mut i = 0;
        while i < blocks.len() {
            // `Q:` and `A:` written as two blocks make one card.
            if let (Some(q), Some(a)) = (
                explicit::strip_marker(&blocks[i].text, 'Q'),
                blocks
                    .get(i + 1)
                    .and_then(|n| explicit::strip_marker(&n.text, 'A')),
            ) && explicit::question_answer(&blocks[i].text).is_none()
                && !q.is_empty()
                && !a.is_empty()
            {
                let mut back = a.to_string();
                append_children(&mut back, &blocks[i + 1].children);
                let d = Draft::new(Kind::Basic, q.to_string(), back, blocks[i].line);
                self.push(d, Covers::Pair(blocks[i], blocks[i + 1]));
                i += 2;
                continue;
            }
            // `VPCエンドポイントは2種類あります。` over a table: the rows ask for the kinds; the
            // count heads them and asks nothing of its own.
            if blocks[i].kind == NodeKind::Paragraph
                && blocks[i].children.is_empty()
                && super::outline::leads_in(&blocks[i].text)
                && !is_label(&blocks[i].text)
                && blocks.get(i + 1).is_some_and(|n| n.kind == NodeKind::Table)
            {
                self.cover(blocks[i].line, blocks[i].end_line);
                i += 1;
                continue;
            }
            // `接続するコマンド:` over a code block: the label asks, the code answers.
            if blocks[i].kind == NodeKind::Paragraph
                && blocks[i].children.is_empty()
                && (is_label(&blocks[i].text) || super::outline::leads_in(&blocks[i].text))
                && let Some(code) = blocks.get(i + 1).filter(|n| n.kind == NodeKind::Code)
            {
                let front = blocks[i].text.trim().trim_end_matches([':', '：']).trim();
                if !front.is_empty() {
                    let d = Draft::new(
                        Kind::Qa,
                        front.to_string(),
                        code.text.trim_end().to_string(),
                        blocks[i].line,
                    );
                    self.push(d, Covers::Pair(blocks[i], code));
                    i += 2;
                    continue;
                }
            }
            // A YAML file in the notes (`buildspec.yml`, `appspec.yml`, a template): the keys
            // of each of its mappings are a list to recall (`phases`: install, pre_build, …).
            if blocks[i].kind == NodeKind::Code
                && let Some(maps) = yaml_mappings(&blocks[i].text, blocks[i].line)
            {
                let title = path.last().map(String::as_str).unwrap_or_default();
                let title = crate::catalog::strip_numbering(title).trim().to_string();
                for (at, keys) in maps {
                    let n = keys.len();
                    let front = if at.is_empty() {
                        format!("{title} ({n})")
                    } else {
                        format!("{title} › {at} ({n})")
                    };
                    let back: String = keys.iter().map(|(k, _)| format!("- {k}\n")).collect();
                    let first = keys[0].1;
                    let d = Draft::new(Kind::Section, front, back, first);
                    self.push(d, Covers::Lines(first, first));
                    for (_, line) in &keys[1..] {
                        self.cover(*line, *line);
                    }
                }
                // Its values, list items and fences: not in the lists of keys.
                self.why(blocks[i], WHY_YAML_VALUE, false);
                i += 1;
                continue;
            }
            // A code block of commented commands (`# ポートフォワード` over `aws ssm …`): each
            // comment asks for the lines under it.
            if blocks[i].kind == NodeKind::Code
                && let Some(parts) = commented_code(&blocks[i].text)
            {
                for (comment, code) in parts {
                    let d = Draft::new(Kind::Qa, comment, code, blocks[i].line);
                    self.push(d, Covers::Node(blocks[i]));
                }
                i += 1;
                continue;
            }
            // `NG: VGWでECMP` then `OK: TGWでECMP`: what not to do, and what to do instead.
            if let (Some(_), Some(ok)) = (
                counter_example(&blocks[i].text),
                blocks.get(i + 1).and_then(|n| right_example(&n.text)),
            ) && blocks[i].children.is_empty()
            {
                let d = Draft::new(
                    Kind::Qa,
                    blocks[i].text.trim().to_string(),
                    ok.to_string(),
                    blocks[i].line,
                );
                self.push(d, Covers::Pair(blocks[i], blocks[i + 1]));
                i += 2;
                continue;
            }
            self.solved_next = blocks
                .get(i + 1)
                .is_some_and(|n| service::solves_the_one_before(&n.text));
            self.top_level(
                blocks[i],
                heads[i],
                svc.as_deref(),
                list_card.as_deref(),
                &mut ctx,
            );
            i += 1;
        }
        // A heading over a product page's claims (`利点`) asks nothing they answer.
        let claims = std::mem::take(&mut self.claims);
        // Nor over facts that only say their own labels again: it would ask them as a list.
        if self.cards.len() == before && !names_one && !claims && self.restated == restated {
            self.heading_card(s, blocks, s.line);
        }
    }

    /// **heading term**: a plain heading over a short body that made no card of its own
    /// (`## TTL` over one paragraph, `### 暗号化によるデータ保護` over two items) → the heading
    /// asks, the body answers. Not for a heading that names a service (its body is facts about
    /// it), a generic or frame heading (`まとめ`, `Links`), a number, or a long body.
    /// `line` is the line the card is from: the heading's, or the fact's when it defines it.
    fn heading_card(&mut self, s: &Section, blocks: &[&Node], line: u32) {
        let Some(heading) = s.path.last() else {
            return;
        };
        let h = crate::catalog::strip_numbering(heading);
        if s.level == 0
            || h.trim().is_empty()
            || is_generic_label(h)
            || service::is_empty_label(h)
            || is_frame(h)
            || is_impression(h)
            || h.ends_with("メモ")
            || is_numbered(heading)
            || service::is_use_case_heading(h)
            // Selling points (`Simple`, `利点`) name no term to recall.
            || service::is_benefit_heading(h)
        {
            return;
        }
        let shown: Vec<Node> = blocks
            .iter()
            .filter(|n| n.kind != NodeKind::Comment)
            .map(|n| (*n).clone())
            .collect();
        let asks = shown.iter().any(|n| {
            matches!(n.kind, NodeKind::Item | NodeKind::Paragraph)
                && !n.is_image_only()
                && !is_todo(&n.text)
                && !is_reference(&n.text)
        });
        if !asks || shown.iter().any(|n| n.skip) {
            return;
        }
        let back = render(&shown);
        if size_of(&back) > ANSWER_MAX_CHARS {
            return;
        }
        let covers: Vec<&Node> = blocks.to_vec();
        // `Container技術について`: the topic is what precedes `について`.
        let front = h
            .strip_suffix("について")
            .or_else(|| h.strip_suffix("とは"))
            .unwrap_or(h)
            .trim();
        self.push(
            Draft::new(Kind::Term, front.to_string(), back, line),
            Covers::Section(s, &covers),
        );
    }

    /// **question heading**: `### How do I stop two consumers processing the same message?`
    /// over the paragraphs that answer it → a qa card: the heading asks, the paragraphs answer
    /// (whole, or the first one's sentences, up to [`ANSWER_MAX_CHARS`]). Their facts still
    /// make cards of their own.
    fn question_heading(&mut self, s: &Section, blocks: &[&Node]) {
        let Some(heading) = s.path.last() else {
            return;
        };
        let h = crate::catalog::strip_numbering(heading).trim();
        if s.level == 0 || !h.ends_with(['?', '？']) || is_generic_label(h) {
            return;
        }
        let mut back = String::new();
        let mut shown: Vec<&Node> = Vec::new();
        // Paragraphs that answer it: a list under such a heading is a list card's (its steps),
        // and a question among the blocks asks for itself.
        for n in blocks {
            if n.kind != NodeKind::Paragraph
                || n.label
                || !n.children.is_empty()
                || n.text.trim_end().ends_with(['?', '？'])
                || n.is_image_only()
                || n.skip
                || is_todo(&n.text)
                || is_reference(&n.text)
                || explicit::strip_marker(&n.text, 'Q').is_some()
                || explicit::strip_marker(&n.text, 'A').is_some()
            {
                break;
            }
            let one = render(std::slice::from_ref(*n));
            if size_of(&back) + size_of(&one) > ANSWER_MAX_CHARS {
                if back.is_empty() && n.children.is_empty() {
                    // One long paragraph: as many of its sentences as fit.
                    for sentence in sentences(&n.text) {
                        if !back.is_empty() && size_of(&back) + size_of(sentence) > ANSWER_MAX_CHARS
                        {
                            break;
                        }
                        if !back.is_empty() {
                            back.push(' ');
                        }
                        back.push_str(sentence);
                    }
                    back.push('\n');
                    shown.push(n);
                }
                break;
            }
            if !back.is_empty() && n.kind == NodeKind::Paragraph {
                back.push('\n');
            }
            back.push_str(&one);
            shown.push(n);
        }
        if shown.is_empty() || back.trim().is_empty() {
            return;
        }
        self.push(
            Draft::new(
                Kind::Qa,
                h.to_string(),
                back.trim_end().to_string() + "\n",
                s.line,
            ),
            Covers::Section(s, &shown),
        );
    }

    /// **exam question**: blocks before an answer line (`正解: B`, `Answer: …`) are a question
    /// (its options included) → a basic card whose back is the answer (the option it names,
    /// or what follows it when the answer is a bare letter). Returns how many blocks it took.
    fn exam_question(&mut self, blocks: &[&Node]) -> usize {
        let Some(k) = blocks.iter().position(|n| answer_value(&n.text).is_some()) else {
            return 0;
        };
        let question = &blocks[..k];
        if k == 0 || question.iter().all(|n| n.is_image_only()) || question.iter().any(|n| n.skip) {
            return 0;
        }
        // `Q: …` right before `A: …` is a pair of its own (made below): the table and items
        // above it are the section's facts, not part of its question.
        if k > 1 && explicit::strip_marker(&blocks[k - 1].text, 'Q').is_some() {
            return 0;
        }
        let value = answer_value(&blocks[k].text).unwrap_or_default();
        let mut front = String::new();
        for (i, n) in question.iter().enumerate() {
            if i > 0 {
                front.push_str("\n\n");
            }
            let text: &str = &n.text;
            let text = explicit::strip_marker(text, 'Q')
                .or_else(|| strip_label(text, is_question_marker))
                .unwrap_or(text);
            if n.kind == NodeKind::Item {
                front.push_str("- ");
            }
            front.push_str(text);
            if !n.children.is_empty() {
                front.push('\n');
                front.push_str(&render(&n.children));
            }
        }
        let letter = value
            .trim_start_matches(['(', '（'])
            .chars()
            .next()
            .filter(|c| c.is_ascii_uppercase() || ('Ａ'..='Ｚ').contains(c));
        let bare = letter.is_some() && value.chars().filter(|c| c.is_alphanumeric()).count() == 1;
        let option = letter.and_then(|l| {
            question.iter().find(|n| {
                let t = n.text.trim_start_matches(['(', '（']);
                t.starts_with(l) && t[l.len_utf8()..].starts_with(['.', ')', '）', ':', '：', '．'])
            })
        });
        let mut back = match option {
            Some(o) if bare => o.text.to_string(),
            _ => value.to_string(),
        };
        let mut taken = k + 1;
        // `解説: …`, `Explanation: …` right after the answer explains it: part of the back.
        if let Some(next) = blocks.get(k + 1)
            && strip_label(&next.text, is_explanation_marker).is_some()
        {
            let details = render(&[(*next).clone()]);
            if size_of(&details) <= ANSWER_MAX_CHARS {
                back.push_str("\n\n");
                back.push_str(details.trim_end());
                taken = k + 2;
            }
        } else if bare && option.is_none() {
            // `正解: C` with no options written: what follows explains it.
            let rest: Vec<Node> = blocks[k + 1..].iter().map(|n| (*n).clone()).collect();
            let details = render(&rest);
            if !details.is_empty() && size_of(&details) <= ANSWER_MAX_CHARS {
                back.push_str("\n\n");
                back.push_str(&details);
                taken = blocks.len();
            }
        }
        let covers: Vec<&Node> = blocks[..taken].to_vec();
        let line = blocks[0].line;
        self.push(
            Draft::new(Kind::Basic, front, back, line),
            Covers::Nodes(&covers),
        );
        taken
    }

    /// The section's blocks, with transparent heads (`特徴は以下`, `as follows:`) replaced by
    /// the items under them: those belong to the section, not to a term.
    fn expand<'o>(&mut self, nodes: &'o [Node<'o>], out: &mut Vec<&'o Node<'o>>) {
        for n in nodes {
            // `- memo`, `- 所感` with items under it heads nothing, like a `memo` label line.
            // `- 運用`, `- 高い信頼性` over facts: a label of generic words, no term to recall; its
            // facts are the section's, each asked for itself.
            // Only a node with children can be transparent: the tests run for those alone.
            let transparent = || {
                let head = head_of(n, None);
                is_transparent(&n.text)
                    || (n.label && is_generic_label(head))
                    || (n.kind == NodeKind::Item && is_generic_word(head))
                    || (n.kind == NodeKind::Item
                        && !is_sentence(head)
                        && service::is_empty_label(head))
            };
            // `所感：…`, `Thoughts: …` on one line: the label heads its own value.
            let impression_line = n
                .text
                .split_once([':', '：'])
                .is_some_and(|(k, _)| is_impression(unbold(k.trim())));
            if !n.skip
                && (impression_line || !n.children.is_empty() && is_impression(head_of(n, None)))
            {
                // `所感`, `Thoughts`: what the author felt, not facts to ask.
                self.why(n, WHY_IMPRESSION, true);
            } else if !n.children.is_empty() && !n.skip && transparent() {
                self.cover(n.line, n.end_line);
                self.expand(&n.children, out);
            } else {
                out.push(n);
            }
        }
    }

    /// **list**: a heading whose body is a real list (at least three parallel short items of
    /// one list, or two steps of a numbered one) → the items, the count in the front, at most
    /// [`LIST_MAX_ITEMS`] a card. Image-only items at the top of a section (an exam question's
    /// screenshot) join the front. Never the whole body of a service: a heading that names one
    /// makes "which service?" cards instead. Returns the lines of the items it asks for.
    fn list_card(
        &mut self,
        s: &Section,
        path: &[String],
        blocks: &[&Node],
        heads: &[Head],
        names_one: bool,
    ) -> Option<Vec<u32>> {
        // `## 覚え方メモ`, `## 参考`: no topic to ask a list of.
        let last = path
            .last()
            .map(|h| crate::catalog::strip_numbering(h))
            .unwrap_or_default();
        if names_one || is_generic_label(last) || is_frame(last) || last.ends_with("メモ") {
            return None;
        }
        // An item AWS has changed since is left out of the list (its own card says why), and
        // so is one whose details are: `更新 (Overwrite PUTs)` over `結果整合性` names a case
        // of a model that is gone.
        let service = self.service.as_deref();
        // A mistake below an item (`ACL` over a wrong rule of precedence) is no change to
        // what the item names: it stays.
        fn outdated_within(n: &Node, service: Option<&str>) -> bool {
            fn changed_below(n: &Node, service: Option<&str>) -> bool {
                super::outdated::outdated(&n.text, service).is_some_and(|c| !c.mistake)
                    || n.children.iter().any(|c| changed_below(c, service))
            }
            super::outdated::outdated(&n.text, service).is_some()
                || n.children.iter().any(|c| changed_below(c, service))
        }
        let changed = self.changed;
        let items: Vec<(&Node, Head)> = blocks
            .iter()
            .zip(heads)
            .filter(|(n, _)| n.kind == NodeKind::Item && !n.skip)
            .filter(|(n, _)| {
                if changed {
                    !outdated_within(n, service)
                } else {
                    super::outdated::outdated(&n.text, service).is_none()
                }
            })
            .map(|(n, h)| (*n, *h))
            .collect();
        let is_image = |n: &Node| n.is_image_only() && n.children.is_empty();
        let leading = items.iter().take_while(|(n, _)| is_image(n)).count();
        let (images, rest) = items.split_at(leading);
        let heading = path.last().map(String::as_str).unwrap_or_default();
        fn listed<'n>((n, (kv, head)): &(&'n Node<'n>, Head<'n>)) -> &'n str {
            match kv {
                Some((_, v)) if !v.is_empty() => &n.text,
                None if n.children.is_empty() => &n.text,
                _ => head,
            }
        }
        // The items of a list that are short enough to recall in one: a long one among them
        // is a fact of its own. Not a step of a numbered list up to a sentence long: left out,
        // it would leave a sequence that teaches half of it (`1. …denied`, `2. …Deny wins`,
        // without `3. Then an Allow is needed`).
        let of_list = |list: (u32, bool)| -> Vec<&(&Node, Head)> {
            let widest = if list.1 {
                CLOZE_MAX_WIDTH
            } else {
                LIST_ITEM_MAX_WIDTH
            };
            rest.iter()
                .filter(|t| {
                    !is_image(t.0)
                        && t.0.list.map(|l| l.0) == Some(list.0)
                        && !wider_than(listed(t), widest)
                })
                .collect()
        };
        // Which list: the first that is a real one (or, after screenshots, the first).
        let mut lists: Vec<(u32, bool)> = rest.iter().filter_map(|(n, _)| n.list).collect();
        lists.dedup();
        // A list of pairs (`読み取りが重い → リードレプリカ`, `Key: value`) is one list however
        // long a pair: leaving the long ones out made `(4)` over six pairs, and no one could
        // recall which four. A long sentence among short names stays a fact of its own.
        let pair = |t: &&(&Node, Head)| t.1.0.is_some() || t.0.text.contains(['→', '⇒']);
        let in_list = |list: (u32, bool)| -> Vec<&(&Node, Head)> {
            rest.iter()
                .filter(|t| !is_image(t.0) && t.0.list.map(|l| l.0) == Some(list.0))
                .collect()
        };
        let qualifies = |list: (u32, bool)| {
            let texts = of_list(list);
            let numbered = list.1;
            // Parallel: items of one shape (all facts, or all terms with details), or all short.
            let parallel = numbered
                || texts.iter().all(|(n, _)| n.children.is_empty())
                || texts.iter().all(|(n, _)| !n.children.is_empty())
                || texts
                    .iter()
                    .all(|(_, (_, head))| !wider_than(head, LIST_SHORT_ITEM));
            let min = if numbered { 2 } else { LIST_MIN_ITEMS };
            let shown: Vec<&str> = texts.iter().map(|t| listed(t)).collect();
            let heads: Vec<&str> = shown.iter().map(|t| listed_head(t)).collect();
            // Pairs (`読み取りが重い → リードレプリカ`) are a set whatever their wording.
            let claims = !numbered && !texts.iter().all(pair) && !items_are_parallel(&heads);
            // A list of service names is an index of the notes, not a fact to recall.
            let names = texts
                .iter()
                .filter(|(_, (_, head))| self.names_entry(head))
                .count();
            let all = in_list(list).len();
            let list = texts.len() >= min
                && texts.len() * 3 >= all * 2
                && parallel
                && names * 2 <= texts.len()
                && !is_numbered(heading);
            (list && !claims, list && claims)
        };
        // Screenshots at the top join the front of a real list; they make none of their own
        // (`## 61.` with a question's screenshot over four unrelated notes asked nothing).
        // Each list is judged once, for both questions.
        let (mut list, mut claims) = (None, None);
        for &l in &lists {
            let (set, of_claims) = qualifies(l);
            if set {
                list = Some(l);
                break;
            }
            if of_claims {
                claims = claims.or(Some(l));
            }
        }
        // A list of a product page's claims (`インフラの管理が不要`, `オートスケール`) asks no set:
        // no card of the list, and no "which service?" card of each claim, which fits many.
        let Some(list) = list else {
            let claims = claims?;
            self.claims = true;
            return Some(of_list(claims).iter().map(|(n, _)| n.line).collect());
        };
        let mut texts = of_list(list);
        if !texts.is_empty() && texts.iter().all(pair) {
            texts = in_list(list);
            if !texts.iter().all(pair) {
                return None;
            }
        }
        if texts.len() > LIST_MAX_TOTAL || (texts.is_empty() && images.is_empty()) {
            return None;
        }
        // `1. If the question says **real-time** … pick **Kinesis Data Streams**.`: a list of
        // rules, each a sentence, is no set to recall whole; each rule asks for itself.
        // Steps of a how-to (`How do I host a static website?` over `Create a bucket …`) are
        // short and asked in order: they stay a list.
        let rules = texts
            .iter()
            .filter(|(n, _)| {
                n.list.is_some_and(|l| l.1) && is_sentence(&n.text) && wider_than(&n.text, 50)
            })
            .count();
        if rules * 2 > texts.len() && !heading.trim_end().ends_with(['?', '？']) {
            return None;
        }
        let title = path.join(" › ");
        if title.trim().is_empty() {
            return None; // `## ` with no text names nothing to ask about
        }
        let shown: Vec<&(&Node, Head)> = if texts.is_empty() {
            images.iter().collect()
        } else {
            texts
        };
        let parts = shown.len().div_ceil(LIST_MAX_ITEMS).max(1);
        let per = shown.len().div_ceil(parts);
        let total = shown.len();
        let with_images = !images.is_empty() && shown.len() < items.len();
        for (k, chunk) in shown.chunks(per.max(1)).enumerate() {
            let mut front = if parts == 1 {
                format!("{title} ({total})")
            } else {
                let first = k * per + 1;
                format!("{title} ({first}–{} of {total})", first + chunk.len() - 1)
            };
            if with_images {
                for (img, _) in images {
                    front.push_str("\n\n");
                    front.push_str(&img.text);
                }
            }
            let mut back = String::new();
            for item in chunk {
                back.push_str("- ");
                back.push_str(listed(item));
                back.push('\n');
            }
            let covers: Vec<&Node> = images
                .iter()
                .map(|(n, _)| *n)
                .chain(chunk.iter().map(|(n, _)| *n))
                .collect();
            self.push(
                Draft::new(Kind::Section, front, back, s.line),
                Covers::Section(s, &covers),
            );
        }
        Some(shown.iter().map(|(n, _)| n.line).collect())
    }

    fn top_level<'o>(
        &mut self,
        node: &'o Node,
        (kv, head): Head<'o>,
        svc: Option<&Service>,
        list_card: Option<&[u32]>,
        ctx: &mut Vec<&'o str>,
    ) {
        match node.kind {
            NodeKind::Code | NodeKind::Html => return self.why(node, WHY_VERBATIM, false),
            NodeKind::Comment => return self.why(node, WHY_COMMENT, false),
            NodeKind::Table => return self.table(node, ctx),
            NodeKind::Item | NodeKind::Paragraph => {}
        }
        if node.skip {
            return self.why(node, WHY_SKIP, true);
        }
        if is_todo(&node.text) {
            return self.why(node, WHY_TODO, true);
        }
        // `以上、VPC編でした。次回は…書く予定です。`: every sentence the author speaking.
        if is_all_remarks(node) {
            return self.why(node, WHY_IMPRESSION, false);
        }
        if node.children.is_empty() && is_reference(&node.text) {
            return self.why(node, WHY_REFERENCE, false);
        }
        if is_use_case_label(node, kv, head) {
            return self.why(node, service::WHY_USE_CASE, true);
        }
        // `高い信頼性: 複数のサーバーにメッセージを保持`, `スケーラブル: …`: a product page's claim
        // under a quality; it fits many services, and the quality is no term to recall.
        if is_quality_claim(node, kv) {
            return self.why(node, WHY_CLAIM, false);
        }
        if let Some(consumed) = self.explicit(node, ctx) {
            return self.children_from(node, head, consumed, ctx);
        }
        if self.service_item(node, (kv, head), ctx) {
            return;
        }
        // A statement with details under it, in a service's section: "which service?", with
        // the details on the back.
        // `中期的視点: 文字列検索` beside `短期的視点` and `長期的視点`: a step of a scale, which
        // the list card asks with the others; alone, the key fixes no value.
        if self.scale
            && kv.is_some()
            && node.children.is_empty()
            && list_card.is_some_and(|lines| lines.contains(&node.line))
        {
            return;
        }
        let statement = kv.is_none()
            && !node.children.is_empty()
            && !node.is_image_only()
            && is_sentence(head)
            && !self.names_entry(head)
            // `…主なものは以下の通り。` asks for the items it announces, not for the service.
            && !super::outline::leads_in(head);
        let refused = match svc {
            Some(svc) if statement => match self.service_card(node, svc) {
                Ok(()) => return self.children(node, head, ctx),
                Err(why) => Some(why),
            },
            _ => None,
        };
        // A fact naming several services of one kind (`CLBとALBを含んだ総称`) is no prompt
        // either: the details under it do not answer it.
        // Nor one naming only features several services share (`EFSへのアクセスはファイル単位`
        // over `EBSはブロック単位` is no question the details answer).
        let kind = if let Some(why) =
            refused.filter(|w| [service::WHY_SIBLING, service::WHY_SHARED].contains(w))
        {
            self.why(node, why, true);
            None
        } else {
            self.primary_kind(node, kv, head, ctx)
        };
        let mut made = kind.is_some();
        let mut why = WHY_LONE_FACT;
        // An item a list card shows with its section (which names the service) would answer
        // its own "which service?" card.
        let listed = list_card.is_some_and(|lines| lines.contains(&node.line));
        if listed {
            // Shown only when no list card covers it: an item of a list of claims.
            why = WHY_CLAIM;
        }
        // A step of a numbered list is part of a procedure, not a fact about a service.
        let step = node.list.is_some_and(|l| l.1);
        if !made
            && !listed
            && !step
            && node.children.is_empty()
            && !node.is_image_only()
            && let Some(svc) = svc
        {
            if wider_than(&node.text, CLOZE_MAX_WIDTH) {
                // A paragraph of several facts asks for the service once per sentence: whole,
                // it is a page to recognise, and one sentence naming a sibling refused it all.
                for (sentence, problem) in problems(sentences(&node.text), self.solved_next) {
                    if problem {
                        why = service::WHY_PROBLEM;
                        continue;
                    }
                    match self.service_fact(sentence, &[], svc, node.line, Covers::Node(node)) {
                        Ok(()) => made = true,
                        Err(w) => why = w,
                    }
                }
            } else if self.solved_next {
                why = service::WHY_PROBLEM;
            } else {
                match self.service_card(node, svc) {
                    Ok(()) => made = true,
                    Err(w) => why = w,
                }
            }
        }
        // A question's prompt (a `qa` card) is no fact to hide a number in.
        if kind != Some(Kind::Qa) {
            made |= self.clozes(node, ctx);
        }
        if !made && node.children.is_empty() && !node.is_image_only() {
            made = self.name_cloze(node, svc, ctx)
                || self.bold_cloze(node, ctx)
                || self.code_cloze(node, ctx);
        }
        if !made {
            // A line a card covers anyway (a list card's item) never shows its reason.
            let why = if node.is_image_only() {
                WHY_LONE_IMAGE
            } else {
                why
            };
            self.why(node, why, false);
        }
        self.children(node, head, ctx);
    }

    fn children<'o>(&mut self, node: &'o Node, head: &'o str, ctx: &mut Vec<&'o str>) {
        self.children_from(node, head, 0, ctx);
    }

    /// The cards of the node's children after the first `skip` (an explicit card's answer).
    fn children_from<'o>(
        &mut self,
        node: &'o Node,
        head: &'o str,
        skip: usize,
        ctx: &mut Vec<&'o str>,
    ) {
        if node.children.len() <= skip {
            return;
        }
        ctx.push(head);
        let mut nested = Vec::with_capacity(node.children.len());
        self.expand(&node.children[skip..], &mut nested);
        for (k, child) in nested.iter().enumerate() {
            self.solved_next = nested
                .get(k + 1)
                .is_some_and(|n| service::solves_the_one_before(&n.text));
            self.nested(child, ctx);
        }
        self.solved_next = false;
        ctx.pop();
    }

    fn nested<'o>(&mut self, node: &'o Node, ctx: &mut Vec<&'o str>) {
        match node.kind {
            NodeKind::Code | NodeKind::Html | NodeKind::Comment => return,
            NodeKind::Table => return self.table(node, ctx),
            NodeKind::Item | NodeKind::Paragraph => {}
        }
        if node.skip {
            return self.why(node, WHY_SKIP, true);
        }
        if is_todo(&node.text) {
            return self.why(node, WHY_TODO, true);
        }
        // `以上、VPC編でした。次回は…書く予定です。`: every sentence the author speaking.
        if is_all_remarks(node) {
            return self.why(node, WHY_IMPRESSION, false);
        }
        if node.children.is_empty() && is_reference(&node.text) {
            return self.why(node, WHY_REFERENCE, false);
        }
        let kv = split_key_value(&node.text);
        let head = head_of(node, kv);
        if is_use_case_label(node, kv, head) {
            return self.why(node, service::WHY_USE_CASE, true);
        }
        if is_quality_claim(node, kv) {
            return self.why(node, WHY_CLAIM, false);
        }
        if self.service_item(node, (kv, head), ctx) {
            return;
        }
        match self.explicit(node, ctx) {
            Some(consumed) => return self.children_from(node, head, consumed, ctx),
            None => {
                let made = self.primary(node, kv, head, ctx);
                let clozed = self.clozes(node, ctx);
                if !made && !clozed && node.children.is_empty() && !node.is_image_only() {
                    // Said, not left for the report to call a defect.
                    self.why(node, WHY_LONE_DETAIL, false);
                }
            }
        }
        self.children(node, head, ctx);
    }

    /// Cards the user wrote: `Q: … A: …`, `{{c1::…}}`, and with inline cards on, `::` and
    /// `==…==`. Returns `None` when the node is no explicit card; else how many of its children
    /// were its answer (nothing else is made of them or of its text).
    fn explicit(&mut self, node: &Node, ctx: &[&str]) -> Option<usize> {
        let text = &node.text;
        let mut made: Vec<Explicit> = Vec::new();
        let mut consumed = 0;
        if let Some((front, back)) = explicit::question_answer(text) {
            made.push(Explicit::Basic { front, back });
        } else if let Some(q) = explicit::strip_marker(text, 'Q')
            && let Some(a) = node
                .children
                .first()
                .and_then(|c| explicit::strip_marker(&c.text, 'A'))
        {
            let mut back = a.to_string();
            append_children(&mut back, &node.children[0].children);
            made.push(Explicit::Basic {
                front: q.to_string(),
                back,
            });
            consumed = 1;
        }
        if made.is_empty() && text.contains("{{c") {
            made = explicit::clozes(text);
        }
        if made.is_empty() && self.inline_cards {
            made = explicit::double_colon(text);
            if made.is_empty() {
                made = explicit::highlights(text);
            }
        }
        if made.is_empty() {
            return None;
        }
        for e in made {
            let d = match e {
                Explicit::Basic { front, back } => Draft::new(Kind::Basic, front, back, node.line),
                Explicit::Cloze { front, hidden } => Draft {
                    cloze: Some(hidden.clone()),
                    explicit: true,
                    ..Draft::new(Kind::Cloze, front, hidden, node.line)
                },
            };
            self.push(d.context(ctx), Covers::Subtree(node));
        }
        Some(consumed)
    }

    /// **key–value**, **term** and **qa** cards. Nested items only make key–value and term cards:
    /// a long nested item is already on the back of the card above it. Answers longer than
    /// [`ANSWER_MAX_CHARS`] are split, one card per part.
    fn primary(&mut self, node: &Node, kv: Option<(&str, &str)>, head: &str, ctx: &[&str]) -> bool {
        self.primary_kind(node, kv, head, ctx).is_some()
    }

    /// [`Self::primary`], saying which kind of card was made (`Basic` for none of its own).
    fn primary_kind(
        &mut self,
        node: &Node,
        kv: Option<(&str, &str)>,
        head: &str,
        ctx: &[&str],
    ) -> Option<Kind> {
        if node.is_image_only() {
            if node.children.is_empty() {
                return None;
            }
        } else if let Some((key, value)) = kv
            && !value.is_empty()
        {
            let mut parts = vec![value.to_string()];
            if !node.children.is_empty() {
                let rest = split_answer(&node.children);
                if value.chars().count() + rest.iter().map(|r| r.chars().count()).sum::<usize>()
                    <= ANSWER_MAX_CHARS
                {
                    parts[0].push_str("\n\n");
                    parts[0].push_str(&rest.concat());
                } else {
                    parts.extend(rest);
                }
            }
            self.push_parts(Kind::KeyValue, key, parts, node, ctx);
            return Some(Kind::KeyValue);
        }
        if node.children.is_empty() {
            return None;
        }
        if all_children_are_cards(node) {
            // Its answer would be its children's cards again; its text is their context.
            self.cover(node.line, node.end_line);
            return Some(Kind::Basic);
        }
        let kind = if service::is_versus(&head.to_ascii_lowercase()) && !node.children.is_empty() {
            // `インターネットVPN vs 専用線` over each side's items: a comparison is no term to
            // define; each side's item asks for itself.
            self.why(node, WHY_COMPARISON, false);
            return None;
        } else if !is_sentence(head) || self.names_entry(head) {
            Kind::Term
        } else if ctx.is_empty()
            && (!is_statement(head) || node.text.trim_end().ends_with([':', '：']))
        {
            Kind::Qa
        } else {
            if ctx.is_empty() {
                // Its items stay unasked unless they make cards of their own.
                self.why(node, WHY_STATEMENT, true);
            }
            return None;
        };
        // `考慮すべき問題` over `鍵はどこに保管されるのか？`, …: questions answer nothing.
        if node
            .children
            .iter()
            .all(|c| c.children.is_empty() && c.text.trim_end().ends_with(['?', '？']))
        {
            self.why(node, WHY_QUESTIONS, true);
            return None;
        }
        let parts = split_answer(&node.children);
        self.push_parts(kind, head, parts, node, ctx);
        Some(kind)
    }

    /// Whether `text` is the name of a service or topic (`Amazon MSK`): a term, however long.
    fn names_entry(&self, text: &str) -> bool {
        matches!(self.catalog.heading(text), Heading::Names(_))
    }

    /// One card per part of a long answer: `front (1/3)`, `front (2/3)`, …
    fn push_parts(
        &mut self,
        kind: Kind,
        front: &str,
        parts: Vec<String>,
        node: &Node,
        ctx: &[&str],
    ) {
        // A long answer that is a list (`State types` over six items) is asked in parts, the
        // items each part holds in its front (`State types (5–6 of 6)`), as a long list card
        // is: leaving items out would teach part of the set as the whole of it.
        // Not a list of pasted paragraphs, nor a paragraph cut into sentences: their
        // conditions ask instead (below).
        let items_in = |p: &str| p.lines().filter(|l| l.starts_with("- ")).count();
        let total: usize = parts.iter().map(|p| items_in(p)).sum();
        if parts.len() > 1
            && matches!(kind, Kind::Term | Kind::Qa)
            && total == node.children.len()
            && parts
                .iter()
                .all(|p| p.starts_with("- ") && p.lines().all(|l| !wider_than(l, CLOZE_MAX_WIDTH)))
        {
            // As many parts, with as many items each as can be.
            let per = total.div_ceil(parts.len());
            for (k, chunk) in node.children.chunks(per).enumerate() {
                let (first, last) = (k * per + 1, k * per + chunk.len());
                let part = render(chunk);
                let f = if last == first {
                    format!("{front} ({first} of {total})")
                } else {
                    format!("{front} ({first}–{last} of {total})")
                };
                self.push(
                    Draft::new(kind, f, part, node.line).context(ctx),
                    Covers::Subtree(node),
                );
            }
            return;
        }
        // Past the first part, the answer is not on the card: only the lines it shows are
        // covered, and the rest make cards of their own or are reported.
        let whole = parts.len() == 1;
        let mut parts = parts.into_iter();
        if let Some(first) = parts.next() {
            let shown: Vec<&Node> = if whole {
                Vec::new()
            } else {
                // A long item cut into sentences is shown when its first one is.
                node.children
                    .iter()
                    .filter(|c| {
                        sentences(&c.text)
                            .first()
                            .is_some_and(|s| first.contains(s))
                    })
                    .collect()
            };
            let before = self.cards.len();
            self.push(
                Draft::new(kind, front.to_string(), first, node.line).context(ctx),
                if whole {
                    Covers::Subtree(node)
                } else {
                    Covers::Node(node)
                },
            );
            if self.cards.len() > before {
                for c in &node.children {
                    if shown.iter().any(|s| std::ptr::eq(*s, c)) {
                        self.cover_subtree(c);
                    } else {
                        // Unless it makes a card of its own.
                        self.why(c, WHY_PAST_ANSWER, true);
                    }
                }
            }
        }
        // The rest of a long answer, shown as `front (2/5)`, would ask for nothing anyone could
        // tell apart: only its conditional sentences, which carry their own cue, ask.
        let mut c = ctx.to_vec();
        c.push(front);
        for part in parts {
            for line in part.lines() {
                let text = line.trim().trim_start_matches("- ").trim();
                // The item the line is from: what the card covers.
                let from = node
                    .children
                    .iter()
                    .find(|c| !text.is_empty() && c.text.contains(text))
                    .unwrap_or(node);
                for sentence in sentences(text) {
                    if let Some((cond, result)) = condition_split(sentence) {
                        let d =
                            Draft::new(Kind::Qa, format!("{cond}…"), result.to_string(), node.line);
                        self.push(d.context(&c), Covers::Node(from));
                    }
                }
            }
        }
    }

    /// **service identification**: a fact directly under a service's heading → the service.
    /// Every spelling of the service is hidden in the fact, or the card would answer itself;
    /// facts that do not point to that one service make none (the reason is returned).
    fn service_card(&mut self, node: &Node, svc: &Service) -> Result<(), &'static str> {
        self.service_fact(
            &node.text,
            &node.children,
            svc,
            node.line,
            Covers::Subtree(node),
        )
    }

    /// A "which service?" card asking `text` (details on the back), if the fact points to the
    /// service; else why not.
    fn service_fact(
        &mut self,
        text: &str,
        details: &[Node],
        svc: &Service,
        line: u32,
        covers: Covers<'_>,
    ) -> Result<(), &'static str> {
        let front = service::mask_folded(text, &svc.folded);
        if let Some(why) = service::unfit(text, &front) {
            return Err(why);
        }
        // `CodeDeployDefault.AllAtOnce`: the name inside an identifier is not masked (it is no
        // word of its own), and shows the answer.
        if service::names_inside_a_word(&front, &svc.folded) {
            return Err(service::WHY_INSIDE);
        }
        // `VM Importしたインスタンスを…エクスポート`: the name used as a verb; masked, the fact
        // reads as nonsense.
        if front.contains(service::BLANK)
            && ["した", "する", "して", "され"]
                .iter()
                .any(|v| front.contains(&format!("{}{v}", service::BLANK)))
        {
            return Err(service::WHY_VERB);
        }
        if is_label(text) {
            return Err(WHY_LABEL);
        }
        // Under a heading of use cases, advice or selling points, facts hold for many services.
        let heading_kinds: [HeadingKind; 3] = [
            (service::is_use_case_heading, service::WHY_USE_CASE),
            (service::is_advice_heading, service::WHY_ADVICE),
            (service::is_benefit_heading, service::WHY_BENEFIT),
        ];
        if let Some(h) = self.path.last()
            && let Some((_, why)) = heading_kinds.iter().find(|(is, _)| is(h))
        {
            return Err(why);
        }
        // `バッチジョブスケジューラの役割り`: a heading that defines a thing in general, naming
        // no service; its facts hold for any such thing.
        if self
            .path
            .iter()
            .any(|h| service::is_concept_heading(h) && self.catalog.names_in(h).is_empty())
        {
            return Err(service::WHY_CONCEPT);
        }
        // The services the fact names, looked up once for both tests.
        let names = self.catalog.names_in(text);
        if service::names_a_sibling(self.catalog, &names, svc) {
            return Err(service::WHY_SIBLING);
        }
        if service::about_another(text, &names, svc) {
            return Err(service::WHY_ANOTHER);
        }
        // Other services' names (`Dynamo DB, AWS Lambda などから…`) tell of those services.
        let mut own = String::with_capacity(text.len());
        let mut from = 0;
        for (r, e) in &names {
            if *e != svc.index && r.start >= from {
                own.push_str(&text[from..r.start]);
                own.push(' ');
                from = r.end;
            }
        }
        own.push_str(&text[from..]);
        let own = service::mask_folded(&own, &svc.folded);
        if let Some(why) = self.words.unfit_words(&own) {
            return Err(why);
        }
        let answers = svc.answers.clone();
        let back = svc.answer.clone();
        // The items under the fact are part of the clue, masked too: `EFSへのアクセスはファイル
        // 単位` with `EBSはブロック単位` under it is the contrast that points to one service, and
        // on the back they answered nothing the question asked. Too long to read as a clue,
        // they are left out.
        let mut front = front;
        let details = render(details);
        let mut covers = covers;
        if !details.is_empty() && details.chars().count() <= SERVICE_DETAILS_MAX_CHARS {
            front.push_str("\n\n");
            front.push_str(&service::mask_folded(&details, &svc.folded));
        } else if let Covers::Subtree(n) = covers {
            // Left out, the details are on no card of this one: they make their own, or are
            // reported.
            covers = Covers::Node(n);
        }
        let d = Draft {
            answers,
            // The headings between the service's and the fact, which the hidden section
            // would have shown (`ファイルゲートウェイ`), its name masked.
            context: svc.below.clone(),
            ..Draft::new(Kind::Service, front, back, line)
        };
        self.push(d, covers);
        Ok(())
    }

    /// A service or topic the notes name as a list item rather than a heading (`- AWS KMS`
    /// with facts under it).
    fn item_service(&self, head: &str) -> Option<Service> {
        // In a list, one bare word (`VPN`, `Batch`, `Config`) is as likely the plain noun:
        // only a prefixed name (`AWS Batch`), a name of several words or a catalog
        // abbreviation (`IAM`) names a service there.
        let bare = crate::catalog::outside_brackets(head);
        let bare = bare.trim();
        let abbreviation = self
            .catalog
            .find(bare)
            .is_some_and(|i| self.catalog.entry(i).abbr.iter().any(|a| a == bare));
        if !bare.contains(' ') && !abbreviation {
            return None;
        }
        self.bare_service(head)
    }

    /// `Name … description`: the item starts with a service's name, then a separator (`…`,
    /// `–`, `-`, `→`, `->`, `=`, `:`), then what it says of it.
    fn named_description<'t>(&self, text: &'t str) -> Option<(&'t str, &'t str)> {
        let t = text.trim();
        // A name comes first: a Latin letter within the first few characters.
        if !t
            .chars()
            .take(12)
            .any(|c| c.is_ascii_alphabetic() || ('Ａ'..='ｚ').contains(&c))
        {
            return None;
        }
        // Every separator holds one of these: most text holds none, and is searched no further.
        if !t.contains(['…', '–', '—', '→', '-', '=', '：', ':']) {
            return None;
        }
        for sep in [
            " … ", "…", " – ", " — ", " → ", "→", " -> ", " - ", " = ", "：", ": ",
        ] {
            if let Some((name, rest)) = t.split_once(sep) {
                let name = unbold(name.trim());
                let rest = rest.trim();
                if sep.contains(['–', '—', '-']) && continues_name(rest) {
                    continue;
                }
                if !rest.is_empty()
                    && !wider_than(name, KEY_MAX_WIDTH)
                    && matches!(self.catalog.heading(name), Heading::Names(_))
                {
                    return Some((name, rest));
                }
            }
        }
        None
    }

    /// The service `name` names, however it is written (`Aurora`, `DynamoDB`, `AWS KMS`).
    fn bare_service(&self, name: &str) -> Option<Service> {
        match self.catalog.heading(name) {
            Heading::Names(i) => Some(Service::new(
                self.catalog,
                i,
                self.catalog.spellings(i, name),
                None,
            )),
            _ => None,
        }
    }

    /// An item that names a service, with facts under it: each fact (each sentence of a long
    /// one) asks "which service?"; the item itself is a term only when its answer is short
    /// enough to recall. `key: value` whose key names a service asks for it from the value.
    /// Returns whether the node was one.
    fn service_item<'o>(
        &mut self,
        node: &'o Node,
        (kv, head): Head<'o>,
        ctx: &mut Vec<&'o str>,
    ) -> bool {
        // `Aurora … MySQL/PostgreSQL互換`, `**Application Load Balancer** – layer 7`,
        // `DynamoDB → NoSQL`: a service's name, a separator, what it is.
        let named = kv
            .filter(|(_, v)| !v.is_empty())
            .or_else(|| self.named_description(&node.text));
        if let Some((key, value)) = named
            && !compares(value)
            // With a separator after it, one bare word names the service too.
            && let Some(svc) = self.bare_service(key)
        {
            let covers = Covers::Subtree(node);
            if self
                .service_fact(value, &node.children, &svc, node.line, covers)
                .is_err()
            {
                if kv.is_some() {
                    return false;
                }
                // `**Amazon Neptune** – graph database`: too short to ask for the service, a
                // name and what it is all the same.
                let mut back = value.to_string();
                append_children(&mut back, &node.children);
                let d = Draft::new(Kind::KeyValue, key.to_string(), back, node.line).context(ctx);
                self.push(d, Covers::Subtree(node));
            }
            self.clozes(node, ctx);
            return true;
        }
        // `AWS Global Accelerator:` with facts under it names its service like a bare name.
        if kv.is_some_and(|(_, v)| !v.is_empty()) || node.children.is_empty() {
            return false;
        }
        let Some(svc) = self.item_service(head) else {
            return false;
        };
        let back = render(&node.children);
        if size_of(&back) <= ANSWER_MAX_CHARS {
            let d = Draft::new(Kind::Term, head.to_string(), back, node.line).context(ctx);
            self.push(d, Covers::Subtree(node));
        } else {
            self.cover(node.line, node.end_line);
        }
        ctx.push(head);
        for (k, child) in node.children.iter().enumerate() {
            let solved_next = node
                .children
                .get(k + 1)
                .is_some_and(|n| service::solves_the_one_before(&n.text));
            let leaf = child.children.is_empty()
                && matches!(child.kind, NodeKind::Item | NodeKind::Paragraph)
                && !child.skip
                && !child.is_image_only();
            if !leaf {
                if child.is_image_only() && child.children.is_empty() {
                    // A screenshot among the facts: no fact to ask which service it is.
                    self.why(child, WHY_LONE_IMAGE, false);
                }
                self.nested(child, ctx);
                continue;
            }
            let text: &str = &child.text;
            let parts = if wider_than(text, CLOZE_MAX_WIDTH) {
                sentences(text)
            } else {
                vec![text]
            };
            let mut made = false;
            let mut why = WHY_LONE_FACT;
            for (part, problem) in problems(parts, solved_next) {
                if problem {
                    why = service::WHY_PROBLEM;
                    continue;
                }
                let covers = Covers::Node(child);
                match self.service_fact(part, &[], &svc, child.line, covers) {
                    Ok(()) => made = true,
                    Err(w) => why = w,
                }
            }
            made |= self.clozes(child, ctx);
            if !made && !self.primary(child, split_key_value(text), head_of(child, None), ctx) {
                // The fact asks nothing: the report says why it asked no "which service?".
                self.why(child, why, false);
            }
        }
        ctx.pop();
        true
    }

    /// **cloze**: every value (number with unit, percentage, count) of the node's text, hidden;
    /// for a long text, of the sentence that holds it. A count of the items under the node
    /// (`以下の3つ`) is no fact to hide. Returns whether any card was made.
    fn clozes(&mut self, node: &Node, ctx: &[&str]) -> bool {
        if node.kind == NodeKind::Code || node.is_image_only() {
            return false;
        }
        let text: &str = &node.text;
        let long = wider_than(text, CLOZE_MAX_WIDTH);
        let sentences: Vec<&str> = if long { sentences(text) } else { vec![text] };
        let mut made = false;
        for (k, sentence) in sentences.iter().copied().enumerate() {
            // A short text is its one sentence, already measured.
            if (long && wider_than(sentence, CLOZE_MAX_WIDTH))
                || sentence
                    .trim_end_matches([':', '：'])
                    .ends_with(['？', '?'])
            {
                continue;
            }
            // `それより大きいファイルは…`: a sentence that points back is asked with the one
            // before it, which it needs.
            let trimmed = sentence.trim();
            let front = match k.checked_sub(1).map(|p| sentences[p].trim()) {
                Some(before) if service::points_back(trimmed) => format!("{before} {trimmed}"),
                _ => trimmed.to_string(),
            };
            let shift = (front.len() - trimmed.len()) as isize
                - (sentence.len() - sentence.trim_start().len()) as isize;
            for r in cloze::values(sentence) {
                let at = r.start;
                let value = sentence[r].to_string();
                let at_front = (at as isize + shift) as usize;
                if counts_items(&value, sentence, node.children.len())
                    || shows_answer(&front, &value, at_front)
                    || cloze::is_price(&value)
                    || cloze::is_rough(sentence, at, at + value.len())
                    || cloze::is_negated(sentence, at)
                    || cloze::is_year(&value)
                    || cloze::is_past(sentence, at)
                {
                    continue;
                }
                let d = Draft {
                    cloze: Some(value.clone()),
                    ..Draft::new(Kind::Cloze, front.clone(), value, node.line)
                };
                self.push(d.context(ctx), Covers::Node(node));
                made = true;
            }
        }
        made
    }

    /// **code cloze**: a sentence that names one API, setting or file in code (`call
    /// \`ChangeMessageVisibility\``, `names must end in \`.fifo\``), with the name hidden: in
    /// developers' notes the code span is the fact to recall. Returns whether one was made.
    fn code_cloze(&mut self, node: &Node, ctx: &[&str]) -> bool {
        let text: &str = &node.text;
        if node.kind == NodeKind::Code || is_label(text) || text.trim_end().ends_with(['?', '？'])
        {
            return false;
        }
        let mut made = false;
        for sentence in sentences(text) {
            let sentence = sentence.trim();
            if wider_than(sentence, 2 * CLOZE_MAX_WIDTH) || sentence.ends_with(['?', '？']) {
                continue;
            }
            let spans: Vec<&str> = sentence.split('`').skip(1).step_by(2).collect();
            // One span, closed, part of the sentence (not all of it).
            let [inner] = spans[..] else { continue };
            let inner = inner.trim();
            let at = sentence.find(&format!("`{inner}`")).map(|p| p + 1);
            let outside = sentence.replace(&format!("`{inner}`"), "");
            if sentence.matches('`').count() != 2
                || inner.chars().count() < 2
                || wider_than(inner, 40)
                || service::content_width(outside.trim()) < 12
                || at.is_none_or(|a| shows_answer(sentence, inner, a))
            {
                continue;
            }
            let d = Draft {
                cloze: Some(inner.to_string()),
                ..Draft::new(
                    Kind::Cloze,
                    sentence.to_string(),
                    inner.to_string(),
                    node.line,
                )
            };
            self.push(d.context(ctx), Covers::Node(node));
            made = true;
        }
        made
    }

    /// **bold cloze**: a fact that made no other card, with what the author set in bold
    /// inside it (`A subnet is **public** when…`) hidden: the key term, marked by hand. A bold
    /// label at the start (`**Note:** …`) is no such mark. Returns whether one was made.
    fn bold_cloze(&mut self, node: &Node, ctx: &[&str]) -> bool {
        let text: &str = &node.text;
        if wider_than(text, CLOZE_MAX_WIDTH)
            || is_label(text)
            || text.trim_end().ends_with(['?', '？'])
        {
            return false;
        }
        let mut made = false;
        let mut rest = text;
        let mut offset = 0;
        while let Some(open) = rest.find("**") {
            let Some(len) = rest[open + 2..].find("**") else {
                break;
            };
            let inner = rest[open + 2..open + 2 + len].trim();
            let at = offset + open;
            // Text before it: a bold opening is a label or the item's own term.
            let inside = !text[..at].trim().is_empty();
            let pos = text[at + 2..].find(inner).map_or(at, |p| at + 2 + p);
            if inside
                && !inner.is_empty()
                && !wider_than(inner, 40)
                && !shows_answer(text, inner, pos)
            {
                let d = Draft {
                    cloze: Some(inner.to_string()),
                    ..Draft::new(
                        Kind::Cloze,
                        text.trim().to_string(),
                        inner.to_string(),
                        node.line,
                    )
                };
                self.push(d.context(ctx), Covers::Node(node));
                made = true;
            }
            offset += open + 2 + len + 2;
            rest = &text[offset..];
        }
        made
    }

    /// **name cloze**: a fact that made no other card, with a service it names hidden (not
    /// the section's own service, which the card shows with its section). Returns whether one
    /// was made.
    fn name_cloze(&mut self, node: &Node, svc: Option<&Service>, ctx: &[&str]) -> bool {
        let text: &str = &node.text;
        let heading = self.path.last().map(|h| crate::catalog::strip_numbering(h));
        if heading.is_some_and(is_frame) {
            return false;
        }
        if wider_than(text, CLOZE_MAX_WIDTH)
            || is_label(text)
            || text.trim_end().ends_with(['?', '？'])
        {
            return false;
        }
        let own = svc.map(|s| s.index);
        // The card shows its section: a service its headings name (`# DNS and Route 53`) is
        // no blank.
        let named = self.catalog.names_in(text);
        if named.is_empty() {
            return false;
        }
        let shown: Vec<usize> = self
            .path
            .iter()
            .flat_map(|h| self.catalog.names_in(h))
            .map(|(_, e)| e)
            .collect();
        let rest_of =
            |r: &std::ops::Range<usize>| format!("{}{}", &text[..r.start], &text[r.end..]);
        // A name the notes mention under three or more services (`S3`, `EC2`) is the guess a
        // student makes without knowing the fact; a name whose clue words the rest shows
        // (`Lambda@Edge は [AWS Lambda] の拡張`) is read off the card.
        // One name of a list of them (`ECS,SpotFleet,EMR`), or of names joined by a
        // conjunction (`Amazon S3 および Amazon Glacier`, `SQS or SNS`): any of them fits.
        let listed = |r: &std::ops::Range<usize>| {
            let sep = |c: char| matches!(c, ',' | '、' | '，' | '・' | '/' | '／');
            text[..r.start].trim_end().ends_with(sep)
                || text[r.end..].trim_start().starts_with(sep)
                || named.iter().any(|(o, _)| {
                    let gap = if o.start >= r.end {
                        &text[r.end..o.start]
                    } else if o.end <= r.start {
                        &text[o.end..r.start]
                    } else {
                        return false;
                    };
                    is_conjunction(gap)
                })
        };
        // The first words of a longer name (`Aurora` in `Aurora Global Database`): the blank
        // would cover part of it.
        let longer = |r: &std::ops::Range<usize>| {
            let after = &text[r.end..];
            after.starts_with(' ')
                && after[1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_uppercase())
        };
        let fits = |r: &std::ops::Range<usize>, e: usize| {
            let name = &text[r.clone()];
            !listed(r)
                && !longer(r)
                && Some(e) != own
                && !shown.contains(&e)
                && !shows_answer(text, name, r.start)
                && !self.words.is_everywhere(name)
                && !self.words.shows_name(&rest_of(r), name)
        };
        // The name the author set in bold (`pick **Amazon Data Firehose**` beside a plain `S3`)
        // is the decision the line teaches: it is hidden first.
        let bold: Vec<std::ops::Range<usize>> = {
            let marks: Vec<usize> = text.match_indices("**").map(|(i, _)| i).collect();
            marks.chunks_exact(2).map(|p| p[0] + 2..p[1]).collect()
        };
        let in_bold =
            |r: &std::ops::Range<usize>| bold.iter().any(|b| b.start <= r.start && r.end <= b.end);
        let Some((r, _)) = named
            .iter()
            .find(|(r, e)| in_bold(r) && fits(r, *e))
            .or_else(|| named.iter().find(|(r, e)| fits(r, *e)))
        else {
            return false;
        };
        let hidden = text[r.clone()].to_string();
        let rest = rest_of(r);
        if service::content_width(&rest) < service::MIN_FACT_WIDTH {
            return false;
        }
        let d = Draft {
            cloze: Some(hidden.clone()),
            ..Draft::new(Kind::Cloze, text.trim().to_string(), hidden, node.line)
        };
        self.push(d.context(ctx), Covers::Node(node));
        true
    }

    /// **table**: one card per row. Front: the row's first cell (its column header is the
    /// context); back: the other cells, each labelled with its column header.
    fn table(&mut self, node: &Node, ctx: &[&str]) {
        let Some((header, rows)) = node.rows.split_first() else {
            return;
        };
        let mut any = false;
        // `| | LSI | GSI |`: a first header that names nothing (blank, `項目`, `Item`) heads a
        // comparison of the columns, which is what each row is about.
        let corner = header.cells.first().map(|h| h.trim()).unwrap_or_default();
        let compared = (corner.is_empty() || is_generic_word(corner) || is_corner(corner))
            .then(|| {
                let columns: Vec<&str> = header.cells[1..]
                    .iter()
                    .map(|h| h.trim())
                    .filter(|h| !h.is_empty())
                    .collect();
                (columns.len() >= 2).then(|| columns.join(" vs "))
            })
            .flatten();
        for row in rows {
            let first = row.cells.first().map(|c| c.trim()).unwrap_or_default();
            let mut back = String::new();
            for (i, cell) in row.cells.iter().enumerate().skip(1) {
                if cell.trim().is_empty() {
                    continue;
                }
                back.push_str("- ");
                if let Some(h) = header
                    .cells
                    .get(i)
                    .map(|h| h.trim())
                    .filter(|h| !h.is_empty())
                {
                    back.push_str("**");
                    back.push_str(h);
                    back.push_str("**: ");
                }
                back.push_str(cell.trim());
                back.push('\n');
            }
            if first.is_empty() || back.is_empty() {
                self.reasons.push((row.line, row.line, WHY_TABLE_ROW));
                continue;
            }
            let mut c: Vec<&str> = ctx.to_vec();
            match &compared {
                Some(columns) => c.push(columns),
                None if !corner.is_empty() => c.push(corner),
                None => {}
            }
            let d = Draft::new(Kind::KeyValue, first.to_string(), back, row.line).context(&c);
            self.push(d, Covers::Lines(row.line, row.line));
            any = true;
        }
        if any {
            // The header and its `|---|` line are in every row's card.
            self.cover(header.line, header.line + 1);
        }
    }

    fn push(&mut self, mut d: Draft, covers: Covers<'_>) {
        // A fact AWS has changed since (`S3は結果整合性`) would teach something false: the
        // card is not made, or, for a term or list, the item that states it is left out.
        let service = self.service_of(&d);
        // The context counts: `128 MB 単位で指定` under `メモリは最大 3,008 MB` shows that above it.
        let context = d.context.as_deref().unwrap_or_default();
        let asked: &[&str] = match d.kind {
            Kind::Term | Kind::Section => &[context, &d.front],
            _ => &[context, &d.front, &d.back],
        };
        let mut stripped = false;
        let change = super::outdated::outdated_in(asked, service.as_deref()).or_else(|| {
            // A line of the back states an outdated fact only if the whole back does (folding
            // keeps no line breaks): most backs are read once, not line by line.
            if !matches!(d.kind, Kind::Term | Kind::Section)
                || super::outdated::outdated(&d.back, service.as_deref()).is_none()
            {
                return None;
            }
            let (kept, first) = without_outdated(&d.back, service.as_deref());
            stripped = first.is_some();
            match first {
                Some(c)
                    if kept
                        .lines()
                        .all(|l| l.trim().trim_start_matches('-').is_empty()) =>
                {
                    Some(c)
                }
                Some(_) => {
                    d.back = kept;
                    None
                }
                None => None,
            }
        });
        if let Some(change) = change {
            match covers {
                Covers::Node(n) => self.why(n, &change.reason, false),
                Covers::Subtree(n) => self.why(n, &change.reason, true),
                _ => self.reasons.push((d.line, d.line, &change.reason)),
            }
            return;
        }
        // `上記以外の場合`, `see above`: the card does not show the lines pointed at.
        if !d.explicit && points_elsewhere(&mut d) {
            return self.refuse(&d, &covers, WHY_POINTER);
        }
        // `ugh I got it wrong twice`, `…らしいが…と思う`: the author speaking, not a fact.
        if !d.explicit && without_remarks(&mut d) {
            return self.refuse(&d, &covers, WHY_IMPRESSION);
        }
        // `監査と通知` → `ex. CloudTrail のログを分析して通知する`: one example of many.
        if d.kind == Kind::Term && answers_by_example(&d.back) {
            return self.refuse(&d, &covers, WHY_EXAMPLE);
        }
        // `クロスリージョンレプリケーション` → `異なるリージョン間の…レプリケーション`: the answer
        // says again what the term says.
        if restated_fact(d.kind, &d.front, &d.back).is_some_and(|fact| restates(&d.front, fact)) {
            self.restated += 1;
            match covers {
                Covers::Subtree(n) => self.why(n, WHY_RESTATES, true),
                Covers::Section(s, nodes) => {
                    self.reasons.push((s.line, s.line, WHY_RESTATES));
                    for n in nodes {
                        self.why(n, WHY_RESTATES, true);
                    }
                }
                Covers::Node(n) => self.why(n, WHY_RESTATES, false),
                _ => self.reasons.push((d.line, d.line, WHY_RESTATES)),
            }
            return;
        }
        match covers {
            Covers::Node(n) => self.cover(n.line, n.end_line),
            Covers::Subtree(n) => self.cover_subtree(n),
            Covers::Pair(a, b) => {
                self.cover_subtree(a);
                self.cover_subtree(b);
            }
            Covers::Lines(a, b) => self.cover(a, b),
            Covers::Nodes(nodes) => {
                for n in nodes {
                    self.cover_subtree(n);
                }
            }
            Covers::Section(s, nodes) => {
                self.cover(s.line, s.line);
                for n in nodes {
                    self.cover(n.line, n.end_line);
                }
            }
        }
        if stripped && let Covers::Subtree(n) = covers {
            self.uncover_outdated(n, service.as_deref());
        }
        let mut tags = Vec::new();
        if d.kind != Kind::Cloze && answer_is_only_images(&d.back) {
            tags.push(IMAGE_ANSWER_TAG.to_string());
        }
        self.cards.push(Card {
            id: String::new(),
            kind: d.kind,
            section: Arc::clone(&self.path),
            context: d.context,
            front: d.front,
            back: d.back,
            cloze: d.cloze,
            answers: d.answers,
            line: Some(d.line),
            tags,
        });
    }

    /// The lines of a card not made, with why.
    fn refuse(&mut self, d: &Draft, covers: &Covers<'_>, why: &'static str) {
        match covers {
            Covers::Node(n) => self.why(n, why, false),
            Covers::Subtree(n) => self.why(n, why, true),
            _ => self.reasons.push((d.line, d.line, why)),
        }
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

    /// The catalog name of the service a draft's facts are about: for a "which service?"
    /// card its answer, else the section's service (or none).
    fn service_of(&self, d: &Draft) -> Option<String> {
        if d.kind != Kind::Service {
            return self.service.clone();
        }
        match self
            .catalog
            .heading(d.back.lines().next().unwrap_or_default())
        {
            Heading::Names(i) => Some(self.catalog.entry(i).name.clone()),
            _ => None,
        }
    }

    fn uncover_subtree(&mut self, n: &Node) {
        for l in n.line..=n.end_line {
            if let Some(v) = self.covered.get_mut(l as usize) {
                *v = false;
            }
        }
        for c in &n.children {
            self.uncover_subtree(c);
        }
    }

    /// The items under `node` that a card's back left out as outdated are in no card: they
    /// get their reason instead.
    fn uncover_outdated(&mut self, node: &Node, service: Option<&str>) {
        for c in &node.children {
            if let Some(change) = super::outdated::outdated(&c.text, service) {
                self.uncover_subtree(c);
                self.why(c, &change.reason, true);
            } else {
                self.uncover_outdated(c, service);
            }
        }
    }

    fn why(&mut self, node: &Node, why: &'static str, deep: bool) {
        // A fact AWS has changed since (or of a retired service) says so, whatever else kept
        // it from a card: that is what the notes need fixing for.
        let service = self.service.as_deref();
        let why = match self
            .changed
            .then(|| super::outdated::outdated(&node.text, service))
            .flatten()
        {
            Some(change) if !matches!(node.kind, NodeKind::Code | NodeKind::Html) => {
                change.reason.as_str()
            }
            _ => why,
        };
        self.reasons.push((node.line, node.end_line, why));
        if deep {
            for c in &node.children {
                self.why(c, why, true);
            }
        }
    }
}

/// Share of a one-fact answer's character pairs taken from the term it answers at which the
/// answer restates the term (`ワークフロースターター` → `ワークフローをキックするプログラム`).
const RESTATES_SHARE: f64 = 0.25;

/// **circular term**: a term answered by one fact that mostly says the term's own words again
/// (`クロスアカウントアクセス` → `異なるAWSアカウントのアプリケーションからのアクセスが可能`,
/// `Compute Environments (コンピュート環境)` → `jobが実行されるコンピューティング環境`): a student
/// recalls nothing the front did not show. Pairs of letters, digits, kana and kanji, folded.
/// A key whose one-line value says the key again (`ポートバインディング: ポートバインディングを
/// 通してサービスを公開`) is the same card.
fn restates(front: &str, fact: &str) -> bool {
    // `SSE-S3 vs SSE-KMS vs SSE-C: SSE-S3 = …, SSE-KMS = …`: a comparison's answer names its
    // sides, and says what each is.
    if service::is_versus(&front.to_ascii_lowercase()) {
        return false;
    }
    // Folded as `text::fold` does, character by character: every term is checked.
    let folded = |t: &str| -> Vec<char> {
        let mut c: Vec<char> = Vec::with_capacity(t.len() / 2);
        for ch in t.chars() {
            if crate::text::is_nfkc_plain(ch) {
                if crate::text::is_alphanumeric(ch) {
                    c.push(ch.to_ascii_lowercase());
                }
            } else {
                crate::text::nfkc_char(ch, |n| {
                    c.extend(crate::text::lower(n).filter(|l| crate::text::is_alphanumeric(*l)));
                });
            }
        }
        c
    };
    let pairs = |c: &[char]| -> Vec<(char, char)> {
        let mut p: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    // A fact of several sentences says more than its term, whatever words it shares
    // (`リスナー` defined at length under `Application Load Balancer のリスナー`).
    if sentences(fact).len() > 1 {
        return false;
    }
    let of_fact_chars = folded(fact);
    let (of_front, of_fact) = (pairs(&folded(front)), pairs(&of_fact_chars));
    if of_fact.is_empty() {
        return false;
    }
    // `Internet-Facing` said again as `インターネット`: those pairs are the front's too.
    let mut covered = vec![false; of_fact_chars.len()];
    let loanwords = super::loanword::mark_loanwords(front, &of_fact_chars, &mut covered);
    let mut said_again: Vec<(char, char)> = Vec::new();
    if loanwords {
        said_again = of_fact_chars
            .windows(2)
            .zip(covered.windows(2))
            .filter(|(_, k)| k[0] && k[1])
            .map(|(w, _)| (w[0], w[1]))
            .collect();
        said_again.sort_unstable();
    }
    let shared = of_fact
        .iter()
        .filter(|p| of_front.binary_search(p).is_ok() || said_again.binary_search(p).is_ok())
        .count();
    shared as f64 >= RESTATES_SHARE * of_fact.len() as f64
}

/// **pointer to other lines**: a card that says `上記以外の場合`, `前述のとおり`, `see above`, or
/// ends on `the following requests` with nothing after it, does not show what it points at.
/// The front, or a cloze's or "which service?" card's fact, makes no card; a term's first fact
/// (nothing above it on the card) or last one (nothing after it), or a key's value, is left
/// out, and the card goes when nothing is left. Returns whether it goes.
fn points_elsewhere(d: &mut Draft) -> bool {
    match d.kind {
        Kind::Basic | Kind::Section => false,
        Kind::Cloze | Kind::Service => {
            let mut lines = d.front.lines().filter(|l| !l.trim().is_empty());
            let first = lines.next().unwrap_or_default();
            points_back(first) || (lines.next().is_none() && points_ahead(first))
        }
        Kind::KeyValue => {
            if points_back(&d.front) {
                return true;
            }
            let (value, rest) = d.back.split_once("\n\n").unwrap_or((&d.back, ""));
            let rest = rest.trim_start();
            if !(points_back(value) || rest.is_empty() && points_ahead(value)) {
                return false;
            }
            if rest.is_empty() {
                return true;
            }
            d.back = rest.to_string();
            false
        }
        Kind::Term | Kind::Qa => {
            if points_back(&d.front) {
                return true;
            }
            let lines: Vec<&str> = d.back.lines().collect();
            fn item(l: &str) -> &str {
                let l = l.trim_start();
                l.strip_prefix("- ").unwrap_or(l)
            }
            let indent = |l: &str| l.len() - l.trim_start().len();
            // The first item, with the lines under it; the last line, when it points ahead.
            let mut keep: Vec<bool> = vec![true; lines.len()];
            if let Some(&first) = lines.first()
                && points_back(item(first))
            {
                keep[0] = false;
                let under = lines[1..]
                    .iter()
                    .take_while(|l| l.trim().is_empty() || indent(l) > indent(first))
                    .count();
                keep[1..=under].fill(false);
            }
            if let Some(last) = lines.iter().rposition(|l| !l.trim().is_empty())
                && points_ahead(item(lines[last]))
            {
                keep[last] = false;
            }
            if keep.iter().all(|k| *k) {
                return false;
            }
            let kept: Vec<&str> = lines
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(l, _)| *l)
                .collect();
            if kept
                .iter()
                .all(|l| l.trim().trim_start_matches('-').trim().is_empty())
            {
                return true;
            }
            // The lines under a dropped first item were deeper: the new first sets the level.
            let cut = kept.iter().map(|l| indent(l)).min().unwrap_or(0);
            d.back = kept
                .iter()
                .map(|l| format!("{}\n", &l[cut.min(indent(l))..]))
                .collect();
            false
        }
    }
}

/// Text folded for the pointer tests: NFKC when needed (`上記` may be written with a
/// compatibility ideograph), ASCII lower-cased.
fn folded_for_pointers(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    use std::cell::RefCell;
    /// The last texts folded, each with its folding when that is not the text itself: one
    /// text is often tested by several checks in a row (a card's front for pointers back and
    /// ahead, then for remarks). Compared whole, so a hit is always the same text.
    #[derive(Default)]
    struct Recent {
        entries: [(String, Option<String>); 4],
        next: usize,
    }
    thread_local! {
        static RECENT: RefCell<Recent> = RefCell::default();
    }
    RECENT.with_borrow_mut(|r| {
        if let Some((_, folded)) = r.entries.iter().find(|(t, _)| t == text) {
            return match folded {
                None => Cow::Borrowed(text),
                Some(f) => Cow::Owned(f.clone()),
            };
        }
        let folded = fold_for_pointers(text);
        let k = r.next;
        r.next = (k + 1) % r.entries.len();
        let (t, f) = &mut r.entries[k];
        t.clear();
        t.push_str(text);
        match (&folded, f) {
            (Cow::Borrowed(_), f) => *f = None,
            (Cow::Owned(s), Some(buf)) => {
                buf.clear();
                buf.push_str(s);
            }
            (Cow::Owned(s), f) => *f = Some(s.clone()),
        }
        folded
    })
}

/// [`folded_for_pointers`], worked out.
fn fold_for_pointers(text: &str) -> std::borrow::Cow<'_, str> {
    use crate::text::{nfkc_char, nfkc_pieces, plain_len};
    use std::borrow::Cow;
    // Most text is plain (ASCII, kana, common kanji): at most its capitals change.
    let first = plain_len(text, |_| true);
    if first == text.len() {
        return if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
    }
    let mut out = String::with_capacity(text.len() + 8);
    // A combining mark (`ひ` + U+3099) composes with the character before it: the whole
    // text is normalized. Else each character is, on its own. Runs of plain characters are
    // copied whole either way.
    let combining = |c: char| matches!(c, '\u{300}'..='\u{36f}' | '\u{3099}' | '\u{309a}');
    if text[first..].chars().any(combining) {
        nfkc_pieces(text, &mut out, |o, run| o.push_str(run), String::push);
    } else {
        let mut at = 0;
        loop {
            let run = plain_len(&text[at..], |_| true);
            out.push_str(&text[at..at + run]);
            at += run;
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            nfkc_char(c, |n| out.push(n));
            at += c.len_utf8();
        }
    }
    out.make_ascii_lowercase();
    Cow::Owned(out)
}

/// Points back at lines before it: `上記`, `前述`, `same as above`; `前者は…` at its start.
fn points_back(text: &str) -> bool {
    const JA: &[&str] = &[
        "上記",
        "上述",
        "前述",
        "先述",
        "前記",
        "前掲",
        "前出",
        "同上",
        "上図",
        "上の図",
        "上の表",
        "前項",
    ];
    const EN: &[&str] = &[
        "the above",
        "above-mentioned",
        "mentioned above",
        "see above",
        "as above",
        "shown above",
        "listed above",
        "described above",
        "explained above",
        "noted above",
        "aforementioned",
        "as mentioned earlier",
        "as mentioned before",
        "the former",
        "the latter",
    ];
    // Looked for in one pass: every card is checked.
    static PHRASES: Phrases = Phrases::new(&[JA, EN]);
    let t = folded_for_pointers(text);
    let t = t.trim_start();
    PHRASES.is_in(t) || t.starts_with("前者") || t.starts_with("後者")
}

/// Points ahead at lines after it: `下記`, `後述`, `以下の` (not `100MB以下の`), `次のとおり`,
/// `the following`, `as follows`, `see below`.
fn points_ahead(text: &str) -> bool {
    const JA: &[&str] = &[
        "下記",
        "後述",
        "次のとおり",
        "次の通り",
        "次のように",
        "下図",
        "下の図",
        "下の表",
    ];
    const EN: &[&str] = &[
        "the following",
        "as follows",
        "see below",
        "shown below",
        "listed below",
        "described below",
        "explained below",
    ];
    const BELOW: &str = "以下の";
    // Looked for in one pass: every card is checked.
    static PHRASES: Phrases = Phrases::new(&[JA, EN, &[BELOW]]);
    let t = folded_for_pointers(text);
    let t: &str = &t;
    PHRASES.find_iter(t).any(|(at, p)| {
        // After a number or unit, `以下` is `or less` (`128 KB 以下の`).
        p != BELOW
            || t[..at]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() || is_hiragana(c))
    })
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309f}').contains(&c)
}

/// **example answer**: every item of a term's answer is an example (`ex. …`, `例: …`,
/// `例えば…`, `e.g. …`, `For example, …`): the term has many, and the card shows none of what
/// makes one.
fn answers_by_example(back: &str) -> bool {
    const MARKS: &[&str] = &[
        "ex.",
        "ex:",
        "ex)",
        "e.g.",
        "eg.",
        "例:",
        "例)",
        "例えば",
        "たとえば",
        "for example",
        "for instance",
    ];
    let mut items = back
        .lines()
        .filter(|l| l.starts_with("- "))
        .map(|l| folded_for_pointers(&l[2..]).into_owned())
        .peekable();
    items.peek().is_some() && items.all(|i| MARKS.iter().any(|m| i.starts_with(m)))
}

/// **remark**: the author speaking rather than a fact — unsure (`…らしいが…と思う`, `I think`,
/// `not sure if …`), of their own study (`模試で間違えた`, `ugh I got it wrong twice`, `正直間に
/// 合う気がしない`), or signing off (`以上、VPC編でした。次回は…`). A card's front, a cloze's or
/// "which service?" card's sentence, that is one makes no card; one sentence of an answer is
/// left out, and the card goes when nothing is left. Returns whether it goes.
fn without_remarks(d: &mut Draft) -> bool {
    match d.kind {
        Kind::Basic | Kind::Section => false,
        Kind::Cloze | Kind::Service => d.front.lines().next().is_some_and(is_remark),
        Kind::KeyValue | Kind::Term | Kind::Qa => {
            if is_remark(&d.front) {
                return true;
            }
            if !d.back.lines().any(is_remark) {
                return false;
            }
            let mut back = String::with_capacity(d.back.len());
            for line in d.back.lines() {
                if !is_remark(line) {
                    back.push_str(line);
                    back.push('\n');
                    continue;
                }
                let body = line.trim_start().trim_start_matches("- ");
                let lead = &line[..line.len() - body.len()];
                let mut kept = String::new();
                for s in sentences(body).into_iter().filter(|s| !is_remark(s)) {
                    if !kept.is_empty() && !kept.ends_with(['。', '！', '？']) {
                        kept.push(' ');
                    }
                    kept.push_str(s);
                }
                if !kept.is_empty() {
                    back.push_str(lead);
                    back.push_str(&kept);
                    back.push('\n');
                }
            }
            if back
                .lines()
                .all(|l| l.trim().trim_start_matches('-').trim().is_empty())
            {
                return true;
            }
            // A key's value is one line: no newline is added to it.
            if d.kind == Kind::KeyValue && !d.back.ends_with('\n') {
                back.pop();
            }
            d.back = back;
            false
        }
    }
}

/// A line of nothing but the author speaking (see [`without_remarks`]).
fn is_all_remarks(node: &Node) -> bool {
    node.children.is_empty()
        && is_remark(&node.text)
        && sentences(&node.text).iter().all(|s| is_remark(s))
}

/// `高い信頼性: 複数のサーバーにメッセージを保持`: a claim under a quality ([`service::is_quality`]).
fn is_quality_claim(node: &Node, kv: Option<(&str, &str)>) -> bool {
    node.children.is_empty()
        && kv.is_some_and(|(k, v)| !v.is_empty() && service::is_quality(unbold(k)))
}

/// Whether `text` has a remark of the author's in it (see [`without_remarks`]).
fn is_remark(text: &str) -> bool {
    const JA: &[&str] = &[
        "と思",
        "気がす",
        "気がし",
        "かもしれ",
        "らしいが",
        "らしいけど",
        "らしいので",
        "間違えた",
        "自信な",
        "覚えなきゃ",
        "覚えておきたい",
        "正直",
        "次回は",
        "次回、",
        "予定です",
        "まとめたい",
        "書きたい",
        "頑張",
        "がんばろう",
        "わからない",
        "分からない",
        "正答率",
    ];
    const EN: &[&str] = &[
        "i think",
        "i guess",
        "i'm not sure",
        "not sure if",
        "not sure whether",
        "i got",
        "i missed",
        "i keep forgetting",
        "i always forget",
        "ugh",
        "my score",
        "practice test",
        "lol",
        "no idea",
        "note to self",
        "i need to",
        "i should",
    ];
    // Looked for in one pass: every node of the notes is checked.
    static PHRASES: Phrases = Phrases::new(&[JA, EN]);
    let t = folded_for_pointers(text);
    let mut t = t.trim_start();
    // Every bullet mark off, as `trim_start_matches("- ")` would (which builds a searcher
    // per call: every node is checked).
    while let Some(rest) = t.strip_prefix("- ") {
        t = rest;
    }
    // `…で出るらしい`: hearsay, at the end of what it hedges.
    if t.starts_with("以上、")
        || t.starts_with("以上。")
        || t == "以上"
        || t.trim_end_matches(['。', '!', '！']).ends_with("らしい")
    {
        return true;
    }
    // An English phrase counts as whole words: `lol` is not in `lollipop`.
    let bytes = t.as_bytes();
    let latin = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    PHRASES.find_iter(t).any(|(at, p)| {
        !p.is_ascii()
            || !latin(at.checked_sub(1).and_then(|i| bytes.get(i)))
                && !latin(bytes.get(at + p.len()))
    })
}

/// A table's first header that says only "the row's label": `項目`, `Item`, `Feature`,
/// `比較`, `観点`.
fn is_corner(h: &str) -> bool {
    lower_is_one_of(
        h,
        &[
            "項目",
            "比較",
            "観点",
            "比較項目",
            "item",
            "items",
            "feature",
            "features",
            "aspect",
            "property",
        ],
    )
}

/// What follows a counter-example's mark (`NG: …`, `× …`, `Bad: …`, `Don't: …`).
pub fn counter_example(text: &str) -> Option<&str> {
    marked(
        text,
        &["NG", "×", "✗", "✕", "Bad", "Don't", "Dont", "Wrong"],
    )
}

/// What follows a right example's mark (`OK: …`, `○ …`, `Good: …`, `Do: …`).
fn right_example(text: &str) -> Option<&str> {
    marked(text, &["OK", "○", "◯", "✓", "✔", "Good", "Do", "Right"])
}

/// The text after one of `marks` and a colon (or, for a symbol, a space), case ignored.
fn marked<'t>(text: &'t str, marks: &[&str]) -> Option<&'t str> {
    let t = text.trim_start();
    marks.iter().find_map(|m| {
        let head = t.get(..m.len())?;
        if !head.eq_ignore_ascii_case(m) {
            return None;
        }
        let rest = &t[m.len()..];
        let symbol = !m.chars().all(|c| c.is_ascii_alphabetic() || c == '\'');
        let after = rest
            .strip_prefix([':', '：'])
            .or_else(|| symbol.then(|| rest.strip_prefix(' ')).flatten())?;
        let after = after.trim();
        (!after.is_empty()).then_some(after)
    })
}

/// A page property's name, as note apps export them (`Tags`, `Status`, `Last edited`).
fn is_page_property(key: &str) -> bool {
    lower_is_one_of(
        unbold(key.trim()),
        &[
            "tags",
            "tag",
            "status",
            "created",
            "created time",
            "last edited",
            "last edited time",
            "updated",
            "last updated",
            "date",
            "owner",
            "author",
            "type",
            "category",
            "aliases",
            "priority",
            "url",
            "source",
            "タグ",
            "ステータス",
            "作成日",
            "更新日",
            "作成者",
        ],
    )
}

/// Words that join two names as equals (`A および B`, `A or B`, `AにもBにも`): a blank over
/// either is answered as well by the other. Folded (notes write `および` decomposed, too).
fn is_conjunction(gap: &str) -> bool {
    const JOINS: &[&str] = &[
        "および",
        "及び",
        "と",
        "や",
        "または",
        "又は",
        "もしくは",
        "か",
        "ならびに",
        "並びに",
        "にも",
        "&",
        "+",
        "and",
        "or",
        "and/or",
        "nor",
        "as well as",
        "vs",
        "vs.",
        "versus",
        "対",
    ];
    gap.len() <= 16 && JOINS.contains(&crate::text::fold(gap).as_str())
}

/// The one fact a term or key–value card answers with, when it has one: a term's single item,
/// a key's value with nothing under it.
fn restated_fact<'b>(kind: Kind, front: &str, back: &'b str) -> Option<&'b str> {
    match kind {
        Kind::Term => {
            let mut items = back.lines().filter(|l| !l.trim().is_empty());
            let (Some(item), None) = (items.next(), items.next()) else {
                return None;
            };
            item.strip_prefix("- ")
        }
        // Letter pairs of a short English key and value meet by chance (`Heavy reads` →
        // `read replicas`): a value restates its key only when it says it word for word.
        Kind::KeyValue => (!back.contains('\n')
            && crate::text::fold(back).contains(&crate::text::fold(front)))
        .then_some(back),
        _ => None,
    }
}

/// **use-case label**: an item `ユースケース`, `用途`, `**Use cases:**` over its items, as a
/// heading of that name is: each use case is served by many services, and the label is no term a
/// student could recall.
fn is_use_case_label(node: &Node, kv: Option<(&str, &str)>, head: &str) -> bool {
    // The longest such label (`**Use cases:**`, `ユースケース：`) is 21 bytes: most heads are
    // not one, with no allocation.
    !node.children.is_empty()
        && head.len() <= 24
        && kv.is_none_or(|(_, v)| v.is_empty())
        && service::is_use_case_heading(unbold(head).trim_end_matches([':', '：']))
}

/// A node's `key: value` split (if any) and its head: what it is about.
type Head<'t> = (Option<(&'t str, &'t str)>, &'t str);

/// The notes lines a card is made from.
enum Covers<'a> {
    Node(&'a Node<'a>),
    Subtree(&'a Node<'a>),
    Pair(&'a Node<'a>, &'a Node<'a>),
    Nodes(&'a [&'a Node<'a>]),
    Lines(u32, u32),
    Section(&'a Section<'a>, &'a [&'a Node<'a>]),
}

fn context(ctx: &[&str]) -> Option<String> {
    (!ctx.is_empty()).then(|| ctx.join(" › "))
}

fn append_children(back: &mut String, children: &[Node]) {
    if !children.is_empty() {
        back.push_str("\n\n");
        back.push_str(&render(children));
    }
}

/// What an item is about: the key of `key: value`, the term without its trailing colon and
/// bold marks (`**Use cases:**` → `Use cases`), or the whole text.
fn head_of<'t>(node: &'t Node, kv: Option<(&'t str, &'t str)>) -> &'t str {
    let head = match kv {
        Some((key, _)) => key,
        None => unbold(node.text.trim_end_matches([':', '：', ' '])),
    };
    // `：` alone is still something the user wrote; never an empty head.
    if head.trim().is_empty() {
        node.text.trim()
    } else {
        head
    }
}

/// `**x**`, `__x__`, `**x:**` → `x`.
fn unbold(s: &str) -> &str {
    for m in ["**", "__"] {
        if let Some(inner) = s.strip_prefix(m).and_then(|r| r.strip_suffix(m))
            && !inner.contains(m)
        {
            return inner.trim_end_matches([':', '：']).trim();
        }
        if let Some(inner) = s.strip_prefix(m).and_then(|r| {
            r.strip_suffix(&format!("{m}:"))
                .or_else(|| r.strip_suffix(&format!("{m}：")))
        }) && !inner.contains(m)
        {
            return inner.trim();
        }
    }
    s
}

/// `特徴は以下`, `以下の通り`, `as follows:`, `the following:` head nothing of their own.
fn is_transparent(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches([':', '：', '。', '.', ' '])
        .to_lowercase();
    [
        "以下",
        "以下の通り",
        "以下のとおり",
        "次の通り",
        "次のとおり",
        "as follows",
        "the following",
        "following",
    ]
    .iter()
    .any(|e| t.ends_with(e))
        && !wider_than(&t, 40)
}

/// A sentence of a condition and what follows from it (`コンテナインスタンスを DRAINING に設定
/// すると、…`, `…の場合には、…`, `If …, …`): the condition asks, the consequence answers. The
/// condition is returned with its comma.
fn condition_split(sentence: &str) -> Option<(&str, &str)> {
    const JA: &[&str] = &[
        "場合には、",
        "場合は、",
        "場合、",
        "すると、",
        "ると、",
        "たら、",
        "れば、",
        "際は、",
        "ときは、",
    ];
    let lower = sentence.to_ascii_lowercase();
    // `…場合、または、…場合には、…`: a condition joined to another goes on to the next one.
    let joined = |at: usize| {
        let rest = sentence[at..].trim_start();
        ["または", "あるいは", "もしくは", "及び", "および"]
            .iter()
            .any(|c| rest.starts_with(c))
    };
    let at = if ["if ", "when ", "once "]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        sentence.find(", ").map(|i| i + 1)
    } else {
        JA.iter()
            .flat_map(|m| sentence.match_indices(m).map(|(i, _)| i + m.len()))
            .filter(|&at| !joined(at))
            .min()
    }?;
    let (cond, result) = (sentence[..at].trim(), sentence[at..].trim());
    (width(cond) >= CONDITION_MIN_WIDTH && width(result) >= CONDITION_MIN_WIDTH)
        .then_some((cond, result))
}

/// Narrowest condition, and consequence, a conditional card is made of.
const CONDITION_MIN_WIDTH: usize = 12;

/// Nothing but links (`[AWS docs](https://…)`, a bare URL), tags (`#aws #s3`) or a footnote's
/// text (`[^1]: …`): where to read more, not a fact.
fn is_reference(text: &str) -> bool {
    let t = text.trim();
    // Most text holds none of the marks: no allocation for it.
    if !(t.starts_with(['#', '[', 'h']) || t.contains("](")) {
        return false;
    }
    if t.starts_with("[^") && t.contains("]:") {
        return true;
    }
    // Images are answers of their own (a screenshot under a term).
    if t.contains("![") {
        return false;
    }
    let tags = t
        .split_whitespace()
        .all(|w| w.len() > 1 && w.starts_with('#') && !w.starts_with("##"));
    if tags {
        return true;
    }
    // What is left once every `[text](url)` and bare URL is taken out.
    let mut rest = String::with_capacity(t.len());
    let mut s = t;
    while let Some(open) = s.find('[') {
        let Some(mid) = s[open..].find("](") else {
            break;
        };
        let Some(close) = s[open + mid..].find(')') else {
            break;
        };
        rest.push_str(&s[..open]);
        s = &s[open + mid + close + 1..];
    }
    rest.push_str(s);
    let words: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| !w.starts_with("http://") && !w.starts_with("https://"))
        .collect();
    let linked = rest.len() < t.len() || t.starts_with("http");
    linked
        && words
            .iter()
            .all(|w| w.chars().all(|c| !c.is_alphanumeric()))
}

/// `TODO: …`, `FIXME`, `[ ] …` (a task), `要確認`: a note to self, not a fact.
fn is_todo(text: &str) -> bool {
    let t = text.trim_start().trim_start_matches(['*', '_']).as_bytes();
    ["todo", "fixme", "tbd", "[ ]", "[x]"]
        .iter()
        .any(|p| t.len() >= p.len() && t[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
        || t.starts_with("要確認".as_bytes())
}

/// A blank hides only the first place its text is at: written twice (`EC2に複数のEBSを接続…
/// 複数のEC2で共有…`), the card shows its own answer; first inside a longer word (`14日` before
/// `4日`), it hides the wrong place.
/// `at` is where the blank belongs: the quiz hides the first place the text is at, so that
/// must be it.
fn shows_answer(text: &str, hidden: &str, at: usize) -> bool {
    if text.find(hidden) != Some(at) {
        return true;
    }
    // Only where it stands as a word: `4日` inside `14日` shows nothing.
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || is_wide_digit(c));
    text.match_indices(hidden)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + hidden.len()..].chars().next();
            let glued_after = word(after) && hidden.ends_with(|c: char| c.is_ascii_alphanumeric());
            !(word(before) || glued_after)
        })
        .nth(1)
        .is_some()
}

fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// A prompt written as a statement (`拡張・縮小などは不要`, `Redshiftには制約が存在しない`,
/// `Shards scale reads.`) asks nothing: its items are details of a fact, not its answer. Questions,
/// conditions (`…の場合`) and topics (`…の方法`, `…が必要とされる背景`) end otherwise.
pub(crate) fn is_statement(head: &str) -> bool {
    let outside = crate::catalog::outside_brackets(head);
    let t = outside.trim();
    // `内訳は以下の通り。` announces the items that answer it.
    if t.ends_with(['?', '？', 'か']) || super::outline::leads_in(t) {
        return false;
    }
    if t.ends_with(['。', '.', '!', '！']) {
        return true;
    }
    const PREDICATES: &[&str] = &["可能", "不要", "不可", "必要", "可"];
    let last = t
        .chars()
        .rev()
        .find(|c| !matches!(c, '\u{3099}' | '\u{309a}'));
    last.is_some_and(|c| ('\u{3041}'..='\u{3096}').contains(&c))
        || PREDICATES.iter().any(|p| t.ends_with(p))
}

/// `SQS = キュー、SNS = Pub/Sub`: a value that sets one thing against another answers no single
/// "which service?".
fn compares(value: &str) -> bool {
    [" = ", " vs ", "→", " -> "]
        .iter()
        .any(|s| value.contains(s))
        || value.contains(" vs. ")
}

/// `正解`, `答え`, `Answer`: what an exam memo writes before the right answer.
fn is_answer_marker(key: &str) -> bool {
    if key.len() > 16 {
        return false;
    }
    lower_is_one_of(
        key.trim(),
        &["正解", "答え", "解答", "answer", "correct answer", "a"],
    )
}

/// The answer of an answer line: `正解: B` → `B`.
fn answer_value(text: &str) -> Option<&str> {
    strip_label(text, is_answer_marker).filter(|v| !v.is_empty())
}

/// The text after a label the test accepts and its colon: `問題：…` → `…`.
fn strip_label(text: &str, is_label: fn(&str) -> bool) -> Option<&str> {
    let t = text.trim_start();
    // The first colon of either width, found by two fast single-character searches.
    let c = [t.find(':'), t.find('：')].into_iter().flatten().min()?;
    let colon = t[c..].chars().next().map_or(1, char::len_utf8);
    is_label(&t[..c]).then(|| t[c + colon..].trim())
}

/// `解説`, `Explanation`: what an exam memo writes before why the answer is right.
fn is_explanation_marker(key: &str) -> bool {
    if key.len() > 16 {
        return false;
    }
    lower_is_one_of(key.trim(), &["解説", "説明", "理由", "explanation", "why"])
}

/// `問題`, `Question`, `Q`: what an exam memo writes before a question.
fn is_question_marker(key: &str) -> bool {
    if key.len() > 12 {
        return false;
    }
    lower_is_one_of(key.trim(), &["問題", "問", "設問", "question", "q"])
}

/// `所感`, `感想`, `Thoughts`: a label over the author's impressions.
pub(crate) fn is_impression(label: &str) -> bool {
    let t = label.trim().trim_end_matches([':', '：']);
    // The longest is 11 bytes: most text is not one, with no allocation.
    if t.len() > 12 {
        return false;
    }
    lower_is_one_of(
        t,
        &["所感", "感想", "thoughts", "impressions", "my thoughts"],
    )
}

/// Labels that say nothing about what they head.
const GENERIC: &[&str] = &[
    "memo",
    "メモ",
    "note",
    "notes",
    "summary",
    "まとめ",
    "所感",
    "感想",
    "tl;dr",
    "tldr",
    "todo",
    "misc",
    "details",
    "詳細",
    "補足",
    "example",
    "examples",
    "例",
    "overview",
    "概要",
    "what it is",
    "key points",
    "ポイント",
    "注意",
    "注意点",
    "tip",
    "tips",
    "warning",
    "important",
    "重要",
    "解説",
    "explanation",
    "exam trap",
    "その他",
    "others",
    "other",
    "links",
    "exam tip",
    "試験対策",
    "related",
    "see also",
    "参考",
    "関連",
    "remember",
    "takeaways",
    "key takeaways",
    "recap",
    "覚えること",
    "覚える",
];

/// A label that says nothing about its items (`memo`, `Summary`, `Why?`): they belong to
/// what holds it, with no term of their own.
pub(crate) fn is_generic_label(label: &str) -> bool {
    let t = label.trim().trim_end_matches([':', '：']);
    // `Why?`, `なぜ？` say nothing; `How do I host a static website?` is a prompt.
    (t.ends_with(['?', '？']) && !wider_than(t, SHORT_QUESTION_WIDTH)) || is_generic_word(t)
}

/// Widest question that is a bare label (`What is it?`).
const SHORT_QUESTION_WIDTH: usize = 12;

/// [`is_generic_label`] without the question rule: an item `Why is X?` is a question, not a
/// label.
pub(crate) fn is_generic_word(label: &str) -> bool {
    // `※注意`, `★ポイント`, `【注意】`: marks around a label do not change it.
    let t = label
        .trim()
        .trim_end_matches([':', '：'])
        .trim_start_matches(['※', '★', '☆', '●', '■', '◆', '◇', '▶', '▷', '！', '!'])
        .trim();
    let t = t
        .strip_prefix('【')
        .and_then(|r| r.strip_suffix('】'))
        .unwrap_or(t);
    // The longest generic label is 15 bytes: most text is not one, with no allocation.
    t.len() <= 16 && lower_is_one_of(t, GENERIC)
}

/// Whether `t` in lower case is one of `words` (all lower case): no string is made for ASCII
/// text.
fn lower_is_one_of(t: &str, words: &[&str]) -> bool {
    if t.is_ascii() {
        words.iter().any(|w| w.eq_ignore_ascii_case(t))
    } else {
        words.contains(&t.to_lowercase().as_str())
    }
}

/// The frame of an article rather than its subject: `はじめに`, `参考`, `References`.
fn is_frame(heading: &str) -> bool {
    const FRAME: &[&str] = &[
        "はじめに",
        "おわりに",
        "さいごに",
        "最後に",
        "参考",
        "参考文献",
        "参考リンク",
        "参考資料",
        "references",
        "reference",
        "introduction",
        "intro",
        "目次",
        "toc",
        "感想",
        "所感",
        "背景",
    ];
    heading.len() <= 24 && lower_is_one_of(heading.trim(), FRAME)
}

/// A head written as a sentence is a prompt, not a term: it ends like one, holds a clause
/// break, or (in Japanese) ends in kana after some length.
fn is_sentence(head: &str) -> bool {
    // A note in brackets (`用語(EBではどちらも可能)`) does not make its head a sentence.
    let outside = crate::catalog::outside_brackets(head);
    let t = outside.trim();
    if wider_than(t, TERM_MAX_WIDTH) {
        return true;
    }
    let is_hiragana = |c: char| ('\u{3041}'..='\u{3096}').contains(&c);
    let kana = t.chars().any(is_hiragana);
    // `、` between nouns (`バックアップ、アーカイブ、災害対策`) is a list, not a clause.
    if t.ends_with(['。', '.', '?', '？', '!', '！'])
        || t.contains('。')
        || (kana && t.contains('、'))
    {
        return true;
    }
    // Japanese: a particle joining a subject or object to the rest (`EFSへのアクセスはファイル単位`).
    let particle = t
        .char_indices()
        .skip(1)
        .any(|(i, c)| matches!(c, 'は' | 'が' | 'を') && i + c.len_utf8() < t.len());
    let last = t
        .chars()
        .rev()
        .find(|c| !matches!(c, '\u{3099}' | '\u{309a}'));
    let ends_in_kana = last.is_some_and(is_hiragana);
    let words = t.split_whitespace().count();
    (ends_in_kana && wider_than(t, 15))
        || (particle && wider_than(t, 19))
        || (!t.chars().any(is_wide) && words >= 7)
}

/// What a list item is called, for telling whether items are parallel: the key of a
/// key–value item, else the text before a colon.
fn listed_head(text: &str) -> &str {
    split_key_value(text).map_or(text, |(k, _)| k)
}

/// **parallel list**: items of one kind, which a student recalls as a set: half of them or
/// more end or begin alike (`Master Node`, `Core Node`; `ユーザポリシー`, `バケットポリシー`), or
/// every one is a name rather than a claim (`ChangeInCapacity`, `汎用SSD`, `新規登録 (New PUTs)`).
/// Claims of a product page (`インフラの管理が不要`, `オートスケール`, `Bring your own code`) are
/// no set with one answer: each is a fact of its own.
fn items_are_parallel(heads: &[&str]) -> bool {
    let bare: Vec<String> = heads
        .iter()
        .map(|h| crate::catalog::outside_brackets(h).trim().to_string())
        .collect();
    if bare.iter().all(|h| is_name_like(h)) {
        return true;
    }
    // An ending (or beginning) of two to four characters that half the items or more share.
    let folded: Vec<Vec<char>> = bare
        .iter()
        .map(|h| crate::text::fold(h).chars().collect())
        .collect();
    let alike = |key: &dyn Fn(&[char]) -> &[char]| {
        let keys: Vec<&[char]> = folded.iter().map(|h| key(h)).collect();
        keys.iter()
            .any(|k| k.len() >= 2 && keys.iter().filter(|o| *o == k).count() * 2 >= keys.len())
    };
    (2..=4).any(|n| {
        alike(&|h: &[char]| &h[h.len().saturating_sub(n)..])
            || alike(&|h: &[char]| &h[..n.min(h.len())])
    })
}

/// A name rather than a claim: no hiragana (the particles and endings of a Japanese
/// sentence), and in Latin letters at most three words, or words that all begin with a
/// capital or a digit (`Bring your own code` is a claim).
fn is_name_like(h: &str) -> bool {
    if h.is_empty() || h.chars().any(|c| ('\u{3041}'..='\u{3096}').contains(&c)) {
        return false;
    }
    let mut words = h.split_whitespace();
    words.clone().count() <= 3 || words.all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
}

fn all_children_are_cards(node: &Node) -> bool {
    node.children.len() >= 2
        && node.children.iter().all(|c| {
            c.kind == NodeKind::Item
                && !c.is_image_only()
                && match split_key_value(&c.text) {
                    Some((_, v)) => !v.is_empty(),
                    None => !c.children.is_empty() && !is_sentence(head_of(c, None)),
                }
        })
}

/// `3つ` when the node has three items under it, `2種類のエンジン(memcached, redis)`: a count of
/// what the card itself lists, not a fact to hide.
fn counts_items(value: &str, text: &str, items: usize) -> bool {
    let digits: String = value.chars().take_while(|c| c.is_ascii_digit()).collect();
    let Ok(n) = digits.parse::<usize>() else {
        return false;
    };
    if items > 0 && n == items {
        return true;
    }
    let counter = [
        "つ",
        "種類",
        "種",
        "パターン",
        "点",
        "types",
        "kinds",
        "ways",
    ]
    .iter()
    .any(|u| {
        value
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
            .starts_with(u)
    });
    let separators = text.matches(['、', ',', '，', '・', '/']).count();
    counter
        && n >= 2
        && (separators + 1 >= n || (n == 2 && (text.contains('と') || text.contains(" and "))))
}

/// The sentences of a text: split after `。`, `！`, `？`, and after `.`, `!`, `?` followed by a
/// space.
/// A YAML mapping's path (`phases`, empty for the top) and its keys with their lines.
type YamlMapping = (String, Vec<(String, u32)>);

/// The mappings of a fenced YAML block (` ```yaml `, as the outline keeps it) with three to
/// twelve keys each: (the path to it, `phases` or `` for the top; its keys with their
/// lines). Keys are read by indentation alone (`key:` at the start of a line), which is
/// what a list of them needs; list items and values are not keys. `None` for other blocks.
fn yaml_mappings(block: &str, first_line: u32) -> Option<Vec<YamlMapping>> {
    let mut lines = block.lines();
    let lang = lines.next()?.trim().trim_start_matches(['`', '~']).trim();
    if !lang.eq_ignore_ascii_case("yaml") && !lang.eq_ignore_ascii_case("yml") {
        return None;
    }
    let key_of = |t: &str| -> Option<String> {
        let c = t.find(':')?;
        let key = &t[..c];
        let valid = key.chars().next()?.is_ascii_alphabetic()
            && key
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.'));
        (valid && t[c + 1..].chars().next().is_none_or(char::is_whitespace))
            .then(|| key.to_string())
    };
    // (indent, path) of the mappings open above the current line.
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut maps: Vec<YamlMapping> = Vec::new();
    for (k, l) in lines.enumerate() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') || t.starts_with("```") || t.starts_with("~~~") {
            continue;
        }
        let indent = l.len() - t.len();
        while open.last().is_some_and(|(i, _)| *i >= indent) {
            open.pop();
        }
        if t.starts_with("- ") {
            continue;
        }
        let Some(key) = key_of(t) else { continue };
        let parent = open.last().map(|(_, p)| p.clone()).unwrap_or_default();
        let line = first_line + 1 + k as u32;
        match maps.iter_mut().find(|(p, _)| *p == parent) {
            Some((_, keys)) => keys.push((key.clone(), line)),
            None => maps.push((parent.clone(), vec![(key.clone(), line)])),
        }
        let path = if parent.is_empty() {
            key
        } else {
            format!("{parent}.{key}")
        };
        open.push((indent, path));
    }
    maps.retain(|(_, keys)| (3..=12).contains(&keys.len()));
    (!maps.is_empty()).then_some(maps)
}

/// A fenced code block (as the outline keeps it, fences included) that opens with a comment
/// and has code under every comment (`# 22番閉じたまま接続` over `aws ssm start-session …`):
/// each comment with its lines, fenced as the block was. `None` for any other block.
fn commented_code(block: &str) -> Option<Vec<(String, String)>> {
    let lines: Vec<&str> = block.lines().collect();
    let (open, rest) = lines.split_first()?;
    let (close, body) = rest.split_last()?;
    let fence = open.trim_start();
    if !(fence.starts_with("```") || fence.starts_with("~~~"))
        || !(close.trim().starts_with("```") || close.trim().starts_with("~~~"))
    {
        return None;
    }
    fn comment(l: &str) -> Option<&str> {
        let t = l.trim_start();
        ["# ", "// ", "-- "]
            .iter()
            .find_map(|m| t.strip_prefix(m))
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }
    let mut parts: Vec<(String, Vec<&str>)> = Vec::new();
    for l in body.iter().filter(|l| !l.trim().is_empty()) {
        match (comment(l), parts.last_mut()) {
            (Some(c), _) => parts.push((c.to_string(), Vec::new())),
            (None, Some((_, code))) => code.push(l),
            // Code before the first comment: not a block of commented commands.
            (None, None) => return None,
        }
    }
    if parts.is_empty() || parts.iter().any(|(_, code)| code.is_empty()) {
        return None;
    }
    Some(
        parts
            .into_iter()
            .map(|(c, code)| {
                (
                    c,
                    format!("{}\n{}\n{}", open.trim(), code.join("\n"), close.trim()),
                )
            })
            .collect(),
    )
}

/// Whether the items are three or more key–value lines whose keys differ in one part only
/// (`短期的視点`, `中期的視点`, `長期的視点`; `Tier 1`, `Tier 2`, `Tier 3`): steps of one scale,
/// each meaning nothing without the others. Keys sharing less than half of the shortest
/// (`オンデマンドモード`, `プロビジョンドモード`) are terms of their own.
fn keys_form_a_scale(blocks: &[&Node], heads: &[Head]) -> bool {
    let keys: Vec<Vec<char>> = blocks
        .iter()
        .zip(heads)
        .filter(|(n, _)| n.kind == NodeKind::Item)
        .map(|(_, (kv, _))| kv.map(|(k, _)| k.trim().chars().collect()))
        .collect::<Option<_>>()
        .unwrap_or_default();
    if keys.len() < 3 {
        return false;
    }
    let shortest = keys.iter().map(Vec::len).min().unwrap_or(0);
    let common = |from_end: bool| {
        (0..shortest)
            .take_while(|&i| {
                let at = |k: &Vec<char>| if from_end { k[k.len() - 1 - i] } else { k[i] };
                keys.iter().all(|k| at(k) == at(&keys[0]))
            })
            .count()
    };
    let shared = common(false).max(common(true));
    let distinct = keys.iter().collect::<std::collections::HashSet<_>>().len() == keys.len();
    distinct && shared >= 2 && shared * 2 >= shortest && shared < shortest
}

/// Each sentence, and whether it states a problem that the sentence after it solves
/// (`…IP リストが長くなり…あいまいになります。` before `…これを解決し`): such a sentence
/// points to no service. `next_solves` tells it of the block after the last one.
fn problems(parts: Vec<&str>, next_solves: bool) -> impl Iterator<Item = (&str, bool)> {
    let solved: Vec<bool> = (0..parts.len())
        .map(|k| {
            parts
                .get(k + 1)
                .map_or(next_solves, |n| service::solves_the_one_before(n))
        })
        .collect();
    parts.into_iter().zip(solved)
}

fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let end = i + c.len_utf8();
        let cut = matches!(c, '。' | '！' | '？')
            || (matches!(c, '.' | '!' | '?') && it.peek().is_some_and(|(_, n)| *n == ' '));
        if cut {
            if !text[start..end].trim().is_empty() {
                out.push(text[start..end].trim());
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// The answer under a term, in parts of at most [`ANSWER_MAX_CHARS`]: whole items where they
/// fit, a long single paragraph by sentences.
/// Characters an answer shows, images counted as a few: a list of screenshots is one answer
/// to look at.
fn size_of(s: &str) -> usize {
    // Most answers hold no image: counted as they are, with no copy made.
    if !s.contains("![") {
        return s.chars().count();
    }
    strip_images(s).chars().count() + s.matches("![").count() * 8
}

fn split_answer(children: &[Node]) -> Vec<String> {
    let size = size_of;
    let whole = render(children);
    if size(&whole) <= ANSWER_MAX_CHARS {
        return vec![whole];
    }
    let mut pieces: Vec<String> = Vec::new();
    for c in children {
        let one = render(std::slice::from_ref(c));
        if size(&one) > ANSWER_MAX_CHARS && c.children.is_empty() {
            let bullet = if c.kind == NodeKind::Item { "- " } else { "" };
            for s in sentences(&c.text) {
                pieces.push(format!("{bullet}{s}\n"));
            }
        } else {
            pieces.push(one);
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for p in pieces {
        match parts.last_mut() {
            Some(last) if size(last) + size(&p) <= ANSWER_MAX_CHARS => last.push_str(&p),
            _ => parts.push(p),
        }
    }
    parts
}

/// Split `key: value` / `key：value` (value may be empty: `DRAINING:`), or `key -> short value`.
/// Colons inside URLs, parentheses, brackets and code do not count, nor notes like `注意:`.
pub fn split_key_value(text: &str) -> Option<(&str, &str)> {
    // `**Key:** value`, `**Key**: value`: a bold label.
    if let Some(kv) = bold_key(text) {
        return kv;
    }
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
            let value = rest.trim_start_matches(['、', '，', ',', '：', ':']).trim();
            // `…とは(http://…)`: a link to where it is explained, not what it is; the items
            // under it are.
            let bare = value
                .strip_prefix(['(', '（'])
                .and_then(|v| v.strip_suffix([')', '）']))
                .unwrap_or(value);
            let value = if is_reference(bare) { "" } else { value };
            return Some((key, value));
        }
    }
    // `Key - value`, `Key = value`: a short key, then a separator with spaces around it. (Not
    // `–`: Japanese notes use it inside phrases, `CloudWatch Events – Schedule`.)
    for (sep, mark) in [(" = ", b'='), (" - ", b'-')] {
        // Most lines hold neither mark: a byte search rules the separator out.
        if !b.contains(&mark) {
            continue;
        }
        if let Some(i) = text.find(sep) {
            let (key, value) = (text[..i].trim(), text[i + sep.len()..].trim());
            if usable_key(key) && !wider_than(key, SEPARATED_KEY_MAX_WIDTH) && !value.is_empty() {
                return Some((key, value));
            }
        }
    }
    // A glossary's `Term — definition` (the em dash, which Japanese phrases do not use).
    if let Some(i) = text.find(" — ") {
        let (key, value) = (text[..i].trim(), text[i + " — ".len()..].trim());
        if usable_key(key) && !wider_than(key, SEPARATED_KEY_MAX_WIDTH) && !value.is_empty() {
            return Some((key, value));
        }
    }
    if !b.contains(&b'>') && !text.contains('→') {
        return None;
    }
    for arrow in [" -> ", " → "] {
        if let Some(i) = text.find(arrow) {
            let (key, value) = (text[..i].trim(), text[i + arrow.len()..].trim());
            // One arrow from a short key (`ユーザープール → IDトークン / アクセストークン`) maps
            // it to its value, however wide; several arrows are a flow (`A → B → C`).
            let one = !value.contains(['→']) && !value.contains("->");
            let wide_ok = one
                && !wider_than(key, 30)
                && !wider_than(value, ARROW_VALUE_MAX_WIDTH)
                && !is_statement(key);
            if usable_key(key) && !value.is_empty() && (!wider_than(value, 16) || wide_ok) {
                return Some((key, value));
            }
        }
    }
    None
}

/// Widest value one arrow from a short key maps to (`Flow Logs に記録されないもの → Amazon DNS
/// サーバーへの通信、インスタンスメタデータへの通信、…`): a sentence long, as a key's value is.
const ARROW_VALUE_MAX_WIDTH: usize = 120;

/// A card's back (Markdown list lines) without the lines that state an outdated fact (and
/// the lines indented under them), with the first such change.
fn without_outdated(
    back: &str,
    service: Option<&str>,
) -> (String, Option<&'static super::outdated::Change>) {
    let mut first = None;
    let mut out = String::with_capacity(back.len());
    let mut dropping: Option<usize> = None;
    for line in back.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(d) = dropping {
            if indent > d && !line.trim().is_empty() {
                continue;
            }
            dropping = None;
        }
        if let Some(c) = super::outdated::outdated(line, service) {
            first.get_or_insert(c);
            dropping = Some(indent);
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    (out, first)
}

/// Whether a section's body is one short fact (an item or a paragraph, nothing under it): the
/// definition of its heading.
fn defines(blocks: &[&Node]) -> bool {
    match blocks {
        [n] => {
            matches!(n.kind, NodeKind::Item | NodeKind::Paragraph)
                && n.children.is_empty()
                && !n.is_image_only()
                && !wider_than(&n.text, DEFINITION_MAX_WIDTH)
        }
        _ => false,
    }
}

/// Widest fact [`defines`] takes for a heading's definition; a longer one says more than what
/// the heading is.
const DEFINITION_MAX_WIDTH: usize = 120;

/// Whether the text after a dash goes on with the name before it: a Latin word glued to a
/// Japanese particle with no space (`CloudWatch Events – Scheduleを使用する`) is the object of the sentence,
/// so the dash joins two parts of one name (`CloudWatch Events – Schedule`) rather than a
/// name and what it is.
fn continues_name(rest: &str) -> bool {
    let word = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == ' ' || c == '-'))
        .unwrap_or(rest.len());
    // Glued: `Global Accelerator は` (spaced, translated style) is a subject, not a name's end.
    word > 0
        && !rest[..word].ends_with(' ')
        && rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest[word..].starts_with(['を', 'が', 'に', 'で', 'は', 'と', 'へ'])
}

/// Widest key before a ` - ` or ` = ` separator: wider, the dash is more likely part of a
/// sentence than a label.
const SEPARATED_KEY_MAX_WIDTH: usize = 30;

/// `**Key:** value` / `**Key**: value` (also `__…__`): `Some(Some(..))` for a label with a value,
/// `Some(None)` for a bold text that is no label, `None` when the text does not start bold.
fn bold_key(text: &str) -> Option<Option<(&str, &str)>> {
    let m = ["**", "__"].into_iter().find(|m| text.starts_with(m))?;
    let close = text[2..].find(m)? + 2;
    let inner = text[2..close].trim();
    let after = &text[close + 2..];
    let (key, value) = if let Some(k) = inner.strip_suffix([':', '：']) {
        (k.trim(), after.trim())
    } else if let Some(v) = after.strip_prefix([':', '：']) {
        (inner, v.trim())
    } else if let Some(v) = after
        .strip_prefix(' ')
        .and_then(|a| a.strip_prefix(['—', '–', '-']))
        .filter(|v| v.starts_with(' '))
    {
        // `**Versioning** — keeps every version`: a bold term and a dash define it.
        (inner, v.trim())
    } else {
        return None;
    };
    Some(usable_key(key).then_some((key, value)))
}

/// `key: value` split at the colon at byte `i` (`len` bytes long), unless it is a URL's.
fn at_colon(text: &str, i: usize, len: usize) -> Option<(&str, &str)> {
    if text[i..].starts_with("://") {
        return None;
    }
    // Dataview's `key:: value` is a key and its value too.
    let (key, value) = (
        text[..i].trim(),
        text[i + len..].trim_start_matches(':').trim(),
    );
    usable_key(key).then_some((key, value))
}

fn usable_key(key: &str) -> bool {
    const NOT_KEYS: [&str; 6] = ["注", "注意", "例", "Note", "NB", "ex"];
    // `正解: B`, `Links: [[MOC]]`, `ポイント: …`: a label, not a term to ask for.
    if is_generic_label(key) || is_answer_marker(key) || is_question_marker(key) {
        return false;
    }
    // `Shards are the unit of capacity: …` is a sentence, not a key.
    let sentence = !key.chars().any(is_wide) && key.split_whitespace().count() > 4;
    !key.is_empty()
        && !sentence
        && !wider_than(key, KEY_MAX_WIDTH)
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
        if n.label && is_generic_label(head_of(n, None)) {
            render_into(&n.children, depth, out);
            continue;
        }
        match n.kind {
            NodeKind::Item => {
                out.push_str(&pad);
                out.push_str("- ");
                out.push_str(&n.text);
                out.push('\n');
                render_into(&n.children, depth + 1, out);
            }
            NodeKind::Comment => {}
            NodeKind::Paragraph | NodeKind::Html | NodeKind::Code | NodeKind::Table => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folding_kept_from_before_is_the_texts_own() {
        // More texts than are kept, in turns: plain, with capitals, with a compatibility
        // ideograph, with a decomposed dakuten, and one the start of another.
        let texts = [
            "上記の通り",
            "See Above",
            "⽤途",
            "か\u{3099}",
            "上記",
            "",
            "See",
        ];
        for _ in 0..3 {
            for t in texts {
                assert_eq!(folded_for_pointers(t), fold_for_pointers(t), "{t:?}");
            }
        }
        assert_eq!(folded_for_pointers("See Above"), "see above");
        assert_eq!(folded_for_pointers("か\u{3099}"), "が");
    }

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
            Some(("ルーティング", ""))
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
}

//! The TOML deck format: a `[deck]` header and one `[[card]]` table per card.
//!
//! Writing is done by hand so the output is stable, compact and diff-friendly (fixed field order,
//! inline section arrays, multi-line strings for Markdown). Reading goes through `toml` with spans,
//! so every error points at `file:line:col`.

use std::fmt::{self, Write as _};

use serde::Deserialize;
use toml::Spanned;

use super::{Card, Deck, Kind, mint_id};
use crate::text::line_col;

/// One problem in a deck file, at a position a person can jump to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckError {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for DeckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.col, self.message
        )
    }
}

/// Every problem found in one deck file (all are reported, not just the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub errors: Vec<DeckError>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_char('\n')?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// A deck file's tables as read, before any check (by the `toml` crate, or by
/// [`super::canonical`] for the writer's own shape). Equal when their values are (spans aside).
#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeck {
    pub(super) deck: Option<Spanned<RawHeader>>,
    #[serde(default)]
    pub(super) card: Vec<Spanned<RawCard>>,
}

#[derive(Deserialize, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHeader {
    pub(super) name: Option<String>,
    pub(super) title: Option<String>,
    pub(super) source: Option<String>,
    pub(super) generator: Option<String>,
}

#[derive(Deserialize, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCard {
    pub(super) id: Option<Spanned<String>>,
    pub(super) kind: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) section: Vec<String>,
    pub(super) context: Option<String>,
    pub(super) front: Option<Spanned<String>>,
    pub(super) back: Option<Spanned<String>>,
    pub(super) cloze: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) answers: Vec<String>,
    pub(super) line: Option<u32>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
}

/// Parse a deck. `path` names the file in messages; `stem` is the deck name when the header
/// gives none. Cards without an id (hand-written decks) get one minted from their text.
///
/// A file in the writer's own shape is read by [`super::canonical`]; anything else, and any
/// deck with an error (whose messages need the spans only the `toml` crate gives), by `toml`.
pub fn parse_deck(path: &str, stem: &str, text: &str) -> Result<Deck, LoadError> {
    if let Some(raw) = super::canonical::read(text)
        && let Ok(deck) = check(path, stem, text, raw)
    {
        return Ok(deck);
    }
    let raw = read_toml(path, text)?;
    check(path, stem, text, raw)
}

/// The tables of a deck file, by the `toml` crate.
pub(super) fn read_toml(path: &str, text: &str) -> Result<RawDeck, LoadError> {
    toml::from_str(text).map_err(|e| {
        let (line, col) = line_col(text, e.span().map_or(0, |s| s.start));
        LoadError {
            errors: vec![DeckError {
                path: path.to_string(),
                line,
                col,
                message: e.message().trim().to_string(),
            }],
        }
    })
}

/// The deck from its tables, every problem found (`text` places them).
fn check(path: &str, stem: &str, text: &str, raw: RawDeck) -> Result<Deck, LoadError> {
    let at = |offset: usize, message: String| {
        let (line, col) = line_col(text, offset);
        DeckError {
            path: path.to_string(),
            line,
            col,
            message,
        }
    };
    let mut errors = Vec::new();
    let header = raw.deck.map(Spanned::into_inner);
    let name = header
        .as_ref()
        .and_then(|h| h.name.clone())
        .unwrap_or_else(|| stem.to_string());
    let mut cards = Vec::with_capacity(raw.card.len());
    let mut seen: crate::cache::FastMap<String, usize> = Default::default();
    seen.reserve(raw.card.len());
    // The ids given, which a minted one must not take: only needed when some card has none.
    let mut taken: std::collections::HashSet<String> =
        if raw.card.iter().any(|c| c.get_ref().id.is_none()) {
            raw.card
                .iter()
                .filter_map(|c| c.get_ref().id.as_ref().map(|i| i.get_ref().clone()))
                .collect()
        } else {
            Default::default()
        };

    for spanned in raw.card {
        let card_at = spanned.span().start;
        let c = spanned.into_inner();
        let kind = match &c.kind {
            None => Kind::Basic,
            Some(k) => match Kind::parse(k.get_ref()) {
                Some(kind) => kind,
                None => {
                    let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                    errors.push(at(
                        k.span().start,
                        format!(
                            "unknown card kind `{}` (known: {})",
                            k.get_ref(),
                            known.join(", ")
                        ),
                    ));
                    continue;
                }
            },
        };
        let Some(front) = c.front else {
            errors.push(at(card_at, "card has no `front`".into()));
            continue;
        };
        if front.get_ref().trim().is_empty() {
            errors.push(at(front.span().start, "`front` is empty".into()));
        }
        let cloze = match (&c.cloze, kind) {
            (None, Kind::Cloze) => {
                errors.push(at(
                    card_at,
                    "cloze card has no `cloze` (the text to hide)".into(),
                ));
                None
            }
            (Some(cl), Kind::Cloze) => {
                if cl.get_ref().trim().is_empty() {
                    errors.push(at(cl.span().start, "`cloze` is empty".into()));
                } else if !front.get_ref().contains(cl.get_ref().as_str()) {
                    errors.push(at(
                        cl.span().start,
                        format!("`cloze` text {:?} does not occur in `front`", cl.get_ref()),
                    ));
                }
                Some(cl.get_ref().clone())
            }
            (Some(cl), _) => {
                errors.push(at(
                    cl.span().start,
                    format!("`cloze` is only for cards of kind \"cloze\", not \"{kind}\""),
                ));
                None
            }
            (None, _) => None,
        };
        let back = match (&c.back, &cloze) {
            (Some(b), _) => {
                if b.get_ref().trim().is_empty() {
                    errors.push(at(b.span().start, "`back` is empty".into()));
                }
                b.get_ref().clone()
            }
            (None, Some(cl)) => cl.clone(),
            (None, None) => {
                errors.push(at(card_at, "card has no `back`".into()));
                String::new()
            }
        };
        let id = match c.id {
            Some(id) => {
                let v = id.get_ref();
                if v.trim().is_empty() {
                    errors.push(at(id.span().start, "`id` is empty".into()));
                } else if let Some(&first) = seen.get(v) {
                    let first = line_col(text, first).0;
                    errors.push(at(
                        id.span().start,
                        format!("duplicate card id `{v}` (first used on line {first})"),
                    ));
                } else {
                    // The byte offset: a line number is worked out only for an error.
                    seen.insert(v.clone(), id.span().start);
                }
                id.into_inner()
            }
            None => {
                let id = mint_id(
                    &name,
                    kind,
                    &c.section,
                    front.get_ref(),
                    cloze.as_deref(),
                    &taken,
                );
                taken.insert(id.clone());
                id
            }
        };
        cards.push(Card {
            id,
            kind,
            section: c.section.into(),
            context: c.context,
            front: front.into_inner(),
            back,
            cloze,
            answers: c.answers,
            line: c.line,
            tags: c.tags,
        });
    }
    if !errors.is_empty() {
        return Err(LoadError { errors });
    }
    Ok(Deck {
        name,
        title: header.as_ref().and_then(|h| h.title.clone()),
        source: header.as_ref().and_then(|h| h.source.clone()),
        generator: header.and_then(|h| h.generator),
        cards,
    })
}

/// Render a deck as TOML. Deterministic: the same deck always gives the same bytes.
pub fn to_toml(deck: &Deck) -> String {
    let mut out = String::with_capacity(256 + deck.cards.len() * 256);
    if let Some(source) = &deck.source {
        // The path is written escaped: a newline in a file name must not end the comment.
        let shown: String = source.escape_debug().collect();
        let _ = writeln!(
            out,
            "# Generated by `kioku import` from {shown}. Edit the notes, not this file:\n\
             # the next import rewrites it, keeping each card's id (and so its review history)."
        );
        out.push('\n');
    }
    out.push_str("[deck]\n");
    field(&mut out, "name", &deck.name);
    if let Some(t) = &deck.title {
        field(&mut out, "title", t);
    }
    if let Some(s) = &deck.source {
        field(&mut out, "source", s);
    }
    if let Some(g) = &deck.generator {
        field(&mut out, "generator", g);
    }
    // Large decks are written in parts on all cores, joined in order.
    if deck.cards.len() < PARALLEL_CARDS {
        for c in &deck.cards {
            card(&mut out, c);
        }
    } else {
        use rayon::prelude::*;
        let parts: Vec<String> = deck
            .cards
            .par_chunks(PARALLEL_CARDS)
            .map(|cards| {
                let mut part = String::with_capacity(cards.len() * 256);
                for c in cards {
                    card(&mut part, c);
                }
                part
            })
            .collect();
        for part in parts {
            out.push_str(&part);
        }
    }
    out
}

/// Cards per part of a deck written in parallel.
const PARALLEL_CARDS: usize = 4096;

/// One card's `[[card]]` table.
fn card(out: &mut String, c: &Card) {
    out.push_str("\n[[card]]\n");
    field(out, "id", &c.id);
    field(out, "kind", c.kind.as_str());
    array(out, "section", &c.section);
    if let Some(ctx) = &c.context {
        field(out, "context", ctx);
    }
    field(out, "front", &c.front);
    field(out, "back", &c.back);
    if let Some(cl) = &c.cloze {
        field(out, "cloze", cl);
    }
    if !c.answers.is_empty() {
        array(out, "answers", &c.answers);
    }
    if let Some(line) = c.line {
        let _ = writeln!(out, "line = {line}");
    }
    if !c.tags.is_empty() {
        array(out, "tags", &c.tags);
    }
}

fn field(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    if value.contains('\n') {
        multi_line(out, value);
    } else {
        basic(out, value);
    }
    out.push('\n');
}

fn array(out: &mut String, key: &str, values: &[String]) {
    out.push_str(key);
    out.push_str(" = [");
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        basic(out, v);
    }
    out.push_str("]\n");
}

/// A TOML basic string: `"…"` with escapes.
fn basic(out: &mut String, s: &str) {
    out.push('"');
    if needs_escape(s, false) {
        escape(out, s, |c, _| matches!(c, '"' | '\n'));
    } else {
        out.push_str(s);
    }
    out.push('"');
}

/// Whether `s` may hold a character [`escape`] escapes (a quote, a backslash, a control
/// character; a line break unless `lines`), by a byte scan: every one is ASCII or a C1 control
/// (U+0080–U+009F), whose UTF-8 starts with 0xC2. Most text holds none and is copied whole.
fn needs_escape(s: &str, lines: bool) -> bool {
    s.bytes()
        .any(|b| (b < 0x20 && !(lines && b == b'\n')) || matches!(b, b'\\' | b'"' | 0x7f | 0xc2))
}

/// A TOML multi-line basic string, so Markdown stays readable in the file. A quote is escaped
/// only where it could end the string (before another quote, or last).
fn multi_line(out: &mut String, s: &str) {
    out.push_str("\"\"\"\n");
    if needs_escape(s, true) {
        escape(out, s, |c, next| {
            c == '"' && matches!(next, None | Some('"'))
        });
    } else {
        out.push_str(s);
    }
    out.push_str("\"\"\"");
}

/// Copy `s` into `out`, escaping backslashes, CR, control characters other than tab and newline,
/// and whatever `also` picks (given the character and the next one). Plain runs are copied whole.
fn escape(out: &mut String, s: &str, also: impl Fn(char, Option<char>) -> bool) {
    let mut plain = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let special = c == '\\' || (c.is_control() && c != '\t' && c != '\n');
        if !special && !also(c, chars.peek().map(|&(_, n)| n)) {
            continue;
        }
        out.push_str(&s[plain..i]);
        plain = i + c.len_utf8();
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
        }
    }
    out.push_str(&s[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(front: &str, back: &str) -> Card {
        Card {
            id: "abc".into(),
            kind: Kind::Term,
            section: vec!["Amazon S3".to_string(), "特徴".to_string()].into(),
            context: None,
            front: front.into(),
            back: back.into(),
            cloze: None,
            answers: Vec::new(),
            line: Some(3),
            tags: vec![],
        }
    }

    #[test]
    fn writes_compact_readable_toml_and_reads_it_back() {
        let deck = Deck {
            name: "aws".into(),
            source: Some("notes/aws.md".into()),
            cards: vec![card(
                "Connection \"Draining\"",
                "- 処理中リクエスト\n  - \"\"\"x\"\n",
            )],
            ..Deck::default()
        };
        let text = to_toml(&deck);
        assert!(
            text.contains("section = [\"Amazon S3\", \"特徴\"]\n"),
            "{text}"
        );
        assert!(
            text.contains("back = \"\"\"\n- 処理中リクエスト\n  - \\\"\\\"\"x\"\n\"\"\"\n"),
            "{text}"
        );
        assert_eq!(parse_deck("d.toml", "d", &text).unwrap(), deck);
    }

    #[test]
    fn errors_point_at_line_and_column() {
        let text = "[deck]\nname = \"x\"\n\n[[card]]\nid = \"a\"\nfront = \"q\"\nback = \"a\"\n\n[[card]]\nid = \"a\"\nkind = \"flip\"\nfront = \"  \"\nback = \"b\"\n";
        let err = parse_deck("decks/x.toml", "x", text).unwrap_err();
        let msgs: Vec<String> = err.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            msgs,
            vec![
                "decks/x.toml:11:8: unknown card kind `flip` (known: basic, term, keyvalue, section, service, cloze, qa)"
            ]
        );
        let text = text.replace("kind = \"flip\"\n", "");
        let msgs: Vec<String> = parse_deck("decks/x.toml", "x", &text)
            .unwrap_err()
            .errors
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            msgs,
            vec![
                "decks/x.toml:11:9: `front` is empty",
                "decks/x.toml:10:6: duplicate card id `a` (first used on line 5)",
            ]
        );
    }

    #[test]
    fn bad_cloze_is_reported() {
        let text = "[[card]]\nkind = \"cloze\"\nfront = \"最大容量は16TB\"\ncloze = \"32TB\"\n";
        let err = parse_deck("x.toml", "x", text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.toml:4:9: `cloze` text \"32TB\" does not occur in `front`"
        );
    }

    #[test]
    fn hand_written_cards_need_no_id_or_kind() {
        let text = "[[card]]\nfront = \"q\"\nback = \"a\"\n[[card]]\nfront = \"q\"\nback = \"b\"\n";
        let deck = parse_deck("mine.toml", "mine", text).unwrap();
        assert_eq!(deck.name, "mine");
        assert!(!deck.is_generated());
        assert_eq!(deck.cards[0].kind, Kind::Basic);
        assert_ne!(deck.cards[0].id, deck.cards[1].id);
        assert_eq!(
            parse_deck("mine.toml", "mine", text).unwrap(),
            deck,
            "minted ids are stable"
        );
    }
}

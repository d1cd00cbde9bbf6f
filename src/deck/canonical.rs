//! Reading a deck file in the exact shape [`super::to_toml`] writes, without the TOML parser.
//!
//! A cold start parses every deck file; the `toml` crate spends ~30 instructions a byte on them
//! (tokens, spans, a document tree, then serde). Generated decks have one fixed shape: comment
//! lines, `[deck]` and `[[card]]` headers, `key = value` lines whose values are basic or
//! multi-line basic strings, arrays of basic strings on one line, and small integers. This
//! reader takes exactly that shape and gives the same [`RawDeck`] the `toml` crate gives for
//! it; anything else (other spacing, a key it does not know, a second `[deck]`, a character or
//! escape the writer never writes, CR line ends…) is `None`, and the file goes to the `toml`
//! crate, which also gives every error message (with its line and column). A property test
//! compares the two on written decks and on decks changed a byte at a time.

use toml::Spanned;

use super::format::{RawCard, RawDeck, RawHeader};

/// The deck as the `toml` crate would read it, or `None` when the text is not in the writer's
/// shape. The spans are empty: they only place error messages, and a deck with an error is
/// read again by the `toml` crate.
pub(super) fn read(text: &str) -> Option<RawDeck> {
    let mut r = Reader {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    let mut header: Option<RawHeader> = None;
    let mut cards: Vec<Spanned<RawCard>> = Vec::new();
    // Which table the lines are in (0: none yet, 1: `[deck]`, 2: a card), and which keys it
    // has had: TOML refuses a key given twice.
    let mut table = 0u8;
    let mut keys = 0u16;
    while let Some(&b) = r.b.get(r.i) {
        match b {
            b'\n' => r.i += 1,
            b'#' => r.comment()?,
            b'[' => {
                if r.eat(b"[[card]]") {
                    cards.push(Spanned::new(0..0, RawCard::default()));
                    table = 2;
                } else if r.eat(b"[deck]") && header.is_none() && cards.is_empty() {
                    header = Some(RawHeader::default());
                    table = 1;
                } else {
                    return None;
                }
                keys = 0;
                r.end_line()?;
            }
            _ => {
                let key = r.key()?;
                let bit = 1u16 << key as u16;
                if keys & bit != 0 {
                    return None;
                }
                keys |= bit;
                match table {
                    1 => r.header_value(header.as_mut()?, key)?,
                    2 => r.card_value(cards.last_mut()?.get_mut(), key)?,
                    _ => return None,
                }
                r.end_line()?;
            }
        }
    }
    Some(RawDeck {
        deck: header.map(|h| Spanned::new(0..0, h)),
        card: cards,
    })
}

/// The keys of both tables (a card's and the header's).
#[derive(Clone, Copy)]
enum Key {
    Id,
    Kind,
    Section,
    Context,
    Front,
    Back,
    Cloze,
    Answers,
    Line,
    Tags,
    Name,
    Title,
    Source,
    Generator,
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn eat(&mut self, lit: &[u8]) -> bool {
        let yes = self.b[self.i..].starts_with(lit);
        if yes {
            self.i += lit.len();
        }
        yes
    }

    /// The end of a line, or of the file.
    fn end_line(&mut self) -> Option<()> {
        match self.b.get(self.i) {
            None => Some(()),
            Some(b'\n') => {
                self.i += 1;
                Some(())
            }
            _ => None,
        }
    }

    /// A comment to the end of its line, of characters TOML allows there.
    fn comment(&mut self) -> Option<()> {
        self.i += 1;
        loop {
            match self.b.get(self.i) {
                None | Some(b'\n') => return Some(()),
                Some(&b) if unusual(b, self.b.get(self.i + 1)) => return None,
                Some(_) => self.i += 1,
            }
        }
    }

    /// A bare key as the writer writes it, and ` = `.
    fn key(&mut self) -> Option<Key> {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_lowercase) {
            self.i += 1;
        }
        let key = match &self.b[start..self.i] {
            b"id" => Key::Id,
            b"kind" => Key::Kind,
            b"section" => Key::Section,
            b"context" => Key::Context,
            b"front" => Key::Front,
            b"back" => Key::Back,
            b"cloze" => Key::Cloze,
            b"answers" => Key::Answers,
            b"line" => Key::Line,
            b"tags" => Key::Tags,
            b"name" => Key::Name,
            b"title" => Key::Title,
            b"source" => Key::Source,
            b"generator" => Key::Generator,
            _ => return None,
        };
        self.eat(b" = ").then_some(key)
    }

    fn header_value(&mut self, h: &mut RawHeader, key: Key) -> Option<()> {
        let slot = match key {
            Key::Name => &mut h.name,
            Key::Title => &mut h.title,
            Key::Source => &mut h.source,
            Key::Generator => &mut h.generator,
            _ => return None,
        };
        *slot = Some(self.string()?);
        Some(())
    }

    fn card_value(&mut self, c: &mut RawCard, key: Key) -> Option<()> {
        let spanned = |s: String| Some(Spanned::new(0..0, s));
        match key {
            Key::Id => c.id = spanned(self.string()?),
            Key::Kind => c.kind = spanned(self.string()?),
            Key::Front => c.front = spanned(self.string()?),
            Key::Back => c.back = spanned(self.string()?),
            Key::Cloze => c.cloze = spanned(self.string()?),
            Key::Context => c.context = Some(self.string()?),
            Key::Section => c.section = self.array()?,
            Key::Answers => c.answers = self.array()?,
            Key::Tags => c.tags = self.array()?,
            Key::Line => c.line = Some(self.integer()?),
            _ => return None,
        }
        Some(())
    }

    /// A basic or a multi-line basic string.
    fn string(&mut self) -> Option<String> {
        if self.b[self.i..].starts_with(b"\"\"\"") {
            self.multi_line()
        } else if self.b.get(self.i) == Some(&b'"') {
            self.basic()
        } else {
            None
        }
    }

    /// `"…"`
    fn basic(&mut self) -> Option<String> {
        self.i += 1;
        // Most strings hold nothing to unescape or refuse: found and checked in one go.
        let rest = &self.b[self.i..];
        if let Some(end) = memchr::memchr2(b'"', b'\\', rest)
            && rest[end] == b'"'
            && !any_unusual(&rest[..end], true)
        {
            let out = self.s.get(self.i..self.i + end)?.to_owned();
            self.i += end + 1;
            return Some(out);
        }
        self.unescaped(b"\"")
    }

    /// `"""` and a line break, the text, `"""`.
    fn multi_line(&mut self) -> Option<String> {
        self.i += 3;
        match self.b.get(self.i) {
            // TOML drops a line break right after the opening quotes.
            Some(b'\n') => self.i += 1,
            // Quotes right after the opening ones: the writer never puts them there.
            Some(b'"') => return None,
            _ => {}
        }
        // Most texts hold nothing to unescape or refuse: the closing quotes found, and the
        // text checked, in one go (the first `"""` is where the loop below would stop too).
        let rest = &self.b[self.i..];
        if let Some(end) = memchr::memmem::find(rest, b"\"\"\"")
            && rest.get(end + 3) != Some(&b'"')
            && !any_unusual(&rest[..end], false)
        {
            let out = self.s.get(self.i..self.i + end)?.to_owned();
            self.i += end + 3;
            return Some(out);
        }
        self.unescaped(b"\"\"\"")
    }

    /// The rest of a string that holds escapes, up to its `close` (`"` or `"""`), read a
    /// byte at a time. In a multi-line string a lone `"` and a line break are text.
    fn unescaped(&mut self, close: &[u8]) -> Option<String> {
        let multi = close.len() > 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let b = *self.b.get(self.i)?;
            if self.b[self.i..].starts_with(close) {
                out.push_str(self.s.get(run..self.i)?);
                self.i += close.len();
                // More quotes: TOML would take up to two of them into the text.
                if multi && self.b.get(self.i) == Some(&b'"') {
                    return None;
                }
                return Some(out);
            }
            match b {
                b'\\' => {
                    out.push_str(self.s.get(run..self.i)?);
                    self.escape(&mut out)?;
                    run = self.i;
                }
                b'\t' => self.i += 1,
                b'"' | b'\n' if multi => self.i += 1,
                _ if unusual(b, self.b.get(self.i + 1)) => return None,
                _ => self.i += 1,
            }
        }
    }

    /// The escape at the backslash: those the writer writes and TOML's other one-letter ones.
    /// A line-ending backslash (or any other) is not read here.
    fn escape(&mut self, out: &mut String) -> Option<()> {
        let c = match *self.b.get(self.i + 1)? {
            b'\\' => '\\',
            b'"' => '"',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'u' => {
                let hex = self.s.get(self.i + 2..self.i + 6)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                out.push(c);
                self.i += 6;
                return Some(());
            }
            _ => return None,
        };
        out.push(c);
        self.i += 2;
        Some(())
    }

    /// `["…", "…"]` on one line.
    fn array(&mut self) -> Option<Vec<String>> {
        if !self.eat(b"[") {
            return None;
        }
        let mut out = Vec::new();
        if self.eat(b"]") {
            return Some(out);
        }
        loop {
            if self.b.get(self.i) != Some(&b'"') || self.b[self.i..].starts_with(b"\"\"\"") {
                return None;
            }
            out.push(self.basic()?);
            if self.eat(b"]") {
                return Some(out);
            }
            if !self.eat(b", ") {
                return None;
            }
        }
    }

    /// A decimal integer that fits a `u32`, as the writer writes it.
    fn integer(&mut self) -> Option<u32> {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let digits = &self.b[start..self.i];
        if digits.is_empty() || digits.len() > 10 || (digits.len() > 1 && digits[0] == b'0') {
            return None;
        }
        let n = digits
            .iter()
            .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
        u32::try_from(n).ok()
    }
}

/// Whether `text` may hold anything the byte loops would stop at: a backslash, a control
/// character other than tab (and a line break, in a multi-line string), or any 0xC2 (the
/// start of a C1 control, or of another Latin-1 character: the loop then decides). Without
/// an early exit, so that it runs over many bytes at once.
fn any_unusual(text: &[u8], one_line: bool) -> bool {
    text.iter().fold(false, |found, &b| {
        found
            | (b == b'\\')
            | (b < 0x20 && b != b'\t' && (one_line || b != b'\n'))
            | (b == 0x7f)
            | (b == 0xc2)
    })
}

/// A byte the writer never leaves in a string or comment as it is: a control character (tab
/// and line breaks are dealt with before), or the first byte of a C1 control (U+0080–U+009F,
/// which the writer escapes).
fn unusual(b: u8, next: Option<&u8>) -> bool {
    b < 0x20 || b == 0x7f || (b == 0xc2 && next.is_some_and(|n| (0x80..=0x9f).contains(n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::format::read_toml;
    use crate::deck::{Card, Deck, Kind, to_toml};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[\"'\\\\\n\r\t a-z日本語\u{7f}\u{85}\u{feff}]{0,20}",
            Just("\"\"\"".to_string()),
            Just("a\"".to_string()),
            Just("\"\"".to_string()),
            Just("x\n\"\"\"\n".to_string()),
        ]
    }

    fn deck() -> impl Strategy<Value = Deck> {
        let card = (
            (
                text(),
                prop::sample::select(Kind::ALL.to_vec()),
                prop::collection::vec(text(), 0..3),
                prop::option::of(text()),
            ),
            (
                text(),
                text(),
                prop::option::of(text()),
                prop::collection::vec(text(), 0..3),
                prop::option::of(any::<u32>()),
                prop::collection::vec(text(), 0..3),
            ),
        )
            .prop_map(
                |((id, kind, section, context), (front, back, cloze, answers, line, tags))| Card {
                    id,
                    kind,
                    section: section.into(),
                    context,
                    front,
                    back,
                    cloze,
                    answers,
                    line,
                    tags,
                },
            );
        (
            text(),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::collection::vec(card, 0..6),
        )
            .prop_map(|(name, title, source, generator, cards)| Deck {
                name,
                title,
                source,
                generator,
                cards,
            })
    }

    /// A change somewhere in a deck file: a character or a piece of TOML put in, put in place
    /// of one, or one taken out.
    fn change() -> impl Strategy<Value = (prop::sample::Index, &'static str, u8)> {
        let with = prop::sample::select(vec![
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "[",
            "]",
            "=",
            " ",
            "#",
            ",",
            "u",
            "0",
            "9",
            "-",
            "+",
            "_",
            ".",
            "'",
            "x",
            "\"\"\"",
            "\"\"",
            "\u{85}",
            "\u{7f}",
            "\u{0}",
            "\u{feff}",
            "[[card]]\n",
            "[deck]\n",
            "id = \"a\"\n",
            "line = 7\n",
            "\\u00e9",
            "\\uD800",
            "\\U0001F600",
            "\\x41",
            "\\e",
            "\\\n",
            "{}",
            "name",
            "ids",
        ]);
        (any::<prop::sample::Index>(), with, 0u8..3)
    }

    fn changed(text: &str, (at, with, how): (prop::sample::Index, &str, u8)) -> String {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let i = bounds[at.index(bounds.len())];
        let next = bounds.iter().find(|&&b| b > i).copied().unwrap_or(i);
        match how {
            0 => format!("{}{with}{}", &text[..i], &text[i..]),
            1 => format!("{}{with}{}", &text[..i], &text[next..]),
            _ => format!("{}{}", &text[..i], &text[next..]),
        }
    }

    #[test]
    fn a_written_deck_reads_as_the_toml_crate_reads_it() {
        let deck = Deck {
            name: "aws".into(),
            title: Some("AWS".into()),
            source: Some("notes/aws.md".into()),
            generator: None,
            cards: vec![Card {
                id: "s3-1".into(),
                kind: Kind::Cloze,
                section: vec!["Amazon S3".to_string(), "特徴".to_string()].into(),
                context: Some("- 親\n".into()),
                front: "最大容量は\"16TB\"\t\\".into(),
                back: "- 処理中リクエスト\n  - \"\"\"x\"\n\u{1}\u{85}\r".into(),
                cloze: Some("16TB".into()),
                answers: vec!["a".into(), "\"b\"".into()],
                line: Some(42),
                tags: vec![],
            }],
        };
        let text = to_toml(&deck);
        let fast = read(&text).expect("the writer's shape");
        assert_eq!(fast, read_toml("d.toml", &text).unwrap());
        assert_eq!(
            fast.card[0].get_ref().back.as_ref().unwrap().get_ref(),
            &deck.cards[0].back
        );
        // Not the writer's shape: the toml crate reads it.
        assert!(read("[deck]\nname=\"x\"\n").is_none());
        assert!(read("[[card]]\nfront = \"a\" # note\n").is_none());
        assert!(read("[[card]]\n[deck]\n").is_none());
        assert!(
            read("[[card]]\nid = \"a\"\nid = \"b\"\n").is_none(),
            "a key twice"
        );
        assert!(read("[[card]]\nline = 4294967296\n").is_none(), "past u32");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Every deck the writer writes is read here, and as the toml crate reads it.
        #[test]
        fn every_written_deck_reads_as_the_toml_crate_reads_it(deck in deck()) {
            let text = to_toml(&deck);
            let toml = read_toml("d.toml", &text);
            prop_assert!(toml.is_ok(), "{:?}", toml);
            prop_assert_eq!(read(&text), toml.ok(), "{}", text);
        }

        /// A deck file changed anywhere (into other TOML, or into no TOML) is read here only as
        /// the toml crate reads it: whatever this reader takes, the crate takes alike.
        #[test]
        fn a_changed_deck_is_read_only_as_the_toml_crate_reads_it(
            deck in deck(),
            changes in prop::collection::vec(change(), 1..3),
        ) {
            let mut text = to_toml(&deck);
            for c in changes {
                text = changed(&text, c);
            }
            if let Some(fast) = read(&text) {
                let toml = read_toml("d.toml", &text);
                prop_assert_eq!(Some(fast), toml.ok(), "{:?}", text);
            }
        }
    }
}

//! Text helpers for Japanese mixed with English.
//!
//! Display text is always kept exactly as written (CJK compatibility ideographs included); these
//! helpers fold text only for matching and search, and measure it for layout.

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

/// The form used for every comparison and search: NFKC (so `⽤` matches `用`, `ＥＬＢ` matches
/// `ELB`, `（` matches `(`), lower case, and runs of whitespace folded to one space.
pub fn fold(s: &str) -> String {
    /// The folded text so far, and whether a space is due before the next character.
    struct Folded {
        out: String,
        pending_space: bool,
    }
    impl Folded {
        fn push(&mut self, c: char) {
            if c.is_whitespace() {
                self.pending_space = !self.out.is_empty();
            } else {
                self.push_run(c.encode_utf8(&mut [0; 4]));
            }
        }
        /// Characters that are no space, already folded.
        fn push_run(&mut self, run: &str) {
            if run.is_empty() {
                return;
            }
            if self.pending_space {
                self.out.push(' ');
                self.pending_space = false;
            }
            self.out.push_str(run);
        }
    }
    let mut f = Folded {
        out: String::with_capacity(s.len()),
        pending_space: false,
    };
    // Text NFKC leaves as it is (ASCII, kana, common kanji) skips the normalizer, and its
    // runs of characters that fold to themselves (all but spaces and capitals) are copied whole.
    if plain_len(s, |_| true) == s.len() {
        let same = |b: u8| !b.is_ascii_uppercase() && !char::from(b).is_whitespace();
        let mut at = 0;
        loop {
            let run = plain_len(&s[at..], same);
            f.push_run(&s[at..at + run]);
            at += run;
            // Plain, and not the same: an ASCII capital or space.
            let Some(&b) = s.as_bytes().get(at) else {
                break;
            };
            f.push(char::from(b.to_ascii_lowercase()));
            at += 1;
        }
    } else {
        nfkc_pieces(
            s,
            &mut f,
            |f, run| run.chars().flat_map(lower).for_each(|c| f.push(c)),
            |f, c| lower(c).for_each(|l| f.push(l)),
        );
    }
    f.out
}

/// `s` in NFKC (borrowed when NFKC leaves it as it is, as it does most notes).
pub fn nfkc(s: &str) -> std::borrow::Cow<'_, str> {
    if plain_len(s, |_| true) == s.len() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    nfkc_pieces(s, &mut out, |o, run| o.push_str(run), String::push);
    std::borrow::Cow::Owned(out)
}

/// `s` in NFKC, in pieces handed to `to` in order: `plain` gets the runs of characters NFKC
/// leaves alone, `other` the normalizer's output for the rest. Only what needs it goes through the normalizer:
/// a plain character ([`is_nfkc_plain`]) is NFKC as it is and composes with nothing before
/// it, so normalizing starts afresh there; what lies between is normalized on its own, with
/// the plain character before it (a combining mark after that may compose with it). The
/// pieces are the whole text's NFKC.
pub(crate) fn nfkc_pieces<T>(
    s: &str,
    to: &mut T,
    plain: impl Fn(&mut T, &str),
    other: impl Fn(&mut T, char),
) {
    let mut done = 0;
    loop {
        let at = done + plain_len(&s[done..], |_| true);
        if at == s.len() {
            break;
        }
        let start = s[done..at]
            .char_indices()
            .next_back()
            .map_or(at, |(i, _)| done + i);
        let end = s[at..].find(is_nfkc_plain).map_or(s.len(), |i| at + i);
        if start > done {
            plain(to, &s[done..start]);
        }
        s[start..end].nfkc().for_each(|c| other(to, c));
        done = end;
    }
    if done < s.len() {
        plain(to, &s[done..]);
    }
}

/// One character in NFKC, with a fast path for the characters NFKC leaves alone that fill
/// most notes (ASCII, kana, common kanji). Composition across characters (a kana and a
/// combining mark written apart) is not done: for word matching, not for display or search.
pub fn nfkc_char(c: char, mut f: impl FnMut(char)) {
    if is_nfkc_plain(c) {
        f(c);
    } else if ('\u{ff01}'..='\u{ff5e}').contains(&c) {
        // Full-width ASCII (`（`, `：`, `Ａ`, `１`), common in Japanese notes, is its ASCII
        // character: the normalizer is not needed for that.
        f(char::from((u32::from(c) - 0xfee0) as u8));
    } else {
        for n in std::iter::once(c).nfkc() {
            f(n);
        }
    }
}

/// A character in lower case, with no table look-up for ASCII, kana and kanji (which have
/// no case).
pub fn lower(c: char) -> impl Iterator<Item = char> {
    enum Lower {
        One(Option<char>),
        Many(std::char::ToLowercase),
    }
    impl Iterator for Lower {
        type Item = char;
        fn next(&mut self) -> Option<char> {
            match self {
                Lower::One(c) => c.take(),
                Lower::Many(l) => l.next(),
            }
        }
    }
    if c.is_ascii() {
        Lower::One(Some(c.to_ascii_lowercase()))
    } else if ('\u{3000}'..='\u{9fff}').contains(&c) {
        Lower::One(Some(c))
    } else {
        Lower::Many(c.to_lowercase())
    }
}

/// Characters NFKC leaves alone and that compose with nothing before them: ASCII, kana (not
/// the combining marks), common kanji, the ideographic comma and full stop.
pub(crate) fn is_nfkc_plain(c: char) -> bool {
    is_nfkc_plain_const(c)
}

/// [`is_nfkc_plain`], usable at compile time.
const fn is_nfkc_plain_const(c: char) -> bool {
    matches!(c, '\0'..='\u{7f}' | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}'
        | '\u{4e00}'..='\u{9fff}' | '、' | '。' | 'ー' | '・' | '「' | '」')
}

/// The length in bytes of the longest start of `s` that is [`is_nfkc_plain`] characters, read
/// a byte at a time with no UTF-8 decoding (every text is folded, most of it plain): ASCII
/// bytes `ascii` accepts, and the three-byte kana, kanji and punctuation.
#[inline]
pub(crate) fn plain_len(s: &str, ascii: impl Fn(u8) -> bool) -> usize {
    /// U+3000..=U+30FF that are plain, a bit each.
    const KANA: [u64; 4] = {
        let mut bits = [0u64; 4];
        let mut i = 0;
        while i < 256 {
            if let Some(c) = char::from_u32(0x3000 + i as u32)
                && is_nfkc_plain_const(c)
            {
                bits[i / 64] |= 1 << (i % 64);
            }
            i += 1;
        }
        bits
    };
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            if !ascii(x) {
                break;
            }
            i += 1;
            continue;
        }
        // `s` is UTF-8: a lead byte from 0xe0 up has two more bytes after it.
        let plain = match x {
            0xe5..=0xe9 => true,
            0xe4 => b[i + 1] >= 0xb8,
            0xe3 => {
                let k = (usize::from(b[i + 1]) & 0x3f) << 6 | usize::from(b[i + 2]) & 0x3f;
                k < 256 && KANA[k / 64] >> (k % 64) & 1 == 1
            }
            _ => false,
        };
        if !plain {
            break;
        }
        i += 3;
    }
    i
}

/// Display width in terminal columns (wide CJK characters count 2).
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Whether `s` is wider than `max` columns: [`width`], stopping as soon as it knows.
pub fn wider_than(s: &str, max: usize) -> bool {
    // No character is wider than its UTF-8 is long (wide ones take three bytes or four): a
    // text of at most `max` bytes is no wider than `max`.
    if s.len() <= max {
        return false;
    }
    let mut w = 0;
    s.chars().any(|c| {
        w += char_width(c);
        w > max
    })
}

/// One character's width, with no table look-up for the characters that fill most notes
/// (printable ASCII, kana, common kanji).
pub fn char_width(c: char) -> usize {
    if (' '..='~').contains(&c) {
        1
    } else if is_common_wide(c) {
        2
    } else {
        c.width().unwrap_or(0)
    }
}

/// Hiragana, katakana and the common kanji: two columns each.
fn is_common_wide(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c)
        || ('\u{30a1}'..='\u{30fa}').contains(&c)
        || ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// [`char::is_alphanumeric`], with no table look-up for the characters that fill most notes:
/// ASCII, and kana and the common kanji, which are all letters.
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_common_wide(c) || c.is_alphanumeric()
    }
}

/// True for characters that take two columns: kana, kanji, full-width forms.
pub fn is_wide(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    is_common_wide(c) || c.width() == Some(2)
}

/// Join the lines of one Markdown paragraph into a single line. A line break between two
/// Japanese characters is not a space in Japanese; between English words it is.
pub fn join_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.lines().enumerate() {
        let line = if i == 0 { line.trim_end() } else { line.trim() };
        if line.is_empty() {
            continue;
        }
        if let (Some(prev), Some(next)) = (out.chars().last(), line.chars().next())
            && !is_wide(prev)
            && !is_wide(next)
        {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Character-bigram Dice similarity of two texts after folding, in 0.0..=1.0.
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_of(&Grams::new(a), &Grams::new(b))
}

/// A text folded and cut into its sorted bigrams once, to compare with many others.
pub struct Grams {
    folded: String,
    grams: Vec<(char, char)>,
}

impl Grams {
    pub fn new(s: &str) -> Grams {
        let folded = fold(s);
        let grams = grams(&folded);
        Grams { folded, grams }
    }
}

/// [`similarity`] of two texts already cut into [`Grams`].
pub fn similarity_of(a: &Grams, b: &Grams) -> f64 {
    if a.folded == b.folded {
        return 1.0;
    }
    if a.grams.is_empty() || b.grams.is_empty() {
        return 0.0;
    }
    dice(&a.grams, &b.grams)
}

/// Dice's coefficient of two sorted multisets: twice the shared items over all items.
pub fn dice<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Sorted character bigrams; a one-character text is its own single gram.
fn grams(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    let mut g: Vec<(char, char)> = match chars.len() {
        0 => Vec::new(),
        1 => vec![(chars[0], '\0')],
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    };
    g.sort_unstable();
    g
}

/// 1-based line and column (in characters) of a byte offset in `src`.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let mut o = offset;
    while !src.is_char_boundary(o) {
        o -= 1;
    }
    let before = &src[..o];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = src[line_start..o].chars().count() + 1;
    (line, col)
}

/// Stable 64-bit FNV-1a hash: ids minted from it must not change between Rust releases,
/// which rules out `std`'s `DefaultHasher`.
pub fn fnv1a(parts: &[&str]) -> u64 {
    parts
        .iter()
        .fold(Fnv1a::new(), |h, p| h.part(p.as_bytes()))
        .finish()
}

/// [`fnv1a`] fed one part at a time, so that a number goes in as its decimal digits without
/// a `String` made for it (replay hashes two per answer).
#[derive(Clone, Copy, Debug)]
pub struct Fnv1a {
    h: u64,
    first: bool,
}

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a::new()
    }
}

impl Fnv1a {
    const PRIME: u64 = 0x0100_0000_01b3;

    pub fn new() -> Fnv1a {
        Fnv1a {
            h: 0xcbf2_9ce4_8422_2325,
            first: true,
        }
    }

    /// The next part (parts are separated by U+001F).
    pub fn part(mut self, bytes: &[u8]) -> Fnv1a {
        if !self.first {
            self.h = (self.h ^ 0x1f).wrapping_mul(Self::PRIME);
        }
        self.first = false;
        for &b in bytes {
            self.h = (self.h ^ u64::from(b)).wrapping_mul(Self::PRIME);
        }
        self
    }

    /// The next part: `n` as `n.to_string()` writes it.
    pub fn number(self, n: i64) -> Fnv1a {
        let mut buf = [0u8; 21];
        let mut i = buf.len();
        let mut v = n.unsigned_abs();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if n < 0 {
            i -= 1;
            buf[i] = b'-';
        }
        self.part(&buf[i..])
    }

    pub fn finish(self) -> u64 {
        self.h
    }
}

/// Phrases looked for together: one pass over a text finds every place where any of them
/// starts, however many there are (a searcher per phrase reads the text once per phrase, and
/// the remark and pointer checks read every node of the notes for forty phrases).
pub struct Phrases {
    /// The phrases, in lists (`[JA, EN]`): one set is read in one pass.
    lists: &'static [&'static [&'static str]],
    /// For each hash of three bytes ([`Phrases::hash`]), the phrases that start with bytes of
    /// that hash, a bit each (numbered through the lists): most characters start none, and
    /// are passed over with one look-up.
    starts: [u64; Phrases::BUCKETS],
}

impl Phrases {
    const BUCKETS: usize = 512;

    /// Built at compile time. At most 64 phrases, each at least three bytes long.
    pub const fn new(lists: &'static [&'static [&'static str]]) -> Phrases {
        let mut starts = [0u64; Phrases::BUCKETS];
        let (mut l, mut k) = (0, 0);
        while l < lists.len() {
            let mut i = 0;
            while i < lists[l].len() {
                let p = lists[l][i].as_bytes();
                assert!(p.len() >= 3, "a phrase is at least three bytes long");
                assert!(k < 64, "at most 64 phrases");
                starts[Phrases::hash(p[0], p[1], p[2])] |= 1 << k;
                i += 1;
                k += 1;
            }
            l += 1;
        }
        Phrases { lists, starts }
    }

    /// Phrase number `k`, counted through the lists.
    fn phrase(&self, mut k: usize) -> &'static str {
        for list in self.lists {
            match list.get(k) {
                Some(p) => return p,
                None => k -= list.len(),
            }
        }
        unreachable!("a bit of `starts` is a phrase")
    }

    /// Every place a phrase starts in `text`, overlapping ones too: its byte offset and the
    /// phrase, in the order of the text.
    pub fn find_iter<'p, 't>(&'p self, text: &'t str) -> PhraseMatches<'p, 't> {
        let b = text.as_bytes();
        PhraseMatches {
            phrases: self,
            text: b,
            at: 0,
            // The first character's candidates; the iterator then moves on from it.
            maybe: if b.len() >= 3 {
                self.starts[Phrases::hash(b[0], b[1], b[2])]
            } else {
                0
            },
        }
    }

    /// Whether `text` holds any of the phrases.
    pub fn is_in(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }

    /// Three bytes to one of the buckets.
    const fn hash(a: u8, b: u8, c: u8) -> usize {
        let k = a as u32 | (b as u32) << 8 | (c as u32) << 16;
        (k.wrapping_mul(0x9e37_79b1) >> 23) as usize
    }
}

/// The iterator of [`Phrases::find_iter`].
pub struct PhraseMatches<'p, 't> {
    phrases: &'p Phrases,
    text: &'t [u8],
    /// The character looked at.
    at: usize,
    /// The phrases that may start there and are not tried yet, a bit each.
    maybe: u64,
}

impl Iterator for PhraseMatches<'_, '_> {
    type Item = (usize, &'static str);

    fn next(&mut self) -> Option<(usize, &'static str)> {
        let b = self.text;
        loop {
            while self.maybe != 0 {
                let k = self.maybe.trailing_zeros() as usize;
                self.maybe &= self.maybe - 1;
                let p = self.phrases.phrase(k);
                if b[self.at..].starts_with(p.as_bytes()) {
                    return Some((self.at, p));
                }
            }
            // A phrase starts on a character: the text is read a character at a time (in
            // locals: this loop is most of the time spent).
            let starts = &self.phrases.starts;
            let mut at = self.at;
            if at < b.len() {
                at += utf8_len(b[at]);
            }
            let mut maybe = 0;
            while at + 2 < b.len() {
                let x = b[at];
                maybe = starts[Phrases::hash(x, b[at + 1], b[at + 2])];
                if maybe != 0 {
                    break;
                }
                at += utf8_len(x);
            }
            self.at = at;
            self.maybe = maybe;
            if maybe == 0 {
                return None;
            }
        }
    }
}

/// The length of the UTF-8 sequence that `lead` starts.
fn utf8_len(lead: u8) -> usize {
    /// By the lead byte's high four bits (continuation bytes, 0x8-0xb, are never looked up).
    const LEN: [u8; 16] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4];
    usize::from(LEN[usize::from(lead >> 4)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_alphanumeric_fast_path_agrees_with_the_standard_library() {
        let ranges = [
            '\0'..='\u{2fff}',
            '\u{3000}'..='\u{30ff}',
            '\u{4e00}'..='\u{9fff}',
            '\u{ff00}'..='\u{ffef}',
        ];
        for c in ranges.into_iter().flatten() {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    use super::*;

    #[test]
    fn numbers_hash_as_their_decimal_strings() {
        for n in [
            0,
            7,
            -7,
            10,
            1234567,
            i64::from(i32::MIN),
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(
                Fnv1a::new().part(b"c1").number(n).part(b"good").finish(),
                fnv1a(&["c1", &n.to_string(), "good"]),
                "{n}"
            );
        }
        assert_eq!(fnv1a(&[]), Fnv1a::new().finish());
        assert_eq!(fnv1a(&["", ""]), Fnv1a::new().part(b"").part(b"").finish());
    }

    #[test]
    fn fold_matches_compatibility_ideographs_and_full_width() {
        assert_eq!(fold("可⽤性"), fold("可用性"));
        assert_eq!(
            fold("Elastic Load Balancing（ELB）"),
            "elastic load balancing(elb)"
        );
        assert_eq!(fold("  a \n\t b "), "a b");
    }

    #[test]
    fn join_lines_spaces_only_between_narrow_text() {
        assert_eq!(
            join_lines("実現するため、\nデータの更新"),
            "実現するため、データの更新"
        );
        assert_eq!(join_lines("hello\n   world"), "hello world");
        assert_eq!(
            join_lines("行うことで、\nSnapshotから"),
            "行うことで、Snapshotから"
        );
    }

    #[test]
    fn width_counts_wide_characters_twice() {
        assert_eq!(width("ELB自体"), 7);
    }

    #[test]
    fn no_character_is_wider_than_its_utf8() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert!(char_width(c) <= c.len_utf8(), "{c:?}");
        }
        assert!(!wider_than("ELB自体", 7) && wider_than("ELB自体", 6));
    }

    #[test]
    fn the_nfkc_fast_paths_agree_with_the_normalizer() {
        let ranges = [
            '\0'..='\u{7f}',
            '\u{3000}'..='\u{30ff}',
            '\u{ff00}'..='\u{ffef}',
        ];
        for c in ranges.into_iter().flatten() {
            let mut fast = String::new();
            nfkc_char(c, |n| fast.push(n));
            let slow: String = std::iter::once(c).nfkc().collect();
            assert_eq!(fast, slow, "{c:?}");
        }
    }

    #[test]
    fn the_width_fast_paths_agree_with_the_table() {
        let ranges = [
            '\0'..='\u{7f}',
            '\u{3000}'..='\u{30ff}',
            '\u{4e00}'..='\u{9fff}',
        ];
        for c in ranges.into_iter().flatten() {
            assert_eq!(char_width(c), c.width().unwrap_or(0), "{c:?}");
            assert_eq!(is_wide(c), c.width() == Some(2), "{c:?}");
        }
    }

    #[test]
    fn similarity_is_high_for_a_typo_and_low_for_different_text() {
        assert!(similarity("Connection Draining", "Conection Draining") > 0.85);
        assert!(similarity("Connection Draining", "スティッキー セッション") < 0.1);
        assert_eq!(similarity("a", "a"), 1.0);
    }

    /// Characters that compose, decompose or reorder in NFKC, among plain ones.
    const NFKC_MIX: &[char] = &[
        'a', 'E', ' ', 'か', 'は', 'カ', 'ハ', '上', '。', 'ー', '\u{3099}', '\u{309a}', 'ｶ', 'ﾞ',
        'ﾟ', 'e', '\u{301}', '\u{323}', '\u{308}', 'Ａ', '①', '㌔', '⽤', '\u{1100}', '\u{1161}',
        '\u{11a8}', 'ﬁ', '\u{3000}', 'ǅ', '\u{f900}', 'Å',
    ];

    proptest::proptest! {
        #[test]
        fn nfkc_in_pieces_is_the_whole_texts_nfkc(
            picks in proptest::collection::vec(proptest::sample::select(NFKC_MIX), 0..12),
            any in "\\PC{0,8}",
        ) {
            use unicode_normalization::UnicodeNormalization;
            let s: String = picks.into_iter().collect::<String>() + &any;
            let mut pieces = String::new();
            nfkc_pieces(&s, &mut pieces, |p, run| p.push_str(run), String::push);
            proptest::prop_assert_eq!(pieces, s.nfkc().collect::<String>());
        }
    }

    #[test]
    fn plain_len_agrees_with_is_nfkc_plain_on_every_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("{c}x");
            let expected = if is_nfkc_plain(c) { s.len() } else { 0 };
            assert_eq!(plain_len(&s, |_| true), expected, "{c:?}");
        }
        assert_eq!(plain_len("abCd", |b| !b.is_ascii_uppercase()), 2);
    }

    #[test]
    fn phrases_are_found_wherever_they_start() {
        static P: Phrases = Phrases::new(&[&["と思"], &["lol", "i think"]]);
        assert!(P.is_in("そうだと思う"));
        assert!(!P.is_in("と"));
        assert!(!P.is_in("とても"));
        let found: Vec<_> = P.find_iter("lolol, i think").collect();
        assert_eq!(found, [(0, "lol"), (2, "lol"), (7, "i think")]);
        assert!(!P.is_in(""));
        assert!(!P.is_in("lo"));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "ab\n日本x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 9), (2, 3));
    }
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 control characters, DEL, and the
/// bidirectional formatting characters (which reorder what is shown, so a printed path could
/// look like another).
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from data (notes, file names, the log, error messages) made safe to show on a
/// terminal: every control character and bidi control is shown escaped and visible (`\e`,
/// `\n`, `\t`, `\r`, else `\u{202E}`), so no escape sequence can reach the terminal. The one
/// sanitizer for the command line and the quiz screen alike.
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, false)
}

/// [`sanitize`], keeping line breaks and tabs (for multi-line text and whole command output).
pub fn sanitize_lines(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let kept = |c: char| keep_lines && (c == '\n' || c == '\t');
    if !s.chars().any(|c| unsafe_char(c) && !kept(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if kept(c) || !unsafe_char(c) => out.push(c),
            '\u{1b}' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A writer that passes everything through [`sanitize_lines`]: commands print through it, so
/// text from data can never reach the terminal as escape sequences, whichever command prints it.
pub struct SafeWriter<W: std::io::Write> {
    inner: W,
    /// The start of a UTF-8 sequence split across writes.
    pending: Vec<u8>,
}

impl<W: std::io::Write> SafeWriter<W> {
    pub fn new(inner: W) -> SafeWriter<W> {
        SafeWriter {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let bytes = std::mem::take(&mut self.pending);
        let (text, rest) = match std::str::from_utf8(&bytes) {
            Ok(t) => (t, &[][..]),
            Err(e) if e.error_len().is_none() => {
                // An incomplete sequence at the end: keep it for the next write.
                let (ok, rest) = bytes.split_at(e.valid_up_to());
                (std::str::from_utf8(ok).unwrap_or_default(), rest)
            }
            Err(_) => {
                let lossy = String::from_utf8_lossy(&bytes).into_owned();
                self.inner.write_all(sanitize_lines(&lossy).as_bytes())?;
                return Ok(buf.len());
            }
        };
        self.inner.write_all(sanitize_lines(text).as_bytes())?;
        self.pending = rest.to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let rest = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.inner.write_all(rest.as_bytes())?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod sanitize_tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn control_characters_and_bidi_controls_are_shown_escaped() {
        assert_eq!(sanitize("plain 日本語"), "plain 日本語");
        assert_eq!(
            sanitize("a\u{1b}]52;c;aGk=\u{7}b\u{1b}[2J"),
            "a\\e]52;c;aGk=\\u{7}b\\e[2J"
        );
        assert_eq!(
            sanitize("x\u{202E}gpj.exe\ny\t"),
            "x\\u{202E}gpj.exe\\ny\\t"
        );
        assert_eq!(sanitize("\u{9b}31m\u{7f}"), "\\u{9B}31m\\u{7F}");
        assert_eq!(sanitize_lines("a\nb\tc\r"), "a\nb\tc\\r");
    }

    #[test]
    fn the_safe_writer_escapes_across_split_writes() {
        let mut w = SafeWriter::new(Vec::new());
        let text = "é\u{202E}\u{1b}[2J\n";
        let bytes = text.as_bytes();
        for b in bytes {
            w.write_all(std::slice::from_ref(b)).unwrap();
        }
        w.flush().unwrap();
        assert_eq!(String::from_utf8(w.inner).unwrap(), "é\\u{202E}\\e[2J\n");
    }
}

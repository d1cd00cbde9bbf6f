//! Text helpers for Japanese mixed with English.
//!
//! Display text is always kept exactly as written (CJK compatibility ideographs included); these
//! helpers fold text only for matching and search, and measure it for layout.

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

/// The form used for every comparison and search: NFKC (so `⽤` matches `用`, `ＥＬＢ` matches
/// `ELB`, `（` matches `(`), lower case, and runs of whitespace folded to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Text NFKC leaves as it is (ASCII, kana, common kanji) skips the normalizer.
    let plain = s.chars().all(is_nfkc_plain);
    let chars: Box<dyn Iterator<Item = char>> = if plain {
        Box::new(s.chars())
    } else {
        Box::new(s.nfkc())
    };
    for c in chars.flat_map(lower) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// One character in NFKC, with a fast path for the characters NFKC leaves alone that fill
/// most notes (ASCII, kana, common kanji). Composition across characters (a kana and a
/// combining mark written apart) is not done: for word matching, not for display or search.
pub fn nfkc_char(c: char, mut f: impl FnMut(char)) {
    if is_nfkc_plain(c) {
        f(c);
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
fn is_nfkc_plain(c: char) -> bool {
    c.is_ascii()
        || ('\u{3041}'..='\u{3096}').contains(&c)
        || ('\u{30a1}'..='\u{30fa}').contains(&c)
        || ('\u{4e00}'..='\u{9fff}').contains(&c)
        || matches!(c, '、' | '。' | 'ー' | '・' | '「' | '」')
}

/// Display width in terminal columns (wide CJK characters count 2).
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// True for characters that take two columns: kana, kanji, full-width forms.
pub fn is_wide(c: char) -> bool {
    c.width() == Some(2)
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
    let (a, b) = (fold(a), fold(b));
    if a == b {
        return 1.0;
    }
    let (ga, gb) = (grams(&a), grams(&b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < ga.len() && j < gb.len() {
        match ga[i].cmp(&gb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (ga.len() + gb.len()) as f64
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
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn similarity_is_high_for_a_typo_and_low_for_different_text() {
        assert!(similarity("Connection Draining", "Conection Draining") > 0.85);
        assert!(similarity("Connection Draining", "スティッキー セッション") < 0.1);
        assert_eq!(similarity("a", "a"), 1.0);
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "ab\n日本x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 9), (2, 3));
    }
}

//! English words written again in katakana: Japanese notes say `コマンドラインツール` under
//! `EB Command Line Interface`, `インターネットからアクセスできる` under `Internet-Facing ELB`. A
//! loanword keeps the English word's consonants in order (`command line` → k m n d r n,
//! `コマンドライン` → k m n d r n), so the two are compared by that skeleton: no dictionary.

/// The consonants of a katakana letter's reading (`コ` → `k`, `フ` → `f`, `ン` → `n`; a vowel, `ー`
/// or `ッ` → none), or `None` for a character that is no katakana.
fn kana_consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ア' | 'イ' | 'ウ' | 'エ' | 'オ' | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ャ' | 'ュ'
        | 'ョ' | 'ヤ' | 'ユ' | 'ヨ' | 'ワ' | 'ヲ' | 'ー' | 'ッ' => "",
        'カ' | 'キ' | 'ク' | 'ケ' | 'コ' => "k",
        'サ' | 'シ' | 'ス' | 'セ' | 'ソ' => "s",
        'タ' | 'チ' | 'ツ' | 'テ' | 'ト' => "t",
        'ナ' | 'ニ' | 'ヌ' | 'ネ' | 'ノ' | 'ン' => "n",
        'ハ' | 'ヒ' | 'ヘ' | 'ホ' => "h",
        'フ' => "f",
        'マ' | 'ミ' | 'ム' | 'メ' | 'モ' => "m",
        'ラ' | 'リ' | 'ル' | 'レ' | 'ロ' => "r",
        'ガ' | 'ギ' | 'グ' | 'ゲ' | 'ゴ' => "g",
        'ザ' | 'ズ' | 'ゼ' | 'ゾ' | 'ヅ' => "z",
        'ジ' | 'ヂ' => "j",
        'ダ' | 'デ' | 'ド' => "d",
        'バ' | 'ビ' | 'ブ' | 'ベ' | 'ボ' | 'ヴ' => "b",
        'パ' | 'ピ' | 'プ' | 'ペ' | 'ポ' => "p",
        _ => return None,
    })
}

/// The consonant skeleton of an English word as Japanese hears it: `c` before `e`/`i`/`y` is
/// `s`, else `k`; `l` is `r`, `v` is `b`, `ph` is `f`, `th` and `sh` are `s`, `ti` before a
/// vowel is `s` (`-tion`), `g` before `e`/`i`/`y` is `j`, `m` before `p`/`b` is `n` (a `b`
/// after `m` and before no vowel is silent: `lambda`); an `r`
/// not followed by a vowel is silent (`server` → `サーバー`), as are `w`, `kn`'s `k`, and an `h`
/// after a consonant. Vowels are dropped, doubled consonants counted once.
fn word_skeleton(word: &[u8], out: &mut Vec<u8>) {
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut i = 0;
    while i < word.len() {
        let (c, next) = (word[i], word.get(i + 1).copied());
        let after = word.get(i + 2).copied();
        let front_vowel = matches!(next, Some(b'e' | b'i' | b'y'));
        let sound: Option<u8> = match c {
            b'c' if next == Some(b'h') => Some(b'k'),
            b'c' if front_vowel => Some(b's'),
            b'k' if i == 0 && next == Some(b'n') => None,
            b'c' | b'q' => Some(b'k'),
            b'x' => {
                push(out, b'k');
                Some(b's')
            }
            b'l' => Some(b'r'),
            b'v' => Some(b'b'),
            b'p' if next == Some(b'h') => {
                i += 1;
                Some(b'f')
            }
            b't' | b's' if next == Some(b'h') => {
                i += 1;
                Some(b's')
            }
            b't' if next == Some(b'i') && after.is_some_and(vowel) => Some(b's'),
            b'g' if front_vowel => Some(b'j'),
            // `number` → `ナンバー`; but `lambda` → `ラムダ`: a `b` after `m` and before no
            // vowel is silent, and the `m` stays.
            b'm' if next == Some(b'p') || (next == Some(b'b') && after.is_some_and(vowel)) => {
                Some(b'n')
            }
            b'b' if i > 0 && word[i - 1] == b'm' && !next.is_some_and(vowel) => None,
            b'r' if !next.is_some_and(vowel) => None,
            b'w' => None,
            b'h' if !out.is_empty() => None,
            _ if vowel(c) => None,
            _ => Some(c),
        };
        if let Some(s) = sound {
            push(out, s);
        }
        i += 1;
    }
}

fn push(out: &mut Vec<u8>, b: u8) {
    if out.last() != Some(&b) {
        out.push(b);
    }
}

/// Skeletons this short match by chance.
const MIN_WHOLE: usize = 3;
/// A skeleton found inside a longer katakana run (`コマンドライン` in `コマンドラインツール`)
/// needs more consonants.
const MIN_PART: usize = 4;

/// Marks in `covered` the characters of `text` (folded characters, as the caller counts them)
/// that write again, in katakana, English words of `front`: one to three words in a row
/// (`Command Line`), matched by skeleton. Returns whether any were found.
pub fn mark_loanwords(front: &str, text: &[char], covered: &mut [bool]) -> bool {
    // The front's English words, and the skeletons of one to three of them in a row.
    let lower = front.to_ascii_lowercase();
    let words: Vec<&[u8]> = lower
        .as_bytes()
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let mut skeletons: Vec<Vec<u8>> = Vec::new();
    for i in 0..words.len() {
        let mut s = Vec::new();
        for w in &words[i..words.len().min(i + 3)] {
            word_skeleton(w, &mut s);
            if s.len() >= MIN_WHOLE {
                skeletons.push(s.clone());
            }
        }
    }
    if skeletons.is_empty() {
        return false;
    }
    let mut any = false;
    let mut i = 0;
    while i < text.len() {
        if kana_consonant(text[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && kana_consonant(text[i]).is_some() {
            i += 1;
        }
        // The run's skeleton, with the character each consonant comes from.
        let (mut skeleton, mut from) = (Vec::new(), Vec::new());
        for (k, c) in text[start..i].iter().enumerate() {
            for b in kana_consonant(*c).unwrap_or_default().bytes() {
                if skeleton.last() != Some(&b) {
                    skeleton.push(b);
                    from.push(start + k);
                }
            }
        }
        for s in &skeletons {
            let whole = *s == skeleton && s.len() >= MIN_WHOLE;
            let at = if whole {
                Some(0)
            } else if s.len() >= MIN_PART {
                skeleton.windows(s.len()).position(|w| w == s.as_slice())
            } else {
                None
            };
            let Some(at) = at else { continue };
            // From the vowels that open the first consonant's word (`イ` of `インター`).
            let mut a = from[at];
            while a > start && kana_consonant(text[a - 1]) == Some("") {
                a -= 1;
            }
            // Through the vowels and `ー` that end the last consonant's sound.
            let mut b = from[at + s.len() - 1] + 1;
            while b < i && kana_consonant(text[b]) == Some("") {
                b += 1;
            }
            covered[a..b].fill(true);
            any = true;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeleton(w: &str) -> String {
        let mut out = Vec::new();
        word_skeleton(w.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    fn marked(front: &str, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut covered = vec![false; chars.len()];
        mark_loanwords(front, &chars, &mut covered);
        chars
            .iter()
            .zip(&covered)
            .map(|(c, k)| if *k { *c } else { '.' })
            .collect()
    }

    #[test]
    fn english_words_sound_as_their_katakana() {
        for (w, s) in [
            ("command", "kmnd"),
            ("interface", "ntfs"),
            ("cluster", "krst"),
            ("managed", "mnjd"),
            ("server", "sb"),
            ("function", "fnksn"),
            ("compute", "knpt"),
            ("know", "n"),
            ("lambda", "rmd"),
            ("number", "nb"),
        ] {
            assert_eq!(skeleton(w), s, "{w}");
        }
    }

    #[test]
    fn katakana_that_writes_the_front_again_is_marked() {
        assert_eq!(
            marked(
                "EB Command Line Interface",
                "ハイレベルな操作が可能なコマンドラインツール"
            ),
            "............コマンドライン..."
        );
        assert_eq!(
            marked("Internet-Facing ELB", "インターネットからアクセスできるELB"),
            "インターネット............"
        );
        // Other loanwords are not.
        assert_eq!(marked("Cluster", "タスクを配置する"), "........");
        assert_eq!(marked("Task", "タスクを配置する"), "タスク.....");
        assert_eq!(
            marked("Border Gateway Protocol", "ルーティングプロトコル"),
            "......プロトコル"
        );
    }
}

//! Finding the values worth hiding in a fact: numbers with a unit (`16TB`, `3,000 個`, `2 分間`),
//! percentages (`99.999999999%`), money (`$250.00`, `0.36 USD`) and ranges of them
//! (`5%から50%`, `1日−2.5日`).

use std::ops::Range;

/// Units after a number, longest first where one is a prefix of another.
const UNITS: &[&str] = &[
    "%",
    "％",
    "TB/s",
    "GB/s",
    "MB/s",
    "KB/s",
    "TiB",
    "GiB",
    "MiB",
    "KiB",
    "TB",
    "GB",
    "MB",
    "KB",
    "PB",
    "Gbps",
    "Mbps",
    "ms",
    "USD",
    "円",
    "ドル",
    "個",
    "回",
    "分間",
    "分",
    "秒",
    "時間",
    "日間",
    "日",
    "週間",
    "か月",
    "ヶ月",
    "カ月",
    "年",
    "世代",
    "台",
    "種類",
    "パターン",
    "つ",
    "番",
    "件",
    "文字",
    "桁",
    "倍",
    "人",
    "ノード",
    "リージョン",
    // English units, longest first where one is a prefix of another.
    "milliseconds",
    "seconds",
    "second",
    "minutes",
    "minute",
    "hours",
    "hour",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "times",
    "requests",
    "instances",
    "copies",
];
/// Units that say how big something is; "1" with any other unit (`1つ`, `1 秒あたり`) is not
/// a fact worth a card.
const SIZE_UNITS: &[&str] = &[
    "%", "％", "TB/s", "GB/s", "MB/s", "KB/s", "TiB", "GiB", "MiB", "KiB", "TB", "GB", "MB", "KB",
    "PB", "Gbps", "Mbps", "USD", "円", "ドル",
];
/// What may join two values into one range.
const CONNECTORS: &[&str] = &["から", "〜", "～", "-", "–", "−", "/約", "/"];

/// Byte ranges of the values in `text`, in order, without repeats of the same value.
pub fn values(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut excluded: Option<Vec<Range<usize>>> = None;
    // (range, trivial): a lone `1つ` is dropped, but `1日−2.5日` is a range worth asking.
    let mut found: Vec<(Range<usize>, bool)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // A value starts with an ASCII digit, `$`, or a full-width digit (EF BC 90..99): all at
        // character boundaries.
        let candidate = b[i].is_ascii_digit()
            || b[i] == b'$'
            || (b[i] == 0xEF
                && b.get(i + 1) == Some(&0xBC)
                && matches!(b.get(i + 2), Some(0x90..=0x99)));
        if candidate && let Some((m, trivial)) = value_at(text, i) {
            let excluded = excluded.get_or_insert_with(|| excluded_spans(text));
            if !excluded.iter().any(|e| e.start < m.end && m.start < e.end) {
                match found.last_mut() {
                    Some((last, last_trivial))
                        if CONNECTORS
                            .iter()
                            .any(|conn| &text[last.end..m.start] == *conn) =>
                    {
                        last.end = m.end;
                        *last_trivial = false;
                    }
                    _ => {
                        // `7〜30日`: a bare number before a range's connector starts the range.
                        let start = bare_number_before(text, m.start).unwrap_or(m.start);
                        let trivial = trivial && start == m.start;
                        found.push((start..m.end, trivial));
                    }
                }
                i = m.end;
                continue;
            }
        }
        i += 1;
    }
    if found.is_empty() {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .filter(|(r, trivial)| !trivial && seen.insert(&text[r.clone()]))
        .map(|(r, _)| r)
        .collect()
}

/// A value starting exactly at byte `i`, if any, and whether it is trivial on its own.
fn value_at(text: &str, i: usize) -> Option<(Range<usize>, bool)> {
    let rest = &text[i..];
    if !rest.starts_with(|c: char| c == '$' || is_digit(c)) {
        return None;
    }
    let prev = text[..i].chars().next_back();
    if prev.is_some_and(|p| {
        p.is_ascii_alphanumeric() || p == '.' || p == '_' || p == '$' || is_digit(p)
    }) {
        return None;
    }
    let dollar = rest.starts_with('$');
    let num_start = if dollar { 1 } else { 0 };
    let num_len = number_len(&rest[num_start..]);
    if num_len == 0 {
        return None;
    }
    let end = num_start + num_len;
    let number = &rest[num_start..end];
    if dollar {
        return Some((i..i + end, false));
    }
    let after = &rest[end..];
    let (gap, after_gap) = match after.strip_prefix(' ') {
        Some(a) => (1, a),
        None => (0, after),
    };
    let unit = UNITS.iter().find(|u| after_gap.starts_with(**u))?;
    let tail = &after_gap[unit.len()..];
    if unit.is_ascii()
        && unit.chars().all(|c| c.is_ascii_alphabetic())
        && tail.starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return None; // `5 TBx`, `3 GBit`: not this unit
    }
    // `2世代目以降`, `3回目`, `第2世代`: an ordinal says which one, not how much.
    if tail.starts_with('目') || prev == Some('第') {
        return None;
    }
    let trivial = is_one(number) && !SIZE_UNITS.contains(unit);
    Some((i..i + end + gap + unit.len(), trivial))
}

/// A price (`$250.00`, `月額1GB/約3円`, `0.36 USD`): prices change by Region and over time, so a
/// blank on one asks for a figure that goes stale.
pub fn is_price(value: &str) -> bool {
    value.starts_with('$') || ["円", "ドル", "USD"].iter().any(|u| value.contains(u))
}

/// A rough figure (`10日程度`, `約3円`, `about 2 days`): it has no one right answer to recall.
/// `start..end` is the value in `sentence`.
pub fn is_rough(sentence: &str, start: usize, end: usize) -> bool {
    let before = sentence[..start].trim_end().to_lowercase();
    let after = sentence[end..].trim_start();
    [
        "約",
        "およそ",
        "おおよそ",
        "大体",
        "だいたい",
        "about",
        "approximately",
        "roughly",
        "around",
        "~",
        "〜",
    ]
    .iter()
    .any(|w| before.ends_with(w))
        || ["程度", "くらい", "ぐらい", "ほど", "前後"]
            .iter()
            .any(|w| after.starts_with(w))
}

/// A year (`2021年`, `2024`): when something changed is trivia, not a fact to recall. A bare
/// number is a year only from 1990 to 2039 (`2048` MB is no year).
pub fn is_year(value: &str) -> bool {
    let v = value.trim().trim_end_matches(['〜', '~']);
    let marked = v.ends_with('年');
    let digits: String = v
        .trim_end_matches('年')
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect();
    let Ok(year) = digits.parse::<u32>() else {
        return false;
    };
    digits.len() == 4
        && if marked {
            (1900..2100).contains(&year)
        } else {
            (1990..2040).contains(&year)
        }
}

/// A value the sentence gives as the old one (`(昔は5個)`, `以前は`, `formerly 5`): the card
/// would teach what is no longer so.
pub fn is_past(sentence: &str, start: usize) -> bool {
    let before = sentence[..start].trim_end().to_lowercase();
    let before = before.trim_end_matches(['(', '（', ' ']);
    [
        "昔は",
        "以前は",
        "かつては",
        "元々は",
        "もともとは",
        "旧",
        "formerly",
        "previously",
        "used to be",
        "was once",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_one(number: &str) -> bool {
    number == "1" || number == "１"
}

/// Length of a number at the start of `s`: digits, `,` thousands groups, one decimal part.
/// Where a bare number starts that is joined to the value at `at` by a range connector.
fn bare_number_before(text: &str, at: usize) -> Option<usize> {
    let before = &text[..at];
    let conn = CONNECTORS.iter().find(|c| before.ends_with(**c))?;
    let head = &before[..before.len() - conn.len()];
    let digits = head.len()
        - head
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
            .len();
    let start = head.len() - digits;
    let boundary = head[..start]
        .chars()
        .next_back()
        .is_none_or(|p| !p.is_ascii_alphanumeric() && p != '.');
    (digits > 0 && head[start..].starts_with(|c: char| c.is_ascii_digit()) && boundary)
        .then_some(start)
}

fn number_len(s: &str) -> usize {
    let mut len = 0;
    let mut seen_point = false;
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if is_digit(c) {
            len = at + c.len_utf8();
        } else if (c == ',' || (c == '.' && !seen_point))
            && len > 0
            && chars.peek().is_some_and(|(_, n)| is_digit(*n))
        {
            seen_point |= c == '.';
        } else {
            break;
        }
    }
    len
}

/// Parts of the text that are not prose: URLs, link targets and inline code.
fn excluded_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if !text.contains([':', ']', '`']) {
        return spans;
    }
    for scheme in ["http://", "https://"] {
        let mut from = 0;
        while let Some(p) = text[from..].find(scheme) {
            let start = from + p;
            let len = text[start..]
                .find(|c: char| c.is_whitespace() || ")）」>]\"'".contains(c))
                .unwrap_or(text.len() - start);
            spans.push(start..start + len);
            from = start + len.max(1);
        }
    }
    let mut from = 0;
    while let Some(p) = text[from..].find("](") {
        let start = from + p;
        let end = text[start..].find(')').map_or(text.len(), |e| start + e);
        spans.push(start..end);
        from = end.max(start + 2);
    }
    let mut in_code = None;
    for (i, c) in text.char_indices() {
        if c == '`' {
            match in_code.take() {
                Some(s) => spans.push(s..i),
                None => in_code = Some(i),
            }
        }
    }
    spans
}

/// Whether the sentence holding the value at byte `at` of `text` says what is not (`…2 分間の
/// 通知は提供されません`, `… is not …`): the value is no fact to recall, and the blank could be
/// filled with anything the negation also denies.
pub fn is_negated(text: &str, at: usize) -> bool {
    // The sentence: from after the last full stop before the value (`。`, or `. ` in English)
    // to the next one.
    let start = [
        text[..at].rfind(['。', '．']).map(|i| i + '。'.len_utf8()),
        text[..at].rfind(". ").map(|i| i + 2),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let end = [text[at..].find(['。', '．']), text[at..].find(". ")]
        .into_iter()
        .flatten()
        .min()
        .map_or(text.len(), |i| at + i);
    let clause = text[start..end].trim_end_matches(['.', ' ']);
    let lower = clause.to_ascii_lowercase();
    ["ません", "ない", "不可", "できず"]
        .iter()
        .any(|e| clause.ends_with(e))
        || lower.contains(" not ")
        || lower.contains("n't ")
}

#[cfg(test)]
mod tests {

    #[test]
    fn years_and_old_values_are_no_blanks() {
        for y in ["2021年", "２０２４年", "2025"] {
            assert!(is_year(y), "{y}");
        }
        for v in ["2021個", "300年", "15年", "2048", "+2021"] {
            assert!(!is_year(v), "{v}");
        }
        let t = "上限は10個(昔は5個)";
        assert!(is_past(t, t.find('5').unwrap()));
        assert!(!is_past(t, t.find('1').unwrap()));
        let t = "The limit was raised to 10 (formerly 5)";
        assert!(is_past(t, t.find('5').unwrap()));
    }

    #[test]
    fn a_value_is_negated_by_its_own_sentence_only() {
        let t = "休止状態のアクションについては、2 分間の通知は提供されません。";
        assert!(is_negated(t, t.find('2').unwrap()));
        let t = "最大 15 個まで指定可能。削除はできない";
        assert!(!is_negated(t, t.find('1').unwrap()));
        let t = "The notice comes 2 minutes ahead. A stop does not wait.";
        assert!(!is_negated(t, t.find('2').unwrap()));
        assert!(is_negated("It does not wait 2 minutes", 17));
    }
    use super::*;

    #[test]
    fn a_range_with_a_bare_first_number_is_one_blank() {
        let t = "キーの削除には7〜30日の待機期間がある";
        let v: Vec<&str> = values(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(v, ["7〜30日"]);
    }

    fn vals(t: &str) -> Vec<&str> {
        values(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn finds_values_in_the_notes() {
        assert_eq!(vals("最大容量は16TB"), ["16TB"]);
        assert_eq!(vals("高い耐久性(99.999999999%)"), ["99.999999999%"]);
        assert_eq!(
            vals("同時に最大 3,000 個までのパス指定が可能"),
            ["3,000 個"]
        );
        assert_eq!(vals("IOPSに5%から50%のペナルティが発生する"), ["5%から50%"]);
        assert_eq!(
            vals("S3へのデータアップロードは1日−2.5日程度で完了"),
            ["1日−2.5日"]
        );
        assert_eq!(vals("$250.00(80TBアプライアンス)"), ["$250.00", "80TB"]);
        assert_eq!(
            vals("アジアパシフィック (シドニー) 0.36 USD/GB-月"),
            ["0.36 USD"]
        );
        assert_eq!(
            vals("デフォルトではEC2から外向きTCP 25番ポートは制限対象"),
            ["25番"]
        );
    }

    #[test]
    fn ignores_names_versions_urls_and_trivial_ones() {
        assert!(vals("Route 53 を使用する場合").is_empty());
        assert!(vals("AES-256による暗号化, S3, EC2, HTTP/1.1, NFS v4").is_empty());
        assert!(vals("1つのASGに複数のPlanを設定可能、１つ１つのSQL").is_empty());
        // Prices go stale; rough figures have no one answer.
        assert!(is_price("$250.00") && is_price("1GB/約3円") && is_price("0.36 USD"));
        assert!(!is_price("16TB"));
        let t = "運搬も含めて10日程度で完了、約3日で到着";
        let r = values(t);
        assert!(r.iter().all(|r| is_rough(t, r.start, r.end)), "{r:?}");
        let t = "最大15分まで実行";
        assert!(values(t).iter().all(|r| !is_rough(t, r.start, r.end)));
        // Ordinals say which one, not how much.
        assert!(vals("2世代目以降は差分データを保存する").is_empty());
        assert!(vals("第3世代のインスタンス、5回目の再試行").is_empty());
        assert_eq!(vals("1 秒あたり 100 個以上のリクエスト"), ["100 個"]);
        assert!(vals("詳細(http://example.com/16TB/5%)").is_empty());
        assert!(vals("`16TB` in code").is_empty());
    }
}

//! "Which service?" cards: which service a section is about, whether a fact points to that one
//! service, and the fact with every spelling of the service hidden.

use super::outline::{Node, NodeKind, Outline};
use crate::catalog::{Catalog, Heading};
use crate::text::width;

/// The service (or glossary topic) a section is about, and how it is written.
#[derive(Clone, Debug)]
pub struct Service {
    /// The card's answer: the official name (with its abbreviation).
    pub answer: String,
    /// Every spelling (names, short names, abbreviations, the heading's own), to mask and to
    /// accept as typed answers.
    pub spellings: Vec<String>,
    /// The spellings folded, for masking.
    pub folded: Vec<Vec<char>>,
    /// The spellings other than the answer: what a card accepts besides it.
    pub answers: Vec<String>,
    /// Index into the catalog, for counting words per service.
    pub index: usize,
    /// The headings below the one that names the service (`ファイルゲートウェイ`), with the
    /// service's names masked: what a card must show in place of its hidden section.
    pub below: Option<String>,
}

impl Service {
    pub fn new(
        catalog: &Catalog,
        i: usize,
        spellings: Vec<String>,
        below: Option<String>,
    ) -> Service {
        let answer = catalog.display_name(i);
        let key = crate::text::fold(&answer);
        let answers = spellings
            .iter()
            .filter(|s| crate::text::fold(s) != key)
            .cloned()
            .collect();
        let mut masked = spellings.clone();
        masked.extend(catalog.initials(i));
        masked.extend(catalog.entry(i).kana.iter().cloned());
        Service {
            folded: fold_names(&masked),
            answer,
            answers,
            spellings,
            index: i,
            below,
        }
    }
}

/// The nearest heading of `path` that names a service. A heading that reads like a service
/// name the catalog does not know (`Amazon Redis`) stops the search: its facts are about
/// something else than its parent's service.
pub fn of_section(catalog: &Catalog, path: &[String]) -> Option<Service> {
    of_section_with(catalog, path, &mut Default::default())
}

/// The service a heading names, and its spellings folded for [`mask_folded`]: the same for
/// every section under that heading.
type Named = (Service, Vec<Vec<char>>);

/// [`of_section`], with the services of the headings seen before (catalog index, heading)
/// kept in `named`: the sections under one service heading share its work.
fn of_section_with<'p>(
    catalog: &Catalog,
    path: &'p [String],
    named: &mut crate::cache::FastMap<(usize, &'p str), Named>,
) -> Option<Service> {
    // Services a heading below names in passing (`#### VPC Flow Logs`, `### Amazon
    // CloudWatch との連携`).
    let mut mentioned: Vec<usize> = Vec::new();
    for (j, h) in path.iter().enumerate().rev() {
        match catalog.heading(h) {
            // `#### VPC Flow Logs` written under `### Transit Gateway`: its facts are about
            // the service it names (or both), not the one above it.
            Heading::Names(i) if !mentioned.is_empty() && !mentioned.contains(&i) => return None,
            Heading::Names(i) => {
                let (service, names) = named.entry((i, h)).or_insert_with(|| {
                    let spellings = catalog.spellings(i, h);
                    let kana = catalog.entry(i).kana.iter().cloned();
                    let names =
                        fold_names(&spellings.iter().cloned().chain(kana).collect::<Vec<_>>());
                    (Service::new(catalog, i, spellings, None), names)
                });
                let below = (j + 1 < path.len())
                    .then(|| {
                        let levels: Vec<&str> = path[j + 1..]
                            .iter()
                            .map(|l| crate::catalog::strip_numbering(l))
                            .filter(|l| !super::extract::is_generic_label(l))
                            .collect();
                        let masked = mask_folded(&levels.join(" › "), names);
                        // A name with an abbreviation (`Virtual Private Cloud`, VPC) is
                        // written by it; its words are everyday words (`プライベート`).
                        let entry = catalog.entry(i);
                        if entry.abbr.is_empty() {
                            mask_loanwords(&masked, &entry.name)
                        } else {
                            masked
                        }
                    })
                    .filter(|b| !b.is_empty());
                return Some(Service {
                    below,
                    ..service.clone()
                });
            }
            Heading::Unknown => return None,
            // `Container技術について`, `About containers`: a section about something else
            // than the service above it.
            Heading::Plain if is_about(h) => return None,
            // `### 所感`: impressions of the service, not facts about it.
            Heading::Plain if super::extract::is_impression(crate::catalog::strip_numbering(h)) => {
                return None;
            }
            Heading::Plain => {
                let t = crate::catalog::strip_numbering(h);
                let names = catalog.names_in(t);
                // `#### VPC Flow Logs`, `### S3 Lifecycle`: a feature of the service its
                // heading starts with, whatever heading is above it.
                // (`🔐 KMS quick hits`, `🪣 S3 data protection`: marks before the name, and a
                // heading that names no other service.)
                if mentioned.is_empty()
                    && let [(r, e)] = names.as_slice()
                    && !t[..r.start].chars().any(char::is_alphanumeric)
                    && t[r.end..].starts_with(' ')
                    && t[r.end..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_alphabetic())
                {
                    let spellings = catalog.spellings(*e, &t[r.clone()]);
                    let below = Some(mask(t, &spellings));
                    return Some(Service::new(catalog, *e, spellings, below));
                }
                mentioned.extend(names.into_iter().map(|(_, e)| e));
            }
        }
    }
    None
}

/// `Xについて`, `About X`: a heading that says what else it is about.
fn is_about(h: &str) -> bool {
    let t = crate::catalog::strip_numbering(h.trim());
    t.ends_with("について") || t.to_ascii_lowercase().starts_with("about ")
}

/// Replacement for a hidden name.
pub const BLANK: &str = "＿＿";

/// Hide every spelling of the service in `text`. Matching is NFKC-, case-, width- and
/// whitespace-folded (no-break spaces included, spaces inside names optional), and never
/// inside a longer Latin word (`EB` in `Web`). Longest spellings win.
pub fn mask(text: &str, spellings: &[String]) -> String {
    mask_folded(text, &fold_names(spellings))
}

/// `text` with the service's name written again in katakana hidden (`ファイルゲートウェイ`
/// under `AWS Storage Gateway` → `ファイル＿＿`): the words of its name that no other service's
/// notes use as well (not `Simple`, `Storage`, `Service`), matched by sound
/// ([`super::loanword`]).
pub fn mask_loanwords(text: &str, name: &str) -> String {
    if !text.chars().any(|c| ('\u{30a0}'..='\u{30ff}').contains(&c)) {
        return text.to_string();
    }
    let generic = generic_words();
    let chars: Vec<char> = text.chars().collect();
    let mut covered = vec![false; chars.len()];
    let mut any = false;
    for word in name.split(|c: char| !c.is_ascii_alphabetic()) {
        let w: Vec<char> = word.to_ascii_lowercase().chars().collect();
        if w.len() < 4 || generic.contains(&hash_word(&w)) || is_vendor(&w) {
            continue;
        }
        any |= super::loanword::mark_loanwords(word, &chars, &mut covered);
    }
    if !any {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    while k < chars.len() {
        if covered[k] {
            out.push_str(BLANK);
            while k < chars.len() && covered[k] {
                k += 1;
            }
        } else {
            out.push(chars[k]);
            k += 1;
        }
    }
    out
}

/// Whether a spelling of five or more characters (`codedeploy`, not `eb`) is still in the
/// masked text's code, inside an identifier (`CodeDeployDefault`,
/// `AWSCloudFormationStackSetRole`). Prose is not searched: `configuration` is a word.
pub fn names_inside_a_word(masked: &str, names: &[Vec<char>]) -> bool {
    masked.split('`').skip(1).step_by(2).any(|code| {
        let folded = Folded::new(code);
        names
            .iter()
            .filter(|n| n.len() >= 5)
            .any(|n| folded.chars.windows(n.len()).any(|w| w == n.as_slice()))
    })
}

pub const WHY_INSIDE: &str =
    "names the service inside a longer word (`CodeDeployDefault.AllAtOnce`): it shows the answer";

/// Spellings folded for [`mask_folded`], longest first.
pub fn fold_names(spellings: &[String]) -> Vec<Vec<char>> {
    let mut names: Vec<Vec<char>> = spellings
        .iter()
        .map(|s| Folded::new(s).chars)
        .filter(|c| !c.is_empty())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names
}

/// [`mask`] with the names folded once, for many facts about one service.
pub fn mask_folded(text: &str, names: &[Vec<char>]) -> String {
    let folded = Folded::new(text);
    let f = &folded.chars;
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for name in names {
        let mut i = 0;
        while i + name.len() <= f.len() {
            let j = i + name.len();
            if f[i..j] == name[..]
                && folded.boundary_before(i)
                && folded.boundary_after(j)
                && !hits.iter().any(|&(a, b)| a < j && i < b)
            {
                hits.push((i, j));
                i = j;
            } else {
                i += 1;
            }
        }
    }
    hits.sort_unstable();
    blank_hits(text, &folded, &hits)
}

/// `text` with each hit (a range of folded characters, in order) replaced by [`BLANK`].
fn blank_hits(text: &str, folded: &Folded, hits: &[(usize, usize)]) -> String {
    if hits.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for &(a, b) in hits {
        let (start, end) = (folded.spans[a].0, folded.spans[b - 1].1);
        out.push_str(&text[from..start]);
        out.push_str(BLANK);
        from = end;
    }
    out.push_str(&text[from..]);
    out
}

/// A text folded for matching names, space-free, each folded character mapped back to the
/// bytes of the original character it came from.
struct Folded {
    chars: Vec<char>,
    spans: Vec<(usize, usize)>,
    /// Whether a space stood before the character in the original.
    spaced: Vec<bool>,
}

impl Folded {
    fn new(s: &str) -> Folded {
        let mut f = Folded {
            chars: Vec::with_capacity(s.len()),
            spans: Vec::with_capacity(s.len()),
            spaced: Vec::with_capacity(s.len()),
        };
        let mut space = false;
        for (at, c) in s.char_indices() {
            let span = (at, at + c.len_utf8());
            // `ケ` + U+3099 is `ゲ`: a decomposed voiced mark joins the kana before it, as NFKC
            // of the whole text would (`テープゲートウェイ` as some notes store it).
            if matches!(c, '\u{3099}' | '\u{309a}')
                && let Some(last) = f.chars.last_mut()
                && let Some(composed) = unicode_normalization::char::compose(*last, c)
            {
                *last = composed;
                if let Some(sp) = f.spans.last_mut() {
                    sp.1 = span.1;
                }
                continue;
            }
            // ASCII, kana and common kanji (most notes) fold to themselves or their lower case.
            if c.is_ascii() || crate::text::is_nfkc_plain(c) {
                if c.is_whitespace() {
                    space = true;
                } else {
                    f.chars.push(c.to_ascii_lowercase());
                    f.spans.push(span);
                    f.spaced.push(std::mem::take(&mut space));
                }
                continue;
            }
            crate::text::nfkc_char(c, |n| {
                for n in crate::text::lower(n) {
                    if n.is_whitespace() {
                        space = true;
                        continue;
                    }
                    f.chars.push(n);
                    f.spans.push(span);
                    f.spaced.push(std::mem::take(&mut space));
                }
            });
        }
        f
    }

    fn latin(c: char) -> bool {
        c.is_ascii_alphanumeric()
    }

    fn boundary_before(&self, i: usize) -> bool {
        i == 0 || self.spaced[i] || !Self::latin(self.chars[i - 1]) || !Self::latin(self.chars[i])
    }

    fn boundary_after(&self, j: usize) -> bool {
        j == self.chars.len()
            || self.spaced[j]
            || !Self::latin(self.chars[j])
            || !Self::latin(self.chars[j - 1])
    }
}

/// Phrases to find in many texts (the shared features), indexed by their first folded
/// character: a text is read once, and at each character only the phrases starting with it
/// are tried, longest first.
pub struct PhraseIndex {
    /// (folded phrase, what it stands for)
    phrases: Vec<(Vec<char>, usize)>,
    /// first character → indices into `phrases`, longest first
    by_first: crate::cache::FastMap<char, Vec<usize>>,
}

impl PhraseIndex {
    /// `phrases` as [`Folded`] folds text, each with what it stands for.
    pub fn new(phrases: impl IntoIterator<Item = (String, usize)>) -> PhraseIndex {
        let mut all: Vec<(Vec<char>, usize)> = phrases
            .into_iter()
            .map(|(p, k)| (Folded::new(&p).chars, k))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        all.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        all.dedup();
        let mut by_first: crate::cache::FastMap<char, Vec<usize>> = Default::default();
        for (i, (p, _)) in all.iter().enumerate() {
            by_first.entry(p[0]).or_default().push(i);
        }
        PhraseIndex {
            phrases: all,
            by_first,
        }
    }

    /// `text` with every phrase found blanked out (as names are), and what the phrases found
    /// stand for (sorted, each once). Found like names: never inside a longer Latin word.
    pub fn mask(&self, text: &str) -> (String, Vec<usize>) {
        let folded = Folded::new(text);
        let f = &folded.chars;
        let mut hits: Vec<(usize, usize)> = Vec::new();
        let mut found: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < f.len() {
            let hit = self.by_first.get(&f[i]).and_then(|cands| {
                cands.iter().map(|&k| &self.phrases[k]).find(|(p, _)| {
                    let j = i + p.len();
                    j <= f.len()
                        && f[i..j] == p[..]
                        && folded.boundary_before(i)
                        && folded.boundary_after(j)
                })
            });
            match hit {
                Some((p, k)) => {
                    hits.push((i, i + p.len()));
                    found.push(*k);
                    i += p.len();
                }
                None => i += 1,
            }
        }
        found.sort_unstable();
        found.dedup();
        (blank_hits(text, &folded, &hits), found)
    }
}

/// Width left once the blanks, punctuation and spaces are taken out.
pub fn content_width(masked: &str) -> usize {
    // The blank's `＿` is no letter: it goes with the punctuation.
    masked
        .chars()
        .filter(|c| crate::text::is_alphanumeric(*c))
        .map(crate::text::char_width)
        .sum()
}

/// Why a fact should not be asked as "which service?", if it should not.
/// Whether the fact names another service of the same category as `svc` (`→ NLBを選ぶ` under
/// ELB): then the choices hold a second right answer.
/// `names` are [`Catalog::names_in`] of the fact.
pub fn names_a_sibling(
    catalog: &Catalog,
    names: &[(std::ops::Range<usize>, usize)],
    svc: &Service,
) -> bool {
    let own = &catalog.entry(svc.index).category;
    names
        .iter()
        .any(|(_, e)| *e != svc.index && &catalog.entry(*e).category == own)
}

/// Whether the fact is about another service, named as its subject: first in the sentence
/// (`EBS volumes persist…` under EC2), or before `は`/`が` (`EBSは…`). `names` are
/// [`Catalog::names_in`] of `text`.
pub fn about_another(text: &str, names: &[(std::ops::Range<usize>, usize)], svc: &Service) -> bool {
    let t = text.trim_start().trim_start_matches(['*', '_']);
    let offset = text.len() - t.len();
    names.iter().any(|(r, e)| {
        if *e == svc.index {
            return false;
        }
        let after = text[r.end..].trim_start_matches(['*', '_', ' ']);
        let subject_ja = ["は", "が", "では", "も"]
            .iter()
            .any(|p| after.starts_with(p));
        let first = r.start == offset && t.is_ascii();
        first || subject_ja
    })
}

pub const WHY_ANOTHER: &str = "about another service, named as its subject";

pub const WHY_VERB: &str =
    "uses the service's name as a verb (`VM Importした…`): masked, it reads as nonsense";

pub const WHY_SIBLING: &str = "names another service of its kind: two answers fit";

pub fn unfit(text: &str, masked: &str) -> Option<&'static str> {
    // Compared NFKC-folded: `ではない` may be written with a combining mark (`て` + U+3099).
    let folded = crate::text::nfkc(text);
    let t = folded.trim().trim_end_matches([':', '：']);
    // Lower-cased once for the English tests below.
    let lower = t.to_ascii_lowercase();
    if is_question(t) {
        return Some(WHY_QUESTION);
    }
    if is_versus(&lower) {
        return Some(WHY_VERSUS);
    }
    if leans_on_before(t, &lower) {
        return Some(WHY_ANAPHORA);
    }
    // `最後に、VPC Flow Logsについて。`: the sentence that opens a topic says nothing of it.
    if t.trim_end_matches(['。', '.']).ends_with("について") {
        return Some(WHY_INTRO);
    }
    if is_dated(t, &lower) {
        return Some(WHY_DATED);
    }
    if is_condition(t, &lower) {
        return Some(WHY_CONDITION);
    }
    if is_bare_comparison(t, &lower) {
        return Some(WHY_COMPARISON);
    }
    if is_negative(t) {
        return Some(WHY_NEGATIVE);
    }
    if is_price(t) {
        return Some(WHY_PRICE);
    }
    if content_width(masked) < MIN_FACT_WIDTH {
        return Some(WHY_SHORT);
    }
    if is_feature_name(t, masked) {
        return Some(WHY_FEATURE);
    }
    None
}

/// A Japanese noun phrase with no clause in it (`クライアントサイド暗号化`,
/// `ALBとの動的ポートマッピング`) names a feature, which many services share; it points to one
/// service only when it ends in what the service is (`…な分散キュー`, `…のバッチ処理実行サービス`)
/// or in the service's own (masked) name.
fn is_feature_name(text: &str, masked: &str) -> bool {
    let is_kana = |c: char| ('\u{3041}'..='\u{3096}').contains(&c);
    let japanese = text.chars().any(|c| {
        is_kana(c) || ('\u{30a0}'..='\u{30ff}').contains(&c) || c.is_alphabetic() && c > '\u{4dff}'
    });
    if !japanese {
        return false;
    }
    // A case or topic particle makes a clause (`…へのアクセスはファイル単位`, `…を自動化`).
    if text.contains(['は', 'が', 'を', 'に', 'で', 'へ']) {
        return false;
    }
    let outside = crate::catalog::outside_brackets(masked);
    let end = outside
        .trim()
        .trim_end_matches(['。', '.', '、', ' ', '\u{3099}', '\u{309a}']);
    // A long one is a description written without a verb (`…超低価格ストレージサービスの提供`).
    if width(end) > FEATURE_MAX_WIDTH {
        return false;
    }
    // Ending in kana or a predicate noun, it says something (`…未対応`, `…も可能`).
    const PREDICATES: &[&str] = &[
        "可能", "不可", "可", "不要", "必要", "無料", "有料", "対応", "完了", "推奨", "同じ",
    ];
    if end.chars().last().is_none_or(is_kana) || PREDICATES.iter().any(|p| end.ends_with(p)) {
        return false;
    }
    const KINDS: &[&str] = &[
        BLANK,
        "サービス",
        "サービス群",
        "ストレージ",
        "データベース",
        "DB",
        "RDB",
        "DWH",
        "キュー",
        "ロードバランサー",
        "ソリューション",
        "プラットフォーム",
        "ツール",
        "機能",
        "基盤",
        "エンジン",
        "キャッシュ",
        "ファイルシステム",
        "システム",
        "仕組み",
        "ネットワーク",
        "リポジトリ",
        "レジストリ",
        "ゲートウェイ",
        "環境",
        "場所",
        "単位",
        "集合",
        "テンプレート",
        "ライブラリ",
        "コマンド",
        "フレームワーク",
    ];
    !KINDS.iter().any(|k| end.ends_with(k))
}

/// A fact narrower than this (once the name is hidden) is too generic to point to one service:
/// `構築`, `運用`, `ログ`, `データの暗号化`.
pub const MIN_FACT_WIDTH: usize = 24;

pub const WHY_QUESTION: &str = "a question, not a fact about one service";
pub const WHY_VERSUS: &str = "compares services (`X vs Y`): no single service answers it";
pub const WHY_SHORT: &str = "too short to point to one service";
pub const WHY_NEGATIVE: &str = "says what something is not: many services are not it";
pub const WHY_USE_CASE: &str = "a use case: many services serve it";
pub const WHY_CONDITION: &str =
    "a condition or a how-to (`…の場合`, `when …`, `…するには`), not a fact";
pub const WHY_PRICE: &str = "a price: many services have one";
/// Widest noun phrase read as a feature's name.
const FEATURE_MAX_WIDTH: usize = 40;

pub const WHY_FEATURE: &str =
    "names a feature (a noun phrase that says nothing of it): many services have it";
pub const WHY_ANAPHORA: &str =
    "starts by pointing back (`このため`, `This …`): it needs the sentence before it";
pub const WHY_INTRO: &str = "opens a topic (`…について。`): it says nothing of it";
pub const WHY_DATED: &str = "true when written (`現時点では`, `currently`): not a lasting fact";
pub const WHY_COMMON: &str = "its words occur under three or more services: it points to none";
pub const WHY_SHARED: &str =
    "it names features several services share (catalog/features.toml): it points to none";

fn is_question(t: &str) -> bool {
    // Japanese asks with a final `か` (`初期化処理をどうするか`).
    t.ends_with(['?', '？', 'か'])
        || t.ends_with("か。")
        || t.contains("とは？")
        || t.contains("とは何")
}

/// A sentence taken out of a paragraph that starts by pointing back (`このため、…`, `This
/// means …`) is about the sentence before it, which the card does not show.
/// Whether a sentence starts by pointing back at the one before it (`このため`, `それより`,
/// `例えば`, `This …`) or stands for it inside (`…これを解決し`, `does the same thing`).
pub fn points_back(t: &str) -> bool {
    leans_on_before(t, &t.to_ascii_lowercase())
}

fn leans_on_before(t: &str, lower: &str) -> bool {
    const JA: &[&str] = &[
        "この",
        "その",
        "これ",
        "それ",
        "そこで",
        "また、",
        "さらに",
        "ただし",
        "なお、",
        "一方",
        // `特に、…`: a narrowing of what the sentence before says.
        "特に",
        "とりわけ",
        "中でも",
        // An example of what the sentence before says.
        "例えば",
        "たとえば",
        // The notes speaking of themselves (`ここでは…を対象とする`) point back too.
        "ここでは",
        "以下では",
        "本章では",
        "本節では",
    ];
    const EN: &[&str] = &[
        "this ",
        "these ",
        "that ",
        "those ",
        // Not `It …`/`They …`: in notes they stand for the heading's own service.
        "therefore",
        "however",
        "also,",
        "thus",
        "so ",
        "for example",
        "for instance",
        "here ",
        "in this section",
        "in this note",
    ];
    // A pronoun inside the sentence that stands for what the sentence before said (`…2 つの
    // 静的 IP を提供することでこれを解決し`, `…, which solves this`).
    const INSIDE: &[&str] = &[
        "これを",
        "これが",
        "これに",
        "それを",
        "それが",
        "それに",
        "この問題",
        "この課題",
        "その問題",
        "その課題",
    ];
    const INSIDE_EN: &[&str] = &[
        "solves this",
        "avoids this",
        "fixes this",
        "addresses this",
        "the same thing",
        "the same way",
        "same as above",
    ];
    let lower = lower.trim_start();
    JA.iter().any(|p| t.trim_start().starts_with(p))
        || EN.iter().any(|p| lower.starts_with(p))
        || INSIDE.iter().any(|p| t.contains(p))
        || INSIDE_EN.iter().any(|p| lower.contains(p))
}

/// `現時点では東京リージョン未対応`, `Currently only in us-east-1`: true when written, a fact about
/// the day rather than the service.
fn is_dated(t: &str, lower: &str) -> bool {
    // Every Japanese mark holds one of these; most facts hold none.
    if !t.contains(['現', '今', '執']) && !lower.contains(['c', 'a', 'f']) {
        return false;
    }
    [
        "現時点では",
        "現時点で",
        "現状",
        "現在は",
        "今のところ",
        "執筆時点",
    ]
    .iter()
    .any(|p| t.contains(p))
        || ["currently", "as of ", "at the time of writing", "for now"]
            .iter()
            .any(|p| lower.contains(p))
}

fn is_negative(t: &str) -> bool {
    let t = t.trim_end_matches(['。', '.', ' ']);
    // What it cannot do (`…は利用不可`, `…できない`, `not supported`) holds for most services.
    [
        "ではない",
        "でない",
        "ではありません",
        "じゃない",
        "不可",
        "できない",
        "出来ない",
        "非対応",
        "未対応",
        "サポートしていない",
        // What it is not good for (`…突発的なスパイクには向いていない`): most services are not.
        "向いていない",
        "向かない",
        "不向き",
        "適していない",
        "適さない",
    ]
    .iter()
    .any(|e| t.ends_with(e))
        || t.to_ascii_lowercase().starts_with("not ")
        || t.to_ascii_lowercase().ends_with("not supported")
        || ["not suited", "not suitable", "not a good fit", "not ideal"]
            .iter()
            .any(|e| t.to_ascii_lowercase().contains(e))
}

/// `ユースケース`, `用途`, `Use cases`: what the items under it are.
/// `…作成時の注意事項`, `Best practices`, `Tips`: what follows is advice (`ロールを正しく
/// セットアップする`), which holds for many services, not facts about this one.
pub fn is_advice_heading(h: &str) -> bool {
    let t = crate::catalog::strip_numbering(h.trim()).to_lowercase();
    [
        "注意事項",
        "注意点",
        "ベストプラクティス",
        "best practices",
        "best practice",
        "tips",
        "pitfalls",
        "gotchas",
    ]
    .iter()
    .any(|e| t.ends_with(e))
}

/// `利点`, `メリット`, `Benefits`, or a heading that is a product quality (`Simple`,
/// `柔軟・スケーラブル`, `高耐久性・高可用性`): what follows are a product page's selling points,
/// which every service claims for itself.
pub fn is_benefit_heading(h: &str) -> bool {
    let t = crate::catalog::strip_numbering(h.trim()).to_lowercase();
    let t = t.trim_end_matches([':', '：']);
    [
        "利点",
        "メリット",
        "長所",
        "強み",
        "benefits",
        "advantages",
        "pros",
    ]
    .iter()
    .any(|e| t.ends_with(e))
        || t.split(['・', '/', '&', '、', ','])
            .map(str::trim)
            .all(|part| !part.is_empty() && (QUALITIES.contains(&part) || is_quality(part)))
}

pub const WHY_BENEFIT: &str =
    "a selling point (under `利点`, `Benefits`, `Simple`): every service claims it";

/// `…の役割`, `…とは`, `What is …`, `Role of …`: a heading that says what a kind of thing is or
/// does in general (the caller checks that it names no service).
pub fn is_concept_heading(h: &str) -> bool {
    let t = crate::catalog::strip_numbering(h.trim()).to_lowercase();
    let t = t.trim_end_matches(['?', '？', ':', '：', ' ']);
    ["の役割", "の役割り", "とは"]
        .iter()
        .any(|e| t.ends_with(e))
        || [
            "what is ",
            "what's ",
            "what are ",
            "role of ",
            "the role of ",
        ]
        .iter()
        .any(|p| t.starts_with(p))
}

pub const WHY_CONCEPT: &str =
    "under a heading that defines a kind of thing (`…の役割`, `What is …`): it holds for any";

/// Whether `next` opens by solving what the text before it says (`…これを解決し`, `This
/// solves …`): that text is a problem statement.
pub fn solves_the_one_before(next: &str) -> bool {
    let t = next.trim();
    let lower = t.to_ascii_lowercase();
    const JA: &[&str] = &[
        "これを解決",
        "これを解消",
        "これを回避",
        "これを防",
        // Not `この問題` alone: exam notes say it of the question (`この問題では…`).
        "この問題を解決",
        "この問題を解消",
        "この課題を解決",
        "この課題を解消",
        "その問題を解決",
        "その課題を解決",
    ];
    const EN: &[&str] = &[
        "solves this",
        "solve this",
        "fixes this",
        "addresses this",
        "avoids this",
        "solves the problem",
        "solves the issue",
    ];
    JA.iter().any(|p| t.contains(p)) || EN.iter().any(|p| lower.contains(p))
}

pub const WHY_PROBLEM: &str =
    "a problem the next sentence solves (`…これを解決し`): it describes no service";

/// `インターネットベースの接続よりも一貫性がある`, `Faster than the internet`: a claim of being
/// better than another way, with no subject and nothing else said; several services make it
/// against the same alternative.
fn is_bare_comparison(t: &str, lower: &str) -> bool {
    let t = t.trim_end_matches(['。', '.', ' ']);
    if let Some((before, after)) = t.split_once("よりも").or_else(|| t.split_once("より")) {
        // A subject before the comparison (`＿＿は…より`) or a clause after it says more.
        const QUALITY_ENDS: &[&str] = &[
            "がある",
            "が高い",
            "が低い",
            "が良い",
            "がよい",
            "に優れる",
            "に優れている",
            "安い",
            "安価",
            "速い",
            "高速",
            "高い",
            "低い",
            "安全",
            "優れている",
        ];
        return !before.contains(['は', 'が', '、'])
            && width(after) <= 16
            && QUALITY_ENDS.iter().any(|e| after.ends_with(e));
    }
    let words = lower.split_whitespace().count();
    words <= 8
        && lower.contains(" than ")
        && ["more ", "less ", "faster", "cheaper", "safer", "better"]
            .iter()
            .any(|w| lower.starts_with(w))
}

pub const WHY_COMPARISON: &str =
    "only says it is better than another way (`…よりも一貫性がある`): several services claim it";

pub const WHY_ADVICE: &str =
    "advice (under `注意事項`, `Best practices`): it holds for many services";

pub fn is_use_case_heading(h: &str) -> bool {
    let t = crate::catalog::strip_numbering(h.trim()).to_lowercase();
    [
        "ユースケース",
        "用途",
        "活用例",
        "活用領域",
        "利用例",
        "use cases",
        "use case",
        "usecases",
    ]
    .contains(&t.as_str())
}

fn is_condition(t: &str, lower: &str) -> bool {
    // `上記以外の場合(新規立ち上げなど)`: the condition before its note in brackets.
    let t = crate::catalog::outside_brackets(t);
    let t = t.trim();
    // Advice following a line (`→ 静的IPならNLB`) or pointing at others (`上記以外`) is no fact
    // of its own.
    if t.starts_with(['→', '⇒', '>']) || t.contains("上記") || t.contains("前述") {
        return true;
    }
    // `スパイクに対応するには、…を検討する`, `To cut latency, …`: how to reach a goal is advice,
    // not a fact about the service the notes are under.
    let purpose = t.contains("ためには")
        || t.match_indices("には").any(|(i, _)| {
            t[..i]
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, 'る' | 'う' | 'く' | 'す' | 'つ' | 'む' | 'ぶ' | 'ぐ'))
        })
        || (lower.starts_with("to ") && t.contains(", "));
    purpose
        || t.ends_with("場合")
        || t.ends_with("とき")
        || lower.starts_with("when ")
        || lower.starts_with("if ")
}

/// Mostly an amount of money (`0.36 USD/GB-月`, `$0.023 per GB`).
fn is_price(t: &str) -> bool {
    let values = super::cloze::values(t);
    let money = values.iter().any(|r| {
        let v = &t[r.clone()];
        v.contains('$') || v.contains("USD") || v.contains('円') || v.contains("ドル")
    });
    if !money {
        return false;
    }
    let mut rest = String::new();
    let mut from = 0;
    for r in &values {
        rest.push_str(&t[from..r.start]);
        from = r.end;
    }
    rest.push_str(&t[from..]);
    content_width(&rest) < 30
}

/// `lower`: the fact in ASCII lower case.
pub fn is_versus(lower: &str) -> bool {
    lower.contains(" vs ")
        || lower.contains(" vs. ")
        || lower.contains(" versus ")
        || lower.contains("と比較")
        || lower.contains("との違い")
}

/// For each word of the notes, how many services it occurs under (up to 3). A fact whose
/// words are all spread across services points to none of them.
///
/// Without a tokenizer, a word is a run of one script: Latin letters and digits, katakana
/// (with `ー`), or kanji; hiragana runs are particles and endings, and are left out.
#[derive(Default, Debug)]
pub struct ServiceWords {
    /// word (hashed) → (the first two services seen with it, services seen, capped at 3)
    words: crate::cache::FastMap<u64, (usize, usize, u8)>,
    /// Each section path's service and what its last heading names, worked out once for
    /// counting and for the cards.
    services: crate::cache::FastMap<Vec<String>, (Option<std::sync::Arc<Service>>, Heading)>,
    /// The words of the catalog's names (`cloudformation`, `ec2`): a fact they fill tells of
    /// those services, not of the one it is under.
    names: WordSet,
    /// Each word of the catalog's names (`lambda`, `simple`) → how many entries' names hold it
    /// (capped at 3): a word of many names (`simple`, `service`) is no clue to one.
    name_words: crate::cache::FastMap<u64, u8>,
}

impl ServiceWords {
    /// [`of_section`], remembered per path.
    pub fn service(&self, catalog: &Catalog, path: &[String]) -> Option<std::sync::Arc<Service>> {
        self.section(catalog, path).0
    }

    /// [`Self::service`], with what the path's last heading names ([`Catalog::heading`]),
    /// remembered with it: the cards are made on other threads than the counting.
    pub fn section(
        &self,
        catalog: &Catalog,
        path: &[String],
    ) -> (Option<std::sync::Arc<Service>>, Heading) {
        match self.services.get(path) {
            Some(s) => s.clone(),
            None => (
                of_section(catalog, path).map(std::sync::Arc::new),
                path.last().map_or(Heading::Plain, |h| catalog.heading(h)),
            ),
        }
    }

    /// Count the words under every service heading of `outline`.
    /// `doc` names the file's content (see [`super::extract::doc_name`]).
    pub fn add(&mut self, catalog: &Catalog, outline: &Outline, doc: &str) {
        if self.names.is_empty() {
            for e in catalog.entries() {
                for n in std::iter::once(&e.name)
                    .chain(&e.short)
                    .chain(&e.abbr)
                    .chain(&e.former)
                {
                    // One-word names only (`CloudFormation`, `EC2`): the words of longer ones
                    // (`Simple Storage Service`) are everyday words too.
                    let bare = n
                        .strip_prefix("Amazon ")
                        .or_else(|| n.strip_prefix("AWS "))
                        .unwrap_or(n);
                    if !bare.contains(' ') {
                        self.names.extend(word_hashes(bare));
                    }
                }
                let mut words: Vec<u64> = std::iter::once(&e.name)
                    .chain(&e.short)
                    .chain(&e.abbr)
                    .flat_map(|n| word_hashes(n))
                    .collect();
                words.sort_unstable();
                words.dedup();
                for w in words {
                    let n = self.name_words.entry(w).or_insert(0);
                    *n = (*n + 1).min(3);
                }
            }
        }
        fn walk<'n>(nodes: &'n [Node], out: &mut Vec<&'n str>) {
            for n in nodes {
                if matches!(n.kind, NodeKind::Item | NodeKind::Paragraph) {
                    out.push(&n.text);
                }
                walk(&n.children, out);
            }
        }
        // Each section's service and words, worked out in parallel; counted in order. A path
        // (notes pasted twice repeat theirs) is looked up once, as is a service heading for
        // the sections under it (in each part of the work).
        use rayon::prelude::*;
        let paths: Vec<Vec<String>> = outline
            .sections
            .iter()
            .map(|s| super::extract::service_path(doc, &s.path))
            .collect();
        let mut first: crate::cache::FastMap<&[String], usize> = Default::default();
        let distinct: Vec<usize> = (0..paths.len())
            .filter(|&k| *first.entry(&paths[k]).or_insert(k) == k)
            .collect();
        let of_path: Vec<(Option<std::sync::Arc<Service>>, Heading)> = distinct
            .par_iter()
            .map_init(crate::cache::FastMap::default, |named, &k| {
                let path = &paths[k];
                match self.services.get(path) {
                    Some(s) => s.clone(),
                    None => (
                        of_section_with(catalog, path, named).map(std::sync::Arc::new),
                        path.last().map_or(Heading::Plain, |h| catalog.heading(h)),
                    ),
                }
            })
            .collect();
        let at: crate::cache::FastMap<usize, usize> =
            distinct.iter().enumerate().map(|(n, &k)| (k, n)).collect();
        type Found = ((Option<std::sync::Arc<Service>>, Heading), Vec<u64>);
        let found: Vec<Found> = outline
            .sections
            .par_iter()
            .zip(&paths)
            .map(|(s, path)| {
                let section = of_path[at[&first[path.as_slice()]]].clone();
                let svc = &section.0;
                let mut seen: Vec<u64> = Vec::new();
                if svc.is_some() {
                    let mut texts = Vec::new();
                    walk(&s.blocks, &mut texts);
                    for t in texts {
                        seen.extend(word_hashes(t));
                    }
                    seen.sort_unstable();
                    seen.dedup();
                }
                (section, seen)
            })
            .collect();
        for (path, (section, seen)) in paths.into_iter().zip(found) {
            let svc = section.0.clone();
            self.services.insert(path, section);
            let Some(svc) = svc else {
                continue;
            };
            for w in seen {
                let e = self.words.entry(w).or_insert((svc.index, usize::MAX, 0));
                if e.2 == 0 {
                    e.2 = 1;
                } else if e.0 != svc.index && e.1 != svc.index && e.2 < 3 {
                    if e.2 == 1 {
                        e.1 = svc.index;
                    }
                    e.2 += 1;
                }
            }
        }
    }

    /// Whether a name (`S3`, `Amazon EC2`) is one the notes mention under three or more
    /// services: hidden in a cloze, it is the guess a student makes without knowing the fact.
    /// `Amazon` and `AWS` do not count; a name of several words is guessed when each is.
    pub fn is_everywhere(&self, name: &str) -> bool {
        let mut any = false;
        let mut all = true;
        each_word(name, |w| {
            if is_vendor(w) {
                return;
            }
            any = true;
            all &= self.words.get(&hash_word(w)).is_some_and(|e| e.2 >= 3);
        });
        any && all
    }

    /// Whether `text` shows every word of `name` that is a clue to it (not `Amazon`/`AWS`,
    /// nor a word of three catalog names or more such as `Simple`, `Service`): `Lambda@Edge は
    /// [AWS Lambda] の拡張` is read off the card; `[Lambda@Edge] は AWS Lambda の拡張` is not.
    pub fn shows_name(&self, text: &str, name: &str) -> bool {
        let mut clues = Vec::new();
        each_word(name, |w| {
            let h = hash_word(w);
            if !is_vendor(w) && self.name_words.get(&h).is_none_or(|n| *n < 3) {
                clues.push(h);
            }
        });
        let mut shown = Vec::new();
        each_word(text, |w| shown.push(hash_word(w)));
        !clues.is_empty() && clues.iter().all(|c| shown.contains(c))
    }

    /// Whether the fact (the service's name hidden) says too little that is the service's own
    /// for a student to name it with the section hidden: fewer than [`TELLING_SHARE`] % of its
    /// words' characters are telling. A telling word is no catalog name, no generic cloud word
    /// nor a compound of them (`トラフィックルーティング`), no counter after a number (`2.5日程度`),
    /// and occurs under at most two services.
    pub fn is_common(&self, masked: &str) -> bool {
        let (telling, total) = self.telling(masked);
        total > 0 && (telling == 0 || telling * 100 < 2 * total * TELLING_SHARE)
    }

    /// Whether the fact is [`Self::is_common`] once the features several services share
    /// ([`super::features`]: `ヘルスチェック`, `TCP/SSL`) count as no clue: what it says of the
    /// service, others have too. So is a fact whose words are half features or more. Several
    /// features together may narrow it to one service (`WebSocket` and `HTTP/2` with
    /// `Multi-AZ`): then the fact still points to that one.
    pub fn names_shared_features(&self, masked: &str) -> bool {
        self.shared_given(masked, self.telling(masked).1)
    }

    /// Why a fact (its service's name hidden) points to no one service, if it does not:
    /// [`Self::is_common`], else [`Self::names_shared_features`]. Its words are read once.
    pub fn unfit_words(&self, masked: &str) -> Option<&'static str> {
        let (telling, total) = self.telling(masked);
        if total > 0 && (telling == 0 || telling * 100 < 2 * total * TELLING_SHARE) {
            return Some(WHY_COMMON);
        }
        self.shared_given(masked, total).then_some(WHY_SHARED)
    }

    /// [`Self::names_shared_features`], with the fact's word characters counted.
    fn shared_given(&self, masked: &str, total: usize) -> bool {
        let (without, found) = super::features::index().mask(masked);
        if found.is_empty() || super::features::fitting(&found) < 2 {
            return false;
        }
        let (telling, left) = self.telling(&without);
        // Mostly features (`料金は利用時間とLoad Balancer Capacity Units（LCU）で計算`): what is
        // left (`料金`, `計算`) is no clue either.
        total > 0
            && (telling == 0 || telling * 100 < 2 * total * TELLING_SHARE || left * 2 <= total)
    }

    /// The telling characters of a fact's words (in halves: a word under this service alone
    /// counts 2, under two 1) and all its words' characters, names left out.
    fn telling(&self, masked: &str) -> (usize, usize) {
        let mut words: Vec<(u64, usize)> = Vec::new();
        let generic = generic_words();
        let mut total = 0;
        each_word_after(&masked.replace(BLANK, " "), |w, after_digit| {
            let h = hash_word(w);
            if self.names.contains(&h) {
                return;
            }
            total += w.len();
            if after_digit || generic.contains(&h) || is_generic_compound(w, generic) {
                return;
            }
            words.push((h, w.len()));
        });
        // In halves of a character: a word under this service alone counts 2, under two 1.
        let telling: usize = words
            .iter()
            .map(|(h, n)| match self.words.get(h).map_or(1, |e| e.2) {
                0..=2 => 2 * n,
                _ => 0,
            })
            .sum();
        (telling, total)
    }
}

/// Whether a label says nothing of its own (`運用`, `高い信頼性`, `細やかな料金体系`,
/// `クラウドワークロードの活用`): every word is a generic cloud word, a product-page quality or a
/// compound of them, and one of them is a kanji word: a label of loanwords alone may name a
/// concept (`アプリケーション` in Elastic Beanstalk, `レイテンシールーティング`). Asked as a term it has
/// no answer a student could recall: its facts ask for themselves.
pub fn is_empty_label(text: &str) -> bool {
    let generic = generic_words();
    let (mut words, mut kanji, mut all) = (0, false, true);
    each_word(text, |w| {
        words += 1;
        kanji |= script(w[0]) == Script::Kanji;
        all &= generic.contains(&hash_word(w)) || is_generic_compound(w, generic);
    });
    words > 0 && all && kanji
}

/// Whether a key names a product page's quality (`高い信頼性`, `スケーラブル`, `低コスト`,
/// `Highly available`): generic words only, one of them a quality (high or low something,
/// a `…性` word, or a quality word). `設定` and `運用` are generic but no qualities.
pub fn is_quality(text: &str) -> bool {
    let generic = generic_words();
    let (mut words, mut all) = (0, true);
    each_word(text, |w| {
        words += 1;
        all &= generic.contains(&hash_word(w)) || is_generic_compound(w, generic);
    });
    let t = text.trim();
    let lower = t.to_lowercase();
    words > 0
        && all
        && (t.starts_with(['高', '低'])
            || t.ends_with('性')
            || QUALITIES
                .iter()
                .any(|q| lower == *q || lower.starts_with(&format!("{q} "))))
}

/// Words a product page praises itself with.
const QUALITIES: &[&str] = &[
    "スケーラブル",
    "セキュア",
    "シンプル",
    "柔軟",
    "簡単",
    "容易",
    "安価",
    "低価格",
    "高速",
    "scalable",
    "secure",
    "simple",
    "flexible",
    "reliable",
    "durable",
    "cost-effective",
    "highly available",
    "low cost",
    "fast",
];

/// Whether `w` is two or more generic words run together (`トラフィックルーティング`,
/// `複数リージョン`): a compound of words that point to no service points to none either.
fn is_generic_compound(w: &[char], generic: &WordSet) -> bool {
    // `高耐久性`, `低コスト`: high or low, then a generic word, is a quality too.
    if w.len() >= 3
        && matches!(w[0], '高' | '低')
        && (generic.contains(&hash_word(&w[1..])) || is_generic_compound(&w[1..], generic))
    {
        return true;
    }
    // ok[i]: w[..i] splits into generic words.
    let mut ok = vec![false; w.len() + 1];
    ok[0] = true;
    for j in 2..=w.len() {
        ok[j] = (0..j - 1).any(|i| ok[i] && generic.contains(&hash_word(&w[i..j])));
    }
    // `柔軟性`, `最適化`, `効率的`: a generic word with a suffix that makes it a quality is one too.
    ok[w.len()] || (w.len() >= 3 && QUALITY_SUFFIXES.contains(&w[w.len() - 1]) && ok[w.len() - 1])
}

/// Kanji that turn a word into a quality or a manner (`柔軟` → `柔軟性`, `効率` → `効率的`,
/// `マネージド` → `マネージド型`).
const QUALITY_SUFFIXES: [char; 5] = ['性', '的', '化', '度', '型'];

/// Words every cloud service's notes use (`複数`, `AZ`, `保存`, `高可用性`, `managed`): they point
/// to no service, though notes on a few services are too few to show it (`複数AZに複製されて
/// 保存される` pointed to EFS alone in notes that name 35 services). A fact of nothing else
/// points to none.
const GENERIC_WORDS: &[&str] = &[
    // Japanese
    "複数",
    "複製",
    "保存",
    "保持",
    "可用性",
    "高可用性",
    "耐久性",
    "冗長",
    "冗長化",
    "自動",
    "自動的",
    "管理",
    "運用",
    "構築",
    "利用",
    "使用",
    "設定",
    "機能",
    "データ",
    "コスト",
    "料金",
    "課金",
    "従量課金",
    "無料",
    "安価",
    "低価格",
    "高速",
    "簡単",
    "容易",
    "柔軟",
    "統合",
    "連携",
    "監視",
    "セキュリティ",
    "セキュア",
    "暗号化",
    "アクセス",
    "制御",
    "リソース",
    "アプリケーション",
    "アプリ",
    "インフラ",
    "サーバ",
    "サーバー",
    "サーバー",
    "ネットワーク",
    "環境",
    "性能",
    "パフォーマンス",
    "スケール",
    "スケーラブル",
    "スケーラビリティ",
    "マネージド",
    "フルマネージド",
    "サービス",
    "ビジネスロジック",
    "集中",
    "ヘルスチェック",
    "対応",
    "実現",
    "提供",
    "可能",
    "必要",
    "不要",
    "ユーザ",
    "ユーザー",
    "期待通り",
    "動作",
    "実行",
    "作成",
    "削除",
    "変更",
    "追加",
    "処理",
    "開発",
    "本番",
    "障害",
    "復旧",
    "バックアップ",
    "リージョン",
    "複数リージョン",
    "データベース",
    "ストレージ",
    "ファイル",
    "ツール",
    "既存",
    "そのまま",
    "利用料金",
    "世界中",
    "顧客",
    "改善",
    "向上",
    "ネットワーキング",
    "トラフィック",
    "ルーティング",
    "アーキテクチャ",
    "レイテンシ",
    "レイテンシー",
    "低レイテンシ",
    "適切",
    "設計",
    "大規模",
    "システム",
    "メリット",
    "アップロード",
    "ダウンロード",
    "完了",
    "回収",
    "収集",
    "転送",
    "移行",
    "さまざま",
    "インスタンス",
    "サポート",
    "クラウド",
    "オンプレミス",
    "ハードウェア",
    "復号",
    "復号化",
    "影響",
    "実施",
    "意識",
    // Capacity and its limits are written of every service (`容量制限なく`, `容量の上限`).
    "容量",
    "制限",
    // What a product page says of every service: qualities, not facts of one.
    "ユースケース",
    "高度",
    "信頼",
    "拡張",
    "迅速",
    "シンプル",
    "効率",
    "最適",
    "安全",
    "堅牢",
    "耐久",
    "強力",
    "手軽",
    "豊富",
    "大量",
    "一元",
    "特徴",
    "幅広",
    "体系",
    "親和",
    "ワークロード",
    "活用",
    "包括",
    "アプローチ",
    // Every service is cloud computing; `コンピューティング` alone (`高性能コンピューティング`) is
    // no such word.
    "クラウドコンピューティング",
    // English
    "aws",
    "az",
    "azs",
    "multiple",
    "availability",
    "zone",
    "zones",
    "region",
    "regions",
    "durable",
    "durability",
    "scalable",
    "scales",
    "scale",
    "managed",
    "fully",
    "automatic",
    "automatically",
    "secure",
    "security",
    "encryption",
    "encrypted",
    "data",
    "cost",
    "costs",
    "pay",
    "high",
    "low",
    "store",
    "stores",
    "stored",
    "replicated",
    "across",
    "service",
    "services",
    "application",
    "applications",
    "server",
    "servers",
    "serverless",
    "api",
    "sdk",
    "cli",
    "console",
    "resources",
    "resource",
    "access",
    "health",
    "checks",
    "users",
    "user",
    "database",
    "databases",
    "storage",
    "file",
    "files",
    "traffic",
    "routing",
    "latency",
    "performance",
    "network",
    "networking",
    "global",
    "customers",
    "improve",
    "improves",
    "cloud",
    "flexible",
    "flexibility",
    "control",
    "simple",
    "easy",
    "easily",
    "fast",
    "quickly",
    "reliable",
    "reliability",
    "highly",
    "configurable",
    "various",
    "variety",
    "use",
    "cases",
    "powerful",
    "seamless",
    "seamlessly",
    "efficient",
    "efficiently",
    "scalability",
    "available",
];

/// [`GENERIC_WORDS`], hashed like the words of a fact.
fn generic_words() -> &'static WordSet {
    static WORDS: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| GENERIC_WORDS.iter().flat_map(|w| word_hashes(w)).collect())
}

/// Hashed words (already hashes: the set's own hasher need not be strong).
type WordSet =
    std::collections::HashSet<u64, std::hash::BuildHasherDefault<crate::cache::FastHash>>;

/// Share (in %) of a fact's word characters that must be telling (see [`ServiceWords::is_common`]).
pub const TELLING_SHARE: usize = 20;

#[derive(PartialEq, Clone, Copy)]
enum Script {
    Latin,
    Katakana,
    Kanji,
    Other,
}

fn script(c: char) -> Script {
    match c {
        'a'..='z' | '0'..='9' => Script::Latin,
        '\u{3040}'..='\u{309f}' => Script::Other,
        // `・` (U+30FB) separates words (`収集・処理・配信`); it is no katakana of a word.
        '\u{30a0}' | '\u{30fb}' => Script::Other,
        '\u{30a1}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' => Script::Katakana,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '々' => Script::Kanji,
        c if c.is_alphanumeric() && !('\u{3040}'..='\u{309f}').contains(&c) => Script::Latin,
        _ => Script::Other,
    }
}

/// Each word of a text as a 64-bit hash: what the counts key on, with no string per word.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    each_word(text, |w| out.push(hash_word(w)));
    out
}

/// `amazon`, `aws` (a word as [`each_word`] gives it, lower case).
fn is_vendor(w: &[char]) -> bool {
    w == ['a', 'm', 'a', 'z', 'o', 'n'] || w == ['a', 'w', 's']
}

fn hash_word(w: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in w {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Call `f` with the characters of each word: runs of one script, two characters or more.
fn each_word(text: &str, mut f: impl FnMut(&[char])) {
    each_word_after(text, |w, _| f(w));
}

/// [`each_word`], also telling whether the word follows a number directly (`日` in `2日`).
/// A combining (semi-)voiced mark joins the kana before it (`シ` + U+3099 = `ジ`), as NFKC
/// does for a whole string, so decomposed notes count the same words.
fn each_word_after(text: &str, mut f: impl FnMut(&[char], bool)) {
    let mut cur: Vec<char> = Vec::with_capacity(16);
    let mut cur_script = Script::Other;
    let mut after_digit = false;
    let mut prev_digit = false;
    let mut push = |c: char| {
        if matches!(c, '\u{3099}' | '\u{309a}') {
            if let Some(last) = cur.last_mut()
                && let Some(k) = unicode_normalization::char::compose(*last, c)
            {
                *last = k;
            }
            return;
        }
        let s = script(c);
        if s != cur_script || s == Script::Other {
            if cur.len() >= 2 {
                f(&cur, after_digit);
            }
            cur.clear();
            cur_script = s;
            after_digit = prev_digit && s != Script::Latin;
        }
        prev_digit = c.is_ascii_digit();
        if s != Script::Other {
            cur.push(c);
        }
    };
    for c in text.chars() {
        // ASCII, kana and common kanji (most notes) fold to themselves or their lower case.
        if crate::text::is_nfkc_plain(c) {
            push(c.to_ascii_lowercase());
        } else {
            crate::text::nfkc_char(c, |n| crate::text::lower(n).for_each(&mut push));
        }
    }
    if cur.len() >= 2 {
        f(&cur, after_digit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn masking_folds_width_case_and_spaces_but_not_inside_words() {
        let names = s(&["Amazon Elastic File System", "EFS", "Amazon EFS"]);
        assert_eq!(mask("ＥＦＳはNFSでマウント", &names), "＿＿はNFSでマウント");
        assert_eq!(
            mask("Amazon\u{a0}EFS と Amazon Elastic  File System", &names),
            "＿＿ と ＿＿"
        );
        let eb = s(&["AWS Elastic Beanstalk", "EB"]);
        assert_eq!(mask("Webアプリを EB で", &eb), "Webアプリを ＿＿ で");
        assert_eq!(
            mask("ELB自体がスケーラブル", &s(&["ELB"])),
            "＿＿自体がスケーラブル"
        );
        assert_eq!(mask("DynamoDB Streams", &s(&["Dynamo DB"])), "＿＿ Streams");
    }

    /// The words of a text as strings, to see what [`word_hashes`] counts.
    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_word(text, |w| out.push(w.iter().collect()));
        out
    }

    #[test]
    fn words_are_runs_of_one_script() {
        assert_eq!(
            words("EC2インスタンスにアタッチして使用するブロックレベルのストレージ"),
            [
                "ec2",
                "インスタンス",
                "アタッチ",
                "使用",
                "ブロックレベル",
                "ストレージ"
            ]
        );
        assert_eq!(words("Ｓ３の可⽤性"), ["s3", "可用性"]);
        // Decomposed voiced kana join the kana before them, as NFKC composes them.
        assert_eq!(words("テ\u{3099}ータヘ\u{3099}ース"), ["データベース"]);
        assert_eq!(
            words("やりたいこと・ビジネスロジック"),
            ["ビジネスロジック"]
        );
    }

    #[test]
    fn unfit_facts() {
        assert_eq!(unfit("構築", "構築"), Some(WHY_SHORT));
        assert_eq!(unfit("ALB vs NLB", "ALB vs NLB"), Some(WHY_VERSUS));
        assert_eq!(unfit("どのサービスを使うべきか？", "x"), Some(WHY_QUESTION));
        assert_eq!(unfit("Which one scales?", "x"), Some(WHY_QUESTION));
        assert_eq!(
            unfit(
                "どのようにスケールするかを定義する",
                "どのようにスケールするかを定義する"
            ),
            None
        );
        assert_eq!(
            unfit(
                "ELB自体がスケーラブル、従量課金",
                "＿＿自体がスケーラブル、従量課金"
            ),
            None
        );
        assert_eq!(unfit("＿＿ 自体は無料", "＿＿ 自体は無料"), Some(WHY_SHORT));
    }
}

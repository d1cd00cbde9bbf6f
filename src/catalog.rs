//! Services and topics: the AWS catalog shipped with kioku (`catalog/aws.toml`) and a notes
//! folder's own glossary (`glossary.toml`, same format), for subjects other than AWS.
//!
//! The importer asks it which headings name a service ("which service?" cards answer only with
//! one of these), how a service is written (to mask it in a fact), and which answers a typed
//! answer may give; the quiz asks it for services of the same category as distractors.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::cache::FastMap;
use crate::text::{fold, is_wide, line_col};

/// One service or topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The official name: `Amazon Simple Storage Service`.
    pub name: String,
    /// Shorter names in common use: `Amazon S3`.
    pub short: Vec<String>,
    /// Abbreviations: `S3`.
    pub abbr: Vec<String>,
    /// Names it had before: `Amazon Glacier`.
    pub former: Vec<String>,
    /// The name as Japanese notes write it in katakana (`ラムダ`, `ゲートウェイ`): masked in its
    /// cards like any spelling, never taken for a heading's name (`バッチ処理` is no heading
    /// about AWS Batch).
    pub kana: Vec<String>,
    /// `storage`, `networking`, …; distractors come from the same category first.
    pub category: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    service: Vec<RawEntry>,
    #[serde(default)]
    topic: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    #[serde(default)]
    short: Vec<String>,
    #[serde(default)]
    abbr: Vec<String>,
    #[serde(default)]
    former: Vec<String>,
    #[serde(default)]
    kana: Vec<String>,
    #[serde(default)]
    category: String,
}

/// A glossary or catalog file that could not be read, with where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{col}: {message}")]
pub struct CatalogError {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// What a heading is, as far as services go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heading {
    /// It names this entry (index into the catalog).
    Names(usize),
    /// It reads like a service's name (`Amazon Redis`, `AWS Foo`) but is in no catalog: cards
    /// under it must not be taken for its parent's service either.
    Unknown,
    /// A topic heading (`特徴`, `memo`, `Overview`): it names nothing.
    Plain,
}

/// Entries and an index of every way they are written.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
    /// [`key`] of every name, short name, abbreviation and former name → entry.
    keys: FastMap<String, usize>,
    /// Names with a character outside ASCII (a glossary's `光合成`, `インスタンスストア`),
    /// NFKC-normalized: a heading with no Latin letter is looked up only when it holds one.
    non_latin: Vec<String>,
    /// Tells this catalog's remembered look-ups from another's.
    id: u64,
}

/// Every catalog made gets its own id, for [`Catalog::heading`]'s memory.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

thread_local! {
    /// catalog → heading → what it names: a section's parents and repeated labels are looked
    /// up once per thread (and found again with no string made for the look-up).
    static HEADINGS: std::cell::RefCell<FastMap<u64, FastMap<String, Heading>>> =
        std::cell::RefCell::new(FastMap::default());
}

const AWS_TOML: &str = include_str!("../catalog/aws.toml");

impl Catalog {
    /// The AWS catalog compiled into kioku.
    pub fn aws() -> &'static Catalog {
        static AWS: OnceLock<Catalog> = OnceLock::new();
        AWS.get_or_init(|| {
            // The file is part of the source tree and tested; a failure here is a build defect.
            Catalog::parse("catalog/aws.toml", AWS_TOML).unwrap_or_default()
        })
    }

    /// Read a catalog or glossary file. `path` names it in errors.
    pub fn parse(path: &str, text: &str) -> Result<Catalog, CatalogError> {
        let at = |offset: usize, message: String| {
            let (line, col) = line_col(text, offset);
            CatalogError {
                path: path.to_string(),
                line,
                col,
                message,
            }
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            at(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })?;
        let mut c = Catalog::default();
        for e in raw.service.into_iter().chain(raw.topic) {
            if e.name.trim().is_empty() {
                return Err(at(0, "an entry has an empty `name`".into()));
            }
            c.push(Entry {
                name: e.name.trim().to_string(),
                short: e.short,
                abbr: e.abbr,
                former: e.former,
                kana: e.kana,
                category: e.category,
            });
        }
        Ok(c)
    }

    fn push(&mut self, e: Entry) {
        if self.id == 0 {
            self.id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let i = self.entries.len();
        for n in std::iter::once(&e.name)
            .chain(&e.short)
            .chain(&e.abbr)
            .chain(&e.former)
        {
            for variant in std::iter::once(n.clone()).chain(slash_halves(n)) {
                let k = key(&variant);
                if !k.is_ascii() {
                    use unicode_normalization::UnicodeNormalization;
                    let n: String = variant.trim().nfkc().collect();
                    if !self.non_latin.contains(&n) {
                        self.non_latin.push(n);
                    }
                }
                if !k.is_empty() {
                    self.keys.entry(k).or_insert(i);
                }
            }
        }
        self.entries.push(e);
    }

    /// This catalog with a glossary's entries added; the glossary wins where both name the
    /// same thing.
    pub fn with(&self, glossary: &Catalog) -> Catalog {
        let mut c = Catalog::default();
        for e in glossary.entries.iter().chain(&self.entries) {
            c.push(e.clone());
        }
        c
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// The entry written exactly as `name` (any spelling), if any.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.keys.get(&key(name)).copied()
    }

    /// What a heading names. Numbering (`2.1.1.`, `61.`) is stripped; the heading names an entry
    /// when its text, its text outside brackets, a bracketed abbreviation (`（ELB）`), or its part
    /// before a ` - ` or `:` is one of the entry's names, compared NFKC-, case-, width- and
    /// space-folded with `Amazon`/`AWS` optional. `…とは` and `…について` are read as the name.
    pub fn heading(&self, heading: &str) -> Heading {
        // Most headings and items of Japanese notes hold no Latin letter and none of the
        // catalog's non-Latin names (`インスタンスストア`): they name nothing.
        let latin = |c: char| c.is_ascii_alphanumeric() || ('\u{ff10}'..='\u{ff5a}').contains(&c);
        if !heading.chars().any(latin)
            && !self.non_latin.iter().any(|n| heading.contains(n.as_str()))
        {
            return Heading::Plain;
        }
        let known = HEADINGS.with(|m| {
            m.borrow()
                .get(&self.id)
                .and_then(|seen| seen.get(heading))
                .cloned()
        });
        if let Some(h) = known {
            return h;
        }
        let h = self.look_up(heading);
        HEADINGS.with(|m| {
            let mut m = m.borrow_mut();
            let seen = m.entry(self.id).or_default();
            if seen.len() > 100_000 {
                seen.clear();
            }
            seen.insert(heading.to_string(), h.clone());
        });
        h
    }

    fn look_up(&self, heading: &str) -> Heading {
        // Text NFKC leaves as it is (ASCII, kana, common kanji) is not copied.
        let nfkc = crate::text::nfkc(heading);
        let h = topic(&nfkc);
        if h.is_empty() {
            return Heading::Plain;
        }
        let bracket = h.contains(['(', '（', ')', '）']);
        let outside = outside_brackets(h);
        let outside: &str = &outside;
        let mut tries: Vec<&str> = vec![h];
        if bracket {
            tries.push(outside.trim());
            // `ロードバランサー（ELB）` and `AWS Cloud Adaption Framework(CAF)` name theirs; a
            // sentence holding `（CLB）` names nothing.
            let o = outside.trim();
            if crate::text::width(o) <= 24 || (!o.chars().any(is_wide) && o.len() <= 60) {
                tries.extend(bracketed(h));
            }
        }
        // Every separator holds one of these characters: most headings hold none.
        if h.contains(['-', '–', '—', ':', '：', '|']) {
            for sep in [" - ", " – ", " — ", ":", "：", " | "] {
                if let Some((first, _)) = h.split_once(sep) {
                    tries.push(first.trim());
                }
            }
        }
        for t in &tries {
            if let Some(i) = self.find(t) {
                return Heading::Names(i);
            }
        }
        // `Amazon ElastiCache for memcached`: a flavour of the service before ` for `.
        if let Some((first, _)) = outside.split_once(" for ")
            && let Some(i) = self.find(first)
        {
            return Heading::Names(i);
        }
        let o = outside.trim();
        let lower = o.to_ascii_lowercase();
        let prefixed = lower.starts_with("amazon ") || lower.starts_with("aws ");
        if prefixed && !o.chars().any(is_wide) {
            Heading::Unknown
        } else {
            Heading::Plain
        }
    }

    /// Every way entry `i` is written, plus the heading's own spellings: the names to hide in a
    /// fact about it, and to accept as a typed answer. With and without `Amazon`/`AWS`.
    pub fn spellings(&self, i: usize, heading: &str) -> Vec<String> {
        let e = &self.entries[i];
        let h = topic(heading);
        let outside = outside_brackets(h);
        let mut names: Vec<String> = Vec::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut add = |n: &str| {
            let n = n.trim();
            if n.chars().count() >= 2 && seen.insert(fold(n)) {
                names.push(n.to_string());
            }
        };
        let plain = [e.name.as_str()]
            .into_iter()
            .chain(e.short.iter().map(String::as_str))
            .chain(e.former.iter().map(String::as_str))
            .chain((!h.contains(['(', '（'])).then_some(h))
            .chain([outside.trim()])
            .chain(bracketed(h));
        for n in plain {
            for v in std::iter::once(n.to_string()).chain(slash_halves(n)) {
                add(&v);
                if let Some(rest) = strip_prefix(&v) {
                    add(rest);
                }
            }
        }
        let prefix = e
            .name
            .split(' ')
            .next()
            .filter(|p| *p == "Amazon" || *p == "AWS");
        for a in &e.abbr {
            add(a);
            if let Some(p) = prefix {
                add(&format!("{p} {a}"));
            }
        }
        names
    }

    /// The initials of a name of three or more words (`Application Discovery Service` →
    /// `ADS`): a likely abbreviation, written in notes even when no catalog lists it. Masked in
    /// facts; never offered as an answer, since it may be made up (`SSS` for S3).
    pub fn initials(&self, i: usize) -> Option<String> {
        let e = &self.entries[i];
        let words: Vec<&str> = strip_prefix(&e.name)
            .unwrap_or(&e.name)
            .split(' ')
            .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
            .collect();
        let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
        (words.len() >= 3 && self.find(&initials).is_none_or(|j| j == i)).then_some(initials)
    }

    /// The services named in `text` (the longest name at each place, never inside a Latin
    /// word), as byte ranges with their entry. Abbreviations that are also everyday words
    /// (`RAM`, `SMS`, `CLI`) count only with an `Amazon`/`AWS` before them.
    pub fn names_in(&self, text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        const AMBIGUOUS: [&str; 6] = ["ram", "sms", "cli", "sam", "eb", "dx"];
        // Words: runs of ASCII letters, digits and `-@/.` (`Route 53` is two).
        let mut words: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            let part = c.is_ascii_alphanumeric() || matches!(c, '-' | '@' | '/' | '.');
            match (part, start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    words.push(st..i);
                    start = None;
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut found = None;
            for j in (i..words.len().min(i + 6)).rev() {
                let candidate = text[words[i].start..words[j].end].trim_end_matches('.');
                // Words must be separated by spaces only to form one name.
                if text[words[i].start..words[j].end].contains(|c: char| !c.is_ascii()) {
                    continue;
                }
                if let Some(e) = self.find(candidate) {
                    let k = key(candidate);
                    let bare_abbr = self.entries[e].abbr.iter().any(|a| key(a) == k);
                    let prefixed = {
                        let l = candidate.to_ascii_lowercase();
                        l.starts_with("amazon ") || l.starts_with("aws ")
                    };
                    if bare_abbr && !prefixed && AMBIGUOUS.contains(&k.as_str()) {
                        continue;
                    }
                    found = Some((words[i].start..words[i].start + candidate.len(), e, j));
                    break;
                }
            }
            match found {
                Some((r, e, j)) => {
                    out.push((r, e));
                    i = j + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// How a service card names its answer: the official name, with its first abbreviation.
    pub fn display_name(&self, i: usize) -> String {
        let e = &self.entries[i];
        match e.abbr.first() {
            Some(a) if !e.name.contains(a.as_str()) => format!("{} ({a})", e.name),
            _ => e.name.clone(),
        }
    }
}

/// How a question names the members of a catalog category: "which *storage service* is this
/// about?". The category narrows the field as a student's own context would (the notes'
/// headings are hidden on a service card), without naming the answer: the multiple-choice
/// options come from the same category. `None` for a category the built-in catalog does not
/// use (a glossary's own).
pub fn category_noun(category: &str) -> Option<&'static str> {
    Some(match category {
        "analytics" => "analytics service",
        "business" => "business application",
        "compute" => "compute service",
        "containers" => "container service",
        "cost" => "cost-management service",
        "database" => "database service",
        "devtools" => "developer tool",
        "enduser" => "end-user computing service",
        "framework" => "framework",
        "integration" => "application-integration service",
        "iot" => "IoT service",
        "management" => "management service",
        "media" => "media service",
        "migration" => "migration or transfer service",
        "ml" => "machine-learning service",
        "monitoring" => "monitoring service",
        "networking" => "networking service",
        "security" => "security service",
        "storage" => "storage service",
        _ => return None,
    })
}

/// Words after a name that make a heading notes on it rather than a topic of its own.
const NOTES_ON: &[&str] = &[
    " basics",
    " notes",
    " overview",
    " cheat sheet",
    " cheatsheet",
    " summary",
    "まとめ",
    "メモ",
    "の基本",
    "入門",
];

/// `VM Import/Export` is also written `VM Import` and `VM Export`. Not for a bare `AWS`
/// prefix (`AWS Import/Export` → `Import` would name any heading `Import`).
fn slash_halves(name: &str) -> Vec<String> {
    let Some((left, right)) = name.split_once('/') else {
        return Vec::new();
    };
    let Some((prefix, a)) = left.rsplit_once(' ') else {
        return Vec::new();
    };
    if right.contains([' ', '/']) || prefix == "AWS" || prefix == "Amazon" || a.is_empty() {
        return Vec::new();
    }
    vec![format!("{prefix} {a}"), format!("{prefix} {right}")]
}

/// The form names are compared in: folded, `Amazon `/`AWS ` dropped, no spaces.
fn key(s: &str) -> String {
    if s.is_ascii() {
        // One string, made in one pass: names are looked up for every word of the notes.
        let t = s.trim();
        let prefix = |p: &str| t.len() >= p.len() && t[..p.len()].eq_ignore_ascii_case(p);
        let cut = if prefix("amazon ") {
            "amazon ".len()
        } else if prefix("aws ") {
            "aws ".len()
        } else {
            0
        };
        let mut k = String::with_capacity(t.len() - cut);
        k.extend(
            t[cut..]
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .map(|c| c.to_ascii_lowercase()),
        );
        return k;
    }
    let mut f = fold(s);
    let cut = if f.starts_with("amazon ") {
        "amazon ".len()
    } else if f.starts_with("aws ") {
        "aws ".len()
    } else {
        0
    };
    f.drain(..cut);
    f.retain(|c| !c.is_whitespace());
    f
}

fn strip_prefix(n: &str) -> Option<&str> {
    n.strip_prefix("Amazon ")
        .or_else(|| n.strip_prefix("AWS "))
        .map(str::trim)
        .filter(|r| !r.is_empty())
}
/// What a heading is about: its numbering, `…について`/`…とは` and a trailing `basics`/`まとめ`/
/// `メモ` taken off (`VPC basics`, `S3 まとめ`, `EC2メモ` are notes on the service, named by it).
fn topic(heading: &str) -> &str {
    let h = strip_numbering(heading.trim());
    let h = h
        .strip_suffix("について")
        .or_else(|| h.strip_suffix("とは"))
        .unwrap_or(h)
        .trim();
    NOTES_ON
        .iter()
        .find_map(|s| {
            h.len()
                .checked_sub(s.len())
                .filter(|&i| h.is_char_boundary(i) && h[i..].eq_ignore_ascii_case(s))
                .map(|i| h[..i].trim())
        })
        .filter(|rest| !rest.is_empty())
        .unwrap_or(h)
}

/// `2.1.1. Amazon S3` → `Amazon S3`; `61.` → `` ; `第3章`-style and plain words are kept.
pub fn strip_numbering(h: &str) -> &str {
    // `🪣 Amazon S3`, `★ EC2`: a mark before the name is decoration.
    let mut rest = h.trim_start_matches(|c: char| {
        !c.is_alphanumeric() && !c.is_whitespace() && !"(（[【「`*_".contains(c)
    });
    // `第2章 Amazon RDS`, `第3回`: a chapter's number in words.
    if let Some(after) = rest.strip_prefix('第') {
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let unit = after[digits..].chars().next();
        if digits > 0 && unit.is_some_and(|u| "章節部回".contains(u)) {
            let unit_len = unit.map_or(0, char::len_utf8);
            rest = after[digits + unit_len..].trim_start_matches([' ', '　', ':', '：', '.']);
        }
    }
    let h = rest;
    loop {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            break;
        }
        let after = &rest[digits..];
        match after.chars().next() {
            Some(c @ ('.' | '．' | ')' | '）' | '-')) => rest = &after[c.len_utf8()..],
            None => return "",
            Some(c) if c.is_whitespace() => {
                rest = after;
                break;
            }
            _ => break,
        }
    }
    if rest.len() == h.len() {
        h
    } else {
        rest.trim_start()
    }
}

/// The text outside `(…)` and `（…）` (borrowed when it has no bracket: most text).
pub fn outside_brackets(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['(', '（', ')', '）']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut depth = 0i32;
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
            _ => depth <= 0,
        })
        .collect::<String>()
        .into()
}

/// The parts inside `(…)` / `（…）`.
fn bracketed(s: &str) -> Vec<&str> {
    s.split(['(', '（', ')', '）'])
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn names(c: &Catalog, h: &str) -> Option<String> {
        match c.heading(h) {
            Heading::Names(i) => Some(c.entry(i).name.clone()),
            _ => None,
        }
    }

    #[test]
    fn the_shipped_catalog_parses_and_has_no_spelling_twice() {
        let c = Catalog::parse("catalog/aws.toml", AWS_TOML).unwrap();
        assert!(c.entries().len() >= 150, "{}", c.entries().len());
        let mut seen: HashMap<String, &str> = HashMap::new();
        for e in c.entries() {
            assert!(!e.category.is_empty(), "{} has no category", e.name);
            assert!(
                category_noun(&e.category).is_some(),
                "{}: no noun for {}",
                e.name,
                e.category
            );
            for n in std::iter::once(&e.name)
                .chain(&e.short)
                .chain(&e.abbr)
                .chain(&e.former)
            {
                if let Some(other) = seen.insert(key(n), &e.name)
                    && other != e.name
                {
                    panic!("{n:?} names both {other} and {}", e.name);
                }
            }
        }
    }

    #[test]
    fn headings_that_name_a_service() {
        let c = Catalog::aws();
        assert_eq!(
            names(c, "Amazon S3").as_deref(),
            Some("Amazon Simple Storage Service")
        );
        assert_eq!(
            names(c, "S3").as_deref(),
            Some("Amazon Simple Storage Service")
        );
        assert_eq!(
            names(c, "２．１．１． ＡＭＡＺＯＮ　s3").as_deref(),
            Some("Amazon Simple Storage Service")
        );
        assert_eq!(names(c, "61. AWS Lambda").as_deref(), Some("AWS Lambda"));
        assert_eq!(
            names(c, "Elastic Load Balancing（ELB）").as_deref(),
            Some("Elastic Load Balancing")
        );
        assert_eq!(
            names(c, "ロードバランサー（ELB）").as_deref(),
            Some("Elastic Load Balancing")
        );
        assert_eq!(names(c, "Dynamo DB").as_deref(), Some("Amazon DynamoDB"));
        assert_eq!(
            names(c, "Amazon Glacier").as_deref(),
            Some("Amazon S3 Glacier")
        );
        assert_eq!(
            names(c, "EC2 Container Service").as_deref(),
            Some("Amazon Elastic Container Service")
        );
        assert_eq!(
            names(c, "S3 - Simple Storage Service").as_deref(),
            Some("Amazon Simple Storage Service")
        );
        assert_eq!(names(c, "Lambdaとは").as_deref(), Some("AWS Lambda"));
        assert_eq!(names(c, "VM Export").as_deref(), Some("VM Import/Export"));
        assert_eq!(
            names(c, "Amazon ElastiCache for memcached").as_deref(),
            Some("Amazon ElastiCache")
        );
        assert_eq!(
            names(c, "Amazon FSx for Lustre").as_deref(),
            Some("Amazon FSx for Lustre")
        );
    }

    #[test]
    fn other_headings_name_nothing() {
        let c = Catalog::aws();
        for h in [
            "memo",
            "所感",
            "まとめ",
            "Overview",
            "Summary",
            "特徴",
            "61.",
            "AWSの移行(Migration)",
            "Amazon CloudWatchによるメトリクス管理",
            "",
        ] {
            assert_eq!(c.heading(h), Heading::Plain, "{h:?}");
        }
        assert_eq!(c.heading("Amazon Redis"), Heading::Unknown);
        assert_eq!(
            c.heading("Classic Load Balancer（CLB）とALBを含んだ総称"),
            Heading::Plain
        );
        assert_eq!(c.heading("AWS Foo Bar"), Heading::Unknown);
    }

    #[test]
    fn spellings_cover_names_abbreviations_and_the_heading() {
        let c = Catalog::aws();
        let i = c.find("ELB").unwrap();
        let s = c.spellings(i, "Elastic Load Balancing（ELB）");
        assert!(s.contains(&"ELB".to_string()), "{s:?}");
        assert!(s.contains(&"Elastic Load Balancing".to_string()), "{s:?}");
        let i = c.find("Amazon Elastic File System").unwrap();
        let s = c.spellings(i, "Amazon Elastic File System");
        assert!(
            s.contains(&"EFS".to_string()) && s.contains(&"Amazon EFS".to_string()),
            "{s:?}"
        );
        assert!(s.contains(&"Elastic File System".to_string()), "{s:?}");
        assert_eq!(c.display_name(i), "Amazon Elastic File System (EFS)");
    }

    #[test]
    fn names_in_text() {
        let c = Catalog::aws();
        let text = "Alias records point at an ELB or an Amazon CloudFront distribution, 16 GB RAM";
        let found: Vec<&str> = c
            .names_in(text)
            .into_iter()
            .map(|(r, _)| &text[r])
            .collect();
        assert_eq!(found, ["ELB", "Amazon CloudFront"]);
        let text = "Route 53のエイリアスとAWS RAMで共有";
        let found: Vec<&str> = c
            .names_in(text)
            .into_iter()
            .map(|(r, _)| &text[r])
            .collect();
        assert_eq!(found, ["Route 53", "AWS RAM"]);
    }

    #[test]
    fn a_glossary_adds_topics_and_reports_errors_with_position() {
        let g = Catalog::parse(
            "g.toml",
            "[[topic]]\nname = \"光合成\"\nabbr = [\"PS\"]\ncategory = \"biology\"\n",
        )
        .unwrap();
        let c = Catalog::aws().with(&g);
        assert_eq!(names(&c, "光合成").as_deref(), Some("光合成"));
        assert_eq!(names(&c, "PS").as_deref(), Some("光合成"));
        let e = Catalog::parse("notes/glossary.toml", "[[topic]]\nnam = \"x\"\n").unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("notes/glossary.toml", 2));
        assert!(e.to_string().starts_with("notes/glossary.toml:2:"), "{e}");
    }
}

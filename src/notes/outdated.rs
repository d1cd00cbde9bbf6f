//! Facts AWS has changed since older notes were written (`catalog/changes.toml`): S3 was
//! eventually consistent, Lambda ran for 5 minutes at most. A card that copies such a fact
//! teaches something false, so it is not made; `kioku import --report` lists the line with
//! what is true now, so the notes can be fixed.

use std::sync::OnceLock;

use memchr::memmem::Finder;
use serde::Deserialize;

const CHANGES_TOML: &str = include_str!("../../catalog/changes.toml");

/// One change: facts about `service` (or any, when `None`) that contain one of `says` (and,
/// when `with` is not empty, one of `with`) state what was true before `since`. A retired
/// service's change has no `says`: every fact about it is of the past.
#[derive(Debug)]
pub struct Change {
    pub service: Option<String>,
    says: Vec<Finder<'static>>,
    with: Vec<Finder<'static>>,
    retired: bool,
    /// A claim that was never true: it says nothing of what the lines around it are about.
    pub mistake: bool,
    /// Why a card was left out, for the import report: `outdated since 2020-12: …`.
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    change: Vec<RawChange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    service: Option<String>,
    #[serde(default)]
    says: Vec<String>,
    #[serde(default)]
    with: Vec<String>,
    /// The service itself is gone (or replaced): every fact about it is outdated.
    #[serde(default)]
    retired: bool,
    since: Option<String>,
    /// Never true, though widely written (once even in AWS's own FAQ): a mistake, not a change.
    #[serde(default)]
    mistake: bool,
    now: String,
}

/// Text folded for matching: NFKC (character by character), lower case, every space removed
/// (`Eventual Consistency` is `eventualconsistency`). One pass, one allocation: every card is
/// checked.
fn tight(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    tight_into(&mut out, s);
    out
}

/// [`tight`], appended to `out`.
fn tight_into(out: &mut String, s: &str) {
    // Runs of characters that fold to themselves (ASCII but capitals and spaces, kana, common
    // kanji: most notes) are copied whole.
    let same = |b: u8| !b.is_ascii_uppercase() && !char::from(b).is_whitespace();
    let mut at = 0;
    loop {
        let run = crate::text::plain_len(&s[at..], same);
        out.push_str(&s[at..at + run]);
        at += run;
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if c.is_ascii() {
            if !c.is_whitespace() {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        crate::text::nfkc_char(c, |n| {
            for l in crate::text::lower(n) {
                if !l.is_whitespace() {
                    out.push(l);
                }
            }
        });
    }
}

/// `s` folded by [`tight`], with its searcher built once: every card's text is searched for it.
fn finder(s: &str) -> Finder<'static> {
    Finder::new(tight(s).as_bytes()).into_owned()
}

/// Whether `text` holds any of `phrases`.
fn holds_any(text: &str, phrases: &[Finder]) -> bool {
    phrases.iter().any(|p| p.find(text.as_bytes()).is_some())
}

fn parse(text: &str) -> Result<Vec<Change>, toml::de::Error> {
    let raw: RawFile = toml::from_str(text)?;
    Ok(raw
        .change
        .into_iter()
        .map(|c| Change {
            reason: match (&c.since, c.retired) {
                _ if c.mistake => format!("a common mistake: {}", c.now),
                (Some(since), false) => format!("outdated since {since}: {}", c.now),
                (Some(since), true) => format!("outdated: retired in {since}: {}", c.now),
                (None, true) => format!("outdated: retired: {}", c.now),
                (None, false) => format!("outdated: {}", c.now),
            },
            service: c.service,
            says: c.says.iter().map(|s| finder(s)).collect(),
            with: c.with.iter().map(|s| finder(s)).collect(),
            retired: c.retired,
            mistake: c.mistake,
        })
        // A change with nothing to match would match every fact.
        .filter(|c| c.retired == c.says.is_empty() && (!c.retired || c.service.is_some()))
        .collect())
}

/// The built-in changes. The file is part of the program and tested; a broken one would be
/// a build defect, and then no fact is taken for outdated rather than the import failing.
pub fn changes() -> &'static [Change] {
    static CHANGES: OnceLock<Vec<Change>> = OnceLock::new();
    CHANGES.get_or_init(|| parse(CHANGES_TOML).unwrap_or_default())
}

/// The change that retired `service`, if it is retired.
pub fn retired(service: Option<&str>) -> Option<&'static Change> {
    let service = service?;
    changes()
        .iter()
        .find(|c| c.retired && c.service.as_deref() == Some(service))
}

/// Whether AWS changed something about `service` (or retired it): only then is a fact about
/// it worth checking when no card asks it.
pub fn has_changes(service: Option<&str>) -> bool {
    service.is_some_and(|s| changes().iter().any(|c| c.service.as_deref() == Some(s)))
}

/// Whether `why` is a change's reason (a skipped line is outdated).
pub fn is_reason(why: &str) -> bool {
    changes().iter().any(|c| c.reason == why)
}

/// The change `text` states the old side of, for a fact about the service named `service`
/// (the catalog's official name), if any.
pub fn outdated(text: &str, service: Option<&str>) -> Option<&'static Change> {
    outdated_in(&[text], service)
}

/// [`outdated`] for the text of several parts on lines of their own (a card's context, front
/// and back), with no string joining them: folding drops the line breaks anyway.
pub fn outdated_in(parts: &[&str], service: Option<&str>) -> Option<&'static Change> {
    let claims = claims(service);
    if claims.changes.is_empty() {
        return None;
    }
    if let Some(c) = claims.retired {
        return Some(c);
    }
    let mut t = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        tight_into(&mut t, p);
    }
    claims
        .changes
        .iter()
        .copied()
        .find(|c| holds_any(&t, &c.says) && (c.with.is_empty() || holds_any(&t, &c.with)))
}

/// The changes that hold for facts about one service, in the file's order, and the one that
/// retired it.
#[derive(Default)]
struct Claims {
    changes: Vec<&'static Change>,
    retired: Option<&'static Change>,
}

/// [`Claims`] of `service`, worked out once per service the changes name: every card is
/// checked, and most services have none but the changes about any service.
fn claims(service: Option<&str>) -> &'static Claims {
    type ByService = (crate::cache::FastMap<&'static str, Claims>, Claims);
    static CLAIMS: OnceLock<ByService> = OnceLock::new();
    let (named, others) = CLAIMS.get_or_init(|| {
        let all = changes();
        let of = |service: Option<&str>| Claims {
            changes: all
                .iter()
                .filter(|c| c.service.is_none() || c.service.as_deref() == service)
                .collect(),
            retired: retired(service),
        };
        let named = all
            .iter()
            .filter_map(|c| c.service.as_deref())
            .map(|s| (s, of(Some(s))))
            .collect();
        (named, of(None))
    });
    service.and_then(|s| named.get(s)).unwrap_or(others)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_built_in_changes_parse_and_name_catalog_services() {
        let parsed = parse(CHANGES_TOML).expect("catalog/changes.toml parses");
        assert!(parsed.len() >= 15, "{} changes", parsed.len());
        let catalog = Catalog::aws();
        for c in &parsed {
            if let Some(s) = &c.service {
                assert!(
                    catalog.entries().iter().any(|e| &e.name == s),
                    "{s} is no catalog name"
                );
            }
            assert!(c.says.iter().all(|s| !s.needle().is_empty()));
        }
        // Every entry of the file survived the checks in `parse`.
        let entries = CHANGES_TOML.matches("\n[[change]]").count();
        assert_eq!(parsed.len(), entries);
    }

    #[test]
    fn an_old_claim_is_outdated_for_its_service_only_and_the_current_truth_is_not() {
        let s3 = Some("Amazon Simple Storage Service");
        let c = outdated("上書きPUTとDELETEは結果整合性", s3).expect("outdated");
        assert!(
            c.reason.starts_with("outdated since 2020-12: "),
            "{}",
            c.reason
        );
        assert!(outdated("Eventual Consistency for overwrite PUTS", s3).is_some());
        // DynamoDB's eventually consistent reads are still a fact.
        assert!(outdated("結果整合性のある読み込み", Some("Amazon DynamoDB")).is_none());
        assert!(outdated("すべてのリクエストで強い整合性", s3).is_none());
        let lambda = Some("AWS Lambda");
        assert!(outdated("タイムアウトは最大300秒", lambda).is_some());
        assert!(outdated("タイムアウトは最大15分", lambda).is_none());
        assert!(
            outdated(
                "Web もしくは RTMP Distribution を選択可能",
                Some("Amazon CloudFront")
            )
            .is_some()
        );
        assert!(outdated("容量無制限(1ファイル5TBまで)", s3).is_some());
        assert!(outdated("1オブジェクト最大50TBまで", s3).is_none());
        assert!(
            outdated(
                "ACLよりも、ユーザポリシーやバケットポリシーが優先される",
                s3
            )
            .is_some()
        );
        // A claim that was never true is told as a mistake, not a change.
        let m = outdated("3回までリトライ", lambda).expect("a mistake");
        assert!(m.reason.starts_with("a common mistake: "), "{}", m.reason);
        assert!(outdated("非同期呼び出しは2回までリトライ", lambda).is_none());
        let vpc = None;
        assert!(outdated("セキュリティグループはステートレス", vpc).is_some());
        assert!(
            outdated(
                "NACLはステートレス、セキュリティグループはステートフル",
                vpc
            )
            .is_none()
        );
        // Not tied to a service: EC2-Classic is gone wherever the notes mention it.
        assert!(outdated("EC2-Classic のインスタンス", None).is_some());
    }
}

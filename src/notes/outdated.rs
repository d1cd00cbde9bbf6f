//! Facts AWS has changed since older notes were written (`catalog/changes.toml`): S3 was
//! eventually consistent, Lambda ran for 5 minutes at most. A card that copies such a fact
//! teaches something false, so it is not made; `kioku import --report` lists the line with
//! what is true now, so the notes can be fixed.

use std::sync::OnceLock;

use serde::Deserialize;

const CHANGES_TOML: &str = include_str!("../../catalog/changes.toml");

/// One change: facts about `service` (or any, when `None`) that contain one of `says` (and,
/// when `with` is not empty, one of `with`) state what was true before `since`.
#[derive(Debug)]
pub struct Change {
    pub service: Option<String>,
    says: Vec<String>,
    with: Vec<String>,
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
    says: Vec<String>,
    #[serde(default)]
    with: Vec<String>,
    since: String,
    now: String,
}

/// Text folded for matching: NFKC, lower case, every space removed (`Eventual Consistency`
/// is `eventualconsistency`).
fn tight(s: &str) -> String {
    crate::text::fold(s).replace(' ', "")
}

fn parse(text: &str) -> Result<Vec<Change>, toml::de::Error> {
    let raw: RawFile = toml::from_str(text)?;
    Ok(raw
        .change
        .into_iter()
        .map(|c| Change {
            service: c.service,
            says: c.says.iter().map(|s| tight(s)).collect(),
            with: c.with.iter().map(|s| tight(s)).collect(),
            reason: format!("outdated since {}: {}", c.since, c.now),
        })
        .collect())
}

/// The built-in changes. The file is part of the program and tested; a broken one would be
/// a build defect, and then no fact is taken for outdated rather than the import failing.
pub fn changes() -> &'static [Change] {
    static CHANGES: OnceLock<Vec<Change>> = OnceLock::new();
    CHANGES.get_or_init(|| parse(CHANGES_TOML).unwrap_or_default())
}

/// The change `text` states the old side of, for a fact about the service named `service`
/// (the catalog's official name), if any.
pub fn outdated(text: &str, service: Option<&str>) -> Option<&'static Change> {
    let all = changes();
    if !all
        .iter()
        .any(|c| c.service.is_none() || c.service.as_deref() == service)
    {
        return None;
    }
    let t = tight(text);
    all.iter().find(|c| {
        (c.service.is_none() || c.service.as_deref() == service)
            && c.says.iter().any(|s| t.contains(s.as_str()))
            && (c.with.is_empty() || c.with.iter().any(|w| t.contains(w.as_str())))
    })
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
            assert!(c.says.iter().all(|s| !s.is_empty()));
        }
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
        // Not tied to a service: EC2-Classic is gone wherever the notes mention it.
        assert!(outdated("EC2-Classic のインスタンス", None).is_some());
    }
}

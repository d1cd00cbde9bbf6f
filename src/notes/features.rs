//! Features several AWS services share (`catalog/features.toml`): health checks, TCP load
//! balancing, encryption at rest. A "which service?" fact that names only such features and
//! generic words fits several services once its heading is hidden, however rare its words are
//! in the notes: the notes cannot tell, the data can.

use std::sync::OnceLock;

use serde::Deserialize;

const FEATURES_TOML: &str = include_str!("../../catalog/features.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    feature: Vec<RawFeature>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeature {
    says: Vec<String>,
    services: Vec<String>,
}

/// One feature: the ways notes write it, folded as names are for masking (NFKC, lower case,
/// no spaces), and the catalog names of the services that have it.
#[derive(Debug)]
pub struct Feature {
    pub says: Vec<Vec<char>>,
    pub services: Vec<String>,
}

fn folded(s: &str) -> Vec<char> {
    crate::text::fold(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn parse(text: &str) -> Result<Vec<Feature>, toml::de::Error> {
    let raw: RawFile = toml::from_str(text)?;
    Ok(raw
        .feature
        .into_iter()
        .map(|f| Feature {
            says: f
                .says
                .iter()
                .map(|s| folded(s))
                .filter(|s| !s.is_empty())
                .collect(),
            services: f.services,
        })
        // A feature of one service is what points to it: no shared feature.
        .filter(|f| f.services.len() >= 2 && !f.says.is_empty())
        .collect())
}

/// The built-in features. The file is part of the program and tested; a broken one would be a
/// build defect, and then no feature is known rather than the import failing.
pub fn features() -> &'static [Feature] {
    static FEATURES: OnceLock<Vec<Feature>> = OnceLock::new();
    FEATURES.get_or_init(|| parse(FEATURES_TOML).unwrap_or_default())
}

/// Every way of writing a shared feature, indexed for finding them in many facts; each
/// stands for its feature's place in [`features`].
pub fn index() -> &'static super::service::PhraseIndex {
    static INDEX: OnceLock<super::service::PhraseIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        super::service::PhraseIndex::new(
            features()
                .iter()
                .enumerate()
                .flat_map(|(k, f)| f.says.iter().map(move |s| (s.iter().collect(), k))),
        )
    })
}

/// How many services have every one of `found` (indices into [`features`]): the services of
/// one feature, or of several together.
pub fn fitting(found: &[usize]) -> usize {
    let all = features();
    let Some((first, rest)) = found.split_first() else {
        return usize::MAX;
    };
    all[*first]
        .services
        .iter()
        .filter(|s| rest.iter().all(|k| all[*k].services.contains(s)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_built_in_features_parse_and_name_catalog_services() {
        let parsed = parse(FEATURES_TOML).expect("catalog/features.toml parses");
        assert!(parsed.len() >= 30, "{} features", parsed.len());
        let catalog = Catalog::aws();
        for f in &parsed {
            for s in &f.services {
                assert!(
                    catalog.entries().iter().any(|e| &e.name == s),
                    "{s} is no catalog name"
                );
            }
            // A two-letter Latin phrase would be found inside everyday words.
            assert!(
                f.says
                    .iter()
                    .all(|s| s.len() >= 3 || !s.iter().all(|c| c.is_ascii())),
                "{:?}",
                f.says
            );
        }
        // Every entry of the file survived the checks in `parse`.
        let entries = FEATURES_TOML.matches("\n[[feature]]").count();
        assert_eq!(parsed.len(), entries);
    }

    #[test]
    fn features_are_found_folded_and_narrow_together() {
        // Full-width and upper case fold; the phrase is blanked like a name.
        let (masked, found) = index().mask("ＨＥＡＬＴＨ ＣＨＥＣＫを行う");
        assert_eq!(found.len(), 1, "{masked}");
        assert_eq!(masked, "＿＿を行う");
        assert!(fitting(&found) >= 3);
        // Never inside a longer Latin word.
        assert!(index().mask("unhealthcheckable").1.is_empty());
        // Key-value and NoSQL together: DynamoDB alone.
        let (_, found) = index().mask("キーバリュー型のNoSQLデータベース");
        assert_eq!(found.len(), 2);
        assert_eq!(fitting(&found), 1);
        assert_eq!(fitting(&[]), usize::MAX);
    }
}

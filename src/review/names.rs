//! A `--deck` or `--section` that names nothing is an error naming the nearest existing ones,
//! rather than a silent "nothing to study" (a typo would look like an empty deck).

use super::queue::{Filter, section_matches};
use crate::deck::DeckIndex;
use crate::error::{Error, Result};
use crate::text::{fold, similarity};

/// How many near names an error offers.
pub const NEAREST: usize = 3;
/// Below this similarity a name is not offered: a wrong guess is worse than none.
const NEAR_ENOUGH: f64 = 0.3;

/// Fails when the filter's deck matches no deck, or its section no section of those decks.
pub fn check(decks: &[DeckIndex], filter: &Filter) -> Result<()> {
    let in_decks: Vec<&DeckIndex> = decks
        .iter()
        .filter(|d| filter.matches_deck(&d.name))
        .collect();
    if let Some(given) = &filter.deck
        && in_decks.is_empty()
    {
        let names: Vec<String> = decks.iter().map(|d| d.name.clone()).collect();
        return Err(Error::UnknownName {
            what: "deck",
            given: given.clone(),
            nearest: nearest(given, &names, |n| vec![n.to_string()]),
        });
    }
    if let Some(given) = &filter.section {
        let found = in_decks
            .iter()
            .flat_map(|d| &d.cards)
            .any(|c| section_matches(&c.section, given));
        if !found {
            // Every section path once, in note order.
            let mut paths: Vec<String> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for c in in_decks.iter().flat_map(|d| &d.cards) {
                for depth in 1..=c.section.len() {
                    let p = c.section[..depth].join(" › ");
                    if seen.insert(p.clone()) {
                        paths.push(p);
                    }
                }
            }
            return Err(Error::UnknownName {
                what: "section",
                given: given.clone(),
                nearest: nearest(given, &paths, |p| {
                    // A path is as near as its whole or its last level.
                    let last = p.rsplit(" › ").next().unwrap_or(p);
                    vec![p.to_string(), last.to_string()]
                }),
            });
        }
    }
    Ok(())
}

/// Up to [`NEAREST`] of `names`, most similar to `given` first (character bigrams over folded
/// text: case, width and NFKC do not matter); ties keep the names' order. `forms` gives the
/// texts a name is compared by.
pub fn nearest(given: &str, names: &[String], forms: impl Fn(&str) -> Vec<String>) -> Vec<String> {
    let g = fold(given);
    let mut scored: Vec<(f64, usize)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let best = forms(n)
                .iter()
                .map(|f| {
                    let contains = fold(f).contains(&g) || g.contains(&fold(f));
                    // Bigrams miss a swap in a short name (`asw`); shared characters catch
                    // it, weighted less.
                    similarity(&g, f).max(0.5 * shared_chars(&g, &fold(f)))
                        + if contains { 1.0 } else { 0.0 }
                })
                .fold(0.0, f64::max);
            (best, i)
        })
        .filter(|&(score, _)| score >= NEAR_ENOUGH)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(NEAREST)
        .map(|(_, i)| names[i].clone())
        .collect()
}

/// Dice similarity of the characters of two folded texts (as multisets), in 0.0..=1.0.
fn shared_chars(a: &str, b: &str) -> f64 {
    let mut a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
    let mut b: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    a.sort_unstable();
    b.sort_unstable();
    crate::text::dice(&a, &b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Card, Deck};

    fn deck(name: &str, sections: &[&[&str]]) -> Deck {
        Deck {
            name: name.into(),
            cards: sections
                .iter()
                .map(|s| Card {
                    section: s.iter().map(|x| x.to_string()).collect::<Vec<_>>().into(),
                    ..Card::default()
                })
                .collect(),
            ..Deck::default()
        }
    }

    fn decks() -> Vec<DeckIndex> {
        [
            deck(
                "aws-services",
                &[
                    &["Amazon S3", "特徴"],
                    &[
                        "Elastic Load Balancing（ELB）",
                        "Application Load Balancer (ALB)",
                    ],
                    &["Amazon EC2"],
                ],
            ),
            deck("techstock", &[&["Rust"]]),
        ]
        .iter()
        .map(DeckIndex::of)
        .collect()
    }

    fn err(f: Filter) -> String {
        check(&decks(), &f).unwrap_err().to_string()
    }

    #[test]
    fn an_unknown_deck_or_section_names_the_nearest() {
        let f = |deck: Option<&str>, section: Option<&str>| Filter {
            deck: deck.map(str::to_string),
            section: section.map(str::to_string),
            ..Filter::default()
        };
        assert!(check(&decks(), &f(Some("AWS"), Some("ｅｌｂ > alb"))).is_ok());
        assert_eq!(
            err(f(Some("aws-servics"), None)),
            "no deck matches `aws-servics`; the nearest: aws-services"
        );
        assert_eq!(
            err(f(None, Some("Amazon S4"))),
            "no section matches `Amazon S4`; the nearest: Amazon S3, Amazon EC2, Amazon S3 › 特徴"
        );
        // Only the sections of the decks the deck filter keeps.
        assert_eq!(
            err(f(Some("tech"), Some("S3"))),
            "no section matches `S3`; no section has a similar name"
        );
        assert_eq!(
            err(f(None, Some("lod balancing"))),
            "no section matches `lod balancing`; the nearest: Elastic Load Balancing（ELB）, Elastic Load Balancing（ELB） › Application Load Balancer (ALB)"
        );
    }
}

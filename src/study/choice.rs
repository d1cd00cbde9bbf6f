//! Multiple choice: the right answer and three plausible wrong ones from the same section or
//! deck (other services for a service card, other terms of the same service for a term card,
//! other values for a cloze), of a similar length, never equal to the answer.

use rand::SeedableRng;
use rand::seq::SliceRandom;

use super::typing::{MAX_ANSWER_WIDTH, prompt};
use crate::catalog::{Catalog, Heading};
use crate::deck::{Card, Kind};
use crate::review::StudyCard;
use crate::text::{fold, width};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub question: String,
    /// Four options, the right one among them.
    pub options: Vec<String>,
    pub correct: usize,
}

/// A four-option question for `card`, with distractors from `pool` (the deck's cards), or
/// `None` when the card has no short answer or too few plausible distractors exist. `seed` makes
/// the order of options reproducible.
pub fn choices(card: &Card, deck: &str, pool: &[StudyCard], seed: u64) -> Option<Choice> {
    let p = prompt(card)?;
    let answer_key = fold(&p.answer);
    let top = card.section.first();
    // Candidates: same kind, same deck; those in the same top-level section first.
    let mut seen = std::collections::HashSet::from([answer_key.clone()]);
    // (different unit, other section, length gap, answer): sorted, the most plausible first.
    let mut near: Vec<(u8, u8, usize, String)> = Vec::new();
    for sc in pool
        .iter()
        .filter(|sc| sc.deck == deck && sc.card.kind == card.kind && sc.card.id != card.id)
    {
        let Some(other) = prompt(sc.card) else {
            continue;
        };
        if !seen.insert(fold(&other.answer)) {
            continue;
        }
        // For a service, "the same section" is the same catalog category: the exam asks
        // storage against storage.
        let other_section = if card.kind == Kind::Service {
            u8::from(category(&other.answer).is_none_or(|c| Some(c) != category(&p.answer)))
        } else {
            u8::from(sc.card.section.first() != top || top.is_none())
        };
        let unit_mismatch =
            u8::from(card.kind == Kind::Cloze && unit(&other.answer) != unit(&p.answer));
        let gap = width(&other.answer).abs_diff(width(&p.answer));
        near.push((unit_mismatch, other_section, gap, other.answer));
    }
    if card.kind == Kind::Service {
        catalog_services(&p.answer, &mut seen, &mut near);
    }
    if near.len() < 3 {
        return None;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    near.shuffle(&mut rng);
    near.sort_by_key(|(unit, section, gap, _)| (*unit, *section, (*gap).min(MAX_ANSWER_WIDTH) / 4));
    let mut options: Vec<String> = near.into_iter().take(3).map(|(_, _, _, a)| a).collect();
    options.push(p.answer.clone());
    options.shuffle(&mut rng);
    let correct = options.iter().position(|o| *o == p.answer)?;
    Some(Choice {
        question: p.question,
        options,
        correct,
    })
}

/// The catalog category of a service named as a service card names it.
/// The question a service card asks, naming the answer's category when the catalog knows it:
/// "which storage service is this about?"; a glossary's topic is "which topic is this about?".
/// `back` is the card's back: its first line names the service.
pub fn service_question(back: &str) -> String {
    let answer = back.lines().next().unwrap_or_default().trim();
    // Every built-in category has a noun (a catalog test checks it); an answer outside the
    // AWS catalog is a glossary's topic (`光合成`).
    match category(answer).and_then(crate::catalog::category_noun) {
        Some(noun) => format!("which {noun} is this about?"),
        None => "which topic is this about?".to_string(),
    }
}

/// `text` (a service card's deck name, shown above it) with the card's answers blanked: notes
/// kept one file per service (`vault/EC2 Auto Scaling`, `KMS`) would name the answer above
/// the question. Case-insensitive, whole words only (`IAM` is not blanked in `IAMS`).
pub fn without_answers(text: &str, card: &Card) -> String {
    let first = card.back.lines().next().unwrap_or_default().trim();
    let mut answers: Vec<&str> = card
        .answers
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(first))
        .filter(|a| !a.trim().is_empty())
        .collect();
    // The longest first: `EC2 Auto Scaling` before `EC2`.
    answers.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let mut out = text.to_string();
    for a in answers {
        let mut from = 0;
        while let Some(at) = find_word(&out[from..], a).map(|i| i + from) {
            out.replace_range(at..at + a.len(), "＿＿");
            from = at + "＿＿".len();
        }
    }
    out
}

/// Where `word` occurs in `text`, ASCII case ignored, not inside a longer Latin word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    if w.is_empty() || w.len() > t.len() {
        return None;
    }
    let latin = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    (0..=t.len() - w.len()).find(|&i| {
        text.is_char_boundary(i)
            && text.is_char_boundary(i + w.len())
            && t[i..i + w.len()].eq_ignore_ascii_case(w)
            && !latin(i.checked_sub(1).and_then(|j| t.get(j)))
            && !latin(t.get(i + w.len()))
    })
}

fn category(answer: &str) -> Option<&'static str> {
    let c = Catalog::aws();
    match c.heading(answer) {
        Heading::Names(i) => Some(c.entry(i).category.as_str()),
        _ => None,
    }
}

/// Services of the answer's category from the catalog, after the deck's own: a deck about one
/// or two services still gets plausible wrong choices.
fn catalog_services(
    answer: &str,
    seen: &mut std::collections::HashSet<String>,
    near: &mut Vec<(u8, u8, usize, String)>,
) {
    let Some(cat) = category(answer) else {
        return;
    };
    let c = Catalog::aws();
    // Services already offered, however the deck spells them (`EBS` is `Amazon Elastic Block
    // Store (EBS)`).
    let entry = |name: &str| match c.heading(name) {
        Heading::Names(i) => Some(i),
        _ => None,
    };
    let taken: Vec<usize> = std::iter::once(answer)
        .chain(near.iter().map(|n| n.3.as_str()))
        .filter_map(entry)
        .collect();
    for (i, e) in c.entries().iter().enumerate() {
        if e.category != cat || taken.contains(&i) {
            continue;
        }
        let name = c.display_name(i);
        if width(&name) > MAX_ANSWER_WIDTH || !seen.insert(fold(&name)) {
            continue;
        }
        // After every same-category service of the deck, before services of other categories.
        near.push((0, 0, usize::MAX / 2, name));
    }
}

/// The unit of a value (`TB` of `16TB`, `%` of `99.9%`), to pick distractors of the same kind.
fn unit(value: &str) -> String {
    value
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '$'))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deck_named_after_the_answer_does_not_show_it() {
        let mut c = card(
            "a",
            Kind::Service,
            "EC2 Auto Scaling",
            "ライフサイクルフック",
            "Amazon EC2 Auto Scaling",
        );
        c.answers = vec!["Amazon EC2 Auto Scaling".into(), "EC2 Auto Scaling".into()];
        assert_eq!(without_answers("vault/EC2 Auto Scaling", &c), "vault/＿＿");
        assert_eq!(
            without_answers("notes/ec2 auto scaling memo", &c),
            "notes/＿＿ memo"
        );
        let mut iam = card(
            "b",
            Kind::Service,
            "IAM",
            "ロール",
            "AWS Identity and Access Management (IAM)",
        );
        iam.answers = vec!["IAM".into()];
        assert_eq!(without_answers("vault/IAM", &iam), "vault/＿＿");
        // Not inside a longer word, and other decks are shown as they are.
        assert_eq!(without_answers("IAMS-notes", &iam), "IAMS-notes");
        assert_eq!(without_answers("セキュリティ", &iam), "セキュリティ");
    }

    #[test]
    fn a_service_question_names_the_answers_category_never_the_answer() {
        assert_eq!(
            service_question("Amazon Elastic Block Store (EBS)\nvolumes"),
            "which storage service is this about?"
        );
        assert_eq!(
            service_question("Amazon ECS"),
            "which container service is this about?"
        );
        // Not in the AWS catalog: a glossary's topic.
        assert_eq!(service_question("光合成"), "which topic is this about?");
    }

    fn card(id: &str, kind: Kind, section: &str, front: &str, back: &str) -> Card {
        Card {
            id: id.into(),
            kind,
            section: vec![section.to_string()].into(),
            context: None,
            front: front.into(),
            back: back.into(),
            cloze: (kind == Kind::Cloze).then(|| back.to_string()),
            answers: Vec::new(),
            line: None,
            tags: vec![],
        }
    }

    #[test]
    fn service_cards_offer_other_services_and_never_the_answer_twice() {
        let cards = [
            card("a", Kind::Service, "Amazon S3", "容量無制限", "Amazon S3"),
            card("b", Kind::Service, "Amazon S3", "高い耐久性", "Amazon S3"),
            card("c", Kind::Service, "EBS", "ブロックストレージ", "EBS"),
            card(
                "d",
                Kind::Service,
                "Amazon Glacier",
                "アーカイブ",
                "Amazon Glacier",
            ),
            card("e", Kind::Service, "AWS Lambda", "サーバレス", "AWS Lambda"),
            card("f", Kind::Term, "AWS Lambda", "Blueprint", "サンプル集"),
        ];
        let pool: Vec<StudyCard> = cards
            .iter()
            .map(|card| StudyCard { deck: "aws", card })
            .collect();
        let c = choices(&cards[0], "aws", &pool, 7).unwrap();
        assert_eq!(c.options.len(), 4);
        assert_eq!(c.options[c.correct], "Amazon S3");
        assert_eq!(c.options.iter().filter(|o| *o == "Amazon S3").count(), 1);
        let mut others: Vec<&str> = c
            .options
            .iter()
            .map(String::as_str)
            .filter(|o| *o != "Amazon S3")
            .collect();
        others.sort();
        // Storage against storage: the deck's own first, then the catalog's, never Lambda.
        assert!(
            others.contains(&"Amazon Glacier") && others.contains(&"EBS"),
            "{others:?}"
        );
        let third = others
            .iter()
            .find(|o| !["Amazon Glacier", "EBS"].contains(o))
            .unwrap();
        let third = Catalog::aws().heading(third);
        assert!(
            matches!(third, Heading::Names(i) if Catalog::aws().entry(i).category == "storage"),
            "{others:?}"
        );
        assert!(
            !others.iter().any(|o| o.contains("Block Store")),
            "EBS twice: {others:?}"
        );
        assert_eq!(choices(&cards[0], "aws", &pool, 7), Some(c), "reproducible");
        assert_eq!(
            choices(&cards[5], "aws", &pool, 7),
            None,
            "too few other terms"
        );
    }

    #[test]
    fn cloze_distractors_prefer_the_same_unit() {
        let cards = [
            card("a", Kind::Cloze, "EBS", "最大容量は16TB", "16TB"),
            card("b", Kind::Cloze, "S3", "1ファイル5TBまで", "5TB"),
            card("c", Kind::Cloze, "Snowball", "80TBの容量", "80TB"),
            card("d", Kind::Cloze, "S3", "100MBを超える", "100MB"),
            card("e", Kind::Cloze, "EBS", "99.999%の可用性", "99.999%"),
            card("f", Kind::Cloze, "CloudFront", "最大 15 個まで", "15 個"),
            card("g", Kind::Cloze, "Snowball", "50TB(US only)", "50TB"),
        ];
        let pool: Vec<StudyCard> = cards
            .iter()
            .map(|card| StudyCard { deck: "aws", card })
            .collect();
        let c = choices(&cards[0], "aws", &pool, 1).unwrap();
        for o in &c.options {
            assert!(o.ends_with("TB"), "{:?}", c.options);
        }
        assert_eq!(c.question, "最大容量は［…］");
    }
}

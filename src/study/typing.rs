//! What a card asks in the type and choice modes, and how a typed answer is judged.

use crate::deck::{Card, Kind};
use crate::review::log::Rating;
use crate::text::{fold, similarity, width};

/// The blank shown in place of a cloze's hidden text.
pub const BLANK: &str = "［…］";
/// Answers wider than this are not asked to be typed (nor offered as choices).
pub const MAX_ANSWER_WIDTH: usize = 32;

/// A question with one short answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub question: String,
    pub answer: String,
    /// Other answers that count as right: a service's short name, abbreviation, aliases.
    pub accepted: Vec<String>,
}

impl Prompt {
    /// Judge a typed answer against the answer and every accepted one: right if any matches,
    /// else the verdict (and diff) against the closest.
    pub fn check(&self, typed: &str) -> Checked {
        let mut best = check(&self.answer, typed);
        for a in &self.accepted {
            if best.correct {
                break;
            }
            let c = check(a, typed);
            if c.correct || (c.proposed > best.proposed) {
                best = c;
            }
        }
        best
    }
}

/// The short-answer form of a card, if it has one. Term and key–value cards are asked the
/// other way round (the explanation is shown, the term or key is the answer), since a term is
/// something one can type; a cloze asks for its blank; a service card for the service.
pub fn prompt(card: &Card) -> Option<Prompt> {
    let (question, answer) = match card.kind {
        Kind::Term | Kind::KeyValue => (card.back.clone(), card.front.clone()),
        Kind::Cloze => {
            let cloze = card.cloze.as_deref()?;
            (card.front.replacen(cloze, BLANK, 1), cloze.to_string())
        }
        // A service card's back may carry details after its first line, the service.
        Kind::Service => (
            card.front.clone(),
            card.back
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
        ),
        Kind::Basic => (card.front.clone(), card.back.trim().to_string()),
        Kind::Section | Kind::Qa => return None,
    };
    let short =
        !answer.contains('\n') && width(&answer) <= MAX_ANSWER_WIDTH && !answer.trim().is_empty();
    let accepted = if matches!(card.kind, Kind::Service | Kind::Basic) {
        card.answers.clone()
    } else {
        Vec::new()
    };
    short.then_some(Prompt {
        question,
        answer,
        accepted,
    })
}

/// A piece of the comparison between what was expected and what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    /// Expected but not typed.
    Missing(String),
    /// Typed but not expected.
    Extra(String),
}

/// The verdict on a typed answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub correct: bool,
    /// A diff of the folded texts: by words when the answer has spaces, else by characters.
    pub diff: Vec<Piece>,
    /// The rating kioku proposes; the user may choose another.
    pub proposed: Rating,
}

/// The form answers are compared in: folded (NFKC, case, whitespace), without Markdown
/// emphasis and code marks.
fn normal(s: &str) -> String {
    let f = fold(&s.replace(['`', '*', '_'], ""));
    // `16 TB` = `16TB`, `S3 (Simple)` = `S3(Simple)`: spaces between a number and its unit, and
    // next to brackets, are a matter of style.
    let chars: Vec<char> = f.chars().collect();
    let mut out = String::with_capacity(f.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let (prev, next) = (chars.get(i.wrapping_sub(1)), chars.get(i + 1));
            let unit = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| {
                    !n.is_ascii_digit() && (n.is_alphabetic() || "%$".contains(*n))
                });
            let bracket = prev.is_some_and(|p| "([{".contains(*p))
                || next.is_some_and(|n| "()[]{}".contains(*n));
            if unit || bracket {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Judge `typed` against `expected`: equal after folding is right (Good), close (one slip, or
/// 80% similar) is Hard, anything else Again.
pub fn check(expected: &str, typed: &str) -> Checked {
    let (e, t) = (normal(expected), normal(typed));
    let slips: usize = lcs_diff(
        &e.chars().map(String::from).collect::<Vec<_>>(),
        &t.chars().map(String::from).collect::<Vec<_>>(),
    )
    .iter()
    .map(|p| match p {
        Piece::Same(_) => 0,
        Piece::Missing(s) | Piece::Extra(s) => s.chars().count(),
    })
    .sum();
    let correct = e == t;
    let diff = answer_diff(&e, &t);
    let proposed = if correct {
        Rating::Good
    } else if !t.is_empty() && (slips <= 1 || similarity(&e, &t) >= 0.8) {
        Rating::Hard
    } else {
        Rating::Again
    };
    Checked {
        correct,
        diff,
        proposed,
    }
}

/// The diff shown for a typed answer: by words where the answer has spaces (a wrong word is
/// shown whole, `[connection]{session} draining`), else by characters (`con[n]ection`).
fn answer_diff(expected: &str, typed: &str) -> Vec<Piece> {
    let tokens = |s: &str, words: bool| -> Vec<String> {
        if !words {
            return s.chars().map(String::from).collect();
        }
        let mut out: Vec<String> = Vec::new();
        for c in s.chars() {
            match out.last_mut() {
                Some(w) if c != ' ' && !w.ends_with(' ') => w.push(c),
                _ => out.push(c.to_string()),
            }
        }
        out
    };
    let words = expected.contains(' ');
    let diff = lcs_diff(&tokens(expected, words), &tokens(typed, words));
    if !words {
        return diff;
    }
    // A word misspelt (not another word) is shown letter by letter: `con[n]ection`.
    let mut out: Vec<Piece> = Vec::new();
    let mut it = diff.into_iter().peekable();
    while let Some(p) = it.next() {
        if let Piece::Missing(m) = &p
            && let Some(Piece::Extra(x)) = it.peek()
            && !m.contains(' ')
            && !x.contains(' ')
            && similarity(m, x) >= 0.6
        {
            let x = x.clone();
            it.next();
            out.extend(answer_diff(m, &x));
            continue;
        }
        out.push(p);
    }
    // Runs of the same kind next to each other read as one.
    out.into_iter().fold(Vec::new(), |mut acc: Vec<Piece>, p| {
        match (acc.last_mut(), &p) {
            (Some(Piece::Same(s)), Piece::Same(c))
            | (Some(Piece::Missing(s)), Piece::Missing(c))
            | (Some(Piece::Extra(s)), Piece::Extra(c)) => s.push_str(c),
            _ => acc.push(p),
        }
        acc
    })
}

/// Longest-common-subsequence diff of two token lists, grouped into runs.
fn lcs_diff(a: &[String], b: &[String]) -> Vec<Piece> {
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    let push = |out: &mut Vec<Piece>, p: Piece| match (out.last_mut(), &p) {
        (Some(Piece::Same(s)), Piece::Same(c))
        | (Some(Piece::Missing(s)), Piece::Missing(c))
        | (Some(Piece::Extra(s)), Piece::Extra(c)) => s.push_str(c),
        _ => out.push(p),
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            push(&mut out, Piece::Same(a[i].clone()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push(&mut out, Piece::Missing(a[i].clone()));
            i += 1;
        } else {
            push(&mut out, Piece::Extra(b[j].clone()));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_word_shows_whole_and_a_slip_by_characters() {
        let c = check("Connection Draining", "session draining");
        assert_eq!(
            c.diff,
            [
                Piece::Missing("connection".into()),
                Piece::Extra("session".into()),
                Piece::Same(" draining".into()),
            ]
        );
        assert_eq!(c.proposed, Rating::Again);
        let c = check("Connection Draining", "conection draining");
        assert_eq!(c.proposed, Rating::Hard, "one slip");
        assert_eq!(
            check("Lambda", "lamda").diff,
            [
                Piece::Same("lam".into()),
                Piece::Missing("b".into()),
                Piece::Same("da".into()),
            ]
        );
    }

    #[test]
    fn accepted_answers_units_and_brackets() {
        let p = Prompt {
            question: "q".into(),
            answer: "AWS Lambda".into(),
            accepted: vec!["Lambda".into()],
        };
        assert!(p.check("lambda").correct);
        assert!(!p.check("lamda").correct);
        assert_eq!(p.check("lamda").proposed, Rating::Hard);
        assert!(check("16TB", "16 tb").correct);
        assert!(
            check(
                "Application Load Balancer (ALB)",
                "application load balancer(alb)"
            )
            .correct
        );
        assert!(!check("16TB", "1 6TB").correct, "digits are not split");
    }

    #[test]
    fn folding_forgives_case_width_and_spaces() {
        assert!(check("Connection Draining", "connection  draining").correct);
        assert!(check("ＥＬＢ", "elb").correct);
        assert!(check("`ChangeInCapacity`", "changeincapacity").correct);
        assert!(check("可⽤性", "可用性").correct);
    }

    #[test]
    fn a_slip_is_hard_and_a_miss_is_again_with_a_diff() {
        let c = check("Connection Draining", "Conection Draining");
        assert_eq!((c.correct, c.proposed), (false, Rating::Hard));
        assert_eq!(
            c.diff,
            [
                Piece::Same("con".into()),
                Piece::Missing("n".into()),
                Piece::Same("ection draining".into())
            ]
        );
        let c = check("Amazon S3", "Glacier");
        assert_eq!(c.proposed, Rating::Again);
        assert_eq!(check("16TB", "").proposed, Rating::Again);
        let c = check("99.999999999%", "99.99999999%");
        assert_eq!(c.proposed, Rating::Hard);
    }

    #[test]
    fn prompts_ask_for_something_typeable() {
        let card = |kind, front: &str, back: &str, cloze: Option<&str>| Card {
            id: "x".into(),
            kind,
            section: vec!["S".to_string()].into(),
            context: None,
            front: front.into(),
            back: back.into(),
            cloze: cloze.map(Into::into),
            answers: Vec::new(),
            line: None,
            tags: vec![],
        };
        let p = prompt(&card(Kind::Cloze, "最大容量は16TB", "16TB", Some("16TB"))).unwrap();
        assert_eq!(
            (p.question.as_str(), p.answer.as_str()),
            ("最大容量は［…］", "16TB")
        );
        let p = prompt(&card(
            Kind::Term,
            "Connection Draining",
            "- 待つ機能\n",
            None,
        ))
        .unwrap();
        assert_eq!(
            (p.question.as_str(), p.answer.as_str()),
            ("- 待つ機能\n", "Connection Draining")
        );
        assert_eq!(
            prompt(&card(Kind::Service, "容量無制限", "Amazon S3", None))
                .unwrap()
                .answer,
            "Amazon S3"
        );
        assert_eq!(prompt(&card(Kind::Section, "S", "- a\n- b\n", None)), None);
        assert_eq!(
            prompt(&card(Kind::Basic, "q", "a long answer\nover lines", None)),
            None
        );
    }
}

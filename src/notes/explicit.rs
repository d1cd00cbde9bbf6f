//! Cards the user wrote on purpose, which always win and are never second-guessed:
//! `Q: … A: …`, Anki-style clozes `{{c1::…}}`, and — when a notes folder turns them on —
//! `front :: back`, `front ::: back` (both ways) and `==highlight==` clozes.

/// A card written out in the notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Explicit {
    /// A question and its answer.
    Basic { front: String, back: String },
    /// A cloze: `front` with every blank shown but `hidden`, which is the part to hide.
    Cloze { front: String, hidden: String },
}

/// `Q: question A: answer` in one text (the lines of a paragraph are joined by then).
pub fn question_answer(text: &str) -> Option<(String, String)> {
    let q = strip_marker(text, 'Q')?;
    let at = find_marker(q, 'A')?;
    let (question, answer) = (q[..at].trim(), strip_marker(&q[at..], 'A')?.trim());
    (!question.is_empty() && !answer.is_empty()).then(|| (question.to_string(), answer.to_string()))
}

/// The text after a `Q:`/`Q：` (or `A:`) marker at its start.
pub fn strip_marker(text: &str, letter: char) -> Option<&str> {
    let t = text.trim_start();
    let rest = t.strip_prefix(letter)?;
    rest.strip_prefix(':')
        .or_else(|| rest.strip_prefix('：'))
        .or_else(|| rest.strip_prefix('.'))
        .map(str::trim_start)
}

/// Where ` A:` starts a new part of `text`.
fn find_marker(text: &str, letter: char) -> Option<usize> {
    for (i, _) in text.match_indices(letter) {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_whitespace()) && strip_marker(&text[i..], letter).is_some() {
            return Some(i);
        }
    }
    None
}

/// One card per cloze number: `{{c1::Tokyo}} is the capital of {{c2::Japan}}` gives a card
/// hiding `Tokyo` (with `Japan` shown) and one hiding `Japan`. `{{c1::text::hint}}` drops the
/// hint. Blanks sharing a number hide their first.
pub fn clozes(text: &str) -> Vec<Explicit> {
    let mut parts: Vec<(Option<u32>, &str)> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{c") {
        let after = &rest[i + 3..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let parsed = after[..digits].parse::<u32>().ok().and_then(|n| {
            let body = after[digits..].strip_prefix("::")?;
            let end = body.find("}}")?;
            Some((n, &body[..end], i + 3 + digits + 2 + end + 2))
        });
        match parsed {
            Some((n, body, len)) => {
                parts.push((None, &rest[..i]));
                let shown = body.split("::").next().unwrap_or(body);
                parts.push((Some(n), shown));
                rest = &rest[len..];
            }
            None => {
                parts.push((None, &rest[..i + 3]));
                rest = &rest[i + 3..];
            }
        }
    }
    parts.push((None, rest));
    let front: String = parts.iter().map(|(_, t)| *t).collect();
    let mut numbers: Vec<u32> = parts.iter().filter_map(|(n, _)| *n).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .filter_map(|n| {
            let hidden = parts.iter().find(|(m, _)| *m == Some(n))?.1.trim();
            (!hidden.is_empty()).then(|| Explicit::Cloze {
                front: front.trim().to_string(),
                hidden: hidden.to_string(),
            })
        })
        .collect()
}

/// `front :: back` → one card; `front ::: back` → a card each way. Dataview's `key:: value`
/// (no space before `::`) is not a card.
pub fn double_colon(text: &str) -> Vec<Explicit> {
    let card = |f: &str, b: &str| Explicit::Basic {
        front: f.trim().to_string(),
        back: b.trim().to_string(),
    };
    if let Some((f, b)) = text.split_once(" ::: ")
        && !f.trim().is_empty()
        && !b.trim().is_empty()
    {
        return vec![card(f, b), card(b, f)];
    }
    if let Some((f, b)) = text.split_once(" :: ")
        && !f.trim().is_empty()
        && !b.trim().is_empty()
    {
        return vec![card(f, b)];
    }
    Vec::new()
}

/// `==highlighted==` parts are blanks, one card each, the others shown.
pub fn highlights(text: &str) -> Vec<Explicit> {
    let pieces: Vec<&str> = text.split("==").collect();
    if pieces.len() < 3 || pieces.len().is_multiple_of(2) {
        return Vec::new();
    }
    let front: String = pieces.concat();
    pieces
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|h| !h.trim().is_empty())
        .map(|h| Explicit::Cloze {
            front: front.trim().to_string(),
            hidden: h.trim().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_and_answer_on_one_line_or_joined_lines() {
        assert_eq!(
            question_answer("Q: S3 の耐久性は？ A: 99.999999999%"),
            Some(("S3 の耐久性は？".into(), "99.999999999%".into()))
        );
        assert_eq!(question_answer("Q：何？"), None);
        assert_eq!(question_answer("Quick: fast"), None);
    }

    #[test]
    fn anki_clozes_make_one_card_per_number() {
        let c = clozes("{{c1::東京}}は{{c2::日本::国}}の首都");
        assert_eq!(
            c,
            vec![
                Explicit::Cloze {
                    front: "東京は日本の首都".into(),
                    hidden: "東京".into()
                },
                Explicit::Cloze {
                    front: "東京は日本の首都".into(),
                    hidden: "日本".into()
                },
            ]
        );
        assert!(clozes("no {{c}} here").is_empty());
    }

    #[test]
    fn double_colons_and_highlights() {
        assert_eq!(double_colon("ELB :: load balancer").len(), 1);
        assert_eq!(double_colon("ELB ::: load balancer").len(), 2);
        assert!(double_colon("status:: done").is_empty());
        let h = highlights("S3 stores ==objects== in ==buckets==");
        assert_eq!(h.len(), 2);
        assert_eq!(
            h[1],
            Explicit::Cloze {
                front: "S3 stores objects in buckets".into(),
                hidden: "buckets".into()
            }
        );
    }
}

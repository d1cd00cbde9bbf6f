//! Card identity across edits of the notes.
//!
//! An id is minted once and then kept: on re-import each new card is linked to a card of the
//! previous deck, in this order:
//! 1. same kind, section, front (and cloze text) → same id;
//! 2. same kind, front and cloze in another section, if exactly one such card was removed and
//!    one added (a bullet moved between sections) → same id;
//! 3. the most similar previous card of the same kind and section, if the average of the
//!    front and back similarities is at least [`SIMILARITY_THRESHOLD`] and the fronts alone are at
//!    least [`FRONT_THRESHOLD`] similar (a typo fixed, an answer rewritten) → same id;
//! 4. a card made from the same notes line, of any kind or section, whose text is at least
//!    [`SAME_LINE_THRESHOLD`] similar (an importer upgrade changed how the line is asked; the
//!    first part of a split card) → same id;
//! 5. otherwise a new id.
//!
//! Similarity is the Dice coefficient of character bigrams after NFKC and case folding. Every
//! step is deterministic, so the same notes and the same previous deck give the same ids.

use std::collections::{HashMap, HashSet, VecDeque};

use super::{Card, Kind};
use crate::text::similarity;

/// Average of front and back similarity needed to keep an id across an edit.
pub const SIMILARITY_THRESHOLD: f64 = 0.6;
/// Front similarity needed as well, so a new fact never inherits a deleted fact's history
/// just because both share the same answer.
pub const FRONT_THRESHOLD: f64 = 0.5;

/// How one new card got its id.
#[derive(Debug, Clone, PartialEq)]
pub enum Relink {
    /// Same text as before.
    Unchanged,
    /// Same front, other fields changed.
    Updated,
    /// Matched an edited or moved card; `score` is 1.0 for a move.
    Relinked {
        old_front: String,
        old_section: std::sync::Arc<[String]>,
        score: f64,
    },
    /// No previous card matched.
    New,
}

/// The result of linking: one entry per new card (same order) plus the cards that disappeared.
#[derive(Debug, Clone, Default)]
pub struct LinkOutcome {
    pub links: Vec<Relink>,
    pub removed: Vec<Card>,
}

/// Mint an id from the card's identity fields. Collisions with `taken` are resolved by
/// re-hashing with a counter, so the result is still deterministic.
pub fn mint_id(
    deck: &str,
    kind: Kind,
    section: &[String],
    front: &str,
    cloze: Option<&str>,
    taken: &HashSet<String>,
) -> String {
    // The bytes of `fnv1a(&[deck, kind, section joined by U+001F, front, cloze, salt])`, fed
    // without joining: the same ids as ever, with no string built per card.
    const PRIME: u64 = 0x0100_0000_01b3;
    let feed = |mut h: u64, bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
        h
    };
    let mut h = feed(0xcbf2_9ce4_8422_2325, deck.as_bytes());
    h = feed(h, &[0x1f]);
    h = feed(h, kind.as_str().as_bytes());
    h = feed(h, &[0x1f]);
    for (i, level) in section.iter().enumerate() {
        if i > 0 {
            h = feed(h, &[0x1f]);
        }
        h = feed(h, level.as_bytes());
    }
    h = feed(h, &[0x1f]);
    h = feed(h, front.as_bytes());
    h = feed(h, &[0x1f]);
    h = feed(h, cloze.unwrap_or("").as_bytes());
    h = feed(h, &[0x1f]);
    let mut salt = 0u32;
    loop {
        let h = feed(h, salt.to_string().as_bytes());
        let id = encode(h);
        if !taken.contains(&id) {
            return id;
        }
        salt += 1;
    }
}

/// Ten characters of lower-case base32 (50 bits): short enough to read, long enough that
/// collisions are rare (and handled when they happen).
fn encode(mut h: u64) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut s = String::with_capacity(10);
    for _ in 0..10 {
        s.push(ALPHABET[(h & 31) as usize] as char);
        h >>= 5;
    }
    s
}

type Key<'a> = (Kind, &'a [String], &'a str, Option<&'a str>);

/// Give every card in `cards` an id, reusing the ids of `previous` where the card is the same
/// card as before (see the module docs). `cards`' existing ids are ignored.
pub fn link_ids(deck: &str, cards: &mut [Card], previous: &[Card]) -> LinkOutcome {
    let mut assigned: Vec<Option<usize>> = vec![None; cards.len()];
    let mut used = vec![false; previous.len()];

    // 1. Exact identity.
    let mut by_key: HashMap<Key<'_>, VecDeque<usize>> = HashMap::new();
    for (i, p) in previous.iter().enumerate() {
        by_key.entry(key(p)).or_default().push_back(i);
    }
    for (n, c) in cards.iter().enumerate() {
        if let Some(q) = by_key.get_mut(&key(c))
            && let Some(p) = q.pop_front()
        {
            assigned[n] = Some(p);
            used[p] = true;
        }
    }

    if used.iter().all(|u| *u) {
        return finish(deck, cards, previous, &assigned, &used, &HashMap::new());
    }

    // 2. Moved between sections, when unambiguous.
    let mut moved_prev: HashMap<(Kind, &str, Option<&str>), Vec<usize>> = HashMap::new();
    for (i, p) in previous.iter().enumerate().filter(|(i, _)| !used[*i]) {
        moved_prev
            .entry((p.kind, &p.front, p.cloze.as_deref()))
            .or_default()
            .push(i);
    }
    let mut moved_new: HashMap<(Kind, &str, Option<&str>), Vec<usize>> = HashMap::new();
    for (n, c) in cards
        .iter()
        .enumerate()
        .filter(|(n, _)| assigned[*n].is_none())
    {
        moved_new
            .entry((c.kind, &c.front, c.cloze.as_deref()))
            .or_default()
            .push(n);
    }
    let mut moves = Vec::new();
    for (k, ns) in &moved_new {
        if let (1, Some(ps)) = (ns.len(), moved_prev.get(k))
            && ps.len() == 1
        {
            moves.push((ns[0], ps[0]));
        }
    }
    for (n, p) in moves {
        assigned[n] = Some(p);
        used[p] = true;
    }

    // 3. Most similar card of the same kind and section.
    // (kind, section) → (unlinked new cards, unlinked previous cards)
    type Group = (Vec<usize>, Vec<usize>);
    let mut groups: HashMap<(Kind, &[String]), Group> = HashMap::new();
    for (n, c) in cards
        .iter()
        .enumerate()
        .filter(|(n, _)| assigned[*n].is_none())
    {
        groups.entry((c.kind, &*c.section)).or_default().0.push(n);
    }
    for (i, p) in previous.iter().enumerate().filter(|(i, _)| !used[*i]) {
        if let Some(g) = groups.get_mut(&(p.kind, &*p.section)) {
            g.1.push(i);
        }
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (ns, ps) in groups.values() {
        for &n in ns {
            for &p in ps {
                let front = similarity(&cards[n].front, &previous[p].front);
                if front < FRONT_THRESHOLD {
                    continue;
                }
                let score = (front + similarity(&cards[n].back, &previous[p].back)) / 2.0;
                if score >= SIMILARITY_THRESHOLD {
                    pairs.push((score, n, p));
                }
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut scores: HashMap<usize, f64> = HashMap::new();
    for (score, n, p) in pairs {
        if assigned[n].is_none() && !used[p] {
            assigned[n] = Some(p);
            used[p] = true;
            scores.insert(n, score);
        }
    }

    // 4. Made from the same notes line, whatever its kind or section now (an importer upgrade
    //    that turns a "which service?" card into a question, a term into a key–value card, or
    //    splits an answer), when the texts still have something in common.
    let mut by_line: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, p) in previous.iter().enumerate().filter(|(i, _)| !used[*i]) {
        if let Some(l) = p.line {
            by_line.entry(l).or_default().push(i);
        }
    }
    let mut pairs: Vec<(bool, u32, f64, usize, usize)> = Vec::new();
    for (n, c) in cards
        .iter()
        .enumerate()
        .filter(|(n, _)| assigned[*n].is_none())
    {
        let Some(ps) = c.line.and_then(|l| by_line.get(&l)) else {
            continue;
        };
        let text = format!("{}\n{}", c.front, c.back);
        for &p in ps {
            let old = &previous[p];
            let score = similarity(&text, &format!("{}\n{}", old.front, old.back));
            if score >= SAME_LINE_THRESHOLD {
                pairs.push((c.kind != old.kind, part_number(&c.front), -score, n, p));
            }
        }
    }
    pairs.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then(a.2.total_cmp(&b.2))
            .then((a.3, a.4).cmp(&(b.3, b.4)))
    });
    for (_, _, score, n, p) in pairs {
        if assigned[n].is_none() && !used[p] {
            assigned[n] = Some(p);
            used[p] = true;
            scores.insert(n, -score);
        }
    }

    finish(deck, cards, previous, &assigned, &used, &scores)
}

/// Similarity a card made from the same notes line needs with a previous card of another kind
/// or section to keep its id: low, since the two ask differently, but enough that a line that
/// now holds other text (the notes were edited above it) does not inherit a stranger's history.
pub const SAME_LINE_THRESHOLD: f64 = 0.3;

/// `Term (2/3)` → 2: a split card keeps the id on its first part. 1 for an unsplit card.
fn part_number(front: &str) -> u32 {
    front
        .strip_suffix(')')
        .and_then(|f| f.rsplit_once(" ("))
        .and_then(|(_, part)| part.split_once('/'))
        .and_then(|(k, _)| k.parse().ok())
        .unwrap_or(1)
}

/// 5. Everything else gets a new id, never one a linked card keeps.
fn finish(
    deck: &str,
    cards: &mut [Card],
    previous: &[Card],
    assigned: &[Option<usize>],
    used: &[bool],
    scores: &HashMap<usize, f64>,
) -> LinkOutcome {
    let mut taken: HashSet<String> = assigned
        .iter()
        .flatten()
        .map(|&p| previous[p].id.clone())
        .collect();
    let mut links = Vec::with_capacity(cards.len());
    for (n, card) in cards.iter_mut().enumerate() {
        let link = match assigned[n] {
            Some(p) => {
                let old = &previous[p];
                card.id = old.id.clone();
                if key(card) != key(old) {
                    Relink::Relinked {
                        old_front: old.front.clone(),
                        old_section: old.section.clone(),
                        score: scores.get(&n).copied().unwrap_or(1.0),
                    }
                } else if card == old {
                    Relink::Unchanged
                } else {
                    Relink::Updated
                }
            }
            None => {
                card.id = mint_id(
                    deck,
                    card.kind,
                    &card.section,
                    &card.front,
                    card.cloze.as_deref(),
                    &taken,
                );
                taken.insert(card.id.clone());
                Relink::New
            }
        };
        links.push(link);
    }
    let removed = previous
        .iter()
        .zip(used)
        .filter(|(_, u)| !**u)
        .map(|(c, _)| c.clone())
        .collect();
    LinkOutcome { links, removed }
}

fn key(c: &Card) -> Key<'_> {
    (c.kind, &c.section, &c.front, c.cloze.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(section: &str, front: &str, back: &str) -> Card {
        Card {
            id: String::new(),
            kind: Kind::Term,
            section: vec![section.to_string()].into(),
            context: None,
            front: front.into(),
            back: back.into(),
            cloze: None,
            answers: Vec::new(),
            line: None,
            tags: vec![],
        }
    }

    fn first_import(cards: &mut [Card]) {
        let out = link_ids("d", cards, &[]);
        assert!(out.links.iter().all(|l| *l == Relink::New));
    }

    #[test]
    fn a_typo_fixed_in_the_front_keeps_the_id() {
        let mut old = vec![card(
            "ELB",
            "Conection Draining",
            "処理中リクエストは終わるように待つ",
        )];
        first_import(&mut old);
        let mut new = vec![card(
            "ELB",
            "Connection Draining",
            "処理中リクエストは終わるように待つ",
        )];
        let out = link_ids("d", &mut new, &old);
        assert_eq!(new[0].id, old[0].id);
        assert!(matches!(out.links[0], Relink::Relinked { .. }));
    }

    #[test]
    fn a_different_fact_with_the_same_answer_gets_a_new_id() {
        let mut old = vec![card("S3", "容量無制限", "Amazon S3")];
        first_import(&mut old);
        let mut new = vec![card("S3", "スケーラブルで安定した性能", "Amazon S3")];
        let out = link_ids("d", &mut new, &old);
        assert_ne!(new[0].id, old[0].id);
        assert_eq!(out.links[0], Relink::New);
        assert_eq!(out.removed.len(), 1);
    }

    #[test]
    fn minted_ids_are_the_hash_of_the_card_s_fields() {
        let section = ["Amazon S3".to_string(), "特徴".to_string()];
        let id = mint_id(
            "aws",
            Kind::Cloze,
            &section,
            "最大容量は16TB",
            Some("16TB"),
            &HashSet::new(),
        );
        let joined = section.join("\u{1f}");
        let h = crate::text::fnv1a(&["aws", "cloze", &joined, "最大容量は16TB", "16TB", "0"]);
        assert_eq!(
            id,
            encode(h),
            "the same ids as before this function fed bytes itself"
        );
    }

    #[test]
    fn linking_is_deterministic() {
        let mut a = vec![
            card("A", "x", "1"),
            card("A", "x", "1"),
            card("B", "y", "2"),
        ];
        let mut b = a.clone();
        first_import(&mut a);
        first_import(&mut b);
        assert_eq!(a, b);
        assert_ne!(a[0].id, a[1].id, "identical cards still get distinct ids");
    }
}

//! The section tree of a set of cards, with counts, in note order.

use super::{Card, CardRef};

/// One heading of the tree: its depth (0 = top), name and the sum over the cards in it and
/// below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSum<T> {
    pub depth: usize,
    pub name: String,
    pub sum: T,
}

/// The number of cards per section.
pub type SectionCount = SectionSum<usize>;

/// Where cards without a section are counted.
pub const NO_SECTION: &str = "(no section)";

struct Node<T> {
    name: String,
    sum: T,
    children: Vec<usize>,
}

/// The sections of `cards` as a depth-first list, each counting the cards of its subtree.
/// Cards without a section are counted under [`NO_SECTION`].
pub fn section_tree(cards: &[Card]) -> Vec<SectionCount> {
    section_tree_by(cards.iter().map(|c| (c, 1usize)))
}

/// The sections of the given cards as a depth-first list, each with the sum of the values of
/// the cards in its subtree.
pub fn section_tree_by<'c, C, T>(cards: impl IntoIterator<Item = (&'c C, T)>) -> Vec<SectionSum<T>>
where
    C: CardRef + 'c,
    T: Default + Clone + std::ops::AddAssign,
{
    let mut nodes = vec![Node {
        name: String::new(),
        sum: T::default(),
        children: vec![],
    }];
    let no_section = [NO_SECTION.to_string()];
    // Cards in note order come in runs sharing one section path (the same Arc): remember the
    // nodes of the last path and skip the search while the path stays the same.
    let mut last: Option<(&std::sync::Arc<[String]>, Vec<usize>)> = None;
    for (card, value) in cards {
        if let Some((path, ids)) = &last
            && std::sync::Arc::ptr_eq(path, card.section())
        {
            for &id in ids {
                nodes[id].sum += value.clone();
            }
            continue;
        }
        let mut at = 0;
        let mut ids = Vec::new();
        let path = if card.section().is_empty() {
            &no_section[..]
        } else {
            &card.section()[..]
        };
        for name in path {
            let found = nodes[at]
                .children
                .iter()
                .copied()
                .find(|&c| nodes[c].name == *name);
            at = match found {
                Some(c) => c,
                None => {
                    nodes.push(Node {
                        name: name.clone(),
                        sum: T::default(),
                        children: vec![],
                    });
                    let id = nodes.len() - 1;
                    nodes[at].children.push(id);
                    id
                }
            };
            nodes[at].sum += value.clone();
            ids.push(at);
        }
        last = Some((card.section(), ids));
    }
    let mut out = Vec::with_capacity(nodes.len());
    let mut stack: Vec<(usize, usize)> = nodes[0].children.iter().rev().map(|&c| (c, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        out.push(SectionSum {
            depth,
            name: nodes[n].name.clone(),
            sum: nodes[n].sum.clone(),
        });
        stack.extend(nodes[n].children.iter().rev().map(|&c| (c, depth + 1)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Kind;

    #[test]
    fn counts_include_subsections_and_keep_note_order() {
        let card = |s: &[&str]| Card {
            id: String::new(),
            kind: Kind::Basic,
            section: s.iter().map(|x| x.to_string()).collect::<Vec<_>>().into(),
            context: None,
            front: "f".into(),
            back: "b".into(),
            cloze: None,
            answers: Vec::new(),
            line: None,
            tags: vec![],
        };
        let cards = [
            card(&["B"]),
            card(&["A", "x"]),
            card(&["B", "y"]),
            card(&["A"]),
            card(&[]),
        ];
        let tree = section_tree(&cards);
        let got: Vec<(usize, &str, usize)> = tree
            .iter()
            .map(|s| (s.depth, s.name.as_str(), s.sum))
            .collect();
        assert_eq!(
            got,
            [
                (0, "B", 2),
                (1, "y", 1),
                (0, "A", 2),
                (1, "x", 1),
                (0, NO_SECTION, 1)
            ]
        );
    }
}

//! The section tree of a set of cards, with card counts, in note order.

use super::Card;

/// One heading of the tree: its depth (0 = top), name and the cards in it and below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionCount {
    pub depth: usize,
    pub name: String,
    pub cards: usize,
}

struct Node {
    name: String,
    cards: usize,
    children: Vec<usize>,
}

/// Where cards without a section are counted.
pub const NO_SECTION: &str = "(no section)";

/// The sections of `cards` as a depth-first list, each counting the cards of its subtree.
/// Cards without a section are counted under [`NO_SECTION`].
pub fn section_tree(cards: &[Card]) -> Vec<SectionCount> {
    let no_section = [NO_SECTION.to_string()];
    let mut nodes = vec![Node {
        name: String::new(),
        cards: 0,
        children: vec![],
    }];
    for card in cards {
        let mut at = 0;
        nodes[0].cards += 1;
        let path = if card.section.is_empty() {
            &no_section[..]
        } else {
            &card.section[..]
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
                        cards: 0,
                        children: vec![],
                    });
                    let id = nodes.len() - 1;
                    nodes[at].children.push(id);
                    id
                }
            };
            nodes[at].cards += 1;
        }
    }
    let mut out = Vec::with_capacity(nodes.len());
    let mut stack: Vec<(usize, usize)> = nodes[0].children.iter().rev().map(|&c| (c, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        out.push(SectionCount {
            depth,
            name: nodes[n].name.clone(),
            cards: nodes[n].cards,
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
            section: s.iter().map(|x| x.to_string()).collect(),
            context: None,
            front: "f".into(),
            back: "b".into(),
            cloze: None,
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
            .map(|s| (s.depth, s.name.as_str(), s.cards))
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

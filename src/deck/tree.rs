//! The section tree of a set of cards, with counts, in note order.

use std::sync::Arc;

use super::{Card, CardRef};

/// One heading of the tree: its depth (0 = top), name and the sum over the cards in it and
/// below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSum<T> {
    pub depth: usize,
    pub name: String,
    pub sum: T,
}

/// A heading of a [`Sections`] tree with its sum, borrowing the name from the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSum<'a, T> {
    pub depth: usize,
    pub name: &'a str,
    pub sum: T,
}

/// The number of cards per section.
pub type SectionCount = SectionSum<usize>;

/// Where cards without a section are counted.
pub const NO_SECTION: &str = "(no section)";

/// A deck's section tree, built once from its distinct section paths (numbered in order of
/// first appearance). Counting then adds each card's value to the slot of its path number:
/// no search, no comparison of names and no allocation per card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sections {
    /// Depth first, in note order: a parent always comes before its children.
    nodes: Vec<SectionNode>,
    /// Per path number: the node at its end.
    ends: Vec<u32>,
    /// Every node's name, one after the other: one allocation for the tree.
    names: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct SectionNode {
    depth: u32,
    /// Its name, in the tree's own copy of the names.
    name: std::ops::Range<u32>,
    /// `u32::MAX` at the top.
    parent: u32,
}

impl Sections {
    /// The tree of these section paths, in this order (an empty path is [`NO_SECTION`]).
    /// Paths sharing a beginning share its nodes: headings are told apart by name among
    /// their siblings.
    pub fn of<'p>(paths: impl IntoIterator<Item = &'p [String]>) -> Sections {
        // Built in order of appearance, then laid out depth first.
        struct Building<'p> {
            name: &'p str,
            children: Vec<u32>,
        }
        let mut built = vec![Building {
            name: "",
            children: vec![],
        }];
        let mut ends_built = Vec::new();
        for path in paths {
            let mut at = 0usize;
            let none = [NO_SECTION];
            let levels = path.iter().map(String::as_str);
            let names = none[..usize::from(path.is_empty())]
                .iter()
                .copied()
                .chain(levels);
            for name in names {
                let found = built[at]
                    .children
                    .iter()
                    .copied()
                    .find(|&c| built[c as usize].name == name);
                at = match found {
                    Some(c) => c as usize,
                    None => {
                        built.push(Building {
                            name,
                            children: vec![],
                        });
                        let id = (built.len() - 1) as u32;
                        built[at].children.push(id);
                        id as usize
                    }
                };
            }
            ends_built.push(at as u32);
        }
        let mut position = vec![u32::MAX; built.len()];
        let mut nodes = Vec::with_capacity(built.len() - 1);
        let mut names = String::new();
        let mut stack: Vec<(u32, u32, u32)> = built[0]
            .children
            .iter()
            .rev()
            .map(|&c| (c, 0, u32::MAX))
            .collect();
        while let Some((n, depth, parent)) = stack.pop() {
            let here = nodes.len() as u32;
            position[n as usize] = here;
            let start = names.len() as u32;
            names.push_str(built[n as usize].name);
            nodes.push(SectionNode {
                depth,
                name: start..names.len() as u32,
                parent,
            });
            stack.extend(
                built[n as usize]
                    .children
                    .iter()
                    .rev()
                    .map(|&c| (c, depth + 1, here)),
            );
        }
        Sections {
            nodes,
            ends: ends_built.iter().map(|&b| position[b as usize]).collect(),
            names,
        }
    }

    /// The tree for a cache ([`Sections::get`] reads it back).
    pub(crate) fn put(&self, e: &mut crate::cache::Enc) {
        e.u32(self.nodes.len() as u32);
        for n in &self.nodes {
            e.u32(n.depth);
            e.u32(n.parent);
            e.u32(n.name.start);
            e.u32(n.name.end);
        }
        e.u32(self.ends.len() as u32);
        for &end in &self.ends {
            e.u32(end);
        }
        e.str(&self.names);
    }

    /// A tree [`Sections::put`] wrote, its shape checked so that nothing can index out of it
    /// (every parent before its children and one level up, names inside the names, path ends
    /// among the nodes); `None` if it is not one.
    pub(crate) fn get(d: &mut crate::cache::Dec) -> Option<Sections> {
        let n = d.count(16)?;
        let mut nodes: Vec<SectionNode> = Vec::with_capacity(n);
        for _ in 0..n {
            let (depth, parent, start, end) = (d.u32()?, d.u32()?, d.u32()?, d.u32()?);
            let depth_ok = if parent == u32::MAX {
                depth == 0
            } else {
                nodes
                    .get(parent as usize)
                    .is_some_and(|p| p.depth.checked_add(1) == Some(depth))
            };
            if !depth_ok || start > end {
                return None;
            }
            nodes.push(SectionNode {
                depth,
                name: start..end,
                parent,
            });
        }
        let ends = (0..d.count(4)?)
            .map(|_| d.u32().filter(|&e| (e as usize) < n))
            .collect::<Option<Vec<u32>>>()?;
        let names = d.str()?;
        let inside = |i: u32| names.is_char_boundary(i as usize);
        nodes
            .iter()
            .all(|n| inside(n.name.start) && inside(n.name.end))
            .then_some(Sections { nodes, ends, names })
    }

    /// How many section paths the tree was built from.
    pub fn paths(&self) -> usize {
        self.ends.len()
    }

    /// The sections of the given cards (each as its path number and a value) depth first,
    /// each with the sum of the values in its subtree; sections no card was given for are
    /// left out, the others keep their order in the whole deck. A path number the tree does
    /// not have is counted nowhere.
    pub fn sums<T>(&self, cards: impl IntoIterator<Item = (u32, T)>) -> Vec<NodeSum<'_, T>>
    where
        T: Default + Clone + std::ops::AddAssign,
    {
        let mut sum: Vec<T> = vec![T::default(); self.nodes.len()];
        let mut seen = vec![false; self.nodes.len()];
        for (path, value) in cards {
            if let Some(&end) = self.ends.get(path as usize) {
                sum[end as usize] += value;
                seen[end as usize] = true;
            }
        }
        // Children come after their parent: one pass from the end carries every sum up.
        for n in (0..self.nodes.len()).rev() {
            let parent = self.nodes[n].parent;
            if parent != u32::MAX && seen[n] {
                let s = sum[n].clone();
                sum[parent as usize] += s;
                seen[parent as usize] = true;
            }
        }
        self.nodes
            .iter()
            .zip(sum)
            .zip(seen)
            .filter(|(_, seen)| *seen)
            .map(|((node, sum), _)| NodeSum {
                depth: node.depth as usize,
                name: &self.names[node.name.start as usize..node.name.end as usize],
                sum,
            })
            .collect()
    }
}

/// Section paths numbered in order of first appearance, as [`Sections::of`] takes them: the
/// distinct paths, and each card's path number.
pub fn number_paths<'c>(
    sections: impl IntoIterator<Item = &'c Arc<[String]>>,
) -> (Vec<Arc<[String]>>, Vec<u32>) {
    let mut paths: Vec<Arc<[String]>> = Vec::new();
    let mut number: std::collections::HashMap<&'c [String], u32> = Default::default();
    let mut last: Option<(&Arc<[String]>, u32)> = None;
    let numbers = sections
        .into_iter()
        .map(|s| {
            // Cards in note order come in runs sharing one path (the same Arc).
            if let Some((p, n)) = last
                && Arc::ptr_eq(p, s)
            {
                return n;
            }
            let n = *number.entry(&s[..]).or_insert_with(|| {
                paths.push(Arc::clone(s));
                paths.len() as u32 - 1
            });
            last = Some((s, n));
            n
        })
        .collect();
    (paths, numbers)
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
    let (cards, values): (Vec<&'c C>, Vec<T>) = cards.into_iter().unzip();
    let (paths, numbers) = number_paths(cards.iter().map(|c| c.section()));
    Sections::of(paths.iter().map(|p| &p[..]))
        .sums(numbers.into_iter().zip(values))
        .into_iter()
        .map(|s| SectionSum {
            depth: s.depth,
            name: s.name.to_string(),
            sum: s.sum,
        })
        .collect()
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

    /// The tree as it was built before [`Sections`], a search among the children per card,
    /// over every card (so that sections keep the deck's order), summing the kept ones.
    fn reference(cards: &[(Vec<&str>, usize, bool)]) -> Vec<(usize, String, usize)> {
        struct N {
            name: String,
            sum: usize,
            kept: bool,
            children: Vec<usize>,
        }
        let mut nodes = vec![N {
            name: String::new(),
            sum: 0,
            kept: false,
            children: vec![],
        }];
        for (path, v, keep) in cards {
            let path = if path.is_empty() {
                vec![NO_SECTION]
            } else {
                path.clone()
            };
            let mut at = 0;
            for name in path {
                let found = nodes[at]
                    .children
                    .iter()
                    .copied()
                    .find(|&c| nodes[c].name == name);
                at = found.unwrap_or_else(|| {
                    nodes.push(N {
                        name: name.to_string(),
                        sum: 0,
                        kept: false,
                        children: vec![],
                    });
                    let id = nodes.len() - 1;
                    nodes[at].children.push(id);
                    id
                });
                if *keep {
                    nodes[at].sum += v;
                    nodes[at].kept = true;
                }
            }
        }
        let mut out = Vec::new();
        let mut stack: Vec<(usize, usize)> =
            nodes[0].children.iter().rev().map(|&c| (c, 0)).collect();
        while let Some((n, depth)) = stack.pop() {
            if nodes[n].kept {
                out.push((depth, nodes[n].name.clone(), nodes[n].sum));
            }
            stack.extend(nodes[n].children.iter().rev().map(|&c| (c, depth + 1)));
        }
        out
    }

    proptest::proptest! {
        /// Sums through the tree built once equal a search per card, for any paths (names
        /// repeated at several levels and in several branches, empty paths), and for any
        /// subset of the cards: a section none of them is in is left out, the others keep
        /// their order in the whole deck.
        #[test]
        fn sums_over_the_tree_built_once_equal_a_search_per_card(
            cards in proptest::collection::vec(
                (proptest::collection::vec(0u8..3, 0..4), 0usize..5, proptest::bool::ANY),
                0..40,
            )
        ) {
            let names = ["a", "b", NO_SECTION];
            let paths: Vec<Arc<[String]>> = cards
                .iter()
                .map(|(p, _, _)| p.iter().map(|&i| names[i as usize].to_string()).collect::<Vec<_>>().into())
                .collect();
            let (distinct, numbers) = number_paths(paths.iter());
            let tree = Sections::of(distinct.iter().map(|p| &p[..]));
            proptest::prop_assert_eq!(tree.paths(), distinct.len());
            let all: Vec<(Vec<&str>, usize, bool)> = cards
                .iter()
                .zip(&paths)
                .map(|((_, v, keep), p)| (p.iter().map(String::as_str).collect(), *v, *keep))
                .collect();
            let got: Vec<(usize, String, usize)> = tree
                .sums(
                    cards
                        .iter()
                        .zip(&numbers)
                        .filter(|((_, _, keep), _)| *keep)
                        .map(|((_, v, _), &n)| (n, *v)),
                )
                .into_iter()
                .map(|s| (s.depth, s.name.to_string(), s.sum))
                .collect();
            proptest::prop_assert_eq!(got, reference(&all));
        }
    }

    #[test]
    fn a_path_number_the_tree_does_not_have_counts_nowhere() {
        let paths: Vec<Arc<[String]>> = vec![vec!["A".to_string()].into()];
        let tree = Sections::of(paths.iter().map(|p| &p[..]));
        let got = tree.sums([(0u32, 2usize), (7, 5)]);
        assert_eq!(
            got,
            [NodeSum {
                depth: 0,
                name: "A",
                sum: 2
            }]
        );
    }

    #[test]
    fn a_tree_read_back_from_a_cache_is_the_tree_and_a_bent_one_is_refused() {
        let path = |p: &[&str]| -> Arc<[String]> { p.iter().map(|s| s.to_string()).collect() };
        let paths = [
            path(&["A", "x"]),
            path(&["B"]),
            path(&["A", "記"]),
            path(&[]),
        ];
        let tree = Sections::of(paths.iter().map(|p| &p[..]));
        let mut e = crate::cache::Enc(Vec::new());
        tree.put(&mut e);
        let bytes = e.0;
        let mut d = crate::cache::Dec(&bytes);
        assert_eq!(Sections::get(&mut d), Some(tree.clone()));
        assert!(d.0.is_empty());
        // The u32 words of the nodes: depth, parent, name start, name end; then the ends.
        let bent = |word: usize, value: u32| {
            let mut b = bytes.clone();
            b[4 + 4 * word..8 + 4 * word].copy_from_slice(&value.to_le_bytes());
            Sections::get(&mut crate::cache::Dec(&b))
        };
        assert_eq!(bent(0, 1), None, "a top node one level down");
        assert_eq!(bent(5, 5), None, "a parent after its child");
        assert_eq!(bent(5, 1), None, "a parent at its own level");
        assert_eq!(bent(6, 1000), None, "a name past the names");
        let ki = tree.names.find('記').unwrap() as u32;
        let node = tree.nodes.iter().position(|n| n.name.start == ki).unwrap();
        assert_eq!(bent(4 * node + 3, ki + 1), None, "a name ending inside 記");
        let ends_at = 4 * tree.nodes.len() + 1;
        assert_eq!(bent(ends_at, 99), None, "a path ending past the nodes");
        assert_eq!(
            bent(ends_at, 0).map(|t| t.ends[0]),
            Some(0),
            "but within them, read"
        );
    }
}

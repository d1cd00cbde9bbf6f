//! Properties: the importer survives any Markdown, and decks survive a TOML round trip.

use kioku::deck::{Card, Deck, Kind, link_ids, parse_deck, to_toml};
use kioku::notes::cards_from_markdown;
use proptest::prelude::*;

/// Markdown made of the pieces the notes use (and some they don't), in any order and nesting.
fn markdown() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "",
        "# ",
        "## ",
        "### ",
        "#### ",
        "- ",
        "  - ",
        "    - ",
        "        - ",
        "– ",
        "    – ",
        "− ",
        "-",
        "* ",
        "1. ",
        "> ",
        "```",
        "~~~",
        "    ",
        "---",
        "\t- ",
        "  ",
        "=== ",
        "|a|b|\n|-|-|\n",
    ]);
    let content = prop_oneof![
        "[a-zA-Z0-9 :：()（）%.,\\-\\[\\]!*_`]{0,24}",
        "[ぁ-んァ-ヶ一-龯、。「」⽤]{0,16}",
        Just("最大容量は16TB".to_string()),
        Just("高い耐久性(99.999999999%)".to_string()),
        Just("![Screenshot 1](https://example.com/a.png)".to_string()),
        Just("key: value".to_string()),
        Just("DRAINING:".to_string()),
        Just("マイグレーションとは、計画".to_string()),
        Just("<div>html</div>".to_string()),
        "\\PC{0,12}",
    ];
    let line = (prefix, content).prop_map(|(p, c)| format!("{p}{c}"));
    prop::collection::vec(prop_oneof![4 => line, 1 => Just(String::new())], 0..40)
        .prop_map(|l| l.join("\n"))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\"'\\\\\n\r\t a-z日本語]{0,20}",
        Just("\"\"\"".to_string()),
        Just("a\"".to_string())
    ]
}

fn non_blank() -> impl Strategy<Value = String> {
    text().prop_filter("non-blank", |s| !s.trim().is_empty())
}

fn card() -> impl Strategy<Value = Card> {
    (
        prop::sample::select(Kind::ALL.to_vec()),
        prop::collection::vec(text(), 0..4),
        prop::option::of(text()),
        non_blank(),
        non_blank(),
        prop::option::of(any::<u32>()),
        prop::collection::vec(text(), 0..3),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(kind, section, context, front, back, line, tags, at)| {
            // A cloze hides a non-empty part of the front.
            let cloze = (kind == Kind::Cloze).then(|| {
                let chars: Vec<char> = front.chars().collect();
                let i = at.index(chars.len());
                let s: String = chars[i..].iter().collect();
                if s.trim().is_empty() {
                    front.clone()
                } else {
                    s
                }
            });
            Card {
                id: String::new(),
                kind,
                section: section.into(),
                context,
                front,
                back,
                cloze,
                answers: Vec::new(),
                line,
                tags,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_markdown_gives_only_well_formed_cards(src in markdown()) {
        let (_, x) = cards_from_markdown(&src);
        let lines: Vec<&str> = src.lines().collect();
        for c in &x.cards {
            prop_assert!(!c.front.trim().is_empty(), "empty front: {:?}", c);
            prop_assert!(!c.back.trim().is_empty(), "empty back: {:?}", c);
            if let Some(cl) = &c.cloze {
                prop_assert!(c.front.contains(cl.as_str()));
            }
        }
        for s in &x.skipped {
            prop_assert!(!lines[s.line as usize - 1].trim().is_empty(), "skipped an empty line {}", s.line);
        }
        // And the deck it makes is valid, and reads back as it was written.
        let mut cards = x.cards;
        link_ids("p", &mut cards, &[]);
        let deck = Deck { name: "p".into(), source: Some("notes/p.md".into()), cards, ..Deck::default() };
        let back = parse_deck("p.toml", "p", &to_toml(&deck));
        prop_assert_eq!(back, Ok(deck));
    }

    #[test]
    fn deck_to_toml_to_deck_is_the_identity(
        cards in prop::collection::vec(card(), 0..8),
        title in prop::option::of(text()),
        generated in any::<bool>(),
    ) {
        let mut cards = cards;
        link_ids("deck", &mut cards, &[]);
        let deck = Deck {
            name: "deck".into(),
            title,
            source: generated.then(|| "notes/deck.md".to_string()),
            generator: generated.then(|| "kioku test".to_string()),
            cards,
        };
        let toml = to_toml(&deck);
        prop_assert_eq!(parse_deck("deck.toml", "deck", &toml), Ok(deck.clone()));
        prop_assert_eq!(to_toml(&parse_deck("deck.toml", "deck", &toml).unwrap()), toml);
    }
}

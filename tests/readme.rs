//! The README's promises: its deck examples load, and its set-up commands exist.

use kioku::deck::parse_deck;

const README: &str = include_str!("../README.md");

/// The ```toml blocks of the README.
fn toml_blocks() -> Vec<&'static str> {
    README
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect()
}

#[test]
fn every_deck_example_in_the_readme_loads() {
    let blocks = toml_blocks();
    assert_eq!(
        blocks.len(),
        2,
        "the generated and the hand-written example"
    );
    for block in blocks {
        let deck =
            parse_deck("README.md", "example", block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        assert!(!deck.cards.is_empty());
    }
    let mine = parse_deck("README.md", "mine", toml_blocks()[1]).unwrap();
    assert!(!mine.is_generated());
    assert_eq!(mine.cards[1].id, "s3-durability");
}

#[test]
fn readme_names_the_two_set_up_commands() {
    assert!(README.contains("cargo run --release "));
    assert!(README.contains("cargo test "));
    let ci = include_str!("../.ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs the README's test command"
    );
}

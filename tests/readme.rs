//! The README's promises: its deck and config examples load, and its set-up commands exist.

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

/// The deck examples: blocks with cards.
fn deck_blocks() -> Vec<&'static str> {
    toml_blocks()
        .into_iter()
        .filter(|b| b.contains("[[card]]"))
        .collect()
}

#[test]
fn every_deck_example_in_the_readme_loads() {
    let blocks = deck_blocks();
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
    let mine = parse_deck("README.md", "mine", deck_blocks()[1]).unwrap();
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

#[test]
fn the_configuration_example_is_the_defaults() {
    let block = toml_blocks()
        .into_iter()
        .find(|b| b.contains("desired_retention"))
        .expect("a config example");
    let c: kioku::config::Config = toml::from_str(block).unwrap();
    assert_eq!(
        c,
        kioku::config::Config::default(),
        "the README shows the defaults"
    );
}

#[test]
fn the_log_example_in_the_readme_is_valid_format_2() {
    let block = README
        .split("```\n{\"v\":2")
        .nth(1)
        .expect("a log example")
        .split("```")
        .next()
        .unwrap();
    let text = format!("{{\"v\":2{block}");
    let read = kioku::review::log::parse_all(text.as_bytes(), "README");
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(read.entries.len(), 3);
    assert_eq!(
        read.entries[1].event,
        kioku::review::log::Event::Undo {
            entry: Some(read.entries[0].id.clone())
        }
    );
}

#[test]
fn the_key_table_in_the_readme_is_the_one_the_screens_use() {
    let table = kioku::tui::keys::markdown();
    let start = README.find("<!-- keys:start").expect("a key table");
    let body_start = README[start..].find("-->").unwrap() + start + 3;
    let end = README.find("<!-- keys:end -->").unwrap();
    if std::env::var_os("KIOKU_README_WRITE").is_some() {
        let text = format!("{}{table}{}", &README[..body_start], &README[end..]);
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), text).unwrap();
        return;
    }
    assert_eq!(
        &README[body_start..end],
        table,
        "run KIOKU_README_WRITE=1 cargo test --test readme"
    );
}

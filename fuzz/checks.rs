#![allow(dead_code)] // each user takes the check it needs
// What the fuzz targets check, shared with the stable test that replays their corpus
// (tests/fuzz_corpus.rs), so every input the fuzzer kept is checked on every CI run.

/// The importer on any Markdown: cards or skipped lines, never a panic.
pub fn import(text: &str) {
    let (_title, extraction) = kioku::notes::cards_from_markdown(text);
    std::hint::black_box(extraction);
}

/// The deck parser on any TOML: a deck or an error, never a panic; a deck it loads survives a
/// save and a reload unchanged.
pub fn deck(text: &str) {
    if let Ok(deck) = kioku::deck::parse_deck("fuzz.toml", "fuzz", text) {
        let saved = kioku::deck::to_toml(&deck);
        match kioku::deck::parse_deck("fuzz.toml", "fuzz", &saved) {
            Ok(again) => assert_eq!(again, deck, "a deck survives a save and a reload"),
            Err(e) => panic!("a saved deck does not load again: {e}\n{saved}"),
        }
    }
}

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

/// Any text as a review log: damaged lines are warnings, never a panic; every entry read
/// survives a write and a re-read unchanged; replaying them panics on nothing, and the history
/// survives a snapshot round trip.
pub fn log(text: &str) {
    use kioku::review::log::{Entry, parse_all};
    let read = parse_all(text.as_bytes(), "fuzz.jsonl");
    for e in &read.entries {
        let line = e.to_line();
        assert_eq!(line.matches('\n').count(), 1, "one line: {line}");
        match Entry::parse(line.trim_end().as_bytes()) {
            Ok(again) => assert_eq!(&again, e, "an entry survives a write and a re-read"),
            Err(why) => panic!("a written entry does not read again ({why}): {line}"),
        }
    }
    let settings = kioku::config::Config::default()
        .settings(std::path::Path::new("config.toml"))
        .expect("the default settings are valid");
    let sched = kioku::review::Scheduler::new(settings, jiff::tz::TimeZone::UTC)
        .expect("the default parameters are valid");
    let history = kioku::review::replay(&read.entries, &sched);
    let snap = kioku::review::snapshot::Snapshot {
        fingerprint: 0,
        sources: vec![],
        last_at: 0,
        history,
        warnings: read.warnings,
    };
    assert_eq!(
        kioku::review::snapshot::decode(kioku::review::snapshot::encode(&snap)),
        Some(snap),
        "the history survives a snapshot round trip"
    );
}

//! Any TOML: the deck parser loads it or says where it is wrong, never panics; a deck it
//! loads survives a save and a reload unchanged.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        checks::deck(text);
    }
});

//! Any text as a review log: read with warnings, never a panic; what is read survives a write,
//! a re-read and a snapshot round trip.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        checks::log(text);
    }
});

//! Leeches: cards that keep being forgotten. Derived from the log (a card's lapses), never
//! stored in a deck; the study session and the stats use this one function.

use super::schedule::CardState;

/// Whether a card with this state is a leech: `threshold` lapses or more (0: never).
pub fn is_leech(state: &CardState, threshold: u32) -> bool {
    threshold > 0 && state.lapses >= threshold
}

/// Lapses that make a leech unless `leech_lapses` in config.toml says otherwise.
pub const DEFAULT_THRESHOLD: u32 = 8;

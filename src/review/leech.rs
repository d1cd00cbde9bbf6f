//! Leeches: cards that keep lapsing, whose time is better spent rewriting them than reviewing
//! them again. Derived from the log (a card's lapses), never stored in a deck; the session,
//! the card browser and stats all ask this one function.

use super::queue::StudyCard;
use super::replay::History;
use super::schedule::CardState;

/// Whether a card with this state is a leech: it lapsed `threshold` times or more
/// (`leech_lapses` in config.toml; 0 turns leeches off).
pub fn is_leech(state: &CardState, threshold: u32) -> bool {
    threshold > 0 && state.lapses >= threshold
}

/// The leeches among `cards`, in note order.
pub fn leeches<'a>(cards: &[StudyCard<'a>], h: &History, threshold: u32) -> Vec<&'a str> {
    cards
        .iter()
        .filter(|sc| h.state(&sc.card.id).is_some_and(|s| is_leech(s, threshold)))
        .map(|sc| sc.card.id.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lapsed(n: u32) -> CardState {
        CardState {
            lapses: n,
            ..CardState::new_card()
        }
    }

    #[test]
    fn a_leech_has_lapsed_the_threshold_times_and_zero_turns_it_off() {
        assert!(!is_leech(&lapsed(7), 8));
        assert!(is_leech(&lapsed(8), 8));
        assert!(is_leech(&lapsed(9), 8));
        assert!(is_leech(&lapsed(1), 1));
        assert!(!is_leech(&lapsed(0), 1));
        assert!(!is_leech(&lapsed(50), 0), "0 = off");
    }
}

//! Notes → cards: read a Markdown notes file, build its outline, make its cards.

pub mod cloze;
pub mod extract;
pub mod outline;

pub use extract::{Draft, Extraction, Skip, extract};
pub use outline::{Outline, parse};

/// Parse and extract in one step.
pub fn cards_from_markdown(src: &str) -> (Outline, Extraction) {
    let outline = parse(src);
    let extraction = extract(&outline, src);
    (outline, extraction)
}

//! Notes → cards: read a Markdown notes file, build its outline, make its cards.

pub mod cloze;
pub mod extract;
pub mod outline;

pub use extract::{Extraction, Skip, extract};
pub use outline::{Outline, normalize_bullets, parse};

/// The cards of a notes file, and its title (a lone `#` heading) with its line.
pub fn cards_from_markdown(src: &str) -> (Option<(String, u32)>, Extraction) {
    let text = normalize_bullets(src);
    let outline = parse(&text);
    let extraction = extract(&outline, src);
    (outline.title, extraction)
}

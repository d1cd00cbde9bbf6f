//! Cards in and out of other tools: an Anki package and CSV/JSON tables out, Anki's "Notes in
//! Plain Text" in. Plain functions over decks and cards; only `cmd` writes files and prints.

pub mod anki_text;
pub mod apkg;
pub mod html;
pub mod table;

//! Notes → cards: read Markdown notes files, build their outlines, make their cards.

pub mod cloze;
pub mod explicit;
pub mod extract;
pub mod features;
pub mod loanword;
pub mod outdated;
pub mod outline;
pub mod service;

pub use extract::{Extraction, Settings, Skip, Suspect, extract};
pub use outline::{Outline, normalize, parse};
pub use service::ServiceWords;

use crate::catalog::Catalog;

/// One notes file to read: its name (for content outside any heading) and its text.
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// What one notes file gives: its title (a lone `#` heading or the front matter's `title:`)
/// and its cards.
pub struct FileCards {
    pub title: Option<(String, u32)>,
    pub extraction: Extraction,
}

/// The cards of several notes files read together: whether a fact points to one service is
/// judged across all of them.
pub fn cards_from_files(files: &[Source], settings: &Settings) -> Vec<FileCards> {
    let texts: Vec<std::borrow::Cow<str>> = files.iter().map(|f| normalize(f.text)).collect();
    let outlines: Vec<Outline> = texts.iter().map(|t| parse(t)).collect();
    let mut words = ServiceWords::default();
    for (f, o) in files.iter().zip(&outlines) {
        words.add(settings.catalog, o, &extract::doc_name(o, f.name));
    }
    files
        .iter()
        .zip(&outlines)
        .map(|(f, o)| FileCards {
            // A `title:` in the front matter is meant: it wins over a `#` heading.
            title: o
                .front_matter
                .as_ref()
                .and_then(|fm| fm.title.clone().map(|t| (t, fm.line)))
                .or_else(|| o.title.clone()),
            extraction: extract(o, f.text, f.name, settings, &words),
        })
        .collect()
}

/// The cards of one notes file with the AWS catalog, and its title.
pub fn cards_from_markdown(src: &str) -> (Option<(String, u32)>, Extraction) {
    let settings = Settings {
        catalog: Catalog::aws(),
        inline_cards: false,
    };
    let mut out = cards_from_files(
        &[Source {
            name: "notes",
            text: src,
        }],
        &settings,
    );
    let f = out.remove(0);
    (f.title, f.extraction)
}

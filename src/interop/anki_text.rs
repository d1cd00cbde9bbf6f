//! Anki's "Notes in Plain Text" export (`.txt`) → kioku cards.
//!
//! The file starts with `#key:value` lines, as Anki 2.1.55 and later write them:
//! `#separator:tab`, `#html:true`, then `#guid column:N`, `#notetype column:N`,
//! `#deck column:N` and `#tags column:N` (columns counted from 1) for what the export included;
//! `#notetype:`, `#deck:`, `#tags:` and `#columns:` are read too. The records follow, quoted as
//! CSV where a field holds the separator, a quote or a line break. Fields are HTML when
//! `#html:true`; they become Markdown (see [`super::html::html_to_markdown`]).
//!
//! A note whose text has `{{c1::…}}` gives one cloze card per cloze number, as `{{cN::}}` in
//! notes does; any other note gives a front/back card from its first two fields, further
//! fields added to the back. A note's guid makes its card id, so importing the file again keeps
//! every card's history.

use std::fmt;
use std::sync::Arc;

use super::html::html_to_markdown;
use crate::deck::{Card, Kind};
use crate::notes::explicit::{Explicit, clozes};

/// A problem in the file, at a line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TextError {
    pub path: String,
    pub line: usize,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// What the `#` lines say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub separator: u8,
    pub html: bool,
    pub guid_column: Option<usize>,
    pub notetype_column: Option<usize>,
    pub deck_column: Option<usize>,
    pub tags_column: Option<usize>,
    pub deck: Option<String>,
    pub tags: Vec<String>,
}

impl Default for Header {
    fn default() -> Self {
        Header {
            separator: b'\t',
            html: false,
            guid_column: None,
            notetype_column: None,
            deck_column: None,
            tags_column: None,
            deck: None,
            tags: Vec::new(),
        }
    }
}

/// One card from the file, its id the note's guid (with `-cN` for a cloze) or `None` when the
/// file has no guid column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub card: Card,
    pub from_guid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub header: Header,
    pub cards: Vec<Imported>,
    /// Notes that gave no card: the line and why.
    pub skipped: Vec<(usize, String)>,
    pub notes: usize,
}

const SEPARATORS: [(&str, u8); 6] = [
    ("tab", b'\t'),
    ("comma", b','),
    ("semicolon", b';'),
    ("space", b' '),
    ("pipe", b'|'),
    ("colon", b':'),
];

/// Parse the text of an export. `path` names the file in errors.
pub fn parse(path: &str, text: &str) -> Result<Parsed, TextError> {
    let err = |line: usize, message: String, hint: &str| TextError {
        path: path.to_string(),
        line,
        message,
        hint: hint.to_string(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut header = Header::default();
    let mut body_start = 0;
    let mut header_lines = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let lineno = n + 1;
        let l = line.trim_end_matches(['\n', '\r']);
        let meta = match l.strip_prefix('#') {
            Some(m) => m,
            None if n == 0 && l.starts_with("tags:") => l,
            None => break,
        };
        body_start += line.len();
        header_lines += 1;
        let Some((key, value)) = meta.split_once(':') else {
            continue; // a comment
        };
        let column = |value: &str| {
            value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&c| c >= 1)
                .ok_or_else(|| {
                    err(
                        lineno,
                        format!("`#{key}:` needs a column number (1 or more), not `{value}`"),
                        "fix the header line, or export the notes from Anki again",
                    )
                })
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => {
                let v = value.trim().to_ascii_lowercase();
                header.separator = SEPARATORS
                    .iter()
                    .find(|(name, byte)| v == *name || v.as_bytes() == [*byte])
                    .map(|(_, b)| *b)
                    .or_else(|| (value == " ").then_some(b' '))
                    .ok_or_else(|| {
                        err(
                            lineno,
                            format!("unknown separator `{value}`"),
                            "use one of tab, comma, semicolon, space, pipe, colon (Anki writes tab)",
                        )
                    })?;
            }
            "html" => {
                header.html = match value.trim().to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(err(
                            lineno,
                            format!("`#html:` is true or false, not `{value}`"),
                            "fix the header line, or export the notes from Anki again",
                        ));
                    }
                }
            }
            "guid column" => header.guid_column = Some(column(value)?),
            "notetype column" => header.notetype_column = Some(column(value)?),
            "deck column" => header.deck_column = Some(column(value)?),
            "tags column" => header.tags_column = Some(column(value)?),
            "deck" => header.deck = Some(value.trim().to_string()),
            "tags" => header.tags = value.split_whitespace().map(str::to_string).collect(),
            // `#notetype:`, `#columns:`, `#if matches:` and anything newer change nothing here.
            _ => {}
        }
    }
    let body = &text[body_start..];
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(header.separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let meta: Vec<usize> = [
        header.guid_column,
        header.notetype_column,
        header.deck_column,
        header.tags_column,
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut parsed = Parsed {
        header: header.clone(),
        ..Parsed::default()
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                let line = header_lines
                    + 1
                    + body.as_bytes()[..at.min(body.len())]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                return Err(err(
                    line,
                    format!("not a record Anki writes: {}", csv_reason(&e)),
                    "export the notes from Anki again (File › Export › Notes in Plain Text)",
                ));
            }
        }
        // From the byte offset: the reader's own line count skips blank lines, and its
        // offset is where the blank lines before the record start.
        let mut at = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(body.as_bytes().get(at), Some(b'\n' | b'\r')) {
            at += 1;
        }
        let line = header_lines
            + 1
            + body.as_bytes()[..at.min(body.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        parsed.notes += 1;
        let get = |c: Option<usize>| c.and_then(|c| record.get(c - 1)).map(str::trim);
        for (name, c) in [
            ("guid", header.guid_column),
            ("notetype", header.notetype_column),
            ("deck", header.deck_column),
            ("tags", header.tags_column),
        ] {
            if let Some(c) = c
                && record.get(c - 1).is_none()
            {
                return Err(err(
                    line,
                    format!(
                        "the header puts the {name} in column {c}, but this note has {} column{}",
                        record.len(),
                        if record.len() == 1 { "" } else { "s" }
                    ),
                    "check the separator: fields must be separated by the one `#separator:` names",
                ));
            }
        }
        let fields: Vec<String> = record
            .iter()
            .enumerate()
            .filter(|(i, _)| !meta.contains(&(i + 1)))
            .map(|(_, f)| {
                if header.html {
                    html_to_markdown(f)
                } else {
                    f.trim().to_string()
                }
            })
            .collect();
        let guid = get(header.guid_column).filter(|g| !g.is_empty());
        let deck = get(header.deck_column)
            .map(str::to_string)
            .or_else(|| header.deck.clone());
        let section: Arc<[String]> = deck
            .iter()
            .flat_map(|d| d.split("::"))
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let mut tags: Vec<String> = header.tags.clone();
        if let Some(t) = get(header.tags_column) {
            tags.extend(t.split_whitespace().map(str::to_string));
        }
        tags.dedup();
        let card = |kind, front: String, back: String, cloze, context| Card {
            id: String::new(),
            kind,
            section: Arc::clone(&section),
            context,
            front,
            back,
            cloze,
            answers: Vec::new(),
            line: u32::try_from(line).ok(),
            tags: tags.clone(),
        };
        let cloze_field = fields.iter().position(|f| !clozes(f).is_empty());
        if let Some(i) = cloze_field {
            let extra: Vec<&str> = fields
                .iter()
                .enumerate()
                .filter(|(j, f)| *j != i && !f.is_empty())
                .map(|(_, f)| f.as_str())
                .collect();
            let context = (!extra.is_empty()).then(|| extra.join("\n\n"));
            let numbers = cloze_numbers(&fields[i]);
            for (n, c) in numbers.into_iter().zip(clozes(&fields[i])) {
                let Explicit::Cloze { front, hidden } = c else {
                    continue;
                };
                let mut c = card(
                    Kind::Cloze,
                    front,
                    hidden.clone(),
                    Some(hidden),
                    context.clone(),
                );
                if let Some(g) = guid {
                    c.id = format!("{g}-c{n}");
                }
                parsed.cards.push(Imported {
                    card: c,
                    from_guid: guid.is_some(),
                });
            }
            continue;
        }
        let mut texts = fields.into_iter().filter(|f| !f.is_empty());
        let (Some(front), Some(back)) = (texts.next(), texts.next()) else {
            parsed.skipped.push((
                line,
                "one field has text, and a card needs a front and a back".into(),
            ));
            continue;
        };
        let back = std::iter::once(back)
            .chain(texts)
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut c = card(Kind::Basic, front, back, None, None);
        if let Some(g) = guid {
            c.id = g.to_string();
        }
        parsed.cards.push(Imported {
            card: c,
            from_guid: guid.is_some(),
        });
    }
    Ok(parsed)
}

/// The cloze numbers of `text` in the order [`clozes`] gives its cards (ascending, once each,
/// empty blanks left out).
fn cloze_numbers(text: &str) -> Vec<u32> {
    let mut out: Vec<(u32, bool)> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{c") {
        let after = &rest[i + 3..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if let Ok(n) = after[..digits].parse::<u32>()
            && let Some(body) = after[digits..].strip_prefix("::")
            && let Some(end) = body.find("}}")
        {
            let shown = body[..end].split("::").next().unwrap_or("");
            if !out.iter().any(|(m, _)| *m == n) {
                out.push((n, !shown.trim().is_empty()));
            }
        }
        rest = after;
    }
    out.sort_unstable();
    out.into_iter()
        .filter(|(_, ok)| *ok)
        .map(|(n, _)| n)
        .collect()
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".into(),
        _ => e
            .to_string()
            .split(": ")
            .last()
            .unwrap_or("unreadable")
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n\
abc123\tBasic\tAWS::S3\t<b>S3</b> の耐久性は？\t99.999999999%\taws s3\n\
def456\tCloze\tAWS\t{{c1::東京}}は{{c2::日本::国}}の首都<br>\t補足\t\n\
ghi789\t基本\tAWS\t\"引用 \"\"付き\"\"\tタブ\"\t\"二行\n目\"\t\n";

    type Row<'a> = (
        &'a str,
        Kind,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<u32>,
    );

    #[test]
    fn a_full_export_gives_cards_with_guid_ids_sections_and_tags() {
        let p = parse("x.txt", EXPORT).unwrap();
        assert_eq!(p.notes, 3);
        assert!(p.header.html);
        let got: Vec<Row> = p
            .cards
            .iter()
            .map(|i| {
                let c = &i.card;
                (
                    c.id.as_str(),
                    c.kind,
                    c.front.as_str(),
                    c.back.as_str(),
                    c.cloze.as_deref(),
                    c.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "abc123",
                    Kind::Basic,
                    "**S3** の耐久性は？",
                    "99.999999999%",
                    None,
                    Some(7)
                ),
                (
                    "def456-c1",
                    Kind::Cloze,
                    "東京は日本の首都",
                    "東京",
                    Some("東京"),
                    Some(8)
                ),
                (
                    "def456-c2",
                    Kind::Cloze,
                    "東京は日本の首都",
                    "日本",
                    Some("日本"),
                    Some(8)
                ),
                (
                    "ghi789",
                    Kind::Basic,
                    "引用 \"付き\" タブ",
                    "二行 目",
                    None,
                    Some(9)
                ),
            ]
        );
        assert_eq!(&*p.cards[0].card.section, ["AWS", "S3"]);
        assert_eq!(p.cards[0].card.tags, ["aws", "s3"]);
        assert_eq!(p.cards[1].card.context.as_deref(), Some("補足"));
    }

    #[test]
    fn plain_text_without_meta_columns() {
        let p = parse(
            "x.txt",
            "#separator:comma\n#html:false\nq,a,more\n\nonly,\n",
        )
        .unwrap();
        assert_eq!(p.cards.len(), 1);
        assert_eq!(p.cards[0].card.back, "a\n\nmore");
        assert!(!p.cards[0].from_guid);
        assert_eq!(
            p.skipped,
            vec![(
                5,
                "one field has text, and a card needs a front and a back".to_string()
            )]
        );
    }

    #[test]
    fn bad_input_names_the_line() {
        let e = parse("n.txt", "#separator:tab\n#html:maybe\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "n.txt:2: `#html:` is true or false, not `maybe`"
        );
        let e = parse("n.txt", "#separator:tabs\n").unwrap_err();
        assert_eq!(e.to_string(), "n.txt:1: unknown separator `tabs`");
        let e = parse("n.txt", "#guid column:x\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "n.txt:1: `#guid column:` needs a column number (1 or more), not `x`"
        );
        let e = parse("n.txt", "#separator:tab\n#tags column:3\nq\ta\tt\nq,a\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "n.txt:4: the header puts the tags in column 3, but this note has 1 column"
        );
    }
}

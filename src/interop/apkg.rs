//! An Anki package (`.apkg`) from kioku's cards: a legacy `collection.anki2` (SQLite, schema
//! 11: the `col`, `notes`, `cards`, `revlog` and `graves` tables, note types and decks as JSON in
//! `col`) zipped with a `media` map and the media files, which every Anki since 2.1 imports.
//!
//! kioku brings its own two note types with fixed ids and English field names, so the package
//! imports the same into an Anki in any language (the stock types are named in the user's
//! language). Each card is one note whose guid is the card's id: exporting again and importing
//! updates the notes rather than adding copies. Cards come in as new cards; kioku's schedule
//! stays in kioku.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::html::{markdown_to_html, strip_html};
use crate::deck::{Card, Deck, Kind};

/// The front/back note type.
pub const BASIC_ID: i64 = 1_733_000_000_001;
pub const BASIC_NAME: &str = "kioku Basic";
pub const BASIC_FIELDS: [&str; 4] = ["Front", "Back", "Context", "Section"];
/// The cloze note type.
pub const CLOZE_ID: i64 = 1_733_000_000_002;
pub const CLOZE_NAME: &str = "kioku Cloze";
pub const CLOZE_FIELDS: [&str; 3] = ["Text", "Extra", "Section"];
/// When the note types last changed (seconds): a later value makes Anki take their templates
/// again on import.
const NOTETYPE_MOD: i64 = 1_764_547_200;

const CSS: &str = ".card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background-color: white; }\n\
.section { font-size: 14px; color: #777; margin-bottom: 0.5em; }\n\
.context { font-size: 16px; color: #555; margin-bottom: 0.5em; }\n\
.cloze { font-weight: bold; color: blue; }\n\
.nightMode .cloze { color: lightblue; }\n";

/// A finished package, and what is in it.
pub struct Package {
    pub bytes: Vec<u8>,
    pub notes: usize,
    pub decks: usize,
    pub media: usize,
    /// Local images named in the cards that were not found (or are outside the notes folder),
    /// each with why: they are kept as links.
    pub missing: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PackageError(String);

impl From<rusqlite::Error> for PackageError {
    fn from(e: rusqlite::Error) -> Self {
        PackageError(format!("writing the collection: {e}"))
    }
}

impl From<std::io::Error> for PackageError {
    fn from(e: std::io::Error) -> Self {
        PackageError(e.to_string())
    }
}

impl From<zip::result::ZipError> for PackageError {
    fn from(e: zip::result::ZipError) -> Self {
        PackageError(format!("writing the package: {e}"))
    }
}

/// Anki's deck name for a kioku deck: folders (`a/b`) become subdecks (`a::b`).
pub fn deck_name(deck: &str) -> String {
    deck.split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("::")
}

/// One tag: the deck's parts and the section path, joined by `::` (Anki's hierarchy).
pub fn section_tag(deck: &str, section: &[String]) -> String {
    deck.split('/')
        .chain(section.iter().map(String::as_str))
        .map(tag_part)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("::")
}

/// Text as (part of) an Anki tag: whitespace as `_` (a space would split it into two tags),
/// control characters dropped.
pub fn tag_part(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}

/// A cloze card's text in Anki's form: the hidden part (its first occurrence) as `{{c1::…}}`.
pub fn cloze_text(front: &str, hidden: &str) -> String {
    match front.find(hidden) {
        Some(i) if !hidden.is_empty() => format!(
            "{}{{{{c1::{}}}}}{}",
            &front[..i],
            hidden,
            &front[i + hidden.len()..]
        ),
        _ => format!("{front} {{{{c1::{hidden}}}}}"),
    }
}

/// A stable id in Anki's range (a millisecond timestamp's size, well below 2^53) from a name.
fn stable_id(what: &str, name: &str) -> i64 {
    let h = crate::cache::hash(format!("{what}\u{1f}{name}").as_bytes());
    1_000_000_000_000 + (h % 8_000_000_000_000) as i64
}

/// The images of the cards in a package's media, by the file they come from.
struct Media {
    by_path: HashMap<PathBuf, String>,
    names: HashMap<String, PathBuf>,
    files: Vec<(String, PathBuf)>,
    missing: Vec<String>,
}

impl Media {
    /// The media name for `url` in a card from `notes_dir`; `None` leaves the address as it is
    /// (a remote image, or a file that cannot be had).
    fn name_for(&mut self, url: &str, notes_dir: Option<&Path>) -> Option<String> {
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("data:")
        {
            return None;
        }
        let file = match crate::launch::open_target(url, notes_dir) {
            Ok(crate::launch::Target::File(f)) => f,
            Ok(_) => return None,
            Err(why) => {
                self.missing.push(why);
                return None;
            }
        };
        if let Some(n) = self.by_path.get(&file) {
            return Some(n.clone());
        }
        let base = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "image".into());
        let mut name = base.clone();
        let mut n = 1;
        while self.names.contains_key(&name) {
            n += 1;
            name = match base.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}-{n}.{ext}"),
                None => format!("{base}-{n}"),
            };
        }
        self.names.insert(name.clone(), file.clone());
        self.by_path.insert(file.clone(), name.clone());
        self.files.push((name.clone(), file));
        Some(name)
    }
}

/// The folder of a deck's notes file (where its images are), as the quiz screen finds it.
pub fn notes_dir(deck: &Deck) -> Option<PathBuf> {
    let source = Path::new(deck.source.as_deref()?);
    Some(match source.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    })
}

/// A note's fields, HTML, in its note type's order.
fn fields(deck: &Deck, card: &Card, media: &mut Media) -> (i64, Vec<String>) {
    let dir = notes_dir(deck);
    let mut html = |md: &str| markdown_to_html(md, &mut |url| media.name_for(url, dir.as_deref()));
    let section = crate::text::sanitize(&card.section_path()).into_owned();
    let section = super::html::escape_text(&section);
    match (card.kind, &card.cloze) {
        (Kind::Cloze, Some(hidden)) => {
            let text = html(&cloze_text(&card.front, hidden));
            let extra = card.context.as_deref().map(&mut html).unwrap_or_default();
            (CLOZE_ID, vec![text, extra, section])
        }
        _ => {
            let front = html(&card.front);
            let back = html(&card.back);
            let context = card.context.as_deref().map(&mut html).unwrap_or_default();
            (BASIC_ID, vec![front, back, context, section])
        }
    }
}

/// Anki's note checksum: the first 8 hex digits of the SHA-1 of the first field's text.
fn checksum(first_field: &str) -> i64 {
    let digest = sha1_smol::Sha1::from(strip_html(first_field))
        .digest()
        .bytes();
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

fn field_json(names: &[&str]) -> serde_json::Value {
    names
        .iter()
        .enumerate()
        .map(|(ord, name)| {
            json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial",
                   "size": 20, "media": []})
        })
        .collect()
}

fn notetypes() -> serde_json::Value {
    let section = "{{#Section}}<div class=\"section\">{{Section}}</div>{{/Section}}";
    let basic = json!({
        "id": BASIC_ID, "name": BASIC_NAME, "type": 0, "mod": NOTETYPE_MOD, "usn": -1,
        "sortf": 0, "did": null, "css": CSS, "latexPre": "", "latexPost": "", "latexsvg": false,
        "req": [[0, "any", [0]]], "tags": [], "vers": [],
        "flds": field_json(&BASIC_FIELDS),
        "tmpls": [{
            "name": "Card 1", "ord": 0, "did": null, "bqfmt": "", "bafmt": "", "bfont": "", "bsize": 0,
            "qfmt": format!("{section}{{{{#Context}}}}<div class=\"context\">{{{{Context}}}}</div>{{{{/Context}}}}{{{{Front}}}}"),
            "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
        }],
    });
    let cloze = json!({
        "id": CLOZE_ID, "name": CLOZE_NAME, "type": 1, "mod": NOTETYPE_MOD, "usn": -1,
        "sortf": 0, "did": null, "css": CSS, "latexPre": "", "latexPost": "", "latexsvg": false,
        "req": [[0, "any", [0]]], "tags": [], "vers": [],
        "flds": field_json(&CLOZE_FIELDS),
        "tmpls": [{
            "name": "Cloze", "ord": 0, "did": null, "bqfmt": "", "bafmt": "", "bfont": "", "bsize": 0,
            "qfmt": format!("{section}{{{{cloze:Text}}}}"),
            "afmt": format!("{section}{{{{cloze:Text}}}}{{{{#Extra}}}}<br>\n{{{{Extra}}}}{{{{/Extra}}}}"),
        }],
    });
    json!({ BASIC_ID.to_string(): basic, CLOZE_ID.to_string(): cloze })
}

fn deck_json(id: i64, name: &str, desc: &str, mod_secs: i64) -> serde_json::Value {
    json!({
        "id": id, "name": name, "desc": desc, "mod": mod_secs, "usn": -1, "dyn": 0, "conf": 1,
        "collapsed": false, "browserCollapsed": false, "extendNew": 0, "extendRev": 0,
        "lrnToday": [0, 0], "revToday": [0, 0], "newToday": [0, 0], "timeToday": [0, 0],
    })
}

fn deck_config() -> serde_json::Value {
    json!({"1": {
        "id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": true,
        "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0],
                "order": 1, "perDay": 20},
        "rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200,
                "hardFactor": 1.2},
        "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0},
    }})
}

const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null,
  time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

/// Build the package for `cards` (each with its deck), at `now` (Unix milliseconds): the
/// notes' modification time, so a later export updates what an earlier one imported.
pub fn build(cards: &[(&Deck, &Card)], now: i64) -> Result<Package, PackageError> {
    let now_secs = now.div_euclid(1000);
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("collection.anki2");
    let mut media = Media {
        by_path: HashMap::new(),
        names: HashMap::new(),
        files: Vec::new(),
        missing: Vec::new(),
    };

    // Decks, parents included, so `a::b` never needs Anki to make up `a`.
    let mut decks: Vec<(String, i64, String)> = Vec::new();
    let mut deck_ids: HashMap<String, i64> = HashMap::new();
    for (deck, _) in cards {
        let name = deck_name(&deck.name);
        if deck_ids.contains_key(&name) {
            continue;
        }
        let parts: Vec<&str> = name.split("::").collect();
        for n in 1..=parts.len() {
            let path = parts[..n].join("::");
            if deck_ids.contains_key(&path) {
                continue;
            }
            let id = stable_id("deck", &path);
            let desc = if n == parts.len() {
                deck.title.clone().unwrap_or_default()
            } else {
                String::new()
            };
            deck_ids.insert(path.clone(), id);
            decks.push((path, id, desc));
        }
    }

    let mut conn = rusqlite::Connection::open(&db_path)?;
    conn.execute_batch(SCHEMA)?;
    let tx = conn.transaction()?;
    {
        let mut decks_json = serde_json::Map::new();
        decks_json.insert("1".into(), deck_json(1, "Default", "", 0));
        for (name, id, desc) in &decks {
            let desc = super::html::escape_text(desc);
            decks_json.insert(id.to_string(), deck_json(*id, name, &desc, now_secs));
        }
        let first_deck = decks.first().map_or(1, |d| d.1);
        let conf = json!({
            "activeDecks": [first_deck], "curDeck": first_deck, "newSpread": 0,
            "collapseTime": 1200, "timeLim": 0, "estTimes": true, "dueCounts": true,
            "curModel": BASIC_ID.to_string(), "nextPos": cards.len() + 1,
            "sortType": "noteFld", "sortBackwards": false, "addToCur": true,
        });
        let day_start = now_secs - now_secs.rem_euclid(86_400);
        tx.execute(
            "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
            rusqlite::params![
                day_start,
                now,
                conf.to_string(),
                notetypes().to_string(),
                serde_json::Value::Object(decks_json).to_string(),
                deck_config().to_string(),
            ],
        )?;
        let mut note_stmt =
            tx.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
        let mut card_stmt = tx.prepare(
            "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, -1, 0, 0, ?5, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        )?;
        let mut used: std::collections::HashSet<i64> = std::collections::HashSet::new();
        let mut fresh = |what: &str, id: &str| {
            let mut n = stable_id(what, id);
            while !used.insert(n) {
                n += 1;
            }
            n
        };
        for (pos, (deck, card)) in cards.iter().enumerate() {
            let (mid, flds) = fields(deck, card, &mut media);
            let mut tags: Vec<String> = vec![section_tag(&deck.name, &card.section)];
            tags.extend(card.tags.iter().map(|t| tag_part(t)));
            tags.retain(|t| !t.is_empty());
            tags.dedup();
            let tags = if tags.is_empty() {
                String::new()
            } else {
                format!(" {} ", tags.join(" "))
            };
            let nid = fresh("note", &card.id);
            let cid = fresh("card", &card.id);
            let did = deck_ids[&deck_name(&deck.name)];
            note_stmt.execute(rusqlite::params![
                nid,
                card.id,
                mid,
                now_secs,
                tags,
                flds.join("\u{1f}"),
                strip_html(&flds[0]),
                checksum(&flds[0]),
            ])?;
            card_stmt.execute(rusqlite::params![cid, nid, did, now_secs, pos as i64 + 1])?;
        }
    }
    tx.commit()?;
    conn.close().map_err(|(_, e)| e)?;
    let collection = std::fs::read(&db_path)?;

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("collection.anki2", options)?;
    zip.write_all(&collection)?;
    let map: serde_json::Map<String, serde_json::Value> = media
        .files
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (i.to_string(), json!(name)))
        .collect();
    zip.start_file("media", options)?;
    zip.write_all(serde_json::Value::Object(map).to_string().as_bytes())?;
    for (i, (_, path)) in media.files.iter().enumerate() {
        let bytes = std::fs::read(path)
            .map_err(|e| PackageError(format!("{}: {e}", crate::fsutil::display(path))))?;
        zip.start_file(i.to_string(), options)?;
        zip.write_all(&bytes)?;
    }
    let bytes = zip.finish()?.into_inner();
    media.missing.sort();
    media.missing.dedup();
    Ok(Package {
        bytes,
        notes: cards.len(),
        decks: decks.len(),
        media: media.files.len(),
        missing: media.missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deck_names_and_tags_are_anki_hierarchies() {
        assert_eq!(deck_name("aws/saa"), "aws::saa");
        assert_eq!(deck_name("aws-services"), "aws-services");
        assert_eq!(
            section_tag("aws", &["Amazon S3".into(), "特徴".into()]),
            "aws::Amazon_S3::特徴"
        );
        assert_eq!(
            section_tag(
                "a/b",
                &["Elastic Load Balancing（ELB）".into(), " x\ty ".into()]
            ),
            "a::b::Elastic_Load_Balancing（ELB）::x_y"
        );
    }

    #[test]
    fn a_cloze_hides_the_first_occurrence() {
        assert_eq!(
            cloze_text("最大容量は16TB、16TBまで", "16TB"),
            "最大容量は{{c1::16TB}}、16TBまで"
        );
        assert_eq!(cloze_text("abc", "zz"), "abc {{c1::zz}}");
        assert_eq!(tag_part(" exam 2026/03\u{7} "), "exam_2026/03");
    }

    #[test]
    fn checksum_is_anki_s() {
        // int(sha1(b"S3").hexdigest()[:8], 16), as Anki's Python computes it.
        assert_eq!(checksum("<b>S3</b>"), 933_764_476);
    }
}

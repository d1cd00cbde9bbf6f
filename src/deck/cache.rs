//! A cache of parsed decks, so start-up need not parse megabytes of TOML. Each entry records the
//! deck file's path and its stamp (length, modification and change times, inode); it is used
//! only while the file still has that stamp (an edit that keeps the size and puts the
//! modification time back still changes the change time, so it is seen). The
//! cache file carries the crate version and a checksum of itself, so a damaged or stale cache is
//! rebuilt, never believed. Like every cache here it is derived data: deleting it is always safe.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::store::{deck_files, load};
use super::{Card, Deck, Kind};
use crate::cache::{Dec, Enc};
use crate::error::Result;

/// Where the deck cache lives in the cache directory.
pub const DECK_CACHE_FILE: &str = "decks.bin";
const MAGIC: &[u8; 8] = b"KIOKUD03";

/// Every deck in `dir` (name order), through the cache at `cache_path` for files whose stamp
/// is unchanged. The cache is rewritten when any deck had to be parsed or has gone.
pub fn load_dir(dir: &Path, cache_path: &Path) -> Result<Vec<Deck>> {
    let files = deck_files(&[dir.to_path_buf()])?;
    let bytes = std::fs::read(cache_path).unwrap_or_default();
    let index = read_index(&bytes).unwrap_or_default();
    let mut changed = index.len() != files.len();
    // Each file is decoded (or parsed) on its own, so the work spreads over the cores.
    use rayon::prelude::*;
    let results: Vec<Result<(String, u64, Deck, bool)>> = files
        .par_iter()
        .map(|f| {
            let key = key(f);
            let h = stamp(f)?;
            let cached = index
                .get(&key)
                .filter(|(hh, _)| *hh == h)
                .and_then(|(_, range)| decode_deck(&bytes[range.clone()]));
            Ok(match cached {
                Some(d) => (key, h, d, false),
                None => (key, h, load(f)?, true),
            })
        })
        .collect();
    let mut decks = Vec::with_capacity(files.len());
    let mut fresh = Vec::with_capacity(files.len());
    for r in results {
        let (key, h, deck, parsed) = r?;
        changed |= parsed;
        fresh.push((key, h));
        decks.push(deck);
    }
    if changed {
        let _ = crate::fsutil::write_atomic(cache_path, &encode(&fresh, &decks));
    }
    Ok(decks)
}

/// What identifies a version of a deck file without reading it: its length, modification and
/// change times (nanoseconds), inode and device. The change time cannot be put back: any write,
/// and any `touch` that restores the modification time, sets it to now, so an edit that keeps
/// the size and the modification time is still seen. `kioku import` replaces the file (a new
/// inode).
fn stamp(path: &Path) -> Result<u64> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).map_err(|e| crate::error::Error::Io {
        path: path.into(),
        source: e,
    })?;
    let mut h = crate::cache::Hasher::new();
    for v in [
        m.len() as i64,
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec(),
        m.ino() as i64,
        m.dev() as i64,
    ] {
        h.update(&v.to_le_bytes());
    }
    Ok(h.finish())
}

fn key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| PathBuf::from(path))
        .to_string_lossy()
        .into_owned()
}

/// path → (hash of the deck file, byte range of its encoded deck in the cache).
type Index = HashMap<String, (u64, std::ops::Range<usize>)>;

fn read_index(bytes: &[u8]) -> Option<Index> {
    let body = bytes.len().checked_sub(8)?;
    let sum = u64::from_le_bytes(bytes[body..].try_into().ok()?);
    if crate::cache::hash(&bytes[..body]) != sum {
        return None;
    }
    let bytes = &bytes[..body];
    let mut d = Dec(bytes);
    if d.take(8)? != MAGIC || d.str()? != env!("CARGO_PKG_VERSION") {
        return None;
    }
    let n = d.count(16)?;
    let mut index = HashMap::with_capacity(n);
    for _ in 0..n {
        let path = d.str()?;
        let h = d.u64()?;
        let len = d.u64()? as usize;
        let start = bytes.len() - d.0.len();
        d.take(len)?;
        index.insert(path, (h, start..start + len));
    }
    Some(index)
}

fn encode(entries: &[(String, u64)], decks: &[Deck]) -> Vec<u8> {
    let mut e = Enc(Vec::with_capacity(1024));
    e.0.extend_from_slice(MAGIC);
    e.str(env!("CARGO_PKG_VERSION"));
    e.u32(entries.len() as u32);
    for ((path, h), deck) in entries.iter().zip(decks) {
        e.str(path);
        e.u64(*h);
        let body = encode_deck(deck);
        e.u64(body.len() as u64);
        e.0.extend_from_slice(&body);
    }
    let sum = crate::cache::hash(&e.0);
    e.u64(sum);
    e.0
}

fn opt_str(e: &mut Enc, s: Option<&str>) {
    e.u8(u8::from(s.is_some()));
    e.str(s.unwrap_or(""));
}

fn get_opt_str(d: &mut Dec) -> Option<Option<String>> {
    let some = d.u8()? == 1;
    let s = d.str()?;
    Some(some.then_some(s))
}

fn encode_deck(deck: &Deck) -> Vec<u8> {
    let mut e = Enc(Vec::with_capacity(deck.cards.len() * 256));
    e.str(&deck.name);
    opt_str(&mut e, deck.title.as_deref());
    opt_str(&mut e, deck.source.as_deref());
    opt_str(&mut e, deck.generator.as_deref());
    // Section paths once each; cards refer to them by index.
    let mut sections: Vec<&Arc<[String]>> = Vec::new();
    let mut section_of: HashMap<&[String], u32> = HashMap::new();
    let refs: Vec<u32> = deck
        .cards
        .iter()
        .map(|c| {
            *section_of.entry(&c.section[..]).or_insert_with(|| {
                sections.push(&c.section);
                sections.len() as u32 - 1
            })
        })
        .collect();
    e.u32(sections.len() as u32);
    for s in &sections {
        e.u32(s.len() as u32);
        for level in s.iter() {
            e.str(level);
        }
    }
    e.u32(deck.cards.len() as u32);
    for (c, section) in deck.cards.iter().zip(refs) {
        e.str(&c.id);
        e.u8(Kind::ALL.iter().position(|k| *k == c.kind).unwrap_or(0) as u8);
        e.u32(section);
        opt_str(&mut e, c.context.as_deref());
        e.str(&c.front);
        e.str(&c.back);
        opt_str(&mut e, c.cloze.as_deref());
        e.u32(c.answers.len() as u32);
        for a in &c.answers {
            e.str(a);
        }
        e.u8(u8::from(c.line.is_some()));
        e.u32(c.line.unwrap_or(0));
        e.u32(c.tags.len() as u32);
        for t in &c.tags {
            e.str(t);
        }
    }
    e.0
}

fn decode_deck(bytes: &[u8]) -> Option<Deck> {
    let mut d = Dec(bytes);
    let name = d.str()?;
    let (title, source, generator) = (
        get_opt_str(&mut d)?,
        get_opt_str(&mut d)?,
        get_opt_str(&mut d)?,
    );
    let sections = (0..d.count(4)?)
        .map(|_| {
            (0..d.count(4)?)
                .map(|_| d.str())
                .collect::<Option<Vec<String>>>()
                .map(Arc::<[String]>::from)
        })
        .collect::<Option<Vec<_>>>()?;
    let n = d.count(20)?;
    let mut cards = Vec::with_capacity(n);
    for _ in 0..n {
        let id = d.str()?;
        let kind = *Kind::ALL.get(d.u8()? as usize)?;
        let section = Arc::clone(sections.get(d.u32()? as usize)?);
        let context = get_opt_str(&mut d)?;
        let front = d.str()?;
        let back = d.str()?;
        let cloze = get_opt_str(&mut d)?;
        let answers = (0..d.count(4)?)
            .map(|_| d.str())
            .collect::<Option<Vec<_>>>()?;
        let has_line = d.u8()? == 1;
        let line = d.u32()?;
        let tags = (0..d.count(4)?)
            .map(|_| d.str())
            .collect::<Option<Vec<_>>>()?;
        cards.push(Card {
            id,
            kind,
            section,
            context,
            front,
            back,
            cloze,
            answers,
            line: has_line.then_some(line),
            tags,
        });
    }
    d.0.is_empty().then_some(Deck {
        name,
        title,
        source,
        generator,
        cards,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_deck(dir: &Path, name: &str, front: &str) {
        let text = format!(
            "[deck]\nname = \"{name}\"\nsource = \"notes/{name}.md\"\n\n[[card]]\nid = \"{name}1\"\nkind = \"term\"\nsection = [\"A\", \"B\"]\nfront = \"{front}\"\nback = \"x\"\nline = 3\ntags = [\"t\"]\n\n[[card]]\nfront = \"q\"\nback = \"a\"\n"
        );
        std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
    }

    #[test]
    fn cached_decks_equal_parsed_decks_and_follow_edits() {
        let dir = tempfile::tempdir().unwrap();
        let decks = dir.path().join("decks");
        std::fs::create_dir(&decks).unwrap();
        let cache = dir.path().join("cache/decks.bin");
        write_deck(&decks, "a", "front a");
        write_deck(&decks, "b", "front b");
        let parsed: Vec<Deck> = deck_files(std::slice::from_ref(&decks))
            .unwrap()
            .iter()
            .map(|f| load(f).unwrap())
            .collect();
        assert_eq!(load_dir(&decks, &cache).unwrap(), parsed);
        assert!(cache.exists());
        assert_eq!(load_dir(&decks, &cache).unwrap(), parsed, "from the cache");
        // An edited deck is parsed again.
        write_deck(&decks, "b", "front b, edited");
        let again = load_dir(&decks, &cache).unwrap();
        assert_eq!(again[1].cards[0].front, "front b, edited");
        assert_eq!(again[0], parsed[0]);
        // A broken deck is an error even with a cache.
        std::fs::write(decks.join("a.toml"), "[[card]]\nfront = 1\n").unwrap();
        assert!(load_dir(&decks, &cache).is_err());
        // A damaged cache is ignored.
        write_deck(&decks, "a", "front a");
        std::fs::write(&cache, b"KIOKUD02\xff\xff").unwrap();
        assert_eq!(load_dir(&decks, &cache).unwrap()[0], parsed[0]);
    }

    #[test]
    fn a_flipped_byte_in_the_cache_is_caught_by_its_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let decks = dir.path().join("decks");
        std::fs::create_dir(&decks).unwrap();
        let cache = dir.path().join("decks.bin");
        write_deck(&decks, "a", "front a");
        let parsed = load_dir(&decks, &cache).unwrap();
        let mut bytes = std::fs::read(&cache).unwrap();
        let at = bytes
            .windows(7)
            .position(|w| w == b"front a")
            .expect("the front is in the cache");
        bytes[at + 6] = b'b';
        std::fs::write(&cache, &bytes).unwrap();
        assert_eq!(load_dir(&decks, &cache).unwrap(), parsed);
        assert_ne!(std::fs::read(&cache).unwrap(), bytes, "and it was rebuilt");
    }

    #[test]
    fn a_same_size_edit_with_the_modification_time_put_back_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let decks = dir.path().join("decks");
        std::fs::create_dir(&decks).unwrap();
        let cache = dir.path().join("decks.bin");
        write_deck(&decks, "a", "front a");
        let file = decks.join("a.toml");
        let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
        assert_eq!(
            load_dir(&decks, &cache).unwrap()[0].cards[0].front,
            "front a"
        );
        let len = std::fs::metadata(&file).unwrap().len();
        write_deck(&decks, "a", "front z");
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        assert_eq!(std::fs::metadata(&file).unwrap().len(), len);
        assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), mtime);
        assert_eq!(
            load_dir(&decks, &cache).unwrap()[0].cards[0].front,
            "front z"
        );
    }
}

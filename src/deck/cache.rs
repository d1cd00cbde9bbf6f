//! A cache of parsed decks, so start-up need not parse megabytes of TOML. Each entry records the
//! deck file's path and its stamp (length, modification and change times, inode); it is used
//! only while the file still has that stamp (an edit that keeps the size and puts the
//! modification time back still changes the change time, so it is seen).
//!
//! Start-up reads only what counting needs: the file's header and, per deck, a small head block
//! (the deck's name and title, its section paths, each card's id and section). Each deck's text
//! (fronts, backs, answers, tags…) is a block of its own further on, read when something shows
//! the cards ([`Texts::decks`]). The header, and each block, carry a checksum, checked when that
//! part is read: a damaged or stale cache is rebuilt, never believed; a damaged text block is
//! read from the deck file instead (and the cache rebuilt at the next start). Like every cache
//! here it is derived data: deleting it is always safe.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::store::{deck_files, load};
use super::{Card, CardKey, Deck, DeckIndex, Duplicate, Kind, Sections, duplicate_ids};
use crate::cache::{Dec, Enc, hash};
use crate::error::Result;

/// Where the deck cache lives in the cache directory.
pub const DECK_CACHE_FILE: &str = "decks.bin";
const MAGIC: &[u8; 8] = b"KIOKUD06";
/// Magic, header length, heads length.
const PREFIX: usize = 24;

/// The decks of a folder as start-up has them: every card's key, and where to find the text.
pub struct Loaded {
    pub index: Vec<DeckIndex>,
    pub texts: Texts,
    /// Card ids found in a second deck. Found when the cache is written, and kept in it: a
    /// start-up with every deck unchanged reads them instead of putting every id in a map.
    pub duplicates: Vec<Duplicate>,
}

impl Loaded {
    /// Every deck whole, text and all ([`Texts::decks`]).
    pub fn into_decks(self) -> Vec<Deck> {
        self.texts.decks(&self.index)
    }
}

/// Where each deck's text comes from, for [`Texts::decks`].
pub struct Texts {
    /// The cache as read at start-up: an open file keeps that version even if another process
    /// replaces the cache meanwhile.
    file: Option<File>,
    cache_path: PathBuf,
    sources: Vec<Source>,
}

enum Source {
    /// Parsed (or built in): the deck whole.
    Whole(Deck),
    /// A text block of the cache; `path` is the deck file, read if the block is damaged.
    Cached { path: PathBuf, block: Block },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Block {
    at: u64,
    len: u64,
    sum: u64,
}

impl Texts {
    /// Decks already whole (built in, or parsed): nothing to read later.
    pub fn whole(decks: Vec<Deck>) -> Texts {
        Texts {
            file: None,
            cache_path: PathBuf::new(),
            sources: decks.into_iter().map(Source::Whole).collect(),
        }
    }

    /// Every deck whole, text and all, in the order of `index` (the keys start-up read). A
    /// text block that is damaged is not believed: that deck is read from its file, and the
    /// cache is removed so that the next start-up builds it again. Should that file no longer
    /// read either (edited into a broken state since start-up), the deck shows no cards rather
    /// than wrong ones.
    pub fn decks(self, index: &[DeckIndex]) -> Vec<Deck> {
        use rayon::prelude::*;
        let file = self.file.as_ref();
        let results: Vec<(Deck, bool)> = self
            .sources
            .into_par_iter()
            .zip(index.par_iter())
            .map(|(source, keys)| match source {
                Source::Whole(d) => (d, false),
                Source::Cached { path, block } => {
                    match file
                        .and_then(|f| read_block(f, block))
                        .and_then(|b| decode_text(&b, keys))
                    {
                        Some(d) => (d, false),
                        None => {
                            let deck = load(&path).unwrap_or_else(|_| Deck {
                                name: keys.name.clone(),
                                title: keys.title.clone(),
                                ..Deck::default()
                            });
                            (deck, true)
                        }
                    }
                }
            })
            .collect();
        if results.iter().any(|(_, damaged)| *damaged) {
            let _ = std::fs::remove_file(&self.cache_path);
        }
        results.into_iter().map(|(d, _)| d).collect()
    }
}

/// The block's bytes, when they are all there and match their checksum.
fn read_block(file: &File, b: Block) -> Option<Vec<u8>> {
    let mut buf = vec![0; usize::try_from(b.len).ok()?];
    file.read_exact_at(&mut buf, b.at).ok()?;
    (hash(&buf) == b.sum).then_some(buf)
}

/// Every deck in `dir` (name order): the keys of their cards, through the cache at
/// `cache_path` for files whose stamp is unchanged, and where their text is. The cache is
/// rewritten when any deck had to be parsed or has gone.
pub fn load_dir(dir: &Path, cache_path: &Path) -> Result<Loaded> {
    load_dir_with(dir, cache_path, false)
}

/// [`load_dir`], a rebuilt cache written on a thread of its own
/// ([`crate::fsutil::write_atomic_later`]) when `later`: start-up goes on meanwhile.
pub(crate) fn load_dir_with(dir: &Path, cache_path: &Path, later: bool) -> Result<Loaded> {
    // A cache this process is still writing is read once written.
    crate::fsutil::finish_writes();
    let files = deck_files(&[dir.to_path_buf()])?;
    let cache = Cache::open(cache_path);
    let mut changed = cache
        .as_ref()
        .is_none_or(|c| c.entries.len() != files.len());
    // Each file is decoded (or parsed) on its own, so the work spreads over the cores.
    use rayon::prelude::*;
    let results: Vec<Result<Fresh>> = files
        .par_iter()
        .enumerate()
        .map(|(pos, f)| {
            let key = key(f);
            let stamp = stamp(f)?;
            let cached = cache.as_ref().and_then(|c| {
                // In the same place too: the cache's duplicates name decks by position.
                let e = c
                    .entries
                    .get(&key)
                    .filter(|e| e.stamp == stamp && e.pos == pos)?;
                let head = c.head(e)?;
                Some((decode_head(head)?, e.head.clone(), e.text))
            });
            Ok(match cached {
                Some((index, head, text)) => Fresh {
                    key,
                    stamp,
                    index,
                    head: Some(head),
                    source: Source::Cached {
                        path: f.clone(),
                        block: text,
                    },
                },
                None => {
                    let deck = load(f)?;
                    Fresh {
                        key,
                        stamp,
                        index: DeckIndex::of(&deck),
                        head: None,
                        source: Source::Whole(deck),
                    }
                }
            })
        })
        .collect();
    let mut fresh = Vec::with_capacity(files.len());
    for r in results {
        let r = r?;
        changed |= r.head.is_none();
        fresh.push(r);
    }
    let (file, heads, cached_duplicates) = match cache {
        Some(c) => (Some(c.file), c.buf, c.duplicates),
        None => (None, Vec::new(), Vec::new()),
    };
    if changed {
        let blocks: Vec<(Vec<u8>, Vec<u8>)> = fresh
            .par_iter_mut()
            .zip(files.par_iter())
            .map(|(r, path)| match &r.source {
                Source::Whole(d) => Ok((encode_head(d), encode_text(d))),
                Source::Cached { block, .. } => {
                    let block = *block;
                    if let (Some(head), Some(text)) = (
                        r.head.clone().and_then(|h| heads.get(h)),
                        file.as_ref().and_then(|f| read_block(f, block)),
                    ) {
                        return Ok((head.to_vec(), text));
                    }
                    // Its text block is damaged: the deck file it is.
                    let deck = load(path)?;
                    let blocks = (encode_head(&deck), encode_text(&deck));
                    r.index = DeckIndex::of(&deck);
                    r.source = Source::Whole(deck);
                    Ok(blocks)
                }
            })
            .collect::<Result<_>>()?;
        let duplicates = duplicate_ids(fresh.iter().map(|r| &r.index));
        let stamps: Vec<(String, u64)> = fresh.iter().map(|r| (r.key.clone(), r.stamp)).collect();
        if later {
            // Put together and written while start-up goes on.
            let twice = duplicates.clone();
            crate::fsutil::write_atomic_later(cache_path.to_path_buf(), move || {
                encode(&stamps, &blocks, &twice)
            });
        } else {
            let _ = crate::fsutil::write_atomic(cache_path, &encode(&stamps, &blocks, &duplicates));
        }
        return Ok(finish(fresh, file, cache_path, duplicates));
    }
    Ok(finish(fresh, file, cache_path, cached_duplicates))
}

fn finish(
    fresh: Vec<Fresh>,
    file: Option<File>,
    cache_path: &Path,
    duplicates: Vec<Duplicate>,
) -> Loaded {
    let mut index = Vec::with_capacity(fresh.len());
    let mut sources = Vec::with_capacity(fresh.len());
    for r in fresh {
        index.push(r.index);
        sources.push(r.source);
    }
    Loaded {
        duplicates,
        index,
        texts: Texts {
            file,
            cache_path: cache_path.to_path_buf(),
            sources,
        },
    }
}

/// One deck file as this start-up found it.
struct Fresh {
    key: String,
    stamp: u64,
    index: DeckIndex,
    /// Where its head block is in the cache's buffer, when it came from the cache.
    head: Option<std::ops::Range<usize>>,
    source: Source,
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

/// The cache file's header and head blocks, read and checked; its text blocks stay in the file.
struct Cache {
    file: File,
    entries: HashMap<String, CacheEntry>,
    /// The header, its checksum and the heads, as read.
    buf: Vec<u8>,
    duplicates: Vec<Duplicate>,
}

struct CacheEntry {
    /// Its place in the folder's decks (name order).
    pos: usize,
    stamp: u64,
    /// Within [`Cache::buf`].
    head: std::ops::Range<usize>,
    head_sum: u64,
    text: Block,
}

impl Cache {
    fn open(path: &Path) -> Option<Cache> {
        let file = File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut prefix = [0u8; PREFIX];
        file.read_exact_at(&mut prefix, 0).ok()?;
        let mut d = Dec(&prefix);
        if d.take(8)? != MAGIC {
            return None;
        }
        let header_len = d.u64()?;
        let heads_len = d.u64()?;
        let end = (PREFIX as u64)
            .checked_add(header_len)?
            .checked_add(8)?
            .checked_add(heads_len)?;
        if end > len {
            return None;
        }
        // Read into spare capacity: no pass zeroing the buffer first.
        let want = usize::try_from(end).ok()? - PREFIX;
        let mut buf = Vec::with_capacity(want);
        let mut f = &file;
        f.seek(std::io::SeekFrom::Start(PREFIX as u64)).ok()?;
        f.take(want as u64).read_to_end(&mut buf).ok()?;
        if buf.len() != want {
            return None;
        }
        let header_len = header_len as usize;
        let (header, rest) = buf.split_at(header_len);
        let (sum, heads) = rest.split_at(8);
        let mut h = crate::cache::Hasher::new();
        h.update(&prefix);
        h.update(header);
        if h.finish() != u64::from_le_bytes(sum.try_into().ok()?) {
            return None;
        }
        // Text blocks are placed from the end of the heads on.
        let texts_at = end;
        let mut d = Dec(header);
        if d.str()? != env!("CARGO_PKG_VERSION") {
            return None;
        }
        let n = d.count(60)?;
        let mut entries = HashMap::with_capacity(n);
        let heads_at = header_len + 8;
        let mut at = heads_at;
        for pos in 0..n {
            let path = d.str()?;
            let stamp = d.u64()?;
            let head_len = usize::try_from(d.u64()?).ok()?;
            let head_sum = d.u64()?;
            let text = Block {
                at: texts_at.checked_add(d.u64()?)?,
                len: d.u64()?,
                sum: d.u64()?,
            };
            let head = at..at.checked_add(head_len)?;
            if head.end > heads_at + heads.len() {
                return None;
            }
            at = head.end;
            entries.insert(
                path,
                CacheEntry {
                    pos,
                    stamp,
                    head,
                    head_sum,
                    text,
                },
            );
        }
        let duplicates = (0..d.count(12)?)
            .map(|_| {
                let id = d.str()?;
                let (first, again) = (d.u32()? as usize, d.u32()? as usize);
                (first < n && again < n).then_some(Duplicate { id, first, again })
            })
            .collect::<Option<Vec<_>>>()?;
        d.0.is_empty().then_some(Cache {
            file,
            entries,
            buf,
            duplicates,
        })
    }

    /// An entry's head block, if it matches its checksum.
    fn head(&self, e: &CacheEntry) -> Option<&[u8]> {
        let b = self.buf.get(e.head.clone())?;
        (hash(b) == e.head_sum).then_some(b)
    }
}

/// The cache file: each deck file's key and stamp, its blocks, the duplicate ids.
fn encode(
    entries: &[(String, u64)],
    blocks: &[(Vec<u8>, Vec<u8>)],
    duplicates: &[Duplicate],
) -> Vec<u8> {
    let mut header = Enc(Vec::with_capacity(64 * entries.len() + 16));
    header.str(env!("CARGO_PKG_VERSION"));
    header.u32(entries.len() as u32);
    let heads_len: usize = blocks.iter().map(|(h, _)| h.len()).sum();
    // Text blocks are placed from the end of the heads on.
    let mut text_at = 0u64;
    for ((key, stamp), (head, text)) in entries.iter().zip(blocks) {
        header.str(key);
        header.u64(*stamp);
        header.u64(head.len() as u64);
        header.u64(hash(head));
        header.u64(text_at);
        header.u64(text.len() as u64);
        header.u64(hash(text));
        text_at += text.len() as u64;
    }
    header.u32(duplicates.len() as u32);
    for t in duplicates {
        header.str(&t.id);
        header.u32(t.first as u32);
        header.u32(t.again as u32);
    }
    let mut e = Enc(Vec::with_capacity(
        PREFIX + header.0.len() + 8 + heads_len + text_at as usize,
    ));
    e.0.extend_from_slice(MAGIC);
    e.u64(header.0.len() as u64);
    e.u64(heads_len as u64);
    e.0.extend_from_slice(&header.0);
    let sum = hash(&e.0);
    e.u64(sum);
    for (head, _) in blocks {
        e.0.extend_from_slice(head);
    }
    for (_, text) in blocks {
        e.0.extend_from_slice(text);
    }
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

/// What start-up reads of a deck: its name and title, its section paths, and each card's id
/// and section.
fn encode_head(deck: &Deck) -> Vec<u8> {
    let mut e = Enc(Vec::with_capacity(deck.cards.len() * 24 + 64));
    e.str(&deck.name);
    opt_str(&mut e, deck.title.as_deref());
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
    // Their tree, as built once here: start-up reads it instead of building it.
    Sections::of(sections.iter().map(|p| &p[..])).put(&mut e);
    // The ids as one block, then each card's end in it and its section.
    e.u32(deck.cards.len() as u32);
    e.u32(deck.cards.iter().map(|c| c.id.len() as u32).sum());
    for c in &deck.cards {
        e.0.extend_from_slice(c.id.as_bytes());
    }
    let mut end = 0u32;
    for (c, section) in deck.cards.iter().zip(refs) {
        end += c.id.len() as u32;
        e.u32(end);
        e.u32(section);
    }
    e.0
}

fn decode_head(bytes: &[u8]) -> Option<DeckIndex> {
    let mut d = Dec(bytes);
    let name = d.str()?;
    let title = get_opt_str(&mut d)?;
    let sections = (0..d.count(4)?)
        .map(|_| {
            (0..d.count(4)?)
                .map(|_| d.str())
                .collect::<Option<Vec<String>>>()
                .map(Arc::<[String]>::from)
        })
        .collect::<Option<Vec<_>>>()?;
    let tree = Sections::get(&mut d).filter(|t| t.paths() == sections.len())?;
    let n = d.count(8)?;
    let ids_len = d.u32()? as usize;
    let ids: Arc<str> = std::str::from_utf8(d.take(ids_len)?).ok()?.into();
    let records = d.take(n.checked_mul(8)?)?;
    let cards = CardKey::over(
        Arc::clone(&ids),
        records.chunks_exact(8).map(|r| {
            let word = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
            let sec = word(4);
            // A number past the table: no section, and the head is refused below.
            let section = sections
                .get(sec as usize)
                .map_or_else(|| Arc::from([]), Arc::clone);
            (word(0), section, sec)
        }),
    )?;
    if cards.last().map_or(0, |c| c.id.1 as usize) != ids_len
        || cards.iter().any(|c| c.sec as usize >= sections.len())
    {
        return None;
    }
    d.0.is_empty().then_some(DeckIndex {
        name,
        title,
        cards,
        sections: tree,
    })
}

/// The rest of a deck: what its cards say.
fn encode_text(deck: &Deck) -> Vec<u8> {
    let mut e = Enc(Vec::with_capacity(deck.cards.len() * 256));
    opt_str(&mut e, deck.source.as_deref());
    opt_str(&mut e, deck.generator.as_deref());
    e.u32(deck.cards.len() as u32);
    for c in &deck.cards {
        e.u8(Kind::ALL.iter().position(|k| *k == c.kind).unwrap_or(0) as u8);
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

/// The deck whole from its keys and its text block.
fn decode_text(bytes: &[u8], keys: &DeckIndex) -> Option<Deck> {
    let mut d = Dec(bytes);
    let (source, generator) = (get_opt_str(&mut d)?, get_opt_str(&mut d)?);
    if d.u32()? as usize != keys.cards.len() {
        return None;
    }
    let mut cards = Vec::with_capacity(keys.cards.len());
    for key in &keys.cards {
        let kind = *Kind::ALL.get(d.u8()? as usize)?;
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
            id: key.id().to_string(),
            kind,
            section: Arc::clone(&key.section),
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
        name: keys.name.clone(),
        title: keys.title.clone(),
        source,
        generator,
        cards,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(decks: &Path, cache: &Path) -> Vec<Deck> {
        load_dir(decks, cache).unwrap().into_decks()
    }

    /// A temporary folder with an empty `decks/` and where the cache file goes (`cache`,
    /// relative to the folder).
    fn fixture(cache: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let decks = dir.path().join("decks");
        std::fs::create_dir(&decks).unwrap();
        let cache = dir.path().join(cache);
        (dir, decks, cache)
    }

    fn write_deck(dir: &Path, name: &str, front: &str) {
        let text = format!(
            "[deck]\nname = \"{name}\"\nsource = \"notes/{name}.md\"\n\n[[card]]\nid = \"{name}1\"\nkind = \"term\"\nsection = [\"A\", \"B\"]\nfront = \"{front}\"\nback = \"x\"\nline = 3\ntags = [\"t\"]\n\n[[card]]\nfront = \"q\"\nback = \"a\"\n"
        );
        std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
    }

    #[test]
    fn cached_decks_equal_parsed_decks_and_follow_edits() {
        let (_dir, decks, cache) = fixture("cache/decks.bin");
        write_deck(&decks, "a", "front a");
        write_deck(&decks, "b", "front b");
        let parsed: Vec<Deck> = deck_files(std::slice::from_ref(&decks))
            .unwrap()
            .iter()
            .map(|f| load(f).unwrap())
            .collect();
        assert_eq!(whole(&decks, &cache), parsed);
        assert!(cache.exists());
        assert_eq!(whole(&decks, &cache), parsed, "from the cache");
        // An edited deck is parsed again.
        write_deck(&decks, "b", "front b, edited");
        let again = whole(&decks, &cache);
        assert_eq!(again[1].cards[0].front, "front b, edited");
        assert_eq!(again[0], parsed[0]);
        // A broken deck is an error even with a cache.
        std::fs::write(decks.join("a.toml"), "[[card]]\nfront = 1\n").unwrap();
        assert!(load_dir(&decks, &cache).is_err());
        // A damaged cache is ignored.
        write_deck(&decks, "a", "front a");
        std::fs::write(&cache, b"KIOKUD02\xff\xff").unwrap();
        assert_eq!(whole(&decks, &cache)[0], parsed[0]);
    }

    /// The cache with one byte changed: the first `what` after `after` (when given).
    fn flip(cache: &Path, what: &[u8], after: Option<&[u8]>) -> Vec<u8> {
        let mut bytes = std::fs::read(cache).unwrap();
        let from = after.map_or(0, |a| {
            bytes.windows(a.len()).position(|w| w == a).unwrap() + a.len()
        });
        let at = from
            + bytes[from..]
                .windows(what.len())
                .position(|w| w == what)
                .expect("in the cache");
        bytes[at + what.len() - 1] ^= 1;
        std::fs::write(cache, &bytes).unwrap();
        bytes
    }

    #[test]
    fn start_up_reads_the_keys_and_the_text_comes_later() {
        let (_dir, decks, cache) = fixture("decks.bin");
        write_deck(&decks, "a", "front a");
        write_deck(&decks, "b", "front b");
        let parsed = whole(&decks, &cache);
        let loaded = load_dir(&decks, &cache).unwrap();
        let keys: Vec<DeckIndex> = parsed.iter().map(DeckIndex::of).collect();
        assert_eq!(loaded.index, keys);
        assert!(matches!(loaded.texts.sources[0], Source::Cached { .. }));
        assert_eq!(loaded.into_decks(), parsed);
        assert!(
            cache.exists(),
            "the text came from the cache, not the deck files"
        );
    }

    #[test]
    fn a_flipped_byte_in_a_head_is_caught_by_its_checksum() {
        let (_dir, decks, cache) = fixture("decks.bin");
        write_deck(&decks, "a", "front a");
        let parsed = whole(&decks, &cache);
        // The card id in the head block (the header names the deck file, not the card).
        let bytes = flip(&cache, b"a1", None);
        let loaded = load_dir(&decks, &cache).unwrap();
        assert_eq!(loaded.index[0], DeckIndex::of(&parsed[0]));
        assert!(
            matches!(loaded.texts.sources[0], Source::Whole(_)),
            "parsed"
        );
        assert_ne!(std::fs::read(&cache).unwrap(), bytes, "and it was rebuilt");
        assert_eq!(loaded.into_decks(), parsed);
    }

    #[test]
    fn a_damaged_text_block_is_read_from_the_deck_file_and_the_cache_rebuilt() {
        let (_dir, decks, cache) = fixture("decks.bin");
        write_deck(&decks, "a", "front a");
        write_deck(&decks, "b", "front b");
        let parsed = whole(&decks, &cache);
        flip(&cache, b"front b", None);
        // Start-up reads only the heads: it does not see the damage.
        let loaded = load_dir(&decks, &cache).unwrap();
        assert_eq!(loaded.index[1], DeckIndex::of(&parsed[1]));
        // The text, when needed, is the deck file's, not the damaged block's.
        let got = loaded.into_decks();
        assert_eq!(got, parsed);
        assert_eq!(got[1].cards[0].front, "front b");
        assert!(!cache.exists(), "the damaged cache is gone");
        assert_eq!(whole(&decks, &cache), parsed);
        assert!(cache.exists(), "and built again");
        // A damaged block seen while the cache is being rewritten (another deck changed).
        flip(&cache, b"front a", None);
        write_deck(&decks, "b", "front b, edited");
        let got = whole(&decks, &cache);
        assert_eq!(got[0], parsed[0]);
        assert_eq!(got[1].cards[0].front, "front b, edited");
        let loaded = load_dir(&decks, &cache).unwrap();
        assert!(
            loaded
                .texts
                .sources
                .iter()
                .all(|s| matches!(s, Source::Cached { .. }))
        );
        assert_eq!(loaded.into_decks(), got, "the rewritten cache is whole");
    }

    #[test]
    fn a_damaged_text_block_of_a_deck_since_broken_shows_no_cards() {
        let (_dir, decks, cache) = fixture("decks.bin");
        write_deck(&decks, "a", "front a");
        whole(&decks, &cache);
        flip(&cache, b"front a", None);
        let loaded = load_dir(&decks, &cache).unwrap();
        std::fs::write(decks.join("a.toml"), "[[card]]\nfront = 1\n").unwrap();
        let got = loaded.into_decks();
        assert_eq!(got[0].name, "a");
        assert!(got[0].cards.is_empty(), "no wrong text: no cards");
    }

    #[test]
    fn a_same_size_edit_with_the_modification_time_put_back_is_seen() {
        let (_dir, decks, cache) = fixture("decks.bin");
        write_deck(&decks, "a", "front a");
        let file = decks.join("a.toml");
        let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
        assert_eq!(whole(&decks, &cache)[0].cards[0].front, "front a");
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
        assert_eq!(whole(&decks, &cache)[0].cards[0].front, "front z");
    }

    #[test]
    fn duplicate_ids_are_kept_in_the_cache_and_found_again_after_an_edit() {
        let (_dir, decks, cache) = fixture("decks.bin");
        let deck = |name: &str, ids: &[&str]| {
            let cards: String = ids
                .iter()
                .map(|id| format!("[[card]]\nid = \"{id}\"\nfront = \"q {id}\"\nback = \"a\"\n\n"))
                .collect();
            std::fs::write(
                decks.join(format!("{name}.toml")),
                format!("[deck]\nname = \"{name}\"\n\n{cards}"),
            )
            .unwrap();
        };
        deck("a", &["x", "y"]);
        deck("b", &["z"]);
        deck("c", &["y", "x"]);
        let twice = |id: &str, first, again| Duplicate {
            id: id.into(),
            first,
            again,
        };
        let built = load_dir(&decks, &cache).unwrap();
        assert!(matches!(built.texts.sources[0], Source::Whole(_)));
        assert_eq!(built.duplicates, [twice("y", 0, 2), twice("x", 0, 2)]);
        let cached = load_dir(&decks, &cache).unwrap();
        assert!(
            cached
                .texts
                .sources
                .iter()
                .all(|s| matches!(s, Source::Cached { .. })),
            "from the cache"
        );
        assert_eq!(cached.duplicates, built.duplicates);
        assert_eq!(cached.duplicates, duplicate_ids(cached.index.iter()));
        // An edit that adds one, and an edit that removes them.
        deck("b", &["z", "x"]);
        assert_eq!(
            load_dir(&decks, &cache).unwrap().duplicates,
            [twice("x", 0, 1), twice("y", 0, 2), twice("x", 1, 2)]
        );
        deck("c", &["w"]);
        deck("b", &["z"]);
        assert_eq!(load_dir(&decks, &cache).unwrap().duplicates, []);
        assert_eq!(
            load_dir(&decks, &cache).unwrap().duplicates,
            [],
            "from the cache"
        );
        // A damaged duplicate in the header is caught by the header's checksum.
        deck("c", &["x"]);
        assert_eq!(
            load_dir(&decks, &cache).unwrap().duplicates,
            [twice("x", 0, 2)]
        );
        flip(&cache, b"\x01\0\0\0x", None);
        let loaded = load_dir(&decks, &cache).unwrap();
        assert!(
            matches!(loaded.texts.sources[0], Source::Whole(_)),
            "rebuilt"
        );
        assert_eq!(loaded.duplicates, [twice("x", 0, 2)]);
    }

    #[test]
    fn keys_over_an_id_block_refuse_ends_that_go_back_past_it_or_into_a_character() {
        let ids: Arc<str> = "ab記c".into();
        let no: Arc<[String]> = Arc::from([]);
        let keys = |ends: &[u32]| {
            CardKey::over(
                Arc::clone(&ids),
                ends.iter().map(|&e| (e, Arc::clone(&no), 0)),
            )
            .map(|k| k.iter().map(|k| k.id().to_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            keys(&[1, 2, 5, 6]),
            Some(vec!["a".into(), "b".into(), "記".into(), "c".into()])
        );
        assert_eq!(keys(&[2, 1]), None, "back");
        assert_eq!(keys(&[7]), None, "past the block");
        assert_eq!(keys(&[3]), None, "inside 記");
    }
}

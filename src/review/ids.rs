//! The card ids a history names, interned: an id's index is its slot in the history's
//! per-card arrays. The ids a snapshot restored stay in one block of bytes as the snapshot
//! stores them, read in place: each id's end offset into one string block, and an
//! open-addressing hash table of slots. Start-up so makes no allocation and no map insert per
//! card; a look-up is a hash and a probe or two over those bytes. Ids first seen after the
//! snapshot go into a small map of their own.

use std::hash::Hasher as _;
use std::sync::Arc;

use crate::cache::{Dec, Enc, FastHash, FastMap};

/// Interned card ids: those of the table first, then those added since.
#[derive(Clone, Default)]
pub(crate) struct Ids {
    token: Token,
    table: Option<Table>,
    /// Ids after the table's: index `table.len() + k` is `more[k]`.
    more: Vec<Arc<str>>,
    more_index: FastMap<Arc<str>, u32>,
}

/// Which set of interned ids this is, never 0: a slot found in it stays right in it (ids are
/// only ever added), so it need not be compared again. Every new set gets its own, and so
/// does every clone, which may go on to add other ids than the original.
struct Token(u64);

static NEXT_TOKEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Default for Token {
    fn default() -> Token {
        Token(NEXT_TOKEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl Clone for Token {
    fn clone(&self) -> Token {
        Token::default()
    }
}

/// The ids in place: `n` little-endian u32 end offsets into the string block, then `cap`
/// u32 buckets (a slot plus one; 0 for empty), then the string block.
#[derive(Clone)]
struct Table {
    /// The snapshot's buffer the table lies in, shared rather than copied: at 1M cards a
    /// copy is ~25 MB more memory touched at start-up.
    buf: Arc<Vec<u8>>,
    /// Where the table starts in `buf`.
    start: usize,
    n: usize,
    mask: usize,
}

/// Where an id's probe starts (the top bits of a multiplied [`FastHash`], so the table is
/// the same on every machine and in every build).
fn bucket_of(id: &str, mask: usize) -> usize {
    let mut h = FastHash::default();
    h.write(id.as_bytes());
    (h.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

impl Table {
    fn word(&self, at: usize) -> Option<usize> {
        let at = self.start + at;
        let b = self.buf.get(at..at + 4)?;
        Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
    }

    fn strings(&self) -> usize {
        4 * (self.n + self.mask + 1)
    }

    fn bytes_of(&self, i: usize) -> Option<&[u8]> {
        if i >= self.n {
            return None;
        }
        let start = if i == 0 { 0 } else { self.word(4 * (i - 1))? };
        let end = self.word(4 * i)?;
        let base = self.start + self.strings();
        self.buf.get(base + start..base + end)
    }

    fn at(&self, i: usize) -> Option<&str> {
        std::str::from_utf8(self.bytes_of(i)?).ok()
    }

    fn find(&self, id: &str) -> Option<u32> {
        let mut b = bucket_of(id, self.mask);
        // Bounded, so even a table that lost its empty buckets ends.
        for _ in 0..=self.mask {
            let slot = self.word(4 * (self.n + b))?;
            if slot == 0 {
                return None;
            }
            if self.bytes_of(slot - 1) == Some(id.as_bytes()) {
                return Some((slot - 1) as u32);
            }
            b = (b + 1) & self.mask;
        }
        None
    }

    /// A table from a snapshot's bytes (already checked by the snapshot's checksum), its
    /// shape checked again here so that no look-up can go out of it; `None` if it is not one.
    /// `d` reads from inside `whole`, which the table keeps and reads in place.
    fn parse(d: &mut Dec, whole: &Arc<Vec<u8>>) -> Option<Table> {
        let n = d.u32()? as usize;
        let cap = d.u32()? as usize;
        let strings = d.u32()? as usize;
        if !cap.is_power_of_two() || cap <= n {
            return None;
        }
        let len = 4usize
            .checked_mul(n.checked_add(cap)?)?
            .checked_add(strings)?;
        let taken = d.take(len)?;
        // The table's offset in `whole`, checked to be exactly the bytes `d` took.
        let start = (taken.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        let inside = whole.get(start..start.checked_add(len)?)?;
        if !std::ptr::eq(inside, taken) {
            return None;
        }
        let t = Table {
            buf: Arc::clone(whole),
            start,
            n,
            mask: cap - 1,
        };
        // Checked over the taken bytes directly: one pass each, no offset per word.
        let words = |from: usize, count: usize| {
            taken[4 * from..4 * (from + count)]
                .chunks_exact(4)
                .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize)
        };
        let mut last = 0;
        for end in words(0, n) {
            if end < last {
                return None;
            }
            last = end;
        }
        if last != strings {
            return None;
        }
        let mut used = 0;
        for slot in words(n, cap) {
            match slot {
                0 => {}
                s if s <= n => used += 1,
                _ => return None,
            }
        }
        (used == n).then_some(t)
    }
}

impl Ids {
    #[inline]
    fn frozen(&self) -> usize {
        self.table.as_ref().map_or(0, |t| t.n)
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.frozen() + self.more.len()
    }

    /// Which set of ids this is (see [`Token`]).
    #[inline]
    pub(crate) fn token(&self) -> u64 {
        self.token.0
    }

    /// The index of an id, if it was interned.
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        if let Some(i) = self.table.as_ref().and_then(|t| t.find(id)) {
            return Some(i);
        }
        self.more_index.get(id).copied()
    }

    /// The id at an index.
    pub(crate) fn at(&self, i: u32) -> Option<&str> {
        let i = i as usize;
        let frozen = self.frozen();
        if i < frozen {
            return self.table.as_ref()?.at(i);
        }
        self.more.get(i - frozen).map(|s| &**s)
    }

    /// Whether the id at an index is `id` (no check that the bytes are UTF-8, as
    /// [`Ids::at`] makes: this runs for every card at every count).
    #[inline]
    pub(crate) fn is(&self, i: u32, id: &str) -> bool {
        let i = i as usize;
        let frozen = self.frozen();
        if i < frozen {
            return self
                .table
                .as_ref()
                .is_some_and(|t| t.bytes_of(i) == Some(id.as_bytes()));
        }
        self.more.get(i - frozen).is_some_and(|s| **s == *id)
    }

    /// The index of an id, and whether it is new (then the next index).
    pub(crate) fn intern(&mut self, id: &str) -> (u32, bool) {
        if let Some(i) = self.get(id) {
            return (i, false);
        }
        let i = self.len() as u32;
        let id: Arc<str> = Arc::from(id);
        self.more.push(Arc::clone(&id));
        self.more_index.insert(id, i);
        (i, true)
    }

    /// Every id in index order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|i| self.at(i).unwrap_or(""))
    }

    /// Every id as a table [`Ids::parse`] reads in place.
    pub(crate) fn put(&self, e: &mut Enc) {
        let n = self.len();
        let cap = (2 * n + 2).next_power_of_two();
        let mut ends = Vec::with_capacity(n);
        let mut strings = Vec::new();
        let mut buckets = vec![0u32; cap];
        for (i, id) in self.iter().enumerate() {
            strings.extend_from_slice(id.as_bytes());
            ends.push(strings.len() as u32);
            let mut b = bucket_of(id, cap - 1);
            while buckets[b] != 0 {
                b = (b + 1) & (cap - 1);
            }
            buckets[b] = i as u32 + 1;
        }
        e.u32(n as u32);
        e.u32(cap as u32);
        e.u32(strings.len() as u32);
        for end in ends {
            e.u32(end);
        }
        for b in buckets {
            e.u32(b);
        }
        e.0.extend_from_slice(&strings);
    }

    /// How many bytes a table written by [`Ids::put`] takes, from its first words.
    pub(crate) fn stored_len(d: &mut Dec) -> Option<usize> {
        let n = d.u32()? as usize;
        let cap = d.u32()? as usize;
        let strings = d.u32()? as usize;
        4usize
            .checked_mul(n.checked_add(cap)?.checked_add(3)?)?
            .checked_add(strings)
    }

    /// The ids of a table written by [`Ids::put`], read by `d` from inside `whole` (kept, not
    /// copied); `None` if it is not one.
    pub(crate) fn parse(d: &mut Dec, whole: &Arc<Vec<u8>>) -> Option<Ids> {
        Some(Ids {
            table: Some(Table::parse(d, whole)?),
            ..Ids::default()
        })
    }
}

impl PartialEq for Ids {
    fn eq(&self, other: &Ids) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes` read as a table in place, as a snapshot's are.
    fn parse(bytes: &[u8]) -> Option<Ids> {
        let whole = Arc::new(bytes.to_vec());
        Ids::parse(&mut Dec(&whole), &whole)
    }

    fn table_of(ids: &[&str]) -> Vec<u8> {
        let mut built = Ids::default();
        for id in ids {
            built.intern(id);
        }
        let mut e = Enc(Vec::new());
        built.put(&mut e);
        e.0
    }

    #[test]
    fn ids_read_in_place_are_found_and_new_ones_go_after() {
        let names: Vec<String> = (0..500).map(|i| format!("card-{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let bytes = table_of(&refs);
        let mut ids = parse(&bytes).expect("a table");
        assert_eq!(ids.len(), 500);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(ids.get(name), Some(i as u32));
            assert_eq!(ids.at(i as u32), Some(name.as_str()));
        }
        assert_eq!(ids.get("card-500"), None);
        assert!(ids.is(3, "card-3") && !ids.is(3, "card-4") && !ids.is(900, "card-3"));
        assert_eq!(ids.intern("card-7"), (7, false));
        assert_eq!(ids.intern("fresh"), (500, true));
        assert_eq!(ids.get("fresh"), Some(500));
        assert_eq!(ids.at(500), Some("fresh"));
        let empty = table_of(&[]);
        let none = parse(&empty).expect("an empty table");
        assert_eq!((none.len(), none.get("x")), (0, None));
    }

    #[test]
    fn a_damaged_table_is_refused_or_stays_in_bounds() {
        let names: Vec<String> = (0..40).map(|i| format!("c{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let bytes = table_of(&refs);
        // Every byte changed in turn: the table is refused, or every look-up answers without
        // a panic (the snapshot's checksum is what refuses it in use).
        for at in 0..bytes.len() {
            for v in [0u8, 1, 0x7f, 0xff] {
                let mut bad = bytes.clone();
                bad[at] = v;
                if let Some(ids) = parse(&bad) {
                    for name in &names {
                        let _ = ids.get(name);
                    }
                    let _ = ids.iter().count();
                }
            }
        }
        assert!(parse(&bytes[..bytes.len() - 1]).is_none());
        // A table read from bytes other than the buffer it is said to lie in is refused.
        let elsewhere = Arc::new(bytes.clone());
        assert!(Ids::parse(&mut Dec(&bytes), &elsewhere).is_none());
    }
}

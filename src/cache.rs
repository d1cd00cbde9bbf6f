//! Shared pieces of kioku's caches (the history snapshot, the deck cache): a fast streaming
//! hash to prove a cache matches its source, and a small binary encoding. Caches are only ever
//! derived data: any that does not match or does not decode is ignored and rebuilt.

/// A fast streaming 64-bit hash (four multiply-rotate lanes over 8-byte words), so checking a
/// 100 MB log prefix takes milliseconds. It guards against a changed log, not an adversary.
#[derive(Clone)]
pub struct Hasher {
    lanes: [u64; 4],
    buf: [u8; 32],
    buffered: usize,
    total: u64,
}

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;

impl Default for Hasher {
    fn default() -> Self {
        Self::new()
    }
}

impl Hasher {
    pub fn new() -> Hasher {
        Hasher {
            lanes: [P1, P2, !P1, !P2],
            buf: [0; 32],
            buffered: 0,
            total: 0,
        }
    }

    fn block(&mut self, b: &[u8]) {
        for (k, lane) in self.lanes.iter_mut().enumerate() {
            let w = u64::from_le_bytes(b[k * 8..k * 8 + 8].try_into().expect("8 bytes"));
            *lane = (*lane ^ w.wrapping_mul(P2))
                .rotate_left(31)
                .wrapping_mul(P1);
        }
    }

    pub fn update(&mut self, mut data: &[u8]) {
        self.total += data.len() as u64;
        if self.buffered > 0 {
            let take = (32 - self.buffered).min(data.len());
            self.buf[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
            if self.buffered < 32 {
                return;
            }
            let b = self.buf;
            self.block(&b);
            self.buffered = 0;
        }
        let mut chunks = data.chunks_exact(32);
        for c in &mut chunks {
            self.block(c);
        }
        let rest = chunks.remainder();
        self.buf[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    /// Bytes of [`Hasher::to_bytes`].
    pub const STATE: usize = 32 + 32 + 1 + 8;

    /// The state after what was fed so far, so a cache can go on hashing a file from where it
    /// stopped without reading again what came before.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(Self::STATE);
        for lane in self.lanes {
            out.extend_from_slice(&lane.to_le_bytes());
        }
        out.extend_from_slice(&self.buf);
        out.push(self.buffered as u8);
        out.extend_from_slice(&self.total.to_le_bytes());
        out
    }

    /// A state from [`Hasher::to_bytes`]; `None` for anything that is not one.
    pub fn from_bytes(b: &[u8]) -> Option<Hasher> {
        if b.len() != Self::STATE || b[64] >= 32 {
            return None;
        }
        let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        Some(Hasher {
            lanes: [word(0), word(8), word(16), word(24)],
            buf: b[32..64].try_into().expect("32 bytes"),
            buffered: b[64] as usize,
            total: word(65),
        })
    }

    pub fn finish(mut self) -> u64 {
        let mut tail = [0u8; 32];
        tail[..self.buffered].copy_from_slice(&self.buf[..self.buffered]);
        tail[31] ^= self.buffered as u8;
        self.block(&tail);
        let mut h = self.total.wrapping_mul(P1);
        for lane in self.lanes {
            h = (h ^ lane).rotate_left(27).wrapping_mul(P2);
        }
        h ^ (h >> 29)
    }
}

/// Hash of a whole byte slice.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h = Hasher::new();
    h.update(bytes);
    h.finish()
}

/// Little-endian binary encoding for the caches.
pub(crate) struct Enc(pub(crate) Vec<u8>);

impl Enc {
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    pub(crate) fn opt_i64(&mut self, v: Option<i64>) {
        self.u8(u8::from(v.is_some()));
        self.i64(v.unwrap_or(0));
    }
}

/// Decoding that fails (`None`) instead of panicking on short or bad input.
pub(crate) struct Dec<'a>(pub(crate) &'a [u8]);

impl<'a> Dec<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4")))
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8")))
    }
    pub(crate) fn i64(&mut self) -> Option<i64> {
        self.take(8)
            .map(|b| i64::from_le_bytes(b.try_into().expect("8")))
    }
    pub(crate) fn f32(&mut self) -> Option<f32> {
        self.take(4)
            .map(|b| f32::from_le_bytes(b.try_into().expect("4")))
    }
    pub(crate) fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        self.take(n)
            .and_then(|b| String::from_utf8(b.to_vec()).ok())
    }
    pub(crate) fn count(&mut self, min_item: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(min_item) <= self.0.len()).then_some(n)
    }
}

/// A fast hasher for maps keyed by short strings such as card ids (FNV-1a over 8-byte words).
/// Not DoS-resistant, which a local collection does not need.
#[derive(Clone, Copy, Default)]
pub struct FastHash(u64);

impl std::hash::Hasher for FastHash {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h = (h ^ u64::from_le_bytes(c.try_into().expect("8 bytes")))
                .wrapping_mul(0x0100_0000_01b3)
                .rotate_left(29);
        }
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// A `HashMap` with [`FastHash`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHash>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_hash_does_not_depend_on_chunking() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = hash(&data);
        for split in [0, 1, 7, 31, 32, 33, 500, 999, 1000] {
            let mut h = Hasher::new();
            h.update(&data[..split]);
            h.update(&data[split..]);
            assert_eq!(h.finish(), whole, "split at {split}");
        }
        assert_ne!(hash(&data[..999]), whole);
        assert_ne!(hash(b"ab"), hash(b"ba"));
        assert_ne!(hash(b""), hash(b"\0"));
    }

    #[test]
    fn a_saved_state_goes_on_hashing_where_it_stopped() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 13 % 251) as u8).collect();
        for split in [0, 5, 32, 77, 1000] {
            let mut h = Hasher::new();
            h.update(&data[..split]);
            let mut back = Hasher::from_bytes(&h.to_bytes()).expect("a state");
            back.update(&data[split..]);
            assert_eq!(back.finish(), hash(&data), "split at {split}");
        }
        assert!(Hasher::from_bytes(&[0; 10]).is_none());
    }
}

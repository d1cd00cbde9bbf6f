//! A snapshot of the history replayed from the log, so start-up need not replay a year of
//! answers. It is only ever a cache: it records how many bytes of the log it covers and a hash
//! of exactly those bytes, plus a fingerprint of the settings. It is used only when the log still
//! starts with those bytes and the settings are the same; otherwise the log is replayed in full
//! and the snapshot made again. Deleting it is always safe.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::log::{Entry, LOG_FILE, Mode, Rating};
use super::replay::{Answer, History};
use super::schedule::{CardState, Due, Phase, Scheduler};
use crate::cache::{Dec, Enc, Hasher};
use crate::error::{Error, Result};

/// Where the snapshot lives in the data directory.
pub const SNAPSHOT_FILE: &str = "cache/history.bin";
const MAGIC: &[u8; 8] = b"KIOKUH02";
/// A new snapshot is written when this many log lines were replayed past the old one.
pub const REFRESH_AFTER: usize = 2000;

/// The history as of the log's first `log_len` bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub fingerprint: u64,
    pub log_len: u64,
    pub log_lines: u64,
    pub log_hash: u64,
    pub history: History,
    /// Warnings about damaged lines in the covered part, shown again on every load.
    pub warnings: Vec<String>,
}

/// What loading the history did.
#[derive(Debug)]
pub struct Loaded {
    pub history: History,
    pub warnings: Vec<String>,
    /// Log lines replayed (not covered by the snapshot).
    pub replayed: usize,
    pub used_snapshot: bool,
}

/// The settings that change what replay computes.
pub fn fingerprint(sched: &Scheduler) -> u64 {
    let tz = sched.time_zone().iana_name().unwrap_or("?").to_string();
    let probe = sched.day(0).to_string() + "/" + &sched.day(15_778_800_000).to_string();
    crate::text::fnv1a(&[
        env!("CARGO_PKG_VERSION"),
        &format!("{:?}", sched.settings),
        &tz,
        &probe,
    ])
}

/// Load the history from the log in `data_dir`, through the snapshot when it is valid, and
/// refresh the snapshot when much was replayed past it. A snapshot that cannot be written is
/// only a slower next start.
pub fn load_history(data_dir: &Path, sched: &Scheduler) -> Result<Loaded> {
    let log_path = data_dir.join(LOG_FILE);
    let snap_path = data_dir.join(SNAPSHOT_FILE);
    let fp = fingerprint(sched);
    // The header says how much of the log the snapshot covers: hash that prefix on one thread
    // while the snapshot itself is decoded on this one.
    let start = match read_header(&snap_path).filter(|h| h.0 == fp) {
        None => None,
        Some((_, log_len, log_hash)) => {
            let (snapshot, prefix) = rayon::join(
                || {
                    read(&snap_path).filter(|s| {
                        s.fingerprint == fp && s.log_len == log_len && s.log_hash == log_hash
                    })
                },
                || hash_prefix(&log_path, log_len),
            );
            let prefix = prefix?;
            match (snapshot, prefix) {
                (Some(s), Some(h)) if h.clone().finish() == s.log_hash => Some((s, h)),
                _ => None,
            }
        }
    };
    let used = start.is_some();
    let scanned = scan(&log_path, sched, start)?;
    if scanned.replayed >= REFRESH_AFTER || (!used && scanned.log_len > 0) {
        let _ = crate::fsutil::write_atomic(&snap_path, &encode_parts(fp, &scanned));
    }
    Ok(Loaded {
        history: scanned.history,
        warnings: scanned.warnings,
        replayed: scanned.replayed,
        used_snapshot: used,
    })
}

/// Fingerprint, covered log length and log hash, from the start of a snapshot file.
fn read_header(path: &Path) -> Option<(u64, u64, u64)> {
    use std::io::Read;
    let mut head = [0u8; 40];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    let mut d = Dec(&head);
    if d.take(8)? != MAGIC {
        return None;
    }
    let (fp, len, _lines, hash) = (d.u64()?, d.u64()?, d.u64()?, d.u64()?);
    Some((fp, len, hash))
}

/// The hasher state after the log's first `len` bytes, or `None` if the log is shorter.
fn hash_prefix(path: &Path, len: u64) -> Result<Option<Hasher>> {
    use std::io::Read;
    let io = |e: std::io::Error| Error::Io {
        path: path.into(),
        source: e,
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let mut hasher = Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut left = len;
    while left > 0 {
        let want = buf.len().min(left as usize);
        let n = file.read(&mut buf[..want]).map_err(io)?;
        if n == 0 {
            return Ok(None);
        }
        hasher.update(&buf[..n]);
        left -= n as u64;
    }
    Ok(Some(hasher))
}

/// The result of reading the log, and what a new snapshot of it would record.
struct Scanned {
    history: History,
    warnings: Vec<String>,
    replayed: usize,
    log_len: u64,
    log_lines: u64,
    log_hash: u64,
    /// Warnings about damaged lines in the complete part of the log.
    covered_warnings: Vec<String>,
}

/// Read the log, starting from `snapshot` if given. Returns `None` when the log does not start
/// with the bytes the snapshot covers.
fn scan(path: &Path, sched: &Scheduler, start: Option<(Snapshot, Hasher)>) -> Result<Scanned> {
    use std::io::{Seek, SeekFrom};
    let io = |e: std::io::Error| Error::Io {
        path: path.into(),
        source: e,
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Scanned {
                history: History::default(),
                warnings: vec![],
                replayed: 0,
                log_len: 0,
                log_lines: 0,
                log_hash: Hasher::new().finish(),
                covered_warnings: vec![],
            });
        }
        Err(e) => return Err(io(e)),
    };
    let (mut hasher, mut history, mut warnings, mut len, mut lines) = match start {
        Some((s, hasher)) => {
            file.seek(SeekFrom::Start(s.log_len)).map_err(io)?;
            (hasher, s.history, s.warnings, s.log_len, s.log_lines)
        }
        None => (Hasher::new(), History::default(), Vec::new(), 0, 0),
    };
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let name = crate::fsutil::display(path);
    let mut replayed = 0;
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(io)?;
        if n == 0 {
            break;
        }
        lines += 1;
        if line.last() != Some(&b'\n') {
            if !line.iter().all(u8::is_ascii_whitespace) {
                warnings.push(format!(
                    "{name}:{lines}: the last line is incomplete (kioku was stopped while writing it); it is skipped"
                ));
            }
            break;
        }
        hasher.update(&line);
        len += n as u64;
        let text = &line[..n - 1];
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        replayed += 1;
        match Entry::parse(text) {
            Ok(e) => history.apply(&e, sched),
            Err(why) => warnings.push(format!("{name}:{lines}: damaged line skipped ({why})")),
        }
    }
    // A torn last line is not part of the covered prefix, nor its warning.
    let torn = warnings
        .last()
        .is_some_and(|w| w.contains("the last line is incomplete"));
    let covered_warnings = warnings[..warnings.len() - usize::from(torn)].to_vec();
    Ok(Scanned {
        history,
        warnings,
        replayed,
        log_len: len,
        log_lines: lines - u64::from(torn),
        log_hash: hasher.finish(),
        covered_warnings,
    })
}

/// One 19-byte answer record.
pub(crate) fn answer_record(r: &[u8]) -> Option<Answer> {
    Some(Answer {
        at: i64::from_le_bytes(r.get(0..8)?.try_into().ok()?),
        card: u32::from_le_bytes(r.get(8..12)?.try_into().ok()?),
        rating: rating_of(*r.get(12)?)?,
        mode: mode_of(*r.get(13)?)?,
        phase: phase_of(*r.get(14)?)?,
        secs: f32::from_le_bytes(r.get(15..19)?.try_into().ok()?),
    })
}

fn phase_code(p: Phase) -> u8 {
    match p {
        Phase::New => 0,
        Phase::Learning => 1,
        Phase::Review => 2,
        Phase::Relearning => 3,
    }
}

fn phase_of(c: u8) -> Option<Phase> {
    [
        Phase::New,
        Phase::Learning,
        Phase::Review,
        Phase::Relearning,
    ]
    .get(c as usize)
    .copied()
}

fn rating_of(c: u8) -> Option<Rating> {
    Rating::ALL.get((c as usize).checked_sub(1)?).copied()
}

fn mode_code(m: Mode) -> u8 {
    match m {
        Mode::Flip => 0,
        Mode::Type => 1,
        Mode::Choice => 2,
    }
}

fn mode_of(c: u8) -> Option<Mode> {
    [Mode::Flip, Mode::Type, Mode::Choice]
        .get(c as usize)
        .copied()
}

fn put_state(e: &mut Enc, s: &CardState) {
    e.u8(phase_code(s.phase));
    e.u32(s.step as u32);
    e.u8(u8::from(s.memory.is_some()));
    e.f32(s.memory.map_or(0.0, |m| m.stability));
    e.f32(s.memory.map_or(0.0, |m| m.difficulty));
    match s.due {
        Due::New => {
            e.u8(0);
            e.i64(0);
        }
        Due::At(t) => {
            e.u8(1);
            e.i64(t);
        }
        Due::Day(d) => {
            e.u8(2);
            e.i64(i64::from(d));
        }
    }
    e.u32(s.interval);
    e.opt_i64(s.last_review);
    e.u8(s.last_rating.map_or(0, |r| r as u8));
    e.opt_i64(s.last_lapse);
    e.u32(s.reps);
    e.u32(s.lapses);
}

fn get_state(d: &mut Dec) -> Option<CardState> {
    let phase = phase_of(d.u8()?)?;
    let step = d.u32()? as usize;
    let has_memory = d.u8()? == 1;
    let (stability, difficulty) = (d.f32()?, d.f32()?);
    let due = match (d.u8()?, d.i64()?) {
        (0, _) => Due::New,
        (1, t) => Due::At(t),
        (2, day) => Due::Day(i32::try_from(day).ok()?),
        _ => return None,
    };
    Some(CardState {
        phase,
        step,
        memory: has_memory.then_some(fsrs::MemoryState {
            stability,
            difficulty,
        }),
        due,
        interval: d.u32()?,
        last_review: d.opt_i64()?,
        last_rating: match d.u8()? {
            0 => None,
            r => Some(rating_of(r)?),
        },
        last_lapse: d.opt_i64()?,
        reps: d.u32()?,
        lapses: d.u32()?,
    })
}

/// The snapshot as bytes.
pub fn encode(s: &Snapshot) -> Vec<u8> {
    encode_fields(
        s.fingerprint,
        [s.log_len, s.log_lines, s.log_hash],
        &s.history,
        &s.warnings,
    )
}

fn encode_parts(fingerprint: u64, s: &Scanned) -> Vec<u8> {
    encode_fields(
        fingerprint,
        [s.log_len, s.log_lines, s.log_hash],
        &s.history,
        &s.covered_warnings,
    )
}

fn encode_fields(fingerprint: u64, log: [u64; 3], h: &History, warnings: &[String]) -> Vec<u8> {
    let mut e = Enc(Vec::with_capacity(
        64 + h.ids.len() * 80 + h.answers.len() * 20,
    ));
    e.0.extend_from_slice(MAGIC);
    e.u64(fingerprint);
    for v in log {
        e.u64(v);
    }
    e.u32(h.ids.len() as u32);
    for (id, st) in h.ids.iter().zip(&h.states) {
        e.str(id);
        match st {
            Some(st) => {
                e.u8(1);
                put_state(&mut e, st);
            }
            None => e.u8(0),
        }
    }
    let buried: Vec<(u32, i32)> = h
        .buried
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (i as u32, d)))
        .collect();
    e.u32(buried.len() as u32);
    for (i, day) in buried {
        e.u32(i);
        e.i64(i64::from(day));
    }
    let suspended: Vec<u32> = (0..h.suspended.len() as u32)
        .filter(|&i| h.suspended[i as usize])
        .collect();
    e.u32(suspended.len() as u32);
    for i in suspended {
        e.u32(i);
    }
    e.u32(h.answers.len() as u32);
    for a in h.answers.iter() {
        e.i64(a.at);
        e.u32(a.card);
        e.u8(a.rating as u8);
        e.u8(mode_code(a.mode));
        e.u8(phase_code(a.phase));
        e.f32(a.secs);
    }
    e.u32(warnings.len() as u32);
    for w in warnings {
        e.str(w);
    }
    // A checksum of everything above: the answer records are decoded only when needed, so
    // they must be known intact when the snapshot is read.
    let sum = crate::cache::hash(&e.0);
    e.u64(sum);
    e.0
}

/// Bytes back to a snapshot; `None` for anything malformed (it is then rebuilt).
pub fn decode(bytes: Vec<u8>) -> Option<Snapshot> {
    let body_len = bytes.len().checked_sub(8)?;
    let stored = u64::from_le_bytes(bytes[body_len..].try_into().ok()?);
    if crate::cache::hash(&bytes[..body_len]) != stored {
        return None;
    }
    let mut d = Dec(&bytes[..body_len]);
    if d.take(8)? != MAGIC {
        return None;
    }
    let (fingerprint, log_len, log_lines, log_hash) = (d.u64()?, d.u64()?, d.u64()?, d.u64()?);
    let n = d.count(5)?;
    let mut h = History {
        ids: Vec::with_capacity(n),
        states: Vec::with_capacity(n),
        index: crate::cache::FastMap::with_capacity_and_hasher(n, Default::default()),
        buried: vec![None; n],
        suspended: vec![false; n],
        answers: Default::default(),
    };
    for i in 0..n {
        let id: std::sync::Arc<str> = std::sync::Arc::from(d.str()?);
        h.index.insert(std::sync::Arc::clone(&id), i as u32);
        h.ids.push(id);
        h.states.push(match d.u8()? {
            0 => None,
            1 => Some(get_state(&mut d)?),
            _ => return None,
        });
    }
    let valid = |i: u32| ((i as usize) < n).then_some(i);
    for _ in 0..d.count(12)? {
        let i = valid(d.u32()?)? as usize;
        h.buried[i] = Some(i32::try_from(d.i64()?).ok()?);
    }
    for _ in 0..d.count(4)? {
        h.suspended[valid(d.u32()?)? as usize] = true;
    }
    // Answers are fixed 19-byte records, left undecoded until something needs them.
    let n = d.count(19)?;
    let start = body_len - d.0.len();
    let records = d.take(n * 19)?;
    let last_at = records
        .rchunks_exact(19)
        .next()
        .and_then(answer_record)
        .map_or(i64::MIN, |a| a.at);
    let range = start..start + n * 19;
    let warnings = (0..d.count(4)?)
        .map(|_| d.str())
        .collect::<Option<Vec<_>>>()?;
    if !d.0.is_empty() {
        return None;
    }
    h.answers =
        crate::review::replay::Answers::from_records(std::sync::Arc::new(bytes), range, n, last_at);
    Some(Snapshot {
        fingerprint,
        log_len,
        log_lines,
        log_hash,
        history: h,
        warnings,
    })
}

/// Read a snapshot file; `None` if missing or unusable.
pub fn read(path: &Path) -> Option<Snapshot> {
    decode(std::fs::read(path).ok()?)
}

/// Write a snapshot file atomically.
pub fn write(path: &Path, s: &Snapshot) -> Result<()> {
    crate::fsutil::write_atomic(path, &encode(s))
}

/// The snapshot's path in a data directory.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(SNAPSHOT_FILE)
}

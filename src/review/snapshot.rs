//! A snapshot of the history replayed from the log, so start-up need not replay a year of
//! answers. It is only ever a cache, kept in the machine's cache directory: it records, for
//! every log file it covers (each device's and the format-1 log), how many bytes and a hash of
//! exactly those bytes, the time of the latest entry, a fingerprint of the settings and the
//! crate version, and a checksum of itself. It is used only when every file it covers still
//! starts with those bytes; what was appended since is then applied on top, unless an entry
//! arrived late (older than the snapshot's latest, as a synced file from another machine can
//! be), which replays the whole log. Deleting it is always safe.
//!
//! Proving "still starts with those bytes" by hashing them all would read the whole log on
//! every start (a gigabyte at ten million reviews). Instead each covered file's identity is
//! kept (device, inode, size, mtime and ctime) with a hash of a small window of the covered
//! bytes (the first 4 KiB, sixteen 4 KiB samples spread over them, the last 64 KiB). A file
//! that is the same file, unchanged or only grown, whose window still matches, is taken as
//! proven; anything else (another inode, a file shrunk or rewritten at the same size, whose
//! ctime moved even if its mtime was put back) falls back to hashing the covered bytes in
//! full, and a mismatch there rebuilds from the log. `kioku check --deep` does the full check.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::log::{self, FileRead, LOG_FILE, Mode, Rating, Recorded, Source};
use super::replay::{Answer, Answers, History};
use super::schedule::{CardState, Due, Phase, Scheduler};
use crate::cache::{Dec, Enc, Hasher};
use crate::error::{Error, Result};

/// Where the snapshot lives in the cache directory.
pub const SNAPSHOT_FILE: &str = "history.bin";
/// Changed whenever what a snapshot holds changes, so an older snapshot is rebuilt, never
/// misread (04: flags, extra new cards, the latest answer in any mode; cram answers; 05: the
/// file identity, window hash and hasher state of each covered file; 06: the head's length
/// after the magic, the answers after the head with a checksum of their own; 07: the card ids
/// as a table read in place, [`super::ids`]; 08: each card's state a fixed-size record).
const MAGIC: &[u8; 8] = b"KIOKUH08";
/// A new snapshot is written when this many log lines were replayed past the old one.
pub const REFRESH_AFTER: usize = 2000;
/// Bytes of one answer record.
pub(crate) const RECORD: usize = 55;

/// How much of one log file a snapshot covers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Covered {
    /// The file's stored name: `reviews/<device>.jsonl` or `reviews.jsonl`.
    pub name: String,
    pub len: u64,
    pub lines: u64,
    /// Hash of the first `len` bytes (checked in full only when the identity does not prove
    /// the file, and by `kioku check --deep`).
    pub hash: u64,
    /// The hasher's state after those bytes ([`Hasher::to_bytes`]), so the hash goes on over
    /// what is appended without reading the rest again.
    pub state: Vec<u8>,
    /// The file as it was when read, and a hash of the window of its first `len` bytes.
    pub mark: FileMark,
}

/// Which file a log was, and how it stood, when a snapshot read it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FileMark {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    /// Nanoseconds since the epoch.
    pub mtime: i64,
    pub ctime: i64,
    /// [`window`] of the covered bytes.
    pub window: u64,
}

impl FileMark {
    /// The identity from a file's metadata; `None` where the platform has no inode and ctime
    /// (every file is then proven in full).
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata, window: u64) -> Option<FileMark> {
        use std::os::unix::fs::MetadataExt;
        Some(FileMark {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.len(),
            mtime: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
            ctime: meta.ctime().saturating_mul(1_000_000_000) + meta.ctime_nsec(),
            window,
        })
    }

    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata, _: u64) -> Option<FileMark> {
        None
    }

    /// Whether `now` is this same file, unchanged since or only grown (an append moves mtime
    /// and ctime; a rewrite at the same size or shorter is not an append).
    fn unchanged_or_grown(&self, now: &FileMark) -> bool {
        let same_file = self.dev == now.dev && self.ino == now.ino && self.ino != 0;
        let unchanged = now.size == self.size && now.mtime == self.mtime && now.ctime == self.ctime;
        same_file && (unchanged || now.size > self.size)
    }
}

/// A hash of a small window of a file's first `len` bytes: the length, the first 4 KiB,
/// sixteen 4 KiB blocks spread evenly over them and the last 64 KiB. `None` if the file is
/// shorter than `len`.
pub fn window(file: &std::fs::File, len: u64) -> std::io::Result<Option<u64>> {
    const BLOCK: u64 = 4096;
    const LAST: u64 = 64 * 1024;
    let mut hasher = Hasher::new();
    hasher.update(&len.to_le_bytes());
    let mut spans: Vec<(u64, u64)> = vec![(0, BLOCK.min(len))];
    for k in 1..=16u64 {
        let at = len / 17 * k;
        spans.push((at, BLOCK.min(len - at)));
    }
    spans.push((len.saturating_sub(LAST), LAST.min(len)));
    let mut buf = vec![0u8; LAST as usize];
    let mut f = file;
    for (at, n) in spans {
        f.seek(SeekFrom::Start(at))?;
        let chunk = &mut buf[..n as usize];
        match f.read_exact(chunk) {
            Ok(()) => hasher.update(chunk),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
    }
    Ok(Some(hasher.finish()))
}

/// The history as of the covered part of every log file.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub fingerprint: u64,
    pub sources: Vec<Covered>,
    /// Time of the latest entry applied (`i64::MIN` for none).
    pub last_at: i64,
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
    /// Log files whose covered part had to be hashed in full (their identity or window did
    /// not prove them).
    pub hashed_in_full: usize,
}

/// The settings that change what replay computes, and the crate version.
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

/// Where reading one file starts: after the snapshot's part of it, or at the beginning.
struct Start {
    offset: u64,
    lines: u64,
    hasher: Hasher,
    /// The snapshot's window of the covered bytes, when it still holds for the file.
    window: Option<u64>,
    /// The file was proven by hashing it in full: its new identity is worth writing down.
    remark: bool,
}

/// One file read from its start point on.
struct Tail {
    source: Source,
    read: FileRead,
    covered: Covered,
}

/// Load the history from the log files in `data_dir`, through the snapshot in `cache_dir` when
/// it proves itself against every file, and refresh the snapshot when much was replayed past
/// it. A snapshot that cannot be written is only a slower next start.
pub fn load_history(data_dir: &Path, cache_dir: &Path, sched: &Scheduler) -> Result<Loaded> {
    load_history_with(data_dir, cache_dir, sched, false)
}

/// [`load_history`], a refreshed snapshot written on a thread of its own
/// ([`crate::fsutil::write_atomic_later`]) when `later`: start-up goes on meanwhile.
pub(crate) fn load_history_with(
    data_dir: &Path,
    cache_dir: &Path,
    sched: &Scheduler,
    later: bool,
) -> Result<Loaded> {
    // A snapshot this process is still writing is read once written.
    crate::fsutil::finish_writes();
    let sources = log::sources(data_dir)?;
    let snap_path = cache_dir.join(SNAPSHOT_FILE);
    let fp = fingerprint(sched);
    // The header says which files the snapshot covers: prove it against them on one thread
    // while the snapshot itself is read and checked on the other.
    let mut hashed_in_full = 0;
    let proven = match read_header(&snap_path).filter(|h| h.0 == fp) {
        None => None,
        Some((_, covered)) => {
            let (snap, starts) = rayon::join(
                || read_lazy(&snap_path, data_dir, sched),
                || prove(&covered, &sources),
            );
            let starts = starts?;
            if let Some(s) = &starts {
                hashed_in_full = s.iter().filter(|s| s.remark).count();
            }
            match (snap, starts) {
                (Some(s), Some(starts)) if s.fingerprint == fp && s.sources == covered => {
                    Some((s, starts))
                }
                _ => None,
            }
        }
    };
    let mut used = false;
    let mut out = None;
    if let Some((snap, starts)) = proven {
        let tails = read_tails(&sources, starts)?;
        // An entry older than the snapshot's latest (or a line added to the format-1 log)
        // cannot simply go on top: replay everything instead.
        let late = tails.iter().any(|t| {
            (t.source.name == LOG_FILE && !t.read.entries.is_empty())
                || t.read.entries.iter().any(|(_, e)| e.at <= snap.last_at)
        });
        if !late {
            used = true;
            out = Some(apply_tails(snap, tails, sched));
        }
    }
    let scanned = match out {
        Some(s) => s,
        None => {
            let starts = sources.iter().map(|_| fresh()).collect();
            let tails = read_tails(&sources, starts)?;
            let empty = Snapshot {
                fingerprint: fp,
                sources: vec![],
                last_at: i64::MIN,
                history: History::default(),
                warnings: vec![],
            };
            apply_tails(empty, tails, sched)
        }
    };
    let (mut snapshot, replayed, warnings) = scanned;
    if replayed >= REFRESH_AFTER || (!used && replayed > 0) || (used && hashed_in_full > 0) {
        if later {
            // Encoded and written while start-up goes on, from a copy of the history but for
            // its answers, which the writer is handed without a copy (Answers::for_writer).
            let answers = snapshot.history.answers.for_writer();
            let copy = snapshot.clone();
            crate::fsutil::write_atomic_later(snap_path, move || {
                let all = answers();
                encode_with(&copy, all.len(), || all.iter())
            });
        } else {
            let _ = crate::fsutil::write_atomic(&snap_path, &encode(&snapshot));
        }
    }
    Ok(Loaded {
        history: snapshot.history,
        warnings,
        replayed,
        used_snapshot: used,
        hashed_in_full,
    })
}

fn fresh() -> Start {
    Start {
        offset: 0,
        lines: 0,
        hasher: Hasher::new(),
        window: None,
        remark: false,
    }
}

/// The fingerprint and the covered files, from the start of a snapshot file (read and checked
/// in full later).
fn read_header(path: &Path) -> Option<(u64, Vec<Covered>)> {
    let mut head = Vec::with_capacity(1 << 16);
    std::fs::File::open(path)
        .ok()?
        .take(1 << 20)
        .read_to_end(&mut head)
        .ok()?;
    let mut d = Dec(&head);
    if d.take(8)? != MAGIC {
        return None;
    }
    d.u64()?;
    let fp = d.u64()?;
    let covered = get_sources(&mut d)?;
    Some((fp, covered))
}

fn get_sources(d: &mut Dec) -> Option<Vec<Covered>> {
    let mut out = Vec::new();
    for _ in 0..d.count(28 + Hasher::STATE + 48)? {
        out.push(Covered {
            name: d.str()?,
            len: d.u64()?,
            lines: d.u64()?,
            hash: d.u64()?,
            state: d.take(Hasher::STATE)?.to_vec(),
            mark: FileMark {
                dev: d.u64()?,
                ino: d.u64()?,
                size: d.u64()?,
                mtime: d.i64()?,
                ctime: d.i64()?,
                window: d.u64()?,
            },
        });
    }
    Some(out)
}

fn put_sources(e: &mut Enc, sources: &[Covered]) {
    e.u32(sources.len() as u32);
    for c in sources {
        e.str(&c.name);
        e.u64(c.len);
        e.u64(c.lines);
        e.u64(c.hash);
        let mut state = c.state.clone();
        state.resize(Hasher::STATE, 0);
        e.0.extend_from_slice(&state);
        let m = &c.mark;
        e.u64(m.dev);
        e.u64(m.ino);
        e.u64(m.size);
        e.i64(m.mtime);
        e.i64(m.ctime);
        e.u64(m.window);
    }
}

/// Check the covered parts against every file (in parallel); `None` if any file is gone or no
/// longer starts with the covered bytes. Else where to go on reading each source.
fn prove(covered: &[Covered], sources: &[Source]) -> Result<Option<Vec<Start>>> {
    if covered
        .iter()
        .any(|c| !sources.iter().any(|src| src.name == c.name))
    {
        return Ok(None);
    }
    let starts: Vec<Option<Start>> = sources
        .par_iter()
        .map(|src| match covered.iter().find(|c| c.name == src.name) {
            None => Ok(Some(fresh())),
            Some(c) => prove_one(&src.path, c),
        })
        .collect::<Result<_>>()?;
    Ok(starts.into_iter().collect())
}

/// One covered file: by its identity and window when it is the same file only grown, else by
/// hashing the covered bytes in full.
fn prove_one(path: &Path, c: &Covered) -> Result<Option<Start>> {
    let io = |e: std::io::Error| Error::Io {
        path: path.into(),
        source: e,
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let meta = file.metadata().map_err(io)?;
    if let Some(saved) = Hasher::from_bytes(&c.state)
        && FileMark::of(&meta, 0).is_some_and(|now| c.mark.unchanged_or_grown(&now))
        && window(&file, c.len).map_err(io)? == Some(c.mark.window)
    {
        return Ok(Some(Start {
            offset: c.len,
            lines: c.lines,
            hasher: saved,
            window: Some(c.mark.window),
            remark: false,
        }));
    }
    Ok(hash_prefix(path, c.len)?
        .filter(|h| h.clone().finish() == c.hash)
        .map(|hasher| Start {
            offset: c.len,
            lines: c.lines,
            hasher,
            window: None,
            remark: true,
        }))
}

/// Read every source from its start point on.
fn read_tails(sources: &[Source], starts: Vec<Start>) -> Result<Vec<Tail>> {
    sources
        .par_iter()
        .zip(starts)
        .map(|(src, start)| {
            let io = |e: std::io::Error| Error::Io {
                path: src.path.clone(),
                source: e,
            };
            let mut bytes = Vec::new();
            let mut file = None;
            match std::fs::File::open(&src.path) {
                Ok(mut f) => {
                    // The identity is taken before reading: a write after it moves the
                    // size or the ctime, so the next start does not take it as proven.
                    let meta = f.metadata().map_err(io)?;
                    f.seek(SeekFrom::Start(start.offset)).map_err(io)?;
                    f.read_to_end(&mut bytes).map_err(io)?;
                    file = Some((f, meta));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(e)),
            }
            let name = crate::fsutil::display(&src.path);
            let read = log::parse_file(&bytes, &name, start.lines);
            let mut hasher = start.hasher;
            hasher.update(&bytes[..read.covered as usize]);
            let len = start.offset + read.covered;
            let mark = match &file {
                None => None,
                Some((f, meta)) => {
                    let window = match start.window {
                        Some(w) if read.covered == 0 => Some(w),
                        _ => window(f, len).map_err(io)?,
                    };
                    window.and_then(|w| FileMark::of(meta, w))
                }
            };
            let covered = Covered {
                name: src.name.clone(),
                len,
                lines: start.lines + read.lines,
                hash: hasher.clone().finish(),
                state: hasher.to_bytes(),
                // No identity (a file gone, or a platform without inodes): proven in full.
                mark: mark.unwrap_or_default(),
            };
            Ok(Tail {
                source: src.clone(),
                read,
                covered,
            })
        })
        .collect()
}

/// Apply what was read past the snapshot, merged in time order; the new snapshot, how many
/// entries were applied, and every warning to show.
fn apply_tails(
    mut s: Snapshot,
    tails: Vec<Tail>,
    sched: &Scheduler,
) -> (Snapshot, usize, Vec<String>) {
    let mut warnings = s.warnings.clone();
    let mut covered_warnings = s.warnings;
    let mut sources = Vec::new();
    let mut files = Vec::new();
    for t in tails {
        for w in &t.read.warnings {
            if !w.contains("the last line is incomplete") {
                covered_warnings.push(w.clone());
            }
        }
        sources.push(t.covered);
        files.push((t.source.name, t.read));
    }
    let merged = log::merge(files);
    warnings.extend(merged.warnings);
    s.history.apply_all(&merged.entries, sched);
    s.last_at = merged
        .entries
        .iter()
        .map(|e| e.at)
        .fold(s.last_at, i64::max);
    dedup(&mut warnings);
    dedup(&mut covered_warnings);
    s.sources = sources;
    s.warnings = covered_warnings;
    let applied = merged.entries.len();
    // Freeing a million entries (two strings each) one by one takes longer than the replay's
    // last steps; nothing waits for it, so a long log's are freed on a thread of their own.
    let entries = merged.entries;
    if entries.len() >= 1 << 16 {
        let _ = std::thread::Builder::new()
            .name("kioku-free".into())
            .spawn(move || drop(entries));
    }
    (s, applied, warnings)
}

/// Drop repeated warnings (a file's "newer kioku" note may come from both the snapshot and
/// what was read past it), keeping the first.
fn dedup(w: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    w.retain(|x| seen.insert(x.clone()));
}

/// The hasher state after the file's first `len` bytes, or `None` if the file is shorter.
fn hash_prefix(path: &Path, len: u64) -> Result<Option<Hasher>> {
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

/// One answer record (`RECORD` bytes).
pub(crate) fn answer_record(r: &[u8]) -> Option<Answer> {
    let mut d = Dec(r);
    let at = d.i64()?;
    let card = d.u32()?;
    let rating = rating_of(d.u8()?)?;
    let mode = mode_of(d.u8()?)?;
    let phase = phase_of(d.u8()?)?;
    let secs = d.f32()?;
    let id = d.u64()?;
    let has_after = d.u8()?;
    let after_phase = phase_of(d.u8()?)?;
    let step = d.u32()?;
    let has_memory = d.u8()? == 1;
    let (stability, difficulty) = (d.f32()?, d.f32()?);
    let due = get_due(&mut d)?;
    let interval = d.u32()?;
    Some(Answer {
        at,
        card,
        rating,
        mode,
        phase,
        secs,
        id,
        after: (has_after == 1).then_some(Recorded {
            phase: after_phase,
            step,
            memory: has_memory.then_some(fsrs::MemoryState {
                stability,
                difficulty,
            }),
            due,
            interval,
        }),
    })
}

fn put_answer(e: &mut Enc, a: &Answer) {
    e.i64(a.at);
    e.u32(a.card);
    e.u8(a.rating as u8);
    e.u8(mode_code(a.mode));
    e.u8(phase_code(a.phase));
    e.f32(a.secs);
    e.u64(a.id);
    let r = a.after.unwrap_or(Recorded {
        phase: Phase::New,
        step: 0,
        memory: None,
        due: Due::New,
        interval: 0,
    });
    e.u8(u8::from(a.after.is_some()));
    e.u8(phase_code(r.phase));
    e.u32(r.step);
    e.u8(u8::from(r.memory.is_some()));
    e.f32(r.memory.map_or(0.0, |m| m.stability));
    e.f32(r.memory.map_or(0.0, |m| m.difficulty));
    put_due(e, r.due);
    e.u32(r.interval);
}

fn put_due(e: &mut Enc, due: Due) {
    match due {
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
}

fn get_due(d: &mut Dec) -> Option<Due> {
    Some(match (d.u8()?, d.i64()?) {
        (0, _) => Due::New,
        (1, t) => Due::At(t),
        (2, day) => Due::Day(i32::try_from(day).ok()?),
        _ => return None,
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
        Mode::Cram => 3,
    }
}

fn mode_of(c: u8) -> Option<Mode> {
    [Mode::Flip, Mode::Type, Mode::Choice, Mode::Cram]
        .get(c as usize)
        .copied()
}

fn put_state(e: &mut Enc, s: &CardState) {
    e.u8(phase_code(s.phase));
    e.u32(s.step as u32);
    e.u8(u8::from(s.memory.is_some()));
    e.f32(s.memory.map_or(0.0, |m| m.stability));
    e.f32(s.memory.map_or(0.0, |m| m.difficulty));
    put_due(e, s.due);
    e.u32(s.interval);
    e.opt_i64(s.last_review);
    e.u8(s.last_rating.map_or(0, |r| r as u8));
    e.opt_i64(s.last_lapse);
    e.u32(s.reps);
    e.u32(s.lapses);
}

/// Bytes of one card's state record: whether it has one (1) or not (0, then zeros), then
/// [`put_state`]'s fields.
const STATE: usize = 55;

/// A state record read by fixed offsets, as [`put_state`] laid it out (no per-field
/// length checks: start-up reads one per card).
fn state_record(r: &[u8]) -> Option<Option<CardState>> {
    let r: &[u8; STATE] = r.try_into().ok()?;
    let u32_at = |k: usize| u32::from_le_bytes([r[k], r[k + 1], r[k + 2], r[k + 3]]);
    let i64_at = |k: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&r[k..k + 8]);
        i64::from_le_bytes(b)
    };
    let opt_at = |k: usize| (r[k] == 1).then(|| i64_at(k + 1));
    match r[0] {
        0 => return Some(None),
        1 => {}
        _ => return None,
    }
    let due = match r[15] {
        0 => Due::New,
        1 => Due::At(i64_at(16)),
        2 => Due::Day(i32::try_from(i64_at(16)).ok()?),
        _ => return None,
    };
    Some(Some(CardState {
        phase: phase_of(r[1])?,
        step: u32_at(2) as usize,
        memory: (r[6] == 1).then(|| fsrs::MemoryState {
            stability: f32::from_bits(u32_at(7)),
            difficulty: f32::from_bits(u32_at(11)),
        }),
        due,
        interval: u32_at(24),
        last_review: opt_at(28),
        last_rating: match r[37] {
            0 => None,
            k => Some(rating_of(k)?),
        },
        last_lapse: opt_at(38),
        reps: u32_at(47),
        lapses: u32_at(51),
    }))
}

/// The snapshot as bytes.
pub fn encode(s: &Snapshot) -> Vec<u8> {
    let answers = &s.history.answers;
    encode_with(s, answers.len(), || answers.iter())
}

/// [`encode`] with the history's answers given apart (`count` of them): its own may be
/// left to be restored.
fn encode_with<'a, I: DoubleEndedIterator<Item = &'a Answer>>(
    s: &Snapshot,
    count: usize,
    answers: impl Fn() -> I,
) -> Vec<u8> {
    let h = &s.history;
    let mut e = Enc(Vec::with_capacity(
        64 + h.ids.len() * 80 + count * (RECORD + 1),
    ));
    e.0.extend_from_slice(MAGIC);
    // The head's length, filled in below: start-up reads the head and leaves the answers.
    e.u64(0);
    e.u64(s.fingerprint);
    put_sources(&mut e, &s.sources);
    e.i64(s.last_at);
    // The ids as a table read in place, then each card's state.
    h.ids.put(&mut e);
    for st in &h.states {
        match st {
            Some(st) => {
                e.u8(1);
                put_state(&mut e, st);
            }
            None => e.0.extend_from_slice(&[0; STATE]),
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
    let last: Vec<(u32, (i64, Rating))> = h
        .last
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.map(|l| (i as u32, l)))
        .collect();
    e.u32(last.len() as u32);
    for (i, (at, rating)) in last {
        e.u32(i);
        e.i64(at);
        e.u8(rating as u8);
    }
    e.u32(h.flags.len() as u32);
    for (&i, f) in &h.flags {
        e.u32(i);
        e.i64(f.at);
        match &f.note {
            Some(n) => {
                e.u8(1);
                e.str(n);
            }
            None => e.u8(0),
        }
    }
    e.u32(h.extra_new.len() as u32);
    for (&day, &n) in &h.extra_new {
        e.i64(i64::from(day));
        e.u32(n);
    }
    e.u32(count as u32);
    e.i64(answers().next_back().map_or(i64::MIN, |a| a.at));
    e.u32(s.warnings.len() as u32);
    for w in &s.warnings {
        e.str(w);
    }
    let head_len = e.0.len() as u64 + 8;
    e.0[8..16].copy_from_slice(&head_len.to_le_bytes());
    let sum = crate::cache::hash(&e.0);
    e.u64(sum);
    // The answers, fixed-size records with a checksum of their own, checked when they are
    // read (only when something needs them).
    let start = e.0.len();
    for a in answers() {
        put_answer(&mut e, a);
    }
    let sum = crate::cache::hash(&e.0[start..]);
    e.u64(sum);
    e.0
}

/// A snapshot without its answers, and how many there are and the time of the latest.
struct Head {
    snapshot: Snapshot,
    answers: usize,
    last_answer: i64,
}

/// The head's length from the first 16 bytes of a snapshot file.
fn head_len(first: &[u8]) -> Option<usize> {
    if first.len() < 16 || &first[..8] != MAGIC {
        return None;
    }
    usize::try_from(u64::from_le_bytes(first[8..16].try_into().ok()?)).ok()
}

/// The records' checksum is the 8 bytes after them.
fn records_intact(records_and_sum: &[u8]) -> bool {
    let Some(n) = records_and_sum.len().checked_sub(8) else {
        return false;
    };
    let stored = u64::from_le_bytes(records_and_sum[n..].try_into().expect("8 bytes"));
    crate::cache::hash(&records_and_sum[..n]) == stored
}

fn decode_records(records: &[u8]) -> Vec<Answer> {
    records
        .chunks_exact(RECORD)
        .filter_map(answer_record)
        .collect()
}

/// Where the id table ends in a snapshot, from a prefix of it holding at least the table's
/// first words (`None` if the prefix is too short or not a snapshot's).
fn ids_end(prefix: &[u8]) -> Option<usize> {
    let mut d = Dec(prefix.get(16..)?);
    d.u64()?;
    get_sources(&mut d)?;
    d.i64()?;
    let at = prefix.len() - d.0.len();
    at.checked_add(super::ids::Ids::stored_len(&mut d)?)
}

/// A snapshot's head (its checksum included) back to the snapshot without its answers. The
/// head is `a[..a_end]` followed by `b`: either `b` is empty, or `a[..a_end]` ends where the id
/// table does, so that the table can stay in `a`, read in place, while the rest (in `b`, the
/// per-card states chiefly) is freed once decoded.
fn decode_head(a: &std::sync::Arc<Vec<u8>>, a_end: usize, b: &[u8]) -> Option<Head> {
    let head_a = a.get(..a_end)?;
    let body_len = head_len(head_a)?.checked_sub(8)?;
    if a_end.checked_add(b.len())? != body_len + 8 {
        return None;
    }
    let (stored, a_body, b_body) = if b.is_empty() {
        (&head_a[body_len..], &head_a[..body_len], &b[..0])
    } else {
        let n = b.len().checked_sub(8)?;
        (&b[n..], head_a, &b[..n])
    };
    let stored = u64::from_le_bytes(stored.try_into().ok()?);
    let mut hasher = Hasher::new();
    hasher.update(a_body);
    hasher.update(b_body);
    if hasher.finish() != stored {
        return None;
    }
    let mut d = Dec(a_body.get(16..)?);
    let fingerprint = d.u64()?;
    let sources = get_sources(&mut d)?;
    let last_at = d.i64()?;
    let ids = super::ids::Ids::parse(&mut d, a)?;
    if !b.is_empty() {
        if !d.0.is_empty() {
            return None;
        }
        d = Dec(b_body);
    }
    let n = ids.len();
    if n > d.0.len() {
        return None;
    }
    let mut h = History {
        ids,
        states: Vec::with_capacity(n),
        buried: vec![None; n],
        suspended: vec![false; n],
        last: vec![None; n],
        flags: Default::default(),
        extra_new: Default::default(),
        answers: Default::default(),
    };
    for r in d.take(n.checked_mul(STATE)?)?.chunks_exact(STATE) {
        h.states.push(state_record(r)?);
    }
    let valid = |i: u32| ((i as usize) < n).then_some(i);
    for _ in 0..d.count(12)? {
        let i = valid(d.u32()?)? as usize;
        h.buried[i] = Some(i32::try_from(d.i64()?).ok()?);
    }
    for _ in 0..d.count(4)? {
        h.suspended[valid(d.u32()?)? as usize] = true;
    }
    for _ in 0..d.count(13)? {
        let i = valid(d.u32()?)? as usize;
        h.last[i] = Some((d.i64()?, rating_of(d.u8()?)?));
    }
    for _ in 0..d.count(13)? {
        let i = valid(d.u32()?)?;
        let at = d.i64()?;
        let note = match d.u8()? {
            0 => None,
            1 => Some(d.str()?),
            _ => return None,
        };
        h.flags
            .insert(i, crate::review::replay::FlagInfo { at, note });
    }
    for _ in 0..d.count(12)? {
        let day = i32::try_from(d.i64()?).ok()?;
        h.extra_new.insert(day, d.u32()?);
    }
    let answers = d.u32()? as usize;
    let last_answer = d.i64()?;
    let warnings = (0..d.count(4)?)
        .map(|_| d.str())
        .collect::<Option<Vec<_>>>()?;
    if !d.0.is_empty() {
        return None;
    }
    Some(Head {
        snapshot: Snapshot {
            fingerprint,
            sources,
            last_at,
            history: h,
            warnings,
        },
        answers,
        last_answer,
    })
}

/// Bytes back to a snapshot, every checksum checked; `None` for anything malformed (it is
/// then rebuilt).
pub fn decode(bytes: Vec<u8>) -> Option<Snapshot> {
    let len = head_len(&bytes)?;
    let bytes = std::sync::Arc::new(bytes);
    let head = decode_head(&bytes, len, &[])?;
    let rest = &bytes[len..];
    if rest.len() != head.answers.checked_mul(RECORD)?.checked_add(8)? || !records_intact(rest) {
        return None;
    }
    let end = bytes.len() - 8;
    let restore = move || decode_records(&bytes[len..end]);
    let mut s = head.snapshot;
    s.history.answers =
        Answers::restored(std::sync::Arc::new(restore), head.answers, head.last_answer);
    Some(s)
}

/// A snapshot file read as far as start-up needs: the head, checked by its checksum. The
/// answers stay in the file (held open, so a newer snapshot written over it does not change
/// them) until something needs them; they are then checked by their own checksum, and if
/// they do not match they are made again by replaying the log files the snapshot covers.
fn read_lazy(path: &Path, data_dir: &Path, sched: &Scheduler) -> Option<Snapshot> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut first = [0u8; 16];
    file.read_exact(&mut first).ok()?;
    let len = head_len(&first)?;
    let size = file.metadata().ok()?.len();
    // Read into spare capacity: no pass zeroing the buffer first. The head in two pieces,
    // split where the id table ends: the table stays in the first (read in place, not
    // copied), the second is freed once decoded (at 1M cards, ~25 MB less memory touched and
    // ~65 MB less held than keeping the whole head).
    let want = len.max(16);
    let mut a = Vec::with_capacity(want.min(1 << 16));
    a.extend_from_slice(&first);
    (&mut file)
        .take((want.min(1 << 16) - 16) as u64)
        .read_to_end(&mut a)
        .ok()?;
    let split = ids_end(&a)
        .filter(|&k| k.checked_add(8).is_some_and(|e| e <= want))
        .unwrap_or(want);
    let mut b = if split <= a.len() {
        a.split_off(split)
    } else {
        a.reserve_exact(split - a.len());
        (&mut file)
            .take((split - a.len()) as u64)
            .read_to_end(&mut a)
            .ok()?;
        if a.len() != split {
            return None;
        }
        Vec::with_capacity(want - split)
    };
    (&mut file)
        .take((want - split).saturating_sub(b.len()) as u64)
        .read_to_end(&mut b)
        .ok()?;
    if a.len() + b.len() != want {
        return None;
    }
    let a_end = a.len();
    let head = decode_head(&std::sync::Arc::new(a), a_end, &b)?;
    drop(b);
    let records = head.answers.checked_mul(RECORD)?;
    if size != (len + records + 8) as u64 {
        return None;
    }
    let file = std::sync::Mutex::new(file);
    let covered = head.snapshot.sources.clone();
    let (data_dir, sched) = (data_dir.to_path_buf(), sched.clone());
    let restore = move || {
        let mut bytes = vec![0u8; records + 8];
        let read = file.lock().ok().and_then(|mut f| {
            f.seek(SeekFrom::Start(len as u64)).ok()?;
            f.read_exact(&mut bytes).ok()
        });
        if read.is_some() && records_intact(&bytes) {
            decode_records(&bytes[..records])
        } else {
            replay_covered(&data_dir, &covered, &sched)
        }
    };
    let mut s = head.snapshot;
    s.history.answers =
        Answers::restored(std::sync::Arc::new(restore), head.answers, head.last_answer);
    Some(s)
}

/// The answers of a replay of exactly the bytes a snapshot covers: what its own records
/// hold, for when those are damaged.
fn replay_covered(data_dir: &Path, covered: &[Covered], sched: &Scheduler) -> Vec<Answer> {
    let files = covered
        .iter()
        .map(|c| {
            let path = data_dir.join(&c.name);
            let mut bytes = Vec::new();
            if let Ok(f) = std::fs::File::open(&path) {
                let _ = f.take(c.len).read_to_end(&mut bytes);
            }
            let read = log::parse_file(&bytes, &crate::fsutil::display(&path), 0);
            (c.name.clone(), read)
        })
        .collect();
    let merged = log::merge(files);
    let mut h = History::default();
    for e in &merged.entries {
        h.apply(e, sched);
    }
    h.answers.iter().copied().collect()
}

/// Read a snapshot file; `None` if missing or unusable.
pub fn read(path: &Path) -> Option<Snapshot> {
    decode(std::fs::read(path).ok()?)
}

/// Write a snapshot file atomically.
pub fn write(path: &Path, s: &Snapshot) -> Result<()> {
    crate::fsutil::write_atomic(path, &encode(s))
}

/// The snapshot's path in a cache directory.
pub fn path(cache_dir: &Path) -> PathBuf {
    cache_dir.join(SNAPSHOT_FILE)
}

/// What `kioku check --deep` found of the history snapshot.
#[derive(Debug, PartialEq)]
pub enum Deep {
    /// There is none (or none this version can read): nothing to prove.
    NoSnapshot,
    /// Every covered byte hashed and matched.
    Matches { files: usize, bytes: u64 },
    /// These files no longer start with what the snapshot covers: it was removed, and the
    /// next start replays the log.
    Removed { files: Vec<String> },
}

/// Hash every byte the snapshot covers and compare, rather than trusting the identity and
/// window; a snapshot that does not match is removed.
pub fn check_deep(data_dir: &Path, cache_dir: &Path) -> Result<Deep> {
    crate::fsutil::finish_writes();
    let snap_path = path(cache_dir);
    let Some((_, covered)) = read_header(&snap_path) else {
        return Ok(Deep::NoSnapshot);
    };
    let sources = log::sources(data_dir)?;
    let mut bad = Vec::new();
    let mut bytes = 0;
    for c in &covered {
        let ok = match sources.iter().find(|s| s.name == c.name) {
            None => false,
            Some(src) => hash_prefix(&src.path, c.len)?.is_some_and(|h| h.finish() == c.hash),
        };
        bytes += c.len;
        if !ok {
            bad.push(c.name.clone());
        }
    }
    if bad.is_empty() {
        return Ok(Deep::Matches {
            files: covered.len(),
            bytes,
        });
    }
    std::fs::remove_file(&snap_path).map_err(|e| Error::Io {
        path: snap_path.clone(),
        source: e,
    })?;
    Ok(Deep::Removed { files: bad })
}

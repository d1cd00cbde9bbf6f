//! The review log: the single source of truth for progress.
//!
//! Append-only JSON Lines, one entry per line, format version [`FORMAT`]. Every entry has a
//! unique id; an undo names the entry it takes back. Each machine appends only to its own file,
//! `reviews/<device>.jsonl` in the data directory, so a data directory synced by git, Syncthing
//! or a network share never has two writers on one file across machines; reading merges every
//! device's file (and a `reviews.jsonl` from before format 2, read as it is, never rewritten)
//! in time order, ties broken by file name and line, and counts an entry seen twice once.
//!
//! Each append takes an exclusive lock, checks that the file at the path is still the one open
//! (a backup restore or a sync tool may have replaced it), writes the whole line with one
//! write, fsyncs, and only then returns, so a review is on disk before the next card is shown.
//! A write or fsync that fails is cut off again: the file goes back to its length before the
//! append, so an answer reported as not saved never counts. A torn last line (kill -9, power
//! loss) is skipped with a warning, and so is a damaged line in the middle, with its line
//! number. Fields and events from a newer kioku are skipped with one warning per file.

use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::schedule::{CardState, Due, Phase};
use crate::error::{Error, Result};

/// The log format this kioku writes. Lines without a version are format 1 (one shared file).
pub const FORMAT: u32 = 2;
/// The single log of format 1, in the data directory; read, never written.
pub const LOG_FILE: &str = "reviews.jsonl";
/// The folder of per-device logs in the data directory.
pub const LOG_DIR: &str = "reviews";

/// How the user judged their recall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

/// How the card was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Flip,
    Type,
    Choice,
    /// Studied outside the schedule (custom study "cram"): the answer counts for the missed
    /// queue and stats but changes no due date, like an Anki filtered deck without
    /// rescheduling.
    Cram,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::Flip, Mode::Type, Mode::Choice, Mode::Cram];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Flip => "flip",
            Mode::Type => "type",
            Mode::Choice => "choice",
            Mode::Cram => "cram",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether an answer in this mode moves the card's schedule.
    pub fn schedules(self) -> bool {
        self != Mode::Cram
    }
}

/// What the answering machine scheduled, recorded with the answer so that every machine
/// replaying the log gets the same due dates, whatever its own settings or FSRS parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Recorded {
    pub phase: Phase,
    pub step: u32,
    pub memory: Option<fsrs::MemoryState>,
    pub due: Due,
    pub interval: u32,
}

impl Recorded {
    pub fn of(s: &CardState) -> Recorded {
        Recorded {
            phase: s.phase,
            step: s.step as u32,
            memory: s.memory,
            due: s.due,
            interval: s.interval,
        }
    }
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Unique across machines; undo names it. Format-1 lines get one made from their content.
    pub id: String,
    /// Unix time in milliseconds.
    pub at: i64,
    pub event: Event,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A card was answered. `secs`: time spent on the card. `after`: the schedule chosen
    /// (absent in format-1 lines: replay then schedules with the local settings).
    Answer {
        card: String,
        rating: Rating,
        secs: f32,
        mode: Mode,
        after: Option<Recorded>,
    },
    /// Takes back the answer with id `entry`; without one (format 1), the latest answer not
    /// yet undone.
    Undo {
        entry: Option<String>,
    },
    /// Hidden until the next day starts.
    Bury {
        card: String,
    },
    Suspend {
        card: String,
    },
    Unsuspend {
        card: String,
    },
    /// Marked for attention (a wrong or unclear card), with an optional note of why.
    Flag {
        card: String,
        note: Option<String>,
    },
    Unflag {
        card: String,
    },
    /// Takes back a bury: the card is studied today after all.
    Unbury {
        card: String,
    },
    /// `n` more new cards for the scheduler day of the entry's `at`; several add up.
    MoreNew {
        n: u32,
    },
}

/// A new entry id: 64 random bits in hex. Random rather than counted, so two processes or two
/// machines never mint the same one without talking to each other.
pub fn fresh_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// The entry id of a format-1 line: a hash of its bytes (`h`), and how many identical lines
/// came before it in the file (`n`), so the same line read twice gets the same id.
fn legacy_id(h: u64, n: u32) -> String {
    if n == 0 {
        format!("v1-{h:016x}")
    } else {
        format!("v1-{h:016x}-{n}")
    }
}

// The line as stored: flat, so every line reads on its own. Declared twice, strict and lenient:
// strict first (fast, and any unknown field shows), lenient for lines from a newer kioku.
macro_rules! line_structs {
    ($line:ident, $after:ident $(, #[$m:meta])?) => {
        #[derive(Serialize, Deserialize)]
        $(#[$m])?
        struct $line<'a> {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            v: Option<u32>,
            #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
            id: Option<Cow<'a, str>>,
            at: i64,
            #[serde(borrow)]
            event: Cow<'a, str>,
            #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
            card: Option<Cow<'a, str>>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            rating: Option<Rating>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            secs: Option<f32>,
            /// By name, so that a mode from a newer kioku is skipped, not damage.
            #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
            mode: Option<Cow<'a, str>>,
            /// For an undo: the id of the entry taken back.
            #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
            undo: Option<Cow<'a, str>>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            after: Option<$after>,
            /// For a flag: why.
            #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
            note: Option<Cow<'a, str>>,
            /// For more-new: how many.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            n: Option<u32>,
        }

        #[derive(Serialize, Deserialize)]
        $(#[$m])?
        struct $after {
            phase: PhaseName,
            #[serde(default, skip_serializing_if = "is_zero")]
            step: u32,
            /// FSRS stability and difficulty.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            s: Option<f32>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            d: Option<f32>,
            /// Due at this instant (learning steps), Unix ms.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            due_at: Option<i64>,
            /// Due from this local date on (review), as days since 1970-01-01.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            due_day: Option<i32>,
            #[serde(default, skip_serializing_if = "is_zero")]
            ivl: u32,
        }

        impl From<&$after> for Recorded {
            fn from(a: &$after) -> Recorded {
                Recorded {
                    phase: a.phase.0,
                    step: a.step,
                    memory: match (a.s, a.d) {
                        (Some(stability), Some(difficulty)) => Some(fsrs::MemoryState {
                            stability,
                            difficulty,
                        }),
                        _ => None,
                    },
                    due: match (a.due_at, a.due_day) {
                        (Some(t), _) => Due::At(t),
                        (None, Some(d)) => Due::Day(d),
                        (None, None) => Due::New,
                    },
                    interval: a.ivl,
                }
            }
        }

        impl<'a> $line<'a> {
            fn into_parsed(self, legacy: (u64, u32)) -> std::result::Result<Parsed, String> {
                let card = || {
                    self.card
                        .clone()
                        .map(|c| c.into_owned())
                        .ok_or_else(|| format!("a {} event needs a card", self.event))
                };
                let newer = self.v.is_some_and(|v| v > 1);
                let event = match &*self.event {
                    "review" => Event::Answer {
                        card: card()?,
                        rating: self.rating.ok_or("a review needs a rating")?,
                        secs: self.secs.unwrap_or(0.0),
                        mode: match self.mode.as_deref() {
                            None => Mode::Flip,
                            Some(m) => match Mode::parse(m) {
                                Some(m) => m,
                                None if newer => return Ok(Parsed::Unknown),
                                None => return Err(format!("unknown mode `{m}`")),
                            },
                        },
                        after: self.after.as_ref().map(Recorded::from),
                    },
                    "undo" => Event::Undo {
                        entry: self.undo.clone().map(Cow::into_owned),
                    },
                    "bury" => Event::Bury { card: card()? },
                    "suspend" => Event::Suspend { card: card()? },
                    "unsuspend" => Event::Unsuspend { card: card()? },
                    "flag" => Event::Flag {
                        card: card()?,
                        note: self.note.clone().map(Cow::into_owned),
                    },
                    "unflag" => Event::Unflag { card: card()? },
                    "unbury" => Event::Unbury { card: card()? },
                    "more_new" => Event::MoreNew {
                        n: self.n.ok_or("a more_new entry needs its number `n`")?,
                    },
                    _ if newer => return Ok(Parsed::Unknown),
                    other => return Err(format!("unknown event `{other}`")),
                };
                let id = match self.id {
                    Some(id) => id.into_owned(),
                    None if self.v.is_some_and(|v| v >= 2) => {
                        return Err("a format-2 entry needs an id".into());
                    }
                    None => legacy_id(legacy.0, legacy.1),
                };
                Ok(Parsed::Entry(Entry {
                    id,
                    at: self.at,
                    event,
                }))
            }
        }
    };
}

line_structs!(Line, After, #[serde(deny_unknown_fields)]);
line_structs!(LenientLine, LenientAfter);

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A phase by name in the log.
struct PhaseName(Phase);

impl Serialize for PhaseName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

impl<'de> Deserialize<'de> for PhaseName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        [
            Phase::New,
            Phase::Learning,
            Phase::Review,
            Phase::Relearning,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
        .map(PhaseName)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown phase `{s}`")))
    }
}

/// What one line holds.
#[derive(Debug, PartialEq)]
pub enum Parsed {
    Entry(Entry),
    /// An event this kioku does not know (from a newer one): skipped, not damage.
    Unknown,
}

impl Entry {
    /// A new entry, with a fresh id.
    pub fn new(at: i64, event: Event) -> Entry {
        Entry {
            id: fresh_id(),
            at,
            event,
        }
    }

    /// The card the entry is about, if any.
    pub fn card(&self) -> Option<&str> {
        match &self.event {
            Event::Answer { card, .. }
            | Event::Bury { card }
            | Event::Suspend { card }
            | Event::Unsuspend { card }
            | Event::Flag { card, .. }
            | Event::Unflag { card }
            | Event::Unbury { card } => Some(card),
            Event::Undo { .. } | Event::MoreNew { .. } => None,
        }
    }

    /// The entry as one line of JSON (format 2), with its newline.
    pub fn to_line(&self) -> String {
        let (event, rating, secs, mode, after) = match &self.event {
            Event::Answer {
                rating,
                secs,
                mode,
                after,
                ..
            } => ("review", Some(*rating), Some(*secs), Some(*mode), *after),
            Event::Undo { .. } => ("undo", None, None, None, None),
            Event::Bury { .. } => ("bury", None, None, None, None),
            Event::Suspend { .. } => ("suspend", None, None, None, None),
            Event::Unsuspend { .. } => ("unsuspend", None, None, None, None),
            Event::Flag { .. } => ("flag", None, None, None, None),
            Event::Unflag { .. } => ("unflag", None, None, None, None),
            Event::Unbury { .. } => ("unbury", None, None, None, None),
            Event::MoreNew { .. } => ("more_new", None, None, None, None),
        };
        let undo = match &self.event {
            Event::Undo { entry } => entry.as_deref().map(Cow::Borrowed),
            _ => None,
        };
        let line = Line {
            v: Some(FORMAT),
            id: Some(Cow::Borrowed(&self.id)),
            at: self.at,
            event: Cow::Borrowed(event),
            card: self.card().map(Cow::Borrowed),
            rating,
            secs,
            mode: mode.map(|m| Cow::Borrowed(m.as_str())),
            undo,
            note: match &self.event {
                Event::Flag { note, .. } => note.as_deref().map(Cow::Borrowed),
                _ => None,
            },
            n: match &self.event {
                Event::MoreNew { n } => Some(*n),
                _ => None,
            },
            after: after.map(|r| After {
                phase: PhaseName(r.phase),
                step: r.step,
                s: r.memory.map(|m| m.stability),
                d: r.memory.map(|m| m.difficulty),
                due_at: match r.due {
                    Due::At(t) => Some(t),
                    _ => None,
                },
                due_day: match r.due {
                    Due::Day(d) => Some(d),
                    _ => None,
                },
                ivl: r.interval,
            }),
        };
        let mut s = serde_json::to_string(&line).expect("a log line always serializes");
        s.push('\n');
        s
    }

    /// Parse one line (without its newline); an unknown event is an error here.
    pub fn parse(line: &[u8]) -> std::result::Result<Entry, String> {
        match parse_line(line, (crate::cache::hash(line), 0))? {
            (Parsed::Entry(e), _) => Ok(e),
            (Parsed::Unknown, _) => Err("an event from a newer kioku".into()),
        }
    }
}

/// Parse one line; `legacy` is the line's hash and how many identical lines came before it,
/// for the id of a format-1 line. The flag says whether the line had fields this kioku does not
/// know (they were ignored).
fn parse_line(line: &[u8], legacy: (u64, u32)) -> std::result::Result<(Parsed, bool), String> {
    match serde_json::from_slice::<Line>(line) {
        Ok(l) => Ok((l.into_parsed(legacy)?, false)),
        Err(e) if e.to_string().starts_with("unknown field") => {
            let l: LenientLine = serde_json::from_slice(line).map_err(|e| e.to_string())?;
            Ok((l.into_parsed(legacy)?, true))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// The common line, an answer as [`Entry::to_line`] writes it, read without the JSON parser:
/// `{"v":2,"id":"…","at":…,"event":"review","card":"…","rating":"…","secs":…,"mode":"…"}`,
/// with `,"after":{…}` (its fields in the written order) before the closing brace. Anything
/// else, or anything unusual within (an escape, a space, a number of another shape), is `None`
/// and goes to the JSON parser, which gives the same entry for every line this accepts.
fn parse_answer_fast(line: &[u8]) -> Option<Entry> {
    // Only the strings can hold other than ASCII: each is checked to be UTF-8 on its own.
    let mut p = Fast(line);
    p.lit("{\"v\":2,\"id\":")?;
    let id = p.string()?;
    p.lit(",\"at\":")?;
    let at = p.int()?;
    p.lit(",\"event\":\"review\",\"card\":")?;
    let card = p.string()?;
    p.lit(",\"rating\":")?;
    let rating = p.one_of(Rating::ALL.map(|r| (r.as_str(), r)))?;
    p.lit(",\"secs\":")?;
    let secs = p.float()?;
    p.lit(",\"mode\":")?;
    let mode = p.one_of(Mode::ALL.map(|m| (m.as_str(), m)))?;
    let after = if p.lit(",\"after\":{\"phase\":").is_some() {
        let phase = p.one_of(
            [
                Phase::New,
                Phase::Learning,
                Phase::Review,
                Phase::Relearning,
            ]
            .map(|ph| (ph.as_str(), ph)),
        )?;
        let step = if p.lit(",\"step\":").is_some() {
            Some(u32::try_from(p.int()?).ok()?)
        } else {
            None
        };
        let s = if p.lit(",\"s\":").is_some() {
            Some(p.float()?)
        } else {
            None
        };
        let d = if p.lit(",\"d\":").is_some() {
            Some(p.float()?)
        } else {
            None
        };
        let due_at = if p.lit(",\"due_at\":").is_some() {
            Some(p.int()?)
        } else {
            None
        };
        let due_day = if p.lit(",\"due_day\":").is_some() {
            Some(i32::try_from(p.int()?).ok()?)
        } else {
            None
        };
        let ivl = if p.lit(",\"ivl\":").is_some() {
            Some(u32::try_from(p.int()?).ok()?)
        } else {
            None
        };
        p.lit("}")?;
        Some(Recorded::from(&After {
            phase: PhaseName(phase),
            step: step.unwrap_or(0),
            s,
            d,
            due_at,
            due_day,
            ivl: ivl.unwrap_or(0),
        }))
    } else {
        None
    };
    p.lit("}")?;
    p.0.is_empty().then_some(Entry {
        id,
        at,
        event: Event::Answer {
            card,
            rating,
            secs,
            mode,
            after,
        },
    })
}

/// The reader of [`parse_answer_fast`]: each step takes what it reads off the front.
struct Fast<'a>(&'a [u8]);

impl<'a> Fast<'a> {
    fn lit(&mut self, s: &str) -> Option<()> {
        self.0 = self.0.strip_prefix(s.as_bytes())?;
        Some(())
    }

    /// A string with nothing to unescape.
    fn string(&mut self) -> Option<String> {
        let (body, rest) = self.quoted()?;
        if body.iter().any(|&b| b == b'\\' || b < 0x20) {
            return None;
        }
        let s = std::str::from_utf8(body).ok()?.to_owned();
        self.0 = rest;
        Some(s)
    }

    /// The bytes up to the next quote, and what follows that quote.
    fn quoted(&self) -> Option<(&'a [u8], &'a [u8])> {
        let rest = self.0.strip_prefix(b"\"")?;
        let end = memchr::memchr(b'"', rest)?;
        Some((&rest[..end], &rest[end + 1..]))
    }

    /// One of the given names, quoted.
    fn one_of<T: Copy, const N: usize>(&mut self, names: [(&str, T); N]) -> Option<T> {
        let (body, rest) = self.quoted()?;
        let v = names
            .iter()
            .find(|(name, _)| name.as_bytes() == body)
            .map(|&(_, v)| v)?;
        self.0 = rest;
        Some(v)
    }

    /// An integer as JSON writes it (no leading zero, no fraction), that fits an i64.
    fn int(&mut self) -> Option<i64> {
        let neg = self.0.starts_with(b"-");
        let digits = &self.0[usize::from(neg)..];
        let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || n > 18 || (n > 1 && digits[0] == b'0') {
            return None;
        }
        let mut v: i64 = 0;
        for &b in &digits[..n] {
            v = v * 10 + i64::from(b - b'0');
        }
        self.0 = &self.0[usize::from(neg) + n..];
        Some(if neg { -v } else { v })
    }

    /// A plain decimal (no exponent, at most 15 digits, so that its nearest f64 is exact to
    /// find and every parser finds the same), as an f32 the way the JSON reader makes one.
    fn float(&mut self) -> Option<f32> {
        let b = self.0;
        let neg = usize::from(b.first() == Some(&b'-'));
        let int = b[neg..].iter().take_while(|b| b.is_ascii_digit()).count();
        if int == 0 || (int > 1 && b[neg] == b'0') {
            return None;
        }
        let mut end = neg + int;
        let mut frac = 0;
        if b.get(end) == Some(&b'.') {
            frac = b[end + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if frac == 0 {
                return None;
            }
            end += 1 + frac;
        }
        if int + frac > 15 || matches!(b.get(end), Some(b'e' | b'E')) {
            return None;
        }
        // The digits as an integer (below 10^15, so exact in an f64) over a power of ten (exact
        // up to 10^22): one correctly rounded division, the nearest f64 to the decimal, as
        // `str::parse` finds it (its own fast path for such numbers).
        let digits = b[neg..end].iter().filter(|b| b.is_ascii_digit());
        let m = digits.fold(0u64, |m, &d| m * 10 + u64::from(d - b'0'));
        let v = m as f64 / POW10[frac];
        self.0 = &self.0[end..];
        Some((if neg == 1 { -v } else { v }) as f32)
    }
}

/// 10^0 to 10^15, each exact in an f64.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// What reading the log found: the entries, and a warning per line that had to be skipped.
#[derive(Debug, Default)]
pub struct LogRead {
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
}

/// Read one log file. A missing file is an empty log.
pub fn read(path: &Path) -> Result<LogRead> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LogRead::default()),
        Err(e) => {
            return Err(Error::Io {
                path: path.into(),
                source: e,
            });
        }
    };
    Ok(parse_all(&bytes, &crate::fsutil::display(path)))
}

/// Parse the bytes of one log file; `name` is used in warnings.
pub fn parse_all(bytes: &[u8], name: &str) -> LogRead {
    let f = parse_file(bytes, name, 0);
    LogRead {
        entries: f.entries.into_iter().map(|(_, e)| e).collect(),
        warnings: f.warnings,
    }
}

/// One file's entries with their line numbers, and what was skipped.
#[derive(Debug, Default)]
pub struct FileRead {
    pub entries: Vec<(u32, Entry)>,
    pub warnings: Vec<String>,
    /// Bytes of complete lines (a torn last line is not covered).
    pub covered: u64,
    /// Lines in the covered part.
    pub lines: u64,
}

/// Parse log bytes that start at line `first_line + 1` of the file `name`.
pub fn parse_file(bytes: &[u8], name: &str, first_line: u64) -> FileRead {
    parse_in_parts(bytes, name, first_line, PARSE_LINES)
}

/// [`parse_file`] with at least `min_lines` lines read per task.
fn parse_in_parts(bytes: &[u8], name: &str, first_line: u64, min_lines: usize) -> FileRead {
    use rayon::prelude::*;
    let complete = memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1);
    let ends: Vec<usize> = memchr::memchr_iter(b'\n', &bytes[..complete]).collect();
    let line = |i: usize| &bytes[if i == 0 { 0 } else { ends[i - 1] + 1 }..ends[i]];
    let number = |i: usize| first_line + i as u64 + 1;
    // The common lines (answers as this kioku writes them) are read side by side, each into
    // its place; the others in order afterwards, since a format-1 line's id depends on the
    // identical lines before it.
    let mut lines: Vec<(u32, Option<Entry>)> = Vec::new();
    (0..ends.len())
        .into_par_iter()
        .with_min_len(min_lines)
        .map(|i| (number(i) as u32, parse_answer_fast(line(i))))
        .collect_into_vec(&mut lines);
    let mut warnings = Vec::new();
    let mut legacy: crate::cache::FastMap<u64, u32> = Default::default();
    let mut newer = false;
    for (i, (_, slot)) in lines.iter_mut().enumerate() {
        let line = line(i);
        if slot.is_some() || line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Only format-1 lines need numbering among identical ones.
        let numbered = if line.windows(5).any(|w| w == b"\"id\":") {
            (0, 0)
        } else {
            let h = crate::cache::hash(line);
            let n = legacy.entry(h).or_insert(0);
            *n += 1;
            (h, *n - 1)
        };
        match parse_line(line, numbered) {
            Ok((Parsed::Entry(e), ignored)) => {
                newer |= ignored;
                *slot = Some(e);
            }
            Ok((Parsed::Unknown, _)) => newer = true,
            Err(why) => warnings.push(format!(
                "{name}:{}: damaged line skipped ({why})",
                number(i)
            )),
        }
    }
    if !bytes[complete..].iter().all(u8::is_ascii_whitespace) {
        warnings.push(format!(
            "{name}:{}: the last line is incomplete (kioku was stopped while writing it); it is skipped",
            number(ends.len())
        ));
    }
    if newer {
        warnings.push(format!(
            "{name}: has entries from a newer kioku; what this version does not know was skipped (update kioku to use it)"
        ));
    }
    FileRead {
        // In place: the entries are not copied.
        entries: lines
            .into_iter()
            .filter_map(|(n, e)| Some((n, e?)))
            .collect(),
        warnings,
        covered: complete as u64,
        lines: ends.len() as u64,
    }
}

/// Lines of the log one task reads at least.
const PARSE_LINES: usize = 4096;

/// A log file of the data directory: its name as shown and stored (`reviews/<device>.jsonl`,
/// or `reviews.jsonl` for the format-1 log) and its path.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub name: String,
    pub path: PathBuf,
}

/// Every log file in the data directory: the format-1 log if there is one, then each
/// device's, by name.
pub fn sources(data_dir: &Path) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    let legacy = data_dir.join(LOG_FILE);
    if legacy.exists() {
        out.push(Source {
            name: LOG_FILE.into(),
            path: legacy,
        });
    }
    let dir = data_dir.join(LOG_DIR);
    let listing = match std::fs::read_dir(&dir) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => {
            return Err(Error::Io {
                path: dir,
                source: e,
            });
        }
    };
    let mut devices: Vec<Source> = listing
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().into_string().ok()?;
            (file.ends_with(".jsonl") && !file.starts_with('.')).then(|| Source {
                name: format!("{LOG_DIR}/{file}"),
                path: e.path(),
            })
        })
        .collect();
    devices.sort_by(|a, b| a.name.cmp(&b.name));
    out.extend(devices);
    Ok(out)
}

/// Every entry of every log file in the data directory, merged in time order (ties by file
/// name, then line), an entry seen in two files counted once.
pub fn read_all(data_dir: &Path) -> Result<LogRead> {
    let mut files = Vec::new();
    for s in sources(data_dir)? {
        let bytes = std::fs::read(&s.path).map_err(|e| Error::Io {
            path: s.path.clone(),
            source: e,
        })?;
        let name = crate::fsutil::display(&s.path);
        files.push((s.name, parse_file(&bytes, &name, 0)));
    }
    Ok(merge(files))
}

/// Merge the entries of several files (by stored name): time order, ties by name and line,
/// each id once.
pub fn merge(files: Vec<(String, FileRead)>) -> LogRead {
    // One file in time order (the common case) is in merge order already: its entries stay
    // where they are instead of being copied into a sorted list.
    if let [(_, f)] = files.as_slice()
        && f.entries.is_sorted_by_key(|(_, e)| e.at)
    {
        let (_, f) = files.into_iter().next().unwrap_or_default();
        let mut keep = first_of_each_id(f.entries.iter().map(|(_, e)| e)).into_iter();
        let entries = f
            .entries
            .into_iter()
            .filter_map(|(_, e)| keep.next().unwrap_or(true).then_some(e))
            .collect();
        return LogRead {
            entries,
            warnings: f.warnings,
        };
    }
    let mut warnings = Vec::new();
    let mut all: Vec<(i64, usize, u32, Entry)> = Vec::new();
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| files[a].0.cmp(&files[b].0));
    let mut rank = vec![0; files.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    for (i, (_, f)) in files.into_iter().enumerate() {
        warnings.extend(f.warnings);
        all.extend(f.entries.into_iter().map(|(l, e)| (e.at, rank[i], l, e)));
    }
    all.sort_by_key(|a| (a.0, a.1, a.2));
    let keep = first_of_each_id(all.iter().map(|(_, _, _, e)| e));
    let entries = all
        .into_iter()
        .zip(keep)
        .filter_map(|((_, _, _, e), keep)| keep.then_some(e))
        .collect();
    LogRead { entries, warnings }
}

/// For each entry in order, whether it is the first with its id. A set of a million ids
/// built one at a time was the longest step between reading the log and replaying it (a cache
/// miss an entry). Here the ids are hashed side by side and dealt out by hash into groups
/// small enough to stay in cache, each group kept in place order and checked on its own (in
/// parallel) against a map of the hashes it has seen; ids hashing alike are compared as text.
/// Should two different ids ever hash alike, every id is checked with one set instead.
fn first_of_each_id<'a>(entries: impl ExactSizeIterator<Item = &'a Entry>) -> Vec<bool> {
    use rayon::prelude::*;
    const GROUP_BITS: u32 = 8;
    let ids: Vec<&str> = entries.map(|e| e.id.as_str()).collect();
    if ids.len() < 4096 {
        return first_of_each_id_by_set(&ids);
    }
    let hashes: Vec<u64> = ids
        .par_iter()
        .map(|id| crate::cache::hash(id.as_bytes()))
        .collect();
    let group = |h: u64| (h >> (64 - GROUP_BITS)) as usize;
    let mut start = vec![0usize; (1 << GROUP_BITS) + 1];
    for &h in &hashes {
        start[group(h) + 1] += 1;
    }
    for g in 0..1 << GROUP_BITS {
        start[g + 1] += start[g];
    }
    let mut fill = start.clone();
    let mut dealt = vec![0u32; ids.len()];
    for (i, &h) in hashes.iter().enumerate() {
        dealt[fill[group(h)]] = i as u32;
        fill[group(h)] += 1;
    }
    // Per group: the places of the entries that are not the first with their id, or `None`
    // if two different ids hash alike.
    let later: Option<Vec<Vec<u32>>> = (0..1 << GROUP_BITS)
        .into_par_iter()
        .map(|g| {
            let members = &dealt[start[g]..start[g + 1]];
            let mut first: crate::cache::FastMap<u64, u32> = Default::default();
            first.reserve(members.len());
            let mut later = Vec::new();
            for &i in members {
                match first.entry(hashes[i as usize]) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(i);
                    }
                    std::collections::hash_map::Entry::Occupied(o) => {
                        if ids[*o.get() as usize] != ids[i as usize] {
                            return None;
                        }
                        later.push(i);
                    }
                }
            }
            Some(later)
        })
        .collect();
    let Some(later) = later else {
        return first_of_each_id_by_set(&ids);
    };
    let mut first = vec![true; ids.len()];
    for i in later.into_iter().flatten() {
        first[i as usize] = false;
    }
    first
}

/// [`first_of_each_id`] with one set, an id at a time.
fn first_of_each_id_by_set(ids: &[&str]) -> Vec<bool> {
    let mut seen: std::collections::HashSet<
        &str,
        std::hash::BuildHasherDefault<crate::cache::FastHash>,
    > = std::collections::HashSet::with_capacity_and_hasher(ids.len(), Default::default());
    ids.iter().map(|id| seen.insert(id)).collect()
}

/// The file this device appends to.
pub fn device_log(data_dir: &Path, device: &str) -> PathBuf {
    data_dir.join(LOG_DIR).join(format!("{device}.jsonl"))
}

/// Appends entries to this device's log, durably.
pub struct LogWriter {
    file: File,
    path: PathBuf,
    /// Device and inode of the open file, to notice a replaced file.
    identity: (u64, u64),
    /// Test hook: make the next write stop after this many bytes, as a full disk does.
    fail_after: Option<usize>,
}

impl LogWriter {
    /// Open (creating the folders and the file if needed) `<dir>/reviews/<device>.jsonl`.
    pub fn open(dir: &Path, device: &str) -> Result<LogWriter> {
        let path = device_log(dir, device);
        let (file, identity) = open_append(dir, &path)?;
        Ok(LogWriter {
            file,
            path,
            identity,
            fail_after: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Make the next append write only `bytes` bytes and then fail (a full disk), to test that
    /// nothing half-written remains.
    #[doc(hidden)]
    pub fn fail_next_write_after(&mut self, bytes: usize) {
        self.fail_after = Some(bytes);
    }

    /// Append one entry; returns once it is on disk. On failure the file is as it was.
    pub fn append(&mut self, entry: &Entry) -> Result<()> {
        let path = self.path.clone();
        let io = |e: std::io::Error| Error::Io { path, source: e };
        let mut line = entry.to_line();
        if let Err(e) = self.lock_current() {
            return Err(io(e));
        }
        let mut before = None;
        let result = (|| {
            let len = self.file.metadata()?.len();
            before = Some(len);
            // A line torn by a crash must not swallow this one: start on a fresh line.
            if len > 0 {
                let mut last = [0u8];
                self.file.read_exact_at(&mut last, len - 1)?;
                if last[0] != b'\n' {
                    line.insert(0, '\n');
                }
            }
            match self.fail_after.take() {
                Some(n) => {
                    self.file.write_all(&line.as_bytes()[..n.min(line.len())])?;
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::StorageFull,
                        "no space left on device (injected)",
                    ));
                }
                None => self.file.write_all(line.as_bytes())?,
            }
            self.file.sync_data()
        })();
        // Take back whatever part of the line reached the file: an answer reported as not
        // saved must not be completed by the next append.
        let result = match (result, before) {
            (Err(e), Some(len)) => match self.file.set_len(len).and_then(|_| self.file.sync_data())
            {
                Ok(()) => Err(e),
                Err(cut) => Err(std::io::Error::new(
                    e.kind(),
                    format!(
                        "{e}; and cutting the partial line off failed too ({cut}): the next start reports it as damaged"
                    ),
                )),
            },
            (r, _) => r,
        };
        let unlocked = self.file.unlock();
        result.and(unlocked).map_err(io)
    }

    /// Lock the open file, first reopening the path if the file there is no longer the one
    /// open (replaced by a restore or a sync tool, or removed): appending to an unlinked file
    /// would lose every later answer.
    fn lock_current(&mut self) -> std::io::Result<()> {
        for _ in 0..8 {
            self.file.lock()?;
            match std::fs::metadata(&self.path) {
                Ok(m) if (m.dev(), m.ino()) == self.identity => return Ok(()),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    let _ = self.file.unlock();
                    return Err(e);
                }
            }
            let _ = self.file.unlock();
            let dir = self
                .path
                .parent()
                .and_then(Path::parent)
                .unwrap_or(Path::new("."));
            let (file, identity) = open_append(dir, &self.path).map_err(|e| match e {
                Error::DataDir { source, .. } | Error::Io { source, .. } => source,
                other => std::io::Error::other(other.to_string()),
            })?;
            self.file = file;
            self.identity = identity;
        }
        Err(std::io::Error::other(
            "the log file keeps being replaced while kioku writes to it",
        ))
    }
}

fn open_append(dir: &Path, path: &Path) -> Result<(File, (u64, u64))> {
    let folder = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(folder).map_err(|e| Error::DataDir {
        path: dir.into(),
        source: e,
    })?;
    let existed = path.exists();
    let file = OpenOptions::new()
        .append(true)
        .create(true)
        .read(true)
        .open(path)
        .map_err(|e| Error::DataDir {
            path: path.into(),
            source: e,
        })?;
    // A new file's name is durable only once its folder is synced: the first answer must
    // not vanish with its file in a power cut.
    if !existed && let Ok(d) = File::open(folder) {
        let _ = d.sync_all();
    }
    let m = file.metadata().map_err(|e| Error::Io {
        path: path.into(),
        source: e,
    })?;
    Ok((file, (m.dev(), m.ino())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn recorded() -> impl Strategy<Value = Option<Recorded>> {
        let due = prop_oneof![
            Just(Due::New),
            any::<i64>().prop_map(Due::At),
            any::<i32>().prop_map(Due::Day),
        ];
        let memory = proptest::option::of((any::<f32>(), 0.0f32..10.0).prop_map(|(s, d)| {
            fsrs::MemoryState {
                stability: s.abs().min(1e30),
                difficulty: d,
            }
        }));
        proptest::option::of(
            (0usize..4, any::<u32>(), memory, due, any::<u32>()).prop_map(
                |(p, step, memory, due, ivl)| Recorded {
                    phase: [
                        Phase::New,
                        Phase::Learning,
                        Phase::Review,
                        Phase::Relearning,
                    ][p],
                    step: step % 5,
                    memory,
                    due,
                    interval: ivl % 40_000,
                },
            ),
        )
    }

    fn answer() -> impl Strategy<Value = Entry> {
        (
            any::<i64>(),
            prop_oneof!["[a-z0-9-]{0,12}", "[ぁ-ん \"\\\n\t\u{1b}]{0,6}"],
            0usize..4,
            0usize..4,
            prop_oneof![Just(6.5f32), 0.0f32..1e6, any::<f32>().prop_map(f32::abs)],
            recorded(),
        )
            .prop_map(|(at, card, r, m, secs, after)| {
                Entry::new(
                    at,
                    Event::Answer {
                        card,
                        rating: Rating::ALL[r],
                        secs: if secs.is_finite() { secs } else { 1.0 },
                        mode: Mode::ALL[m],
                        after,
                    },
                )
            })
    }

    /// The JSON parser's reading of a line, for comparison.
    fn by_json(line: &[u8]) -> Option<Entry> {
        match parse_line(line, (0, 0)) {
            Ok((Parsed::Entry(e), _)) => Some(e),
            _ => None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_fast_answer_reader_reads_as_the_json_parser(e in answer()) {
            let line = e.to_line();
            let line = line.trim_end().as_bytes();
            // Times and figures of the sizes kioku writes.
            let ordinary_f = |v: f32| (0.01..1e6).contains(&v);
            let ordinary_t = |t: i64| t.unsigned_abs() < 10u64.pow(17);
            let plain = e.at > i64::MIN
                && ordinary_t(e.at)
                && matches!(&e.event, Event::Answer { card, after, .. }
                if card.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && after.is_none_or(|r| {
                        r.memory.is_none_or(|m| ordinary_f(m.stability) && ordinary_f(m.difficulty))
                            && !matches!(r.due, Due::At(t) if !ordinary_t(t))
                    }));
            let fast = parse_answer_fast(line);
            let json = by_json(line);
            prop_assert_eq!(json.as_ref(), Some(&e));
            if let Some(f) = &fast {
                prop_assert_eq!(f, &e);
            }
            // Every line kioku writes for a plain id with an ordinary time spent takes the
            // fast way.
            if plain && let Event::Answer { secs, .. } = &e.event && *secs == 6.5 {
                prop_assert!(fast.is_some(), "{}", String::from_utf8_lossy(line));
            }
        }

        /// The first of each id is found as a set built one entry at a time finds it.
        #[test]
        fn the_first_of_each_id_is_the_one_a_set_finds(
            ids in prop::collection::vec(0u16..3000, 0..300),
            copies in 1usize..30,
        ) {
            // Past the size at which the ids are dealt into groups.
            let entries: Vec<Entry> = ids
                .iter()
                .cycle()
                .take(ids.len() * copies)
                .enumerate()
                .map(|(k, &i)| Entry { id: format!("e{}", u32::from(i) * (k as u32 % 7)), ..review(i64::from(i), "c", Rating::Good) })
                .collect();
            let mut seen = std::collections::HashSet::new();
            let want: Vec<bool> = entries.iter().map(|e| seen.insert(e.id.clone())).collect();
            prop_assert_eq!(first_of_each_id(entries.iter()), want);
        }

        /// A decimal read by division is the standard library's nearest f64 (then f32).
        #[test]
        fn a_plain_decimal_reads_as_the_standard_library_reads_it(
            neg in any::<bool>(),
            int in prop_oneof![0u64..10, 0u64..100_000, 0u64..1_000_000_000_000_000],
            frac in proptest::option::of("[0-9]{1,15}"),
        ) {
            let text = format!("{}{int}{}", if neg { "-" } else { "" }, frac.map_or(String::new(), |f| format!(".{f}")));
            let mut p = Fast(text.as_bytes());
            let std = text.parse::<f64>().unwrap() as f32;
            match p.float() {
                Some(v) => {
                    prop_assert_eq!(v.to_bits(), std.to_bits(), "{}", text);
                    prop_assert!(p.0.is_empty());
                }
                None => prop_assert!(text.trim_start_matches('-').len() > 16, "{}", text),
            }
        }

        #[test]
        fn a_changed_line_is_read_fast_only_as_the_json_parser_reads_it(
            e in answer(),
            at in any::<prop::sample::Index>(),
            with in prop_oneof![
                Just(b' '), Just(b'0'), Just(b'9'), Just(b'-'), Just(b'.'), Just(b'e'),
                Just(b'"'), Just(b'\\'), Just(b'}'), Just(b','), Just(b'x'), Just(0xff),
            ],
            how in 0usize..3,
        ) {
            let mut line = e.to_line().trim_end().as_bytes().to_vec();
            let i = at.index(line.len());
            match how {
                0 => line[i] = with,
                1 => line.insert(i, with),
                _ => {
                    line.remove(i);
                }
            }
            if let Some(f) = parse_answer_fast(&line) {
                prop_assert_eq!(Some(f), by_json(&line), "{}", String::from_utf8_lossy(&line));
            }
        }
    }

    fn review(at: i64, card: &str, rating: Rating) -> Entry {
        Entry {
            id: format!("e{at}"),
            at,
            event: Event::Answer {
                card: card.into(),
                rating,
                secs: 4.5,
                mode: Mode::Flip,
                after: None,
            },
        }
    }

    #[test]
    fn lines_round_trip() {
        let mut reviewed = review(1, "kk956qzgje", Rating::Good);
        if let Event::Answer { after, .. } = &mut reviewed.event {
            *after = Some(Recorded {
                phase: Phase::Review,
                step: 0,
                memory: Some(fsrs::MemoryState {
                    stability: 3.1733,
                    difficulty: 5.5,
                }),
                due: Due::Day(20_430),
                interval: 3,
            });
        }
        let entries = [
            review(1, "kk956qzgje", Rating::Good),
            reviewed,
            Entry {
                id: "u".into(),
                at: 2,
                event: Event::Undo {
                    entry: Some("e1".into()),
                },
            },
            Entry {
                id: "b".into(),
                at: 3,
                event: Event::Bury {
                    card: "a,\"b\"\n日本".into(),
                },
            },
            Entry {
                id: "s".into(),
                at: 4,
                event: Event::Suspend { card: "x".into() },
            },
            Entry {
                id: "un".into(),
                at: 5,
                event: Event::Unsuspend { card: "x".into() },
            },
            Entry {
                id: "f".into(),
                at: 6,
                event: Event::Flag {
                    card: "x".into(),
                    note: Some("answer is \"B\", not C\n日本".into()),
                },
            },
            Entry {
                id: "f2".into(),
                at: 7,
                event: Event::Flag {
                    card: "x".into(),
                    note: None,
                },
            },
            Entry {
                id: "uf".into(),
                at: 8,
                event: Event::Unflag { card: "x".into() },
            },
            Entry {
                id: "ub".into(),
                at: 9,
                event: Event::Unbury { card: "x".into() },
            },
            Entry {
                id: "m".into(),
                at: 10,
                event: Event::MoreNew { n: 15 },
            },
            Entry {
                id: "c".into(),
                at: 11,
                event: Event::Answer {
                    card: "x".into(),
                    rating: Rating::Again,
                    secs: 1.0,
                    mode: Mode::Cram,
                    after: None,
                },
            },
        ];
        for e in &entries {
            let line = e.to_line();
            assert_eq!(line.matches('\n').count(), 1, "one line: {line}");
            assert_eq!(Entry::parse(line.trim_end().as_bytes()).unwrap(), *e);
        }
        assert_eq!(
            entries[0].to_line(),
            "{\"v\":2,\"id\":\"e1\",\"at\":1,\"event\":\"review\",\"card\":\"kk956qzgje\",\"rating\":\"good\",\"secs\":4.5,\"mode\":\"flip\"}\n"
        );
        assert_eq!(
            entries[1].to_line(),
            "{\"v\":2,\"id\":\"e1\",\"at\":1,\"event\":\"review\",\"card\":\"kk956qzgje\",\"rating\":\"good\",\"secs\":4.5,\"mode\":\"flip\",\"after\":{\"phase\":\"review\",\"s\":3.1733,\"d\":5.5,\"due_day\":20430,\"ivl\":3}}\n"
        );
        assert_eq!(
            entries[2].to_line(),
            "{\"v\":2,\"id\":\"u\",\"at\":2,\"event\":\"undo\",\"undo\":\"e1\"}\n"
        );
        assert_eq!(
            entries[7].to_line(),
            "{\"v\":2,\"id\":\"f2\",\"at\":7,\"event\":\"flag\",\"card\":\"x\"}\n"
        );
        assert_eq!(
            entries[10].to_line(),
            "{\"v\":2,\"id\":\"m\",\"at\":10,\"event\":\"more_new\",\"n\":15}\n"
        );
        assert_eq!(
            entries[11].to_line(),
            "{\"v\":2,\"id\":\"c\",\"at\":11,\"event\":\"review\",\"card\":\"x\",\"rating\":\"again\",\"secs\":1.0,\"mode\":\"cram\"}\n"
        );
        assert_eq!(
            Entry::parse(b"{\"v\":2,\"id\":\"m\",\"at\":1,\"event\":\"more_new\"}"),
            Err("a more_new entry needs its number `n`".into())
        );
        assert_eq!(
            Entry::parse(b"{\"at\":1,\"event\":\"review\",\"card\":\"a\",\"rating\":\"good\",\"mode\":\"speak\"}"),
            Err("unknown mode `speak`".into())
        );
    }

    #[test]
    fn format_1_lines_read_with_ids_from_their_content() {
        let old = "{\"at\":1,\"event\":\"review\",\"card\":\"a\",\"rating\":\"good\",\"secs\":1.0,\"mode\":\"flip\"}\n\
                   {\"at\":2,\"event\":\"undo\"}\n\
                   {\"at\":1,\"event\":\"review\",\"card\":\"a\",\"rating\":\"good\",\"secs\":1.0,\"mode\":\"flip\"}\n";
        let r = parse_all(old.as_bytes(), "reviews.jsonl");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(r.entries.len(), 3);
        assert_eq!(r.entries[1].event, Event::Undo { entry: None });
        // The same line twice: two entries, two ids; the same file read again: the same ids.
        assert_ne!(r.entries[0].id, r.entries[2].id);
        assert!(r.entries[0].id.starts_with("v1-"));
        let again = parse_all(old.as_bytes(), "reviews.jsonl");
        assert_eq!(again.entries, r.entries);
    }

    #[test]
    fn fields_and_events_from_a_newer_kioku_are_skipped_with_one_warning() {
        let text = "{\"v\":3,\"id\":\"a\",\"at\":1,\"event\":\"review\",\"card\":\"c\",\"rating\":\"good\",\"flag\":\"red\"}\n\
                    {\"v\":3,\"id\":\"b\",\"at\":2,\"event\":\"exam\",\"score\":80}\n\
                    {\"v\":3,\"id\":\"c\",\"at\":3,\"event\":\"star\",\"card\":\"c\"}\n\
                    {\"v\":2,\"id\":\"d\",\"at\":4,\"event\":\"bury\",\"card\":\"c\"}\n\
                    {\"v\":3,\"id\":\"e\",\"at\":5,\"event\":\"review\",\"card\":\"c\",\"rating\":\"good\",\"mode\":\"speak\"}\n\
                    {\"v\":3,\"id\":\"f\",\"at\":6,\"event\":\"flag\",\"card\":\"c\",\"note\":\"typo\",\"colour\":\"red\"}\n";
        let r = parse_all(text.as_bytes(), "reviews/x.jsonl");
        assert_eq!(
            r.entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["a", "d", "f"]
        );
        assert_eq!(
            r.entries[2].event,
            Event::Flag {
                card: "c".into(),
                note: Some("typo".into())
            }
        );
        assert_eq!(
            r.warnings,
            [
                "reviews/x.jsonl: has entries from a newer kioku; what this version does not know was skipped (update kioku to use it)"
            ]
        );
    }

    #[test]
    fn a_log_read_in_parts_of_any_size_reads_as_one() {
        // Format-1 lines (numbered among identical ones across chunks), damaged, blank and
        // newer lines, answers, and a torn last line.
        let mut text = String::new();
        for i in 0..40 {
            match i % 7 {
                0 => text.push_str(r#"{"at":1,"event":"review","card":"c1","rating":"good"}"#),
                1 => text.push_str("{damaged"),
                2 => text.push_str("   "),
                3 => text.push_str(r#"{"v":2,"id":"x","at":5,"event":"teleport","card":"c1"}"#),
                _ => text.push_str(&review(i, &format!("c{i}"), Rating::Good).to_line()[..]),
            }
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
        text.push_str(r#"{"v":2,"id":"torn""#);
        let whole = parse_in_parts(text.as_bytes(), "r.jsonl", 3, usize::MAX);
        assert!(whole.entries.len() > 20 && whole.warnings.len() > 5);
        for chunk in [1, 2, 3, 7, 16] {
            let read = parse_in_parts(text.as_bytes(), "r.jsonl", 3, chunk);
            assert_eq!(read.entries, whole.entries, "{chunk}");
            assert_eq!(read.warnings, whole.warnings, "{chunk}");
            assert_eq!((read.covered, read.lines), (whole.covered, whole.lines));
        }
    }

    #[test]
    fn torn_last_line_and_damaged_middle_lines_are_skipped_with_their_line_numbers() {
        let good = review(1, "a", Rating::Again).to_line();
        let text = format!(
            "{good}not json\n{good}\n{{\"at\":9,\"event\":\"review\",\"card\":\"b\"}}\n{good}{{\"at\":10,\"ev"
        );
        let r = parse_all(text.as_bytes(), "reviews.jsonl");
        assert_eq!(r.entries.len(), 3);
        assert_eq!(r.warnings.len(), 3, "{:?}", r.warnings);
        assert!(
            r.warnings[0].starts_with("reviews.jsonl:2: damaged line skipped"),
            "{:?}",
            r.warnings
        );
        assert_eq!(
            r.warnings[1],
            "reviews.jsonl:5: damaged line skipped (a review needs a rating)"
        );
        assert_eq!(
            r.warnings[2],
            "reviews.jsonl:7: the last line is incomplete (kioku was stopped while writing it); it is skipped"
        );
    }

    #[test]
    fn appending_after_a_torn_line_starts_a_new_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = LogWriter::open(dir.path(), "dev").unwrap();
        w.append(&review(1, "a", Rating::Good)).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(w.path())
            .unwrap()
            .write_all(b"{\"at\":2,\"eve")
            .unwrap();
        w.append(&review(3, "b", Rating::Hard)).unwrap();
        let r = read(w.path()).unwrap();
        assert_eq!(
            r.entries,
            vec![review(1, "a", Rating::Good), review(3, "b", Rating::Hard)]
        );
        assert_eq!(r.warnings.len(), 1);
        assert!(
            r.warnings[0].contains(":2: damaged line skipped"),
            "{:?}",
            r.warnings
        );
    }

    #[test]
    fn a_short_write_is_cut_off_so_the_next_answer_does_not_complete_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = LogWriter::open(dir.path(), "dev").unwrap();
        w.append(&review(1, "a", Rating::Good)).unwrap();
        let len = std::fs::metadata(w.path()).unwrap().len();
        let second = review(2, "b", Rating::Again);
        w.fail_next_write_after(second.to_line().len() - 1);
        let err = w.append(&second).unwrap_err().to_string();
        assert!(err.contains("no space left on device"), "{err}");
        assert!(err.contains("dev.jsonl"), "{err}");
        assert_eq!(std::fs::metadata(w.path()).unwrap().len(), len);
        w.append(&review(3, "c", Rating::Easy)).unwrap();
        let r = read(w.path()).unwrap();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(
            r.entries,
            vec![review(1, "a", Rating::Good), review(3, "c", Rating::Easy)]
        );
    }

    #[test]
    fn a_log_replaced_during_a_session_gets_the_later_answers() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = LogWriter::open(dir.path(), "dev").unwrap();
        w.append(&review(1, "a", Rating::Good)).unwrap();
        // A backup restore: copy, then rename over the open file.
        let copy = dir.path().join("restored.tmp");
        std::fs::copy(w.path(), &copy).unwrap();
        std::fs::rename(&copy, w.path()).unwrap();
        w.append(&review(2, "b", Rating::Good)).unwrap();
        // And removed altogether.
        std::fs::remove_file(w.path()).unwrap();
        w.append(&review(3, "c", Rating::Good)).unwrap();
        assert_eq!(
            read(w.path()).unwrap().entries,
            vec![review(3, "c", Rating::Good)]
        );
        let dir2 = tempfile::tempdir().unwrap();
        let mut w2 = LogWriter::open(dir2.path(), "dev").unwrap();
        w2.append(&review(1, "a", Rating::Good)).unwrap();
        let copy = dir2.path().join("restored.tmp");
        std::fs::copy(w2.path(), &copy).unwrap();
        std::fs::rename(&copy, w2.path()).unwrap();
        w2.append(&review(2, "b", Rating::Good)).unwrap();
        assert_eq!(
            read(w2.path()).unwrap().entries,
            vec![review(1, "a", Rating::Good), review(2, "b", Rating::Good)]
        );
    }

    #[test]
    fn a_missing_data_directory_is_created_on_the_first_answer() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("not/yet/there");
        assert!(read_all(&data).unwrap().entries.is_empty());
        let mut w = LogWriter::open(&data, "dev").unwrap();
        w.append(&review(1, "a", Rating::Easy)).unwrap();
        assert_eq!(
            read_all(&data).unwrap().entries,
            vec![review(1, "a", Rating::Easy)]
        );
        assert_eq!(w.path(), data.join("reviews/dev.jsonl"));
    }

    #[test]
    fn a_missing_log_is_empty_and_an_empty_one_too() {
        let dir = tempfile::tempdir().unwrap();
        let r = read(&dir.path().join(LOG_FILE)).unwrap();
        assert!(r.entries.is_empty() && r.warnings.is_empty());
        std::fs::write(dir.path().join(LOG_FILE), "").unwrap();
        assert!(read(&dir.path().join(LOG_FILE)).unwrap().entries.is_empty());
    }

    #[test]
    fn device_files_merge_in_time_order_and_an_entry_seen_twice_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = LogWriter::open(dir.path(), "a").unwrap();
        let mut b = LogWriter::open(dir.path(), "b").unwrap();
        a.append(&review(1, "x", Rating::Good)).unwrap();
        b.append(&review(2, "y", Rating::Good)).unwrap();
        a.append(&review(3, "x", Rating::Good)).unwrap();
        // Same instant on two machines: the file name decides, the same way everywhere.
        let mut z = review(3, "z", Rating::Hard);
        z.id = "z3".into();
        b.append(&z).unwrap();
        // A sync conflict copy repeats a's entries.
        std::fs::copy(a.path(), dir.path().join("reviews/a.sync-conflict-1.jsonl")).unwrap();
        let r = read_all(dir.path()).unwrap();
        let got: Vec<(i64, Option<&str>)> = r.entries.iter().map(|e| (e.at, e.card())).collect();
        assert_eq!(
            got,
            [
                (1, Some("x")),
                (2, Some("y")),
                (3, Some("x")),
                (3, Some("z"))
            ]
        );
    }

    #[test]
    fn one_file_merges_in_time_order_and_an_entry_seen_twice_counts_once() {
        let line = |at: i64, id: &str| {
            let mut e = review(at, "x", Rating::Good);
            e.id = id.into();
            e.to_line()
        };
        let merged = |lines: &[String]| -> Vec<(i64, String)> {
            let read = parse_file(lines.concat().as_bytes(), "a.jsonl", 0);
            merge(vec![("a.jsonl".into(), read)])
                .entries
                .into_iter()
                .map(|e| (e.at, e.id))
                .collect()
        };
        // In time order (kept as it is), then with a clock that went back (sorted).
        let in_order = [line(1, "p"), line(2, "q"), line(2, "p"), line(3, "r")];
        let want = |v: &[(i64, &str)]| -> Vec<(i64, String)> {
            v.iter().map(|&(at, id)| (at, id.to_string())).collect()
        };
        assert_eq!(merged(&in_order), want(&[(1, "p"), (2, "q"), (3, "r")]));
        let back = [line(5, "p"), line(2, "q"), line(2, "r"), line(9, "q")];
        assert_eq!(merged(&back), want(&[(2, "q"), (2, "r"), (5, "p")]));
    }
}

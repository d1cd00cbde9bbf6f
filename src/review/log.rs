//! The review log: the single source of truth for progress.
//!
//! Append-only JSON Lines, one event per line. Each append takes an exclusive lock, writes the
//! whole line with one write, fsyncs, and only then returns, so a review is on disk before the
//! next card is shown and two kioku processes never interleave lines. The file is never
//! rewritten: a torn last line (kill -9, power loss) is skipped with a warning, and so is a
//! damaged line in the middle, with its line number.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// File name of the log in the data directory.
pub const LOG_FILE: &str = "reviews.jsonl";

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
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Flip => "flip",
            Mode::Type => "type",
            Mode::Choice => "choice",
        }
    }
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Unix time in milliseconds.
    pub at: i64,
    pub event: Event,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A card was answered. `secs`: time spent on the card.
    Review {
        card: String,
        rating: Rating,
        secs: f32,
        mode: Mode,
    },
    /// The latest answer not yet undone is taken back.
    Undo,
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
}

/// The line as stored: flat, so every line reads on its own.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    at: i64,
    event: &'a str,
    #[serde(skip_serializing_if = "Option::is_none", borrow)]
    card: Option<std::borrow::Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating: Option<Rating>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secs: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<Mode>,
}

impl Entry {
    /// The card the entry is about, if any.
    pub fn card(&self) -> Option<&str> {
        match &self.event {
            Event::Review { card, .. }
            | Event::Bury { card }
            | Event::Suspend { card }
            | Event::Unsuspend { card } => Some(card),
            Event::Undo => None,
        }
    }

    /// The entry as one line of JSON, with its newline.
    pub fn to_line(&self) -> String {
        let (event, rating, secs, mode) = match &self.event {
            Event::Review {
                rating, secs, mode, ..
            } => ("review", Some(*rating), Some(*secs), Some(*mode)),
            Event::Undo => ("undo", None, None, None),
            Event::Bury { .. } => ("bury", None, None, None),
            Event::Suspend { .. } => ("suspend", None, None, None),
            Event::Unsuspend { .. } => ("unsuspend", None, None, None),
        };
        let line = Line {
            at: self.at,
            event,
            card: self.card().map(Into::into),
            rating,
            secs,
            mode,
        };
        let mut s = serde_json::to_string(&line).expect("a log line always serializes");
        s.push('\n');
        s
    }

    /// Parse one line (without its newline).
    pub fn parse(line: &[u8]) -> std::result::Result<Entry, String> {
        let l: Line = serde_json::from_slice(line).map_err(|e| e.to_string())?;
        let card = || {
            l.card
                .clone()
                .map(|c| c.into_owned())
                .ok_or_else(|| format!("a {} event needs a card", l.event))
        };
        let event = match l.event {
            "review" => Event::Review {
                card: card()?,
                rating: l.rating.ok_or("a review needs a rating")?,
                secs: l.secs.unwrap_or(0.0),
                mode: l.mode.unwrap_or(Mode::Flip),
            },
            "undo" => Event::Undo,
            "bury" => Event::Bury { card: card()? },
            "suspend" => Event::Suspend { card: card()? },
            "unsuspend" => Event::Unsuspend { card: card()? },
            other => return Err(format!("unknown event `{other}`")),
        };
        Ok(Entry { at: l.at, event })
    }
}

/// What reading the log found: the entries, and a warning per line that had to be skipped.
#[derive(Debug, Default)]
pub struct LogRead {
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
}

/// Read the whole log. A missing file is an empty log.
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

/// Parse log bytes; `name` is used in warnings.
pub fn parse_all(bytes: &[u8], name: &str) -> LogRead {
    let mut out = LogRead {
        entries: Vec::with_capacity(bytes.len() / 80),
        warnings: Vec::new(),
    };
    let mut start = 0;
    let mut line_no = 0;
    while start < bytes.len() {
        line_no += 1;
        let (line, next, complete) = match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(i) => (&bytes[start..start + i], start + i + 1, true),
            None => (&bytes[start..], bytes.len(), false),
        };
        start = next;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !complete {
            out.warnings.push(format!(
                "{name}:{line_no}: the last line is incomplete (kioku was stopped while writing it); it is skipped"
            ));
            break;
        }
        match Entry::parse(line) {
            Ok(e) => out.entries.push(e),
            Err(why) => out
                .warnings
                .push(format!("{name}:{line_no}: damaged line skipped ({why})")),
        }
    }
    out
}

/// Appends entries to the log, durably.
pub struct LogWriter {
    file: File,
    path: PathBuf,
}

impl LogWriter {
    /// Open (creating the data directory and the file if needed) `<dir>/reviews.jsonl`.
    pub fn open(dir: &Path) -> Result<LogWriter> {
        let path = dir.join(LOG_FILE);
        std::fs::create_dir_all(dir).map_err(|e| Error::DataDir {
            path: dir.into(),
            source: e,
        })?;
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .read(true)
            .open(&path)
            .map_err(|e| Error::DataDir {
                path: path.clone(),
                source: e,
            })?;
        Ok(LogWriter { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one entry; returns once it is on disk.
    pub fn append(&mut self, entry: &Entry) -> Result<()> {
        let io = |e: std::io::Error| Error::Io {
            path: self.path.clone(),
            source: e,
        };
        let mut line = entry.to_line();
        self.file.lock().map_err(io)?;
        let result = (|| {
            // A line torn by a crash must not swallow this one: start on a fresh line.
            let len = self.file.metadata()?.len();
            if len > 0 {
                let mut last = [0u8];
                self.file.read_exact_at(&mut last, len - 1)?;
                if last[0] != b'\n' {
                    line.insert(0, '\n');
                }
            }
            self.file.write_all(line.as_bytes())?;
            self.file.sync_data()
        })();
        let unlocked = self.file.unlock();
        result.map_err(io)?;
        unlocked.map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(at: i64, card: &str, rating: Rating) -> Entry {
        Entry {
            at,
            event: Event::Review {
                card: card.into(),
                rating,
                secs: 4.5,
                mode: Mode::Flip,
            },
        }
    }

    #[test]
    fn lines_round_trip() {
        let entries = [
            review(1, "kk956qzgje", Rating::Good),
            Entry {
                at: 2,
                event: Event::Undo,
            },
            Entry {
                at: 3,
                event: Event::Bury {
                    card: "a,\"b\"\n日本".into(),
                },
            },
            Entry {
                at: 4,
                event: Event::Suspend { card: "x".into() },
            },
            Entry {
                at: 5,
                event: Event::Unsuspend { card: "x".into() },
            },
        ];
        for e in &entries {
            let line = e.to_line();
            assert_eq!(line.matches('\n').count(), 1, "one line: {line}");
            assert_eq!(Entry::parse(line.trim_end().as_bytes()).unwrap(), *e);
        }
        assert_eq!(
            entries[0].to_line(),
            "{\"at\":1,\"event\":\"review\",\"card\":\"kk956qzgje\",\"rating\":\"good\",\"secs\":4.5,\"mode\":\"flip\"}\n"
        );
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
        let mut w = LogWriter::open(dir.path()).unwrap();
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
    fn a_missing_data_directory_is_created_on_the_first_answer() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("not/yet/there");
        assert!(read(&data.join(LOG_FILE)).unwrap().entries.is_empty());
        let mut w = LogWriter::open(&data).unwrap();
        w.append(&review(1, "a", Rating::Easy)).unwrap();
        assert_eq!(
            read(&data.join(LOG_FILE)).unwrap().entries,
            vec![review(1, "a", Rating::Easy)]
        );
    }

    #[test]
    fn a_missing_log_is_empty_and_an_empty_one_too() {
        let dir = tempfile::tempdir().unwrap();
        let r = read(&dir.path().join(LOG_FILE)).unwrap();
        assert!(r.entries.is_empty() && r.warnings.is_empty());
        std::fs::write(dir.path().join(LOG_FILE), "").unwrap();
        assert!(read(&dir.path().join(LOG_FILE)).unwrap().entries.is_empty());
    }
}

//! Finished exams, kept in the synced data directory: one JSON line per exam in
//! `exams/<device>.jsonl`, each machine appending only to its own file (as the review log
//! does), so a synced folder never has two writers on one file. An append takes a lock, writes
//! the whole line at once and fsyncs before it returns; a failed one is cut off again.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{End, Exam, Outcome, SectionScore};
use crate::error::{Error, Result};

/// The folder of per-device exam results in the data directory.
pub const EXAM_DIR: &str = "exams";
/// The format of a result line.
pub const FORMAT: u32 = 1;

/// One finished exam, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub v: u32,
    /// When it ended, Unix ms.
    pub at: i64,
    pub started: i64,
    pub device: String,
    /// What it was drawn from, as shown (`aws-services › Amazon S3`).
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deck: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub count: usize,
    pub minutes: u32,
    pub seed: u64,
    pub right: usize,
    pub unanswered: usize,
    /// The share right, 0–1.
    pub score: f64,
    /// The share that passes.
    pub pass: f64,
    pub passed: bool,
    pub end: End,
    /// Seconds spent.
    pub secs: i64,
    pub sections: Vec<SectionScore>,
    /// The ids of the cards got wrong or left unanswered.
    #[serde(default)]
    pub wrong: Vec<String>,
}

impl Record {
    pub fn new(exam: &Exam, o: &Outcome, device: &str) -> Record {
        Record {
            v: FORMAT,
            at: o.finished,
            started: o.started,
            device: device.to_string(),
            scope: exam.scope.name.clone(),
            deck: exam.scope.deck.clone(),
            section: exam.scope.section.clone(),
            count: o.count,
            minutes: exam.minutes,
            seed: exam.seed,
            right: o.right,
            unanswered: o.unanswered,
            // Four decimals are plenty, and keep the line readable.
            score: (o.share() * 10_000.0).round() / 10_000.0,
            pass: exam.pass,
            passed: o.passed(),
            end: o.end,
            secs: o.secs,
            sections: o.sections.clone(),
            wrong: o.wrong.iter().map(|w| w.card.clone()).collect(),
        }
    }
}

/// The file this device appends its results to.
pub fn device_file(data_dir: &Path, device: &str) -> PathBuf {
    data_dir.join(EXAM_DIR).join(format!("{device}.jsonl"))
}

/// Append `record` to this device's results file; returns once it is on disk, with the file's
/// path. On failure the file is as it was.
pub fn append(data_dir: &Path, record: &Record) -> Result<PathBuf> {
    let path = device_file(data_dir, &record.device);
    let io = |e: std::io::Error| Error::Io {
        path: path.clone(),
        source: e,
    };
    let folder = data_dir.join(EXAM_DIR);
    std::fs::create_dir_all(&folder).map_err(|e| Error::DataDir {
        path: data_dir.into(),
        source: e,
    })?;
    let existed = path.exists();
    let mut file = OpenOptions::new()
        .append(true)
        .create(true)
        .read(true)
        .open(&path)
        .map_err(io)?;
    if !existed && let Ok(d) = File::open(&folder) {
        let _ = d.sync_all();
    }
    let mut line = serde_json::to_string(record).map_err(|e| io(std::io::Error::other(e)))?;
    line.push('\n');
    file.lock().map_err(io)?;
    let mut before = None;
    let result = (|| {
        let len = file.metadata()?.len();
        before = Some(len);
        // A line torn by a crash must not swallow this one.
        if len > 0 {
            let mut last = [0u8];
            file.read_exact_at(&mut last, len - 1)?;
            if last[0] != b'\n' {
                line.insert(0, '\n');
            }
        }
        file.write_all(line.as_bytes())?;
        file.sync_data()
    })();
    let result = match (result, before) {
        (Err(e), Some(len)) => {
            let _ = file.set_len(len).and_then(|_| file.sync_data());
            Err(e)
        }
        (r, _) => r,
    };
    let unlocked = file.unlock();
    result.and(unlocked).map_err(io)?;
    Ok(path)
}

/// Every device's results, newest first, and a warning for each line that could not be read.
pub fn read_all(data_dir: &Path) -> Result<(Vec<Record>, Vec<String>)> {
    let dir = data_dir.join(EXAM_DIR);
    let listing = match std::fs::read_dir(&dir) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((vec![], vec![])),
        Err(e) => {
            return Err(Error::Io {
                path: dir,
                source: e,
            });
        }
    };
    let mut files: Vec<PathBuf> = listing
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".jsonl") && !n.starts_with('.'))
        })
        .collect();
    files.sort();
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| Error::Io {
            path: path.clone(),
            source: e,
        })?;
        let name = crate::fsutil::display(&path);
        let (mut r, mut w) = parse(&bytes, &name);
        records.append(&mut r);
        warnings.append(&mut w);
    }
    records.sort_by_key(|r| std::cmp::Reverse(r.at));
    Ok((records, warnings))
}

/// The records of one file (shown as `name` in warnings); a damaged line is skipped with its
/// line number.
pub fn parse(bytes: &[u8], name: &str) -> (Vec<Record>, Vec<String>) {
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => records.push(r),
            Err(e) => warnings.push(format!("{name}:{}: damaged line skipped ({e})", i + 1)),
        }
    }
    (records, warnings)
}

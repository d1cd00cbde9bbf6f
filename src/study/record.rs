//! Writing what happens in a session: every action becomes a log entry that is on disk
//! (fsynced) before it changes anything in memory. Any front end gets the sequence
//! "stamp, append, apply" from here, and a failed write changes nothing.

use crate::error::Result;
use crate::review::log::{Entry, LogWriter};
use crate::review::{History, Scheduler};

/// Where entries go: the review log, or a test's stand-in.
pub trait Journal {
    fn append(&mut self, entry: &Entry) -> Result<()>;
}

impl Journal for LogWriter {
    fn append(&mut self, entry: &Entry) -> Result<()> {
        LogWriter::append(self, entry)
    }
}

/// The journal and the history it feeds, borrowed together for one action.
pub struct Recorder<'a, J: Journal> {
    pub journal: &'a mut J,
    pub history: &'a mut History,
    pub sched: &'a Scheduler,
}

impl<J: Journal> Recorder<'_, J> {
    /// Stamp `entry` with this machine's schedule, write it, then apply it to the history.
    /// On a failed write the history is untouched and the error is returned.
    pub fn write(&mut self, mut entry: Entry) -> Result<Entry> {
        self.history.stamp(&mut entry, self.sched);
        self.journal.append(&entry)?;
        self.history.apply(&entry, self.sched);
        Ok(entry)
    }
}

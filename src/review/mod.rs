//! Progress: the append-only review log, FSRS scheduling, replay and queues. No terminal code;
//! every function takes the time as a parameter.

mod ids;
pub mod leech;
pub mod log;
mod memory;
pub mod names;
pub mod queue;
pub mod replay;
pub mod schedule;
pub mod snapshot;
pub mod stats;

pub use leech::is_leech;
pub use log::{Entry, Event, LogWriter, Mode, Rating};
pub use queue::{Counts, Filter, Limits, Queue, StudyCard};
pub use replay::{History, replay};
pub use schedule::{CardState, Due, Phase, Preview, Scheduler};

//! A study session, UI-free: the order of cards, answers, undo and bury, the typed-answer and
//! multiple-choice forms of a card, and the summary. The terminal UI drives it.

pub mod browse;
pub mod choice;
pub mod record;
pub mod select;
pub mod session;
pub mod summary;
pub mod typing;

pub use choice::{Choice, choices};
pub use record::{Journal, Recorder};
pub use select::{Request, What, select};
pub use session::{Action, Session, SessionCard};
pub use summary::{Summary, summarize};
pub use typing::{Checked, Piece, Prompt, check, prompt};

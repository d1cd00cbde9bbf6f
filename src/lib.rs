//! kioku: flashcards from Markdown notes, with spaced repetition in the terminal.
//!
//! Data flows one way: `notes` (Markdown → outline → cards) → `deck` (TOML, card identity
//! across edits) → `review` (log, FSRS, queues) → `study` (a session) → the commands in `cmd`.
//! Only `main` and `cmd` print.

pub mod cache;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod collection;
pub mod config;
pub mod deck;
pub mod error;
pub mod exam;
pub mod fsutil;
pub mod import;
pub mod interop;
pub mod launch;
pub mod notes;
pub mod paths;
pub mod review;
pub mod study;
pub mod text;
pub mod tui;

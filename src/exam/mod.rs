//! A timed practice exam, UI-free: multiple-choice questions drawn across sections (`draw`),
//! answered in any order against a countdown, then scored overall and per section (`score`)
//! and saved per device (`results`). The time is always a parameter. An exam never touches
//! the review log: its answers change no schedule.

pub mod draw;
pub mod results;
pub mod score;

pub use draw::{
    Askable, Question, allocate, askable, can_choose, default_minutes, draw, seed_from,
};
pub use results::Record;
pub use score::{End, Outcome, SectionScore, Wrong};

/// The share of questions right that passes when `config.toml` sets no `exam_pass`: the AWS
/// SAA exam's scaled pass mark, 720 of 1000, read as a share.
pub const DEFAULT_PASS: f64 = 0.72;

/// `1:58:03`, or `9:59` under an hour; rounded up, so `0:00` only when the time is up.
pub fn clock(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// What the exam was drawn from, for the record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// As shown: `aws-services › Amazon S3`, `all decks`.
    pub name: String,
    pub deck: Option<String>,
    pub section: Option<String>,
}

/// An exam being sat.
#[derive(Clone, Debug)]
pub struct Exam {
    pub scope: Scope,
    pub questions: Vec<Question>,
    /// The option picked for each question, if any.
    pub answers: Vec<Option<usize>>,
    /// Questions marked for review.
    pub marked: Vec<bool>,
    /// The question shown.
    pub at: usize,
    pub started: i64,
    pub minutes: u32,
    pub seed: u64,
    /// The share of right answers that passes.
    pub pass: f64,
}

/// What the review grid shows for a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub answer: Option<usize>,
    pub marked: bool,
}

impl Exam {
    pub fn new(
        scope: Scope,
        questions: Vec<Question>,
        minutes: u32,
        seed: u64,
        pass: f64,
        now: i64,
    ) -> Exam {
        let n = questions.len();
        Exam {
            scope,
            questions,
            answers: vec![None; n],
            marked: vec![false; n],
            at: 0,
            started: now,
            minutes,
            seed,
            pass,
        }
    }

    /// When the time is up, in Unix ms.
    pub fn deadline(&self) -> i64 {
        self.started + i64::from(self.minutes) * 60_000
    }

    /// Milliseconds left at `now`, never below zero.
    pub fn left(&self, now: i64) -> i64 {
        (self.deadline() - now).max(0)
    }

    pub fn over(&self, now: i64) -> bool {
        now >= self.deadline()
    }

    pub fn current(&self) -> Option<&Question> {
        self.questions.get(self.at)
    }

    /// Answer the question shown with `option` (0-based), replacing an earlier answer. Refused
    /// (false) once the time is up, or for an option the question does not have.
    pub fn pick(&mut self, option: usize, now: i64) -> bool {
        let Some(q) = self.questions.get(self.at) else {
            return false;
        };
        if self.over(now) || option >= q.choice.options.len() {
            return false;
        }
        self.answers[self.at] = Some(option);
        true
    }

    /// Mark the question shown for review, or unmark it.
    pub fn toggle_mark(&mut self) {
        if let Some(m) = self.marked.get_mut(self.at) {
            *m = !*m;
        }
    }

    pub fn next(&mut self) {
        self.go(self.at + 1);
    }

    pub fn prev(&mut self) {
        self.go(self.at.saturating_sub(1));
    }

    /// Show question `i` (0-based; past the end, the last).
    pub fn go(&mut self, i: usize) {
        self.at = i.min(self.questions.len().saturating_sub(1));
    }

    pub fn cell(&self, i: usize) -> Cell {
        Cell {
            answer: self.answers.get(i).copied().flatten(),
            marked: self.marked.get(i).copied().unwrap_or(false),
        }
    }

    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }

    pub fn marked_count(&self) -> usize {
        self.marked.iter().filter(|m| **m).count()
    }

    pub fn unanswered(&self) -> usize {
        self.questions.len() - self.answered()
    }
}

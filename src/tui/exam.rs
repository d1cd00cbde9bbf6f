//! The practice exam on screen (`x` from home, or `kioku exam`): its plan, the questions
//! against the countdown, the review grid, the confirmations, and the score. The exam itself
//! (drawing, timing, scoring, saving) is `crate::exam`; nothing here writes the review log.

use super::app::{App, Msg, Screen};
use super::keys::Context;
use crate::exam::{
    Askable, End, Exam, Outcome, Record, Scope, default_minutes, draw, results, seed_from,
};
use crate::review::Filter;
use crate::study::Journal;

/// How many questions an exam has unless told: the SAA exam's 65.
pub const DEFAULT_COUNT: usize = 65;

/// What `kioku exam` (or `x` on home) asks for.
#[derive(Clone, Debug)]
pub struct Start {
    pub scope: Scope,
    /// Every askable card of the scope (`exam::askable`), drawn from when it starts.
    pub askable: Vec<Askable>,
    pub count: usize,
    /// `--minutes`; else two a question.
    pub minutes: Option<u32>,
    /// The questions are drawn, and their options ordered, by it.
    pub seed: u64,
    pub pass: f64,
}

/// The plan shown before the clock starts.
#[derive(Clone, Debug)]
pub struct Setup {
    pub start: Start,
    /// The number asked for (before it is cut to what is askable).
    pub asked: usize,
}

impl Setup {
    /// The number of questions the exam will have.
    pub fn count(&self) -> usize {
        self.start.count.min(self.start.askable.len())
    }

    pub fn minutes(&self) -> u32 {
        self.start
            .minutes
            .unwrap_or_else(|| default_minutes(self.count()))
    }

    /// The number of exam sections the questions are drawn across.
    pub fn sections(&self) -> usize {
        let mut names: Vec<&str> = self
            .start
            .askable
            .iter()
            .map(|q| q.section.as_str())
            .collect();
        names.sort();
        names.dedup();
        names.len()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    Submit,
    Quit,
}

/// Where the exam is while it is being sat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sitting {
    Question,
    /// The review grid, with the question highlighted in it.
    Grid {
        at: usize,
    },
    /// Asked whether to submit or quit; `grid`: the grid's highlight to go back to.
    Confirm {
        leave: Leave,
        grid: Option<usize>,
    },
}

/// A finished exam.
#[derive(Clone, Debug)]
pub struct Results {
    pub exam: Exam,
    pub outcome: Outcome,
    pub scroll: usize,
    /// Where in the data directory the result was saved, or why it was not.
    pub saved: Result<String, String>,
}

#[derive(Clone, Debug)]
pub enum Stage {
    Setup(Setup),
    Sitting {
        exam: Exam,
        view: Sitting,
        /// Lines scrolled down in a question too long for the screen.
        scroll: usize,
    },
    Results(Box<Results>),
}

pub struct ExamScreen {
    pub stage: Stage,
}

impl ExamScreen {
    pub fn context(&self) -> Context {
        match &self.stage {
            Stage::Setup(_) => Context::ExamSetup,
            Stage::Sitting { view, .. } => match view {
                Sitting::Question => Context::Exam,
                Sitting::Grid { .. } => Context::ExamGrid,
                Sitting::Confirm { .. } => Context::ExamConfirm,
            },
            Stage::Results(_) => Context::ExamResults,
        }
    }
}

/// Questions per row of the review grid on a screen `width` columns wide: rows of ten when
/// they fit, else of five, so a question's number says where it is.
pub fn grid_columns(width: u16, count: usize) -> usize {
    let cell = cell_width(count) as u16;
    if width >= 10 * cell {
        10
    } else if width >= 5 * cell {
        5
    } else {
        1
    }
}

/// A grid cell's columns: the number, the answer's letter, the mark, a gap.
pub fn cell_width(count: usize) -> usize {
    count.max(1).to_string().len() + 4
}

impl<J: Journal> App<J> {
    /// The exam plan for the highlighted node of home.
    pub(super) fn open_exam_from_home(&mut self, now: i64) {
        let Some(row) = self.selected_row() else {
            return;
        };
        let filter = row.filter();
        let scope = Scope {
            name: row.scope(),
            deck: (!row.deck.is_empty()).then(|| row.deck.clone()),
            section: (!row.path.is_empty()).then(|| row.path.join(" > ")),
        };
        let seed = seed_from(now);
        let askable = self.askable(&filter);
        self.open_exam(Start {
            scope,
            askable,
            count: DEFAULT_COUNT,
            minutes: None,
            seed,
            pass: self.collection.sched.settings.config.exam_pass,
        });
    }

    /// Every card `filter` selects that can be asked as multiple choice (suspended ones left
    /// out).
    pub fn askable(&self, filter: &Filter) -> Vec<Askable> {
        let h = &self.collection.history;
        crate::exam::askable(self.collection.decks(), filter, |id| h.is_suspended(id))
    }

    /// Show the exam's plan; its clock starts on Enter. With nothing askable, say so instead.
    pub fn open_exam(&mut self, start: Start) {
        if start.askable.is_empty() {
            self.inform(format!(
                "No card in {} can be asked as multiple choice (it takes a short answer and three others like it in the deck).",
                start.scope.name
            ));
            return;
        }
        let asked = start.count;
        self.notice = None;
        self.screen = Screen::Exam(Box::new(ExamScreen {
            stage: Stage::Setup(Setup { start, asked }),
        }));
    }

    pub(super) fn exam(&mut self, msg: Msg, now: i64) {
        // A key after the time ran out (before the tick noticed) ends the exam first.
        self.exam_tick(now);
        let Screen::Exam(e) = &mut self.screen else {
            return;
        };
        if msg == Msg::Help {
            self.help = true;
            return;
        }
        match &mut e.stage {
            Stage::Setup(s) => match msg {
                Msg::Up => {
                    let n = s.count();
                    s.start.count = (n / 5 + 1) * 5;
                    s.start.count = s.count();
                }
                Msg::Down => {
                    let n = s.count();
                    s.start.count = (n.saturating_sub(1) / 5 * 5).max(1);
                }
                Msg::Open => {
                    let decks = self.collection.decks();
                    let questions = draw(decks, &s.start.askable, s.count(), s.start.seed);
                    if questions.is_empty() {
                        // Only if the cards found askable could not be asked after all.
                        self.go_home();
                        self.warn("No question could be made of those cards.");
                        return;
                    }
                    let exam = Exam::new(
                        s.start.scope.clone(),
                        questions,
                        s.minutes(),
                        s.start.seed,
                        s.start.pass,
                        now,
                    );
                    e.stage = Stage::Sitting {
                        exam,
                        view: Sitting::Question,
                        scroll: 0,
                    };
                }
                Msg::Back => self.go_home(),
                _ => {}
            },
            Stage::Sitting { exam, view, scroll } => match *view {
                Sitting::Question => match msg {
                    Msg::Pick(i) => {
                        exam.pick(i, now);
                    }
                    Msg::Next | Msg::Prev => {
                        if msg == Msg::Next {
                            exam.next();
                        } else {
                            exam.prev();
                        }
                        *scroll = 0;
                    }
                    Msg::Mark => exam.toggle_mark(),
                    Msg::Grid => *view = Sitting::Grid { at: exam.at },
                    Msg::Submit => {
                        *view = Sitting::Confirm {
                            leave: Leave::Submit,
                            grid: None,
                        }
                    }
                    Msg::Back => {
                        *view = Sitting::Confirm {
                            leave: Leave::Quit,
                            grid: None,
                        }
                    }
                    Msg::Up => *scroll = scroll.saturating_sub(1),
                    Msg::Down => *scroll += 1,
                    Msg::PageUp => *scroll = scroll.saturating_sub(10),
                    Msg::PageDown => *scroll += 10,
                    _ => {}
                },
                Sitting::Grid { at } => {
                    let n = exam.questions.len();
                    let cols = grid_columns(self.size.map_or(80, |s| s.0), n);
                    let last = n.saturating_sub(1);
                    let at = match msg {
                        Msg::Prev => at.saturating_sub(1),
                        Msg::Next => (at + 1).min(last),
                        Msg::Up => at.checked_sub(cols).unwrap_or(at),
                        Msg::Down if at + cols <= last => at + cols,
                        _ => at,
                    };
                    *view = Sitting::Grid { at };
                    match msg {
                        Msg::Open => {
                            exam.go(at);
                            *scroll = 0;
                            *view = Sitting::Question;
                        }
                        Msg::Mark => {
                            if let Some(m) = exam.marked.get_mut(at) {
                                *m = !*m;
                            }
                        }
                        Msg::Submit => {
                            *view = Sitting::Confirm {
                                leave: Leave::Submit,
                                grid: Some(at),
                            }
                        }
                        Msg::Back => *view = Sitting::Question,
                        _ => {}
                    }
                }
                Sitting::Confirm { leave, grid } => match msg {
                    Msg::Open => {
                        let end = match leave {
                            Leave::Submit => End::Submitted,
                            Leave::Quit => End::Quit,
                        };
                        self.finish_exam(end, now);
                    }
                    Msg::Back => {
                        *view = match grid {
                            Some(at) => Sitting::Grid { at },
                            None => Sitting::Question,
                        }
                    }
                    _ => {}
                },
            },
            Stage::Results(r) => match msg {
                Msg::Up => r.scroll = r.scroll.saturating_sub(1),
                Msg::Down => r.scroll += 1,
                Msg::PageUp => r.scroll = r.scroll.saturating_sub(10),
                Msg::PageDown => r.scroll += 10,
                Msg::Open | Msg::Back => self.go_home(),
                _ => {}
            },
        }
    }

    /// The clock moved: an exam whose time is up ends, scored as it stands.
    pub(super) fn exam_tick(&mut self, now: i64) {
        if let Screen::Exam(e) = &self.screen
            && let Stage::Sitting { exam, .. } = &e.stage
            && exam.over(now)
        {
            self.finish_exam(End::Timeout, now);
        }
    }

    /// Ctrl-C in an exam: it is scored as quit and saved, so an exam cut short is not lost.
    pub(super) fn exam_interrupted(&mut self, now: i64) {
        self.exam_tick(now);
        if let Screen::Exam(e) = &self.screen
            && matches!(e.stage, Stage::Sitting { .. })
        {
            self.finish_exam(End::Quit, now);
        }
    }

    /// Score the exam, save the result (on disk before the score is shown) and show it.
    fn finish_exam(&mut self, end: End, now: i64) {
        let Screen::Exam(e) = &mut self.screen else {
            return;
        };
        let Stage::Sitting { exam, .. } = &e.stage else {
            return;
        };
        let exam = exam.clone();
        let outcome = exam.score(end, now);
        let places = &self.collection.places;
        // Named as the data directory holds it: the folder itself is in `kioku --help`.
        let saved = crate::paths::device_id(&places.state_dir)
            .and_then(|device| {
                results::append(&places.data_dir, &Record::new(&exam, &outcome, &device))?;
                Ok(format!("{}/{device}.jsonl", results::EXAM_DIR))
            })
            .map_err(|e| format!("{e}"));
        e.stage = Stage::Results(Box::new(Results {
            exam,
            outcome,
            scroll: 0,
            saved,
        }));
    }
}

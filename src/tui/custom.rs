//! The custom-study menu (`c` on a node of the home tree): what Anki users reach for before an
//! exam. More new cards today, study ahead, cram the whole node, or only the cards failed
//! lately; each asks for its number, then starts a session.

use super::app::{App, Msg, Screen};
use super::home::Row;
use super::input::{Edit, LineEdit};
use crate::study::select::more_new;
use crate::study::{Journal, What};

/// The choices, in menu order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// N more new cards today (for the rest of the day, counted everywhere).
    MoreNew,
    /// Cards due within the next N days, answered as normal reviews.
    Ahead,
    /// Every card of the node, due or not; answers change no schedule.
    Cram,
    /// Cards answered Again in the last N days.
    Failed,
}

impl Choice {
    pub const ALL: [Choice; 4] = [Choice::MoreNew, Choice::Ahead, Choice::Cram, Choice::Failed];

    pub fn label(self) -> &'static str {
        match self {
            Choice::MoreNew => "More new cards today",
            Choice::Ahead => "Study ahead: cards due in the next days",
            Choice::Cram => "Cram: every card, due or not (schedule unchanged)",
            Choice::Failed => "Failed cards: answered Again lately",
        }
    }

    /// What the number means, and its default; `None` when the choice needs no number.
    pub fn number(self) -> Option<(&'static str, u32)> {
        match self {
            Choice::MoreNew => Some(("how many more new cards", 10)),
            Choice::Ahead => Some(("days ahead", 2)),
            Choice::Cram => None,
            Choice::Failed => Some(("in the last how many days", 7)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    Menu,
    /// Typing the number for a choice.
    Number(Choice, LineEdit),
}

pub struct CustomMenu {
    /// The node studied.
    pub row: Row,
    pub selected: usize,
    pub stage: Stage,
    /// Why the last number was refused.
    pub error: Option<String>,
}

impl<J: Journal> App<J> {
    pub(super) fn open_custom(&mut self, row: Row) {
        self.screen = Screen::Custom(Box::new(CustomMenu {
            row,
            selected: 0,
            stage: Stage::Menu,
            error: None,
        }));
    }

    pub(super) fn custom(&mut self, msg: Msg, now: i64) {
        let Screen::Custom(m) = &mut self.screen else {
            return;
        };
        match &mut m.stage {
            Stage::Menu => match msg {
                Msg::Up => m.selected = m.selected.saturating_sub(1),
                Msg::Down => m.selected = (m.selected + 1).min(Choice::ALL.len() - 1),
                Msg::Help => self.help = true,
                Msg::Back => self.go_home(),
                Msg::Open => {
                    let choice = Choice::ALL[m.selected];
                    match choice.number() {
                        Some((_, default)) => {
                            let mut input = LineEdit::default();
                            input.set(&default.to_string());
                            m.stage = Stage::Number(choice, input);
                            m.error = None;
                        }
                        None => self.start_custom(choice, 0, now),
                    }
                }
                _ => {}
            },
            Stage::Number(choice, input) => match msg {
                Msg::Input(c) if c.is_ascii_digit() => {
                    input.apply(Edit::Insert(c));
                }
                Msg::Input(_) => m.error = Some("digits only".into()),
                Msg::Edit(e) => {
                    input.apply(e);
                }
                Msg::Back => {
                    m.stage = Stage::Menu;
                    m.error = None;
                }
                Msg::Open => match input.text().parse::<u32>() {
                    Ok(n) if n > 0 && n <= 9999 => {
                        let choice = *choice;
                        self.start_custom(choice, n, now);
                    }
                    _ => m.error = Some("a number from 1 to 9999".into()),
                },
                _ => {}
            },
        }
    }

    /// Start the chosen custom session on the menu's node. More new cards is written to the
    /// log first (so every count agrees for the rest of the day), then it is a normal session.
    fn start_custom(&mut self, choice: Choice, n: u32, now: i64) {
        let Screen::Custom(m) = &self.screen else {
            return;
        };
        let row = m.row.clone();
        let what = match choice {
            Choice::MoreNew => {
                let (mut rec, _) = self.parts();
                if let Err(e) = rec.write(more_new(n, now)) {
                    self.warn(format!("The extra new cards were not saved ({e})."));
                    return;
                }
                What::Due
            }
            Choice::Ahead => What::Ahead { days: n },
            Choice::Cram => What::Cram,
            Choice::Failed => What::Failed { days: n },
        };
        self.go_home();
        self.start(&row.filter(), what, row.scope(), now);
    }
}

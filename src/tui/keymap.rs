//! Key presses → messages. The only code that reads crossterm events.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{App, Journal, Msg, Screen};
use crate::review::log::{Mode, Rating};

/// What the keys mean depends on where the user is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Home,
    /// Typing a filter or an answer: letters are text.
    Typing,
    /// A flip or revealed card.
    Quiz,
    /// A multiple-choice question not yet answered: a–d pick.
    Choosing,
    Summary,
}

pub fn context<J: Journal>(app: &App<J>) -> Context {
    match &app.screen {
        Screen::Home if app.filtering => Context::Typing,
        Screen::Home => Context::Home,
        Screen::Quiz(q) if !q.revealed && q.card_mode() == Mode::Type => Context::Typing,
        Screen::Quiz(q) if !q.revealed && q.card_mode() == Mode::Choice => Context::Choosing,
        Screen::Quiz(_) => Context::Quiz,
        Screen::Summary(_) => Context::Summary,
    }
}

pub fn message(event: &Event, ctx: Context) -> Option<Msg> {
    let Event::Key(KeyEvent {
        code,
        modifiers,
        kind,
        ..
    }) = event
    else {
        return None;
    };
    if *kind == KeyEventKind::Release {
        return None;
    }
    if modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(code, KeyCode::Char('c')).then_some(Msg::Quit);
    }
    let msg = match (ctx, code) {
        (_, KeyCode::Up) => Msg::Up,
        (_, KeyCode::Down) => Msg::Down,
        (_, KeyCode::PageUp) => Msg::PageUp,
        (_, KeyCode::PageDown) => Msg::PageDown,
        (_, KeyCode::Enter) => Msg::Open,
        (_, KeyCode::Esc) => Msg::Back,
        (Context::Typing, KeyCode::Backspace) => Msg::Erase,
        (Context::Typing, KeyCode::Char(c)) => Msg::Input(*c),
        (_, KeyCode::Home) => Msg::Top,
        (_, KeyCode::End) => Msg::Bottom,
        (_, KeyCode::Char('?')) => Msg::Help,
        (_, KeyCode::Char('q')) => Msg::Back,
        (Context::Home, KeyCode::Char('k')) => Msg::Up,
        (Context::Home, KeyCode::Char('j')) => Msg::Down,
        (Context::Home, KeyCode::Char('g')) => Msg::Top,
        (Context::Home, KeyCode::Char('G')) => Msg::Bottom,
        (Context::Home, KeyCode::Char('a')) => Msg::AllDue,
        (Context::Home | Context::Summary, KeyCode::Char('m')) => Msg::Missed,
        (Context::Home, KeyCode::Char('t')) => Msg::NextMode,
        (Context::Home, KeyCode::Char('/')) => Msg::StartFilter,
        (Context::Choosing, KeyCode::Char(c @ 'a'..='d')) => Msg::Pick(*c as usize - 'a' as usize),
        (Context::Choosing | Context::Quiz, KeyCode::Char(c @ '1'..='4')) => {
            Msg::Rate(Rating::ALL[*c as usize - '1' as usize])
        }
        (Context::Quiz, KeyCode::Char(' ')) => Msg::Reveal,
        (Context::Quiz | Context::Choosing, KeyCode::Char('u')) => Msg::Undo,
        (Context::Quiz | Context::Choosing, KeyCode::Char('s')) => Msg::Bury,
        (Context::Quiz | Context::Choosing, KeyCode::Char('o')) => Msg::OpenImage,
        (Context::Quiz | Context::Choosing, KeyCode::Char('e')) => Msg::Edit,
        _ => return None,
    };
    Some(msg)
}

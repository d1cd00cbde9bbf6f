//! Key presses → messages, through the one key table (`keys`). The only code that reads
//! crossterm events.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{App, Msg, Screen};
use super::browser::View as BrowserView;
use super::custom::Stage;
use super::keys::{self, Context, Key};
use super::quiz::{Ask, Overlay};
use crate::study::Journal;

/// Where the user is, as far as the keys are concerned.
pub fn context<J: Journal>(app: &App<J>) -> Context {
    if app.too_small() {
        return Context::TooSmall;
    }
    screen_context(app)
}

/// The screen's own context, whatever the terminal's size (for the help overlay).
pub fn screen_context<J: Journal>(app: &App<J>) -> Context {
    match &app.screen {
        Screen::Home if app.filtering => Context::HomeFilter,
        Screen::Home => Context::Home,
        Screen::Quiz(q) => match (&q.overlay, &q.ask) {
            (Some(Overlay::FlagNote(_)), _) => Context::FlagNote,
            (Some(Overlay::Leech { .. }), _) => Context::Leech,
            (None, a) if a.revealed() => Context::Answer,
            (None, Ask::Flip { .. }) => Context::Question,
            (None, Ask::Type { editing: true, .. }) => Context::Typing,
            (None, Ask::Type { .. }) => Context::TypeIdle,
            (None, Ask::Choice { .. }) => Context::Choosing,
        },
        Screen::Summary(_) => Context::Summary,
        Screen::Custom(m) => match m.stage {
            Stage::Menu => Context::Custom,
            Stage::Number(..) => Context::CustomInput,
        },
        Screen::Browser(b) => match b.view {
            BrowserView::List if b.searching => Context::BrowserSearch,
            BrowserView::List => Context::Browser,
            BrowserView::Card { .. } => Context::CardView,
        },
        Screen::Stats(_) => Context::Stats,
        Screen::Exam(e) => e.context(),
    }
}

/// A crossterm key as the table names it.
fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Key> {
    if modifiers.contains(KeyModifiers::CONTROL) {
        return match code {
            KeyCode::Char(c) => Some(Key::Ctrl(c.to_ascii_lowercase())),
            _ => None,
        };
    }
    Some(match code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

pub fn message(event: &Event, ctx: Context) -> Option<Msg> {
    match event {
        Event::Resize(w, h) => Some(Msg::Resize(*w, *h)),
        Event::Key(KeyEvent {
            code,
            modifiers,
            kind,
            ..
        }) if *kind != KeyEventKind::Release => keys::lookup(ctx, key(*code, *modifiers)?),
        _ => None,
    }
}

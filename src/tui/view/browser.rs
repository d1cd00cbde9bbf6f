//! The card browser: a table of cards, or one card with its history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::study::Journal;
use crate::tui::app::App;
use crate::tui::browser::Browser;

pub fn draw<J: Journal>(app: &App<J>, b: &Browser, frame: &mut Frame, area: Rect, t: Theme) {
    let _ = app;
    let lines: Vec<Line> = b
        .ids
        .iter()
        .map(|i| Line::styled(i.clone(), t.dim()))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

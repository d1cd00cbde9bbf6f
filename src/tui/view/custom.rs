//! The custom-study menu.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::wrap::wrap_all;
use crate::study::Journal;
use crate::tui::app::App;
use crate::tui::custom::{Choice, CustomMenu, Stage};

pub fn draw<J: Journal>(app: &App<J>, m: &CustomMenu, frame: &mut Frame, area: Rect, t: Theme) {
    let [body, status, keys] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut lines = vec![
        Line::styled(format!("Custom study: {}", m.row.scope()), t.title()),
        Line::raw(""),
    ];
    for (i, c) in Choice::ALL.iter().enumerate() {
        let text = format!("{} {}", if i == m.selected { "›" } else { " " }, c.label());
        lines.push(if i == m.selected {
            Line::styled(text, t.selected())
        } else {
            Line::raw(text)
        });
    }
    lines.push(Line::raw(""));
    let left = crate::review::queue::new_left_today(
        &app.collection.history,
        &app.collection.sched,
        app.now,
    );
    lines.push(Line::styled(
        format!(
            "New cards left today: {left} of {}.",
            app.collection.sched.settings.config.new_per_day
        ),
        t.dim(),
    ));
    lines.push(Line::styled(
        "Cram answers are logged and count as missed or right, but move no due date.",
        t.dim(),
    ));
    frame.render_widget(Paragraph::new(wrap_all(lines, body.width as usize)), body);
    let line = match (&m.stage, &m.error) {
        (Stage::Number(c, input), err) => {
            let (what, _) = c.number().unwrap_or(("", 0));
            let mut l = super::quiz::input_line(&format!("{what}: "), input, true, t);
            if let Some(e) = err {
                l.spans
                    .push(ratatui::text::Span::styled(format!("  {e}"), t.bad()));
            }
            l
        }
        (Stage::Menu, _) => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(line), status);
    let ctx = crate::tui::keymap::screen_context(app);
    frame.render_widget(Paragraph::new(super::footer(ctx, keys.width, t)), keys);
}

//! The end of a session: how it went, per section, and the cards missed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::wrap::wrap_all;
use crate::tui::app::{Done, plural};
use crate::tui::keys::{self, Context};

pub fn draw(d: &Done, frame: &mut Frame, area: Rect, t: Theme) {
    let s = &d.summary;
    let mut lines = vec![
        Line::styled(format!("Session done: {}", d.scope), t.title()),
        Line::raw(""),
        Line::raw(format!(
            "{}, {}, {} right, {}:{:02}",
            plural(s.cards, "card", "cards"),
            plural(s.answers, "answer", "answers"),
            s.accuracy
                .map_or("–".into(), |a| format!("{:.0}%", a * 100.0)),
            s.seconds / 60,
            s.seconds % 60
        )),
        Line::raw(format!("due tomorrow: {}", s.due_tomorrow)),
        Line::raw(""),
    ];
    for (name, ok, n) in &s.sections {
        lines.push(Line::raw(format!("  {name}: {ok}/{n}")));
    }
    if !s.missed.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Missed ({}):", s.missed.len()),
            t.bad(),
        ));
        for (_, front, back) in &s.missed {
            let answer = back
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim_start_matches("- ");
            lines.push(Line::from(vec![
                Span::raw(format!("  {front} → ")),
                Span::styled(answer.to_string(), t.dim()),
            ]));
        }
    }
    lines.push(Line::raw(""));
    let keys = if s.missed.is_empty() {
        "enter home".to_string()
    } else {
        keys::footer(Context::Summary, area.width as usize)
    };
    lines.push(Line::styled(keys, t.dim()));
    frame.render_widget(Paragraph::new(wrap_all(lines, area.width as usize)), area);
}

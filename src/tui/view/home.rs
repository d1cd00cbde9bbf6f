//! The home screen: the tree of decks and sections with their counts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::wrap::clip;
use crate::study::Journal;
use crate::text::width;
use crate::tui::app::{App, Notice};

pub fn draw<J: Journal>(app: &App<J>, frame: &mut Frame, area: Rect, t: Theme) {
    let [title, head, list, bottom, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("kioku 記憶", t.title()),
            Span::raw(clip(
                &format!("  mode: {} · {}", app.mode.as_str(), app.source),
                (title.width as usize).saturating_sub(10),
            )),
        ])),
        title,
    );
    // Four count columns, as wide as their widest value (`20 (24)`: what today allows, and
    // the total); short headings on a narrow screen.
    let heads = if list.width < 60 {
        ["new", "lrn", "due", "mis"]
    } else {
        crate::review::queue::COLUMNS
    };
    let rows = app.visible();
    let wide = list.width >= 60;
    let mut widths = heads.map(|h| width(h).max(if wide { 6 } else { 3 }));
    for r in &rows {
        for (w, x) in widths.iter_mut().zip(r.counts.column_widths(app.new_left)) {
            *w = (*w).max(x);
        }
    }
    let counts_w = (widths.iter().sum::<usize>() + 3) as u16;
    let name_w = list.width.saturating_sub(counts_w + 1);
    let cols = |v: &[String; 4]| {
        v.iter()
            .zip(widths)
            .map(|(x, w)| format!("{x:>w$}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{}{}",
                " ".repeat(name_w as usize + 1),
                cols(&heads.map(String::from))
            ),
            t.dim(),
        )),
        head,
    );
    let height = list.height as usize;
    let first = app.selected.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| {
            // While filtering, a match shows where it is: `特徴  (aws › Amazon S3)`.
            let parent = if app.filter.is_empty() {
                String::new()
            } else {
                r.parent()
            };
            let name = if parent.is_empty() {
                format!("{}{}", "  ".repeat(r.depth), r.label)
            } else {
                format!("{}  ({parent})", r.label)
            };
            let label = clip(&name, name_w as usize);
            let pad = " ".repeat((name_w as usize).saturating_sub(width(&label)));
            let text = format!("{label}{pad} {}", cols(&r.counts.columns(app.new_left)));
            let style = if i == app.selected {
                t.selected()
            } else if r.depth == 0 {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let status = if app.filtering || !app.filter.is_empty() {
        super::quiz::input_line("/", &app.filter, app.filtering, t)
    } else if let Some(n) = &app.notice {
        notice_line(n, bottom.width, t)
    } else if rows.is_empty() {
        Line::styled("no decks", t.dim())
    } else {
        let next = match app.next_due {
            _ if app.ready > 0 => {
                let ready = format!(
                    "{} to study now",
                    crate::tui::app::plural(app.ready, "card", "cards")
                );
                let more = format!("{ready} · a studies everything due");
                if width(&more) <= bottom.width as usize {
                    more
                } else {
                    ready
                }
            }
            Some(at) => format!(
                "nothing due now · {} · c custom study",
                crate::review::queue::next_text(Some(at), app.now, &app.collection.sched)
            ),
            None => "nothing scheduled · c custom study".into(),
        };
        Line::styled(next, t.dim())
    };
    frame.render_widget(Paragraph::new(status), bottom);
    let ctx = super::super::keymap::screen_context(app);
    frame.render_widget(Paragraph::new(super::footer(ctx, keys.width, t)), keys);
}

/// A notice, clipped to one line: a problem stands out, information does not.
pub fn notice_line(n: &Notice, w: u16, t: Theme) -> Line<'static> {
    let text = clip(&n.text, w as usize);
    if n.problem {
        Line::styled(text, t.bad())
    } else {
        Line::styled(text, t.good())
    }
}

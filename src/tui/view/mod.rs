//! Drawing the app state, one file per screen. Wide characters are laid out with
//! unicode-width; text wraps at spaces for English and anywhere for Japanese, never splitting
//! a wide character (`wrap`). Card Markdown is rendered from pulldown-cmark's events
//! (`markdown`).

pub mod browser;
pub mod custom;
pub mod exam;
pub mod home;
pub mod markdown;
pub mod quiz;
pub mod stats;
pub mod summary;
pub mod theme;
pub mod wrap;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Screen};
use super::keys;
use crate::study::Journal;
pub use markdown::markdown;
pub use theme::Theme;
pub use wrap::{clip, wrap, wrap_all};

pub fn view<J: Journal>(app: &App<J>, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = vec![
            Line::raw("terminal too small"),
            Line::raw(format!("(need {MIN_WIDTH}×{MIN_HEIGHT})")),
            Line::raw("q quits"),
        ];
        let h = 3.min(area.height);
        let r = Rect {
            x: area.x,
            y: area.y + area.height.saturating_sub(h) / 2,
            width: area.width,
            height: h,
        };
        frame.render_widget(Paragraph::new(msg).alignment(Alignment::Center), r);
        return;
    }
    match &app.screen {
        Screen::Home => home::draw(app, frame, area, theme),
        Screen::Quiz(q) => quiz::draw(app, q, frame, area, theme),
        Screen::Summary(d) => summary::draw(d, frame, area, theme),
        Screen::Custom(m) => custom::draw(app, m, frame, area, theme),
        Screen::Browser(b) => browser::draw(app, b, frame, area, theme),
        Screen::Stats(s) => stats::draw(app, s, frame, area, theme),
        Screen::Exam(e) => exam::draw(app, e, frame, area, theme),
    }
    if app.help {
        help(super::keymap::screen_context(app), frame, area, theme);
    }
}

/// The `?` overlay: every key of the screen, from the one key table.
fn help(ctx: keys::Context, frame: &mut Frame, area: Rect, t: Theme) {
    let w = 60.min(area.width);
    let inner = (w as usize).saturating_sub(2);
    let key_w = keys::rows(ctx)
        .iter()
        .map(|r| crate::text::width(r.keys))
        .max()
        .unwrap_or(0)
        .min(inner / 3);
    // Keys in a column of their own; descriptions wrap under themselves.
    let mut lines: Vec<Line> = vec![Line::styled(ctx.title().to_string(), t.dim())];
    for r in keys::rows(ctx) {
        let k = clip(r.keys, key_w);
        let pad = " ".repeat(key_w.saturating_sub(crate::text::width(&k)));
        let spans = [
            Span::styled(format!("{pad}{k}  "), t.title()),
            Span::raw(r.does.to_string()),
        ];
        lines.extend(wrap(&spans, inner, key_w + 2));
    }
    lines.push(Line::raw(""));
    lines.extend(wrap(
        &[Span::styled(
            "ctrl-c quits anywhere · ? or esc closes",
            t.dim(),
        )],
        inner,
        0,
    ));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, r);
    clear_wide_edges(frame.buffer_mut(), r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" keys ")),
        r,
    );
}

/// A box drawn over Japanese text: a wide character that straddles the box's left edge would
/// be drawn over its border, and one cut at the right edge leaves half a cell; both become
/// spaces.
fn clear_wide_edges(buf: &mut ratatui::buffer::Buffer, r: Rect) {
    let area = buf.area;
    for y in r.top()..r.bottom() {
        if r.left() > area.left() {
            let cell = &mut buf[(r.left() - 1, y)];
            if crate::text::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
        if r.right() < area.right() {
            let cell = &mut buf[(r.right(), y)];
            if cell.symbol().is_empty() {
                cell.set_symbol(" ");
            }
        }
    }
}

/// The footer line for a screen: its most used keys that fit.
pub(crate) fn footer(ctx: keys::Context, width: u16, t: Theme) -> Line<'static> {
    Line::styled(keys::footer(ctx, width as usize), t.dim())
}

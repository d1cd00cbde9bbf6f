//! The card browser: a table of cards, or one card with its history.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::markdown::markdown;
use super::theme::Theme;
use super::wrap::{clip, wrap_all};
use crate::study::Journal;
use crate::study::browse::{self, Column, card_history, due_text, stability_text};
use crate::text::width;
use crate::tui::app::{App, plural};
use crate::tui::browser::{Browser, View};

pub fn draw<J: Journal>(app: &App<J>, b: &Browser, frame: &mut Frame, area: Rect, t: Theme) {
    let [title, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    match &b.view {
        View::List => list(app, b, frame, [title, body], t),
        View::Card { id, scroll } => card(app, id, *scroll, frame, [title, body], t),
    }
    let line = if b.searching || !b.search.is_empty() {
        super::quiz::input_line("/", &b.search, b.searching, t)
    } else if let Some(n) = &app.notice {
        super::home::notice_line(n, status.width, t)
    } else if !b.marked.is_empty() {
        Line::styled(
            format!(
                "{} marked: ! and f act on them",
                plural(b.marked.len(), "card", "cards")
            ),
            t.dim(),
        )
    } else {
        Line::raw("")
    };
    frame.render_widget(Paragraph::new(line), status);
    let ctx = crate::tui::keymap::screen_context(app);
    frame.render_widget(Paragraph::new(super::footer(ctx, keys.width, t)), keys);
}

/// A cell: text cut or padded to `w` columns (numbers on the right).
fn cell(s: &str, w: usize, right: bool) -> String {
    let s = clip(s, w);
    let pad = " ".repeat(w.saturating_sub(width(&s)));
    if right {
        format!("{pad}{s}")
    } else {
        format!("{s}{pad}")
    }
}

fn list<J: Journal>(
    app: &App<J>,
    b: &Browser,
    frame: &mut Frame,
    [title, body]: [Rect; 2],
    t: Theme,
) {
    let sorted = match b.sort {
        Some(s) => format!(
            " · by {}{}",
            s.column.as_str(),
            if s.descending { ", reversed" } else { "" }
        ),
        None => " · in note order".into(),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            clip(
                &format!("cards: {}{sorted}", b.rows.len()),
                title.width as usize,
            ),
            t.title(),
        )),
        title,
    );
    // Columns that fit: a narrow screen keeps state, due and the front.
    let w = body.width as usize;
    let wide = w >= 70;
    let several_decks = app.collection.index().len() > 1;
    let section_w = if several_decks { w / 3 } else { w / 4 }.min(36);
    let mut cols: Vec<(Column, &str, usize, bool)> = vec![(Column::State, "state", 10, false)];
    if wide {
        cols.insert(0, (Column::Section, "section", section_w, false));
        cols.push((Column::Kind, "kind", 8, false));
    }
    cols.push((Column::Due, "due", 7, true));
    if wide {
        cols.push((Column::Stability, "stab", 6, true));
        cols.push((Column::Lapses, "lapses", 6, true));
    }
    let fixed: usize = cols.iter().map(|c| c.2 + 1).sum::<usize>() + 2;
    let front_w = w.saturating_sub(fixed).max(8);
    let head: String = std::iter::once("  ".to_string())
        .chain(
            cols.iter()
                .map(|(_, h, w, r)| format!("{} ", cell(h, *w, *r))),
        )
        .chain(std::iter::once(cell("front", front_w, false)))
        .collect();
    let mut lines = vec![Line::styled(head, t.dim())];
    let height = (body.height as usize).saturating_sub(1);
    let first = b.selected.saturating_sub(height.saturating_sub(1));
    let s = &app.collection.sched;
    for (i, r) in b.rows.iter().enumerate().skip(first).take(height) {
        let mark = match (b.marked.contains(&r.id), r.flagged) {
            (true, _) => "* ",
            (false, true) => "F ",
            _ => "  ",
        };
        let mut text = String::from(mark);
        for (c, _, w, right) in &cols {
            let v = match c {
                // With several decks, the section alone does not say where a card is.
                Column::Section if several_decks => format!("{} › {}", r.deck, r.section),
                Column::Section => r.section.clone(),
                Column::Kind => r.kind.as_str().to_string(),
                Column::State if r.leech => format!("{} leech", r.state.as_str()),
                Column::State => r.state.as_str().to_string(),
                Column::Due => due_text(r, s, app.now),
                Column::Stability => stability_text(r),
                Column::Lapses => r.lapses.to_string(),
                _ => String::new(),
            };
            text.push_str(&cell(&v, *w, *right));
            text.push(' ');
        }
        text.push_str(&clip(&crate::text::join_lines(&r.front), front_w));
        lines.push(if i == b.selected {
            Line::styled(text, t.selected())
        } else {
            Line::raw(text)
        });
    }
    if b.rows.is_empty() {
        lines.push(Line::styled("no card matches", t.dim()));
    }
    frame.render_widget(Paragraph::new(lines), body);
}

fn card<J: Journal>(
    app: &App<J>,
    id: &str,
    scroll: usize,
    frame: &mut Frame,
    [title, body]: [Rect; 2],
    t: Theme,
) {
    let c = &app.collection;
    let Some((deck, card)) = c.find(id) else {
        frame.render_widget(Paragraph::new("this card is no longer in any deck"), body);
        return;
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            clip(
                &format!("{} › {}", deck.name, card.section_path()),
                title.width as usize,
            ),
            t.title(),
        )),
        title,
    );
    let s = &c.sched;
    let state = browse::status(&c.history, id, s, app.now);
    let mut about = vec![state.as_str().to_string(), card.kind.as_str().to_string()];
    let row = browse::rows(
        &[crate::review::StudyCard {
            deck: &deck.name,
            card,
        }],
        &c.history,
        s,
        &browse::Query::default(),
        app.now,
    );
    if let Some(r) = row.first() {
        let due = due_text(r, s, app.now);
        if !due.is_empty() {
            about.push(format!("due {due}"));
        }
        if r.stability.is_some() {
            about.push(format!("stability {}", stability_text(r)));
        }
        about.push(plural(r.lapses as usize, "lapse", "lapses"));
        if r.leech {
            about.push("leech".into());
        }
    }
    if let Some(f) = c.history.flag(id) {
        about.push(match &f.note {
            Some(n) => format!("flagged: {n}"),
            None => "flagged".into(),
        });
    }
    let source = match (&deck.source, card.line) {
        (Some(src), Some(line)) => format!("{src}:{line}"),
        (Some(src), None) => src.clone(),
        (None, _) => "a hand-written deck".into(),
    };
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![
        Line::styled(about.join(" · "), t.dim()),
        Line::styled(format!("from {source}"), t.dim()),
        Line::raw(""),
    ];
    lines.extend(markdown(&card.front, t));
    lines.push(Line::styled("─".repeat(body.width as usize), t.dim()));
    lines.extend(markdown(&card.back, t));
    lines.push(Line::raw(""));
    let history = card_history(&c.history, s, id);
    lines.push(Line::styled(
        format!("History: {}", plural(history.len(), "answer", "answers")),
        bold,
    ));
    let tz = s.time_zone().clone();
    for a in history.iter().rev() {
        let when = jiff::Timestamp::from_millisecond(a.at)
            .map(|ts| {
                ts.to_zoned(tz.clone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        let ivl = a.interval.map_or("no schedule change".to_string(), |i| {
            format!("→ {}", i.label())
        });
        lines.push(Line::from(vec![
            Span::raw(format!("{when}  ")),
            Span::styled(format!("{:<5}", a.rating.as_str()), bold),
            Span::raw(format!("  {:<6}  {ivl}", a.mode.as_str())),
        ]));
    }
    let lines = wrap_all(lines, body.width as usize);
    let overflow = lines.len().saturating_sub(body.height as usize);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll.min(overflow) as u16, 0)),
        body,
    );
}

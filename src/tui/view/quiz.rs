//! A card in a session: header, progress, the question in its mode, the answer, the rating
//! buttons with their intervals, and the footer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

use super::markdown::markdown;
use super::theme::Theme;
use super::wrap::{clip, wrap_all};
use crate::deck::Kind;
use crate::review::log::{Mode, Rating};
use crate::study::choice::service_question;
use crate::study::{Journal, Piece};
use crate::text::width;
use crate::tui::app::App;
use crate::tui::input::LineEdit;
use crate::tui::keys::Context;
use crate::tui::quiz::{Ask, Overlay, Quiz};

pub fn draw<J: Journal>(app: &App<J>, q: &Quiz, frame: &mut Frame, area: Rect, t: Theme) {
    let Some(sc) = q.session.current() else {
        return;
    };
    let card = &sc.card;
    let ctx = crate::tui::keymap::screen_context(app);
    let buttons = if ctx == Context::Answer {
        let state = app
            .collection
            .history
            .state(&card.id)
            .cloned()
            .unwrap_or_else(crate::review::CardState::new_card);
        let previews = app.collection.sched.preview(&card.id, &state, app.now);
        let proposed = q.ask.proposed();
        let mut spans = Vec::new();
        for p in previews {
            let name = match p.rating {
                Rating::Again => "Again",
                Rating::Hard => "Hard",
                Rating::Good => "Good",
                Rating::Easy => "Easy",
            };
            let style = if proposed == Some(p.rating) {
                t.selected()
            } else {
                Style::default()
            };
            // No-break spaces keep each button whole when the row wraps.
            spans.push(Span::styled(
                format!("{}\u{a0}{name}\u{a0}{}", p.rating as u8, p.label),
                style,
            ));
            spans.push(Span::raw("  "));
        }
        Line::from(spans)
    } else {
        Line::raw(match ctx {
            Context::Question => "space show the answer",
            Context::Typing => "type the answer",
            Context::TypeIdle => "i types · enter checks",
            Context::Choosing => "a–d or 1–4 to choose",
            _ => "",
        })
    };
    // The buttons wrap whole on a narrow screen; a hint is one line.
    let mut rows = wrap_all(vec![buttons], area.width as usize);
    if ctx != Context::Answer {
        rows.truncate(1);
    }
    rows.push(super::footer(ctx, area.width, t));
    let [top, gauge, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(rows.len() as u16),
    ])
    .areas(area);
    // Header: where the card is from. A service card's section would give its answer away.
    // Nor its deck's name, when the notes keep one file per service (`vault/KMS`).
    let place = if card.kind == Kind::Service {
        crate::study::choice::without_answers(&sc.deck, card)
    } else if card.shown_section().is_empty() {
        sc.deck.clone()
    } else {
        format!("{} › {}", sc.deck, card.shown_section().join(" › "))
    };
    let secs = (app.now - q.session.started_at).max(0) / 1000;
    let acc = q
        .session
        .accuracy()
        .map_or(String::new(), |a| format!("  {:.0}% right", a * 100.0));
    let right = format!("{acc}  {}:{:02}", secs / 60, secs % 60);
    let left = clip(
        &place,
        (top.width as usize).saturating_sub(width(&right) + 1),
    );
    let gap = " ".repeat((top.width as usize).saturating_sub(width(&left) + width(&right)));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(left, t.title()),
            Span::raw(gap),
            Span::raw(right),
        ])),
        top,
    );
    let (done, left_n) = q.session.progress(&app.collection.history, app.now);
    let total = (done + left_n).max(1);
    frame.render_widget(
        Gauge::default()
            .gauge_style(t.fg(Color::Green))
            .ratio(done as f64 / total as f64)
            .label(format!("{done}/{total}")),
        gauge,
    );

    let mode = q.ask.mode();
    let mut lines: Vec<Line> = Vec::new();
    let ask = match (mode, card.kind) {
        (Mode::Type | Mode::Choice, Kind::Term | Kind::KeyValue) => {
            Some("which term is this?".into())
        }
        (_, Kind::Section) => Some("what does this section list?".into()),
        (_, Kind::Service) => Some(service_question(&card.back)),
        (_, Kind::Cloze) => Some("fill the blank".into()),
        // A term answered by several facts asks for them, not for a definition.
        (_, Kind::Term) if facts_in(&card.back) >= 2 => {
            Some("what do your notes say about it?".into())
        }
        (_, Kind::Term | Kind::KeyValue) => Some("what is it?".into()),
        // A condition cut at its comma (`…場合、…`) asks what follows; a question or a how-to,
        // its answer.
        (_, Kind::Qa) if card.front.trim_end().ends_with('…') => Some("what follows?".into()),
        // `NG: VGWでECMP`: what not to do; the back says what to do.
        (_, Kind::Qa) if crate::notes::extract::counter_example(&card.front).is_some() => {
            Some("what is right instead?".into())
        }
        // `内訳は以下の通り。`: it announces the items that answer it.
        (_, Kind::Qa) if crate::notes::outline::leads_in(&card.front) => {
            Some("what does it list?".into())
        }
        (_, Kind::Qa) if asks(&card.front) => Some("answer it".into()),
        // A topic (`…が必要とされる背景`) or a statement over its details asks for them.
        (_, Kind::Qa) => Some("what do your notes say about it?".into()),
        _ => None,
    };
    if let Some(ask) = ask {
        lines.push(Line::styled(ask, t.dim()));
    }
    if let Some(ctx) = &card.context {
        lines.push(Line::styled(ctx.clone(), t.dim()));
    }
    let question = match &q.ask {
        Ask::Type { prompt, .. } => prompt.question.clone(),
        Ask::Choice { choice, .. } => choice.question.clone(),
        Ask::Flip { .. } => card.front.replacen(
            card.cloze.as_deref().unwrap_or("\u{0}"),
            crate::study::typing::BLANK,
            1,
        ),
    };
    lines.extend(markdown(&question, t));
    lines.push(Line::raw(""));
    match &q.ask {
        Ask::Type {
            prompt,
            input,
            editing,
            checked,
        } => {
            lines.push(input_line("> ", input, *editing && checked.is_none(), t));
            if let Some(c) = checked {
                let verdict = if c.correct {
                    Span::styled("✓ right", t.good())
                } else {
                    Span::styled("✗ not quite", t.bad())
                };
                lines.push(Line::from(vec![verdict]));
                if !c.correct {
                    let mut diff = vec![Span::raw("  ")];
                    for piece in &c.diff {
                        diff.push(match piece {
                            Piece::Same(s) => Span::raw(s.clone()),
                            Piece::Missing(s) => Span::styled(
                                format!("[{s}]"),
                                t.good().add_modifier(Modifier::UNDERLINED),
                            ),
                            Piece::Extra(s) => Span::styled(
                                format!("{{{s}}}"),
                                t.bad().add_modifier(Modifier::CROSSED_OUT),
                            ),
                        });
                    }
                    lines.push(Line::from(diff));
                    lines.push(Line::styled("  [missing] {extra}", t.dim()));
                }
                lines.push(Line::from(vec![
                    Span::styled("answer: ", t.dim()),
                    Span::styled(
                        prompt.answer.clone(),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                ]));
            }
        }
        Ask::Choice { choice, picked } => {
            for (i, o) in choice.options.iter().enumerate() {
                let mark = match picked {
                    Some(_) if i == choice.correct => Span::styled(" ✓", t.good()),
                    Some(p) if *p == i => Span::styled(" ✗", t.bad()),
                    _ => Span::raw(""),
                };
                let style = if picked.is_some() && i == choice.correct {
                    t.good()
                } else {
                    Style::default()
                };
                let letter = (b'a' + i as u8) as char;
                lines.push(Line::from(vec![
                    Span::styled(format!("{letter}. "), t.title()),
                    Span::styled(o.clone(), style),
                    mark,
                ]));
            }
        }
        Ask::Flip { .. } => {}
    }
    // The reveal adds what is not on the screen yet: the back in flip mode, the whole sentence
    // of a cloze (its answer is already shown in the type and choice modes).
    let reveal = match (mode, card.kind) {
        (_, Kind::Cloze) => Some(card.front.clone()),
        (Mode::Flip, _) => Some(card.back.clone()),
        _ => None,
    };
    if q.ask.revealed()
        && let Some(reveal) = reveal
    {
        lines.push(Line::styled("─".repeat(body.width as usize), t.dim()));
        lines.extend(markdown(&reveal, t));
        if card
            .tags
            .iter()
            .any(|x| x == crate::notes::extract::IMAGE_ANSWER_TAG)
        {
            lines.push(Line::styled(
                "The answer is in the image(s): press o to open the first one.",
                t.dim(),
            ));
        }
    }
    let lines = wrap_all(lines, body.width as usize);
    let overflow = lines.len().saturating_sub(body.height as usize);
    let scroll = q.scroll.min(overflow);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), body);

    let status_line = match (&q.overlay, &app.notice) {
        (Some(Overlay::FlagNote(note)), _) => input_line("flag note: ", note, true, t),
        (Some(Overlay::Leech { lapses, .. }), _) => Line::styled(
            format!(
                "Leech: that card has lapsed {lapses} times. ! suspends it, e edits its notes, enter goes on."
            ),
            t.bad(),
        ),
        (None, Some(n)) => super::home::notice_line(n, status.width, t),
        (None, None) if scroll < overflow => Line::styled("↓ more (↑↓ to scroll)", t.dim()),
        (None, None) => Line::raw(""),
    };
    frame.render_widget(
        Paragraph::new(wrap_all(vec![status_line], status.width as usize)),
        status,
    );
    frame.render_widget(Paragraph::new(rows), keys);
}

/// A text input on one line: its label, the text, and the cursor while it is being typed.
pub fn input_line(label: &str, input: &LineEdit, active: bool, t: Theme) -> Line<'static> {
    let (before, after) = input.split();
    let mut spans = vec![
        Span::styled(label.to_string(), t.title()),
        Span::raw(crate::text::sanitize(before).into_owned()),
    ];
    if active {
        spans.push(Span::styled("▏", t.title()));
    }
    spans.push(Span::raw(crate::text::sanitize(after).into_owned()));
    Line::from(spans)
}

/// The top-level items of an answer written as a Markdown list.
fn facts_in(back: &str) -> usize {
    back.lines()
        .filter(|l| l.starts_with("- ") || l.starts_with("* "))
        .count()
}

/// Whether a front is a question, a how-to or an exam scenario: it ends in a question mark
/// or a final `か`, says how (`…するには`, `…する方法`, `How …`, `What …`), or is a scenario of
/// several sentences.
fn asks(front: &str) -> bool {
    let t = front.trim_end().trim_end_matches([':', '：']);
    let lower = t.to_lowercase();
    t.ends_with(['?', '？', 'か'])
        || ["には", "方法", "手順"].iter().any(|e| t.ends_with(e))
        || t.matches(['。', '.']).count() >= 2
        || ["how ", "what ", "why ", "when ", "which ", "who "]
            .iter()
            .any(|w| lower.starts_with(w))
}

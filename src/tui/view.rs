//! Drawing the app state. Wide characters are laid out by ratatui (unicode-width); text wraps
//! at spaces for English and anywhere for Japanese, never splitting a wide character.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph};

use super::app::{App, Done, Journal, Quiz, Screen};
use crate::deck::Kind;
use crate::review::log::{Mode, Rating};
use crate::study::Piece;
use crate::text::width;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Colours, or none at all when `NO_COLOR` is set. Emphasis uses bold, underline and reverse,
/// which read on light and dark backgrounds alike.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme::from_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_no_color(value: Option<&std::ffi::OsStr>) -> Theme {
        Theme {
            color: value.is_none_or(|v| v.is_empty()),
        }
    }
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }
    fn dim(self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }
    fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    fn good(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    fn bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    fn code(self) -> Style {
        self.fg(Color::Yellow)
    }
    fn link(self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::UNDERLINED)
    }
}

pub fn view<J: Journal>(app: &App<J>, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = vec![
            Line::raw("terminal too small"),
            Line::raw(format!("(need {MIN_WIDTH}×{MIN_HEIGHT})")),
        ];
        let y = area.height.saturating_sub(2) / 2;
        let r = Rect {
            x: area.x,
            y: area.y + y,
            width: area.width,
            height: 2.min(area.height),
        };
        frame.render_widget(Paragraph::new(msg).alignment(Alignment::Center), r);
        return;
    }
    match &app.screen {
        Screen::Home => home(app, frame, area, theme),
        Screen::Quiz(q) => quiz(app, q, frame, area, theme),
        Screen::Summary(d) => summary(d, frame, area, theme),
    }
    if app.help {
        help(app, frame, area, theme);
    }
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Flip => "flip",
        Mode::Type => "type",
        Mode::Choice => "choice",
        Mode::Cram => "cram",
    }
}

fn home<J: Journal>(app: &App<J>, frame: &mut Frame, area: Rect, t: Theme) {
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
                &format!("  mode: {} · {}", mode_name(app.mode), app.source),
                (title.width as usize).saturating_sub(10),
            )),
        ])),
        title,
    );
    // Four count columns; narrower, with short headings, on a narrow screen.
    let (col, heads) = if list.width < 60 {
        (4, ["new", "lrn", "due", "mis"])
    } else {
        (6, ["new", "learn", "due", "missed"])
    };
    let counts_w = (4 * (col + 1) - 1) as u16;
    let name_w = list.width.saturating_sub(counts_w);
    let cols = |v: [String; 4]| {
        v.iter()
            .map(|x| format!("{x:>col$}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{}{}",
                " ".repeat(name_w as usize),
                cols(heads.map(String::from))
            ),
            t.dim(),
        )),
        head,
    );
    let rows = app.visible();
    let height = list.height as usize;
    let first = app.selected.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| {
            let label = clip(
                &format!("{}{}", "  ".repeat(r.depth), r.label),
                name_w as usize,
            );
            let pad = " ".repeat((name_w as usize).saturating_sub(width(&label)));
            let c = r.counts;
            let text = format!(
                "{label}{pad}{}",
                cols([c.new, c.learning, c.due, c.missed].map(|n| n.to_string()))
            );
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
        Line::from(vec![
            Span::styled("/", t.title()),
            Span::raw(crate::text::sanitize(&app.filter).into_owned()),
            Span::raw(if app.filtering { "▏" } else { "" }),
        ])
    } else if let Some(n) = &app.notice {
        Line::styled(crate::text::sanitize(n).into_owned(), t.bad())
    } else if rows.is_empty() {
        Line::styled("no decks", t.dim())
    } else {
        Line::raw("")
    };
    frame.render_widget(Paragraph::new(status), bottom);
    let help = "↑↓ move  enter study  m missed  a all due  t mode  / filter  ? help  q quit";
    frame.render_widget(
        Paragraph::new(Line::styled(clip(help, keys.width as usize), t.dim())),
        keys,
    );
}

fn quiz<J: Journal>(app: &App<J>, q: &Quiz, frame: &mut Frame, area: Rect, t: Theme) {
    let Some(sc) = q.session.current() else {
        return;
    };
    let card = &sc.card;
    let [top, gauge, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(area);
    // Header: where the card is from. A service card's section would give its answer away.
    let place = if card.kind == Kind::Service || card.section.is_empty() {
        sc.deck.clone()
    } else {
        format!("{} › {}", sc.deck, card.section_path())
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

    let mode = q.card_mode();
    let mut lines: Vec<Line> = Vec::new();
    let ask = match (mode, card.kind) {
        (Mode::Type | Mode::Choice, Kind::Term | Kind::KeyValue) => Some("which term is this?"),
        (_, Kind::Section) => Some("what does this section list?"),
        (_, Kind::Service) => Some("which service is this about?"),
        (_, Kind::Cloze) => Some("fill the blank"),
        (_, Kind::Term | Kind::KeyValue) => Some("what is it?"),
        _ => None,
    };
    if let Some(ask) = ask {
        lines.push(Line::styled(ask, t.dim()));
    }
    if let Some(ctx) = &card.context {
        lines.push(Line::styled(ctx.clone(), t.dim()));
    }
    let question = match (mode, &q.prompt, &q.choice) {
        (Mode::Type, Some(p), _) => p.question.clone(),
        (Mode::Choice, _, Some(c)) => c.question.clone(),
        _ => card.front.replacen(
            card.cloze.as_deref().unwrap_or("\u{0}"),
            crate::study::typing::BLANK,
            1,
        ),
    };
    lines.extend(markdown(&question, t));
    lines.push(Line::raw(""));
    match mode {
        Mode::Type => {
            lines.push(Line::from(vec![
                Span::styled("> ", t.title()),
                Span::raw(q.typed.clone()),
                Span::raw(if q.revealed { "" } else { "▏" }),
            ]));
            if let (Some(c), Some(p)) = (&q.checked, &q.prompt) {
                let verdict = if c.correct {
                    Span::styled("✓ right", t.good())
                } else {
                    Span::styled("✗ not quite", t.bad())
                };
                lines.push(Line::from(vec![verdict]));
                let mut diff = vec![Span::raw("  ")];
                for piece in &c.diff {
                    diff.push(match piece {
                        Piece::Same(s) => Span::raw(s.clone()),
                        Piece::Missing(s) => {
                            Span::styled(s.clone(), t.good().add_modifier(Modifier::UNDERLINED))
                        }
                        Piece::Extra(s) => {
                            Span::styled(s.clone(), t.bad().add_modifier(Modifier::CROSSED_OUT))
                        }
                    });
                }
                lines.push(Line::from(diff));
                lines.push(Line::from(vec![
                    Span::styled("answer: ", t.dim()),
                    Span::styled(
                        p.answer.clone(),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                ]));
            }
        }
        Mode::Choice => {
            if let Some(c) = &q.choice {
                for (i, o) in c.options.iter().enumerate() {
                    let mark = match q.picked {
                        Some(_) if i == c.correct => Span::styled(" ✓", t.good()),
                        Some(p) if p == i => Span::styled(" ✗", t.bad()),
                        _ => Span::raw(""),
                    };
                    let style = if q.picked.is_some() && i == c.correct {
                        t.good()
                    } else {
                        Style::default()
                    };
                    lines.push(Line::from(vec![
                        Span::styled(format!("{}. ", i + 1), t.title()),
                        Span::styled(o.clone(), style),
                        mark,
                    ]));
                }
            }
        }
        Mode::Flip | Mode::Cram => {}
    }
    // The reveal adds what is not on the screen yet: the back in flip mode, the whole sentence
    // of a cloze (its answer is already shown in the type and choice modes).
    let reveal = match (mode, card.kind) {
        (_, Kind::Cloze) => Some(card.front.clone()),
        (Mode::Flip, _) => Some(card.back.clone()),
        _ => None,
    };
    if q.revealed
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

    let status_line = match &app.notice {
        Some(n) => Line::styled(crate::text::sanitize(n).into_owned(), t.bad()),
        None if scroll < overflow => Line::styled("↓ more (↑↓ to scroll)", t.dim()),
        None => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(status_line), status);
    let buttons = if q.revealed {
        let state = app
            .collection
            .history
            .state(&card.id)
            .cloned()
            .unwrap_or_else(crate::review::CardState::new_card);
        let previews = app.collection.sched.preview(&card.id, &state, app.now);
        let proposed = q.proposed();
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
        Line::raw(match mode {
            Mode::Flip | Mode::Cram => "space show answer",
            Mode::Type => "type the answer, enter to check",
            Mode::Choice => "1–4 or a–d to choose",
        })
    };
    let more = Line::styled(
        "u undo  s bury  o open image  e edit notes  ? help  q end",
        t.dim(),
    );
    let mut rows = wrap_all(vec![buttons], keys.width as usize);
    rows.push(Line::styled(
        clip(&more.spans[0].content, keys.width as usize),
        t.dim(),
    ));
    frame.render_widget(Paragraph::new(rows), keys);
}

fn summary(d: &Done, frame: &mut Frame, area: Rect, t: Theme) {
    let s = &d.summary;
    let mut lines = vec![
        Line::styled(format!("Session done: {}", d.scope), t.title()),
        Line::raw(""),
        Line::raw(format!(
            "{} cards, {} answers, {} right, {}:{:02}",
            s.cards,
            s.answers,
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
        "enter home"
    } else {
        "m review the missed cards now  enter home"
    };
    lines.push(Line::styled(keys, t.dim()));
    frame.render_widget(Paragraph::new(wrap_all(lines, area.width as usize)), area);
}

fn help<J: Journal>(app: &App<J>, frame: &mut Frame, area: Rect, t: Theme) {
    let keys: &[(&str, &str)] = match app.screen {
        Screen::Home => &[
            ("↑↓ j k", "move"),
            ("g G", "top, bottom"),
            ("enter", "study the highlighted deck or section"),
            ("m", "review its missed cards"),
            ("a", "study everything due"),
            ("t", "mode: flip, type, choice"),
            ("/", "filter by name"),
            ("q", "quit"),
        ],
        _ => &[
            ("space", "show the answer"),
            ("1–4", "Again, Hard, Good, Easy"),
            ("enter", "check / accept the proposed rating"),
            ("a–d", "choose an option (choice mode)"),
            ("u", "undo the last answer"),
            ("s", "bury until tomorrow"),
            ("o", "open the card's image"),
            ("e", "edit the notes at this card"),
            ("q esc", "end the session"),
        ],
    };
    let w = 52.min(area.width);
    let inner = (w as usize).saturating_sub(2);
    // Keys right-aligned in 8 columns; descriptions wrap under themselves.
    let mut lines: Vec<Line> = Vec::new();
    for (k, what) in keys {
        let spans = [
            Span::styled(format!("{k:>8}  "), t.title()),
            Span::raw(what.to_string()),
        ];
        lines.extend(wrap(&spans, inner, 10));
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
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" keys ")),
        r,
    );
}

/// Wrap styled text to `max` columns: English breaks at spaces, Japanese between any two
/// characters, and no wide character is ever split or pushed past the edge. Continuation lines
/// are indented by `hang` columns (list items hang under their text). A no-break space (U+00A0)
/// keeps its neighbours together and is drawn as a space.
pub fn wrap(spans: &[Span<'static>], max: usize, hang: usize) -> Vec<Line<'static>> {
    enum Tok {
        Space,
        Piece(String),
    }
    let mut toks: Vec<(Tok, Style)> = Vec::new();
    for span in spans {
        let mut word = String::new();
        for c in span.content.chars() {
            if c == ' ' || crate::text::is_wide(c) {
                if !word.is_empty() {
                    toks.push((Tok::Piece(std::mem::take(&mut word)), span.style));
                }
                toks.push((
                    if c == ' ' {
                        Tok::Space
                    } else {
                        Tok::Piece(c.to_string())
                    },
                    span.style,
                ));
            } else {
                word.push(if c == '\u{a0}' { ' ' } else { c });
            }
        }
        if !word.is_empty() {
            toks.push((Tok::Piece(word), span.style));
        }
    }
    let max = max.max(hang + 2);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    let push = |lines: &mut Vec<Vec<Span<'static>>>, text: String, style: Style| {
        let line = lines.last_mut().expect("a line");
        match line.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(&text),
            _ => line.push(Span::styled(text, style)),
        }
    };
    let newline = |lines: &mut Vec<Vec<Span<'static>>>, used: &mut usize| {
        lines.push(vec![Span::raw(" ".repeat(hang))]);
        *used = hang;
    };
    for (tok, style) in toks {
        match tok {
            Tok::Space => {
                if used > hang || lines.len() == 1 {
                    if used < max {
                        push(&mut lines, " ".into(), style);
                        used += 1;
                    } else {
                        newline(&mut lines, &mut used);
                    }
                }
            }
            Tok::Piece(text) => {
                let w = width(&text);
                // Japanese never starts a line with closing punctuation: take the character
                // before it along to the next line.
                let closing = text.chars().count() == 1
                    && text.starts_with([
                        '、', '。', '，', '．', '」', '』', '）', '】', '！', '？', 'ー',
                    ]);
                if used + w > max && used > hang && closing {
                    let carried = lines
                        .last_mut()
                        .and_then(|l| l.last_mut())
                        .and_then(|last| {
                            let c = last
                                .content
                                .chars()
                                .last()
                                .filter(|c| crate::text::is_wide(*c))?;
                            let keep = last.content.len() - c.len_utf8();
                            last.content.to_mut().truncate(keep);
                            Some((c, last.style))
                        });
                    newline(&mut lines, &mut used);
                    if let Some((c, st)) = carried {
                        push(&mut lines, c.to_string(), st);
                        used += 2;
                    }
                }
                if used + w > max && used > hang {
                    // Trailing spaces of the full line are not needed.
                    if let Some(last) = lines.last_mut().and_then(|l| l.last_mut()) {
                        let trimmed = last.content.trim_end().to_string();
                        *last.content.to_mut() = trimmed;
                    }
                    newline(&mut lines, &mut used);
                }
                if used + w <= max {
                    push(&mut lines, text, style);
                    used += w;
                } else {
                    // A word longer than a line: split it between characters.
                    for c in text.chars() {
                        let cw = width(c.encode_utf8(&mut [0; 4]));
                        if used + cw > max {
                            newline(&mut lines, &mut used);
                        }
                        push(&mut lines, c.to_string(), style);
                        used += cw;
                    }
                }
            }
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// Wrap every line of `lines` to `max` columns; a list item hangs under its text. Text from
/// the cards goes through the one sanitizer here, before widths are measured.
fn wrap_all(lines: Vec<Line<'static>>, max: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .map(|mut l| {
            for s in &mut l.spans {
                if let std::borrow::Cow::Owned(safe) = crate::text::sanitize(&s.content) {
                    s.content = safe.into();
                }
            }
            l
        })
        .flat_map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            let lead = text.len() - text.trim_start().len();
            let hang = lead
                + if text.trim_start().starts_with("• ") {
                    2
                } else {
                    0
                };
            let style = l.style;
            let spans: Vec<Span<'static>> = l
                .spans
                .into_iter()
                .map(|s| Span::styled(s.content, style.patch(s.style)))
                .collect();
            wrap(&spans, max, hang.min(max / 2))
        })
        .collect()
}

/// `s` (sanitized) cut to `max` columns, with `…` when cut.
fn clip(s: &str, max: usize) -> String {
    let s = &*crate::text::sanitize(s);
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(c.encode_utf8(&mut [0; 4])) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Card Markdown as styled lines: list bullets, indentation, code blocks, inline code,
/// emphasis, links, and images as `[image: alt] url`.
pub fn markdown(text: &str, t: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut in_code = false;
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push(Line::styled(raw.to_string(), t.code()));
            continue;
        }
        let indent = raw.len() - trimmed.len();
        let (prefix, rest) = match trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            Some(r) => (format!("{}• ", " ".repeat(indent)), r),
            None => (" ".repeat(indent), trimmed),
        };
        let mut spans = vec![Span::raw(prefix)];
        spans.extend(inline(rest, t));
        out.push(Line::from(spans));
    }
    out
}

fn inline(s: &str, t: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("![")
            && let Some((alt, url, after)) = link_parts(r)
        {
            flush(&mut spans, &mut plain);
            spans.push(Span::styled(format!("[image: {alt}]"), t.code()));
            spans.push(Span::styled(format!(" {url}"), t.link()));
            rest = after;
        } else if let Some(r) = rest.strip_prefix('[')
            && let Some((label, url, after)) = link_parts(r)
        {
            flush(&mut spans, &mut plain);
            spans.push(Span::styled(label.to_string(), t.link()));
            spans.push(Span::styled(format!(" ({url})"), t.dim()));
            rest = after;
        } else if let Some(r) = rest.strip_prefix('`')
            && let Some(end) = r.find('`')
        {
            flush(&mut spans, &mut plain);
            spans.push(Span::styled(r[..end].to_string(), t.code()));
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix("**")
            && let Some(end) = r.find("**")
        {
            flush(&mut spans, &mut plain);
            spans.push(Span::styled(
                r[..end].to_string(),
                Style::default().add_modifier(Modifier::BOLD),
            ));
            rest = &r[end + 2..];
        } else if let Some((mark, r)) = rest
            .strip_prefix('*')
            .map(|r| ('*', r))
            .or_else(|| rest.strip_prefix('_').map(|r| ('_', r)))
            && !r.starts_with([' ', mark])
            && let Some(end) = r.find(mark).filter(|&e| e > 0)
            // `_` inside a word (snake_case) is not emphasis.
            && (mark == '*'
                || (!s[..s.len() - rest.len()].chars().next_back().is_some_and(char::is_alphanumeric)
                    && !r[end + 1..].chars().next().is_some_and(char::is_alphanumeric)))
        {
            flush(&mut spans, &mut plain);
            spans.push(Span::styled(
                r[..end].to_string(),
                Style::default().add_modifier(Modifier::ITALIC),
            ));
            rest = &r[end + 1..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut spans, &mut plain);
    spans
}

fn flush(spans: &mut Vec<Span<'static>>, plain: &mut String) {
    if !plain.is_empty() {
        spans.push(Span::raw(std::mem::take(plain)));
    }
}

/// `label](url)rest` → (label, url, rest).
fn link_parts(s: &str) -> Option<(&str, &str, &str)> {
    let close = s.find("](")?;
    let end = s[close + 2..].find(')')? + close + 2;
    Some((&s[..close], &s[close + 2..end], &s[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn markdown_renders_lists_code_emphasis_links_and_images() {
        let t = Theme { color: true };
        let md = "- `ChangeInCapacity` を **必ず** *確認*\n  - [docs](https://aws.example/asg)\n- ![Shot 1](https://x/1.png)\n```\n- not a list\n```";
        let lines = markdown(md, t);
        let texts: Vec<String> = lines.iter().map(text).collect();
        assert_eq!(
            texts,
            [
                "• ChangeInCapacity を 必ず 確認",
                "  • docs (https://aws.example/asg)",
                "• [image: Shot 1] https://x/1.png",
                "- not a list",
            ]
        );
        let first = &lines[0].spans;
        assert_eq!(first[1].style, t.code(), "inline code");
        assert!(first[3].style.add_modifier.contains(Modifier::BOLD));
        assert!(first[5].style.add_modifier.contains(Modifier::ITALIC));
        assert_eq!(lines[1].spans[1].style, t.link());
        assert_eq!(lines[3].style, t.code(), "fenced code keeps its text");
        // An underscore inside a name is not emphasis.
        assert_eq!(text(&markdown("snake_case_name", t)[0]), "snake_case_name");
    }
}

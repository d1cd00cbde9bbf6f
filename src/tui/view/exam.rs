//! The practice exam: its plan, a question with the countdown, the review grid, the
//! confirmations, and the score. Marks are characters (`>` the answer picked, `*` marked, `·`
//! unanswered, `✓`/`✗` pass or fail), so nothing depends on colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::markdown::markdown;
use super::theme::Theme;
use super::wrap::{clip, wrap, wrap_all};
use crate::deck::Kind;
use crate::exam::{End, Exam, clock};
use crate::study::Journal;
use crate::text::width;
use crate::tui::app::{App, plural};
use crate::tui::exam::{
    DEFAULT_COUNT, ExamScreen, Leave, Results, Setup, Sitting, Stage, cell_width, grid_columns,
};
use crate::tui::keymap::screen_context;

pub fn draw<J: Journal>(app: &App<J>, e: &ExamScreen, frame: &mut Frame, area: Rect, t: Theme) {
    let [body, keys] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    match &e.stage {
        Stage::Setup(s) => setup(s, frame, body, t),
        Stage::Sitting { exam, view, scroll } => {
            match view {
                Sitting::Grid { at } | Sitting::Confirm { grid: Some(at), .. } => {
                    grid(app, exam, *at, frame, body, t)
                }
                _ => question(app, exam, *scroll, frame, body, t),
            }
            if let Sitting::Confirm { leave, .. } = view {
                confirm(exam, *leave, frame, body, t);
            }
        }
        Stage::Results(r) => results(r, frame, body, t),
    }
    let ctx = screen_context(app);
    frame.render_widget(Paragraph::new(super::footer(ctx, keys.width, t)), keys);
}

fn setup(s: &Setup, frame: &mut Frame, area: Rect, t: Theme) {
    let n = s.count();
    let askable = s.start.askable.len();
    let mut lines = vec![
        Line::styled(format!("Practice exam: {}", s.start.scope.name), t.title()),
        Line::raw(""),
        Line::from(vec![
            Span::styled(plural(n, "question", "questions"), t.good()),
            Span::raw(format!(
                " across {}, in proportion to their cards",
                plural(s.sections(), "section", "sections")
            )),
        ]),
    ];
    let mut about = format!(
        "of {} askable as multiple choice (suspended ones left out)",
        plural(askable, "card", "cards")
    );
    if s.asked > askable {
        about = format!(
            "only {} askable as multiple choice, not {} (suspended ones left out)",
            plural(askable, "card is", "cards are"),
            s.asked
        );
    }
    lines.push(Line::styled(about, t.dim()));
    let minutes = s.minutes();
    lines.push(Line::raw(match s.start.minutes {
        Some(_) => format!("{minutes} minutes"),
        None if n != DEFAULT_COUNT => {
            format!("{minutes} minutes (the SAA's 130 for {DEFAULT_COUNT}, scaled to {n})")
        }
        None => format!("{minutes} minutes, as the SAA's 130 for {DEFAULT_COUNT}"),
    }));
    lines.push(Line::raw(format!(
        "pass mark {:.0}% (exam_pass in config.toml)",
        s.start.pass * 100.0
    )));
    lines.push(Line::raw(format!(
        "seed {} (same seed, scope, count: same exam)",
        s.start.seed
    )));
    lines.push(Line::styled(
        "Answers change no schedule and are not in the review log. The clock starts on enter.",
        t.dim(),
    ));
    frame.render_widget(Paragraph::new(wrap_all(lines, area.width as usize)), area);
}

/// A question's text on one line, without list markers.
fn one_line(s: &str) -> String {
    let lines: Vec<&str> = s
        .lines()
        .map(|l| {
            let l = l.trim();
            l.strip_prefix("- ")
                .or_else(|| l.strip_prefix("* "))
                .unwrap_or(l)
        })
        .collect();
    crate::text::join_lines(&lines.join("\n"))
}

/// The top two lines of a question or the grid: which question, marked, the time left; the
/// scope and how many are answered and marked.
fn header<J: Journal>(
    app: &App<J>,
    exam: &Exam,
    frame: &mut Frame,
    [top, info]: [Rect; 2],
    t: Theme,
) {
    let left_ms = exam.left(app.now);
    let right = format!("{} left", clock(left_ms));
    let mut left = vec![Span::styled(
        format!("Question {} of {}", exam.at + 1, exam.questions.len()),
        t.title(),
    )];
    if exam.cell(exam.at).marked {
        left.push(Span::styled(
            " * marked",
            Style::default().add_modifier(Modifier::BOLD),
        ));
    }
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let gap = (top.width as usize)
        .saturating_sub(used + width(&right))
        .max(1);
    left.push(Span::raw(" ".repeat(gap)));
    // The last five minutes stand out (bold, and red where there is colour).
    left.push(if left_ms < 5 * 60_000 {
        Span::styled(right, t.bad())
    } else {
        Span::raw(right)
    });
    frame.render_widget(Paragraph::new(Line::from(left)), top);
    let counts = format!(
        " · {} answered · {} marked",
        exam.answered(),
        exam.marked_count()
    );
    let scope = clip(
        &exam.scope.name,
        (info.width as usize).saturating_sub(width(&counts)),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(format!("{scope}{counts}"), t.dim())),
        info,
    );
}

fn question<J: Journal>(
    app: &App<J>,
    exam: &Exam,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
    t: Theme,
) {
    let [top, info, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(1),
    ])
    .areas(area);
    header(app, exam, frame, [top, info], t);
    let Some(q) = exam.current() else {
        return;
    };
    let mut lines: Vec<Line> = vec![Line::raw("")];
    // A service card's section would give its answer away.
    if q.kind != Kind::Service && !q.path.is_empty() {
        lines.push(Line::styled(q.path.join(" › "), t.dim()));
    }
    let ask = match q.kind {
        Kind::Term | Kind::KeyValue => Some("which term is this?".to_string()),
        Kind::Service => q
            .choice
            .options
            .get(q.choice.correct)
            .map(|a| crate::study::choice::service_question(a)),
        Kind::Cloze => Some("fill the blank".to_string()),
        _ => None,
    };
    if let Some(ask) = ask {
        lines.push(Line::styled(ask, t.dim()));
    }
    if let Some(ctx) = &q.context {
        lines.push(Line::styled(ctx.clone(), t.dim()));
    }
    lines.extend(markdown(&q.choice.question, t));
    lines.push(Line::raw(""));
    let w = body.width as usize;
    let picked = exam.cell(exam.at).answer;
    let mut options = Vec::new();
    for (i, o) in q.choice.options.iter().enumerate() {
        let letter = (b'a' + i as u8) as char;
        let chosen = picked == Some(i);
        let style = if chosen {
            t.selected()
        } else {
            Style::default()
        };
        options.extend(wrap(
            &[
                Span::raw(if chosen { "> " } else { "  " }),
                Span::styled(format!("{letter}. "), t.title()),
                Span::styled(crate::text::sanitize(o).into_owned(), style),
            ],
            w,
            5,
        ));
    }
    let mut lines = wrap_all(lines, w);
    lines.extend(wrap_all(options, w));
    let overflow = lines.len().saturating_sub(body.height as usize);
    let scroll = scroll.min(overflow);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), body);
    let line = match (&app.notice, picked) {
        (Some(n), _) => super::home::notice_line(n, status.width, t),
        _ if scroll < overflow => Line::styled("↓ more (↑↓ to scroll)", t.dim()),
        (None, Some(p)) => Line::styled(
            format!(
                "answer: {} (another letter changes it)",
                (b'a' + p as u8) as char
            ),
            t.dim(),
        ),
        (None, None) => Line::styled("not answered yet", t.dim()),
    };
    frame.render_widget(Paragraph::new(clip_line(line, status.width)), status);
}

fn clip_line(l: Line<'static>, w: u16) -> Line<'static> {
    let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
    Line::styled(clip(&text, w as usize), l.style)
}

fn grid<J: Journal>(app: &App<J>, exam: &Exam, at: usize, frame: &mut Frame, area: Rect, t: Theme) {
    let [top, info, legend, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header(app, exam, frame, [top, info], t);
    frame.render_widget(
        Paragraph::new(Line::styled(
            clip("b: your answer  ·: none  *: marked", legend.width as usize),
            t.dim(),
        )),
        legend,
    );
    let n = exam.questions.len();
    let cols = grid_columns(body.width, n);
    let digits = n.max(1).to_string().len();
    let rows = n.div_ceil(cols);
    let height = body.height as usize;
    // Keep the highlighted row in view.
    let first = (at / cols)
        .saturating_sub(height.saturating_sub(1))
        .min(rows.saturating_sub(height));
    let mut lines = Vec::new();
    for r in (first..rows).take(height) {
        let mut spans = Vec::new();
        for i in r * cols..((r + 1) * cols).min(n) {
            let c = exam.cell(i);
            let letter = c.answer.map_or('·', |a| (b'a' + a as u8) as char);
            let cell = format!(
                "{:>digits$}{letter}{}",
                i + 1,
                if c.marked { '*' } else { ' ' }
            );
            let style = if i == at {
                t.selected()
            } else if c.answer.is_none() {
                t.dim()
            } else {
                Style::default()
            };
            spans.push(Span::styled(cell, style));
            spans.push(Span::raw(" ".repeat(cell_width(n) - digits - 2)));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), body);
    if let Some(q) = exam.questions.get(at) {
        let text = one_line(&q.choice.question);
        frame.render_widget(
            Paragraph::new(Line::raw(clip(
                &format!("{}. {text}", at + 1),
                status.width as usize,
            ))),
            status,
        );
    }
}

/// The question asked before submitting or quitting, over the screen.
fn confirm(exam: &Exam, leave: Leave, frame: &mut Frame, area: Rect, t: Theme) {
    let open = exam.unanswered();
    let text = match leave {
        Leave::Submit if open > 0 => format!(
            "Submit the exam? {} unanswered, counted as wrong; {} marked.",
            open,
            exam.marked_count()
        ),
        Leave::Submit => format!(
            "Submit the exam? Every question answered; {} marked.",
            exam.marked_count()
        ),
        Leave::Quit => format!(
            "Quit the exam? It is scored as it stands: {} unanswered, counted as wrong.",
            open
        ),
    };
    let w = 50.min(area.width);
    let inner = (w as usize).saturating_sub(2);
    let mut lines = wrap(&[Span::raw(text)], inner, 0);
    lines.push(Line::raw(""));
    lines.push(Line::styled("y yes · n no, back to the exam", t.title()));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL)),
        r,
    );
}

/// Text from the notes made safe before it is wrapped (so its width is the width shown).
fn safe(s: &str) -> String {
    crate::text::sanitize(s).into_owned()
}

/// `62:03`, the time spent.
fn spent(secs: i64) -> String {
    clock(secs * 1000)
}

fn results(r: &Results, frame: &mut Frame, area: Rect, t: Theme) {
    let o = &r.outcome;
    let w = area.width as usize;
    let verdict = if o.passed() {
        Span::styled("✓ PASS", t.good())
    } else {
        Span::styled("✗ FAIL", t.bad())
    };
    let mut lines = vec![
        Line::from(vec![
            verdict,
            Span::styled(format!("  practice exam: {}", r.exam.scope.name), t.title()),
        ]),
        Line::raw(format!(
            "{:.0}% right: {} of {} · pass mark {:.0}%",
            o.share() * 100.0,
            o.right,
            o.count,
            o.pass * 100.0
        )),
        Line::raw(format!(
            "{} after {} of {} minutes · seed {}",
            o.end.as_str(),
            spent(o.secs),
            r.exam.minutes,
            r.exam.seed
        )),
    ];
    if o.unanswered > 0 {
        lines.push(Line::raw(format!(
            "{} unanswered, counted as wrong",
            o.unanswered
        )));
    }
    if o.end == End::Timeout {
        lines.push(Line::styled(
            "The time ran out: scored as it stood.",
            t.dim(),
        ));
    }
    // A result that could not be saved says so at the top; a saved one where, at the end.
    if let Err(e) = &r.saved {
        lines.push(Line::styled(format!("not saved: {e}"), t.bad()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "By section, weakest first:",
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let longest = o.sections.iter().map(|s| width(&s.name)).max().unwrap_or(0);
    let name_w = longest.min(w.saturating_sub(14)).max(8);
    for s in o.weakest_first() {
        let name = clip(&s.name, name_w);
        let pad = " ".repeat(name_w.saturating_sub(width(&name)));
        lines.push(Line::raw(format!(
            "  {name}{pad} {:>5} {:>4.0}%",
            format!("{}/{}", s.right, s.total),
            s.share() * 100.0
        )));
    }
    lines.push(Line::raw(""));
    if o.wrong.is_empty() {
        lines.push(Line::styled("Every question right.", t.good()));
    } else {
        lines.push(Line::styled(
            format!("Missed ({}):", o.wrong.len()),
            t.bad(),
        ));
    }
    let mut missed = Vec::new();
    for m in &o.wrong {
        let number = format!("{:>3}. ", m.number);
        let hang = width(&number);
        missed.extend(wrap(
            &[Span::raw(number), Span::raw(safe(&one_line(&m.question)))],
            w,
            hang,
        ));
        let yours = m.picked.as_deref().unwrap_or("no answer");
        missed.extend(wrap(
            &[
                Span::raw(" ".repeat(hang)),
                Span::styled("answer: ", t.dim()),
                Span::styled(safe(&m.answer), t.good()),
                Span::styled(" · yours: ", t.dim()),
                Span::raw(safe(yours)),
            ],
            w,
            hang,
        ));
        missed.push(Line::styled(
            format!(
                "{}{}",
                " ".repeat(hang),
                m.source.as_deref().unwrap_or("a hand-written deck")
            ),
            t.dim(),
        ));
    }
    if let Ok(path) = &r.saved {
        missed.push(Line::raw(""));
        missed.push(Line::styled(
            format!("saved to {path} in the data directory (kioku exam --history lists them)"),
            t.dim(),
        ));
    }
    let mut lines = wrap_all(lines, w);
    lines.extend(wrap_all(missed, w));
    let overflow = lines.len().saturating_sub(area.height as usize);
    frame.render_widget(
        Paragraph::new(lines).scroll((r.scroll.min(overflow) as u16, 0)),
        area,
    );
}

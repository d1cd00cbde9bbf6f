//! The stats screen: a tab row, one panel, the footer. Shading and marks are characters, so
//! every chart reads without colour (NO_COLOR).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Chart, Dataset, GraphType, Paragraph, Row,
    Sparkline, Table, TableState,
};

use super::theme::Theme;
use super::wrap::{clip, wrap_all};
use crate::cmd::stats::{SHADES, heatmap_rows};
use crate::study::Journal;
use crate::tui::app::{App, plural};
use crate::tui::stats::{Panel, StatsScreen};

pub fn draw<J: Journal>(app: &App<J>, st: &StatsScreen, frame: &mut Frame, area: Rect, t: Theme) {
    let [tabs, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut spans = vec![Span::styled("stats ", t.title())];
    let all: usize = Panel::ALL
        .iter()
        .map(|p| p.title().len() + 2)
        .sum::<usize>()
        + 6;
    if all <= tabs.width as usize {
        for p in Panel::ALL {
            let name = format!(" {} ", p.title());
            spans.push(if p == st.panel {
                Span::styled(name, t.selected())
            } else {
                Span::styled(name, t.dim())
            });
        }
    } else {
        // Narrow: the panel shown and where it is among them.
        let at = Panel::ALL.iter().position(|&p| p == st.panel).unwrap_or(0);
        spans.push(Span::styled(
            format!(" {} ", st.panel.title()),
            t.selected(),
        ));
        spans.push(Span::styled(
            format!(" {}/{}", at + 1, Panel::ALL.len()),
            t.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
    match st.panel {
        Panel::Activity => activity(st, frame, body, t),
        Panel::Forecast => forecast(st, frame, body, t),
        Panel::Retention => retention(st, frame, body, t),
        Panel::Sections => sections(st, frame, body, t),
        Panel::Leeches => leeches(st, frame, body, t),
    }
    let line = match &app.notice {
        Some(n) => super::home::notice_line(n, status.width, t),
        None => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(line), status);
    let ctx = crate::tui::keymap::screen_context(app);
    frame.render_widget(Paragraph::new(super::footer(ctx, keys.width, t)), keys);
}

fn activity(st: &StatsScreen, frame: &mut Frame, area: Rect, t: Theme) {
    let s = &st.stats;
    let weeks = (area.width as usize).saturating_sub(3).min(53);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("streak ", t.dim()),
            Span::styled(
                plural(s.streak.current, "day", "days"),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!(" · longest {}", plural(s.streak.longest, "day", "days")),
                t.dim(),
            ),
        ]),
        Line::styled(
            format!(
                "reviews {} today · {} in 7 days · {} in 30 days",
                s.reviews.today, s.reviews.week, s.reviews.month
            ),
            t.dim(),
        ),
    ];
    let rows = heatmap_rows(s, weeks);
    let shown = rows[0].chars().count().saturating_sub(2);
    lines.push(Line::styled(
        format!("the last {shown} weeks, a column per week"),
        t.dim(),
    ));
    lines.extend(rows.into_iter().map(Line::raw));
    lines.push(Line::styled(
        format!(
            "{} none … {} the busiest day",
            SHADES[0],
            SHADES[SHADES.len() - 1]
        ),
        t.dim(),
    ));
    let k = &s.cards;
    lines.push(Line::styled(
        format!(
            "cards: {} new · {} learning · {} young · {} mature · {} suspended",
            k.new, k.learning, k.young, k.mature, k.suspended
        ),
        t.dim(),
    ));
    let text = wrap_all(lines, area.width as usize);
    let h = text.len() as u16;
    let [top, spark] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(text), top);
    // Answers per day for the days that fit, as a sparkline under it.
    if spark.height >= 3 {
        let n = (spark.width as usize).saturating_sub(2);
        let data: Vec<u64> = s.heatmap[s.heatmap.len().saturating_sub(n)..]
            .iter()
            .map(|&x| x as u64)
            .collect();
        frame.render_widget(
            Sparkline::default()
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .title(format!(" answers per day, the last {} days ", data.len())),
                )
                .data(data)
                .style(t.good()),
            spark,
        );
    }
}

fn forecast(st: &StatsScreen, frame: &mut Frame, area: Rect, t: Theme) {
    let f = &st.stats.forecast;
    let [head, chart] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    frame.render_widget(
        Paragraph::new(wrap_all(
            vec![Line::from(vec![
                Span::styled("due in the next 30 days · backlog ", t.dim()),
                Span::styled(
                    f.backlog.to_string(),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!(" overdue · {} today", f.days.first().copied().unwrap_or(0)),
                    t.dim(),
                ),
            ])],
            head.width as usize,
        )),
        head,
    );
    if f.days.iter().all(|&n| n == 0) {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "nothing falls due in the next 30 days",
                t.dim(),
            )),
            chart,
        );
        return;
    }
    // As many days as fit at two columns a day (a bar and a gap); the axis under it.
    let [bars_area, axis] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(1)]).areas(chart);
    let n = ((chart.width as usize) / 2).min(f.days.len());
    let bars: Vec<Bar> = f.days[..n]
        .iter()
        .map(|&v| Bar::default().value(v as u64).text_value(String::new()))
        .collect();
    frame.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(1)
            .bar_gap(1)
            .bar_style(t.good()),
        bars_area,
    );
    let mut ticks = String::new();
    for day in (0..n).step_by(7) {
        let label = if day == 0 {
            "today".to_string()
        } else {
            format!("+{day}d")
        };
        let at = day * 2;
        if ticks.len() <= at {
            ticks.push_str(&" ".repeat(at - ticks.len()));
            ticks.push_str(&label);
        }
    }
    let max = f.days[..n].iter().copied().max().unwrap_or(0);
    let line = format!("{ticks}   (tallest: {max})");
    frame.render_widget(
        Paragraph::new(Line::styled(clip(&line, axis.width as usize), t.dim())),
        axis,
    );
}

fn retention(st: &StatsScreen, frame: &mut Frame, area: Rect, t: Theme) {
    let r = &st.stats.retention;
    let points: Vec<(f64, f64)> = r
        .weeks
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.rate().map(|x| (i as f64, x * 100.0)))
        .collect();
    let last = r.weeks.len().saturating_sub(1) as f64;
    let target = [(0.0, r.desired * 100.0), (last, r.desired * 100.0)];
    let low = points
        .iter()
        .map(|p| p.1)
        .fold(r.desired * 100.0, f64::min)
        .min(70.0)
        .floor();
    let [head, chart] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    let month = match r.month.rate() {
        Some(x) => format!(
            "{:.0}% over 30 days ({} reviews)",
            x * 100.0,
            r.month.reviews
        ),
        None => "no reviews of learned cards in 30 days".into(),
    };
    frame.render_widget(
        Paragraph::new(wrap_all(
            vec![Line::styled(
                format!(
                    "true retention per week: • yours, · target {:.0}% · {month}",
                    r.desired * 100.0
                ),
                t.dim(),
            )],
            head.width as usize,
        )),
        head,
    );
    let first = r.weeks.first().map_or("", |w| w.start.as_str());
    let datasets = vec![
        Dataset::default()
            .name("target")
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(t.dim())
            .data(&target),
        Dataset::default()
            .name("yours")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.good())
            .data(&points),
    ];
    frame.render_widget(
        Chart::new(datasets)
            .x_axis(
                Axis::default()
                    .bounds([0.0, last.max(1.0)])
                    .labels([Line::raw(first.to_string()), Line::raw("this week")])
                    .style(t.dim()),
            )
            .y_axis(
                Axis::default()
                    .bounds([low, 100.0])
                    .labels([Line::raw(format!("{low:.0}%")), Line::raw("100%")])
                    .style(t.dim()),
            )
            // The line above the chart says which is which.
            .legend_position(None),
        chart,
    );
}

fn pct(x: Option<f64>) -> String {
    x.map_or("–".into(), |r| format!("{:.0}%", r * 100.0))
}

fn sections(st: &StatsScreen, frame: &mut Frame, area: Rect, t: Theme) {
    let wide = area.width >= 70;
    let name_w = if wide {
        area.width.saturating_sub(46)
    } else {
        area.width.saturating_sub(16)
    } as usize;
    let rows: Vec<Row> = st
        .stats
        .sections
        .iter()
        .map(|s| {
            let name = clip(&s.name(), name_w);
            let mut cells = vec![name, pct(s.retention()), s.lapses.to_string()];
            if wide {
                cells.extend([
                    s.cards.new.to_string(),
                    s.cards.learning.to_string(),
                    s.cards.young.to_string(),
                    s.cards.mature.to_string(),
                    s.stability.map_or("–".into(), |d| format!("{d:.1}d")),
                ]);
            }
            Row::new(cells)
        })
        .collect();
    let (header, widths): (Vec<&str>, Vec<Constraint>) = if wide {
        (
            vec![
                "section (weakest first)",
                "kept",
                "lapses",
                "new",
                "lrn",
                "young",
                "mature",
                "stab",
            ],
            vec![
                Constraint::Length(name_w as u16),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(4),
                Constraint::Length(4),
                Constraint::Length(5),
                Constraint::Length(6),
                Constraint::Length(6),
            ],
        )
    } else {
        (
            vec!["section", "recall", "lapses"],
            vec![
                Constraint::Length(name_w as u16),
                Constraint::Length(6),
                Constraint::Length(6),
            ],
        )
    };
    let mut state = TableState::default().with_selected(Some(st.section));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(t.dim()))
            .row_highlight_style(t.selected())
            .highlight_symbol("›"),
        area,
        &mut state,
    );
}

fn leeches(st: &StatsScreen, frame: &mut Frame, area: Rect, t: Theme) {
    let l = &st.stats.leeches;
    if l.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "no leeches: no card has lapsed that often",
                t.dim(),
            )),
            area,
        );
        return;
    }
    let front_w = area.width.saturating_sub(22) as usize;
    let rows: Vec<Row> = l
        .iter()
        .map(|x| {
            Row::new(vec![
                x.lapses.to_string(),
                if x.suspended { "suspended" } else { "" }.to_string(),
                clip(&format!("{} · {}", x.front, x.section), front_w),
            ])
        })
        .collect();
    let mut state = TableState::default().with_selected(Some(st.leech));
    frame.render_stateful_widget(
        Table::new(
            rows,
            [
                Constraint::Length(6),
                Constraint::Length(10),
                Constraint::Length(front_w as u16),
            ],
        )
        .header(Row::new(vec!["lapses", "", "card · section"]).style(t.dim()))
        .row_highlight_style(t.selected())
        .highlight_symbol("›"),
        area,
        &mut state,
    );
}

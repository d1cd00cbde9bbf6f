//! The stats screen (`S` from home): where the user stands before the exam. Five panels of
//! one [`Stats`] value: activity (heatmap, streaks), forecast, retention, sections (Enter
//! studies the highlighted one) and leeches (`!` suspends or unsuspends).

use super::app::{App, Msg, Screen};
use crate::review::Filter;
use crate::review::log::{Entry, Event};
use crate::review::stats::{self, Stats};
use crate::study::{Journal, What};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Activity,
    Forecast,
    Retention,
    Sections,
    Leeches,
}

impl Panel {
    pub const ALL: [Panel; 5] = [
        Panel::Activity,
        Panel::Forecast,
        Panel::Retention,
        Panel::Sections,
        Panel::Leeches,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Activity => "activity",
            Panel::Forecast => "forecast",
            Panel::Retention => "retention",
            Panel::Sections => "sections",
            Panel::Leeches => "leeches",
        }
    }
}

pub struct StatsScreen {
    pub stats: Stats,
    pub panel: Panel,
    /// The highlighted row of the sections and the leeches tables.
    pub section: usize,
    pub leech: usize,
}

impl<J: Journal> App<J> {
    pub(super) fn open_stats(&mut self) {
        let stats = self.compute_stats();
        self.screen = Screen::Stats(Box::new(StatsScreen {
            stats,
            panel: Panel::Activity,
            section: 0,
            leech: 0,
        }));
    }

    fn compute_stats(&self) -> Stats {
        let c = &self.collection;
        stats::compute(
            &c.study_cards(),
            &c.history,
            &c.sched,
            self.now,
            c.sched.settings.config.leech_lapses,
        )
    }

    pub(super) fn stats(&mut self, msg: Msg, now: i64) {
        let Screen::Stats(st) = &mut self.screen else {
            return;
        };
        let at = Panel::ALL.iter().position(|&p| p == st.panel).unwrap_or(0);
        let n = Panel::ALL.len();
        let rows = match st.panel {
            Panel::Sections => st.stats.sections.len(),
            Panel::Leeches => st.stats.leeches.len(),
            _ => 0,
        };
        let cursor = match st.panel {
            Panel::Sections => Some(&mut st.section),
            Panel::Leeches => Some(&mut st.leech),
            _ => None,
        };
        match msg {
            Msg::NextPanel => st.panel = Panel::ALL[(at + 1) % n],
            Msg::PrevPanel => st.panel = Panel::ALL[(at + n - 1) % n],
            Msg::Up => {
                if let Some(c) = cursor {
                    *c = c.saturating_sub(1);
                }
            }
            Msg::Down => {
                if let Some(c) = cursor {
                    *c = (*c + 1).min(rows.saturating_sub(1));
                }
            }
            Msg::Open if st.panel == Panel::Sections => {
                if let Some(sec) = st.stats.sections.get(st.section).cloned() {
                    let filter = Filter {
                        deck: Some(sec.deck.clone()),
                        path: Some(sec.path.clone()),
                        ..Filter::default()
                    };
                    // Home, on the section's row: if nothing is due there, `c` is one key away.
                    self.go_home();
                    if let Some(i) = self
                        .visible()
                        .iter()
                        .position(|r| r.deck == sec.deck && r.path == sec.path)
                    {
                        self.selected = i;
                    }
                    self.start(&filter, What::Due, sec.name(), now);
                }
            }
            Msg::Suspend if st.panel == Panel::Leeches => {
                let Some(l) = st.stats.leeches.get(st.leech).cloned() else {
                    return;
                };
                let event = if l.suspended {
                    Event::Unsuspend { card: l.id.clone() }
                } else {
                    Event::Suspend { card: l.id.clone() }
                };
                let (mut rec, _) = self.parts();
                match rec.write(Entry::new(now, event)) {
                    Ok(_) => {
                        let stats = self.compute_stats();
                        if let Screen::Stats(st) = &mut self.screen {
                            st.stats = stats;
                        }
                        self.inform(if l.suspended {
                            "Unsuspended."
                        } else {
                            "Suspended: it will not be shown until unsuspended."
                        });
                    }
                    Err(e) => self.warn(format!("Nothing changed: not saved ({e}).")),
                }
            }
            Msg::Help => self.help = true,
            Msg::Back => self.go_home(),
            _ => {}
        }
    }
}

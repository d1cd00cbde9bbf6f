//! The card browser (`b` from home): search fronts and backs, sort by a column, mark rows,
//! suspend or flag them, and open one card with its whole review history. The rows come from
//! `study::browse`, the same as `kioku cards`.

use std::collections::BTreeSet;

use super::app::{App, Effect, Msg, Screen, plural};
use super::input::{Edit, LineEdit};
use crate::review::log::{Entry, Event};
use crate::study::Journal;
use crate::study::browse::{self, Column, Query, Sort};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    List,
    /// One card (by id) and its history.
    Card {
        id: String,
        scroll: usize,
    },
}

/// The columns `s` cycles through.
pub const SORTS: [Column; 7] = [
    Column::Section,
    Column::Kind,
    Column::State,
    Column::Due,
    Column::Stability,
    Column::Lapses,
    Column::Front,
];

pub struct Browser {
    pub view: View,
    pub searching: bool,
    pub search: LineEdit,
    pub sort: Option<Sort>,
    pub rows: Vec<browse::Row>,
    pub selected: usize,
    /// Marked card ids: actions apply to them (else to the highlighted row).
    pub marked: BTreeSet<String>,
}

impl Browser {
    /// The highlighted (or opened) card's id.
    pub fn current_id(&self) -> Option<String> {
        match &self.view {
            View::Card { id, .. } => Some(id.clone()),
            View::List => self.rows.get(self.selected).map(|r| r.id.clone()),
        }
    }

    fn query(&self) -> Query {
        let s = self.search.text().trim();
        Query {
            search: (!s.is_empty()).then(|| s.to_string()),
            sort: self.sort,
            ..Query::default()
        }
    }

    /// The cards an action applies to: the marked ones, else the highlighted one.
    fn targets(&self) -> Vec<String> {
        match &self.view {
            View::Card { id, .. } => vec![id.clone()],
            View::List if !self.marked.is_empty() => self.marked.iter().cloned().collect(),
            View::List => self.current_id().into_iter().collect(),
        }
    }
}

impl<J: Journal> App<J> {
    pub(super) fn open_browser(&mut self) {
        let mut b = Browser {
            view: View::List,
            searching: false,
            search: LineEdit::default(),
            sort: None,
            rows: Vec::new(),
            selected: 0,
            marked: BTreeSet::new(),
        };
        self.refresh_rows(&mut b);
        self.screen = Screen::Browser(Box::new(b));
    }

    fn refresh_rows(&self, b: &mut Browser) {
        let c = &self.collection;
        let cards = c.study_cards();
        b.rows = browse::rows(&cards, &c.history, &c.sched, &b.query(), self.now);
        b.selected = b.selected.min(b.rows.len().saturating_sub(1));
    }

    /// Run `f` on the browser, then show its rows again.
    fn with_browser(&mut self, f: impl FnOnce(&mut Browser)) {
        let Screen::Browser(mut b) = std::mem::replace(&mut self.screen, Screen::Home) else {
            return;
        };
        f(&mut b);
        self.refresh_rows(&mut b);
        self.screen = Screen::Browser(b);
    }

    pub(super) fn browser(&mut self, msg: Msg, now: i64) -> Option<Effect> {
        let Screen::Browser(b) = &mut self.screen else {
            return None;
        };
        if b.searching {
            match msg {
                Msg::Input(c) => self.with_browser(|b| {
                    b.search.apply(Edit::Insert(c));
                    b.selected = 0;
                }),
                Msg::Edit(e) => self.with_browser(|b| {
                    if b.search.apply(e) {
                        b.selected = 0;
                    }
                }),
                Msg::Back => self.with_browser(|b| {
                    b.search.clear();
                    b.searching = false;
                }),
                Msg::Open => b.searching = false,
                Msg::Up => b.selected = b.selected.saturating_sub(1),
                Msg::Down => b.selected = (b.selected + 1).min(b.rows.len().saturating_sub(1)),
                _ => {}
            }
            return None;
        }
        if let View::Card { scroll, .. } = &mut b.view {
            match msg {
                Msg::Up => *scroll = scroll.saturating_sub(1),
                Msg::Down => *scroll += 1,
                Msg::PageUp => *scroll = scroll.saturating_sub(10),
                Msg::PageDown => *scroll += 10,
                Msg::Back => b.view = View::List,
                Msg::Suspend => self.toggle(Toggle::Suspend, now),
                Msg::Flag => self.toggle(Toggle::Flag, now),
                Msg::EditNotes => {
                    let id = b.current_id()?;
                    return self.edit_effect(&id);
                }
                Msg::Help => self.help = true,
                _ => {}
            }
            return None;
        }
        self.notice = None;
        let last = b.rows.len().saturating_sub(1);
        match msg {
            Msg::Up => b.selected = b.selected.saturating_sub(1),
            Msg::Down => b.selected = (b.selected + 1).min(last),
            Msg::PageUp => b.selected = b.selected.saturating_sub(10),
            Msg::PageDown => b.selected = (b.selected + 10).min(last),
            Msg::Top => b.selected = 0,
            Msg::Bottom => b.selected = last,
            Msg::StartFilter => b.searching = true,
            Msg::Open => {
                if let Some(id) = b.current_id() {
                    b.view = View::Card { id, scroll: 0 };
                }
            }
            Msg::Mark => {
                if let Some(id) = b.current_id()
                    && !b.marked.remove(&id)
                {
                    b.marked.insert(id);
                }
                b.selected = (b.selected + 1).min(last);
            }
            Msg::Sort => self.with_browser(|b| {
                let at = b
                    .sort
                    .and_then(|s| SORTS.iter().position(|&c| c == s.column));
                b.sort = match at {
                    Some(i) if i + 1 == SORTS.len() => None,
                    Some(i) => Some(Sort {
                        column: SORTS[i + 1],
                        descending: false,
                    }),
                    None => Some(Sort {
                        column: SORTS[0],
                        descending: false,
                    }),
                };
            }),
            Msg::Reverse => self.with_browser(|b| {
                if let Some(s) = &mut b.sort {
                    s.descending = !s.descending;
                }
            }),
            Msg::Suspend => self.toggle(Toggle::Suspend, now),
            Msg::Flag => self.toggle(Toggle::Flag, now),
            Msg::EditNotes => {
                let id = b.current_id()?;
                return self.edit_effect(&id);
            }
            Msg::Help => self.help = true,
            Msg::Back => {
                if b.search.is_empty() {
                    self.go_home();
                } else {
                    self.with_browser(|b| b.search.clear());
                }
            }
            _ => {}
        }
        None
    }

    /// Suspend or flag the targets; if every one already is, take it back instead. Each
    /// change is written before the next; a failed write stops there and says so.
    fn toggle(&mut self, what: Toggle, now: i64) {
        let Screen::Browser(b) = &self.screen else {
            return;
        };
        let targets = b.targets();
        if targets.is_empty() {
            return;
        }
        let h = &self.collection.history;
        let on = |id: &str| match what {
            Toggle::Suspend => h.is_suspended(id),
            Toggle::Flag => h.is_flagged(id),
        };
        let undo = targets.iter().all(|id| on(id));
        let change: Vec<String> = targets.into_iter().filter(|id| on(id) == undo).collect();
        let (mut rec, _) = self.parts();
        let mut done = 0;
        for id in &change {
            let event = match (what, undo) {
                (Toggle::Suspend, false) => Event::Suspend { card: id.clone() },
                (Toggle::Suspend, true) => Event::Unsuspend { card: id.clone() },
                (Toggle::Flag, false) => Event::Flag {
                    card: id.clone(),
                    note: None,
                },
                (Toggle::Flag, true) => Event::Unflag { card: id.clone() },
            };
            if let Err(e) = rec.write(Entry::new(now, event)) {
                self.warn(format!(
                    "Stopped after {}: the change was not saved ({e}).",
                    plural(done, "card", "cards")
                ));
                self.with_browser(|_| {});
                return;
            }
            done += 1;
        }
        let verb = match (what, undo) {
            (Toggle::Suspend, false) => "Suspended",
            (Toggle::Suspend, true) => "Unsuspended",
            (Toggle::Flag, false) => "Flagged",
            (Toggle::Flag, true) => "Unflagged",
        };
        self.inform(format!("{verb} {}.", plural(done, "card", "cards")));
        self.with_browser(|b| b.marked.clear());
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Toggle {
    Suspend,
    Flag,
}

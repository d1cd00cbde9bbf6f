//! The home screen: the tree of decks, folders and sections with their counts, the filter, and
//! starting a session on a node.

use super::app::{App, Msg, Screen};
use super::input::Edit;
use super::quiz::Quiz;
use crate::review::queue::{self, CountAt, count_card_at};
use crate::review::{Counts, Filter};
use crate::study::{Journal, Request, Session, SessionCard, What, select};
use crate::text::fold;

/// A line of the home screen's tree: a deck or a section, with its counts.
#[derive(Clone, Debug)]
pub struct Row {
    pub depth: usize,
    pub label: String,
    /// The deck; empty for a folder's row.
    pub deck: String,
    /// For a folder of decks (`a/b` for decks `a/b/…`): the folder.
    pub folder: Option<String>,
    /// Section path; empty for the deck itself.
    pub path: Vec<String>,
    pub counts: Counts,
    /// The label folded (NFKC, case), for the filter: on its first use, not at start-up.
    folded: std::sync::OnceLock<String>,
}

impl Row {
    fn new(
        depth: usize,
        label: String,
        deck: String,
        folder: Option<String>,
        path: Vec<String>,
        counts: Counts,
    ) -> Row {
        Row {
            depth,
            label,
            deck,
            folder,
            path,
            counts,
            folded: Default::default(),
        }
    }

    /// The label folded (NFKC, case), for the filter.
    pub fn folded(&self) -> &str {
        self.folded.get_or_init(|| fold(&self.label))
    }

    /// The rows above this one (`aws-services › Amazon S3`), shown beside a filter's match:
    /// made when shown, from the folder, deck and path.
    pub fn parent(&self) -> String {
        let above = |name: &str| name.rsplit_once('/').map_or("", |(a, _)| a).to_string();
        match (&self.folder, self.path.split_last()) {
            (Some(f), _) => above(f),
            (None, None) => above(&self.deck),
            (None, Some((_, up))) => std::iter::once(self.deck.as_str())
                .chain(up.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" › "),
        }
    }

    /// What a session on this row studies.
    pub fn filter(&self) -> Filter {
        match &self.folder {
            Some(f) => Filter {
                folder: Some(f.clone()),
                ..Filter::default()
            },
            None => Filter {
                deck: Some(self.deck.clone()),
                path: Some(self.path.clone()),
                ..Filter::default()
            },
        }
    }

    /// The node's name in full: `aws-services › Amazon S3 › 特徴`.
    pub fn scope(&self) -> String {
        std::iter::once(self.folder.as_deref().unwrap_or(&self.deck))
            .chain(self.path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" › ")
    }
}

impl<J: Journal> App<J> {
    /// Decks and their sections with counts, in note order.
    pub fn rebuild_rows(&mut self) {
        let c = &self.collection;
        let mut rows: Vec<Row> = Vec::new();
        // Decks from notes in folders (`a/b`) sit under a row per folder, like the notes.
        // The folders above the current deck: (name, index of its row).
        let mut open: Vec<(String, usize)> = Vec::new();
        let now = self.now;
        let at = CountAt::new(&c.sched, now);
        let all = c.keys();
        let f = Filter::default();
        // Each deck is counted on its own, spread over the cores, beside the one pass that
        // finds when the counts change next.
        use rayon::prelude::*;
        let (sums, (next_due, wake)) = rayon::join(
            || {
                c.index()
                    .par_iter()
                    .map(|deck| {
                        deck.section_sums(|_| true, |card| count_card_at(card, &c.history, at))
                    })
                    .collect::<Vec<_>>()
            },
            || queue::next_times(&all, &c.history, &c.sched, now, &f),
        );
        // Every card is in exactly one deck: the decks' totals are the count of all cards.
        let mut everything = Counts::default();
        for (deck, (total, tree)) in c.index().iter().zip(sums) {
            everything += total;
            let parts: Vec<&str> = deck.name.split('/').collect();
            let folders = &parts[..parts.len() - 1];
            let common = open
                .iter()
                .zip(folders)
                .take_while(|((a, _), b)| a.as_str() == **b)
                .count();
            open.truncate(common);
            for (depth, f) in folders.iter().enumerate().skip(common) {
                rows.push(Row::new(
                    depth,
                    format!("{f}/"),
                    String::new(),
                    Some(folders[..=depth].join("/")),
                    vec![],
                    Counts::default(),
                ));
                open.push((f.to_string(), rows.len() - 1));
            }
            // The folder rows above this deck count its cards too.
            for &(_, at) in &open {
                rows[at].counts += total;
            }
            let base = folders.len();
            let short = parts[parts.len() - 1];
            let label = match &deck.title {
                Some(t) => format!("{short} · {t}"),
                None => short.to_string(),
            };
            rows.push(Row::new(
                base,
                label,
                deck.name.clone(),
                None,
                vec![],
                total,
            ));
            let mut path: Vec<String> = Vec::new();
            for s in tree {
                path.truncate(s.depth);
                path.push(s.name.to_string());
                rows.push(Row::new(
                    base + s.depth + 1,
                    s.name.to_string(),
                    deck.name.clone(),
                    None,
                    path.clone(),
                    s.sum,
                ));
            }
        }
        self.rows = rows;
        self.next_due = next_due;
        self.wake = wake;
        self.new_left = queue::new_left_today(&c.history, &c.sched, self.now);
        self.ready = everything.studiable(self.new_left);
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    /// The rows shown: all, or those matching the filter (NFKC, case-insensitive).
    pub fn visible(&self) -> Vec<&Row> {
        let f = fold(self.filter.text());
        self.rows
            .iter()
            .filter(|r| f.is_empty() || r.folded().contains(&f))
            .collect()
    }

    /// The highlighted row.
    pub fn selected_row(&self) -> Option<Row> {
        self.visible().get(self.selected).map(|r| (*r).clone())
    }

    pub(super) fn home(&mut self, msg: Msg, now: i64) {
        if self.filtering {
            match msg {
                Msg::Input(c) => {
                    self.filter.apply(Edit::Insert(c));
                    self.selected = 0;
                }
                Msg::Edit(e) if self.filter.apply(e) => self.selected = 0,
                Msg::Back => {
                    self.filtering = false;
                    self.filter.clear();
                }
                Msg::Open => self.filtering = false,
                Msg::Up | Msg::Down => self.move_selection(msg),
                _ => {}
            }
            return;
        }
        self.notice = None;
        match msg {
            Msg::Up | Msg::Down | Msg::PageUp | Msg::PageDown | Msg::Top | Msg::Bottom => {
                self.move_selection(msg)
            }
            Msg::StartFilter => self.filtering = true,
            Msg::NextMode => {
                self.mode = match self.mode {
                    crate::review::Mode::Flip => crate::review::Mode::Type,
                    crate::review::Mode::Type => crate::review::Mode::Choice,
                    _ => crate::review::Mode::Flip,
                };
                super::state::save_mode(&self.collection.places.state_dir, self.mode);
            }
            Msg::Help => self.help = true,
            Msg::Back => {
                if self.filter.is_empty() {
                    self.quit = true;
                } else {
                    self.filter.clear();
                }
            }
            Msg::Open | Msg::Missed => {
                if let Some(row) = self.selected_row() {
                    let what = if msg == Msg::Missed {
                        What::Missed
                    } else {
                        What::Due
                    };
                    self.start(&row.filter(), what, row.scope(), now);
                }
            }
            Msg::AllDue => self.start(&Filter::default(), What::Due, "everything due".into(), now),
            Msg::Custom => {
                if let Some(row) = self.selected_row() {
                    self.open_custom(row);
                }
            }
            Msg::Browse => self.open_browser(),
            Msg::Stats => self.open_stats(),
            Msg::Exam => self.open_exam_from_home(now),
            _ => {}
        }
    }

    fn move_selection(&mut self, msg: Msg) {
        let n = self.visible().len();
        let last = n.saturating_sub(1);
        self.selected = match msg {
            Msg::Up => self.selected.saturating_sub(1),
            Msg::Down => (self.selected + 1).min(last),
            Msg::PageUp => self.selected.saturating_sub(10),
            Msg::PageDown => (self.selected + 10).min(last),
            Msg::Top => 0,
            Msg::Bottom => last,
            _ => self.selected,
        };
    }

    /// Start a session of the kind `what` on the cards `filter` selects.
    pub fn start(&mut self, filter: &Filter, what: What, scope: String, now: i64) {
        let c = &self.collection;
        let all = c.study_cards();
        let req = Request {
            filter: filter.clone(),
            what,
            limits: self.limits,
        };
        let cards = select(&all, &c.history, &c.sched, &req, now);
        if cards.is_empty() {
            let mut text = what.nothing(&scope);
            if what == What::Due {
                if self.next_due.is_some() {
                    let next = queue::next_text(self.next_due, now, &self.collection.sched);
                    text.push_str(&format!(" {}{}.", next[..1].to_uppercase(), &next[1..]));
                }
                text.push_str(" c: custom study.");
            }
            self.inform(text);
            return;
        }
        let scope = match what {
            What::Due => scope,
            w => format!("{scope} ({})", w.label()),
        };
        self.start_with(cards, scope, what == What::Cram, now);
    }

    /// Start a session on these cards. `cram`: answers are logged but change no schedule.
    pub(super) fn start_with(
        &mut self,
        cards: Vec<SessionCard>,
        scope: String,
        cram: bool,
        now: i64,
    ) {
        if cards.is_empty() {
            self.inform(format!("No cards to study in {scope}."));
            return;
        }
        let mut session = Session::new(cards, self.mode, now);
        session.cram = cram;
        session.advance(&self.collection.history, now);
        let mut quiz = Quiz::new(session, scope);
        quiz.prepare(&self.collection);
        self.screen = Screen::Quiz(Box::new(quiz));
    }
}

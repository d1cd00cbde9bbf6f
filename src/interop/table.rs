//! Every card as a table row, for `kioku export --format csv|json`: id, deck, section, kind,
//! front, back, state and due, the state and due as the card browser shows them.

use serde::Serialize;

use crate::review::queue::{Filter, StudyCard};
use crate::review::{History, Scheduler};
use crate::study::browse::{Query, due_text, rows};

pub const COLUMNS: [&str; 8] = [
    "id", "deck", "section", "kind", "front", "back", "state", "due",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ExportRow {
    pub id: String,
    pub deck: String,
    /// `Amazon S3 › 特徴`
    pub section: String,
    pub kind: String,
    /// The whole front and back, Markdown as written.
    pub front: String,
    pub back: String,
    /// new, learning, relearning, review, suspended, buried
    pub state: String,
    /// `now`, `4m`, `today`, `3d`, `2d late`; empty for a new card.
    pub due: String,
}

/// The rows for the cards `filter` selects, in note order.
pub fn export_rows(
    cards: &[StudyCard],
    h: &History,
    s: &Scheduler,
    filter: &Filter,
    now: i64,
) -> Vec<ExportRow> {
    let q = Query {
        filter: filter.clone(),
        ..Query::default()
    };
    rows(cards, h, s, &q, now)
        .into_iter()
        .map(|r| {
            let card = cards[r.index].card;
            ExportRow {
                due: due_text(&r, s, now),
                id: r.id,
                deck: r.deck,
                section: r.section,
                kind: r.kind.as_str().to_string(),
                front: card.front.clone(),
                back: card.back.clone(),
                state: r.state.as_str().to_string(),
            }
        })
        .collect()
}

/// CSV with a header row; fields quoted where they must be (commas, quotes, line breaks).
pub fn to_csv(rows: &[ExportRow]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(COLUMNS);
    for r in rows {
        let _ = w.write_record([
            &r.id, &r.deck, &r.section, &r.kind, &r.front, &r.back, &r.state, &r.due,
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// A JSON array of objects, one per card, pretty-printed.
pub fn to_json(rows: &[ExportRow]) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(rows).unwrap_or_default();
    out.push(b'\n');
    out
}

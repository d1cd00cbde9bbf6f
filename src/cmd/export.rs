//! `kioku export`: an Anki package, or the cards as CSV or JSON.

use std::io::Write;

use crate::cli::{ExportArgs, ExportFormat};
use crate::collection::Collection;
use crate::error::{Error, Result};
use crate::fsutil::{display, write_atomic};
use crate::interop::{apkg, table};
use crate::review::Filter;

pub fn run(c: &Collection, a: &ExportArgs, now: i64, out: &mut dyn Write) -> Result<bool> {
    let filter = Filter {
        deck: a.deck.clone(),
        section: a.section.clone(),
        ..Filter::default()
    };
    let filtered = a.deck.is_some() || a.section.is_some();
    match a.format {
        ExportFormat::Apkg => {
            let Some(path) = &a.output else {
                return Err(Error::Env {
                    name: "--format apkg",
                    message: "an Anki package is a file: name it with -o FILE.apkg".into(),
                    hint: "kioku export --format apkg -o kioku.apkg".into(),
                });
            };
            let cards: Vec<_> = c
                .decks()
                .iter()
                .flat_map(|d| d.cards.iter().map(move |card| (d, card)))
                .filter(|(d, card)| filter.matches(&d.name, card))
                .collect();
            if cards.is_empty() {
                return Err(Error::NothingToExport { filtered });
            }
            let package = apkg::build(&cards, now).map_err(|source| Error::Package {
                path: path.clone(),
                source,
            })?;
            write_atomic(path, &package.bytes)?;
            let _ = writeln!(
                out,
                "wrote {}: {} notes in {} deck{}, {} image{} (note types \"{}\" and \"{}\")",
                display(path),
                package.notes,
                package.decks,
                if package.decks == 1 { "" } else { "s" },
                package.media,
                if package.media == 1 { "" } else { "s" },
                apkg::BASIC_NAME,
                apkg::CLOZE_NAME,
            );
            for why in &package.missing {
                let _ = writeln!(out, "  kept as a link: {why}");
            }
            Ok(true)
        }
        ExportFormat::Csv | ExportFormat::Json => {
            let rows = table::export_rows(&c.study_cards(), &c.history, &c.sched, &filter, now);
            if rows.is_empty() {
                return Err(Error::NothingToExport { filtered });
            }
            let bytes = if a.format == ExportFormat::Csv {
                table::to_csv(&rows)
            } else {
                table::to_json(&rows)
            };
            match &a.output {
                Some(path) => {
                    write_atomic(path, &bytes)?;
                    let _ = writeln!(
                        out,
                        "wrote {}: {} card{}",
                        display(path),
                        rows.len(),
                        if rows.len() == 1 { "" } else { "s" }
                    );
                }
                None => {
                    let _ = out.write_all(&bytes);
                }
            }
            Ok(true)
        }
    }
}

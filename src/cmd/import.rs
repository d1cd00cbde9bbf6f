//! `kioku import`: write decks, or with `--check` only compare; `--report` explains everything.

use std::collections::BTreeMap;
use std::io::Write;

use super::{one_line, print_tree};
use crate::cli::ImportArgs;
use crate::deck::store::display;
use crate::deck::{Kind, Relink, section_tree};
use crate::error::Result;
use crate::import::{DeckImport, plan, write};

pub fn run(args: &ImportArgs, out: &mut dyn Write) -> Result<bool> {
    if let Some(file) = &args.anki {
        return super::import_anki::run(file, args.deck.as_deref(), &args.out, out);
    }
    let plans = plan(&args.notes, &args.out)?;
    let stale: Vec<&DeckImport> = plans
        .iter()
        .filter(|p| !p.is_up_to_date() && p.is_written())
        .collect();
    if !args.check {
        write(&plans)?;
    }
    for p in &plans {
        summary(p, args.check, out);
        if args.report && p.is_written() {
            report(p, out);
        }
    }
    if args.check && !stale.is_empty() {
        let names: Vec<String> = stale.iter().map(|p| display(&p.deck_path)).collect();
        let _ = writeln!(
            out,
            "out of date: {} — run `kioku import` to update",
            names.join(", ")
        );
        return Ok(false);
    }
    Ok(true)
}

fn summary(p: &DeckImport, check: bool, out: &mut dyn Write) {
    if !p.is_written() {
        let _ = writeln!(
            out,
            "{}: no cards, no deck written ({} lines skipped; --report says why)",
            display(&p.notes),
            p.skipped.len()
        );
        return;
    }
    let state = match (p.previous_toml.is_some(), p.is_up_to_date(), check) {
        (_, true, _) => "up to date",
        (false, false, false) => "created",
        (true, false, false) => "updated",
        (false, false, true) => "missing",
        (true, false, true) => "out of date",
    };
    let c = Counts::of(p);
    let _ = writeln!(
        out,
        "{} → {}: {} cards, {state} (ids: {} new, {} re-linked, {} updated, {} unchanged, {} removed; {} lines skipped)",
        display(&p.notes),
        display(&p.deck_path),
        p.deck.cards.len(),
        c.new,
        c.relinked,
        c.updated,
        c.unchanged,
        p.removed.len(),
        p.skipped.len(),
    );
}

#[derive(Default)]
struct Counts {
    new: usize,
    relinked: usize,
    updated: usize,
    unchanged: usize,
}

impl Counts {
    fn of(p: &DeckImport) -> Counts {
        let mut c = Counts::default();
        for l in &p.links {
            match l {
                Relink::New => c.new += 1,
                Relink::Relinked { .. } => c.relinked += 1,
                Relink::Updated => c.updated += 1,
                Relink::Unchanged => c.unchanged += 1,
            }
        }
        c
    }
}

fn report(p: &DeckImport, out: &mut dyn Write) {
    let notes = display(&p.notes);
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    for c in &p.deck.cards {
        *kinds.entry(c.kind).or_default() += 1;
    }
    let by_kind: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let _ = writeln!(out, "  cards by kind: {}", by_kind.join(", "));

    let _ = writeln!(out, "  cards by section:");
    print_tree(out, "    ", &section_tree(&p.deck.cards));

    let _ = writeln!(out, "  skipped lines: {}", p.skipped.len());
    for (skip, text) in &p.skipped {
        let _ = writeln!(out, "    {notes}:{}: {}", skip.line, one_line(text, 60));
        let _ = writeln!(out, "      why: {}", skip.reason);
    }

    let suspects = p.suspects();
    let _ = writeln!(out, "  suspect cards: {}", suspects.len());
    for s in &suspects {
        let c = &p.deck.cards[s.card];
        let _ = writeln!(
            out,
            "    {notes}:{}: [{}] {}",
            c.line.unwrap_or(0),
            c.kind,
            one_line(&c.front, 60)
        );
        let _ = writeln!(out, "      why: {}", s.reason);
    }

    let _ = writeln!(out, "  id changes:");
    if p.previous_toml.is_none() {
        let _ = writeln!(
            out,
            "    first import: all {} cards get new ids",
            p.deck.cards.len()
        );
    } else {
        for (card, link) in p.deck.cards.iter().zip(&p.links) {
            let what = format!("{} › {}", card.section_path(), one_line(&card.front, 50));
            match link {
                Relink::New => {
                    let _ = writeln!(out, "    new        {}  {what}", card.id);
                }
                Relink::Relinked {
                    old_front,
                    old_section,
                    score,
                } => {
                    let _ = writeln!(
                        out,
                        "    re-linked  {}  {what}  (was {} › {}; similarity {score:.2})",
                        card.id,
                        old_section.join(" › "),
                        one_line(old_front, 50)
                    );
                }
                Relink::Updated => {
                    let _ = writeln!(out, "    updated    {}  {what}", card.id);
                }
                Relink::Unchanged => {}
            }
        }
        for (card, why) in &p.removed {
            let _ = writeln!(
                out,
                "    removed    {}  {} › {}  ({why})",
                card.id,
                card.section_path(),
                one_line(&card.front, 50)
            );
        }
    }
}

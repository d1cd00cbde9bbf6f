//! Import benchmark (run: `cargo bench --bench import`). Not a test: it prints figures.
//!
//! 1. Throughput on a generated ~50 MB notes corpus (the real notes repeated with unique
//!    headings): bare pulldown-cmark parsing vs kioku's import (outline, cards, ids, TOML) in the
//!    same run. Target: the full import at ≥ 16 MiB/s (the card rules cost speed; the bare
//!    parse beside it shows how fast the machine is in that run).
//! 2. Load time of decks totalling 100,000 cards (100 deck files), from disk.

use std::hint::black_box;
use std::time::{Duration, Instant};

use kioku::deck::store::load;
use kioku::deck::{Card, Deck, link_ids, to_toml};
use kioku::notes::cards_from_markdown;
use kioku::notes::outline::options;
use pulldown_cmark::Parser;

const TARGET_BYTES: usize = 50 * 1024 * 1024;
const RUNS: usize = 5;

fn main() {
    let seeds = [
        include_str!("../notes/aws-services.md"),
        include_str!("../notes/techstock.md"),
    ];
    let corpus = corpus(&seeds, TARGET_BYTES);
    let mb = corpus.len() as f64 / (1024.0 * 1024.0);
    println!("corpus: {mb:.1} MiB, {} lines", corpus.lines().count());

    let bare = best_of(|| {
        let mut events = 0usize;
        for e in Parser::new_ext(&corpus, options()).into_offset_iter() {
            black_box(&e);
            events += 1;
        }
        events
    });
    let outline = best_of(|| {
        kioku::notes::parse(&kioku::notes::normalize(&corpus))
            .sections
            .len()
    });
    let cards = best_of(|| cards_from_markdown(&corpus).1.cards.len());
    let mut n_cards = 0;
    let full = best_of(|| {
        let (title, x) = cards_from_markdown(&corpus);
        let mut cards = x.cards;
        link_ids("bench", &mut cards, &[]);
        n_cards = cards.len();
        let deck = Deck {
            name: "bench".into(),
            title: title.map(|t| t.0),
            source: Some("notes/bench.md".into()),
            generator: Some("bench".into()),
            cards,
        };
        to_toml(&deck).len()
    });
    let rate = |d: Duration| mb / d.as_secs_f64();
    println!(
        "bare pulldown-cmark parse      {:>8.1} MiB/s  ({:.0} ms)",
        rate(bare),
        ms(bare)
    );
    println!(
        "outline only                   {:>8.1} MiB/s  ({:.0} ms)  {:.0}% of bare parse",
        rate(outline),
        ms(outline),
        100.0 * bare.as_secs_f64() / outline.as_secs_f64()
    );
    println!(
        "outline + cards                {:>8.1} MiB/s  ({:.0} ms)  {:.0}% of bare parse",
        rate(cards),
        ms(cards),
        100.0 * bare.as_secs_f64() / cards.as_secs_f64()
    );
    println!(
        "full import (+ ids, TOML)      {:>8.1} MiB/s  ({:.0} ms)  {:.0}% of bare parse  [{n_cards} cards]",
        rate(full),
        ms(full),
        100.0 * bare.as_secs_f64() / full.as_secs_f64()
    );

    // Decks totalling 100k cards, in 100 files.
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, x) = cards_from_markdown(&corpus);
    let mut all: Vec<Card> = x.cards.into_iter().take(100_000).collect();
    assert_eq!(all.len(), 100_000, "corpus too small for 100k cards");
    link_ids("bench", &mut all, &[]);
    let mut bytes = 0;
    for (i, chunk) in all.chunks(1000).enumerate() {
        let deck = Deck {
            name: format!("d{i:03}"),
            source: Some(format!("notes/d{i:03}.md")),
            cards: chunk.to_vec(),
            ..Deck::default()
        };
        let text = to_toml(&deck);
        bytes += text.len();
        std::fs::write(dir.path().join(format!("d{i:03}.toml")), text).expect("write deck");
    }
    let files: Vec<_> = (0..100)
        .map(|i| dir.path().join(format!("d{i:03}.toml")))
        .collect();
    let load_all = best_of(|| {
        files
            .iter()
            .map(|f| load(f).expect("deck loads").cards.len())
            .sum::<usize>()
    });
    println!(
        "load 100 decks, 100000 cards   {:>8.0} ms  ({:.1} MiB of TOML)",
        ms(load_all),
        bytes as f64 / (1024.0 * 1024.0)
    );
}

/// The seeds repeated until `target` bytes, each copy's headings made unique so sections
/// do not merge.
fn corpus(seeds: &[&str], target: usize) -> String {
    let mut out = String::with_capacity(target + 64 * 1024);
    let mut copy = 0;
    while out.len() < target {
        for seed in seeds {
            for line in seed.lines() {
                out.push_str(line);
                if line.starts_with("##") {
                    out.push_str(&format!(" [{copy}]"));
                }
                out.push('\n');
            }
        }
        copy += 1;
    }
    out
}

/// The fastest of RUNS runs (least disturbed by the rest of the machine).
fn best_of<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .expect("RUNS > 0")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

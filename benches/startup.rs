//! Start-up benchmark (run: `cargo bench --bench startup`). Not a test: it prints figures.
//!
//! 100,000 cards in 100 deck files and a 1,000,000-line review log (`KIOKU_BENCH_CARDS` sets
//! the number of cards: 1,000 per deck, 10 reviews per card). A fresh child process loads the
//! decks, replays the log, builds the due queue and the per-section counts; its wall time and
//! peak RSS are reported (issue 11's targets at 100k: ≤ 40 ms, ≤ 60 MB). Then the latency of
//! answering a card, including the fsynced append (median and p99).
//!
//! `KIOKU_BENCH_KEEP=dir` generates the collection into `dir` and stops; `KIOKU_BENCH_DIR=dir`
//! measures a collection kept that way (its caches are rebuilt by the first, cold run).

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use kioku::collection::{Collection, Places};
use kioku::deck::{Card, Deck, Kind, store};
use kioku::review::log::{Entry, Event, LOG_FILE, LogWriter, Mode, Rating};
use kioku::review::queue::{self, CountAt, count_card_at};
use kioku::review::{Filter, Limits};

const PER_DECK: usize = 1000;
const REVIEWS_PER_CARD: usize = 10;
const DAY: i64 = 86_400_000;
/// 2026-11-21 12:00 UTC: "now" for the measurement.
const NOW: i64 = 1_763_726_400_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        return child(Path::new(&args[i + 1]));
    }
    let cards: usize = std::env::var("KIOKU_BENCH_CARDS")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let decks = cards.div_ceil(PER_DECK);
    let log_lines = cards * REVIEWS_PER_CARD;
    if let Some(kept) = std::env::var_os("KIOKU_BENCH_DIR") {
        let root = Path::new(&kept).to_path_buf();
        // The caches of an earlier build are not this build's: the first run is cold.
        let _ = std::fs::remove_dir_all(root.join("cache"));
        println!("measuring the collection kept in {}", root.display());
        return measure(&root);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    generate(dir.path(), decks, cards);
    if let Some(keep) = std::env::var_os("KIOKU_BENCH_KEEP") {
        // Keep the generated collection for profiling the start-up on its own.
        let _ = std::fs::remove_dir_all(&keep);
        std::fs::rename(dir.path(), &keep).expect("keep the collection");
        std::fs::create_dir_all(dir.path()).expect("recreate");
        println!("kept in {}", Path::new(&keep).display());
        return;
    }
    println!(
        "generated {cards} cards in {decks} decks and a {log_lines}-line log in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    measure(dir.path());
}

fn measure(root: &Path) {
    let log_mb =
        std::fs::metadata(root.join("data").join(LOG_FILE)).map_or(0, |m| m.len()) as f64 / 1e6;
    println!("review log: {log_mb:.0} MB");

    // The first run builds the caches; then 9 warm runs, each in a fresh process.
    let run = || {
        let out = Command::new(std::env::current_exe().expect("self"))
            .args(["--child", &root.display().to_string()])
            .output()
            .expect("child runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    print!("cold (building the caches): {}", run());
    let mut ms: Vec<f64> = Vec::new();
    let mut rss: Vec<f64> = Vec::new();
    let mut home: Vec<f64> = Vec::new();
    for _ in 0..9 {
        let line = run();
        let num = |key: &str| {
            line.split(key)
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        ms.push(num("start-up: "));
        rss.push(num("peak RSS "));
        home.push(num("launch to home screen "));
    }
    ms.sort_by(f64::total_cmp);
    rss.sort_by(f64::total_cmp);
    home.sort_by(f64::total_cmp);
    println!(
        "warm start-up over 9 fresh processes: median {:.0} ms (min {:.0}, max {:.0}); peak RSS median {:.0} MB (max {:.0}); launch to the quiz home screen median {:.0} ms",
        ms[4], ms[0], ms[8], rss[4], rss[8], home[4]
    );

    // Answer latency: append + fsync, as the quiz does before showing the next card.
    // In a data directory of its own, so the measured collection stays as generated.
    let answers = tempfile::tempdir_in(root).expect("temp dir");
    let mut w = LogWriter::open(answers.path(), "bench").expect("log");
    let mut lat: Vec<f64> = (0..300)
        .map(|i| {
            let e = review(NOW + i, format!("c{i}"), Rating::Good);
            let t = Instant::now();
            w.append(&e).expect("append");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    lat.sort_by(f64::total_cmp);
    println!(
        "answer (append + fsync): median {:.2} ms, p99 {:.2} ms over {} answers",
        lat[lat.len() / 2],
        lat[lat.len() * 99 / 100],
        lat.len()
    );
}

/// The default settings in UTC, for the stage timings.
fn default_scheduler() -> kioku::review::Scheduler {
    let settings = kioku::config::Config::default()
        .settings(Path::new("config.toml"))
        .expect("settings");
    kioku::review::Scheduler::new(settings, jiff::tz::TimeZone::UTC).expect("scheduler")
}

/// Measured in a fresh process, so peak RSS is the start-up's own.
fn child(root: &Path) {
    if std::env::var_os("KIOKU_BENCH_WARM_STAGES").is_some() {
        let s = default_scheduler();
        let t = Instant::now();
        let h = kioku::review::snapshot::load_history(&root.join("data"), &root.join("cache"), &s)
            .expect("history");
        let t1 = t.elapsed();
        let mut decks =
            kioku::deck::cache::load_dir(&root.join("decks"), &root.join("cache/decks.bin"))
                .expect("decks")
                .index;
        // As `Collection::load` does: each card's place in the history, found once (without
        // it every count below looks each card up by id, which start-up does not).
        for d in &mut decks {
            h.history.find_slots(&mut d.cards);
        }
        let t2 = t.elapsed();
        let cards: Vec<kioku::review::StudyCard<_>> = decks
            .iter()
            .flat_map(|d| {
                d.cards.iter().map(move |card| kioku::review::StudyCard {
                    deck: &d.name,
                    card,
                })
            })
            .collect();
        let q = queue::build(
            &cards,
            &h.history,
            &s,
            NOW,
            &Filter::default(),
            Limits::default(),
        );
        let t3 = t.elapsed();
        let mut n = 0;
        let at = CountAt::new(&s, NOW);
        for d in &decks {
            n += d
                .section_sums(|_| true, |card| count_card_at(card, &h.history, at))
                .1
                .len();
        }
        let t4 = t.elapsed();
        println!(
            "warm stages (one after the other): history {:.0} ms (snapshot used: {}), decks and their slots {:.0} ms, queue {:.0} ms ({}), counts {:.0} ms ({n})",
            t1.as_secs_f64() * 1e3,
            h.used_snapshot,
            (t2 - t1).as_secs_f64() * 1e3,
            (t3 - t2).as_secs_f64() * 1e3,
            q.len(),
            (t4 - t3).as_secs_f64() * 1e3
        );
        return;
    }
    if std::env::var_os("KIOKU_BENCH_STAGES").is_some() {
        let t = Instant::now();
        let decks = store::deck_files(&[root.join("decks")]).expect("decks");
        let n: usize = decks
            .iter()
            .map(|f| store::load(f).expect("deck").cards.len())
            .sum();
        let t1 = t.elapsed();
        let read = kioku::review::log::read(&root.join("data").join(LOG_FILE)).expect("log");
        let t2 = t.elapsed();
        let s = default_scheduler();
        let h = kioku::review::replay(&read.entries, &s);
        let t3 = t.elapsed();
        println!(
            "stages: decks {:.0} ms ({n} cards), log read {:.0} ms ({} entries), replay {:.0} ms ({} cards)",
            t1.as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            read.entries.len(),
            (t3 - t2).as_secs_f64() * 1e3,
            h.answered_cards()
        );
        return;
    }
    let t = Instant::now();
    let places = Places {
        data_dir: root.join("data"),
        config_dir: root.join("config"),
        state_dir: root.join("state"),
        cache_dir: root.join("cache"),
        decks: root.join("decks"),
        decks_given: true,
    };
    let c = Collection::load(places, jiff::tz::TimeZone::UTC).expect("collection loads");
    let loaded = t.elapsed();
    // Counting needs only the cards' keys; their text is read when a session shows them.
    let cards = c.keys();
    let q = queue::build(
        &cards,
        &c.history,
        &c.sched,
        NOW,
        &Filter::default(),
        Limits::default(),
    );
    // Per deck, spread over the cores, as `kioku due` counts.
    use rayon::prelude::*;
    let at = CountAt::new(&c.sched, NOW);
    let sections: usize = c
        .index()
        .par_iter()
        .map(|d| {
            d.section_sums(|_| true, |card| count_card_at(card, &c.history, at))
                .1
                .len()
        })
        .sum();
    let total = t.elapsed();
    // The quiz screen's home: its rows (counts per section of every deck) and the first frame.
    let home = Instant::now();
    let app = kioku::tui::app::App::new(c, Discard, "decks".into(), NOW);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
    terminal
        .draw(|f| kioku::tui::view::view(&app, f, kioku::tui::view::Theme { color: true }))
        .expect("draw");
    let home = home.elapsed();
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(0.0)
            })
        })
        .unwrap_or(0.0);
    println!(
        "start-up: {:.0} ms (decks + log + replay {:.0} ms; queue {} cards, {} section counts), peak RSS {:.0} MB; launch to home screen {:.0} ms",
        total.as_secs_f64() * 1000.0,
        loaded.as_secs_f64() * 1000.0,
        q.len(),
        sections,
        rss / 1024.0,
        (total + home).as_secs_f64() * 1000.0
    );
    // The caches a cold start writes meanwhile, finished (as `main` does) for the warm runs.
    kioku::fsutil::finish_writes();
}

/// Answers are not written in the start-up measurement.
struct Discard;

impl kioku::study::Journal for Discard {
    fn append(&mut self, _: &Entry) -> kioku::error::Result<()> {
        Ok(())
    }
}

fn review(at: i64, card: String, rating: Rating) -> Entry {
    Entry::new(
        at,
        Event::Answer {
            card,
            rating,
            secs: 6.5,
            mode: Mode::Flip,
            after: None,
        },
    )
}

fn generate(root: &Path, decks: usize, total: usize) {
    let mut ids = Vec::with_capacity(total);
    for d in 0..decks {
        let cards: Vec<Card> = (0..PER_DECK.min(total - d * PER_DECK))
            .map(|i| {
                let id = format!("d{d:03}c{i:04}");
                ids.push(id.clone());
                Card {
                    id,
                    kind: Kind::Term,
                    section: vec![format!("Service {}", i / 100), format!("Topic {}", i / 10)].into(),
                    context: None,
                    front: format!("スケーラブルで安定した性能 term {i} of deck {d}"),
                    back: format!("- 同じユーザから来たリクエストを全て同じEC2インスタンスに送信 {i}\n- detail two\n"),
                    cloze: None,
                    answers: Vec::new(),
                    line: Some(i as u32 + 1),
                    tags: vec![],
                }
            })
            .collect();
        let deck = Deck {
            name: format!("deck{d:03}"),
            source: Some(format!("notes/deck{d:03}.md")),
            cards,
            ..Deck::default()
        };
        store::save(&root.join("decks").join(format!("deck{d:03}.toml")), &deck)
            .expect("deck written");
    }
    // A year of reviews: 10 answers per card, spread over the year, in time order.
    let start = NOW - 365 * DAY;
    std::fs::create_dir_all(root.join("data")).expect("data dir");
    let mut log = std::io::BufWriter::new(
        std::fs::File::create(root.join("data").join(LOG_FILE)).expect("log created"),
    );
    let mut x: u64 = 1;
    for k in 0..REVIEWS_PER_CARD {
        for (i, id) in ids.iter().enumerate() {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let rating = match x >> 60 {
                0 => Rating::Again,
                1 => Rating::Hard,
                15 => Rating::Easy,
                _ => Rating::Good,
            };
            let at = start + (k as i64) * 36 * DAY + (i as i64) * 300;
            log.write_all(review(at, id.clone(), rating).to_line().as_bytes())
                .expect("log written");
        }
    }
    log.flush().expect("log written");
}

//! Quiz-screen benchmark (run: `cargo bench --bench tui`). Not a test: it prints figures.
//!
//! Key press → frame drawn (update + a full draw at 100×30) over a long session on the bundled
//! decks: median and p99 (target: median ≤ 1 ms). And launch → home screen on the bundled decks.
//! (Launch → home on a 100k-card collection is in `cargo bench --bench startup`.)

use std::time::Instant;

use kioku::collection::{Collection, Places};
use kioku::error::Result;
use kioku::review::log::Entry;
use kioku::study::Journal;
use kioku::tui::app::{App, Msg, Screen};
use kioku::tui::view::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Answers are kept in memory: the fsynced append is measured by the start-up benchmark.
struct Discard;

impl Journal for Discard {
    fn append(&mut self, _: &Entry) -> Result<()> {
        Ok(())
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let places = Places {
        data_dir: dir.path().join("data"),
        config_dir: dir.path().join("config"),
        state_dir: dir.path().join("state"),
        cache_dir: dir.path().join("cache"),
        decks: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decks"),
        decks_given: true,
    };
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    let theme = Theme { color: true };
    let now = jiff::Timestamp::now().as_millisecond();

    let mut launches = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let c = Collection::load(places.clone(), jiff::tz::TimeZone::UTC).expect("collection");
        let app = App::new(c, Discard, "bundled".into(), now);
        terminal.draw(|f| view(&app, f, theme)).expect("draw");
        launches.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    launches.sort_by(f64::total_cmp);
    println!(
        "launch → home screen (bundled decks, 497 cards): median {:.2} ms",
        launches[5]
    );

    let c = Collection::load(places, jiff::tz::TimeZone::UTC).expect("collection");
    let mut app = App::new(c, Discard, "bundled".into(), now);
    let mut at = now;
    let mut times = Vec::new();
    let mut step = 0u64;
    while times.len() < 5000 {
        if !matches!(app.screen, Screen::Quiz(_)) {
            app.screen = Screen::Home;
            app.update(Msg::AllDue, at);
            if !matches!(app.screen, Screen::Quiz(_)) {
                // Nothing due any more: a new day.
                at += 86_400_000;
                continue;
            }
        }
        let msg = if step.is_multiple_of(2) {
            Msg::Reveal
        } else {
            Msg::Rate(kioku::review::log::Rating::Good)
        };
        step += 1;
        at += 2000;
        let t = Instant::now();
        app.update(msg, at);
        terminal.draw(|f| view(&app, f, theme)).expect("draw");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "key press → frame drawn (100×30): median {:.3} ms, p99 {:.3} ms over {} key presses",
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        times.len()
    );
}

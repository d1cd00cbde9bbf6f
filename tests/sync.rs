//! One review log across several machines: each appends only to its own
//! `reviews/<device>.jsonl`, and any machine that has every file shows the same history and the
//! same due dates, whatever its own settings, time zone or snapshot.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use kioku::config::Config;
use kioku::review::log::{self, Entry, Event, LogWriter, Mode, Rating};
use kioku::review::snapshot::load_history;
use kioku::review::{History, Scheduler};

const T0: i64 = 1_763_686_800_000;
const MIN: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// A machine: its data directory (the synced part), its cache, its device id and settings.
struct Machine {
    root: tempfile::TempDir,
    device: String,
    sched: Scheduler,
}

impl Machine {
    fn new(retention: f32, day_starts_at: u8, tz: TimeZone) -> Machine {
        let root = tempfile::tempdir().unwrap();
        let device = kioku::paths::device_id(&root.path().join("state")).unwrap();
        let c = Config {
            desired_retention: retention,
            day_starts_at,
            ..Config::default()
        };
        let sched = Scheduler::new(c.settings(Path::new("config.toml")).unwrap(), tz).unwrap();
        Machine {
            root,
            device,
            sched,
        }
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn load(&self) -> kioku::review::snapshot::Loaded {
        load_history(&self.data(), &self.root.path().join("cache"), &self.sched).unwrap()
    }

    /// Answer as the quiz screen does: stamp the schedule, write, then apply.
    fn answer(
        &self,
        h: &mut History,
        w: &mut LogWriter,
        card: &str,
        rating: Rating,
        at: i64,
    ) -> Entry {
        let mut e = Entry::new(
            at,
            Event::Answer {
                card: card.into(),
                rating,
                secs: 2.0,
                mode: Mode::Flip,
                after: None,
            },
        );
        h.stamp(&mut e, &self.sched);
        w.append(&e).unwrap();
        h.apply(&e, &self.sched);
        e
    }

    /// A study session: each card answered Good three days running.
    fn study(&self, cards: &[&str], start: i64) {
        let mut h = self.load().history;
        let mut w = LogWriter::open(&self.data(), &self.device).unwrap();
        for day in 0..3 {
            for (i, c) in cards.iter().enumerate() {
                let r = if (day + i) % 3 == 0 {
                    Rating::Hard
                } else {
                    Rating::Good
                };
                self.answer(
                    &mut h,
                    &mut w,
                    c,
                    r,
                    start + day as i64 * DAY + i as i64 * MIN,
                );
            }
        }
    }
}

/// Copy every log file of `from` into `to` (what git pull or Syncthing does).
fn sync(from: &Machine, to: &Machine) {
    let dir = to.data().join(log::LOG_DIR);
    std::fs::create_dir_all(&dir).unwrap();
    for s in log::sources(&from.data()).unwrap() {
        std::fs::copy(&s.path, to.data().join(&s.name)).unwrap();
    }
}

fn states(h: &History) -> Vec<(String, kioku::review::CardState)> {
    let mut v: Vec<_> = h
        .states()
        .map(|(id, s)| (id.to_string(), s.clone()))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn laptop() -> Machine {
    Machine::new(0.9, 4, TimeZone::fixed(jiff::tz::Offset::constant(9)))
}

fn desktop() -> Machine {
    // Other settings and another time zone: the recorded schedule still decides.
    Machine::new(0.8, 0, TimeZone::UTC)
}

#[test]
fn two_machines_answering_different_cards_show_the_same_history_once_synced() {
    let (a, b) = (laptop(), desktop());
    assert_ne!(a.device, b.device, "each machine has its own id");
    a.study(&["s3", "ebs"], T0);
    b.study(&["elb", "alb"], T0 + 30 * MIN);
    // Each knows its own, and has a snapshot of it.
    assert_eq!(a.load().history.answered_cards(), 2);
    assert_eq!(b.load().history.answered_cards(), 2);
    sync(&a, &b);
    sync(&b, &a);
    let (ha, hb) = (a.load(), b.load());
    assert!(
        ha.warnings.is_empty() && hb.warnings.is_empty(),
        "{:?}",
        ha.warnings
    );
    assert_eq!(ha.history.answered_cards(), 4);
    assert_eq!(ha.history.answers.len(), 12);
    assert_eq!(
        states(&ha.history),
        states(&hb.history),
        "the same due dates"
    );
    assert_eq!(ha.history.answers, hb.history.answers);
    // And the same as a full replay without any snapshot.
    let merged = log::read_all(&a.data()).unwrap();
    assert_eq!(
        states(&kioku::review::replay(&merged.entries, &b.sched)),
        states(&hb.history)
    );
}

#[test]
fn recorded_schedules_win_over_local_settings() {
    let (a, b) = (laptop(), desktop());
    a.study(&["s3"], T0);
    sync(&a, &b);
    let ha = a.load().history;
    let hb = b.load().history;
    assert_eq!(ha.state("s3"), hb.state("s3"));
    // Without the recorded schedule, b's settings would have given another interval: the
    // test would prove nothing if both settings agreed.
    let bare: Vec<Entry> = log::read_all(&b.data())
        .unwrap()
        .entries
        .into_iter()
        .map(|mut e| {
            if let Event::Answer { after, .. } = &mut e.event {
                *after = None;
            }
            e
        })
        .collect();
    let local = kioku::review::replay(&bare, &b.sched);
    assert_ne!(local.state("s3"), hb.state("s3"));
}

#[test]
fn the_same_entry_arriving_twice_counts_once() {
    let (a, b) = (laptop(), desktop());
    a.study(&["s3", "ebs"], T0);
    sync(&a, &b);
    let before = b.load().history;
    // A sync tool's conflict copy of the same file, and the same file again.
    let own = log::device_log(&b.data(), &a.device);
    std::fs::copy(
        &own,
        b.data().join("reviews/x.sync-conflict-20261201.jsonl"),
    )
    .unwrap();
    sync(&a, &b);
    let after = b.load();
    assert_eq!(after.history.answers.len(), 6);
    assert_eq!(states(&after.history), states(&before));
}

#[test]
fn an_older_entry_arriving_after_a_newer_one_is_replayed_in_its_place() {
    let (a, b) = (laptop(), desktop());
    // b answers s3 later in time, and loads (its snapshot covers that).
    b.study(&["s3"], T0 + 5 * DAY);
    let first = b.load();
    assert_eq!(first.history.answers.len(), 3);
    // a's earlier answers of the same card arrive afterwards.
    a.study(&["s3"], T0);
    sync(&a, &b);
    let late = b.load();
    assert_eq!(late.history.answers.len(), 6);
    let times: Vec<i64> = late.history.answers.iter().map(|x| x.at).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "in time order, not arrival order");
    let merged = log::read_all(&b.data()).unwrap();
    assert_eq!(
        late.history,
        kioku::review::replay(&merged.entries, &b.sched)
    );
    // Loading again goes through the new snapshot, to the same history.
    let again = b.load();
    assert!(again.used_snapshot);
    assert_eq!(again.history, late.history);
}

#[test]
fn undo_with_two_processes_open_takes_back_only_its_own_answer() {
    let a = laptop();
    let mut h1 = a.load().history;
    let mut h2 = h1.clone();
    let mut w1 = LogWriter::open(&a.data(), &a.device).unwrap();
    let mut w2 = LogWriter::open(&a.data(), &a.device).unwrap();
    let mine = a.answer(&mut h1, &mut w1, "s3", Rating::Good, T0);
    a.answer(&mut h2, &mut w2, "ebs", Rating::Again, T0 + MIN);
    // Process 1 undoes its answer after process 2 answered.
    let undo = Entry::new(
        T0 + 2 * MIN,
        Event::Undo {
            entry: Some(mine.id),
        },
    );
    w1.append(&undo).unwrap();
    let h = a.load().history;
    assert_eq!(h.state("s3"), None, "process 1's answer is taken back");
    assert!(h.state("ebs").is_some(), "process 2's answer still counts");
    assert_eq!(h.answers.len(), 1);
}

#[test]
fn a_format_1_log_keeps_working_and_is_never_rewritten() {
    let a = laptop();
    std::fs::create_dir_all(a.data()).unwrap();
    let old = "{\"at\":1763686800000,\"event\":\"review\",\"card\":\"s3\",\"rating\":\"good\",\"secs\":1.0,\"mode\":\"flip\"}\n\
               {\"at\":1763686860000,\"event\":\"review\",\"card\":\"ebs\",\"rating\":\"again\",\"secs\":1.0,\"mode\":\"flip\"}\n\
               {\"at\":1763686920000,\"event\":\"undo\"}\n";
    let legacy = a.data().join(log::LOG_FILE);
    std::fs::write(&legacy, old).unwrap();
    a.study(&["elb"], T0 + DAY);
    let h = a.load().history;
    assert!(h.state("s3").is_some());
    assert_eq!(
        h.state("ebs"),
        None,
        "the old undo took back the latest answer"
    );
    assert_eq!(h.answers.len(), 4);
    assert_eq!(std::fs::read_to_string(&legacy).unwrap(), old);
}

#[test]
fn the_device_id_lives_in_the_state_directory_not_the_synced_data() {
    let a = laptop();
    let state = a.root.path().join("state");
    assert_eq!(kioku::paths::device_id(&state).unwrap(), a.device, "stable");
    a.study(&["s3"], T0);
    // A copied data directory on a new machine (a new state directory) gets a new id.
    let other = tempfile::tempdir().unwrap();
    let id = kioku::paths::device_id(other.path()).unwrap();
    assert_ne!(id, a.device);
    assert!(!a.data().join(kioku::paths::DEVICE_FILE).exists());
}

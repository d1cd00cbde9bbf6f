//! The history snapshot is only ever a faster way to the same history: every way of loading
//! must equal a full replay of the log.

use std::path::Path;

use jiff::tz::TimeZone;
use kioku::config::Config;
use kioku::review::log::{self, Entry, Event, LogWriter, Mode, Rating};
use kioku::review::snapshot::{self, load_history};
use kioku::review::{Scheduler, replay};

const T0: i64 = 1_763_686_800_000;
const MIN: i64 = 60_000;

fn sched(retention: f32) -> Scheduler {
    let c = Config {
        desired_retention: retention,
        ..Config::default()
    };
    Scheduler::new(c.settings(Path::new("config.toml")).unwrap(), TimeZone::UTC).unwrap()
}

fn entries(n: usize, start: i64) -> Vec<Entry> {
    (0..n)
        .map(|i| {
            let at = start + i as i64 * 7 * MIN;
            let card = format!("c{}", i % 13);
            let event = match i % 17 {
                3 => Event::Undo { entry: None },
                5 => Event::Bury { card },
                7 => Event::Suspend { card },
                8 => Event::Unsuspend { card },
                11 if i % 3 == 0 => Event::Flag {
                    card,
                    note: Some(format!("note {i}")),
                },
                11 if i % 3 == 1 => Event::Flag { card, note: None },
                11 => Event::Unflag { card },
                13 if i % 2 == 0 => Event::Unbury { card },
                13 => Event::MoreNew { n: i as u32 % 5 },
                k => Event::Answer {
                    card,
                    rating: Rating::ALL[k % 4],
                    secs: 2.0,
                    // Cram answers: kept, yet out of the schedule.
                    mode: if k == 15 { Mode::Cram } else { Mode::Type },
                    after: None,
                },
            };
            Entry::new(at, event)
        })
        .collect()
}

/// `root/data` is the data directory, `root/cache` the cache directory.
fn append(root: &Path, es: &[Entry]) {
    let mut w = LogWriter::open(&root.join("data"), "dev").unwrap();
    for e in es {
        w.append(e).unwrap();
    }
}

fn full(root: &Path, s: &Scheduler) -> kioku::review::History {
    replay(&log::read_all(&root.join("data")).unwrap().entries, s)
}

fn load(root: &Path, s: &Scheduler) -> snapshot::Loaded {
    load_history(&root.join("data"), &root.join("cache"), s).unwrap()
}

fn snap_path(root: &Path) -> std::path::PathBuf {
    snapshot::path(&root.join("cache"))
}

fn log_path(root: &Path) -> std::path::PathBuf {
    log::device_log(&root.join("data"), "dev")
}

#[test]
fn loading_through_the_snapshot_equals_a_full_replay() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    append(dir.path(), &entries(300, T0));
    let first = load(dir.path(), &s);
    assert!(!first.used_snapshot);
    assert!(snap_path(dir.path()).exists(), "made on the first load");
    assert_eq!(first.history, full(dir.path(), &s));

    // More answers, and undos reaching back into the part the snapshot covers.
    let mut more = entries(40, T0 + 400 * 7 * MIN);
    more.extend((0..5).map(|i| Entry::new(T0 + 500 * 7 * MIN + i, Event::Undo { entry: None })));
    append(dir.path(), &more);
    let second = load(dir.path(), &s);
    assert!(second.used_snapshot);
    assert_eq!(second.replayed, 45);
    assert_eq!(second.history, full(dir.path(), &s));
}

#[test]
fn a_changed_log_or_changed_settings_are_never_read_through_the_old_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    append(dir.path(), &entries(100, T0));
    load(dir.path(), &s);

    // Edit a rating inside the covered part, same length.
    let path = log_path(dir.path());
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "\"rating\":\"good\"",
        "\"rating\":\"easy\"",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let l = load(dir.path(), &s);
    assert!(!l.used_snapshot);
    assert_eq!(l.history, full(dir.path(), &s));

    // New settings reschedule everything.
    let s2 = sched(0.8);
    let l = load(dir.path(), &s2);
    assert!(!l.used_snapshot);
    assert_eq!(l.history, full(dir.path(), &s2));
    assert_ne!(
        l.history,
        full(dir.path(), &s),
        "retention changes the schedule"
    );

    // A damaged snapshot is ignored and remade.
    std::fs::write(snap_path(dir.path()), b"KIOKUH01garbage").unwrap();
    let l = load(dir.path(), &s2);
    assert!(!l.used_snapshot);
    assert_eq!(l.history, full(dir.path(), &s2));
    assert!(load(dir.path(), &s2).used_snapshot);

    // A shorter log (the file was replaced) does not match either.
    std::fs::write(&path, "").unwrap();
    let l = load(dir.path(), &s2);
    assert!(!l.used_snapshot);
    assert!(l.history.answers.is_empty());
}

#[test]
fn a_torn_tail_is_left_out_of_the_snapshot_and_warned_about_until_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    append(dir.path(), &entries(50, T0));
    let path = log_path(dir.path());
    let mut text = std::fs::read(&path).unwrap();
    text.extend_from_slice(b"{\"at\":1,\"event\":\"rev");
    std::fs::write(&path, &text).unwrap();
    let l = load(dir.path(), &s);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].contains(":51: the last line is incomplete"),
        "{:?}",
        l.warnings
    );
    // The next append starts a fresh line; the torn one stays as a damaged middle line.
    append(dir.path(), &entries(3, T0 + 100 * 7 * MIN));
    let l = load(dir.path(), &s);
    assert!(l.used_snapshot);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].contains(":51: damaged line skipped"),
        "{:?}",
        l.warnings
    );
    assert_eq!(l.history, full(dir.path(), &s));
}

#[test]
fn a_snapshot_of_an_older_format_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    append(dir.path(), &entries(60, T0));
    load(dir.path(), &s);
    assert!(load(dir.path(), &s).used_snapshot);
    let path = snap_path(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"KIOKUH08");
    // The version before the card states were fixed-size records.
    bytes[..8].copy_from_slice(b"KIOKUH07");
    std::fs::write(&path, &bytes).unwrap();
    let l = load(dir.path(), &s);
    assert!(!l.used_snapshot);
    assert_eq!(l.history, full(dir.path(), &s));
    assert!(load(dir.path(), &s).used_snapshot, "and it was rebuilt");
}

#[test]
fn snapshots_round_trip() {
    let s = sched(0.9);
    let h = replay(&entries(200, T0), &s);
    // What the new entry kinds leave is in there to round-trip.
    assert!(h.flagged().count() > 0);
    assert!(h.answers.iter().any(|a| a.mode == Mode::Cram));
    assert!((0..30).any(|d| h.extra_new(s.day(T0) + d) > 0));
    let snap = snapshot::Snapshot {
        fingerprint: 7,
        sources: vec![snapshot::Covered {
            name: "reviews/dev.jsonl".into(),
            len: 10,
            lines: 2,
            hash: 3,
            state: vec![1; kioku::cache::Hasher::STATE],
            mark: snapshot::FileMark {
                dev: 4,
                ino: 5,
                size: 12,
                mtime: 6,
                ctime: 7,
                window: 8,
            },
        }],
        last_at: 99,
        history: h,
        warnings: vec!["w".into()],
    };
    assert_eq!(
        snapshot::decode(snapshot::encode(&snap)),
        Some(snap.clone())
    );
    let bytes = snapshot::encode(&snap);
    for cut in [0, 8, 20, bytes.len() / 2, bytes.len() - 1] {
        assert_eq!(
            snapshot::decode(bytes[..cut].to_vec()),
            None,
            "cut at {cut}"
        );
    }
}

#[test]
fn a_flipped_byte_in_the_snapshot_is_caught_by_its_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    append(dir.path(), &entries(120, T0));
    load(dir.path(), &s);
    let path = snap_path(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    // A byte inside the answer records, which are only decoded when needed.
    let at = bytes.len() - 200;
    bytes[at] ^= 0x55;
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(snapshot::read(&path), None);
    // Start-up reads only the head, which is intact: the records' checksum is checked when
    // the answers are first needed, and damaged ones are made again from the log.
    let l = load(dir.path(), &s);
    assert!(l.used_snapshot);
    assert_eq!(l.history, full(dir.path(), &s));

    // A byte in the head is caught at start-up.
    std::fs::write(&path, &bytes[..]).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[40] ^= 0x55;
    std::fs::write(&path, &bytes).unwrap();
    let l = load(dir.path(), &s);
    assert!(!l.used_snapshot);
    assert_eq!(l.history, full(dir.path(), &s));
    assert!(load(dir.path(), &s).used_snapshot, "and it was rebuilt");
}

#[test]
fn a_damaged_id_table_in_the_snapshot_is_caught_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    append(dir.path(), &entries(120, T0));
    load(dir.path(), &s);
    let path = snap_path(dir.path());
    let good = std::fs::read(&path).unwrap();
    // The ids' string block (c0, c1, c2 are the first ids the log names), and the table's
    // buckets just before it.
    let strings = good
        .windows(6)
        .position(|w| w == b"c0c1c2")
        .expect("the string block");
    for at in [strings + 1, strings - 4, strings - 40] {
        let mut bad = good.clone();
        bad[at] ^= 0x55;
        std::fs::write(&path, &bad).unwrap();
        assert_eq!(snapshot::read(&path), None, "byte {at}");
        let l = load(dir.path(), &s);
        assert!(!l.used_snapshot, "byte {at} is not believed");
        assert_eq!(l.history, full(dir.path(), &s));
        assert!(load(dir.path(), &s).used_snapshot, "and it was rebuilt");
        assert_eq!(std::fs::read(&path).unwrap(), good);
    }
}

/// A log big enough that its window (first 4 KiB, sixteen samples, last 64 KiB) leaves most
/// bytes out, loaded once so the snapshot covers it.
fn big_log(root: &Path, s: &Scheduler) -> std::path::PathBuf {
    append(root, &entries(4000, T0));
    let first = load(root, s);
    assert!(!first.used_snapshot);
    let path = log_path(root);
    assert!(std::fs::metadata(&path).unwrap().len() > 300_000);
    path
}

/// The first good rating at or after `from`, made easy: same length, bytes outside the window.
fn rewrite_rating_after(path: &Path, from: usize) {
    let mut text = std::fs::read_to_string(path).unwrap();
    let at = from + text[from..].find("\"rating\":\"good\"").unwrap();
    text.replace_range(at..at + 15, "\"rating\":\"easy\"");
    std::fs::write(path, text).unwrap();
}

#[test]
fn an_unchanged_or_appended_log_is_proven_without_hashing_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    big_log(dir.path(), &s);
    let l = load(dir.path(), &s);
    assert!(l.used_snapshot);
    assert_eq!((l.replayed, l.hashed_in_full), (0, 0));

    append(dir.path(), &entries(30, T0 + 5000 * 7 * MIN));
    let l = load(dir.path(), &s);
    assert!(l.used_snapshot);
    assert_eq!((l.replayed, l.hashed_in_full), (30, 0));
    assert_eq!(l.history, full(dir.path(), &s));
}

#[test]
fn a_log_rewritten_in_place_with_its_mtime_put_back_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    let path = big_log(dir.path(), &s);
    let len = std::fs::metadata(&path).unwrap().len() as usize;
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    // Between the first and second samples of the window: only the ctime tells.
    rewrite_rating_after(&path, len / 17 + 5000);
    assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, len);
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(mtime).unwrap();
    drop(f);
    let l = load(dir.path(), &s);
    assert!(!l.used_snapshot, "the full hash no longer matches");
    assert_eq!(l.history, full(dir.path(), &s));
}

#[test]
fn a_log_replaced_by_another_file_is_caught_and_an_identical_copy_is_proven_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    let path = big_log(dir.path(), &s);
    // The same bytes in a new file (a sync tool's rename): proven by hashing, then the new
    // identity is written down so the next start is quick again.
    let copy = path.with_extension("tmp");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::rename(&copy, &path).unwrap();
    let l = load(dir.path(), &s);
    assert!(l.used_snapshot);
    assert_eq!(l.hashed_in_full, 1);
    let l = load(dir.path(), &s);
    assert_eq!((l.used_snapshot, l.hashed_in_full), (true, 0));

    // Different bytes, same size, in a new file.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&copy, &text).unwrap();
    rewrite_rating_after(&copy, text.len() / 3);
    std::fs::rename(&copy, &path).unwrap();
    let l = load(dir.path(), &s);
    assert!(!l.used_snapshot);
    assert_eq!(l.history, full(dir.path(), &s));
}

#[test]
fn check_deep_hashes_the_whole_log_and_removes_a_snapshot_that_does_not_match() {
    let dir = tempfile::tempdir().unwrap();
    let (data, cache) = (dir.path().join("data"), dir.path().join("cache"));
    assert_eq!(
        snapshot::check_deep(&data, &cache).unwrap(),
        snapshot::Deep::NoSnapshot
    );
    let s = sched(0.9);
    let path = big_log(dir.path(), &s);
    let len = std::fs::metadata(&path).unwrap().len();
    assert_eq!(
        snapshot::check_deep(&data, &cache).unwrap(),
        snapshot::Deep::Matches {
            files: 1,
            bytes: len
        }
    );
    rewrite_rating_after(&path, len as usize / 2);
    assert_eq!(
        snapshot::check_deep(&data, &cache).unwrap(),
        snapshot::Deep::Removed {
            files: vec!["reviews/dev.jsonl".into()]
        }
    );
    assert!(!snap_path(dir.path()).exists());
}

/// An id table longer than the first piece of the head start-up reads (64 KiB): the head is
/// read in two pieces split where the table ends, and a damaged byte on either side of the
/// split is still caught by the one checksum.
#[test]
fn a_head_read_in_two_pieces_is_the_same_history_and_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let s = sched(0.9);
    let es: Vec<Entry> = (0..6000)
        .map(|i| {
            Entry::new(
                T0 + i as i64 * MIN,
                Event::Answer {
                    card: format!("a-card-with-a-long-id-{i:05}"),
                    rating: Rating::ALL[i % 4],
                    secs: 2.0,
                    mode: Mode::Type,
                    after: None,
                },
            )
        })
        .collect();
    append(dir.path(), &es);
    load(dir.path(), &s);
    let l = load(dir.path(), &s);
    assert!(l.used_snapshot);
    assert_eq!(l.history, full(dir.path(), &s));

    let path = snap_path(dir.path());
    let good = std::fs::read(&path).unwrap();
    let last_id = b"a-card-with-a-long-id-05999";
    let ids_end = good
        .windows(last_id.len())
        .position(|w| w == last_id)
        .expect("the last id")
        + last_id.len();
    assert!(ids_end > 1 << 16, "the table reaches past the first piece");
    for at in [ids_end - 3, ids_end + 3] {
        let mut bad = good.clone();
        bad[at] ^= 0x55;
        std::fs::write(&path, &bad).unwrap();
        let l = load(dir.path(), &s);
        assert!(!l.used_snapshot, "byte {at} is not believed");
        assert_eq!(l.history, full(dir.path(), &s));
        assert!(load(dir.path(), &s).used_snapshot, "and it was rebuilt");
        assert_eq!(std::fs::read(&path).unwrap(), good);
    }
}

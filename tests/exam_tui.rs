//! The practice exam on screen, driven by keys on a fixed clock: the plan from home, answering
//! and changing answers, the grid, submitting and quitting with confirmation, the time running
//! out on a tick, and every screen drawn at 80×24 and 40×15.

use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use jiff::tz::TimeZone;
use kioku::collection::{Collection, Places};
use kioku::error::Result;
use kioku::exam::End;
use kioku::review::log::Entry;
use kioku::study::Journal;
use kioku::tui::app::{App, Msg, Screen};
use kioku::tui::exam::{Stage, grid_columns};
use kioku::tui::keymap::{context, message};
use kioku::tui::keys::Context;
use kioku::tui::view::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event as KeyEv, KeyCode, KeyEvent, KeyModifiers};

/// 2026-11-21 12:00 in Tokyo.
const NOW: i64 = 1_795_230_000_000;
const SEC: i64 = 1000;
const MIN: i64 = 60 * SEC;

#[derive(Default)]
struct Memory {
    entries: Vec<Entry>,
}

impl Journal for Memory {
    fn append(&mut self, e: &Entry) -> Result<()> {
        self.entries.push(e.clone());
        Ok(())
    }
}

/// Ten term cards in three sections and four clozes: fourteen questions to draw from.
const DECK: &str = r#"[deck]
name = "aws"
source = "notes/aws.md"
generator = "kioku 0.1.0"

[[card]]
id = "s3-mpu"
kind = "term"
section = ["Amazon S3", "特徴"]
front = "Multipart Upload"
back = "大きなオブジェクトを複数の部分に分けて並行してアップロードする機能"
line = 10

[[card]]
id = "s3-ver"
kind = "term"
section = ["Amazon S3", "特徴"]
front = "Versioning"
back = "オブジェクトの以前の版を残しておく機能"
line = 11

[[card]]
id = "s3-life"
kind = "term"
section = ["Amazon S3", "特徴"]
front = "Lifecycle"
back = "日数に応じてオブジェクトを別のストレージクラスへ移すか削除するルール"
line = 12

[[card]]
id = "s3-rr"
kind = "term"
section = ["Amazon S3", "料金"]
front = "Requester Pays"
back = "データを取得した側が料金を払う設定"
line = 14

[[card]]
id = "ebs-snap"
kind = "term"
section = ["EBS"]
front = "Snapshot"
back = "ボリュームのある時点のバックアップ。S3に保存される"
line = 20

[[card]]
id = "ebs-io"
kind = "term"
section = ["EBS"]
front = "Provisioned IOPS"
back = "一定のIOPSを保証するボリュームの種類"
line = 21

[[card]]
id = "ebs-enc"
kind = "term"
section = ["EBS"]
front = "Encryption"
back = "KMSの鍵でボリュームを暗号化する"
line = 22

[[card]]
id = "elb-drain"
kind = "term"
section = ["Elastic Load Balancing（ELB）"]
front = "Connection Draining"
back = "登録解除したEC2への割り振りを止めるが、処理中のリクエストは終わるまで待つ機能"
line = 30

[[card]]
id = "elb-sticky"
kind = "term"
section = ["Elastic Load Balancing（ELB）"]
front = "Sticky Session"
back = "同じ利用者のリクエストを同じEC2に送り続ける機能"
line = 31

[[card]]
id = "elb-cross"
kind = "term"
section = ["Elastic Load Balancing（ELB）"]
front = "Cross-Zone Load Balancing"
back = "複数のAZにまたがって均等に負荷を分散する機能"
line = 32

[[card]]
id = "ebs-max"
kind = "cloze"
section = ["EBS", "特徴"]
front = "最大容量は16TB"
back = "16TB"
cloze = "16TB"
line = 24

[[card]]
id = "s3-file"
kind = "cloze"
section = ["Amazon S3", "特徴"]
front = "1ファイル5TBまで"
back = "5TB"
cloze = "5TB"
line = 13

[[card]]
id = "snow"
kind = "cloze"
section = ["Amazon S3", "料金"]
front = "Snowballは80TBの容量"
back = "80TB"
cloze = "80TB"
line = 15

[[card]]
id = "snow-us"
kind = "cloze"
section = ["Amazon S3", "料金"]
front = "50TB(US only)のモデルもある"
back = "50TB"
cloze = "50TB"
line = 16
"#;

fn app() -> (App<Memory>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/aws.toml"), DECK).unwrap();
    let places = Places {
        data_dir: dir.path().join("data"),
        config_dir: dir.path().join("config"),
        state_dir: dir.path().join("state"),
        cache_dir: dir.path().join("cache"),
        decks: dir.path().join("decks"),
        decks_given: true,
    };
    std::fs::create_dir_all(&places.state_dir).unwrap();
    std::fs::write(places.state_dir.join("device-id"), "laptop\n").unwrap();
    let c = Collection::load(places, TimeZone::fixed(jiff::tz::Offset::constant(9))).unwrap();
    (
        App::new(c, Memory::default(), "decks from decks/".into(), NOW),
        dir,
    )
}

fn key(c: KeyCode) -> KeyEv {
    KeyEv::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn press(a: &mut App<Memory>, keys: &[KeyCode], at: i64) {
    for k in keys {
        if let Some(m) = message(&key(*k), context(a)) {
            a.update(m, at);
        }
    }
}

fn ch(c: char) -> KeyCode {
    KeyCode::Char(c)
}

fn draw(a: &App<Memory>, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view(a, f, Theme { color: false })).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
            line.push_str(s);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn exam(a: &App<Memory>) -> &kioku::exam::Exam {
    match &a.screen {
        Screen::Exam(e) => match &e.stage {
            Stage::Sitting { exam, .. } => exam,
            _ => panic!("not sitting the exam"),
        },
        _ => panic!("not on the exam screen"),
    }
}

fn results(a: &App<Memory>) -> &kioku::tui::exam::Results {
    match &a.screen {
        Screen::Exam(e) => match &e.stage {
            Stage::Results(r) => r,
            _ => panic!("no results"),
        },
        _ => panic!("not on the exam screen"),
    }
}

/// The letter of the right (or a wrong) option of the question shown.
fn letter(a: &App<Memory>, right: bool) -> KeyCode {
    let q = exam(a).current().unwrap();
    let i = if right {
        q.choice.correct
    } else {
        (q.choice.correct + 1) % 4
    };
    ch((b'a' + i as u8) as char)
}

/// From home, `x` on the deck's row and enter: the exam starts at `NOW`.
fn start(a: &mut App<Memory>) {
    a.update(Msg::Resize(80, 24), NOW);
    press(a, &[ch('x')], NOW);
    assert_eq!(context(a), Context::ExamSetup);
    press(a, &[KeyCode::Enter], NOW);
    assert_eq!(context(a), Context::Exam);
}

#[test]
fn the_plan_from_home_says_how_many_questions_and_minutes() {
    let (mut a, _d) = app();
    press(&mut a, &[ch('x')], NOW);
    insta::assert_snapshot!("exam_setup_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("exam_setup_40x15", draw(&a, 40, 15));
    let Screen::Exam(e) = &a.screen else {
        panic!("the exam's plan")
    };
    let Stage::Setup(s) = &e.stage else {
        panic!("the exam's plan")
    };
    assert_eq!(
        (s.count(), s.minutes()),
        (14, 28),
        "all fourteen, two minutes each"
    );
    press(&mut a, &[KeyCode::Down], NOW);
    let Screen::Exam(e) = &a.screen else {
        unreachable!()
    };
    let Stage::Setup(s) = &e.stage else {
        unreachable!()
    };
    assert_eq!((s.count(), s.minutes()), (10, 20));
    press(&mut a, &[KeyCode::Up, KeyCode::Up], NOW);
    press(&mut a, &[KeyCode::Esc], NOW);
    assert!(matches!(a.screen, Screen::Home));
    // A section too small for a question of four options.
    let (mut a, _d) = app();
    let i = a.visible().iter().position(|r| r.label == "料金").unwrap();
    a.selected = i;
    press(&mut a, &[ch('x')], NOW);
    assert_eq!(
        context(&a),
        Context::ExamSetup,
        "its cards take distractors from the deck"
    );
}

#[test]
fn answers_change_move_and_mark_and_the_grid_shows_them() {
    let (mut a, d) = app();
    start(&mut a);
    insta::assert_snapshot!("exam_question_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("exam_question_40x15", draw(&a, 40, 15));
    let right = letter(&a, true);
    let wrong = letter(&a, false);
    press(
        &mut a,
        &[wrong, KeyCode::Right, ch('m'), ch('n')],
        NOW + MIN,
    );
    assert_eq!(exam(&a).at, 2);
    press(&mut a, &[KeyCode::Left, ch('p')], NOW + MIN);
    assert_eq!(exam(&a).at, 0);
    press(&mut a, &[right], NOW + 2 * MIN);
    assert_eq!(exam(&a).answered(), 1, "changed, not added");
    assert_eq!(
        exam(&a).cell(0).answer,
        Some(exam(&a).questions[0].choice.correct)
    );
    assert!(exam(&a).cell(1).marked);
    // The grid: rows of ten at 80 columns; down a row and enter goes there.
    press(&mut a, &[ch('r')], NOW + 2 * MIN);
    assert_eq!(context(&a), Context::ExamGrid);
    assert_eq!(grid_columns(80, 14), 10);
    insta::assert_snapshot!("exam_grid_80x24", draw(&a, 80, 24));
    a.update(Msg::Resize(40, 15), NOW + 2 * MIN);
    assert_eq!(grid_columns(40, 14), 5, "rows of five at 40 columns");
    insta::assert_snapshot!("exam_grid_40x15", draw(&a, 40, 15));
    press(&mut a, &[KeyCode::Down, KeyCode::Up], NOW + 2 * MIN);
    a.update(Msg::Resize(80, 24), NOW + 2 * MIN);
    press(
        &mut a,
        &[KeyCode::Down, KeyCode::Right, KeyCode::Enter],
        NOW + 2 * MIN,
    );
    assert_eq!((context(&a), exam(&a).at), (Context::Exam, 11));
    // Submit asks first; no goes back, yes scores.
    press(&mut a, &[ch('s')], NOW + 3 * MIN);
    assert_eq!(context(&a), Context::ExamConfirm);
    insta::assert_snapshot!("exam_confirm_40x15", draw(&a, 40, 15));
    press(&mut a, &[ch('n')], NOW + 3 * MIN);
    assert_eq!(context(&a), Context::Exam);
    press(&mut a, &[ch('s'), ch('y')], NOW + 3 * MIN);
    assert_eq!(context(&a), Context::ExamResults);
    let r = results(&a);
    assert_eq!(r.outcome.end, End::Submitted);
    assert_eq!((r.outcome.right, r.outcome.count), (1, 14));
    assert_eq!(r.outcome.unanswered, 13);
    assert_eq!(r.saved.as_deref(), Ok("exams/laptop.jsonl"));
    insta::assert_snapshot!("exam_results_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("exam_results_40x15", draw(&a, 40, 15));
    press(&mut a, &[KeyCode::PageDown, KeyCode::Down], NOW + 3 * MIN);
    assert_eq!(results(&a).scroll, 11);
    // Saved, and never a review: the log and the schedule are untouched.
    let line = std::fs::read_to_string(d.path().join("data/exams/laptop.jsonl")).unwrap();
    assert!(
        line.contains(r#""device":"laptop","scope":"aws","deck":"aws","count":14,"minutes":28,"#),
        "{line}"
    );
    assert!(a.journal_mut().entries.is_empty());
    assert_eq!(a.collection.history.answered_cards(), 0);
    press(&mut a, &[KeyCode::Enter], NOW + 3 * MIN);
    assert!(matches!(a.screen, Screen::Home));
}

#[test]
fn every_answer_right_passes() {
    let (mut a, _d) = app();
    start(&mut a);
    for i in 0..14 {
        let right = letter(&a, true);
        press(&mut a, &[right, KeyCode::Enter], NOW + i * SEC);
    }
    assert_eq!(exam(&a).at, 13, "enter goes on, and stays on the last");
    press(&mut a, &[ch('s')], NOW + MIN);
    assert!(draw(&a, 80, 24).contains("Submit the exam? Every question answered;"));
    press(&mut a, &[KeyCode::Enter], NOW + MIN);
    let screen = draw(&a, 80, 24);
    assert!(
        screen.starts_with("✓ PASS  practice exam: aws\n100% right: 14 of 14"),
        "{screen}"
    );
    assert!(screen.contains("Every question right."), "{screen}");
}

#[test]
fn quitting_asks_then_scores_what_was_answered() {
    let (mut a, _d) = app();
    start(&mut a);
    let right = letter(&a, true);
    press(&mut a, &[right, ch('q')], NOW + MIN);
    assert_eq!(context(&a), Context::ExamConfirm);
    press(&mut a, &[KeyCode::Esc], NOW + MIN);
    assert_eq!(context(&a), Context::Exam, "esc: no");
    press(&mut a, &[ch('q'), ch('y')], NOW + 2 * MIN);
    let o = &results(&a).outcome;
    assert_eq!(o.end, End::Quit);
    assert_eq!((o.right, o.unanswered, o.wrong.len()), (1, 13, 13));
    assert_eq!(o.secs, 120);
}

#[test]
fn ctrl_c_in_an_exam_saves_it_as_quit() {
    let (mut a, d) = app();
    start(&mut a);
    let right = letter(&a, true);
    press(&mut a, &[right], NOW + MIN);
    let ev = KeyEv::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let m = message(&ev, context(&a)).unwrap();
    a.update(m, NOW + 2 * MIN);
    assert!(a.quit);
    let line = std::fs::read_to_string(d.path().join("data/exams/laptop.jsonl")).unwrap();
    assert!(line.contains(r#""right":1,"unanswered":13,"#), "{line}");
    assert!(line.contains(r#""end":"quit","secs":120,"#), "{line}");
}

#[test]
fn the_time_runs_out_on_a_tick_or_at_the_next_key() {
    let (mut a, _d) = app();
    start(&mut a);
    let right = letter(&a, true);
    press(&mut a, &[right], NOW + 27 * MIN);
    a.tick(NOW + 28 * MIN - 1);
    assert_eq!(context(&a), Context::Exam, "a millisecond left");
    a.tick(NOW + 28 * MIN);
    assert_eq!(context(&a), Context::ExamResults);
    let o = &results(&a).outcome;
    assert_eq!((o.end, o.right, o.secs), (End::Timeout, 1, 28 * 60));
    // A key pressed after the time ran out, before any tick: the exam ends, the key is lost.
    let (mut a, _d) = app();
    start(&mut a);
    let right = letter(&a, true);
    press(&mut a, &[right], NOW + 40 * MIN);
    let o = &results(&a).outcome;
    assert_eq!((o.end, o.right), (End::Timeout, 0));
}

/// Scripted events for the run loop: each `None` is a wait that times out, which moves the
/// clock on by the time the loop asked to wait.
struct Script {
    events: VecDeque<Option<KeyEv>>,
    clock: Rc<Cell<i64>>,
    waits: Vec<Duration>,
}

impl kioku::tui::Events for Script {
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<KeyEv>> {
        self.waits.push(timeout);
        match self.events.pop_front() {
            Some(None) => {
                self.clock
                    .set(self.clock.get() + timeout.as_millis() as i64);
                Ok(None)
            }
            Some(Some(e)) => Ok(Some(e)),
            None => Ok(Some(KeyEv::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL,
            )))),
        }
    }
}

struct NoEffects;

impl kioku::tui::Effects for NoEffects {
    fn open(&mut self, _: &str, _: Option<&std::path::Path>) -> String {
        String::new()
    }
    fn edit(&mut self, _: &std::path::Path, _: u32) -> Result<bool> {
        Ok(false)
    }
    fn reload(&mut self, _: &std::path::Path, _: &std::path::Path) -> Result<Collection> {
        unreachable!()
    }
}

#[test]
fn the_run_loop_wakes_every_second_in_an_exam_and_ends_it_on_time() {
    let (mut a, _d) = app();
    a.update(Msg::Resize(80, 24), NOW);
    press(&mut a, &[ch('x'), KeyCode::Down, KeyCode::Down], NOW);
    press(&mut a, &[KeyCode::Down], NOW);
    press(&mut a, &[KeyCode::Enter], NOW);
    // One question, two minutes: 120 one-second waits run the clock out.
    assert_eq!(exam(&a).minutes, 2);
    let clock = Rc::new(Cell::new(NOW));
    let mut script = Script {
        events: std::iter::repeat_n(None, 120).collect(),
        clock: clock.clone(),
        waits: Vec::new(),
    };
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    kioku::tui::event_loop(
        &mut t,
        &mut a,
        Theme { color: false },
        &mut script,
        &mut NoEffects,
        &|| clock.get(),
    )
    .unwrap();
    assert!(
        script.waits[..120]
            .iter()
            .all(|w| *w == Duration::from_secs(1))
    );
    assert_eq!(results(&a).outcome.end, End::Timeout);
}

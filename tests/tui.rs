//! The quiz UI without a terminal: whole sessions driven by key events on a fixed clock, and
//! every screen drawn on a TestBackend and compared with a snapshot.

use jiff::tz::TimeZone;
use kioku::collection::{Collection, Places};
use kioku::error::Result;
use kioku::review::log::{Entry, Event, Mode, Rating};
use kioku::study::Journal;
use kioku::tui::app::{App, Msg, Screen};
use kioku::tui::keymap::{context, message};
use kioku::tui::keys::Context;
use kioku::tui::quiz::Ask;
use kioku::tui::view::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event as KeyEv, KeyCode, KeyEvent, KeyModifiers};

/// 2026-11-21 12:00 in Tokyo.
const NOW: i64 = 1_795_230_000_000;
const SEC: i64 = 1000;

#[derive(Default)]
struct Memory {
    entries: Vec<Entry>,
    fail: bool,
}

impl Journal for Memory {
    fn append(&mut self, e: &Entry) -> Result<()> {
        if self.fail {
            return Err(kioku::error::Error::Io {
                path: "reviews.jsonl".into(),
                source: std::io::Error::other("disk full"),
            });
        }
        self.entries.push(e.clone());
        Ok(())
    }
}

const DECK: &str = r#"[deck]
name = "aws"
title = "サービス一覧"

[[card]]
id = "s3"
kind = "service"
section = ["Amazon S3", "特徴"]
front = "容量無制限(1ファイル5TBまで)"
back = "Amazon S3"

[[card]]
id = "ebs"
kind = "service"
section = ["EBS"]
front = "EC2インスタンスにアタッチして使用するブロックレベルのストレージサービス"
back = "EBS"

[[card]]
id = "glacier"
kind = "service"
section = ["Amazon Glacier"]
front = "アーカイブやバックアップのための超低価格ストレージ"
back = "Amazon Glacier"

[[card]]
id = "sqs"
kind = "service"
section = ["Amazon Simple Queue Service(SQS)"]
front = "AWSフルマネージドな分散キュー"
back = "Amazon Simple Queue Service(SQS)"

[[card]]
id = "drain"
kind = "term"
section = ["Elastic Load Balancing（ELB）"]
front = "Connection Draining"
back = """
- 登録解除やヘルスチェックがFailしたEC2への割り振りを中止するが、処理中リクエストは終わるように一定時間待つ機能
"""

[[card]]
id = "ebs16"
kind = "cloze"
section = ["EBS", "特徴"]
front = "最大容量は16TB"
back = "16TB"
cloze = "16TB"
"#;

fn app(mode: Mode) -> (App<Memory>, tempfile::TempDir) {
    app_with(mode, DECK)
}

fn app_with(mode: Mode, deck: &str) -> (App<Memory>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/aws.toml"), deck).unwrap();
    let places = Places {
        data_dir: dir.path().join("data"),
        config_dir: dir.path().join("config"),
        state_dir: dir.path().join("state"),
        cache_dir: dir.path().join("cache"),
        decks: dir.path().join("decks"),
        decks_given: true,
    };
    let c = Collection::load(places, TimeZone::fixed(jiff::tz::Offset::constant(9))).unwrap();
    let mut a = App::new(c, Memory::default(), "decks from decks/".into(), NOW);
    a.mode = mode;
    (a, dir)
}

fn key(c: KeyCode) -> KeyEv {
    KeyEv::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// Press keys as the run loop would: through the keymap, at `at`.
fn press(a: &mut App<Memory>, keys: &[KeyCode], at: i64) {
    for k in keys {
        if let Some(m) = message(&key(*k), context(a)) {
            a.update(m, at);
        }
    }
}

/// Filter the home screen by `elb` and start a session on the one row it finds.
fn study_elb(a: &mut App<Memory>) {
    let keys = [
        KeyCode::Char('/'),
        KeyCode::Char('e'),
        KeyCode::Char('l'),
        KeyCode::Char('b'),
        KeyCode::Enter,
        KeyCode::Enter,
    ];
    press(a, &keys, NOW);
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

fn current(a: &App<Memory>) -> Option<String> {
    match &a.screen {
        Screen::Quiz(q) => q.session.current().map(|c| c.card.id.clone()),
        _ => None,
    }
}

#[test]
fn home_screen_tree_and_filter() {
    let (mut a, _d) = app(Mode::Flip);
    insta::assert_snapshot!("home_80x24", draw(&a, 80, 24));
    press(
        &mut a,
        &[
            KeyCode::Char('/'),
            KeyCode::Char('e'),
            KeyCode::Char('l'),
            KeyCode::Char('b'),
        ],
        NOW,
    );
    let labels: Vec<&str> = a.visible().iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Elastic Load Balancing（ELB）"],
        "elb finds the full-width (ELB)"
    );
    press(&mut a, &[KeyCode::Enter, KeyCode::Enter], NOW);
    assert_eq!(current(&a).as_deref(), Some("drain"));
}

#[test]
fn a_flip_session_from_front_to_summary() {
    let (mut a, _d) = app(Mode::Flip);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    assert!(matches!(a.screen, Screen::Quiz(_)));
    insta::assert_snapshot!("front_80x24", draw(&a, 80, 24));
    press(&mut a, &[KeyCode::Char(' ')], NOW + 4 * SEC);
    insta::assert_snapshot!("revealed_80x24", draw(&a, 80, 24));
    // Again: the card comes back after its 1m step, after the others.
    press(&mut a, &[KeyCode::Char('1')], NOW + 5 * SEC);
    let first = a.collection.history.answers.len();
    assert_eq!(first, 1, "the answer is in the history");
    for i in 0..5 {
        press(
            &mut a,
            &[KeyCode::Char(' '), KeyCode::Char('3')],
            NOW + (10 + i) * SEC,
        );
    }
    assert_eq!(
        current(&a).as_deref(),
        Some("s3"),
        "the missed card is drilled again"
    );
    press(
        &mut a,
        &[KeyCode::Char(' '), KeyCode::Char('3')],
        NOW + 20 * SEC,
    );
    assert!(matches!(a.screen, Screen::Summary(_)));
    insta::assert_snapshot!("summary_80x24", draw(&a, 80, 24));
    // Every answer was handed to the journal, in order, before the next card.
    let ratings: Vec<Rating> = a
        .journal_mut()
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            Event::Answer { rating, .. } => Some(*rating),
            _ => None,
        })
        .collect();
    assert_eq!(
        ratings,
        [
            Rating::Again,
            Rating::Good,
            Rating::Good,
            Rating::Good,
            Rating::Good,
            Rating::Good,
            Rating::Good
        ]
    );
    // m reviews the missed cards now.
    press(&mut a, &[KeyCode::Char('m')], NOW + 30 * SEC);
    assert_eq!(current(&a).as_deref(), Some("s3"));
}

#[test]
fn undo_and_bury_from_the_keyboard() {
    let (mut a, _d) = app(Mode::Flip);
    press(
        &mut a,
        &[KeyCode::Char('a'), KeyCode::Char(' '), KeyCode::Char('3')],
        NOW,
    );
    let second = current(&a);
    press(&mut a, &[KeyCode::Char('u')], NOW + SEC);
    assert_eq!(
        current(&a).as_deref(),
        Some("s3"),
        "undo shows the card again"
    );
    assert_eq!(a.collection.history.answered_cards(), 0);
    press(
        &mut a,
        &[KeyCode::Char(' '), KeyCode::Char('4')],
        NOW + 2 * SEC,
    );
    assert_eq!(current(&a), second, "and the queue goes on where it was");
    press(&mut a, &[KeyCode::Char('s')], NOW + 3 * SEC);
    assert!(
        a.collection
            .history
            .is_buried(second.as_deref().unwrap(), a.collection.sched.day(NOW))
    );
    press(&mut a, &[KeyCode::Char('?')], NOW);
    assert!(a.help);
    insta::assert_snapshot!("help_80x24", draw(&a, 80, 24));
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('q')], NOW);
    assert!(matches!(a.screen, Screen::Summary(_)));
}

#[test]
fn a_failed_write_records_nothing_and_says_so() {
    let (mut a, _d) = app(Mode::Flip);
    press(&mut a, &[KeyCode::Char('a'), KeyCode::Char(' ')], NOW);
    set_fail(&mut a, true);
    press(&mut a, &[KeyCode::Char('3')], NOW + SEC);
    assert_eq!(current(&a).as_deref(), Some("s3"), "the same card stays");
    assert_eq!(a.collection.history.answered_cards(), 0);
    assert!(
        a.notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Your answer was not saved"),
        "{:?}",
        a.notice
    );
    set_fail(&mut a, false);
    press(&mut a, &[KeyCode::Char('3')], NOW + 2 * SEC);
    assert_eq!(a.collection.history.answered_cards(), 1);
}

fn set_fail(a: &mut App<Memory>, fail: bool) {
    a.journal_mut().fail = fail;
}

#[test]
fn type_mode_checks_and_proposes_a_rating() {
    let (mut a, _d) = app(Mode::Type);
    study_elb(&mut a);
    assert_eq!(context(&a), Context::Typing);
    for c in "conection draining".chars() {
        press(&mut a, &[KeyCode::Char(c)], NOW);
    }
    press(&mut a, &[KeyCode::Enter], NOW + 9 * SEC);
    insta::assert_snapshot!("typed_diff_80x24", draw(&a, 80, 24));
    press(&mut a, &[KeyCode::Enter], NOW + 10 * SEC);
    let st = a.collection.history.state("drain").unwrap();
    assert_eq!(
        st.last_rating,
        Some(Rating::Hard),
        "enter accepts the proposed rating"
    );
}

#[test]
fn choice_mode_rates_a_wrong_pick_again() {
    let (mut a, _d) = app(Mode::Choice);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    assert_eq!(current(&a).as_deref(), Some("s3"));
    insta::assert_snapshot!("choice_80x24", draw(&a, 80, 24));
    let Screen::Quiz(q) = &a.screen else {
        unreachable!()
    };
    let Ask::Choice { choice: c, .. } = &q.ask else {
        panic!("a choice question")
    };
    let wrong = (0..4).find(|&i| i != c.correct).unwrap();
    press(
        &mut a,
        &[KeyCode::Char((b'a' + wrong as u8) as char)],
        NOW + SEC,
    );
    assert_eq!(context(&a), Context::Answer);
    press(&mut a, &[KeyCode::Enter], NOW + 2 * SEC);
    assert_eq!(
        a.collection.history.state("s3").unwrap().last_rating,
        Some(Rating::Again),
        "enter takes the proposed rating: a wrong pick is Again"
    );
    // On the next card, a wrong pick overridden with 3 ("I was right") is Good.
    let id = current(&a).unwrap();
    let Screen::Quiz(q) = &a.screen else {
        unreachable!()
    };
    if let Ask::Choice { choice: c, .. } = &q.ask {
        let wrong = (0..4).find(|&i| i != c.correct).unwrap();
        press(
            &mut a,
            &[
                KeyCode::Char((b'a' + wrong as u8) as char),
                KeyCode::Char('3'),
            ],
            NOW + 3 * SEC,
        );
        assert_eq!(
            a.collection.history.state(&id).unwrap().last_rating,
            Some(Rating::Good),
            "the buttons shown are the ones that act"
        );
    }
}

#[test]
fn a_japanese_card_at_40_columns_and_a_tiny_terminal() {
    let (mut a, _d) = app(Mode::Flip);
    study_elb(&mut a);
    press(&mut a, &[KeyCode::Char(' ')], NOW);
    let screen = draw(&a, 40, 15);
    for line in screen.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 40, "{line}");
    }
    insta::assert_snapshot!("japanese_40x15", screen);
    insta::assert_snapshot!("too_small_20x5", draw(&a, 20, 5));
}

#[test]
fn ctrl_c_quits_anywhere() {
    let (mut a, _d) = app(Mode::Type);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    let ev = KeyEv::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let m = message(&ev, context(&a)).unwrap();
    assert_eq!(m, Msg::Quit);
    a.update(m, NOW);
    assert!(a.quit);
}

#[test]
fn wrapping_at_120_columns_keeps_words_and_wide_characters_whole() {
    use kioku::tui::view::wrap;
    use ratatui::text::Span;
    let text = "Route 53では、複数のルーティングポリシーにより柔軟なルールを作成可能。".repeat(4)
        + " Application Load Balancer routes requests by content, not by connection.";
    for max in [120, 40] {
        let lines = wrap(&[Span::raw(text.clone())], max, 2);
        let joined: String = lines
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect();
        for (i, l) in lines.iter().enumerate() {
            let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            assert!(
                unicode_width::UnicodeWidthStr::width(s.as_str()) <= max,
                "{max}: {s}"
            );
            assert!(
                !s.trim_start().starts_with(['、', '。']),
                "{max}: line {i} starts with closing punctuation: {s}"
            );
            if i > 0 {
                assert!(s.starts_with("  "), "hanging indent: {s}");
            }
        }
        for word in ["Application", "Balancer", "connection."] {
            assert!(
                lines
                    .iter()
                    .any(|l| l.spans.iter().any(|s| s.content.contains(word))),
                "{word} was split at {max}"
            );
        }
        assert_eq!(
            joined.replace(' ', ""),
            text.replace(' ', ""),
            "nothing lost at {max}"
        );
    }
}

#[test]
fn no_color_turns_colours_off() {
    use kioku::tui::view::Theme;
    assert!(Theme::from_no_color(None).color);
    assert!(Theme::from_no_color(Some(std::ffi::OsStr::new(""))).color);
    assert!(!Theme::from_no_color(Some(std::ffi::OsStr::new("1"))).color);
    let (a, _d) = app(Mode::Flip);
    let colours = |theme: Theme| {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| view(&a, f, theme)).unwrap();
        t.backend()
            .buffer()
            .content
            .iter()
            .filter(|c| c.fg != ratatui::style::Color::Reset)
            .count()
    };
    assert!(colours(Theme { color: true }) > 0);
    assert_eq!(colours(Theme { color: false }), 0);
}

#[test]
fn o_opens_the_cards_image_and_e_edits_its_notes_line() {
    use kioku::tui::app::Effect;
    let deck = r#"[deck]
name = "techstock"
source = "notes/techstock.md"

[[card]]
id = "rpo"
kind = "term"
section = ["63."]
front = "RPO, RTO の要件の明確化"
back = """
- ![Screenshot 2023-07-25 at 6 30 36](https://github.com/x/57217a87.png)
"""
line = 56
tags = ["image-answer"]
"#;
    let (mut a, _d) = app_with(Mode::Flip, deck);
    press(&mut a, &[KeyCode::Char('a'), KeyCode::Char(' ')], NOW);
    let screen = draw(&a, 80, 24);
    assert!(
        screen.contains(
            "[image: Screenshot 2023-07-25 at 6 30 36] https://github.com/x/57217a87.png"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("The answer is in the image(s): press o to open the first one."),
        "{screen}"
    );
    let o = message(&key(KeyCode::Char('o')), context(&a)).unwrap();
    assert_eq!(
        a.update(o, NOW),
        Some(Effect::OpenUrl("https://github.com/x/57217a87.png".into()))
    );
    let e = message(&key(KeyCode::Char('e')), context(&a)).unwrap();
    assert_eq!(
        a.update(e, NOW),
        Some(Effect::Edit {
            path: "notes/techstock.md".into(),
            line: 56
        })
    );
}

#[test]
fn a_failed_undo_or_bury_changes_nothing() {
    let (mut a, _d) = app(Mode::Flip);
    press(
        &mut a,
        &[KeyCode::Char('a'), KeyCode::Char(' '), KeyCode::Char('3')],
        NOW,
    );
    let shown = current(&a);
    set_fail(&mut a, true);
    press(&mut a, &[KeyCode::Char('u')], NOW + SEC);
    assert_eq!(
        current(&a),
        shown,
        "the session did not take the answer back"
    );
    assert_eq!(
        a.collection.history.answered_cards(),
        1,
        "and neither did the history"
    );
    assert!(
        a.notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("The undo was not saved"),
        "{:?}",
        a.notice
    );
    press(&mut a, &[KeyCode::Char('s')], NOW + 2 * SEC);
    assert_eq!(current(&a), shown, "the card was not buried");
    assert!(
        a.notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("The card was not buried"),
        "{:?}",
        a.notice
    );
    set_fail(&mut a, false);
    press(&mut a, &[KeyCode::Char('u')], NOW + 3 * SEC);
    assert_eq!(current(&a).as_deref(), Some("s3"));
    assert_eq!(a.collection.history.answered_cards(), 0);
}

#[test]
fn escape_sequences_in_a_card_are_shown_escaped_on_the_quiz_screen() {
    let deck = "[deck]\nname = \"aws\"\n\n[[card]]\nid = \"x\"\nsection = [\"S\\u001b]52;c;aGk=\\u0007\"]\nfront = \"clear \\u001b[2J here \\u202egpj.exe\"\nback = \"b\\u009b31m\"\n";
    let (mut a, _dir) = app_with(Mode::Flip, deck);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    press(&mut a, &[KeyCode::Char(' ')], NOW);
    let screen = draw(&a, 80, 24);
    assert!(
        screen.contains("clear \\e[2J here \\u{202E}gpj.exe"),
        "{screen}"
    );
    assert!(screen.contains("S\\e]52;c;aGk=\\u{7}"), "{screen}");
    assert!(screen.contains("b\\u{9B}31m"), "{screen}");
    assert!(
        !screen
            .chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202E}'),
        "{screen:?}"
    );
}

fn ctrl(c: char) -> KeyEv {
    KeyEv::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn send(a: &mut App<Memory>, ev: KeyEv, at: i64) {
    if let Some(m) = message(&ev, context(a)) {
        a.update(m, at);
    }
}

fn typed(a: &App<Memory>) -> String {
    match &a.screen {
        Screen::Quiz(q) => match &q.ask {
            Ask::Type { input, .. } => input.text().to_string(),
            _ => panic!("not a typed question"),
        },
        _ => panic!("not in a session"),
    }
}

#[test]
fn type_mode_letters_go_to_the_box_and_esc_gives_the_keys_back() {
    let (mut a, _d) = app(Mode::Type);
    study_elb(&mut a);
    for c in "us qoe?".chars() {
        press(&mut a, &[KeyCode::Char(c)], NOW);
    }
    assert_eq!(typed(&a), "us qoe?", "footer letters are text while typing");
    assert!(!a.help);
    // Line editing: Ctrl-W, Ctrl-U, arrows, Home/End, Backspace over a wide character.
    send(&mut a, ctrl('w'), NOW);
    assert_eq!(typed(&a), "us ");
    send(&mut a, ctrl('u'), NOW);
    assert_eq!(typed(&a), "");
    for c in "接続drain".chars() {
        press(&mut a, &[KeyCode::Char(c)], NOW);
    }
    press(
        &mut a,
        &[KeyCode::Home, KeyCode::Right, KeyCode::Right],
        NOW,
    );
    press(&mut a, &[KeyCode::Backspace], NOW);
    assert_eq!(typed(&a), "接drain");
    send(&mut a, ctrl('e'), NOW);
    press(&mut a, &[KeyCode::Left, KeyCode::Delete], NOW);
    assert_eq!(typed(&a), "接drai");
    // Esc leaves the box: the keys work again, and i goes back in.
    press(&mut a, &[KeyCode::Esc], NOW);
    assert_eq!(context(&a), Context::TypeIdle);
    assert!(
        matches!(a.screen, Screen::Quiz(_)),
        "one Esc does not end it"
    );
    press(&mut a, &[KeyCode::Char('?')], NOW);
    assert!(a.help, "? shows the keys");
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('i')], NOW);
    assert_eq!(context(&a), Context::Typing);
    press(&mut a, &[KeyCode::Char('x')], NOW);
    assert_eq!(typed(&a), "接draix");
    // A second Esc (outside the box) ends the session; nothing answered: home.
    press(&mut a, &[KeyCode::Esc, KeyCode::Esc], NOW);
    assert!(matches!(a.screen, Screen::Home));
}

#[test]
fn behind_the_too_small_screen_only_quit_and_resize_act() {
    let (mut a, _d) = app(Mode::Flip);
    a.update(Msg::Resize(20, 5), NOW);
    assert_eq!(context(&a), Context::TooSmall);
    press(
        &mut a,
        &[KeyCode::Char('a'), KeyCode::Enter, KeyCode::Char('/')],
        NOW,
    );
    assert!(matches!(a.screen, Screen::Home));
    assert!(!a.filtering);
    a.update(Msg::Resize(80, 24), NOW);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    assert!(matches!(a.screen, Screen::Quiz(_)));
    a.update(Msg::Resize(30, 10), NOW);
    press(&mut a, &[KeyCode::Char(' '), KeyCode::Char('3')], NOW);
    assert_eq!(
        a.collection.history.answered_cards(),
        0,
        "no answer behind it"
    );
    press(&mut a, &[KeyCode::Char('q')], NOW);
    assert!(a.quit, "q quits from the too-small screen");
}

#[test]
fn suspend_and_flag_from_a_session_with_notices_and_undo() {
    let (mut a, _d) = app(Mode::Flip);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    assert_eq!(current(&a).as_deref(), Some("s3"));
    press(&mut a, &[KeyCode::Char('!')], NOW + SEC);
    assert!(a.collection.history.is_suspended("s3"));
    assert_ne!(current(&a).as_deref(), Some("s3"));
    assert!(a.notice.as_ref().unwrap().text.starts_with("Suspended"));
    press(&mut a, &[KeyCode::Char('u')], NOW + 2 * SEC);
    assert!(!a.collection.history.is_suspended("s3"));
    assert_eq!(
        current(&a).as_deref(),
        Some("s3"),
        "unsuspended and shown again"
    );
    // f asks for a note; Enter flags with it.
    press(&mut a, &[KeyCode::Char('f')], NOW + 3 * SEC);
    assert_eq!(context(&a), Context::FlagNote);
    for c in "古い".chars() {
        press(&mut a, &[KeyCode::Char(c)], NOW);
    }
    press(&mut a, &[KeyCode::Enter], NOW + 4 * SEC);
    assert!(a.collection.history.is_flagged("s3"));
    let note = a.journal_mut().entries.iter().find_map(|e| match &e.event {
        Event::Flag { note, .. } => note.clone(),
        _ => None,
    });
    assert_eq!(note.as_deref(), Some("古い"), "the note is in the log");
    assert_eq!(current(&a).as_deref(), Some("s3"), "a flagged card stays");
    press(&mut a, &[KeyCode::Char('u')], NOW + 5 * SEC);
    assert!(!a.collection.history.is_flagged("s3"));
    // Esc while writing the note flags nothing.
    press(
        &mut a,
        &[KeyCode::Char('f'), KeyCode::Char('x'), KeyCode::Esc],
        NOW,
    );
    assert!(!a.collection.history.is_flagged("s3"));
    assert!(matches!(a.screen, Screen::Quiz(_)));
}

#[test]
fn a_card_that_lapses_into_a_leech_says_so_and_can_be_suspended() {
    let (mut a, _d) = app(Mode::Flip);
    // s3's history: learned, then forgotten seven times.
    let mut at = NOW - 400 * 86_400_000;
    let review = |a: &mut App<Memory>, rating: Rating, at: i64| {
        let mut e = Entry::new(
            at,
            Event::Answer {
                card: "s3".into(),
                rating,
                secs: 1.0,
                mode: Mode::Flip,
                after: None,
            },
        );
        a.collection.history.stamp(&mut e, &a.collection.sched);
        a.collection.history.apply(&e, &a.collection.sched);
    };
    for r in [Rating::Good, Rating::Good, Rating::Good] {
        review(&mut a, r, at);
        at += 86_400_000;
    }
    for _ in 0..7 {
        review(&mut a, Rating::Again, at);
        at += 600_000;
        review(&mut a, Rating::Good, at);
        at += 20 * 86_400_000;
    }
    assert_eq!(a.collection.history.state("s3").unwrap().lapses, 7);
    a.rebuild_rows();
    press(&mut a, &[KeyCode::Char('a')], NOW);
    assert_eq!(current(&a).as_deref(), Some("s3"));
    press(&mut a, &[KeyCode::Char(' '), KeyCode::Char('1')], NOW + SEC);
    assert_eq!(context(&a), Context::Leech);
    let screen = draw(&a, 80, 24);
    assert!(
        screen.contains("Leech: that card has lapsed 8 times"),
        "{screen}"
    );
    press(&mut a, &[KeyCode::Char('!')], NOW + 2 * SEC);
    assert!(a.collection.history.is_suspended("s3"));
    assert_ne!(context(&a), Context::Leech);
}

#[test]
fn custom_study_crams_a_node_from_the_menu() {
    let (mut a, _d) = app(Mode::Flip);
    // The deck's row, then c: the menu.
    press(&mut a, &[KeyCode::Char('c')], NOW);
    assert_eq!(context(&a), Context::Custom);
    insta::assert_snapshot!("custom_80x24", draw(&a, 80, 24));
    press(&mut a, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter], NOW);
    let Screen::Quiz(q) = &a.screen else {
        panic!("cram starts a session")
    };
    assert!(q.session.cram);
    assert_eq!(q.session.cards().len(), 6, "every card of the node");
}

#[test]
fn the_filter_shows_where_each_match_is_and_the_mode_is_remembered() {
    let (mut a, dir) = app(Mode::Flip);
    for c in "/特徴".chars() {
        press(&mut a, &[KeyCode::Char(c)], NOW);
    }
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("特徴  (aws › Amazon S3)"), "{screen}");
    assert!(screen.contains("特徴  (aws › EBS)"), "{screen}");
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('t')], NOW);
    assert_eq!(a.mode, Mode::Type);
    assert_eq!(
        kioku::tui::state::load_mode(&dir.path().join("state")),
        Mode::Type,
        "kept on this machine for the next launch"
    );
}

#[test]
fn the_browser_searches_marks_suspends_and_shows_a_history() {
    let (mut a, _d) = app(Mode::Flip);
    // Some history for ebs: learned today.
    press(&mut a, &[KeyCode::Char('a')], NOW);
    while current(&a).as_deref() != Some("ebs") {
        press(&mut a, &[KeyCode::Char(' '), KeyCode::Char('3')], NOW + SEC);
    }
    press(
        &mut a,
        &[KeyCode::Char(' '), KeyCode::Char('1')],
        NOW + 2 * SEC,
    );
    press(&mut a, &[KeyCode::Char('q'), KeyCode::Enter], NOW + 3 * SEC);
    press(&mut a, &[KeyCode::Char('b')], NOW + 4 * SEC);
    assert_eq!(context(&a), Context::Browser);
    insta::assert_snapshot!("browser_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("browser_40x15", draw(&a, 40, 15));
    // Search folds width and case: ＥＢＳ finds the EBS cards' text.
    for c in "/ブロック".chars() {
        press(&mut a, &[KeyCode::Char(c)], NOW);
    }
    press(&mut a, &[KeyCode::Enter], NOW);
    let Screen::Browser(b) = &a.screen else {
        panic!("browser")
    };
    assert_eq!(
        b.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["ebs"],
        "the search reads the backs and fronts"
    );
    press(&mut a, &[KeyCode::Enter], NOW);
    assert_eq!(context(&a), Context::CardView);
    let screen = draw(&a, 80, 24);
    insta::assert_snapshot!("card_history_80x24", screen);
    insta::assert_snapshot!("card_history_40x15", draw(&a, 40, 15));
    press(&mut a, &[KeyCode::Char('!')], NOW);
    assert!(a.collection.history.is_suspended("ebs"));
    press(&mut a, &[KeyCode::Char('!')], NOW);
    assert!(
        !a.collection.history.is_suspended("ebs"),
        "! again unsuspends"
    );
    // Back to the list, clear the search, mark two rows and flag both at once.
    press(&mut a, &[KeyCode::Esc, KeyCode::Esc], NOW);
    press(
        &mut a,
        &[KeyCode::Char(' '), KeyCode::Char(' '), KeyCode::Char('f')],
        NOW,
    );
    let flagged: Vec<&str> = a.collection.history.flagged().map(|(id, _)| id).collect();
    assert_eq!(flagged.len(), 2, "{flagged:?}");
    assert!(
        a.notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Flagged 2 cards")
    );
    press(
        &mut a,
        &[KeyCode::Char('s'), KeyCode::Char('s'), KeyCode::Char('s')],
        NOW,
    );
    let Screen::Browser(b) = &a.screen else {
        panic!("browser")
    };
    assert_eq!(
        b.sort.map(|s| s.column),
        Some(kioku::study::browse::Column::State)
    );
    press(&mut a, &[KeyCode::Char('q')], NOW);
    assert!(matches!(a.screen, Screen::Home));
}

/// The home screen and `kioku due` print the same numbers, at any moment.
#[test]
fn home_counts_and_kioku_due_agree_as_time_passes() {
    let (mut a, _d) = app(Mode::Flip);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    press(&mut a, &[KeyCode::Char(' '), KeyCode::Char('1')], NOW + SEC);
    press(
        &mut a,
        &[KeyCode::Char(' '), KeyCode::Char('3')],
        NOW + 2 * SEC,
    );
    press(
        &mut a,
        &[KeyCode::Char(' '), KeyCode::Char('4')],
        NOW + 3 * SEC,
    );
    press(&mut a, &[KeyCode::Char('q'), KeyCode::Enter], NOW + 4 * SEC);
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for at in [
        NOW + 5 * SEC,
        NOW + 2 * 60 * SEC,
        NOW + 86_400_000,
        NOW + 9 * 86_400_000,
    ] {
        a.tick(at);
        a.rebuild_rows();
        let mut out = Vec::new();
        kioku::cmd::due::run(
            &a.collection,
            &kioku::review::Filter::default(),
            at,
            &mut out,
        );
        let due = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = due.lines().skip(1).collect();
        for (i, row) in a.rows.iter().enumerate() {
            let cols = row.counts.columns(a.new_left).join(" ");
            assert!(
                squash(lines[i]).ends_with(&squash(&cols)),
                "at +{}s, row {} `{}`: home {cols} vs due `{}`",
                (at - NOW) / 1000,
                i,
                row.label,
                lines[i]
            );
        }
    }
}

#[test]
fn the_stats_screen_panel_by_panel() {
    let (mut a, _d) = app(Mode::Flip);
    press(&mut a, &[KeyCode::Char('a')], NOW - 3 * 86_400_000);
    for i in 0..6 {
        let r = if i == 1 { '1' } else { '4' };
        press(
            &mut a,
            &[KeyCode::Char(' '), KeyCode::Char(r)],
            NOW - 3 * 86_400_000 + i * SEC,
        );
    }
    press(
        &mut a,
        &[KeyCode::Char('q'), KeyCode::Enter],
        NOW - 3 * 86_400_000 + 60 * SEC,
    );
    press(&mut a, &[KeyCode::Char('S')], NOW);
    assert_eq!(context(&a), Context::Stats);
    insta::assert_snapshot!("stats_activity_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("stats_activity_40x15", draw(&a, 40, 15));
    press(&mut a, &[KeyCode::Tab], NOW);
    insta::assert_snapshot!("stats_forecast_80x24", draw(&a, 80, 24));
    press(&mut a, &[KeyCode::Tab], NOW);
    insta::assert_snapshot!("stats_retention_80x24", draw(&a, 80, 24));
    press(&mut a, &[KeyCode::Tab], NOW);
    insta::assert_snapshot!("stats_sections_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("stats_sections_40x15", draw(&a, 40, 15));
    press(&mut a, &[KeyCode::Tab], NOW);
    insta::assert_snapshot!("stats_leeches_80x24", draw(&a, 80, 24));
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view(&a, f, Theme { color: false })).unwrap();
    assert!(
        t.backend()
            .buffer()
            .content
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset),
        "NO_COLOR: no colour at all"
    );
    // Back to sections; Enter studies the weakest one: nothing of it is due today, so home
    // says so with that section highlighted, for custom study.
    press(&mut a, &[KeyCode::Left, KeyCode::Enter], NOW);
    assert!(matches!(a.screen, Screen::Home));
    assert_eq!(a.selected_row().unwrap().path, ["Amazon S3"]);
    let n = &a.notice.as_ref().unwrap().text;
    assert!(n.starts_with("Nothing to study in aws › Amazon S3"), "{n}");
    assert!(n.ends_with("c: custom study."), "{n}");
    // Later, when it is due, Enter on the same row starts the session.
    let later = NOW + 40 * 86_400_000;
    press(
        &mut a,
        &[KeyCode::Char('S'), KeyCode::Left, KeyCode::Left],
        later,
    );
    let Screen::Stats(st) = &a.screen else {
        panic!("stats")
    };
    let weakest = st.stats.sections[0].name();
    press(&mut a, &[KeyCode::Enter], later);
    let Screen::Quiz(q) = &a.screen else {
        panic!("a session on the section: {:?}", a.notice)
    };
    assert_eq!(q.scope, weakest);
}

#[test]
fn the_help_box_keeps_its_border_over_japanese_text() {
    let deck = "[deck]\nname = \"aws\"\n\n[[card]]\nid = \"j\"\nfront = \"既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる既存の仮想マシンイメージを移行できる\"\nback = \"VM Import\"\n";
    let (mut a, _d) = app_with(Mode::Flip, deck);
    press(&mut a, &[KeyCode::Char('a'), KeyCode::Char('?')], NOW);
    // At 71 columns the 60-column box starts at column 5, inside a wide character: a
    // terminal would draw that character over the border. Every row of the box (found by its
    // right border) has its left border, and no wide character just before it.
    for (w, h) in [(71, 20), (70, 20), (41, 15)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| view(&a, f, Theme { color: false })).unwrap();
        let buf = t.backend().buffer();
        let box_w = 60.min(w);
        let left = (w - box_w) / 2;
        let right = left + box_w - 1;
        let rows: Vec<u16> = (0..h)
            .filter(|&y| ["│", "┐", "┘"].contains(&buf[(right, y)].symbol()))
            .collect();
        assert!(rows.len() > 5, "{w}x{h}: no box");
        for y in rows {
            assert!(
                ["│", "┌", "└"].contains(&buf[(left, y)].symbol()),
                "{w}x{h}: row {y} lost its left border:\n{}",
                draw(&a, w, h)
            );
            if left > 0 {
                let before = buf[(left - 1, y)].symbol();
                assert!(
                    unicode_width::UnicodeWidthStr::width(before) <= 1,
                    "{w}x{h}: a wide character covers the border on row {y}"
                );
            }
        }
    }
}

#[test]
fn with_several_decks_the_browser_says_which_deck_a_card_is_in() {
    let (mut a, dir) = app(Mode::Flip);
    std::fs::write(
        dir.path().join("decks/net.toml"),
        "[deck]\nname = \"net\"\n\n[[card]]\nid = \"vpc\"\nsection = [\"VPC\"]\nfront = \"サブネット\"\nback = \"VPC内のIPアドレス範囲\"\n",
    )
    .unwrap();
    a.collection = Collection::load(
        a.collection.places.clone(),
        TimeZone::fixed(jiff::tz::Offset::constant(9)),
    )
    .unwrap();
    press(&mut a, &[KeyCode::Char('b')], NOW);
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("net › VPC"), "{screen}");
    assert!(screen.contains("aws › Amazon S3 › 特徴"), "{screen}");
}

#[test]
fn a_question_card_says_what_it_asks() {
    // A condition cut at its comma asks what follows; a how-to or an exam question, its answer;
    // a topic, what the notes say of it; a service card names the answer's category.
    let deck = r#"
[deck]
name = "aws"

[[card]]
id = "cond"
kind = "qa"
section = ["Amazon ECS"]
front = "コンテナインスタンスを DRAINING に設定すると、…"
back = "新規タスクが配置されなくなる"

[[card]]
id = "howto"
kind = "qa"
section = ["Amazon ECS"]
front = "タスクにIAMロールを渡すには"
back = "- タスク定義の taskRoleArn に指定する"

[[card]]
id = "topic"
kind = "qa"
section = ["Amazon ECS"]
front = "Fargateが必要とされる背景"
back = "- ホストの管理をなくしたい\n- 台数の見積もりをなくしたい"

[[card]]
id = "facts"
kind = "term"
section = ["Amazon ECS"]
front = "Service"
back = "- タスクの数を保つ\n- ロードバランサーに登録する\n"

[[card]]
id = "one"
kind = "term"
section = ["Amazon ECS"]
front = "Task Definition"
back = "- タスクの設計図\n"

[[card]]
id = "lead"
kind = "qa"
section = ["Amazon VPC"]
front = "サブネットでは合計5つのIPアドレスが予約されている。内訳は以下の通り。"
back = "- ネットワークアドレス\n- VPCルーター\n- DNSサーバー\n- 将来の利用\n- ブロードキャストアドレス\n"
"#;
    let (mut a, _d) = app_with(Mode::Flip, deck);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    let mut seen = Vec::new();
    for _ in 0..6 {
        let screen = draw(&a, 80, 24);
        let id = current(&a).expect("a card is shown");
        // A topic or a term answered by several facts asks for them; one answer, a definition.
        let ask = match id.as_str() {
            "cond" => "what follows?",
            "howto" => "answer it",
            "one" => "what is it?",
            // A paragraph announcing a list asks for it.
            "lead" => "what does it list?",
            _ => "what do your notes say about it?",
        };
        assert!(screen.contains(ask), "{id}: {screen}");
        seen.push(id);
        press(&mut a, &[KeyCode::Char(' '), KeyCode::Char('3')], NOW);
    }
    seen.sort();
    assert_eq!(seen, ["cond", "facts", "howto", "lead", "one", "topic"]);
}

#[test]
fn a_headings_own_card_shows_the_heading_once() {
    let deck = r#"[deck]
name = "aws"

[[card]]
id = "plan"
kind = "term"
section = ["Auto Scaling", "Scaling Plan"]
front = "Scaling Plan"
back = "- どのようにスケールするかを定義する"
"#;
    let (mut a, _d) = app_with(Mode::Flip, deck);
    press(&mut a, &[KeyCode::Char('a')], NOW);
    let screen = draw(&a, 80, 24);
    let header = screen.lines().find(|l| l.contains("aws ›")).unwrap_or("");
    assert!(header.contains("aws › Auto Scaling"), "{screen}");
    assert!(!header.contains("Scaling Plan"), "{screen}");
    assert!(screen.contains("Scaling Plan"), "{screen}");
}

//! The practice exam without a screen: which cards it can ask, drawing across sections,
//! the seed, answering in any order against an injected clock, scoring, and the results file.

use kioku::deck::{Deck, parse_deck};
use kioku::exam::{End, Exam, Record, Scope, allocate, askable, default_minutes, draw, results};
use kioku::review::Filter;

/// 2026-11-21 12:00 in Tokyo.
const NOW: i64 = 1_795_230_000_000;
const MIN: i64 = 60_000;

/// A generated deck: `sizes[i]` term cards in section `S{i}`, each term `T{i}-{j}` explained
/// by a sentence, and one list card no exam can ask.
fn deck(name: &str, sizes: &[usize]) -> Deck {
    let mut text = format!(
        "[deck]\nname = \"{name}\"\nsource = \"notes/{name}.md\"\ngenerator = \"kioku 0.1.0\"\n"
    );
    let mut line = 1;
    for (i, n) in sizes.iter().enumerate() {
        for j in 0..*n {
            line += 1;
            text.push_str(&format!(
                "\n[[card]]\nid = \"{name}-{i}-{j}\"\nkind = \"term\"\nsection = [\"S{i}\", \"sub{}\"]\nfront = \"T{i}-{j}\"\nback = \"explanation {i} {j}\"\nline = {line}\n",
                j % 2
            ));
        }
    }
    text.push_str(
        "\n[[card]]\nid = \"list\"\nkind = \"section\"\nsection = [\"S0\"]\nfront = \"S0\"\nback = \"- a\\n- b\\n- c\"\nline = 1\n",
    );
    parse_deck("test.toml", name, &text).unwrap()
}

fn all(decks: &[Deck]) -> Vec<kioku::exam::Askable> {
    askable(decks, &Filter::default(), |_| false)
}

/// Every askable card of `decks` as a question, options in `seed`'s order.
fn questions(decks: &[Deck], seed: u64) -> Vec<kioku::exam::Question> {
    draw(decks, &all(decks), usize::MAX, seed)
}

fn scope() -> Scope {
    Scope {
        name: "aws".into(),
        deck: None,
        section: None,
    }
}

#[test]
fn only_cards_with_four_options_are_asked_with_their_notes_line() {
    let decks = [deck("aws", &[6, 4, 2])];
    assert_eq!(all(&decks).len(), 12, "every term card, not the list card");
    let qs = questions(&decks, 1);
    assert_eq!(qs.len(), 12);
    assert!(qs.iter().all(|q| q.choice.options.len() == 4));
    let q = qs.iter().find(|q| q.card == "aws-1-0").unwrap();
    assert_eq!(q.answer(), "T1-0");
    assert_eq!(q.choice.question, "explanation 1 0");
    assert_eq!(q.source.as_deref(), Some("notes/aws.md:8"));
    assert_eq!(q.section, "S1", "the top level of the deck's sections");
    // Suspended cards are left out.
    let qs = askable(&decks, &Filter::default(), |id| id.starts_with("aws-0"));
    assert_eq!(qs.len(), 6);
    // One section: its subsections are the exam's sections.
    let f = Filter {
        section: Some("S0".into()),
        ..Filter::default()
    };
    let names: std::collections::BTreeSet<String> = askable(&decks, &f, |_| false)
        .into_iter()
        .map(|q| q.section)
        .collect();
    assert_eq!(names.into_iter().collect::<Vec<_>>(), ["sub0", "sub1"]);
    // Several decks: the deck in front of the section.
    let two = [deck("aws", &[4]), deck("gcp", &[4])];
    let qs = all(&two);
    assert!(
        qs.iter().any(|q| q.section == "gcp › S0"),
        "{:?}",
        qs[0].section
    );
    // Questions drawn from one of them after all: the deck's name is left off.
    let one = draw(&two, &qs[..4], 4, 1);
    assert!(
        one.iter().all(|q| q.section == "S0"),
        "{:?}",
        one[0].section
    );
}

/// `can_choose` saves building every card's options; it must agree with `choices` itself,
/// on the bundled decks and on service cards that need the catalog.
#[test]
fn the_quick_test_of_what_can_be_asked_agrees_with_choices() {
    let mut decks: Vec<Deck> = ["aws-services", "techstock"]
        .iter()
        .map(|name| {
            let path = format!("{}/decks/{name}.toml", env!("CARGO_MANIFEST_DIR"));
            parse_deck(&path, name, &std::fs::read_to_string(&path).unwrap()).unwrap()
        })
        .collect();
    let text = "[deck]\nname = \"few\"\n\n[[card]]\nid = \"s3\"\nkind = \"service\"\nfront = \"容量無制限\"\nback = \"Amazon S3\"\n\n[[card]]\nid = \"x\"\nkind = \"service\"\nfront = \"何か\"\nback = \"Not In The Catalog\"\n\n[[card]]\nid = \"t\"\nkind = \"term\"\nfront = \"Term\"\nback = \"説明\"\n";
    decks.push(parse_deck("few.toml", "few", text).unwrap());
    let mut asked = 0;
    for d in &decks {
        let pool: Vec<kioku::review::StudyCard> = d
            .cards
            .iter()
            .map(|card| kioku::review::StudyCard {
                deck: &d.name,
                card,
            })
            .collect();
        for (c, ok) in d.cards.iter().zip(kioku::exam::can_choose(d)) {
            let real = kioku::study::choices(c, &d.name, &pool, 5).is_some();
            assert_eq!(ok, real, "{} {}", d.name, c.id);
            asked += usize::from(ok);
        }
    }
    assert!(asked > 150, "{asked}");
    let few = kioku::exam::can_choose(&decks[2]);
    assert_eq!(
        few,
        [true, false, false],
        "S3 from the catalog; the others have none"
    );
}

#[test]
fn questions_are_drawn_in_proportion_to_each_sections_cards() {
    let decks = [deck("aws", &[30, 20, 10])];
    let qs = draw(&decks, &all(&decks), 6, 3);
    let per = |s: &str| qs.iter().filter(|q| q.section == s).count();
    assert_eq!((per("S0"), per("S1"), per("S2")), (3, 2, 1));
    let qs = draw(&decks, &all(&decks), 65, 3);
    assert_eq!(qs.len(), 60, "no more questions than cards");
    let mut ids: Vec<&str> = qs.iter().map(|q| q.card.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "no card twice");
    assert_eq!(allocate(&[30, 20, 10], 6, 9), [3, 2, 1]);
}

#[test]
fn the_same_seed_gives_the_same_questions_in_the_same_order() {
    let decks = [deck("aws", &[30, 20, 10])];
    let a = draw(&decks, &all(&decks), 10, 42);
    let b = draw(&decks, &all(&decks), 10, 42);
    assert_eq!(a, b, "questions, their order and their options");
    let c = draw(&decks, &all(&decks), 10, 43);
    assert_ne!(
        a.iter().map(|q| &q.card).collect::<Vec<_>>(),
        c.iter().map(|q| &q.card).collect::<Vec<_>>(),
        "another seed, another exam"
    );
}

fn exam(n: usize, minutes: u32) -> Exam {
    let decks = [deck("aws", &[6, 4, 2])];
    let qs = draw(&decks, &all(&decks), n, 7);
    Exam::new(scope(), qs, minutes, 7, 0.72, NOW)
}

/// The index of a wrong option of question `i`.
fn wrong(e: &Exam, i: usize) -> usize {
    (e.questions[i].choice.correct + 1) % 4
}

#[test]
fn going_back_and_changing_an_answer_counts_the_last_one() {
    let mut e = exam(4, 8);
    assert!(e.pick(wrong(&e, 0), NOW + MIN));
    e.next();
    e.toggle_mark();
    e.next();
    assert_eq!(e.at, 2);
    e.prev();
    e.prev();
    assert_eq!(e.at, 0);
    let right = e.questions[0].choice.correct;
    assert!(e.pick(right, NOW + 2 * MIN), "changed");
    e.prev();
    assert_eq!(e.at, 0, "nothing before the first");
    e.go(99);
    assert_eq!(e.at, 3, "nothing after the last");
    assert_eq!((e.answered(), e.marked_count(), e.unanswered()), (1, 1, 3));
    assert!(e.cell(1).marked && e.cell(1).answer.is_none());
    let o = e.score(End::Submitted, NOW + 3 * MIN);
    assert_eq!((o.right, o.count, o.unanswered), (1, 4, 3));
    assert_eq!(o.secs, 180);
    assert_eq!(o.wrong.len(), 3);
    assert!(o.wrong.iter().all(|w| w.picked.is_none()));
    assert_eq!(o.wrong[0].number, 2);
    assert!(!o.passed());
}

#[test]
fn the_time_running_out_stops_answers_and_scores_what_was_answered() {
    let mut e = exam(4, 8);
    assert_eq!(e.deadline(), NOW + 8 * MIN);
    assert_eq!(e.left(NOW + 7 * MIN), MIN);
    assert!(!e.over(NOW + 8 * MIN - 1));
    let right = e.questions[0].choice.correct;
    assert!(e.pick(right, NOW + 8 * MIN - 1));
    e.next();
    let right = e.questions[1].choice.correct;
    assert!(!e.pick(right, NOW + 8 * MIN), "too late");
    assert!(e.over(NOW + 8 * MIN));
    assert_eq!(e.left(NOW + 9 * MIN), 0);
    let o = e.score(End::Timeout, NOW + 20 * MIN);
    assert_eq!(o.secs, 8 * 60, "at most the time allowed");
    assert_eq!((o.right, o.unanswered), (1, 3));
    assert_eq!(kioku::exam::clock(e.left(NOW + 1)), "8:00");
    assert_eq!(kioku::exam::clock(130 * MIN), "2:10:00");
    assert_eq!(default_minutes(4), 8);
}

#[test]
fn scores_per_section_and_the_pass_mark() {
    let mut e = exam(12, 24);
    // Right on every question but two of section S0.
    let mut missed_s0 = 0;
    for i in 0..12 {
        e.go(i);
        let q = &e.questions[i];
        let pick = if q.section == "S0" && missed_s0 < 2 {
            missed_s0 += 1;
            wrong(&e, i)
        } else {
            q.choice.correct
        };
        assert!(e.pick(pick, NOW + MIN));
    }
    let o = e.score(End::Submitted, NOW + 10 * MIN);
    assert_eq!((o.right, o.count), (10, 12));
    let sections: Vec<(&str, usize, usize)> = o
        .sections
        .iter()
        .map(|s| (s.name.as_str(), s.right, s.total))
        .collect();
    assert_eq!(
        sections,
        [("S0", 4, 6), ("S1", 4, 4), ("S2", 2, 2)],
        "note order"
    );
    assert_eq!(o.weakest_first()[0].name, "S0");
    assert!(o.passed(), "10/12 = 83% ≥ 72%");
    let w = &o.wrong[0];
    assert_eq!(w.section, "S0");
    assert_eq!(
        w.picked.as_deref(),
        Some(e.questions[w.number - 1].choice.options[wrong(&e, w.number - 1)].as_str())
    );
    assert!(w.source.as_deref().unwrap().starts_with("notes/aws.md:"));
    // Exactly the pass mark passes: 18 of 25 is 72%.
    let mut o = o;
    o.right = 18;
    o.count = 25;
    assert!(o.passed());
    o.right = 17;
    assert!(!o.passed());
}

#[test]
fn results_are_appended_per_device_and_listed_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut e = exam(4, 8);
    e.pick(e.questions[0].choice.correct, NOW + MIN);
    let o = e.score(End::Quit, NOW + 2 * MIN);
    let path = results::append(&data, &Record::new(&e, &o, "laptop")).unwrap();
    assert_eq!(path, data.join("exams/laptop.jsonl"));
    let line = std::fs::read_to_string(&path).unwrap();
    assert!(
        line.starts_with(
            r#"{"v":1,"at":1795230120000,"started":1795230000000,"device":"laptop","scope":"aws","count":4,"minutes":8,"seed":7,"right":1,"unanswered":3,"score":0.25,"pass":0.72,"passed":false,"end":"quit","secs":120,"sections":["#
        ),
        "{line}"
    );
    assert!(line.ends_with("]}\n"));
    // A later exam on another machine, and a torn line from a crash in between.
    let mut later = e.clone();
    later.started = NOW + 60 * MIN;
    let o2 = later.score(End::Submitted, NOW + 61 * MIN);
    std::fs::write(data.join("exams/desktop.jsonl"), "{\"v\":1,\"at\":").unwrap();
    results::append(&data, &Record::new(&later, &o2, "desktop")).unwrap();
    let (records, warnings) = results::read_all(&data).unwrap();
    assert_eq!(
        records
            .iter()
            .map(|r| r.device.as_str())
            .collect::<Vec<_>>(),
        ["desktop", "laptop"]
    );
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("exams/desktop.jsonl:1: damaged line skipped"),
        "{warnings:?}"
    );

    let mut out = Vec::new();
    let mut err = Vec::new();
    let tz = jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(9));
    kioku::cmd::exam::history(&data, &tz, &mut out, &mut err).unwrap();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "2026-11-21 13:01  FAIL   25%      1/4  aws");
    assert!(
        lines[1]
            .trim_start()
            .starts_with("submitted after 1:00 of 8 min · pass mark 72% · seed 7 · desktop"),
        "{out}"
    );
    assert!(lines[2].trim_start().starts_with("weakest: "), "{out}");
    assert_eq!(lines[3], "2026-11-21 12:02  FAIL   25%      1/4  aws");
    assert!(
        lines[4]
            .trim_start()
            .starts_with("quit with 3 unanswered after 2:00 of 8 min"),
        "{out}"
    );
    assert!(
        String::from_utf8(err)
            .unwrap()
            .contains("damaged line skipped")
    );
}

#[test]
fn the_history_says_when_there_is_none_and_escapes_what_it_prints() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let run = || {
        std::process::Command::new(bin)
            .args(["exam", "--history", "--data-dir"])
            .arg(dir.path())
            .env("KIOKU_CONFIG_DIR", dir.path().join("config"))
            .env("KIOKU_STATE_DIR", dir.path().join("state"))
            .env("KIOKU_CACHE_DIR", dir.path().join("cache"))
            .env("TZ", "Asia/Tokyo")
            .output()
            .unwrap()
    };
    let o = run();
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "No practice exams yet: `kioku exam` starts one.\n"
    );
    let mut e = exam(4, 8);
    e.scope.name = "evil\u{1b}[2J".into();
    let o = e.score(End::Submitted, NOW + MIN);
    results::append(dir.path(), &Record::new(&e, &o, "laptop")).unwrap();
    let o = run();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("evil\\e[2J"), "{text}");
    assert!(!text.contains('\u{1b}'));
}

//! The real binary: `kioku exam` in a pseudo-terminal (util-linux `script`), three questions
//! answered and submitted; the result is saved and the review log is untouched. Without a
//! terminal, or with nothing to ask, it says so and exits 1.

mod common;

use common::Pty;

#[test]
fn sit_a_three_question_exam_and_submit() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let mut pty = Pty::spawn(
        dir.path(),
        &format!("stty cols 80 rows 24; exec '{bin}' exam --count 3 --seed 11"),
        &[],
    );
    pty.wait_for("Practice exam: all decks");
    pty.wait_for("6 minutes");
    pty.keys("\r");
    pty.wait_for("Question 1 of 3");
    pty.keys("a");
    pty.wait_for("1 answered");
    pty.keys("nb");
    pty.wait_for("2 answered");
    pty.keys("s");
    pty.wait_for("Submit the exam? 1 unanswered");
    pty.keys("y");
    pty.wait_for("pass mark 72%");
    pty.wait_for("1 unanswered, counted as wrong");
    pty.keys("q");
    pty.wait_for("enter study");
    pty.keys("q");
    assert!(pty.child.wait().unwrap().success());

    let exams = dir.path().join("data/exams");
    let files: Vec<_> = std::fs::read_dir(&exams).unwrap().collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(
        text.contains(r#""count":3,"minutes":6,"seed":11,"#),
        "{text}"
    );
    let logged: usize = kioku::review::log::sources(&dir.path().join("data"))
        .unwrap()
        .iter()
        .map(|s| std::fs::read_to_string(&s.path).unwrap().lines().count())
        .sum();
    assert_eq!(logged, 0, "an exam writes nothing to the review log");
}

#[test]
fn without_a_terminal_or_anything_to_ask_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kioku");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .env("KIOKU_DATA_DIR", dir.path().join("data"))
            .env("KIOKU_CONFIG_DIR", dir.path().join("config"))
            .env("KIOKU_STATE_DIR", dir.path().join("state"))
            .env("KIOKU_CACHE_DIR", dir.path().join("cache"))
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let o = run(&["exam"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .starts_with("kioku: the practice exam needs a terminal, and std"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&["exam", "--deck", "no-such-deck"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no deck matches `no-such-deck`"));
    // A deck of one card: no three others to choose from.
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(
        dir.path().join("decks/one.toml"),
        "[deck]\nname = \"one\"\n\n[[card]]\nid = \"a\"\nkind = \"basic\"\nfront = \"Q\"\nback = \"A\"\n",
    )
    .unwrap();
    let o = run(&["exam"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("kioku: no card in all decks can be asked as multiple choice"),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
}

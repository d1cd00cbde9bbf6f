//! Parse the command line, dispatch, and map the outcome to an exit code:
//! 0 success, 1 a problem the user can fix (one line of cause, one of hint), 2 usage.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use kioku::cli::{Cli, Command, ExamArgs, ModeArg, QuizArgs};
use kioku::clock::now;
use kioku::cmd;
use kioku::collection::{Collection, Places};
use kioku::review::log::Mode;
use kioku::review::{Filter, Limits, names};
use kioku::study::What;
use kioku::study::select::more_new;
use kioku::text::{SafeWriter, sanitize_lines};

/// Load decks, settings and history for a study command; warnings go to stderr.
fn places(cli: &Cli) -> Places {
    let p = &cli.places;
    Places::resolve(
        p.data_dir.clone(),
        p.config_dir.clone(),
        p.decks.clone(),
        p.state_dir.clone(),
        p.cache_dir.clone(),
    )
}

fn collection(cli: &Cli) -> kioku::error::Result<Collection> {
    let places = places(cli);
    // Notes edited since the decks were made are re-imported first; a failure to do so is
    // said, and the decks as they are still open.
    let notice = if places.uses_bundled() {
        None
    } else {
        match kioku::import::refresh(&places.decks) {
            Ok(n) => n,
            Err(e) => Some(format!(
                "the notes changed but could not be re-imported: {e} ({})",
                e.hint()
            )),
        }
    };
    let mut c = Collection::load(places, jiff::tz::TimeZone::system())?;
    if let Some(n) = notice {
        c.warnings.insert(0, n);
    }
    for w in &c.warnings {
        eprintln!("kioku: warning: {}", sanitize_lines(w));
    }
    Ok(c)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = kioku::clock::check() {
        return exit(Err(e));
    }
    // Every command prints through the sanitizer: text from notes, file names or the log can
    // never reach the terminal as escape sequences.
    let stdout = std::io::stdout();
    let mut out = SafeWriter::new(stdout.lock());
    let result = match &cli.command {
        Some(Command::Import(args)) => cmd::import::run(args, &mut out),
        Some(Command::Check(args)) => cmd::check::run(
            &args.decks,
            &mut out,
            &mut SafeWriter::new(std::io::stderr()),
        )
        .and_then(|decks_ok| {
            let deep_ok = !args.deep || cmd::check::deep(&places(&cli), &mut out)?;
            Ok(decks_ok && deep_ok)
        }),
        Some(Command::List(args)) => cmd::list::run(&args.decks, &mut out),
        // On a terminal, no arguments opens the quiz screen; piped, it lists the decks.
        None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => {
            drop(out);
            return exit(tui(&cli, None));
        }
        None => cmd::list::run(&[PathBuf::from("decks")], &mut out),
        Some(Command::Quiz(a)) => {
            drop(out);
            return exit(tui(&cli, Some(a)));
        }
        Some(Command::Due(a)) => collection(&cli).and_then(|c| {
            let filter = Filter {
                deck: a.deck.clone(),
                section: a.section.clone(),
                ..Filter::default()
            };
            names::check(c.index(), &filter)?;
            // A row per section: written in blocks, not a system call per line. `due` asks
            // nothing, so nothing waits on what is held back until the flush.
            let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, &mut out);
            let ok = cmd::due::run(&c, &filter, now(), &mut buffered);
            let _ = buffered.flush();
            drop(buffered);
            // The process ends next: freeing every card and history entry one by one would
            // take longer than counting them did. Nothing in a collection needs its drop (no
            // writer, no lock; the caches are only read), so the system takes it back whole.
            std::mem::forget(c);
            Ok(ok)
        }),
        Some(Command::Cards(a)) => collection(&cli).and_then(|c| {
            let q = kioku::study::browse::Query {
                search: a.search.clone(),
                filter: Filter {
                    deck: a.deck.clone(),
                    section: a.section.clone(),
                    ..Filter::default()
                },
                state: a.state,
                flagged: a.flagged,
                leeches: a.leeches,
                sort: a.sort,
            };
            names::check(c.index(), &q.filter)?;
            Ok(cmd::cards::run(&c, &q, now(), &mut out))
        }),
        Some(Command::Show(a)) => {
            collection(&cli).and_then(|c| cmd::cards::show(&c, &a.id, now(), &mut out))
        }
        Some(Command::Stats(a)) => {
            collection(&cli).map(|c| cmd::stats::run(&c, now(), a.json, &mut out))
        }
        Some(Command::ReviewLog(a)) => {
            collection(&cli).and_then(|c| cmd::review_log::run(&c, a.tail, &mut out))
        }
        Some(Command::Optimize) => collection(&cli).and_then(|c| cmd::optimize::run(&c, &mut out)),
        Some(Command::Exam(a)) if a.history => cmd::exam::history(
            &places(&cli).data_dir,
            &jiff::tz::TimeZone::system(),
            &mut out,
            &mut SafeWriter::new(std::io::stderr()),
        ),
        Some(Command::Exam(a)) => {
            drop(out);
            return exit(exam(&cli, a));
        }
        Some(Command::Export(a)) => collection(&cli).and_then(|c| {
            let filter = Filter {
                deck: a.deck.clone(),
                section: a.section.clone(),
                ..Filter::default()
            };
            names::check(c.index(), &filter)?;
            cmd::export::run(&c, a, now(), &mut out)
        }),
        Some(Command::Completions(a)) => {
            cmd::completions::run(a.shell, &mut out);
            Ok(true)
        }
        Some(Command::Paths) => {
            cmd::paths::run(&places(&cli), &mut out);
            Ok(true)
        }
    };
    let _ = out.flush();
    exit(result)
}

/// Open the quiz screen, optionally straight into a session.
fn tui(cli: &Cli, quiz: Option<&QuizArgs>) -> kioku::error::Result<bool> {
    let mut c = collection(cli)?;
    let source = c.places.describe_decks();
    if let Some(a) = quiz {
        names::check(c.index(), &quiz_filter(a))?;
    }
    // Without a terminal the screen cannot start; nothing is written before this is known.
    for (what, is) in [
        ("stdin", std::io::stdin().is_terminal()),
        ("stdout", std::io::stdout().is_terminal()),
    ] {
        if !is {
            return Err(kioku::error::Error::NoTerminal {
                screen: "quiz",
                what,
            });
        }
    }
    if let Some(n) = quiz.and_then(|a| a.more_new) {
        // On disk before the session starts, so the counts agree all day.
        c.record(&more_new(n, now()))?;
    }
    let start = quiz.map(|a| {
        let filter = quiz_filter(a);
        let what = match (a.missed, a.ahead, a.cram, a.failed) {
            (true, ..) => What::Missed,
            (_, Some(days), ..) => What::Ahead { days },
            (_, _, true, _) => What::Cram,
            (_, _, _, Some(days)) => What::Failed { days },
            _ => What::Due,
        };
        let scope = [a.deck.as_deref(), a.section.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" › ");
        kioku::tui::Start {
            filter,
            missed: a.missed,
            mode: match a.mode {
                ModeArg::Flip => Mode::Flip,
                ModeArg::Type => Mode::Type,
                ModeArg::Choice => Mode::Choice,
            },
            scope: if scope.is_empty() {
                "all decks".into()
            } else {
                scope
            },
            limits: Limits {
                new: a.new,
                total: a.limit,
            },
            what,
        }
    });
    let reload = || Collection::load(places(cli), jiff::tz::TimeZone::system());
    kioku::tui::run(c, source, start, reload).map(|_| true)
}

/// Open the practice exam's plan for `kioku exam`.
fn exam(cli: &Cli, a: &ExamArgs) -> kioku::error::Result<bool> {
    let c = collection(cli)?;
    let source = c.places.describe_decks();
    let filter = Filter {
        deck: a.deck.clone(),
        section: a.section.clone(),
        ..Filter::default()
    };
    names::check(c.index(), &filter)?;
    let scope = [a.deck.as_deref(), a.section.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" › ");
    let scope = kioku::exam::Scope {
        name: if scope.is_empty() {
            "all decks".into()
        } else {
            scope
        },
        deck: a.deck.clone(),
        section: a.section.clone(),
    };
    let seed = a.seed.unwrap_or_else(|| kioku::exam::seed_from(now()));
    let h = &c.history;
    let askable = kioku::exam::askable(c.decks(), &filter, |id| h.is_suspended(id));
    if askable.is_empty() {
        return Err(kioku::error::Error::NoExam { scope: scope.name });
    }
    for (what, is) in [
        ("stdin", std::io::stdin().is_terminal()),
        ("stdout", std::io::stdout().is_terminal()),
    ] {
        if !is {
            return Err(kioku::error::Error::NoTerminal {
                screen: "practice exam",
                what,
            });
        }
    }
    let start = kioku::tui::exam::Start {
        scope,
        askable,
        count: a.count as usize,
        minutes: a.minutes,
        seed,
        pass: c.sched.settings.config.exam_pass,
    };
    let reload = || Collection::load(places(cli), jiff::tz::TimeZone::system());
    kioku::tui::run_exam(c, source, start, reload).map(|_| true)
}

fn quiz_filter(a: &QuizArgs) -> Filter {
    Filter {
        deck: a.deck.clone(),
        section: a.section.clone(),
        ..Filter::default()
    }
}

fn exit(result: kioku::error::Result<bool>) -> ExitCode {
    // Caches written while the command ran are finished before the process ends.
    kioku::fsutil::finish_writes();
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kioku: {}", sanitize_lines(&e.to_string()));
            let hint = e.hint();
            if !hint.is_empty() {
                eprintln!("hint: {}", sanitize_lines(&hint));
            }
            ExitCode::from(1)
        }
    }
}

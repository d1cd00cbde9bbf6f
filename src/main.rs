//! Parse the command line, dispatch, and map the outcome to an exit code:
//! 0 success, 1 a problem the user can fix (one line of cause, one of hint), 2 usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use kioku::cli::{Cli, Command};
use kioku::cmd;
use kioku::collection::{Collection, Places};
use kioku::review::Filter;

/// Load decks, settings and history for a study command; warnings go to stderr.
fn collection(cli: &Cli) -> kioku::error::Result<Collection> {
    let p = &cli.places;
    let places = Places::resolve(p.data_dir.clone(), p.config_dir.clone(), p.decks.clone());
    let c = Collection::load(places, jiff::tz::TimeZone::system())?;
    for w in &c.warnings {
        eprintln!("kioku: warning: {w}");
    }
    Ok(c)
}

/// The time now; `KIOKU_NOW` (RFC 3339, e.g. `2026-11-21T12:00:00+09:00`) fixes it, for tests
/// and for looking at what is due at another moment.
fn now() -> i64 {
    std::env::var("KIOKU_NOW")
        .ok()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .unwrap_or_else(jiff::Timestamp::now)
        .as_millisecond()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match &cli.command {
        Some(Command::Import(args)) => cmd::import::run(args, &mut out),
        Some(Command::Check(args)) => {
            cmd::check::run(&args.decks, &mut out, &mut std::io::stderr())
        }
        Some(Command::List(args)) => cmd::list::run(&args.decks, &mut out),
        // Until the quiz UI exists, no arguments lists the bundled decks.
        None => cmd::list::run(&[PathBuf::from("decks")], &mut out),
        Some(Command::Due(a)) => collection(&cli).map(|c| {
            let filter = Filter {
                deck: a.deck.clone(),
                section: a.section.clone(),
            };
            cmd::due::run(&c, &filter, now(), &mut out)
        }),
        Some(Command::Stats) => collection(&cli).map(|c| cmd::stats::run(&c, now(), &mut out)),
        Some(Command::ReviewLog(a)) => {
            collection(&cli).and_then(|c| cmd::review_log::run(&c, a.tail, &mut out))
        }
        Some(Command::Optimize) => collection(&cli).and_then(|c| cmd::optimize::run(&c, &mut out)),
    };
    let _ = out.flush();
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kioku: {e}");
            eprintln!("hint: {}", e.hint());
            ExitCode::from(1)
        }
    }
}

//! Parse the command line, dispatch, and map the outcome to an exit code:
//! 0 success, 1 a problem the user can fix (one line of cause, one of hint), 2 usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use kioku::cli::{Cli, Command};
use kioku::cmd;

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

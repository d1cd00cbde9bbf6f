//! The terminal UI: app state and update (`app`), drawing (`view`), key handling (`keymap`) and
//! the run loop. Only this module knows a terminal exists.

pub mod app;
pub mod keymap;
pub mod view;

use std::process::{Command, Stdio};
use std::time::Duration;

use ratatui::crossterm::event;

use crate::clock::now;
use crate::collection::Collection;
use crate::error::{Error, Result};
use crate::review::Filter;
use crate::review::log::{LogWriter, Mode};
use app::{App, Effect};

/// What `kioku quiz` asks for: a session to start with.
#[derive(Clone, Debug)]
pub struct Start {
    pub filter: Filter,
    pub missed: bool,
    pub mode: Mode,
    pub scope: String,
    pub limits: crate::review::Limits,
    /// The kind of session (`--ahead`, `--cram`, `--failed`; `What::Missed` with `missed`).
    /// `--more-new` was already written to the log: it is a `What::Due` session.
    pub what: crate::study::What,
}

/// Run the UI until the user quits. The terminal is restored on return, on error and on panic
/// (`ratatui::init` installs a hook for that).
pub fn run(
    collection: Collection,
    source: String,
    start: Option<Start>,
    reload: impl Fn() -> Result<Collection>,
) -> Result<()> {
    let journal = collection.log_writer()?;
    let mut app = App::new(collection, journal, source, now());
    if let Some(s) = start {
        app.mode = s.mode;
        // --limit and --new are for this first session only, not the ones started from home.
        app.limits = s.limits;
        app.start(&s.filter, s.missed, s.scope, now());
        app.limits = crate::review::Limits::default();
    }
    let theme = view::Theme::from_env();
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, theme, &reload);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App<LogWriter>,
    theme: view::Theme,
    reload: &impl Fn() -> Result<Collection>,
) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: "terminal".into(),
        source: e,
    };
    while !app.quit {
        terminal.draw(|f| view::view(app, f, theme)).map_err(io)?;
        // Wait for a key; wake once a second so the clock in the header moves. No busy loop.
        if !event::poll(Duration::from_secs(1)).map_err(io)? {
            app.now = now();
            continue;
        }
        let ev = event::read().map_err(io)?;
        let Some(msg) = keymap::message(&ev, keymap::context(app)) else {
            continue;
        };
        match app.update(msg, now()) {
            Some(Effect::OpenUrl(url)) => {
                let notes = app.current_notes_dir();
                app.notice = Some(open(&url, notes.as_deref()));
            }
            Some(Effect::Edit { path, .. }) if !std::path::Path::new(&path).is_file() => {
                app.notice = Some(format!(
                    "{} is not here: run kioku from the folder that has your notes to edit them",
                    crate::text::sanitize(&path)
                ));
            }
            Some(Effect::Edit { path, line }) => {
                let words = match crate::launch::editor_from_env() {
                    Ok(w) => w,
                    Err(e) => {
                        app.notice = Some(format!("{e}: {}", e.hint()));
                        continue;
                    }
                };
                ratatui::restore();
                let status =
                    crate::launch::edit_command(&words, line, std::path::Path::new(&path)).status();
                *terminal = ratatui::init();
                let shown = crate::text::sanitize(&path).into_owned();
                app.notice = Some(match status {
                    Ok(s) if s.success() => {
                        match reimport(&path, &app.collection.places.decks).and_then(|_| reload()) {
                            Ok(c) => {
                                app.collection = c;
                                app.rebuild_rows();
                                format!("{shown} re-imported; changes show from the next session")
                            }
                            Err(e) => format!("re-import failed: {e}"),
                        }
                    }
                    _ => format!(
                        "the editor `{}` did not finish cleanly; nothing re-imported",
                        crate::text::sanitize(&words.join(" "))
                    ),
                });
            }
            None => {}
        }
    }
    Ok(())
}

/// Open a card's link or image with the system opener, if it is one that may be opened; the
/// notice to show either way.
fn open(url: &str, notes: Option<&std::path::Path>) -> String {
    let target = match crate::launch::open_target(url, notes) {
        Ok(t) => t,
        Err(why) => return why,
    };
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let arg = match &target {
        crate::launch::Target::Url(u) => std::ffi::OsString::from(u),
        crate::launch::Target::File(p) => p.clone().into_os_string(),
    };
    let shown = crate::text::sanitize(url).into_owned();
    match Command::new(opener)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(_) => format!("opened {shown}"),
        Err(_) => format!("could not start {opener}: open {shown} yourself"),
    }
}

/// Re-import the notes file just edited into the folder the decks were loaded from.
fn reimport(notes: &str, decks: &std::path::Path) -> Result<()> {
    let plans = crate::import::plan(&[notes.into()], decks)?;
    crate::import::write(&plans).map(|_| ())
}

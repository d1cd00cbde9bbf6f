//! The terminal UI: app state and update (`app`), drawing (`view`), key handling (`keymap`) and
//! the run loop. Only this module knows a terminal exists.

pub mod app;
pub mod browser;
pub mod custom;
pub mod exam;
pub mod home;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod quiz;
pub mod state;
pub mod stats;
pub mod view;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use ratatui::crossterm::event;

use crate::clock::now;
use crate::collection::Collection;
use crate::error::{Error, Result};
use crate::review::Filter;
use crate::review::log::Mode;
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
    app.mode = state::load_mode(&app.collection.places.state_dir);
    if let Some(s) = start {
        app.mode = s.mode;
        // --limit and --new are for this first session only, not the ones started from home.
        app.limits = s.limits;
        let what = if s.missed {
            crate::study::What::Missed
        } else {
            s.what
        };
        app.start(&s.filter, what, s.scope, now());
        app.limits = crate::review::Limits::default();
    }
    drive(&mut app, reload)
}

/// Run the UI on the plan of a practice exam (`kioku exam`) until the user quits.
pub fn run_exam(
    collection: Collection,
    source: String,
    start: exam::Start,
    reload: impl Fn() -> Result<Collection>,
) -> Result<()> {
    let journal = collection.log_writer()?;
    let mut app = App::new(collection, journal, source, now());
    app.mode = state::load_mode(&app.collection.places.state_dir);
    app.open_exam(start);
    drive(&mut app, reload)
}

/// Take the terminal, run the loop, give the terminal back.
fn drive<J: crate::study::Journal>(
    app: &mut App<J>,
    reload: impl Fn() -> Result<Collection>,
) -> Result<()> {
    let theme = view::Theme::from_env();
    let mut terminal = ratatui::init();
    let mut effects = System { reload };
    let result = event_loop(&mut terminal, app, theme, &mut Terminal, &mut effects, &now);
    ratatui::restore();
    result
}

/// Where key presses and resizes come from: the terminal, or a test's script.
pub trait Events {
    /// The next event, or `None` once `timeout` has passed without one.
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<event::Event>>;
}

/// The real terminal's events.
pub struct Terminal;

impl Events for Terminal {
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<event::Event>> {
        if event::poll(timeout)? {
            event::read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// What the UI asks of the world outside: other programs and the notes on disk.
pub trait Effects {
    /// Open a card's link or image; the notice to show.
    fn open(&mut self, url: &str, notes: Option<&Path>) -> String;
    /// Hand the terminal to the editor on `path` at `line`; Ok(false) if it failed.
    fn edit(&mut self, path: &Path, line: u32) -> Result<bool>;
    /// Re-import the edited notes into `decks` and load everything again.
    fn reload(&mut self, notes: &Path, decks: &Path) -> Result<Collection>;
}

/// The effects on this machine: xdg-open, `$VISUAL`/`$EDITOR`, the importer.
struct System<R: Fn() -> Result<Collection>> {
    reload: R,
}

impl<R: Fn() -> Result<Collection>> Effects for System<R> {
    fn open(&mut self, url: &str, notes: Option<&Path>) -> String {
        open(url, notes)
    }

    fn edit(&mut self, path: &Path, line: u32) -> Result<bool> {
        let words = crate::launch::editor_from_env()?;
        ratatui::restore();
        let status = crate::launch::edit_command(&words, line, path).status();
        // The terminal is taken back; the loop redraws it whole.
        drop(ratatui::init());
        Ok(status.is_ok_and(|s| s.success()))
    }

    fn reload(&mut self, notes: &Path, decks: &Path) -> Result<Collection> {
        reimport(notes, decks)?;
        (self.reload)()
    }
}

/// How long to sleep with no key: a session's and an exam's clock move every second; the
/// home screen wakes when the next card falls due (a minute at most, so "in 4 min" stays true).
fn timeout<J: crate::study::Journal>(app: &App<J>, now: i64) -> Duration {
    let ms = match (&app.screen, app.wake) {
        (app::Screen::Quiz(_) | app::Screen::Exam(_), _) => 1000,
        (_, Some(t)) => (t - now).clamp(50, 60_000),
        (_, None) => 60_000,
    };
    Duration::from_millis(ms as u64)
}

/// The loop: draw, wait for an event (or the next due time), update, run effects. Generic
/// over the backend, the events and the effects, so tests drive it whole.
pub fn event_loop<B: ratatui::backend::Backend, J: crate::study::Journal>(
    terminal: &mut ratatui::Terminal<B>,
    app: &mut App<J>,
    theme: view::Theme,
    events: &mut impl Events,
    effects: &mut impl Effects,
    clock: &impl Fn() -> i64,
) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: "terminal".into(),
        source: e,
    };
    if let Ok(size) = terminal.size() {
        app.update(app::Msg::Resize(size.width, size.height), clock());
    }
    while !app.quit {
        terminal
            .draw(|f| view::view(app, f, theme))
            .map_err(|e| io(std::io::Error::other(e.to_string())))?;
        let Some(ev) = events.next(timeout(app, clock())).map_err(io)? else {
            app.tick(clock());
            continue;
        };
        let Some(msg) = keymap::message(&ev, keymap::context(app)) else {
            continue;
        };
        match app.update(msg, clock()) {
            Some(Effect::OpenUrl(url)) => {
                let notes = app.current_notes_dir();
                let text = effects.open(&url, notes.as_deref());
                app.inform(text);
            }
            Some(Effect::Edit { path, .. }) if !Path::new(&path).is_file() => {
                app.warn(format!(
                    "{} is not here: run kioku from the folder that has your notes to edit them",
                    crate::text::sanitize(&path)
                ));
            }
            Some(Effect::Edit { path, line }) => {
                let shown = crate::text::sanitize(&path).into_owned();
                match effects.edit(Path::new(&path), line) {
                    Err(e) => app.warn(format!("{e}: {}", e.hint())),
                    Ok(false) => app.warn(format!(
                        "the editor did not finish cleanly; {shown} not re-imported"
                    )),
                    Ok(true) => {
                        let decks = app.collection.places.decks.clone();
                        match effects.reload(Path::new(&path), &decks) {
                            Ok(c) => {
                                app.collection = c;
                                app.rebuild_rows();
                                app.inform(format!(
                                    "{shown} re-imported; changes show from the next session"
                                ));
                            }
                            Err(e) => app.warn(format!("re-import failed: {e}")),
                        }
                    }
                }
                terminal
                    .clear()
                    .map_err(|e| io(std::io::Error::other(e.to_string())))?;
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
fn reimport(notes: &Path, decks: &Path) -> Result<()> {
    let plans = crate::import::plan(&[notes.into()], decks)?;
    crate::import::write(&plans).map(|_| ())
}

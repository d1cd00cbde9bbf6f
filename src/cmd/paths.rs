//! `kioku paths`: every place kioku reads or writes, as this command line resolves them.

use std::io::Write;
use std::path::Path;

use crate::collection::Places;

fn abs(p: &Path) -> String {
    crate::fsutil::display(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}

fn state(p: &Path) -> &'static str {
    if p.exists() { "" } else { " (not there yet)" }
}

pub fn run(places: &Places, out: &mut dyn Write) {
    let config = places.config();
    let logs = places.logs();
    let device = places.state_dir.join(crate::paths::DEVICE_FILE);
    let decks = if places.uses_bundled() {
        format!(
            "the bundled AWS decks, built in ({} does not exist)",
            abs(&places.decks)
        )
    } else {
        abs(&places.decks)
    };
    let lines = [
        (
            "config",
            format!(
                "{}{}",
                abs(&config),
                if config.exists() {
                    ""
                } else {
                    " (not there: the defaults apply)"
                }
            ),
        ),
        (
            "data",
            format!("{}{}", abs(&places.data_dir), state(&places.data_dir)),
        ),
        ("reviews", format!("{}{}", abs(&logs), state(&logs))),
        (
            "state",
            format!(
                "{} (this machine's device id{}; never sync it)",
                abs(&places.state_dir),
                if device.exists() {
                    ""
                } else {
                    ", made on first use"
                }
            ),
        ),
        (
            "cache",
            format!("{} (derived; safe to delete)", abs(&places.cache_dir)),
        ),
        ("decks", decks),
    ];
    for (what, path) in lines {
        let _ = writeln!(out, "{what:<8} {path}");
    }
    let notes = places
        .decks
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .map(|p| p.join("notes"));
    if let Some(notes) = notes.filter(|n| n.is_dir() && !places.uses_bundled()) {
        let _ = writeln!(
            out,
            "{:<8} {} (re-imported when they change)",
            "notes",
            abs(&notes)
        );
    }
}

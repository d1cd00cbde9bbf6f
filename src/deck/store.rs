//! Decks on disk: finding, loading, and writing them atomically.

use std::path::{Path, PathBuf};

use super::{Deck, parse_deck, to_toml};
use crate::error::{Error, Result};
use crate::fsutil::read_text;

/// Load one deck file.
pub fn load(path: &Path) -> Result<Deck> {
    load_with_text(path).map(|(deck, _)| deck)
}

/// Load one deck file, and keep its text (to compare with, or to find positions in).
pub fn load_with_text(path: &Path) -> Result<(Deck, String)> {
    let text = read_text(path, "deck file")?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let deck = parse_deck(&display(path), &stem, &text)?;
    Ok((deck, text))
}

/// The deck files to use for `paths`: files as given, directories' `*.toml` in name order.
pub fn deck_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    files_with_extension(
        paths,
        &["toml"],
        |p| Error::NoDecks { path: p.into() },
        "folder of decks",
    )
}

/// Files as given, and each directory's files with one of `exts`, searched recursively
/// (hidden folders skipped), in name order.
pub fn files_with_extension(
    paths: &[PathBuf],
    exts: &[&str],
    none: impl Fn(&Path) -> Error,
    what: &'static str,
) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Missing {
                path: p.clone(),
                what,
            },
            _ => Error::Io {
                path: p.clone(),
                source: e,
            },
        })?;
        if !meta.is_dir() {
            out.push(p.clone());
            continue;
        }
        let before = out.len();
        walk(p, exts, &mut out)?;
        if out.len() == before {
            return Err(none(p));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::Io {
            path: dir.to_path_buf(),
            source: e,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| {
            !f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) = entries.into_iter().partition(|f| f.is_dir());
    out.extend(files.into_iter().filter(|f| {
        f.is_file()
            && f.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x))
    }));
    for d in dirs {
        walk(&d, exts, out)?;
    }
    Ok(())
}

/// Write `deck` to `path` atomically: a temp file in the same directory, fsynced, renamed over
/// the target. A crash leaves either the old file or the new one, never half of one.
pub fn save(path: &Path, deck: &Deck) -> Result<()> {
    write_atomic(path, to_toml(deck).as_bytes())
}

// File utilities live in `crate::fsutil`; re-exported here so existing callers keep compiling.
pub use crate::fsutil::{display, write_atomic};

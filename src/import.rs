//! `kioku import`: notes files → decks, ids linked to the previous decks, nothing written on error.
//!
//! A folder is read recursively (hidden folders and `.trash/` skipped) and its decks mirror the
//! notes' paths: `notes/a/b.md` → `decks/a/b.toml`, deck name `a/b`. Every file of one import is
//! read together, since whether a fact points to one service is judged across all of them.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::deck::store::{self, display};
use crate::deck::{Card, Deck, Relink, link_ids, to_toml};
use crate::error::{Error, Result, read_text};
use crate::notes::{Settings, Skip, Source, Suspect, cards_from_files};

/// Written into each generated deck's header.
pub const GENERATOR: &str = concat!("kioku ", env!("CARGO_PKG_VERSION"));

/// A notes folder's own topics, in the catalog's format, at its root.
pub const GLOSSARY: &str = "glossary.toml";
/// A notes folder's import settings, at its root.
pub const FOLDER_SETTINGS: &str = "kioku.toml";

/// One notes file's import, computed before anything is written.
#[derive(Debug)]
pub struct DeckImport {
    pub notes: PathBuf,
    pub deck_path: PathBuf,
    pub deck: Deck,
    /// The deck's new TOML text.
    pub toml: String,
    /// The deck file's current text, if it exists.
    pub previous_toml: Option<String>,
    /// How each card got its id (same order as `deck.cards`).
    pub links: Vec<Relink>,
    /// Cards of the previous deck that are gone, each with why.
    pub removed: Vec<(Card, String)>,
    /// Notes lines in no card, with the line's text.
    pub skipped: Vec<(Skip, String)>,
}

impl DeckImport {
    pub fn is_up_to_date(&self) -> bool {
        self.previous_toml.as_deref() == Some(self.toml.as_str())
    }

    /// Cards worth a second look (worked out only when asked: `--report`).
    pub fn suspects(&self) -> Vec<Suspect> {
        crate::notes::extract::suspects(&self.deck.cards)
    }

    /// A notes file with no card and no deck yet is reported, not written as an empty deck.
    pub fn is_written(&self) -> bool {
        !self.deck.cards.is_empty() || self.previous_toml.is_some()
    }
}

/// A notes file found for an import: where it is, and its path below the folder it was found
/// in (`a/b.md`), which names its deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesFile {
    pub path: PathBuf,
    pub relative: PathBuf,
    /// Found in a folder (not named on the command line): an empty one is a page not written
    /// yet, not a mistake.
    pub in_folder: bool,
}

/// The notes files for `paths`: files as given, folders searched recursively for `*.md`
/// (hidden folders and `.trash/` skipped), each folder's files in name order.
pub fn notes_files(paths: &[PathBuf]) -> Result<Vec<NotesFile>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Missing {
                path: p.clone(),
                what: "notes folder",
            },
            _ => Error::Io {
                path: p.clone(),
                source: e,
            },
        })?;
        if !meta.is_dir() {
            let name = p.file_name().map(PathBuf::from).unwrap_or_default();
            out.push(NotesFile {
                path: p.clone(),
                relative: name,
                in_folder: false,
            });
            continue;
        }
        let before = out.len();
        walk(p, Path::new(""), &mut out)?;
        if out.len() == before {
            return Err(Error::NoNotes { path: p.clone() });
        }
    }
    Ok(out)
}

fn walk(root: &Path, rel: &Path, out: &mut Vec<NotesFile>) -> Result<()> {
    let dir = root.join(rel);
    let io = |e| Error::Io {
        path: dir.clone(),
        source: e,
    };
    let mut entries: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .map_err(io)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let is_dir = e.file_type().ok()?.is_dir()
                || (e.file_type().ok()?.is_symlink() && e.path().is_dir());
            Some((name, is_dir))
        })
        .collect();
    entries.sort();
    for (name, is_dir) in entries {
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        let r = rel.join(&name);
        if is_dir {
            walk(root, &r, out)?;
        } else if Path::new(&name)
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
        {
            out.push(NotesFile {
                path: root.join(&r),
                relative: r,
                in_folder: true,
            });
        }
    }
    Ok(())
}

/// A deck's name from the notes file's path below its folder: `a/b.md` → `a/b`. Control
/// characters and bidi overrides, which would garble every place the name is shown, become `_`.
pub fn deck_name(relative: &Path) -> String {
    let stem = relative.with_extension("");
    let name = stem
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    name.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// What a notes folder says about its import: its glossary and its settings.
#[derive(Debug, Default)]
pub struct FolderSettings {
    pub glossary: Option<Catalog>,
    pub inline_cards: bool,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFolderSettings {
    #[serde(default)]
    inline_cards: bool,
}

/// Read `glossary.toml` and `kioku.toml` at the root of a notes folder, if there.
pub fn folder_settings(folder: &Path) -> Result<FolderSettings> {
    let mut s = FolderSettings::default();
    let g = folder.join(GLOSSARY);
    if g.is_file() {
        let text = read_text(&g, "glossary")?;
        s.glossary = Some(Catalog::parse(&display(&g), &text)?);
    }
    let f = folder.join(FOLDER_SETTINGS);
    if f.is_file() {
        let text = read_text(&f, "notes folder settings")?;
        let raw: RawFolderSettings = toml::from_str(&text).map_err(|e| {
            let (line, col) = crate::text::line_col(&text, e.span().map_or(0, |r| r.start));
            Error::Config {
                path: f.clone(),
                line,
                col,
                message: e.message().trim().to_string(),
            }
        })?;
        s.inline_cards = raw.inline_cards;
    }
    Ok(s)
}

/// Work out every deck an import would write. Reads only; any error stops everything.
pub fn plan(notes: &[PathBuf], out: &Path) -> Result<Vec<DeckImport>> {
    let files = notes_files(notes)?;
    // Settings come from the first folder given (or the folder of the first file).
    let root = notes
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .or_else(|| {
            notes
                .first()
                .and_then(|p| p.parent().map(Path::to_path_buf))
        })
        .unwrap_or_default();
    let folder = folder_settings(&root)?;
    let catalog = match &folder.glossary {
        Some(g) => Catalog::aws().with(g),
        None => Catalog::aws().clone(),
    };
    let settings = Settings {
        catalog: &catalog,
        inline_cards: folder.inline_cards,
    };

    let mut names: Vec<(String, PathBuf)> = Vec::with_capacity(files.len());
    let mut texts: Vec<String> = Vec::with_capacity(files.len());
    for f in &files {
        let name = deck_name(&f.relative);
        if let Some((_, other)) = names.iter().find(|(n, _)| *n == name) {
            return Err(Error::SameDeck {
                deck: out.join(format!("{name}.toml")),
                a: other.clone(),
                b: f.path.clone(),
            });
        }
        let text = match read_text(&f.path, "notes folder") {
            Ok(t) => t,
            // An empty file in a folder of notes (a page not written yet) gives no cards.
            Err(Error::Empty { .. }) if f.in_folder => String::new(),
            Err(e) => return Err(e),
        };
        names.push((name, f.path.clone()));
        texts.push(text);
    }
    let stems: Vec<String> = files
        .iter()
        .map(|f| {
            f.relative
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let sources: Vec<Source> = stems
        .iter()
        .zip(&texts)
        .map(|(name, text)| Source { name, text })
        .collect();
    let extracted = cards_from_files(&sources, &settings);

    let mut plans = Vec::with_capacity(files.len());
    for (((f, (name, _)), text), fc) in files.iter().zip(&names).zip(&texts).zip(extracted) {
        let deck_path = out.join(format!("{name}.toml"));
        plans.push(import_one(f, name, deck_path, text, fc)?);
    }
    Ok(plans)
}

fn import_one(
    file: &NotesFile,
    name: &str,
    deck_path: PathBuf,
    src: &str,
    fc: crate::notes::FileCards,
) -> Result<DeckImport> {
    let (previous_toml, previous) = if deck_path.exists() {
        let (prev, text) = store::load_with_text(&deck_path)?;
        if !prev.is_generated() {
            return Err(Error::HandWritten {
                path: deck_path,
                notes: file.path.clone(),
            });
        }
        (Some(text), prev.cards)
    } else {
        (None, Vec::new())
    };
    let extraction = fc.extraction;
    let mut cards = extraction.cards;
    let outcome = link_ids(name, &mut cards, &previous);
    let deck = Deck {
        name: name.to_string(),
        title: fc.title.map(|(t, _)| t),
        source: Some(source_path(&file.path)),
        generator: Some(GENERATOR.to_string()),
        cards,
    };
    let lines: Vec<&str> = src.lines().collect();
    let line_text = |l: u32| {
        lines
            .get((l as usize).wrapping_sub(1))
            .map_or("", |l| l.trim())
            .to_string()
    };
    let removed = outcome
        .removed
        .into_iter()
        .map(|c| {
            let why = match c.line {
                Some(l) if (l as usize) > lines.len() => {
                    format!("its notes line {l} is no longer there")
                }
                Some(l) => {
                    let made: Vec<&str> = deck
                        .cards
                        .iter()
                        .filter(|n| n.line == Some(l))
                        .map(|n| n.kind.as_str())
                        .collect();
                    match extraction.skipped.iter().find(|s| s.line == l) {
                        Some(s) => format!("line {l} now makes no card: {}", s.reason),
                        None if made.is_empty() => {
                            format!("line {l} makes no card of its own now: other cards ask it")
                        }
                        None => format!(
                            "line {l} now makes {} ({}), which kept another id or is too unlike this one",
                            if made.len() == 1 { "one card" } else { "other cards" },
                            made.join(", ")
                        ),
                    }
                }
                None => "it had no notes line".to_string(),
            };
            (c, why)
        })
        .collect();
    let skipped = extraction
        .skipped
        .into_iter()
        .map(|s| {
            let text = line_text(s.line);
            (s, text)
        })
        .collect();
    Ok(DeckImport {
        notes: file.path.clone(),
        deck_path,
        toml: to_toml(&deck),
        deck,
        previous_toml,
        links: outcome.links,
        removed,
        skipped,
    })
}

/// The notes path as recorded in the deck: relative to the working directory when it can be,
/// so the same notes give the same deck wherever the decks are written.
fn source_path(file: &Path) -> String {
    if file.is_absolute()
        && let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = file.strip_prefix(&cwd)
    {
        return display(rel);
    }
    display(file)
}

/// When the notes beside a folder of decks (`notes/` next to `decks/`) changed after the decks
/// were written, re-import them, so edited notes never silently fall out of study. Returns a
/// one-line notice when decks were updated.
pub fn refresh(decks: &Path) -> Result<Option<String>> {
    let notes = parent_dir(decks).join("notes");
    if !notes.is_dir() || !decks.is_dir() {
        return Ok(None);
    }
    let newest = |paths: Vec<PathBuf>| {
        paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .max()
    };
    let mut notes_paths: Vec<PathBuf> = notes_files(std::slice::from_ref(&notes))
        .map(|f| f.into_iter().map(|f| f.path).collect())
        .unwrap_or_default();
    notes_paths.extend([notes.join(GLOSSARY), notes.join(FOLDER_SETTINGS)]);
    let decks_paths = store::deck_files(&[decks.to_path_buf()]).unwrap_or_default();
    match (newest(notes_paths), newest(decks_paths)) {
        (Some(n), Some(d)) if n <= d => return Ok(None),
        (None, _) => return Ok(None),
        _ => {}
    }
    let plans = plan(std::slice::from_ref(&notes), decks)?;
    let n = write(&plans)?;
    Ok((n > 0).then(|| {
        format!(
            "the notes in {}/ changed since the decks were made: re-imported ({n} deck{} updated)",
            display(&notes),
            if n == 1 { "" } else { "s" }
        )
    }))
}

/// Write every deck that changed, all or nothing: each new deck goes to a temporary file
/// beside its target first; only when all are written and fsynced are they renamed into
/// place (a kill between renames leaves each deck whole, old or new, and the next import
/// completes the rest). An existing deck keeps its permissions. Temporary files left by an
/// import that was killed are removed.
pub fn write(plans: &[DeckImport]) -> Result<usize> {
    let todo: Vec<&DeckImport> = plans
        .iter()
        .filter(|p| !p.is_up_to_date() && p.is_written())
        .collect();
    let mut dirs: Vec<PathBuf> = todo
        .iter()
        .map(|p| parent_dir(&p.deck_path).to_path_buf())
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        remove_stale_temporaries(d);
    }
    let mut staged = Vec::with_capacity(todo.len());
    for p in &todo {
        staged.push((p, stage(&p.deck_path, p.toml.as_bytes())?));
    }
    for (p, tmp) in staged {
        tmp.persist(&p.deck_path).map_err(|e| Error::Io {
            path: p.deck_path.clone(),
            source: e.error,
        })?;
    }
    for d in &dirs {
        // The renames are durable once their directories are synced.
        if let Ok(f) = std::fs::File::open(d) {
            let _ = f.sync_all();
        }
    }
    Ok(todo.len())
}

/// Prefix of the temporary files decks are written through.
const TMP_PREFIX: &str = ".kioku-";

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The deck's new text in a fsynced temporary file beside it, with the old deck's permissions.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    use std::io::Write as _;
    let io = |e: std::io::Error| Error::Io {
        path: path.into(),
        source: e,
    };
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    match std::fs::metadata(path) {
        Ok(m) => std::fs::set_permissions(tmp.path(), m.permissions()).map_err(io)?,
        Err(_) => new_file_permissions(tmp.path()).map_err(io)?,
    }
    tmp.as_file().sync_all().map_err(io)?;
    Ok(tmp)
}

/// A new deck is readable by all, like any file the user makes (temporary files are 0600).
#[cfg(unix)]
fn new_file_permissions(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Temporary deck files older than a minute belong to an import that was killed.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let minute = std::time::Duration::from_secs(60);
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > minute);
        if name.starts_with(TMP_PREFIX) && name.ends_with(".tmp") && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deck_names_mirror_folders_and_lose_control_characters() {
        assert_eq!(deck_name(Path::new("a/b.md")), "a/b");
        assert_eq!(deck_name(Path::new("x\ny\u{1b}[2J.md")), "x_y_[2J");
        assert_eq!(deck_name(Path::new("evil\u{202e}txt.md")), "evil_txt");
    }
}

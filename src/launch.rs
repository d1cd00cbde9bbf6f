//! Starting other programs from the quiz screen, safely: the editor on a notes file, and the
//! system opener on a link or an image. UI-free, so the rules are tested without a terminal.
//!
//! - The editor command is `$VISUAL`, else `$EDITOR`, else `vi` (an empty variable counts as
//!   unset), split into words as a shell would (`code --wait`, quoted paths with spaces).
//! - The notes path handed to it is absolute, so a file named `-c!cmd.md` is never an option.
//! - Only `http(s)` links and image files inside the notes folder are opened; anything else
//!   (`javascript:`, `file:`, `--help`, a path outside the notes) is shown, not opened.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// The editor's words, from the values of `VISUAL` and `EDITOR`.
pub fn editor_words(visual: Option<&str>, editor: Option<&str>) -> Result<Vec<String>> {
    let pick = [("VISUAL", visual), ("EDITOR", editor)]
        .into_iter()
        .find_map(|(name, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (name, v)));
    let Some((name, value)) = pick else {
        return Ok(vec!["vi".into()]);
    };
    let words = shell_words::split(value).map_err(|e| Error::Env {
        name,
        message: format!("cannot split `{value}` into words ({e})"),
        hint: format!("set {name} to a command line as a shell would read it, e.g. `code --wait`"),
    })?;
    if words.is_empty() {
        return Ok(vec!["vi".into()]);
    }
    Ok(words)
}

/// The editor command from the environment.
pub fn editor_from_env() -> Result<Vec<String>> {
    let var = |n| std::env::var(n).ok();
    editor_words(var("VISUAL").as_deref(), var("EDITOR").as_deref())
}

/// `words... +LINE /absolute/notes.md`.
pub fn edit_command(words: &[String], line: u32, notes: &Path) -> Command {
    let abs = std::path::absolute(notes).unwrap_or_else(|_| notes.to_path_buf());
    let (program, args) = words
        .split_first()
        .map_or(("vi", &[][..]), |(p, a)| (p.as_str(), a));
    let mut cmd = Command::new(program);
    cmd.args(args).arg(format!("+{line}")).arg(abs);
    cmd
}

/// What `o` may open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An `http(s)` link.
    Url(String),
    /// An image file inside the notes folder, as an absolute path.
    File(PathBuf),
}

const IMAGES: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "avif"];

/// Decide whether `url` (from a card) may be opened; relative paths are taken from `notes_dir`
/// (the folder of the card's notes file). The error says why not, to show instead.
pub fn open_target(url: &str, notes_dir: Option<&Path>) -> std::result::Result<Target, String> {
    let refuse = |why: &str| {
        Err(format!(
            "not opened: {} ({why}; only http(s) links and images in the notes folder are opened)",
            crate::text::sanitize(url)
        ))
    };
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("it has spaces or control characters");
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        if rest.is_empty() || rest.starts_with('/') {
            return refuse("no host");
        }
        return Ok(Target::Url(url.to_string()));
    }
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if scheme {
        return refuse("not an http(s) link");
    }
    let Some(root) = notes_dir else {
        return refuse("no notes folder known for this card");
    };
    let ext_ok = Path::new(url)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGES.contains(&e.to_ascii_lowercase().as_str()));
    if !ext_ok {
        return refuse("not an image");
    }
    let (Ok(root), Ok(file)) = (
        std::fs::canonicalize(root),
        std::fs::canonicalize(root.join(url)),
    ) else {
        return refuse("no such file");
    };
    if !file.starts_with(&root) || !file.is_file() {
        return refuse("outside the notes folder");
    }
    Ok(Target::File(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_editor_is_split_like_a_shell_and_falls_back_visual_editor_vi() {
        assert_eq!(
            editor_words(Some("code --wait"), None).unwrap(),
            words(&["code", "--wait"])
        );
        assert_eq!(
            editor_words(Some("'/opt/my editor/bin/ed' -n"), None).unwrap(),
            words(&["/opt/my editor/bin/ed", "-n"])
        );
        assert_eq!(
            editor_words(Some(""), Some("nano")).unwrap(),
            words(&["nano"])
        );
        assert_eq!(editor_words(Some("  "), Some("")).unwrap(), words(&["vi"]));
        assert_eq!(editor_words(None, None).unwrap(), words(&["vi"]));
        let e = editor_words(Some("code --wait '"), None).unwrap_err();
        assert!(e.to_string().starts_with("VISUAL: cannot split"), "{e}");
    }

    #[test]
    fn the_notes_path_is_absolute_so_it_is_never_an_option() {
        let cmd = edit_command(&words(&["vim"]), 12, Path::new("-c!touch X.md"));
        let args: Vec<String> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args[0], "+12");
        assert!(args[1].starts_with('/'), "{args:?}");
        assert!(args[1].ends_with("/-c!touch X.md"), "{args:?}");
        assert_eq!(cmd.get_program(), "vim");
    }

    #[test]
    fn only_http_links_and_images_in_the_notes_folder_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        std::fs::create_dir_all(notes.join("img")).unwrap();
        std::fs::write(notes.join("img/a.png"), b"png").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"png").unwrap();
        std::fs::write(notes.join("run.sh"), b"sh").unwrap();
        let n = Some(notes.as_path());
        assert_eq!(
            open_target("https://github.com/x/1.png", n),
            Ok(Target::Url("https://github.com/x/1.png".into()))
        );
        assert_eq!(
            open_target("HTTP://example.com", n),
            Ok(Target::Url("HTTP://example.com".into()))
        );
        assert_eq!(
            open_target("img/a.png", n),
            Ok(Target::File(
                std::fs::canonicalize(notes.join("img/a.png")).unwrap()
            ))
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "--help",
            "-a.png",
            "../secret.png",
            "run.sh",
            "https:///nohost",
            "https://a b",
            "img/missing.png",
            "mailto:x@y",
        ] {
            let r = open_target(bad, n);
            assert!(
                r.as_ref().is_err_and(|e| e.starts_with("not opened: ")),
                "{bad}: {r:?}"
            );
        }
        let e = open_target("javascript:\u{1b}[2J", n).unwrap_err();
        assert!(e.contains("\\e[2J") && !e.contains('\u{1b}'), "{e}");
    }
}

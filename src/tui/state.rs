//! What the UI remembers between launches on this machine (the last study mode), in the
//! machine-local state folder: a preference of this terminal, not progress, so it is not
//! synced with the data folder.

use std::path::{Path, PathBuf};

use crate::review::Mode;

fn file(state_dir: &Path) -> PathBuf {
    state_dir.join("ui.toml")
}

/// The mode used last, or flip.
pub fn load_mode(state_dir: &Path) -> Mode {
    std::fs::read_to_string(file(state_dir))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                let v = l.strip_prefix("mode")?.trim_start().strip_prefix('=')?;
                Mode::parse(v.trim().trim_matches('"'))
            })
        })
        .filter(|m| matches!(m, Mode::Flip | Mode::Type | Mode::Choice))
        .unwrap_or(Mode::Flip)
}

/// Remember the mode. A preference that cannot be written is not worth an error: the next
/// launch starts in flip mode.
pub fn save_mode(state_dir: &Path, mode: Mode) {
    let text = format!(
        "# kioku's UI state on this machine (written by kioku)\nmode = \"{}\"\n",
        mode.as_str()
    );
    let _ = std::fs::create_dir_all(state_dir)
        .map_err(|_| ())
        .and_then(|_| {
            crate::fsutil::write_atomic(&file(state_dir), text.as_bytes()).map_err(|_| ())
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_survives_a_restart_and_a_damaged_file_means_flip() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_mode(dir.path()), Mode::Flip);
        save_mode(dir.path(), Mode::Choice);
        assert_eq!(load_mode(dir.path()), Mode::Choice);
        std::fs::write(file(dir.path()), "mode = 'sideways'").unwrap();
        assert_eq!(load_mode(dir.path()), Mode::Flip);
    }
}

//! Where kioku keeps things, from the `directories` crate unless overridden:
//! - the data directory (the review logs, and decks if you keep them there), meant to be synced
//!   between machines;
//! - the config directory (config.toml);
//! - the state directory: this machine's device id, which must never be synced or copied;
//! - the cache directory: caches, derived and rebuilt at will, one folder per data directory.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The data directory: `--data-dir`, else `$KIOKU_DATA_DIR`, else the platform's
/// (`~/.local/share/kioku` on Linux).
pub fn data_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os("KIOKU_DATA_DIR").map(PathBuf::from))
        .or_else(|| project().map(|p| p.data_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".kioku"))
}

/// The config directory: `--config-dir`, else `$KIOKU_CONFIG_DIR`, else the platform's
/// (`~/.config/kioku` on Linux).
pub fn config_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os("KIOKU_CONFIG_DIR").map(PathBuf::from))
        .or_else(|| project().map(|p| p.config_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".kioku"))
}

/// The state directory (this machine's device id): `--state-dir`, else `$KIOKU_STATE_DIR`, else
/// the platform's (`~/.local/state/kioku` on Linux; where there is none, the cache directory's
/// `state/`, which at worst makes a new device id).
pub fn state_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os("KIOKU_STATE_DIR").map(PathBuf::from))
        .or_else(|| {
            project().map(|p| match p.state_dir() {
                Some(s) => s.to_path_buf(),
                None => p.cache_dir().join("state"),
            })
        })
        .unwrap_or_else(|| PathBuf::from(".kioku/state"))
}

/// The cache directory for the data directory `data`: `--cache-dir`, else `$KIOKU_CACHE_DIR`,
/// else a folder named after `data` in the platform's (`~/.cache/kioku` on Linux), so two data
/// directories never share caches.
pub fn cache_dir(flag: Option<PathBuf>, data: &Path) -> PathBuf {
    if let Some(dir) = flag.or_else(|| std::env::var_os("KIOKU_CACHE_DIR").map(PathBuf::from)) {
        return dir;
    }
    let abs = std::path::absolute(data).unwrap_or_else(|_| data.to_path_buf());
    let tag = format!(
        "{:016x}",
        crate::cache::hash(abs.as_os_str().as_encoded_bytes())
    );
    project()
        .map(|p| p.cache_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".kioku/cache"))
        .join(tag)
}

/// The file in the state directory that holds this machine's device id.
pub const DEVICE_FILE: &str = "device-id";

/// This machine's device id, made (random, 12 hex digits) on first use. It names the machine's
/// own log file, `reviews/<id>.jsonl`; it lives outside the data directory so a copied or
/// synced data directory never gives two machines one id.
pub fn device_id(state_dir: &Path) -> Result<String> {
    let path = state_dir.join(DEVICE_FILE);
    let valid = |s: &str| {
        let s = s.trim();
        (!s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .then(|| s.to_string())
    };
    let io = |e: std::io::Error| Error::Io {
        path: path.clone(),
        source: e,
    };
    match std::fs::read_to_string(&path) {
        Ok(s) => {
            return valid(&s).ok_or_else(|| Error::Config {
                path: path.clone(),
                line: 1,
                col: 1,
                message: "not a device id (letters, digits, `-` and `_` only)".into(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    std::fs::create_dir_all(state_dir).map_err(io)?;
    let id = format!("{:012x}", rand::random::<u64>() >> 16);
    let mut tmp = tempfile::Builder::new()
        .prefix(".kioku-")
        .tempfile_in(state_dir)
        .map_err(io)?;
    std::io::Write::write_all(&mut tmp, format!("{id}\n").as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // Two processes starting at once: the first id written wins, and both use it.
    match tmp.persist_noclobber(&path) {
        Ok(_) => Ok(id),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            let s = std::fs::read_to_string(&path).map_err(io)?;
            valid(&s).ok_or_else(|| io(std::io::Error::other("not a device id")))
        }
        // A file system without hard links (some network shares): a plain rename, which at
        // worst lets a second process starting at this instant write the other id.
        Err(e) => match e.file.persist(&path) {
            Ok(_) => Ok(id),
            Err(e) => Err(io(e.error)),
        },
    }
}

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "kioku")
}

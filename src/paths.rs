//! Where kioku keeps things: the data directory (review log, bury/suspend) and the config
//! directory (config.toml), from the `directories` crate unless overridden.

use std::path::PathBuf;

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

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "kioku")
}

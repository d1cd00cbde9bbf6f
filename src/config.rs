//! `config.toml` in the config directory: scheduling settings, every one optional.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Scheduling settings. Every field has a default, so an empty or missing file is fine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Probability of recall FSRS aims for when it picks an interval (0.70–0.99).
    pub desired_retention: f32,
    /// New cards introduced per day, across all decks.
    pub new_per_day: u32,
    /// Hour of the day (local time, 0–23) at which "today" starts, like Anki's "next day starts at".
    pub day_starts_at: u8,
    /// Delays between the first answers of a new card: `s`, `m`, `h`, `d` units.
    pub learning_steps: Vec<String>,
    /// Delays after a lapse before the card goes back to review.
    pub relearning_steps: Vec<String>,
    /// Longest interval, in days.
    pub maximum_interval: u32,
    /// A card counts as missed if its latest answer was Again or it lapsed within this many days.
    pub missed_days: u32,
    /// Personal FSRS parameters from `kioku optimize`; empty means FSRS-6's defaults.
    pub parameters: Vec<f32>,
    /// A card that lapsed this many times is a leech (0: never).
    pub leech_lapses: u32,
    /// The share of right answers that passes a practice exam (`kioku exam`), 0–1.
    pub exam_pass: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            desired_retention: 0.9,
            new_per_day: 20,
            day_starts_at: 4,
            learning_steps: vec!["1m".into(), "10m".into()],
            relearning_steps: vec!["10m".into()],
            maximum_interval: 36500,
            missed_days: 7,
            parameters: Vec::new(),
            leech_lapses: 8,
            exam_pass: crate::exam::DEFAULT_PASS,
        }
    }
}

/// A config with its steps parsed into seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub config: Config,
    pub learning_steps: Vec<u32>,
    pub relearning_steps: Vec<u32>,
}

impl Config {
    /// Read `path`; a missing file gives the defaults. Errors name the file.
    pub fn load(path: &Path) -> Result<Settings> {
        let config = match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                let (line, col) = crate::text::line_col(&text, e.span().map_or(0, |s| s.start));
                Error::Config {
                    path: path.into(),
                    line,
                    col,
                    message: e.message().trim().to_string(),
                }
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => {
                return Err(Error::Io {
                    path: path.into(),
                    source: e,
                });
            }
        };
        config.settings(path)
    }

    /// Check the values and parse the steps.
    pub fn settings(self, path: &Path) -> Result<Settings> {
        let bad = |message: String| Error::Config {
            path: path.into(),
            line: 0,
            col: 0,
            message,
        };
        if !(0.7..=0.99).contains(&self.desired_retention) {
            return Err(bad(format!(
                "desired_retention must be between 0.70 and 0.99, not {}",
                self.desired_retention
            )));
        }
        if self.day_starts_at > 23 {
            return Err(bad(format!(
                "day_starts_at is an hour, 0–23, not {}",
                self.day_starts_at
            )));
        }
        if !(self.exam_pass > 0.0 && self.exam_pass <= 1.0) {
            return Err(bad(format!(
                "exam_pass is a share of right answers, above 0 and at most 1 (0.72 for 72%), not {}",
                self.exam_pass
            )));
        }
        if self.maximum_interval == 0 {
            return Err(bad("maximum_interval must be at least 1 day".into()));
        }
        if !self.parameters.is_empty() && fsrs::FSRS::new(&self.parameters).is_err() {
            return Err(bad(format!(
                "parameters: {} values that FSRS does not accept",
                self.parameters.len()
            )));
        }
        let steps = |v: &[String], name: &str| -> Result<Vec<u32>> {
            v.iter()
                .map(|s| {
                    parse_step(s).ok_or_else(|| {
                        bad(format!(
                            "{name}: `{s}` is not a delay like `1m`, `10m`, `1h` or `1d`"
                        ))
                    })
                })
                .collect()
        };
        Ok(Settings {
            learning_steps: steps(&self.learning_steps, "learning_steps")?,
            relearning_steps: steps(&self.relearning_steps, "relearning_steps")?,
            config: self,
        })
    }
}

/// `30s`, `1m`, `10m`, `1h`, `1d` → seconds (at least 1).
pub fn parse_step(s: &str) -> Option<u32> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (n, unit) = s.split_at(split);
    let n: f64 = n.parse().ok()?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        _ => return None,
    };
    (secs >= 1.0 && secs < f64::from(u32::MAX)).then_some(secs.round() as u32)
}

/// Set `parameters` in the config file at `path`, keeping the rest of the file (comments,
/// order, layout) as the user wrote it: the file is edited through `toml_edit`, so an existing
/// `parameters` is replaced where it stands and a new one is added at the end with a comment
/// saying where it came from. Written atomically; the result is checked before it replaces
/// the file.
pub fn save_parameters(path: &Path, params: &[f32]) -> Result<()> {
    let old = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Error::Io {
                path: path.into(),
                source: e,
            });
        }
    };
    let mut doc: toml_edit::DocumentMut = old.parse().map_err(|e: toml_edit::TomlError| {
        let (line, col) = crate::text::line_col(&old, e.span().map_or(0, |s| s.start));
        Error::Config {
            path: path.into(),
            line,
            col,
            message: e.message().trim().to_string(),
        }
    })?;
    // Through the f32's shortest decimal, so 0.2172 is written as 0.2172, not 0.21719999611377716.
    let values: toml_edit::Array = params
        .iter()
        .map(|p| format!("{p}").parse::<f64>().unwrap_or(f64::from(*p)))
        .collect();
    match doc.get_mut("parameters").and_then(|i| i.as_value_mut()) {
        Some(v) => {
            let decor = v.decor().clone();
            *v = toml_edit::Value::Array(values);
            *v.decor_mut() = decor;
        }
        None => {
            doc["parameters"] = toml_edit::value(values);
            if let Some(mut key) = doc.key_mut("parameters") {
                key.leaf_decor_mut().set_prefix(
                    "# FSRS parameters fitted to your reviews by `kioku optimize`; delete to use the defaults.\n",
                );
            }
        }
    }
    let text = doc.to_string();
    toml::from_str::<Config>(&text).map_err(|e| Error::Config {
        path: path.into(),
        line: 0,
        col: 0,
        message: format!("could not add the parameters: {}", e.message()),
    })?;
    crate::fsutil::write_atomic(path, text.as_bytes())
}

/// `<config dir>/config.toml`.
pub fn path(config_dir: &Path) -> PathBuf {
    config_dir.join("config.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_parse() {
        assert_eq!(parse_step("1m"), Some(60));
        assert_eq!(parse_step("10m"), Some(600));
        assert_eq!(parse_step("1.5h"), Some(5400));
        assert_eq!(parse_step("1d"), Some(86400));
        assert_eq!(parse_step("10"), None);
        assert_eq!(parse_step("0m"), None);
    }

    #[test]
    fn errors_name_the_file_and_position() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "desired_retention = 0.9\nnew_per_dya = 10\n").unwrap();
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.ends_with("config.toml:2:1: unknown field `new_per_dya`, expected one of `desired_retention`, `new_per_day`, `day_starts_at`, `learning_steps`, `relearning_steps`, `maximum_interval`, `missed_days`, `parameters`, `leech_lapses`, `exam_pass`"), "{e}");
        std::fs::write(&p, "learning_steps = [\"1x\"]\n").unwrap();
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(
            e.ends_with(
                "config.toml: learning_steps: `1x` is not a delay like `1m`, `10m`, `1h` or `1d`"
            ),
            "{e}"
        );
        assert_eq!(
            Config::load(&dir.path().join("none.toml")).unwrap().config,
            Config::default()
        );
    }

    #[test]
    fn saving_parameters_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(
            &p,
            "# mine\nnew_per_day = 10 # ten a day\nparameters = [\n  1.0,\n  2.0,\n] # old\n\n# later\nmissed_days = 3\n",
        )
        .unwrap();
        save_parameters(&p, &[0.2172, 1.5]).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(
            text,
            "# mine\nnew_per_day = 10 # ten a day\nparameters = [0.2172, 1.5] # old\n\n# later\nmissed_days = 3\n",
            "replaced where it stood, every comment kept"
        );
        let params = fsrs::DEFAULT_PARAMETERS.to_vec();
        save_parameters(&p, &params).unwrap();
        let c = Config::load(&p).unwrap().config;
        assert_eq!(
            (c.new_per_day, c.missed_days, c.parameters),
            (10, 3, params)
        );
    }

    #[test]
    fn new_parameters_go_at_the_end_with_a_comment() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "# mine\nnew_per_day = 10").unwrap();
        save_parameters(&p, &[1.0, 2.5]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "# mine\nnew_per_day = 10\n# FSRS parameters fitted to your reviews by `kioku optimize`; delete to use the defaults.\nparameters = [1.0, 2.5]\n"
        );
        let fresh = dir.path().join("new.toml");
        save_parameters(&fresh, &[1.0]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&fresh).unwrap(),
            "# FSRS parameters fitted to your reviews by `kioku optimize`; delete to use the defaults.\nparameters = [1.0]\n"
        );
        std::fs::write(&p, "new_per_day = [").unwrap();
        let e = save_parameters(&p, &[1.0]).unwrap_err().to_string();
        assert!(e.contains("config.toml:1:"), "{e}");
    }
}

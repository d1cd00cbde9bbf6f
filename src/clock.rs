//! The one place that reads the wall clock. Everything below the binary takes the time as a
//! parameter; `KIOKU_NOW` (RFC 3339, e.g. `2026-11-21T12:00:00+09:00`) fixes it, for tests and
//! for looking at what is due at another moment. A `KIOKU_NOW` that does not parse is an error
//! (see [`check`]), never a silent fall back to the real clock.

use crate::error::{Error, Result};

/// The moment `KIOKU_NOW` names, if it is set.
pub fn fixed() -> Result<Option<i64>> {
    let Some(value) = std::env::var_os("KIOKU_NOW") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    text.parse::<jiff::Timestamp>()
        .map(|t| Some(t.as_millisecond()))
        .map_err(|e| Error::Env {
            name: "KIOKU_NOW",
            message: format!("`{text}` is not a time kioku can read ({e})"),
            hint: "set it like 2026-11-21T12:00:00+09:00 (RFC 3339, with an offset), or unset it to use the clock".into(),
        })
}

/// Fails if `KIOKU_NOW` is set but not a time; the binary checks this before anything else.
pub fn check() -> Result<()> {
    fixed().map(|_| ())
}

/// Now, in Unix milliseconds.
pub fn now() -> i64 {
    fixed()
        .ok()
        .flatten()
        .unwrap_or_else(|| jiff::Timestamp::now().as_millisecond())
}

//! The one place that reads the wall clock. Everything below the binary takes the time as a
//! parameter; `KIOKU_NOW` (RFC 3339, e.g. `2026-11-21T12:00:00+09:00`) fixes it, for tests and
//! for looking at what is due at another moment.

/// Now, in Unix milliseconds.
pub fn now() -> i64 {
    std::env::var("KIOKU_NOW")
        .ok()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .unwrap_or_else(jiff::Timestamp::now)
        .as_millisecond()
}

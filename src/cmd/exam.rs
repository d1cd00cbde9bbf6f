//! `kioku exam --history`: the practice exams taken so far, on every machine, newest first.

use std::io::Write;
use std::path::Path;

use super::pad;
use crate::error::Result;
use crate::exam::results;

/// How many of an exam's weakest sections a listing names.
const WEAKEST: usize = 3;

pub fn history(
    data_dir: &Path,
    tz: &jiff::tz::TimeZone,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool> {
    let (records, warnings) = results::read_all(data_dir)?;
    for w in &warnings {
        let _ = writeln!(err, "kioku: warning: {w}");
    }
    if records.is_empty() {
        let _ = writeln!(out, "No practice exams yet: `kioku exam` starts one.");
        return Ok(true);
    }
    for r in &records {
        let when = jiff::Timestamp::from_millisecond(r.at)
            .map(|t| {
                t.to_zoned(tz.clone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| r.at.to_string());
        let verdict = if r.passed { "pass" } else { "FAIL" };
        let _ = writeln!(
            out,
            "{when}  {verdict}  {:>3.0}%  {:>7}  {}",
            r.score * 100.0,
            format!("{}/{}", r.right, r.count),
            r.scope
        );
        let end = match r.end {
            crate::exam::End::Submitted => "submitted".to_string(),
            crate::exam::End::Timeout => "time ran out".to_string(),
            crate::exam::End::Quit => format!("quit with {} unanswered", r.unanswered),
        };
        let mut sections: Vec<_> = r.sections.iter().collect();
        sections.sort_by(|a, b| a.share().total_cmp(&b.share()));
        let weakest: Vec<String> = sections
            .iter()
            .take(WEAKEST)
            .filter(|s| s.right < s.total)
            .map(|s| format!("{} {}/{}", s.name, s.right, s.total))
            .collect();
        let _ = writeln!(
            out,
            "{}{end} after {} of {} min · pass mark {:.0}% · seed {} · {}",
            pad("", 18),
            crate::exam::clock(r.secs * 1000),
            r.minutes,
            r.pass * 100.0,
            r.seed,
            r.device
        );
        if !weakest.is_empty() {
            let _ = writeln!(out, "{}weakest: {}", pad("", 18), weakest.join(", "));
        }
    }
    Ok(true)
}

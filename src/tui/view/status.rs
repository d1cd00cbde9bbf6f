//! Times as the status line says them: "in 4 min", "tomorrow".

use crate::review::schedule::MS_PER_DAY;

/// When `t` is, seen from `now`: `now`, `in 4 min`, `in 3 h`, `in 2 days`.
pub fn when(t: i64, now: i64) -> String {
    let ms = (t - now).max(0);
    let min = (ms + 59_999) / 60_000;
    match min {
        0 => "now".into(),
        1..=59 => format!("in {min} min"),
        60..=1439 => format!("in {} h", (min + 59) / 60),
        _ => {
            let days = (ms + MS_PER_DAY - 1) / MS_PER_DAY;
            if days == 1 {
                "tomorrow".into()
            } else {
                format!("in {days} days")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_times_read_as_a_person_says_them() {
        assert_eq!(when(0, 0), "now");
        assert_eq!(when(4 * 60_000 - 1, 0), "in 4 min");
        assert_eq!(when(90 * 60_000, 0), "in 2 h");
        assert_eq!(when(MS_PER_DAY + 1, 0), "in 2 days");
        assert_eq!(when(MS_PER_DAY, 0), "tomorrow");
    }
}

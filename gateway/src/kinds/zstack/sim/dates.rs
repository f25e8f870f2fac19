//! ZStack's date text, as its REST API prints Java dates: "Nov 3, 2026 10:22:11 AM" (UTC
//! here), and the forms a query condition may give a date in.

use crate::time::{civil, days_from_civil, secs_from_plain};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn zstack_date(secs: i64) -> String {
    let c = civil(secs);
    let (hour, half) = match c.hour {
        0 => (12, "AM"),
        1..=11 => (c.hour, "AM"),
        12 => (12, "PM"),
        _ => (c.hour - 12, "PM"),
    };
    format!(
        "{} {}, {} {hour}:{:02}:{:02} {half}",
        MONTHS[c.month as usize - 1],
        c.day,
        c.year,
        c.minute,
        c.second
    )
}

/// Seconds since the epoch of a condition's date: "Nov 3, 2026 10:22:11 AM",
/// "2026-11-03 10:22:11", "2026-11-03" or epoch milliseconds.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(secs) = secs_from_plain(text) {
        return Some(secs);
    }
    if vendors::validate::is_date(text) {
        return secs_from_plain(&format!("{text} 00:00:00"));
    }
    if !text.is_empty() && text.len() >= 10 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok().map(|millis| millis / 1000);
    }
    parse_java_date(text)
}

fn parse_java_date(text: &str) -> Option<i64> {
    let mut words = text.split_whitespace();
    let month_name = words.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let day: u32 = words.next()?.strip_suffix(',')?.parse().ok()?;
    let year: i64 = words.next()?.parse().ok()?;
    let mut clock = words
        .next()?
        .split(':')
        .map(|part| part.parse::<i64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    let hour = match (words.next()?, hour) {
        ("AM", 12) => 0,
        ("AM", 1..=11) => hour,
        ("PM", 12) => 12,
        ("PM", 1..=11) => hour + 12,
        _ => return None,
    };
    let valid = (1..=31).contains(&day) && (0..60).contains(&minute) && (0..60).contains(&second);
    (valid && words.next().is_none())
        .then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_dates_round_trip() {
        for secs in [1_793_701_331, 1_704_067_200, 1_704_110_400, 1_704_153_599] {
            assert_eq!(
                parse_date(&zstack_date(secs)),
                Some(secs),
                "{}",
                zstack_date(secs)
            );
        }
        assert_eq!(zstack_date(1_704_067_200), "Jan 1, 2024 12:00:00 AM");
        assert_eq!(zstack_date(1_704_110_400), "Jan 1, 2024 12:00:00 PM");
        assert_eq!(parse_date("2024-01-01"), Some(1_704_067_200));
        assert_eq!(parse_date("1704067200000"), Some(1_704_067_200));
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("Jan 1, 2024 13:00:00 PM"), None);
    }
}

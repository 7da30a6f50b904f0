//! Dates in server-rendered pages, in the event's own zone and the reader's language.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use stammtisch_model::Lang;

const WEEKDAYS_DE: [&str; 7] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "Donnerstag, 3. Dezember 2026, 19:00 Uhr" / "Thursday, 3 December 2026, 19:00"
pub fn long_date_time(time: DateTime<FixedOffset>, zone: &str, lang: Lang) -> String {
    let local = match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => time.with_timezone(&tz).fixed_offset(),
        Err(_) => time,
    };
    let weekday = local.weekday().num_days_from_monday() as usize;
    let month = local.month0() as usize;
    let (day, year, hour, minute) = (local.day(), local.year(), local.hour(), local.minute());
    match lang {
        Lang::De => format!("{}, {day}. {} {year}, {hour:02}:{minute:02} Uhr", WEEKDAYS_DE[weekday], MONTHS_DE[month]),
        Lang::En => format!("{}, {day} {} {year}, {hour:02}:{minute:02}", WEEKDAYS_EN[weekday], MONTHS_EN[month]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_the_event_zone_and_daylight_saving() {
        let winter = DateTime::parse_from_rfc3339("2026-12-03T18:00:00Z").unwrap();
        assert_eq!(long_date_time(winter, "Europe/Berlin", Lang::De), "Donnerstag, 3. Dezember 2026, 19:00 Uhr");
        let summer = DateTime::parse_from_rfc3339("2026-07-02T16:30:00Z").unwrap();
        assert_eq!(long_date_time(summer, "Europe/Berlin", Lang::En), "Thursday, 2 July 2026, 18:30");
    }
}

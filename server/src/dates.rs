//! Dates in server-rendered pages, in the event's own zone and the reader's language.

use chrono::{DateTime, FixedOffset, Timelike};
use stammtisch_model::when::full_day_label;
use stammtisch_model::Lang;

/// "Donnerstag, 3. Dezember 2026, 19:00 Uhr" / "Thursday, December 3, 2026, 19:00": the
/// board's words for the day, with the time on a 24-hour clock as mails and pages write it.
pub fn long_date_time(time: DateTime<FixedOffset>, zone: &str, lang: Lang) -> String {
    let local = match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => time.with_timezone(&tz).fixed_offset(),
        Err(_) => time,
    };
    let day = full_day_label(local.date_naive(), lang);
    let (hour, minute) = (local.hour(), local.minute());
    match lang {
        Lang::De => format!("{day}, {hour:02}:{minute:02} Uhr"),
        Lang::En => format!("{day}, {hour:02}:{minute:02}"),
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
        assert_eq!(long_date_time(summer, "Europe/Berlin", Lang::En), "Thursday, July 2, 2026, 18:30");
    }
}

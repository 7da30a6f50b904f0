//! Dates and times as the board writes them, in German and English.
//!
//! One formatter for the wasm and the server: the server renders the board's first view and
//! the wasm takes it over in place, so both must write every date to the same character. The
//! browser's `Intl` cannot be that formatter (the server has none, and engines differ in
//! spacing and abbreviations), so only the offset of a zone at a moment comes from outside —
//! `Intl` in the browser, the zone database on the server — and the words come from here.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Timelike, Utc};

use crate::Lang;

/// A moment as a clock on the wall shows it in some zone, with that zone's offset then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wall {
    pub time: NaiveDateTime,
    /// Seconds east of UTC.
    pub offset: i32,
}

impl Wall {
    /// `moment` seen `offset` seconds east of UTC.
    pub fn at(moment: DateTime<Utc>, offset: i32) -> Wall {
        Wall { time: moment.naive_utc() + Duration::seconds(i64::from(offset)), offset }
    }

    /// A time as written with its own offset, as feeds carry them.
    pub fn as_written(time: DateTime<FixedOffset>) -> Wall {
        Wall { time: time.naive_local(), offset: time.offset().local_minus_utc() }
    }
}

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
const SHORT_MONTHS_DE: [&str; 12] =
    ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."];
const SHORT_MONTHS_EN: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS_DE: [&str; 7] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const SHORT_WEEKDAYS_DE: [&str; 7] = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."];
const SHORT_WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn month(day: NaiveDate, lang: Lang) -> &'static str {
    let index = day.month0() as usize;
    match lang {
        Lang::De => MONTHS_DE[index],
        Lang::En => MONTHS_EN[index],
    }
}

fn weekday(day: NaiveDate, lang: Lang) -> &'static str {
    let index = day.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::De => WEEKDAYS_DE[index],
        Lang::En => WEEKDAYS_EN[index],
    }
}

fn short_weekday(day: NaiveDate, lang: Lang) -> &'static str {
    let index = day.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::De => SHORT_WEEKDAYS_DE[index],
        Lang::En => SHORT_WEEKDAYS_EN[index],
    }
}

/// "Dezember 2026" / "December 2026"
pub fn month_label(day: NaiveDate, lang: Lang) -> String {
    format!("{} {}", month(day, lang), day.year())
}

/// "Donnerstag, 3. Dezember" / "Thursday, December 3"
pub fn day_label(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{}, {}. {}", weekday(day, lang), day.day(), month(day, lang)),
        Lang::En => format!("{}, {} {}", weekday(day, lang), month(day, lang), day.day()),
    }
}

/// "Donnerstag, 3. Dezember 2026" / "Thursday, December 3, 2026"
pub fn full_day_label(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{} {}", day_label(day, lang), day.year()),
        Lang::En => format!("{}, {}", day_label(day, lang), day.year()),
    }
}

/// "Di., 12. Jan." / "Tue, Jan 12": the later dates of a series.
pub fn short_day(day: NaiveDate, lang: Lang) -> String {
    let index = day.month0() as usize;
    match lang {
        Lang::De => format!("{}, {}. {}", short_weekday(day, lang), day.day(), SHORT_MONTHS_DE[index]),
        Lang::En => format!("{}, {} {}", short_weekday(day, lang), SHORT_MONTHS_EN[index], day.day()),
    }
}

/// "Do., 3. Dezember 2026" / "Thu, December 3, 2026": the date on a card.
pub fn card_day(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{}, {}. {} {}", short_weekday(day, lang), day.day(), month(day, lang), day.year()),
        Lang::En => format!("{}, {} {}, {}", short_weekday(day, lang), month(day, lang), day.day(), day.year()),
    }
}

/// Short weekday names, Monday first: "Mo", "Di", … / "Mon", "Tue", …
pub fn weekday_names(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::De => ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
        Lang::En => SHORT_WEEKDAYS_EN,
    }
}

/// "19:00" / "7:00 PM"
fn clock(time: NaiveDateTime, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{:02}:{:02}", time.hour(), time.minute()),
        Lang::En => {
            let (pm, hour) = time.hour12();
            format!("{hour}:{:02}\u{a0}{}", time.minute(), if pm { "PM" } else { "AM" })
        }
    }
}

/// Zones that use Central, Western or Eastern European time, for the German abbreviations.
const CENTRAL_EUROPE: &[&str] = &[
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Prague",
    "Europe/Warsaw",
    "Europe/Budapest",
    "Europe/Copenhagen",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Vaduz",
    "Europe/Monaco",
    "Europe/Malta",
    "Europe/Ljubljana",
    "Europe/Zagreb",
    "Europe/Belgrade",
    "Europe/Bratislava",
    "Europe/Sarajevo",
    "Europe/Skopje",
    "Europe/Podgorica",
    "Europe/Tirane",
    "Europe/Andorra",
    "Europe/San_Marino",
    "Europe/Vatican",
    "Europe/Gibraltar",
    "Europe/Busingen",
    "CET",
];
const WESTERN_EUROPE: &[&str] = &["Europe/Lisbon", "Atlantic/Canary", "Atlantic/Madeira", "Atlantic/Faroe", "WET"];
const EASTERN_EUROPE: &[&str] = &[
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Kyiv",
    "Europe/Kiev",
    "Europe/Bucharest",
    "Europe/Sofia",
    "Europe/Riga",
    "Europe/Tallinn",
    "Europe/Vilnius",
    "Europe/Chisinau",
    "Asia/Nicosia",
    "EET",
];
/// US zones by standard offset in hours, for the English abbreviations.
const US_ZONES: &[(&str, i32, &str, &str)] = &[
    ("America/New_York", -5, "EST", "EDT"),
    ("America/Detroit", -5, "EST", "EDT"),
    ("America/Toronto", -5, "EST", "EDT"),
    ("America/Chicago", -6, "CST", "CDT"),
    ("America/Denver", -7, "MST", "MDT"),
    ("America/Phoenix", -7, "MST", "MDT"),
    ("America/Los_Angeles", -8, "PST", "PDT"),
    ("America/Vancouver", -8, "PST", "PDT"),
];

/// The zone's short name at an offset: "MEZ", "MESZ", "EST", "UTC", else "GMT+1", "GMT-5:30".
pub fn zone_abbreviation(zone: &str, offset: i32, lang: Lang) -> String {
    if matches!(zone, "UTC" | "Etc/UTC" | "Etc/Universal" | "Universal" | "Zulu") {
        return "UTC".to_owned();
    }
    let hours = offset as f64 / 3600.0;
    if lang == Lang::De {
        let named = [
            (CENTRAL_EUROPE, 1.0, "MEZ", "MESZ"),
            (WESTERN_EUROPE, 0.0, "WEZ", "WESZ"),
            (EASTERN_EUROPE, 2.0, "OEZ", "OESZ"),
        ];
        for (zones, standard, winter, summer) in named {
            if zones.contains(&zone) {
                if hours == standard {
                    return winter.to_owned();
                }
                if hours == standard + 1.0 {
                    return summer.to_owned();
                }
            }
        }
    } else if let Some((_, standard, winter, summer)) = US_ZONES.iter().find(|(name, ..)| *name == zone) {
        if offset == standard * 3600 {
            return (*winter).to_owned();
        }
        if offset == (standard + 1) * 3600 {
            return (*summer).to_owned();
        }
    }
    gmt_offset(offset)
}

fn gmt_offset(offset: i32) -> String {
    if offset == 0 {
        return "GMT".to_owned();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    match minutes % 60 {
        0 => format!("GMT{sign}{}", minutes / 60),
        rest => format!("GMT{sign}{}:{rest:02}", minutes / 60),
    }
}

/// Starts at midnight and lasts whole days (or has no end): shown without times.
pub fn is_all_day(start: Wall, end: Option<Wall>) -> bool {
    let midnight = |wall: Wall| wall.time.hour() == 0 && wall.time.minute() == 0 && wall.time.second() == 0;
    midnight(start) && end.is_none_or(|end| midnight(end) && end.time > start.time)
}

/// An event's time: "Do., 3. Dezember 2026, 19:00–22:00 Uhr MEZ",
/// "Thu, December 3, 2026, 7:00 PM – 10:00 PM GMT+1"; an end on another day names both days,
/// an all-day event only its days. `zone` names the abbreviation.
pub fn time_range(start: Wall, end: Option<Wall>, zone: &str, lang: Lang) -> String {
    let end = end.filter(|end| end.time > start.time);
    if is_all_day(start, end) {
        let first = start.time.date();
        // An all-day end is the midnight after the last day.
        let last = end.map_or(first, |end| (end.time - Duration::days(1)).date()).max(first);
        return if last == first {
            card_day(first, lang)
        } else {
            format!("{} – {}", card_day(first, lang), card_day(last, lang))
        };
    }
    let day = card_day(start.time.date(), lang);
    let zone_at = |wall: Wall| zone_abbreviation(zone, wall.offset, lang);
    let from = clock(start.time, lang);
    match (end, lang) {
        (None, Lang::De) => format!("{day}, {from} Uhr {}", zone_at(start)),
        (None, Lang::En) => format!("{day}, {from} {}", zone_at(start)),
        (Some(end), _) if end.time.date() == start.time.date() && end.offset == start.offset => {
            let to = clock(end.time, lang);
            match lang {
                Lang::De => format!("{day}, {from}–{to} Uhr {}", zone_at(start)),
                Lang::En => format!("{day}, {from} – {to} {}", zone_at(start)),
            }
        }
        (Some(end), _) => {
            let until = format!("{}, {}", card_day(end.time.date(), lang), clock(end.time, lang));
            match lang {
                Lang::De => format!("{day}, {from} Uhr {} – {until} Uhr {}", zone_at(start), zone_at(end)),
                Lang::En => format!("{day}, {from} {} – {until} {}", zone_at(start), zone_at(end)),
            }
        }
    }
}

/// "29. November, 14:05" / "November 29, 2:05 PM": moments like "last updated".
pub fn short_moment(wall: Wall, lang: Lang) -> String {
    let day = wall.time.date();
    match lang {
        Lang::De => format!("{}. {}, {}", day.day(), month(day, lang), clock(wall.time, lang)),
        Lang::En => format!("{} {}, {}", month(day, lang), day.day(), clock(wall.time, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall(text: &str) -> Wall {
        Wall::as_written(DateTime::parse_from_rfc3339(text).expect("a time"))
    }

    #[test]
    fn an_evening_in_berlin() {
        let (start, end) = (wall("2026-12-03T19:00:00+01:00"), Some(wall("2026-12-03T22:00:00+01:00")));
        assert_eq!(time_range(start, end, "Europe/Berlin", Lang::De), "Do., 3. Dezember 2026, 19:00–22:00 Uhr MEZ");
        assert_eq!(
            time_range(start, end, "Europe/Berlin", Lang::En),
            "Thu, December 3, 2026, 7:00\u{a0}PM – 10:00\u{a0}PM GMT+1"
        );
    }

    #[test]
    fn summer_time_and_us_zones_have_their_names() {
        let summer = wall("2026-07-03T09:30:00+02:00");
        assert_eq!(time_range(summer, None, "Europe/Vienna", Lang::De), "Fr., 3. Juli 2026, 09:30 Uhr MESZ");
        let new_york = wall("2026-12-03T11:00:00-05:00");
        assert_eq!(
            time_range(new_york, None, "America/New_York", Lang::En),
            "Thu, December 3, 2026, 11:00\u{a0}AM EST"
        );
        assert_eq!(time_range(new_york, None, "America/New_York", Lang::De), "Do., 3. Dezember 2026, 11:00 Uhr GMT-5");
        let india = wall("2026-12-03T09:00:00+05:30");
        assert_eq!(zone_abbreviation("Asia/Kolkata", india.offset, Lang::En), "GMT+5:30");
        assert_eq!(zone_abbreviation("Etc/UTC", 0, Lang::De), "UTC");
        assert_eq!(zone_abbreviation("Europe/London", 0, Lang::En), "GMT");
    }

    #[test]
    fn past_midnight_names_both_days() {
        let (start, end) = (wall("2026-12-03T19:00:00+01:00"), Some(wall("2026-12-04T01:00:00+01:00")));
        assert_eq!(
            time_range(start, end, "Europe/Berlin", Lang::De),
            "Do., 3. Dezember 2026, 19:00 Uhr MEZ – Fr., 4. Dezember 2026, 01:00 Uhr MEZ"
        );
    }

    #[test]
    fn all_day_events_show_days_only() {
        let start = wall("2026-12-03T00:00:00+01:00");
        assert!(is_all_day(start, None));
        assert_eq!(
            time_range(start, Some(wall("2026-12-04T00:00:00+01:00")), "Europe/Berlin", Lang::De),
            "Do., 3. Dezember 2026"
        );
        assert_eq!(
            time_range(start, Some(wall("2026-12-06T00:00:00+01:00")), "Europe/Berlin", Lang::En),
            "Thu, December 3, 2026 – Sat, December 5, 2026"
        );
        assert!(!is_all_day(start, Some(start)));
    }

    #[test]
    fn days_and_months() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).expect("a day");
        assert_eq!(month_label(day, Lang::De), "Dezember 2026");
        assert_eq!(day_label(day, Lang::De), "Donnerstag, 3. Dezember");
        assert_eq!(day_label(day, Lang::En), "Thursday, December 3");
        assert_eq!(full_day_label(day, Lang::En), "Thursday, December 3, 2026");
        assert_eq!(short_day(day, Lang::De), "Do., 3. Dez.");
        assert_eq!(short_day(day, Lang::En), "Thu, Dec 3");
        assert_eq!(short_moment(wall("2026-11-29T14:05:00+01:00"), Lang::En), "November 29, 2:05\u{a0}PM");
        assert_eq!(Wall::at(wall("2026-12-03T19:00:00+01:00").time.and_utc(), 3600).time.hour(), 20);
    }
}

//! Dates and times as the organizer reads them, through the browser's `Intl`.

use chrono::{DateTime, FixedOffset, Utc};
use stammtisch_model::{Event, Lang};

use crate::intl::{formatter, js_date};

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or(DateTime::UNIX_EPOCH)
}

const EVENT_TIME: [(&str, &str); 7] = [
    ("weekday", "short"),
    ("day", "numeric"),
    ("month", "short"),
    ("year", "numeric"),
    ("hour", "2-digit"),
    ("minute", "2-digit"),
    ("timeZoneName", "short"),
];
const MOMENT: [(&str, &str); 5] =
    [("day", "numeric"), ("month", "short"), ("year", "numeric"), ("hour", "2-digit"), ("minute", "2-digit")];
const DAY: [(&str, &str); 3] = [("day", "numeric"), ("month", "short"), ("year", "numeric")];

fn millis(time: DateTime<FixedOffset>) -> i64 {
    time.timestamp_millis()
}

/// "Do., 7. Jan. 2027, 19:00–22:00 MEZ" in the event's own zone (the viewer's when the
/// browser does not know it).
pub fn event_when(event: &Event, lang: Lang) -> String {
    let zone = Some(event.time_zone.as_str()).filter(|z| !z.is_empty());
    let format = formatter(lang.tag(), &EVENT_TIME, zone).or_else(|| formatter(lang.tag(), &EVENT_TIME, None));
    let Some(format) = format else { return event.starts_at.to_rfc3339() };
    let start = js_date(millis(event.starts_at));
    match event.ends_at.filter(|end| *end > event.starts_at) {
        Some(end) => format.format_range(&start, &js_date(millis(end))),
        None => format.format(&start),
    }
    .unwrap_or_else(|_| event.starts_at.to_rfc3339())
}

fn viewer(time: DateTime<FixedOffset>, lang: Lang, fields: &[(&str, &str)]) -> String {
    formatted(time, lang, fields, None)
}

fn formatted(time: DateTime<FixedOffset>, lang: Lang, fields: &[(&str, &str)], zone: Option<&str>) -> String {
    formatter(lang.tag(), fields, zone)
        .or_else(|| formatter(lang.tag(), fields, None))
        .and_then(|format| format.format(&js_date(millis(time))).ok())
        .unwrap_or_else(|| time.to_rfc3339())
}

/// "7. Jan. 2027, 19:00" in the viewer's zone: when something happened on the server.
pub fn moment(time: DateTime<FixedOffset>, lang: Lang) -> String {
    viewer(time, lang, &MOMENT)
}

/// "6. Jan. 2027, 12:00" in the event's zone: an event's own moments, like its RSVP deadline.
pub fn moment_in(time: DateTime<FixedOffset>, zone: &str, lang: Lang) -> String {
    formatted(time, lang, &MOMENT, Some(zone).filter(|z| !z.is_empty()))
}

/// "7. Jan. 2027" in the viewer's zone.
pub fn day(time: DateTime<FixedOffset>, lang: Lang) -> String {
    viewer(time, lang, &DAY)
}

//! Dates through the browser's `Intl`, so no time-zone data ships with the widget.

use std::cell::RefCell;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use js_sys::{Date, Object, Reflect};
use stammtisch_model::{Event, Lang};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    #[derive(Clone)]
    type IntlDateTimeFormat;

    /// Throws a RangeError for a time zone the browser does not know.
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locale: &str, options: &Object) -> Result<IntlDateTimeFormat, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn format(this: &IntlDateTimeFormat, date: &Date) -> Result<String, JsValue>;

    #[wasm_bindgen(method, js_name = resolvedOptions)]
    fn resolved_options(this: &IntlDateTimeFormat) -> Object;

    #[wasm_bindgen(method, js_name = formatRange, catch)]
    fn format_range(this: &IntlDateTimeFormat, start: &Date, end: &Date) -> Result<String, JsValue>;
}

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Date::now() as i64).unwrap_or(DateTime::UNIX_EPOCH)
}

fn js_date(time: DateTime<FixedOffset>) -> Date {
    Date::new(&JsValue::from_f64(time.timestamp_millis() as f64))
}

thread_local! {
    /// Formatters by locale, fields and zone. Building an `Intl.DateTimeFormat` costs far more
    /// than using one, and a board of thousands of events needs only a handful of them.
    /// A short list, searched in order: a hash map would add more code to the wasm than it saves.
    static FORMATTERS: RefCell<Vec<(String, Option<IntlDateTimeFormat>)>> = const { RefCell::new(Vec::new()) };
}

fn intl(lang: &str, fields: &[(&str, &str)], zone: Option<&str>) -> Option<IntlDateTimeFormat> {
    let mut key = String::with_capacity(64);
    for part in [lang, zone.unwrap_or("")].into_iter().chain(fields.iter().flat_map(|(k, v)| [*k, *v])) {
        key.push_str(part);
        key.push('|');
    }
    FORMATTERS.with(|cache| {
        if let Some((_, format)) = cache.borrow().iter().find(|(k, _)| *k == key) {
            return format.clone();
        }
        let options = Object::new();
        for (key, value) in fields.iter().copied().chain(zone.map(|z| ("timeZone", z))) {
            let _ = Reflect::set(&options, &key.into(), &value.into());
        }
        let format = IntlDateTimeFormat::new(lang, &options).ok();
        cache.borrow_mut().push((key, format.clone()));
        format
    })
}

const DATE_AND_TIME: [(&str, &str); 7] = [
    ("weekday", "short"),
    ("day", "numeric"),
    ("month", "long"),
    ("year", "numeric"),
    ("hour", "2-digit"),
    ("minute", "2-digit"),
    ("timeZoneName", "short"),
];
const DATE_ONLY: [(&str, &str); 4] = [("weekday", "short"), ("day", "numeric"), ("month", "long"), ("year", "numeric")];

/// The calendar day of `time` in `zone` (the viewer's when `None`).
pub fn local_day(time: DateTime<FixedOffset>, zone: Option<&str>) -> Option<NaiveDate> {
    let format = intl("en-CA", &[("year", "numeric"), ("month", "2-digit"), ("day", "2-digit")], zone)?;
    let text = format.format(&js_date(time)).ok()?;
    // "2026-12-03", read by hand: chrono's parser would grow the widget.
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Today in the viewer's zone.
pub fn today() -> NaiveDate {
    local_day(now().fixed_offset(), None).unwrap_or_else(|| now().date_naive())
}

/// A calendar day as a `Date` at noon UTC, formatted in UTC: no zone can move it to another day.
fn format_day(day: NaiveDate, lang: Lang, fields: &[(&str, &str)]) -> String {
    let noon = day.and_hms_opt(12, 0, 0).map(|t| t.and_utc().fixed_offset());
    noon.and_then(|noon| intl(lang.tag(), fields, Some("UTC"))?.format(&js_date(noon)).ok())
        .unwrap_or_else(|| day.to_string())
}

/// "Dezember 2026"
pub fn month_label(day: NaiveDate, lang: Lang) -> String {
    format_day(day, lang, &[("month", "long"), ("year", "numeric")])
}

/// "Donnerstag, 3. Dezember"
pub fn day_label(day: NaiveDate, lang: Lang) -> String {
    format_day(day, lang, &[("weekday", "long"), ("day", "numeric"), ("month", "long")])
}

/// "Di., 12. Jan." / "Tue, Jan 12": the later dates of a series.
pub fn short_day(day: NaiveDate, lang: Lang) -> String {
    format_day(day, lang, &[("weekday", "short"), ("day", "numeric"), ("month", "short")])
}

/// "Donnerstag, 3. Dezember 2026", for screen readers in the month grid.
pub fn full_day_label(day: NaiveDate, lang: Lang) -> String {
    format_day(day, lang, &[("weekday", "long"), ("day", "numeric"), ("month", "long"), ("year", "numeric")])
}

/// Short weekday names, Monday first: "Mo.", "Di.", … / "Mon", "Tue", …
pub fn weekday_names(lang: Lang) -> Vec<String> {
    let monday = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a Monday");
    (0..7).map(|n| format_day(monday + chrono::Days::new(n), lang, &[("weekday", "short")])).collect()
}

/// Starts at midnight in its zone and lasts whole days (or has no end): shown without times.
pub fn is_all_day(event: &Event) -> bool {
    let clock = |time| {
        intl("en-GB", &[("hour", "2-digit"), ("minute", "2-digit"), ("hourCycle", "h23")], Some(&event.time_zone))
            .and_then(|f| f.format(&js_date(time)).ok())
    };
    let whole_days = event.ends_at.is_none_or(|end| (end - event.starts_at).num_seconds() % 86_400 == 0);
    clock(event.starts_at).as_deref() == Some("00:00") && whole_days && event.ends_at != Some(event.starts_at)
}

/// "29. November, 14:05" in the viewer's zone, for moments like "last updated".
pub fn short_time(millis: f64, lang: Lang) -> String {
    let date = Date::new(&JsValue::from_f64(millis));
    intl(lang.tag(), &[("day", "numeric"), ("month", "long"), ("hour", "2-digit"), ("minute", "2-digit")], None)
        .and_then(|format| format.format(&date).ok())
        .unwrap_or_else(|| String::from(date.to_iso_string()))
}

thread_local! {
    /// The viewer's zone does not change while the page is open; a board of thousands of
    /// events would otherwise ask `Intl` once per card.
    static VIEWER_ZONE: std::cell::OnceCell<Option<String>> = const { std::cell::OnceCell::new() };
}

/// The viewer's own time zone, as the browser reports it.
fn viewer_zone() -> Option<String> {
    VIEWER_ZONE.with(|zone| zone.get_or_init(ask_viewer_zone).clone())
}

fn ask_viewer_zone() -> Option<String> {
    let format = intl("en", &[], None)?;
    Reflect::get(&format.resolved_options(), &"timeZone".into()).ok()?.as_string()
}

/// The event's time in the viewer's zone, when that differs from the event's.
pub fn viewer_time(event: &Event, lang: Lang) -> Option<String> {
    let viewer = viewer_zone()?;
    if viewer == event.time_zone || is_all_day(event) {
        return None;
    }
    format_range(event, lang, Some(&viewer))
}

fn format_range(event: &Event, lang: Lang, zone: Option<&str>) -> Option<String> {
    let all_day = is_all_day(event);
    let format = intl(lang.tag(), if all_day { &DATE_ONLY } else { &DATE_AND_TIME }, zone)?;
    let start = js_date(event.starts_at);
    // An all-day end is the midnight after the last day.
    let end = event.ends_at.filter(|end| *end > event.starts_at).map(|end| {
        if all_day {
            end - chrono::Duration::milliseconds(1)
        } else {
            end
        }
    });
    match end {
        Some(end) => format.format_range(&start, &js_date(end)),
        None => format.format(&start),
    }
    .ok()
}

/// "Do., 3. Dezember 2026, 19:00–22:00 MEZ" in the event's own zone; an end on another day
/// shows both dates. An unknown zone falls back to the viewer's.
pub fn event_time(event: &Event, lang: Lang) -> String {
    format_range(event, lang, Some(&event.time_zone))
        .or_else(|| format_range(event, lang, None))
        .unwrap_or_else(|| event.starts_at.to_rfc3339())
}

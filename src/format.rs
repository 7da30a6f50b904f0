//! Dates through the browser's `Intl`, so no time-zone data ships with the widget.

use chrono::{DateTime, FixedOffset, Utc};
use js_sys::{Date, Object, Reflect};
use stammtisch_model::{Event, Lang};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
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

fn options(time_zone: Option<&str>) -> Object {
    let options = Object::new();
    let set = |key: &str, value: &str| {
        let _ = Reflect::set(&options, &key.into(), &value.into());
    };
    set("weekday", "short");
    set("day", "numeric");
    set("month", "long");
    set("year", "numeric");
    set("hour", "2-digit");
    set("minute", "2-digit");
    set("timeZoneName", "short");
    if let Some(zone) = time_zone {
        set("timeZone", zone);
    }
    options
}

/// "29. November, 14:05" in the viewer's zone, for moments like "last updated".
pub fn short_time(millis: f64, lang: Lang) -> String {
    let options = Object::new();
    for (key, value) in [("day", "numeric"), ("month", "long"), ("hour", "2-digit"), ("minute", "2-digit")] {
        let _ = Reflect::set(&options, &key.into(), &value.into());
    }
    let date = Date::new(&JsValue::from_f64(millis));
    IntlDateTimeFormat::new(lang.tag(), &options)
        .and_then(|format| format.format(&date))
        .unwrap_or_else(|_| String::from(date.to_iso_string()))
}

/// The viewer's own time zone, as the browser reports it.
pub fn viewer_zone() -> Option<String> {
    let format = IntlDateTimeFormat::new("en", &Object::new()).ok()?;
    Reflect::get(&format.resolved_options(), &"timeZone".into()).ok()?.as_string()
}

/// The event's time in the viewer's zone, when that differs from the event's.
pub fn viewer_time(event: &Event, lang: Lang) -> Option<String> {
    let viewer = viewer_zone()?;
    if viewer == event.time_zone {
        return None;
    }
    format_range(event, lang, Some(&viewer))
}

fn format_range(event: &Event, lang: Lang, zone: Option<&str>) -> Option<String> {
    let format = IntlDateTimeFormat::new(lang.tag(), &options(zone)).ok()?;
    let start = js_date(event.starts_at);
    match event.ends_at.filter(|end| *end > event.starts_at) {
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

//! Zone offsets through the browser's `Intl`, so no time-zone data ships with the widget.

use std::cell::RefCell;

use chrono::{DateTime, NaiveDate, Utc};
use js_sys::{Date, Object, Reflect};
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
}

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Date::now() as i64).unwrap_or(DateTime::UNIX_EPOCH)
}

thread_local! {
    /// One formatter per zone: building an `Intl.DateTimeFormat` costs far more than using
    /// one, and a board of thousands of events needs only a handful. A short list searched
    /// in order: a hash map would add more code to the wasm than it saves.
    static FORMATTERS: RefCell<Vec<(String, Option<IntlDateTimeFormat>)>> = const { RefCell::new(Vec::new()) };
}

/// A formatter that writes the wall clock of `zone` (the viewer's when empty) as numbers.
fn wall_clock(zone: &str) -> Option<IntlDateTimeFormat> {
    FORMATTERS.with(|cache| {
        if let Some((_, format)) = cache.borrow().iter().find(|(k, _)| k == zone) {
            return format.clone();
        }
        let options = Object::new();
        let fields = [
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
            ("hour", "numeric"),
            ("minute", "numeric"),
            ("second", "numeric"),
            ("hourCycle", "h23"),
        ];
        for (key, value) in fields.into_iter().chain((!zone.is_empty()).then_some(("timeZone", zone))) {
            let _ = Reflect::set(&options, &key.into(), &value.into());
        }
        let format = IntlDateTimeFormat::new("en-US", &options).ok();
        cache.borrow_mut().push((zone.to_owned(), format.clone()));
        format
    })
}

/// Seconds east of UTC in `zone` (the viewer's when `None`) at `at`.
pub fn offset(zone: Option<&str>, at: DateTime<Utc>) -> Option<i32> {
    let format = wall_clock(zone.unwrap_or(""))?;
    let millis = at.timestamp_millis();
    let text = format.format(&Date::new(&JsValue::from_f64(millis as f64))).ok()?;
    // "12/3/2026, 19:00:00", read by hand: chrono's parser would grow the widget.
    let mut numbers = text.split(|c: char| !c.is_ascii_digit()).filter(|part| !part.is_empty()).map(str::parse::<u32>);
    let mut next = || numbers.next()?.ok();
    let (month, day, year, hour, minute, second) = (next()?, next()?, next()?, next()?, next()?, next()?);
    let wall =
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?.and_hms_opt(hour % 24, minute, second)?;
    // The formatter cuts the moment's milliseconds; offsets are whole minutes.
    let seconds = wall.and_utc().timestamp() - at.timestamp();
    i32::try_from((seconds as f64 / 60.0).round() as i64 * 60).ok()
}

thread_local! {
    /// The viewer's zone does not change while the page is open.
    static VIEWER_ZONE: std::cell::OnceCell<Option<String>> = const { std::cell::OnceCell::new() };
}

/// The viewer's own time zone, as the browser reports it.
pub fn viewer_zone() -> Option<String> {
    VIEWER_ZONE.with(|zone| {
        zone.get_or_init(|| {
            let format = wall_clock("")?;
            Reflect::get(&format.resolved_options(), &"timeZone".into()).ok()?.as_string()
        })
        .clone()
    })
}

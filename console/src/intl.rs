//! The browser's `Intl.DateTimeFormat`: the console ships no time-zone data of its own.

use std::cell::RefCell;

use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    #[derive(Clone)]
    pub type DateTimeFormat;

    /// Throws a RangeError for a time zone the browser does not know.
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locale: &str, options: &Object) -> Result<DateTimeFormat, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn format(this: &DateTimeFormat, date: &Date) -> Result<String, JsValue>;

    #[wasm_bindgen(method, js_name = formatRange, catch)]
    pub fn format_range(this: &DateTimeFormat, start: &Date, end: &Date) -> Result<String, JsValue>;

    #[wasm_bindgen(method, js_name = formatToParts, catch)]
    fn format_to_parts(this: &DateTimeFormat, date: &Date) -> Result<Array, JsValue>;

    #[wasm_bindgen(method, js_name = resolvedOptions)]
    fn resolved_options(this: &DateTimeFormat) -> Object;
}

thread_local! {
    /// Formatters by locale, zone and fields: building one costs far more than using it, and
    /// the event list needs the same few for every row.
    static FORMATTERS: RefCell<Vec<(String, DateTimeFormat)>> = const { RefCell::new(Vec::new()) };
}

/// A formatter for `locale` with `fields`, in `zone` (the viewer's when `None`); `None` when
/// the browser does not know the zone. Failures are not cached: they are rare and cheap.
pub fn formatter(locale: &str, fields: &[(&str, &str)], zone: Option<&str>) -> Option<DateTimeFormat> {
    let mut key = format!("{locale}|{}", zone.unwrap_or(""));
    for (name, value) in fields {
        key.push_str(&format!("|{name}={value}"));
    }
    FORMATTERS.with(|cache| {
        if let Some((_, format)) = cache.borrow().iter().find(|(k, _)| *k == key) {
            return Some(format.clone());
        }
        let options = Object::new();
        for (name, value) in fields.iter().copied().chain(zone.map(|z| ("timeZone", z))) {
            let _ = Reflect::set(&options, &name.into(), &value.into());
        }
        let format = DateTimeFormat::new(locale, &options).ok()?;
        cache.borrow_mut().push((key, format.clone()));
        Some(format)
    })
}

impl DateTimeFormat {
    /// The `(type, value)` pairs of `formatToParts`, e.g. `("hour", "19")`.
    pub fn parts(&self, date: &Date) -> Vec<(String, String)> {
        let Ok(parts) = self.format_to_parts(date) else { return Vec::new() };
        parts
            .iter()
            .filter_map(|part| {
                let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
                let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
                Some((kind, value))
            })
            .collect()
    }

    /// The zone's name as the browser spells it, e.g. `Europe/Berlin` for `europe/berlin`.
    pub fn zone_name(&self) -> Option<String> {
        Reflect::get(&self.resolved_options(), &"timeZone".into()).ok()?.as_string()
    }
}

pub fn js_date(millis: i64) -> Date {
    Date::new(&JsValue::from_f64(millis as f64))
}

//! JSON in the widget. The browser reads and writes the text (`JSON.parse`, `JSON.stringify`);
//! serde-wasm-bindgen turns the browser's values into the model's types and back. serde_json's
//! reader and writer are not in the wasm: they cost every visitor's download more than this
//! (`bench/RESULTS.md`, "The lean widget, fifth step").

use js_sys::{Array, JsString, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use stammtisch_model::{feed_of, Event, FeedError, FeedHead, ParsedFeed, RsvpRequest};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on text the browser holds: it is never copied into the wasm.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_text(text: &JsString) -> Result<JsValue, JsValue>;
}

/// A browser value as `T`; `None` when it does not fit.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}

/// JSON text as `T`; `None` when it is not JSON or does not fit.
pub fn parse<T: DeserializeOwned>(text: &JsString) -> Option<T> {
    from_js(parse_text(text).ok()?)
}

/// `value` as JSON text, as serde_json would write it: maps as objects, `None` as `null`.
/// Maps are written with `object[key] = value`, which loses a key `__proto__`: see `rsvp_text`.
pub fn to_text<T: Serialize>(value: &T) -> Option<String> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// An RSVP as JSON text. Its answers are keyed by the organizer's question ids, and `__proto__`
/// is a valid one (`[a-z0-9_]{1,32}`): set as `object[key]`, a browser would take it for the
/// object's prototype and drop the answer, so the answers are made with `Object.fromEntries`.
pub fn rsvp_text(rsvp: &RsvpRequest) -> Option<String> {
    let json = serde_wasm_bindgen::Serializer::json_compatible();
    let value = rsvp.serialize(&json).ok()?;
    let entries = Array::new();
    for (id, answer) in &rsvp.answers {
        entries.push(&Array::of2(&JsValue::from_str(id), &answer.serialize(&json).ok()?));
    }
    let answers = Object::from_entries(&entries).ok()?;
    Reflect::set(&value, &JsValue::from_str("answers"), &answers).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// Reads a feed as the model's `parse_feed` does: unknown fields are ignored, and an event
/// that cannot be read is skipped and counted instead of failing the whole board.
pub fn read_feed(text: &JsString) -> Result<ParsedFeed, FeedError> {
    let malformed = |why: String| FeedError::Malformed(why);
    let value = parse_text(text).map_err(|_| malformed("not JSON".into()))?;
    // Only informative: a `generated_at` that is not text at all reads as missing, like an
    // unreadable one, instead of costing the feed.
    let stamp = JsValue::from_str("generated_at");
    if value.is_object() && !Reflect::get(&value, &stamp).is_ok_and(|at| at.is_string()) {
        let _ = Reflect::delete_property(value.unchecked_ref::<Object>(), &stamp);
    }
    let head: FeedHead = serde_wasm_bindgen::from_value(value.clone()).map_err(|e| malformed(e.to_string()))?;
    let events = Reflect::get(&value, &JsValue::from_str("events")).unwrap_or(JsValue::UNDEFINED);
    if !Array::is_array(&events) {
        return Err(malformed("no list of events".into()));
    }
    let events: Array = events.unchecked_into();
    Ok(feed_of(head, (0..events.length()).map(|at| from_js::<Event>(events.get(at)))))
}

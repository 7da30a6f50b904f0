//! Calendar files written from any event text: valid RFC 5545 lines that a calendar parser
//! reads back, with the title intact and nothing that starts a property of its own.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component};
use libfuzzer_sys::fuzz_target;
use stammtisch_model::{ics, Event};

#[derive(Arbitrary, Debug)]
struct Input {
    title: String,
    summary: Option<String>,
    description: Option<String>,
    place: Option<String>,
    city: Option<String>,
    online_url: Option<String>,
    url: Option<String>,
    tags: Vec<String>,
    /// Seconds from 1970, kept within years 1970–9999.
    start: u32,
    minutes: u16,
}

fuzz_target!(|input: Input| {
    if input.title.trim().is_empty() {
        return;
    }
    let start = DateTime::<Utc>::from_timestamp(i64::from(input.start) * 60, 0).expect("in range");
    let event = serde_json::json!({
        "id": "fuzz", "title": input.title, "kind": "meetup",
        "starts_at": start.to_rfc3339(),
        "ends_at": (start + chrono::Duration::minutes(i64::from(input.minutes))).to_rfc3339(),
        "time_zone": "Europe/Berlin", "summary": input.summary, "description": input.description,
        "location": {"name": input.place, "city": input.city, "online_url": input.online_url},
        "url": input.url, "tags": input.tags,
    });
    let event: Event = serde_json::from_value(event).expect("an event from plain values");
    let text = ics::calendar(std::slice::from_ref(&event), None, "board.example.com", start);

    assert!(text.ends_with("\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line:?}");
        assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "no control characters: {line:?}");
    }
    let unfolded = text.replace("\r\n ", "");
    let names: Vec<&str> = unfolded.split_terminator("\r\n").map(|l| l.split([':', ';']).next().unwrap_or("")).collect();
    let known = ["BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY",
        "DESCRIPTION", "LOCATION", "URL", "CATEGORIES", "STATUS"];
    assert!(names.iter().all(|n| known.contains(n)), "only our own properties: {names:?}");
    assert_eq!(names.iter().filter(|n| **n == "SUMMARY").count(), 1);

    let calendar: Calendar = text.parse().expect("a calendar parser reads it");
    let events: Vec<_> = calendar.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 1);
    let expected: String = event.title.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
    assert_eq!(events[0].get_summary().map(str::trim), Some(expected.trim()));
});

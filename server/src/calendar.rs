//! iCalendar for one event or the whole board (docs/API.md §4), written by the model crate's
//! writer that the widget uses too.

use chrono::Utc;
use stammtisch_model::{ics, Board, Event};

/// The host part of the public URL: with the event id, a UID that stays stable across
/// downloads, so a re-import updates instead of duplicating.
pub(crate) fn uid_host(public_url: &str) -> &str {
    public_url.split("://").nth(1).unwrap_or(public_url).trim_end_matches('/')
}

/// One VEVENT in its own calendar.
pub fn event_calendar(event: &Event, public_url: &str) -> String {
    ics::calendar(std::slice::from_ref(event), None, uid_host(public_url), Utc::now())
}

/// Every given event, as a calendar people can subscribe to.
pub fn board_calendar(board: &Board, events: &[Event], public_url: &str) -> String {
    ics::calendar(events, Some(board), uid_host(public_url), Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::{Calendar, Component, EventLike};

    fn event() -> Event {
        let feed = r#"{"events": [{
            "id": "stammtisch", "title": "IT-Stammtisch; Hannover, mit Umlauten: Köln",
            "starts_at": "2026-12-03T19:00:00+01:00", "ends_at": "2026-12-03T22:00:00+01:00",
            "summary": "Kurz.", "description": "Erste Zeile\nzweite Zeile, die lang genug ist, um gefaltet zu werden: läng läng läng läng läng",
            "location": {"name": "Café am Kröpcke", "city": "Hannover"}, "url": "https://example.com/x"
        }]}"#;
        stammtisch_model::parse_feed(feed).unwrap().feed.events.remove(0)
    }

    #[test]
    fn an_independent_parser_reads_what_we_write() {
        let text = event_calendar(&event(), "https://board.example.com");
        assert!(text.contains("UID:stammtisch@board.example.com"));
        let parsed: Calendar = text.parse().expect("valid iCalendar");
        let parsed_event = parsed.events().next().expect("one VEVENT").clone();
        assert_eq!(parsed_event.get_summary(), Some("IT-Stammtisch; Hannover, mit Umlauten: Köln"));
        assert_eq!(parsed_event.get_location(), Some("Café am Kröpcke, Hannover"));
        let description = parsed_event.get_description().unwrap();
        assert!(description.starts_with("Kurz.\n\nErste Zeile\nzweite Zeile, die lang"), "{description}");
        assert!(description.ends_with("https://example.com/x"));
    }
}

//! iCalendar for one event or the whole board (docs/API.md §4), written by the model crate's
//! writer that the widget uses too.

use chrono::Utc;
use stammtisch_model::{ics, Board, Event};

/// The board's identity in calendar UIDs (`{event id}@{identity}`): the host of its public
/// URL, or without one a name made from its database, never the address it listens on, which
/// changes with a restart and would double every event in a subscriber's calendar.
pub(crate) fn uid_host(public_url: Option<&str>, database: &str) -> String {
    match public_url.map(str::trim).filter(|url| !url.is_empty()) {
        Some(url) => url.split("://").nth(1).unwrap_or(url).trim_end_matches('/').to_owned(),
        None => format!("board-{}.stammtisch.invalid", crate::token::short_hash(database.trim())),
    }
}

/// One VEVENT in its own calendar.
pub fn event_calendar(event: &Event, uid_host: &str) -> String {
    ics::calendar(std::slice::from_ref(event), None, uid_host, Utc::now())
}

/// Every given event, as a calendar people can subscribe to.
pub fn board_calendar(board: &Board, events: &[Event], uid_host: &str) -> String {
    ics::calendar(events, Some(board), uid_host, Utc::now())
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
    fn uids_stay_the_same_across_restarts_and_addresses() {
        assert_eq!(uid_host(Some("https://board.example.com/"), "sqlite://a.db"), "board.example.com");
        let without_url = uid_host(None, "sqlite://stammtisch.db");
        assert_eq!(without_url, uid_host(Some(" "), "sqlite://stammtisch.db"));
        assert!(without_url.starts_with("board-") && without_url.ends_with(".stammtisch.invalid"), "{without_url}");
        assert_ne!(without_url, uid_host(None, "sqlite://other.db"), "two boards, two identities");
    }

    #[test]
    fn an_independent_parser_reads_what_we_write() {
        let text = event_calendar(&event(), &uid_host(Some("https://board.example.com/"), "sqlite://x.db"));
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

//! iCalendar (RFC 5545) for one event or the whole board (CONTRACT §4). Times are written in
//! UTC, which every calendar converts to its reader's zone; icalendar does folding and escaping.

use chrono::Utc;
use icalendar::{Calendar, Component, Event as Vevent, EventLike, EventStatus};
use stammtisch_model::{Board, Event};

/// A stable UID per event and board, so a re-import updates instead of duplicating.
fn uid(event: &Event, public_url: &str) -> String {
    let host = public_url.split("://").nth(1).unwrap_or(public_url).trim_end_matches('/');
    format!("{}@{host}", event.id)
}

fn location(event: &Event) -> Option<String> {
    let location = event.location.as_ref()?;
    let place: Vec<&str> =
        [&location.name, &location.address, &location.city].into_iter().flatten().map(String::as_str).collect();
    if place.is_empty() {
        location.online_url.clone()
    } else {
        Some(place.join(", "))
    }
}

fn vevent(event: &Event, public_url: &str) -> Vevent {
    let mut vevent = Vevent::new();
    vevent
        .uid(&uid(event, public_url))
        .summary(&event.title)
        .starts(event.starts_at.with_timezone(&Utc))
        .status(EventStatus::Confirmed);
    if let Some(end) = event.ends_at {
        vevent.ends(end.with_timezone(&Utc));
    }
    let description: Vec<&str> =
        [&event.summary, &event.description, &event.url].into_iter().flatten().map(String::as_str).collect();
    if !description.is_empty() {
        vevent.description(&description.join("\n\n"));
    }
    if let Some(place) = location(event) {
        vevent.location(&place);
    }
    if let Some(url) = event.url.as_deref().or(event.location.as_ref().and_then(|l| l.online_url.as_deref())) {
        vevent.add_property("URL", url);
    }
    if !event.tags.is_empty() {
        vevent.add_property("CATEGORIES", event.tags.join(","));
    }
    vevent.done()
}

/// One VEVENT in its own calendar.
pub fn event_calendar(event: &Event, public_url: &str) -> String {
    let mut calendar = Calendar::new();
    calendar.push(vevent(event, public_url));
    calendar.done().to_string()
}

/// Every given event, as a calendar people can subscribe to.
pub fn board_calendar(board: &Board, events: &[Event], public_url: &str) -> String {
    let mut calendar = Calendar::new();
    let name = if board.title.is_empty() { "Stammtisch" } else { board.title.as_str() };
    calendar.name(name).timezone(board.time_zone.as_str());
    for event in events {
        calendar.push(vevent(event, public_url));
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use stammtisch_model::{Kind, Location};

    fn event() -> Event {
        Event {
            id: "stammtisch".into(),
            title: "IT-Stammtisch; Hannover, mit Umlauten: Köln".into(),
            kind: Kind::Meetup,
            starts_at: "2026-12-03T19:00:00+01:00".parse().unwrap(),
            ends_at: Some("2026-12-03T22:00:00+01:00".parse().unwrap()),
            time_zone: "Europe/Berlin".into(),
            summary: Some("Kurz.".into()),
            description: Some(format!("Erste Zeile\nzweite Zeile {}", "lang ".repeat(40))),
            location: Some(Location {
                name: Some("Café am Kröpcke".into()),
                city: Some("Hannover".into()),
                ..Location::default()
            }),
            organizer: None,
            tags: vec!["SharePoint".into()],
            url: Some("https://example.com/x".into()),
            capacity: Some(40),
            rsvp: None,
        }
    }

    #[test]
    fn writes_utc_times_folds_long_lines_and_reads_back() {
        let text = event_calendar(&event(), "https://board.example.com");
        assert!(text.contains("DTSTART:20261203T180000Z"), "{text}");
        assert!(text.contains("DTEND:20261203T210000Z"));
        assert!(text.contains("UID:stammtisch@board.example.com"));
        assert!(text.lines().all(|line| line.len() <= 75), "lines are folded at 75 octets");
        assert!(text.contains("\r\n"));
        let parsed: Calendar = text.parse().expect("valid iCalendar");
        let parsed_event = parsed.events().next().expect("one VEVENT").clone();
        assert_eq!(parsed_event.get_summary(), Some("IT-Stammtisch; Hannover, mit Umlauten: Köln"));
        assert_eq!(parsed_event.get_location(), Some("Café am Kröpcke, Hannover"));
        assert!(parsed_event.get_description().unwrap().starts_with("Kurz.\n\nErste Zeile\nzweite Zeile"));
    }
}

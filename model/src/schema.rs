//! schema.org `Event` for search engines, the same from the board (its `jsonld` attribute)
//! and from the server's pages without scripts.

use serde_json::{json, Value};

use crate::Event;

/// One event as schema.org `Event`, with Google's required fields (`name`, `startDate`,
/// `location`) and the recommended ones the feed has. Online, hybrid and in-person events are
/// told apart by `eventAttendanceMode`. `page` is the event's own page, when there is one.
pub fn schema_event(event: &Event, page: Option<&str>) -> Value {
    let online_url = event.location.as_ref().and_then(|l| l.online_url.clone());
    let place = event.location.as_ref().filter(|_| !event.is_online_only()).map(|l| {
        json!({
            "@type": "Place",
            "name": l.name.clone().or(l.city.clone()).unwrap_or_default(),
            "address": { "@type": "PostalAddress", "streetAddress": l.address, "addressLocality": l.city },
        })
    });
    let virtual_place = || json!({ "@type": "VirtualLocation", "url": online_url.clone().or(event.url.clone()) });
    let (mode, location) = match (place, &online_url) {
        (Some(place), Some(_)) => ("Mixed", json!([place, virtual_place()])),
        (Some(place), None) => ("Offline", place),
        (None, _) => ("Online", virtual_place()),
    };
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.starts_at.to_rfc3339(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": format!("https://schema.org/{mode}EventAttendanceMode"),
        "location": location,
    });
    let object = value.as_object_mut().expect("an object");
    if let Some(end) = event.ends_at {
        object.insert("endDate".into(), end.to_rfc3339().into());
    }
    if let Some(description) = event.description.as_ref().or(event.summary.as_ref()) {
        object.insert("description".into(), description.clone().into());
    }
    if let Some(url) = page.map(str::to_owned).or(event.url.clone()) {
        object.insert("url".into(), url.into());
    }
    if let Some(organizer) = &event.organizer {
        object.insert(
            "organizer".into(),
            json!({ "@type": "Organization", "name": organizer.name, "url": organizer.url }),
        );
    }
    if let Some(seats) = event.rsvp.as_ref().and_then(|r| r.seats_left) {
        object.insert("remainingAttendeeCapacity".into(), seats.into());
    }
    value
}

/// JSON for a `<script type="application/ld+json">` block: `<` is escaped, so no text in an
/// event can close the block.
pub fn script_safe(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_feed;

    fn event(location: &str) -> Event {
        let feed = format!(
            r#"{{"events": [{{"id": "a", "title": "A </script>", "starts_at": "2030-12-01T19:00:00+01:00", "location": {location}}}]}}"#
        );
        parse_feed(&feed).unwrap().feed.events.remove(0)
    }

    #[test]
    fn online_hybrid_and_in_person_are_told_apart() {
        let mode = |location: &str| schema_event(&event(location), None)["eventAttendanceMode"].clone();
        assert_eq!(mode(r#"{"online_url": "https://meet.example/a"}"#), "https://schema.org/OnlineEventAttendanceMode");
        assert_eq!(mode(r#"{"city": "Hannover"}"#), "https://schema.org/OfflineEventAttendanceMode");
        assert_eq!(
            mode(r#"{"city": "Hannover", "online_url": "https://meet.example/a"}"#),
            "https://schema.org/MixedEventAttendanceMode"
        );
        let hybrid = schema_event(
            &event(r#"{"city": "Hannover", "online_url": "https://meet.example/a"}"#),
            Some("https://b/events/a"),
        );
        assert_eq!(hybrid["location"][1]["@type"], "VirtualLocation");
        assert_eq!(hybrid["url"], "https://b/events/a");
        assert!(!script_safe(&hybrid).contains("</script>"));
    }
}

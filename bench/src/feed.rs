//! Feeds of any size in the contract's format (§1), the same for the board and the vanilla page.

use chrono::{Duration, TimeZone, Utc};
use serde_json::{json, Value};

const TITLES: [&str; 8] = [
    "IT-Stammtisch",
    "Rotary-Lunch",
    "Partnertag Cloud",
    "Webinar: Microsoft 365 Sicherheit",
    "Lions-Club Abendessen",
    "Business-Frühstück",
    "Security Meetup",
    "Konferenz Digitale Verwaltung",
];
const KINDS: [&str; 8] =
    ["meetup", "service_club", "partner_day", "webinar", "service_club", "business_club", "meetup", "conference"];
const CITIES: [&str; 10] =
    ["Hannover", "Köln", "München", "Lübeck", "Düsseldorf", "Hamburg", "Bremen", "Göttingen", "Münster", "Kassel"];
const TAGS: [&str; 8] = ["SharePoint", "Security", "Cloud", "Netzwerk", "KI", "Backup", "Lizenzen", "Teams"];

/// `count` upcoming events, spread over the next year, a few a day.
pub fn feed(count: usize) -> Value {
    let first = Utc::now().date_naive() + Duration::days(1);
    let events: Vec<Value> = (0..count)
        .map(|n| {
            let day = first + Duration::days((n * 365 / count.max(1)) as i64);
            let hour = 8 + (n % 12) as u32;
            let start = Utc.from_utc_datetime(&day.and_hms_opt(hour, 30, 0).expect("valid time"));
            let city = CITIES[n % CITIES.len()];
            let online = n % 7 == 3;
            let taken = (n % 41) as u32;
            json!({
                "id": format!("e{n:05}"),
                "title": format!("{} {city} #{n}", TITLES[n % TITLES.len()]),
                "kind": KINDS[n % KINDS.len()],
                "starts_at": start.to_rfc3339(),
                "ends_at": (start + Duration::hours(2)).to_rfc3339(),
                "time_zone": "Europe/Berlin",
                "summary": "Austausch unter Partnern, kurze Vorträge und Zeit für Gespräche.",
                "location": if online {
                    json!({"online_url": "https://meet.example.com/stammtisch"})
                } else {
                    json!({"name": "Tagungshaus am Markt", "address": "Markt 1", "city": city})
                },
                "organizer": {"name": "Systemhaus Nord GmbH", "url": "https://example.com"},
                "tags": [TAGS[n % TAGS.len()], TAGS[(n / 3) % TAGS.len()]],
                "capacity": 40,
                "rsvp": {"open": true, "confirmed": taken, "waitlisted": 0, "seats_left": 40 - taken},
            })
        })
        .collect();
    json!({
        "version": 1,
        "board": {"title": "Partner-Community Nord", "time_zone": "Europe/Berlin", "locale": "de"},
        "generated_at": Utc::now().to_rfc3339(),
        "events": events,
    })
}

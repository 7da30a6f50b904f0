//! The JSON feed, version 1 (docs/API.md §1).

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::Question;

pub const FEED_VERSION: u32 = 1;
pub const DEFAULT_TIME_ZONE: &str = "Europe/Berlin";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feed {
    pub version: u32,
    pub board: Board,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::deserialize_utc"))]
    pub generated_at: DateTime<Utc>,
    pub events: Vec<Event>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    #[serde(default)]
    pub title: String,
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

impl Default for Board {
    fn default() -> Self {
        Board { title: String::new(), time_zone: default_time_zone(), locale: None }
    }
}

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.to_owned()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub kind: Kind,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::deserialize"))]
    pub starts_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::deserialize_option"))]
    pub ends_at: Option<DateTime<FixedOffset>>,
    /// IANA zone; empty in a feed means "the board's", which [`parse_feed`] fills in.
    #[serde(default)]
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizer: Option<Organizer>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Seats including guests; `None` is unlimited.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Present when RSVPs go through the backend; absent means read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsvp: Option<RsvpState>,
    /// The recurring meeting this event is one date of (an addition to docs/API.md §1; readers
    /// that do not know it ignore it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// The organizer's own questions on the RSVP form (CONTRACT §8).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

impl Event {
    /// The moment the event is over: its end, or its start when it has none.
    pub fn ends_or_starts_at(&self) -> DateTime<FixedOffset> {
        self.ends_at.unwrap_or(self.starts_at)
    }

    pub fn is_past(&self, now: DateTime<Utc>) -> bool {
        self.ends_or_starts_at() < now
    }

    /// "Café am Kröpcke, Hannover": name and city, as a card shows the place; `None` for an
    /// event that is online only.
    pub fn place_line(&self) -> Option<String> {
        let location = self.location.as_ref().filter(|_| !self.is_online_only())?;
        Some([location.name.as_deref(), location.city.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", "))
    }

    pub fn is_online_only(&self) -> bool {
        self.location.as_ref().is_none_or(|l| l.name.is_none() && l.city.is_none() && l.address.is_none())
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::Type))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "sqlx", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
pub enum Kind {
    Meetup,
    ServiceClub,
    BusinessClub,
    Webinar,
    PartnerDay,
    Conference,
    /// Also what an unknown kind reads as.
    #[default]
    #[serde(other)]
    Other,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Meetup,
        Kind::ServiceClub,
        Kind::BusinessClub,
        Kind::Webinar,
        Kind::PartnerDay,
        Kind::Conference,
        Kind::Other,
    ];

    /// The kind named `name`, if there is one (not "anything else is other": that is for feeds).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name.trim())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Meetup => "meetup",
            Kind::ServiceClub => "service_club",
            Kind::BusinessClub => "business_club",
            Kind::Webinar => "webinar",
            Kind::PartnerDay => "partner_day",
            Kind::Conference => "conference",
            Kind::Other => "other",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub online_url: Option<String>,
}

impl Location {
    /// "Café am Kröpcke, Kröpcke 1, Hannover": the parts that are given, or `None`.
    pub fn full_address(&self) -> Option<String> {
        let parts: Vec<&str> =
            [&self.name, &self.address, &self.city].into_iter().flatten().map(String::as_str).collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organizer {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// Live RSVP counts; they count seats, so a party of three takes three.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpState {
    pub open: bool,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::deserialize_option"))]
    pub closes_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub confirmed: u32,
    #[serde(default)]
    pub waitlisted: u32,
    /// `None` when capacity is unlimited.
    #[serde(default)]
    pub seats_left: Option<u32>,
    /// The form offers a checkbox for mail about future events.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mail_consent: bool,
    /// The organizer approves each RSVP (CONTRACT §8): a new one is `requested` and holds no
    /// seat until then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approval: bool,
}

/// `[a-z0-9][a-z0-9-]{0,63}`
pub fn is_valid_event_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
    matches!(bytes.first(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.len() <= 64
        && bytes.iter().all(allowed)
}

/// A feed as read by a board: the events that could be read, and how many could not.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedFeed {
    pub feed: Feed,
    pub skipped: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum FeedError {
    /// Not JSON, or not an object with an `events` list.
    Malformed(String),
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::Malformed(why) => write!(f, "the feed is not readable: {why}"),
        }
    }
}

impl std::error::Error for FeedError {}

/// A feed without its events, which are read one by one (`feed_of`): an event that cannot be
/// read is skipped, not the feed.
#[derive(Deserialize)]
pub struct FeedHead {
    #[serde(default)]
    pub board: Board,
    #[serde(default)]
    /// Only informative: the widget reads an unreadable one as missing rather than lose the feed.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::deserialize_utc_or_none"))]
    pub generated_at: Option<DateTime<Utc>>,
}

/// The server reads events as borrowed text. A `FeedHead` flattened in here would make serde buffer
/// the whole feed, so its two fields are repeated.
#[derive(Deserialize)]
struct RawFeed<'a> {
    #[serde(default)]
    board: Board,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::deserialize_utc_or_none"))]
    generated_at: Option<DateTime<Utc>>,
    /// Kept as text until each event is read on its own: a `Value` tree of thousands of
    /// events would take several times the feed's size in memory. Borrowed from the feed's
    /// text, not copied.
    #[serde(borrow)]
    events: Vec<&'a serde_json::value::RawValue>,
}

impl Event {
    /// Drops addresses that are not web pages (`javascript:`, `data:`, …): whatever reads a
    /// feed may turn the rest into links.
    pub fn keep_web_links_only(&mut self) {
        fn keep(url: &mut Option<String>) {
            *url = url.as_deref().and_then(crate::web_url).map(str::to_owned);
        }
        keep(&mut self.url);
        if let Some(location) = &mut self.location {
            keep(&mut location.online_url);
        }
        if let Some(organizer) = &mut self.organizer {
            keep(&mut organizer.url);
        }
    }
}

/// Reads a feed leniently: unknown fields are ignored, and an event that cannot be read is
/// skipped and counted instead of failing the whole board.
pub fn parse_feed(text: &str) -> Result<ParsedFeed, FeedError> {
    let raw: RawFeed = serde_json::from_str(text).map_err(|e| FeedError::Malformed(e.to_string()))?;
    let head = FeedHead { board: raw.board, generated_at: raw.generated_at };
    Ok(feed_of(head, raw.events.into_iter().map(|value| serde_json::from_str::<Event>(value.get()).ok())))
}

/// The feed of `head` and its events as read one by one (`None`: unreadable). An event that
/// cannot be read, or lacks an id or a title, is skipped and counted; the rest are sorted by
/// time. The widget reads the events with the browser's JSON parser, the server with serde_json.
pub fn feed_of(head: FeedHead, read: impl ExactSizeIterator<Item = Option<Event>>) -> ParsedFeed {
    let FeedHead { board, generated_at } = head;
    let mut skipped = 0;
    let mut events = Vec::with_capacity(read.len());
    for event in read {
        match event {
            Some(mut event) if is_valid_event_id(&event.id) && !event.title.trim().is_empty() => {
                event.keep_web_links_only();
                if event.time_zone.trim().is_empty() {
                    event.time_zone = board.time_zone.clone();
                }
                events.push(event);
            }
            _ => skipped += 1,
        }
    }
    events.sort_by_key(|e| e.starts_at);
    let generated_at = generated_at.unwrap_or(DateTime::UNIX_EPOCH);
    ParsedFeed { feed: Feed { version: FEED_VERSION, board, generated_at, events }, skipped }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT_EXAMPLE: &str = r#"{
      "version": 1,
      "board": { "title": "Partner-Community Nord", "time_zone": "Europe/Berlin", "locale": "de" },
      "generated_at": "2026-11-29T10:00:00Z",
      "events": [
        {
          "id": "it-stammtisch-hannover-2026-12",
          "title": "IT-Stammtisch Hannover",
          "kind": "meetup",
          "starts_at": "2026-12-03T19:00:00+01:00",
          "ends_at": "2026-12-03T22:00:00+01:00",
          "time_zone": "Europe/Berlin",
          "summary": "Plain text, one or two sentences.",
          "description": "Plain text.",
          "location": { "name": "Café am Kröpcke", "address": "Kröpcke 1", "city": "Hannover", "online_url": null },
          "organizer": { "name": "Systemhaus Nord GmbH", "url": "https://example.com" },
          "tags": ["SharePoint", "Office"],
          "url": "https://example.com/events/stammtisch",
          "capacity": 40,
          "rsvp": { "open": true, "closes_at": "2026-12-02T12:00:00+01:00",
                    "confirmed": 12, "waitlisted": 0, "seats_left": 28 }
        }
      ]
    }"#;

    #[test]
    fn reads_the_contract_example() {
        let parsed = parse_feed(CONTRACT_EXAMPLE).unwrap();
        assert_eq!(parsed.skipped, 0);
        let event = &parsed.feed.events[0];
        assert_eq!(event.kind, Kind::Meetup);
        assert_eq!(event.capacity, Some(40));
        assert_eq!(event.rsvp.as_ref().unwrap().seats_left, Some(28));
        assert_eq!(event.location.as_ref().unwrap().city.as_deref(), Some("Hannover"));
        assert_eq!(parsed.feed.board.title, "Partner-Community Nord");
    }

    #[test]
    fn unreadable_events_are_skipped_and_counted() {
        let text = r#"{"events": [
            {"id": "ok-1", "title": "Gut", "starts_at": "2026-12-03T19:00:00+01:00", "kind": "hackathon", "extra": 1},
            {"id": "Bad Id", "title": "x", "starts_at": "2026-12-03T19:00:00+01:00"},
            {"id": "no-start", "title": "x"},
            {"id": "no-title", "title": "  ", "starts_at": "2026-12-03T19:00:00+01:00"},
            "not an object"
        ]}"#;
        let parsed = parse_feed(text).unwrap();
        assert_eq!(parsed.skipped, 4);
        assert_eq!(parsed.feed.events.len(), 1);
        let event = &parsed.feed.events[0];
        assert_eq!(event.kind, Kind::Other, "an unknown kind reads as other");
        assert_eq!(event.time_zone, DEFAULT_TIME_ZONE, "the board's zone fills a missing one");
        assert!(event.rsvp.is_none());
    }

    #[test]
    fn a_feed_without_events_is_an_error() {
        assert!(parse_feed("{}").is_err());
        assert!(parse_feed("<html>").is_err());
    }

    #[test]
    fn events_come_sorted_by_start() {
        let text = r#"{"events": [
            {"id": "b", "title": "B", "starts_at": "2026-12-04T19:00:00+01:00"},
            {"id": "a", "title": "A", "starts_at": "2026-12-03T19:00:00Z"}
        ]}"#;
        let ids: Vec<_> = parse_feed(text).unwrap().feed.events.into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn event_ids_follow_the_contract_pattern() {
        assert!(is_valid_event_id("a"));
        assert!(is_valid_event_id("0-stammtisch-2026"));
        assert!(is_valid_event_id(&"a".repeat(64)));
        assert!(!is_valid_event_id(&"a".repeat(65)));
        assert!(!is_valid_event_id("-leading"));
        assert!(!is_valid_event_id(""));
        assert!(!is_valid_event_id("Upper"));
        assert!(!is_valid_event_id("ümlaut"));
    }

    #[test]
    fn serialized_feed_reads_back() {
        let parsed = parse_feed(CONTRACT_EXAMPLE).unwrap();
        let text = serde_json::to_string(&parsed.feed).unwrap();
        assert_eq!(parse_feed(&text).unwrap().feed, parsed.feed);
    }
}

//! What the organizer API answers, read leniently: a field the server does not send yet reads
//! as empty, so a newer console keeps working against an older server and the other way round.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use stammtisch_model::{Event, EventInput, Kind, RsvpStatus};

fn yes() -> bool {
    true
}

/// An event as the organizer API lists it: the feed's fields, RSVP settings and counts.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AdminEvent {
    #[serde(flatten)]
    pub event: Event,
    #[serde(default = "yes")]
    pub rsvp_enabled: bool,
    #[serde(default = "yes")]
    pub rsvp_open: bool,
    #[serde(default)]
    pub rsvp_closes_at: Option<DateTime<FixedOffset>>,
    /// Seats taken, guests included.
    #[serde(default)]
    pub confirmed: Option<u32>,
    #[serde(default)]
    pub waitlisted: Option<u32>,
    /// Seats held for RSVPs awaiting their confirmation (double opt-in): taken, not confirmed.
    #[serde(default)]
    pub pending: u32,
    /// The partner feed this event comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// When the partner removed it: hidden on the board, its RSVPs kept.
    #[serde(default, deserialize_with = "lenient_time")]
    pub removed_at_source: Option<DateTime<FixedOffset>>,
    /// When retention deletes the attendees' names and addresses; `None` keeps them.
    #[serde(default, deserialize_with = "lenient_time")]
    pub personal_data_deleted_after: Option<DateTime<FixedOffset>>,
}

impl AdminEvent {
    pub fn id(&self) -> &str {
        &self.event.id
    }

    pub fn confirmed(&self) -> u32 {
        self.confirmed.or(self.event.rsvp.as_ref().map(|r| r.confirmed)).unwrap_or(0)
    }

    pub fn waitlisted(&self) -> u32 {
        self.waitlisted.or(self.event.rsvp.as_ref().map(|r| r.waitlisted)).unwrap_or(0)
    }

    /// Over: ended, or started when it has no end.
    pub fn is_past(&self, now: DateTime<Utc>) -> bool {
        self.event.is_past(now)
    }

    /// Whether people can register right now: open, and neither past the deadline nor started.
    pub fn accepts_rsvps(&self) -> bool {
        self.rsvp_enabled && self.rsvp_open && self.event.rsvp.as_ref().is_none_or(|r| r.open)
    }

    /// The event as the organizer API takes it back: for changes of one setting that must
    /// keep every other field as it is.
    pub fn to_input(&self) -> EventInput {
        let e = &self.event;
        EventInput {
            id: e.id.clone(),
            title: e.title.clone(),
            kind: e.kind,
            starts_at: Some(e.starts_at),
            ends_at: e.ends_at,
            time_zone: Some(e.time_zone.clone()).filter(|z| !z.is_empty()),
            summary: e.summary.clone(),
            description: e.description.clone(),
            location: e.location.clone(),
            organizer: e.organizer.clone(),
            tags: e.tags.clone(),
            url: e.url.clone(),
            capacity: e.capacity,
            rsvp_enabled: self.rsvp_enabled,
            rsvp_open: self.rsvp_open,
            rsvp_closes_at: self.rsvp_closes_at,
        }
    }
}

/// Reads an optional RFC 3339 time; one the console cannot read counts as absent rather than
/// making the whole list unreadable.
fn lenient_time<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    let text = Option::<String>::deserialize(deserializer).unwrap_or_default();
    Ok(text.and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok()))
}

/// Reads an id the server may send as a number or as a string.
fn id_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    })
}

/// One RSVP in the attendee list.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Attendee {
    #[serde(deserialize_with = "id_text")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub guests: u32,
    #[serde(default)]
    pub note: Option<String>,
    /// Kept as text: a status this console does not know yet still shows.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub waitlist_position: Option<u32>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub created_at: Option<DateTime<FixedOffset>>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub cancelled_at: Option<DateTime<FixedOffset>>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub personal_data_deleted_at: Option<DateTime<FixedOffset>>,
}

impl Attendee {
    pub fn status(&self) -> Option<RsvpStatus> {
        serde_json::from_value(serde_json::Value::String(self.status.clone())).ok()
    }

    /// Still holds or waits for a seat, so it can be cancelled.
    pub fn is_live(&self) -> bool {
        matches!(self.status(), Some(RsvpStatus::Confirmed | RsvpStatus::Waitlisted | RsvpStatus::Pending))
    }

    /// Seats this party takes.
    pub fn seats(&self) -> u32 {
        1 + self.guests
    }
}

/// How events from a partner feed are offered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceMode {
    /// People register on this board.
    Rsvp,
    /// Listed read-only, with a link to the partner: the server's default too.
    #[default]
    ReadOnly,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SourceProblem {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub detail: String,
}

/// A partner feed the server reads regularly.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Source {
    pub id: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub default_kind: Option<Kind>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub refresh_minutes: Option<u32>,
    #[serde(default)]
    pub mode: SourceMode,
    #[serde(default, deserialize_with = "lenient_time")]
    pub last_checked_at: Option<DateTime<FixedOffset>>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub last_success_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub last_error: Option<SourceProblem>,
    #[serde(default)]
    pub events: u32,
    #[serde(default)]
    pub skipped: u32,
}

/// What `PUT /api/v1/admin/sources/{id}` takes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceInput {
    pub url: String,
    pub default_kind: Option<Kind>,
    pub tags: Vec<String>,
    pub refresh_minutes: u32,
    pub mode: SourceMode,
}

/// A series as listed: its definition as written, and its dates still to come.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SeriesEntry {
    pub id: String,
    #[serde(default)]
    pub definition: serde_json::Value,
    #[serde(default)]
    pub upcoming: Vec<String>,
}

/// The answer to writing or deleting a series.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SeriesWritten {
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub kept_with_rsvps: Vec<String>,
}

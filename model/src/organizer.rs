//! The organizer API's bodies (docs/API.md §3): what the server sends and the console reads,
//! one type each. Fields added later carry `#[serde(default)]`, so a console and a server of
//! neighbouring versions still read each other.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Answers, Event, EventInput, Kind, Repeat, RsvpStatus};

/// An event as the organizer API lists it: the feed's fields, RSVP settings and counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminEvent {
    #[serde(flatten)]
    pub event: Event,
    /// `false`: listed read-only, no RSVP through the board.
    pub rsvp_enabled: bool,
    pub rsvp_open: bool,
    #[serde(default)]
    pub rsvp_closes_at: Option<DateTime<FixedOffset>>,
    /// The form offers a checkbox for mail about future events.
    #[serde(default)]
    pub rsvp_mail_consent: bool,
    /// The organizer approves each RSVP.
    #[serde(default)]
    pub rsvp_approval: bool,
    /// Seats asked for by RSVPs that wait for the organizer's approval: not taken.
    #[serde(default)]
    pub requested: u32,
    /// Seats taken, guests included; also for events without RSVP through the board.
    pub confirmed: u32,
    pub waitlisted: u32,
    /// Seats held for RSVPs awaiting their confirmation (double opt-in): taken, not confirmed.
    #[serde(default)]
    pub pending: u32,
    /// The partner feed this event comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// When the partner feed stopped listing it: hidden on the board, its RSVPs kept.
    #[serde(default)]
    pub removed_at_source: Option<DateTime<FixedOffset>>,
    /// When retention deletes the attendees' names and addresses; `null` keeps them.
    #[serde(default)]
    pub personal_data_deleted_after: Option<DateTime<Utc>>,
}

impl AdminEvent {
    pub fn id(&self) -> &str {
        &self.event.id
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
            rsvp_mail_consent: self.rsvp_mail_consent,
            rsvp_approval: Some(self.rsvp_approval),
            rsvp: None,
            questions: e.questions.clone(),
        }
    }
}

/// `GET /api/v1/admin/events`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminEventList {
    pub events: Vec<AdminEvent>,
}

/// One RSVP as the organizer sees it, e-mail and note included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendee {
    pub id: i64,
    /// Empty once the personal data is deleted.
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub company: Option<String>,
    pub guests: u32,
    #[serde(default)]
    pub note: Option<String>,
    /// Answers to the event's questions, by question id.
    #[serde(default)]
    pub answers: Answers,
    /// When the attendee said yes to mail about future events.
    #[serde(default)]
    pub mail_consent_at: Option<DateTime<FixedOffset>>,
    /// When the attendee arrived (check-in at the door).
    #[serde(default)]
    pub checked_in_at: Option<DateTime<FixedOffset>>,
    pub status: RsvpStatus,
    /// 1-based place among the waiting parties.
    #[serde(default)]
    pub waitlist_position: Option<u32>,
    /// The language the attendee registered in: their mails' language.
    #[serde(default)]
    pub locale: String,
    pub created_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub cancelled_at: Option<DateTime<FixedOffset>>,
    /// When name, e-mail, company and note were deleted (retention, or the attendee's wish).
    #[serde(default)]
    pub personal_data_deleted_at: Option<DateTime<FixedOffset>>,
}

impl Attendee {
    /// Still holds or waits for a seat, so it can be cancelled.
    pub fn is_live(&self) -> bool {
        matches!(
            self.status,
            RsvpStatus::Confirmed | RsvpStatus::Waitlisted | RsvpStatus::Pending | RsvpStatus::Requested
        )
    }

    /// Seats this party takes.
    pub fn seats(&self) -> u32 {
        1 + self.guests
    }
}

/// `GET /api/v1/admin/events/{id}/rsvps`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendeeList {
    pub rsvps: Vec<Attendee>,
}

/// How the board offers a partner feed's events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "sqlx", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
pub enum SourceMode {
    /// Partners RSVP on this board.
    Rsvp,
    /// Listed read-only; the event's own link leads to the partner.
    #[default]
    ReadOnly,
}

/// How often a partner feed is read when its settings do not say.
pub const DEFAULT_REFRESH_MINUTES: u32 = 60;

fn default_refresh() -> u32 {
    DEFAULT_REFRESH_MINUTES
}

/// What `PUT /api/v1/admin/sources/{id}` takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceInput {
    /// A JSON feed of this contract or an `.ics` calendar, over http(s).
    #[serde(default)]
    pub url: String,
    /// For events that name no kind (calendar files never do).
    #[serde(default)]
    pub default_kind: Option<Kind>,
    /// Added to every event of the source.
    #[serde(default)]
    pub tags: Vec<String>,
    /// 5 to 10,080 (a week).
    #[serde(default = "default_refresh")]
    pub refresh_minutes: u32,
    #[serde(default)]
    pub mode: SourceMode,
}

/// Why a partner feed's last fetch failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceProblem {
    /// `http_status`, `timeout`, `too_large`, `unreadable` or `unreachable`.
    pub code: String,
    pub detail: String,
}

/// A partner feed with what its last refresh did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Source {
    pub id: String,
    pub url: String,
    #[serde(default)]
    pub default_kind: Option<Kind>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub refresh_minutes: u32,
    pub mode: SourceMode,
    #[serde(default)]
    pub last_checked_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub last_success_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub last_error: Option<SourceProblem>,
    /// Events the board lists from it now.
    #[serde(default)]
    pub events: u32,
    /// Events of the last good fetch that could not be taken (unreadable, breaking a rule, or
    /// an id the board uses for an event of its own).
    #[serde(default)]
    pub skipped: u32,
    /// Which of them and why, the first [`MAX_SKIPPED_LISTED`] (an addition to docs/API.md §8;
    /// older servers leave it out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_events: Vec<SkippedEvent>,
}

/// The most skipped events a source lists with their reasons; `skipped` counts them all.
pub const MAX_SKIPPED_LISTED: usize = 50;

/// An event of a partner feed that could not be taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkippedEvent {
    /// Its `UID` in a calendar file, its `id` in a Stammtisch feed.
    pub event: String,
    /// The line of a calendar file it starts on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Why, in English: "its time zone \"Mars/Olympus\" is unknown".
    pub why: String,
}

/// `GET /api/v1/admin/sources`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceList {
    pub sources: Vec<Source>,
}

/// A series as the organizer writes it (`PUT /api/v1/admin/series/{id}`); `event` holds what
/// every date shares, its `id`, `starts_at` and `ends_at` are set per date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesInput {
    pub repeat: Repeat,
    pub first_date: NaiveDate,
    /// The last date that may belong to it.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// At most this many dates.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub count: Option<usize>,
    /// Local time in the event's zone, e.g. "12:30" (seconds are read and dropped).
    #[serde(with = "clock_time")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12:30"))]
    pub time: NaiveTime,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// Dates the rule gives that do not take place.
    #[serde(default)]
    pub except: Vec<NaiveDate>,
    pub event: EventInput,
}

/// A series' time of day as organizers write it: "12:30".
mod clock_time {
    use chrono::{NaiveTime, Timelike};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &NaiveTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{:02}:{:02}", time.hour(), time.minute()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        let time: NaiveTime = text.trim().parse().map_err(serde::de::Error::custom)?;
        Ok(time.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(time))
    }
}

/// What writing or deleting a series did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesWritten {
    pub series: String,
    /// The dates' event ids, upcoming and stored.
    #[serde(default)]
    pub events: Vec<String>,
    /// Upcoming dates the rule no longer has but that keep their RSVPs.
    #[serde(default)]
    pub kept_with_rsvps: Vec<String>,
}

/// A series as listed: its definition as written, and its dates still to come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesEntry {
    pub id: String,
    pub definition: SeriesInput,
    /// Event ids of the dates still to come.
    #[serde(default)]
    pub upcoming: Vec<String>,
}

/// `GET /api/v1/admin/series`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesList {
    pub series: Vec<SeriesEntry>,
}

/// A mail as the organizer API lists it: never its text, which holds the attendee's links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailStatus {
    pub id: i64,
    pub event_id: String,
    /// `confirmed`, `waitlisted`, `please_confirm`, `promoted`, `changed`, `cancelled` or
    /// `link_again`.
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub created_at: DateTime<FixedOffset>,
    pub attempts: u32,
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub sent_at: Option<DateTime<FixedOffset>>,
    /// Given up: the mailbox refused it for good.
    #[serde(default)]
    pub failed_at: Option<DateTime<FixedOffset>>,
}

/// `GET /api/v1/admin/mails`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailList {
    pub mails: Vec<MailStatus>,
}

/// `GET /api/v1/admin/stats`: what the server holds open right now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    /// Live streams of boards open on this server.
    pub open_streams: u32,
}

//! What the store hands out and takes in, the same whichever database stands behind it.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use stammtisch_model::{Event, Kind, RsvpState, RsvpStatus};

/// An event as an organizer creates it. `event.rsvp` is ignored: counts come from RSVPs.
#[derive(Clone, Debug)]
pub struct NewEvent {
    pub event: Event,
    /// `false`: listed read-only, no RSVP through the board.
    pub rsvp_enabled: bool,
    pub rsvp_open: bool,
    pub rsvp_closes_at: Option<DateTime<FixedOffset>>,
}

/// An event with the organizer's RSVP settings, as the organizer API shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AdminEvent {
    #[serde(flatten)]
    pub event: Event,
    pub rsvp_enabled: bool,
    pub rsvp_open: bool,
    pub rsvp_closes_at: Option<DateTime<FixedOffset>>,
    /// Seats taken and waiting, also for events without RSVP through the board.
    pub confirmed: i64,
    pub waitlisted: i64,
    /// Seats held for RSVPs that wait for their confirmation (double opt-in): taken, not
    /// confirmed.
    pub pending: i64,
    /// The partner feed the event comes from.
    pub source: Option<String>,
    /// When the partner feed stopped listing it: hidden from the board, RSVPs kept.
    pub removed_at_source: Option<DateTime<FixedOffset>>,
    /// When retention deletes its attendees' personal data; `None` keeps it. Filled in by
    /// the organizer API, which knows the setting.
    pub personal_data_deleted_after: Option<DateTime<Utc>>,
}

/// Whether RSVPs are taken right now: open, before the deadline and before the start.
pub(crate) fn rsvp_is_open(
    open_flag: bool,
    closes_at: Option<DateTime<FixedOffset>>,
    starts_at: DateTime<FixedOffset>,
    now: DateTime<Utc>,
) -> bool {
    open_flag && closes_at.is_none_or(|c| now < c) && now < starts_at
}

/// Seat counts as the feed shows them; seats held for a confirmation are not left.
pub(crate) struct Seats {
    pub confirmed: i64,
    pub waitlisted: i64,
    pub pending: i64,
}

pub(crate) fn rsvp_state(
    capacity: Option<i64>,
    seats: Seats,
    open: bool,
    closes_at: Option<DateTime<FixedOffset>>,
) -> RsvpState {
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    RsvpState {
        open,
        closes_at,
        confirmed: count(seats.confirmed),
        waitlisted: count(seats.waitlisted),
        seats_left: capacity.map(|c| count((c - seats.confirmed - seats.pending).max(0))),
    }
}

/// One RSVP as the organizer sees it, e-mail and note included.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Attendee {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub guests: i64,
    pub note: Option<String>,
    pub status: RsvpStatus,
    /// Place on the waitlist, for waiting parties.
    pub waitlist_position: Option<i64>,
    pub locale: String,
    pub created_at: String,
    pub cancelled_at: Option<String>,
    /// When name, e-mail, company and note were deleted (retention, or the attendee's wish).
    pub personal_data_deleted_at: Option<String>,
}

/// One RSVP as its owner sees it on the cancel page.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RsvpView {
    pub event_id: String,
    pub event_title: String,
    pub starts_at: String,
    pub time_zone: String,
    pub location: Option<String>,
    pub name: String,
    pub guests: i64,
    pub status: RsvpStatus,
    pub locale: String,
    pub personal_data_deleted_at: Option<String>,
    /// Double opt-in: the RSVP waits for its owner to confirm it.
    pub awaiting_confirmation: bool,
}

impl RsvpView {
    pub fn starts_at(&self) -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(&self.starts_at).ok()
    }
}

/// What a confirmation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// Confirmed now: a held seat became the RSVP's, or its waitlist place counts.
    Now,
    /// Nothing to confirm (any more): confirmed before, or released after the hold.
    Before,
}

/// What a cancellation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cancelled {
    Now,
    /// It had been cancelled before: cancelling is idempotent.
    Before,
}

/// A mail due for delivery.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutgoingMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub calendar: Option<String>,
    pub created_at: String,
    pub attempts: i64,
}

/// A mail as the organizer API lists it: no bodies, which hold links.
#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow)]
pub struct MailStatus {
    pub id: i64,
    pub event_id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub created_at: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
    pub failed_at: Option<String>,
}

/// How the board treats a source's events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum SourceMode {
    /// Partners RSVP on this board.
    Rsvp,
    /// Listed without RSVP; the event's own link leads to the partner.
    ReadOnly,
}

/// A source as the organizer sets it up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceSettings {
    pub id: String,
    pub url: String,
    /// For events that name no kind (calendar files never do).
    pub default_kind: Option<Kind>,
    /// Added to every event of the source.
    pub tags: Vec<String>,
    pub refresh_minutes: u32,
    pub mode: SourceMode,
}

/// Why the last fetch failed, for the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceError {
    /// `http_status`, `timeout`, `too_large`, `unreadable` or `unreachable`.
    pub code: String,
    pub detail: String,
}

/// A source with what its last refresh did, as the organizer API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: String,
    pub url: String,
    pub default_kind: Option<Kind>,
    pub tags: Vec<String>,
    pub refresh_minutes: u32,
    pub mode: SourceMode,
    pub last_checked_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_error: Option<SourceError>,
    /// Events the board lists from it now.
    pub events: i64,
    /// Events of the last good fetch that could not be taken (unreadable, breaking a rule, or
    /// an id the board uses for an event of its own).
    pub skipped: i64,
    /// Conditional-request validators of the last good answer.
    #[serde(skip)]
    pub etag: Option<String>,
    #[serde(skip)]
    pub last_modified: Option<String>,
}

/// What one good fetch changed on the board.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub added: u32,
    pub updated: u32,
    /// Gone from the source: deleted, or hidden when someone had registered.
    pub removed: u32,
    /// Ids the board already uses for events of its own or of another source.
    pub conflicts: u32,
}

/// What became of a new RSVP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsvpOutcome {
    pub status: RsvpStatus,
    /// 1-based place among the waiting parties.
    pub waitlist_position: Option<u32>,
    /// The event's counts right after this RSVP.
    pub state: RsvpState,
}

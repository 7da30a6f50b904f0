//! What the store hands out and takes in, the same whichever database stands behind it.

use chrono::{DateTime, FixedOffset, Utc};
use stammtisch_model::{Attendee, Event, Kind, MailStatus, RsvpState, RsvpStatus, Source, SourceMode};

/// An event as an organizer creates it. `event.rsvp` is ignored: counts come from RSVPs.
#[derive(Clone, Debug)]
pub struct NewEvent {
    pub event: Event,
    /// `false`: listed read-only, no RSVP through the board.
    pub rsvp_enabled: bool,
    pub rsvp_open: bool,
    pub rsvp_closes_at: Option<DateTime<FixedOffset>>,
    /// The form offers a checkbox for mail about future events.
    pub rsvp_mail_consent: bool,
    /// The organizer approves each RSVP.
    pub rsvp_approval: bool,
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
    mail_consent: bool,
    approval: bool,
) -> RsvpState {
    RsvpState {
        open,
        closes_at,
        confirmed: count(seats.confirmed),
        waitlisted: count(seats.waitlisted),
        seats_left: capacity.map(|c| count((c - seats.confirmed - seats.pending).max(0))),
        mail_consent,
        approval,
    }
}

/// The columns of [`AttendeeRow`], read from `rsvps r`.
pub(crate) const ATTENDEE_COLUMNS: &str = "r.id, r.name, r.email, r.company, r.guests, r.note, r.answers,
    r.mail_consent_at,
    CASE WHEN r.status = 'requested' AND r.confirm_by_unix IS NOT NULL THEN 'pending' ELSE r.status END AS status,
    CASE WHEN r.status = 'waitlisted' THEN
        (SELECT COUNT(*) FROM rsvps w WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.id <= r.id)
    END AS waitlist_position,
    r.locale, r.created_at, r.cancelled_at, r.personal_data_deleted_at, r.checked_in_at";

/// One RSVP as the database holds it; [`Attendee`] is its wire shape.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AttendeeRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub guests: i64,
    pub note: Option<String>,
    /// JSON object by question id.
    pub answers: Option<String>,
    pub mail_consent_at: Option<String>,
    pub status: RsvpStatus,
    pub waitlist_position: Option<i64>,
    pub locale: String,
    pub created_at: String,
    pub cancelled_at: Option<String>,
    pub personal_data_deleted_at: Option<String>,
    pub checked_in_at: Option<String>,
}

impl From<AttendeeRow> for Attendee {
    fn from(row: AttendeeRow) -> Self {
        Attendee {
            id: row.id,
            name: row.name,
            email: row.email,
            company: row.company,
            guests: count(row.guests),
            note: row.note,
            // Written by this server from checked answers; unreadable reads as none.
            answers: row.answers.as_deref().and_then(|a| serde_json::from_str(a).ok()).unwrap_or_default(),
            mail_consent_at: row.mail_consent_at.as_deref().and_then(stored_time),
            checked_in_at: row.checked_in_at.as_deref().and_then(stored_time),
            status: row.status,
            waitlist_position: row.waitlist_position.map(count),
            locale: row.locale,
            // Written by this server; a row edited by hand into something else shows as 1970
            // rather than hiding the attendee.
            created_at: stored_time(&row.created_at).unwrap_or(DateTime::UNIX_EPOCH.fixed_offset()),
            cancelled_at: row.cancelled_at.as_deref().and_then(stored_time),
            personal_data_deleted_at: row.personal_data_deleted_at.as_deref().and_then(stored_time),
        }
    }
}

/// Times are stored as RFC 3339 text, written by this server: both databases, one format.
pub(crate) fn stored_time(text: &str) -> Option<DateTime<FixedOffset>> {
    super::parse_time(text).ok()
}

/// A count from the database, where every integer is 64 bits.
pub(crate) fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
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
    /// The address of the check-in QR code the mail shows, drawn when it is sent.
    pub check_in_url: Option<String>,
}

/// A mail's delivery as the database holds it; [`MailStatus`] is its wire shape.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MailRow {
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

impl From<MailRow> for MailStatus {
    fn from(row: MailRow) -> Self {
        MailStatus {
            id: row.id,
            event_id: row.event_id,
            kind: row.kind,
            recipient: row.recipient,
            subject: row.subject,
            created_at: stored_time(&row.created_at).unwrap_or(DateTime::UNIX_EPOCH.fixed_offset()),
            attempts: count(row.attempts),
            last_error: row.last_error,
            sent_at: row.sent_at.as_deref().and_then(stored_time),
            failed_at: row.failed_at.as_deref().and_then(stored_time),
        }
    }
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

/// A source with the validators of its last good answer, for the next conditional request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSource {
    pub source: Source,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What one good fetch changed on the board.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

/// What writing or deleting a series did to its dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeriesDates {
    /// The dates' event ids, as written.
    pub written: Vec<String>,
    /// Upcoming dates the series no longer has but that keep their RSVPs.
    pub kept_with_rsvps: Vec<String>,
}

/// A webhook delivery to be tried now, with its endpoint's address and secret.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueDelivery {
    pub seq: i64,
    /// The `Stammtisch-Delivery` header.
    pub id: String,
    pub event: String,
    pub body: String,
    pub attempts: i64,
    pub created_unix: i64,
    pub url: String,
    pub secret: String,
}

/// Rows still waiting in the outboxes, and partner feeds whose last read failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    pub mails: i64,
    pub deliveries: i64,
    pub failing_sources: i64,
}

/// The database pool of this server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

/// How often one action happened on one day, for one event or (`event_id` empty) the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReachCount {
    pub day: chrono::NaiveDate,
    pub event_id: String,
    /// `board_shown`, `details_opened`, `rsvp_started` or `rsvp_sent`.
    pub action: &'static str,
    pub count: i64,
}

impl ReachCount {
    pub const RSVP_SENT: &'static str = "rsvp_sent";

    /// The stored name as the one static name it stands for; `None` for a name this server
    /// does not know (a newer server's).
    pub fn action_name(stored: &str) -> Option<&'static str> {
        stammtisch_model::ReachAction::ALL
            .iter()
            .map(|action| action.as_str())
            .chain([Self::RSVP_SENT])
            .find(|name| *name == stored)
    }
}

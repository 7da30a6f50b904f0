//! Shapes of the public API's answers (docs/API.md §2 and §3).

use serde::{Deserialize, Serialize};

use crate::RsvpState;

/// What went wrong, in a word a program can act on; `message` says it to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not JSON, a value of the wrong type (`400`/`422`), or a rule broken (`422`, with `field`).
    InvalidInput,
    NotFound,
    RsvpClosed,
    AlreadyRegistered,
    PayloadTooLarge,
    /// Too many requests from one client; `Retry-After` says for how long.
    RateLimited,
    /// Organizer API: no admin token, a wrong one, or none configured.
    Unauthorized,
    /// Organizer API: the id is taken.
    AlreadyExists,
    /// Organizer API: the event has RSVPs; `?force=true` deletes them with it.
    HasRsvps,
    /// Organizer API: approve or decline an RSVP that does not await a decision (CONTRACT §8).
    NotRequested,
    /// Organizer API: check in an RSVP that has no seat (not confirmed).
    NotConfirmed,
    /// The server's own fault; the message holds no internals.
    Internal,
    /// The database cannot answer for a moment (`503` with `Retry-After`).
    Unavailable,
    /// A code this reader does not know yet (a newer server): still an error, with its message.
    #[serde(other)]
    Unknown,
}

/// `{"error": "<code>", "message": "<human text>", "field": "<name>"?}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: ErrorCode,
    /// In the language of the request's `Accept-Language` (German or English).
    pub message: String,
    /// The field at fault, e.g. `email` or `location.city`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "sqlx", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
pub enum RsvpStatus {
    Confirmed,
    Waitlisted,
    /// Double opt-in: waits for the attendee to confirm by mail.
    Pending,
    Cancelled,
    /// Approval (CONTRACT §8): waits for the organizer's decision and holds no seat.
    Requested,
    /// Approval: the organizer said no.
    Declined,
}

impl RsvpStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RsvpStatus::Confirmed => "confirmed",
            RsvpStatus::Waitlisted => "waitlisted",
            RsvpStatus::Pending => "pending",
            RsvpStatus::Cancelled => "cancelled",
            RsvpStatus::Requested => "requested",
            RsvpStatus::Declined => "declined",
        }
    }
}

/// The `201` answer to a new RSVP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpCreated {
    pub status: RsvpStatus,
    /// 1-based place among the waiting parties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<u32>,
    pub guests: u8,
    /// The attendee's own page: confirm, cancel, or delete the personal data.
    pub cancel_url: String,
    /// An addition to the contract's shape: the event's counts right after this RSVP, so a
    /// board can show the new seat count without fetching the whole feed again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsvp: Option<RsvpState>,
}

/// `{"status": "cancelled"}` or `{"status": "deleted"}`: what a cancel or delete did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Done {
    pub status: DoneStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DoneStatus {
    Cancelled,
    Deleted,
}

impl Done {
    pub const CANCELLED: Done = Done { status: DoneStatus::Cancelled };
    pub const DELETED: Done = Done { status: DoneStatus::Deleted };
}

/// What approving or declining an RSVP did: `confirmed` or `waitlisted` (with its place) by
/// the usual rules, or `declined`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub status: RsvpStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<u32>,
}

/// What a check-in did: when the attendee arrived, or `null` once taken back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    pub checked_in_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

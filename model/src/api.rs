//! Shapes of the RSVP API's answers (CONTRACT §2).

use serde::{Deserialize, Serialize};

use crate::RsvpState;

/// The error codes of the contract.
pub mod error_code {
    pub const INVALID_INPUT: &str = "invalid_input";
    pub const NOT_FOUND: &str = "not_found";
    pub const RSVP_CLOSED: &str = "rsvp_closed";
    pub const ALREADY_REGISTERED: &str = "already_registered";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const RATE_LIMITED: &str = "rate_limited";
    /// Not in the contract's list: organizer API only.
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const ALREADY_EXISTS: &str = "already_exists";
    pub const HAS_RSVPS: &str = "has_rsvps";
    /// Not in the contract's list: the server's own fault, with no internals in the message.
    pub const INTERNAL: &str = "internal";
    /// Not in the contract's list: the database cannot answer for a moment (`503` with
    /// `Retry-After`).
    pub const UNAVAILABLE: &str = "unavailable";
}

/// `{"error": "<code>", "message": "<human text>", "field": "<name>"?}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::Type))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "sqlx", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
pub enum RsvpStatus {
    Confirmed,
    Waitlisted,
    Pending,
    Cancelled,
}

/// The `201` answer to a new RSVP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RsvpCreated {
    pub status: RsvpStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<u32>,
    pub guests: u8,
    pub cancel_url: String,
    /// An addition to the contract's shape: the event's counts right after this RSVP, so a
    /// board can show the new seat count without fetching the whole feed again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsvp: Option<RsvpState>,
}

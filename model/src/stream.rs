//! The live stream's events (`GET /api/v1/feed/stream`, docs/API.md §1.3). Each is one
//! Server-Sent Event whose `event:` line is the name below and whose `data:` is the type's JSON.

use serde::{Deserialize, Serialize};

use crate::RsvpState;

/// First on every stream: its `id:` is the newest event id, so a reader that sees nothing
/// else before it reconnects still asks for exactly what it missed.
pub const HELLO: &str = "hello";
/// One event's seat counts changed: [`SeatsChanged`].
pub const SEATS: &str = "seats";
/// Events were added, changed or removed: fetch the feed again ([`FeedChanged`]).
pub const FEED: &str = "feed";

/// `hello`'s data: `{}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hello {}

/// `seats`' data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatsChanged {
    pub id: String,
    pub confirmed: u32,
    pub waitlisted: u32,
    /// `null` when capacity is unlimited.
    pub seats_left: Option<u32>,
    pub open: bool,
}

impl SeatsChanged {
    pub fn new(id: String, state: &RsvpState) -> Self {
        SeatsChanged {
            id,
            confirmed: state.confirmed,
            waitlisted: state.waitlisted,
            seats_left: state.seats_left,
            open: state.open,
        }
    }

    /// The counts as the feed holds them, with the deadline and settings the reader knows
    /// (`seats` carries only counts).
    pub fn state(&self, known: Option<&RsvpState>) -> RsvpState {
        RsvpState {
            open: self.open,
            closes_at: known.and_then(|k| k.closes_at),
            confirmed: self.confirmed,
            waitlisted: self.waitlisted,
            seats_left: self.seats_left,
            mail_consent: known.is_some_and(|k| k.mail_consent),
            approval: known.is_some_and(|k| k.approval),
        }
    }
}

/// `feed`'s data: the feed's new `ETag`, or `null` when the server does not know it (the
/// reader fell behind).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedChanged {
    pub etag: Option<String>,
}

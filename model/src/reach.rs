//! Reach without cookies (docs/API.md §3.8): what a board tells its server when it is shown,
//! when a card is opened and when a form is begun, and the daily counts the organizer reads.
//! Nothing here names a visitor: a beacon carries an action and an event id, no more.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a board reports. RSVPs sent are not reported: the server counts them from the RSVPs
/// themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReachAction {
    /// A board showed its events (once per board on a page view; no event id).
    BoardShown,
    /// A card was opened to its details (once per card on a page view).
    DetailsOpened,
    /// Somebody began to fill in an RSVP form (once per form on a page view).
    RsvpStarted,
}

impl ReachAction {
    pub const ALL: [ReachAction; 3] = [ReachAction::BoardShown, ReachAction::DetailsOpened, ReachAction::RsvpStarted];

    pub fn as_str(self) -> &'static str {
        match self {
            ReachAction::BoardShown => "board_shown",
            ReachAction::DetailsOpened => "details_opened",
            ReachAction::RsvpStarted => "rsvp_started",
        }
    }

    /// Whether the action concerns one event (and so needs its id).
    pub fn needs_event(self) -> bool {
        !matches!(self, ReachAction::BoardShown)
    }
}

/// `POST /api/v1/reach`: `{"action": "details_opened", "event": "<id>"}`. Sent with
/// `navigator.sendBeacon`, so it may come as `text/plain`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReachBeacon {
    pub action: ReachAction,
    /// The event's id; required for `details_opened` and `rsvp_started`, absent for
    /// `board_shown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

/// The counts of one day, in the board's time zone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReachCounts {
    /// Boards shown that day: the whole board's, since every upcoming event is on it.
    pub board_shown: i64,
    /// This event's card opened to its details.
    pub details_opened: i64,
    /// This event's RSVP form begun.
    pub rsvp_started: i64,
    /// RSVPs for this event the server took (board, page without scripts or API).
    pub rsvp_sent: i64,
}

impl ReachCounts {
    pub fn add(&mut self, other: &ReachCounts) {
        self.board_shown += other.board_shown;
        self.details_opened += other.details_opened;
        self.rsvp_started += other.rsvp_started;
        self.rsvp_sent += other.rsvp_sent;
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReachDay {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    #[serde(flatten)]
    pub counts: ReachCounts,
}

/// `GET /api/v1/admin/events/{id}/reach`: one entry per day, oldest first, days without
/// counts included as zeros, ending today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventReach {
    pub event: String,
    /// The zone the days are counted in: the board's.
    pub time_zone: String,
    pub days: Vec<ReachDay>,
    pub totals: ReachCounts,
}

/// Days listed when the request names none, and at most.
pub const REACH_DEFAULT_DAYS: u32 = 30;
pub const REACH_MAX_DAYS: u32 = 366;

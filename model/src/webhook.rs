//! Webhooks (CONTRACT §8): the changes a receiver can follow, and the organizer API's bodies
//! for endpoints and their deliveries. The rules are here so that the console checks a form
//! with the same ones the server applies.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::event_input::EventFieldError;
use crate::feed::is_valid_event_id;
use crate::links::web_url;
use crate::rsvp::Problem;
use crate::{Attendee, Event, MAX_URL};

/// What happened, as the `Stammtisch-Event` header and the body's `event` name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HookEvent {
    /// A new RSVP, whatever its status (`confirmed`, `waitlisted`, `pending`).
    #[serde(rename = "rsvp.created")]
    RsvpCreated,
    /// Its owner confirmed the address with the link in the mail (double opt-in).
    #[serde(rename = "rsvp.confirmed")]
    RsvpConfirmed,
    /// Cancelled by its owner or the organizer, or released because it was not confirmed.
    #[serde(rename = "rsvp.cancelled")]
    RsvpCancelled,
    /// Moved up from the waitlist to a seat.
    #[serde(rename = "rsvp.promoted")]
    RsvpPromoted,
    /// An event was added, changed or removed.
    #[serde(rename = "event.changed")]
    EventChanged,
}

impl HookEvent {
    pub const ALL: [HookEvent; 5] = [
        HookEvent::RsvpCreated,
        HookEvent::RsvpConfirmed,
        HookEvent::RsvpCancelled,
        HookEvent::RsvpPromoted,
        HookEvent::EventChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HookEvent::RsvpCreated => "rsvp.created",
            HookEvent::RsvpConfirmed => "rsvp.confirmed",
            HookEvent::RsvpCancelled => "rsvp.cancelled",
            HookEvent::RsvpPromoted => "rsvp.promoted",
            HookEvent::EventChanged => "event.changed",
        }
    }

    pub fn from_name(name: &str) -> Option<HookEvent> {
        HookEvent::ALL.into_iter().find(|event| event.as_str() == name)
    }
}

/// The longest id of an endpoint, e.g. `crm` or `n8n-leads`.
pub const MAX_WEBHOOK_ID: usize = 32;
/// A secret shorter than this is guessable; receivers' frameworks generate 32 bytes.
pub const MIN_WEBHOOK_SECRET: usize = 16;
pub const MAX_WEBHOOK_SECRET: usize = 200;
/// Endpoints per board: each change is delivered to every one of them.
pub const MAX_WEBHOOKS: usize = 20;

/// What `PUT /api/v1/admin/webhooks/{id}` takes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookInput {
    /// Where deliveries are posted, over http(s).
    #[serde(default)]
    pub url: String,
    /// The changes to deliver, at least one. Names outside [`HookEvent`] are refused.
    #[serde(default)]
    pub events: Vec<String>,
    /// The key of the signature, 16 to 200 characters. Left out on a new endpoint, the server
    /// makes one and shows it once in its answer; left out on a change, the old one stays.
    #[serde(default)]
    pub secret: Option<String>,
}

impl WebhookInput {
    /// The first rule the endpoint `id` with this input breaks, by field.
    pub fn check(&self, id: &str) -> Result<Vec<HookEvent>, EventFieldError> {
        let fail = |field, problem| Err(EventFieldError { field, problem });
        if id.is_empty() {
            return fail("id", Problem::Required);
        }
        if id.len() > MAX_WEBHOOK_ID {
            return fail("id", Problem::TooLong { max: MAX_WEBHOOK_ID });
        }
        if !is_valid_event_id(id) {
            return fail("id", Problem::InvalidId);
        }
        let url = self.url.trim();
        if url.is_empty() {
            return fail("url", Problem::Required);
        }
        if url.len() > MAX_URL {
            return fail("url", Problem::TooLong { max: MAX_URL });
        }
        if web_url(url).is_none() {
            return fail("url", Problem::NotAUrl);
        }
        let mut events = Vec::new();
        for name in &self.events {
            let Some(event) = HookEvent::from_name(name.trim()) else { return fail("events", Problem::UnknownEvent) };
            if !events.contains(&event) {
                events.push(event);
            }
        }
        if events.is_empty() {
            return fail("events", Problem::Required);
        }
        if let Some(secret) = &self.secret {
            let length = secret.chars().count();
            if length < MIN_WEBHOOK_SECRET {
                return fail("secret", Problem::TooShort { min: MIN_WEBHOOK_SECRET });
            }
            if length > MAX_WEBHOOK_SECRET {
                return fail("secret", Problem::TooLong { max: MAX_WEBHOOK_SECRET });
            }
            if secret.chars().any(|c| c.is_control() || c.is_whitespace()) {
                return fail("secret", Problem::NotOneLine);
            }
        }
        Ok(events)
    }
}

/// An endpoint as the organizer API lists it: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub events: Vec<HookEvent>,
    /// The secret's last four characters, to tell which one a receiver has.
    pub secret_hint: String,
    /// Only in the answer that made the secret (a new endpoint without one): shown once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
    /// Deliveries still to be made (new or retrying).
    #[serde(default)]
    pub waiting: u32,
    /// Deliveries given up after the last try (see `GET …/deliveries`).
    #[serde(default)]
    pub failed: u32,
    #[serde(default)]
    pub last_delivered_at: Option<DateTime<FixedOffset>>,
}

/// `GET /api/v1/admin/webhooks`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookList {
    pub webhooks: Vec<Webhook>,
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not tried yet, or tried and waiting for its next try.
    Waiting,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up after retries for [`DELIVERY_GIVE_UP_HOURS`]; it can be sent again.
    Failed,
}

/// How long a failing delivery is retried before it is given up.
pub const DELIVERY_GIVE_UP_HOURS: i64 = 72;

/// One delivery of one change to one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// The `Stammtisch-Delivery` header: the same on every try, so a receiver can drop repeats.
    pub id: String,
    pub event: HookEvent,
    /// The event the change concerns.
    pub event_id: String,
    pub state: DeliveryState,
    pub created_at: DateTime<FixedOffset>,
    pub attempts: u32,
    /// The receiver's last HTTP status, if it answered.
    #[serde(default)]
    pub last_status: Option<u16>,
    /// Why the last try failed, in English: "connection refused", "answered 500: …".
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub delivered_at: Option<DateTime<FixedOffset>>,
    /// When a waiting delivery is tried next.
    #[serde(default)]
    pub next_attempt_at: Option<DateTime<FixedOffset>>,
}

/// `GET /api/v1/admin/webhooks/{id}/deliveries`: the most recent first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryList {
    pub deliveries: Vec<WebhookDelivery>,
}

/// The most deliveries an endpoint lists.
pub const MAX_DELIVERIES_LISTED: usize = 100;

/// The JSON body of every delivery: what happened, when, and to what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HookBody {
    /// The same as the `Stammtisch-Delivery` header.
    pub delivery: String,
    pub event: HookEvent,
    pub occurred_at: DateTime<FixedOffset>,
    pub data: HookData,
}

/// `rsvp.*` changes carry the RSVP, `event.changed` the event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum HookData {
    Rsvp(RsvpHookData),
    Event(EventHookData),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpHookData {
    pub event: EventRef,
    /// As the attendee list shows it after the change: e-mail, company and note included.
    pub rsvp: Attendee,
}

/// Which event an RSVP is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRef {
    pub id: String,
    pub title: String,
    pub starts_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub ends_at: Option<DateTime<FixedOffset>>,
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventHookData {
    pub change: EventChange,
    pub event_id: String,
    /// The event as the feed shows it after the change; `null` when it was removed.
    #[serde(default)]
    pub event: Option<Event>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventChange {
    Created,
    Updated,
    Deleted,
}
